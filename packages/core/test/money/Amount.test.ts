import { assert, describe, expect, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Errors, Money } from "@karya/core"
import { amountArbitrary, amountStringArbitrary } from "@karya/core/testing"
import { Exit, Result, Schema } from "effect"
import { fromUnits, toUnits } from "./BigIntOracle.js"

const { Amount, DecimalString } = Money

const decodeAmount = (input: unknown) => Schema.decodeUnknownExit(Amount.Amount)(input, { errors: "all" })

const failureMessage = (input: unknown): string => {
  const exit = decodeAmount(input)
  assert.isTrue(Exit.isFailure(exit), `${String(input)} is refused`)
  return String(exit)
}

const problemCodesOf = (text: string): ReadonlyArray<string> => {
  const parsed = Amount.fromString(text)
  if (Result.isSuccess(parsed)) return []
  return parsed.failure.problems.map((problem) => problem.code)
}

describe("Amount", () => {
  it("MONEY-1: decodes decimal strings exactly", () => {
    for (const text of ["1916.00", "989", "0.5", "0", "000123.450"]) {
      const exit = decodeAmount(text)
      assert.isTrue(Exit.isSuccess(exit), text)
    }
    expect(Amount.toDecimalString(Amount.makeUnsafe("1916.00"), { scale: 2 })).toBe("1916.00")
    expect(Amount.toCanonicalString(Amount.makeUnsafe("000123.450"))).toBe("123.45")
    expect(Amount.toCanonicalString(Amount.makeUnsafe("0.1"))).toBe("0.1")
  })

  it("MONEY-1: a number in an amount field is a decode error, not a conversion", () => {
    expect(failureMessage(1916)).toMatch(/decimal string/)
    expect(failureMessage(1916)).toMatch(/MONEY-1/)
    expect(
      DecimalString.parse(1916, { noun: "amount", integerDigitsMax: 15, placesMax: 2, negative: "allowed" }),
    ).toEqual(
      Result.fail([
        {
          field: "",
          code: DecimalString.decimalInvalidCode,
          message:
            'the amount 1916 was sent as a number; send it as a decimal string such as "1916.00" (MONEY-1)',
        },
      ]),
    )
  })

  it("MONEY-1: a number is refused at the type level, and amounts, rates and quantities do not mix", () => {
    // @ts-expect-error an amount is read from a decimal string, never from a number
    expect(() => Amount.fromString(1916)).not.toThrow()
    // @ts-expect-error a number is not an amount
    const notAnAmount: Money.Amount.Amount = 1916
    expect(Amount.isAmount(notAnAmount)).toBe(false)
    const quantity = Money.Quantity.makeUnsafe("2")
    // @ts-expect-error a quantity is not an amount
    expect(() => Amount.add(Amount.makeUnsafe("1"), quantity)).not.toThrow()
    const refused = Amount.fromString(1916 as unknown as string)
    assert.isTrue(Result.isFailure(refused))
  })

  it("MONEY-1: exponent notation, grouping commas, spaces, signs and empty text are refused", () => {
    for (const text of [
      "1e3",
      "1,000",
      " 12",
      "12 ",
      "",
      "+5",
      ".5",
      "5.",
      "1.2.3",
      "१२",
      "NaN",
      "Infinity",
      "0x10",
    ]) {
      expect(failureMessage(text)).toMatch(/is not a decimal number|is empty/)
      expect(problemCodesOf(text)).toEqual([DecimalString.decimalInvalidCode])
    }
    expect(failureMessage(null)).toMatch(/decimal string/)
  })

  it("MONEY-4: a negative amount is refused with AMOUNT_NEGATIVE and a clear message", () => {
    expect(failureMessage("-5")).toMatch(/"-5" is negative; enter 0 or more/)
    expect(problemCodesOf("-5")).toEqual([Amount.amountNegativeCode])
    expect(problemCodesOf("-0")).toEqual([Amount.amountNegativeCode])
    expect(Amount.amountNegativeCode).toBe("AMOUNT_NEGATIVE")
  })

  it("MONEY-1: every problem of a value is reported together, with its limit (ERR-3)", () => {
    const text = `-${"9".repeat(16)}.${"1".repeat(21)}`
    expect(problemCodesOf(text)).toEqual([
      Amount.amountNegativeCode,
      DecimalString.decimalIntegerDigitsExceededCode,
      DecimalString.decimalPlacesExceededCode,
    ])
    const parsed = Amount.fromString(text)
    assert.isTrue(Result.isFailure(parsed))
    if (Result.isFailure(parsed)) {
      expect(parsed.failure).toBeInstanceOf(Errors.ValidationFailed)
      expect(parsed.failure.code).toBe("VALIDATION_FAILED")
      expect(parsed.failure.problems.map((problem) => problem.limit)).toEqual([undefined, "15", "20"])
      expect(parsed.failure.message).toMatch(/The amount has 3 problems/)
    }
  })

  it("MONEY-1: the integer-digit and place limits accept the limit and refuse one past it", () => {
    expect(problemCodesOf("9".repeat(15))).toEqual([])
    expect(problemCodesOf("9".repeat(16))).toEqual([DecimalString.decimalIntegerDigitsExceededCode])
    expect(problemCodesOf(`0.${"1".repeat(20)}`)).toEqual([])
    expect(problemCodesOf(`0.${"1".repeat(21)}`)).toEqual([DecimalString.decimalPlacesExceededCode])
  })

  it("MONEY-1: an overlong bad input is quoted shortened in the message", () => {
    expect(failureMessage(`${"x".repeat(100)}`)).toMatch(/x{40}…/)
  })

  it("MONEY-1: every field of a struct of amounts is reported at once (ERR-3)", () => {
    const Bill = Schema.Struct({ gross: Amount.Amount, net: Amount.Amount, cess: Amount.Amount })
    const exit = Schema.decodeUnknownExit(Bill)({ gross: 1917, net: "-1898", cess: "19" }, { errors: "all" })
    assert.isTrue(Exit.isFailure(exit))
    if (Exit.isFailure(exit)) {
      const error = exit.cause.reasons[0]
      assert.isDefined(error)
      const issue =
        error !== undefined && "error" in error ? (error.error as Schema.SchemaError).issue : undefined
      assert.isDefined(issue)
      if (issue !== undefined) {
        const problems = Errors.Validation.problemsFromIssue(issue)
        expect(problems.map((problem) => problem.field)).toEqual(["gross", "net"])
      }
    }
  })

  test.prop([amountStringArbitrary({ scaleMax: 6 })])(
    "MONEY-1: encoding a decoded canonical amount string gives the same string",
    (text) => {
      const amount = Schema.decodeUnknownSync(Amount.Amount)(text)
      expect(Schema.encodeSync(Amount.Amount)(amount)).toBe(text)
      expect(Amount.toCanonicalString(amount)).toBe(text)
    },
  )

  test.prop([amountArbitrary({ scaleMax: 6 })])(
    "MONEY-1: decoding an encoded amount gives the same amount",
    (amount) => {
      const again = Schema.decodeUnknownSync(Amount.Amount)(Schema.encodeSync(Amount.Amount)(amount))
      assert.isTrue(Amount.equals(again, amount))
      expect(again).toEqual(amount)
    },
  )

  test.prop([amountStringArbitrary({ scaleMax: 4 }), fc.integer({ min: 4, max: 10 })])(
    "MONEY-1: a fixed-scale string is the amount padded with zeros, never rounded",
    (text, scale) => {
      expect(Amount.toDecimalString(Amount.makeUnsafe(text), { scale })).toBe(
        fromUnits(toUnits(text, scale), scale),
      )
    },
  )

  it("MONEY-2: writing an amount at a scale smaller than its places is a defect, not a silent round", () => {
    expect(() => Amount.toDecimalString(Amount.makeUnsafe("2.675"), { scale: 2 })).toThrow(
      /rounded to 2 places/,
    )
    expect(() => Amount.toDecimalString(Amount.makeUnsafe("2"), { scale: 11 })).toThrow(/scale is at most 10/)
  })

  test.prop([fc.array(amountStringArbitrary({ scaleMax: 2 }), { maxLength: 40 })])(
    "MONEY-1: the sum of amounts is exact to the paisa",
    (texts) => {
      const expected = texts.reduce((total, text) => total + toUnits(text, 2), 0n)
      const total = Money.Amount.sum(texts.map(Amount.makeUnsafe))
      expect(Amount.toDecimalString(total, { scale: 2 })).toBe(fromUnits(expected, 2))
    },
  )

  test.prop([
    amountArbitrary({ scaleMax: 8 }),
    amountArbitrary({ scaleMax: 8 }),
    amountArbitrary({ scaleMax: 8 }),
  ])("MONEY-1: add is commutative and associative, and zero is its identity", (first, second, third) => {
    assert.isTrue(Amount.equals(Amount.add(first, second), Amount.add(second, first)))
    assert.isTrue(
      Amount.equals(
        Amount.add(Amount.add(first, second), third),
        Amount.add(first, Amount.add(second, third)),
      ),
    )
    assert.isTrue(Amount.equals(Amount.add(first, Amount.zero), first))
    assert.isTrue(
      Amount.equals(Amount.sum([first, second, third]), Amount.add(Amount.add(first, second), third)),
    )
  })

  test.prop([amountArbitrary({ scaleMax: 8 }), amountArbitrary({ scaleMax: 8 })])(
    "MONEY-4: subtract is the inverse of add and never goes below zero",
    (augend, addend) => {
      const total = Amount.add(augend, addend)
      assert.isTrue(Amount.equals(Amount.subtract({ minuend: total, subtrahend: addend }), augend))
      assert.isTrue(Amount.equals(Amount.subtract({ minuend: total, subtrahend: augend }), addend))
      assert.isTrue(Amount.isZero(Amount.subtract({ minuend: total, subtrahend: total })))
    },
  )

  it("MONEY-4: subtracting more than the minuend is a defect the caller must prevent", () => {
    expect(() =>
      Amount.subtract({ minuend: Amount.makeUnsafe("10"), subtrahend: Amount.makeUnsafe("10.01") }),
    ).toThrow(/subtrahend is at most the minuend/)
  })

  test.prop([amountArbitrary({ scaleMax: 4 }), amountArbitrary({ scaleMax: 4 })])(
    "MONEY-1: compare, min, max and the predicates agree with exact order",
    (left, right) => {
      const order = Amount.compare(left, right)
      expect(Amount.compare(right, left)).toBe(order === 0 ? 0 : -order)
      expect(Amount.isLessThan(left, right)).toBe(order < 0)
      expect(Amount.isGreaterThan(left, right)).toBe(order > 0)
      expect(Amount.equals(left, right)).toBe(order === 0)
      expect(Amount.min(left, right)).toBe(order <= 0 ? left : right)
      expect(Amount.max(left, right)).toBe(order >= 0 ? left : right)
      const expected =
        toUnits(Amount.toCanonicalString(left), 4) - toUnits(Amount.toCanonicalString(right), 4)
      expect(order).toBe(expected < 0n ? -1 : expected > 0n ? 1 : 0)
    },
  )

  it("MONEY-1: equal amounts written differently are equal; the values are immutable", () => {
    const amount = Amount.makeUnsafe("1.50")
    assert.isTrue(Amount.equals(amount, Amount.makeUnsafe("1.5")))
    assert.isTrue(Amount.isZero(Amount.makeUnsafe("0.00")))
    assert.isFalse(Amount.isZero(amount))
    Amount.add(amount, Amount.makeUnsafe("1"))
    expect(Amount.toCanonicalString(amount)).toBe("1.5")
    expect(() => Amount.makeUnsafe("1,50")).toThrow(/not a decimal number/)
    assert.isTrue(Amount.isAmount(amount))
    assert.isFalse(Amount.isAmount(1.5))
    assert.isFalse(Amount.isAmount("1.5"))
  })
})
