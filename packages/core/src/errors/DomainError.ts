/**
 * What every typed failure of Karya's core has in common (ERR-1): a stable
 * `SCREAMING_SNAKE_CASE` code, a message a clerk can act on, structured
 * details as the error's own fields, and whether retrying can help.
 *
 * Each domain error is one `Schema.TaggedError` class whose name is the code
 * in PascalCase (`STALE_VERSION` → `StaleVersion`), with a static `code` and,
 * next to it, a static `category` (see `ErrorCategory`): what kind of failure
 * it is, which boundaries such as the REST API map to a status. Each module
 * lists its classes in an `errorClasses` registry; a test checks that codes
 * are unique and match the class names, and that every class has a category.
 * Codes are never renamed or reused.
 *
 * @since 0.1.0
 */
import { type ErrorCategory, isErrorCategory } from "./ErrorCategory.js"

/**
 * The common face of a domain error.
 *
 * @since 0.1.0
 * @category models
 */
export interface DomainError {
  readonly _tag: string
  readonly code: string
  readonly category: ErrorCategory
  readonly message: string
  readonly retryable: boolean
}

/**
 * A domain error class as listed in a module's registry.
 *
 * @since 0.1.0
 * @category models
 */
export interface DomainErrorClass {
  readonly name: string
  readonly code: string
  readonly category: ErrorCategory
}

/**
 * Whether a value is a Karya domain error: a value with a code but no known
 * category is not one, so a boundary never has to guess its meaning.
 *
 * @since 0.1.0
 * @category guards
 */
export const isDomainError = (value: unknown): value is DomainError =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { code?: unknown }).code === "string" &&
  isErrorCategory((value as { category?: unknown }).category) &&
  typeof (value as { _tag?: unknown })._tag === "string" &&
  typeof (value as { retryable?: unknown }).retryable === "boolean"

/**
 * The code a class name stands for: `StaleVersion` → `STALE_VERSION`,
 * `MilestonesNot100` → `MILESTONES_NOT_100`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const codeOfClassName = (className: string): string =>
  className
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([a-zA-Z])([0-9])/g, "$1_$2")
    .toUpperCase()
