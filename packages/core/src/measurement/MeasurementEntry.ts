/**
 * A measurement entry (MB-2..7, MB-9): one period's measurements of a
 * book's lines, each line measured with rows (plus or minus, N, L, B, D;
 * QTY-2, QTY-3) giving its current quantity; its cumulative quantity is the
 * cumulative of the approved entries before it plus the current one (MB-3);
 * its amount is Σ current quantity × rate, each line rounded to the tenant's
 * measurement-book amount scale (MB-5). Entries move through WF-MB.
 *
 * Only approved entries count toward cumulative quantities: a rejected or
 * cancelled entry never does (MB-6, WO-10). Because a new entry needs the
 * previous one approved (MB-4), the cumulative of the last approved entry is
 * the sum of every approved entry's current quantity, which is how it is
 * computed here. What measurement books have "recorded" against a line
 * (EST-7, TE-5) also counts the entry still in the workflow, since it may
 * yet be approved.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import * as Amount from "../money/Amount.js"
import * as Measurement from "../money/Measurement.js"
import * as Quantity from "../money/Quantity.js"
import * as Rounding from "../money/Rounding.js"
import type { Scale } from "../money/Scale.js"
import { LocalDate } from "../time/LocalDate.js"
import { DocumentReference } from "../workflow/TimelineEntry.js"
import { WorkflowSnapshot } from "../workflow/WorkflowSnapshot.js"
import { type BookLine, isLineOf, type MeasurementBook } from "./MeasurementBook.js"

/**
 * The code of the measurement-entry workflow in a tenant's configuration.
 *
 * @since 0.1.0
 * @category models
 */
export const workflowCode = "measurement-entry"

/**
 * The state of an approved entry.
 *
 * @since 0.1.0
 * @category models
 */
export const approvedState = "APPROVED"

/**
 * The state of a rejected entry.
 *
 * @since 0.1.0
 * @category models
 */
export const rejectedState = "REJECTED"

/**
 * The state of a drafted entry.
 *
 * @since 0.1.0
 * @category models
 */
export const draftedState = "DRAFTED"

/**
 * The role that records entries (WF-MB); an entry is with its creator in
 * any state where this role acts (MB-6).
 *
 * @since 0.1.0
 * @category models
 */
export const creatorRole = "MB_CREATOR"

/**
 * The most photos of the physical book one entry keeps (MB-9).
 *
 * @since 0.1.0
 * @category models
 */
export const photosPerEntryMax = 5

/**
 * The longest name of a measurement row, as for estimate rows (EST-2).
 *
 * @since 0.1.0
 * @category models
 */
export const rowNameLengthMax = 32

/**
 * The most rows one line of an entry may have: a week's site measurements
 * of one item fit easily; more is a data-entry mistake or a bulk import.
 *
 * @since 0.1.0
 * @category models
 */
export const rowsPerLineMax = 200

/**
 * The most page references of the physical book one entry keeps.
 *
 * @since 0.1.0
 * @category models
 */
export const pageReferencesPerEntryMax = 20

/**
 * One measurement row: plus or minus (a deduction), an optional name, and
 * the factors N, L, B, D (an absent factor is empty, QTY-2).
 *
 * @since 0.1.0
 * @category models
 */
export const EntryRow = Schema.Struct({
  sign: Schema.Literals(["plus", "minus"]),
  name: Schema.optionalKey(Schema.String),
  ...Measurement.MeasurementRow.fields,
})

/**
 * @since 0.1.0
 * @category models
 */
export type EntryRow = typeof EntryRow.Type

/**
 * One measured line of an entry.
 *
 * @since 0.1.0
 * @category models
 */
export const EntryLine = Schema.Struct({
  /** The book line's estimate line id when measured. */
  lineId: Schema.NonEmptyString,
  rows: Schema.Array(EntryRow),
  currentQuantity: Quantity.Quantity,
  /** Approved cumulative before this entry + current (MB-3). */
  cumulativeQuantity: Quantity.Quantity,
  /** Current quantity × rate, rounded (MB-5). */
  amount: Amount.Amount,
})

/**
 * @since 0.1.0
 * @category models
 */
export type EntryLine = typeof EntryLine.Type

/**
 * A photo of the physical book: a file-store reference and its type (MB-9;
 * the SDK keeps references, not files).
 *
 * @since 0.1.0
 * @category models
 */
export const Photo = Schema.Struct({
  reference: DocumentReference,
  contentType: Schema.Literals(["image/jpeg", "image/png"]),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Photo = typeof Photo.Type

/**
 * The measurement entry aggregate.
 *
 * @since 0.1.0
 * @category models
 */
export const MeasurementEntry = Schema.Struct({
  entryId: EntityId,
  tenantId: TenantId,
  bookId: Schema.NonEmptyString,
  number: HumanNumber,
  periodStart: LocalDate,
  periodEnd: LocalDate,
  /** The date the measurements were taken. */
  entryDate: LocalDate,
  lines: Schema.Array(EntryLine),
  amount: Amount.Amount,
  photos: Schema.Array(Photo),
  pageReferences: Schema.Array(Schema.String),
  /** Set when the entry was cancelled with its work order (WO-10). */
  cancelledAt: Schema.optionalKey(Schema.DateTimeUtc),
  workflow: WorkflowSnapshot,
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type MeasurementEntry = typeof MeasurementEntry.Type

/**
 * Where an entry stands: drafted or pending in the workflow, approved,
 * rejected, or cancelled with its work order.
 *
 * @since 0.1.0
 * @category models
 */
export const EntryStatus = Schema.Literals(["drafted", "pending", "approved", "rejected", "cancelled"])

/**
 * @since 0.1.0
 * @category models
 */
export type EntryStatus = typeof EntryStatus.Type

/**
 * The status of an entry, derived from its record.
 *
 * @since 0.1.0
 * @category conversions
 */
export const statusOf = (entry: MeasurementEntry): EntryStatus => {
  if (entry.cancelledAt !== undefined) return "cancelled"
  if (entry.workflow.state === approvedState) return "approved"
  if (entry.workflow.state === rejectedState) return "rejected"
  if (entry.workflow.state === draftedState) return "drafted"
  return "pending"
}

/**
 * Whether the entry is in the workflow (drafted or pending, MB-4).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isInWorkflow = (entry: MeasurementEntry): boolean => {
  const status = statusOf(entry)
  return status === "drafted" || status === "pending"
}

/**
 * Whether the entry's quantities are recorded in the book: approved, or in
 * the workflow and so possibly approved later (EST-7, TE-5).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRecorded = (entry: MeasurementEntry): boolean =>
  statusOf(entry) === "approved" || isInWorkflow(entry)

/**
 * Σ current quantity per book line (keyed by the line's current id) over the
 * entries that `counts`.
 *
 * @since 0.1.0
 * @category math
 */
export const quantitiesPerLine = (options: {
  readonly book: Pick<MeasurementBook, "lines">
  readonly entries: ReadonlyArray<MeasurementEntry>
  readonly counts: (entry: MeasurementEntry) => boolean
}): ReadonlyMap<string, Quantity.Quantity> => {
  const counted = options.entries.filter(options.counts)
  return new Map(
    options.book.lines.map((line) => [
      line.lineId,
      Quantity.sum(
        counted.flatMap((entry) =>
          entry.lines
            .filter((measured) => isLineOf(line, measured.lineId))
            .map((measured) => measured.currentQuantity),
        ),
      ),
    ]),
  )
}

/**
 * The approved cumulative quantity of every book line (MB-3): Σ current
 * quantities of approved entries.
 *
 * @since 0.1.0
 * @category math
 */
export const approvedQuantities = (
  book: Pick<MeasurementBook, "lines">,
  entries: ReadonlyArray<MeasurementEntry>,
): ReadonlyMap<string, Quantity.Quantity> =>
  quantitiesPerLine({ book, entries, counts: (entry) => statusOf(entry) === "approved" })

/**
 * Problem code: a row's name is longer than `rowNameLengthMax`.
 *
 * @since 0.1.0
 * @category errors
 */
export const rowNameTooLongCode = "ROW_NAME_TOO_LONG"

/**
 * Problem code: a line has more rows than `rowsPerLineMax`.
 *
 * @since 0.1.0
 * @category errors
 */
export const rowsTooManyCode = "ROWS_TOO_MANY"

/**
 * Problem code: a measured line is not a line of the book.
 *
 * @since 0.1.0
 * @category errors
 */
export const lineNotInBookCode = "LINE_NOT_IN_BOOK"

/**
 * Problem code: a line is measured twice in one entry.
 *
 * @since 0.1.0
 * @category errors
 */
export const lineMeasuredTwiceCode = "LINE_MEASURED_TWICE"

/**
 * A line as a request measures it.
 *
 * @since 0.1.0
 * @category models
 */
export interface LineMeasurement {
  readonly lineId: string
  readonly rows: ReadonlyArray<EntryRow>
}

/**
 * The current quantity of rows (QTY-2, QTY-3) at the quantity scale, or the
 * `LINE_QUANTITY_NEGATIVE` problem.
 *
 * @since 0.1.0
 * @category math
 */
export const currentQuantityOf = (
  rows: ReadonlyArray<EntryRow>,
  scale: Scale,
): Result.Result<Quantity.Quantity, ReadonlyArray<FieldProblem>> => {
  const measured = (sign: EntryRow["sign"]) =>
    rows.filter((row) => row.sign === sign).map((row) => Measurement.measuredQuantity({ ...row, scale }))
  const quantity = Measurement.lineQuantity({
    plusRows: measured("plus"),
    minusRows: measured("minus"),
    scale,
  })
  return Result.isSuccess(quantity)
    ? Result.succeed(quantity.success)
    : Result.fail(quantity.failure.problems)
}

const rowProblems = (rows: ReadonlyArray<EntryRow>, field: string): ReadonlyArray<FieldProblem> => {
  if (rows.length > rowsPerLineMax) {
    const message = `measure a line with at most ${rowsPerLineMax} rows`
    return [{ field: `${field}.rows`, code: rowsTooManyCode, message, limit: String(rowsPerLineMax) }]
  }
  return rows.flatMap((row, index) =>
    (row.name?.length ?? 0) > rowNameLengthMax
      ? [
          {
            field: `${field}.rows[${index}].name`,
            code: rowNameTooLongCode,
            message: `shorten the row name to at most ${rowNameLengthMax} characters`,
            limit: String(rowNameLengthMax),
          },
        ]
      : [],
  )
}

const identityProblems = (
  book: Pick<MeasurementBook, "lines" | "number">,
  measurements: ReadonlyArray<LineMeasurement>,
): ReadonlyArray<FieldProblem> =>
  measurements.flatMap((measurement, index) => {
    const field = `lines[${index}].lineId`
    if (!book.lines.some((line) => line.lineId === measurement.lineId)) {
      const message = `line ${measurement.lineId} is not a line of measurement book ${book.number}`
      return [{ field, code: lineNotInBookCode, message }]
    }
    if (measurements.findIndex((other) => other.lineId === measurement.lineId) !== index) {
      const message = `line ${measurement.lineId} is measured more than once; put all its rows in one line`
      return [{ field, code: lineMeasuredTwiceCode, message }]
    }
    return []
  })

const measuredLine = (options: {
  readonly line: BookLine
  readonly rows: ReadonlyArray<EntryRow>
  readonly current: Quantity.Quantity
  readonly approved: Quantity.Quantity
  readonly amountScale: Scale
}): EntryLine => ({
  lineId: options.line.lineId,
  rows: options.rows,
  currentQuantity: options.current,
  cumulativeQuantity: Quantity.add(options.approved, options.current),
  amount: Measurement.lineAmount({
    rate: options.line.rate,
    quantity: options.current,
    scale: options.amountScale,
  }),
})

/**
 * Measures an entry's lines against its book (MB-3, MB-5): every book line,
 * in book order, with its rows, current quantity, cumulative quantity
 * (approved cumulative + current) and amount; a line the request does not
 * measure has no rows and measures 0. Fails with every field problem.
 *
 * @since 0.1.0
 * @category constructors
 */
export const measureLines = (options: {
  readonly book: Pick<MeasurementBook, "lines" | "number">
  readonly approved: ReadonlyMap<string, Quantity.Quantity>
  readonly measurements: ReadonlyArray<LineMeasurement>
  readonly quantityScale: Scale
  readonly amountScale: Scale
}): Result.Result<ReadonlyArray<EntryLine>, ReadonlyArray<FieldProblem>> => {
  const problems = [...identityProblems(options.book, options.measurements)]
  const lines = options.book.lines.map((line) => {
    const index = options.measurements.findIndex((measurement) => measurement.lineId === line.lineId)
    const rows = options.measurements[index]?.rows ?? []
    problems.push(...rowProblems(rows, `lines[${index}]`))
    const current = currentQuantityOf(rows, options.quantityScale)
    if (Result.isFailure(current)) {
      problems.push(...current.failure.map((problem) => ({ ...problem, field: `lines[${index}].rows` })))
    }
    const approved = options.approved.get(line.lineId) ?? Quantity.zero
    const quantity = Result.getOrElse(current, () => Quantity.zero)
    return measuredLine({ line, rows, current: quantity, approved, amountScale: options.amountScale })
  })
  return problems.length === 0 ? Result.succeed(lines) : Result.fail(problems)
}

/**
 * An entry's amount (MB-5): Σ of its lines' amounts, each already rounded.
 *
 * @since 0.1.0
 * @category math
 */
export const entryAmount = (lines: ReadonlyArray<Pick<EntryLine, "amount">>): Amount.Amount =>
  Amount.sum(lines.map((line) => line.amount))

/**
 * A line whose cumulative quantity would exceed its estimated quantity.
 *
 * @since 0.1.0
 * @category models
 */
export const ExceededLine = Schema.Struct({
  lineId: Schema.String,
  description: Schema.String,
  /** The estimated quantity, written with 2 places (MB-3). */
  estimatedQuantity: Schema.String,
  cumulativeQuantity: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type ExceededLine = typeof ExceededLine.Type

/**
 * A line's cumulative quantity would exceed its estimated quantity (MB-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class MbExceedsEstimate extends Schema.TaggedError<MbExceedsEstimate>(
  "@karya/core/measurement/MbExceedsEstimate",
)("MbExceedsEstimate", {
  bookNumber: Schema.String,
  lines: Schema.NonEmptyArray(ExceededLine),
}) {
  static readonly code = "MB_EXCEEDS_ESTIMATE"
  static readonly category = "rule"
  readonly code = MbExceedsEstimate.code
  readonly category = MbExceedsEstimate.category
  readonly retryable = false
  override get message(): string {
    const listed = this.lines
      .map(
        (line) =>
          `${line.description} (${line.lineId}) would reach ${line.cumulativeQuantity}, above its estimated quantity ${line.estimatedQuantity}`,
      )
      .join("; ")
    return `In measurement book ${this.bookNumber}, ${listed}; reduce the measured quantity, or revise the estimate first.`
  }
}

// Written with 2 places as MB-3 asks; a quantity with more places is shown
// rounded for the message only (the comparison uses the exact value).
const twoPlaces = (quantity: Quantity.Quantity): string =>
  Quantity.toDecimalString(Rounding.round(quantity, { scale: 2, mode: "halfAwayFromZero" }), { scale: 2 })

/**
 * Succeeds when no line's cumulative quantity exceeds its estimated
 * quantity (MB-3); otherwise `MB_EXCEEDS_ESTIMATE` naming every such line.
 *
 * @since 0.1.0
 * @category constructors
 */
export const checkWithinEstimate = (
  book: Pick<MeasurementBook, "lines" | "number">,
  lines: ReadonlyArray<EntryLine>,
): Result.Result<void, MbExceedsEstimate> => {
  const exceeded = book.lines.flatMap((line) => {
    const measured = lines.find((entryLine) => entryLine.lineId === line.lineId)
    if (measured === undefined) return []
    if (!Quantity.isLessThan(line.estimatedQuantity, measured.cumulativeQuantity)) return []
    return [
      {
        lineId: line.lineId,
        description: line.description,
        estimatedQuantity: twoPlaces(line.estimatedQuantity),
        cumulativeQuantity: Quantity.toCanonicalString(measured.cumulativeQuantity),
      },
    ]
  })
  const [first, ...rest] = exceeded
  return first === undefined
    ? Result.void
    : Result.fail(new MbExceedsEstimate({ bookNumber: book.number, lines: [first, ...rest] }))
}

/**
 * No line of the entry has a non-zero current quantity, so it cannot be
 * submitted (MB-4).
 *
 * @since 0.1.0
 * @category errors
 */
export class MbEmpty extends Schema.TaggedError<MbEmpty>("@karya/core/measurement/MbEmpty")("MbEmpty", {
  bookNumber: Schema.String,
  /** The entry's number; absent for an entry not yet numbered (submitted as it is created). */
  entryNumber: Schema.optionalKey(Schema.String),
}) {
  static readonly code = "MB_EMPTY"
  static readonly category = "rule"
  readonly code = MbEmpty.code
  readonly category = MbEmpty.category
  readonly retryable = false
  override get message(): string {
    const entry = this.entryNumber ?? `The new entry of measurement book ${this.bookNumber}`
    return `${entry} measures nothing; measure at least one line before submitting it.`
  }
}

/**
 * Succeeds when at least one line has a non-zero current quantity (MB-4).
 *
 * @since 0.1.0
 * @category constructors
 */
export const checkNotEmpty = (entry: {
  readonly bookNumber: string
  readonly entryNumber?: string | undefined
  readonly lines: ReadonlyArray<Pick<EntryLine, "currentQuantity">>
}): Result.Result<void, MbEmpty> =>
  entry.lines.some((line) => !Quantity.isZero(line.currentQuantity))
    ? Result.void
    : Result.fail(
        new MbEmpty({
          bookNumber: entry.bookNumber,
          ...(entry.entryNumber === undefined ? {} : { entryNumber: entry.entryNumber }),
        }),
      )
