import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Config, Contracts, Money, Time } from "@karya/core"
import { approvedEstimateArbitrary } from "@karya/core/testing"

const { LineSelection, WorkOrderAmount } = Contracts
const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const amount = Money.Amount.makeUnsafe
const toRupee = (value: Money.Amount.Amount) =>
  Money.Rounding.round(value, { scale: 0, mode: "halfAwayFromZero" })

const line = (lineId: string, category: "SOR" | "NON-SOR", lineAmount: string) => ({
  lineId,
  category,
  description: lineId,
  unit: "NOS",
  quantity: Money.Quantity.makeUnsafe("1"),
  rate: Money.Rate.makeUnsafe(lineAmount),
  amount: amount(lineAmount),
})

// EST-5's worked example: SOR 1,00,000 + NON-SOR 20,000, SC 7.5%, GST 18%, TST 5,000, REW 500.
const example: Contracts.ApprovedEstimates.ApprovedEstimate = {
  estimateId: "es-1",
  estimateNumber: "ES/2023-24/000001",
  projectId: "pj-1",
  tenantId,
  rateDate: Time.LocalDate.makeUnsafe("2024-01-10"),
  lines: [line("sor", "SOR", "100000"), line("non-sor", "NON-SOR", "20000")],
  overheads: [
    { lineId: "sc", code: "SC", description: "SC", amount: amount("9000.00"), isWorkOrderValue: true },
    { lineId: "gst", code: "GST", description: "GST", amount: amount("21600.00"), isWorkOrderValue: true },
    { lineId: "tst", code: "TST", description: "TST", amount: amount("5000"), isWorkOrderValue: true },
    { lineId: "rew", code: "REW", description: "REW", amount: amount("500"), isWorkOrderValue: false },
  ],
}

const estimatesArbitrary = fc
  .tuple(
    approvedEstimateArbitrary({ tenantId, estimateId: "es-a", projectId: "pj", linesMax: 6 }),
    approvedEstimateArbitrary({ tenantId, estimateId: "es-b", projectId: "pj", linesMax: 6 }),
  )
  .chain((estimates) =>
    fc.tuple(
      fc.constant(estimates),
      fc.tuple(
        ...estimates.map((estimate) =>
          fc.subarray([
            ...estimate.lines.map((each) => each.lineId),
            ...estimate.overheads.filter((each) => each.isWorkOrderValue).map((each) => each.lineId),
          ]),
        ),
      ),
    ),
  )

describe("WorkOrderAmount", () => {
  it("WO-3: with every line chosen the amount is the estimate's work-order value (EST-5: ₹1,55,600, REW left out)", () => {
    const selection = LineSelection.selectFromEstimates([
      { estimate: example, choice: { estimateId: "es-1" } },
    ])
    assert.deepStrictEqual(selection.problems, [])
    assert.deepStrictEqual(
      selection.overheads.map((overhead) => overhead.code),
      ["SC", "GST", "TST"],
    )
    assert.strictEqual(Money.Amount.toCanonicalString(WorkOrderAmount.amountOf(selection)), "155600")
    assert.strictEqual(Money.Amount.toCanonicalString(WorkOrderAmount.estimateTotal(example)), "156100")
  })

  it("WO-3: a chosen subset adds only its lines and the overhead lines chosen, rounded to the rupee", () => {
    const odd = {
      ...example,
      lines: [line("sor", "SOR", "100000.49"), line("non-sor", "NON-SOR", "20000.50")],
    }
    const chosen = LineSelection.selectLines(
      odd,
      { estimateId: "es-1", lineIds: ["non-sor", "tst"] },
      "estimates[0]",
    )
    assert.deepStrictEqual(chosen.problems, [])
    assert.strictEqual(Money.Amount.toCanonicalString(WorkOrderAmount.amountOf(chosen)), "25001")
    const only = LineSelection.selectLines(odd, { estimateId: "es-1", lineIds: ["sor"] }, "estimates[0]")
    assert.strictEqual(Money.Amount.toCanonicalString(WorkOrderAmount.amountOf(only)), "100000")
  })

  it("WO-2: overhead lines are carried only if work-order value; unknown and repeated lines are problems", () => {
    const chosen = LineSelection.selectFromEstimates([
      { estimate: example, choice: { estimateId: "es-1", lineIds: ["sor", "rew", "nope", "sor"] } },
      {
        estimate: { ...example, estimateId: "es-2", projectId: "pj-2" },
        choice: { estimateId: "es-2", lineIds: ["gst"] },
      },
    ])
    assert.deepStrictEqual(
      chosen.problems.map((problem) => [problem.field, problem.code]),
      [
        ["estimates[1].estimateId", LineSelection.estimateOfOtherProjectCode],
        ["estimates[0].lineIds[1]", LineSelection.overheadNotWorkOrderValueCode],
        ["estimates[0].lineIds[2]", LineSelection.lineNotInEstimateCode],
        ["estimates[0].lineIds[3]", LineSelection.lineChosenTwiceCode],
      ],
    )
    const nothing = LineSelection.selectFromEstimates([
      { estimate: example, choice: { estimateId: "es-1", lineIds: ["sc"] } },
      { estimate: example, choice: { estimateId: "es-1", lineIds: [] } },
    ])
    assert.deepStrictEqual(
      nothing.problems.map((problem) => problem.code),
      [LineSelection.estimateChosenTwiceCode, LineSelection.linesNoneChosenCode],
    )
  })

  test.prop([estimatesArbitrary])(
    "WO-3: amount = Σ chosen lines + chosen work-order-value overheads rounded to the rupee, never above the estimates' total",
    ([estimates, chosenIds]) => {
      const selection = LineSelection.selectFromEstimates(
        estimates.map((estimate, index) => ({
          estimate,
          choice: { estimateId: estimate.estimateId, lineIds: chosenIds[index] ?? [] },
        })),
      )
      const orderAmount = WorkOrderAmount.amountOf(selection)
      const chosen = new Set(chosenIds.flat())
      const expected = Money.Amount.sum(
        estimates.flatMap((estimate) =>
          [...estimate.lines, ...estimate.overheads]
            .filter((each) => chosen.has(each.lineId))
            .map((each) => each.amount),
        ),
      )
      assert.isTrue(Money.Amount.equals(orderAmount, toRupee(expected)))
      const total = Money.Amount.sum(estimates.map(WorkOrderAmount.estimateTotal))
      assert.isFalse(Money.Amount.isGreaterThan(orderAmount, toRupee(total)))
      assert.strictEqual(orderAmount.decimalPlaces(), 0)
    },
  )

  test.prop([approvedEstimateArbitrary({ tenantId, estimateId: "es-a", projectId: "pj", linesMax: 8 })])(
    "WO-3: with every line chosen the amount equals EST-5 (total − non-work-order-value overheads, to the rupee)",
    (estimate) => {
      const selection = LineSelection.selectFromEstimates([
        { estimate, choice: { estimateId: estimate.estimateId } },
      ])
      const notWorkOrderValue = Money.Amount.sum(
        estimate.overheads.filter((each) => !each.isWorkOrderValue).map((each) => each.amount),
      )
      const workOrderValue = Money.Amount.subtract({
        minuend: WorkOrderAmount.estimateTotal(estimate),
        subtrahend: notWorkOrderValue,
      })
      assert.isTrue(Money.Amount.equals(WorkOrderAmount.amountOf(selection), toRupee(workOrderValue)))
    },
  )
})
