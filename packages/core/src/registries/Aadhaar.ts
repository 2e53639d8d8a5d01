/**
 * Aadhaar numbers (AAD-1, AAD-4 of 07-integrations.md): the local check that
 * runs before any call to the Aadhaar gateway (12 digits, first digit 2–9,
 * Verhoeff checksum), the Verhoeff algorithm itself, and how a stored Aadhaar
 * is shown: never in full, "Undisclosed" by default and `********1234` for
 * the roles allowed to see the masked value.
 *
 * At rest an Aadhaar number is kept only sealed by the `SensitiveFieldCipher`
 * (or as the gateway's vault token `uidToken`) plus its last four digits
 * (`StoredAadhaar`); it is searched by a keyed hash (PRIV-2), never by text.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { assert } from "../internal/assert.js"

// The Verhoeff tables: multiplication in the dihedral group D5, the position
// permutation, and the inverse. Standard constants of the algorithm.
const multiplication: ReadonlyArray<ReadonlyArray<number>> = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]

const permutation: ReadonlyArray<ReadonlyArray<number>> = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]

const inverse: ReadonlyArray<number> = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]

const digitsPattern = /^\d+$/

const tableValue = (table: ReadonlyArray<ReadonlyArray<number>>, row: number, column: number): number =>
  table[row]?.[column] ?? 0

// The Verhoeff running check over the digits read right to left; `offset` is
// 1 when a check digit is still to be appended, 0 when the last digit is it.
const verhoeffCheck = (digits: string, offset: 0 | 1): number => {
  let check = 0
  const reversed = [...digits].reverse()
  for (const [index, character] of reversed.entries()) {
    const permuted = tableValue(permutation, (index + offset) % 8, Number(character))
    check = tableValue(multiplication, check, permuted)
  }
  return check
}

/**
 * The Verhoeff check digit to append to a string of digits.
 *
 * @since 0.1.0
 * @category math
 */
export const verhoeffCheckDigit = (digits: string): number => {
  assert(digitsPattern.test(digits), "a check digit is computed over digits only")
  return inverse[verhoeffCheck(digits, 1)] ?? 0
}

/**
 * Whether a string of digits ends with its valid Verhoeff check digit.
 *
 * @since 0.1.0
 * @category predicates
 */
export const hasValidVerhoeffChecksum = (digits: string): boolean =>
  digitsPattern.test(digits) && verhoeffCheck(digits, 0) === 0

/**
 * Digits in an Aadhaar number.
 *
 * @since 0.1.0
 * @category models
 */
export const aadhaarLength = 12

const aadhaarShape = /^[2-9]\d{11}$/

/**
 * Whether a text is a valid Aadhaar number (AAD-1): 12 digits, not starting
 * with 0 or 1, passing the Verhoeff checksum.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isValidAadhaarNumber = (text: string): boolean =>
  aadhaarShape.test(text) && hasValidVerhoeffChecksum(text)

/**
 * An Aadhaar number that passed AAD-1.
 *
 * @since 0.1.0
 * @category models
 */
export const AadhaarNumber = Schema.String.check(
  Schema.makeFilter((text: string) =>
    isValidAadhaarNumber(text) ? undefined : "is not a valid Aadhaar number",
  ),
).pipe(Schema.brand("AadhaarNumber"))

/**
 * @since 0.1.0
 * @category models
 */
export type AadhaarNumber = typeof AadhaarNumber.Type

/**
 * Why a text is not an Aadhaar number.
 *
 * @since 0.1.0
 * @category models
 */
export type AadhaarInvalidReason = "notTwelveDigits" | "startsWithZeroOrOne" | "checksumFailed"

/**
 * The number is not a valid Aadhaar number (AAD-1); it was refused locally,
 * before any call to the gateway. The number itself is never carried.
 *
 * @since 0.1.0
 * @category errors
 */
export class AadhaarInvalid extends Schema.TaggedError<AadhaarInvalid>(
  "@karya/core/registries/AadhaarInvalid",
)("AadhaarInvalid", {
  field: Schema.String,
  reason: Schema.Literals(["notTwelveDigits", "startsWithZeroOrOne", "checksumFailed"]),
}) {
  static readonly code = "AADHAAR_INVALID"
  static readonly category = "badInput"
  readonly code = AadhaarInvalid.code
  readonly category = AadhaarInvalid.category
  readonly retryable = false
  override get message(): string {
    const why = {
      notTwelveDigits: "an Aadhaar number has exactly 12 digits",
      startsWithZeroOrOne: "an Aadhaar number never starts with 0 or 1",
      checksumFailed: "its last digit does not match the others (a digit is probably mistyped)",
    }[this.reason]
    return `The Aadhaar number in ${this.field} is not valid: ${why}. Check it against the card and enter it again, or choose another identity document.`
  }
}

const reasonOf = (text: string): AadhaarInvalidReason | undefined => {
  if (!/^\d{12}$/.test(text)) return "notTwelveDigits"
  if (!aadhaarShape.test(text)) return "startsWithZeroOrOne"
  return hasValidVerhoeffChecksum(text) ? undefined : "checksumFailed"
}

/**
 * Checks an Aadhaar number locally (AAD-1). Spaces between digit groups
 * (`2345 6789 0124`) are removed first, as clerks copy them from the card.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromString = (
  text: string,
  options: { readonly field: string },
): Result.Result<AadhaarNumber, AadhaarInvalid> => {
  const digits = text.replace(/ /g, "")
  const reason = reasonOf(digits)
  return reason === undefined
    ? Result.succeed(digits as AadhaarNumber)
    : Result.fail(new AadhaarInvalid({ field: options.field, reason }))
}

/**
 * The last four digits, the only part of an Aadhaar number ever shown (AAD-4).
 *
 * @since 0.1.0
 * @category conversions
 */
export const lastFourDigitsOf = (aadhaar: AadhaarNumber): string => aadhaar.slice(-4)

/**
 * What is shown for an Aadhaar to a caller without the unmask role (AAD-4).
 *
 * @since 0.1.0
 * @category models
 */
export const undisclosed = "Undisclosed"

/**
 * How a stored Aadhaar is displayed (AAD-4): `"Undisclosed"`, or
 * `********1234` for a caller allowed to see the masked value. There is no
 * way to display it in full.
 *
 * @since 0.1.0
 * @category conversions
 */
export const display = (
  lastFourDigits: string,
  options: { readonly audience: "masked" | "undisclosed" },
): string =>
  options.audience === "masked" ? `${"*".repeat(aadhaarLength - 4)}${lastFourDigits}` : undisclosed
