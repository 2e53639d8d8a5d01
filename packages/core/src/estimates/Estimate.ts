/**
 * An estimate (EST-1, EST-4..8): a project's priced lines, overheads and
 * totals, numbered (ID-2 `ES/…`, revisions `RE/…`), moved through the
 * tenant's estimate workflow (WF-EST). Revisions and deviation statements are
 * estimates too, linked to the version they revise.
 *
 * - EST-4: total = Σ SOR + Σ NON-SOR + Σ overheads (estimate scale).
 * - EST-5: work-order value = total − Σ overheads that are not work-order
 *   value, rounded to the rupee.
 * - EST-6: editable only while with its creator: in a state where the
 *   definition lets the creator act (the roles that act from `start`), which
 *   in WF-EST is DRAFTED and PENDING_FOR_CORRECTION; approved and rejected
 *   estimates are read-only.
 *
 * Decisions where the spec is silent: the estimate date (the date SOR rates
 * are read on, RATE-3) is the local date the estimate was first saved;
 * `type` is `original`, `revised` (EST-7) or `deviationStatement` (EST-8); a
 * version superseded by an approved revision names it in `supersededById`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import * as Amount from "../money/Amount.js"
import * as Rounding from "../money/Rounding.js"
import { LocalDate } from "../time/LocalDate.js"
import { actionsFrom, startState, type WorkflowDefinition } from "../workflow/WorkflowDefinition.js"
import { WorkflowSnapshot } from "../workflow/WorkflowSnapshot.js"
import { EstimateLine, isSorLine } from "./EstimateLine.js"
import { EnteredOverhead, type OverheadLine, OverheadLine as OverheadLineSchema } from "./EstimateOverhead.js"

/**
 * Longest estimate name in characters: room for a scheme, a ward and a
 * road in one name, still short enough to head a report's line.
 *
 * @since 0.1.0
 * @category models
 */
export const nameLengthMax = 256

/**
 * Most SOR and NON-SOR lines on one estimate: a ULB's largest works stay far
 * below; more is a bulk import error.
 *
 * @since 0.1.0
 * @category models
 */
export const linesMax = 500

/**
 * @since 0.1.0
 * @category models
 */
export const EstimateType = Schema.Literals(["original", "revised", "deviationStatement"])

/**
 * @since 0.1.0
 * @category models
 */
export type EstimateType = typeof EstimateType.Type

/**
 * The totals of an estimate (EST-4, EST-5).
 *
 * @since 0.1.0
 * @category models
 */
export const EstimateTotals = Schema.Struct({
  sorAmount: Amount.Amount,
  nonSorAmount: Amount.Amount,
  /** Σ SOR + Σ NON-SOR: the base of percentage overheads (EST-3). */
  lineAmount: Amount.Amount,
  overheadAmount: Amount.Amount,
  total: Amount.Amount,
  /** Rounded to the rupee (EST-5). */
  workOrderValue: Amount.Amount,
})

/**
 * @since 0.1.0
 * @category models
 */
export type EstimateTotals = typeof EstimateTotals.Type

/**
 * A stored estimate.
 *
 * @since 0.1.0
 * @category models
 */
export const Estimate = Schema.Struct({
  id: EntityId,
  tenantId: TenantId,
  number: HumanNumber,
  projectId: EntityId,
  type: EstimateType,
  name: Schema.String,
  /** The date SOR rates are read on (RATE-3). */
  estimateDate: LocalDate,
  lines: Schema.Array(EstimateLine),
  overheads: Schema.Array(OverheadLineSchema),
  enteredOverheads: Schema.Array(EnteredOverhead),
  totals: EstimateTotals,
  createdBy: Schema.String,
  /** The original estimate of the chain (itself for an original). */
  originalEstimateId: EntityId,
  /** The version this one revises (EST-7). */
  previousEstimateId: Schema.optionalKey(EntityId),
  /** 0 for the original, then 1, 2, … (EST-7). */
  revisionNumber: Schema.Int,
  supersededById: Schema.optionalKey(EntityId),
  templateCode: Schema.optionalKey(Schema.String),
  workflow: WorkflowSnapshot,
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Estimate = typeof Estimate.Type

const roundTo = (amount: Amount.Amount, scale: number): Amount.Amount =>
  Rounding.round(amount, { scale, mode: "halfAwayFromZero" })

/**
 * The totals of priced lines and overheads (EST-4, EST-5).
 *
 * @since 0.1.0
 * @category math
 */
export const totalsOf = (options: {
  readonly lines: ReadonlyArray<EstimateLine>
  readonly overheads: ReadonlyArray<OverheadLine>
  readonly scale: number
}): EstimateTotals => {
  const sorAmount = Amount.sum(options.lines.filter(isSorLine).map((line) => line.amount))
  const nonSorAmount = Amount.sum(options.lines.filter((line) => !isSorLine(line)).map((line) => line.amount))
  const lineAmount = Amount.add(sorAmount, nonSorAmount)
  const overheadAmount = Amount.sum(options.overheads.map((line) => line.amount))
  const total = roundTo(Amount.add(lineAmount, overheadAmount), options.scale)
  const outsideWorkOrder = Amount.sum(
    options.overheads.filter((line) => !line.isWorkOrderValue).map((line) => line.amount),
  )
  const workOrderValue = roundTo(Amount.subtract({ minuend: total, subtrahend: outsideWorkOrder }), 0)
  return { sorAmount, nonSorAmount, lineAmount, overheadAmount, total, workOrderValue }
}

/**
 * The roles that create entities of a definition: those of its actions
 * from `start`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const creatorRolesOf = (definition: WorkflowDefinition): ReadonlyArray<string> => [
  ...new Set(actionsFrom(definition, startState).flatMap((action) => action.roles)),
]

/**
 * Whether the estimate is with its creator (EST-6): not yet started, or in a
 * state where a creator role can act.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isWithCreator = (
  definition: WorkflowDefinition,
  estimate: { readonly workflow: WorkflowSnapshot },
): boolean => {
  const roles = creatorRolesOf(definition)
  return actionsFrom(definition, estimate.workflow.state).some((action) =>
    action.roles.some((role) => roles.includes(role)),
  )
}

/**
 * Whether the estimate is approved (EST-7): its workflow reached APPROVED.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isApproved = (estimate: Estimate): boolean => estimate.workflow.state === approvedState

/**
 * The state an approved estimate is in (WF-EST).
 *
 * @since 0.1.0
 * @category models
 */
export const approvedState = "APPROVED"
