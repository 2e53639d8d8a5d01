/**
 * The bill repository port (ARCH-3, TEN-1, DB-4): tenant-scoped, versioned
 * storage of bills with the queries the bill rules search on: by work order
 * (the contract bound, BILL-2; supervision, BILL-S-1), by source document
 * (one bill per document, BILL-2) and by type (scheduled supervision,
 * BILL-S-3). Every implementation passes `BillRepositorySuite` from
 * `@karya/core/testing`.
 *
 * The store itself enforces BILL-2's one-bill-per-source-document rule among
 * active (not rejected) bills, so two concurrent requests for one muster
 * roll cannot both succeed: the use cases check first for a clear refusal,
 * and the store refuses again at write time (paired checks). A SQL adapter
 * keeps the source documents in their own table with a unique index on
 * (tenant, kind, id) over the rows of active bills.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Ref, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { assert } from "../internal/assert.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import * as Bill from "./Bill.js"

/**
 * A source document is already billed by an active bill (BILL-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class DuplicateBill extends Schema.TaggedError<DuplicateBill>("@karya/core/bills/DuplicateBill")(
  "DuplicateBill",
  {
    sourceKind: Schema.String,
    sourceNumber: Schema.String,
    existingBillNumber: Schema.String,
  },
) {
  static readonly code = "DUPLICATE_BILL"
  static readonly category = "conflict"
  readonly code = DuplicateBill.code
  readonly category = DuplicateBill.category
  readonly retryable = false
  override get message(): string {
    return `The ${describeKind(this.sourceKind)} ${this.sourceNumber} is already billed on ${this.existingBillNumber}; a document is billed only once, so open that bill instead (or reject it first if it is wrong).`
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
 * The port's operations. Lists are ordered by bill date, then number.
 *
 * @since 0.1.0
 * @category models
 */
export interface BillRepositoryShape {
  /** Stores a new bill at version 1; refused when an active bill already lists one of its source documents. */
  readonly insert: (bill: Bill.Bill) => Effect.Effect<void, DuplicateBill>
  /** Replaces a stored bill whose version is `expectedVersion` by `bill` (version `expectedVersion + 1`). */
  readonly update: (request: {
    readonly bill: Bill.Bill
    readonly expectedVersion: number
  }) => Effect.Effect<void, BillNotFound | StaleVersion | DuplicateBill>
  readonly get: (request: {
    readonly tenantId: TenantId
    readonly billId: string
  }) => Effect.Effect<Bill.Bill, BillNotFound>
  readonly listByWorkOrder: (request: {
    readonly tenantId: TenantId
    readonly workOrderId: string
  }) => Effect.Effect<ReadonlyArray<Bill.Bill>>
  /** Every bill (active or rejected) that lists the document. */
  readonly listBySourceDocument: (request: {
    readonly tenantId: TenantId
    readonly sourceDocument: Bill.SourceDocument
  }) => Effect.Effect<ReadonlyArray<Bill.Bill>>
  readonly listByType: (request: {
    readonly tenantId: TenantId
    readonly type: Bill.BillType
  }) => Effect.Effect<ReadonlyArray<Bill.Bill>>
}

/**
 * The bill repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class BillRepository extends Context.Service<BillRepository, BillRepositoryShape>()(
  "@karya/core/bills/BillRepository",
) {}

const keyOf = (tenantId: TenantId, billId: string): string => JSON.stringify([tenantId, billId])

const byDateThenNumber = (left: Bill.Bill, right: Bill.Bill): number =>
  left.billDate === right.billDate
    ? left.number.localeCompare(right.number)
    : left.billDate.localeCompare(right.billDate)

const ofTenant = (store: ReadonlyMap<string, Bill.Bill>, tenantId: TenantId): ReadonlyArray<Bill.Bill> =>
  [...store.values()].filter((bill) => bill.tenantId === tenantId).sort(byDateThenNumber)

/**
 * The first conflict of a bill's source documents with another active bill
 * of its tenant, if any, as the refusal to return.
 *
 * @since 0.1.0
 * @category constructors
 */
export const duplicateOf = (bill: Bill.Bill, others: ReadonlyArray<Bill.Bill>): DuplicateBill | undefined => {
  if (!Bill.isActive(bill)) return undefined
  for (const document of bill.sourceDocuments) {
    const existing = others.find(
      (other) => other.id !== bill.id && Bill.isActive(other) && Bill.hasSourceDocument(other, document),
    )
    if (existing !== undefined) {
      return new DuplicateBill({
        sourceKind: document.kind,
        sourceNumber: document.number,
        existingBillNumber: existing.number,
      })
    }
  }
  return undefined
}

type Outcome<E> = readonly [E | undefined, ReadonlyMap<string, Bill.Bill>]

const inserted = (store: ReadonlyMap<string, Bill.Bill>, bill: Bill.Bill): Outcome<DuplicateBill> => {
  assert(bill.version === 1, "a new bill is stored at version 1")
  assert(!store.has(keyOf(bill.tenantId, bill.id)), "a new bill has a new id")
  Bill.assertInvariants(bill)
  const duplicate = duplicateOf(bill, ofTenant(store, bill.tenantId))
  if (duplicate !== undefined) return [duplicate, store]
  return [undefined, new Map(store).set(keyOf(bill.tenantId, bill.id), bill)]
}

const updated = (
  store: ReadonlyMap<string, Bill.Bill>,
  request: { readonly bill: Bill.Bill; readonly expectedVersion: number },
): Outcome<BillNotFound | StaleVersion | DuplicateBill> => {
  const { bill, expectedVersion } = request
  assert(bill.version === expectedVersion + 1, "an update stores the next version")
  Bill.assertInvariants(bill)
  const stored = store.get(keyOf(bill.tenantId, bill.id))
  if (stored === undefined) return [new BillNotFound({ tenantId: bill.tenantId, billId: bill.id }), store]
  if (stored.version !== expectedVersion) {
    const stale = new StaleVersion({
      entityId: bill.number,
      expectedVersion,
      actualVersion: stored.version,
    })
    return [stale, store]
  }
  const duplicate = duplicateOf(bill, ofTenant(store, bill.tenantId))
  if (duplicate !== undefined) return [duplicate, store]
  return [undefined, new Map(store).set(keyOf(bill.tenantId, bill.id), bill)]
}

const failOrVoid = <E>(error: E | undefined): Effect.Effect<void, E> =>
  error === undefined ? Effect.void : Effect.fail(error)

/**
 * An in-memory repository: the bills live in one `Ref`, and every write is
 * one atomic update, so concurrent writers see each other's bills. State
 * lasts as long as the layer; tests and demos only.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<BillRepository> = Layer.effect(
  BillRepository,
  Effect.map(Ref.make<ReadonlyMap<string, Bill.Bill>>(new Map()), (state) =>
    BillRepository.of({
      insert: (bill) =>
        Effect.flatMap(
          Ref.modify(state, (store) => inserted(store, bill)),
          failOrVoid,
        ),
      update: (request) =>
        Effect.flatMap(
          Ref.modify(state, (store) => updated(store, request)),
          failOrVoid,
        ),
      get: ({ tenantId, billId }) =>
        Effect.flatMap(Ref.get(state), (store) => {
          const bill = store.get(keyOf(tenantId, billId))
          return bill === undefined
            ? Effect.fail(new BillNotFound({ tenantId, billId }))
            : Effect.succeed(bill)
        }),
      listByWorkOrder: ({ tenantId, workOrderId }) =>
        Effect.map(Ref.get(state), (store) =>
          ofTenant(store, tenantId).filter((bill) => bill.workOrderId === workOrderId),
        ),
      listBySourceDocument: ({ tenantId, sourceDocument }) =>
        Effect.map(Ref.get(state), (store) =>
          ofTenant(store, tenantId).filter((bill) => Bill.hasSourceDocument(bill, sourceDocument)),
        ),
      listByType: ({ tenantId, type }) =>
        Effect.map(Ref.get(state), (store) => ofTenant(store, tenantId).filter((bill) => bill.type === type)),
    }),
  ),
)
