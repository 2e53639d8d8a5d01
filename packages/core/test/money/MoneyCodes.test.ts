import { describe, expect, it } from "@effect/vitest"
import { Money } from "@karya/core"

const problemCodes = [
  Money.DecimalString.decimalInvalidCode,
  Money.DecimalString.decimalIntegerDigitsExceededCode,
  Money.DecimalString.decimalPlacesExceededCode,
  Money.Amount.amountNegativeCode,
  Money.Rate.rateNegativeCode,
  Money.Quantity.quantityNegativeCode,
  Money.Percentage.percentageNegativeCode,
  Money.Measurement.measurementFactorNegativeCode,
  Money.Measurement.lineQuantityNegativeCode,
]

describe("money codes", () => {
  it("MONEY-1: money's problem codes are unique SCREAMING_SNAKE_CASE and it defines no error class", () => {
    expect(new Set(problemCodes).size).toBe(problemCodes.length)
    for (const code of problemCodes) expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/)
    expect(Money.errorClasses).toEqual([])
  })
})
