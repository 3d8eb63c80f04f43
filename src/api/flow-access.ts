import type { PrismaClient } from '../db/prisma';
import type { Principal } from '../auth/principal';
import { hasRole, UserRole } from '../auth/roles';
import { ApiError } from './errors';

/**
 * Refuses (403 `forbidden`) a principal who may not change the flow `name` (deploy a version,
 * manage its schedule): admins may change any flow, authors a new flow and the flows they
 * created, members none.
 */
export async function assertMayManageFlow(
  prisma: PrismaClient,
  principal: Principal,
  name: string,
): Promise<void> {
  if (hasRole(principal.role, UserRole.admin)) return;
  if (!hasRole(principal.role, UserRole.author)) {
    throw new ApiError('forbidden', 'Changing flows needs the author role');
  }
  const flow = await prisma.flowDefinition.findUnique({
    where: { name },
    select: { createdBy: true },
  });
  if (flow && flow.createdBy !== principal.email) {
    throw new ApiError(
      'forbidden',
      `Flow "${name}" was created by ${flow.createdBy ?? 'someone else'}: only they or an admin may change it`,
    );
  }
}
