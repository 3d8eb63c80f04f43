import { z } from 'zod';

/** What a user may do: members start runs and act on their own work, authors also deploy flows, admins everything. */
export const UserRole = { member: 'member', author: 'author', admin: 'admin' } as const;
export type UserRole = (typeof UserRole)[keyof typeof UserRole];

/** A role as requests and the `users` table carry it. */
export const UserRoleName = z.enum([UserRole.member, UserRole.author, UserRole.admin]);

const rank: Record<UserRole, number> = { member: 0, author: 1, admin: 2 };

/** Whether `role` includes everything `needed` may do (admin ⊇ author ⊇ member). */
export function hasRole(role: UserRole, needed: UserRole): boolean {
  return rank[role] >= rank[needed];
}
