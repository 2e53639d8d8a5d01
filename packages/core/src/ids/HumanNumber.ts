/**
 * Human-readable numbers (ID-1..ID-4): `PJ/2023-24/000012`,
 * `PI-DK/2022-23/000023`, `MB/2023-24/000091/01`. A use case issues one with
 * `issueNumber` (or `issueEntryNumber` for an entry within a parent number):
 * the instant comes from `Clock`, the financial year and year are taken in the
 * tenant's time zone (TIME-1, TIME-2), the sequence scope follows the format
 * (ID-1), the value comes from the `IdSequence` port (ID-3), and the format
 * prints it (ID-2).
 *
 * A number is immutable once issued (ID-4): nothing here changes one. Call
 * these inside the transaction that inserts the numbered record, so a rollback
 * leaves no gap in the persisted series (ID-3).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import * as BusinessClock from "../time/BusinessClock.js"
import * as FinancialYear from "../time/FinancialYear.js"
import * as LocalDate from "../time/LocalDate.js"
import type { TimeZone } from "../time/TimeZone.js"
import type { CityCode } from "./CityCode.js"
import * as IdFormat from "./IdFormat.js"
import * as IdSequence from "./IdSequence.js"
import type { Series } from "./IdSeries.js"
import type { TenantId } from "./TenantId.js"

const shape = new RegExp(`^${IdFormat.numberCharacterClass}{1,${IdFormat.numberLengthMax}}$`)

/**
 * A human-readable number as issued: 1 to `IdFormat.numberLengthMax` letters,
 * digits and the separators / - _ . .
 *
 * @since 0.1.0
 * @category models
 */
export const HumanNumber = Schema.String.check(
  Schema.makeFilter((text: string) =>
    shape.test(text)
      ? undefined
      : `"${text}" is not a document number: use letters, digits and / - _ . only, at most ${IdFormat.numberLengthMax} characters`,
  ),
).pipe(Schema.brand("HumanNumber"))

/**
 * @since 0.1.0
 * @category models
 */
export type HumanNumber = typeof HumanNumber.Type

/**
 * Decodes a number, throwing when malformed. For constants and tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (text: string): HumanNumber => Schema.decodeUnknownSync(HumanNumber)(text)

/**
 * What issuing a number needs: whose number, which series and format, and
 * the tenant's city code and time zone.
 *
 * @since 0.1.0
 * @category models
 */
export interface IssueRequest {
  readonly tenantId: TenantId
  /** Printed by `{ulb}`. */
  readonly cityCode: CityCode
  readonly series: Series
  /** The tenant's format of the series. */
  readonly idFormat: IdFormat.IdFormat
  /** The tenant's business time zone; the FY and year are taken in it. */
  readonly timeZone: TimeZone
}

/**
 * What issuing an entry number needs: an `IssueRequest` and the parent number
 * the entry is numbered within (the measurement book's number).
 *
 * @since 0.1.0
 * @category models
 */
export interface IssueEntryRequest extends IssueRequest {
  readonly parentNumber: HumanNumber
}

/**
 * The ways issuing a number can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type IssueError =
  | IdFormat.IdFormatInvalid
  | IdFormat.IdValueInvalid
  | IdFormat.IdSequenceExhausted
  | IdSequence.IdSequenceUnavailable

// `formatKind` is the kind of format the request carries, which the called
// function does not accept.
const kindMismatch = (request: IssueRequest, formatKind: "entry" | "standalone"): IdFormat.IdFormatInvalid =>
  new IdFormat.IdFormatInvalid({
    format: request.idFormat,
    problems: [
      {
        field: request.series,
        code: IdFormat.problemCodes.parentMismatch,
        message:
          formatKind === "entry"
            ? `the format of the ${request.series} series numbers entries within a parent number ({entry:N}); issue such numbers with their parent number`
            : `entries of the ${request.series} series are numbered within a parent number, so its format needs {entry:N} and a parent token such as {mbNumber}`,
      },
    ],
  })

const issue = (
  request: IssueRequest,
  parent: { readonly parentNumber?: HumanNumber },
): Effect.Effect<HumanNumber, IssueError, IdSequence.IdSequence> =>
  Effect.gen(function* () {
    const instant = yield* BusinessClock.currentInstant
    const date = LocalDate.fromInstant(instant, request.timeZone)
    const values = {
      ...parent,
      financialYear: FinancialYear.ofDate(date),
      year: LocalDate.toParts(date).year,
      cityCode: request.cityCode,
    }
    const scope = yield* Effect.fromResult(IdFormat.scopeOf(request.idFormat, values))
    const sequence = yield* IdSequence.next({ tenantId: request.tenantId, series: request.series, scope })
    const text = yield* Effect.fromResult(IdFormat.format(request.idFormat, { ...values, sequence }))
    return text as HumanNumber
  })

/**
 * Issues the next number of a series (ID-1..ID-3): `PI-DK/2022-23/000023`.
 * An entry format (`{entry:N}`) is refused with `ID_FORMAT_INVALID`; issue
 * entries with `issueEntryNumber`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const issueNumber = (
  request: IssueRequest,
): Effect.Effect<HumanNumber, IssueError, IdSequence.IdSequence> =>
  IdFormat.isEntryFormat(request.idFormat) ? Effect.fail(kindMismatch(request, "entry")) : issue(request, {})

/**
 * Issues the next entry number within a parent number (ID-1, ID-2):
 * `MB/2023-24/000091/01`. The sequence is scoped by the parent number, so
 * each measurement book numbers its entries from 01. A format without
 * `{entry:N}` is refused with `ID_FORMAT_INVALID`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const issueEntryNumber = (
  request: IssueEntryRequest,
): Effect.Effect<HumanNumber, IssueError, IdSequence.IdSequence> =>
  IdFormat.isEntryFormat(request.idFormat)
    ? issue(request, { parentNumber: request.parentNumber })
    : Effect.fail(kindMismatch(request, "standalone"))
