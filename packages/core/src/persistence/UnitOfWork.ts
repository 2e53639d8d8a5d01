/**
 * The unit of work port (DB-5, ERR-2): a use case runs in one transaction,
 * so its state change, ID allocation, timeline entry, audit record and
 * outbox messages commit together or not at all. Ports used inside
 * `transaction` join it; a failure or defect of the effect rolls every one
 * of their writes back, and the effect's own error comes out unchanged.
 *
 * A database adapter implements it with its client's transaction (nested
 * calls become savepoints). `layerMemory` runs the effect as is: the memory
 * stores apply each operation atomically but keep no undo log, so rollback
 * is proven only against databases (the Postgres tests). Every
 * implementation passes `UnitOfWorkSuite` from `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, type Effect, Layer, Schema } from "effect"

/**
 * The transaction could not be started or committed; nothing of it was
 * saved, so the whole use case can be retried.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnitOfWorkUnavailable extends Schema.TaggedError<UnitOfWorkUnavailable>(
  "@karya/core/persistence/UnitOfWorkUnavailable",
)("UnitOfWorkUnavailable", { reason: Schema.String }) {
  static readonly code = "UNIT_OF_WORK_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = UnitOfWorkUnavailable.code
  readonly category = UnitOfWorkUnavailable.category
  readonly retryable = true
  override get message(): string {
    return `The change could not be saved (${this.reason}); nothing was recorded, try again shortly.`
  }
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface UnitOfWorkShape {
  /** Runs the effect in one transaction: all of its writes commit, or none do. */
  readonly transaction: <A, E, R>(
    effect: Effect.Effect<A, E, R>,
  ) => Effect.Effect<A, E | UnitOfWorkUnavailable, R>
}

/**
 * The unit of work port.
 *
 * @since 0.1.0
 * @category services
 */
export class UnitOfWork extends Context.Service<UnitOfWork, UnitOfWorkShape>()(
  "@karya/core/persistence/UnitOfWork",
) {}

/**
 * Runs a use case in the current unit of work's transaction (DB-5).
 *
 * @since 0.1.0
 * @category constructors
 */
export const transaction = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
): Effect.Effect<A, E | UnitOfWorkUnavailable, R | UnitOfWork> =>
  UnitOfWork.use((unitOfWork) => unitOfWork.transaction(effect))

/**
 * A unit of work that runs the effect as is, for the memory stores.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<UnitOfWork> = Layer.succeed(
  UnitOfWork,
  UnitOfWork.of({ transaction: (effect) => effect }),
)
