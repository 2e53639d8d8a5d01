/**
 * The store of payment instructions (ARCH-3, PI-S-11, TEN-1) on the one
 * store shape of `Persistence.AggregateStore`: each PI, keyed by its number
 * (PIs are found by number everywhere, PI-V-3, ID-4), with its append-only
 * history. A PI's `version` is the number of its history entries; an update
 * names the version it was computed from and fails with `STALE_VERSION`
 * when the stored version differs (DB-4). Its documents and history entries
 * carry bank account numbers, so a store keeps them sealed at rest
 * (`atRest: "sealed"`, PRIV-2).
 *
 * - by number: `get({ tenantId, id: number })` (or `PAYMENT_INSTRUCTION_NOT_FOUND`);
 * - a bill's PIs, oldest first: `findAll` with `where: { billId }` and
 *   `itemsMax: paymentInstructionsOfBillMax`;
 * - the planner's input (PI-P-1): `findAll` with `where: { status: statuses }`
 *   and `itemsMax: plannedPaymentInstructionsMax`;
 * - the PIs carrying any of some payment ids: `where: { paymentIds }`;
 * - the PIs raised to repay a failed PI: `where: { failedNumber }`;
 * - history: `history({ tenantId, id: number, limit })`, or all of it with
 *   `historyOf`.
 *
 * Writes go through `insertCreated` and `updateAppending`, which hold
 * PI-S-11: a PI is stored new at version 1 with its `Created` entry, and an
 * update appends one history entry per version it adds.
 *
 * @since 0.1.0
 */
import { Context, DateTime, Effect, type Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { assert } from "../internal/assert.js"
import * as Amount from "../money/Amount.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { pageSizeMax } from "../persistence/Page.js"
import type { StaleVersion } from "../persistence/StaleVersion.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import { type Created, HistoryEntry } from "./HistoryEntry.js"
import { PaymentInstruction } from "./PaymentInstruction.js"
import { PiExists } from "./PiExists.js"
import { PiNumberDuplicate } from "./PushValidation.js"

/**
 * The PI store could not be read or written.
 *
 * @deprecated The code is retired: every store reports `STORE_UNAVAILABLE`
 * (`Persistence.StoreUnavailable`). Kept so the code is never reused.
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
 * The failed PI a PI repays, if it was raised for failures.
 *
 * @since 0.1.0
 * @category conversions
 */
export const raisedFromOf = (paymentInstruction: PaymentInstruction): string | undefined =>
  paymentInstruction.origin._tag === "Bill" ? undefined : paymentInstruction.origin.failedNumber

/**
 * When JIT was last called for the PI (any service), if ever: the last
 * instant its status could have changed, since a PI moves only on a JIT
 * reply (or a push from New); what a KPI ages a PI by.
 *
 * @since 0.1.0
 * @category conversions
 */
export const lastCalledAtOf = (paymentInstruction: PaymentInstruction): DateTime.Utc | undefined => {
  let latest: DateTime.Utc | undefined
  for (const instant of Object.values(paymentInstruction.lastCalls)) {
    if (instant !== undefined && (latest === undefined || DateTime.isGreaterThan(instant, latest)))
      latest = instant
  }
  return latest
}

/**
 * How payment instructions are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<PaymentInstruction>()({
  name: "PaymentInstruction",
  schema: PaymentInstruction,
  idOf: (paymentInstruction) => paymentInstruction.number,
  atRest: "sealed",
  columns: {
    status: { type: "text", of: (pi) => pi.status },
    billId: { type: "text", of: (pi) => pi.bill.billId },
    // A revised PI is exactly one whose origin is a `Revision` (PI-S-7), so
    // the origin also tells the kind.
    originKind: { type: "text", of: (pi) => pi.origin._tag },
    failedNumber: { type: "text", of: (pi) => raisedFromOf(pi) ?? null },
    paymentIds: {
      type: "textList",
      of: (pi) => pi.beneficiaries.map((beneficiary) => beneficiary.paymentId),
    },
    grossAmount: { type: "numeric", of: (pi) => Amount.toCanonicalString(pi.header.grossAmount) },
    netAmount: { type: "numeric", of: (pi) => Amount.toCanonicalString(pi.header.netAmount) },
    date: { type: "date", of: (pi) => pi.date, sortable: true },
    lastCalledAt: {
      type: "timestamptz",
      of: (pi) => {
        const instant = lastCalledAtOf(pi)
        return instant === undefined ? null : DateTime.formatIso(instant)
      },
    },
  },
  // The number is the key; a second PI of one number is refused by
  // `insertCreated` (ID-3), and a race on one number is a defect.
  uniques: {
    // PI-1: a bill has at most one original PI that is not Rejected; a
    // rejected one gives its claim up, so the bill's next original PI can
    // be raised. The loser of a race learns the holder's number (its status
    // is read by the use case that lost).
    originalOfBill: {
      scope: "tenant",
      keyOf: (pi) => (pi.origin._tag === "Bill" && pi.status !== "Rejected" ? pi.bill.billId : undefined),
      conflict: ({ aggregate, holder }) =>
        new PiExists({ billNumber: aggregate.bill.billNumber, paymentInstructionNumber: holder.id }),
    },
  },
  notFound: (key) =>
    new PaymentInstructionNotFound({ tenantId: key.tenantId, paymentInstructionNumber: key.id }),
  history: { schema: HistoryEntry },
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type PaymentInstructionRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

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
 * An in-memory payment instruction store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<PaymentInstructionRepository> = AggregateStore.layerMemory(
  PaymentInstructionRepository,
  descriptor,
)

/**
 * The most PIs the nightly planner reads at once (PI-P-1): NFR-5 sizes a
 * night at 10,000 PIs; a tenant with five times that many due is a
 * deployment's mistake, not a night's work.
 *
 * @since 0.1.0
 * @category constants
 */
export const plannedPaymentInstructionsMax = 50_000

/**
 * The most PIs one bill (or one beneficiary payment, or one failed PI) has:
 * its original PI, then a revised or repayment PI per round of failures and
 * a new original PI per rejection; a hundred means something is looping.
 * Every PI of a bill carries its bill id (a repayment its failed PI's), and
 * the two use cases that add one (`createFromBill`, `raiseRepayment`) read
 * the bill's PIs first and refuse the one past this
 * (`PAYMENT_INSTRUCTIONS_OF_BILL_EXCEEDED`), so the intake bounds it.
 *
 * @since 0.1.0
 * @category constants
 */
export const paymentInstructionsOfBillMax = 100

/**
 * The most history entries read for one PI: each entry is a JIT call, a
 * sanction choice, a correction or a repayment raised; a PI polled daily
 * for years stays far below it.
 *
 * @since 0.1.0
 * @category constants
 */
export const historyEntriesMax = 10_000

/**
 * Stores a new PI (version 1) with its `Created` entry (PI-S-11); a number
 * the tenant already has is refused with `PI_NUMBER_DUPLICATE` (ID-3).
 *
 * @since 0.1.0
 * @category constructors
 */
export const insertCreated = (
  paymentInstruction: PaymentInstruction,
  created: Created,
): Effect.Effect<void, PiNumberDuplicate | PiExists | StoreUnavailable, PaymentInstructionRepository> =>
  Effect.flatMap(PaymentInstructionRepository, (repository) =>
    Effect.gen(function* () {
      assert(paymentInstruction.version === 1, "a PI is stored new at version 1, its Created entry")
      const key = { tenantId: paymentInstruction.tenantId, id: paymentInstruction.number }
      const stored = yield* repository.get(key).pipe(
        Effect.map(Option.some),
        Effect.catchTag("PaymentInstructionNotFound", () => Effect.succeed(Option.none())),
      )
      if (Option.isSome(stored))
        return yield* new PiNumberDuplicate({
          paymentInstructionNumber: paymentInstruction.number,
          tenantId: paymentInstruction.tenantId,
        })
      yield* repository.insert({ aggregate: paymentInstruction, history: [created] })
    }),
  )

/**
 * Replaces a PI whose stored version is `expectedVersion` and appends the
 * entries that took it there: one per version it adds (PI-S-11).
 *
 * @since 0.1.0
 * @category constructors
 */
export const updateAppending = (
  paymentInstruction: PaymentInstruction,
  options: { readonly expectedVersion: number; readonly appended: ReadonlyArray<HistoryEntry> },
): Effect.Effect<
  void,
  StaleVersion | PaymentInstructionNotFound | PiExists | StoreUnavailable,
  PaymentInstructionRepository
> =>
  Effect.flatMap(PaymentInstructionRepository, (repository) => {
    assert(options.appended.length > 0, "an update appends at least one history entry (PI-S-11)")
    assert(
      paymentInstruction.version === options.expectedVersion + options.appended.length,
      "an update appends one history entry per version it adds (PI-S-11)",
    )
    return repository.update({
      aggregate: paymentInstruction,
      expectedVersion: options.expectedVersion,
      history: options.appended,
    })
  })

/**
 * The PI's whole history, oldest entry first; empty for an unknown PI.
 *
 * @since 0.1.0
 * @category constructors
 */
export const historyOf = (key: {
  readonly tenantId: TenantId
  readonly number: string
}): Effect.Effect<ReadonlyArray<HistoryEntry>, StoreUnavailable, PaymentInstructionRepository> =>
  Effect.flatMap(PaymentInstructionRepository, (repository) =>
    Effect.gen(function* () {
      const entries: Array<HistoryEntry> = []
      let cursor: string | undefined
      do {
        const page = yield* repository.history({
          tenantId: key.tenantId,
          id: key.number,
          limit: pageSizeMax,
          cursor,
        })
        entries.push(...page.items)
        assert(entries.length <= historyEntriesMax, `a PI history exceeds ${historyEntriesMax} entries`)
        cursor = Option.getOrUndefined(page.nextCursor)
      } while (cursor !== undefined)
      return entries
    }).pipe(
      Effect.catchTags({
        CursorInvalid: (error) => Effect.die(error),
        PageSizeInvalid: (error) => Effect.die(error),
      }),
    ),
  )
