/**
 * The examples of packages/core/README.md, one block per module, kept here so
 * they are type-checked and run (`npm run modules -w examples`). A repository
 * test checks that every TypeScript block of the README appears in this file.
 */
import { Config, Errors, Ids, Money, Time, Workflow } from "@karya/core"
import { DateTime, Effect, Result } from "effect"

// money
const rate = Money.Rate.makeUnsafe("345.60")
const rows = Money.Measurement.rowsFromInputs({
  field: "rows",
  rows: [
    { number: "2", length: "12.5", breadth: "0.45", depth: "0.3" },
    { number: "5", length: "", breadth: "", depth: "" },
  ],
})
if (Result.isSuccess(rows)) {
  const [wall, count] = rows.success.map((row) => Money.Measurement.measuredQuantity({ ...row, scale: 4 }))
  const quantity = Result.getOrThrow(
    Money.Measurement.lineQuantity({ plusRows: [wall ?? Money.Quantity.zero], minusRows: [], scale: 4 }),
  )
  const amount = Money.Measurement.lineAmount({ rate, quantity, scale: 2 })
  console.log(Money.Quantity.toCanonicalString(quantity), Money.Amount.toDecimalString(amount, { scale: 2 })) // 3.375 1166.40
  console.log(count && Money.Quantity.toCanonicalString(count)) // 5: a count-only row (QTY-2)
}
const wage = Money.Rounding.round(Money.Amount.makeUnsafe("1897.5"), { scale: 0, mode: "halfAwayFromZero" })
console.log(Money.Inr.formatInr(Money.Amount.makeUnsafe("1500000"), { denomination: "Unit", scale: 2 })) // 15,00,000.00
console.log(Money.Inr.formatInr(Money.Amount.makeUnsafe("1500000"), { denomination: "Lac", scale: 2 })) // 15.00
console.log(Money.Amount.toCanonicalString(wage)) // 1898
const refused = Money.Amount.fromString("-5")
console.log(Result.isFailure(refused) && refused.failure.problems[0]?.code) // AMOUNT_NEGATIVE

// time
const instant = DateTime.makeUnsafe("2024-03-31T19:00:00Z")
const localDate = Time.LocalDate.fromInstant(instant, Time.TimeZone.india) // "2024-04-01" in Asia/Kolkata
console.log(Time.FinancialYear.ofDate(localDate)) // 2024-25
console.log(Time.Week.weekOf(localDate)) // { firstDate: "2024-04-01", lastDate: "2024-04-07" }
console.log(Time.LocalDate.addDays(localDate, -1)) // 2024-03-31
const window = Time.EffectivePeriod.makeUnsafe({ effectiveFrom: Time.LocalDate.makeUnsafe("2024-04-01") })
console.log(Time.EffectivePeriod.containsInstant(window, instant, Time.TimeZone.india)) // true
const todayInIndia = Time.BusinessClock.today(Time.TimeZone.india) // Effect<LocalDate>, read from Clock

// ids
const piFormat = Ids.IdFormat.makeUnsafe("PI-{ulb}/{fy}/{seq:6}")
const parsed = Ids.IdFormat.parse(piFormat, "PI-DK/2022-23/000023")
console.log(Result.isSuccess(parsed) && parsed.success) // { cityCode: "DK", financialYear: "2022-23", sequence: 23 }
const issuePaymentInstructionNumber = Ids.HumanNumber.issueNumber({
  tenantId: Config.TenantId.makeUnsafe("od.dhenkanal"),
  cityCode: Ids.CityCode.makeUnsafe("DK"),
  series: "paymentInstruction",
  idFormat: piFormat,
  timeZone: Time.TimeZone.india,
}).pipe(Effect.provide(Ids.IdSequence.layerMemory)) // PI-DK/<current FY>/000001

// errors
const failure = Errors.Validation.fromProblems("muster roll", [
  { field: "attendees[3].skill", code: "SKILL_MISSING", message: "choose the wage seeker's skill" },
])
console.log(failure.code, failure.message)
const handled = Effect.fail(failure).pipe(
  Effect.catchTag("ValidationFailed", (error) =>
    Effect.succeed(error.problems.map((problem) => problem.field)),
  ),
)

// config
const dhenkanal = Config.TenantConfiguration.mukta({ tenantId: "od.dhenkanal", cityCode: "DK" })
const bhopal = Config.TenantConfiguration.load({
  tenantId: "mp.bhopal",
  cityCode: "BPL",
  workOrder: { cboRoleThreshold: "2000000", acceptanceSlaDays: 10, overdueAcceptance: "cancel" },
})
console.log(Result.isSuccess(bhopal), dhenkanal.jitSchedule.paymentAdvice) // true 22:15
const wrong = Config.TenantConfiguration.load({
  tenantId: "od.puri",
  cityCode: "pu",
  timeZone: "Asia/Kolkatta",
})
console.log(Result.isFailure(wrong) && wrong.failure.problems.map((problem) => problem.field)) // ["cityCode", "timeZone"]

// workflow
const estimateFlow = Workflow.MuktaWorkflows.muktaWorkflows.estimate
const creator: Workflow.Actor.Actor = {
  userId: "junior-engineer",
  grants: [{ role: "ESTIMATE_CREATOR", tenantId: dhenkanal.tenantId }],
}
const drafted = Workflow.WorkflowSnapshot.initial({
  entityId: "ES/2024-25/000001",
  tenantId: dhenkanal.tenantId,
  definitionCode: estimateFlow.code,
})
console.log(Workflow.WorkflowEngine.nextActions(estimateFlow, drafted, creator).map((action) => action.name)) // ["SAVE_AS_DRAFT", "SUBMIT"]
const submitted = Workflow.WorkflowEngine.transition(estimateFlow, drafted, {
  type: "SUBMIT",
  actor: creator,
  version: drafted.version,
  at: DateTime.makeUnsafe("2025-01-15T05:00:00Z"),
})
if (Result.isSuccess(submitted)) {
  const slaQuery = {
    definition: estimateFlow,
    snapshot: submitted.success,
    timeZone: Time.TimeZone.india,
  }
  console.log(
    Workflow.Sla.stateSlaDaysRemaining({ ...slaQuery, today: Time.LocalDate.makeUnsafe("2025-01-16") }),
  ) // 1
  console.log(
    Workflow.Sla.isStateSlaBreached({ ...slaQuery, today: Time.LocalDate.makeUnsafe("2025-01-18") }),
  ) // true
}
const stale = Workflow.WorkflowEngine.transition(estimateFlow, drafted, {
  type: "SUBMIT",
  actor: creator,
  version: 5,
  at: DateTime.makeUnsafe("2025-01-15T05:00:00Z"),
})
console.log(Result.isFailure(stale) && stale.failure.code) // STALE_VERSION

await Effect.runPromise(
  Effect.gen(function* () {
    console.log(yield* todayInIndia, yield* issuePaymentInstructionNumber, yield* handled)
  }),
)
