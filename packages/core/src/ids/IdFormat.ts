/**
 * The format language of human-readable numbers (ID-1, ID-2). A format is
 * literal text with tokens in braces:
 *
 * - `{fy}`: the financial year label, `2023-24` (TIME-2);
 * - `{ulb}`: the tenant's city code, `DK`;
 * - `{yyyy}`: the calendar year of the issuing instant, local time;
 * - `{seq:N}`: the sequence, zero-padded to exactly N digits;
 * - `{entry:N}`: a sequence within a parent number, zero-padded to N digits;
 * - `{<name>Number}` such as `{mbNumber}`: the parent number an entry is
 *   numbered within (`MB/2023-24/000091/01`).
 *
 * Every format has exactly one sequence token. Padding is part of the format:
 * a sequence wider than N digits is `ID_SEQUENCE_EXHAUSTED`, never silently
 * widened, so every number of a format has the same shape. Tokens have fixed
 * shapes and a format holds at most one token of variable width (`{ulb}` or
 * a parent number), so a number parses back into its values in exactly one
 * way: `parse(format, format(values))` gives the values back.
 *
 * The sequence scope (ID-1) follows from the tokens: the parent number for
 * `{entry:N}`, else the FY label for `{fy}` (the sequence restarts every
 * 1 April 00:00 local), else the year for `{yyyy}`, else one constant scope,
 * so the number is never reused.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { FieldProblem } from "../errors/FieldProblem.js"
import { assert } from "../internal/assert.js"
import { FinancialYear } from "../time/FinancialYear.js"
import { type CityCode, cityCodeLengthMax } from "./CityCode.js"

/**
 * The widest sequence token, `{seq:9}`: 999,999,999 numbers per scope, and
 * every sequence value fits a Postgres `integer` column.
 *
 * @since 0.1.0
 * @category models
 */
export const sequenceWidthMax = 9

/**
 * The longest format text: 64 characters, enough for every MUKTA format
 * (the longest, `PI-{ulb}/{fy}/{seq:6}`, has 21) with room for a state's own.
 *
 * @since 0.1.0
 * @category models
 */
export const formatLengthMax = 64

/**
 * The longest parent number an entry may be numbered within: 80 characters.
 * A format without a parent token prints at most 74 (its 64 characters, plus
 * 3 for `{fy}`, 5 for `{ulb}` and 2 for `{seq:9}`), so every parent fits.
 *
 * @since 0.1.0
 * @category models
 */
export const parentNumberLengthMax = 80

/**
 * The longest human number any format prints: 160 characters. An entry
 * format prints at most 140 (a parent of `parentNumberLengthMax` in place of
 * a 9-character token, plus 64 − 9 format characters and 5 of expansion).
 *
 * @since 0.1.0
 * @category models
 */
export const numberLengthMax = 160

/**
 * The characters a human number may contain, as a regular-expression class:
 * letters, digits and the separators / - _ . (safe in URLs, file names and
 * the JIT-FS wire format). Format literals use the same characters.
 *
 * @since 0.1.0
 * @category models
 */
export const numberCharacterClass = "[A-Za-z0-9/_.-]"

/**
 * The constant scope of a format with no `{fy}`, `{yyyy}` or parent token:
 * its sequence never restarts, so its numbers are never reused (ID-1).
 *
 * @since 0.1.0
 * @category models
 */
export const constantScope = "all"

const literalCharacter = new RegExp(`^${numberCharacterClass}$`)

/**
 * Problem codes inside `IdFormatInvalid.problems`.
 *
 * @since 0.1.0
 * @category models
 */
export const problemCodes = {
  tooLong: "ID_FORMAT_TOO_LONG",
  braceUnmatched: "ID_FORMAT_BRACE_UNMATCHED",
  tokenUnknown: "ID_FORMAT_TOKEN_UNKNOWN",
  widthInvalid: "ID_FORMAT_WIDTH_INVALID",
  literalInvalid: "ID_FORMAT_LITERAL_INVALID",
  sequenceMissing: "ID_FORMAT_SEQUENCE_MISSING",
  sequenceRepeated: "ID_FORMAT_SEQUENCE_REPEATED",
  tokenRepeated: "ID_FORMAT_TOKEN_REPEATED",
  parentMismatch: "ID_FORMAT_PARENT_MISMATCH",
  ambiguous: "ID_FORMAT_AMBIGUOUS",
} as const

/**
 * One piece of a format: literal text or a token.
 *
 * @since 0.1.0
 * @category models
 */
export const Segment = Schema.Union([
  Schema.TaggedStruct("Literal", { text: Schema.NonEmptyString }),
  Schema.TaggedStruct("FinancialYear", {}),
  Schema.TaggedStruct("CityCode", {}),
  Schema.TaggedStruct("Year", {}),
  Schema.TaggedStruct("Sequence", {
    widthDigits: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: sequenceWidthMax })),
  }),
  Schema.TaggedStruct("Entry", {
    widthDigits: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: sequenceWidthMax })),
  }),
  Schema.TaggedStruct("ParentNumber", { name: Schema.NonEmptyString }),
])

/**
 * @since 0.1.0
 * @category models
 */
export type Segment = typeof Segment.Type

const problem = (code: string, message: string, limit?: string): FieldProblem =>
  limit === undefined ? { field: "", code, message } : { field: "", code, message, limit }

const tokenOf = (token: string): Segment | FieldProblem => {
  if (token === "fy") return { _tag: "FinancialYear" }
  if (token === "ulb") return { _tag: "CityCode" }
  if (token === "yyyy") return { _tag: "Year" }
  if (/^[a-z][A-Za-z]*Number$/.test(token)) return { _tag: "ParentNumber", name: token }
  const sequence = /^(seq|entry)(?::(\d*))?$/.exec(token)
  if (sequence === null) {
    return problem(
      problemCodes.tokenUnknown,
      `{${token}} is not a token; use {fy}, {ulb}, {yyyy}, {seq:N}, {entry:N} or a parent number such as {mbNumber}`,
    )
  }
  const widthDigits = Number(sequence[2] ?? "")
  if (!Number.isInteger(widthDigits) || widthDigits < 1 || widthDigits > sequenceWidthMax) {
    return problem(
      problemCodes.widthInvalid,
      `{${token}} needs a width of 1 to ${sequenceWidthMax} digits, written {${sequence[1]}:6}`,
      String(sequenceWidthMax),
    )
  }
  return sequence[1] === "seq" ? { _tag: "Sequence", widthDigits } : { _tag: "Entry", widthDigits }
}

const isProblem = (value: Segment | FieldProblem): value is FieldProblem => "code" in value

interface Scan {
  readonly segments: ReadonlyArray<Segment>
  readonly problems: ReadonlyArray<FieldProblem>
}

const braceProblem = (position: number): FieldProblem =>
  problem(problemCodes.braceUnmatched, `the brace at position ${position + 1} is not part of a {token}`)

// Splits the text into literal and token segments, collecting every problem.
// The loop is bounded by the text's length: each step consumes a character.
const scan = (text: string): Scan => {
  const segments: Array<Segment> = []
  const problems: Array<FieldProblem> = []
  let literal = ""
  let index = 0
  while (index < text.length) {
    const character = text.charAt(index)
    if (character !== "{" && character !== "}") {
      literal += character
      index += 1
      continue
    }
    const close = text.indexOf("}", index)
    const nextOpen = text.indexOf("{", index + 1)
    if (character === "}" || (nextOpen !== -1 && nextOpen < close)) {
      problems.push(braceProblem(index))
      index += 1
      continue
    }
    if (close === -1) {
      // An unclosed token swallows the rest of the text.
      problems.push(braceProblem(index))
      break
    }
    if (literal !== "") segments.push({ _tag: "Literal", text: literal })
    literal = ""
    const token = tokenOf(text.slice(index + 1, close))
    if (isProblem(token)) problems.push(token)
    else segments.push(token)
    index = close + 1
  }
  if (literal !== "") segments.push({ _tag: "Literal", text: literal })
  return { segments, problems }
}

const literalProblems = (segments: ReadonlyArray<Segment>): ReadonlyArray<FieldProblem> => {
  const invalid = new Set(
    segments.flatMap((segment) =>
      segment._tag === "Literal"
        ? [...segment.text].filter((character) => !literalCharacter.test(character))
        : [],
    ),
  )
  if (invalid.size === 0) return []
  const listed = [...invalid].map((character) => JSON.stringify(character)).join(", ")
  return [
    problem(
      problemCodes.literalInvalid,
      `the format may not contain ${listed}; use letters, digits and the separators / - _ . only`,
    ),
  ]
}

const countOf = (segments: ReadonlyArray<Segment>, tags: ReadonlyArray<Segment["_tag"]>): number =>
  segments.filter((segment) => tags.includes(segment._tag)).length

const sequenceProblems = (segments: ReadonlyArray<Segment>): ReadonlyArray<FieldProblem> => {
  const sequences = countOf(segments, ["Sequence", "Entry"])
  if (sequences === 0) {
    return [
      problem(problemCodes.sequenceMissing, "the format has no sequence; add {seq:N}, for example {seq:6}"),
    ]
  }
  return sequences > 1
    ? [
        problem(
          problemCodes.sequenceRepeated,
          "the format has more than one {seq:N} or {entry:N}; keep exactly one",
        ),
      ]
    : []
}

const tokenNames = {
  FinancialYear: "{fy}",
  CityCode: "{ulb}",
  Year: "{yyyy}",
  ParentNumber: "the parent number",
} as const

const repeatedTokenProblems = (segments: ReadonlyArray<Segment>): ReadonlyArray<FieldProblem> =>
  (["FinancialYear", "CityCode", "Year", "ParentNumber"] as const)
    .filter((tag) => countOf(segments, [tag]) > 1)
    .map((tag) => problem(problemCodes.tokenRepeated, `the format repeats ${tokenNames[tag]}; use it once`))

const structureProblems = (segments: ReadonlyArray<Segment>): ReadonlyArray<FieldProblem> => {
  const problems: Array<FieldProblem> = []
  const entries = countOf(segments, ["Entry"])
  const parents = countOf(segments, ["ParentNumber"])
  if (entries > 0 !== parents > 0) {
    problems.push(
      problem(
        problemCodes.parentMismatch,
        "{entry:N} numbers entries within a parent number and needs a parent token such as {mbNumber}, and a parent token needs {entry:N}",
      ),
    )
  }
  if (countOf(segments, ["CityCode", "ParentNumber"]) > 1) {
    problems.push(
      problem(
        problemCodes.ambiguous,
        "the format has more than one token of variable width ({ulb}, a parent number); keep one so numbers read back in one way",
      ),
    )
  }
  return problems
}

/**
 * Every problem of a format text, in the order found; empty when it is a
 * valid format.
 *
 * @since 0.1.0
 * @category conversions
 */
export const problemsOf = (text: string): ReadonlyArray<FieldProblem> => {
  const length =
    text.length > formatLengthMax
      ? [
          problem(
            problemCodes.tooLong,
            `the format has ${text.length} characters; at most ${formatLengthMax} are allowed`,
            String(formatLengthMax),
          ),
        ]
      : []
  const { segments, problems } = scan(text)
  return [
    ...length,
    ...problems,
    ...literalProblems(segments),
    ...sequenceProblems(segments),
    ...repeatedTokenProblems(segments),
    ...structureProblems(segments),
  ]
}

/**
 * A valid format text such as `PI-{ulb}/{fy}/{seq:6}`. Decoding reports
 * every problem of the text at once (ERR-3).
 *
 * @since 0.1.0
 * @category models
 */
export const IdFormat = Schema.String.check(
  Schema.makeFilter((text: string) =>
    problemsOf(text).map((found) => `the number format "${text}" is invalid: ${found.message}`),
  ),
).pipe(Schema.brand("IdFormat"))

/**
 * @since 0.1.0
 * @category models
 */
export type IdFormat = typeof IdFormat.Type

/**
 * A format text that cannot be used, with every problem (ERR-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class IdFormatInvalid extends Schema.TaggedError<IdFormatInvalid>("@karya/core/ids/IdFormatInvalid")(
  "IdFormatInvalid",
  {
    format: Schema.String,
    problems: Schema.NonEmptyArray(FieldProblem),
  },
) {
  static readonly code = "ID_FORMAT_INVALID"
  static readonly category = "badInput"
  readonly code = IdFormatInvalid.code
  readonly category = IdFormatInvalid.category
  readonly retryable = false
  override get message(): string {
    const listed = this.problems.map((found) => found.message).join("; ")
    return `The number format "${this.format}" cannot be used: ${listed}. Correct it in the tenant's number format settings.`
  }
}

/**
 * Decodes a format text, reporting every problem in one `IdFormatInvalid`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromText = (text: string): Result.Result<IdFormat, IdFormatInvalid> => {
  const [first, ...rest] = problemsOf(text)
  return first === undefined
    ? Result.succeed(text as IdFormat)
    : Result.fail(new IdFormatInvalid({ format: text, problems: [first, ...rest] }))
}

/**
 * Decodes a format text, throwing when invalid. For constants and tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (text: string): IdFormat => Schema.decodeUnknownSync(IdFormat)(text)

/**
 * The literal and token segments of a format, in order.
 *
 * @since 0.1.0
 * @category conversions
 */
export const segmentsOf = (format: IdFormat): ReadonlyArray<Segment> => {
  const { segments, problems } = scan(format)
  assert(problems.length === 0, "a decoded IdFormat scans without problems")
  return segments
}

/**
 * The text of one segment: the literal itself or the token in braces.
 *
 * @since 0.1.0
 * @category conversions
 */
export const textOfSegment = (segment: Segment): string => {
  switch (segment._tag) {
    case "Literal":
      return segment.text
    case "FinancialYear":
      return "{fy}"
    case "CityCode":
      return "{ulb}"
    case "Year":
      return "{yyyy}"
    case "Sequence":
      return `{seq:${segment.widthDigits}}`
    case "Entry":
      return `{entry:${segment.widthDigits}}`
    case "ParentNumber":
      return `{${segment.name}}`
  }
}

/**
 * Whether the format numbers entries within a parent number (`{entry:N}`),
 * like the measurement entry format `{mbNumber}/{entry:2}`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isEntryFormat = (format: IdFormat): boolean =>
  segmentsOf(format).some((segment) => segment._tag === "Entry")

/**
 * Whether the format prints the financial year, so its sequence restarts at 1
 * every 1 April 00:00 local (ID-1).
 *
 * @since 0.1.0
 * @category predicates
 */
export const hasFinancialYear = (format: IdFormat): boolean =>
  segmentsOf(format).some((segment) => segment._tag === "FinancialYear")

/**
 * The largest sequence the format can print: 10^N − 1 for `{seq:N}`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const sequenceMaxOf = (format: IdFormat): number => {
  const sequence = segmentsOf(format).find(
    (segment) => segment._tag === "Sequence" || segment._tag === "Entry",
  )
  assert(sequence !== undefined && "widthDigits" in sequence, "a format has one sequence token")
  return 10 ** sequence.widthDigits - 1
}

/**
 * The values printed into a number. Each token of the format needs its value;
 * values the format does not print are ignored.
 *
 * @since 0.1.0
 * @category models
 */
export interface IdValues {
  /** The sequence value, from 1; `{seq:N}` or `{entry:N}`. */
  readonly sequence: number
  /** `{fy}`. */
  readonly financialYear?: FinancialYear
  /** `{ulb}`. */
  readonly cityCode?: CityCode
  /** `{yyyy}`: the calendar year, local time. */
  readonly year?: number
  /** The parent token, such as `{mbNumber}`. */
  readonly parentNumber?: string
}

/**
 * A sequence value too wide for its format's `{seq:N}` or `{entry:N}`
 * (ID-2): the number is not issued, because widening it would change the
 * shape of the series.
 *
 * @since 0.1.0
 * @category errors
 */
export class IdSequenceExhausted extends Schema.TaggedError<IdSequenceExhausted>(
  "@karya/core/ids/IdSequenceExhausted",
)("IdSequenceExhausted", {
  format: Schema.String,
  sequence: Schema.Number,
  /** The limit: the largest sequence the format prints, 10^N − 1. */
  sequenceMax: Schema.Number,
}) {
  static readonly code = "ID_SEQUENCE_EXHAUSTED"
  static readonly category = "rule"
  readonly code = IdSequenceExhausted.code
  readonly category = IdSequenceExhausted.category
  readonly retryable = false
  override get message(): string {
    return `Number ${this.sequence} does not fit the format "${this.format}", which prints at most ${this.sequenceMax} numbers in one sequence; widen its {seq:N} in the tenant's number format settings and try again.`
  }
}

/**
 * A value missing for a token of the format, or not of the token's shape.
 *
 * @since 0.1.0
 * @category errors
 */
export class IdValueInvalid extends Schema.TaggedError<IdValueInvalid>("@karya/core/ids/IdValueInvalid")(
  "IdValueInvalid",
  {
    format: Schema.String,
    /** The token, as written in the format: `{ulb}`, `{mbNumber}`. */
    token: Schema.String,
    /** The offending value; absent when none was given. */
    value: Schema.optionalKey(Schema.String),
    /** What the token accepts. */
    expected: Schema.String,
  },
) {
  static readonly code = "ID_VALUE_INVALID"
  static readonly category = "badInput"
  readonly code = IdValueInvalid.code
  readonly category = IdValueInvalid.category
  readonly retryable = false
  override get message(): string {
    return this.value === undefined
      ? `The number format "${this.format}" needs a value for ${this.token} and none was given; ${this.token} takes ${this.expected}. Check the tenant's settings.`
      : `"${this.value}" cannot be printed as ${this.token} in the number format "${this.format}"; ${this.token} takes ${this.expected}.`
  }
}

/**
 * A text that is not a number of the given format.
 *
 * @since 0.1.0
 * @category errors
 */
export class IdNumberInvalid extends Schema.TaggedError<IdNumberInvalid>("@karya/core/ids/IdNumberInvalid")(
  "IdNumberInvalid",
  {
    format: Schema.String,
    number: Schema.String,
  },
) {
  static readonly code = "ID_NUMBER_INVALID"
  static readonly category = "badInput"
  readonly code = IdNumberInvalid.code
  readonly category = IdNumberInvalid.category
  readonly retryable = false
  override get message(): string {
    return `"${this.number}" is not a number of the format "${this.format}"; check it against the printed document and enter it exactly.`
  }
}

type TokenSegment = Exclude<Segment, { readonly _tag: "Literal" }>

interface TokenShape {
  /** Regular expression source of the token's printed text. */
  readonly pattern: string
  /** What the token accepts, for messages. */
  readonly expected: string
}

const shapeOf = (segment: TokenSegment): TokenShape => {
  switch (segment._tag) {
    case "FinancialYear":
      return { pattern: "\\d{4}-\\d{2}", expected: "a financial year written yyyy-yy, such as 2023-24" }
    case "CityCode":
      return { pattern: `[A-Z0-9]{1,${cityCodeLengthMax}}`, expected: "a city code such as DK" }
    case "Year":
      return { pattern: "\\d{4}", expected: "a year from 0001 to 9999" }
    case "Sequence":
    case "Entry":
      return {
        pattern: `\\d{${segment.widthDigits}}`,
        expected: `a whole number from 1 printed in ${segment.widthDigits} digits`,
      }
    case "ParentNumber":
      return {
        pattern: `${numberCharacterClass}{1,${parentNumberLengthMax}}`,
        expected: `a number of 1 to ${parentNumberLengthMax} letters, digits and / - _ .`,
      }
  }
}

const isTokenValue = (segment: TokenSegment, text: string): boolean => {
  if (!new RegExp(`^(?:${shapeOf(segment).pattern})$`).test(text)) return false
  switch (segment._tag) {
    case "FinancialYear":
      return Schema.is(FinancialYear)(text)
    case "Year":
    case "Sequence":
    case "Entry":
      return Number(text) >= 1
    default:
      return true
  }
}

const sequenceText = (
  format: IdFormat,
  segment: Extract<Segment, { readonly _tag: "Sequence" | "Entry" }>,
  sequence: number,
): Result.Result<string, IdSequenceExhausted> => {
  assert(Number.isInteger(sequence), "a sequence value is a whole number")
  assert(sequence >= 1, "a sequence starts at 1")
  const sequenceMax = 10 ** segment.widthDigits - 1
  return sequence > sequenceMax
    ? Result.fail(new IdSequenceExhausted({ format, sequence, sequenceMax }))
    : Result.succeed(String(sequence).padStart(segment.widthDigits, "0"))
}

type ValueSegment = Exclude<TokenSegment, { readonly _tag: "Sequence" | "Entry" }>

const givenText = (segment: ValueSegment, values: Omit<IdValues, "sequence">): string | undefined => {
  switch (segment._tag) {
    case "FinancialYear":
      return values.financialYear
    case "CityCode":
      return values.cityCode
    case "Year":
      return values.year === undefined ? undefined : String(values.year).padStart(4, "0")
    case "ParentNumber":
      return values.parentNumber
  }
}

const valueText = (
  format: IdFormat,
  segment: ValueSegment,
  values: Omit<IdValues, "sequence">,
): Result.Result<string, IdValueInvalid> => {
  const text = givenText(segment, values)
  if (text !== undefined && isTokenValue(segment, text)) return Result.succeed(text)
  const details = { format, token: textOfSegment(segment), expected: shapeOf(segment).expected }
  return Result.fail(new IdValueInvalid(text === undefined ? details : { ...details, value: text }))
}

/**
 * Prints a number: each token replaced by its value (ID-2). Fails with
 * `ID_SEQUENCE_EXHAUSTED` when the sequence is wider than `{seq:N}`, and with
 * `ID_VALUE_INVALID` when a token's value is missing or of the wrong shape.
 *
 * @since 0.1.0
 * @category conversions
 */
export const format = (
  idFormat: IdFormat,
  values: IdValues,
): Result.Result<string, IdValueInvalid | IdSequenceExhausted> => {
  const parts: Array<string> = []
  for (const segment of segmentsOf(idFormat)) {
    if (segment._tag === "Literal") {
      parts.push(segment.text)
      continue
    }
    const part: Result.Result<string, IdValueInvalid | IdSequenceExhausted> =
      segment._tag === "Sequence" || segment._tag === "Entry"
        ? sequenceText(idFormat, segment, values.sequence)
        : valueText(idFormat, segment, values)
    if (Result.isFailure(part)) return Result.fail(part.failure)
    parts.push(part.success)
  }
  const text = parts.join("")
  assert(text.length <= numberLengthMax, "a printed number is at most numberLengthMax characters")
  return Result.succeed(text)
}

const escapeLiteral = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")

const patternOf = (segments: ReadonlyArray<Segment>): RegExp =>
  new RegExp(
    `^${segments
      .map((segment) =>
        segment._tag === "Literal" ? escapeLiteral(segment.text) : `(${shapeOf(segment).pattern})`,
      )
      .join("")}$`,
  )

type MutableValues = { -readonly [K in keyof IdValues]: IdValues[K] }

const withToken = (values: MutableValues, segment: TokenSegment, text: string): void => {
  switch (segment._tag) {
    case "FinancialYear":
      values.financialYear = text as FinancialYear
      return
    case "CityCode":
      values.cityCode = text as CityCode
      return
    case "Year":
      values.year = Number(text)
      return
    case "Sequence":
    case "Entry":
      values.sequence = Number(text)
      return
    case "ParentNumber":
      values.parentNumber = text
      return
  }
}

/**
 * Reads a number back into the values it was printed from; the inverse of
 * `format` (`parse(f, format(f, v))` gives `v` back for the tokens of `f`).
 * Fails with `ID_NUMBER_INVALID` when the text is not a number of the format.
 *
 * @since 0.1.0
 * @category conversions
 */
export const parse = (idFormat: IdFormat, text: string): Result.Result<IdValues, IdNumberInvalid> => {
  const segments = segmentsOf(idFormat)
  const match = patternOf(segments).exec(text)
  const invalid = Result.fail(new IdNumberInvalid({ format: idFormat, number: text }))
  if (match === null) return invalid
  const values: MutableValues = { sequence: 0 }
  const tokens = segments.filter((segment): segment is TokenSegment => segment._tag !== "Literal")
  for (const [index, segment] of tokens.entries()) {
    const captured = match[index + 1]
    assert(captured !== undefined, "every token of the pattern captures a group")
    if (!isTokenValue(segment, captured)) return invalid
    withToken(values, segment, captured)
  }
  return Result.succeed(values)
}

const scopeSegmentOf = (segments: ReadonlyArray<Segment>): ValueSegment | undefined => {
  const order = segments.some((segment) => segment._tag === "Entry")
    ? (["ParentNumber"] as const)
    : (["FinancialYear", "Year"] as const)
  for (const tag of order) {
    const found = segments.find((segment): segment is ValueSegment => segment._tag === tag)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * The sequence scope of a number (ID-1): the parent number for `{entry:N}`,
 * else the FY label for `{fy}` (so the sequence restarts every 1 April 00:00
 * local), else the year for `{yyyy}`, else `constantScope`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const scopeOf = (
  idFormat: IdFormat,
  values: Omit<IdValues, "sequence">,
): Result.Result<string, IdValueInvalid> => {
  const segment = scopeSegmentOf(segmentsOf(idFormat))
  return segment === undefined ? Result.succeed(constantScope) : valueText(idFormat, segment, values)
}
