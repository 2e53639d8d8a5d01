/**
 * One problem with one field of a request or a configuration (ERR-3): the
 * field's path, a stable code and a message a clerk can act on.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * @since 0.1.0
 * @category models
 */
export const FieldProblem = Schema.Struct({
  /** Path of the offending field, dotted with indexes: `lines[2].quantity`, `idFormats.pi`. */
  field: Schema.String,
  /** Stable `SCREAMING_SNAKE_CASE` code of the problem. */
  code: Schema.String,
  /** What is wrong and what to enter instead. */
  message: Schema.String,
  /** The limit that was crossed, when one was (`"4"` decimal places, `"₹15,00,000"`). */
  limit: Schema.optionalKey(Schema.String),
})

/**
 * @since 0.1.0
 * @category models
 */
export type FieldProblem = typeof FieldProblem.Type

/**
 * Builds a field problem.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (problem: FieldProblem): FieldProblem => problem

/**
 * Prefixes the field path of every problem, so a nested validator's problems
 * read from the request's root (`lines[2]` + `quantity` → `lines[2].quantity`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const within = (parent: string, problems: ReadonlyArray<FieldProblem>): ReadonlyArray<FieldProblem> =>
  problems.map((problem) => ({
    ...problem,
    field: joinPath(parent, problem.field),
  }))

/**
 * Joins a parent path and a child path (`a` + `b` → `a.b`, `a` + `[1]` → `a[1]`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const joinPath = (parent: string, child: string): string => {
  if (parent === "") return child
  if (child === "") return parent
  return child.startsWith("[") ? `${parent}${child}` : `${parent}.${child}`
}
