import { describe, expect, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Money } from "@karya/core"
import { amountArbitrary, signedAmountArbitrary } from "@karya/core/testing"
import { fromUnits, placesOf, roundUnits, toUnits } from "./BigIntOracle.js"

const { Amount, Inr, SignedAmount } = Money

const formatUnit = (text: string, scale = 2) =>
  Inr.formatInr(Amount.makeUnsafe(text), { denomination: "Unit", scale })

describe("Inr", () => {
  it("MONEY-5: groups lakh/crore style: 15,00,000.00, 1,55,600.00, 12,34,56,789.50", () => {
    expect(formatUnit("1500000")).toBe("15,00,000.00")
    expect(formatUnit("155600")).toBe("1,55,600.00")
    expect(formatUnit("123456789.5")).toBe("12,34,56,789.50")
    expect(formatUnit("999")).toBe("999.00")
    expect(formatUnit("1000")).toBe("1,000.00")
    expect(formatUnit("0")).toBe("0.00")
    expect(formatUnit("100000", 0)).toBe("1,00,000")
    expect(formatUnit("10000000000000")).toBe("1,00,00,00,00,00,000.00")
  })

  it("MONEY-5: shows ₹15,00,000 as 15.00 Lac and 0.15 Cr", () => {
    const amount = Amount.makeUnsafe("1500000")
    expect(Inr.formatInr(amount, { denomination: "Lac", scale: 2 })).toBe("15.00")
    expect(Inr.formatInr(amount, { denomination: "Cr", scale: 2 })).toBe("0.15")
    expect(Inr.formatInr(Amount.makeUnsafe("1234567890"), { denomination: "Lac", scale: 2 })).toBe(
      "12,345.68",
    )
    expect(Inr.formatInr(Amount.makeUnsafe("1234567890"), { denomination: "Cr", scale: 2 })).toBe("123.46")
  })

  it("MONEY-5: the shown figure is rounded half away from zero, also below zero", () => {
    expect(Inr.formatInr(Amount.makeUnsafe("500"), { denomination: "Cr", scale: 2 })).toBe("0.00")
    expect(Inr.formatInr(Amount.makeUnsafe("50000"), { denomination: "Cr", scale: 2 })).toBe("0.01")
    expect(Inr.formatInr(SignedAmount.makeUnsafe("-50000"), { denomination: "Cr", scale: 2 })).toBe("-0.01")
    expect(Inr.formatInr(SignedAmount.makeUnsafe("-40000"), { denomination: "Cr", scale: 2 })).toBe("0.00")
    expect(Inr.formatInr(SignedAmount.makeUnsafe("-1234567.891"), { denomination: "Unit", scale: 2 })).toBe(
      "-12,34,567.89",
    )
  })

  test.prop([signedAmountArbitrary({ scaleMax: 2, integerDigitsMax: 13 })])(
    "MONEY-5: removing the commas gives the fixed-scale decimal string",
    (amount) => {
      const shown = Inr.formatInr(amount, { denomination: "Unit", scale: 2 })
      expect(shown.replaceAll(",", "")).toBe(SignedAmount.toDecimalString(amount, { scale: 2 }))
      expect(shown).toMatch(/^-?(\d{1,2}(,\d{2})*,\d{3}|\d{1,3})\.\d{2}$/)
    },
  )

  test.prop([
    amountArbitrary({ scaleMax: 4, integerDigitsMax: 13 }),
    fc.constantFrom("Lac" as const, "Cr" as const),
  ])(
    "MONEY-5: Lac and Cr divide by 1e5 and 1e7 and round half away from zero to the scale",
    (amount, denomination) => {
      const text = Amount.toCanonicalString(amount)
      const places = placesOf(text)
      const shift = denomination === "Lac" ? 5 : 7
      const expected = fromUnits(
        roundUnits(toUnits(text, places), { fromScale: places + shift, toScale: 2 }),
        2,
      )
      expect(Inr.formatInr(amount, { denomination, scale: 2 }).replaceAll(",", "")).toBe(expected)
    },
  )
})
