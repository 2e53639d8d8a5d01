/**
 * The schema after every migration (0002 laid most of it) follows the persistence rules, read back from the catalogue
 * of PGlite and, with `DATABASE_URL`, server Postgres: every table has
 * `tenant_id` and every primary key and unique index includes it (DB-2);
 * money is `numeric`, local dates `date`, instants `timestamptz`, and no
 * column is a float (DB-3).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { databases } from "../TestDatabases.js"

// Every table of the schema after every migration, but the migration
// ledger, which records the schema rather than tenant data.
const tablesOf = SqlClient.SqlClient.use((sql) =>
  sql<{ readonly name: string }>`
    SELECT table_name::text AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'karya_migrations'`.pipe(
    Effect.map((rows) => rows.map((row) => row.name)),
  ),
)

interface ColumnRow {
  readonly table: string
  readonly column: string
  readonly type: string
}

const columnsOf = (tables: ReadonlyArray<string>) =>
  SqlClient.SqlClient.use(
    (sql) => sql<ColumnRow>`
    SELECT table_name::text AS table, column_name::text AS column, data_type::text AS type
    FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ANY(${tables}::text[])`,
  )

for (const database of databases()) {
  describe(`the schema after every migration on ${database.name}`, () => {
    it.effect("DB-2: every table has tenant_id, and every primary key and unique index includes it", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const tables = yield* tablesOf
        assert.includeMembers(tables, [
          "wage_seekers",
          "organisations",
          "payment_instructions",
          "aggregate_claims",
        ])
        const columns = yield* columnsOf(tables)
        for (const table of tables) {
          assert.isTrue(
            columns.some((row) => row.table === table && row.column === "tenant_id"),
            `${table} has tenant_id`,
          )
        }
        const indexes = yield* sql<{
          readonly name: string
          readonly table: string
          readonly tenant: boolean
        }>`
          SELECT index_class.relname::text AS name, table_class.relname::text AS table,
            bool_or(attribute.attname = 'tenant_id') AS tenant
          FROM pg_index AS idx
          JOIN pg_class AS table_class ON table_class.oid = idx.indrelid
          JOIN pg_class AS index_class ON index_class.oid = idx.indexrelid
          JOIN pg_attribute AS attribute ON attribute.attrelid = table_class.oid AND attribute.attnum = ANY(idx.indkey)
          WHERE idx.indisunique AND table_class.relname = ANY(${tables}::text[])
          GROUP BY index_class.relname, table_class.relname`
        assert.isAtLeast(indexes.length, tables.length)
        for (const table of tables)
          assert.isTrue(
            indexes.some((index) => index.table === table),
            `${table} has a key`,
          )
        for (const index of indexes)
          assert.isTrue(index.tenant, `${index.table}.${index.name} includes tenant_id`)
      }).pipe(Effect.provide(database.layer)),
    )

    it.effect("DB-3: amounts are numeric, dates date, instants timestamptz, and nothing is a float", () =>
      Effect.gen(function* () {
        const columns = yield* columnsOf(yield* tablesOf)
        const typeOf = (pattern: RegExp) => columns.filter((row) => pattern.test(row.column))
        const amounts = typeOf(/amount|_total$/)
        const dates = typeOf(/(^|_)date$/)
        const instants = typeOf(/_at$/)
        assert.isAtLeast(amounts.length, 6)
        assert.isAtLeast(dates.length, 3)
        assert.isAtLeast(instants.length, 4)
        for (const row of amounts) assert.strictEqual(row.type, "numeric", `${row.table}.${row.column}`)
        for (const row of dates) assert.strictEqual(row.type, "date", `${row.table}.${row.column}`)
        for (const row of instants) {
          assert.strictEqual(row.type, "timestamp with time zone", `${row.table}.${row.column}`)
        }
        for (const row of columns) {
          assert.notInclude(["real", "double precision", "money"], row.type, `${row.table}.${row.column}`)
        }
      }).pipe(Effect.provide(database.layer)),
    )
  })
}
