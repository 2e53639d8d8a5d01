/**
 * Test support of the estimates module (spec 03-rates-estimates.md EST):
 * the store fixtures of its aggregates (projects, estimates, estimate
 * templates), whose `AggregateStoreSuite` every store implementation
 * (memory, PGlite, server Postgres) runs with its own Layer, with each
 * aggregate's own laws; the conformance suite of `MeasuredQuantities` (the
 * measurement module implements it); and a Layer of every rates and
 * estimates port in memory.
 *
 * @since 0.1.0
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import * as TenantId from "../config/TenantId.js"
import type { Estimate } from "../estimates/Estimate.js"
import * as EstimateRepository from "../estimates/EstimateRepository.js"
import type { EstimateTemplate } from "../estimates/EstimateTemplate.js"
import * as EstimateTemplateRepository from "../estimates/EstimateTemplateRepository.js"
import * as Estimates from "../estimates/index.js"
import * as MeasuredQuantities from "../estimates/MeasuredQuantities.js"
import { hasNameContaining, type Project } from "../estimates/Project.js"
import * as ProjectRepository from "../estimates/ProjectRepository.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import * as Amount from "../money/Amount.js"
import * as Quantity from "../money/Quantity.js"
import * as Rate from "../money/Rate.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as UnitOfWork from "../persistence/UnitOfWork.js"
import * as LocalDate from "../time/LocalDate.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import { type AggregateSeed, type AggregateStoreFixture, AggregateStoreSuite } from "./AggregateStoreSuite.js"
import type { ConformanceLaw } from "./ConformanceLaws.js"
import { ratesLayerMemory } from "./RatesTesting.js"
import { freshTenants } from "./RegistriesTesting.js"
/**
 * Every rates and estimates port in memory (with `MeasuredQuantitiesMemory`
 * to record measured quantities), an in-memory `IdSequence` and the memory
 * unit of work.
 *
 * @since 0.1.0
 * @category testing
 */
export const estimatesLayerMemory = Layer.mergeAll(
  ratesLayerMemory,
  Estimates.layerMemory,
  MeasuredQuantities.layerMemory,
  UnitOfWork.layerMemory,
)

// The `index`-th id of a tenant: a UUID of version 4 whose last group is the index.
const idOf = (index: number): EntityId.EntityId =>
  EntityId.makeUnsafe(`00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`)

const serialOf = (index: number): string => String(index).padStart(6, "0")

const pick = <T>(values: ReadonlyArray<T>, index: number): T => values[index % values.length] as T

const staleOf = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(effect), (error) => assert.strictEqual(error._tag, "StaleVersion"))

const isMissing = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>, tag: string) =>
  Effect.map(Effect.flip(effect), (error) => error._tag === tag)

// ---------------------------------------------------------------------------
// Projects

// Costs that repeat every few indexes and sort differently as text and as values.
const projectCosts = ["100000", "99999.50", "250000.25", "0", "1500"]

/**
 * The `index`-th project of a tenant (version 1): id and number from the
 * index; type, location, status and cost repeating every few indexes.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeProject = (seed: AggregateSeed): Project => ({
  id: idOf(seed.index),
  tenantId: seed.tenantId,
  number: HumanNumber.makeUnsafe(`PJ/2024-25/${serialOf(seed.index)}`),
  name: `Drain ${seed.index}`,
  projectType: pick(["DRAIN", "ROAD", "BUILDING"], seed.index),
  location: pick(["ward-1", "ward-2"], seed.index),
  estimatedCost: Amount.makeUnsafe(pick(projectCosts, seed.index)),
  status: seed.index % 3 === 0 ? "closed" : "active",
  version: 1,
})

const projectLaws: ReadonlyArray<ConformanceLaw<ProjectRepository.ProjectRepository>> = [
  [
    "EST-1: a project is found by id, number and search in its tenant only; updates are versioned",
    Effect.gen(function* () {
      const repository = yield* ProjectRepository.ProjectRepository
      const { state, ulb } = yield* freshTenants
      const project = { ...makeProject({ tenantId: ulb, index: 1 }), status: "active" as const }
      yield* repository.insert({ aggregate: project })
      assert.deepStrictEqual(yield* repository.get({ tenantId: ulb, id: project.id }), project)
      assert.deepStrictEqual(
        yield* AggregateStore.findFirst(repository, { tenantId: ulb, where: { number: project.number } }),
        Option.some(project),
      )
      const closed: Project = { ...project, status: "closed", version: 2 }
      yield* repository.update({ aggregate: closed, expectedVersion: 1 })
      yield* staleOf(repository.update({ aggregate: { ...project, version: 2 }, expectedVersion: 1 }))
      // API-5: the name is matched fuzzily on the page a find by its columns gives.
      const named = (
        tenantId: TenantId.TenantId,
        where: AggregateStore.Query<keyof typeof ProjectRepository.descriptor.columns>["where"],
      ) =>
        Effect.map(repository.find({ tenantId, where, orderBy: "number", limit: 100 }), (page) =>
          page.items.filter((each) => hasNameContaining(each, project.name.toUpperCase())),
        )
      assert.deepStrictEqual(yield* named(ulb, { status: "closed" }), [closed])
      const otherTenant = TenantId.makeUnsafe(`${state}.other`)
      assert.deepStrictEqual(yield* named(otherTenant, {}), [])
      assert.isTrue(
        yield* isMissing(repository.get({ tenantId: otherTenant, id: project.id }), "ProjectNotFound"),
      )
    }),
  ],
]

/**
 * Projects for `AggregateStoreSuite`, with their own laws.
 *
 * @since 0.1.0
 * @category testing
 */
export const projectFixture: AggregateStoreFixture<
  ProjectRepository.ProjectRepository,
  Project,
  keyof typeof ProjectRepository.descriptor.columns,
  never,
  ProjectRepository.ProjectNotFound,
  never
> = {
  port: ProjectRepository.ProjectRepository,
  descriptor: ProjectRepository.descriptor,
  make: makeProject,
  revise: (project) => ({
    ...project,
    version: project.version + 1,
    status: project.status === "active" ? "closed" : "active",
    estimatedCost: Amount.add(project.estimatedCost, Amount.makeUnsafe("1000.50")),
  }),
  laws: projectLaws,
}

/**
 * The conformance suite of `ProjectRepository` (EST-1, and every store law).
 *
 * @since 0.1.0
 * @category testing
 */
export const ProjectRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<ProjectRepository.ProjectRepository, E>,
): void => AggregateStoreSuite(name, layer, projectFixture)

// ---------------------------------------------------------------------------
// Estimates

const estimateTotals = ["155600", "1200.50", "99999.99", "0", "155600.00"]
const estimateDates = ["2024-06-01", "2023-12-31", "2024-02-29", "2025-01-15"]

const totalsOf = (total: Amount.Amount): Estimate["totals"] => ({
  sorAmount: total,
  nonSorAmount: Amount.zero,
  lineAmount: total,
  overheadAmount: Amount.zero,
  total,
  workOrderValue: total,
})

/**
 * The `index`-th estimate of a tenant (version 1): chains of three
 * (revision numbers 0, 1, 2, each revision naming the version before), of
 * four projects; every fifth estimate superseded; dates and totals
 * repeating every few indexes.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeEstimate = (seed: AggregateSeed): Estimate => {
  const { tenantId, index } = seed
  const revisionNumber = index % 3
  const number = HumanNumber.makeUnsafe(`${revisionNumber === 0 ? "ES" : "RE"}/2024-25/${serialOf(index)}`)
  return {
    id: idOf(index),
    tenantId,
    number,
    projectId: idOf(10_000 + (index % 4)),
    type: revisionNumber === 0 ? "original" : pick(["revised", "deviationStatement"] as const, index),
    name: `Drain ${index}`,
    estimateDate: LocalDate.makeUnsafe(pick(estimateDates, index)),
    lines: [],
    overheads: [],
    enteredOverheads: [],
    totals: totalsOf(Amount.makeUnsafe(pick(estimateTotals, index))),
    createdBy: "junior-engineer",
    originalEstimateId: idOf(index - revisionNumber),
    ...(revisionNumber === 0 ? {} : { previousEstimateId: idOf(index - 1) }),
    revisionNumber,
    ...(index % 5 === 1 ? { supersededById: idOf(index + 1) } : {}),
    workflow: WorkflowSnapshot.initial({ entityId: number, tenantId, definitionCode: "estimate" }),
    version: 1,
  }
}

const estimateLaws: ReadonlyArray<ConformanceLaw<EstimateRepository.EstimateRepository>> = [
  [
    "EST-7: a revision chain is listed by revision number; superseding is an update of each version",
    Effect.gen(function* () {
      const repository = yield* EstimateRepository.EstimateRepository
      const { state, ulb } = yield* freshTenants
      const original = makeEstimate({ tenantId: ulb, index: 3 })
      const revision: Estimate = { ...makeEstimate({ tenantId: ulb, index: 4 }), type: "revised" }
      const projectId = original.projectId
      const revisionOfProject: Estimate = { ...revision, projectId }
      yield* repository.insert({ aggregate: revisionOfProject })
      yield* repository.insert({ aggregate: original })
      const superseded: Estimate = { ...original, supersededById: revision.id, version: 2 }
      const approved: Estimate = { ...revisionOfProject, version: 2 }
      yield* repository.update({ aggregate: approved, expectedVersion: 1 })
      yield* repository.update({ aggregate: superseded, expectedVersion: 1 })
      const chainOf = (tenantId: TenantId.TenantId) =>
        AggregateStore.findAll(
          repository,
          { tenantId, where: { originalEstimateId: original.id }, orderBy: "revisionNumber" },
          { itemsMax: EstimateRepository.chainVersionsMax },
        )
      assert.deepStrictEqual(yield* chainOf(ulb), [superseded, approved])
      assert.deepStrictEqual(
        yield* AggregateStore.findFirst(repository, { tenantId: ulb, where: { number: original.number } }),
        Option.some(superseded),
      )
      const found = yield* repository.find({
        tenantId: ulb,
        where: { projectId, type: "revised", workflowState: "start" },
        orderBy: "number",
        limit: 100,
      })
      assert.deepStrictEqual(found.items, [approved])
      assert.deepStrictEqual(yield* chainOf(TenantId.makeUnsafe(`${state}.other`)), [])
    }),
  ],
]

/**
 * Estimates for `AggregateStoreSuite`, with their own laws.
 *
 * @since 0.1.0
 * @category testing
 */
export const estimateFixture: AggregateStoreFixture<
  EstimateRepository.EstimateRepository,
  Estimate,
  keyof typeof EstimateRepository.descriptor.columns,
  never,
  EstimateRepository.EstimateNotFound,
  never
> = {
  port: EstimateRepository.EstimateRepository,
  descriptor: EstimateRepository.descriptor,
  make: makeEstimate,
  revise: (estimate) => ({
    ...estimate,
    version: estimate.version + 1,
    name: `${estimate.name} (revised ${estimate.version + 1})`,
    totals: totalsOf(Amount.add(estimate.totals.total, Amount.makeUnsafe("100.25"))),
  }),
  laws: estimateLaws,
}

/**
 * The conformance suite of `EstimateRepository` (EST-1, EST-7, and every
 * store law).
 *
 * @since 0.1.0
 * @category testing
 */
export const EstimateRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<EstimateRepository.EstimateRepository, E>,
): void => AggregateStoreSuite(name, layer, estimateFixture)

// ---------------------------------------------------------------------------
// Estimate templates

/**
 * The `index`-th estimate template of a tenant (version 1): id and code from
 * the index; project type and active flag repeating.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeEstimateTemplate = (seed: AggregateSeed): EstimateTemplate => ({
  id: idOf(seed.index),
  tenantId: seed.tenantId,
  code: HumanNumber.makeUnsafe(`TMP_${serialOf(seed.index)}`),
  projectType: pick(["DRAIN", "ROAD", "BUILDING"], seed.index),
  name: `Drain ${seed.index}`,
  description: "",
  isActive: seed.index % 2 === 0,
  items: [{ category: "nonSor", description: "Sign board", unit: "NOS", rate: Rate.makeUnsafe("1500") }],
  version: 1,
})

const estimateTemplateLaws: ReadonlyArray<
  ConformanceLaw<EstimateTemplateRepository.EstimateTemplateRepository>
> = [
  [
    "EST-10: templates are found by code and by project type and active flag",
    Effect.gen(function* () {
      const repository = yield* EstimateTemplateRepository.EstimateTemplateRepository
      const { state, ulb } = yield* freshTenants
      const template = makeEstimateTemplate({ tenantId: ulb, index: 0 })
      const { projectType } = template
      yield* repository.insert({ aggregate: template })
      assert.deepStrictEqual(
        yield* AggregateStore.findFirst(repository, { tenantId: ulb, where: { code: template.code } }),
        Option.some(template),
      )
      const inactive: EstimateTemplate = { ...template, isActive: false, version: 2 }
      yield* repository.update({ aggregate: inactive, expectedVersion: 1 })
      yield* staleOf(repository.update({ aggregate: { ...template, version: 2 }, expectedVersion: 1 }))
      const ofType = (isActive: boolean) =>
        Effect.map(
          repository.find({ tenantId: ulb, where: { projectType, isActive }, orderBy: "code", limit: 100 }),
          (page) => page.items,
        )
      assert.deepStrictEqual(yield* ofType(false), [inactive])
      assert.deepStrictEqual(yield* ofType(true), [])
      assert.deepStrictEqual(yield* repository.get({ tenantId: ulb, id: template.id }), inactive)
      const otherTenant = TenantId.makeUnsafe(`${state}.other`)
      assert.isTrue(
        yield* isMissing(
          repository.get({ tenantId: otherTenant, id: template.id }),
          "EstimateTemplateNotFound",
        ),
      )
    }),
  ],
]

/**
 * Estimate templates for `AggregateStoreSuite`, with their own laws; the
 * `code` unique rule clashes on the holder's code.
 *
 * @since 0.1.0
 * @category testing
 */
export const estimateTemplateFixture: AggregateStoreFixture<
  EstimateTemplateRepository.EstimateTemplateRepository,
  EstimateTemplate,
  keyof typeof EstimateTemplateRepository.descriptor.columns,
  EstimateTemplateRepository.EstimateTemplateExists,
  EstimateTemplateRepository.EstimateTemplateNotFound,
  never
> = {
  port: EstimateTemplateRepository.EstimateTemplateRepository,
  descriptor: EstimateTemplateRepository.descriptor,
  make: makeEstimateTemplate,
  revise: (template) => ({
    ...template,
    version: template.version + 1,
    name: `${template.name} (revised ${template.version + 1})`,
    isActive: !template.isActive,
  }),
  clash: (holder, seed) => ({ ...makeEstimateTemplate(seed), version: seed.version, code: holder.code }),
  laws: estimateTemplateLaws,
}

/**
 * The conformance suite of `EstimateTemplateRepository` (EST-10, and every
 * store law).
 *
 * @since 0.1.0
 * @category testing
 */
export const EstimateTemplateRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<EstimateTemplateRepository.EstimateTemplateRepository, E>,
): void => AggregateStoreSuite(name, layer, estimateTemplateFixture)

/**
 * The store fixtures of the estimates module, one per aggregate.
 *
 * @since 0.1.0
 * @category testing
 */
export const estimatesStoreFixtures = [projectFixture, estimateFixture, estimateTemplateFixture] as const

const suiteTenant = TenantId.makeUnsafe("od.suite")
const otherTenant = TenantId.makeUnsafe("od.suiteother")

/**
 * The conformance suite of `MeasuredQuantities` (EST-7): implementations
 * come with a way to record measurements, passed as `record`.
 *
 * @since 0.1.0
 * @category testing
 */
export const MeasuredQuantitiesSuite = <E>(
  name: string,
  layer: Layer.Layer<MeasuredQuantities.MeasuredQuantities | MeasuredQuantities.MeasuredQuantitiesMemory, E>,
): void => {
  describe(name, () => {
    it.effect("EST-7: only measured lines are answered, with their latest quantity, per tenant", () =>
      Effect.gen(function* () {
        const port = yield* MeasuredQuantities.MeasuredQuantities
        const control = yield* MeasuredQuantities.MeasuredQuantitiesMemory
        const measuredLine = yield* EntityId.make
        const untouchedLine = yield* EntityId.make
        yield* control.record({
          tenantId: suiteTenant,
          estimateLineId: measuredLine,
          quantity: Quantity.makeUnsafe("3"),
        })
        yield* control.record({
          tenantId: suiteTenant,
          estimateLineId: measuredLine,
          quantity: Quantity.makeUnsafe("4.5"),
        })
        const answer = yield* port.measuredOf(suiteTenant, [measuredLine, untouchedLine])
        assert.deepStrictEqual([...answer.keys()], [measuredLine])
        assert.strictEqual(Quantity.toCanonicalString(answer.get(measuredLine) ?? Quantity.zero), "4.5")
        assert.strictEqual((yield* port.measuredOf(otherTenant, [measuredLine])).size, 0)
      }).pipe(Effect.provide(layer)),
    )
  })
}
