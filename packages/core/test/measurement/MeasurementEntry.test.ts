import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Config, Ids, Measurement, Money } from "@karya/core"
import { contractsSampleInstant, plusMeasurementRow, sampleBook, sampleEntry } from "@karya/core/testing"
import { Result } from "effect"

const { MeasurementEntry } = Measurement
const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const bookId = Ids.EntityId.makeUnsafe("0f8fad5b-d9cb-469f-a165-70867728950e")
const base = sampleBook({
  tenantId,
  bookId,
  number: "MB/2023-24/000091",
  workOrderId: "wo-1",
  projectId: "pj-1",
  lineIds: ["earth", "board"],
})
const book = {
  ...base,
  lines: base.lines.map((line) =>
    line.lineId === "earth"
      ? { ...line, estimatedQuantity: Money.Quantity.makeUnsafe("9"), rate: Money.Rate.makeUnsafe("113.77") }
      : { ...line, estimatedQuantity: Money.Quantity.makeUnsafe("2"), rate: Money.Rate.makeUnsafe("1500") },
  ),
}
const minusRow = (number: string): Measurement.MeasurementEntry.EntryRow => ({
  ...plusMeasurementRow(number),
  sign: "minus",
})
const measure = (
  approvedEarth: string,
  measurements: ReadonlyArray<Measurement.MeasurementEntry.LineMeasurement>,
) =>
  MeasurementEntry.measureLines({
    book,
    approved: new Map([["earth", Money.Quantity.makeUnsafe(approvedEarth)]]),
    measurements,
    quantityScale: 4,
    amountScale: 2,
  })

describe("MeasurementEntry", () => {
  it("MB-3: estimated 9, approved 6: N 2 × L 1.5 measures 3 → cumulative 9 accepted; N 3 → 4.5 → 10.5 refused", () => {
    const accepted = Result.getOrThrow(
      measure("6", [{ lineId: "earth", rows: [plusMeasurementRow("2", "1.5")] }]),
    )
    const earth = accepted.find((line) => line.lineId === "earth")
    assert.strictEqual(earth?.currentQuantity.toString(), "3")
    assert.strictEqual(earth?.cumulativeQuantity.toString(), "9")
    assert.isTrue(Result.isSuccess(MeasurementEntry.checkWithinEstimate(book, accepted)))
    const over = Result.getOrThrow(
      measure("6", [{ lineId: "earth", rows: [plusMeasurementRow("3", "1.5")] }]),
    )
    assert.strictEqual(over.find((line) => line.lineId === "earth")?.cumulativeQuantity.toString(), "10.5")
    const refused = MeasurementEntry.checkWithinEstimate(book, over)
    assert.isTrue(Result.isFailure(refused))
    if (Result.isFailure(refused)) {
      assert.strictEqual(refused.failure.code, "MB_EXCEEDS_ESTIMATE")
      assert.deepStrictEqual(refused.failure.lines, [
        { lineId: "earth", description: "line earth", estimatedQuantity: "9.00", cumulativeQuantity: "10.5" },
      ])
      assert.include(
        refused.failure.message,
        "line earth (earth) would reach 10.5, above its estimated quantity 9.00",
      )
    }
  })

  it("MB-3: minus rows deduct (QTY-3) and a line whose deductions exceed its rows is LINE_QUANTITY_NEGATIVE", () => {
    const lines = Result.getOrThrow(
      measure("0", [{ lineId: "earth", rows: [plusMeasurementRow("5"), minusRow("1.25")] }]),
    )
    assert.strictEqual(lines[0]?.currentQuantity.toString(), "3.75")
    assert.strictEqual(lines[1]?.currentQuantity.toString(), "0", "a line not measured measures 0")
    const negative = measure("0", [{ lineId: "board", rows: [plusMeasurementRow("1"), minusRow("2")] }])
    assert.isTrue(Result.isFailure(negative))
    if (Result.isFailure(negative)) {
      assert.deepStrictEqual(
        negative.failure.map((problem) => [problem.field, problem.code]),
        [["lines[0].rows", Money.Measurement.lineQuantityNegativeCode]],
      )
    }
  })

  it("MB-5: entry amount = Σ current quantity × rate, each line rounded to 2 places", () => {
    const lines = Result.getOrThrow(
      measure("0", [
        { lineId: "earth", rows: [plusMeasurementRow("0.3333")] },
        { lineId: "board", rows: [plusMeasurementRow("0.0003")] },
      ]),
    )
    // 0.3333 × 113.77 = 37.919541 → 37.92; 0.0003 × 1500 = 0.45
    assert.deepStrictEqual(
      lines.map((line) => Money.Amount.toCanonicalString(line.amount)),
      ["37.92", "0.45"],
    )
    assert.strictEqual(Money.Amount.toCanonicalString(MeasurementEntry.entryAmount(lines)), "38.37")
  })

  it("MB-4: an entry measuring nothing is MB_EMPTY", () => {
    const empty = Result.getOrThrow(measure("0", []))
    const refused = MeasurementEntry.checkNotEmpty({
      bookNumber: book.number,
      entryNumber: "MB/2023-24/000091/01",
      lines: empty,
    })
    assert.isTrue(Result.isFailure(refused) && refused.failure.code === "MB_EMPTY")
    assert.isTrue(
      Result.isSuccess(
        MeasurementEntry.checkNotEmpty({
          bookNumber: book.number,
          lines: Result.getOrThrow(measure("0", [{ lineId: "board", rows: [plusMeasurementRow("1")] }])),
        }),
      ),
    )
  })

  it("MB-3: unknown or repeated lines, long row names and too many rows are field problems", () => {
    const tooMany = Array.from({ length: MeasurementEntry.rowsPerLineMax + 1 }, () =>
      plusMeasurementRow("0.001"),
    )
    const problems = measure("0", [
      { lineId: "nope", rows: [] },
      {
        lineId: "earth",
        rows: [{ ...plusMeasurementRow("1"), name: "x".repeat(MeasurementEntry.rowNameLengthMax + 1) }],
      },
      { lineId: "earth", rows: [] },
      { lineId: "board", rows: tooMany },
    ])
    assert.isTrue(Result.isFailure(problems))
    if (Result.isFailure(problems)) {
      assert.deepStrictEqual(
        problems.failure.map((problem) => [problem.field, problem.code]),
        [
          ["lines[0].lineId", MeasurementEntry.lineNotInBookCode],
          ["lines[2].lineId", MeasurementEntry.lineMeasuredTwiceCode],
          ["lines[1].rows[0].name", MeasurementEntry.rowNameTooLongCode],
          ["lines[3].rows", MeasurementEntry.rowsTooManyCode],
        ],
      )
    }
    const atLimit = Array.from({ length: MeasurementEntry.rowsPerLineMax }, () => plusMeasurementRow("0.001"))
    assert.isTrue(Result.isSuccess(measure("0", [{ lineId: "board", rows: atLimit }])))
  })

  test.prop([
    fc.array(
      fc.record({
        quarters: fc.integer({ min: 0, max: 40 }),
        outcome: fc.constantFrom("APPROVED", "REJECTED", "PENDING_FOR_VERIFICATION", "cancelled"),
      }),
      { maxLength: 12 },
    ),
  ])(
    "MB-6: only approved entries count: approved quantities = Σ current of approved entries; recorded adds the pending ones",
    (story) => {
      const quantityOf = (quarters: number) => Money.Quantity.makeUnsafe(String(quarters / 4))
      const entries = story.map(({ quarters, outcome }, index) => {
        const entry = sampleEntry({
          tenantId,
          entryId: bookId,
          bookId,
          number: `MB/2023-24/000091/${String(index + 1).padStart(2, "0")}`,
          lineId: "earth",
          state: outcome === "cancelled" ? "PENDING_FOR_VERIFICATION" : outcome,
        })
        const line = {
          ...entry.lines[0],
          lineId: "earth",
          rows: [],
          currentQuantity: quantityOf(quarters),
          cumulativeQuantity: Money.Quantity.zero,
          amount: Money.Amount.zero,
        }
        return {
          ...entry,
          lines: [line],
          ...(outcome === "cancelled" ? { cancelledAt: contractsSampleInstant } : {}),
        }
      })
      const sumOf = (outcomes: ReadonlyArray<string>) =>
        Money.Quantity.sum(
          story
            .filter(({ outcome }) => outcomes.includes(outcome))
            .map(({ quarters }) => quantityOf(quarters)),
        )
      const approved = MeasurementEntry.approvedQuantities(book, entries).get("earth")
      assert.isTrue(approved !== undefined && Money.Quantity.equals(approved, sumOf(["APPROVED"])))
      const counted = MeasurementEntry.quantitiesPerLine({
        book,
        entries,
        counts: MeasurementEntry.isRecorded,
      })
      const recorded = counted.get("earth")
      assert.isTrue(
        recorded !== undefined &&
          Money.Quantity.equals(recorded, sumOf(["APPROVED", "PENDING_FOR_VERIFICATION"])),
      )
      assert.strictEqual(counted.get("board")?.toString(), "0")
    },
  )
})
