/**
 * What happens to a measurement book with its work order: it is opened when
 * the CBO accepts the order (MB-1, WO-6), its end date moves with an
 * approved time extension (TE-4), its lines follow an approved scope
 * revision (TE-5), it is cancelled with the order, cancelling the entries
 * still in the workflow while approved ones stay payable (WO-10), and it is
 * closed with the project (CLOSE-1). The contracts module calls these inside
 * its use cases, in the same transaction (DB-5).
 *
 * `recordedQuantities` tells a scope revision how much each line has
 * recorded, so no line falls below it (TE-5, EST-7). `bookOfWorkOrder` is
 * how a caller finds the book the acceptance opened, with its entries.
 *
 * @since 0.1.0
 */
import { type DateTime, Effect, Option } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import type * as Quantity from "../money/Quantity.js"
import type { Rate } from "../money/Rate.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import type { LocalDate } from "../time/LocalDate.js"
import type { StaleVersion } from "../workflow/WorkflowEngine.js"
import type { BookLine, MeasurementBook } from "./MeasurementBook.js"
import {
  findBookOfWorkOrder,
  getBookOfWorkOrder,
  type MeasurementBookNotFound,
  MeasurementBookRepository,
} from "./MeasurementBookRepository.js"
import { isInWorkflow, isRecorded, quantitiesPerLine } from "./MeasurementEntry.js"
import { entriesOfBook, MeasurementEntryRepository } from "./MeasurementEntryRepository.js"

/**
 * A work-order line as a book takes it (MB-1). On a scope revision
 * (TE-5), `previousLineId` names the line it replaces.
 *
 * @since 0.1.0
 * @category models
 */
export interface SourceLine {
  readonly estimateId: string
  readonly lineId: string
  readonly category: "SOR" | "NON-SOR"
  readonly sorCode?: string | undefined
  readonly description: string
  readonly unit: string
  readonly quantity: Quantity.Quantity
  readonly rate: Rate
  readonly rateDate: LocalDate
  readonly previousLineId?: string | undefined
}

/**
 * The accepted work order a book is opened for.
 *
 * @since 0.1.0
 * @category models
 */
export interface BookSource {
  readonly tenantId: TenantId
  readonly workOrderId: string
  readonly workOrderNumber: string
  readonly projectId: string
  readonly startDate: LocalDate
  readonly endDate: LocalDate
  readonly lines: ReadonlyArray<SourceLine>
}

const bookLineOf = (line: SourceLine, previousLineIds: ReadonlyArray<string>): BookLine => ({
  lineId: line.lineId,
  previousLineIds,
  estimateId: line.estimateId,
  category: line.category,
  ...(line.sorCode === undefined ? {} : { sorCode: line.sorCode }),
  description: line.description,
  unit: line.unit,
  estimatedQuantity: line.quantity,
  rate: line.rate,
  rateDate: line.rateDate,
})

/**
 * Opens the book of an accepted work order (MB-1), numbered from the
 * tenant's `measurementBook` series (ID-2). Opening again returns the book
 * already opened.
 *
 * @since 0.1.0
 * @category constructors
 */
export const openBook = Effect.fn("Measurement.openBook")(function* (source: BookSource) {
  const repository = yield* MeasurementBookRepository
  const existing = yield* findBookOfWorkOrder(source)
  if (Option.isSome(existing)) return existing.value
  const configuration = yield* configurationOf(source.tenantId)
  const number = yield* HumanNumber.issueNumber({
    tenantId: source.tenantId,
    cityCode: configuration.cityCode,
    series: "measurementBook",
    idFormat: configuration.idFormats.measurementBook,
    timeZone: configuration.timeZone,
  })
  const book: MeasurementBook = {
    bookId: yield* EntityId.make,
    tenantId: source.tenantId,
    number,
    workOrderId: source.workOrderId,
    workOrderNumber: source.workOrderNumber,
    projectId: source.projectId,
    startDate: source.startDate,
    endDate: source.endDate,
    lines: source.lines.map((line) => bookLineOf(line, [])),
    status: "open",
    version: 1,
  }
  yield* repository.insert({ aggregate: book })
  return book
})

const updateBook = (
  book: MeasurementBook,
  change: Partial<Pick<MeasurementBook, "endDate" | "lines" | "status">>,
): Effect.Effect<
  MeasurementBook,
  StaleVersion | MeasurementBookNotFound | StoreUnavailable,
  MeasurementBookRepository
> => {
  const next: MeasurementBook = { ...book, ...change, version: book.version + 1 }
  return Effect.as(
    MeasurementBookRepository.use((repository) =>
      repository.update({ aggregate: next, expectedVersion: book.version }),
    ),
    next,
  )
}

/**
 * Moves the book's end date to the revised end date of an approved time
 * extension (TE-4).
 *
 * @since 0.1.0
 * @category constructors
 */
export const extendBook = (request: {
  readonly tenantId: TenantId
  readonly workOrderId: string
  readonly endDate: LocalDate
}): Effect.Effect<
  MeasurementBook,
  StaleVersion | MeasurementBookNotFound | StoreUnavailable,
  MeasurementBookRepository
> => Effect.flatMap(getBookOfWorkOrder(request), (book) => updateBook(book, { endDate: request.endDate }))

/**
 * Gives the book the lines of an approved scope revision (TE-5): a line
 * replacing a book line (`previousLineId`) keeps that line's measurements
 * (its earlier ids move to `previousLineIds`), a line with a book line's own
 * id stays that line, new lines start unmeasured, and book lines no revised
 * line replaces are dropped. The caller has checked that no line
 * falls below what it recorded (`recordedQuantities`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const reviseBookLines = (request: {
  readonly tenantId: TenantId
  readonly workOrderId: string
  readonly lines: ReadonlyArray<SourceLine>
}): Effect.Effect<
  MeasurementBook,
  StaleVersion | MeasurementBookNotFound | StoreUnavailable,
  MeasurementBookRepository
> =>
  Effect.flatMap(getBookOfWorkOrder(request), (book) => {
    const lines = request.lines.map((line) => {
      const replaced = book.lines.find((bookLine) => bookLine.lineId === (line.previousLineId ?? line.lineId))
      if (replaced === undefined) return bookLineOf(line, [])
      const isSameLine = replaced.lineId === line.lineId
      return bookLineOf(
        line,
        isSameLine ? replaced.previousLineIds : [...replaced.previousLineIds, replaced.lineId],
      )
    })
    return updateBook(book, { lines })
  })

/**
 * Cancels the book with its work order (WO-10): entries still in the
 * workflow become cancelled; approved entries stay as they are, payable.
 * Returns the numbers of the entries cancelled.
 *
 * @since 0.1.0
 * @category constructors
 */
export const cancelBook = Effect.fn("Measurement.cancelBook")(function* (request: {
  readonly tenantId: TenantId
  readonly workOrderId: string
  readonly at: DateTime.Utc
}) {
  const book = yield* getBookOfWorkOrder(request)
  const entryRepository = yield* MeasurementEntryRepository
  const entries = yield* entriesOfBook({ tenantId: book.tenantId, bookId: book.bookId })
  const open = entries.filter(isInWorkflow)
  yield* Effect.forEach(open, (entry) =>
    entryRepository.update({
      aggregate: { ...entry, cancelledAt: request.at, version: entry.version + 1 },
      expectedVersion: entry.version,
    }),
  )
  yield* updateBook(book, { status: "cancelled" })
  return open.map((entry) => entry.number)
})

/**
 * Closes the book with its project (CLOSE-1): no entry may be recorded in it
 * any more. A work order without a book (never accepted) has nothing to close.
 *
 * @since 0.1.0
 * @category constructors
 */
export const closeBook = (request: {
  readonly tenantId: TenantId
  readonly workOrderId: string
}): Effect.Effect<
  void,
  StaleVersion | MeasurementBookNotFound | StoreUnavailable,
  MeasurementBookRepository
> =>
  Effect.flatMap(findBookOfWorkOrder(request), (found) =>
    Option.isSome(found) && found.value.status === "open"
      ? Effect.asVoid(updateBook(found.value, { status: "closed" }))
      : Effect.void,
  )

/**
 * What the work order's book has recorded per line (keyed by the book
 * line's current estimate line id): approved entries and the entry still in
 * the workflow (TE-5, EST-7). Empty when the order has no book yet.
 *
 * @since 0.1.0
 * @category math
 */
export const recordedQuantities = Effect.fn("Measurement.recordedQuantities")(function* (request: {
  readonly tenantId: TenantId
  readonly workOrderId: string
}) {
  const book = yield* findBookOfWorkOrder(request)
  if (Option.isNone(book))
    return new Map<string, Quantity.Quantity>() as ReadonlyMap<string, Quantity.Quantity>
  const entries = yield* entriesOfBook({ tenantId: request.tenantId, bookId: book.value.bookId })
  return quantitiesPerLine({ book: book.value, entries, counts: isRecorded })
})

/**
 * A work order's measurement book and its entries in order (MB-1, MB-7):
 * the book the CBO's acceptance opened (WO-6). Before that, or for an order
 * of another tenant, `MEASUREMENT_BOOK_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const bookOfWorkOrder = Effect.fn("Measurement.bookOfWorkOrder")(function* (request: {
  readonly tenantId: TenantId
  readonly workOrderId: string
}) {
  const book = yield* getBookOfWorkOrder(request)
  const entries = yield* entriesOfBook({ tenantId: request.tenantId, bookId: book.bookId })
  return { book, entries }
})
