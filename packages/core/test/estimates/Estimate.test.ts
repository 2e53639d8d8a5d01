import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Config, Estimates, Money } from "@karya/core"
import { amountArbitrary } from "@karya/core/testing"
import { Effect } from "effect"
import { amount, configuration, date, est5Draft, estimatesLayer, text } from "./fixtures.js"

const { Estimate, EstimateOverhead } = Estimates
const scale = configuration.roundingScales.estimateAmount
const { overheads } = Config.TenantConfiguration.overheadsEffectiveOn(configuration, date("2024-06-01"))

const nonSorLine = (lineAmount: Money.Amount.Amount): Estimates.EstimateLine.EstimateLine => ({
  category: "nonSor",
  id: "00000000-0000-4000-8000-000000000000" as Estimates.EstimateLine.NonSorLine["id"],
  description: "item",
  unit: "NOS",
  rate: Money.Rate.makeUnsafe("1"),
  measurements: [],
  quantity: Money.Quantity.makeUnsafe("1"),
  amount: lineAmount,
})

const priceOf = (
  lines: ReadonlyArray<Estimates.EstimateLine.EstimateLine>,
  entered: ReadonlyArray<Estimates.EstimateOverhead.EnteredOverhead>,
) => {
  const base = Estimate.totalsOf({ lines, overheads: [], scale }).lineAmount
  const overheadLines = EstimateOverhead.overheadLines({ overheads, base, entered, scale })
  return { overheadLines, totals: Estimate.totalsOf({ lines, overheads: overheadLines, scale }) }
}

describe("Estimate", () => {
  it("EST-5: SOR 1,00,000 + NON-SOR 20,000 → SC 9,000, GST 21,600, TST 5,000, total 1,55,600; REW 500 → total 1,56,100, work-order value 1,55,600", () => {
    const lines = [nonSorLine(amount("100000")), nonSorLine(amount("20000"))]
    const plain = priceOf(lines, [])
    assert.deepStrictEqual(
      plain.overheadLines.map((line) => [line.code, text(line.amount)]),
      [
        ["SC", "9000.00"],
        ["GST", "21600.00"],
        ["TST", "5000.00"],
      ],
    )
    assert.strictEqual(text(plain.totals.total), "155600.00")
    assert.strictEqual(text(plain.totals.workOrderValue), "155600.00")
    const withRoyalty = priceOf(lines, [{ code: "REW", amount: amount("500") }])
    assert.strictEqual(text(withRoyalty.totals.total), "156100.00")
    assert.strictEqual(text(withRoyalty.totals.workOrderValue), "155600.00")
    assert.strictEqual(
      Money.Inr.formatInr(withRoyalty.totals.total, { denomination: "Unit", scale: 2 }),
      "1,56,100.00",
    )
  })

  it.effect(
    "EST-5: the worked example through draftEstimate: SOR line 100 × ₹1000 and NON-SOR 10 × ₹2000 total 1,55,600",
    () =>
      Effect.gen(function* () {
        const { estimate } = yield* est5Draft()
        assert.strictEqual(text(estimate.totals.sorAmount), "100000.00")
        assert.strictEqual(text(estimate.totals.nonSorAmount), "20000.00")
        assert.strictEqual(text(estimate.totals.total), "155600.00")
        assert.strictEqual(text(estimate.totals.workOrderValue), "155600.00")
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it("EST-3: a percentage overhead is base × value % rounded half away from zero; zero overheads are dropped", () => {
    const { overheadLines } = priceOf(
      [nonSorLine(amount("1000.10"))],
      [{ code: "REW", amount: Money.Amount.zero }],
    )
    const supervision = overheadLines.find((line) => line.code === "SC")
    assert.strictEqual(supervision && text(supervision.amount), "75.01")
    assert.isUndefined(overheadLines.find((line) => line.code === "REW"))
    assert.deepStrictEqual(
      EstimateOverhead.overheadLines({ overheads, base: Money.Amount.zero, entered: [], scale }).map(
        (line) => line.code,
      ),
      ["TST"],
    )
  })

  it("EST-3: entered amounts for unknown, auto-calculated or repeated overheads are refused, all at once", () => {
    const problems = EstimateOverhead.enteredProblems({
      overheads,
      entered: [
        { code: "XYZ", amount: amount("1") },
        { code: "SC", amount: amount("1") },
        { code: "REW", amount: amount("1") },
        { code: "REW", amount: amount("1.005") },
      ],
      scale,
    })
    assert.deepStrictEqual(
      problems.map((problem) => problem.code),
      ["OVERHEAD_UNKNOWN", "OVERHEAD_AUTO_CALCULATED", "OVERHEAD_DUPLICATE", "OVERHEAD_PLACES_EXCEEDED"],
    )
  })

  test.prop([
    fc.array(amountArbitrary({ scaleMax: 2, integerDigitsMax: 9 }), { maxLength: 20 }),
    amountArbitrary({ scaleMax: 2, integerDigitsMax: 7 }),
  ])(
    "EST-4: total = Σ lines + Σ overheads; EST-5: work-order value ≤ the total rounded to the rupee (property)",
    (lineAmounts, royalty) => {
      const lines = lineAmounts.map(nonSorLine)
      const { overheadLines, totals } = priceOf(lines, [{ code: "REW", amount: royalty }])
      const expected = Money.Amount.sum([
        ...lines.map((line) => line.amount),
        ...overheadLines.map((line) => line.amount),
      ])
      assert.isTrue(Money.Amount.equals(totals.total, expected))
      assert.isFalse(
        Money.Amount.isGreaterThan(
          totals.workOrderValue,
          Money.Rounding.round(totals.total, { scale: 0, mode: "halfAwayFromZero" }),
        ),
      )
      assert.isTrue(totals.workOrderValue.isInteger())
      assert.isTrue(overheadLines.every((line) => !Money.Amount.isZero(line.amount)))
      const outside = Money.Amount.sum(
        overheadLines.filter((line) => !line.isWorkOrderValue).map((line) => line.amount),
      )
      assert.isTrue(
        Money.Amount.equals(
          totals.workOrderValue,
          Money.Rounding.round(Money.Amount.subtract({ minuend: totals.total, subtrahend: outside }), {
            scale: 0,
            mode: "halfAwayFromZero",
          }),
        ),
      )
    },
  )
})
