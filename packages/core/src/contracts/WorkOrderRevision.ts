/**
 * A revised work order (TE-2..5): a time extension (`TE/…`) or a revision of
 * scope after an approved revised estimate (`RW/…`). Either links to the
 * original order, keeps its organisation and start date, and goes through
 * WF-TE (the work-order workflow without the CBO's accept/decline step).
 *
 * A time extension carries the days asked for, the reason, and the end date
 * it extends from (the order's end date when requested); its revised end
 * date is always that base + the days, so editing the days never compounds
 * (TE-3). A scope revision carries the order's revised lines, overheads,
 * amount and CBO role.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import { Amount } from "../money/Amount.js"
import * as LocalDate from "../time/LocalDate.js"
import { WorkflowSnapshot } from "../workflow/WorkflowSnapshot.js"
import { CboRole } from "./CboRole.js"
import { Negotiation } from "./Negotiation.js"
import { WorkOrderLine, WorkOrderOverhead } from "./WorkOrder.js"

/**
 * The code of the revision workflow in a tenant's configuration.
 *
 * @since 0.1.0
 * @category models
 */
export const workflowCode = "time-extension"

/**
 * The state of an approved revision.
 *
 * @since 0.1.0
 * @category models
 */
export const approvedState = "APPROVED"

/**
 * The state of a rejected revision.
 *
 * @since 0.1.0
 * @category models
 */
export const rejectedState = "REJECTED"

/**
 * The longest reason for a time extension, in characters (TE-2).
 *
 * @since 0.1.0
 * @category models
 */
export const reasonLengthMax = 250

/**
 * A time extension (TE-2).
 *
 * @since 0.1.0
 * @category models
 */
export const TimeExtension = Schema.Struct({
  kind: Schema.Literal("timeExtension"),
  /** The order's end date when the extension was requested. */
  baseEndDate: LocalDate.LocalDate,
  extensionDays: Schema.Int,
  reason: Schema.String,
  /** `baseEndDate` + `extensionDays` (TE-2, TE-3). */
  revisedEndDate: LocalDate.LocalDate,
})

/**
 * @since 0.1.0
 * @category models
 */
export type TimeExtension = typeof TimeExtension.Type

/**
 * A line of a scope revision: the revised estimate's line and, when it
 * carries a line of the order, that line's id.
 *
 * @since 0.1.0
 * @category models
 */
export const RevisedLine = Schema.Struct({
  ...WorkOrderLine.fields,
  previousLineId: Schema.optionalKey(Schema.NonEmptyString),
})

/**
 * @since 0.1.0
 * @category models
 */
export type RevisedLine = typeof RevisedLine.Type

/**
 * A revision of the order's scope after a revised estimate (TE-5).
 *
 * @since 0.1.0
 * @category models
 */
export const ScopeRevision = Schema.Struct({
  kind: Schema.Literal("scope"),
  revisedEstimateId: Schema.NonEmptyString,
  revisedEstimateNumber: Schema.NonEmptyString,
  lines: Schema.Array(RevisedLine),
  overheads: Schema.Array(WorkOrderOverhead),
  negotiation: Schema.optionalKey(Negotiation),
  amount: Amount,
  cboRole: CboRole,
})

/**
 * @since 0.1.0
 * @category models
 */
export type ScopeRevision = typeof ScopeRevision.Type

/**
 * The revised work order aggregate.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkOrderRevision = Schema.Struct({
  revisionId: EntityId,
  tenantId: TenantId,
  /** `TE/…` for a time extension, `RW/…` for a scope revision (ID-2). */
  number: HumanNumber,
  workOrderId: Schema.NonEmptyString,
  workOrderNumber: Schema.NonEmptyString,
  projectId: Schema.NonEmptyString,
  organisationId: Schema.NonEmptyString,
  startDate: LocalDate.LocalDate,
  change: Schema.Union([TimeExtension, ScopeRevision]),
  workflow: WorkflowSnapshot,
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type WorkOrderRevision = typeof WorkOrderRevision.Type

/**
 * Where a revision stands.
 *
 * @since 0.1.0
 * @category models
 */
export type RevisionStatus = "inWorkflow" | "approved" | "rejected"

/**
 * The status of a revision, from its workflow state.
 *
 * @since 0.1.0
 * @category conversions
 */
export const statusOf = (revision: WorkOrderRevision): RevisionStatus => {
  if (revision.workflow.state === approvedState) return "approved"
  if (revision.workflow.state === rejectedState) return "rejected"
  return "inWorkflow"
}

/**
 * The revised end date of a time extension (TE-2, TE-3): the end date it
 * extends from plus the extension days, never compounded.
 *
 * @since 0.1.0
 * @category math
 */
export const revisedEndDate = (extension: {
  readonly baseEndDate: LocalDate.LocalDate
  readonly extensionDays: number
}): LocalDate.LocalDate => LocalDate.addDays(extension.baseEndDate, extension.extensionDays)

/**
 * How many time extensions of the order were approved (TE-1's limit).
 *
 * @since 0.1.0
 * @category math
 */
export const approvedTimeExtensions = (revisions: ReadonlyArray<WorkOrderRevision>): number =>
  revisions.filter(
    (revision) => revision.change.kind === "timeExtension" && statusOf(revision) === "approved",
  ).length
