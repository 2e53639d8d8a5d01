/**
 * A project closure request (CLOSE-1): a checklist (assetisation request
 * raised, final bill approved, site inspection done, site handover done)
 * that goes through its own workflow (WF-CLOSE). Once approved, the project
 * and its work orders are closed: no new bills, muster rolls or
 * measurements.
 *
 * Decision where the spec is silent: a request may be submitted only with
 * every item of the checklist done (the checklist is what closing certifies).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { EntityId } from "../ids/EntityId.js"
import { WorkflowSnapshot } from "../workflow/WorkflowSnapshot.js"

/**
 * The code of the project-closure workflow in a tenant's configuration.
 *
 * @since 0.1.0
 * @category models
 */
export const workflowCode = "project-closure"

/**
 * The action that submits a closure request (WF-CLOSE).
 *
 * @since 0.1.0
 * @category models
 */
export const submitAction = "SUBMIT"

/**
 * The state of an approved closure.
 *
 * @since 0.1.0
 * @category models
 */
export const approvedState = "APPROVED"

/**
 * The state of a rejected closure.
 *
 * @since 0.1.0
 * @category models
 */
export const rejectedState = "REJECTED"

/**
 * The closure checklist (CLOSE-1).
 *
 * @since 0.1.0
 * @category models
 */
export const ClosureChecklist = Schema.Struct({
  assetisationRequestRaised: Schema.Boolean,
  finalBillApproved: Schema.Boolean,
  siteInspectionDone: Schema.Boolean,
  siteHandoverDone: Schema.Boolean,
})

/**
 * @since 0.1.0
 * @category models
 */
export type ClosureChecklist = typeof ClosureChecklist.Type

/**
 * The project closure aggregate.
 *
 * @since 0.1.0
 * @category models
 */
export const ProjectClosure = Schema.Struct({
  closureId: EntityId,
  tenantId: TenantId,
  projectId: Schema.NonEmptyString,
  checklist: ClosureChecklist,
  workflow: WorkflowSnapshot,
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type ProjectClosure = typeof ProjectClosure.Type

/**
 * Where a closure request stands.
 *
 * @since 0.1.0
 * @category models
 */
export type ClosureStatus = "inWorkflow" | "approved" | "rejected"

/**
 * The status of a closure request, from its workflow state.
 *
 * @since 0.1.0
 * @category conversions
 */
export const statusOf = (closure: ProjectClosure): ClosureStatus => {
  if (closure.workflow.state === approvedState) return "approved"
  if (closure.workflow.state === rejectedState) return "rejected"
  return "inWorkflow"
}

/**
 * The statuses of a standing closure request (`isStanding`).
 *
 * @since 0.1.0
 * @category models
 */
export const standingStatuses: ReadonlyArray<ClosureStatus> = ["inWorkflow", "approved"]

/**
 * Whether the closure request stands (in the workflow or approved): a
 * rejected one is as if never raised.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isStanding = (closure: ProjectClosure): boolean => standingStatuses.includes(statusOf(closure))

/**
 * Problem code: an item of the checklist is not done.
 *
 * @since 0.1.0
 * @category errors
 */
export const checklistItemNotDoneCode = "CHECKLIST_ITEM_NOT_DONE"

const itemTexts: Record<keyof ClosureChecklist, string> = {
  assetisationRequestRaised: "raise the assetisation request",
  finalBillApproved: "get the final bill approved",
  siteInspectionDone: "inspect the site",
  siteHandoverDone: "hand the site over",
}

/**
 * A problem for every item of the checklist not done.
 *
 * @since 0.1.0
 * @category constructors
 */
export const checklistProblems = (checklist: ClosureChecklist): ReadonlyArray<FieldProblem> =>
  (Object.keys(itemTexts) as ReadonlyArray<keyof ClosureChecklist>).flatMap((item) =>
    checklist[item]
      ? []
      : [
          {
            field: `checklist.${item}`,
            code: checklistItemNotDoneCode,
            message: `${itemTexts[item]} before asking to close the project`,
          },
        ],
  )
