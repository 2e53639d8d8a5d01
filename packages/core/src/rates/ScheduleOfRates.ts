/**
 * Use cases of the schedule of rates (SOR-1..4, RATE-1..5) over the
 * `SorRepository`, `RateRepository` and `RateAnalysisRepository` ports. Each
 * validates the whole request first and writes last, in one repository
 * write, so a refused request changes nothing (ERR-2). Numbers come from the
 * tenant's `scheduleOfRates` series (ID-2).
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { fromProblems } from "../errors/ValidationFailed.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import type { Series } from "../ids/IdSeries.js"
import type * as Rate from "../money/Rate.js"
import type * as EffectivePeriod from "../time/EffectivePeriod.js"
import type { LocalDate } from "../time/LocalDate.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import { RateAnalysisRepository } from "./RateAnalysisRepository.js"
import { RateRepository } from "./RateRepository.js"
import * as Sor from "./Sor.js"
import * as SorRate from "./SorRate.js"
import { SorRepository } from "./SorRepository.js"
import * as StateSchedule from "./StateSchedule.js"

/**
 * Issues the next number of a series with the tenant's format (ID-1..3).
 *
 * @since 0.1.0
 * @category constructors
 */
export const issueNumberOf = (configuration: TenantConfiguration, series: Series) =>
  HumanNumber.issueNumber({
    tenantId: configuration.tenantId,
    cityCode: configuration.cityCode,
    series,
    idFormat: configuration.idFormats[series],
    timeZone: configuration.timeZone,
  })

/**
 * Fails with `VALIDATION_FAILED` when there is any problem.
 *
 * @since 0.1.0
 * @category constructors
 */
export const failOnProblems = (subject: string, problems: ReadonlyArray<FieldProblem>) => {
  const [first, ...rest] = problems
  return first === undefined ? Effect.void : Effect.fail(fromProblems(subject, [first, ...rest]))
}

const staleWhen = (options: {
  readonly entityId: string
  readonly expectedVersion: number
  readonly actualVersion: number
}) =>
  options.expectedVersion === options.actualVersion ? Effect.void : Effect.fail(new StaleVersion(options))

const duplicateOf = Effect.fn("Rates.duplicateOf")(function* (tenantId: TenantId, item: Sor.SorInput) {
  const repository = yield* SorRepository
  const active = yield* repository.search(tenantId, {
    sorType: item.sorType,
    ...(item.subType === undefined ? {} : { subType: item.subType }),
    ...(item.variant === undefined ? {} : { variant: item.variant }),
    status: "active",
  })
  return active.find((existing) => Sor.isSameItem(existing, item))
})

/**
 * Creates an SOR (SOR-1, SOR-2, SOR-4): every field problem at once, then
 * `SOR_DUPLICATE` naming the active item with the same type, sub type,
 * variant and description; then a new `SOR_…` code.
 *
 * @since 0.1.0
 * @category constructors
 */
export const createSor = Effect.fn("Rates.createSor")(function* (request: {
  readonly tenantId: TenantId
  readonly input: Sor.SorInput
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const { input } = request
  yield* failOnProblems("SOR", Sor.inputProblems(configuration.sorMasters, input))
  const duplicate = yield* duplicateOf(configuration.tenantId, input)
  if (duplicate !== undefined) {
    return yield* Effect.fail(
      new Sor.SorDuplicate({ existingCode: duplicate.code, description: duplicate.description }),
    )
  }
  const sor: Sor.Sor = {
    id: yield* EntityId.make,
    tenantId: configuration.tenantId,
    code: yield* issueNumberOf(configuration, "scheduleOfRates"),
    sorType: input.sorType,
    ...(input.subType === undefined ? {} : { subType: input.subType }),
    ...(input.variant === undefined ? {} : { variant: input.variant }),
    unit: input.unit,
    description: input.description.trim(),
    rateDefinedForQuantity: input.rateDefinedForQuantity,
    status: "active",
    version: 1,
  }
  yield* (yield* SorRepository).insert(sor)
  return sor
})

const referencingCodes = Effect.fn("Rates.referencingCodes")(function* (tenantId: TenantId, sorId: string) {
  const analyses = yield* (yield* RateAnalysisRepository).activeUsing(tenantId, sorId)
  const sors = yield* SorRepository
  const codes: Array<string> = []
  for (const analysis of analyses) {
    const works = yield* sors.get(tenantId, analysis.sorId)
    if (Sor.isActive(works)) codes.push(works.code)
  }
  return codes
})

/**
 * Makes an SOR inactive (SOR-2, SOR-3): refused with `SOR_REFERENCED` while
 * an active works SOR's rate analysis uses it. An inactive SOR is returned
 * as it is.
 *
 * @since 0.1.0
 * @category constructors
 */
export const deactivateSor = Effect.fn("Rates.deactivateSor")(function* (request: {
  readonly tenantId: TenantId
  readonly sorId: string
  readonly version: number
}) {
  const repository = yield* SorRepository
  const sor = yield* repository.get(request.tenantId, request.sorId)
  yield* staleWhen({ entityId: sor.code, expectedVersion: request.version, actualVersion: sor.version })
  if (!Sor.isActive(sor)) return sor
  const codes = yield* referencingCodes(request.tenantId, sor.id)
  if (codes.length > 0)
    return yield* Effect.fail(new Sor.SorReferenced({ sorCode: sor.code, referencingCodes: codes }))
  const next: Sor.Sor = { ...sor, status: "inactive", version: sor.version + 1 }
  yield* repository.update(next)
  return next
})

/**
 * Makes an inactive SOR active again (SOR-2): refused with `SOR_DUPLICATE`
 * when an active item with the same classification and description exists.
 *
 * @since 0.1.0
 * @category constructors
 */
export const reactivateSor = Effect.fn("Rates.reactivateSor")(function* (request: {
  readonly tenantId: TenantId
  readonly sorId: string
  readonly version: number
}) {
  const repository = yield* SorRepository
  const sor = yield* repository.get(request.tenantId, request.sorId)
  yield* staleWhen({ entityId: sor.code, expectedVersion: request.version, actualVersion: sor.version })
  if (Sor.isActive(sor)) return sor
  const duplicate = yield* duplicateOf(request.tenantId, sor)
  if (duplicate !== undefined) {
    return yield* Effect.fail(
      new Sor.SorDuplicate({ existingCode: duplicate.code, description: duplicate.description }),
    )
  }
  const next: Sor.Sor = { ...sor, status: "active", version: sor.version + 1 }
  yield* repository.update(next)
  return next
})

const periodOf = (window: {
  readonly effectiveFrom: LocalDate
  readonly effectiveTo?: LocalDate | undefined
}): EffectivePeriod.EffectivePeriod =>
  window.effectiveTo === undefined
    ? { effectiveFrom: window.effectiveFrom }
    : { effectiveFrom: window.effectiveFrom, effectiveTo: window.effectiveTo }

const periodProblems = (period: EffectivePeriod.EffectivePeriod): ReadonlyArray<FieldProblem> =>
  period.effectiveTo !== undefined && period.effectiveTo < period.effectiveFrom
    ? [
        {
          field: "effectiveTo",
          code: SorRate.rateProblemCodes.effectiveToBeforeFrom,
          message: `end the rate on or after its start, ${period.effectiveFrom}`,
        },
      ]
    : []

/**
 * Adds a window to an SOR's rates (RATE-2) and returns it with the window it
 * closed: writes the new window and the closed one together.
 *
 * @since 0.1.0
 * @category constructors
 */
export const addWindow = Effect.fn("Rates.addWindow")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly sor: Sor.Sor
  readonly heads: ReadonlyArray<SorRate.HeadAmount>
  readonly period: EffectivePeriod.EffectivePeriod
  readonly analysisCode?: string
}) {
  const { configuration, sor } = request
  const repository = yield* RateRepository
  const windows = yield* repository.windowsOf(configuration.tenantId, sor.id)
  const plan = yield* Effect.fromResult(
    SorRate.planWindow({ sorCode: sor.code, windows, period: request.period }),
  )
  const rate: SorRate.SorRate = {
    id: yield* EntityId.make,
    tenantId: configuration.tenantId,
    sorId: sor.id,
    sorCode: sor.code,
    heads: request.heads,
    rate: SorRate.rateOf({ heads: request.heads, scale: configuration.roundingScales.rateAnalysisAmount }),
    effectivePeriod: plan.period,
    source: request.analysisCode === undefined ? "entered" : "rateAnalysis",
    ...(request.analysisCode === undefined ? {} : { analysisCode: request.analysisCode }),
    version: 1,
  }
  yield* repository.save({ inserts: [rate], updates: Option.toArray(plan.closed) })
  return { rate, closed: plan.closed }
})

const worksHeadsProblems = (sor: Sor.Sor): ReadonlyArray<FieldProblem> => [
  {
    field: "sorId",
    code: Sor.sorUseProblemCodes.worksRateFromAnalysis,
    message: `${sor.code} is a works item: its rate comes from its rate analysis (RATE-5), not from entered heads`,
  },
]

const sorUseProblems = (sor: Sor.Sor): ReadonlyArray<FieldProblem> => [
  ...(Sor.isActive(sor)
    ? []
    : [
        {
          field: "sorId",
          code: Sor.sorUseProblemCodes.inactive,
          message: `${sor.code} is inactive; reactivate it before giving it a rate`,
        },
      ]),
  ...(Sor.isWorks(sor) ? worksHeadsProblems(sor) : []),
]

/**
 * Enters a rate for a material, labour or machinery SOR effective from a
 * date (RATE-1, RATE-2, RATE-5): head problems all at once; then
 * `RATE_BEFORE_CURRENT`; the open window is closed the day before.
 *
 * @since 0.1.0
 * @category constructors
 */
export const addRate = Effect.fn("Rates.addRate")(function* (request: {
  readonly tenantId: TenantId
  readonly sorId: string
  readonly heads: ReadonlyArray<SorRate.HeadAmount>
  readonly effectiveFrom: LocalDate
  readonly effectiveTo?: LocalDate
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const sor = yield* (yield* SorRepository).get(configuration.tenantId, request.sorId)
  const period = periodOf(request)
  yield* failOnProblems(`rate of ${sor.code}`, [
    ...sorUseProblems(sor),
    ...SorRate.headsProblems({
      masters: configuration.sorMasters,
      sorType: sor.sorType,
      heads: request.heads,
    }),
    ...periodProblems(period),
  ])
  return yield* addWindow({ configuration, sor, heads: request.heads, period })
})

/**
 * Modifies a rate window's heads or end date (RATE-4): it must change
 * something (`RATE_UNCHANGED`); the old version stays readable through
 * `rateVersions`. `effectiveTo: null` makes the window open-ended. Heads of a
 * works rate come from its analysis only (RATE-5).
 *
 * @since 0.1.0
 * @category constructors
 */
export const modifyRate = Effect.fn("Rates.modifyRate")(function* (request: {
  readonly tenantId: TenantId
  readonly rateId: string
  readonly version: number
  readonly heads?: ReadonlyArray<SorRate.HeadAmount>
  readonly effectiveTo?: LocalDate | null
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const repository = yield* RateRepository
  const existing = yield* repository.get(configuration.tenantId, request.rateId)
  yield* staleWhen({
    entityId: existing.sorCode,
    expectedVersion: request.version,
    actualVersion: existing.version,
  })
  const sor = yield* (yield* SorRepository).get(configuration.tenantId, existing.sorId)
  const heads = request.heads ?? existing.heads
  const effectiveTo =
    request.effectiveTo === undefined
      ? existing.effectivePeriod.effectiveTo
      : (request.effectiveTo ?? undefined)
  const period = periodOf({ effectiveFrom: existing.effectivePeriod.effectiveFrom, effectiveTo })
  if (SorRate.haveSameHeads(heads, existing.heads) && effectiveTo === existing.effectivePeriod.effectiveTo) {
    return yield* Effect.fail(
      new SorRate.RateUnchanged({
        sorCode: existing.sorCode,
        effectiveFrom: existing.effectivePeriod.effectiveFrom,
      }),
    )
  }
  const windows = yield* repository.windowsOf(configuration.tenantId, existing.sorId)
  yield* failOnProblems(`rate of ${existing.sorCode}`, [
    ...(request.heads !== undefined && Sor.isWorks(sor) ? worksHeadsProblems(sor) : []),
    ...SorRate.headsProblems({ masters: configuration.sorMasters, sorType: sor.sorType, heads }),
    ...SorRate.modifiedWindowProblems(existing, { windows, period }),
  ])
  const next: SorRate.SorRate = {
    ...existing,
    heads,
    rate: SorRate.rateOf({ heads, scale: configuration.roundingScales.rateAnalysisAmount }),
    effectivePeriod: period,
    version: existing.version + 1,
  }
  yield* repository.save({ inserts: [], updates: [next] })
  return next
})

/**
 * The rate of an SOR on a date (RATE-3), with the date it is for; fails
 * `NO_RATE_FOR_DATE` naming the SOR code and the date. A ULB reads its own
 * SOR, else its state's, with that SOR's windows (TEN-1, `StateSchedule`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const rateOnDate = Effect.fn("Rates.rateOnDate")(function* (request: {
  readonly tenantId: TenantId
  readonly sorId: string
  readonly date: LocalDate
}) {
  const sor = yield* StateSchedule.sorOf(request)
  const windows = yield* StateSchedule.windowsOf({ tenantId: request.tenantId, sorId: sor.id })
  const rate = yield* Effect.fromResult(SorRate.rateOn({ sorCode: sor.code, windows, date: request.date }))
  return { sor, rate, date: request.date }
})

/**
 * Every rate window of an SOR, in order of start date (RATE-4): the
 * tenant's own, else its state's (TEN-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const rateHistory = (request: { readonly tenantId: TenantId; readonly sorId: string }) =>
  StateSchedule.windowsOf(request)

/**
 * Every stored version of one rate window, oldest first (RATE-4): the
 * tenant's own, else its state's (TEN-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const rateVersions = (request: { readonly tenantId: TenantId; readonly rateId: string }) =>
  StateSchedule.versionsOf(request)

/**
 * The daily wage of a skill on a date (SOR-4, BILL-W-2): the skill is a
 * labour SOR code and the wage is its rate on that date. A ULB finds its own
 * labour SOR with the code, else its state's (TEN-1, `StateSchedule`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const dailyWage = Effect.fn("Rates.dailyWage")(function* (request: {
  readonly tenantId: TenantId
  readonly skillCode: string
  readonly date: LocalDate
}) {
  const found = yield* StateSchedule.sorByCode({ tenantId: request.tenantId, code: request.skillCode })
  if (Option.isNone(found)) {
    return yield* Effect.fail(
      fromProblems("skill", [
        {
          field: "skillCode",
          code: Sor.sorUseProblemCodes.notLabour,
          message: `${request.skillCode} is not a labour SOR of this tenant or its state; choose a skill from the labour items`,
        },
      ]),
    )
  }
  const skill = found.value
  yield* failOnProblems(
    "skill",
    skill.sorType === "L"
      ? []
      : [
          {
            field: "skillCode",
            code: Sor.sorUseProblemCodes.notLabour,
            message: `${skill.code} is not a labour SOR; a skill is a labour item`,
          },
        ],
  )
  const windows = yield* StateSchedule.windowsOf({ tenantId: request.tenantId, sorId: skill.id })
  const rate = yield* Effect.fromResult(SorRate.rateOn({ sorCode: skill.code, windows, date: request.date }))
  const wage: Rate.Rate = SorRate.toRate(rate)
  return { skill, rate, wage, date: request.date }
})
