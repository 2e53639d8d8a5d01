/**
 * Raising and deciding project closure requests (CLOSE-1, WF-CLOSE). A
 * request names a project with at least one accepted work order, and every
 * item of its checklist done; only one request per project may stand (in
 * the workflow or approved; `PROJECT_CLOSURE_EXISTS`). Approval closes
 * every accepted work order of the project, with its measurement book and
 * attendance register, so no new bill, muster roll or measurement can be
 * made. A refused request changes nothing (ERR-2).
 *
 * @since 0.1.0
 */

import type { DateTime } from "effect"
import { Context, Effect, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { ValidationFailed } from "../errors/ValidationFailed.js"
import * as EntityId from "../ids/EntityId.js"
import { type ActionFields, checkVersion, definitionOf, eventOf } from "../measurement/ActionRequest.js"
import { closeBook } from "../measurement/MeasurementBookLifecycle.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import * as BusinessClock from "../time/BusinessClock.js"
import { transition } from "../workflow/WorkflowEngine.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import { AttendanceRegisters } from "./AttendanceRegisters.js"
import {
  approvedState,
  type ClosureChecklist,
  checklistProblems,
  type ProjectClosure,
  submitAction,
  workflowCode,
} from "./ProjectClosure.js"
import { getClosure, ProjectClosureRepository, standingClosureOf } from "./ProjectClosureRepository.js"
import type { WorkOrder } from "./WorkOrder.js"
import { WorkOrderRepository } from "./WorkOrderRepository.js"

/**
 * Problem code: the project has no accepted work order to close.
 *
 * @since 0.1.0
 * @category errors
 */
export const projectWithoutAcceptedOrderCode = "PROJECT_WITHOUT_ACCEPTED_ORDER"

/**
 * A closure request of the project is already in the workflow or approved.
 *
 * @since 0.1.0
 * @category errors
 */
export class ProjectClosureExists extends Schema.TaggedError<ProjectClosureExists>(
  "@karya/core/contracts/ProjectClosureExists",
)("ProjectClosureExists", {
  projectId: Schema.String,
  closureId: Schema.String,
  state: Schema.String,
}) {
  static readonly code = "PROJECT_CLOSURE_EXISTS"
  static readonly category = "conflict"
  readonly code = ProjectClosureExists.code
  readonly category = ProjectClosureExists.category
  readonly retryable = false
  override get message(): string {
    return `Project ${this.projectId} already has a closure request (${this.closureId}, ${this.state}); follow that request instead of raising another.`
  }
}

/**
 * A request to close a project.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClosureRequest extends ActionFields {
  readonly tenantId: TenantId
  readonly projectId: string
  readonly checklist: ClosureChecklist
}

/**
 * The most accepted work orders one approval closes (house rule 8): a
 * project's estimates are split among the orders of a few CBOs, all closed
 * in one transaction (DB-5). Nothing at intake bounds a project's orders
 * (WO-1), so approving the closure of a project with more is refused with
 * `ACCEPTED_ORDERS_PER_PROJECT_EXCEEDED` before the closure moves.
 *
 * @since 0.1.0
 * @category models
 */
export const acceptedOrdersPerProjectMax = 100

/**
 * The limit an approval applies, `acceptedOrdersPerProjectMax` unless
 * provided: the rule's tests provide a small one, since accepting a hundred
 * orders through the use cases takes a hundred estimates' worth of lines.
 *
 * @since 0.1.0
 * @category services
 */
export const AcceptedOrdersPerProjectMax = Context.Reference<number>(
  "@karya/core/contracts/ProjectClosing/AcceptedOrdersPerProjectMax",
  { defaultValue: () => acceptedOrdersPerProjectMax },
)

/**
 * The project has more accepted work orders than one closure approval
 * closes (CLOSE-1, `acceptedOrdersPerProjectMax`): the closure stays where
 * it was.
 *
 * @since 0.1.0
 * @category errors
 */
export class AcceptedOrdersPerProjectExceeded extends Schema.TaggedError<AcceptedOrdersPerProjectExceeded>(
  "@karya/core/contracts/AcceptedOrdersPerProjectExceeded",
)("AcceptedOrdersPerProjectExceeded", { projectId: Schema.String, limit: Schema.Number }) {
  static readonly code = "ACCEPTED_ORDERS_PER_PROJECT_EXCEEDED"
  static readonly category = "rule"
  readonly code = AcceptedOrdersPerProjectExceeded.code
  readonly category = AcceptedOrdersPerProjectExceeded.category
  readonly retryable = false
  override get message(): string {
    return `Project ${this.projectId} has more than ${this.limit} accepted work orders, the most one closure approval closes; complete or cancel some of its work orders first, then approve the closure again.`
  }
}

const acceptedOrdersQuery = (key: { readonly tenantId: TenantId; readonly projectId: string }) => ({
  tenantId: key.tenantId,
  where: { projectId: key.projectId, status: "accepted" },
  orderBy: "number" as const,
})

/**
 * Raises a project closure request (CLOSE-1) and submits it (`SUBMIT`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const requestProjectClosure = Effect.fn("Contracts.requestProjectClosure")(function* (
  request: ClosureRequest,
) {
  const configuration = yield* configurationOf(request.tenantId)
  const repository = yield* ProjectClosureRepository
  const standing = yield* standingClosureOf(request)
  if (Option.isSome(standing)) {
    const state = standing.value.workflow.state
    return yield* new ProjectClosureExists({
      projectId: request.projectId,
      closureId: standing.value.closureId,
      state,
    })
  }
  const order = yield* WorkOrderRepository.use((orders) =>
    AggregateStore.findFirst(orders, acceptedOrdersQuery(request)),
  )
  const problems: Array<FieldProblem> = [...checklistProblems(request.checklist)]
  if (Option.isNone(order)) {
    const message = `project ${request.projectId} has no accepted work order to close`
    problems.push({ field: "projectId", code: projectWithoutAcceptedOrderCode, message })
  }
  const [first, ...rest] = problems
  if (first !== undefined)
    return yield* new ValidationFailed({ subject: "project closure", problems: [first, ...rest] })
  const definition = definitionOf(configuration, workflowCode)
  const closureId = yield* EntityId.make
  const initial = WorkflowSnapshot.initial({
    entityId: closureId,
    tenantId: request.tenantId,
    definitionCode: definition.code,
  })
  const at = yield* BusinessClock.currentInstant
  const moved = yield* Effect.fromResult(
    transition(definition, initial, eventOf(request, { type: submitAction, version: initial.version, at })),
  )
  const closure: ProjectClosure = {
    closureId,
    tenantId: request.tenantId,
    projectId: request.projectId,
    checklist: request.checklist,
    workflow: moved,
    version: 1,
  }
  yield* repository.insert({ aggregate: closure })
  return closure
})

const closeOrder = Effect.fn("Contracts.closeWorkOrder")(function* (
  workOrder: WorkOrder,
  closure: { readonly closureId: string; readonly at: DateTime.Utc },
) {
  const key = { tenantId: workOrder.tenantId, workOrderId: workOrder.workOrderId }
  yield* WorkOrderRepository.use((repository) =>
    repository.update({
      aggregate: { ...workOrder, closure, version: workOrder.version + 1 },
      expectedVersion: workOrder.version,
    }),
  )
  yield* closeBook(key)
  yield* AttendanceRegisters.use((registers) => registers.close(key))
})

/**
 * A workflow action on a closure request.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClosureActionRequest extends ActionFields {
  readonly tenantId: TenantId
  readonly closureId: string
  readonly version: number
  readonly type: string
}

/**
 * Takes a workflow action on a closure request (WF-CLOSE); approval closes
 * the project's accepted work orders (CLOSE-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const takeClosureAction = Effect.fn("Contracts.takeClosureAction")(function* (
  request: ClosureActionRequest,
) {
  const configuration = yield* configurationOf(request.tenantId)
  const closure = yield* getClosure(request)
  const current = {
    entityId: closure.closureId,
    requestedVersion: request.version,
    currentVersion: closure.version,
  }
  yield* Effect.fromResult(checkVersion(current))
  const definition = definitionOf(configuration, workflowCode)
  const at = yield* BusinessClock.currentInstant
  const event = eventOf(request, { type: request.type, version: closure.workflow.version, at })
  const moved = yield* Effect.fromResult(transition(definition, closure.workflow, event))
  const next: ProjectClosure = { ...closure, workflow: moved, version: closure.version + 1 }
  // Read before any write, so a project past the limit is refused unchanged.
  const limit = yield* AcceptedOrdersPerProjectMax
  const orders =
    next.workflow.state === approvedState
      ? yield* WorkOrderRepository.use((repository) =>
          AggregateStore.findAllWithin(repository, acceptedOrdersQuery(closure), { itemsMax: limit }),
        )
      : Option.some([])
  if (Option.isNone(orders))
    return yield* new AcceptedOrdersPerProjectExceeded({ projectId: closure.projectId, limit })
  yield* ProjectClosureRepository.use((repository) =>
    repository.update({ aggregate: next, expectedVersion: closure.version }),
  )
  yield* Effect.forEach(orders.value, (workOrder) =>
    closeOrder(workOrder, { closureId: closure.closureId, at }),
  )
  return next
})

/**
 * Whether the project is closed: a closure request of it was approved
 * (CLOSE-1). Other modules ask before a new bill or muster roll.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isProjectClosed = (key: {
  readonly tenantId: TenantId
  readonly projectId: string
}): Effect.Effect<boolean, StoreUnavailable, ProjectClosureRepository> =>
  ProjectClosureRepository.use((repository) =>
    Effect.map(
      AggregateStore.findFirst(repository, {
        tenantId: key.tenantId,
        where: { projectId: key.projectId, status: "approved" },
      }),
      Option.exists((closure) => closure.workflow.state === approvedState),
    ),
  )
