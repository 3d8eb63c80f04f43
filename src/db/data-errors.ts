// SQLSTATE class 22, "data exception": 22021 invalid byte sequence (a NUL in text), 22P05
// untranslatable character (a NUL in JSON), 22P02 invalid input (a lone surrogate in JSON),
// 22001 string too long, 22003 number out of range…
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

// Prisma's codes for the same: value too long, invalid value, failed validation, out of range.
const PRISMA_DATA_ERRORS = new Set(['P2000', 'P2006', 'P2007', 'P2020']);

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/**
 * Why the database refused a value in `err`, or undefined when `err` is something else. Prisma
 * over `@prisma/adapter-pg` reports PostgreSQL's error as `meta.driverAdapterError.cause`; `pg`
 * itself as the error or its `cause`.
 */
export function dataErrorReason(err: unknown): string | undefined {
  const adapterCause = field(field(field(err, 'meta'), 'driverAdapterError'), 'cause');
  for (const candidate of [adapterCause, err, field(err, 'cause')]) {
    const code = text(field(candidate, 'originalCode')) ?? text(field(candidate, 'code'));
    if (code !== undefined && DATA_EXCEPTION.test(code)) {
      const message =
        text(field(candidate, 'originalMessage')) ?? text(field(candidate, 'message'));
      return `${message ?? 'data exception'} (SQLSTATE ${code})`;
    }
  }
  const prismaCode = text(field(err, 'code'));
  if (prismaCode !== undefined && PRISMA_DATA_ERRORS.has(prismaCode)) {
    const lines = (text(field(err, 'message')) ?? '').trim().split('\n');
    return `${lines[lines.length - 1] ?? 'invalid value'} (Prisma ${prismaCode})`;
  }
  return undefined;
}
