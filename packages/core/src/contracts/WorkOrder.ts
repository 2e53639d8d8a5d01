/**
 * The work order (contract) aggregate (WO-1..10): the SOR and NON-SOR lines
 * and work-order-value overheads taken from approved estimates, the amount,
 * the CBO and its role, the officer-in-charge, the completion period, terms,
 * optional milestones and negotiation, the dates set on approval and
 * acceptance, and the workflow snapshot (WF-WO). `version` counts every
 * stored change (DB-4); a request names the version it was decided on.
 *
 * The status is derived, never stored: cancelled or closed when recorded so,
 * otherwise from the workflow state (`statusOf`). The rules key on the MUKTA
 * state names below (a tenant's definition must keep them, WF-8): the order
 * is issued when it enters `PENDING_FOR_ACCEPTANCE`, accepted when it enters
 * `ACCEPTED`, and it is with its creator (editable, WO-7) in any state where
 * the `WORK_ORDER_CREATOR` role acts.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import { Amount } from "../money/Amount.js"
import { Quantity } from "../money/Quantity.js"
import { Rate } from "../money/Rate.js"
import * as LocalDate from "../time/LocalDate.js"
import { rolesActingIn, type WorkflowDefinition } from "../workflow/WorkflowDefinition.js"
import { WorkflowSnapshot } from "../workflow/WorkflowSnapshot.js"
import { LineCategory } from "./ApprovedEstimates.js"
import { CboRole } from "./CboRole.js"
import { Milestone } from "./Milestone.js"
import { Negotiation } from "./Negotiation.js"

/**
 * The code of the work-order workflow in a tenant's configuration.
 *
 * @since 0.1.0
 * @category models
 */
export const workflowCode = "work-order"

/**
 * The state a work order waits in for the CBO's acceptance (WO-6).
 *
 * @since 0.1.0
 * @category models
 */
export const pendingAcceptanceState = "PENDING_FOR_ACCEPTANCE"

/**
 * The state a declined work order waits in for re-assignment (WO-6).
 *
 * @since 0.1.0
 * @category models
 */
export const reassignmentState = "PENDING_FOR_REASSIGNMENT"

/**
 * The state of an accepted work order (WO-6).
 *
 * @since 0.1.0
 * @category models
 */
export const acceptedState = "ACCEPTED"

/**
 * The state of a rejected work order.
 *
 * @since 0.1.0
 * @category models
 */
export const rejectedState = "REJECTED"

/**
 * The role that creates and edits work orders (WF-WO).
 *
 * @since 0.1.0
 * @category models
 */
export const creatorRole = "WORK_ORDER_CREATOR"

/**
 * The action that sends an edited order back for verification (WF-WO).
 *
 * @since 0.1.0
 * @category models
 */
export const editAction = "EDIT"

/**
 * An SOR or NON-SOR line of a work order, as taken from its estimate.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkOrderLine = Schema.Struct({
  estimateId: Schema.NonEmptyString,
  lineId: Schema.NonEmptyString,
  category: LineCategory,
  sorCode: Schema.optionalKey(Schema.NonEmptyString),
  description: Schema.String,
  unit: Schema.String,
  quantity: Quantity,
  rate: Rate,
  amount: Amount,
  /** The date the line's rate was taken for (its estimate's), for utilization (MB-8). */
  rateDate: LocalDate.LocalDate,
})

/**
 * @since 0.1.0
 * @category models
 */
export type WorkOrderLine = typeof WorkOrderLine.Type

/**
 * A work-order-value overhead line carried from an estimate (WO-2).
 *
 * @since 0.1.0
 * @category models
 */
export const WorkOrderOverhead = Schema.Struct({
  estimateId: Schema.NonEmptyString,
  lineId: Schema.NonEmptyString,
  code: Schema.NonEmptyString,
  description: Schema.String,
  amount: Amount,
})

/**
 * @since 0.1.0
 * @category models
 */
export type WorkOrderOverhead = typeof WorkOrderOverhead.Type

/**
 * Why a work order was cancelled (WO-6, WO-10): an officer's decision, or the
 * CBO not accepting by the due date where the tenant cancels overdue orders.
 *
 * @since 0.1.0
 * @category models
 */
export const Cancellation = Schema.Struct({
  cause: Schema.Literals(["officerDecision", "acceptanceOverdue"]),
  at: Schema.DateTimeUtc,
  actorId: Schema.String,
  reason: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Cancellation = typeof Cancellation.Type

/**
 * The approved project closure that closed the order (CLOSE-1).
 *
 * @since 0.1.0
 * @category models
 */
export const Closure = Schema.Struct({ closureId: Schema.String, at: Schema.DateTimeUtc })

/**
 * @since 0.1.0
 * @category models
 */
export type Closure = typeof Closure.Type

/**
 * The work order aggregate.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkOrder = Schema.Struct({
  workOrderId: EntityId,
  tenantId: TenantId,
  number: HumanNumber,
  projectId: Schema.NonEmptyString,
  organisationId: Schema.NonEmptyString,
  cboRole: CboRole,
  officerInChargeId: Schema.NonEmptyString,
  completionPeriodDays: Schema.Int,
  termsAndConditions: Schema.Array(Schema.String),
  lines: Schema.Array(WorkOrderLine),
  overheads: Schema.Array(WorkOrderOverhead),
  /** Σ lines and overheads (negotiated, WO-9), rounded to the rupee (WO-3). */
  amount: Amount,
  milestones: Schema.Array(Milestone),
  negotiation: Schema.optionalKey(Negotiation),
  /** Set when the order is approved and issued to the CBO (WO-6). */
  issueDate: Schema.optionalKey(LocalDate.LocalDate),
  /** Issue date + the acceptance SLA (WO-6). */
  acceptanceDueDate: Schema.optionalKey(LocalDate.LocalDate),
  /** The acceptance date (WO-6). */
  startDate: Schema.optionalKey(LocalDate.LocalDate),
  /** Start + completion period; moved by approved time extensions (TE-4). */
  endDate: Schema.optionalKey(LocalDate.LocalDate),
  cancellation: Schema.optionalKey(Cancellation),
  closure: Schema.optionalKey(Closure),
  workflow: WorkflowSnapshot,
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type WorkOrder = typeof WorkOrder.Type

/**
 * Where a work order stands.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkOrderStatus = Schema.Literals([
  "inWorkflow",
  "pendingAcceptance",
  "accepted",
  "rejected",
  "cancelled",
  "closed",
])

/**
 * @since 0.1.0
 * @category models
 */
export type WorkOrderStatus = typeof WorkOrderStatus.Type

/**
 * The status of a work order, derived from its record.
 *
 * @since 0.1.0
 * @category conversions
 */
export const statusOf = (workOrder: WorkOrder): WorkOrderStatus => {
  if (workOrder.cancellation !== undefined) return "cancelled"
  if (workOrder.closure !== undefined) return "closed"
  if (workOrder.workflow.state === acceptedState) return "accepted"
  if (workOrder.workflow.state === rejectedState) return "rejected"
  if (workOrder.workflow.state === pendingAcceptanceState) return "pendingAcceptance"
  return "inWorkflow"
}

/**
 * The statuses of an order that holds its estimate lines (WO-2, `isActive`):
 * every status but rejected and cancelled.
 *
 * @since 0.1.0
 * @category models
 */
export const activeStatuses: ReadonlyArray<WorkOrderStatus> = WorkOrderStatus.literals.filter(
  (status) => status !== "rejected" && status !== "cancelled",
)

/**
 * Whether the order holds its estimate lines (WO-2): every order that is
 * neither rejected nor cancelled. A closed order keeps its lines: they were
 * executed.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isActive = (workOrder: WorkOrder): boolean => activeStatuses.includes(statusOf(workOrder))

/**
 * Whether the order is with its creator in the workflow, the only time its
 * content may change (WO-7): its state has an action the creator role takes.
 * A cancelled order is never with its creator.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isWithCreator = (workOrder: WorkOrder, definition: WorkflowDefinition): boolean =>
  workOrder.cancellation === undefined &&
  workOrder.workflow.timeline.length > 0 &&
  rolesActingIn(definition, workOrder.workflow.state).includes(creatorRole)

/**
 * Whether the CBO has not accepted by the due date (WO-6): the order waits
 * for acceptance and `today` is after its due date.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isAcceptanceOverdue = (workOrder: WorkOrder, today: LocalDate.LocalDate): boolean =>
  statusOf(workOrder) === "pendingAcceptance" &&
  workOrder.acceptanceDueDate !== undefined &&
  LocalDate.isAfter(today, workOrder.acceptanceDueDate)

/**
 * The ids of every estimate line the order holds (SOR, NON-SOR and overhead).
 *
 * @since 0.1.0
 * @category conversions
 */
export const heldLineIds = (workOrder: Pick<WorkOrder, "lines" | "overheads">): ReadonlyArray<string> => [
  ...workOrder.lines.map((line) => line.lineId),
  ...workOrder.overheads.map((overhead) => overhead.lineId),
]

/**
 * The estimates the order was made from, in line order, without repeats.
 *
 * @since 0.1.0
 * @category conversions
 */
export const estimateIdsOf = (workOrder: Pick<WorkOrder, "lines" | "overheads">): ReadonlyArray<string> => [
  ...new Set([
    ...workOrder.lines.map((line) => line.estimateId),
    ...workOrder.overheads.map((overhead) => overhead.estimateId),
  ]),
]
