import { Client } from 'pg';
import type { SchemaShape } from './schema-shape';

const deleteAction: Record<string, string> = {
  a: 'NoAction',
  r: 'Restrict',
  c: 'Cascade',
  n: 'SetNull',
  d: 'SetDefault',
};

/** The shape of the `public` schema as PostgreSQL's catalog sees it (Prisma's bookkeeping aside). */
export async function actualSchema(databaseUrl: string): Promise<SchemaShape> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = await client.query<{
      table: string;
      column: string;
      type: string;
      notnull: boolean;
      hasdefault: boolean;
    }>(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
             a.attnotnull AS notnull, a.atthasdef AS hasdefault
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations'`);
    const tables: SchemaShape['tables'] = {};
    for (const row of columns.rows) {
      tables[row.table] ??= {};
      tables[row.table]![row.column] = {
        type: row.type.replace(/^"(.*)"$/, '$1'),
        nullable: !row.notnull,
        hasDefault: row.hasdefault,
      };
    }

    const indexes = await client.query<{ line: string }>(`
      SELECT t.relname || ' ' ||
             CASE WHEN ix.indisprimary THEN 'primary' WHEN ix.indisunique THEN 'unique' ELSE 'index' END ||
             ' (' || string_agg(a.attname, ', ' ORDER BY k.ord) || ') ' || i.relname AS line
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
      GROUP BY t.relname, i.relname, ix.indisprimary, ix.indisunique`);

    const foreignKeys = await client.query<{
      table: string;
      cols: string;
      target: string;
      target_cols: string;
      del: string;
      upd: string;
      name: string;
    }>(`
      SELECT t.relname AS table, ft.relname AS target, con.conname AS name,
             con.confdeltype AS del, con.confupdtype AS upd,
             (SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(n, ord)
                JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS cols,
             (SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(n, ord)
                JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS target_cols
      FROM pg_constraint con
      JOIN pg_class t ON t.oid = con.conrelid
      JOIN pg_class ft ON ft.oid = con.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE con.contype = 'f' AND n.nspname = 'public'`);

    const enums = await client.query<{ name: string; value: string }>(`
      SELECT t.typname AS name, e.enumlabel AS value
      FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
      JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder`);
    const enumValues: Record<string, string[]> = {};
    for (const row of enums.rows) (enumValues[row.name] ??= []).push(row.value);

    return {
      tables,
      indexes: indexes.rows.map((r) => r.line).sort(),
      foreignKeys: foreignKeys.rows
        .map(
          (fk) =>
            `${fk.table} (${fk.cols}) -> ${fk.target} (${fk.target_cols}) on delete ${deleteAction[fk.del]} on update ${deleteAction[fk.upd]} ${fk.name}`,
        )
        .sort(),
      enums: enumValues,
    };
  } finally {
    await client.end();
  }
}
