import { assert, describe, it } from "@effect/vitest"
import { test } from "@fast-check/vitest"
import { Config, Ids, Measurement, Time } from "@karya/core"
import { localDateArbitrary, sampleBook, sampleEntry } from "@karya/core/testing"

const { MeasurementPeriod } = Measurement
const date = Time.LocalDate.makeUnsafe
const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const bookId = Ids.EntityId.makeUnsafe("0f8fad5b-d9cb-469f-a165-70867728950e")
// The sample book runs from Monday 3 June to Wednesday 3 July 2024.
const book = sampleBook({
  tenantId,
  bookId,
  number: "MB/2024-25/000001",
  workOrderId: "wo-1",
  projectId: "pj-1",
  lineIds: ["a"],
})
const entryEnding = (periodEnd: string, state: string) => ({
  ...sampleEntry({ tenantId, entryId: bookId, bookId, number: "MB/2024-25/000001/01", lineId: "a", state }),
  periodEnd: date(periodEnd),
})
const problemsOf = (
  request: {
    readonly periodStart: string
    readonly periodEnd: string
    readonly entryDate: string
    readonly today: string
  },
  measurementAfterEnd: "refused" | "allowed" = "refused",
) =>
  MeasurementPeriod.periodProblems({
    book,
    periodStart: date(request.periodStart),
    periodEnd: date(request.periodEnd),
    entryDate: date(request.entryDate),
    today: date(request.today),
    measurementAfterEnd,
  }).map((problem) => problem.code)

describe("MeasurementPeriod", () => {
  it("MB-2: the first entry starts on the book's start date, each next the day after the last approved entry's end", () => {
    assert.strictEqual(MeasurementPeriod.nextPeriodStart(book, []), "2024-06-03")
    const entries = [
      entryEnding("2024-06-09", "APPROVED"),
      entryEnding("2024-06-23", "APPROVED"),
      entryEnding("2024-06-30", "REJECTED"),
    ]
    assert.strictEqual(
      MeasurementPeriod.nextPeriodStart(book, entries),
      "2024-06-24",
      "a rejected entry's period is measured again",
    )
  })

  it("MB-2: an entry ends on a Sunday (TIME-4) or on the order's end date, never before it starts", () => {
    assert.deepStrictEqual(
      problemsOf({
        periodStart: "2024-06-03",
        periodEnd: "2024-06-16",
        entryDate: "2024-06-16",
        today: "2024-06-17",
      }),
      [],
    )
    assert.deepStrictEqual(
      problemsOf({
        periodStart: "2024-07-01",
        periodEnd: "2024-07-03",
        entryDate: "2024-07-03",
        today: "2024-07-03",
      }),
      [],
    )
    assert.deepStrictEqual(
      problemsOf({
        periodStart: "2024-06-03",
        periodEnd: "2024-06-12",
        entryDate: "2024-06-12",
        today: "2024-06-17",
      }),
      [MeasurementPeriod.periodEndNotWeekEndCode],
    )
    assert.deepStrictEqual(
      problemsOf({
        periodStart: "2024-06-10",
        periodEnd: "2024-06-09",
        entryDate: "2024-06-12",
        today: "2024-06-17",
      }),
      [MeasurementPeriod.periodEndBeforeStartCode],
    )
  })

  it("MB-2: an entry never ends after the order's end unless the tenant allows measurement after the end", () => {
    const late = {
      periodStart: "2024-07-01",
      periodEnd: "2024-07-07",
      entryDate: "2024-07-07",
      today: "2024-07-08",
    }
    assert.deepStrictEqual(problemsOf(late), [MeasurementPeriod.periodAfterOrderEndCode])
    assert.deepStrictEqual(problemsOf(late, "allowed"), [])
  })

  it("MB-2: the entry date may not be in the future nor before the book's start", () => {
    const period = { periodStart: "2024-06-03", periodEnd: "2024-06-09" }
    assert.deepStrictEqual(problemsOf({ ...period, entryDate: "2024-06-11", today: "2024-06-10" }), [
      MeasurementPeriod.entryDateInFutureCode,
    ])
    assert.deepStrictEqual(problemsOf({ ...period, entryDate: "2024-06-02", today: "2024-06-10" }), [
      MeasurementPeriod.entryDateBeforeBookStartCode,
    ])
    assert.deepStrictEqual(problemsOf({ ...period, entryDate: "2024-06-10", today: "2024-06-10" }), [])
  })

  test.prop([localDateArbitrary({ min: date("2024-06-03"), max: date("2024-07-03") })])(
    "MB-2: within the order, a period end is accepted exactly when it is a Sunday or the order's end date",
    (periodEnd) => {
      const codes = problemsOf({
        periodStart: "2024-06-03",
        periodEnd,
        entryDate: "2024-06-03",
        today: "2024-08-01",
      })
      const isWeekEnd = Time.LocalDate.dayOfWeek(periodEnd) === 7 || periodEnd === "2024-07-03"
      assert.deepStrictEqual(codes, isWeekEnd ? [] : [MeasurementPeriod.periodEndNotWeekEndCode])
    },
  )
})
