/**
 * What kind of failure a domain error is (ERR-1, API-3). Every error class
 * states its category once, next to its code, so a boundary (the REST API,
 * a CLI, a job runner) can react to a failure without guessing from the
 * code's spelling: the HTTP layer maps each category to one status in one
 * table, and a new code without a category fails the registry test instead
 * of silently becoming a 422.
 *
 * The categories, from the caller's point of view:
 *
 * - `badInput`: the values sent are wrong in themselves, whatever is stored
 *   (a value of the wrong shape or out of its range, a list that repeats an
 *   item, a configuration text with problems). Correcting the request fixes
 *   it.
 * - `unauthenticated`: the caller is not signed in (no, an expired or an
 *   invalid credential).
 * - `forbidden`: the caller is known but may not do this (lacks the role, is
 *   not staff of the record, does not work in the tenant).
 * - `notFound`: a record the request names does not exist in the tenant.
 * - `conflict`: the request collides with the stored state: the record
 *   changed since it was read (a stale version), it would duplicate a record
 *   that exists, an idempotency key was reused for another request, or
 *   someone else holds the record's lease.
 * - `rule`: the request is well formed but a domain rule refuses it given the
 *   stored records, the tenant's configuration or the date.
 * - `unavailable`: a store or gateway could not be reached; nothing was
 *   changed, and retrying later may help.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The category of a domain error.
 *
 * @since 0.1.0
 * @category models
 */
export const ErrorCategory = Schema.Literals([
  "badInput",
  "unauthenticated",
  "forbidden",
  "notFound",
  "conflict",
  "rule",
  "unavailable",
])

/**
 * @since 0.1.0
 * @category models
 */
export type ErrorCategory = typeof ErrorCategory.Type

/**
 * Every category, in the order above.
 *
 * @since 0.1.0
 * @category models
 */
export const categories: ReadonlyArray<ErrorCategory> = ErrorCategory.literals

/**
 * Whether a value is one of the categories.
 *
 * @since 0.1.0
 * @category guards
 */
export const isErrorCategory = (value: unknown): value is ErrorCategory =>
  typeof value === "string" && (categories as ReadonlyArray<string>).includes(value)
