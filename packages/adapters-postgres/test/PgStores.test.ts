/**
 * Every aggregate store served by `PgAggregateStore` from its core
 * descriptor (no adapter file of its own) passes core's `AggregateStoreSuite`
 * with its aggregate's own laws, on PGlite and, with `DATABASE_URL`, on
 * server Postgres (ARCH-3, TEN-1, DB-4, API-5, REL-5); and the table its
 * migration made has exactly the columns the store writes: the store's own
 * (tenant, id, state tenant, version, sequence, document) and one per
 * descriptor column, snake_case, of its SQL type (DB-3), with the history
 * table's when the descriptor keeps one. A store joins by one line in
 * `PgStores.persisted`. The fund register's book-keeping runs its suite
 * over its persisted stores and the database's unit of work.
 */
import { assert, describe, it } from "@effect/vitest"
import { Payments, type Persistence, Registries } from "@karya/core"
import {
  type AggregateStoreFixture,
  AggregateStoreSuite,
  billsStoreFixtures,
  estimatesStoreFixtures,
  FundRegisterSuite,
  paymentsStoreFixtures,
  registriesStoreFixtures,
} from "@karya/core/testing"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as PgAggregateStore from "../src/PgAggregateStore.js"
import * as PgStores from "../src/PgStores.js"
import * as PgUnitOfWork from "../src/PgUnitOfWork.js"
import { databases, type TestDatabase } from "./TestDatabases.js"

interface StoreUnderTest {
  // biome-ignore lint/suspicious/noExplicitAny: the list holds descriptors of different aggregates
  readonly descriptor: Persistence.AggregateStore.Descriptor<any, any, any, any, any>
  readonly register: (database: TestDatabase) => void
}

const storeOf = <I, A extends Persistence.AggregateStore.Aggregate, C extends string, E, NotFound, H>(
  fixture: AggregateStoreFixture<I, A, C, E, NotFound, H>,
): StoreUnderTest => ({
  descriptor: fixture.descriptor,
  register: (database) =>
    AggregateStoreSuite(
      `${fixture.descriptor.name} on ${database.name}`,
      PgAggregateStore.layer(fixture.port, fixture.descriptor).pipe(
        // Sealed-at-rest stores (payment instructions) seal through the cipher.
        Layer.provideMerge(Layer.merge(database.layer, Registries.SensitiveFieldCipher.layerMemory)),
      ),
      fixture,
    ),
})

// Core's store fixtures; each persisted store (PgStores.persisted) runs the
// suite with its own, so joining PgStores is all a store needs here.
const fixtures = [
  ...registriesStoreFixtures,
  ...estimatesStoreFixtures,
  ...billsStoreFixtures,
  ...paymentsStoreFixtures,
]

const stores: ReadonlyArray<StoreUnderTest> = PgStores.persisted.map((registration) => {
  const fixture = fixtures.find((candidate) => candidate.descriptor === registration.descriptor)
  if (fixture === undefined)
    throw new Error(`${registration.descriptor.name} is persisted but has no store fixture`)
  return storeOf(
    fixture as unknown as AggregateStoreFixture<
      unknown,
      Persistence.AggregateStore.Aggregate,
      string,
      unknown,
      unknown,
      unknown
    >,
  )
})

// The columns every store table and every history table has, as PgAggregateStore's header gives them.
const storeColumns = {
  tenant_id: "text",
  id: "text",
  state_tenant_id: "text",
  version: "integer",
  sequence: "bigint",
  document: "jsonb",
}
const historyColumns = { tenant_id: "text", aggregate_id: "text", sequence: "bigint", document: "jsonb" }

const expectedColumnsOf = (descriptor: StoreUnderTest["descriptor"]): Readonly<Record<string, string>> => ({
  ...storeColumns,
  ...Object.fromEntries(
    Object.entries(descriptor.columns).map(([name, column]) => [
      PgAggregateStore.columnNameOf(name),
      PgAggregateStore.sqlTypeOf((column as Persistence.AggregateStore.Column<unknown>).type),
    ]),
  ),
})

const sortedByName = <T extends readonly [string, string]>(columns: ReadonlyArray<T>): ReadonlyArray<T> =>
  [...columns].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))

// A table's columns from information_schema, each type named as the database
// names it (`int4` → `integer`, `_text` → `text[]`), sorted by column name.
const columnsOf = (table: string) =>
  SqlClient.SqlClient.use((sql) =>
    sql<{ readonly column: string; readonly type: string }>`
      SELECT column_name::text AS column, udt_name::regtype::text AS type
      FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table}`.pipe(
      Effect.map((rows) => sortedByName(rows.map((row) => [row.column, row.type] as const))),
    ),
  )

// The expected columns sorted by name, each SQL type as the database names it (`timestamptz` → `timestamp with time zone`).
const canonicalOf = (columns: Readonly<Record<string, string>>) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.forEach(sortedByName(Object.entries(columns)), ([column, type]) =>
      Effect.map(
        sql<{ readonly type: string }>`SELECT ${type}::regtype::text AS type`,
        (rows) => [column, rows[0]?.type ?? `unknown ${type}`] as const,
      ),
    ),
  )

for (const database of databases()) {
  for (const store of stores) store.register(database)

  // The fund register's book-keeping over its persisted stores, in the
  // database's transactions: each key once, balances that sum the register,
  // and racing appends on real connections losing no update (PI-F-1, PI-F-2,
  // PI-V-2, REL-5).
  FundRegisterSuite(
    `the fund register on ${database.name}`,
    Layer.mergeAll(
      PgAggregateStore.layer(
        Payments.RegisterTransactionRepository.RegisterTransactionRepository,
        Payments.RegisterTransactionRepository.descriptor,
      ),
      PgAggregateStore.layer(
        Payments.SanctionBalanceRepository.SanctionBalanceRepository,
        Payments.SanctionBalanceRepository.descriptor,
      ),
      PgUnitOfWork.layer,
    ).pipe(Layer.provideMerge(database.layer)),
  )

  describe(`the store tables on ${database.name}`, () => {
    it.effect(
      "DB-3: every persisted store has a table, with the store's columns and one per descriptor column, of its SQL type",
      () =>
        Effect.gen(function* () {
          assert.isAbove(stores.length, 0)
          const names = stores.map(({ descriptor }) => descriptor.name)
          assert.deepStrictEqual(names, [...new Set(names)], "each store is persisted once")
          for (const { descriptor } of stores) {
            const table = PgAggregateStore.tableNameOf(descriptor)
            const columns = yield* columnsOf(table)
            assert.isAbove(
              columns.length,
              0,
              `${descriptor.name} is in PgStores.persisted, but no migration creates its table ${table}`,
            )
            assert.deepStrictEqual(
              columns,
              yield* canonicalOf(expectedColumnsOf(descriptor)),
              `${table} against the ${descriptor.name} descriptor`,
            )
            const history = yield* columnsOf(`${table}_history`)
            if (descriptor.history === undefined)
              assert.deepStrictEqual(
                history,
                [],
                `${descriptor.name} keeps no history, so no ${table}_history`,
              )
            else
              assert.deepStrictEqual(
                history,
                yield* canonicalOf(historyColumns),
                `${table}_history against the store's history shape`,
              )
          }
        }).pipe(Effect.provide(database.layer)),
    )
  })
}
