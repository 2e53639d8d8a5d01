/**
 * The store of measurement entries (MB-2..7): versioned aggregates (DB-4),
 * tenant-scoped (TEN-1), on the one store shape of
 * `Persistence.AggregateStore`.
 *
 * - by id: `get({ tenantId, id })` (or `MEASUREMENT_ENTRY_NOT_FOUND`), or
 *   `getEntry({ tenantId, entryId })`;
 * - a book's entries in number order (MB-7): `find` with
 *   `where: { bookId }`, `orderBy: "number"`, narrowed by the derived
 *   `status` where a rule asks; every one of them, for the quantities
 *   computed over the whole book (MB-3): `entriesOfBook`.
 *
 * @since 0.1.0
 */
import { Context, type Effect, type Layer, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import * as Amount from "../money/Amount.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import { MeasurementEntry, statusOf } from "./MeasurementEntry.js"

/**
 * No measurement entry with the id exists in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class MeasurementEntryNotFound extends Schema.TaggedError<MeasurementEntryNotFound>(
  "@karya/core/measurement/MeasurementEntryNotFound",
)("MeasurementEntryNotFound", {
  tenantId: Schema.String,
  entryId: Schema.String,
}) {
  static readonly code = "MEASUREMENT_ENTRY_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = MeasurementEntryNotFound.code
  readonly category = MeasurementEntryNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No measurement entry ${this.entryId} exists in ${this.tenantId}; search for the entry again.`
  }
}

/**
 * How measurement entries are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<MeasurementEntry>()({
  name: "MeasurementEntry",
  plural: "MeasurementEntries",
  schema: MeasurementEntry,
  idOf: (entry) => entry.entryId,
  columns: {
    bookId: { type: "text", of: (entry) => entry.bookId },
    number: { type: "text", of: (entry) => entry.number, sortable: true },
    status: { type: "text", of: statusOf },
    periodStart: { type: "date", of: (entry) => entry.periodStart, sortable: true },
    periodEnd: { type: "date", of: (entry) => entry.periodEnd, sortable: true },
    entryDate: { type: "date", of: (entry) => entry.entryDate },
    amount: { type: "numeric", of: (entry) => Amount.toCanonicalString(entry.amount), sortable: true },
  },
  uniques: {},
  notFound: (key) => new MeasurementEntryNotFound({ tenantId: key.tenantId, entryId: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type MeasurementEntryRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The measurement-entry repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class MeasurementEntryRepository extends Context.Service<
  MeasurementEntryRepository,
  MeasurementEntryRepositoryShape
>()("@karya/core/measurement/MeasurementEntryRepository") {}

/**
 * An in-memory measurement-entry store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<MeasurementEntryRepository> = AggregateStore.layerMemory(
  MeasurementEntryRepository,
  descriptor,
)

/**
 * The entry, or `MEASUREMENT_ENTRY_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getEntry = (key: {
  readonly tenantId: TenantId
  readonly entryId: string
}): Effect.Effect<
  MeasurementEntry,
  MeasurementEntryNotFound | StoreUnavailable,
  MeasurementEntryRepository
> =>
  MeasurementEntryRepository.use((repository) => repository.get({ tenantId: key.tenantId, id: key.entryId }))

/**
 * The most entries one book is read with (house rule 8): entries follow
 * the muster-roll weeks (MB-2), so a book holds about one a week of its
 * work order, rejected ones included; a thousand is twenty years of weeks.
 * Rejections are unbounded, so the intake bounds it: `createEntry` reads
 * the book's entries first and refuses the one past this
 * (`ENTRIES_PER_BOOK_EXCEEDED`).
 *
 * @since 0.1.0
 * @category models
 */
export const entriesPerBookMax = 1_000

/**
 * The book already holds `entriesPerBookMax` entries, rejected ones
 * included: a new entry is not stored.
 *
 * @since 0.1.0
 * @category errors
 */
export class EntriesPerBookExceeded extends Schema.TaggedError<EntriesPerBookExceeded>(
  "@karya/core/measurement/EntriesPerBookExceeded",
)("EntriesPerBookExceeded", { bookNumber: Schema.String, limit: Schema.Number }) {
  static readonly code = "ENTRIES_PER_BOOK_EXCEEDED"
  static readonly category = "rule"
  readonly code = EntriesPerBookExceeded.code
  readonly category = EntriesPerBookExceeded.category
  readonly retryable = false
  override get message(): string {
    return `The measurement book ${this.bookNumber} already holds ${this.limit} entries, rejected ones included, the most one book holds; no further entry can be recorded in it, so ask the engineer in charge to close its work order and carry the work on a new one.`
  }
}

/**
 * Every entry of a book in number order (MB-7), for what is computed over
 * the whole book: cumulative quantities (MB-3), the entry in the workflow
 * (MB-4), the entries a cancellation reaches (WO-10).
 *
 * @since 0.1.0
 * @category constructors
 */
export const entriesOfBook = (key: {
  readonly tenantId: TenantId
  readonly bookId: string
}): Effect.Effect<ReadonlyArray<MeasurementEntry>, StoreUnavailable, MeasurementEntryRepository> =>
  MeasurementEntryRepository.use((repository) =>
    AggregateStore.findAll(
      repository,
      { tenantId: key.tenantId, where: { bookId: key.bookId }, orderBy: "number" },
      { itemsMax: entriesPerBookMax },
    ),
  )
