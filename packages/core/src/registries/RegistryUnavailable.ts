/**
 * The failure every registries store port may report when its backing store
 * cannot be reached (a database adapter maps its driver failures here).
 * Nothing was changed, so retrying is safe.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The registry store could not be reached.
 *
 * @since 0.1.0
 * @category errors
 */
export class RegistryUnavailable extends Schema.TaggedError<RegistryUnavailable>(
  "@karya/core/registries/RegistryUnavailable",
)("RegistryUnavailable", {
  /** The port that failed: `WageSeekerRepository`, `UnmaskedReadLog`, …. */
  port: Schema.String,
  /** The store's own account of the failure, for the operator. */
  reason: Schema.String,
}) {
  static readonly code = "REGISTRY_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = RegistryUnavailable.code
  readonly category = RegistryUnavailable.category
  readonly retryable = true
  override get message(): string {
    return `The registry (${this.port}) is unavailable (${this.reason}); nothing was saved, try again shortly.`
  }
}
