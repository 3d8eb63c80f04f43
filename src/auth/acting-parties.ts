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
  const [parties, workItem] = await Promise.all([
    groupsOf(prisma, email),
    prisma.workItem.findUnique({ where: { workflowId }, select: { requester: true } }),
  ]);
  if (workItem) {
    const requester = await prisma.directoryPerson.findUnique({
      where: { email: workItem.requester },
    });
    if (requester?.manager === email) parties.push('manager');
  }
  return parties.sort();
}

/** The `role:` and `team:` tokens of the directory groups `email` belongs to, sorted. */
export async function groupsOf(prisma: PrismaClient, email: string): Promise<string[]> {
  const memberships = await prisma.directoryMember.findMany({
    where: { email },
    include: { group: { select: { kind: true, name: true } } },
  });
  return memberships.map((m) => `${m.group.kind}:${m.group.name}`).sort();
}
