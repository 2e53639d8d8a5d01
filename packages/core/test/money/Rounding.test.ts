import { assert, describe, expect, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Money } from "@karya/core"
import { decimalStringArbitrary } from "@karya/core/testing"
import { Exit, Schema } from "effect"
import { fromUnits, placesOf, roundUnits, toUnits } from "./BigIntOracle.js"

const { Rounding, SignedAmount, Amount, Quantity } = Money

const halfAwayFromZero = "halfAwayFromZero" as const

const roundText = (text: string, scale: number): string =>
  SignedAmount.toDecimalString(
    Rounding.round(SignedAmount.makeUnsafe(text), { scale, mode: halfAwayFromZero }),
    {
      scale,
    },
  )

const signedTextArbitrary = decimalStringArbitrary({ integerDigitsMax: 12, scaleMax: 8, sign: "signed" })
const scaleArbitrary = fc.integer({ min: 0, max: Money.Scale.scaleMax })

describe("Rounding", () => {
  it("MONEY-2: rounds half away from zero: -0.5 → -1 and 2.675 → 2.68", () => {
    expect(roundText("-0.5", 0)).toBe("-1")
    expect(roundText("0.5", 0)).toBe("1")
    expect(roundText("2.675", 2)).toBe("2.68")
    expect(roundText("-2.675", 2)).toBe("-2.68")
    expect(roundText("2.665", 2)).toBe("2.67")
    expect(roundText("1.4999", 0)).toBe("1")
    expect(roundText("-1.5", 0)).toBe("-2")
    expect(roundText("1897.5", 0)).toBe("1898")
    expect(roundText("18.975", 0)).toBe("19")
  })

  it("MONEY-2: a negative value that rounds to zero is plain zero, not -0", () => {
    const rounded = Rounding.round(SignedAmount.makeUnsafe("-0.4"), { scale: 0, mode: halfAwayFromZero })
    assert.isTrue(SignedAmount.isZero(rounded))
    assert.isFalse(rounded.isNegative())
    expect(SignedAmount.toCanonicalString(rounded)).toBe("0")
  })

  test.prop([signedTextArbitrary, scaleArbitrary])(
    "MONEY-2: rounding matches an independent BigInt half-away-from-zero computation",
    (text, scale) => {
      const places = placesOf(text)
      const expected = fromUnits(
        roundUnits(toUnits(text, places), { fromScale: places, toScale: scale }),
        scale,
      )
      expect(roundText(text, scale)).toBe(expected)
    },
  )

  test.prop([signedTextArbitrary, scaleArbitrary])(
    "MONEY-2: rounding is idempotent at its scale and symmetric about zero",
    (text, scale) => {
      const value = SignedAmount.makeUnsafe(text)
      const once = Rounding.round(value, { scale, mode: halfAwayFromZero })
      const twice = Rounding.round(once, { scale, mode: halfAwayFromZero })
      assert.isTrue(SignedAmount.equals(once, twice))
      const negatedFirst = Rounding.round(SignedAmount.negate(value), { scale, mode: halfAwayFromZero })
      assert.isTrue(SignedAmount.equals(negatedFirst, SignedAmount.negate(once)))
      expect(once.decimalPlaces()).toBeLessThanOrEqual(scale)
    },
  )

  test.prop([
    decimalStringArbitrary({ integerDigitsMax: 12, scaleMax: 8, sign: "nonNegative" }),
    scaleArbitrary,
  ])(
    "MONEY-4: rounding a non-negative amount or quantity keeps it non-negative and keeps its type",
    (text, scale) => {
      const amount = Rounding.round(Amount.makeUnsafe(text), { scale, mode: halfAwayFromZero })
      assert.isTrue(Amount.isAmount(amount))
      const quantity = Rounding.round(Quantity.makeUnsafe(text), { scale, mode: halfAwayFromZero })
      assert.isTrue(Quantity.isQuantity(quantity))
    },
  )

  it("MONEY-2: a scale outside 0..10 or not whole is a defect", () => {
    const value = Amount.makeUnsafe("1.5")
    expect(() => Rounding.round(value, { scale: -1, mode: halfAwayFromZero })).toThrow(/at least 0/)
    expect(() => Rounding.round(value, { scale: 11, mode: halfAwayFromZero })).toThrow(/at most 10/)
    expect(() => Rounding.round(value, { scale: 1.5, mode: halfAwayFromZero })).toThrow(/whole number/)
  })

  it("MONEY-3: MUKTA's scales are 2 for estimates, MBs and rate analyses, 0 for bill lines, 2 for PIs, 4 for quantities", () => {
    expect(Rounding.muktaRoundingScales).toEqual({
      estimateAmount: 2,
      measurementBookAmount: 2,
      rateAnalysisAmount: 2,
      billLineAmount: 0,
      paymentInstructionAmount: 2,
      quantity: 4,
    })
    const decoded = Schema.decodeUnknownSync(Rounding.RoundingScales)(Rounding.muktaRoundingScales)
    expect(decoded).toEqual(Rounding.muktaRoundingScales)
  })

  it("MONEY-3: a tenant's scales decode only as whole numbers from 0 to 10, every problem at once", () => {
    const exit = Schema.decodeUnknownExit(Rounding.RoundingScales)(
      {
        ...Rounding.muktaRoundingScales,
        billLineAmount: -1,
        quantity: 11,
        estimateAmount: 2.5,
        rateAnalysisAmount: "2",
      },
      { errors: "all" },
    )
    assert.isTrue(Exit.isFailure(exit))
    const text = String(exit)
    expect(text).toMatch(/from 0 to 10, not -1/)
    expect(text).toMatch(/from 0 to 10, not 11/)
    expect(text).toMatch(/estimateAmount/)
    expect(text).toMatch(/rateAnalysisAmount/)
    const state = { ...Rounding.muktaRoundingScales, billLineAmount: 2 }
    expect(Schema.decodeUnknownSync(Rounding.RoundingScales)(state)).toEqual(state)
  })

  it("MONEY-3: a scale is valid only as a whole number from 0 to 10", () => {
    assert.isTrue(Money.Scale.isScale(0))
    assert.isTrue(Money.Scale.isScale(10))
    assert.isFalse(Money.Scale.isScale(11))
    assert.isFalse(Money.Scale.isScale(-1))
    assert.isFalse(Money.Scale.isScale(0.5))
  })

  it("MONEY-3: a PI amount is written with 2 places and a bill line in whole rupees", () => {
    const wage = Money.Rate.multiply(Money.Rate.makeUnsafe("345"), Quantity.makeUnsafe("5.5"))
    const billLine = Rounding.round(wage, {
      scale: Rounding.muktaRoundingScales.billLineAmount,
      mode: halfAwayFromZero,
    })
    expect(Amount.toDecimalString(billLine, { scale: 0 })).toBe("1898")
    expect(
      Amount.toDecimalString(billLine, { scale: Rounding.muktaRoundingScales.paymentInstructionAmount }),
    ).toBe("1898.00")
  })
})
