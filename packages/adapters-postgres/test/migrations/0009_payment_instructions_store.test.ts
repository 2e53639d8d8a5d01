/**
 * Migration 0009 carries migrations 0002/0004's payment instructions into the
 * aggregate store's tables, on PGlite and, with `DATABASE_URL`, server
 * Postgres (DB-1): each PI is read back whole (its sealed document still
 * opens, PRIV-2) with its history in order (PI-S-11), the PIs of two tenants
 * with one number stay apart (TEN-1), the carried columns answer the store's
 * queries (by bill, status, payment id, the PI a revision repays, the last
 * JIT call), PIs keep the order they were recorded in, the old tables are
 * gone, and the new history is append-only.
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Ids, Money, Payments, Registries } from "@karya/core"
import { samplePaymentInstruction } from "@karya/core/testing"
import { DateTime, Effect, Exit, Layer, Result, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { migrations } from "../../src/migrations/index.js"
import * as PgAggregateStore from "../../src/PgAggregateStore.js"
import * as PgMigrations from "../../src/PgMigrations.js"
import { databases } from "../TestDatabases.js"

// Each test starts a database of its own (PGlite takes seconds to start).
const freshDatabaseTimeoutMs = 120_000

type PaymentInstruction = Payments.PaymentInstruction.PaymentInstruction
type HistoryEntry = Payments.HistoryEntry.HistoryEntry

const { PaymentInstructionHistory, StatusMachine, JitOutcome, PaymentInstructionRepository } = Payments
const Repository = PaymentInstructionRepository.PaymentInstructionRepository

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")
const angul = Config.TenantId.makeUnsafe("od.angul")
const at = DateTime.makeUnsafe("2024-06-10T16:30:00Z")
const calledAt = DateTime.makeUnsafe("2024-06-10T16:45:00Z")

// An original PI of Dhenkanal's with three entries: created, its sanction
// chosen, pushed to JIT (no response: Pending).
const original = (() => {
  const created = samplePaymentInstruction({
    tenantId: dhenkanal,
    number: "PI-DK/2024-25/000001",
    billId: "bill-1",
    paymentIds: ["BN-DK/000001", "BN-DK/000002"],
  })
  const sanction = {
    sanctionId: "920",
    headOfAccount: "221705789358641045908",
    financialYear: "2024-25",
    ssuAllotmentId: "860",
    allotmentSerialNumber: "0",
  } as unknown as Payments.PaymentInstruction.SanctionUsed
  const chosen = PaymentInstructionHistory.withSanction(created, sanction)
  const tagged = Payments.JitRequests.requestFor("PI", chosen, {
    jitCodes: Payments.JitCodes.muktaJitCodes({
      ddoCode: "OLSHUD001",
      granteeCode: "GOHUDULBMPL0036",
      ssuId: "1621",
    }),
    scale: 2,
  })
  const request = tagged._tag === "PI" ? tagged.request : (undefined as never)
  const pushed = Result.getOrThrow(
    StatusMachine.transition(StatusMachine.paymentInstructionMachine, chosen, {
      exchange: { _tag: "PI", request, outcome: JitOutcome.noResponse("timeout", "") },
      at: calledAt,
    }),
  )
  const entries: ReadonlyArray<HistoryEntry> = [
    { _tag: "Created", at, paymentInstruction: created },
    { _tag: "SanctionChosen", at, sanction },
    pushed.entry,
  ]
  return { current: pushed.paymentInstruction, entries }
})()

// The revised PI raised for the original's failures (PI-S-7), created only.
const revised = (() => {
  const created: PaymentInstruction = {
    ...samplePaymentInstruction({
      tenantId: dhenkanal,
      number: "PI-DK/2024-25/000002",
      billId: "bill-1",
      paymentIds: ["BN-DK/000001", "BN-DK/000009"],
      id: Ids.EntityId.makeUnsafe("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
    }),
    kind: "revised",
    origin: {
      _tag: "Revision",
      originalNumber: original.current.number,
      originalDate: original.current.date,
      originalBillReference: "202311171279",
      failedNumber: original.current.number,
      failedBillReference: "202311171279",
    },
  }
  const entries: ReadonlyArray<HistoryEntry> = [{ _tag: "Created", at, paymentInstruction: created }]
  return { current: created, entries }
})()

// Angul's PI under the same number as Dhenkanal's original (TEN-1).
const neighbour = (() => {
  const created = samplePaymentInstruction({
    tenantId: angul,
    number: "PI-DK/2024-25/000001",
    billId: "bill-7",
    paymentIds: ["BN-AN/000001", "BN-AN/000002"],
  })
  const entries: ReadonlyArray<HistoryEntry> = [{ _tag: "Created", at, paymentInstruction: created }]
  return { current: created, entries }
})()

const sealedJson = <A>(schema: Schema.Codec<A, unknown>, value: A) =>
  Effect.gen(function* () {
    const cipher = yield* Registries.SensitiveFieldCipher.SensitiveFieldCipher
    const text = yield* Schema.encodeEffect(Schema.fromJsonString(Schema.toCodecJson(schema)))(value)
    return yield* cipher.seal(text)
  })

// A PI and its history as migrations 0002/0004's repository wrote them.
const insert0002 = (pi: {
  readonly current: PaymentInstruction
  readonly entries: ReadonlyArray<HistoryEntry>
}) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const { current } = pi
    const document = yield* sealedJson(Payments.PaymentInstruction.PaymentInstruction, current)
    const raisedFrom = PaymentInstructionRepository.raisedFromOf(current) ?? null
    yield* sql`
      INSERT INTO payment_instructions (tenant_id, number, id, kind, status, bill_id, raised_from, pi_date,
        gross_amount, net_amount, beneficiary_count, version, document_sealed)
      VALUES (${current.tenantId}, ${current.number}, ${current.id}::uuid, ${current.kind}, ${current.status},
        ${current.bill.billId}, ${raisedFrom}, ${current.date}::date,
        ${Payments.PaymentInstructionRepository.descriptor.columns.grossAmount.of(current)}::numeric,
        ${Payments.PaymentInstructionRepository.descriptor.columns.netAmount.of(current)}::numeric,
        ${current.beneficiaries.length}, ${current.version}, ${document})`
    // Positions written in reverse: the carried ids must follow the position, not the row order.
    for (const [position, beneficiary] of [...current.beneficiaries.entries()].reverse())
      yield* sql`
        INSERT INTO pi_beneficiaries (tenant_id, payment_instruction_number, payment_id, position, payee_kind,
          amount, status)
        VALUES (${current.tenantId}, ${current.number}, ${beneficiary.paymentId}, ${position},
          ${beneficiary.payeeKind}, ${Money.Amount.toCanonicalString(beneficiary.amount)}::numeric, ${beneficiary.status})`
    for (const [index, entry] of pi.entries.entries()) {
      const sealed = yield* sealedJson(Payments.HistoryEntry.HistoryEntry, entry)
      yield* sql`
        INSERT INTO pi_history (tenant_id, payment_instruction_number, position, entry_type, recorded_at,
          entry_sealed)
        VALUES (${current.tenantId}, ${current.number}, ${index + 1}, ${entry._tag},
          ${DateTime.formatIso(entry.at)}::timestamptz, ${sealed})`
    }
  })

const tablesNamed = (names: ReadonlyArray<string>) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ readonly name: string }>`
        SELECT table_name::text AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_name IN ${sql.in(names)} ORDER BY table_name`,
      (rows) => rows.map((row) => row.name),
    ),
  )

const numbersOf = (page: { readonly items: ReadonlyArray<PaymentInstruction> }) =>
  page.items.map((pi) => pi.number)

for (const database of databases({ migrate: false, shared: false })) {
  describe(`migration 0009 on ${database.name}`, () => {
    it.effect(
      "DB-1 / PI-S-11: 0002's PIs move into the store's tables, read back whole with their history in order, found by their columns, the history append-only",
      () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          yield* PgMigrations.runAll(migrations.filter((each) => each.id < 9))
          // Recorded in this order: the neighbour's between Dhenkanal's two.
          yield* insert0002(original)
          yield* insert0002(neighbour)
          yield* insert0002(revised)
          assert.deepStrictEqual(yield* PgMigrations.runAll(migrations.filter((each) => each.id <= 9)), [
            [9, "payment_instructions_store"],
          ])
          assert.deepStrictEqual(
            yield* tablesNamed([
              "payment_instructions",
              "payment_instructions_history",
              "payment_instructions_0002",
              "pi_beneficiaries",
              "pi_history",
            ]),
            ["payment_instructions", "payment_instructions_history"],
            "the old tables are gone",
          )

          const repository = yield* Repository
          for (const pi of [original, revised, neighbour]) {
            const key = { tenantId: pi.current.tenantId, number: pi.current.number }
            assert.deepStrictEqual(
              yield* repository.get({ tenantId: key.tenantId, id: key.number }),
              pi.current,
              `${key.tenantId} ${key.number} whole`,
            )
            assert.deepStrictEqual(
              yield* PaymentInstructionRepository.historyOf(key),
              pi.entries,
              `${key.tenantId} ${key.number}'s history, in order`,
            )
          }
          assert.strictEqual(original.current.version, 3)

          const find = (where: Parameters<typeof repository.find>[0]["where"]) =>
            repository.find({ tenantId: dhenkanal, where, limit: 10 })
          const both = [original.current.number, revised.current.number]
          assert.deepStrictEqual(numbersOf(yield* find({})), both, "recorded order")
          assert.deepStrictEqual(numbersOf(yield* find({ billId: "bill-1" })), both)
          assert.deepStrictEqual(numbersOf(yield* find({ status: original.current.status })), [
            original.current.number,
          ])
          assert.deepStrictEqual(numbersOf(yield* find({ paymentIds: "BN-DK/000009" })), [
            revised.current.number,
          ])
          assert.deepStrictEqual(numbersOf(yield* find({ paymentIds: "BN-DK/000001" })), both)
          assert.deepStrictEqual(numbersOf(yield* find({ failedNumber: original.current.number })), [
            revised.current.number,
          ])
          assert.deepStrictEqual(numbersOf(yield* find({ originKind: "Revision" })), [revised.current.number])
          assert.deepStrictEqual(
            numbersOf(yield* find({ lastCalledAt: { from: DateTime.formatIso(calledAt) } })),
            [original.current.number],
            "the last JIT call carried from the JitCalled entry",
          )
          const [columns] = yield* sql<{
            readonly ids: ReadonlyArray<string>
            readonly state: string
            readonly called: boolean
          }>`
            SELECT payment_ids AS ids, state_tenant_id AS state, last_called_at = ${DateTime.formatIso(calledAt)}::timestamptz AS called
            FROM payment_instructions WHERE tenant_id = ${dhenkanal} AND id = ${original.current.number}`
          assert.deepStrictEqual(columns, {
            ids: ["BN-DK/000001", "BN-DK/000002"],
            state: "od",
            called: true,
          })

          // A PI stored after the migration comes after the carried ones.
          const next = samplePaymentInstruction({
            tenantId: dhenkanal,
            number: "PI-DK/2024-25/000003",
            billId: "bill-3",
            paymentIds: ["BN-DK/000003", "BN-DK/000004"],
          })
          yield* PaymentInstructionRepository.insertCreated(next, {
            _tag: "Created",
            at,
            paymentInstruction: next,
          })
          assert.deepStrictEqual(numbersOf(yield* find({})), [...both, next.number])

          const changed = yield* Effect.exit(
            sql`UPDATE payment_instructions_history SET document = '{}'::jsonb WHERE tenant_id = ${dhenkanal}`,
          )
          const deleted = yield* Effect.exit(
            sql`DELETE FROM payment_instructions_history WHERE tenant_id = ${dhenkanal}`,
          )
          assert.isTrue(Exit.isFailure(changed), "PI-S-11: a carried entry cannot be changed")
          assert.isTrue(Exit.isFailure(deleted), "PI-S-11: a carried entry cannot be deleted")
          assert.deepStrictEqual(
            yield* PaymentInstructionRepository.historyOf({
              tenantId: dhenkanal,
              number: original.current.number,
            }),
            original.entries,
          )
        }).pipe(
          Effect.provide(
            PgAggregateStore.layer(Repository, PaymentInstructionRepository.descriptor).pipe(
              Layer.provideMerge(Layer.merge(database.layer, Registries.SensitiveFieldCipher.layerMemory)),
            ),
          ),
        ),
      freshDatabaseTimeoutMs,
    )
  })
}
