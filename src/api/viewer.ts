import type { Prisma } from '../generated/prisma/client';
import type { PrismaClient } from '../db/prisma';
import { groupsOf } from '../auth/acting-parties';
import type { Principal } from '../auth/principal';
import { hasRole, UserRole } from '../auth/roles';
import { ApiError } from './errors';

/** The signed-in person as lists see them: the one input that decides what they are shown. */
export interface Viewer {
  email: string;
  role: UserRole;
  /** `person:<email>` and a `role:` / `team:` token per directory group they belong to. */
  tokens: string[];
  /** The people whose manager they are, per the directory. */
  reports: string[];
}

/** The viewer of `principal`, from the directory now. */
export async function viewerOf(prisma: PrismaClient, principal: Principal): Promise<Viewer> {
  const [groups, reports] = await Promise.all([
    groupsOf(prisma, principal.email),
    prisma.directoryPerson.findMany({
      where: { manager: principal.email },
      select: { email: true },
    }),
  ]);
  return {
    email: principal.email,
    role: principal.role,
    tokens: [`person:${principal.email}`, ...groups],
    reports: reports.map((r) => r.email),
  };
}

/**
 * The runs `viewer` may read: an admin every run; anyone else the runs they requested, hold, or
 * that wait or waited on them (a task of theirs, directly, through a group or as a manager, or
 * one they decided), and an author also the runs of the flows they created.
 */
export function readableRuns(viewer: Viewer): Prisma.WorkItemWhereInput {
  if (hasRole(viewer.role, UserRole.admin)) return {};
  const involved: Prisma.WorkItemWhereInput[] = [
    { requester: viewer.email },
    { holder: { in: viewer.tokens } },
    { tasks: { some: { assignee: { in: viewer.tokens } } } },
    { tasks: { some: { decidedBy: viewer.email } } },
  ];
  if (viewer.reports.length > 0) involved.push({ requester: { in: viewer.reports } });
  if (hasRole(viewer.role, UserRole.author)) {
    involved.push({ flowVersion: { flow: { createdBy: viewer.email } } });
  }
  return { OR: involved };
}

/** Refuses (404 `run_not_found`, as if absent) a run `viewer` may not read; its work item id otherwise. */
export async function assertMayReadRun(
  prisma: PrismaClient,
  viewer: Viewer,
  workflowId: string,
): Promise<{ id: string }> {
  const item = await prisma.workItem.findFirst({
    where: { AND: [{ workflowId }, readableRuns(viewer)] },
    select: { id: true },
  });
  if (!item) throw new ApiError('run_not_found', `No run with id "${workflowId}" that you may see`);
  return item;
}

/**
 * Refuses (404) a run whose work item `principal` may not read. A run whose work item does not
 * exist yet (it is starting) is let through: until then the run holds nothing of anyone's work.
 */
export async function assertMayReadStartedRun(
  prisma: PrismaClient,
  principal: Principal,
  workflowId: string,
): Promise<void> {
  if (hasRole(principal.role, UserRole.admin)) return;
  const exists = await prisma.workItem.findUnique({ where: { workflowId }, select: { id: true } });
  if (exists) await assertMayReadRun(prisma, await viewerOf(prisma, principal), workflowId);
}
