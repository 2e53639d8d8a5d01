import { describe, expect, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Ids, Time } from "@karya/core"
import { financialYearArbitrary } from "@karya/core/testing"
import { Exit, Result, Schema } from "effect"

const { CityCode, IdFormat, IdSeries } = Ids
const { FinancialYear } = Time

type IdValues = Ids.IdFormat.IdValues

const problemCodesOf = (text: string): ReadonlyArray<string> =>
  IdFormat.problemsOf(text).map((found) => found.code)

const formatted = (idFormat: Ids.IdFormat.IdFormat, values: IdValues): string => {
  const text = IdFormat.format(idFormat, values)
  if (Result.isFailure(text)) throw new Error(`format failed: ${text.failure.message}`)
  return text.success
}

const cityCodeArbitrary = fc
  .stringMatching(new RegExp(`^[A-Z0-9]{1,${CityCode.cityCodeLengthMax}}$`))
  .map(CityCode.makeUnsafe)

const parentNumberArbitrary = fc.stringMatching(
  new RegExp(`^${IdFormat.numberCharacterClass}{1,${IdFormat.parentNumberLengthMax}}$`),
)

const valuesArbitrary = (sequenceMax: number) =>
  fc.record({
    sequence: fc.integer({ min: 1, max: sequenceMax }),
    financialYear: financialYearArbitrary,
    cityCode: cityCodeArbitrary,
    year: fc.integer({ min: 1, max: 9999 }),
    parentNumber: parentNumberArbitrary,
  })

// The values a format prints: `values` restricted to the format's tokens.
const printedValues = (idFormat: Ids.IdFormat.IdFormat, values: Required<IdValues>): IdValues => {
  const tags = new Set(IdFormat.segmentsOf(idFormat).map((segment) => segment._tag))
  return {
    sequence: values.sequence,
    ...(tags.has("FinancialYear") ? { financialYear: values.financialYear } : {}),
    ...(tags.has("CityCode") ? { cityCode: values.cityCode } : {}),
    ...(tags.has("Year") ? { year: values.year } : {}),
    ...(tags.has("ParentNumber") ? { parentNumber: values.parentNumber } : {}),
  }
}

// Random valid formats: literals and tokens in any order, one sequence token.
const literalArbitrary = fc.stringMatching(/^[A-Za-z0-9/_.-]{1,4}$/)
const formatArbitrary = fc
  .tuple(
    fc.array(fc.oneof(literalArbitrary, fc.constantFrom("{fy}", "{ulb}", "{yyyy}", "{mbNumber}")), {
      maxLength: 6,
    }),
    fc.integer({ min: 1, max: IdFormat.sequenceWidthMax }),
    fc.nat(),
  )
  .map(([pieces, widthDigits, position]) => {
    const sequence = pieces.includes("{mbNumber}") ? `{entry:${widthDigits}}` : `{seq:${widthDigits}}`
    const at = position % (pieces.length + 1)
    return [...pieces.slice(0, at), sequence, ...pieces.slice(at)].join("")
  })
  .filter((text) => IdFormat.problemsOf(text).length === 0)
  .map(IdFormat.makeUnsafe)

describe("IdFormat", () => {
  it("ID-2: prints the spec's examples", () => {
    const fy = FinancialYear.makeUnsafe
    const dk = CityCode.makeUnsafe("DK")
    const defaults = IdSeries.muktaDefaults
    expect(
      formatted(defaults.paymentInstruction, { sequence: 23, financialYear: fy("2022-23"), cityCode: dk }),
    ).toBe("PI-DK/2022-23/000023")
    expect(formatted(defaults.beneficiaryPayment, { sequence: 218, cityCode: dk })).toBe("BN-DK/000218")
    expect(formatted(defaults.measurementEntry, { sequence: 1, parentNumber: "MB/2023-24/000091" })).toBe(
      "MB/2023-24/000091/01",
    )
    expect(formatted(defaults.organisation, { sequence: 1, financialYear: fy("2022-23") })).toBe(
      "VO-2022-23-000001",
    )
    expect(formatted(defaults.rateRevisionJob, { sequence: 7, year: 2024 })).toBe("JOB-2024-000007")
    expect(
      formatted(defaults.scheduleOfRates, { sequence: 197, financialYear: fy("2022-23"), year: 2024 }),
    ).toBe("SOR_000197")
  })

  it("ID-2: a format splits into literal and token segments and prints back to its text", () => {
    const idFormat = IdFormat.makeUnsafe("PI-{ulb}/{fy}/{seq:6}")
    const segments = IdFormat.segmentsOf(idFormat)
    expect(segments).toEqual([
      { _tag: "Literal", text: "PI-" },
      { _tag: "CityCode" },
      { _tag: "Literal", text: "/" },
      { _tag: "FinancialYear" },
      { _tag: "Literal", text: "/" },
      { _tag: "Sequence", widthDigits: 6 },
    ])
    expect(segments.every(Schema.is(IdFormat.Segment))).toBe(true)
    expect(segments.map(IdFormat.textOfSegment).join("")).toBe(idFormat)
    const entry = IdFormat.makeUnsafe("{mbNumber}/{entry:2}-{yyyy}")
    expect(IdFormat.segmentsOf(entry).map(IdFormat.textOfSegment).join("")).toBe(entry)
    expect(IdFormat.sequenceMaxOf(idFormat)).toBe(999_999)
    expect(IdFormat.sequenceMaxOf(entry)).toBe(99)
  })

  it("ID-2: an invalid format is ID_FORMAT_INVALID listing every problem at once", () => {
    const result = IdFormat.fromText("A B/{foo}/{seq}/{fy}{fy}")
    expect(Result.isFailure(result)).toBe(true)
    if (Result.isFailure(result)) {
      expect(result.failure.code).toBe("ID_FORMAT_INVALID")
      expect(result.failure.retryable).toBe(false)
      expect(result.failure.problems.map((found) => found.code)).toEqual([
        "ID_FORMAT_TOKEN_UNKNOWN",
        "ID_FORMAT_WIDTH_INVALID",
        "ID_FORMAT_LITERAL_INVALID",
        "ID_FORMAT_SEQUENCE_MISSING",
        "ID_FORMAT_TOKEN_REPEATED",
      ])
      expect(result.failure.message).toMatch(/\{foo\} is not a token/)
      expect(result.failure.message).toMatch(/tenant's number format settings/)
    }
    expect(Result.isSuccess(IdFormat.fromText("PJ/{fy}/{seq:6}"))).toBe(true)
  })

  it("ID-2: each structural rule of a format has its own problem code", () => {
    const codes = IdFormat.problemCodes
    expect(problemCodesOf("{fy}/{ulb}")).toEqual([codes.sequenceMissing])
    expect(problemCodesOf("{seq:6}{seq:6}")).toEqual([codes.sequenceRepeated])
    expect(problemCodesOf("{mbNumber}/{seq:2}{entry:2}")).toEqual([codes.sequenceRepeated])
    expect(problemCodesOf("X{entry:2}")).toEqual([codes.parentMismatch])
    expect(problemCodesOf("{mbNumber}/{seq:2}")).toEqual([codes.parentMismatch])
    expect(problemCodesOf("{mbNumber}/{ulb}/{entry:2}")).toEqual([codes.ambiguous])
    expect(problemCodesOf("{ulb}{ulb}{seq:2}")).toEqual([codes.tokenRepeated, codes.ambiguous])
    expect(problemCodesOf("X{seq:6")).toEqual([codes.braceUnmatched, codes.sequenceMissing])
    expect(problemCodesOf("}X{seq:6}")).toEqual([codes.braceUnmatched])
    expect(problemCodesOf("X{{seq:6}")).toEqual([codes.braceUnmatched])
    expect(problemCodesOf("X{seq:0}")).toEqual([codes.widthInvalid, codes.sequenceMissing])
    expect(problemCodesOf("X {seq:6}")).toEqual([codes.literalInvalid])
  })

  it("ID-2: the sequence width is limited to sequenceWidthMax digits (at the limit and past it)", () => {
    expect(IdFormat.sequenceWidthMax).toBe(9)
    expect(problemCodesOf("X{seq:9}")).toEqual([])
    expect(problemCodesOf("X{seq:10}")).toEqual([
      IdFormat.problemCodes.widthInvalid,
      IdFormat.problemCodes.sequenceMissing,
    ])
    expect(IdFormat.problemsOf("X{seq:10}")[0]?.limit).toBe("9")
  })

  it("ID-2: a format is at most formatLengthMax characters (at the limit and past it)", () => {
    const atLimit = `${"A".repeat(IdFormat.formatLengthMax - 7)}{seq:6}`
    expect(atLimit.length).toBe(IdFormat.formatLengthMax)
    expect(problemCodesOf(atLimit)).toEqual([])
    expect(problemCodesOf(`A${atLimit}`)).toEqual([IdFormat.problemCodes.tooLong])
    expect(IdFormat.problemsOf(`A${atLimit}`)[0]?.limit).toBe(String(IdFormat.formatLengthMax))
  })

  it("ID-2: a parent number is at most parentNumberLengthMax characters (at the limit and past it)", () => {
    const idFormat = IdSeries.muktaDefaults.measurementEntry
    const atLimit = "M".repeat(IdFormat.parentNumberLengthMax)
    const pastLimit = `${atLimit}M`
    expect(IdFormat.format(idFormat, { sequence: 1, parentNumber: atLimit })).toEqual(
      Result.succeed(`${atLimit}/01`),
    )
    const refused = IdFormat.format(idFormat, { sequence: 1, parentNumber: pastLimit })
    expect(Result.isFailure(refused) && refused.failure).toMatchObject({
      code: "ID_VALUE_INVALID",
      value: pastLimit,
    })
    expect(Result.isSuccess(IdFormat.parse(idFormat, `${atLimit}/01`))).toBe(true)
    expect(Result.isFailure(IdFormat.parse(idFormat, `${pastLimit}/01`))).toBe(true)
  })

  it("ID-2: the IdFormat schema reports every problem when decoding with all errors", () => {
    const exit = Schema.decodeUnknownExit(IdFormat.IdFormat)("{foo}{ulb}", { errors: "all" })
    expect(Exit.isFailure(exit)).toBe(true)
    expect(String(exit)).toMatch(/\{foo\} is not a token/)
    expect(String(exit)).toMatch(/no sequence/)
    expect(() => IdFormat.makeUnsafe("{foo}")).toThrow()
  })

  it("ID-2: a sequence wider than {seq:N} is ID_SEQUENCE_EXHAUSTED, never widened", () => {
    const idFormat = IdFormat.makeUnsafe("SOR_{seq:6}")
    expect(formatted(idFormat, { sequence: 999_999 })).toBe("SOR_999999")
    const exhausted = IdFormat.format(idFormat, { sequence: 1_000_000 })
    expect(Result.isFailure(exhausted)).toBe(true)
    if (Result.isFailure(exhausted)) {
      expect(exhausted.failure).toBeInstanceOf(IdFormat.IdSequenceExhausted)
      expect(exhausted.failure.code).toBe("ID_SEQUENCE_EXHAUSTED")
      expect(exhausted.failure).toMatchObject({
        format: "SOR_{seq:6}",
        sequence: 1_000_000,
        sequenceMax: 999_999,
      })
      expect(exhausted.failure.message).toMatch(/at most 999999/)
    }
    expect(() => IdFormat.format(idFormat, { sequence: 0 })).toThrow(/Invariant/)
  })

  it("ID-2: a missing or malformed token value is ID_VALUE_INVALID naming the token", () => {
    const idFormat = IdSeries.muktaDefaults.paymentInstruction
    const missing = IdFormat.format(idFormat, {
      sequence: 1,
      financialYear: FinancialYear.makeUnsafe("2023-24"),
    })
    expect(Result.isFailure(missing) && missing.failure).toMatchObject({
      code: "ID_VALUE_INVALID",
      token: "{ulb}",
    })
    expect(Result.isFailure(missing) && missing.failure.message).toMatch(/needs a value for \{ulb\}/)
    const lowercase = IdFormat.format(idFormat, {
      sequence: 1,
      financialYear: FinancialYear.makeUnsafe("2023-24"),
      cityCode: "dk" as Ids.CityCode.CityCode,
    })
    expect(Result.isFailure(lowercase) && lowercase.failure).toMatchObject({ token: "{ulb}", value: "dk" })
    expect(Result.isFailure(lowercase) && lowercase.failure.message).toMatch(
      /"dk" cannot be printed as \{ulb\}/,
    )
    const entry = IdFormat.format(IdSeries.muktaDefaults.measurementEntry, {
      sequence: 1,
      parentNumber: "MB 91",
    })
    expect(Result.isFailure(entry) && entry.failure).toMatchObject({ token: "{mbNumber}", value: "MB 91" })
    const job = IdFormat.format(IdSeries.muktaDefaults.rateRevisionJob, { sequence: 1, year: 0 })
    expect(Result.isFailure(job) && job.failure).toMatchObject({ token: "{yyyy}", value: "0000" })
  })

  it("ID-2: parse reads a number back and refuses text of another shape", () => {
    const idFormat = IdSeries.muktaDefaults.paymentInstruction
    expect(IdFormat.parse(idFormat, "PI-DK/2022-23/000023")).toEqual(
      Result.succeed({ sequence: 23, financialYear: "2022-23", cityCode: "DK" }),
    )
    for (const text of [
      "PI-DK/2022-24/000023",
      "PI-DK/2022-23/00023",
      "PI-DK/2022-23/0000023",
      "PI-dk/2022-23/000023",
      "PI-DK/2022-23/000000",
      "PI-/2022-23/000023",
      "PI-DK/2022-23/000023 ",
    ]) {
      const parsed = IdFormat.parse(idFormat, text)
      expect(Result.isFailure(parsed), text).toBe(true)
      if (Result.isFailure(parsed)) {
        expect(parsed.failure).toMatchObject({ code: "ID_NUMBER_INVALID", number: text, format: idFormat })
        expect(parsed.failure.message).toMatch(/is not a number of the format/)
      }
    }
    expect(IdFormat.parse(IdSeries.muktaDefaults.measurementEntry, "MB/2023-24/000091/01")).toEqual(
      Result.succeed({ sequence: 1, parentNumber: "MB/2023-24/000091" }),
    )
    expect(Result.isFailure(IdFormat.parse(IdSeries.muktaDefaults.rateRevisionJob, "JOB-0000-000001"))).toBe(
      true,
    )
  })

  it("ID-1: the scope is the parent number for entries, else the FY, else the year, else constant", () => {
    const values = {
      financialYear: FinancialYear.makeUnsafe("2023-24"),
      year: 2024,
      cityCode: CityCode.makeUnsafe("DK"),
      parentNumber: "MB/2023-24/000091",
    }
    const scopeOf = (series: Ids.IdSeries.Series) => IdFormat.scopeOf(IdSeries.muktaDefaults[series], values)
    expect(scopeOf("paymentInstruction")).toEqual(Result.succeed("2023-24"))
    expect(scopeOf("organisation")).toEqual(Result.succeed("2023-24"))
    expect(scopeOf("rateRevisionJob")).toEqual(Result.succeed("2024"))
    expect(scopeOf("measurementEntry")).toEqual(Result.succeed("MB/2023-24/000091"))
    expect(scopeOf("beneficiaryPayment")).toEqual(Result.succeed(IdFormat.constantScope))
    expect(scopeOf("scheduleOfRates")).toEqual(Result.succeed(IdFormat.constantScope))
    expect(IdFormat.scopeOf(IdFormat.makeUnsafe("X-{yyyy}-{fy}-{seq:4}"), values)).toEqual(
      Result.succeed("2023-24"),
    )
    const noParent = IdFormat.scopeOf(IdSeries.muktaDefaults.measurementEntry, { year: 2024 })
    expect(Result.isFailure(noParent) && noParent.failure.code).toBe("ID_VALUE_INVALID")
    expect(IdFormat.hasFinancialYear(IdSeries.muktaDefaults.workOrder)).toBe(true)
    expect(IdFormat.hasFinancialYear(IdSeries.muktaDefaults.beneficiaryPayment)).toBe(false)
  })

  describe("ID-2: parse ∘ format is the identity", () => {
    for (const series of IdSeries.allSeries) {
      const idFormat = IdSeries.muktaDefaults[series]
      test.prop([valuesArbitrary(IdFormat.sequenceMaxOf(idFormat))], { numRuns: 60 })(
        `ID-2: parse ∘ format is the identity for the ${series} series (${idFormat})`,
        (values) => {
          const text = formatted(idFormat, values)
          expect(IdFormat.parse(idFormat, text)).toEqual(Result.succeed(printedValues(idFormat, values)))
        },
      )
    }

    test.prop(
      [
        formatArbitrary.chain((idFormat) =>
          fc.tuple(fc.constant(idFormat), valuesArbitrary(IdFormat.sequenceMaxOf(idFormat))),
        ),
      ],
      {
        numRuns: 300,
      },
    )(
      "ID-2: parse ∘ format is the identity for any valid format, so parsing is unambiguous",
      ([idFormat, values]) => {
        const text = formatted(idFormat, values)
        expect(IdFormat.parse(idFormat, text)).toEqual(Result.succeed(printedValues(idFormat, values)))
        expect(text.length).toBeLessThanOrEqual(IdFormat.numberLengthMax)
      },
    )
  })
})
