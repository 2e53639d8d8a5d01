/**
 * Invariant checks for the core (house rule 7). A failed assertion means the
 * code itself is wrong, not the input: it throws a defect that Effect reports
 * as a die, never a typed domain error.
 *
 * @since 0.1.0
 */

/**
 * A broken invariant inside Karya's core.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvariantViolation extends Error {
  override readonly name = "InvariantViolation"
}

/**
 * Asserts an invariant; throws `InvariantViolation` when it does not hold.
 *
 * @since 0.1.0
 * @category guards
 */
export function assert(condition: boolean, invariant: string): asserts condition {
  if (!condition) throw new InvariantViolation(`Invariant broken: ${invariant}`)
}
