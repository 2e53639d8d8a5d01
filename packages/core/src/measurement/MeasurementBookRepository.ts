/**
 * The measurement-book repository port (ARCH-3, TEN-1, DB-4): books stored
 * per tenant as versioned aggregates (an insert expects no record with the
 * id; an update names the version it was decided on, else `STALE_VERSION`
 * and nothing changes). Queries cover what the rules search on: by work
 * order (one book each, MB-1), by number, and by project, estimate and
 * status.
 *
 * Every implementation passes `MeasurementBookRepositorySuite` from
 * `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { StaleVersion } from "../workflow/WorkflowEngine.js"
import { type BookStatus, estimateIdsOf, type MeasurementBook } from "./MeasurementBook.js"
import * as MemoryTable from "./MemoryTable.js"

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
 * What to search books by; criteria combine with AND.
 *
 * @since 0.1.0
 * @category models
 */
export interface BookCriteria {
  readonly projectId?: string
  readonly estimateId?: string
  /** Books holding any of these estimate lines (by the lines' current ids). */
  readonly lineIds?: ReadonlyArray<string>
  readonly status?: BookStatus
}

/**
 * The port's operations. Lists are ordered by book number.
 *
 * @since 0.1.0
 * @category models
 */
export interface MeasurementBookRepositoryShape {
  readonly insert: (book: MeasurementBook) => Effect.Effect<void, StaleVersion>
  readonly update: (change: {
    readonly book: MeasurementBook
    readonly expectedVersion: number
  }) => Effect.Effect<void, StaleVersion | MeasurementBookNotFound>
  readonly findById: (key: {
    readonly tenantId: TenantId
    readonly bookId: string
  }) => Effect.Effect<Option.Option<MeasurementBook>>
  readonly findByWorkOrder: (key: {
    readonly tenantId: TenantId
    readonly workOrderId: string
  }) => Effect.Effect<Option.Option<MeasurementBook>>
  readonly findByNumber: (key: {
    readonly tenantId: TenantId
    readonly number: string
  }) => Effect.Effect<Option.Option<MeasurementBook>>
  readonly search: (query: {
    readonly tenantId: TenantId
    readonly criteria: BookCriteria
  }) => Effect.Effect<ReadonlyArray<MeasurementBook>>
}

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

const found = <A>(
  lookup: Effect.Effect<Option.Option<A>>,
  notFound: () => MeasurementBookNotFound,
): Effect.Effect<A, MeasurementBookNotFound> =>
  Effect.flatMap(lookup, (option) =>
    Option.isSome(option) ? Effect.succeed(option.value) : Effect.fail(notFound()),
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
}): Effect.Effect<MeasurementBook, MeasurementBookNotFound, MeasurementBookRepository> =>
  MeasurementBookRepository.use((repository) =>
    found(
      repository.findById(key),
      () => new MeasurementBookNotFound({ tenantId: key.tenantId, reference: key.bookId }),
    ),
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
}): Effect.Effect<MeasurementBook, MeasurementBookNotFound, MeasurementBookRepository> =>
  MeasurementBookRepository.use((repository) =>
    found(
      repository.findByWorkOrder(key),
      () => new MeasurementBookNotFound({ tenantId: key.tenantId, reference: key.workOrderId }),
    ),
  )

const byNumber = (left: MeasurementBook, right: MeasurementBook): number =>
  left.number < right.number ? -1 : left.number > right.number ? 1 : 0

const matches = (book: MeasurementBook, criteria: BookCriteria): boolean =>
  (criteria.projectId === undefined || book.projectId === criteria.projectId) &&
  (criteria.estimateId === undefined || estimateIdsOf(book).includes(criteria.estimateId)) &&
  (criteria.lineIds === undefined || book.lines.some((line) => criteria.lineIds?.includes(line.lineId))) &&
  (criteria.status === undefined || book.status === criteria.status)

/**
 * An in-memory repository: books live in a `Ref` for as long as the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<MeasurementBookRepository> = Layer.effect(
  MeasurementBookRepository,
  Effect.map(
    MemoryTable.make<MeasurementBook>((book) => book.bookId),
    (table) => {
      const first = (tenantId: TenantId, predicate: (book: MeasurementBook) => boolean) =>
        Effect.map(table.ofTenant(tenantId), (all) => Option.fromNullishOr(all.find(predicate)))
      return MeasurementBookRepository.of({
        insert: table.insert,
        update: ({ book, expectedVersion }) =>
          Effect.flatMap(table.update(book, expectedVersion), (outcome) =>
            outcome === "updated"
              ? Effect.void
              : Effect.fail(new MeasurementBookNotFound({ tenantId: book.tenantId, reference: book.bookId })),
          ),
        findById: ({ tenantId, bookId }) => table.find(tenantId, bookId),
        findByWorkOrder: ({ tenantId, workOrderId }) =>
          first(tenantId, (book) => book.workOrderId === workOrderId),
        findByNumber: ({ tenantId, number }) => first(tenantId, (book) => book.number === number),
        search: ({ tenantId, criteria }) =>
          Effect.map(table.ofTenant(tenantId), (all) =>
            all.filter((book) => matches(book, criteria)).sort(byNumber),
          ),
      })
    },
  ),
)
