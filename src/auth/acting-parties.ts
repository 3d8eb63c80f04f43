import type { PrismaClient } from '../db/prisma';

/**
 * The parties `email` holds now on the run `workflowId`, from the directory: a `role:` or
 * `team:` token per group they belong to, and `manager` when they manage the run's requester.
 */
export async function actingParties(
  prisma: PrismaClient,
  email: string,
  workflowId: string,
): Promise<string[]> {
  const [memberships, workItem] = await Promise.all([
    prisma.directoryMember.findMany({
      where: { email },
      include: { group: { select: { kind: true, name: true } } },
    }),
    prisma.workItem.findUnique({ where: { workflowId }, select: { requester: true } }),
  ]);
  const parties = memberships.map((m) => `${m.group.kind}:${m.group.name}`);
  if (workItem) {
    const requester = await prisma.directoryPerson.findUnique({
      where: { email: workItem.requester },
    });
    if (requester?.manager === email) parties.push('manager');
  }
  return parties.sort();
}
