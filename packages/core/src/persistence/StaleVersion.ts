/**
 * The conflict every versioned store reports (DB-4, WF-4): an aggregate is
 * written only over the version its writer read, and a write over any other
 * version changes nothing and fails with `STALE_VERSION`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The entity changed after the actor loaded it; nothing was changed (WF-4).
 *
 * @since 0.1.0
 * @category errors
 */
export class StaleVersion extends Schema.TaggedError<StaleVersion>("@karya/core/persistence/StaleVersion")(
  "StaleVersion",
  {
    entityId: Schema.String,
    expectedVersion: Schema.Number,
    actualVersion: Schema.Number,
  },
) {
  static readonly code = "STALE_VERSION"
  static readonly category = "conflict"
  readonly code = StaleVersion.code
  readonly category = StaleVersion.category
  readonly retryable = true
  override get message(): string {
    return `${this.entityId} changed while you were deciding (you saw version ${this.expectedVersion}, it is now version ${this.actualVersion}); reload it, review the latest action and decide again.`
  }
}
