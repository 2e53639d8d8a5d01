/**
 * A tenant's business time zone (TIME-1), an IANA name such as
 * `Asia/Kolkata`. Every business date is computed in it.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

const isKnownTimeZone = (name: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-IN", { timeZone: name })
    return true
  } catch {
    return false
  }
}

/**
 * @since 0.1.0
 * @category models
 */
export const TimeZone = Schema.String.check(
  Schema.makeFilter((name: string) =>
    isKnownTimeZone(name) ? undefined : `"${name}" is not an IANA time zone (for example Asia/Kolkata)`,
  ),
).pipe(Schema.brand("TimeZone"))

/**
 * @since 0.1.0
 * @category models
 */
export type TimeZone = typeof TimeZone.Type

/**
 * The MUKTA default business time zone.
 *
 * @since 0.1.0
 * @category constructors
 */
export const india: TimeZone = Schema.decodeUnknownSync(TimeZone)("Asia/Kolkata")

/**
 * Decodes a zone name, throwing on an unknown zone. For constants and tests;
 * decode input with the `TimeZone` schema instead.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (name: string): TimeZone => Schema.decodeUnknownSync(TimeZone)(name)
