/**
 * Turning gathered field problems into one `ValidationFailed` (ERR-3), for
 * the registries and attendance use cases.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { FieldProblem } from "../../errors/FieldProblem.js"
import { fromProblems, type ValidationFailed } from "../../errors/ValidationFailed.js"

/**
 * Succeeds when there are no problems; otherwise fails with all of them.
 *
 * @since 0.1.0
 * @category guards
 */
export const refuseProblems = (
  subject: string,
  problems: ReadonlyArray<FieldProblem>,
): Effect.Effect<void, ValidationFailed> => {
  const [first, ...rest] = problems
  return first === undefined ? Effect.void : Effect.fail(fromProblems(subject, [first, ...rest]))
}
