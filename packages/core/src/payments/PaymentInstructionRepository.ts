/**
 * The payment instruction repository port (ARCH-3, PI-S-11, TEN-1): stores
 * each PI with its append-only history. A PI's `version` is the number of
 * its history entries; an update names the version it was computed from,
 * appends exactly the new entries and fails with `STALE_VERSION` when the
 * stored version differs (DB-4). PI numbers are unique per tenant (PI-V-3,
 * ID-4). Every method names the tenant. Every implementation passes
 * `PaymentInstructionRepositorySuite` from `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { assert } from "../internal/assert.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import type { Created, HistoryEntry } from "./HistoryEntry.js"
import type { PaymentInstruction, PiStatus } from "./PaymentInstruction.js"
import { PiNumberDuplicate } from "./PushValidation.js"

/**
 * The PI store could not be read or written; nothing was changed, so
 * retrying is safe.
 *
 * @since 0.1.0
 * @category errors
 */
export class PaymentInstructionStoreUnavailable extends Schema.TaggedError<PaymentInstructionStoreUnavailable>(
  "@karya/core/payments/PaymentInstructionStoreUnavailable",
)("PaymentInstructionStoreUnavailable", { tenantId: Schema.String, reason: Schema.String }) {
  static readonly code = "PAYMENT_INSTRUCTION_STORE_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = PaymentInstructionStoreUnavailable.code
  readonly category = PaymentInstructionStoreUnavailable.category
  readonly retryable = true
  override get message(): string {
    return `The payment instructions of ${this.tenantId} cannot be reached (${this.reason}); nothing was changed, try again shortly.`
  }
}

/**
 * No PI of the tenant has the number.
 *
 * @since 0.1.0
 * @category errors
 */
export class PaymentInstructionNotFound extends Schema.TaggedError<PaymentInstructionNotFound>(
  "@karya/core/payments/PaymentInstructionNotFound",
)("PaymentInstructionNotFound", { tenantId: Schema.String, paymentInstructionNumber: Schema.String }) {
  static readonly code = "PAYMENT_INSTRUCTION_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = PaymentInstructionNotFound.code
  readonly category = PaymentInstructionNotFound.category
  readonly retryable = false
  override get message(): string {
    return `${this.tenantId} has no payment instruction ${this.paymentInstructionNumber}; check the number.`
  }
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface PaymentInstructionRepositoryShape {
  /** Stores a new PI (version 1) with its `Created` entry. */
  readonly insert: (
    paymentInstruction: PaymentInstruction,
    created: Created,
  ) => Effect.Effect<void, PiNumberDuplicate | PaymentInstructionStoreUnavailable>
  /**
   * Replaces a PI whose stored version is `expectedVersion` and appends the
   * entries that took it there (as many as the version grew).
   */
  readonly update: (
    paymentInstruction: PaymentInstruction,
    options: { readonly expectedVersion: number; readonly appended: ReadonlyArray<HistoryEntry> },
  ) => Effect.Effect<void, StaleVersion | PaymentInstructionNotFound | PaymentInstructionStoreUnavailable>
  readonly findByNumber: (
    tenantId: TenantId,
    paymentInstructionNumber: string,
  ) => Effect.Effect<Option.Option<PaymentInstruction>, PaymentInstructionStoreUnavailable>
  /** The PIs of a bill, oldest first. */
  readonly findByBill: (
    tenantId: TenantId,
    billId: string,
  ) => Effect.Effect<ReadonlyArray<PaymentInstruction>, PaymentInstructionStoreUnavailable>
  /** The PIs in any of the statuses, oldest first (the planner's input). */
  readonly findByStatus: (
    tenantId: TenantId,
    statuses: ReadonlyArray<PiStatus>,
  ) => Effect.Effect<ReadonlyArray<PaymentInstruction>, PaymentInstructionStoreUnavailable>
  /** The PIs with a beneficiary of this payment id, oldest first. */
  readonly findByPaymentId: (
    tenantId: TenantId,
    paymentId: string,
  ) => Effect.Effect<ReadonlyArray<PaymentInstruction>, PaymentInstructionStoreUnavailable>
  /** The PIs raised to repay failures of this PI (revised, or repayment after the window). */
  readonly findRaisedFrom: (
    tenantId: TenantId,
    failedNumber: string,
  ) => Effect.Effect<ReadonlyArray<PaymentInstruction>, PaymentInstructionStoreUnavailable>
  /** The PI's history, oldest entry first; empty for an unknown PI. */
  readonly history: (
    tenantId: TenantId,
    paymentInstructionNumber: string,
  ) => Effect.Effect<ReadonlyArray<HistoryEntry>, PaymentInstructionStoreUnavailable>
}

/**
 * The payment instruction repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class PaymentInstructionRepository extends Context.Service<
  PaymentInstructionRepository,
  PaymentInstructionRepositoryShape
>()("@karya/core/payments/PaymentInstructionRepository") {}

/**
 * The failed PI a PI repays, if it was raised for failures.
 *
 * @since 0.1.0
 * @category conversions
 */
export const raisedFromOf = (paymentInstruction: PaymentInstruction): string | undefined =>
  paymentInstruction.origin._tag === "Bill" ? undefined : paymentInstruction.origin.failedNumber

interface Stored {
  readonly paymentInstruction: PaymentInstruction
  readonly history: ReadonlyArray<HistoryEntry>
}

const keyOf = (tenantId: TenantId, paymentInstructionNumber: string): string =>
  JSON.stringify([tenantId, paymentInstructionNumber])

// Written only inside `Effect.sync`, each write one synchronous step, so a
// write is atomic as a `Ref.modify` would be, and costs O(1) (NFR-5).
type Store = Map<string, Stored>

const insertInto = (
  store: Store,
  paymentInstruction: PaymentInstruction,
  created: Created,
): PiNumberDuplicate | undefined => {
  assert(paymentInstruction.version === 1, "a PI is stored new at version 1, its Created entry")
  const key = keyOf(paymentInstruction.tenantId, paymentInstruction.number)
  if (store.has(key)) {
    return new PiNumberDuplicate({
      paymentInstructionNumber: paymentInstruction.number,
      tenantId: paymentInstruction.tenantId,
    })
  }
  store.set(key, { paymentInstruction, history: [created] })
  return undefined
}

const updateIn = (
  store: Store,
  paymentInstruction: PaymentInstruction,
  options: { readonly expectedVersion: number; readonly appended: ReadonlyArray<HistoryEntry> },
): StaleVersion | PaymentInstructionNotFound | undefined => {
  assert(
    paymentInstruction.version === options.expectedVersion + options.appended.length &&
      options.appended.length > 0,
    "an update appends one history entry per version it adds (PI-S-11)",
  )
  const key = keyOf(paymentInstruction.tenantId, paymentInstruction.number)
  const stored = store.get(key)
  if (stored === undefined) {
    return new PaymentInstructionNotFound({
      tenantId: paymentInstruction.tenantId,
      paymentInstructionNumber: paymentInstruction.number,
    })
  }
  if (stored.paymentInstruction.version !== options.expectedVersion) {
    return new StaleVersion({
      entityId: paymentInstruction.number,
      expectedVersion: options.expectedVersion,
      actualVersion: stored.paymentInstruction.version,
    })
  }
  // The map entry is replaced (not the history array extended in place), so
  // a history already read stays as it was read.
  store.set(key, { paymentInstruction, history: [...stored.history, ...options.appended] })
  return undefined
}

const failIfDefined = <E>(error: E | undefined): Effect.Effect<void, E> =>
  error === undefined ? Effect.void : Effect.fail(error)

const selecting =
  (store: Store) => (tenantId: TenantId, keep: (paymentInstruction: PaymentInstruction) => boolean) =>
    Effect.sync(() => {
      const selected: Array<PaymentInstruction> = []
      for (const stored of store.values()) {
        const paymentInstruction = stored.paymentInstruction
        if (paymentInstruction.tenantId === tenantId && keep(paymentInstruction))
          selected.push(paymentInstruction)
      }
      return selected
    })

/**
 * An in-memory repository: PIs and histories in one `Map` (insertion order
 * is the order created), each write made in one synchronous step, so writes
 * are atomic and O(1). Tests and demos only.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<PaymentInstructionRepository> = Layer.sync(
  PaymentInstructionRepository,
  () => {
    const store: Store = new Map()
    const select = selecting(store)
    return PaymentInstructionRepository.of({
      insert: (paymentInstruction, created) =>
        Effect.flatMap(
          Effect.sync(() => insertInto(store, paymentInstruction, created)),
          failIfDefined,
        ),
      update: (paymentInstruction, options) =>
        Effect.flatMap(
          Effect.sync(() => updateIn(store, paymentInstruction, options)),
          failIfDefined,
        ),
      findByNumber: (tenantId, number) =>
        Effect.sync(() => Option.fromUndefinedOr(store.get(keyOf(tenantId, number))?.paymentInstruction)),
      findByBill: (tenantId, billId) => select(tenantId, (pi) => pi.bill.billId === billId),
      findByStatus: (tenantId, statuses) => select(tenantId, (pi) => statuses.includes(pi.status)),
      findByPaymentId: (tenantId, paymentId) =>
        select(tenantId, (pi) => pi.beneficiaries.some((beneficiary) => beneficiary.paymentId === paymentId)),
      findRaisedFrom: (tenantId, failedNumber) => select(tenantId, (pi) => raisedFromOf(pi) === failedNumber),
      history: (tenantId, number) => Effect.sync(() => store.get(keyOf(tenantId, number))?.history ?? []),
    })
  },
)
