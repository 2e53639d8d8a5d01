/**
 * The workflow side of an entity at one moment (WF-3, WF-4): which state it is
 * in, its application status, its version (the number of transitions taken),
 * who is assigned to act, when it entered its state, and its timeline.
 *
 * Everything but the identity is derived from the timeline: `fromTimeline`
 * rebuilds a snapshot from its entries, and decoding a stored snapshot checks
 * that its fields agree with its timeline (decode on read, house rule 7).
 *
 * Decision (WF-6, silent on self-transitions): an action that leaves the
 * entity in the same state (DRAFTED --SAVE_AS_DRAFT--> DRAFTED) does not
 * restart the state's SLA clock; the entity entered the state when an action
 * first moved it there.
 *
 * @since 0.1.0
 */
import { DateTime, Schema } from "effect"
import { TenantId } from "../ids/TenantId.js"
import { assert } from "../internal/assert.js"
import { TimelineEntry } from "./TimelineEntry.js"
import { startState } from "./WorkflowDefinition.js"

/**
 * What identifies a workflow entity: its id, tenant and definition code.
 *
 * @since 0.1.0
 * @category models
 */
export interface EntityIdentity {
  readonly entityId: string
  readonly tenantId: TenantId
  readonly definitionCode: string
}

const SnapshotFields = Schema.Struct({
  entityId: Schema.String,
  tenantId: TenantId,
  definitionCode: Schema.String,
  /** The current state, or `start` before the first transition. */
  state: Schema.String,
  /** The application status of the current state; `null` before the first transition. */
  status: Schema.NullOr(Schema.String),
  /** The number of transitions taken; a transition names it (WF-4). */
  version: Schema.Int,
  /** User ids assigned to act in the current state; empty when anyone with the role may. */
  assignees: Schema.Array(Schema.String),
  /** When the entity entered its current state; `null` before the first transition. */
  enteredStateAt: Schema.NullOr(Schema.DateTimeUtc),
  timeline: Schema.Array(TimelineEntry),
})

type SnapshotFields = typeof SnapshotFields.Type

/**
 * Why a timeline is not a chain of transitions, if it is not one: each entry
 * must leave the state the previous one entered (the first leaves `start`).
 *
 * @since 0.1.0
 * @category predicates
 */
export const timelineBreak = (timeline: ReadonlyArray<TimelineEntry>): string | undefined => {
  let expectedFrom = startState
  for (const [index, entry] of timeline.entries()) {
    if (entry.from !== expectedFrom) {
      return `timeline entry ${index} leaves ${entry.from}, but the entity was in ${expectedFrom}`
    }
    expectedFrom = entry.to
  }
  return undefined
}

const enteredAt = (timeline: ReadonlyArray<TimelineEntry>): DateTime.Utc | null => {
  let index = timeline.length - 1
  while (index > 0 && timeline[index]?.from === timeline[index]?.to) index -= 1
  return timeline[index]?.at ?? null
}

const derive = (identity: EntityIdentity, timeline: ReadonlyArray<TimelineEntry>): SnapshotFields => {
  const last = timeline.at(-1)
  return {
    entityId: identity.entityId,
    tenantId: identity.tenantId,
    definitionCode: identity.definitionCode,
    state: last?.to ?? startState,
    status: last?.status ?? null,
    version: timeline.length,
    assignees: last?.assignees ?? [],
    enteredStateAt: enteredAt(timeline),
    timeline,
  }
}

const sameInstant = (left: DateTime.Utc | null, right: DateTime.Utc | null): boolean =>
  left === null || right === null
    ? left === right
    : DateTime.toEpochMillis(left) === DateTime.toEpochMillis(right)

const disagreement = (snapshot: SnapshotFields): string | undefined => {
  const broken = timelineBreak(snapshot.timeline)
  if (broken !== undefined) return broken
  const derived = derive(snapshot, snapshot.timeline)
  const agrees =
    derived.state === snapshot.state &&
    derived.status === snapshot.status &&
    derived.version === snapshot.version &&
    derived.assignees.join("\u0000") === snapshot.assignees.join("\u0000") &&
    sameInstant(derived.enteredStateAt, snapshot.enteredStateAt)
  return agrees
    ? undefined
    : "the snapshot's state, status, version, assignees or entry time disagree with its timeline"
}

/**
 * A workflow entity's snapshot; decoding checks it agrees with its timeline.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkflowSnapshot = SnapshotFields.check(Schema.makeFilter(disagreement))

/**
 * @since 0.1.0
 * @category models
 */
export type WorkflowSnapshot = typeof WorkflowSnapshot.Type

/**
 * Rebuilds a snapshot from its timeline (WF-3). The timeline must be a chain
 * of transitions; a broken chain is a defect of the store, not bad input.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromTimeline = (
  entity: EntityIdentity & { readonly timeline: ReadonlyArray<TimelineEntry> },
): WorkflowSnapshot => {
  const broken = timelineBreak(entity.timeline)
  assert(broken === undefined, `a stored timeline is a chain of transitions (${broken})`)
  return derive(entity, entity.timeline)
}

/**
 * The snapshot of an entity not yet created: in `start`, version 0, no timeline.
 *
 * @since 0.1.0
 * @category constructors
 */
export const initial = (identity: EntityIdentity): WorkflowSnapshot =>
  fromTimeline({ ...identity, timeline: [] })

/**
 * Whether the entity has not taken its first transition yet.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isStarted = (snapshot: WorkflowSnapshot): boolean => snapshot.state !== startState
