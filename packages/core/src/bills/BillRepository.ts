/**
 * The store of bills (BILL-1..BILL-4): versioned (DB-4), tenant-scoped
 * (TEN-1), on the one store shape of `Persistence.AggregateStore`. A bill
 * acts with its own `version` (a workflow action names it).
 *
 * BILL-2's one bill per source document is the `sourceDocument` unique rule:
 * an active (not rejected) bill claims the key `kind:id` of each document it
 * pays for, so two concurrent requests for one muster roll cannot both be
 * stored, and a rejected bill frees its documents. The use cases check first
 * for a clear refusal naming the holder's number, and the store refuses
 * again at write time (paired checks, REL-5).
 *
 * - by id: `get({ tenantId, id })` (or `BILL_NOT_FOUND`);
 * - the bills of a work order (the contract bound, BILL-2; supervision,
 *   BILL-S-1): `findAll` with `where: { workOrderId }`, `orderBy: "billDate"`,
 *   at most `billsPerWorkOrderMax`;
 * - the bills listing a source document: `find` with
 *   `where: { sourceDocuments: sourceDocumentKeyOf(document) }`;
 * - by type and workflow state (scheduled supervision, BILL-S-3): `find` or
 *   `findAll` with `where: { type, workflowState }`.
 *
 * @since 0.1.0
 */
import { Context, type Effect, type Layer, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { assert } from "../internal/assert.js"
import * as Amount from "../money/Amount.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import * as Bill from "./Bill.js"

/**
 * A source document is already billed by an active bill (BILL-2). The use
 * case's check names the holder's number; the store's own refusal (a
 * concurrent request won) knows only the holder's id.
 *
 * @since 0.1.0
 * @category errors
 */
export class DuplicateBill extends Schema.TaggedError<DuplicateBill>("@karya/core/bills/DuplicateBill")(
  "DuplicateBill",
  {
    sourceKind: Schema.String,
    sourceNumber: Schema.String,
    existingBillId: Schema.String,
    existingBillNumber: Schema.optionalKey(Schema.String),
  },
) {
  static readonly code = "DUPLICATE_BILL"
  static readonly category = "conflict"
  readonly code = DuplicateBill.code
  readonly category = DuplicateBill.category
  readonly retryable = false
  override get message(): string {
    const existing = this.existingBillNumber ?? `another bill (${this.existingBillId})`
    return `The ${describeKind(this.sourceKind)} ${this.sourceNumber} is already billed on ${existing}; a document is billed only once, so open that bill instead (or reject it first if it is wrong).`
  }
}

const kindNames: Readonly<Record<string, string>> = {
  musterRoll: "muster roll",
  measurementEntry: "measurement entry",
  invoice: "invoice",
  bill: "bill",
}

const describeKind = (kind: string): string => kindNames[kind] ?? kind

/**
 * No bill with this id in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class BillNotFound extends Schema.TaggedError<BillNotFound>("@karya/core/bills/BillNotFound")(
  "BillNotFound",
  { tenantId: Schema.String, billId: Schema.String },
) {
  static readonly code = "BILL_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = BillNotFound.code
  readonly category = BillNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No bill ${this.billId} exists in ${this.tenantId}; check the bill and the ULB you are working in.`
  }
}

/**
 * The key of a source document in the `sourceDocuments` column and the
 * `sourceDocument` unique rule: `kind:id` (`musterRoll:3f…`).
 *
 * @since 0.1.0
 * @category conversions
 */
export const sourceDocumentKeyOf = (document: Pick<Bill.SourceDocument, "kind" | "id">): string =>
  `${document.kind}:${document.id}`

/**
 * The most bills one work order has, for the computations over all of them
 * (the contract bound, the material check, supervision, contractor bills):
 * a work order is billed weekly at most (a muster roll a week) for a few
 * years, with its purchase and contractor bills, far below this. Rejected
 * bills count too, so the intake bounds it: submitting a bill on an order
 * that already has this many is refused (`BILLS_PER_WORK_ORDER_EXCEEDED`),
 * and `billsOfWorkOrder` never finds more.
 *
 * @since 0.1.0
 * @category constants
 */
export const billsPerWorkOrderMax = 2_000

/**
 * The most bills that list one source document: one active bill, and the
 * rejected ones before it (a document is billed again after each
 * rejection); more means something is looping. The intake bounds it:
 * submitting a bill that lists a document already listed by this many is
 * refused (`BILLS_PER_SOURCE_DOCUMENT_EXCEEDED`), and
 * `billsOfSourceDocument` never finds more.
 *
 * @since 0.1.0
 * @category constants
 */
export const billsPerSourceDocumentMax = 100

/**
 * The work order already has `billsPerWorkOrderMax` bills, rejected ones
 * included: a new one is not stored.
 *
 * @since 0.1.0
 * @category errors
 */
export class BillsPerWorkOrderExceeded extends Schema.TaggedError<BillsPerWorkOrderExceeded>(
  "@karya/core/bills/BillsPerWorkOrderExceeded",
)("BillsPerWorkOrderExceeded", { workOrderNumber: Schema.String, limit: Schema.Number }) {
  static readonly code = "BILLS_PER_WORK_ORDER_EXCEEDED"
  static readonly category = "rule"
  readonly code = BillsPerWorkOrderExceeded.code
  readonly category = BillsPerWorkOrderExceeded.category
  readonly retryable = false
  override get message(): string {
    return `The work order ${this.workOrderNumber} already has ${this.limit} bills, rejected ones included, the most one work order holds; no further bill can be raised on it, so close it and carry the remaining work on a new work order.`
  }
}

/**
 * A source document of the bill is already listed by
 * `billsPerSourceDocumentMax` bills (each rejected but the last): the bill
 * is not stored.
 *
 * @since 0.1.0
 * @category errors
 */
export class BillsPerSourceDocumentExceeded extends Schema.TaggedError<BillsPerSourceDocumentExceeded>(
  "@karya/core/bills/BillsPerSourceDocumentExceeded",
)("BillsPerSourceDocumentExceeded", {
  sourceKind: Schema.String,
  sourceNumber: Schema.String,
  limit: Schema.Number,
}) {
  static readonly code = "BILLS_PER_SOURCE_DOCUMENT_EXCEEDED"
  static readonly category = "rule"
  readonly code = BillsPerSourceDocumentExceeded.code
  readonly category = BillsPerSourceDocumentExceeded.category
  readonly retryable = false
  override get message(): string {
    return `The ${describeKind(this.sourceKind)} ${this.sourceNumber} has been billed ${this.limit} times already, each bill rejected, the most one document may be; correct the document itself rather than bill it again.`
  }
}

/**
 * How bills are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<Bill.Bill>()({
  name: "Bill",
  schema: Bill.Bill,
  idOf: (bill) => bill.id,
  columns: {
    number: { type: "text", of: (bill) => bill.number, sortable: true },
    type: { type: "text", of: (bill) => bill.type },
    workflowState: { type: "text", of: (bill) => bill.workflow.state },
    workOrderId: { type: "text", of: (bill) => bill.workOrderId },
    billDate: { type: "date", of: (bill) => bill.billDate, sortable: true },
    grossAmount: {
      type: "numeric",
      of: (bill) => Amount.toCanonicalString(bill.grossAmount),
      sortable: true,
    },
    netAmount: { type: "numeric", of: (bill) => Amount.toCanonicalString(bill.netAmount), sortable: true },
    sourceDocuments: { type: "textList", of: (bill) => bill.sourceDocuments.map(sourceDocumentKeyOf) },
    payeeIds: { type: "textList", of: (bill) => bill.details.map((detail) => detail.payee.id) },
  },
  uniques: {
    sourceDocument: {
      scope: "tenant",
      keyOf: (bill) => (Bill.isActive(bill) ? bill.sourceDocuments.map(sourceDocumentKeyOf) : undefined),
      conflict: ({ aggregate, holder, key }) => {
        const document = aggregate.sourceDocuments.find((listed) => sourceDocumentKeyOf(listed) === key)
        assert(document !== undefined, "a bill clashes on a key of one of its source documents")
        return new DuplicateBill({
          sourceKind: document.kind,
          sourceNumber: document.number,
          existingBillId: holder.id,
        })
      },
    },
  },
  notFound: (key) => new BillNotFound({ tenantId: key.tenantId, billId: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type BillRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The bill repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class BillRepository extends Context.Service<BillRepository, BillRepositoryShape>()(
  "@karya/core/bills/BillRepository",
) {}

/**
 * Every bill of a work order, active or rejected, by bill date then
 * insertion: the input of the computations over a work order's bills
 * (`Bill.billedOnWorkOrder`, `SupervisionBill.supervisableBills`…).
 *
 * @since 0.1.0
 * @category constructors
 */
export const billsOfWorkOrder = (request: {
  readonly tenantId: TenantId
  readonly workOrderId: string
}): Effect.Effect<ReadonlyArray<Bill.Bill>, StoreUnavailable, BillRepository> =>
  BillRepository.use((repository) =>
    AggregateStore.findAll(
      repository,
      { tenantId: request.tenantId, where: { workOrderId: request.workOrderId }, orderBy: "billDate" },
      { itemsMax: billsPerWorkOrderMax },
    ),
  )

/**
 * Every bill, active or rejected, that lists a source document.
 *
 * @since 0.1.0
 * @category constructors
 */
export const billsOfSourceDocument = (request: {
  readonly tenantId: TenantId
  readonly sourceDocument: Pick<Bill.SourceDocument, "kind" | "id">
}): Effect.Effect<ReadonlyArray<Bill.Bill>, StoreUnavailable, BillRepository> =>
  BillRepository.use((repository) =>
    AggregateStore.findAll(
      repository,
      { tenantId: request.tenantId, where: { sourceDocuments: sourceDocumentKeyOf(request.sourceDocument) } },
      { itemsMax: billsPerSourceDocumentMax },
    ),
  )

/**
 * An in-memory bill store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<BillRepository> = AggregateStore.layerMemory(BillRepository, descriptor)
