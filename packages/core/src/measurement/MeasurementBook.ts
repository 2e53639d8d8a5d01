/**
 * The measurement book aggregate (MB-1, MB-7, TE-4, TE-5, WO-10, CLOSE-1):
 * one per accepted work order, spanning the order's start and end dates,
 * with the order's SOR and NON-SOR lines and their estimated (approved)
 * quantities and rates. Its number (`MB/…`) numbers its entries (`…/01`).
 *
 * A book is open while measurements may be recorded, cancelled with its work
 * order (WO-10) and closed with its project (CLOSE-1). A revision of the
 * order's scope (TE-5) gives a line a new estimate line id; the ids it had
 * before are kept in `previousLineIds`, so entries recorded against them
 * still count for the line.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import { Quantity } from "../money/Quantity.js"
import { Rate } from "../money/Rate.js"
import { LocalDate } from "../time/LocalDate.js"

/**
 * A measurable line of the book: an SOR or NON-SOR line of the work order.
 *
 * @since 0.1.0
 * @category models
 */
export const BookLine = Schema.Struct({
  /** The estimate line the work order took (the revised one after TE-5). */
  lineId: Schema.NonEmptyString,
  /** The estimate line ids this line had before scope revisions, oldest first. */
  previousLineIds: Schema.Array(Schema.NonEmptyString),
  estimateId: Schema.NonEmptyString,
  category: Schema.Literals(["SOR", "NON-SOR"]),
  sorCode: Schema.optionalKey(Schema.NonEmptyString),
  description: Schema.String,
  unit: Schema.String,
  estimatedQuantity: Quantity,
  rate: Rate,
  /** The date the line's rate was taken for; its rate analysis is read as of this date (MB-8). */
  rateDate: LocalDate,
})

/**
 * @since 0.1.0
 * @category models
 */
export type BookLine = typeof BookLine.Type

/**
 * Whether measurements may be recorded (`open`), or the book was cancelled
 * with its work order or closed with its project.
 *
 * @since 0.1.0
 * @category models
 */
export const BookStatus = Schema.Literals(["open", "cancelled", "closed"])

/**
 * @since 0.1.0
 * @category models
 */
export type BookStatus = typeof BookStatus.Type

/**
 * The measurement book aggregate.
 *
 * @since 0.1.0
 * @category models
 */
export const MeasurementBook = Schema.Struct({
  bookId: EntityId,
  tenantId: TenantId,
  number: HumanNumber,
  workOrderId: Schema.NonEmptyString,
  workOrderNumber: Schema.NonEmptyString,
  projectId: Schema.NonEmptyString,
  startDate: LocalDate,
  endDate: LocalDate,
  lines: Schema.Array(BookLine),
  status: BookStatus,
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type MeasurementBook = typeof MeasurementBook.Type

/**
 * Whether an entry recorded against `lineId` counts for the book line (its
 * current id or one it had before a scope revision).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isLineOf = (line: BookLine, lineId: string): boolean =>
  line.lineId === lineId || line.previousLineIds.includes(lineId)

/**
 * The book line an entry line id belongs to, if any.
 *
 * @since 0.1.0
 * @category conversions
 */
export const lineFor = (book: Pick<MeasurementBook, "lines">, lineId: string): BookLine | undefined =>
  book.lines.find((line) => isLineOf(line, lineId))

/**
 * The estimates the book's lines come from, without repeats.
 *
 * @since 0.1.0
 * @category conversions
 */
export const estimateIdsOf = (book: Pick<MeasurementBook, "lines">): ReadonlyArray<string> => [
  ...new Set(book.lines.map((line) => line.estimateId)),
]
