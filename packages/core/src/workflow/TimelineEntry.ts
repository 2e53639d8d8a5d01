/**
 * One recorded transition of a workflow entity (WF-3): what was done, from
 * which state to which, by whom, for whom, with which remark and documents,
 * and when. Entries are immutable and only ever appended; the timeline is the
 * audit trail shown to users, and the entity's current state is derived from
 * its last entry.
 *
 * The entry also records the application status of the state entered, so the
 * trail still reads correctly after a tenant changes its definition (WF-8).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A reference to an uploaded document (a file-store id).
 *
 * @since 0.1.0
 * @category models
 */
export const DocumentReference = Schema.NonEmptyString

/**
 * @since 0.1.0
 * @category models
 */
export type DocumentReference = typeof DocumentReference.Type

/**
 * @since 0.1.0
 * @category models
 */
export const TimelineEntry = Schema.Struct({
  action: Schema.String,
  /** The state left, or `start` for the entry that created the entity. */
  from: Schema.String,
  to: Schema.String,
  /** Application status of the state entered. */
  status: Schema.String,
  actorId: Schema.String,
  /** User ids of the people assigned to act next; empty when none. */
  assignees: Schema.Array(Schema.String),
  /** The actor's remark, trimmed; absent when none was given. */
  comment: Schema.optionalKey(Schema.String),
  documents: Schema.Array(DocumentReference),
  at: Schema.DateTimeUtc,
})

/**
 * @since 0.1.0
 * @category models
 */
export type TimelineEntry = typeof TimelineEntry.Type
