import fs from 'node:fs';
import path from 'node:path';
import { getDMMF, type GetDMMFError } from '@prisma/get-dmmf';
import type { ColumnShape, SchemaShape } from './schema-shape';

type Dmmf = Exclude<ReturnType<typeof getDMMF>, GetDMMFError>;
type Model = Dmmf['datamodel']['models'][number];
type Field = Model['fields'][number];

export const SCHEMA_PATH = path.resolve(__dirname, '../../prisma/schema.prisma');

const scalarTypes: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

function nativeType([name, args]: readonly [string, readonly string[]]): string {
  const arg = args.length > 0 ? `(${args.join(',')})` : '';
  switch (name) {
    case 'Uuid':
      return 'uuid';
    case 'Text':
      return 'text';
    case 'Char':
      return `character${arg}`;
    case 'VarChar':
      return `character varying${arg}`;
    case 'Timestamptz':
      return `timestamp${arg} with time zone`;
    case 'Timestamp':
      return `timestamp${arg} without time zone`;
    case 'Date':
      return 'date';
    case 'SmallInt':
      return 'smallint';
    case 'Integer':
      return 'integer';
    case 'JsonB':
      return 'jsonb';
    default:
      throw new Error(`native type @db.${name} is not mapped in this test yet: add it`);
  }
}

const dbName = (x: { name: string; dbName?: string | null }) => x.dbName ?? x.name;

function columnType(field: Field, enums: Dmmf['datamodel']['enums']): string {
  if (field.kind === 'enum') {
    const e = enums.find((en) => en.name === field.type);
    if (!e) throw new Error(`unknown enum ${field.type}`);
    return dbName(e);
  }
  if (field.nativeType) return nativeType(field.nativeType);
  const type = scalarTypes[field.type];
  if (!type) throw new Error(`scalar type ${field.type} is not mapped in this test yet`);
  return type;
}

/** Whether the database, not the client, supplies a default (uuid() and cuid() are client-side). */
function hasDatabaseDefault(field: Field): boolean {
  const d = field.default;
  if (d === undefined || d === null) return false;
  if (typeof d === 'object' && 'name' in d)
    return !['uuid', 'cuid', 'nanoid', 'ulid'].includes(d.name);
  return true;
}

/** Prisma's default constraint name: table and columns joined, with a suffix, at most 63 bytes. */
const defaultName = (table: string, cols: string[], suffix: string) =>
  `${[table, ...cols].join('_').slice(0, 63 - suffix.length - 1)}_${suffix}`;

const onDeleteDefault = (required: boolean) => (required ? 'Restrict' : 'SetNull');

/** The shape `schema.prisma` asks of the database, read with Prisma's own schema parser. */
export function expectedSchema(schemaText = fs.readFileSync(SCHEMA_PATH, 'utf8')): SchemaShape {
  const dmmf = getDMMF({ datamodel: schemaText });
  if ('reason' in dmmf) throw new Error(`schema.prisma does not parse: ${dmmf.reason}`);
  const { datamodel } = dmmf;
  const models = new Map(datamodel.models.map((m) => [m.name, m]));
  const column = (model: Model, name: string) => {
    const field = model.fields.find((f) => f.name === name);
    if (!field) throw new Error(`${model.name}.${name} not found`);
    return dbName(field);
  };

  const tables: SchemaShape['tables'] = {};
  const foreignKeys: string[] = [];
  for (const model of datamodel.models) {
    const table = dbName(model);
    const columns: Record<string, ColumnShape> = {};
    for (const field of model.fields) {
      if (field.kind === 'object') {
        const from = field.relationFromFields ?? [];
        if (from.length === 0) continue;
        const target = models.get(field.type)!;
        const fromCols = from.map((f) => column(model, f));
        const toCols = (field.relationToFields ?? []).map((f) => column(target, f));
        const onDelete = field.relationOnDelete ?? onDeleteDefault(field.isRequired);
        foreignKeys.push(
          `${table} (${fromCols.join(', ')}) -> ${dbName(target)} (${toCols.join(', ')}) on delete ${onDelete} on update Cascade ${defaultName(table, fromCols, 'fkey')}`,
        );
        continue;
      }
      columns[dbName(field)] = {
        type: columnType(field, datamodel.enums) + (field.isList ? '[]' : ''),
        nullable: !field.isRequired,
        hasDefault: hasDatabaseDefault(field),
      };
    }
    tables[table] = columns;
  }

  const indexes = datamodel.indexes.map((index) => {
    const model = models.get(index.model)!;
    const table = dbName(model);
    const cols = index.fields.map((f) => column(model, f.name));
    const kind = { id: 'primary', unique: 'unique', normal: 'index', fulltext: 'fulltext' }[
      index.type
    ];
    const suffix = { id: 'pkey', unique: 'key', normal: 'idx', fulltext: 'idx' }[index.type];
    const name =
      index.dbName ?? (index.type === 'id' ? `${table}_pkey` : defaultName(table, cols, suffix));
    return `${table} ${kind} (${cols.join(', ')}) ${name}`;
  });

  const enums = Object.fromEntries(
    datamodel.enums.map((e) => [dbName(e), e.values.map((v) => v.dbName ?? v.name)]),
  );
  return { tables, indexes: indexes.sort(), foreignKeys: foreignKeys.sort(), enums };
}
