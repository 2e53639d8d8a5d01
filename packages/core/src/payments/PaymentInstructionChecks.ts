/**
 * The status checks that found nothing new, as a port (PI-P-1, issue 11):
 * when a PIS, PAG, PD, FD, FTPS or FTFPS call leaves a PI as it was
 * (`StatusMachine.apply` says `NothingNew`), the PI is not written (no
 * version, no history entry), so its `lastCalls` do not move; the run
 * records here instead that the service checked the PI at that instant, and
 * the planner reads these with the PIs' `lastCalls`, so a check made at
 * 22:00 is not made again at every later run of the night (the scheduler
 * fires once a minute).
 *
 * One record per (tenant, PI, service), holding the latest instant: a later
 * check replaces an earlier one, an earlier one never replaces a later one.
 * The records are bookkeeping of calls, outside the PI and its version; a
 * lost record costs one more check, never a wrong PI. Every implementation
 * passes `PaymentInstructionChecksSuite` from `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, DateTime, Effect, Layer, Ref } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import type { PaymentInstructionService } from "./JitService.js"
import { plannedPaymentInstructionsMax } from "./PaymentInstructionRepository.js"

/**
 * The most check records one run reads (those of one day): each of the
 * planner's PIs (`plannedPaymentInstructionsMax`) checked by at
 * most each of the six status-check services, since a record is kept per
 * PI and service; more is a deployment's mistake, and the run dies on it.
 *
 * @since 0.1.0
 * @category constants
 */
export const checksListedMax = 6 * plannedPaymentInstructionsMax

/**
 * A service's check of a PI that found nothing new.
 *
 * @since 0.1.0
 * @category models
 */
export interface Check {
  readonly tenantId: TenantId
  readonly paymentInstructionNumber: string
  readonly service: PaymentInstructionService
  readonly at: DateTime.Utc
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface PaymentInstructionChecksShape {
  /** Records a check; the record keeps the later of its instant and this one. */
  readonly record: (check: Check) => Effect.Effect<void, StoreUnavailable>
  /**
   * The tenant's records whose instant is `from` or later, in no particular
   * order; at most `itemsMax + 1`, so a caller can tell it asked for too few.
   */
  readonly checkedSince: (request: {
    readonly tenantId: TenantId
    readonly from: DateTime.Utc
    readonly itemsMax: number
  }) => Effect.Effect<ReadonlyArray<Check>, StoreUnavailable>
}

/**
 * The checks port.
 *
 * @since 0.1.0
 * @category services
 */
export class PaymentInstructionChecks extends Context.Service<
  PaymentInstructionChecks,
  PaymentInstructionChecksShape
>()("@karya/core/payments/PaymentInstructionChecks") {}

const keyOf = (check: Check): string =>
  JSON.stringify([check.tenantId, check.paymentInstructionNumber, check.service])

/**
 * An in-memory checks store: records in one `Ref`. Tests and
 * single-process demos only.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<PaymentInstructionChecks> = Layer.effect(
  PaymentInstructionChecks,
  Effect.map(Ref.make<ReadonlyMap<string, Check>>(new Map()), (records) =>
    PaymentInstructionChecks.of({
      record: (check) =>
        Ref.update(records, (held) => {
          const current = held.get(keyOf(check))
          if (current !== undefined && DateTime.isGreaterThanOrEqualTo(current.at, check.at)) return held
          return new Map([...held, [keyOf(check), check]])
        }),
      checkedSince: (request) =>
        Effect.map(Ref.get(records), (held) =>
          [...held.values()]
            .filter(
              (check) =>
                check.tenantId === request.tenantId &&
                DateTime.isGreaterThanOrEqualTo(check.at, request.from),
            )
            .slice(0, request.itemsMax + 1),
        ),
    }),
  ),
)
