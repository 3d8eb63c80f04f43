/** A database schema reduced to what migrations must get right, comparable with toEqual. */
export interface SchemaShape {
  tables: Record<string, Record<string, ColumnShape>>;
  /** `table kind (col, ...) name`, sorted; kind is primary, unique or index. */
  indexes: string[];
  /** `table (cols) -> table (cols) on delete X on update Y name`, sorted. */
  foreignKeys: string[];
  enums: Record<string, string[]>;
}

export interface ColumnShape {
  /** PostgreSQL's `format_type`, e.g. `timestamp(3) with time zone`. */
  type: string;
  nullable: boolean;
  hasDefault: boolean;
}
