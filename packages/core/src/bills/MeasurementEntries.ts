/**
 * The measurement-entries port (BILL-C-1): the approved measurement entries
 * of a work order with their periods and amounts, which a contractor running
 * or final bill pays. `layerFromMeasurement` implements it over the
 * measurement books; `layerMemory` over a fixed list.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import {
  findBookOfWorkOrder,
  type MeasurementBookRepository,
} from "../measurement/MeasurementBookRepository.js"
import { statusOf } from "../measurement/MeasurementEntry.js"
import { entriesOfBook, type MeasurementEntryRepository } from "../measurement/MeasurementEntryRepository.js"
import * as Amount from "../money/Amount.js"
import { BillPeriod } from "./Bill.js"

/**
 * One approved measurement entry.
 *
 * @since 0.1.0
 * @category models
 */
export const ApprovedEntry = Schema.Struct({
  tenantId: TenantId,
  workOrderId: Schema.NonEmptyString,
  entryId: Schema.NonEmptyString,
  /** `MB/2023-24/000091/01` (ID-2). */
  entryNumber: Schema.NonEmptyString,
  period: BillPeriod,
  /** The entry's amount (MB lines × rates, MONEY-3). */
  amount: Amount.Amount,
})

/**
 * @since 0.1.0
 * @category models
 */
export type ApprovedEntry = typeof ApprovedEntry.Type

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface MeasurementEntriesShape {
  /** The approved entries of a work order, in entry order. */
  readonly listApproved: (request: {
    readonly tenantId: TenantId
    readonly workOrderId: string
  }) => Effect.Effect<ReadonlyArray<ApprovedEntry>>
}

/**
 * The measurement-entries port.
 *
 * @since 0.1.0
 * @category services
 */
export class MeasurementEntries extends Context.Service<MeasurementEntries, MeasurementEntriesShape>()(
  "@karya/core/bills/MeasurementEntries",
) {}

/**
 * An in-memory port over a fixed list of approved entries.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (entries: ReadonlyArray<ApprovedEntry>): Layer.Layer<MeasurementEntries> =>
  Layer.succeed(
    MeasurementEntries,
    MeasurementEntries.of({
      listApproved: ({ tenantId, workOrderId }) =>
        Effect.succeed(
          entries.filter((entry) => entry.tenantId === tenantId && entry.workOrderId === workOrderId),
        ),
    }),
  )

/**
 * The port over the measurement books (MB-6, BILL-C-1): the approved
 * entries of the work order's book, in entry order, none before the book
 * opens. Rejected, cancelled and pending entries are not payable.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromMeasurement: Layer.Layer<
  MeasurementEntries,
  never,
  MeasurementBookRepository | MeasurementEntryRepository
> = Layer.effect(
  MeasurementEntries,
  Effect.map(Effect.context<MeasurementBookRepository | MeasurementEntryRepository>(), (books) =>
    MeasurementEntries.of({
      listApproved: (request) =>
        Effect.gen(function* () {
          const book = yield* findBookOfWorkOrder(request)
          if (Option.isNone(book)) return []
          const entries = yield* entriesOfBook({ tenantId: request.tenantId, bookId: book.value.bookId })
          return entries
            .filter((entry) => statusOf(entry) === "approved")
            .map(
              (entry): ApprovedEntry => ({
                tenantId: entry.tenantId,
                workOrderId: request.workOrderId,
                entryId: entry.entryId,
                entryNumber: entry.number,
                period: { startDate: entry.periodStart, endDate: entry.periodEnd },
                amount: entry.amount,
              }),
            )
          // The port has no failure channel: an unreachable store is a defect here, as in Payees.
        }).pipe(Effect.orDie, Effect.provideContext(books)),
    }),
  ),
)
