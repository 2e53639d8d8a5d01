/**
 * The measurement books' side of the estimates module's `MeasuredQuantities`
 * port (one concept, two modules: estimates owns the port it reads, and
 * measurement, which depends on estimates, implements it here): the
 * quantity measurement books have recorded against each line of an
 * estimate, for the estimates module's revision rules (EST-7: a carried
 * line may not fall below it, a dropped line must have none). Recorded means
 * approved entries and the entry still in the workflow, which may yet be
 * approved; rejected and cancelled entries never count. Books of cancelled
 * orders still count: what they approved was done and stays payable (WO-10).
 *
 * Lines are keyed by the estimate line id the books hold now (after a scope
 * revision, the revised estimate's ids). `layerFromMeasurement` implements
 * the estimates module's `MeasuredQuantities` port
 * (`measuredOf(tenantId, estimateLineIds)`) with `measuredQuantitiesOfLines`.
 *
 * @since 0.1.0
 */
import { Effect, Layer } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { MeasuredQuantities } from "../estimates/MeasuredQuantities.js"
import * as Quantity from "../money/Quantity.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { MeasurementBookRepository } from "./MeasurementBookRepository.js"
import { isRecorded, quantitiesPerLine } from "./MeasurementEntry.js"
import { entriesOfBook, type MeasurementEntryRepository } from "./MeasurementEntryRepository.js"

/**
 * The most books one computation reads (house rule 8): the books holding an
 * estimate's lines are those of the work orders made from it, a few CBOs'
 * orders and the orders that replaced cancelled ones (WO-2, WO-10); more
 * is a deployment's mistake.
 *
 * @since 0.1.0
 * @category models
 */
export const booksPerEstimateMax = 100

const booksWhere = (key: {
  readonly tenantId: TenantId
  readonly where: AggregateStore.Query<"estimateIds" | "lineIds">["where"]
}) =>
  MeasurementBookRepository.use((repository) =>
    AggregateStore.findAll(
      repository,
      { tenantId: key.tenantId, where: key.where, orderBy: "number" },
      { itemsMax: booksPerEstimateMax },
    ),
  )

/**
 * Σ recorded quantity per estimate line of `estimateId` over every book of
 * the tenant; lines never measured are 0 when a book holds them, and absent
 * otherwise.
 *
 * @since 0.1.0
 * @category constructors
 */
export const measuredQuantitiesOfEstimate = Effect.fn("Measurement.measuredQuantitiesOfEstimate")(
  function* (key: { readonly tenantId: TenantId; readonly estimateId: string }) {
    const books = yield* booksWhere({ tenantId: key.tenantId, where: { estimateIds: key.estimateId } })
    const totals = new Map<string, Quantity.Quantity>()
    for (const book of books) {
      const entries = yield* entriesOfBook({ tenantId: key.tenantId, bookId: book.bookId })
      const lines = book.lines.filter((line) => line.estimateId === key.estimateId)
      for (const [lineId, quantity] of quantitiesPerLine({ book: { lines }, entries, counts: isRecorded })) {
        totals.set(lineId, Quantity.add(totals.get(lineId) ?? Quantity.zero, quantity))
      }
    }
    return totals as ReadonlyMap<string, Quantity.Quantity>
  },
)

/**
 * Σ recorded quantity of each of `lineIds` over every book of the tenant
 * holding it; lines with nothing recorded are absent (zero).
 *
 * @since 0.1.0
 * @category constructors
 */
export const measuredQuantitiesOfLines = Effect.fn("Measurement.measuredQuantitiesOfLines")(function* (key: {
  readonly tenantId: TenantId
  readonly lineIds: ReadonlyArray<string>
}) {
  const books = yield* booksWhere({ tenantId: key.tenantId, where: { lineIds: key.lineIds } })
  const totals = new Map<string, Quantity.Quantity>()
  for (const book of books) {
    const entries = yield* entriesOfBook({ tenantId: key.tenantId, bookId: book.bookId })
    const lines = book.lines.filter((line) => key.lineIds.includes(line.lineId))
    for (const [lineId, quantity] of quantitiesPerLine({ book: { lines }, entries, counts: isRecorded })) {
      if (!Quantity.isZero(quantity))
        totals.set(lineId, Quantity.add(totals.get(lineId) ?? Quantity.zero, quantity))
    }
  }
  return totals as ReadonlyMap<string, Quantity.Quantity>
})

/**
 * The estimates module's `MeasuredQuantities` port over the measurement
 * books (EST-7, EST-8): the quantity recorded against each line by approved
 * entries and the entry still in the workflow, over every book of the
 * tenant (`measuredQuantitiesOfLines`). Counting the pending entry keeps a
 * revision from going below a measurement that may yet be approved. The
 * port has no failure channel, so a store that cannot be reached
 * (`STORE_UNAVAILABLE`) is a defect here: the revision fails whole before
 * anything is written.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromMeasurement: Layer.Layer<
  MeasuredQuantities,
  never,
  MeasurementBookRepository | MeasurementEntryRepository
> = Layer.effect(
  MeasuredQuantities,
  Effect.map(Effect.context<MeasurementBookRepository | MeasurementEntryRepository>(), (books) =>
    MeasuredQuantities.of({
      measuredOf: (tenantId, estimateLineIds) =>
        measuredQuantitiesOfLines({ tenantId, lineIds: estimateLineIds }).pipe(
          Effect.orDie,
          Effect.provideContext(books),
        ),
    }),
  ),
)
