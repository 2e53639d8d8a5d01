/**
 * Shared set-up of the estimates tests: a MUKTA tenant, its workflow actors,
 * a clock on 2024-06-01 and helpers that build SORs, rates, projects and
 * estimates through the public use cases.
 */
import { Config, Estimates, Money, Persistence, Rates, Time, type Workflow } from "@karya/core"
import { estimatesLayerMemory } from "@karya/core/testing"
import { DateTime, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"

export const configuration = Config.TenantConfiguration.mukta({ tenantId: "od.dhenkanal", cityCode: "DK" })
export const tenantId = configuration.tenantId
export const masters = configuration.sorMasters
/** The estimates ports in memory, with the tenant's configuration. */
export const estimatesLayer = Layer.merge(
  estimatesLayerMemory,
  Config.TenantSettings.layerMemory([configuration]),
)
export const amount = Money.Amount.makeUnsafe
export const quantity = Money.Quantity.makeUnsafe
export const rate = Money.Rate.makeUnsafe
export const factor = Money.Measurement.makeFactorUnsafe
export const date = Time.LocalDate.makeUnsafe
export const text = (value: Money.Amount.Amount) => Money.Amount.toDecimalString(value, { scale: 2 })

export const actor = (userId: string, role: string): Workflow.Actor.Actor => ({
  userId,
  grants: [{ role, tenantId }],
})
export const creator = actor("junior-engineer", "ESTIMATE_CREATOR")
export const verifier = actor("executive-engineer", "ESTIMATE_VERIFIER")
export const sanctioner = actor("municipal-engineer", "TECHNICAL_SANCTIONER")
export const approver = actor("executive-officer", "ESTIMATE_APPROVER")

export const onDate = (iso: string) => TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(iso)))

/** A count-only plus row of `count` units. */
export const rows = (count: string): ReadonlyArray<Estimates.EstimateLine.MeasurementEntry> => [
  { name: "count", sign: "plus", number: factor(count) },
]

export const materialSor = (description: string, rateText: string) =>
  Effect.gen(function* () {
    const sor = yield* Rates.ScheduleOfRates.createSor({
      tenantId,
      input: { sorType: "M", unit: "CUM", description, rateDefinedForQuantity: quantity("1") },
    })
    yield* Rates.ScheduleOfRates.addRate({
      tenantId,
      sorId: sor.id,
      heads: [{ head: "MA", amount: amount(rateText) }],
      effectiveFrom: date("2024-01-01"),
    })
    return sor
  })

export const project = Estimates.ProjectRegistration.createProject({
  tenantId,
  input: {
    name: "Storm water drain, ward 3",
    projectType: "DRAIN",
    location: "DK-W3",
    estimatedCost: amount("200000"),
  },
})

/** The EST-5 estimate: SOR 1,00,000 (100 × ₹1000) + NON-SOR 20,000 (10 × ₹2000). */
export const est5Lines = (sorId: string): ReadonlyArray<Estimates.EstimateLine.LineInput> => [
  { category: "sor", sorId, measurements: rows("100") },
  {
    category: "nonSor",
    description: "Sign board",
    unit: "NOS",
    rate: rate("2000"),
    measurements: rows("10"),
  },
]

export const est5Draft = (action: Estimates.EstimateDrafting.FirstAction = "SAVE_AS_DRAFT") =>
  Effect.gen(function* () {
    yield* onDate("2024-06-01T05:00:00Z")
    const sor = yield* materialSor("Sand for filling", "1000")
    const parent = yield* project
    const estimate = yield* Estimates.EstimateDrafting.draftEstimate({
      tenantId,
      actor: creator,
      projectId: parent.id,
      name: "Drain ward 3",
      lines: est5Lines(sor.id),
      enteredOverheads: [],
      action,
    })
    return { sor, project: parent, estimate }
  })

export const act = (
  estimate: Estimates.Estimate.Estimate,
  action: string,
  who: Workflow.Actor.Actor,
  comment?: string,
) =>
  Estimates.EstimateWorkflow.takeEstimateAction({
    tenantId,
    actor: who,
    estimateId: estimate.id,
    version: estimate.version,
    action,
    ...(comment === undefined ? {} : { comment }),
  })

/** Takes a submitted estimate to APPROVED. */
export const approve = (submitted: Estimates.Estimate.Estimate) =>
  Effect.gen(function* () {
    const verified = yield* act(submitted, "VERIFY_AND_FORWARD", verifier)
    const sanctioned = yield* act(verified, "TECHNICAL_SANCTION", sanctioner)
    return yield* act(sanctioned, "APPROVE", approver)
  })

/** An approved EST-5 estimate. */
export const approvedEst5 = Effect.gen(function* () {
  const drafted = yield* est5Draft("SUBMIT")
  const approved = yield* approve(drafted.estimate)
  return { ...drafted, estimate: approved }
})

/** Lines carrying every line of `estimate` with new counts (in order). */
export const carried = (
  estimate: Estimates.Estimate.Estimate,
  counts: ReadonlyArray<string>,
): ReadonlyArray<Estimates.EstimateLine.LineInput> =>
  estimate.lines.map((line, index) =>
    line.category === "sor"
      ? {
          category: "sor",
          sorId: line.sorId,
          measurements: rows(counts[index] ?? "1"),
          previousLineId: line.id,
        }
      : {
          category: "nonSor",
          description: line.description,
          unit: line.unit,
          rate: line.rate,
          measurements: rows(counts[index] ?? "1"),
          previousLineId: line.id,
        },
  )

/** A snapshot of every estimate in the tenant, to compare before and after a refusal. */
export const estimatesState = Effect.gen(function* () {
  const repository = yield* Estimates.EstimateRepository.EstimateRepository
  return yield* Persistence.AggregateStore.findAll(
    repository,
    { tenantId, orderBy: "number" },
    { itemsMax: Persistence.Page.pageSizeMax },
  )
})
