import type { Prisma } from '../generated/prisma/client';

/** A JSON column read back as an object; anything else (null, arrays) as an empty one. */
export function jsonObject(value: Prisma.JsonValue): Prisma.InputJsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return value;
}
