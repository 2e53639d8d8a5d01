/**
 * Use cases of the schedule of rates (SOR-1..4, RATE-1..5) over the
 * `SorRepository`, `RateRepository` and `RateAnalysisRepository` ports. Each
 * validates the whole request first and writes last, so a refused request
 * changes nothing (ERR-2); where one request writes two windows, the update
 * that may be stale goes first. Numbers come from the tenant's
 * `scheduleOfRates` series (ID-2).
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
import * as AggregateStore from "../persistence/AggregateStore.js"
import { type PageRequest, pageSizeMax } from "../persistence/Page.js"
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
  const found = yield* AggregateStore.findFirst(repository, {
    tenantId,
    where: {
      sorType: item.sorType,
      subType: item.subType ?? null,
      variant: item.variant ?? null,
      descriptionKey: Sor.toDescriptionKey(item.description),
      status: "active",
    },
  })
  return Option.getOrUndefined(found)
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
  yield* (yield* SorRepository).insert({ aggregate: sor })
  return sor
})

// The codes of the active works SORs whose active analyses use the SOR
// (SOR-3), by analysis code. The first page is enough: one refuses the
// change, and a page names plenty for the clerk to edit.
const referencingCodes = Effect.fn("Rates.referencingCodes")(function* (tenantId: TenantId, sorId: string) {
  const analyses = yield* (yield* RateAnalysisRepository).find({
    tenantId,
    where: { basicSorIds: sorId, status: "active" },
    orderBy: "code",
    limit: pageSizeMax,
  })
  const sors = yield* SorRepository
  const works = yield* AggregateStore.findByIds(sors, {
    tenantId,
    ids: analyses.items.map((analysis) => analysis.sorId),
  })
  return analyses.items.flatMap((analysis) => {
    const sor = works.find((each) => each.id === analysis.sorId)
    return sor !== undefined && Sor.isActive(sor) ? [sor.code] : []
  })
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
  const sor = yield* repository.get({ tenantId: request.tenantId, id: request.sorId })
  yield* staleWhen({ entityId: sor.code, expectedVersion: request.version, actualVersion: sor.version })
  if (!Sor.isActive(sor)) return sor
  const codes = yield* referencingCodes(request.tenantId, sor.id)
  if (codes.length > 0)
    return yield* Effect.fail(new Sor.SorReferenced({ sorCode: sor.code, referencingCodes: codes }))
  const next: Sor.Sor = { ...sor, status: "inactive", version: sor.version + 1 }
  yield* repository.update({ aggregate: next, expectedVersion: sor.version })
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
  const sor = yield* repository.get({ tenantId: request.tenantId, id: request.sorId })
  yield* staleWhen({ entityId: sor.code, expectedVersion: request.version, actualVersion: sor.version })
  if (Sor.isActive(sor)) return sor
  const duplicate = yield* duplicateOf(request.tenantId, sor)
  if (duplicate !== undefined) {
    return yield* Effect.fail(
      new Sor.SorDuplicate({ existingCode: duplicate.code, description: duplicate.description }),
    )
  }
  const next: Sor.Sor = { ...sor, status: "active", version: sor.version + 1 }
  yield* repository.update({ aggregate: next, expectedVersion: sor.version })
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
 * closed: closes the latest window first (a stale one writes nothing), then
 * adds the new one; each stored version goes to its window's history
 * (RATE-4).
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
  const latest = yield* StateSchedule.latestWindow({ tenantId: configuration.tenantId, sorId: sor.id })
  // The plan looks at the latest window only.
  const plan = yield* Effect.fromResult(
    SorRate.planWindow({ sorCode: sor.code, windows: Option.toArray(latest), period: request.period }),
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
  if (Option.isSome(plan.closed)) {
    const closed = plan.closed.value
    yield* repository.update({ aggregate: closed, expectedVersion: closed.version - 1, history: [closed] })
  }
  yield* repository.insert({ aggregate: rate, history: [rate] })
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
  const sor = yield* (yield* SorRepository).get({ tenantId: configuration.tenantId, id: request.sorId })
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
  const existing = yield* repository.get({ tenantId: configuration.tenantId, id: request.rateId })
  yield* staleWhen({
    entityId: existing.sorCode,
    expectedVersion: request.version,
    actualVersion: existing.version,
  })
  const sor = yield* (yield* SorRepository).get({ tenantId: configuration.tenantId, id: existing.sorId })
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
  // The window and the next one: the start never changes, so a new end can
  // reach only into the next window (earlier ones end before the start).
  const neighbours = yield* repository.find({
    tenantId: configuration.tenantId,
    where: { sorId: existing.sorId, effectiveFrom: { from: existing.effectivePeriod.effectiveFrom } },
    orderBy: "effectiveFrom",
    limit: 2,
  })
  const windows = neighbours.items
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
  yield* repository.update({ aggregate: next, expectedVersion: existing.version, history: [next] })
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
  const rate = yield* StateSchedule.rateOn({ tenantId: request.tenantId, sor, date: request.date })
  return { sor, rate, date: request.date }
})

/**
 * A page of the rate windows of an SOR, in order of start date (RATE-4):
 * the tenant's own, else its state's (TEN-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const rateHistory = (request: { readonly tenantId: TenantId; readonly sorId: string } & PageRequest) =>
  StateSchedule.windowsOf(request)

/**
 * A page of the stored versions of one rate window, oldest first (RATE-4):
 * the tenant's own, else its state's (TEN-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const rateVersions = (
  request: { readonly tenantId: TenantId; readonly rateId: string } & PageRequest,
) => StateSchedule.versionsOf(request)

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
  const rate = yield* StateSchedule.rateOn({ tenantId: request.tenantId, sor: skill, date: request.date })
  const wage: Rate.Rate = SorRate.toRate(rate)
  return { skill, rate, wage, date: request.date }
})
