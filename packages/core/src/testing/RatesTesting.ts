/**
 * Test support of the rates module (spec 03-rates-estimates.md SOR, RATE,
 * RA): conformance suites of its repository ports, which every
 * implementation (memory, PGlite, server Postgres) runs with its own Layer,
 * a Layer of every rates port in memory, and record builders. Each suite
 * test draws fresh ids, so the suites also pass against a database that keeps
 * its state between runs.
 *
 * @since 0.1.0
 */
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Exit, Layer, Option } from "effect"
import type { SorType } from "../config/TenantConfiguration.js"
import * as TenantId from "../config/TenantId.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import * as IdSequence from "../ids/IdSequence.js"
import * as Amount from "../money/Amount.js"
import * as Quantity from "../money/Quantity.js"
import * as Rates from "../rates/index.js"
import type { RateAnalysis } from "../rates/RateAnalysis.js"
import * as RateAnalysisRepository from "../rates/RateAnalysisRepository.js"
import * as RateRepository from "../rates/RateRepository.js"
import type { RateRevisionJob } from "../rates/RateRevisionJob.js"
import * as RateRevisionJobRepository from "../rates/RateRevisionJobRepository.js"
import type { Sor } from "../rates/Sor.js"
import type { SorRate } from "../rates/SorRate.js"
import * as SorRepository from "../rates/SorRepository.js"
import * as LocalDate from "../time/LocalDate.js"

/**
 * Every rates port in memory, with an in-memory `IdSequence`.
 *
 * @since 0.1.0
 * @category testing
 */
export const ratesLayerMemory = Layer.mergeAll(Rates.layerMemory, IdSequence.layerMemory)

const suiteTenant = TenantId.makeUnsafe("od.suite")
const otherTenant = TenantId.makeUnsafe("od.suiteother")

/**
 * An SOR record for repository tests.
 *
 * @since 0.1.0
 * @category testing
 */
export const sorRecord = (options: {
  readonly id: EntityId.EntityId
  readonly code: string
  readonly sorType?: SorType
  readonly tenantId?: TenantId.TenantId
}): Sor => ({
  id: options.id,
  tenantId: options.tenantId ?? suiteTenant,
  code: HumanNumber.makeUnsafe(options.code),
  sorType: options.sorType ?? "M",
  unit: "CUM",
  description: `Item ${options.code}`,
  rateDefinedForQuantity: Quantity.makeUnsafe("1"),
  status: "active",
  version: 1,
})

/**
 * A rate window record for repository tests.
 *
 * @since 0.1.0
 * @category testing
 */
export const sorRateRecord = (options: {
  readonly id: EntityId.EntityId
  readonly sor: Sor
  readonly effectiveFrom: string
  readonly effectiveTo?: string
  readonly amount: string
}): SorRate => ({
  id: options.id,
  tenantId: options.sor.tenantId,
  sorId: options.sor.id,
  sorCode: options.sor.code,
  heads: [{ head: "MA", amount: Amount.makeUnsafe(options.amount) }],
  rate: Amount.makeUnsafe(options.amount),
  effectivePeriod:
    options.effectiveTo === undefined
      ? { effectiveFrom: LocalDate.makeUnsafe(options.effectiveFrom) }
      : {
          effectiveFrom: LocalDate.makeUnsafe(options.effectiveFrom),
          effectiveTo: LocalDate.makeUnsafe(options.effectiveTo),
        },
  source: "entered",
  version: 1,
})

const freshId = EntityId.make

const isStale = <A, E extends { readonly _tag: string }>(exit: Exit.Exit<A, E>): boolean =>
  Exit.isFailure(exit) && Option.exists(Exit.findErrorOption(exit), (error) => error._tag === "StaleVersion")

/**
 * The conformance suite of `SorRepository` (SOR-1..3, TEN-1, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const SorRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<SorRepository.SorRepository, E>,
): void => {
  describe(name, () => {
    it.effect("SOR-2: an inserted SOR is found by id and code in its tenant only", () =>
      Effect.gen(function* () {
        const repository = yield* SorRepository.SorRepository
        const id = yield* freshId
        const sor = sorRecord({ id, code: `SOR_${id.slice(0, 6)}` })
        yield* repository.insert(sor)
        assert.deepStrictEqual(yield* repository.get(suiteTenant, id), sor)
        assert.deepStrictEqual(yield* repository.findByCode(suiteTenant, sor.code), Option.some(sor))
        assert.isTrue(Option.isNone(yield* repository.findByCode(otherTenant, sor.code)))
        const missing = yield* Effect.exit(repository.get(otherTenant, id))
        assert.isTrue(Exit.isFailure(missing))
      }).pipe(Effect.provide(layer)),
    )

    it.effect(
      "SOR-3: an update names the next version; a stale update fails STALE_VERSION and changes nothing",
      () =>
        Effect.gen(function* () {
          const repository = yield* SorRepository.SorRepository
          const id = yield* freshId
          const sor = sorRecord({ id, code: `SOR_${id.slice(0, 6)}` })
          yield* repository.insert(sor)
          const inactive: Sor = { ...sor, status: "inactive", version: 2 }
          yield* repository.update(inactive)
          const stale = yield* Effect.exit(repository.update({ ...sor, description: "changed", version: 2 }))
          assert.isTrue(isStale(stale))
          assert.deepStrictEqual(yield* repository.get(suiteTenant, id), inactive)
        }).pipe(Effect.provide(layer)),
    )

    it.effect("SOR-1: search matches every given criterion and orders by code", () =>
      Effect.gen(function* () {
        const repository = yield* SorRepository.SorRepository
        const prefix = (yield* freshId).slice(0, 6)
        const labour = sorRecord({ id: yield* freshId, code: `SOR_${prefix}B`, sorType: "L" })
        const material = sorRecord({ id: yield* freshId, code: `SOR_${prefix}A` })
        yield* repository.insert(labour)
        yield* repository.insert(material)
        const codes = [labour.code, material.code]
        const both = yield* repository.search(suiteTenant, { codes })
        assert.deepStrictEqual(
          both.map((sor) => sor.code),
          [material.code, labour.code],
        )
        const labourOnly = yield* repository.search(suiteTenant, { codes, sorType: "L", status: "active" })
        assert.deepStrictEqual(labourOnly, [labour])
        assert.deepStrictEqual(yield* repository.search(otherTenant, { codes }), [])
      }).pipe(Effect.provide(layer)),
    )
  })
}

/**
 * The conformance suite of `RateRepository` (RATE-2, RATE-4, TEN-1, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const RateRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<RateRepository.RateRepository, E>,
): void => {
  describe(name, () => {
    it.effect("RATE-2: windows of an SOR are listed by start date; closing and adding is one write", () =>
      Effect.gen(function* () {
        const repository = yield* RateRepository.RateRepository
        const sor = sorRecord({ id: yield* freshId, code: "SOR_000001" })
        const first = sorRateRecord({ id: yield* freshId, sor, effectiveFrom: "2023-04-01", amount: "100" })
        yield* repository.save({ inserts: [first], updates: [] })
        const second = sorRateRecord({ id: yield* freshId, sor, effectiveFrom: "2024-01-01", amount: "110" })
        const closed: SorRate = {
          ...first,
          effectivePeriod: { ...first.effectivePeriod, effectiveTo: LocalDate.makeUnsafe("2023-12-31") },
          version: 2,
        }
        yield* repository.save({ inserts: [second], updates: [closed] })
        assert.deepStrictEqual(yield* repository.windowsOf(sor.tenantId, sor.id), [closed, second])
        assert.deepStrictEqual(yield* repository.windowsOf(otherTenant, sor.id), [])
      }).pipe(Effect.provide(layer)),
    )

    it.effect("RATE-4: every version of a window stays readable; a stale write writes nothing", () =>
      Effect.gen(function* () {
        const repository = yield* RateRepository.RateRepository
        const sor = sorRecord({ id: yield* freshId, code: "SOR_000002" })
        const first = sorRateRecord({ id: yield* freshId, sor, effectiveFrom: "2023-04-01", amount: "100" })
        yield* repository.save({ inserts: [first], updates: [] })
        const modified: SorRate = { ...first, rate: Amount.makeUnsafe("105"), version: 2 }
        yield* repository.save({ inserts: [], updates: [modified] })
        const extra = sorRateRecord({ id: yield* freshId, sor, effectiveFrom: "2025-01-01", amount: "1" })
        const stale = yield* Effect.exit(
          repository.save({ inserts: [extra], updates: [{ ...first, version: 2 }] }),
        )
        assert.isTrue(isStale(stale))
        assert.deepStrictEqual(yield* repository.versionsOf(sor.tenantId, first.id), [first, modified])
        assert.deepStrictEqual(yield* repository.windowsOf(sor.tenantId, sor.id), [modified])
        assert.deepStrictEqual(yield* repository.get(sor.tenantId, first.id), modified)
        assert.isTrue(Exit.isFailure(yield* Effect.exit(repository.get(sor.tenantId, extra.id))))
      }).pipe(Effect.provide(layer)),
    )
  })
}

const analysisRecord = (options: {
  readonly id: EntityId.EntityId
  readonly works: Sor
  readonly basic: Sor
  readonly code: string
}): RateAnalysis => ({
  id: options.id,
  tenantId: options.works.tenantId,
  code: HumanNumber.makeUnsafe(options.code),
  sorId: options.works.id,
  sorCode: options.works.code,
  analysisQuantity: Quantity.makeUnsafe("1"),
  basicLines: [
    { sorId: options.basic.id, sorCode: options.basic.code, quantity: Quantity.makeUnsafe("0.16") },
  ],
  additionalCharges: [],
  effectivePeriod: { effectiveFrom: LocalDate.makeUnsafe("2024-01-01") },
  status: "active",
  version: 1,
})

/**
 * The conformance suite of `RateAnalysisRepository` (RA-1, RA-6, SOR-3).
 *
 * @since 0.1.0
 * @category testing
 */
export const RateAnalysisRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<RateAnalysisRepository.RateAnalysisRepository, E>,
): void => {
  describe(name, () => {
    it.effect(
      "RA-6: replacing an analysis is one write; history keeps both, only the new one is active",
      () =>
        Effect.gen(function* () {
          const repository = yield* RateAnalysisRepository.RateAnalysisRepository
          const works = sorRecord({ id: yield* freshId, code: "SOR_000010", sorType: "W" })
          const basic = sorRecord({ id: yield* freshId, code: "SOR_000011", sorType: "L" })
          const old = analysisRecord({ id: yield* freshId, works, basic, code: "CMP_000001" })
          yield* repository.save({ inserts: [old], updates: [] })
          const replacement = {
            ...analysisRecord({ id: yield* freshId, works, basic, code: "CMP_000002" }),
            replacesAnalysisId: old.id,
          }
          const retired: RateAnalysis = { ...old, status: "inactive", version: 2 }
          yield* repository.save({ inserts: [replacement], updates: [retired] })
          assert.deepStrictEqual(
            yield* repository.activeForSor(works.tenantId, works.id),
            Option.some(replacement),
          )
          assert.deepStrictEqual(yield* repository.historyOfSor(works.tenantId, works.id), [
            retired,
            replacement,
          ])
          assert.deepStrictEqual(yield* repository.activeUsing(works.tenantId, basic.id), [replacement])
          assert.isTrue(
            (yield* repository.listActive(works.tenantId)).some((analysis) => analysis.id === replacement.id),
          )
          assert.isFalse(
            (yield* repository.listActive(works.tenantId)).some((analysis) => analysis.id === old.id),
          )
          assert.deepStrictEqual(yield* repository.get(works.tenantId, old.id), retired)
        }).pipe(Effect.provide(layer)),
    )

    it.effect(
      "RA-6: a stale replacement fails STALE_VERSION and writes nothing; other tenants see nothing",
      () =>
        Effect.gen(function* () {
          const repository = yield* RateAnalysisRepository.RateAnalysisRepository
          const works = sorRecord({ id: yield* freshId, code: "SOR_000012", sorType: "W" })
          const basic = sorRecord({ id: yield* freshId, code: "SOR_000013", sorType: "M" })
          const old = analysisRecord({ id: yield* freshId, works, basic, code: "CMP_000003" })
          yield* repository.save({ inserts: [old], updates: [] })
          const replacement = analysisRecord({ id: yield* freshId, works, basic, code: "CMP_000004" })
          const stale = yield* Effect.exit(
            repository.save({ inserts: [replacement], updates: [{ ...old, version: 3 }] }),
          )
          assert.isTrue(isStale(stale))
          assert.deepStrictEqual(yield* repository.historyOfSor(works.tenantId, works.id), [old])
          assert.isTrue(Option.isNone(yield* repository.activeForSor(otherTenant, works.id)))
          assert.isTrue(Exit.isFailure(yield* Effect.exit(repository.get(otherTenant, old.id))))
        }).pipe(Effect.provide(layer)),
    )
  })
}

/**
 * The conformance suite of `RateRevisionJobRepository` (RA-7).
 *
 * @since 0.1.0
 * @category testing
 */
export const RateRevisionJobRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<RateRevisionJobRepository.RateRevisionJobRepository, E>,
): void => {
  describe(name, () => {
    it.effect("RA-7: jobs are listed by number and status; updates are versioned", () =>
      Effect.gen(function* () {
        const repository = yield* RateRevisionJobRepository.RateRevisionJobRepository
        const tenantId = TenantId.makeUnsafe(`od.job${(yield* freshId).slice(0, 8).replace(/-/g, "")}`)
        const job = (code: string, id: EntityId.EntityId): RateRevisionJob => ({
          id,
          tenantId,
          code: HumanNumber.makeUnsafe(code),
          effectiveDate: LocalDate.makeUnsafe("2024-04-01"),
          status: "scheduled",
          outcomes: [],
          scheduledAt: DateTime.makeUnsafe("2024-03-01T00:00:00Z"),
          version: 1,
        })
        const second = job("JOB-2024-000002", yield* freshId)
        const first = job("JOB-2024-000001", yield* freshId)
        yield* repository.insert(second)
        yield* repository.insert(first)
        const done: RateRevisionJob = { ...first, status: "done", version: 2 }
        yield* repository.update(done)
        assert.isTrue(
          isStale(yield* Effect.exit(repository.update({ ...first, status: "failed", version: 2 }))),
        )
        assert.deepStrictEqual(yield* repository.list(tenantId, {}), [done, second])
        assert.deepStrictEqual(yield* repository.list(tenantId, { status: "scheduled" }), [second])
        assert.deepStrictEqual(yield* repository.get(tenantId, first.id), done)
        assert.isTrue(Exit.isFailure(yield* Effect.exit(repository.get(otherTenant, first.id))))
      }).pipe(Effect.provide(layer)),
    )
  })
}
