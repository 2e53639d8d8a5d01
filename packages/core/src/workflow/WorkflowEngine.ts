/**
 * The workflow engine (WF-2, WF-3, WF-4, WF-7): `transition` takes an action
 * on an entity's snapshot and returns the next snapshot, its timeline one
 * entry longer; `nextActions` lists what an actor can do. Both are pure and
 * read only the definition's data.
 *
 * The timeline is stored with the entity's snapshot: it is the `timeline`
 * of the `WorkflowSnapshot` inside the aggregate's stored document, so the
 * use case persists a transition, entry and all, by storing the aggregate
 * with its next snapshot in one store update over the version it read
 * (DB-4, DB-5); there is no separate timeline to append to, and a later
 * read of an entity's timeline (`GET …/timeline`) reads it from there.
 *
 * Checks run in this order, and the first that fails decides:
 * 1. the version the decision was made on is the current one (`STALE_VERSION`;
 *    a stale decision changes nothing, whatever else is wrong with it);
 * 2. the action exists on the current state (`ACTION_NOT_ALLOWED`, also from a
 *    terminal state, which has no actions);
 * 3. the actor holds one of its roles in the entity's tenant or state tenant
 *    (`ROLE_NOT_ALLOWED`);
 * 4. the request's content: comment, documents, assignees.
 *
 * Why `COMMENT_REQUIRED`, `DOCUMENT_REQUIRED` and `ASSIGNEE_INVALID` are
 * problem codes inside one `ValidationFailed` rather than error classes of
 * their own: they describe fields of one request, and ERR-3 requires every
 * field problem of a request to be reported together (a REJECT without a
 * comment, without the documents its target needs and with a wrong assignee
 * gets all three at once). The REST layer maps the problems to the
 * problem+json `errors[]` list.
 *
 * Decisions where the spec is silent:
 * - an assignee must hold, in the entity's tenant or its state tenant, a role
 *   that can act in the target state; a terminal target therefore takes no
 *   assignees. The use case looks the assignees' grants up and passes them.
 * - any holder of the action's role may act, even when the entity has
 *   assignees: assignment decides whose inbox shows the entity (WF-5), not
 *   who may act (WF-2 names only roles).
 * - a blank comment counts as none; a comment is recorded trimmed.
 * - the assignees of a transition replace the previous ones; a transition
 *   without assignees leaves the new state unassigned.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { ValidationFailed } from "../errors/ValidationFailed.js"
import { assert } from "../internal/assert.js"
import { StaleVersion } from "../persistence/StaleVersion.js"
import { Actor, holdsAnyRole } from "./Actor.js"
import { DocumentReference, type TimelineEntry } from "./TimelineEntry.js"
import {
  actionsFrom,
  findState,
  rolesActingIn,
  type WorkflowAction,
  type WorkflowDefinition,
} from "./WorkflowDefinition.js"
import type { WorkflowSnapshot } from "./WorkflowSnapshot.js"

/**
 * Problem code: the action needs a comment (flagged, or `REJECT`).
 *
 * @since 0.1.0
 * @category models
 */
export const commentRequiredCode = "COMMENT_REQUIRED"

/**
 * Problem code: the target state needs documents attached.
 *
 * @since 0.1.0
 * @category models
 */
export const documentRequiredCode = "DOCUMENT_REQUIRED"

/**
 * Problem code: an assignee holds no role that can act in the target state.
 *
 * @since 0.1.0
 * @category models
 */
export const assigneeInvalidCode = "ASSIGNEE_INVALID"

/**
 * Problem code: the comment is longer than `commentLengthMax`.
 *
 * @since 0.1.0
 * @category models
 */
export const commentTooLongCode = "COMMENT_TOO_LONG"

/**
 * Problem code: more documents than `documentsPerTransitionMax`.
 *
 * @since 0.1.0
 * @category models
 */
export const documentsTooManyCode = "DOCUMENTS_TOO_MANY"

/**
 * Problem code: more assignees than `assigneesPerTransitionMax`.
 *
 * @since 0.1.0
 * @category models
 */
export const assigneesTooManyCode = "ASSIGNEES_TOO_MANY"

/**
 * The longest comment, in characters: a remark for the timeline; anything
 * longer belongs in an attached document.
 *
 * @since 0.1.0
 * @category models
 */
export const commentLengthMax = 2000

/**
 * The most documents one action may attach; more is a bulk upload, which
 * belongs on the entity, not on one decision.
 *
 * @since 0.1.0
 * @category models
 */
export const documentsPerTransitionMax = 20

/**
 * The most people one action may assign; an inbox shared by more should use
 * the role instead (no assignees).
 *
 * @since 0.1.0
 * @category models
 */
export const assigneesPerTransitionMax = 10

/**
 * The name of the action that always requires a comment (WF-2).
 *
 * @since 0.1.0
 * @category models
 */
export const rejectActionName = "REJECT"

/**
 * An action requested on an entity. `type` is an action name of the
 * definition; `version` is the snapshot version the actor decided on;
 * `assignees` come with their grants, looked up by the use case.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkflowEvent = Schema.Struct({
  type: Schema.String,
  actor: Actor,
  version: Schema.Int,
  comment: Schema.optionalKey(Schema.String),
  assignees: Schema.optionalKey(Schema.Array(Actor)),
  documents: Schema.optionalKey(Schema.Array(DocumentReference)),
  at: Schema.DateTimeUtc,
})

/**
 * @since 0.1.0
 * @category models
 */
export type WorkflowEvent = typeof WorkflowEvent.Type

/**
 * The action is not available on the entity's current state (WF-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class ActionNotAllowed extends Schema.TaggedError<ActionNotAllowed>(
  "@karya/core/workflow/ActionNotAllowed",
)("ActionNotAllowed", {
  entityId: Schema.String,
  action: Schema.String,
  state: Schema.String,
  /** The actions available on the current state; empty in a terminal state. */
  allowedActions: Schema.Array(Schema.String),
}) {
  static readonly code = "ACTION_NOT_ALLOWED"
  static readonly category = "rule"
  readonly code = ActionNotAllowed.code
  readonly category = ActionNotAllowed.category
  readonly retryable = false
  override get message(): string {
    return this.allowedActions.length === 0
      ? `${this.entityId} is ${this.state}, a final state: no action can be taken on it, so ${this.action} was not applied.`
      : `${this.action} cannot be taken on ${this.entityId} while it is ${this.state}; choose one of: ${this.allowedActions.join(", ")}.`
  }
}

/**
 * The actor holds none of the action's roles in the entity's tenant or its
 * state tenant (WF-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class RoleNotAllowed extends Schema.TaggedError<RoleNotAllowed>("@karya/core/workflow/RoleNotAllowed")(
  "RoleNotAllowed",
  {
    entityId: Schema.String,
    tenantId: Schema.String,
    userId: Schema.String,
    action: Schema.String,
    rolesAllowed: Schema.Array(Schema.String),
  },
) {
  static readonly code = "ROLE_NOT_ALLOWED"
  static readonly category = "forbidden"
  readonly code = RoleNotAllowed.code
  readonly category = RoleNotAllowed.category
  readonly retryable = false
  override get message(): string {
    return `User ${this.userId} cannot take ${this.action} on ${this.entityId}: it needs one of the roles ${this.rolesAllowed.join(", ")} in ${this.tenantId} or its state; ask an administrator to grant the role or pass the record to someone who holds it.`
  }
}

/**
 * The entity changed after the actor loaded it; nothing was changed (WF-4).
 * Defined with the stores that detect it (DB-4); re-exported here because a
 * workflow action is where a clerk meets it.
 *
 * @since 0.1.0
 * @category errors
 */
export { StaleVersion } from "../persistence/StaleVersion.js"

/**
 * Every way `transition` can refuse an action.
 *
 * @since 0.1.0
 * @category errors
 */
export type TransitionError = StaleVersion | ActionNotAllowed | RoleNotAllowed | ValidationFailed

const commentOf = (event: WorkflowEvent): string | undefined => {
  const trimmed = event.comment?.trim() ?? ""
  return trimmed === "" ? undefined : trimmed
}

const commentProblems = (action: WorkflowAction, event: WorkflowEvent): ReadonlyArray<FieldProblem> => {
  const comment = commentOf(event)
  const isRequired = action.isCommentRequired || action.name === rejectActionName
  if (comment === undefined && isRequired) {
    return [
      { field: "comment", code: commentRequiredCode, message: `${action.name} needs a comment: say why.` },
    ]
  }
  if (comment !== undefined && comment.length > commentLengthMax) {
    const message = `shorten the comment to at most ${commentLengthMax} characters, or attach a document instead`
    return [{ field: "comment", code: commentTooLongCode, message, limit: String(commentLengthMax) }]
  }
  return []
}

const documentProblems = (
  definition: WorkflowDefinition,
  action: WorkflowAction,
  event: WorkflowEvent,
): ReadonlyArray<FieldProblem> => {
  const count = event.documents?.length ?? 0
  if (count === 0 && findState(definition, action.to)?.isDocumentRequired === true) {
    const message = `${action.name} moves the record to ${action.to}, which needs supporting documents: attach at least one.`
    return [{ field: "documents", code: documentRequiredCode, message }]
  }
  if (count > documentsPerTransitionMax) {
    const message = `attach at most ${documentsPerTransitionMax} documents to one action`
    return [
      { field: "documents", code: documentsTooManyCode, message, limit: String(documentsPerTransitionMax) },
    ]
  }
  return []
}

const assigneeProblems = (
  definition: WorkflowDefinition,
  snapshot: WorkflowSnapshot,
  action: WorkflowAction,
  event: WorkflowEvent,
): ReadonlyArray<FieldProblem> => {
  const assignees = event.assignees ?? []
  if (assignees.length > assigneesPerTransitionMax) {
    const message = `assign at most ${assigneesPerTransitionMax} people, or none so that everyone with the role sees it`
    return [
      { field: "assignees", code: assigneesTooManyCode, message, limit: String(assigneesPerTransitionMax) },
    ]
  }
  const roles = rolesActingIn(definition, action.to)
  return assignees.flatMap((assignee, index) =>
    holdsAnyRole(assignee, { roles, tenantId: snapshot.tenantId })
      ? []
      : [
          {
            field: `assignees[${index}]`,
            code: assigneeInvalidCode,
            message:
              roles.length === 0
                ? `${action.to} is a final state, so nobody can be assigned; remove ${assignee.userId}.`
                : `${assignee.userId} cannot act in ${action.to}: choose someone holding ${roles.join(" or ")} in ${snapshot.tenantId} or its state.`,
          },
        ],
  )
}

const requestProblems = (
  definition: WorkflowDefinition,
  snapshot: WorkflowSnapshot,
  action: WorkflowAction,
  event: WorkflowEvent,
): ReadonlyArray<FieldProblem> => [
  ...commentProblems(action, event),
  ...documentProblems(definition, action, event),
  ...assigneeProblems(definition, snapshot, action, event),
]

const entryOf = (
  definition: WorkflowDefinition,
  action: WorkflowAction,
  event: WorkflowEvent,
): TimelineEntry => {
  const target = findState(definition, action.to)
  assert(target !== undefined, "a checked definition's actions lead to its states")
  const comment = commentOf(event)
  return {
    action: action.name,
    from: action.from,
    to: action.to,
    status: target.applicationStatus,
    actorId: event.actor.userId,
    assignees: (event.assignees ?? []).map((assignee) => assignee.userId),
    ...(comment === undefined ? {} : { comment }),
    documents: [...(event.documents ?? [])],
    at: event.at,
  }
}

// Computed step by step, independently of `fromTimeline`; a property test
// checks the two agree (house rule 7, paired checks).
const append = (snapshot: WorkflowSnapshot, entry: TimelineEntry): WorkflowSnapshot => ({
  ...snapshot,
  state: entry.to,
  status: entry.status,
  version: snapshot.version + 1,
  assignees: entry.assignees,
  enteredStateAt: entry.from === entry.to ? (snapshot.enteredStateAt ?? entry.at) : entry.at,
  timeline: [...snapshot.timeline, entry],
})

// The action the event may take, or why not, in the order of the module header.
const allowedAction = (
  definition: WorkflowDefinition,
  snapshot: WorkflowSnapshot,
  event: WorkflowEvent,
): Result.Result<WorkflowAction, TransitionError> => {
  if (event.version !== snapshot.version) {
    return Result.fail(
      new StaleVersion({
        entityId: snapshot.entityId,
        expectedVersion: event.version,
        actualVersion: snapshot.version,
      }),
    )
  }
  const available = actionsFrom(definition, snapshot.state)
  const action = available.find((candidate) => candidate.name === event.type)
  if (action === undefined) {
    const allowedActions = [...new Set(available.map((candidate) => candidate.name))]
    return Result.fail(
      new ActionNotAllowed({
        entityId: snapshot.entityId,
        action: event.type,
        state: snapshot.state,
        allowedActions,
      }),
    )
  }
  if (!holdsAnyRole(event.actor, { roles: action.roles, tenantId: snapshot.tenantId })) {
    return Result.fail(
      new RoleNotAllowed({
        entityId: snapshot.entityId,
        tenantId: snapshot.tenantId,
        userId: event.actor.userId,
        action: action.name,
        rolesAllowed: action.roles,
      }),
    )
  }
  const [first, ...rest] = requestProblems(definition, snapshot, action, event)
  return first === undefined
    ? Result.succeed(action)
    : Result.fail(
        new ValidationFailed({
          subject: `${action.name} request on ${snapshot.entityId}`,
          problems: [first, ...rest],
        }),
      )
}

/**
 * Takes an action on an entity (WF-2, WF-3, WF-4). Pure: it returns the next
 * snapshot (one version on, the action's entry appended to its timeline),
 * and on refusal the typed error; the snapshot given is never changed. The
 * caller stores the entity with it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const transition = (
  definition: WorkflowDefinition,
  snapshot: WorkflowSnapshot,
  event: WorkflowEvent,
): Result.Result<WorkflowSnapshot, TransitionError> => {
  assert(snapshot.definitionCode === definition.code, "a snapshot is run by its own definition")
  const decided = allowedAction(definition, snapshot, event)
  if (Result.isFailure(decided)) return Result.fail(decided.failure)
  const entry = entryOf(definition, decided.success, event)
  const next = append(snapshot, entry)
  assert(next.version === snapshot.version + 1, "a transition adds exactly one version")
  assert(findState(definition, next.state) !== undefined, "a transition ends in a state of the definition")
  return Result.succeed(next)
}

/**
 * The actions the actor can take on the entity now (WF-7), in definition
 * order: those leaving the current state for which the actor holds a role in
 * the entity's tenant or its state tenant. Empty in a terminal state.
 *
 * @since 0.1.0
 * @category conversions
 */
export const nextActions = (
  definition: WorkflowDefinition,
  snapshot: WorkflowSnapshot,
  actor: Actor,
): ReadonlyArray<WorkflowAction> =>
  actionsFrom(definition, snapshot.state).filter((action) =>
    holdsAnyRole(actor, { roles: action.roles, tenantId: snapshot.tenantId }),
  )
