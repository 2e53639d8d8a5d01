import { assert, describe, expect, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Money } from "@karya/core"
import {
  measurementFactorStringArbitrary,
  measurementRowInputArbitrary,
  quantityArbitrary,
  rateArbitrary,
} from "@karya/core/testing"
import { Exit, Result, Schema } from "effect"
import { fromUnits, roundUnits, toUnits } from "./BigIntOracle.js"

const { Measurement, Quantity, Rate, Amount, DecimalString } = Money

const quantityScale = Money.Rounding.muktaRoundingScales.quantity

const rowOf = (input: Money.Measurement.MeasurementRowInput): Money.Measurement.MeasurementRow => {
  const rows = Measurement.rowsFromInputs({ rows: [input], field: "rows" })
  if (Result.isFailure(rows)) throw rows.failure
  const [row] = rows.success
  if (row === undefined) throw new Error("one row was read")
  return row
}

const measured = (input: Money.Measurement.MeasurementRowInput): string =>
  Quantity.toDecimalString(Measurement.measuredQuantity({ ...rowOf(input), scale: quantityScale }), {
    scale: quantityScale,
  })

/** QTY-2 computed independently: factors as units of 10^-4, product at scale 4k, rounded to 4. */
const expectedMeasured = (input: Money.Measurement.MeasurementRowInput): string => {
  const given = Measurement.factorNames
    .map((name) => input[name])
    .filter((text): text is string => text !== undefined && text !== "")
    .map((text) => toUnits(text, 4))
    .filter((units) => units !== 0n)
  if (given.length === 0) return fromUnits(0n, 4)
  const product = given.reduce((total, units) => total * units, 1n)
  return fromUnits(roundUnits(product, { fromScale: 4 * given.length, toScale: 4 }), 4)
}

describe("Measurement", () => {
  it("QTY-1: a factor with more than 4 places is a validation error, not a silent round", () => {
    const factor = Measurement.factorFromString("1.23456")
    assert.isTrue(Result.isFailure(factor))
    if (Result.isFailure(factor)) {
      const [problem] = factor.failure.problems
      expect(problem?.code).toBe(DecimalString.decimalPlacesExceededCode)
      expect(problem?.limit).toBe("4")
      expect(problem?.message).toMatch(/has 5 decimal places; enter at most 4/)
    }
  })

  it("QTY-1: a factor accepts 6 integer digits and 4 places, and refuses one more of either", () => {
    assert.isTrue(Result.isSuccess(Measurement.factorFromString("999999.9999")))
    const tooLong = Measurement.factorFromString("1000000")
    assert.isTrue(Result.isFailure(tooLong))
    if (Result.isFailure(tooLong)) {
      expect(tooLong.failure.problems.map((problem) => [problem.code, problem.limit])).toEqual([
        [DecimalString.decimalIntegerDigitsExceededCode, "6"],
      ])
    }
    expect(Measurement.factorFromString("12.0000")).toEqual(
      Result.succeed(Measurement.makeFactorUnsafe("12")),
    )
  })

  it('QTY-1: an empty factor ("" or absent) is allowed and means empty', () => {
    expect(Measurement.factorFromString("")).toEqual(Result.succeed(undefined))
    expect(Measurement.factorFromString(undefined)).toEqual(Result.succeed(undefined))
    expect(rowOf({ number: "5", length: "" })).toEqual({ number: Measurement.makeFactorUnsafe("5") })
    expect(() => Measurement.makeFactorUnsafe("")).toThrow(/not an empty factor/)
    expect(() => Measurement.makeFactorUnsafe("-1")).toThrow(/negative/)
  })

  it("QTY-1: every problem of every row is reported at once with its path (ERR-3)", () => {
    const rows = Measurement.rowsFromInputs({
      field: "rows",
      rows: [
        { number: "2", length: "3.5" },
        { number: "-1", breadth: "1,5" },
        { length: "1.23456", depth: "1234567" },
      ],
    })
    assert.isTrue(Result.isFailure(rows))
    if (Result.isFailure(rows)) {
      expect(rows.failure.problems.map((problem) => [problem.field, problem.code])).toEqual([
        ["rows[1].number", Measurement.measurementFactorNegativeCode],
        ["rows[1].breadth", DecimalString.decimalInvalidCode],
        ["rows[2].length", DecimalString.decimalPlacesExceededCode],
        ["rows[2].depth", DecimalString.decimalIntegerDigitsExceededCode],
      ])
      expect(rows.failure.message).toMatch(/The measurement has 4 problems/)
      expect(rows.failure.message).toMatch(/rows\[2\]\.length: the length "1.23456" has 5 decimal places/)
    }
  })

  it('QTY-1: the measurement row Schema reads "" as empty and refuses extra places and numbers', () => {
    const decode = Schema.decodeUnknownExit(Measurement.MeasurementRow)
    const row = decode({ number: "5", length: "", breadth: "2.5" })
    assert.isTrue(Exit.isSuccess(row))
    if (Exit.isSuccess(row)) {
      expect(row.value.length).toBeUndefined()
      expect(Quantity.toCanonicalString(Measurement.measuredQuantity({ ...row.value, scale: 4 }))).toBe(
        "12.5",
      )
      expect(Schema.encodeSync(Measurement.MeasurementRow)(row.value)).toEqual({
        number: "5",
        length: "",
        breadth: "2.5",
      })
    }
    const refused = decode({ number: 5, length: "1.23456" }, { errors: "all" })
    assert.isTrue(Exit.isFailure(refused))
    expect(String(refused)).toMatch(/decimal string/)
    expect(String(refused)).toMatch(/has 5 decimal places/)
    assert.isTrue(Exit.isFailure(Schema.decodeUnknownExit(Measurement.MeasurementFactor)("")))
    assert.isTrue(Exit.isSuccess(Schema.decodeUnknownExit(Measurement.MeasurementFactor)("0.0001")))
  })

  it("QTY-2: a count-only row (N = 5, the rest empty) measures 5", () => {
    expect(measured({ number: "5" })).toBe("5.0000")
    expect(measured({ number: "5", length: "", breadth: "", depth: "" })).toBe("5.0000")
  })

  it("QTY-2: a row whose factors are all empty or zero measures 0", () => {
    expect(measured({})).toBe("0.0000")
    expect(measured({ number: "", length: "0", breadth: "0.000", depth: "" })).toBe("0.0000")
  })

  it("QTY-2: a zero factor counts as 1 and the product is rounded to 4 places half away from zero", () => {
    expect(measured({ number: "2", length: "0", breadth: "3.5", depth: "0.25" })).toBe("1.7500")
    expect(measured({ number: "1.0001", length: "1.0001", breadth: "0.5", depth: "" })).toBe("0.5001")
    expect(measured({ length: "0.0005", breadth: "0.1" })).toBe("0.0001")
    expect(measured({ length: "0.0004", breadth: "0.1" })).toBe("0.0000")
    expect(
      measured({
        number: "999999.9999",
        length: "999999.9999",
        breadth: "999999.9999",
        depth: "999999.9999",
      }),
    ).toBe("999999999600000000060000.0000")
  })

  test.prop([measurementRowInputArbitrary()])(
    "QTY-2: the measured quantity matches an independent BigInt computation",
    (input) => {
      expect(measured(input)).toBe(expectedMeasured(input))
    },
  )

  test.prop([fc.array(measurementRowInputArbitrary(), { maxLength: 8 })])(
    "QTY-2: valid rows always read, one row per input",
    (inputs) => {
      const rows = Measurement.rowsFromInputs({ rows: inputs, field: "rows" })
      assert.isTrue(Result.isSuccess(rows))
      if (Result.isSuccess(rows)) expect(rows.success.length).toBe(inputs.length)
    },
  )

  test.prop([measurementFactorStringArbitrary()])(
    "QTY-1: a valid factor string decodes and encodes back unchanged",
    (text) => {
      const factor = Schema.decodeUnknownSync(Measurement.MeasurementFactor)(text)
      expect(Schema.encodeSync(Measurement.MeasurementFactor)(factor)).toBe(text)
      assert.isTrue(Measurement.isMeasurementFactor(factor))
    },
  )

  test.prop([
    fc.array(quantityArbitrary({ scaleMax: 4, integerDigitsMax: 8 }), { maxLength: 10 }),
    fc.array(quantityArbitrary({ scaleMax: 4, integerDigitsMax: 8 }), { maxLength: 10 }),
  ])(
    "QTY-3: a line's quantity is Σ plus rows − Σ minus rows, or LINE_QUANTITY_NEGATIVE",
    (plusRows, minusRows) => {
      const units = (rows: ReadonlyArray<Money.Quantity.Quantity>) =>
        rows.reduce((total, row) => total + toUnits(Quantity.toCanonicalString(row), 4), 0n)
      const expected = units(plusRows) - units(minusRows)
      const line = Measurement.lineQuantity({ plusRows, minusRows, scale: quantityScale })
      if (expected < 0n) {
        assert.isTrue(Result.isFailure(line))
        if (Result.isFailure(line)) {
          expect(line.failure.problems.map((problem) => [problem.field, problem.code])).toEqual([
            ["quantity", Measurement.lineQuantityNegativeCode],
          ])
        }
      } else {
        assert.isTrue(Result.isSuccess(line))
        if (Result.isSuccess(line))
          expect(Quantity.toDecimalString(line.success, { scale: 4 })).toBe(fromUnits(expected, 4))
      }
    },
  )

  it("QTY-3: deductions larger than the measured rows are refused with a clear message", () => {
    const line = Measurement.lineQuantity({
      plusRows: [Quantity.makeUnsafe("10")],
      minusRows: [Quantity.makeUnsafe("7.5"), Quantity.makeUnsafe("5")],
      scale: quantityScale,
    })
    assert.isTrue(Result.isFailure(line))
    if (Result.isFailure(line)) {
      expect(Measurement.lineQuantityNegativeCode).toBe("LINE_QUANTITY_NEGATIVE")
      expect(line.failure.message).toMatch(/the deductions \(12.5\) exceed the measured rows \(10\)/)
    }
    const empty = Measurement.lineQuantity({ plusRows: [], minusRows: [], scale: quantityScale })
    expect(empty).toEqual(Result.succeed(Quantity.zero))
  })

  it("QTY-3: a row quantity that was not rounded to the quantity scale is a defect", () => {
    expect(() =>
      Measurement.lineQuantity({
        plusRows: [Quantity.makeUnsafe("1.00005")],
        minusRows: [],
        scale: quantityScale,
      }),
    ).toThrow(/rounded to the quantity scale/)
  })

  it("QTY-4: a line amount is rate × quantity rounded half away from zero at the given scale", () => {
    const lineAmount = (rate: string, quantity: string, scale: number) =>
      Amount.toDecimalString(
        Measurement.lineAmount({
          rate: Rate.makeUnsafe(rate),
          quantity: Quantity.makeUnsafe(quantity),
          scale,
        }),
        { scale },
      )
    expect(lineAmount("345.50", "12.345", 2)).toBe("4265.20")
    expect(lineAmount("0.5", "0.0101", 2)).toBe("0.01")
    expect(lineAmount("0.5", "0.0099", 2)).toBe("0.00")
    expect(lineAmount("345", "5.5", 0)).toBe("1898")
  })

  test.prop([
    rateArbitrary({ scaleMax: 4, integerDigitsMax: 8 }),
    quantityArbitrary({ scaleMax: 4, integerDigitsMax: 8 }),
  ])("QTY-4: the line amount matches an independent BigInt computation at 2 places", (rate, quantity) => {
    const product =
      toUnits(Rate.toCanonicalString(rate), 4) * toUnits(Quantity.toCanonicalString(quantity), 4)
    const expected = fromUnits(roundUnits(product, { fromScale: 8, toScale: 2 }), 2)
    const amount = Measurement.lineAmount({ rate, quantity, scale: 2 })
    expect(Amount.toDecimalString(amount, { scale: 2 })).toBe(expected)
    const exact = Rate.multiply(rate, quantity)
    expect(Amount.toDecimalString(exact, { scale: 8 })).toBe(fromUnits(product, 8))
  })
})
