import { assert, describe, it } from "@effect/vitest"
import { Config, Ids, Measurement, Money, Time } from "@karya/core"
import {
  acceptWorkOrder,
  contractsCbo,
  contractsEstimate,
  contractsStory,
  contractsTenantId,
  plusMeasurementRow,
  recordMeasurementEntry,
  sampleBook,
  sampleEntry,
  workOrderContent,
} from "@karya/core/testing"
import { DateTime, Effect } from "effect"
import { TestClock } from "effect/testing"

const { UtilizationStatement } = Measurement
const quantity = Money.Quantity.makeUnsafe
const amount = Money.Amount.makeUnsafe
const text = (value: Money.Amount.Amount | Money.Quantity.Quantity) => value.toString()

// RA-5's earth work: 0.16 male and 0.16 female mulia per CUM at ₹352 a day; a machinery item for the test.
const earthContent: ReadonlyArray<Measurement.RateAnalysisContent.ContentItem> = [
  {
    kind: "labour",
    itemCode: "SOR_MALE",
    description: "Male mulia",
    unit: "NOS",
    quantityPerUnit: quantity("0.16"),
    costPerUnit: amount("56.32"),
  },
  {
    kind: "labour",
    itemCode: "SOR_FEMALE",
    description: "Female mulia",
    unit: "NOS",
    quantityPerUnit: quantity("0.16"),
    costPerUnit: amount("56.32"),
  },
  {
    kind: "machinery",
    itemCode: "SOR_ROLLER",
    description: "Roller 8-10 t",
    unit: "HOUR",
    quantityPerUnit: quantity("0.0133"),
    costPerUnit: amount("6.98"),
  },
]
const sandContent: ReadonlyArray<Measurement.RateAnalysisContent.ContentItem> = [
  {
    kind: "labour",
    itemCode: "SOR_MALE",
    description: "Male mulia",
    unit: "NOS",
    quantityPerUnit: quantity("0.1"),
    costPerUnit: amount("35.20"),
  },
  {
    kind: "material",
    itemCode: "SOR_SAND",
    description: "Sand for filling",
    unit: "CUM",
    quantityPerUnit: quantity("1.2"),
    costPerUnit: amount("997.38"),
  },
]

describe("UtilizationStatement", () => {
  it("MB-8: consumption = current quantity × content per unit, per line and item, consolidated per item, with totals per kind", () => {
    const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
    const bookId = Ids.EntityId.makeUnsafe("0f8fad5b-d9cb-469f-a165-70867728950e")
    const book = sampleBook({
      tenantId,
      bookId,
      number: "MB/2023-24/000091",
      workOrderId: "wo-1",
      projectId: "pj-1",
      lineIds: ["earth", "sand", "nonsor"],
    })
    // A NON-SOR line has no SOR code and so no analysis.
    const bookLines = {
      lines: book.lines.map((line) => {
        if (line.lineId !== "nonsor") return line
        const { sorCode: _none, ...withoutSor } = line
        return { ...withoutSor, category: "NON-SOR" as const }
      }),
    }
    const entry = {
      ...sampleEntry({ tenantId, entryId: bookId, bookId, number: "MB/2023-24/000091/01", lineId: "earth" }),
      lines: ["earth", "sand", "nonsor"].map((lineId, index) => ({
        lineId,
        rows: [],
        currentQuantity: quantity(["3", "2.5", "4"][index] ?? "0"),
        cumulativeQuantity: quantity("0"),
        amount: Money.Amount.zero,
      })),
    }
    const statement = UtilizationStatement.statementOf({
      book: bookLines,
      entry,
      contents: new Map([
        ["earth", earthContent],
        ["sand", sandContent],
      ]),
      scales: { quantityScale: 4, amountScale: 2 },
    })
    assert.deepStrictEqual(
      statement.lines.map((line) => line.lineId),
      ["earth", "sand"],
      "NON-SOR lines have no analysis",
    )
    assert.deepStrictEqual(
      statement.lines[0]?.items.map((item) => [item.itemCode, text(item.quantity), text(item.cost)]),
      [
        ["SOR_MALE", "0.48", "168.96"],
        ["SOR_FEMALE", "0.48", "168.96"],
        ["SOR_ROLLER", "0.0399", "20.94"],
      ],
    )
    assert.deepStrictEqual(
      statement.consolidated.map((item) => [item.kind, item.itemCode, text(item.quantity), text(item.cost)]),
      [
        ["labour", "SOR_MALE", "0.73", "256.96"],
        ["labour", "SOR_FEMALE", "0.48", "168.96"],
        ["machinery", "SOR_ROLLER", "0.0399", "20.94"],
        ["material", "SOR_SAND", "3", "2493.45"],
      ],
    )
    assert.deepStrictEqual(
      [text(statement.totals.labour), text(statement.totals.material), text(statement.totals.machinery)],
      ["425.92", "2493.45", "20.94"],
    )
    assert.deepStrictEqual([statement.periodStart, statement.periodEnd], [entry.periodStart, entry.periodEnd])
  })

  it.effect(
    "MB-8: a statement reads each SOR line's analysis as of its rate date; a missing one is UTILIZATION_ANALYSIS_MISSING",
    () =>
      contractsStory({
        estimates: [contractsEstimate],
        organisations: [contractsCbo],
        rateAnalysisContents: [
          {
            tenantId: contractsTenantId,
            sorCode: "SOR_000197",
            effectivePeriod: {
              effectiveFrom: Time.LocalDate.makeUnsafe("2024-01-01"),
              effectiveTo: Time.LocalDate.makeUnsafe("2024-04-30"),
            },
            items: earthContent,
          },
          {
            tenantId: contractsTenantId,
            sorCode: "SOR_000197",
            effectivePeriod: { effectiveFrom: Time.LocalDate.makeUnsafe("2024-05-01") },
            items: sandContent,
          },
        ],
      })(
        Effect.gen(function* () {
          const accepted = yield* acceptWorkOrder(workOrderContent({}))
          const book = yield* Measurement.MeasurementBookRepository.getBookOfWorkOrder(accepted)
          yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T05:30:00Z")))
          const entry = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-09",
            lines: [
              { lineId: "es-1-earth", rows: [plusMeasurementRow("3")] },
              { lineId: "es-1-board", rows: [plusMeasurementRow("1")] },
            ],
          })
          const statement = yield* UtilizationStatement.generateStatement({
            tenantId: contractsTenantId,
            entryId: entry.entryId,
          })
          assert.deepStrictEqual(
            statement.lines.map((line) => line.sorCode),
            ["SOR_000197"],
          )
          assert.strictEqual(
            text(statement.totals.labour),
            "337.92",
            "the analysis of the rate date 2024-04-01, not of today",
          )
          const noAnalysis = yield* Effect.flip(
            UtilizationStatement.generateStatement({
              tenantId: contractsTenantId,
              entryId: entry.entryId,
            }).pipe(Effect.provide(Measurement.RateAnalysisContent.layerMemory([]))),
          )
          assert.strictEqual(noAnalysis.code, "UTILIZATION_ANALYSIS_MISSING")
          assert.include(noAnalysis.message, "SOR_000197 on 2024-04-01")
        }),
      ),
  )
})
