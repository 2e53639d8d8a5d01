/**
 * The inbox (WF-5): the entities waiting for a user. An entity waiting in a
 * state is shown to its assignees when it has any; otherwise to everyone
 * holding a role that can act in that state, through a grant that reaches the
 * entity's tenant (the tenant itself or its state tenant). Entities in a
 * terminal state, or not yet created, are in no inbox. Each row carries its
 * SLA days remaining (WF-6).
 *
 * Rows are ordered most urgent first: fewest state SLA days remaining, rows
 * without a state SLA last, then by entity id, so the order never depends on
 * the order the store returned the snapshots in.
 *
 * @since 0.1.0
 */
import type { LocalDate } from "../time/LocalDate.js"
import type { TimeZone } from "../time/TimeZone.js"
import { type Actor, holdsAnyRole } from "./Actor.js"
import { businessSlaDaysRemaining, stateSlaDaysRemaining } from "./Sla.js"
import { findState, rolesActingIn, type WorkflowDefinition } from "./WorkflowDefinition.js"
import type { WorkflowSnapshot } from "./WorkflowSnapshot.js"

/**
 * One row of a user's inbox.
 *
 * @since 0.1.0
 * @category models
 */
export interface InboxRow {
  readonly snapshot: WorkflowSnapshot
  /** Days left in the current state (negative when breached); `null` when the state has no SLA. */
  readonly stateSlaDaysRemaining: number | null
  /** Days left on the business SLA (negative when breached). */
  readonly businessSlaDaysRemaining: number | null
}

/**
 * Whether the entity waits in the actor's inbox (WF-5).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isInInbox = (
  definition: WorkflowDefinition,
  snapshot: WorkflowSnapshot,
  actor: Actor,
): boolean => {
  const state = findState(definition, snapshot.state)
  if (snapshot.definitionCode !== definition.code || state === undefined || state.isTerminal) return false
  if (snapshot.assignees.length > 0) return snapshot.assignees.includes(actor.userId)
  return holdsAnyRole(actor, { roles: rolesActingIn(definition, state.name), tenantId: snapshot.tenantId })
}

const byUrgency = (left: InboxRow, right: InboxRow): number => {
  const leftDays = left.stateSlaDaysRemaining ?? Number.POSITIVE_INFINITY
  const rightDays = right.stateSlaDaysRemaining ?? Number.POSITIVE_INFINITY
  if (leftDays !== rightDays) return leftDays < rightDays ? -1 : 1
  const leftId = left.snapshot.entityId
  const rightId = right.snapshot.entityId
  return leftId < rightId ? -1 : leftId > rightId ? 1 : 0
}

/**
 * The actor's inbox among `snapshots` of one definition, most urgent first.
 * Snapshots of other definitions are left out.
 *
 * @since 0.1.0
 * @category conversions
 */
export const selectInbox = (
  definition: WorkflowDefinition,
  snapshots: ReadonlyArray<WorkflowSnapshot>,
  actor: Actor,
  asOf: { readonly today: LocalDate; readonly timeZone: TimeZone },
): ReadonlyArray<InboxRow> =>
  snapshots
    .filter((snapshot) => isInInbox(definition, snapshot, actor))
    .map((snapshot) => {
      const query = { definition, snapshot, today: asOf.today, timeZone: asOf.timeZone }
      return {
        snapshot,
        stateSlaDaysRemaining: stateSlaDaysRemaining(query),
        businessSlaDaysRemaining: businessSlaDaysRemaining(query),
      }
    })
    .sort(byUrgency)
