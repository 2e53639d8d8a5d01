import { assert, describe, it } from "@effect/vitest"
import { Measurement } from "@karya/core"
import {
  acceptWorkOrder,
  approveMeasurementEntry,
  contractsActors,
  contractsCbo,
  contractsEstimate,
  contractsStory,
  contractsTenantId,
  plusMeasurementRow,
  recordMeasurementEntry,
  workOrderContent,
} from "@karya/core/testing"
import { DateTime, Effect } from "effect"
import { TestClock } from "effect/testing"

const { EstimateLineMeasurements, MeasurementRecording } = Measurement
const tenantId = contractsTenantId
const setInstant = (iso: string) => TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(iso)))
const asText = (quantities: ReadonlyMap<string, { toString(): string }>) =>
  Object.fromEntries([...quantities].map(([lineId, quantity]) => [lineId, quantity.toString()]))
const ofEstimate = EstimateLineMeasurements.measuredQuantitiesOfEstimate({ tenantId, estimateId: "es-1" })
const line = (lineId: string, number: string) => [{ lineId, rows: [plusMeasurementRow(number)] }]
const take = (
  entry: Measurement.MeasurementEntry.MeasurementEntry,
  type: string,
  actor: typeof contractsActors.measurer,
) =>
  MeasurementRecording.takeEntryAction({
    tenantId,
    entryId: entry.entryId,
    version: entry.version,
    type,
    actor,
    comment: "checked on site",
  })

describe("EstimateLineMeasurements", () => {
  it.effect(
    "EST-7: what the books recorded per estimate line counts approved and pending entries, never rejected ones",
    () =>
      contractsStory({ estimates: [contractsEstimate], organisations: [contractsCbo] })(
        Effect.gen(function* () {
          assert.deepStrictEqual(asText(yield* ofEstimate), {})
          const accepted = yield* acceptWorkOrder(workOrderContent({}))
          const book = yield* Measurement.MeasurementBookRepository.getBookOfWorkOrder(accepted)
          assert.deepStrictEqual(asText(yield* ofEstimate), { "es-1-earth": "0", "es-1-board": "0" })
          yield* setInstant("2024-06-24T05:30:00Z")
          yield* approveMeasurementEntry(
            yield* recordMeasurementEntry({
              bookId: book.bookId,
              periodEnd: "2024-06-09",
              lines: line("es-1-earth", "2"),
            }),
          )
          const pending = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-16",
            lines: line("es-1-earth", "5"),
          })
          assert.deepStrictEqual(asText(yield* ofEstimate), { "es-1-earth": "7", "es-1-board": "0" })
          const verified = yield* take(pending, "VERIFY_AND_FORWARD", contractsActors.measurementVerifier)
          yield* take(verified, "REJECT", contractsActors.measurementApprover)
          yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-23",
            lines: line("es-1-board", "1"),
          })
          assert.deepStrictEqual(asText(yield* ofEstimate), { "es-1-earth": "2", "es-1-board": "1" })
          const ofLines = yield* EstimateLineMeasurements.measuredQuantitiesOfLines({
            tenantId,
            lineIds: ["es-1-earth", "es-9-other"],
          })
          assert.deepStrictEqual(
            asText(ofLines),
            { "es-1-earth": "2" },
            "lines with nothing recorded are absent",
          )
        }),
      ),
  )
})
