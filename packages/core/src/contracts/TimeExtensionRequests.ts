/**
 * Raising and editing time extensions (TE-1..3). The CBO or the
 * officer-in-charge asks for extension days on an accepted work order,
 * with a reason; the request becomes a revised work order (`TE/…`) linked
 * to the order, with the same organisation and start date and a revised end
 * date = the order's current end date + the days, in the WF-TE workflow.
 * While sent back, the requester may change the days and resubmit; the
 * revised end date is recomputed from the same end date, never compounded.
 *
 * Refusals, in order (TE-1): the order is not accepted
 * (`WORK_ORDER_NOT_ACCEPTED`: cancelled, closed or not yet accepted); no
 * muster roll was ever created for it (`TE_NO_MUSTER_ROLL`); its first
 * muster roll is not yet submitted (`TE_MUSTER_ROLL_PENDING`); a closure
 * request of its project stands (`TE_CLOSURE_EXISTS`); another revision is
 * in the workflow (`TE_IN_WORKFLOW`); it was extended the tenant's maximum
 * number of times (`TE_LIMIT_REACHED`, `revisionLimits.timeExtensionsMax`);
 * then the fields (`VALIDATION_FAILED`) and the workflow action (WF-2).
 *
 * @since 0.1.0
 */
import { Effect, Option, Schema } from "effect"
import { timeExtensionsAllowedMax } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { ValidationFailed } from "../errors/ValidationFailed.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import { assert } from "../internal/assert.js"
import { type ActionFields, checkVersion, definitionOf, eventOf } from "../measurement/ActionRequest.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as BusinessClock from "../time/BusinessClock.js"
import { rolesActingIn } from "../workflow/WorkflowDefinition.js"
import { transition } from "../workflow/WorkflowEngine.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import { progressOf } from "./MusterRollStatus.js"
import { standingClosureOf } from "./ProjectClosureRepository.js"
import { creatorRole, editAction, statusOf, type WorkOrder } from "./WorkOrder.js"
import { createAction, WoNotEditable } from "./WorkOrderIssue.js"
import { getWorkOrder } from "./WorkOrderRepository.js"
import {
  approvedTimeExtensions,
  reasonLengthMax,
  revisedEndDate,
  type WorkOrderRevision,
  workflowCode,
} from "./WorkOrderRevision.js"
import { getRevision, WorkOrderRevisionRepository } from "./WorkOrderRevisionRepository.js"

/**
 * The order is not accepted (still in preparation, cancelled or closed), so
 * it cannot be revised (TE-1, TE-5).
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOrderNotAccepted extends Schema.TaggedError<WorkOrderNotAccepted>(
  "@karya/core/contracts/WorkOrderNotAccepted",
)("WorkOrderNotAccepted", {
  workOrderNumber: Schema.String,
  status: Schema.String,
}) {
  static readonly code = "WORK_ORDER_NOT_ACCEPTED"
  static readonly category = "rule"
  readonly code = WorkOrderNotAccepted.code
  readonly category = WorkOrderNotAccepted.category
  readonly retryable = false
  override get message(): string {
    return `Work order ${this.workOrderNumber} is ${this.status}; only an accepted, running work order can be extended or revised.`
  }
}

/**
 * No muster roll was ever created for the order (TE-1).
 *
 * @since 0.1.0
 * @category errors
 */
export class TeNoMusterRoll extends Schema.TaggedError<TeNoMusterRoll>(
  "@karya/core/contracts/TeNoMusterRoll",
)("TeNoMusterRoll", { workOrderNumber: Schema.String }) {
  static readonly code = "TE_NO_MUSTER_ROLL"
  static readonly category = "rule"
  readonly code = TeNoMusterRoll.code
  readonly category = TeNoMusterRoll.category
  readonly retryable = false
  override get message(): string {
    return `No muster roll has been created for work order ${this.workOrderNumber}; record attendance and create the first muster roll before asking for more time.`
  }
}

/**
 * The order's first muster roll is not yet submitted for approval (TE-1).
 *
 * @since 0.1.0
 * @category errors
 */
export class TeMusterRollPending extends Schema.TaggedError<TeMusterRollPending>(
  "@karya/core/contracts/TeMusterRollPending",
)("TeMusterRollPending", { workOrderNumber: Schema.String }) {
  static readonly code = "TE_MUSTER_ROLL_PENDING"
  static readonly category = "rule"
  readonly code = TeMusterRollPending.code
  readonly category = TeMusterRollPending.category
  readonly retryable = false
  override get message(): string {
    return `The first muster roll of work order ${this.workOrderNumber} is not yet submitted for approval; submit it before asking for more time.`
  }
}

/**
 * A closure request of the order's project stands (TE-1).
 *
 * @since 0.1.0
 * @category errors
 */
export class TeClosureExists extends Schema.TaggedError<TeClosureExists>(
  "@karya/core/contracts/TeClosureExists",
)("TeClosureExists", { workOrderNumber: Schema.String, projectId: Schema.String, closureId: Schema.String }) {
  static readonly code = "TE_CLOSURE_EXISTS"
  static readonly category = "rule"
  readonly code = TeClosureExists.code
  readonly category = TeClosureExists.category
  readonly retryable = false
  override get message(): string {
    return `Project ${this.projectId} of work order ${this.workOrderNumber} already has a closure request (${this.closureId}), so the order cannot be extended or revised.`
  }
}

/**
 * Another revision of the order is in the workflow (TE-1).
 *
 * @since 0.1.0
 * @category errors
 */
export class TeInWorkflow extends Schema.TaggedError<TeInWorkflow>("@karya/core/contracts/TeInWorkflow")(
  "TeInWorkflow",
  { workOrderNumber: Schema.String, revisionNumber: Schema.String, state: Schema.String },
) {
  static readonly code = "TE_IN_WORKFLOW"
  static readonly category = "rule"
  readonly code = TeInWorkflow.code
  readonly category = TeInWorkflow.category
  readonly retryable = false
  override get message(): string {
    return `Revision ${this.revisionNumber} of work order ${this.workOrderNumber} is still ${this.state}; wait for it to be approved or rejected.`
  }
}

/**
 * The order was already extended the maximum number of times (TE-1).
 *
 * @since 0.1.0
 * @category errors
 */
export class TeLimitReached extends Schema.TaggedError<TeLimitReached>(
  "@karya/core/contracts/TeLimitReached",
)("TeLimitReached", { workOrderNumber: Schema.String, timeExtensionsMax: Schema.Number }) {
  static readonly code = "TE_LIMIT_REACHED"
  static readonly category = "rule"
  readonly code = TeLimitReached.code
  readonly category = TeLimitReached.category
  readonly retryable = false
  override get message(): string {
    return `Work order ${this.workOrderNumber} has already been extended ${this.timeExtensionsMax} times, the most this ULB allows.`
  }
}

/**
 * Problem code: extension days not a whole number of at least 1 (TE-2).
 *
 * @since 0.1.0
 * @category errors
 */
export const extensionDaysInvalidCode = "EXTENSION_DAYS_INVALID"

/**
 * Problem code: no reason given (TE-2).
 *
 * @since 0.1.0
 * @category errors
 */
export const reasonRequiredCode = "REASON_REQUIRED"

/**
 * Problem code: a reason longer than `reasonLengthMax` (TE-2).
 *
 * @since 0.1.0
 * @category errors
 */
export const reasonTooLongCode = "REASON_TOO_LONG"

/**
 * The field problems of a time extension's days and reason (TE-2).
 *
 * @since 0.1.0
 * @category constructors
 */
export const extensionProblems = (request: {
  readonly extensionDays: number
  readonly reason: string
}): ReadonlyArray<FieldProblem> => {
  const problems: Array<FieldProblem> = []
  if (!Number.isInteger(request.extensionDays) || request.extensionDays < 1) {
    const message = `${request.extensionDays} is not a number of days; enter a whole number, at least 1`
    problems.push({ field: "extensionDays", code: extensionDaysInvalidCode, message, limit: "1" })
  }
  const reason = request.reason.trim()
  if (reason === "") {
    problems.push({ field: "reason", code: reasonRequiredCode, message: "say why more time is needed" })
  }
  if (reason.length > reasonLengthMax) {
    const message = `shorten the reason to at most ${reasonLengthMax} characters`
    problems.push({ field: "reason", code: reasonTooLongCode, message, limit: String(reasonLengthMax) })
  }
  return problems
}

/**
 * Checks shared by every revision of an order (TE-1, TE-5): its project has
 * no standing closure request and no revision of it is in the workflow.
 *
 * @since 0.1.0
 * @category constructors
 */
export const checkRevisable = Effect.fn("Contracts.checkRevisable")(function* (workOrder: WorkOrder) {
  const closure = yield* standingClosureOf(workOrder)
  if (Option.isSome(closure)) {
    const { number: workOrderNumber, projectId } = workOrder
    return yield* new TeClosureExists({ workOrderNumber, projectId, closureId: closure.value.closureId })
  }
  const pending = yield* WorkOrderRevisionRepository.use((repository) =>
    AggregateStore.findFirst(repository, {
      tenantId: workOrder.tenantId,
      where: { workOrderId: workOrder.workOrderId, status: "inWorkflow" },
    }),
  )
  if (Option.isSome(pending)) {
    const state = pending.value.workflow.state
    return yield* new TeInWorkflow({
      workOrderNumber: workOrder.number,
      revisionNumber: pending.value.number,
      state,
    })
  }
})

/**
 * The most approved time extensions of one order read for TE-1's limit
 * (house rule 8): TE-1 stops an order at its tenant's
 * `revisionLimits.timeExtensionsMax` (MUKTA: 2) and keeps one revision in
 * the workflow at a time, so an order has no more than its tenant allows;
 * the configuration refuses a tenant allowing more than
 * `timeExtensionsAllowedMax`, which this is at least (asserted below), so
 * the read never passes it.
 *
 * @since 0.1.0
 * @category models
 */
export const approvedTimeExtensionsMax = 100
assert(
  approvedTimeExtensionsMax >= timeExtensionsAllowedMax,
  "an order's approved time extensions, bounded by its tenant's limit, fit their read",
)

const approvedTimeExtensionsOf = (workOrder: WorkOrder) =>
  WorkOrderRevisionRepository.use((repository) =>
    AggregateStore.findAll(
      repository,
      {
        tenantId: workOrder.tenantId,
        where: { workOrderId: workOrder.workOrderId, kind: "timeExtension", status: "approved" },
      },
      { itemsMax: approvedTimeExtensionsMax },
    ),
  )

/**
 * Succeeds with the order when it is accepted and running.
 *
 * @since 0.1.0
 * @category constructors
 */
export const checkAccepted = (workOrder: WorkOrder): Effect.Effect<WorkOrder, WorkOrderNotAccepted> => {
  const status = statusOf(workOrder)
  return status === "accepted"
    ? Effect.succeed(workOrder)
    : Effect.fail(new WorkOrderNotAccepted({ workOrderNumber: workOrder.number, status }))
}

const checkMusterRolls = Effect.fn("Contracts.checkMusterRolls")(function* (workOrder: WorkOrder) {
  const reference = {
    tenantId: workOrder.tenantId,
    workOrderId: workOrder.workOrderId,
    workOrderNumber: workOrder.number,
  }
  const progress = yield* progressOf(reference)
  if (progress === "noneCreated") return yield* new TeNoMusterRoll({ workOrderNumber: workOrder.number })
  if (progress === "firstNotSubmitted")
    return yield* new TeMusterRollPending({ workOrderNumber: workOrder.number })
})

/**
 * A request for a time extension (TE-1, TE-2).
 *
 * @since 0.1.0
 * @category models
 */
export interface TimeExtensionRequest extends ActionFields {
  readonly tenantId: TenantId
  readonly workOrderId: string
  readonly extensionDays: number
  readonly reason: string
}

const checkFields = (request: { readonly extensionDays: number; readonly reason: string }) => {
  const [first, ...rest] = extensionProblems(request)
  return first === undefined
    ? Effect.void
    : Effect.fail(new ValidationFailed({ subject: "time extension", problems: [first, ...rest] }))
}

/**
 * Raises a time extension (TE-1, TE-2): a revised work order numbered from
 * the tenant's `timeExtension` series, sent for verification (`CREATE`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const requestTimeExtension = Effect.fn("Contracts.requestTimeExtension")(function* (
  request: TimeExtensionRequest,
) {
  const configuration = yield* configurationOf(request.tenantId)
  const workOrder = yield* Effect.flatMap(getWorkOrder(request), checkAccepted)
  yield* checkMusterRolls(workOrder)
  yield* checkRevisable(workOrder)
  const timeExtensionsMax = configuration.revisionLimits.timeExtensionsMax
  if (approvedTimeExtensions(yield* approvedTimeExtensionsOf(workOrder)) >= timeExtensionsMax) {
    return yield* new TeLimitReached({ workOrderNumber: workOrder.number, timeExtensionsMax })
  }
  yield* checkFields(request)
  const definition = definitionOf(configuration, workflowCode)
  const revisionId = yield* EntityId.make
  const initial = WorkflowSnapshot.initial({
    entityId: revisionId,
    tenantId: workOrder.tenantId,
    definitionCode: definition.code,
  })
  const at = yield* BusinessClock.currentInstant
  const event = eventOf(request, { type: createAction, version: initial.version, at })
  const moved = yield* Effect.fromResult(transition(definition, initial, event))
  const { startDate, endDate } = workOrder
  if (startDate === undefined || endDate === undefined)
    return yield* Effect.die("an accepted order has its dates")
  const number = yield* HumanNumber.issueNumber({
    tenantId: workOrder.tenantId,
    cityCode: configuration.cityCode,
    series: "timeExtension",
    idFormat: configuration.idFormats.timeExtension,
    timeZone: configuration.timeZone,
  })
  const extension = { baseEndDate: endDate, extensionDays: request.extensionDays }
  const revision: WorkOrderRevision = {
    revisionId,
    tenantId: workOrder.tenantId,
    number,
    workOrderId: workOrder.workOrderId,
    workOrderNumber: workOrder.number,
    projectId: workOrder.projectId,
    organisationId: workOrder.organisationId,
    startDate,
    change: {
      kind: "timeExtension",
      ...extension,
      reason: request.reason.trim(),
      revisedEndDate: revisedEndDate(extension),
    },
    workflow: moved,
    version: 1,
  }
  yield* WorkOrderRevisionRepository.use((repository) => repository.insert({ aggregate: revision }))
  return revision
})

/**
 * A change of a time extension sent back to its requester (TE-3).
 *
 * @since 0.1.0
 * @category models
 */
export interface EditTimeExtensionRequest extends ActionFields {
  readonly tenantId: TenantId
  readonly revisionId: string
  readonly version: number
  readonly extensionDays: number
  readonly reason: string
}

/**
 * Changes the days (and reason) of a time extension sent back to its
 * requester and resubmits it (`EDIT`, TE-3): the revised end date is the
 * same base end date + the new days.
 *
 * @since 0.1.0
 * @category constructors
 */
export const editTimeExtension = Effect.fn("Contracts.editTimeExtension")(function* (
  request: EditTimeExtensionRequest,
) {
  const configuration = yield* configurationOf(request.tenantId)
  const revision = yield* getRevision(request)
  const current = {
    entityId: revision.number,
    requestedVersion: request.version,
    currentVersion: revision.version,
  }
  yield* Effect.fromResult(checkVersion(current))
  const definition = definitionOf(configuration, workflowCode)
  const change = revision.change
  if (
    change.kind !== "timeExtension" ||
    !rolesActingIn(definition, revision.workflow.state).includes(creatorRole)
  ) {
    return yield* new WoNotEditable({ number: revision.number, state: revision.workflow.state })
  }
  yield* checkFields(request)
  const at = yield* BusinessClock.currentInstant
  const event = eventOf(request, { type: editAction, version: revision.workflow.version, at })
  const moved = yield* Effect.fromResult(transition(definition, revision.workflow, event))
  const extension = { baseEndDate: change.baseEndDate, extensionDays: request.extensionDays }
  const next: WorkOrderRevision = {
    ...revision,
    change: {
      ...change,
      ...extension,
      reason: request.reason.trim(),
      revisedEndDate: revisedEndDate(extension),
    },
    workflow: moved,
    version: revision.version + 1,
  }
  yield* WorkOrderRevisionRepository.use((repository) =>
    repository.update({ aggregate: next, expectedVersion: revision.version }),
  )
  return next
})
