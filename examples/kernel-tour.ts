/**
 * A tour of Karya's kernel, using only the public entry of `@karya/core`:
 * a ULB's configuration, exact money, local dates and financial years,
 * human-readable numbers, and an estimate taken through the MUKTA workflow.
 *
 * Run it with `npm run tour -w examples` (after `npm run build`).
 */
import { Config, Ids, Money, Time, Workflow } from "@karya/core"
import { DateTime, Effect, Result } from "effect"

const configuration = Config.TenantConfiguration.mukta({ tenantId: "od.dhenkanal", cityCode: "DK" })
const scales = configuration.roundingScales

// Money: a measured line and the supervision overhead, exact to the paisa.
const [row] = Result.getOrThrow(
  Money.Measurement.rowsFromInputs({
    field: "rows",
    rows: [{ number: "2", length: "12.5", breadth: "0.45", depth: "0.3" }],
  }),
)
if (row === undefined) throw new Error("one row was given")
const quantity = Money.Measurement.measuredQuantity({ ...row, scale: scales.quantity })
const amount = Money.Measurement.lineAmount({
  rate: Money.Rate.makeUnsafe("345.60"),
  quantity,
  scale: scales.estimateAmount,
})
const supervision = Money.Rounding.round(
  Money.Percentage.percentOf({ percentage: Money.Percentage.makeUnsafe("7.5"), base: amount }),
  { scale: scales.estimateAmount, mode: "halfAwayFromZero" },
)
console.log(
  `quantity ${Money.Quantity.toCanonicalString(quantity)} m³ × ₹345.60 = ₹${Money.Inr.formatInr(amount, { denomination: "Unit", scale: 2 })}`,
)
console.log(
  `supervision charge 7.5% = ₹${Money.Inr.formatInr(supervision, { denomination: "Unit", scale: 2 })}`,
)
console.log(
  `CBO role threshold ₹${Money.Inr.formatInr(configuration.workOrder.cboRoleThreshold, { denomination: "Unit", scale: 2 })} = ${Money.Inr.formatInr(configuration.workOrder.cboRoleThreshold, { denomination: "Lac", scale: 2 })} Lac`,
)

// Time: the FY and week of an instant, taken in the tenant's zone.
const instant = DateTime.makeUnsafe("2024-03-31T19:00:00Z")
const today = Time.LocalDate.fromInstant(instant, configuration.timeZone)
const week = Time.Week.weekOf(today)
console.log(
  `${DateTime.formatIso(instant)} is ${today} in ${configuration.timeZone}, FY ${Time.FinancialYear.ofDate(today)}, week ${week.firstDate}..${week.lastDate}`,
)

// IDs and workflow: number an estimate and take it from draft to approval.
const estimateWorkflow = Config.TenantConfiguration.workflowOf(configuration, "estimate")
if (estimateWorkflow === undefined) throw new Error("the MUKTA configuration has the estimate workflow")

const actor = (userId: string, role: string): Workflow.Actor.Actor => ({
  userId,
  grants: [{ role, tenantId: configuration.tenantId }],
})
const steps = [
  { type: "SUBMIT", actor: actor("junior-engineer", "ESTIMATE_CREATOR") },
  { type: "VERIFY_AND_FORWARD", actor: actor("executive-engineer", "ESTIMATE_VERIFIER") },
  { type: "TECHNICAL_SANCTION", actor: actor("municipal-engineer", "TECHNICAL_SANCTIONER") },
  { type: "APPROVE", actor: actor("executive-officer", "ESTIMATE_APPROVER") },
]

const program = Effect.gen(function* () {
  const estimateNumber = yield* Ids.HumanNumber.issueNumber({
    tenantId: configuration.tenantId,
    cityCode: configuration.cityCode,
    series: "estimate",
    idFormat: configuration.idFormats.estimate,
    timeZone: configuration.timeZone,
  })
  let snapshot = Workflow.WorkflowSnapshot.initial({
    entityId: estimateNumber,
    tenantId: configuration.tenantId,
    definitionCode: estimateWorkflow.code,
  })
  for (const step of steps) {
    const at = yield* Time.BusinessClock.currentInstant
    const next = Workflow.WorkflowEngine.transition(estimateWorkflow, snapshot, {
      ...step,
      version: snapshot.version,
      at,
    })
    snapshot = yield* Effect.fromResult(next)
    console.log(`${estimateNumber}: ${step.type} by ${step.actor.userId} → ${snapshot.state}`)
  }
})

await Effect.runPromise(program.pipe(Effect.provide(Ids.IdSequence.layerMemory)))
