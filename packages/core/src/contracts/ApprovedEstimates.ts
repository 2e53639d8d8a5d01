/**
 * The approved estimates a work order is made from (WO-1..3, TE-5), as the
 * contracts module reads them: an anti-corruption port in front of the
 * estimates module. It holds only what a work order needs: the estimate's
 * number, project and tenant, the date its SOR rates were taken for, its SOR
 * and NON-SOR lines (quantity, rate, amount) and its overhead lines (amount
 * and whether the overhead is work-order value, EST-3). A revised estimate
 * (EST-7) names the estimate it revises and, on each carried line, the line
 * of the previous version.
 *
 * Only approved estimates are returned; an estimate that is unknown, of
 * another tenant or not approved is `APPROVED_ESTIMATE_NOT_FOUND`; a store
 * that cannot be read is `STORE_UNAVAILABLE`.
 * `layerFromEstimates` implements the port over the estimates module's
 * `EstimateRepository`; `layerMemory` serves a fixed list for tests and
 * embedding.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Ref, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { type Estimate, isApproved } from "../estimates/Estimate.js"
import type { EstimateLine } from "../estimates/EstimateLine.js"
import { EstimateRepository } from "../estimates/EstimateRepository.js"
import { Amount } from "../money/Amount.js"
import { Quantity } from "../money/Quantity.js"
import { Rate } from "../money/Rate.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import { LocalDate } from "../time/LocalDate.js"

/**
 * The category of a measurable estimate line (EST-1): an SOR item or a
 * NON-SOR item. Overheads are listed apart.
 *
 * @since 0.1.0
 * @category models
 */
export const LineCategory = Schema.Literals(["SOR", "NON-SOR"])

/**
 * @since 0.1.0
 * @category models
 */
export type LineCategory = typeof LineCategory.Type

/**
 * An SOR or NON-SOR line of an approved estimate.
 *
 * @since 0.1.0
 * @category models
 */
export const ApprovedEstimateLine = Schema.Struct({
  lineId: Schema.NonEmptyString,
  category: LineCategory,
  /** The SOR code of an SOR line (`SOR_000197`); absent on NON-SOR lines. */
  sorCode: Schema.optionalKey(Schema.NonEmptyString),
  description: Schema.String,
  unit: Schema.String,
  quantity: Quantity,
  rate: Rate,
  /** Rate × quantity at the estimate's amount scale (QTY-4). */
  amount: Amount,
  /** On a revised estimate, the line of the previous version this line carries (EST-7). */
  previousLineId: Schema.optionalKey(Schema.NonEmptyString),
})

/**
 * @since 0.1.0
 * @category models
 */
export type ApprovedEstimateLine = typeof ApprovedEstimateLine.Type

/**
 * An overhead line of an approved estimate (EST-3): its master's code, the
 * amount computed on the estimate and whether it is work-order value.
 *
 * @since 0.1.0
 * @category models
 */
export const ApprovedEstimateOverhead = Schema.Struct({
  lineId: Schema.NonEmptyString,
  code: Schema.NonEmptyString,
  description: Schema.String,
  amount: Amount,
  isWorkOrderValue: Schema.Boolean,
})

/**
 * @since 0.1.0
 * @category models
 */
export type ApprovedEstimateOverhead = typeof ApprovedEstimateOverhead.Type

/**
 * An approved estimate as a work order reads it.
 *
 * @since 0.1.0
 * @category models
 */
export const ApprovedEstimate = Schema.Struct({
  estimateId: Schema.NonEmptyString,
  estimateNumber: Schema.NonEmptyString,
  projectId: Schema.NonEmptyString,
  tenantId: TenantId,
  /** The date the estimate's SOR rates (and so their rate analyses) were taken for (RATE-3, CONF-2). */
  rateDate: LocalDate,
  /** On a revised estimate, the estimate it revises (EST-7). */
  previousEstimateId: Schema.optionalKey(Schema.NonEmptyString),
  lines: Schema.Array(ApprovedEstimateLine),
  overheads: Schema.Array(ApprovedEstimateOverhead),
})

/**
 * @since 0.1.0
 * @category models
 */
export type ApprovedEstimate = typeof ApprovedEstimate.Type

/**
 * The estimate is unknown in the tenant or not approved, so no work order
 * can be made from it.
 *
 * @since 0.1.0
 * @category errors
 */
export class ApprovedEstimateNotFound extends Schema.TaggedError<ApprovedEstimateNotFound>(
  "@karya/core/contracts/ApprovedEstimateNotFound",
)("ApprovedEstimateNotFound", {
  tenantId: Schema.String,
  estimateId: Schema.String,
}) {
  static readonly code = "APPROVED_ESTIMATE_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = ApprovedEstimateNotFound.code
  readonly category = ApprovedEstimateNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No approved estimate ${this.estimateId} exists in ${this.tenantId}; choose an estimate that has been approved in this ULB.`
  }
}

/**
 * What a lookup names: the tenant and the estimate.
 *
 * @since 0.1.0
 * @category models
 */
export interface EstimateKey {
  readonly tenantId: TenantId
  readonly estimateId: string
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface ApprovedEstimatesShape {
  /** The approved estimate, or `APPROVED_ESTIMATE_NOT_FOUND`. */
  readonly approvedEstimate: (
    key: EstimateKey,
  ) => Effect.Effect<ApprovedEstimate, ApprovedEstimateNotFound | StoreUnavailable>
}

/**
 * The approved-estimates port.
 *
 * @since 0.1.0
 * @category services
 */
export class ApprovedEstimates extends Context.Service<ApprovedEstimates, ApprovedEstimatesShape>()(
  "@karya/core/contracts/ApprovedEstimates",
) {}

/**
 * The approved estimate from the `ApprovedEstimates` in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const approvedEstimate = (
  key: EstimateKey,
): Effect.Effect<ApprovedEstimate, ApprovedEstimateNotFound | StoreUnavailable, ApprovedEstimates> =>
  ApprovedEstimates.use((estimates) => estimates.approvedEstimate(key))

/**
 * An in-memory port serving a fixed list of approved estimates (kept in a
 * `Ref`), each found only in its own tenant.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (estimates: ReadonlyArray<ApprovedEstimate>): Layer.Layer<ApprovedEstimates> =>
  Layer.effect(
    ApprovedEstimates,
    Effect.map(Ref.make(estimates), (stored) =>
      ApprovedEstimates.of({
        approvedEstimate: (key) =>
          Effect.flatMap(Ref.get(stored), (all) =>
            Option.match(
              Option.fromNullishOr(
                all.find(
                  (estimate) => estimate.tenantId === key.tenantId && estimate.estimateId === key.estimateId,
                ),
              ),
              {
                onNone: () =>
                  Effect.fail(
                    new ApprovedEstimateNotFound({ tenantId: key.tenantId, estimateId: key.estimateId }),
                  ),
                onSome: Effect.succeed,
              },
            ),
          ),
      }),
    ),
  )

const lineFromEstimate = (line: EstimateLine): ApprovedEstimateLine => ({
  lineId: line.id,
  category: line.category === "sor" ? "SOR" : "NON-SOR",
  ...(line.category === "sor" ? { sorCode: line.sorCode } : {}),
  description: line.description,
  unit: line.unit,
  quantity: line.quantity,
  rate: line.rate,
  amount: line.amount,
  ...(line.previousLineId === undefined ? {} : { previousLineId: line.previousLineId }),
})

/**
 * The line id an overhead of an estimate is known by in contracts: estimate
 * overheads have no id of their own, and an estimate holds each overhead
 * code at most once (EST-3), so the estimate id and the code name it.
 *
 * @since 0.1.0
 * @category conversions
 */
export const overheadLineIdOf = (options: { readonly estimateId: string; readonly code: string }): string =>
  `${options.estimateId}/overhead/${options.code}`

/**
 * An approved estimate of the estimates module as the contracts module reads
 * it (EST-1, EST-3): SOR and NON-SOR lines with their quantities, rates and
 * amounts, overheads with their amount and whether they are work-order
 * value, and the estimate date as the rate date (RATE-3).
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromEstimate = (estimate: Estimate): ApprovedEstimate => ({
  estimateId: estimate.id,
  estimateNumber: estimate.number,
  projectId: estimate.projectId,
  tenantId: estimate.tenantId,
  rateDate: estimate.estimateDate,
  ...(estimate.previousEstimateId === undefined ? {} : { previousEstimateId: estimate.previousEstimateId }),
  lines: estimate.lines.map(lineFromEstimate),
  overheads: estimate.overheads.map((overhead) => ({
    lineId: overheadLineIdOf({ estimateId: estimate.id, code: overhead.code }),
    code: overhead.code,
    description: overhead.description,
    amount: overhead.amount,
    isWorkOrderValue: overhead.isWorkOrderValue,
  })),
})

/**
 * The port over the estimates module (WO-1): the estimate as stored by
 * `EstimateRepository`, converted with `fromEstimate`, when its workflow has
 * reached APPROVED (EST-6); an unknown estimate, or one not approved, is
 * `APPROVED_ESTIMATE_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromEstimates: Layer.Layer<ApprovedEstimates, never, EstimateRepository> = Layer.effect(
  ApprovedEstimates,
  Effect.map(EstimateRepository, (repository) =>
    ApprovedEstimates.of({
      approvedEstimate: (key) => {
        const notFound = new ApprovedEstimateNotFound({ tenantId: key.tenantId, estimateId: key.estimateId })
        return repository.get({ tenantId: key.tenantId, id: key.estimateId }).pipe(
          Effect.catchTag("EstimateNotFound", () => Effect.fail(notFound)),
          Effect.flatMap((estimate) =>
            isApproved(estimate) ? Effect.succeed(fromEstimate(estimate)) : Effect.fail(notFound),
          ),
        )
      },
    }),
  ),
)
