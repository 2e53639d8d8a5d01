/**
 * API-5 on Postgres: a list page is one bounded query. With thousands of a
 * tenant's aggregates stored (and another tenant's beside them), reading a
 * page of 10, and the page after it, makes one index scan per page, reads at
 * most `limit + 1` rows of the table for each, and scans the table
 * sequentially never (counted by the statistics of the reading transaction,
 * `pg_stat_xact_user_tables`). Measured on the queries the lists send: wage
 * seekers ordered by number, and payment instructions (sealed at rest) in
 * the order they were recorded, all of them or those of one status, as
 * `GET /v1/payment-instructions` reads them.
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Payments, Persistence, Registries } from "@karya/core"
import { samplePaymentInstruction, wageSeekerStoreFixture } from "@karya/core/testing"
import { Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql"
import * as PgAggregateStore from "../src/PgAggregateStore.js"
import { databases } from "./TestDatabases.js"

const rowsPerTenant = 4000
const limit = 10

const Counters = Schema.Struct({ scans: Schema.Number, indexScans: Schema.Number, rowsRead: Schema.Number })

const countersOf = (table: string) =>
  SqlClient.SqlClient.use((sql) =>
    sql`
    SELECT coalesce(seq_scan, 0)::float8 AS scans, coalesce(idx_scan, 0)::float8 AS "indexScans",
      (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::float8 AS "rowsRead"
    FROM pg_stat_xact_user_tables WHERE relname = ${table}`.pipe(
      Effect.flatMap((rows) =>
        Schema.decodeUnknownEffect(Counters)(rows[0] ?? { scans: 0, indexScans: 0, rowsRead: 0 }),
      ),
    ),
  )

const counters = countersOf("wage_seekers")

// Many wage seekers in one statement: the fixture's aggregate, renumbered.
const fill = (tenantId: Config.TenantId.TenantId) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const sample = wageSeekerStoreFixture.make({ tenantId, index: 0 })
    const encoded = yield* Schema.encodeEffect(Schema.toCodecJson(Registries.WageSeeker.WageSeeker))(sample)
    const document = JSON.stringify(encoded)
    yield* sql`
      INSERT INTO wage_seekers (tenant_id, id, state_tenant_id, version, document, number,
        identity_document_type, identity_search_key, bank_account_search_key)
      SELECT ${tenantId}, gen_random_uuid()::text, ${Config.TenantId.stateTenantOf(tenantId)}, 1,
        jsonb_set(${document}::jsonb, '{number}', to_jsonb(number)), number, 'EPIC', md5(number), md5(number)
      FROM (SELECT 'IND-2024-25-' || lpad(n::text, 6, '0') AS number FROM generate_series(1, ${rowsPerTenant}) AS n) AS numbers`
    yield* sql`ANALYZE wage_seekers`
  })

for (const database of databases()) {
  describe(`list pages on ${database.name}`, () => {
    it.effect(
      "API-5: a page is one index scan reading at most limit + 1 rows; no sequential scan",
      () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const store = yield* Registries.WageSeekerRepository.WageSeekerRepository
          const tenantId = Config.TenantId.makeUnsafe("od.pagetest")
          yield* fill(tenantId)
          yield* fill(Config.TenantId.makeUnsafe("od.neighbour"))
          const measured = yield* sql.withTransaction(
            Effect.gen(function* () {
              const before = yield* counters
              const first = yield* store.find({ tenantId, orderBy: "number", limit })
              const afterFirst = yield* counters
              const cursor = Option.getOrUndefined(first.nextCursor)
              const second = yield* store.find({ tenantId, orderBy: "number", limit, cursor })
              const afterSecond = yield* counters
              return { first, second, before, afterFirst, afterSecond }
            }),
          )
          assert.deepStrictEqual(
            [...measured.first.items, ...measured.second.items].map((wageSeeker) => wageSeeker.number),
            Array.from(
              { length: 2 * limit },
              (_, index) => `IND-2024-25-${String(index + 1).padStart(6, "0")}`,
            ),
          )
          for (const [from, to] of [
            [measured.before, measured.afterFirst],
            [measured.afterFirst, measured.afterSecond],
          ] as const) {
            assert.strictEqual(to.scans - from.scans, 0, "no sequential scan")
            assert.strictEqual(to.indexScans - from.indexScans, 1, "one index scan per page")
            assert.isAtMost(to.rowsRead - from.rowsRead, limit + 1, "at most limit + 1 rows read")
          }
        }).pipe(
          Effect.provide(
            PgAggregateStore.layer(
              Registries.WageSeekerRepository.WageSeekerRepository,
              Registries.WageSeekerRepository.descriptor,
            ).pipe(Layer.provideMerge(database.layer)),
          ),
        ),
      120_000,
    )
  })
}

const PiRepository = Payments.PaymentInstructionRepository.PaymentInstructionRepository
const piDescriptor = Payments.PaymentInstructionRepository.descriptor
const piNumberOf = (index: number) => `PI-DK/2024-25/${String(index + 1).padStart(6, "0")}`

// Many payment instructions in one statement, as the store writes them: the
// sealed document (a JSON string of the sealed text, PRIV-2) and the
// descriptor's columns; every other one Pending, the rest New.
const fillPaymentInstructions = (tenantId: Config.TenantId.TenantId) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const cipher = yield* Registries.SensitiveFieldCipher.SensitiveFieldCipher
    const encode = Schema.encodeEffect(
      Schema.fromJsonString(Schema.toCodecJson(Payments.PaymentInstruction.PaymentInstruction)),
    )
    const columns = Object.entries(piDescriptor.columns).map(([name, column]) => ({
      name,
      sql: PgAggregateStore.columnNameOf(name),
      type: PgAggregateStore.sqlTypeOf((column as Persistence.AggregateStore.Column<unknown>).type),
    }))
    const records = yield* Effect.forEach(
      Array.from({ length: rowsPerTenant }, (_, index) => index),
      (index) =>
        Effect.gen(function* () {
          const paymentInstruction: Payments.PaymentInstruction.PaymentInstruction = {
            ...samplePaymentInstruction({
              tenantId,
              number: piNumberOf(index),
              billId: `bill-${index}`,
              paymentIds: [`BN-DK/${index}-1`, `BN-DK/${index}-2`],
            }),
            status: index % 2 === 1 ? "Pending" : "New",
          }
          const values = Persistence.AggregateStore.columnValuesOf(piDescriptor, paymentInstruction)
          return {
            tenant_id: tenantId,
            id: paymentInstruction.number,
            state_tenant_id: Config.TenantId.stateTenantOf(tenantId),
            version: paymentInstruction.version,
            document: yield* Effect.flatMap(encode(paymentInstruction), cipher.seal),
            ...Object.fromEntries(
              columns.map((column) => [column.sql, values[column.name as keyof typeof values]]),
            ),
          }
        }),
    )
    const names = [
      "tenant_id",
      "id",
      "state_tenant_id",
      "version",
      "document",
      ...columns.map((column) => column.sql),
    ]
    const types = ["text", "text", "text", "integer", "jsonb", ...columns.map((column) => column.type)]
    yield* sql`
      INSERT INTO payment_instructions (${sql.literal(names.join(", "))})
      SELECT ${sql.literal(names.join(", "))}
      FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
        AS r(${sql.literal(names.map((name, index) => `${name} ${types[index]}`).join(", "))})
      ORDER BY version, id`
    yield* sql`ANALYZE payment_instructions`
  })

for (const database of databases()) {
  describe(`payment instruction list pages on ${database.name}`, () => {
    it.effect(
      "API-5: a PI list page, of all PIs or of one status, is one index scan reading at most limit + 1 rows; no sequential scan",
      () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const store = yield* PiRepository
          const tenantId = Config.TenantId.makeUnsafe("od.pipages")
          yield* fillPaymentInstructions(tenantId)
          yield* fillPaymentInstructions(Config.TenantId.makeUnsafe("od.pineighbour"))
          const counters = countersOf("payment_instructions")
          // The query `GET /v1/payment-instructions` sends, with and without `status`.
          for (const status of [undefined, "Pending"] as const) {
            const measured = yield* sql.withTransaction(
              Effect.gen(function* () {
                const before = yield* counters
                const first = yield* store.find({ tenantId, where: { status }, limit })
                const afterFirst = yield* counters
                const cursor = Option.getOrUndefined(first.nextCursor)
                const second = yield* store.find({ tenantId, where: { status }, limit, cursor })
                const afterSecond = yield* counters
                return { first, second, before, afterFirst, afterSecond }
              }),
            )
            const indexes = Array.from({ length: 2 * limit }, (_, index) =>
              status === undefined ? index : 2 * index + 1,
            )
            assert.deepStrictEqual(
              [...measured.first.items, ...measured.second.items].map((pi) => [pi.number, pi.status]),
              indexes.map((index) => [piNumberOf(index), index % 2 === 1 ? "Pending" : "New"]),
              `oldest first, status ${status ?? "any"}`,
            )
            for (const [from, to] of [
              [measured.before, measured.afterFirst],
              [measured.afterFirst, measured.afterSecond],
            ] as const) {
              assert.strictEqual(to.scans - from.scans, 0, `no sequential scan, status ${status ?? "any"}`)
              assert.strictEqual(to.indexScans - from.indexScans, 1, "one index scan per page")
              assert.isAtMost(to.rowsRead - from.rowsRead, limit + 1, "at most limit + 1 rows read")
            }
          }
        }).pipe(
          Effect.provide(
            PgAggregateStore.layer(PiRepository, piDescriptor).pipe(
              Layer.provideMerge(Layer.merge(database.layer, Registries.SensitiveFieldCipher.layerMemory)),
            ),
          ),
        ),
      120_000,
    )
  })
}
