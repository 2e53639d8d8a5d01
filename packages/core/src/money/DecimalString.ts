/**
 * The wire form of every amount, rate and quantity (MONEY-1): a plain decimal
 * string such as `"1916.00"`, `"989"` or `"0.5"`. A JavaScript `number`,
 * exponent notation, grouping commas, spaces, a leading `+` and the empty
 * string are refused; a number is never silently converted.
 *
 * This file holds the one parser that `Amount`, `Rate`, `Quantity`,
 * `SignedAmount` and `MeasurementFactor` share, the problem codes it reports,
 * and the codec builder behind their Schemas.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema, SchemaIssue, SchemaTransformation } from "effect"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { fromProblems, type ValidationFailed } from "../errors/ValidationFailed.js"
import { assert } from "../internal/assert.js"
import { isKaryaDecimal, KaryaDecimal, withoutNegativeZero } from "../internal/Decimal.js"
import { assertScale, type Scale } from "./Scale.js"

/**
 * Problem code: the value is not a decimal string (a number, `"1e3"`,
 * `"1,000"`, `" 12"`, `""`).
 *
 * @since 0.1.0
 * @category errors
 */
export const decimalInvalidCode = "DECIMAL_INVALID"

/**
 * Problem code: more digits before the decimal point than allowed.
 *
 * @since 0.1.0
 * @category errors
 */
export const decimalIntegerDigitsExceededCode = "DECIMAL_INTEGER_DIGITS_EXCEEDED"

/**
 * Problem code: more decimal places than allowed (never silently rounded).
 *
 * @since 0.1.0
 * @category errors
 */
export const decimalPlacesExceededCode = "DECIMAL_PLACES_EXCEEDED"

/**
 * Most digits before the decimal point of an amount, rate or quantity on the
 * wire. ₹10^15 (a thousand lakh crore) is far above any programme's budget;
 * longer text is a typo or an identifier pasted into an amount field, and the
 * bound keeps products exact (see `precisionDigits`).
 *
 * @since 0.1.0
 * @category models
 */
export const integerDigitsMax = 15

/**
 * Most decimal places of an amount, rate or quantity on the wire. Rounded
 * values have at most 4; exact intermediate values (a rate × quantity product
 * before its rounding step) may have more and must still travel unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export const placesMax = 20

/**
 * How one kind of decimal is read: the noun used in messages, its digit
 * limits, and whether a minus sign is allowed or refused with a problem code.
 *
 * @since 0.1.0
 * @category models
 */
export interface DecimalRules {
  /** The value's name in messages, lower case: `"amount"`, `"length"`. */
  readonly noun: string
  readonly integerDigitsMax: number
  readonly placesMax: number
  readonly negative: "allowed" | { readonly refusedWithCode: string }
}

/**
 * One or more problems with one value, in the order they were found.
 *
 * @since 0.1.0
 * @category models
 */
export type Problems = readonly [FieldProblem, ...Array<FieldProblem>]

const decimalPattern = /^(-?)(\d+)(?:\.(\d+))?$/

/** Longest part of a bad input quoted back in a message. */
const quotedLengthMax = 40

const quote = (text: string): string =>
  JSON.stringify(text.length > quotedLengthMax ? `${text.slice(0, quotedLengthMax)}…` : text)

const example = `such as "1916.00"`

const invalidProblem = (input: unknown, rules: DecimalRules): FieldProblem => {
  if (typeof input === "number") {
    return {
      field: "",
      code: decimalInvalidCode,
      message: `the ${rules.noun} ${String(input)} was sent as a number; send it as a decimal string ${example} (MONEY-1)`,
    }
  }
  if (typeof input !== "string") {
    return {
      field: "",
      code: decimalInvalidCode,
      message: `the ${rules.noun} must be a decimal string ${example}`,
    }
  }
  if (input === "") {
    return {
      field: "",
      code: decimalInvalidCode,
      message: `the ${rules.noun} is empty; enter a number ${example}`,
    }
  }
  return {
    field: "",
    code: decimalInvalidCode,
    message: `the ${rules.noun} ${quote(input)} is not a decimal number; write digits with at most one decimal point and no commas, spaces or exponent, ${example}`,
  }
}

const limitProblems = (
  parts: {
    readonly text: string
    readonly sign: string
    readonly integer: string
    readonly fraction: string
  },
  rules: DecimalRules,
): Array<FieldProblem> => {
  const problems: Array<FieldProblem> = []
  if (parts.sign === "-" && rules.negative !== "allowed") {
    problems.push({
      field: "",
      code: rules.negative.refusedWithCode,
      message: `the ${rules.noun} ${quote(parts.text)} is negative; enter 0 or more (MONEY-4)`,
    })
  }
  if (parts.integer.length > rules.integerDigitsMax) {
    problems.push({
      field: "",
      code: decimalIntegerDigitsExceededCode,
      message: `the ${rules.noun} ${quote(parts.text)} has ${parts.integer.length} digits before the decimal point; at most ${rules.integerDigitsMax} are allowed`,
      limit: String(rules.integerDigitsMax),
    })
  }
  if (parts.fraction.length > rules.placesMax) {
    problems.push({
      field: "",
      code: decimalPlacesExceededCode,
      message: `the ${rules.noun} ${quote(parts.text)} has ${parts.fraction.length} decimal places; enter at most ${rules.placesMax}`,
      limit: String(rules.placesMax),
    })
  }
  return problems
}

/**
 * Reads a decimal string under the given rules, reporting every problem of
 * the value at once (a value can be negative and too precise). Problem fields
 * are `""`: the caller places them with `FieldProblem.within`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const parse = (input: unknown, rules: DecimalRules): Result.Result<KaryaDecimal, Problems> => {
  const match = typeof input === "string" ? decimalPattern.exec(input) : null
  if (match === null) return Result.fail([invalidProblem(input, rules)])
  const [text, sign = "", integer = "", fraction = ""] = match
  const [first, ...rest] = limitProblems({ text, sign, integer, fraction }, rules)
  if (first !== undefined) return Result.fail([first, ...rest])
  return Result.succeed(withoutNegativeZero(new KaryaDecimal(text)))
}

/**
 * Reads a decimal string into a value, or fails with `ValidationFailed`
 * listing every problem (ERR-3). `check` turns the decimal into the branded
 * type; it must accept every decimal the rules let through.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromStringWith = <T extends KaryaDecimal>(
  text: string,
  options: { readonly rules: DecimalRules; readonly is: (value: unknown) => value is T },
): Result.Result<T, ValidationFailed> => {
  const parsed = parse(text, options.rules)
  if (Result.isFailure(parsed)) return Result.fail(fromProblems(options.rules.noun, parsed.failure))
  const value = parsed.success
  assert(
    options.is(value),
    `a decimal the ${options.rules.noun} rules accept is a valid ${options.rules.noun}`,
  )
  return Result.succeed(value)
}

/**
 * The canonical decimal string of a value: no exponent, no leading zeros, no
 * trailing fractional zeros, no `-0` (`"1916"`, `"0.5"`). Decoding it gives
 * the same value back.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toCanonical = (value: KaryaDecimal): string => {
  assert(isKaryaDecimal(value), "the value is a Karya decimal")
  return withoutNegativeZero(value).toString()
}

/**
 * The decimal string of a value with exactly `scale` places (`"1916.00"` at
 * scale 2), for the wire (MONEY-3). It never rounds: round first at the step
 * a rule names; a value with more places than `scale` is a defect.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toFixed = (value: KaryaDecimal, options: { readonly scale: Scale }): string => {
  assertScale(options.scale)
  assert(isKaryaDecimal(value), "the value is a Karya decimal")
  assert(
    value.decimalPlaces() <= options.scale,
    `the value was rounded to ${options.scale} places before writing`,
  )
  return withoutNegativeZero(value).toFixed(options.scale)
}

/**
 * The decode step of a decimal Schema: the parsed value, or an issue whose
 * message lists every problem of the text.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeEffect = <T extends KaryaDecimal>(
  text: string,
  options: { readonly rules: DecimalRules; readonly is: (value: unknown) => value is T },
): Effect.Effect<T, SchemaIssue.Issue> => {
  const parsed = parse(text, options.rules)
  if (Result.isFailure(parsed)) {
    const message = parsed.failure.map((problem) => problem.message).join("; ")
    return Effect.fail(new SchemaIssue.InvalidValue({ message }, text))
  }
  const value = parsed.success
  assert(
    options.is(value),
    `a decimal the ${options.rules.noun} rules accept is a valid ${options.rules.noun}`,
  )
  return Effect.succeed(value)
}

/**
 * Builds the Schema of one kind of decimal: it decodes only a decimal string
 * (a `number` is a decode error, MONEY-1) and encodes to the canonical string.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeCodec = <T extends KaryaDecimal>(options: {
  readonly rules: DecimalRules
  readonly is: (value: unknown) => value is T
  readonly identifier: string
}) =>
  Schema.String.annotate({
    message: `Expected the ${options.rules.noun} as a decimal string ${example}; numbers and other values are refused (MONEY-1)`,
  }).pipe(
    Schema.decodeTo(
      Schema.declare(options.is, { identifier: options.identifier, expected: options.identifier }),
      SchemaTransformation.transformEffect({
        decode: (text: string) => decodeEffect(text, options),
        encode: (value: T) => Effect.succeed(toCanonical(value)),
      }),
    ),
  )
