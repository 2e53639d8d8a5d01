import { assert, describe, expect, it } from "@effect/vitest"
import { test } from "@fast-check/vitest"
import { Money } from "@karya/core"
import { amountArbitrary, signedAmountArbitrary } from "@karya/core/testing"
import { Option, Schema } from "effect"
import { fromUnits, toUnits } from "./BigIntOracle.js"

const { SignedAmount, Amount } = Money

const unitsOf = (value: Money.SignedAmount.SignedAmount | Money.Amount.Amount) =>
  toUnits(SignedAmount.toCanonicalString(value as Money.SignedAmount.SignedAmount), 4)

describe("SignedAmount", () => {
  it("MONEY-4: a signed amount is the named exception that may be negative", () => {
    const value = Schema.decodeUnknownSync(SignedAmount.SignedAmount)("-1916.50")
    assert.isTrue(SignedAmount.isNegative(value))
    expect(Schema.encodeSync(SignedAmount.SignedAmount)(value)).toBe("-1916.5")
    expect(SignedAmount.toDecimalString(value, { scale: 2 })).toBe("-1916.50")
    expect(SignedAmount.toCanonicalString(SignedAmount.makeUnsafe("-0"))).toBe("0")
    assert.isFalse(SignedAmount.isNegative(SignedAmount.makeUnsafe("-0.00")))
    expect(() => SignedAmount.makeUnsafe("- 5")).toThrow(/not a decimal number/)
    assert.isTrue(SignedAmount.isSignedAmount(value))
  })

  test.prop([amountArbitrary({ scaleMax: 4 }), amountArbitrary({ scaleMax: 4 })])(
    "MONEY-4: the difference of two amounts is exact and signed",
    (minuend, subtrahend) => {
      const difference = SignedAmount.difference({ minuend, subtrahend })
      expect(SignedAmount.toDecimalString(difference, { scale: 4 })).toBe(
        fromUnits(unitsOf(minuend) - unitsOf(subtrahend), 4),
      )
      const asAmount = SignedAmount.toAmount(difference)
      expect(Option.isSome(asAmount)).toBe(!Amount.isLessThan(minuend, subtrahend))
      if (Option.isSome(asAmount)) {
        assert.isTrue(Amount.equals(asAmount.value, Amount.subtract({ minuend, subtrahend })))
      }
      assert.isTrue(
        SignedAmount.equals(
          SignedAmount.negate(difference),
          SignedAmount.difference({ minuend: subtrahend, subtrahend: minuend }),
        ),
      )
    },
  )

  test.prop([
    signedAmountArbitrary({ scaleMax: 4 }),
    signedAmountArbitrary({ scaleMax: 4 }),
    signedAmountArbitrary({ scaleMax: 4 }),
  ])("MONEY-1: signed sums are exact, commutative and associative", (first, second, third) => {
    const total = SignedAmount.sum([first, second, third])
    expect(SignedAmount.toDecimalString(total, { scale: 4 })).toBe(
      fromUnits(unitsOf(first) + unitsOf(second) + unitsOf(third), 4),
    )
    assert.isTrue(SignedAmount.equals(SignedAmount.add(first, second), SignedAmount.add(second, first)))
    expect(SignedAmount.compare(SignedAmount.add(SignedAmount.add(first, second), third), total)).toBe(0)
    assert.isTrue(SignedAmount.isZero(SignedAmount.add(first, SignedAmount.negate(first))))
  })

  test.prop([amountArbitrary({ scaleMax: 4 })])(
    "MONEY-4: an amount seen as signed keeps its value",
    (amount) => {
      const signed = SignedAmount.fromAmount(amount)
      assert.isFalse(SignedAmount.isNegative(signed))
      expect(SignedAmount.toCanonicalString(signed)).toBe(Amount.toCanonicalString(amount))
    },
  )
})
