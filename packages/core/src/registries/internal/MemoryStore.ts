/**
 * The atomic write of the in-memory stores (`layerMemory` of the registries
 * and attendance repositories): compute the next state from the current one
 * or refuse, in one `Ref` update, so a check and its write never interleave
 * with another fiber's.
 *
 * @since 0.1.0
 */
import { Effect, Ref, Result } from "effect"

/**
 * Replaces the state with `next(current)` when it succeeds; when it fails,
 * leaves the state unchanged and fails with its error.
 *
 * @since 0.1.0
 * @category constructors
 */
export const modifyOrFail = <S, A, E>(
  ref: Ref.Ref<S>,
  next: (current: S) => Result.Result<readonly [A, S], E>,
): Effect.Effect<A, E> =>
  Ref.modify(ref, (current): readonly [Result.Result<A, E>, S] => {
    const outcome = next(current)
    return Result.isSuccess(outcome)
      ? [Result.succeed(outcome.success[0]), outcome.success[1]]
      : [Result.fail(outcome.failure), current]
  }).pipe(Effect.flatMap(Effect.fromResult))
