import { describe, expect, it } from "@effect/vitest"
import { Config, Contracts, Money, Time, Workflow } from "@karya/core"
import { Result } from "effect"

const { MuktaConfiguration, TenantConfiguration } = Config
const dhenkanal = { tenantId: "od.dhenkanal", cityCode: "DK" }

const problemsOf = (input: unknown) => {
  const loaded = TenantConfiguration.load(input)
  expect(Result.isFailure(loaded)).toBe(true)
  if (Result.isSuccess(loaded)) return []
  expect(loaded.failure.code).toBe("VALIDATION_FAILED")
  expect(loaded.failure.subject).toBe("tenant configuration")
  return loaded.failure.problems
}

describe("TenantConfiguration", () => {
  it("CONF-1: a ULB gets MUKTA's values by supplying only its tenant id and city code", () => {
    const configuration = TenantConfiguration.mukta(dhenkanal)
    expect(configuration.tenantId).toBe("od.dhenkanal")
    expect(configuration.timeZone).toBe("Asia/Kolkata")
    expect(Money.Amount.toCanonicalString(configuration.workOrder.cboRoleThreshold)).toBe("1500000")
    expect(configuration.workOrder.acceptanceSlaDays).toBe(7)
    expect(configuration.attendanceDayRule).toEqual({
      fullDayHours: 8,
      halfDayHours: 4,
      roundOff: false,
      hourResolution: "minute",
    })
    expect(
      Money.Percentage.compare(configuration.labourCessPercentage, Money.Percentage.makeUnsafe("1")),
    ).toBe(0)
    expect(configuration.roundingScales).toEqual(Money.Rounding.muktaRoundingScales)
    expect(configuration.idFormats.paymentInstruction).toBe("PI-{ulb}/{fy}/{seq:6}")
    expect(configuration.headsOfAccountOrder.map((head) => head.name)).toEqual([
      "MUKTA - SC Component",
      "MUKTA - ST Component",
      "MUKTA - General Component",
    ])
    expect(configuration.jitSchedule.rePushPending).toBe("21:00")
    expect(configuration.jitSchedule.paymentAdvice).toBe("22:15")
    expect(configuration.revisedPaymentWindow).toEqual({
      sameFinancialYearDays: 90,
      nextFinancialYearLastMonthDay: "04-30",
    })
    expect(configuration.revisionLimits).toEqual({ estimateRevisionsMax: 2, timeExtensionsMax: 2 })
    expect(configuration.wageSeekers).toEqual({ sharedBankAccounts: "allowed" })
    expect(configuration.bills).toEqual({ materialCheck: "warn" })
    expect(configuration.overheads.map((overhead) => overhead.code)).toEqual(["SC", "GST", "TST", "REW"])
    expect(configuration.deductionHeads.map((head) => head.code)).toEqual([
      "LC",
      "ITTDS",
      "ITTDSOTI",
      "GSTTDS",
      "ROM",
      "DMF",
      "EMF",
      "ECB",
    ])
    expect(configuration.workflows.map((definition) => definition.code).sort()).toEqual(
      Object.values(Workflow.MuktaWorkflows.muktaWorkflows)
        .map((definition) => definition.code)
        .sort(),
    )
  })

  it("CONF-1: another state overrides a section with its own data, without code changes", () => {
    const loaded = TenantConfiguration.load({
      tenantId: "mp.bhopal",
      cityCode: "BPL",
      workOrder: { cboRoleThreshold: "2000000", acceptanceSlaDays: 10, overdueAcceptance: "cancel" },
      attendanceDayRule: { fullDayHours: 8, halfDayHours: 4, roundOff: true, hourResolution: "clock-hour" },
      idFormats: {
        ...MuktaConfiguration.muktaSections.idFormats,
        paymentInstruction: "PAY-{ulb}-{fy}-{seq:7}",
      },
    })
    expect(Result.isSuccess(loaded)).toBe(true)
    if (Result.isFailure(loaded)) return
    expect(Money.Amount.toCanonicalString(loaded.success.workOrder.cboRoleThreshold)).toBe("2000000")
    expect(loaded.success.workOrder.overdueAcceptance).toBe("cancel")
    expect(loaded.success.attendanceDayRule.hourResolution).toBe("clock-hour")
    expect(loaded.success.idFormats.paymentInstruction).toBe("PAY-{ulb}-{fy}-{seq:7}")
    // Sections not given keep MUKTA's values.
    expect(loaded.success.jitSchedule.virtualAllotment).toBe("22:00")
  })

  it("CONF-1 / ERR-3: an invalid configuration fails at load with every problem listed", () => {
    const problems = problemsOf({
      tenantId: "Odisha!",
      cityCode: "dk",
      timeZone: "Asia/Kolkatta",
      workOrder: { cboRoleThreshold: 1500000, acceptanceSlaDays: 0, overdueAcceptance: "ignore" },
      labourCessPercentage: "-1",
      jitSchedule: { ...MuktaConfiguration.muktaSections.jitSchedule, paymentAdvice: "25:00" },
    })
    const fields = problems.map((problem) => problem.field)
    expect(fields).toEqual(
      expect.arrayContaining([
        "tenantId",
        "cityCode",
        "timeZone",
        "workOrder.cboRoleThreshold",
        "workOrder.acceptanceSlaDays",
        "workOrder.overdueAcceptance",
        "labourCessPercentage",
        "jitSchedule.paymentAdvice",
      ]),
    )
    expect(problems.find((problem) => problem.field === "workOrder.cboRoleThreshold")?.message).toMatch(
      /decimal string/,
    )
  })

  it("TE-1: a tenant may allow timeExtensionsAllowedMax time extensions per order, and no more: the intake that keeps an order's approved extensions within approvedTimeExtensionsMax", () => {
    const { timeExtensionsAllowedMax } = TenantConfiguration
    const allowing = (timeExtensionsMax: number) => ({
      ...dhenkanal,
      revisionLimits: { estimateRevisionsMax: 2, timeExtensionsMax },
    })
    const atLimit = TenantConfiguration.load(allowing(timeExtensionsAllowedMax))
    expect(Result.isSuccess(atLimit) && atLimit.success.revisionLimits.timeExtensionsMax).toBe(
      timeExtensionsAllowedMax,
    )
    expect(problemsOf(allowing(timeExtensionsAllowedMax + 1)).map((problem) => problem.field)).toEqual([
      "revisionLimits.timeExtensionsMax",
    ])
    expect(Contracts.TimeExtensionRequests.approvedTimeExtensionsMax).toBeGreaterThanOrEqual(
      timeExtensionsAllowedMax,
    )
  })

  it("CONF-1: rules spanning fields are checked after decoding, all together", () => {
    const [firstHead, ...otherHeads] = MuktaConfiguration.muktaSections.deductionHeads
    const [firstWorkflow, ...otherWorkflows] = MuktaConfiguration.muktaSections.workflows
    const problems = problemsOf({
      ...dhenkanal,
      deductionHeads: [firstHead, ...otherHeads, firstHead],
      workflows: [firstWorkflow, ...otherWorkflows, firstWorkflow],
      attendanceDayRule: { fullDayHours: 4, halfDayHours: 4, roundOff: true, hourResolution: "minute" },
    })
    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([
      [`workflows[${otherWorkflows.length + 1}]`, TenantConfiguration.codeDuplicateCode],
      [`deductionHeads[${otherHeads.length + 1}]`, TenantConfiguration.codeDuplicateCode],
      ["attendanceDayRule.halfDayHours", TenantConfiguration.halfDayNotBelowFullDayCode],
    ])
  })

  it("CONF-1: a broken workflow definition in the configuration is reported with its path", () => {
    const [firstWorkflow, ...otherWorkflows] = MuktaConfiguration.muktaSections.workflows
    const broken = { ...firstWorkflow, states: [] }
    const problems = problemsOf({ ...dhenkanal, workflows: [broken, ...otherWorkflows] })
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.every((problem) => problem.field.startsWith("workflows[0]"))).toBe(true)
  })

  it("CONF-1: a configuration that is not an object is refused with one clear problem", () => {
    expect(problemsOf("od.dhenkanal").map((problem) => problem.code)).toEqual([
      TenantConfiguration.configurationNotObjectCode,
    ])
    expect(problemsOf(null).map((problem) => problem.code)).toEqual([
      TenantConfiguration.configurationNotObjectCode,
    ])
    expect(problemsOf({ cityCode: "DK" }).map((problem) => problem.field)).toEqual(["tenantId"])
  })

  it("CONF-2: overheads are versioned by effective date and a computation names its date", () => {
    const [supervision, ...others] = MuktaConfiguration.muktaSections.overheads
    const loaded = TenantConfiguration.load({
      ...dhenkanal,
      overheads: [
        { ...supervision, effectivePeriod: { effectiveFrom: "2020-04-01", effectiveTo: "2024-03-31" } },
        { ...supervision, value: "8", effectivePeriod: { effectiveFrom: "2024-04-01" } },
        ...others,
      ],
    })
    expect(Result.isSuccess(loaded)).toBe(true)
    if (Result.isFailure(loaded)) return
    const supervisionOn = (date: string) => {
      const effective = TenantConfiguration.overheadsEffectiveOn(
        loaded.success,
        Time.LocalDate.makeUnsafe(date),
      )
      expect(effective.effectiveOn).toBe(date)
      const found = effective.overheads.filter((overhead) => overhead.code === "SC")
      expect(found).toHaveLength(1)
      return Money.Amount.toCanonicalString(found[0]?.value ?? Money.Amount.zero)
    }
    expect(supervisionOn("2024-03-31")).toBe("7.5")
    expect(supervisionOn("2024-04-01")).toBe("8")
    expect(
      TenantConfiguration.overheadsEffectiveOn(loaded.success, Time.LocalDate.makeUnsafe("2019-06-01"))
        .overheads,
    ).toEqual([])
  })

  it("CONF-2: two windows of one overhead may not overlap", () => {
    const [supervision, ...others] = MuktaConfiguration.muktaSections.overheads
    const problems = problemsOf({
      ...dhenkanal,
      overheads: [
        { ...supervision, effectivePeriod: { effectiveFrom: "2020-04-01", effectiveTo: "2024-04-01" } },
        { ...supervision, value: "8", effectivePeriod: { effectiveFrom: "2024-04-01" } },
        ...others,
      ],
    })
    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([
      ["overheads[1].effectivePeriod", TenantConfiguration.overheadPeriodOverlapCode],
    ])
  })

  it("WF-8: the tenant's workflows are looked up by code from its configuration", () => {
    const configuration = TenantConfiguration.mukta(dhenkanal)
    const estimate = Object.values(Workflow.MuktaWorkflows.muktaWorkflows)[0]
    expect(estimate).toBeDefined()
    if (estimate === undefined) return
    expect(TenantConfiguration.workflowOf(configuration, estimate.code)?.code).toBe(estimate.code)
    expect(TenantConfiguration.workflowOf(configuration, "NO_SUCH_WORKFLOW")).toBeUndefined()
  })
})
