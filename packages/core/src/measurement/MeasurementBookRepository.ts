/**
 * The store of measurement books (MB-1): versioned aggregates (DB-4),
 * tenant-scoped (TEN-1), on the one store shape of
 * `Persistence.AggregateStore`.
 *
 * - by id: `get({ tenantId, id })` (or `MEASUREMENT_BOOK_NOT_FOUND`), or
 *   `getBook({ tenantId, bookId })`;
 * - by work order (one book each, MB-1): `getBookOfWorkOrder`, or
 *   `findFirst(repository, { tenantId, where: { workOrderId } })`;
 * - by number: `findFirst` with `where: { number }`;
 * - by project, estimate (`estimateIds`), the estimate lines held now
 *   (`lineIds`, a list finds the books holding any) and status: `find` with
 *   those conditions, `orderBy: "number"`.
 *
 * @since 0.1.0
 */
import { Context, Effect, type Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import { estimateIdsOf, MeasurementBook } from "./MeasurementBook.js"

/**
 * No measurement book with the id, or for the work order, exists in the
 * tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class MeasurementBookNotFound extends Schema.TaggedError<MeasurementBookNotFound>(
  "@karya/core/measurement/MeasurementBookNotFound",
)("MeasurementBookNotFound", {
  tenantId: Schema.String,
  /** The book id or work-order id looked up. */
  reference: Schema.String,
}) {
  static readonly code = "MEASUREMENT_BOOK_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = MeasurementBookNotFound.code
  readonly category = MeasurementBookNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No measurement book ${this.reference} exists in ${this.tenantId}; a book exists only once its work order is accepted.`
  }
}

/**
 * How measurement books are stored: `lineIds` are the estimate line ids the
 * book's lines hold now (after a scope revision, the revised ones, TE-5).
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<MeasurementBook>()({
  name: "MeasurementBook",
  schema: MeasurementBook,
  idOf: (book) => book.bookId,
  columns: {
    number: { type: "text", of: (book) => book.number, sortable: true },
    workOrderId: { type: "text", of: (book) => book.workOrderId },
    projectId: { type: "text", of: (book) => book.projectId },
    estimateIds: { type: "textList", of: estimateIdsOf },
    lineIds: { type: "textList", of: (book) => book.lines.map((line) => line.lineId) },
    status: { type: "text", of: (book) => book.status },
    startDate: { type: "date", of: (book) => book.startDate, sortable: true },
    endDate: { type: "date", of: (book) => book.endDate, sortable: true },
  },
  uniques: {},
  notFound: (key) => new MeasurementBookNotFound({ tenantId: key.tenantId, reference: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type MeasurementBookRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The measurement-book repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class MeasurementBookRepository extends Context.Service<
  MeasurementBookRepository,
  MeasurementBookRepositoryShape
>()("@karya/core/measurement/MeasurementBookRepository") {}

/**
 * An in-memory measurement-book store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<MeasurementBookRepository> = AggregateStore.layerMemory(
  MeasurementBookRepository,
  descriptor,
)

/**
 * The book, or `MEASUREMENT_BOOK_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getBook = (key: {
  readonly tenantId: TenantId
  readonly bookId: string
}): Effect.Effect<MeasurementBook, MeasurementBookNotFound | StoreUnavailable, MeasurementBookRepository> =>
  MeasurementBookRepository.use((repository) => repository.get({ tenantId: key.tenantId, id: key.bookId }))

/**
 * The book of a work order, if it has one (MB-1: once accepted).
 *
 * @since 0.1.0
 * @category constructors
 */
export const findBookOfWorkOrder = (key: {
  readonly tenantId: TenantId
  readonly workOrderId: string
}): Effect.Effect<Option.Option<MeasurementBook>, StoreUnavailable, MeasurementBookRepository> =>
  MeasurementBookRepository.use((repository) =>
    AggregateStore.findFirst(repository, { tenantId: key.tenantId, where: { workOrderId: key.workOrderId } }),
  )

/**
 * The book of a work order, or `MEASUREMENT_BOOK_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getBookOfWorkOrder = (key: {
  readonly tenantId: TenantId
  readonly workOrderId: string
}): Effect.Effect<MeasurementBook, MeasurementBookNotFound | StoreUnavailable, MeasurementBookRepository> =>
  Effect.flatMap(findBookOfWorkOrder(key), (found) =>
    Option.isSome(found)
      ? Effect.succeed(found.value)
      : Effect.fail(new MeasurementBookNotFound({ tenantId: key.tenantId, reference: key.workOrderId })),
  )
