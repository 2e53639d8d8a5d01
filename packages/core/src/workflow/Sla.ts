/**
 * Service-level agreements of a workflow (WF-6), counted in local calendar
 * days of the tenant's zone (TIME-1, TIME-5).
 *
 * - State SLA: the clock starts on the local date the entity entered its
 *   state; days remaining = state SLA − local days elapsed since that date,
 *   and may go negative. The state is breached on local date d when
 *   d > entry date + SLA days (entered 15 Jan with SLA 5: 0 days remain on
 *   20 Jan, not breached; −1 on 21 Jan, breached).
 * - Business SLA: the same count from the local date of the first transition
 *   (the entity's creation), against the definition's business SLA.
 *
 * No clock runs, so the answers are `null` days remaining and never breached,
 * before the first transition, in a terminal state, and (state SLA) in a state
 * without an SLA such as DRAFTED.
 *
 * @since 0.1.0
 */
import { daysBetween, fromInstant, type LocalDate } from "../time/LocalDate.js"
import type { TimeZone } from "../time/TimeZone.js"
import { findState, type WorkflowDefinition } from "./WorkflowDefinition.js"
import type { WorkflowSnapshot } from "./WorkflowSnapshot.js"

/**
 * What an SLA question needs: the entity, its definition, and the local date
 * and zone the question is asked in.
 *
 * @since 0.1.0
 * @category models
 */
export interface SlaQuery {
  readonly definition: WorkflowDefinition
  readonly snapshot: WorkflowSnapshot
  readonly today: LocalDate
  readonly timeZone: TimeZone
}

/**
 * Days left on the state SLA (negative once breached), or `null` where no
 * state clock runs.
 *
 * @since 0.1.0
 * @category math
 */
export const stateSlaDaysRemaining = (query: SlaQuery): number | null => {
  const state = findState(query.definition, query.snapshot.state)
  const enteredStateAt = query.snapshot.enteredStateAt
  if (state === undefined || state.isTerminal || state.slaDays === undefined || enteredStateAt === null)
    return null
  const entryDate = fromInstant(enteredStateAt, query.timeZone)
  return state.slaDays - daysBetween({ from: entryDate, to: query.today })
}

/**
 * Whether the entity's current state is past its SLA on `today`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isStateSlaBreached = (query: SlaQuery): boolean => {
  const remaining = stateSlaDaysRemaining(query)
  return remaining !== null && remaining < 0
}

/**
 * Days left on the business SLA, counted from the first transition (negative
 * once breached), or `null` before it and in a terminal state.
 *
 * @since 0.1.0
 * @category math
 */
export const businessSlaDaysRemaining = (query: SlaQuery): number | null => {
  const state = findState(query.definition, query.snapshot.state)
  const firstEntry = query.snapshot.timeline[0]
  if (state === undefined || state.isTerminal || firstEntry === undefined) return null
  const createdDate = fromInstant(firstEntry.at, query.timeZone)
  return query.definition.businessSlaDays - daysBetween({ from: createdDate, to: query.today })
}

/**
 * Whether the entity is past its business SLA on `today`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isBusinessSlaBreached = (query: SlaQuery): boolean => {
  const remaining = businessSlaDaysRemaining(query)
  return remaining !== null && remaining < 0
}
