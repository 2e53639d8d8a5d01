/**
 * The status checks that found nothing new (PI-P-1, issue 11), on the one
 * store shape of `Persistence.AggregateStore`: when a PIS, PAG, PD, FD, FTPS
 * or FTFPS call leaves a PI as it was (`StatusMachine.apply` says
 * `NothingNew`), the PI is not written (no version, no history entry), so
 * its `lastCalls` do not move; the run records here instead that the
 * service checked the PI at that instant (`record`), and the planner reads
 * the day's records with the PIs' `lastCalls` (`checkedSince`), so a check
 * made at 22:00 is not made again at every later run of the night (the
 * scheduler fires once a minute).
 *
 * One record per (tenant, PI number, service), keyed `number/service`,
 * holding the latest instant: a later check replaces an earlier one over
 * the version it read, an earlier one never replaces a later one. The
 * records are bookkeeping of calls, outside the PI and its version; a lost
 * record costs one more check, never a wrong PI.
 *
 * @since 0.1.0
 */
import { Context, DateTime, Effect, type Layer, Option, Schema } from "effect"
import { TenantId } from "../ids/TenantId.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import { PaymentInstructionService } from "./JitService.js"
import { plannedPaymentInstructionsMax } from "./PaymentInstructionRepository.js"

/**
 * The most check records one run reads (those of one day): each of the
 * planner's PIs (`plannedPaymentInstructionsMax`) checked by at most each
 * of the six status-check services, since a record is kept per PI and
 * service; more is a deployment's mistake, and the run dies on it.
 *
 * @since 0.1.0
 * @category constants
 */
export const checksListedMax = 6 * plannedPaymentInstructionsMax

/**
 * The latest check by one service of one PI that found nothing new.
 *
 * @since 0.1.0
 * @category models
 */
export const Check = Schema.Struct({
  tenantId: TenantId,
  paymentInstructionNumber: Schema.String,
  service: PaymentInstructionService,
  /** When the service last checked the PI and found it as it was. */
  checkedAt: Schema.DateTimeUtc,
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Check = typeof Check.Type

/**
 * The tenant holds no check record of that PI and service.
 *
 * @since 0.1.0
 * @category errors
 */
export class PaymentInstructionCheckNotFound extends Schema.TaggedError<PaymentInstructionCheckNotFound>(
  "@karya/core/payments/PaymentInstructionCheckNotFound",
)("PaymentInstructionCheckNotFound", { tenantId: Schema.String, id: Schema.String }) {
  static readonly code = "PAYMENT_INSTRUCTION_CHECK_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = PaymentInstructionCheckNotFound.code
  readonly category = PaymentInstructionCheckNotFound.category
  readonly retryable = false
  override get message(): string {
    return `${this.tenantId} has no record of the status check ${this.id}; the check was not made or found something new.`
  }
}

/**
 * A check record of that PI and service is already stored (a concurrent
 * first check); the caller reads it and keeps the later instant.
 *
 * @since 0.1.0
 * @category errors
 */
export class PaymentInstructionCheckExists extends Schema.TaggedError<PaymentInstructionCheckExists>(
  "@karya/core/payments/PaymentInstructionCheckExists",
)("PaymentInstructionCheckExists", { tenantId: Schema.String, id: Schema.String }) {
  static readonly code = "PAYMENT_INSTRUCTION_CHECK_EXISTS"
  static readonly category = "conflict"
  readonly code = PaymentInstructionCheckExists.code
  readonly category = PaymentInstructionCheckExists.category
  readonly retryable = true
  override get message(): string {
    return `The status check ${this.id} of ${this.tenantId} is already recorded; read it and record the later instant.`
  }
}

/**
 * The key of the record of a PI and service.
 *
 * @since 0.1.0
 * @category constructors
 */
export const idOf = (check: Pick<Check, "paymentInstructionNumber" | "service">): string =>
  `${check.paymentInstructionNumber}/${check.service}`

/**
 * How check records are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<Check>()({
  name: "PaymentInstructionCheck",
  schema: Check,
  idOf,
  columns: {
    paymentInstructionNumber: { type: "text", of: (check) => check.paymentInstructionNumber },
    service: { type: "text", of: (check) => check.service },
    checkedAt: { type: "timestamptz", of: (check) => DateTime.formatIso(check.checkedAt), sortable: true },
  },
  uniques: {},
  notFound: (key) => new PaymentInstructionCheckNotFound({ tenantId: key.tenantId, id: key.id }),
  duplicate: (key) => new PaymentInstructionCheckExists({ tenantId: key.tenantId, id: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type PaymentInstructionChecksShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The check records' store port.
 *
 * @since 0.1.0
 * @category services
 */
export class PaymentInstructionChecks extends Context.Service<
  PaymentInstructionChecks,
  PaymentInstructionChecksShape
>()("@karya/core/payments/PaymentInstructionChecks") {}

/**
 * The store's registration, for `Payments.stores`.
 *
 * @since 0.1.0
 * @category layers
 */
export const registration = AggregateStore.register(PaymentInstructionChecks, descriptor)

/**
 * An in-memory check record store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<PaymentInstructionChecks> = AggregateStore.layerMemory(
  PaymentInstructionChecks,
  descriptor,
)

// A write lost to a concurrent one is read again once; a second loss is let
// go: the other writer recorded a check of the same night, and a record one
// check behind costs at most one more check, never a wrong PI.
const recordAttemptsMax = 2

/**
 * Records that a service checked a PI at an instant and found nothing new:
 * the record is created, or moved to this instant over the version read
 * when it is later than the stored one; an earlier instant changes nothing.
 *
 * @since 0.1.0
 * @category use cases
 */
export const record = (check: {
  readonly tenantId: TenantId
  readonly paymentInstructionNumber: string
  readonly service: PaymentInstructionService
  readonly at: DateTime.Utc
}): Effect.Effect<void, StoreUnavailable, PaymentInstructionChecks> =>
  Effect.gen(function* () {
    const store = yield* PaymentInstructionChecks
    const key = { tenantId: check.tenantId, id: idOf(check) }
    for (let attempt = 1; attempt <= recordAttemptsMax; attempt += 1) {
      const stored = yield* store.get(key).pipe(
        Effect.map(Option.some),
        Effect.catchTag("PaymentInstructionCheckNotFound", () => Effect.succeed(Option.none<Check>())),
      )
      if (Option.isSome(stored) && !DateTime.isLessThan(stored.value.checkedAt, check.at)) return
      const write = Option.isNone(stored)
        ? store.insert({
            aggregate: {
              tenantId: check.tenantId,
              paymentInstructionNumber: check.paymentInstructionNumber,
              service: check.service,
              checkedAt: check.at,
              version: 1,
            },
          })
        : store.update({
            aggregate: { ...stored.value, checkedAt: check.at, version: stored.value.version + 1 },
            expectedVersion: stored.value.version,
          })
      const landed = yield* write.pipe(
        Effect.as(true),
        Effect.catchTags({
          StaleVersion: () => Effect.succeed(false),
          PaymentInstructionCheckExists: () => Effect.succeed(false),
          PaymentInstructionCheckNotFound: (error) => Effect.die(error),
        }),
      )
      if (landed) return
    }
  })

/**
 * The tenant's check records whose instant is `from` or later (the run
 * reads those of today); past `checksListedMax` the run dies.
 *
 * @since 0.1.0
 * @category use cases
 */
export const checkedSince = (request: {
  readonly tenantId: TenantId
  readonly from: DateTime.Utc
}): Effect.Effect<ReadonlyArray<Check>, StoreUnavailable, PaymentInstructionChecks> =>
  Effect.gen(function* () {
    const store = yield* PaymentInstructionChecks
    return yield* AggregateStore.findAll(
      store,
      { tenantId: request.tenantId, where: { checkedAt: { from: DateTime.formatIso(request.from) } } },
      { itemsMax: checksListedMax },
    )
  })
