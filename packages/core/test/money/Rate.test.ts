import { assert, describe, expect, it } from "@effect/vitest"
import { test } from "@fast-check/vitest"
import { Money } from "@karya/core"
import { quantityArbitrary, rateArbitrary } from "@karya/core/testing"
import { Exit, Result, Schema } from "effect"
import { fromUnits, toUnits } from "./BigIntOracle.js"

const { Rate, Quantity, Amount } = Money

describe("Rate", () => {
  it("MONEY-1: a rate decodes only from a decimal string and encodes canonically", () => {
    const rate = Schema.decodeUnknownSync(Rate.Rate)("345.00")
    expect(Schema.encodeSync(Rate.Rate)(rate)).toBe("345")
    expect(Rate.toDecimalString(rate, { scale: 2 })).toBe("345.00")
    expect(Rate.toCanonicalString(rate)).toBe("345")
    assert.isTrue(Exit.isFailure(Schema.decodeUnknownExit(Rate.Rate)(345)))
    assert.isTrue(Rate.isRate(rate))
    assert.isFalse(Rate.isRate(Number("345")))
  })

  it("MONEY-4: a negative rate is RATE_NEGATIVE", () => {
    const parsed = Rate.fromString("-345")
    assert.isTrue(Result.isFailure(parsed))
    if (Result.isFailure(parsed))
      expect(parsed.failure.problems.map((problem) => problem.code)).toEqual(["RATE_NEGATIVE"])
    expect(() => Rate.makeUnsafe("-1")).toThrow(/negative/)
  })

  it("MONEY-2: rate × quantity stays exact until a rule rounds it (5.5 days × ₹345 = 1897.5)", () => {
    const wage = Rate.multiply(Rate.makeUnsafe("345"), Quantity.makeUnsafe("5.5"))
    expect(Amount.toCanonicalString(wage)).toBe("1897.5")
    const cess = Rate.multiply(Rate.makeUnsafe("1897.5"), Quantity.makeUnsafe("0.01"))
    expect(Amount.toCanonicalString(cess)).toBe("18.975")
  })

  test.prop([rateArbitrary({ scaleMax: 5 }), quantityArbitrary({ scaleMax: 5 })])(
    "MONEY-2: rate × quantity is the exact product",
    (rate, quantity) => {
      const product =
        toUnits(Rate.toCanonicalString(rate), 5) * toUnits(Quantity.toCanonicalString(quantity), 5)
      expect(Amount.toDecimalString(Rate.multiply(rate, quantity), { scale: 10 })).toBe(
        fromUnits(product, 10),
      )
    },
  )

  test.prop([rateArbitrary({ scaleMax: 4 }), rateArbitrary({ scaleMax: 4 })])(
    "MONEY-1: rates compare by value",
    (left, right) => {
      const expected = toUnits(Rate.toCanonicalString(left), 4) - toUnits(Rate.toCanonicalString(right), 4)
      expect(Rate.compare(left, right)).toBe(expected < 0n ? -1 : expected > 0n ? 1 : 0)
      expect(Rate.equals(left, right)).toBe(expected === 0n)
      expect(Rate.isZero(left)).toBe(toUnits(Rate.toCanonicalString(left), 4) === 0n)
    },
  )
})
