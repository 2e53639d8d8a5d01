/**
 * The payment instruction store on Postgres (`PgAggregateStore` with core's
 * PI descriptor) passes core's conformance suite on PGlite and, with
 * `DATABASE_URL`, on server Postgres (ARCH-3). Beyond the suite: no
 * plaintext account number reaches a table (PRIV-2); the beneficiaries'
 * payment ids and the exact amounts are query-able columns (DB-3); of
 * concurrent updates from one version exactly one wins (REL-2, DB-4); a PI
 * written in a transaction that fails afterwards leaves no row (DB-5); and
 * the history refuses changes (PI-S-11).
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Payments, Registries, Time } from "@karya/core"
import { PaymentInstructionRepositorySuite, samplePaymentInstruction } from "@karya/core/testing"
import { DateTime, Effect, Exit, Layer, Option } from "effect"
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

const pending = (paymentInstruction: Payments.PaymentInstruction.PaymentInstruction, holder: string) => ({
  paymentInstruction: {
    ...paymentInstruction,
    status: "Pending" as const,
    version: paymentInstruction.version + 1,
  },
  appended: [
    {
      _tag: "SanctionChosen" as const,
      at,
      sanction: {
        sanctionId: holder,
        headOfAccount: "221705789358641045908",
        financialYear: Time.FinancialYear.makeUnsafe("2024-25"),
        ssuAllotmentId: "937",
        allotmentSerialNumber: "1",
      },
    },
  ],
})

const racingWritersCount = 8

for (const database of databases()) {
  const layer = PgAggregateStore.layer(Repository, Payments.PaymentInstructionRepository.descriptor).pipe(
    Layer.provide(Registries.SensitiveFieldCipher.layerMemory),
    Layer.provideMerge(database.layer),
  )
  const name = `PgPaymentInstructionRepository on ${database.name}`
  PaymentInstructionRepositorySuite(name, layer)

  describe(name, () => {
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

    it.effect(
      "REL-2 / DB-4: of concurrent updates from one version exactly one wins; the rest are stale",
      () =>
        Effect.gen(function* () {
          const { tenantId, paymentInstruction, created } = yield* freshPi
          yield* Payments.PaymentInstructionRepository.insertCreated(paymentInstruction, created)
          const exits = yield* Effect.all(
            Array.from({ length: racingWritersCount }, (_, index) => {
              const next = pending(paymentInstruction, `sanction-${index}`)
              return Effect.exit(
                Payments.PaymentInstructionRepository.updateAppending(next.paymentInstruction, {
                  expectedVersion: 1,
                  appended: next.appended,
                }),
              )
            }),
            { concurrency: "unbounded" },
          )
          assert.strictEqual(exits.filter(Exit.isSuccess).length, 1)
          const stale = exits.filter(
            (exit) => Option.getOrUndefined(Exit.findErrorOption(exit))?._tag === "StaleVersion",
          )
          assert.strictEqual(stale.length, racingWritersCount - 1)
          const history = yield* Payments.PaymentInstructionRepository.historyOf({
            tenantId,
            number: paymentInstruction.number,
          })
          assert.deepStrictEqual(
            history.map((entry) => entry._tag),
            ["Created", "SanctionChosen"],
          )
        }).pipe(Effect.provide(layer)),
    )

    it.effect("DB-5: a PI written in a transaction that fails afterwards leaves no row", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const { tenantId, paymentInstruction, created } = yield* freshPi
        const failed = yield* Effect.exit(
          sql.withTransaction(
            Effect.andThen(
              Payments.PaymentInstructionRepository.insertCreated(paymentInstruction, created),
              Effect.fail("the use case failed later"),
            ),
          ),
        )
        assert.isTrue(Exit.isFailure(failed))
        const [counts] = yield* sql<{
          readonly pis: number
          readonly entries: number
        }>`
          SELECT (SELECT count(*)::int FROM payment_instructions WHERE tenant_id = ${tenantId}) AS pis,
            (SELECT count(*)::int FROM payment_instructions_history WHERE tenant_id = ${tenantId}) AS entries`
        assert.deepStrictEqual(counts, { pis: 0, entries: 0 })
        yield* Payments.PaymentInstructionRepository.insertCreated(paymentInstruction, created)
        assert.strictEqual(
          (yield* Payments.PaymentInstructionRepository.historyOf({
            tenantId,
            number: paymentInstruction.number,
          })).length,
          1,
        )
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
