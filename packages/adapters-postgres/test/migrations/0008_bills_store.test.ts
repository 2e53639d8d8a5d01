/**
 * Migration 0008 carries migration 0002's bills into the aggregate store's
 * table, on PGlite and, with `DATABASE_URL`, server Postgres: each is read
 * back whole, found by its source documents, and an active bill still holds
 * its documents (BILL-2, REL-5, DB-1).
 */
import { assert, describe, it } from "@effect/vitest"
import { Bills, Config, Ids, Money } from "@karya/core"
import { sampleBill } from "@karya/core/testing"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { documentCodec } from "../../src/internal/RepositoryRows.js"
import { migrations } from "../../src/migrations/index.js"
import * as PgAggregateStore from "../../src/PgAggregateStore.js"
import * as PgMigrations from "../../src/PgMigrations.js"
import { databases } from "../TestDatabases.js"

// Each test starts a database of its own (PGlite takes seconds to start).
const freshDatabaseTimeoutMs = 60_000

const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")

const payee: Bills.Bill.Payee = {
  id: "wage-seeker-1",
  kind: "individual",
  name: "Kuni Nayak",
  deducteeType: "individual",
}

// The table's columns in order, with their SQL types.
const columnsOf = (table: string) =>
  SqlClient.SqlClient.use(
    (sql) => sql<{ readonly name: string; readonly type: string }>`
      SELECT attname::text AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = ${table}::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
  )

// A bill as migration 0002's repository wrote it.
const insert0002 = (bill: Bills.Bill.Bill) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const document = yield* documentCodec(Bills.Bill.Bill).toText(bill)
    yield* sql`
      INSERT INTO bills (tenant_id, id, number, type, bill_date, work_order_id, workflow_state, gross_amount,
        net_amount, version, document)
      VALUES (${bill.tenantId}, ${bill.id}::uuid, ${bill.number}, ${bill.type}, ${bill.billDate}::date,
        ${bill.workOrderId}, ${bill.workflow.state}, ${Money.Amount.toCanonicalString(bill.grossAmount)}::numeric,
        ${Money.Amount.toCanonicalString(bill.netAmount)}::numeric, ${bill.version}, ${document}::jsonb)`
    yield* Effect.forEach(
      bill.sourceDocuments,
      (listed) => sql`
        INSERT INTO bill_source_documents (tenant_id, bill_id, kind, document_id, document_number, active)
        VALUES (${bill.tenantId}, ${bill.id}::uuid, ${listed.kind}, ${listed.id}, ${listed.number},
          ${Bills.Bill.isActive(bill)})`,
      { discard: true },
    )
  })

const billOf = (options: {
  readonly id: Ids.EntityId.EntityId
  readonly state: "APPROVED" | "REJECTED"
  readonly sourceDocuments: ReadonlyArray<Bills.Bill.SourceDocument>
}) =>
  sampleBill({
    id: options.id,
    tenantId,
    workOrderId: "WO-1",
    type: "purchase",
    state: options.state,
    sourceDocuments: options.sourceDocuments,
    payees: [payee],
    grossAmount: Money.Amount.makeUnsafe("1917"),
    deductionAmount: Money.Amount.makeUnsafe("19"),
  })

for (const database of databases({ migrate: false, shared: false })) {
  describe(`migration 0008 on ${database.name}`, () => {
    it.effect(
      "DB-1 / BILL-2: 0002's bills move into the store's table, read back whole, found by their source documents, an active bill still holding its documents",
      () =>
        Effect.gen(function* () {
          yield* PgMigrations.runAll(migrations.filter((each) => each.id < 8))
          const invoice: Bills.Bill.SourceDocument = { kind: "invoice", id: "INV-7", number: "INV/7" }
          const entry: Bills.Bill.SourceDocument = { kind: "measurementEntry", id: "MB-9", number: "MB/9" }
          const rejected = billOf({
            id: yield* Ids.EntityId.make,
            state: "REJECTED",
            sourceDocuments: [invoice],
          })
          const active = billOf({
            id: yield* Ids.EntityId.make,
            state: "APPROVED",
            sourceDocuments: [invoice, entry],
          })
          yield* insert0002(rejected)
          yield* insert0002(active)
          assert.deepStrictEqual(yield* PgMigrations.runAll(migrations.filter((each) => each.id <= 8)), [
            [8, "bills_store"],
          ])
          assert.deepStrictEqual(
            (yield* columnsOf("bills")).map((column) => [column.name, column.type]),
            [
              ["tenant_id", "text"],
              ["id", "text"],
              ["state_tenant_id", "text"],
              ["version", "integer"],
              ["sequence", "bigint"],
              ["document", "jsonb"],
              ...Object.entries(Bills.BillRepository.descriptor.columns).map(([name, column]) => [
                PgAggregateStore.columnNameOf(name),
                PgAggregateStore.sqlTypeOf(column.type),
              ]),
            ],
            "the table has the store's columns and the descriptor's, of their SQL types",
          )

          const repository = yield* Bills.BillRepository.BillRepository
          assert.deepStrictEqual(yield* repository.get({ tenantId, id: rejected.id }), rejected)
          assert.deepStrictEqual(yield* repository.get({ tenantId, id: active.id }), active)
          const ofInvoice = yield* Bills.BillRepository.billsOfSourceDocument({
            tenantId,
            sourceDocument: invoice,
          })
          assert.deepStrictEqual(new Set(ofInvoice.map((bill) => bill.id)), new Set([rejected.id, active.id]))
          const ofEntry = yield* repository.find({
            tenantId,
            where: {
              sourceDocuments: Bills.BillRepository.sourceDocumentKeyOf(entry),
              workflowState: "APPROVED",
            },
            limit: 10,
          })
          assert.deepStrictEqual(
            ofEntry.items.map((bill) => bill.id),
            [active.id],
          )
          const again = billOf({ id: yield* Ids.EntityId.make, state: "APPROVED", sourceDocuments: [entry] })
          const refused = yield* Effect.flip(repository.insert({ aggregate: again }))
          assert.strictEqual(refused._tag, "DuplicateBill")
          if (refused._tag === "DuplicateBill") assert.strictEqual(refused.existingBillId, active.id)
        }).pipe(
          Effect.provide(
            PgAggregateStore.layer(Bills.BillRepository.BillRepository, Bills.BillRepository.descriptor).pipe(
              Layer.provideMerge(database.layer),
            ),
          ),
        ),
      freshDatabaseTimeoutMs,
    )
  })
}
