/**
 * The guards of revised estimates and deviation statements (EST-7, EST-8):
 * a revision is raised from the approved, current version; at most the
 * tenant's `estimateRevisionsMax` revisions; only one revision in the
 * workflow at a time (`REVISION_IN_WORKFLOW`); lines carried from the
 * previous version reference it and keep their unit rate
 * (`UNIT_RATE_CHANGED`); a carried line's quantity may not fall below what
 * measurement books recorded against it (`QTY_BELOW_MEASURED`) and a dropped
 * line must have nothing measured (`MEASURED_LINE_REMOVED`); new lines may be
 * added. A deviation statement changes scope but keeps the total
 * (`DEVIATION_TOTAL_CHANGED`).
 *
 * SOR lines carried keep the previous line's rate and rate date whatever the
 * SOR's rate is now; a NON-SOR line carried must repeat its rate.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as Amount from "../money/Amount.js"
import * as Quantity from "../money/Quantity.js"
import * as Rate from "../money/Rate.js"
import { findState, type WorkflowDefinition } from "../workflow/WorkflowDefinition.js"
import { type Estimate, isApproved } from "./Estimate.js"
import type { EstimateLine, LineInput } from "./EstimateLine.js"
import { chainVersionsMax } from "./EstimateRepository.js"
import { MeasuredQuantities } from "./MeasuredQuantities.js"

const LineQuantities = Schema.Struct({
  lineId: Schema.String,
  description: Schema.String,
  quantity: Schema.String,
  measured: Schema.String,
})

/**
 * A revision is already in the workflow (EST-7).
 *
 * @since 0.1.0
 * @category errors
 */
export class RevisionInWorkflow extends Schema.TaggedError<RevisionInWorkflow>(
  "@karya/core/estimates/RevisionInWorkflow",
)("RevisionInWorkflow", {
  estimateNumber: Schema.String,
  revisionNumber: Schema.String,
  state: Schema.String,
}) {
  static readonly code = "REVISION_IN_WORKFLOW"
  static readonly category = "rule"
  readonly code = RevisionInWorkflow.code
  readonly category = RevisionInWorkflow.category
  readonly retryable = false
  override get message(): string {
    return `${this.estimateNumber} already has the revision ${this.revisionNumber} in the workflow (${this.state}); finish or reject it before raising another.`
  }
}

/**
 * The estimate has been revised as often as the tenant allows (EST-7).
 *
 * @since 0.1.0
 * @category errors
 */
export class RevisionLimitReached extends Schema.TaggedError<RevisionLimitReached>(
  "@karya/core/estimates/RevisionLimitReached",
)("RevisionLimitReached", { estimateNumber: Schema.String, revisionsMax: Schema.Number }) {
  static readonly code = "REVISION_LIMIT_REACHED"
  static readonly category = "rule"
  readonly code = RevisionLimitReached.code
  readonly category = RevisionLimitReached.category
  readonly retryable = false
  override get message(): string {
    return `${this.estimateNumber} has already been revised ${this.revisionsMax} times, the most this tenant allows; no further revision can be raised.`
  }
}

/**
 * The estimate's revision chain already holds `chainVersionsMax` versions,
 * rejected revisions included (EST-7): no further revision is stored.
 *
 * @since 0.1.0
 * @category errors
 */
export class EstimateVersionsExceeded extends Schema.TaggedError<EstimateVersionsExceeded>(
  "@karya/core/estimates/EstimateVersionsExceeded",
)("EstimateVersionsExceeded", { estimateNumber: Schema.String, limit: Schema.Number }) {
  static readonly code = "ESTIMATE_VERSIONS_EXCEEDED"
  static readonly category = "rule"
  readonly code = EstimateVersionsExceeded.code
  readonly category = EstimateVersionsExceeded.category
  readonly retryable = false
  override get message(): string {
    return `${this.estimateNumber} already has ${this.limit} versions, rejected revisions included, the most one estimate keeps; no further revision can be raised on it, so raise a new estimate for the changed work.`
  }
}

/**
 * Only the approved, current version of an estimate can be revised (EST-7).
 *
 * @since 0.1.0
 * @category errors
 */
export class EstimateNotRevisable extends Schema.TaggedError<EstimateNotRevisable>(
  "@karya/core/estimates/EstimateNotRevisable",
)("EstimateNotRevisable", {
  estimateNumber: Schema.String,
  state: Schema.String,
  supersededBy: Schema.optionalKey(Schema.String),
}) {
  static readonly code = "ESTIMATE_NOT_REVISABLE"
  static readonly category = "rule"
  readonly code = EstimateNotRevisable.code
  readonly category = EstimateNotRevisable.category
  readonly retryable = false
  override get message(): string {
    return this.supersededBy === undefined
      ? `${this.estimateNumber} is ${this.state}; only an approved estimate can be revised.`
      : `${this.estimateNumber} was superseded by a later revision; revise the current version instead.`
  }
}

/**
 * A carried line's unit rate differs from the previous version's (EST-7).
 *
 * @since 0.1.0
 * @category errors
 */
export class UnitRateChanged extends Schema.TaggedError<UnitRateChanged>(
  "@karya/core/estimates/UnitRateChanged",
)("UnitRateChanged", {
  lines: Schema.Array(
    Schema.Struct({
      field: Schema.String,
      description: Schema.String,
      previousRate: Schema.String,
      rate: Schema.String,
    }),
  ),
}) {
  static readonly code = "UNIT_RATE_CHANGED"
  static readonly category = "rule"
  readonly code = UnitRateChanged.code
  readonly category = UnitRateChanged.category
  readonly retryable = false
  override get message(): string {
    const listed = this.lines
      .map((line) => `${line.description} (₹${line.previousRate}, entered ₹${line.rate})`)
      .join("; ")
    return `A line carried from the previous version keeps its unit rate; restore the rate of: ${listed}.`
  }
}

/**
 * A carried line's quantity is below what was measured (EST-7, TE-5).
 *
 * @since 0.1.0
 * @category errors
 */
export class QtyBelowMeasured extends Schema.TaggedError<QtyBelowMeasured>(
  "@karya/core/estimates/QtyBelowMeasured",
)("QtyBelowMeasured", { estimateNumber: Schema.String, lines: Schema.Array(LineQuantities) }) {
  static readonly code = "QTY_BELOW_MEASURED"
  static readonly category = "rule"
  readonly code = QtyBelowMeasured.code
  readonly category = QtyBelowMeasured.category
  readonly retryable = false
  override get message(): string {
    const listed = this.lines
      .map((line) => `${line.description}: ${line.quantity} < measured ${line.measured}`)
      .join("; ")
    return `A revised quantity cannot be less than what the measurement book has recorded; raise these quantities: ${listed}.`
  }
}

/**
 * A dropped line has measured quantity (EST-7).
 *
 * @since 0.1.0
 * @category errors
 */
export class MeasuredLineRemoved extends Schema.TaggedError<MeasuredLineRemoved>(
  "@karya/core/estimates/MeasuredLineRemoved",
)("MeasuredLineRemoved", { estimateNumber: Schema.String, lines: Schema.Array(LineQuantities) }) {
  static readonly code = "MEASURED_LINE_REMOVED"
  static readonly category = "rule"
  readonly code = MeasuredLineRemoved.code
  readonly category = MeasuredLineRemoved.category
  readonly retryable = false
  override get message(): string {
    const listed = this.lines.map((line) => `${line.description} (measured ${line.measured})`).join("; ")
    return `Lines with measured work cannot be dropped from a revision; keep: ${listed}.`
  }
}

/**
 * A deviation statement's total differs from the version it revises (EST-8).
 *
 * @since 0.1.0
 * @category errors
 */
export class DeviationTotalChanged extends Schema.TaggedError<DeviationTotalChanged>(
  "@karya/core/estimates/DeviationTotalChanged",
)("DeviationTotalChanged", {
  estimateNumber: Schema.String,
  previousTotal: Schema.String,
  total: Schema.String,
}) {
  static readonly code = "DEVIATION_TOTAL_CHANGED"
  static readonly category = "rule"
  readonly code = DeviationTotalChanged.code
  readonly category = DeviationTotalChanged.category
  readonly retryable = false
  override get message(): string {
    return `A deviation statement keeps the estimate's total: ${this.estimateNumber} totals ₹${this.total}, the previous version ₹${this.previousTotal}; adjust the quantities or raise a revised estimate instead.`
  }
}

/**
 * Problem codes of carried lines (EST-7).
 *
 * @since 0.1.0
 * @category errors
 */
export const carriedProblemCodes = {
  previousLineUnknown: "PREVIOUS_LINE_UNKNOWN",
  previousLineCarriedTwice: "PREVIOUS_LINE_CARRIED_TWICE",
  carriedItemChanged: "CARRIED_LINE_ITEM_CHANGED",
} as const

/**
 * Whether a revision may be raised from `previous` (EST-7): it is approved
 * and current, below the revision limit, no other revision of its chain is
 * in the workflow (not in a terminal state), and the chain (every version,
 * read whole) has room for one more under `chainVersionsMax`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const eligibility = (options: {
  readonly previous: Estimate
  readonly chain: ReadonlyArray<Estimate>
  readonly definition: WorkflowDefinition
  readonly revisionsMax: number
}): Result.Result<
  void,
  EstimateNotRevisable | RevisionLimitReached | RevisionInWorkflow | EstimateVersionsExceeded
> => {
  const { previous } = options
  const pending = options.chain.find(
    (estimate) =>
      estimate.revisionNumber > 0 &&
      findState(options.definition, estimate.workflow.state)?.isTerminal !== true,
  )
  if (pending !== undefined) {
    return Result.fail(
      new RevisionInWorkflow({
        estimateNumber: previous.number,
        revisionNumber: pending.number,
        state: pending.workflow.state,
      }),
    )
  }
  if (!isApproved(previous) || previous.supersededById !== undefined) {
    return Result.fail(
      new EstimateNotRevisable({
        estimateNumber: previous.number,
        state: previous.workflow.state,
        ...(previous.supersededById === undefined ? {} : { supersededBy: previous.supersededById }),
      }),
    )
  }
  if (previous.revisionNumber + 1 > options.revisionsMax) {
    return Result.fail(
      new RevisionLimitReached({ estimateNumber: previous.number, revisionsMax: options.revisionsMax }),
    )
  }
  return options.chain.length >= chainVersionsMax
    ? Result.fail(new EstimateVersionsExceeded({ estimateNumber: previous.number, limit: chainVersionsMax }))
    : Result.succeed(undefined)
}

const carriedItemProblem = (
  previousLine: EstimateLine,
  input: LineInput,
  field: string,
): ReadonlyArray<FieldProblem> => {
  const isSame =
    input.category === "sor"
      ? previousLine.category === "sor" && previousLine.sorId === input.sorId
      : previousLine.category === "nonSor"
  return isSame
    ? []
    : [
        {
          field: `${field}.previousLineId`,
          code: carriedProblemCodes.carriedItemChanged,
          message: "a carried line keeps its item; add a new line for a different item",
        },
      ]
}

/**
 * Problems with the lines' references to the previous version (EST-7): an
 * unknown previous line, one carried twice, a carried line naming another
 * item.
 *
 * @since 0.1.0
 * @category predicates
 */
export const carriedProblems = (
  previous: Estimate,
  inputs: ReadonlyArray<LineInput>,
): ReadonlyArray<FieldProblem> =>
  inputs.flatMap((input, index) => {
    if (input.previousLineId === undefined) return []
    const field = `lines[${index}]`
    const previousLine = previous.lines.find((line) => line.id === input.previousLineId)
    if (previousLine === undefined) {
      return [
        {
          field: `${field}.previousLineId`,
          code: carriedProblemCodes.previousLineUnknown,
          message: `the previous version ${previous.number} has no line ${input.previousLineId}`,
        },
      ]
    }
    return [
      ...carriedItemProblem(previousLine, input, field),
      ...(inputs.findIndex((other) => other.previousLineId === input.previousLineId) < index
        ? [
            {
              field: `${field}.previousLineId`,
              code: carriedProblemCodes.previousLineCarriedTwice,
              message: "this previous line is already carried by another line",
            },
          ]
        : []),
    ]
  })

/**
 * `UNIT_RATE_CHANGED` listing every carried NON-SOR line whose rate differs
 * from the previous line's (EST-7).
 *
 * @since 0.1.0
 * @category predicates
 */
export const unitRateChanges = (
  previous: Estimate,
  inputs: ReadonlyArray<LineInput>,
): UnitRateChanged | undefined => {
  const lines = inputs.flatMap((input, index) => {
    const previousLine = previous.lines.find((line) => line.id === input.previousLineId)
    if (
      input.category !== "nonSor" ||
      previousLine === undefined ||
      Rate.equals(previousLine.rate, input.rate)
    )
      return []
    return [
      {
        field: `lines[${index}].rate`,
        description: previousLine.description,
        previousRate: Rate.toCanonicalString(previousLine.rate),
        rate: Rate.toCanonicalString(input.rate),
      },
    ]
  })
  return lines.length === 0 ? undefined : new UnitRateChanged({ lines })
}

const entryOf = (
  line: EstimateLine,
  options: { readonly quantity: Quantity.Quantity; readonly measured: Quantity.Quantity },
) => ({
  lineId: line.id,
  description: line.description,
  quantity: Quantity.toCanonicalString(options.quantity),
  measured: Quantity.toCanonicalString(options.measured),
})

/**
 * The measurement guards (EST-7): every carried line at or above its measured
 * quantity, every dropped line unmeasured. Pure; `measured` maps previous
 * line ids to what was measured (absent is zero).
 *
 * @since 0.1.0
 * @category predicates
 */
export const measuredGuard = (options: {
  readonly estimateNumber: string
  readonly previous: Estimate
  readonly lines: ReadonlyArray<EstimateLine>
  readonly measured: ReadonlyMap<string, Quantity.Quantity>
}): Result.Result<void, QtyBelowMeasured | MeasuredLineRemoved> => {
  const below = options.lines.flatMap((line) => {
    const measured = line.previousLineId === undefined ? undefined : options.measured.get(line.previousLineId)
    return measured !== undefined && Quantity.isLessThan(line.quantity, measured)
      ? [entryOf(line, { quantity: line.quantity, measured })]
      : []
  })
  if (below.length > 0)
    return Result.fail(new QtyBelowMeasured({ estimateNumber: options.estimateNumber, lines: below }))
  const removed = options.previous.lines.flatMap((previousLine) => {
    const measured = options.measured.get(previousLine.id)
    const isCarried = options.lines.some((line) => line.previousLineId === previousLine.id)
    return isCarried || measured === undefined || measured.isZero()
      ? []
      : [entryOf(previousLine, { quantity: Quantity.zero, measured })]
  })
  return removed.length > 0
    ? Result.fail(new MeasuredLineRemoved({ estimateNumber: options.estimateNumber, lines: removed }))
    : Result.succeed(undefined)
}

/**
 * Reads what was measured against the previous version's lines and applies
 * the measurement guards (EST-7).
 *
 * @since 0.1.0
 * @category constructors
 */
export const checkMeasured = Effect.fn("Estimates.checkMeasured")(function* (request: {
  readonly tenantId: TenantId
  readonly estimateNumber: string
  readonly previous: Estimate
  readonly lines: ReadonlyArray<EstimateLine>
}) {
  const measured = yield* (yield* MeasuredQuantities).measuredOf(
    request.tenantId,
    request.previous.lines.map((line) => line.id),
  )
  return yield* Effect.fromResult(measuredGuard({ ...request, measured }))
})

/**
 * `DEVIATION_TOTAL_CHANGED` when a deviation statement's total differs from
 * the previous version's (EST-8).
 *
 * @since 0.1.0
 * @category predicates
 */
export const deviationGuard = (options: {
  readonly estimate: Estimate
  readonly previous: Estimate
}): Result.Result<void, DeviationTotalChanged> =>
  options.estimate.type !== "deviationStatement" ||
  Amount.equals(options.estimate.totals.total, options.previous.totals.total)
    ? Result.succeed(undefined)
    : Result.fail(
        new DeviationTotalChanged({
          estimateNumber: options.estimate.number,
          previousTotal: Amount.toDecimalString(options.previous.totals.total, { scale: 2 }),
          total: Amount.toDecimalString(options.estimate.totals.total, { scale: 2 }),
        }),
      )
