/**
 * Recording a milestone's completion on an accepted work order (WO-8), so
 * that a final bill can check that every milestone is complete
 * (`Milestone.areAllMilestonesComplete`).
 *
 * Decisions where the spec is silent: the officer-in-charge of the order, or
 * anyone holding `WORK_ORDER_CREATOR` in its tenant, records completion; the
 * completion date is neither in the future nor before the milestone's start;
 * a completion, once recorded, is not changed.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { ValidationFailed } from "../errors/ValidationFailed.js"
import { checkVersion } from "../measurement/ActionRequest.js"
import * as BusinessClock from "../time/BusinessClock.js"
import * as LocalDate from "../time/LocalDate.js"
import { type Actor, holdsAnyRole } from "../workflow/Actor.js"
import { RoleNotAllowed } from "../workflow/WorkflowEngine.js"
import type { Milestone } from "./Milestone.js"
import { checkAccepted } from "./TimeExtensionRequests.js"
import { creatorRole, type WorkOrder } from "./WorkOrder.js"
import { getWorkOrder, WorkOrderRepository } from "./WorkOrderRepository.js"

/**
 * Problem code: no milestone at the index given.
 *
 * @since 0.1.0
 * @category errors
 */
export const milestoneUnknownCode = "MILESTONE_UNKNOWN"

/**
 * Problem code: the milestone's completion is already recorded.
 *
 * @since 0.1.0
 * @category errors
 */
export const milestoneAlreadyCompleteCode = "MILESTONE_ALREADY_COMPLETE"

/**
 * Problem code: a completion date in the future or before the milestone's start.
 *
 * @since 0.1.0
 * @category errors
 */
export const completionDateInvalidCode = "COMPLETION_DATE_INVALID"

/**
 * The action name a completion is refused under for the role.
 *
 * @since 0.1.0
 * @category models
 */
export const completeMilestoneAction = "COMPLETE_MILESTONE"

/**
 * A request to record a milestone's completion.
 *
 * @since 0.1.0
 * @category models
 */
export interface MilestoneCompletionRequest {
  readonly tenantId: TenantId
  readonly workOrderId: string
  readonly version: number
  readonly actor: Actor
  /** The milestone's position in the order's list, from 0. */
  readonly milestoneIndex: number
  readonly completedOn: LocalDate.LocalDate
}

const completionProblems = (
  milestone: Milestone | undefined,
  request: MilestoneCompletionRequest,
  today: LocalDate.LocalDate,
): ReadonlyArray<FieldProblem> => {
  if (milestone === undefined) {
    const message = `the work order has no milestone ${request.milestoneIndex + 1}`
    return [{ field: "milestoneIndex", code: milestoneUnknownCode, message }]
  }
  if (milestone.completedOn !== undefined) {
    const message = `"${milestone.description}" was recorded complete on ${milestone.completedOn}`
    return [{ field: "milestoneIndex", code: milestoneAlreadyCompleteCode, message }]
  }
  const { completedOn } = request
  if (LocalDate.isAfter(completedOn, today) || LocalDate.isBefore(completedOn, milestone.startDate)) {
    const message = `enter a completion date from ${milestone.startDate} to today (${today})`
    return [{ field: "completedOn", code: completionDateInvalidCode, message }]
  }
  return []
}

const checkActor = (workOrder: WorkOrder, actor: Actor) =>
  actor.userId === workOrder.officerInChargeId ||
  holdsAnyRole(actor, { roles: [creatorRole], tenantId: workOrder.tenantId })
    ? Effect.void
    : Effect.fail(
        new RoleNotAllowed({
          entityId: workOrder.number,
          tenantId: workOrder.tenantId,
          userId: actor.userId,
          action: completeMilestoneAction,
          rolesAllowed: [creatorRole],
        }),
      )

/**
 * Records a milestone's completion on an accepted work order (WO-8).
 *
 * @since 0.1.0
 * @category constructors
 */
export const completeMilestone = Effect.fn("Contracts.completeMilestone")(function* (
  request: MilestoneCompletionRequest,
) {
  const configuration = yield* configurationOf(request.tenantId)
  const workOrder = yield* Effect.flatMap(getWorkOrder(request), checkAccepted)
  const current = {
    entityId: workOrder.number,
    requestedVersion: request.version,
    currentVersion: workOrder.version,
  }
  yield* Effect.fromResult(checkVersion(current))
  yield* checkActor(workOrder, request.actor)
  const today = yield* BusinessClock.today(configuration.timeZone)
  const milestone = workOrder.milestones[request.milestoneIndex]
  const [first, ...rest] = completionProblems(milestone, request, today)
  if (first !== undefined)
    return yield* new ValidationFailed({ subject: "milestone", problems: [first, ...rest] })
  const milestones = workOrder.milestones.map((each, index) =>
    index === request.milestoneIndex ? { ...each, completedOn: request.completedOn } : each,
  )
  const next: WorkOrder = { ...workOrder, milestones, version: workOrder.version + 1 }
  yield* WorkOrderRepository.use((repository) =>
    repository.update({ aggregate: next, expectedVersion: workOrder.version }),
  )
  return next
})
