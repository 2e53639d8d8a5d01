/**
 * The one failure every store port reports when its backing store cannot be
 * reached or did not answer (ARCH-3, API-3): a database adapter maps its
 * driver failures here in one classification, so an outage is a typed,
 * retryable failure, never a defect. The message names the store, never the
 * driver's text (which the adapter logs for the operator).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The store could not be reached, or the statement was cut off. `retryable`
 * says whether trying again can help: a lost connection, a deadlock or a
 * timeout can; a store that refuses the credentials or is out of space cannot
 * until an operator acts.
 *
 * @since 0.1.0
 * @category errors
 */
export class StoreUnavailable extends Schema.TaggedError<StoreUnavailable>(
  "@karya/core/persistence/StoreUnavailable",
)("StoreUnavailable", {
  /** The store that failed, by its aggregate or port name: `WageSeeker`, `AuditLog`. */
  store: Schema.String,
  /** Whether trying again can help. */
  retryable: Schema.Boolean,
}) {
  static readonly code = "STORE_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = StoreUnavailable.code
  readonly category = StoreUnavailable.category
  override get message(): string {
    return this.retryable
      ? `The ${this.store} store cannot be reached just now; try again shortly.`
      : `The ${this.store} store refuses to work until an operator acts; report the time of the request to the system administrator.`
  }
}
