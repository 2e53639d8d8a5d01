/**
 * Taking work-order workflow actions (WF-WO, WO-6): verification, approval,
 * the CBO's acceptance or decline, sending back and rejection. Entering
 * `PENDING_FOR_ACCEPTANCE` issues the order: the issue date is today and the
 * CBO must accept by issue date + the tenant's acceptance SLA (MUKTA: 7
 * days). Entering `ACCEPTED` starts it: start date = the acceptance date
 * (local), end date = start + completion period days; an attendance register
 * covering start..end is opened (`AttendanceRegisters`) and a measurement
 * book is opened (MB-1). A decline sends the order to its creator for
 * re-assignment to another CBO (`editWorkOrder`).
 *
 * An order not accepted by its due date is overdue (`isAcceptanceOverdue`).
 * Where the tenant cancels overdue orders (`workOrder.overdueAcceptance` is
 * `cancel`), `processOverdueAcceptances` cancels them, and until it runs an
 * overdue order cannot be accepted (`WO_ACCEPTANCE_OVERDUE`). A cancelled
 * order takes no action (`WORK_ORDER_CANCELLED`).
 *
 * @since 0.1.0
 */
import { Effect, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import { type ActionFields, checkVersion, definitionOf, eventOf } from "../measurement/ActionRequest.js"
import { openBook } from "../measurement/MeasurementBookLifecycle.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as BusinessClock from "../time/BusinessClock.js"
import * as LocalDate from "../time/LocalDate.js"
import { transition } from "../workflow/WorkflowEngine.js"
import type { WorkflowSnapshot } from "../workflow/WorkflowSnapshot.js"
import { AttendanceRegisters } from "./AttendanceRegisters.js"
import {
  acceptedState,
  isAcceptanceOverdue,
  pendingAcceptanceState,
  type WorkOrder,
  workflowCode,
} from "./WorkOrder.js"
import { getWorkOrder, WorkOrderRepository } from "./WorkOrderRepository.js"

/**
 * The order was cancelled, so no workflow action can be taken on it.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOrderCancelled extends Schema.TaggedError<WorkOrderCancelled>(
  "@karya/core/contracts/WorkOrderCancelled",
)("WorkOrderCancelled", {
  workOrderNumber: Schema.String,
}) {
  static readonly code = "WORK_ORDER_CANCELLED"
  static readonly category = "rule"
  readonly code = WorkOrderCancelled.code
  readonly category = WorkOrderCancelled.category
  readonly retryable = false
  override get message(): string {
    return `Work order ${this.workOrderNumber} was cancelled; no action can be taken on it.`
  }
}

/**
 * The CBO did not accept by the due date and the tenant cancels such orders
 * (WO-6).
 *
 * @since 0.1.0
 * @category errors
 */
export class WoAcceptanceOverdue extends Schema.TaggedError<WoAcceptanceOverdue>(
  "@karya/core/contracts/WoAcceptanceOverdue",
)("WoAcceptanceOverdue", {
  workOrderNumber: Schema.String,
  acceptanceDueDate: Schema.String,
}) {
  static readonly code = "WO_ACCEPTANCE_OVERDUE"
  static readonly category = "rule"
  readonly code = WoAcceptanceOverdue.code
  readonly category = WoAcceptanceOverdue.category
  readonly retryable = false
  override get message(): string {
    return `Work order ${this.workOrderNumber} had to be accepted by ${this.acceptanceDueDate}; this ULB cancels orders not accepted in time, so ask the officer to issue a new order.`
  }
}

/**
 * A workflow action on a work order.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkOrderActionRequest extends ActionFields {
  readonly tenantId: TenantId
  readonly workOrderId: string
  readonly version: number
  readonly type: string
}

/**
 * The order as it stands after entering its snapshot's state on `today`:
 * issued on entering pending acceptance, started on entering accepted (WO-6).
 *
 * @since 0.1.0
 * @category constructors
 */
export const afterTransition = (
  workOrder: WorkOrder,
  change: {
    readonly snapshot: WorkflowSnapshot
    readonly today: LocalDate.LocalDate
    readonly acceptanceSlaDays: number
  },
): WorkOrder => {
  const moved = { ...workOrder, workflow: change.snapshot, version: workOrder.version + 1 }
  if (change.snapshot.state === workOrder.workflow.state) return moved
  if (change.snapshot.state === pendingAcceptanceState) {
    const acceptanceDueDate = LocalDate.addDays(change.today, change.acceptanceSlaDays)
    return { ...moved, issueDate: change.today, acceptanceDueDate }
  }
  if (change.snapshot.state === acceptedState) {
    const endDate = LocalDate.addDays(change.today, workOrder.completionPeriodDays)
    return { ...moved, startDate: change.today, endDate }
  }
  return moved
}

const start = Effect.fn("Contracts.startWorkOrder")(function* (workOrder: WorkOrder) {
  const { startDate, endDate } = workOrder
  if (startDate === undefined || endDate === undefined) return
  const registers = yield* AttendanceRegisters
  yield* registers.open({
    tenantId: workOrder.tenantId,
    workOrderId: workOrder.workOrderId,
    workOrderNumber: workOrder.number,
    projectId: workOrder.projectId,
    organisationId: workOrder.organisationId,
    startDate,
    endDate,
  })
  yield* openBook({
    tenantId: workOrder.tenantId,
    workOrderId: workOrder.workOrderId,
    workOrderNumber: workOrder.number,
    projectId: workOrder.projectId,
    startDate,
    endDate,
    lines: workOrder.lines,
  })
})

/**
 * Takes a workflow action on a work order (WF-WO) with its effects (WO-6).
 *
 * @since 0.1.0
 * @category constructors
 */
export const takeWorkOrderAction = Effect.fn("Contracts.takeWorkOrderAction")(function* (
  request: WorkOrderActionRequest,
) {
  const configuration = yield* configurationOf(request.tenantId)
  const workOrder = yield* getWorkOrder(request)
  const current = {
    entityId: workOrder.number,
    requestedVersion: request.version,
    currentVersion: workOrder.version,
  }
  yield* Effect.fromResult(checkVersion(current))
  if (workOrder.cancellation !== undefined)
    return yield* new WorkOrderCancelled({ workOrderNumber: workOrder.number })
  const at = yield* BusinessClock.currentInstant
  const today = LocalDate.fromInstant(at, configuration.timeZone)
  if (configuration.workOrder.overdueAcceptance === "cancel" && isAcceptanceOverdue(workOrder, today)) {
    const acceptanceDueDate = workOrder.acceptanceDueDate ?? today
    return yield* new WoAcceptanceOverdue({ workOrderNumber: workOrder.number, acceptanceDueDate })
  }
  const definition = definitionOf(configuration, workflowCode)
  const event = eventOf(request, { type: request.type, version: workOrder.workflow.version, at })
  const moved = yield* Effect.fromResult(transition(definition, workOrder.workflow, event))
  const acceptanceSlaDays = configuration.workOrder.acceptanceSlaDays
  const next = afterTransition(workOrder, { snapshot: moved, today, acceptanceSlaDays })
  yield* WorkOrderRepository.use((repository) =>
    repository.update({ aggregate: next, expectedVersion: workOrder.version }),
  )
  if (next.workflow.state === acceptedState && workOrder.workflow.state !== acceptedState) {
    yield* start(next)
  }
  return next
})

/**
 * What `processOverdueAcceptances` found: the numbers of the orders overdue
 * today, and of those it cancelled.
 *
 * @since 0.1.0
 * @category models
 */
export interface OverdueAcceptances {
  readonly overdue: ReadonlyArray<string>
  readonly cancelled: ReadonlyArray<string>
}

/**
 * The id the system acts under when it cancels overdue orders (WF-BILL's
 * `SYSTEM` actor).
 *
 * @since 0.1.0
 * @category models
 */
export const systemActorId = "SYSTEM"

/**
 * The most overdue orders one run reads (house rule 8): a ULB issues a few
 * hundred work orders a year and the run is daily, so a run finding more
 * overdue at once means the job has not run for years, or the tenant only
 * marks overdue orders and nobody acts on them. Nothing at intake bounds
 * them, so a run past it is refused with `OVERDUE_ACCEPTANCES_EXCEEDED`
 * before it cancels anything.
 *
 * @since 0.1.0
 * @category models
 */
export const overdueAcceptancesMax = 1_000

/**
 * More orders await acceptance past their due date than one run reads
 * (WO-6, `overdueAcceptancesMax`): the run changes nothing.
 *
 * @since 0.1.0
 * @category errors
 */
export class OverdueAcceptancesExceeded extends Schema.TaggedError<OverdueAcceptancesExceeded>(
  "@karya/core/contracts/OverdueAcceptancesExceeded",
)("OverdueAcceptancesExceeded", { limit: Schema.Number }) {
  static readonly code = "OVERDUE_ACCEPTANCES_EXCEEDED"
  static readonly category = "rule"
  readonly code = OverdueAcceptancesExceeded.code
  readonly category = OverdueAcceptancesExceeded.category
  readonly retryable = false
  override get message(): string {
    return `More than ${this.limit} work orders are waiting for acceptance past their due date, the most one run processes; have their CBOs accept them or cancel them from the work-order list, then run the check again.`
  }
}

/**
 * Finds the orders of a tenant not accepted by their due date (WO-6) and,
 * where the tenant cancels overdue orders, cancels them. Run daily; running
 * it again the same day changes nothing more.
 *
 * @since 0.1.0
 * @category constructors
 */
export const processOverdueAcceptances = Effect.fn("Contracts.processOverdueAcceptances")(
  function* (request: { readonly tenantId: TenantId }) {
    const configuration = yield* configurationOf(request.tenantId)
    const repository = yield* WorkOrderRepository
    const at = yield* BusinessClock.currentInstant
    const today = LocalDate.fromInstant(at, configuration.timeZone)
    // Due before today: the store narrows, `isAcceptanceOverdue` decides.
    const found = yield* AggregateStore.findAllWithin(
      repository,
      {
        tenantId: request.tenantId,
        where: { status: "pendingAcceptance", acceptanceDueDate: { to: LocalDate.addDays(today, -1) } },
        orderBy: "number",
      },
      { itemsMax: overdueAcceptancesMax },
    )
    if (Option.isNone(found)) return yield* new OverdueAcceptancesExceeded({ limit: overdueAcceptancesMax })
    const pending = found.value
    const overdue = pending.filter((workOrder) => isAcceptanceOverdue(workOrder, today))
    if (configuration.workOrder.overdueAcceptance === "markOverdue") {
      return {
        overdue: overdue.map((workOrder) => workOrder.number),
        cancelled: [],
      } satisfies OverdueAcceptances
    }
    yield* Effect.forEach(overdue, (workOrder) =>
      repository.update({
        aggregate: {
          ...workOrder,
          cancellation: {
            cause: "acceptanceOverdue",
            at,
            actorId: systemActorId,
            reason: `not accepted by the due date ${workOrder.acceptanceDueDate ?? ""}`,
          },
          version: workOrder.version + 1,
        },
        expectedVersion: workOrder.version,
      }),
    )
    const numbers = overdue.map((workOrder) => workOrder.number)
    return { overdue: numbers, cancelled: numbers } satisfies OverdueAcceptances
  },
)
