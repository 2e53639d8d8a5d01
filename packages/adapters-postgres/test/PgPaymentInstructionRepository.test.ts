/**
 * The Postgres payment instruction repository passes core's conformance
 * suite on PGlite and, with `DATABASE_URL`, on server Postgres (ARCH-3).
 * Beyond the suite: no plaintext account number reaches a table (PRIV-2);
 * beneficiaries are query-able rows with exact amounts (DB-3); of
 * concurrent updates from one version exactly one wins (REL-2, DB-4); a PI
 * written in a transaction that fails afterwards leaves no row (DB-5); and
 * the history refuses changes (PI-S-11).
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Payments, Registries, Time } from "@karya/core"
import { PaymentInstructionRepositorySuite, samplePaymentInstruction } from "@karya/core/testing"
import { DateTime, Effect, Exit, Layer, Option } from "effect"
import { SqlClient } from "effect/sql"
import * as PgPaymentInstructionRepository from "../src/PgPaymentInstructionRepository.js"
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
  const layer = PgPaymentInstructionRepository.layer.pipe(
    Layer.provide(Registries.SensitiveFieldCipher.layerMemory),
    Layer.provideMerge(database.layer),
  )
  const name = `PgPaymentInstructionRepository on ${database.name}`
  PaymentInstructionRepositorySuite(name, layer)

  describe(name, () => {
    it.effect("PRIV-2: no table holds a beneficiary's account number in plaintext", () =>
      Effect.gen(function* () {
        const repository = yield* Repository
        const sql = yield* SqlClient.SqlClient
        const { tenantId, paymentInstruction, created } = yield* freshPi
        yield* repository.insert(paymentInstruction, created)
        const rows = yield* sql<{ readonly text: string }>`
          SELECT row_to_json(pi)::text AS text FROM payment_instructions AS pi WHERE tenant_id = ${tenantId}
          UNION ALL
          SELECT row_to_json(b)::text FROM pi_beneficiaries AS b WHERE tenant_id = ${tenantId}
          UNION ALL
          SELECT row_to_json(h)::text FROM pi_history AS h WHERE tenant_id = ${tenantId}`
        assert.strictEqual(rows.length, 4)
        for (const row of rows) {
          assert.notInclude(row.text, "000000000035")
          assert.notInclude(row.text, "000000000038")
        }
        const [stored] = paymentInstruction.beneficiaries
        assert.strictEqual(stored?.bankAccount.accountNumber, "000000000035")
      }).pipe(Effect.provide(layer)),
    )

    it.effect("DB-3: each beneficiary is a row with its payment id, exact amount and status", () =>
      Effect.gen(function* () {
        const repository = yield* Repository
        const sql = yield* SqlClient.SqlClient
        const { tenantId, paymentInstruction, created } = yield* freshPi
        yield* repository.insert(paymentInstruction, created)
        const rows = yield* sql<{ readonly id: string; readonly amount: string; readonly status: string }>`
          SELECT payment_id AS id, amount::text AS amount, status AS status FROM pi_beneficiaries
          WHERE tenant_id = ${tenantId} ORDER BY position`
        assert.deepStrictEqual(rows, [
          { id: "BN-DK/000001", amount: "250", status: "PaymentPending" },
          { id: "BN-DK/000002", amount: "250", status: "PaymentPending" },
        ])
        const [total] = yield* sql<{ readonly total: string; readonly date: string }>`
          SELECT sum(b.amount)::text AS total, pi.pi_date::text AS date
          FROM pi_beneficiaries AS b JOIN payment_instructions AS pi
            ON pi.tenant_id = b.tenant_id AND pi.number = b.payment_instruction_number
          WHERE b.tenant_id = ${tenantId} GROUP BY pi.pi_date`
        assert.deepStrictEqual(total, { total: "500", date: "2024-06-10" })
      }).pipe(Effect.provide(layer)),
    )

    it.effect(
      "REL-2 / DB-4: of concurrent updates from one version exactly one wins; the rest are stale",
      () =>
        Effect.gen(function* () {
          const repository = yield* Repository
          const { tenantId, paymentInstruction, created } = yield* freshPi
          yield* repository.insert(paymentInstruction, created)
          const exits = yield* Effect.all(
            Array.from({ length: racingWritersCount }, (_, index) => {
              const next = pending(paymentInstruction, `sanction-${index}`)
              return Effect.exit(
                repository.update(next.paymentInstruction, { expectedVersion: 1, appended: next.appended }),
              )
            }),
            { concurrency: "unbounded" },
          )
          assert.strictEqual(exits.filter(Exit.isSuccess).length, 1)
          const stale = exits.filter(
            (exit) => Option.getOrUndefined(Exit.findErrorOption(exit))?._tag === "StaleVersion",
          )
          assert.strictEqual(stale.length, racingWritersCount - 1)
          const history = yield* repository.history(tenantId, paymentInstruction.number)
          assert.deepStrictEqual(
            history.map((entry) => entry._tag),
            ["Created", "SanctionChosen"],
          )
        }).pipe(Effect.provide(layer)),
    )

    it.effect("DB-5: a PI written in a transaction that fails afterwards leaves no row", () =>
      Effect.gen(function* () {
        const repository = yield* Repository
        const sql = yield* SqlClient.SqlClient
        const { tenantId, paymentInstruction, created } = yield* freshPi
        const failed = yield* Effect.exit(
          sql.withTransaction(
            Effect.andThen(
              repository.insert(paymentInstruction, created),
              Effect.fail("the use case failed later"),
            ),
          ),
        )
        assert.isTrue(Exit.isFailure(failed))
        const [counts] = yield* sql<{
          readonly pis: number
          readonly beneficiaries: number
          readonly entries: number
        }>`
          SELECT (SELECT count(*)::int FROM payment_instructions WHERE tenant_id = ${tenantId}) AS pis,
            (SELECT count(*)::int FROM pi_beneficiaries WHERE tenant_id = ${tenantId}) AS beneficiaries,
            (SELECT count(*)::int FROM pi_history WHERE tenant_id = ${tenantId}) AS entries`
        assert.deepStrictEqual(counts, { pis: 0, beneficiaries: 0, entries: 0 })
        yield* repository.insert(paymentInstruction, created)
        assert.strictEqual((yield* repository.history(tenantId, paymentInstruction.number)).length, 1)
      }).pipe(Effect.provide(layer)),
    )

    it.effect("PI-S-11: the database refuses to change or delete a history entry", () =>
      Effect.gen(function* () {
        const repository = yield* Repository
        const sql = yield* SqlClient.SqlClient
        const { tenantId, paymentInstruction, created } = yield* freshPi
        yield* repository.insert(paymentInstruction, created)
        const changed = yield* Effect.exit(
          sql`UPDATE pi_history SET entry_type = 'JitCalled' WHERE tenant_id = ${tenantId}`,
        )
        const deleted = yield* Effect.exit(sql`DELETE FROM pi_history WHERE tenant_id = ${tenantId}`)
        assert.isTrue(Exit.isFailure(changed))
        assert.isTrue(Exit.isFailure(deleted))
        assert.deepStrictEqual(yield* repository.history(tenantId, paymentInstruction.number), [created])
      }).pipe(Effect.provide(layer)),
    )
  })
}
