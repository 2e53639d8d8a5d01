import { assert, describe, expect, it } from "@effect/vitest"
import { test } from "@fast-check/vitest"
import { Money } from "@karya/core"
import { amountArbitrary, percentageArbitrary } from "@karya/core/testing"
import { Exit, Result, Schema } from "effect"
import { fromUnits, toUnits } from "./BigIntOracle.js"

const { Percentage, Amount, DecimalString, Rounding } = Money

describe("Percentage", () => {
  it("MONEY-1: a percentage decodes only from a decimal string within 3 integer digits and 4 places", () => {
    const percentage = Schema.decodeUnknownSync(Percentage.Percentage)("7.50")
    expect(Schema.encodeSync(Percentage.Percentage)(percentage)).toBe("7.5")
    expect(Percentage.toCanonicalString(percentage)).toBe("7.5")
    assert.isTrue(Exit.isFailure(Schema.decodeUnknownExit(Percentage.Percentage)(7.5)))
    const codes = (text: string) => {
      const parsed = Percentage.fromString(text)
      return Result.isFailure(parsed) ? parsed.failure.problems.map((problem) => problem.code) : []
    }
    expect(codes("999.9999")).toEqual([])
    expect(codes("1000")).toEqual([DecimalString.decimalIntegerDigitsExceededCode])
    expect(codes("0.00001")).toEqual([DecimalString.decimalPlacesExceededCode])
    expect(codes("-1")).toEqual([Percentage.percentageNegativeCode])
    expect(() => Percentage.makeUnsafe("7,5")).toThrow(/not a decimal number/)
    assert.isTrue(Percentage.isZero(Percentage.makeUnsafe("0")))
    expect(Percentage.compare(Percentage.makeUnsafe("18"), Percentage.makeUnsafe("7.5"))).toBe(1)
  })

  it("MONEY-2: a percentage share stays exact until the rule rounds it (SC 7.5%, GST 18%, cess 1%)", () => {
    const base = Amount.makeUnsafe("120000")
    const share = (percentage: string, amount: Money.Amount.Amount) =>
      Amount.toCanonicalString(
        Percentage.percentOf({ percentage: Percentage.makeUnsafe(percentage), base: amount }),
      )
    expect(share("7.5", base)).toBe("9000")
    expect(share("18", base)).toBe("21600")
    expect(share("1", Amount.makeUnsafe("1897.5"))).toBe("18.975")
    const cess = Percentage.percentOf({
      percentage: Percentage.makeUnsafe("1"),
      base: Amount.makeUnsafe("1897.5"),
    })
    expect(
      Amount.toDecimalString(Rounding.round(cess, { scale: 0, mode: "halfAwayFromZero" }), { scale: 0 }),
    ).toBe("19")
  })

  test.prop([percentageArbitrary(), amountArbitrary({ scaleMax: 2 })])(
    "MONEY-2: percentOf is the exact product base × percentage ÷ 100",
    (percentage, base) => {
      const expected =
        toUnits(Percentage.toCanonicalString(percentage), 4) * toUnits(Amount.toCanonicalString(base), 2)
      expect(Amount.toDecimalString(Percentage.percentOf({ percentage, base }), { scale: 8 })).toBe(
        fromUnits(expected, 8),
      )
    },
  )
})
