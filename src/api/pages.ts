import { z } from 'zod';
import { ApiError } from './errors';

/** The most items one page of any list holds, and how many it holds unless asked. */
export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 25;

/** `limit`: the page size, 1 to {@link MAX_PAGE}. */
export const Limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE)
  .default(DEFAULT_PAGE)
  .describe(`items per page, 1 to ${MAX_PAGE} (default ${DEFAULT_PAGE})`);

/** Where a page of a list sorted by time ends: the last item's time and id. */
export interface Position {
  at: Date;
  id: string;
}

/** The cursor of a list sorted by time: the last item's time and (uuid) id. */
export const TimeCursor = z
  .strictObject({ at: z.iso.datetime(), id: z.uuid() })
  .transform(({ at, id }): Position => ({ at: new Date(at), id }));

/** `cursor`: an opaque token from the previous page's `nextCursor`. */
export const CursorParam = z
  .string()
  .min(1)
  .max(600)
  .describe("the previous page's nextCursor")
  .optional();

/** The query of a list with nothing to filter: a page at a time. */
export const PageQuery = z.strictObject({ limit: Limit, cursor: CursorParam });

/** The cursor of a list sorted by a unique name (an email, a group name, a party). */
export const NameCursor = z.string().min(1).max(400);

/** `nextCursor`: where the next page starts; null on the last page. */
export const NextCursor = z
  .string()
  .nullable()
  .describe('pass as `cursor` for the next page; null at the end');

/** The opaque cursor of a position (a JSON value): base64url of its JSON. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor names, or a 400 `invalid_query` when it is not one of ours. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const position = schema.safeParse(parsed);
  if (!position.success) {
    throw new ApiError('invalid_query', 'The cursor is not one this API gave out', [
      { path: 'cursor', message: 'use the nextCursor of the previous page as it is' },
    ]);
  }
  return position.data;
}

/** A page of `items` fetched one longer than `limit`: the items and the cursor of the next page. */
export function pageOf<T>(
  rows: T[],
  limit: number,
  positionOf: (row: T) => unknown,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null,
  };
}
