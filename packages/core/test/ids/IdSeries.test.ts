import { describe, expect, it } from "@effect/vitest"
import { Ids, Time } from "@karya/core"
import { Exit, Result, Schema } from "effect"

const { IdFormat, IdSeries } = Ids

// ID-2's table: series → (format, example).
const specTable: ReadonlyArray<readonly [Ids.IdSeries.Series, string, string]> = [
  ["project", "PJ/{fy}/{seq:6}", "PJ/2023-24/000012"],
  ["estimate", "ES/{fy}/{seq:6}", "ES/2022-23/000372"],
  ["revisedEstimate", "RE/{fy}/{seq:6}", "RE/2023-24/000004"],
  ["workOrder", "WO/{fy}/{seq:6}", "WO/2022-23/000051"],
  ["timeExtension", "TE/{fy}/{seq:6}", "TE/2022-23/000021"],
  ["revisedWorkOrder", "RW/{fy}/{seq:6}", "RW/2023-24/000003"],
  ["measurementBook", "MB/{fy}/{seq:6}", "MB/2023-24/000091"],
  ["measurementEntry", "{mbNumber}/{entry:2}", "MB/2023-24/000091/01"],
  ["attendanceRegister", "WR/{fy}/{seq:6}", "WR/2023-24/000310"],
  ["musterRoll", "MR/{fy}/{seq:6}", "MR/2024-25/000030"],
  ["wageBill", "WB/{fy}/{seq:6}", "WB/2023-24/000061"],
  ["purchaseBill", "PB/{fy}/{seq:6}", "PB/2023-24/000061"],
  ["supervisionBill", "SB/{fy}/{seq:6}", "SB/2023-24/000061"],
  ["paymentInstruction", "PI-{ulb}/{fy}/{seq:6}", "PI-DK/2022-23/000023"],
  ["beneficiaryPayment", "BN-{ulb}/{seq:6}", "BN-DK/000218"],
  ["organisation", "VO-{fy}-{seq:6}", "VO-2022-23-000001"],
  ["wageSeeker", "IND-{fy}-{seq:6}", "IND-2023-24-000777"],
  ["scheduleOfRates", "SOR_{seq:6}", "SOR_000197"],
  ["rateAnalysis", "CMP_{seq:6}", "CMP_000217"],
  ["estimateTemplate", "TMP_{seq:6}", "TMP_000004"],
  ["rateRevisionJob", "JOB-{yyyy}-{seq:6}", "JOB-2024-000007"],
]

const problemsOfDecoding = (input: unknown): string => {
  const exit = Schema.decodeUnknownExit(IdSeries.SeriesFormats)(input, { errors: "all" })
  expect(Exit.isFailure(exit)).toBe(true)
  return String(exit)
}

describe("IdSeries", () => {
  it("ID-2: MUKTA's defaults are the spec's table, and each example reads back and prints the same", () => {
    expect(IdSeries.allSeries).toEqual(specTable.map(([series]) => series))
    for (const [series, formatText, example] of specTable) {
      const idFormat = IdSeries.muktaDefaults[series]
      expect(idFormat).toBe(formatText)
      const values = IdFormat.parse(idFormat, example)
      expect(Result.isSuccess(values), `${series}: ${example}`).toBe(true)
      if (Result.isSuccess(values))
        expect(IdFormat.format(idFormat, values.success)).toEqual(Result.succeed(example))
    }
    expect(Schema.is(IdSeries.Series)("paymentInstruction")).toBe(true)
    expect(Schema.is(IdSeries.Series)("payment")).toBe(false)
  })

  it("ID-1: FY-bearing series restart every FY; BN, SOR, CMP, TMP never restart; JOB restarts yearly", () => {
    const values = {
      financialYear: Time.FinancialYear.makeUnsafe("2023-24"),
      year: 2024,
      parentNumber: "MB/2023-24/000091",
    }
    const constantScoped = IdSeries.allSeries.filter(
      (series) =>
        Result.getOrThrow(IdFormat.scopeOf(IdSeries.muktaDefaults[series], values)) ===
        IdFormat.constantScope,
    )
    expect(constantScoped).toEqual([
      "beneficiaryPayment",
      "scheduleOfRates",
      "rateAnalysis",
      "estimateTemplate",
    ])
    const withFinancialYear = IdSeries.allSeries.filter((series) =>
      IdFormat.hasFinancialYear(IdSeries.muktaDefaults[series]),
    )
    expect(withFinancialYear).toHaveLength(IdSeries.allSeries.length - constantScoped.length - 2)
    expect(withFinancialYear).not.toContain("rateRevisionJob")
    expect(withFinancialYear).not.toContain("measurementEntry")
    expect(IdFormat.scopeOf(IdSeries.muktaDefaults.rateRevisionJob, values)).toEqual(Result.succeed("2024"))
  })

  it("ID-2: the series formats decode as tenant configuration, reporting every problem with its series", () => {
    const message = problemsOfDecoding({
      ...IdSeries.muktaFormatTexts,
      project: "PJ/{fy}",
      estimate: "{mbNumber}/{entry:2}",
      measurementEntry: "ME/{seq:2}",
    })
    expect(message).toMatch(/no sequence[\s\S]*\["project"\]/)
    expect(message).toMatch(/only the measurementEntry series may use \{entry:N\}[\s\S]*\["estimate"\]/)
    expect(message).toMatch(/must number entries within their measurement book[\s\S]*\["measurementEntry"\]/)
    const duplicated = problemsOfDecoding({
      ...IdSeries.muktaFormatTexts,
      revisedEstimate: IdSeries.muktaFormatTexts.workOrder,
      musterRoll: IdSeries.muktaFormatTexts.wageBill,
    })
    expect(duplicated).toMatch(/same format as revisedEstimate[\s\S]*\["workOrder"\]/)
    expect(duplicated).toMatch(/same format as musterRoll[\s\S]*\["wageBill"\]/)
    expect(problemsOfDecoding({ ...IdSeries.muktaFormatTexts, wageBill: undefined })).toMatch(/wageBill/)
    expect(Schema.decodeUnknownSync(IdSeries.SeriesFormats)(IdSeries.muktaFormatTexts)).toEqual(
      IdSeries.muktaDefaults,
    )
  })
})
