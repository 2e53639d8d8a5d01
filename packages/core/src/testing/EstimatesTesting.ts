/**
 * Test support of the estimates module (spec 03-rates-estimates.md EST):
 * conformance suites of its ports, which every implementation (memory,
 * PGlite, server Postgres; the measurement module for `MeasuredQuantities`)
 * runs with its own Layer, and a Layer of every rates and estimates port in
 * memory. Each suite test draws fresh ids.
 *
 * @since 0.1.0
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Option } from "effect"
import * as TenantId from "../config/TenantId.js"
import type { Estimate } from "../estimates/Estimate.js"
import * as EstimateRepository from "../estimates/EstimateRepository.js"
import type { EstimateTemplate } from "../estimates/EstimateTemplate.js"
import * as EstimateTemplateRepository from "../estimates/EstimateTemplateRepository.js"
import * as Estimates from "../estimates/index.js"
import * as MeasuredQuantities from "../estimates/MeasuredQuantities.js"
import type { Project } from "../estimates/Project.js"
import * as ProjectRepository from "../estimates/ProjectRepository.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import * as Amount from "../money/Amount.js"
import * as Quantity from "../money/Quantity.js"
import * as Rate from "../money/Rate.js"
import * as LocalDate from "../time/LocalDate.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import { ratesLayerMemory } from "./RatesTesting.js"

/**
 * Every rates and estimates port in memory (with `MeasuredQuantitiesMemory`
 * to record measured quantities) and an in-memory `IdSequence`.
 *
 * @since 0.1.0
 * @category testing
 */
export const estimatesLayerMemory = Layer.mergeAll(
  ratesLayerMemory,
  Estimates.layerMemory,
  MeasuredQuantities.layerMemory,
)

const suiteTenant = TenantId.makeUnsafe("od.suite")
const otherTenant = TenantId.makeUnsafe("od.suiteother")

const isStale = <A, E extends { readonly _tag: string }>(exit: Exit.Exit<A, E>): boolean =>
  Exit.isFailure(exit) && Option.exists(Exit.findErrorOption(exit), (error) => error._tag === "StaleVersion")

const projectRecord = (id: EntityId.EntityId, number: string): Project => ({
  id,
  tenantId: suiteTenant,
  number: HumanNumber.makeUnsafe(number),
  name: `Drain ${number}`,
  projectType: "DRAIN",
  location: "ward-1",
  estimatedCost: Amount.makeUnsafe("100000"),
  status: "active",
  version: 1,
})

/**
 * The conformance suite of `ProjectRepository`.
 *
 * @since 0.1.0
 * @category testing
 */
export const ProjectRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<ProjectRepository.ProjectRepository, E>,
): void => {
  describe(name, () => {
    it.effect(
      "EST-1: a project is found by id, number and search in its tenant only; updates are versioned",
      () =>
        Effect.gen(function* () {
          const repository = yield* ProjectRepository.ProjectRepository
          const id = yield* EntityId.make
          const project = projectRecord(id, `PJ/2024-25/${id.slice(0, 6)}`)
          yield* repository.insert(project)
          assert.deepStrictEqual(yield* repository.get(suiteTenant, id), project)
          assert.deepStrictEqual(
            yield* repository.findByNumber(suiteTenant, project.number),
            Option.some(project),
          )
          const closed: Project = { ...project, status: "closed", version: 2 }
          yield* repository.update(closed)
          assert.isTrue(isStale(yield* Effect.exit(repository.update({ ...project, version: 2 }))))
          const found = yield* repository.search(suiteTenant, {
            nameContains: project.name.toUpperCase(),
            status: "closed",
          })
          assert.deepStrictEqual(found, [closed])
          assert.deepStrictEqual(yield* repository.search(otherTenant, { nameContains: project.name }), [])
          assert.isTrue(Exit.isFailure(yield* Effect.exit(repository.get(otherTenant, id))))
        }).pipe(Effect.provide(layer)),
    )
  })
}

const estimateRecord = (options: {
  readonly id: EntityId.EntityId
  readonly projectId: EntityId.EntityId
  readonly number: string
  readonly revisionNumber: number
  readonly originalEstimateId: EntityId.EntityId
}): Estimate => ({
  id: options.id,
  tenantId: suiteTenant,
  number: HumanNumber.makeUnsafe(options.number),
  projectId: options.projectId,
  type: options.revisionNumber === 0 ? "original" : "revised",
  name: "Drain",
  estimateDate: LocalDate.makeUnsafe("2024-06-01"),
  lines: [],
  overheads: [],
  enteredOverheads: [],
  totals: {
    sorAmount: Amount.zero,
    nonSorAmount: Amount.zero,
    lineAmount: Amount.zero,
    overheadAmount: Amount.zero,
    total: Amount.zero,
    workOrderValue: Amount.zero,
  },
  createdBy: "junior-engineer",
  originalEstimateId: options.originalEstimateId,
  revisionNumber: options.revisionNumber,
  workflow: WorkflowSnapshot.initial({
    entityId: options.number,
    tenantId: suiteTenant,
    definitionCode: "estimate",
  }),
  version: 1,
})

/**
 * The conformance suite of `EstimateRepository` (EST-1, EST-7, WF-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const EstimateRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<EstimateRepository.EstimateRepository, E>,
): void => {
  describe(name, () => {
    it.effect("EST-7: a revision chain is listed by revision number; superseding is one write", () =>
      Effect.gen(function* () {
        const repository = yield* EstimateRepository.EstimateRepository
        const projectId = yield* EntityId.make
        const originalId = yield* EntityId.make
        const original = estimateRecord({
          id: originalId,
          projectId,
          number: `ES/${originalId.slice(0, 8)}`,
          revisionNumber: 0,
          originalEstimateId: originalId,
        })
        const revisionId = yield* EntityId.make
        const revision = {
          ...estimateRecord({
            id: revisionId,
            projectId,
            number: `RE/${revisionId.slice(0, 8)}`,
            revisionNumber: 1,
            originalEstimateId: originalId,
          }),
          previousEstimateId: originalId,
        }
        yield* repository.save({ inserts: [revision, original], updates: [] })
        const superseded: Estimate = { ...original, supersededById: revisionId, version: 2 }
        const approved: Estimate = { ...revision, version: 2 }
        yield* repository.save({ inserts: [], updates: [approved, superseded] })
        assert.deepStrictEqual(yield* repository.chainOf(suiteTenant, originalId), [superseded, approved])
        assert.deepStrictEqual(
          yield* repository.findByNumber(suiteTenant, original.number),
          Option.some(superseded),
        )
        assert.deepStrictEqual(
          yield* repository.search(suiteTenant, { projectId, type: "revised", state: "start" }),
          [approved],
        )
        assert.deepStrictEqual(yield* repository.chainOf(otherTenant, originalId), [])
      }).pipe(Effect.provide(layer)),
    )

    it.effect("WF-4: a stale write fails STALE_VERSION and writes nothing", () =>
      Effect.gen(function* () {
        const repository = yield* EstimateRepository.EstimateRepository
        const id = yield* EntityId.make
        const estimate = estimateRecord({
          id,
          projectId: yield* EntityId.make,
          number: `ES/${id.slice(0, 8)}`,
          revisionNumber: 0,
          originalEstimateId: id,
        })
        yield* repository.save({ inserts: [estimate], updates: [] })
        const other = { ...estimate, id: yield* EntityId.make }
        assert.isTrue(
          isStale(
            yield* Effect.exit(
              repository.save({ inserts: [other], updates: [{ ...estimate, name: "x", version: 3 }] }),
            ),
          ),
        )
        assert.deepStrictEqual(yield* repository.get(suiteTenant, id), estimate)
        assert.isTrue(Exit.isFailure(yield* Effect.exit(repository.get(suiteTenant, other.id))))
        assert.isTrue(Exit.isFailure(yield* Effect.exit(repository.get(otherTenant, id))))
      }).pipe(Effect.provide(layer)),
    )
  })
}

/**
 * The conformance suite of `EstimateTemplateRepository` (EST-10).
 *
 * @since 0.1.0
 * @category testing
 */
export const EstimateTemplateRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<EstimateTemplateRepository.EstimateTemplateRepository, E>,
): void => {
  describe(name, () => {
    it.effect("EST-10: templates are found by code and by project type and active flag", () =>
      Effect.gen(function* () {
        const repository = yield* EstimateTemplateRepository.EstimateTemplateRepository
        const id = yield* EntityId.make
        const projectType = `TYPE${id.slice(0, 6)}`
        const template: EstimateTemplate = {
          id,
          tenantId: suiteTenant,
          code: HumanNumber.makeUnsafe(`TMP_${id.slice(0, 6)}`),
          projectType,
          name: "Drain",
          description: "",
          isActive: true,
          items: [
            { category: "nonSor", description: "Sign board", unit: "NOS", rate: Rate.makeUnsafe("1500") },
          ],
          version: 1,
        }
        yield* repository.insert(template)
        assert.deepStrictEqual(
          yield* repository.findByCode(suiteTenant, template.code),
          Option.some(template),
        )
        const inactive: EstimateTemplate = { ...template, isActive: false, version: 2 }
        yield* repository.update(inactive)
        assert.isTrue(isStale(yield* Effect.exit(repository.update({ ...template, version: 2 }))))
        assert.deepStrictEqual(yield* repository.search(suiteTenant, { projectType, isActive: false }), [
          inactive,
        ])
        assert.deepStrictEqual(yield* repository.search(suiteTenant, { projectType, isActive: true }), [])
        assert.deepStrictEqual(yield* repository.get(suiteTenant, id), inactive)
        assert.isTrue(Exit.isFailure(yield* Effect.exit(repository.get(otherTenant, id))))
      }).pipe(Effect.provide(layer)),
    )
  })
}

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
