/**
 * Migration 0012 claims each bill for its original PI that is not Rejected
 * (PI-1), on PGlite and, with `DATABASE_URL`, server Postgres: the oldest
 * of duplicates stored by earlier releases keeps the claim, the others are
 * listed by `karya_pi_duplicates`, and a new original PI of a claimed bill
 * is refused with `PI_EXISTS` naming the holder (DB-1, REL-5).
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Payments, Registries } from "@karya/core"
import { samplePaymentInstruction } from "@karya/core/testing"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { migrations } from "../../src/migrations/index.js"
import * as PgAggregateStore from "../../src/PgAggregateStore.js"
import * as PgMigrations from "../../src/PgMigrations.js"
import { databases } from "../TestDatabases.js"

// Each test starts a database of its own (PGlite takes seconds to start).
const freshDatabaseTimeoutMs = 60_000

const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")

// A PI row as migration 0009's table holds it; the migration reads only
// the columns, so the sealed document is left out ('{}').
const insertRow = (row: {
  readonly number: string
  readonly billId: string
  readonly status: string
  readonly originKind: string
}) =>
  SqlClient.SqlClient.use(
    (sql) => sql`
      INSERT INTO payment_instructions (tenant_id, id, state_tenant_id, version, document, status, bill_id,
        origin_kind, failed_number, payment_ids, gross_amount, net_amount, date, last_called_at)
      VALUES (${tenantId}, ${row.number}, 'od', 1, '{}'::jsonb, ${row.status}, ${row.billId}, ${row.originKind},
        NULL, ARRAY[]::text[], 100, 100, '2024-06-10'::date, NULL)`,
  )

for (const database of databases({ migrate: false, shared: false })) {
  describe(`migration 0012 on ${database.name}`, () => {
    it.effect(
      "PI-1 DB-1: each bill's oldest original PI that is not Rejected claims it; duplicates are listed; a new original PI is refused",
      () =>
        Effect.gen(function* () {
          yield* PgMigrations.runAll(migrations.filter((each) => each.id < 12))
          yield* insertRow({
            number: "PI-DK/2024-25/000001",
            billId: "bill-a",
            status: "Pending",
            originKind: "Bill",
          })
          yield* insertRow({
            number: "PI-DK/2024-25/000002",
            billId: "bill-a",
            status: "New",
            originKind: "Bill",
          })
          yield* insertRow({
            number: "PI-DK/2024-25/000003",
            billId: "bill-b",
            status: "Rejected",
            originKind: "Bill",
          })
          yield* insertRow({
            number: "PI-DK/2024-25/000004",
            billId: "bill-b",
            status: "New",
            originKind: "Repayment",
          })
          yield* insertRow({
            number: "PI-DK/2024-25/000005",
            billId: "bill-c",
            status: "Completed",
            originKind: "Bill",
          })
          assert.deepStrictEqual(yield* PgMigrations.runAll(migrations.filter((each) => each.id <= 12)), [
            [12, "one_original_pi_per_bill"],
          ])
          const sql = yield* SqlClient.SqlClient
          const claims = yield* sql<{ readonly key: string; readonly holder: string }>`
            SELECT key, holder_id AS holder FROM aggregate_claims
            WHERE store = 'PaymentInstruction' AND rule = 'originalOfBill' ORDER BY key`
          assert.deepStrictEqual(
            claims.map((claim) => [claim.key, claim.holder]),
            [
              ["bill-a", "PI-DK/2024-25/000001"],
              ["bill-c", "PI-DK/2024-25/000005"],
            ],
          )
          const duplicates = yield* sql<{ readonly number: string; readonly claimedBy: string }>`
            SELECT payment_instruction_number AS number, claimed_by AS "claimedBy" FROM karya_pi_duplicates`
          assert.deepStrictEqual(
            duplicates.map((row) => [row.number, row.claimedBy]),
            [["PI-DK/2024-25/000002", "PI-DK/2024-25/000001"]],
          )

          const repository = yield* Payments.PaymentInstructionRepository.PaymentInstructionRepository
          const again = samplePaymentInstruction({
            tenantId,
            number: "PI-DK/2024-25/000006",
            billId: "bill-a",
            paymentIds: ["BN-DK/000011", "BN-DK/000012"],
          })
          const refused = yield* Effect.flip(repository.insert({ aggregate: again }))
          assert.strictEqual(refused._tag, "PiExists")
          if (refused._tag === "PiExists")
            assert.strictEqual(refused.paymentInstructionNumber, "PI-DK/2024-25/000001")
          const afterRejection = samplePaymentInstruction({
            tenantId,
            number: "PI-DK/2024-25/000007",
            billId: "bill-b",
            paymentIds: ["BN-DK/000013", "BN-DK/000014"],
          })
          yield* repository.insert({ aggregate: afterRejection })
        }).pipe(
          Effect.provide(
            PgAggregateStore.layer(
              Payments.PaymentInstructionRepository.PaymentInstructionRepository,
              Payments.PaymentInstructionRepository.descriptor,
            ).pipe(
              Layer.provideMerge(Layer.merge(database.layer, Registries.SensitiveFieldCipher.layerMemory)),
            ),
          ),
        ),
      freshDatabaseTimeoutMs,
    )
  })
}
