/**
 * The bill repository on PostgreSQL and PGlite (ARCH-3, BILL-2, TEN-1,
 * DB-2..DB-5). A bill is one row of `bills` (key columns for the port's
 * queries and the Schema-encoded bill) and one row per source document in
 * `bill_source_documents`, whose unique index over the rows of active bills
 * makes the store itself refuse a second active bill for one document
 * (BILL-2), even when two requests race. Which bills are active is core's
 * decision (`Bill.isActive`), written to the `active` column.
 *
 * The port declares no "unavailable" error, so a store that cannot be
 * reached is a defect here (reported to the caller as a die).
 *
 * @since 0.1.0
 */
import { Bills, Money, Workflow } from "@karya/core"
import { Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import {
  type DocumentCodec,
  decodeRows,
  documentCodec,
  ensure,
  isEntityId,
} from "./internal/RepositoryRows.js"

type Bill = Bills.Bill.Bill
type SourceDocument = Bills.Bill.SourceDocument
type TenantId = Bill["tenantId"]

const Repository = Bills.BillRepository.BillRepository
const DuplicateBill = Bills.BillRepository.DuplicateBill
const BillNotFound = Bills.BillRepository.BillNotFound
const StaleVersion = Workflow.WorkflowEngine.StaleVersion

const BillRow = Schema.Struct({ document: Schema.String, version: Schema.Int })
const VersionRow = Schema.Struct({ version: Schema.Int })
const HolderRow = Schema.Struct({ kind: Schema.String, id: Schema.String, number: Schema.String })

const amountText = Money.Amount.toCanonicalString

const billColumns = (bill: Bill) => ({
  number: bill.number,
  type: bill.type,
  date: bill.billDate,
  workOrderId: bill.workOrderId,
  state: bill.workflow.state,
  gross: amountText(bill.grossAmount),
  net: amountText(bill.netAmount),
})

const insertBillRow = (sql: SqlClient.SqlClient, bill: Bill, document: string) => {
  const columns = billColumns(bill)
  return sql`
    INSERT INTO bills (tenant_id, id, number, type, bill_date, work_order_id, workflow_state, gross_amount,
      net_amount, version, document)
    VALUES (${bill.tenantId}, ${bill.id}::uuid, ${columns.number}, ${columns.type}, ${columns.date}::date,
      ${columns.workOrderId}, ${columns.state}, ${columns.gross}::numeric, ${columns.net}::numeric,
      ${bill.version}, ${document}::jsonb)`
}

const updateBillRow = (
  sql: SqlClient.SqlClient,
  bill: Bill,
  options: { readonly document: string; readonly expectedVersion: number },
) => {
  const columns = billColumns(bill)
  return sql`
    UPDATE bills SET number = ${columns.number}, type = ${columns.type}, bill_date = ${columns.date}::date,
      work_order_id = ${columns.workOrderId}, workflow_state = ${columns.state},
      gross_amount = ${columns.gross}::numeric, net_amount = ${columns.net}::numeric,
      version = ${bill.version}, document = ${options.document}::jsonb
    WHERE tenant_id = ${bill.tenantId} AND id = ${bill.id}::uuid AND version = ${options.expectedVersion}
    RETURNING version AS version`
}

// The first of the bill's documents, in its order, that another active bill
// holds: the refusal to report (BILL-2).
const firstHeld = (sql: SqlClient.SqlClient, bill: Bill) =>
  Effect.gen(function* () {
    const holders = yield* sql`
      SELECT held.kind AS kind, held.document_id AS id, holder.number AS number
      FROM bill_source_documents AS held
      JOIN bills AS holder ON holder.tenant_id = held.tenant_id AND holder.id = held.bill_id
      WHERE held.tenant_id = ${bill.tenantId} AND held.active AND held.bill_id <> ${bill.id}::uuid
        AND held.document_id = ANY(${bill.sourceDocuments.map((document) => document.id)}::text[])`.pipe(
      Effect.flatMap(decodeRows(HolderRow)),
    )
    for (const document of bill.sourceDocuments) {
      const holder = holders.find((row) => row.kind === document.kind && row.id === document.id)
      if (holder !== undefined) {
        return yield* new DuplicateBill({
          sourceKind: document.kind,
          sourceNumber: document.number,
          existingBillNumber: holder.number,
        })
      }
    }
    return yield* Effect.die(
      new Error(`a source document of ${bill.number} conflicted, but no holder is found`),
    )
  })

// Lists the bill's documents; an active bill that finds one already held by
// another active bill is refused, and its transaction rolls back (BILL-2).
const listDocuments = (sql: SqlClient.SqlClient, bill: Bill) =>
  Effect.gen(function* () {
    const documents = bill.sourceDocuments
    if (documents.length === 0) return
    const listed = yield* sql`
      INSERT INTO bill_source_documents (tenant_id, bill_id, kind, document_id, document_number, active)
      SELECT ${bill.tenantId}, ${bill.id}::uuid, item.kind, item.document_id, item.document_number,
        ${Bills.Bill.isActive(bill)}
      FROM unnest(${documents.map((document) => document.kind)}::text[],
        ${documents.map((document) => document.id)}::text[],
        ${documents.map((document) => document.number)}::text[]) AS item (kind, document_id, document_number)
      ON CONFLICT (tenant_id, kind, document_id) WHERE active DO NOTHING
      RETURNING document_id AS id`
    if (listed.length < documents.length) return yield* firstHeld(sql, bill)
  })

const refusalOf = (sql: SqlClient.SqlClient, bill: Bill, expectedVersion: number) =>
  Effect.gen(function* () {
    const rows = yield* sql`
      SELECT version AS version FROM bills WHERE tenant_id = ${bill.tenantId} AND id = ${bill.id}::uuid`.pipe(
      Effect.flatMap(decodeRows(VersionRow)),
    )
    const [stored] = rows
    return yield* stored === undefined
      ? new BillNotFound({ tenantId: bill.tenantId, billId: bill.id })
      : new StaleVersion({ entityId: bill.number, expectedVersion, actualVersion: stored.version })
  })

const makeWrites = (sql: SqlClient.SqlClient, codec: DocumentCodec<Bill>) => ({
  insert: (bill: Bill) =>
    Effect.gen(function* () {
      yield* ensure(bill.version === 1, "a new bill is stored at version 1")
      yield* Effect.sync(() => Bills.Bill.assertInvariants(bill))
      const document = yield* codec.toText(bill)
      yield* sql.withTransaction(Effect.andThen(insertBillRow(sql, bill, document), listDocuments(sql, bill)))
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  update: (request: { readonly bill: Bill; readonly expectedVersion: number }) =>
    Effect.gen(function* () {
      const { bill, expectedVersion } = request
      yield* ensure(bill.version === expectedVersion + 1, "an update stores the next version")
      yield* Effect.sync(() => Bills.Bill.assertInvariants(bill))
      const document = yield* codec.toText(bill)
      const write = Effect.gen(function* () {
        const updated = yield* updateBillRow(sql, bill, { document, expectedVersion })
        if (updated.length === 0) return yield* refusalOf(sql, bill, expectedVersion)
        yield* sql`DELETE FROM bill_source_documents WHERE tenant_id = ${bill.tenantId} AND bill_id = ${bill.id}::uuid`
        yield* listDocuments(sql, bill)
      })
      yield* sql.withTransaction(write)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
})

const order = 'ORDER BY bills.bill_date, bills.number COLLATE "C"'

const makeReads = (sql: SqlClient.SqlClient, codec: DocumentCodec<Bill>) => {
  const decodeAll = (tenantId: TenantId) => (rows: ReadonlyArray<unknown>) =>
    Effect.flatMap(decodeRows(BillRow)(rows), (decoded) =>
      Effect.forEach(decoded, (row) =>
        Effect.tap(codec.fromText(row.document, `bills(${tenantId})`), (bill) =>
          Effect.andThen(
            ensure(bill.tenantId === tenantId, "a bill's document names its tenant"),
            ensure(bill.version === row.version, "a bill's document has the row's version"),
          ),
        ),
      ),
    )
  const columns = sql.literal("bills.document::text AS document, bills.version AS version")
  return {
    get: (request: { readonly tenantId: TenantId; readonly billId: string }) =>
      (isEntityId(request.billId)
        ? sql`
            SELECT ${columns} FROM bills
            WHERE bills.tenant_id = ${request.tenantId} AND bills.id = ${request.billId}::uuid`.pipe(
            Effect.flatMap(decodeAll(request.tenantId)),
          )
        : Effect.succeed([])
      ).pipe(
        Effect.flatMap(([bill]) =>
          bill === undefined
            ? Effect.fail(new BillNotFound({ tenantId: request.tenantId, billId: request.billId }))
            : Effect.succeed(bill),
        ),
        Effect.catchTag("SqlError", Effect.die),
      ),
    listByWorkOrder: (request: { readonly tenantId: TenantId; readonly workOrderId: string }) =>
      sql`
        SELECT ${columns} FROM bills
        WHERE bills.tenant_id = ${request.tenantId} AND bills.work_order_id = ${request.workOrderId}
        ${sql.literal(order)}`.pipe(Effect.flatMap(decodeAll(request.tenantId)), Effect.orDie),
    listBySourceDocument: (request: {
      readonly tenantId: TenantId
      readonly sourceDocument: SourceDocument
    }) =>
      sql`
        SELECT ${columns} FROM bills
        WHERE bills.tenant_id = ${request.tenantId} AND EXISTS (
          SELECT 1 FROM bill_source_documents AS listed
          WHERE listed.tenant_id = bills.tenant_id AND listed.bill_id = bills.id
            AND listed.kind = ${request.sourceDocument.kind} AND listed.document_id = ${request.sourceDocument.id})
        ${sql.literal(order)}`.pipe(Effect.flatMap(decodeAll(request.tenantId)), Effect.orDie),
    listByType: (request: { readonly tenantId: TenantId; readonly type: Bills.Bill.BillType }) =>
      sql`
        SELECT ${columns} FROM bills
        WHERE bills.tenant_id = ${request.tenantId} AND bills.type = ${request.type}
        ${sql.literal(order)}`.pipe(Effect.flatMap(decodeAll(request.tenantId)), Effect.orDie),
  }
}

/**
 * The bill repository on the `SqlClient` in context. Needs migration 0002.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Bills.BillRepository.BillRepository, never, SqlClient.SqlClient> =
  Layer.effect(
    Repository,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const codec = documentCodec(Bills.Bill.Bill)
      return Repository.of({ ...makeWrites(sql, codec), ...makeReads(sql, codec) })
    }),
  )
