import { ApplicationFailure } from '@temporalio/common';
import { latestFlowVersion } from '../db/flow-versions';
import type { PrismaClient } from '../db/prisma';
import type { Prisma } from '../generated/prisma/client';

/** The latest deployed version of a flow, its document still to be checked by the caller. */
export interface LoadedFlowVersion {
  version: number;
  definition: Prisma.JsonValue;
}

/**
 * Reads the latest deployed version of the flow `name`, for a `subflow` step (workflow code
 * cannot read the database); fails non-retryably with `FlowNotFound` when none is deployed.
 */
export function loadFlowVersionActivity(deps: { prisma: PrismaClient }) {
  return async function loadFlowVersion(input: { name: string }): Promise<LoadedFlowVersion> {
    const row = await latestFlowVersion(deps.prisma, input.name);
    if (!row) {
      throw ApplicationFailure.nonRetryable(
        `no flow named "${input.name}" is deployed`,
        'FlowNotFound',
      );
    }
    return { version: row.version, definition: row.definition };
  };
}
