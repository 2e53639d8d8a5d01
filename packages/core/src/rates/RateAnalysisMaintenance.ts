/**
 * Use cases of rate analysis (RA-1..6, RA-8, RATE-5): creating and editing a
 * works SOR's composition, analysing its rate on a date, publishing the
 * result as the works SOR's effective-dated rate, and reading the content per
 * unit. Every problem of a composition is reported at once (ERR-3), and every
 * refusal happens before the first write (ERR-2).
 *
 * Decisions where the spec is silent:
 * - a works SOR has at most one active analysis: a second one is refused
 *   (`RATE_ANALYSIS_EXISTS`); change it by editing (RA-6);
 * - creating an analysis publishes the works rate from the analysis's start;
 *   editing publishes it from `rateEffectiveFrom`, a date inside the
 *   analysis's window that the editor names, so rates already used by
 *   estimates before that date keep their value;
 * - publishing adds a window only where the heads differ from the rate in
 *   force on that date; a window starting on that very date is modified
 *   instead (RATE-2 refuses a second window with the same start);
 * - an edited analysis gets a new `CMP_…` code (ID-4: numbers are never
 *   reused); `replacesAnalysisId` links it to the one it replaced.
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import type { SorMasters, TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as EntityId from "../ids/EntityId.js"
import { assert } from "../internal/assert.js"
import type { Quantity } from "../money/Quantity.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type { Page, PageRequest } from "../persistence/Page.js"
import type * as EffectivePeriod from "../time/EffectivePeriod.js"
import type { LocalDate } from "../time/LocalDate.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import * as RateAnalysis from "./RateAnalysis.js"
import { RateAnalysisNotFound, RateAnalysisRepository } from "./RateAnalysisRepository.js"
import { RateRepository } from "./RateRepository.js"
import { addWindow, failOnProblems, issueNumberOf } from "./ScheduleOfRates.js"
import * as Sor from "./Sor.js"
import { basicSorTypes, heads as headCodes, isHead } from "./SorMasters.js"
import * as SorRate from "./SorRate.js"
import { SorRepository } from "./SorRepository.js"
import * as StateSchedule from "./StateSchedule.js"

/**
 * Most basic lines in one analysis: a composition of more items than this is
 * a schedule, not an analysis, and would be a typing error.
 *
 * @since 0.1.0
 * @category models
 */
export const basicLinesMax = 100

/**
 * Most additional charges in one analysis: one per head is the norm; 20
 * leaves room for several charges on a head.
 *
 * @since 0.1.0
 * @category models
 */
export const additionalChargesMax = 20

/**
 * What a clerk enters for a composition (RA-1).
 *
 * @since 0.1.0
 * @category models
 */
export interface CompositionInput {
  /** Qa, in the works SOR's unit; more than 0. */
  readonly analysisQuantity: Quantity
  readonly basicLines: ReadonlyArray<{ readonly sorId: string; readonly quantity: Quantity }>
  readonly additionalCharges: ReadonlyArray<RateAnalysis.AdditionalCharge>
}

/**
 * Problem codes of a composition (RA-1, RA-3, RA-6).
 *
 * @since 0.1.0
 * @category errors
 */
export const compositionProblemCodes = {
  analysisQuantityZero: "ANALYSIS_QUANTITY_ZERO",
  basicLinesEmpty: "BASIC_LINES_EMPTY",
  basicLinesTooMany: "BASIC_LINES_TOO_MANY",
  basicLineDuplicate: "BASIC_LINE_DUPLICATE",
  basicQuantityZero: "BASIC_QUANTITY_ZERO",
  sorUnknown: "SOR_UNKNOWN",
  chargesTooMany: "ADDITIONAL_CHARGES_TOO_MANY",
  chargeOnLabourCess: "CHARGE_ON_LABOUR_CESS",
  analysisExists: RateAnalysis.analysisExistsCode,
  analysisInactive: "RATE_ANALYSIS_INACTIVE",
  rateBeforeAnalysis: "RATE_EFFECTIVE_OUTSIDE_ANALYSIS",
} as const

const problem = (field: string, code: string, message: string, limit?: number): FieldProblem =>
  limit === undefined ? { field, code, message } : { field, code, message, limit: String(limit) }

const basicLineProblems = (
  line: CompositionInput["basicLines"][number],
  options: { readonly field: string; readonly sor: Sor.Sor | undefined; readonly isRepeated: boolean },
): ReadonlyArray<FieldProblem> => {
  const { field, sor } = options
  const sorProblems =
    sor === undefined
      ? [
          problem(
            `${field}.sorId`,
            compositionProblemCodes.sorUnknown,
            `${line.sorId} is not an SOR of this tenant; choose a material, labour or machinery item`,
          ),
        ]
      : [
          ...(basicSorTypes.includes(sor.sorType)
            ? []
            : [
                problem(
                  `${field}.sorId`,
                  Sor.sorUseProblemCodes.notBasic,
                  `${sor.code} is a works item; an analysis composes material, labour and machinery items only`,
                ),
              ]),
          ...(Sor.isActive(sor)
            ? []
            : [
                problem(
                  `${field}.sorId`,
                  Sor.sorUseProblemCodes.inactive,
                  `${sor.code} is inactive; choose an active item`,
                ),
              ]),
        ]
  return [
    ...sorProblems,
    ...(options.isRepeated
      ? [
          problem(
            `${field}.sorId`,
            compositionProblemCodes.basicLineDuplicate,
            "this item is already a line of the analysis; enter its total quantity on one line",
          ),
        ]
      : []),
    ...(line.quantity.isZero()
      ? [
          problem(
            `${field}.quantity`,
            compositionProblemCodes.basicQuantityZero,
            "enter the item's quantity per analysis quantity, more than 0",
          ),
        ]
      : []),
  ]
}

const chargeProblems = (
  masters: SorMasters,
  charges: CompositionInput["additionalCharges"],
): ReadonlyArray<FieldProblem> => [
  ...(charges.length > additionalChargesMax
    ? [
        problem(
          "additionalCharges",
          compositionProblemCodes.chargesTooMany,
          `enter at most ${additionalChargesMax} additional charges`,
          additionalChargesMax,
        ),
      ]
    : []),
  ...charges.flatMap((charge, index) => {
    const field = `additionalCharges[${index}]`
    if (!isHead(masters, charge.head))
      return [
        problem(
          `${field}.head`,
          SorRate.rateProblemCodes.headUnknown,
          `${charge.head} is not a rate head of this tenant`,
        ),
      ]
    if (charge.head === headCodes.labourCess)
      return [
        problem(
          `${field}.head`,
          compositionProblemCodes.chargeOnLabourCess,
          "labour cess is computed by the system (RA-4); add the charge to another head",
        ),
      ]
    return charge.calculation === "fixed" && charge.amount.decimalPlaces() > SorRate.headPlacesMax
      ? [
          problem(
            `${field}.amount`,
            SorRate.rateProblemCodes.headPlacesExceeded,
            `enter the charge with at most ${SorRate.headPlacesMax} decimal places`,
            SorRate.headPlacesMax,
          ),
        ]
      : []
  }),
]

const basicSorsOf = Effect.fn("Rates.basicSorsOf")(function* (tenantId: TenantId, input: CompositionInput) {
  const repository = yield* SorRepository
  const sors = yield* AggregateStore.findByIds(repository, {
    tenantId,
    ids: input.basicLines.slice(0, basicLinesMax).map((line) => line.sorId),
  })
  return new Map(sors.map((sor) => [sor.id as string, sor]))
})

const compositionProblems = (
  masters: SorMasters,
  options: {
    readonly works: Sor.Sor
    readonly input: CompositionInput
    readonly basics: ReadonlyMap<string, Sor.Sor>
  },
): ReadonlyArray<FieldProblem> => {
  const { works, input } = options
  return [
    ...(Sor.isWorks(works)
      ? []
      : [
          problem(
            "sorId",
            Sor.sorUseProblemCodes.notWorks,
            `${works.code} is not a works item; only works items have rate analyses`,
          ),
        ]),
    ...(Sor.isActive(works)
      ? []
      : [problem("sorId", Sor.sorUseProblemCodes.inactive, `${works.code} is inactive`)]),
    ...(input.analysisQuantity.isZero()
      ? [
          problem(
            "analysisQuantity",
            compositionProblemCodes.analysisQuantityZero,
            "enter the quantity the analysis is for, more than 0",
          ),
        ]
      : []),
    ...(input.basicLines.length === 0
      ? [
          problem(
            "basicLines",
            compositionProblemCodes.basicLinesEmpty,
            "add at least one material, labour or machinery line",
          ),
        ]
      : []),
    ...(input.basicLines.length > basicLinesMax
      ? [
          problem(
            "basicLines",
            compositionProblemCodes.basicLinesTooMany,
            `enter at most ${basicLinesMax} lines`,
            basicLinesMax,
          ),
        ]
      : []),
    ...input.basicLines.slice(0, basicLinesMax).flatMap((line, index) =>
      basicLineProblems(line, {
        field: `basicLines[${index}]`,
        sor: options.basics.get(line.sorId),
        isRepeated: input.basicLines.findIndex((other) => other.sorId === line.sorId) < index,
      }),
    ),
    ...chargeProblems(masters, input.additionalCharges),
  ]
}

const validated = Effect.fn("Rates.validatedComposition")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly works: Sor.Sor
  readonly input: CompositionInput
  readonly extra: ReadonlyArray<FieldProblem>
}) {
  const basics = yield* basicSorsOf(request.configuration.tenantId, request.input)
  yield* failOnProblems(`rate analysis of ${request.works.code}`, [
    ...compositionProblems(request.configuration.sorMasters, {
      works: request.works,
      input: request.input,
      basics,
    }),
    ...request.extra,
  ])
  return request.input.basicLines.map((line): RateAnalysis.BasicLine => {
    const sor = basics.get(line.sorId)
    assert(sor !== undefined, "validated lines name known SORs")
    return { sorId: sor.id, sorCode: sor.code, quantity: line.quantity }
  })
})

/**
 * Analyses a composition on a date (RA-2..5): reads each basic SOR's rate on
 * the date (`NO_RATE_FOR_DATE` names the first basic SOR without one). A
 * ULB reads its own basic SORs and rates, else its state's (TEN-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const analyseOn = Effect.fn("Rates.analyseOn")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly analysis: RateAnalysis.RateAnalysis
  readonly worksSor: Sor.Sor
  readonly date: LocalDate
}) {
  const { configuration, analysis } = request
  const { tenantId } = configuration
  const basicRates = new Map<string, RateAnalysis.BasicRate>()
  for (const line of analysis.basicLines) {
    const sor = yield* StateSchedule.sorOf({ tenantId, sorId: line.sorId })
    const rate = yield* StateSchedule.rateOn({ tenantId, sor, date: request.date })
    basicRates.set(line.sorId, { sor, rate })
  }
  return RateAnalysis.analyse({
    analysis,
    worksSor: request.worksSor,
    basicRates,
    labourCessPercentage: configuration.labourCessPercentage,
    scale: configuration.roundingScales.rateAnalysisAmount,
    analysisDate: request.date,
  })
})

/**
 * Publishes an analysis result as the works SOR's rate from a date (RATE-5,
 * RA-7): `unchanged` when the rate in force that day has the same heads,
 * `modified` when a window starts that day, otherwise `added` (closing the
 * open window, RATE-2; `RATE_BEFORE_CURRENT` when a later window exists).
 *
 * @since 0.1.0
 * @category constructors
 */
export const publishWorksRate = Effect.fn("Rates.publishWorksRate")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly sor: Sor.Sor
  readonly result: RateAnalysis.RateAnalysisResult
  readonly effectiveFrom: LocalDate
}) {
  const { configuration, sor, result, effectiveFrom } = request
  const repository = yield* RateRepository
  const own = { tenantId: configuration.tenantId, sorId: sor.id }
  const inForce = yield* StateSchedule.windowInForce({ ...own, date: effectiveFrom })
  if (Option.isSome(inForce) && SorRate.haveSameHeads(inForce.value.heads, result.heads)) {
    return { outcome: "unchanged" as const, rate: inForce.value }
  }
  const latest = Option.getOrUndefined(yield* StateSchedule.latestWindow(own))
  if (latest !== undefined && latest.effectivePeriod.effectiveFrom === effectiveFrom) {
    const next: SorRate.SorRate = {
      ...latest,
      heads: result.heads,
      rate: result.rate,
      analysisCode: result.analysisCode,
      version: latest.version + 1,
    }
    yield* repository.update({ aggregate: next, expectedVersion: latest.version, history: [next] })
    return { outcome: "modified" as const, rate: next }
  }
  const added = yield* addWindow({
    configuration,
    sor,
    heads: result.heads,
    period: { effectiveFrom },
    analysisCode: result.analysisCode,
  })
  return { outcome: "added" as const, rate: added.rate }
})

const periodOf = (window: {
  readonly effectiveFrom: LocalDate
  readonly effectiveTo?: LocalDate | undefined
}): EffectivePeriod.EffectivePeriod =>
  window.effectiveTo === undefined
    ? { effectiveFrom: window.effectiveFrom }
    : { effectiveFrom: window.effectiveFrom, effectiveTo: window.effectiveTo }

/**
 * Creates the rate analysis of a works SOR (RA-1) and publishes its rate
 * from the analysis's start (RATE-5).
 *
 * @since 0.1.0
 * @category constructors
 */
export const createRateAnalysis = Effect.fn("Rates.createRateAnalysis")(function* (request: {
  readonly tenantId: TenantId
  readonly sorId: string
  readonly input: CompositionInput
  readonly effectiveFrom: LocalDate
  readonly effectiveTo?: LocalDate
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const works = yield* (yield* SorRepository).get({ tenantId: configuration.tenantId, id: request.sorId })
  const existing = yield* AggregateStore.findFirst(yield* RateAnalysisRepository, {
    tenantId: configuration.tenantId,
    where: { sorId: works.id, status: "active" },
  })
  const basicLines = yield* validated({
    ...request,
    configuration,
    works,
    extra: Option.isSome(existing)
      ? [
          problem(
            "sorId",
            compositionProblemCodes.analysisExists,
            `${works.code} already has the active analysis ${existing.value.code}; edit it instead`,
          ),
        ]
      : [],
  })
  const analysis: RateAnalysis.RateAnalysis = {
    id: yield* EntityId.make,
    tenantId: configuration.tenantId,
    code: yield* issueNumberOf(configuration, "rateAnalysis"),
    sorId: works.id,
    sorCode: works.code,
    analysisQuantity: request.input.analysisQuantity,
    basicLines,
    additionalCharges: request.input.additionalCharges,
    effectivePeriod: periodOf(request),
    status: "active",
    version: 1,
  }
  const result = yield* analyseOn({ configuration, analysis, worksSor: works, date: request.effectiveFrom })
  const published = yield* publishWorksRate({
    configuration,
    sor: works,
    result,
    effectiveFrom: request.effectiveFrom,
  })
  yield* (yield* RateAnalysisRepository).insert({ aggregate: analysis })
  return { analysis, result, rate: published.rate }
})

/**
 * Edits a rate analysis (RA-6): the old analysis becomes inactive, then a
 * new one with the same effective window replaces it (a stale edit writes
 * nothing); the works rate is republished from `rateEffectiveFrom` (inside
 * the window).
 *
 * @since 0.1.0
 * @category constructors
 */
export const editRateAnalysis = Effect.fn("Rates.editRateAnalysis")(function* (request: {
  readonly tenantId: TenantId
  readonly analysisId: string
  readonly version: number
  readonly input: CompositionInput
  readonly rateEffectiveFrom: LocalDate
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const repository = yield* RateAnalysisRepository
  const old = yield* repository.get({ tenantId: configuration.tenantId, id: request.analysisId })
  const works = yield* (yield* SorRepository).get({ tenantId: configuration.tenantId, id: old.sorId })
  const extra: ReadonlyArray<FieldProblem> = [
    ...(old.status === "active"
      ? []
      : [
          problem(
            "analysisId",
            compositionProblemCodes.analysisInactive,
            `${old.code} was already replaced; edit the active analysis of ${works.code}`,
          ),
        ]),
    ...(request.rateEffectiveFrom < old.effectivePeriod.effectiveFrom ||
    (old.effectivePeriod.effectiveTo !== undefined &&
      request.rateEffectiveFrom > old.effectivePeriod.effectiveTo)
      ? [
          problem(
            "rateEffectiveFrom",
            compositionProblemCodes.rateBeforeAnalysis,
            `the new rate must take effect inside the analysis's window, from ${old.effectivePeriod.effectiveFrom}`,
          ),
        ]
      : []),
  ]
  if (old.version !== request.version) {
    return yield* Effect.fail(
      new StaleVersion({ entityId: old.code, expectedVersion: request.version, actualVersion: old.version }),
    )
  }
  const basicLines = yield* validated({ ...request, configuration, works, extra })
  const analysis: RateAnalysis.RateAnalysis = {
    ...old,
    id: yield* EntityId.make,
    code: yield* issueNumberOf(configuration, "rateAnalysis"),
    analysisQuantity: request.input.analysisQuantity,
    basicLines,
    additionalCharges: request.input.additionalCharges,
    replacesAnalysisId: old.id,
    version: 1,
  }
  const result = yield* analyseOn({
    configuration,
    analysis,
    worksSor: works,
    date: request.rateEffectiveFrom,
  })
  const published = yield* publishWorksRate({
    configuration,
    sor: works,
    result,
    effectiveFrom: request.rateEffectiveFrom,
  })
  yield* repository.update({
    aggregate: { ...old, status: "inactive", version: old.version + 1 },
    expectedVersion: old.version,
  })
  yield* repository.insert({ aggregate: analysis })
  return { analysis, replaced: old, result, rate: published.rate }
})

/**
 * Analyses a works SOR's rate on a date with its active analysis (RA-2..5);
 * `RATE_ANALYSIS_NOT_FOUND` when it has none. A ULB reads its own works SOR
 * and analysis, else its state's (TEN-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const analyseWorksSor = Effect.fn("Rates.analyseWorksSor")(function* (request: {
  readonly tenantId: TenantId
  readonly sorId: string
  readonly date: LocalDate
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const works = yield* StateSchedule.sorOf({ tenantId: configuration.tenantId, sorId: request.sorId })
  const analyses = yield* RateAnalysisRepository
  const active = yield* StateSchedule.firstFound(configuration.tenantId, (tenantId) =>
    AggregateStore.findFirst(analyses, { tenantId, where: { sorId: works.id, status: "active" } }),
  )
  if (Option.isNone(active)) {
    return yield* Effect.fail(
      new RateAnalysisNotFound({ tenantId: configuration.tenantId, reference: works.code }),
    )
  }
  return yield* analyseOn({ configuration, analysis: active.value, worksSor: works, date: request.date })
})

/**
 * The labour, material and machinery content of one unit of an SOR on a date
 * (RA-8): a works SOR's from its analysis; a basic SOR is its own content.
 * A ULB reads its own SOR, else its state's (TEN-1); amounts use the
 * requesting tenant's scale.
 *
 * @since 0.1.0
 * @category constructors
 */
export const contentPerUnitOf = Effect.fn("Rates.contentPerUnitOf")(function* (request: {
  readonly tenantId: TenantId
  readonly sorId: string
  readonly date: LocalDate
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const sor = yield* StateSchedule.sorOf({ tenantId: configuration.tenantId, sorId: request.sorId })
  if (Sor.isWorks(sor)) return RateAnalysis.contentPerUnit(yield* analyseWorksSor(request))
  const rate = yield* StateSchedule.rateOn({ tenantId: configuration.tenantId, sor, date: request.date })
  return RateAnalysis.basicContentPerUnit({
    sor,
    rate,
    analysisDate: request.date,
    scale: configuration.roundingScales.rateAnalysisAmount,
  })
})

/**
 * A page of the analyses of a works SOR, oldest first (RA-6 history): the
 * tenant's own, else its state's (TEN-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const analysisHistory = Effect.fn("Rates.analysisHistory")(function* (
  request: { readonly tenantId: TenantId; readonly sorId: string } & PageRequest,
) {
  const repository = yield* RateAnalysisRepository
  const where = { sorId: request.sorId }
  const holder = yield* StateSchedule.holderOf(request.tenantId, (tenantId) =>
    AggregateStore.findFirst(repository, { tenantId, where }),
  )
  if (Option.isNone(holder)) {
    const empty: Page<RateAnalysis.RateAnalysis> = { items: [], nextCursor: Option.none() }
    return empty
  }
  return yield* repository.find({
    tenantId: holder.value,
    where,
    limit: request.limit,
    cursor: request.cursor,
  })
})
