/**
 * The sequence port behind human-readable numbers (ID-1, ID-3): it hands out
 * 1, 2, 3, … per key (tenant, series, scope), never the same value twice,
 * even to concurrent requests. The database adapters allocate inside the
 * transaction that inserts the numbered record, so a rollback leaves no gap
 * in the series auditors check (ID-3). Every implementation passes
 * `IdSequenceSuite` from `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, Effect, HashMap, Layer, Option, Ref, Schema } from "effect"
import { TenantId } from "./TenantId.js"

/**
 * What a sequence is kept for: one tenant, one series, one scope (the FY
 * label, the year, a parent number or the constant scope; ID-1).
 *
 * @since 0.1.0
 * @category models
 */
export const SequenceKey = Schema.Struct({
  tenantId: TenantId,
  series: Schema.NonEmptyString,
  scope: Schema.NonEmptyString,
})

/**
 * @since 0.1.0
 * @category models
 */
export type SequenceKey = typeof SequenceKey.Type

/**
 * The sequence store could not allocate a value (a database adapter maps its
 * driver failures here). Nothing was allocated, so retrying is safe.
 *
 * @since 0.1.0
 * @category errors
 */
export class IdSequenceUnavailable extends Schema.TaggedError<IdSequenceUnavailable>(
  "@karya/core/ids/IdSequenceUnavailable",
)("IdSequenceUnavailable", {
  tenantId: Schema.String,
  series: Schema.String,
  scope: Schema.String,
  /** The store's own account of the failure, for the operator. */
  reason: Schema.String,
}) {
  static readonly code = "ID_SEQUENCE_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = IdSequenceUnavailable.code
  readonly category = IdSequenceUnavailable.category
  readonly retryable = true
  override get message(): string {
    return `No ${this.series} number could be issued for ${this.tenantId} (${this.scope}) because the number store is unavailable (${this.reason}); nothing was saved, try again shortly.`
  }
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface IdSequenceShape {
  /** The next value of the key's sequence: 1 for a new key, then one more each call, with no gaps. */
  readonly next: (key: SequenceKey) => Effect.Effect<number, IdSequenceUnavailable>
}

/**
 * The sequence port.
 *
 * @since 0.1.0
 * @category services
 */
export class IdSequence extends Context.Service<IdSequence, IdSequenceShape>()(
  "@karya/core/ids/IdSequence",
) {}

/**
 * The next value of a key's sequence, from the `IdSequence` in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const next = (key: SequenceKey): Effect.Effect<number, IdSequenceUnavailable, IdSequence> =>
  IdSequence.use((sequence) => sequence.next(key))

// A key's text: JSON of the three parts, so no two keys share a text whatever
// characters the parts contain.
const textOfKey = (key: SequenceKey): string => JSON.stringify([key.tenantId, key.series, key.scope])

/**
 * An in-memory sequence store: the counters live in one `Ref`, updated
 * atomically, so concurrent fibers never receive the same value. State lasts
 * as long as the layer, so it survives no restart; tests and demos only.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<IdSequence> = Layer.effect(
  IdSequence,
  Effect.map(Ref.make(HashMap.empty<string, number>()), (counters) =>
    IdSequence.of({
      next: (key) =>
        Ref.modify(counters, (current) => {
          const text = textOfKey(key)
          const value = Option.getOrElse(HashMap.get(current, text), () => 0) + 1
          return [value, HashMap.set(current, text, value)] as const
        }),
    }),
  ),
)
