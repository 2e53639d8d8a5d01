import { assert, describe, expect, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Money } from "@karya/core"
import { quantityArbitrary } from "@karya/core/testing"
import { Exit, Result, Schema } from "effect"
import { fromUnits, toUnits } from "./BigIntOracle.js"

const { Quantity, DecimalString } = Money

describe("Quantity", () => {
  it("MONEY-1: a quantity decodes only from a decimal string", () => {
    assert.isTrue(Exit.isSuccess(Schema.decodeUnknownExit(Quantity.Quantity)("12.5")))
    const refused = Schema.decodeUnknownExit(Quantity.Quantity)(12.5)
    assert.isTrue(Exit.isFailure(refused))
    expect(String(refused)).toMatch(/Expected the quantity as a decimal string/)
    expect(Schema.encodeSync(Quantity.Quantity)(Quantity.makeUnsafe("12.50"))).toBe("12.5")
    expect(
      DecimalString.parse(
        { value: "1" },
        { noun: "quantity", integerDigitsMax: 6, placesMax: 4, negative: "allowed" },
      ),
    ).toEqual(
      Result.fail([
        {
          field: "",
          code: DecimalString.decimalInvalidCode,
          message: 'the quantity must be a decimal string such as "1916.00"',
        },
      ]),
    )
  })

  it("MONEY-4: a negative quantity is QUANTITY_NEGATIVE", () => {
    const parsed = Quantity.fromString("-0.5")
    assert.isTrue(Result.isFailure(parsed))
    if (Result.isFailure(parsed))
      expect(parsed.failure.problems.map((problem) => problem.code)).toEqual(["QUANTITY_NEGATIVE"])
    expect(() => Quantity.makeUnsafe("-1")).toThrow(/negative/)
  })

  test.prop([fc.array(quantityArbitrary({ scaleMax: 4 }), { maxLength: 30 })])(
    "QTY-3: the sum of quantities is exact and order does not matter",
    (quantities) => {
      const expected = quantities.reduce(
        (total, quantity) => total + toUnits(Quantity.toCanonicalString(quantity), 4),
        0n,
      )
      const total = Quantity.sum(quantities)
      expect(Quantity.toDecimalString(total, { scale: 4 })).toBe(fromUnits(expected, 4))
      assert.isTrue(Quantity.equals(Quantity.sum([...quantities].reverse()), total))
      const folded = quantities.reduce((running, quantity) => Quantity.add(running, quantity), Quantity.zero)
      expect(Quantity.compare(folded, total)).toBe(0)
    },
  )

  test.prop([quantityArbitrary({ scaleMax: 4 }), quantityArbitrary({ scaleMax: 4 })])(
    "QTY-3: subtract undoes add and is refused below zero",
    (augend, addend) => {
      const total = Quantity.add(augend, addend)
      assert.isTrue(Quantity.equals(Quantity.subtract({ minuend: total, subtrahend: addend }), augend))
      expect(Quantity.isLessThan(augend, total)).toBe(!Quantity.isZero(addend))
      if (!Quantity.isZero(addend)) {
        expect(() => Quantity.subtract({ minuend: augend, subtrahend: total })).toThrow(/at most the minuend/)
      }
    },
  )

  it("QTY-2: a quantity is written with its scale, never rounded when written", () => {
    expect(Quantity.toDecimalString(Quantity.makeUnsafe("5"), { scale: 4 })).toBe("5.0000")
    expect(() => Quantity.toDecimalString(Quantity.makeUnsafe("0.00005"), { scale: 4 })).toThrow(
      /rounded to 4 places/,
    )
    assert.isTrue(Quantity.isQuantity(Quantity.zero))
    assert.isFalse(Quantity.isQuantity(5))
  })
})
