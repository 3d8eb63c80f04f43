import type { PrismaClient } from '../db/prisma';
import type { Clock } from './clock';
import { createWorkItemActivity } from './work-items';

export type { CreateWorkItemInput, WorkItemRef } from './work-items';

/** Plainflow's activities, bound to their dependencies. */
export function createActivities(deps: { prisma: PrismaClient; clock: Clock }) {
  return {
    createWorkItem: createWorkItemActivity(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
