import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Contracts, Money } from "@karya/core"
import { amountArbitrary, percentageArbitrary } from "@karya/core/testing"

const { Negotiation, WorkOrderAmount } = Contracts
const amount = Money.Amount.makeUnsafe
const percentage = Money.Percentage.makeUnsafe
const lines = [
  { lineId: "a", amount: amount("100000") },
  { lineId: "b", amount: amount("50000.50") },
]
const overheads = [{ lineId: "gst", amount: amount("27000.09") }]
const text = (value: Money.Amount.Amount) => Money.Amount.toCanonicalString(value)

describe("Negotiation", () => {
  it("WO-9: a lump-sum percentage above or below applies to the whole contract", () => {
    // Σ 177000.59: 5% above is 185850.6195 → ₹1,85,851; 10% below is 159300.531 → ₹1,59,301.
    const above = {
      kind: "lumpSum" as const,
      adjustment: { direction: "above" as const, percentage: percentage("5") },
    }
    assert.strictEqual(text(WorkOrderAmount.amountOf({ lines, overheads, negotiation: above })), "185851")
    const below = {
      kind: "lumpSum" as const,
      adjustment: { direction: "below" as const, percentage: percentage("10") },
    }
    assert.strictEqual(text(WorkOrderAmount.amountOf({ lines, overheads, negotiation: below })), "159301")
  })

  it("WO-9: item-rate negotiation sums each line's negotiated amount or percentage; lines not named keep theirs", () => {
    const negotiation: Contracts.Negotiation.Negotiation = {
      kind: "itemRate",
      lines: [
        { lineId: "a", value: { kind: "amount", amount: amount("90000") } },
        {
          lineId: "b",
          value: { kind: "adjustment", adjustment: { direction: "below", percentage: percentage("2") } },
        },
      ],
    }
    // 90000 + 50000.50 × 0.98 (49000.49) + 27000.09 = 166000.58 → ₹1,66,001
    assert.strictEqual(text(WorkOrderAmount.amountOf({ lines, overheads, negotiation })), "166001")
  })

  it("WO-9: unknown or repeated lines and a percentage below of more than 100 are problems", () => {
    const negotiation: Contracts.Negotiation.Negotiation = {
      kind: "itemRate",
      lines: [
        { lineId: "x", value: { kind: "amount", amount: amount("1") } },
        {
          lineId: "a",
          value: { kind: "adjustment", adjustment: { direction: "below", percentage: percentage("101") } },
        },
        { lineId: "a", value: { kind: "amount", amount: amount("1") } },
      ],
    }
    const problems = Negotiation.negotiationProblems(negotiation, new Set(["a", "b"]))
    assert.deepStrictEqual(
      problems.map((problem) => [problem.field, problem.code]),
      [
        ["negotiation.lines[0].lineId", Negotiation.negotiatedLineUnknownCode],
        ["negotiation.lines[1]", Negotiation.adjustmentBelowZeroCode],
        ["negotiation.lines[2].lineId", Negotiation.negotiatedLineDuplicateCode],
      ],
    )
    const lumpSum = {
      kind: "lumpSum" as const,
      adjustment: { direction: "below" as const, percentage: percentage("100.0001") },
    }
    assert.strictEqual(
      Negotiation.negotiationProblems(lumpSum, new Set())[0]?.code,
      Negotiation.adjustmentBelowZeroCode,
    )
    assert.deepStrictEqual(
      Negotiation.negotiationProblems(
        { ...lumpSum, adjustment: { direction: "below", percentage: percentage("100") } },
        new Set(),
      ),
      [],
    )
  })

  test.prop([
    amountArbitrary({ scaleMax: 2, integerDigitsMax: 8 }),
    percentageArbitrary(),
    fc.constantFrom("above" as const, "below" as const),
  ])(
    "WO-9: adjusting above then comparing keeps order: above never lowers, below never raises a value",
    (value, rawPercentage, direction) => {
      const capped =
        Money.Percentage.compare(rawPercentage, percentage("100")) > 0 ? percentage("100") : rawPercentage
      const adjusted = Negotiation.adjust(value, { direction, percentage: capped })
      if (direction === "above") assert.isFalse(Money.Amount.isLessThan(adjusted, value))
      else assert.isFalse(Money.Amount.isGreaterThan(adjusted, value))
    },
  )
})
