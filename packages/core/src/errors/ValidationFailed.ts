/**
 * The error of a request or configuration that fails validation: it carries
 * every field problem at once (ERR-3), and nothing has changed (ERR-2).
 *
 * @since 0.1.0
 */
import { Schema, SchemaIssue } from "effect"
import { FieldProblem } from "./FieldProblem.js"

/**
 * Bad input, with every problem listed.
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidationFailed extends Schema.TaggedError<ValidationFailed>(
  "@karya/core/errors/ValidationFailed",
)("ValidationFailed", {
  /** What was being validated, in the clerk's words: `"estimate"`, `"tenant configuration"`. */
  subject: Schema.String,
  problems: Schema.NonEmptyArray(FieldProblem),
}) {
  static readonly code = "VALIDATION_FAILED"
  static readonly category = "badInput"
  readonly code = ValidationFailed.code
  readonly category = ValidationFailed.category
  readonly retryable = false
  override get message(): string {
    const count = this.problems.length
    const listed = this.problems
      .map((problem) => `${problem.field || "(value)"}: ${problem.message}`)
      .join("; ")
    return `The ${this.subject} has ${count} problem${count === 1 ? "" : "s"}; correct ${count === 1 ? "it" : "them"} and try again: ${listed}`
  }
}

/**
 * Problem code for a value whose shape or type is wrong (a Schema decode failure).
 *
 * @since 0.1.0
 * @category models
 */
export const valueInvalidCode = "VALUE_INVALID"

const standardFormatter = SchemaIssue.makeFormatterStandardSchemaV1()

const pathToField = (path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>): string =>
  path.reduce<string>((field, segment) => {
    const key = typeof segment === "object" ? segment.key : segment
    return typeof key === "number"
      ? `${field}[${key}]`
      : field === ""
        ? String(key)
        : `${field}.${String(key)}`
  }, "")

/**
 * Turns a Schema decode issue into field problems, one per leaf issue, so a
 * decode reported with `errors: "all"` lists every field.
 *
 * @since 0.1.0
 * @category constructors
 */
export const problemsFromIssue = (issue: SchemaIssue.Issue): ReadonlyArray<FieldProblem> =>
  standardFormatter(issue).issues.map((leaf) => ({
    field: pathToField(leaf.path ?? []),
    code: valueInvalidCode,
    message: leaf.message,
  }))

/**
 * Builds a `ValidationFailed` from a non-empty list of problems.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromProblems = (
  subject: string,
  problems: readonly [FieldProblem, ...Array<FieldProblem>],
): ValidationFailed => new ValidationFailed({ subject, problems })
