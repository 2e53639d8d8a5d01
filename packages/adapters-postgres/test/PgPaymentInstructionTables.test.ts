/**
 * What the payment instruction tables hold, on PGlite and, with
 * `DATABASE_URL`, on server Postgres: no table holds a beneficiary's account
 * number in plaintext, the document and history being sealed at rest
 * (PRIV-2); the payment ids, exact amounts and PI date are columns a query
 * reads (DB-3); and the database itself refuses to change or delete a
 * history entry (PI-S-11). The store's conformance (core's
 * `AggregateStoreSuite` with the PI fixture) runs in `PgStores.test.ts`,
 * with every persisted store.
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Payments, Registries } from "@karya/core"
import { samplePaymentInstruction } from "@karya/core/testing"
import { DateTime, Effect, Exit, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as PgAggregateStore from "../src/PgAggregateStore.js"
import { databases } from "./TestDatabases.js"

const Repository = Payments.PaymentInstructionRepository.PaymentInstructionRepository

const at = DateTime.makeUnsafe("2024-06-10T05:00:00Z")

// A PI of a tenant of its own, and its Created entry.
const freshPi = Effect.sync(() => {
  const tenantId = Config.TenantId.makeUnsafe(`od.pg_${crypto.randomUUID().replaceAll("-", "")}`)
  const paymentInstruction = samplePaymentInstruction({
    tenantId,
    number: "PI-DK/2024-25/000001",
    billId: "bill-1",
    paymentIds: ["BN-DK/000001", "BN-DK/000002"],
  })
  const created: Payments.HistoryEntry.Created = { _tag: "Created", at, paymentInstruction }
  return { tenantId, paymentInstruction, created }
})

for (const database of databases()) {
  const layer = PgAggregateStore.layer(Repository, Payments.PaymentInstructionRepository.descriptor).pipe(
    Layer.provide(Registries.SensitiveFieldCipher.layerMemory),
    Layer.provideMerge(database.layer),
  )
  describe(`the payment instruction tables on ${database.name}`, () => {
    it.effect("PRIV-2: no table holds a beneficiary's account number in plaintext", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const { tenantId, paymentInstruction, created } = yield* freshPi
        yield* Payments.PaymentInstructionRepository.insertCreated(paymentInstruction, created)
        const rows = yield* sql<{ readonly text: string }>`
          SELECT row_to_json(pi)::text AS text FROM payment_instructions AS pi WHERE tenant_id = ${tenantId}
          UNION ALL
          SELECT row_to_json(h)::text FROM payment_instructions_history AS h WHERE tenant_id = ${tenantId}`
        assert.strictEqual(rows.length, 2)
        for (const row of rows) {
          assert.notInclude(row.text, "000000000035")
          assert.notInclude(row.text, "000000000038")
        }
        const [stored] = paymentInstruction.beneficiaries
        assert.strictEqual(stored?.bankAccount.accountNumber, "000000000035")
      }).pipe(Effect.provide(layer)),
    )

    it.effect("DB-3: the payment ids, exact amounts and the PI date are columns a query reads", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const { tenantId, paymentInstruction, created } = yield* freshPi
        yield* Payments.PaymentInstructionRepository.insertCreated(paymentInstruction, created)
        const rows = yield* sql<{
          readonly ids: ReadonlyArray<string>
          readonly gross: string
          readonly net: string
          readonly date: string
          readonly status: string
        }>`
          SELECT payment_ids AS ids, gross_amount::text AS gross, net_amount::text AS net,
            date::text AS date, status AS status
          FROM payment_instructions WHERE tenant_id = ${tenantId}`
        assert.deepStrictEqual(rows, [
          {
            ids: ["BN-DK/000001", "BN-DK/000002"],
            gross: "500",
            net: "500",
            date: "2024-06-10",
            status: "New",
          },
        ])
      }).pipe(Effect.provide(layer)),
    )

    it.effect("PI-S-11: the database refuses to change or delete a history entry", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const { tenantId, paymentInstruction, created } = yield* freshPi
        yield* Payments.PaymentInstructionRepository.insertCreated(paymentInstruction, created)
        const changed = yield* Effect.exit(
          sql`UPDATE payment_instructions_history SET document = '{}'::jsonb WHERE tenant_id = ${tenantId}`,
        )
        const deleted = yield* Effect.exit(
          sql`DELETE FROM payment_instructions_history WHERE tenant_id = ${tenantId}`,
        )
        assert.isTrue(Exit.isFailure(changed))
        assert.isTrue(Exit.isFailure(deleted))
        assert.deepStrictEqual(
          yield* Payments.PaymentInstructionRepository.historyOf({
            tenantId,
            number: paymentInstruction.number,
          }),
          [created],
        )
      }).pipe(Effect.provide(layer)),
    )
  })
}
