/**
 * The measurement-entry repository port (ARCH-3, TEN-1, DB-4): entries
 * stored per tenant as versioned aggregates (an insert expects no record
 * with the id; an update names the version it was decided on, else
 * `STALE_VERSION` and nothing changes), listed per book in number order
 * (MB-7).
 *
 * Every implementation passes `MeasurementEntryRepositorySuite` from
 * `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { StaleVersion } from "../workflow/WorkflowEngine.js"
import type { MeasurementEntry } from "./MeasurementEntry.js"
import * as MemoryTable from "./MemoryTable.js"

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
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface MeasurementEntryRepositoryShape {
  readonly insert: (entry: MeasurementEntry) => Effect.Effect<void, StaleVersion>
  readonly update: (change: {
    readonly entry: MeasurementEntry
    readonly expectedVersion: number
  }) => Effect.Effect<void, StaleVersion | MeasurementEntryNotFound>
  readonly findById: (key: {
    readonly tenantId: TenantId
    readonly entryId: string
  }) => Effect.Effect<Option.Option<MeasurementEntry>>
  /** Every entry of a book, in number order (MB-7). */
  readonly ofBook: (key: {
    readonly tenantId: TenantId
    readonly bookId: string
  }) => Effect.Effect<ReadonlyArray<MeasurementEntry>>
}

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
 * The entry, or `MEASUREMENT_ENTRY_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getEntry = (key: {
  readonly tenantId: TenantId
  readonly entryId: string
}): Effect.Effect<MeasurementEntry, MeasurementEntryNotFound, MeasurementEntryRepository> =>
  MeasurementEntryRepository.use((repository) =>
    Effect.flatMap(repository.findById(key), (found) =>
      Option.isSome(found)
        ? Effect.succeed(found.value)
        : Effect.fail(new MeasurementEntryNotFound({ tenantId: key.tenantId, entryId: key.entryId })),
    ),
  )

const byNumber = (left: MeasurementEntry, right: MeasurementEntry): number =>
  left.number < right.number ? -1 : left.number > right.number ? 1 : 0

/**
 * An in-memory repository: entries live in a `Ref` for as long as the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<MeasurementEntryRepository> = Layer.effect(
  MeasurementEntryRepository,
  Effect.map(
    MemoryTable.make<MeasurementEntry>((entry) => entry.entryId),
    (table) =>
      MeasurementEntryRepository.of({
        insert: table.insert,
        update: ({ entry, expectedVersion }) =>
          Effect.flatMap(table.update(entry, expectedVersion), (outcome) =>
            outcome === "updated"
              ? Effect.void
              : Effect.fail(
                  new MeasurementEntryNotFound({ tenantId: entry.tenantId, entryId: entry.entryId }),
                ),
          ),
        findById: ({ tenantId, entryId }) => table.find(tenantId, entryId),
        ofBook: ({ tenantId, bookId }) =>
          Effect.map(table.ofTenant(tenantId), (all) =>
            all.filter((entry) => entry.bookId === bookId).sort(byNumber),
          ),
      }),
  ),
)
