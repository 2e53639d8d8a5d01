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
 * another tenant or not approved is `APPROVED_ESTIMATE_NOT_FOUND`. The
 * estimates module provides the production layer; `layerMemory` serves a
 * fixed list for tests and embedding.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Ref, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { Amount } from "../money/Amount.js"
import { Quantity } from "../money/Quantity.js"
import { Rate } from "../money/Rate.js"
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
  readonly code = ApprovedEstimateNotFound.code
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
  readonly approvedEstimate: (key: EstimateKey) => Effect.Effect<ApprovedEstimate, ApprovedEstimateNotFound>
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
): Effect.Effect<ApprovedEstimate, ApprovedEstimateNotFound, ApprovedEstimates> =>
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
