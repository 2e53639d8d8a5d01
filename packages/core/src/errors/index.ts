/**
 * The typed error model of Karya (spec 01-kernel.md, ERR-1..3).
 *
 * @since 0.1.0
 */
import { ValidationFailed } from "./ValidationFailed.js"

export * as DomainError from "./DomainError.js"
export * as ErrorCategory from "./ErrorCategory.js"
export * as FieldProblem from "./FieldProblem.js"
export * as Validation from "./ValidationFailed.js"
export { ValidationFailed } from "./ValidationFailed.js"

/**
 * The error classes this module defines (code registry).
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [ValidationFailed] as const
