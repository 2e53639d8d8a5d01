/**
 * Test support of the rates module (spec 03-rates-estimates.md SOR, RATE,
 * RA): the `AggregateStoreSuite` fixtures of its stores, each carrying the
 * store's own domain laws, and the conformance suites every implementation
 * (memory, PGlite, server Postgres) runs with its own Layer; a Layer of every
 * rates port in memory, and record builders. Each domain law draws fresh ids,
 * so the suites also pass against a database that keeps its state between
 * runs.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { DateTime, Effect, Exit, Layer, Option } from "effect"
import type { SorType } from "../config/TenantConfiguration.js"
import * as TenantId from "../config/TenantId.js"
import type { ValidationFailed } from "../errors/ValidationFailed.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import * as IdSequence from "../ids/IdSequence.js"
import * as Amount from "../money/Amount.js"
import * as Quantity from "../money/Quantity.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as Rates from "../rates/index.js"
import type { RateAnalysis } from "../rates/RateAnalysis.js"
import * as RateAnalysisRepository from "../rates/RateAnalysisRepository.js"
import * as RateRepository from "../rates/RateRepository.js"
import type { RateRevisionJob } from "../rates/RateRevisionJob.js"
import * as RateRevisionJobRepository from "../rates/RateRevisionJobRepository.js"
import type { Sor } from "../rates/Sor.js"
import type * as SorRateModule from "../rates/SorRate.js"
import type { SorRate } from "../rates/SorRate.js"
import * as SorRepository from "../rates/SorRepository.js"
import * as LocalDate from "../time/LocalDate.js"
import { type AggregateSeed, type AggregateStoreFixture, AggregateStoreSuite } from "./AggregateStoreSuite.js"
import type { ConformanceLaw } from "./ConformanceLaws.js"

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
 * The id of the `index`-th record of a kind in a fixture: a version-4 UUID
 * built from the two numbers, so seeds give ids without randomness.
 *
 * @since 0.1.0
 * @category testing
 */
export const seededId = (kind: number, index: number): EntityId.EntityId =>
  EntityId.makeUnsafe(
    `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${index.toString(16).padStart(12, "0")}`,
  )

const pick = <T>(values: ReadonlyArray<T>, index: number): T => values[index % values.length] as T

// ---------------------------------------------------------------------------
// SORs

const sorTypes: ReadonlyArray<SorType> = ["M", "L", "E", "W"]

/**
 * The `index`-th SOR of a tenant: codes repeat every three indexes (no rule
 * makes them unique), sub type and variant absent on every other one.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeSor = (seed: AggregateSeed): Sor => {
  const { tenantId, index } = seed
  const classified = index % 2 === 0 ? { subType: `ST${index % 3}`, variant: `V${index % 5}` } : {}
  return {
    id: seededId(1, index),
    tenantId,
    code: HumanNumber.makeUnsafe(`SOR_00000${index % 3}`),
    sorType: pick(sorTypes, index),
    ...classified,
    unit: pick(["CUM", "NOS", "MT"], index),
    description: `Item ${index}  of the schedule`,
    rateDefinedForQuantity: Quantity.makeUnsafe(String(1 + (index % 2) * 999)),
    status: index % 3 === 2 ? "inactive" : "active",
    version: 1,
  }
}

const sorLaws: ReadonlyArray<ConformanceLaw<SorRepository.SorRepository>> = [
  [
    "SOR-2: an inserted SOR is found by id and code in its tenant only",
    Effect.gen(function* () {
      const repository = yield* SorRepository.SorRepository
      const id = yield* freshId
      const sor = sorRecord({ id, code: `SOR_${id.slice(0, 6)}` })
      yield* repository.insert({ aggregate: sor })
      assert.deepStrictEqual(yield* repository.get({ tenantId: suiteTenant, id }), sor)
      const byCode = (tenantId: TenantId.TenantId) =>
        AggregateStore.findFirst(repository, { tenantId, where: { code: sor.code } })
      assert.deepStrictEqual(yield* byCode(suiteTenant), Option.some(sor))
      assert.isTrue(Option.isNone(yield* byCode(otherTenant)))
      const missing = yield* Effect.exit(repository.get({ tenantId: otherTenant, id }))
      assert.isTrue(Exit.isFailure(missing))
    }),
  ],
  [
    "SOR-3: an update names the next version; a stale update fails STALE_VERSION and changes nothing",
    Effect.gen(function* () {
      const repository = yield* SorRepository.SorRepository
      const id = yield* freshId
      const sor = sorRecord({ id, code: `SOR_${id.slice(0, 6)}` })
      yield* repository.insert({ aggregate: sor })
      const inactive: Sor = { ...sor, status: "inactive", version: 2 }
      yield* repository.update({ aggregate: inactive, expectedVersion: 1 })
      const stale = yield* Effect.exit(
        repository.update({ aggregate: { ...sor, description: "changed", version: 2 }, expectedVersion: 1 }),
      )
      assert.isTrue(isStale(stale))
      assert.deepStrictEqual(yield* repository.get({ tenantId: suiteTenant, id }), inactive)
    }),
  ],
  [
    "SOR-1: search matches every given criterion and orders by code",
    Effect.gen(function* () {
      const repository = yield* SorRepository.SorRepository
      const prefix = (yield* freshId).slice(0, 6)
      const labour = sorRecord({ id: yield* freshId, code: `SOR_${prefix}B`, sorType: "L" })
      const material = sorRecord({ id: yield* freshId, code: `SOR_${prefix}A` })
      yield* repository.insert({ aggregate: labour })
      yield* repository.insert({ aggregate: material })
      const codes = [labour.code, material.code]
      const search = (
        tenantId: TenantId.TenantId,
        where: AggregateStore.Query<"code" | "sorType" | "status">["where"],
      ) => Effect.map(repository.find({ tenantId, where, orderBy: "code", limit: 100 }), (page) => page.items)
      const both = yield* search(suiteTenant, { code: codes })
      assert.deepStrictEqual(
        both.map((sor) => sor.code),
        [material.code, labour.code],
      )
      const labourOnly = yield* search(suiteTenant, { code: codes, sorType: "L", status: "active" })
      assert.deepStrictEqual(labourOnly, [labour])
      assert.deepStrictEqual(yield* search(otherTenant, { code: codes }), [])
    }),
  ],
  [
    "SOR-2: an active item is found by type, sub type, variant and description key; an absent sub type or variant is null",
    Effect.gen(function* () {
      const repository = yield* SorRepository.SorRepository
      const prefix = (yield* freshId).slice(0, 6)
      const works: Sor = {
        ...sorRecord({ id: yield* freshId, code: `SOR_${prefix}W`, sorType: "W" }),
        subType: "EW",
        variant: "BS",
        description: "Earth work  in Ordinary soil",
      }
      const material: Sor = {
        ...sorRecord({ id: yield* freshId, code: `SOR_${prefix}M` }),
        description: "Sand",
      }
      yield* repository.insert({ aggregate: works })
      yield* repository.insert({ aggregate: material })
      const activeItem = (where: {
        readonly sorType: SorType
        readonly subType: string | null
        readonly variant: string | null
        readonly descriptionKey: string
      }) =>
        AggregateStore.findFirst(repository, { tenantId: suiteTenant, where: { ...where, status: "active" } })
      const earthWork = { sorType: "W" as const, descriptionKey: "earth work in ordinary soil" }
      assert.deepStrictEqual(
        yield* activeItem({ ...earthWork, subType: "EW", variant: "BS" }),
        Option.some(works),
      )
      assert.isTrue(Option.isNone(yield* activeItem({ ...earthWork, subType: null, variant: "BS" })))
      assert.deepStrictEqual(
        yield* activeItem({ sorType: "M", subType: null, variant: null, descriptionKey: "sand" }),
        Option.some(material),
      )
      yield* repository.update({
        aggregate: { ...material, status: "inactive", version: 2 },
        expectedVersion: 1,
      })
      assert.isTrue(
        Option.isNone(
          yield* activeItem({ sorType: "M", subType: null, variant: null, descriptionKey: "sand" }),
        ),
      )
    }),
  ],
]

/**
 * The SORs of `AggregateStoreSuite`, with the SOR store's own laws.
 *
 * @since 0.1.0
 * @category testing
 */
export const sorFixture: AggregateStoreFixture<
  SorRepository.SorRepository,
  Sor,
  keyof typeof SorRepository.descriptor.columns,
  never,
  SorRepository.SorNotFound,
  never
> = {
  port: SorRepository.SorRepository,
  descriptor: SorRepository.descriptor,
  make: makeSor,
  revise: (sor) => ({
    ...sor,
    version: sor.version + 1,
    code: HumanNumber.makeUnsafe(`${sor.code}R${sor.version + 1}`),
    description: `${sor.description}, revised`,
    status: sor.status === "active" ? "inactive" : "active",
  }),
  laws: sorLaws,
}

/**
 * The conformance suite of `SorRepository` (SOR-1..3, TEN-1, DB-4, and the
 * laws of every store).
 *
 * @since 0.1.0
 * @category testing
 */
export const SorRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<SorRepository.SorRepository, E>,
): void => AggregateStoreSuite(name, layer, sorFixture)

// ---------------------------------------------------------------------------
// Rate windows

const windowStarts = ["2023-04-01", "2024-01-01", "2022-12-31", "2024-02-29"]
const windowAmounts = ["831.15", "524.70", "9.5", "352", "100.05"]

/**
 * The `index`-th rate window of a tenant: each of another SOR (so no two
 * share an SOR and start), starts repeating every four indexes, open-ended
 * on every third one.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeSorRate = (seed: AggregateSeed): SorRate => {
  const { tenantId, index } = seed
  const effectiveFrom = pick(windowStarts, index)
  const amount = pick(windowAmounts, index)
  return {
    id: seededId(2, index),
    tenantId,
    sorId: seededId(1, index),
    sorCode: HumanNumber.makeUnsafe(`SOR_${String(index).padStart(6, "0")}`),
    heads: [{ head: "MA", amount: Amount.makeUnsafe(amount) }],
    rate: Amount.makeUnsafe(amount),
    effectivePeriod:
      index % 3 === 0
        ? { effectiveFrom: LocalDate.makeUnsafe(effectiveFrom) }
        : {
            effectiveFrom: LocalDate.makeUnsafe(effectiveFrom),
            effectiveTo: LocalDate.makeUnsafe(`${Number(effectiveFrom.slice(0, 4)) + 1}-03-31`),
          },
    source: index % 2 === 0 ? "entered" : "rateAnalysis",
    ...(index % 2 === 0 ? {} : { analysisCode: `CMP_${String(index).padStart(6, "0")}` }),
    version: 1,
  }
}

const rateLaws: ReadonlyArray<ConformanceLaw<RateRepository.RateRepository>> = [
  [
    "RATE-2: windows of an SOR are listed by start date; the closed window and the next are both stored",
    Effect.gen(function* () {
      const repository = yield* RateRepository.RateRepository
      const sor = sorRecord({ id: yield* freshId, code: "SOR_000001" })
      const first = sorRateRecord({ id: yield* freshId, sor, effectiveFrom: "2023-04-01", amount: "100" })
      yield* repository.insert({ aggregate: first, history: [first] })
      const second = sorRateRecord({ id: yield* freshId, sor, effectiveFrom: "2024-01-01", amount: "110" })
      const closed: SorRate = {
        ...first,
        effectivePeriod: { ...first.effectivePeriod, effectiveTo: LocalDate.makeUnsafe("2023-12-31") },
        version: 2,
      }
      yield* repository.update({ aggregate: closed, expectedVersion: 1, history: [closed] })
      yield* repository.insert({ aggregate: second, history: [second] })
      const windowsOf = (tenantId: TenantId.TenantId) =>
        Effect.map(
          repository.find({ tenantId, where: { sorId: sor.id }, orderBy: "effectiveFrom", limit: 100 }),
          (page) => page.items,
        )
      assert.deepStrictEqual(yield* windowsOf(sor.tenantId), [closed, second])
      assert.deepStrictEqual(yield* windowsOf(otherTenant), [])
    }),
  ],
  [
    "RATE-4: every version of a window stays readable; a stale write writes nothing",
    Effect.gen(function* () {
      const repository = yield* RateRepository.RateRepository
      const sor = sorRecord({ id: yield* freshId, code: "SOR_000002" })
      const first = sorRateRecord({ id: yield* freshId, sor, effectiveFrom: "2023-04-01", amount: "100" })
      yield* repository.insert({ aggregate: first, history: [first] })
      const modified: SorRate = { ...first, rate: Amount.makeUnsafe("105"), version: 2 }
      yield* repository.update({ aggregate: modified, expectedVersion: 1, history: [modified] })
      const extra = sorRateRecord({ id: yield* freshId, sor, effectiveFrom: "2025-01-01", amount: "1" })
      // A writer updates the window it read before it adds the next one.
      const staleClosed: SorRate = { ...first, version: 2 }
      const stale = yield* Effect.exit(
        Effect.andThen(
          repository.update({ aggregate: staleClosed, expectedVersion: 1, history: [staleClosed] }),
          repository.insert({ aggregate: extra, history: [extra] }),
        ),
      )
      assert.isTrue(isStale(stale))
      const versions = yield* repository.history({ tenantId: sor.tenantId, id: first.id, limit: 100 })
      assert.deepStrictEqual(versions.items, [first, modified])
      const windows = yield* repository.find({
        tenantId: sor.tenantId,
        where: { sorId: sor.id },
        orderBy: "effectiveFrom",
        limit: 100,
      })
      assert.deepStrictEqual(windows.items, [modified])
      assert.deepStrictEqual(yield* repository.get({ tenantId: sor.tenantId, id: first.id }), modified)
      assert.isTrue(
        Exit.isFailure(yield* Effect.exit(repository.get({ tenantId: sor.tenantId, id: extra.id }))),
      )
    }),
  ],
  [
    "RATE-3: the window in force on a date is the latest start on or before it, unless it has ended",
    Effect.gen(function* () {
      const repository = yield* RateRepository.RateRepository
      const sor = sorRecord({ id: yield* freshId, code: "SOR_000003" })
      const windows = [
        sorRateRecord({
          id: yield* freshId,
          sor,
          effectiveFrom: "2023-04-01",
          effectiveTo: "2023-12-31",
          amount: "1",
        }),
        sorRateRecord({
          id: yield* freshId,
          sor,
          effectiveFrom: "2024-01-01",
          effectiveTo: "2024-03-31",
          amount: "2",
        }),
        sorRateRecord({ id: yield* freshId, sor, effectiveFrom: "2024-06-01", amount: "3" }),
      ]
      for (const window of windows) yield* repository.insert({ aggregate: window, history: [window] })
      const inForce = (on: string) =>
        Effect.map(
          AggregateStore.findFirst(repository, {
            tenantId: sor.tenantId,
            where: { sorId: sor.id, effectiveFrom: { to: on } },
            orderBy: "effectiveFrom",
            direction: "descending",
          }),
          (found) => Option.getOrUndefined(found),
        )
      assert.isUndefined(yield* inForce("2023-03-31"))
      assert.strictEqual((yield* inForce("2023-12-31"))?.id, windows[0]?.id)
      assert.strictEqual((yield* inForce("2024-01-01"))?.id, windows[1]?.id)
      assert.strictEqual((yield* inForce("2024-05-31"))?.id, windows[1]?.id, "ended: its end date says so")
      assert.strictEqual((yield* inForce("2030-01-01"))?.id, windows[2]?.id)
    }),
  ],
  [
    "RATE-2: a second window of an SOR with the same start fails RATE_BEFORE_CURRENT and stores nothing",
    Effect.gen(function* () {
      const repository = yield* RateRepository.RateRepository
      const sor = sorRecord({ id: yield* freshId, code: "SOR_000004" })
      const first = sorRateRecord({ id: yield* freshId, sor, effectiveFrom: "2024-01-01", amount: "100" })
      yield* repository.insert({ aggregate: first, history: [first] })
      const again = sorRateRecord({ id: yield* freshId, sor, effectiveFrom: "2024-01-01", amount: "110" })
      const refused = yield* Effect.flip(repository.insert({ aggregate: again, history: [again] }))
      assert.strictEqual(refused._tag, "RateBeforeCurrent")
      assert.isTrue(
        Exit.isFailure(yield* Effect.exit(repository.get({ tenantId: sor.tenantId, id: again.id }))),
      )
    }),
  ],
]

/**
 * The rate windows of `AggregateStoreSuite`, with the rate store's own laws.
 *
 * @since 0.1.0
 * @category testing
 */
export const sorRateFixture: AggregateStoreFixture<
  RateRepository.RateRepository,
  SorRate,
  keyof typeof RateRepository.descriptor.columns,
  SorRateModule.RateBeforeCurrent,
  RateRepository.RateNotFound,
  SorRate
> = {
  port: RateRepository.RateRepository,
  descriptor: RateRepository.descriptor,
  make: makeSorRate,
  revise: (rate) => {
    const amount = Amount.makeUnsafe(`${rate.version + 40}.25`)
    return {
      ...rate,
      version: rate.version + 1,
      heads: [{ head: "MA", amount }],
      rate: amount,
      effectivePeriod: {
        effectiveFrom: rate.effectivePeriod.effectiveFrom,
        effectiveTo: LocalDate.makeUnsafe(`${2030 + rate.version}-12-31`),
      },
    }
  },
  entry: (rate) => rate,
  clash: (holder, seed) => ({
    ...makeSorRate(seed),
    version: seed.version,
    sorId: holder.sorId,
    effectivePeriod: holder.effectivePeriod,
  }),
  laws: rateLaws,
}

/**
 * The conformance suite of `RateRepository` (RATE-2..4, TEN-1, DB-4, and
 * the laws of every store).
 *
 * @since 0.1.0
 * @category testing
 */
export const RateRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<RateRepository.RateRepository, E>,
): void => AggregateStoreSuite(name, layer, sorRateFixture)

// ---------------------------------------------------------------------------
// Rate analyses

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
 * The `index`-th rate analysis of a tenant: each of another works SOR,
 * active except every fourth (which binds no `activeAnalysis` key), codes
 * repeating every three indexes, no basic lines on every fifth.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeRateAnalysis = (seed: AggregateSeed): RateAnalysis => {
  const { tenantId, index } = seed
  const effectiveFrom = pick(windowStarts, index)
  return {
    id: seededId(3, index),
    tenantId,
    code: HumanNumber.makeUnsafe(`CMP_00000${index % 3}`),
    sorId: seededId(1, index),
    sorCode: HumanNumber.makeUnsafe(`SOR_${String(index).padStart(6, "0")}`),
    analysisQuantity: Quantity.makeUnsafe("1"),
    basicLines:
      index % 5 === 4
        ? []
        : [
            {
              sorId: seededId(1, 1000 + (index % 2)),
              sorCode: HumanNumber.makeUnsafe("SOR_001000"),
              quantity: Quantity.makeUnsafe("0.16"),
            },
            {
              sorId: seededId(1, 2000 + index),
              sorCode: HumanNumber.makeUnsafe("SOR_002000"),
              quantity: Quantity.makeUnsafe("2"),
            },
          ],
    additionalCharges: [],
    effectivePeriod:
      index % 2 === 0
        ? { effectiveFrom: LocalDate.makeUnsafe(effectiveFrom) }
        : {
            effectiveFrom: LocalDate.makeUnsafe(effectiveFrom),
            effectiveTo: LocalDate.makeUnsafe("2031-03-31"),
          },
    status: index % 4 === 3 ? "inactive" : "active",
    version: 1,
  }
}

const analysisLaws: ReadonlyArray<ConformanceLaw<RateAnalysisRepository.RateAnalysisRepository>> = [
  [
    "RA-6: replacing an analysis retires the old one first; history keeps both, only the new one is active",
    Effect.gen(function* () {
      const repository = yield* RateAnalysisRepository.RateAnalysisRepository
      const works = sorRecord({ id: yield* freshId, code: "SOR_000010", sorType: "W" })
      const basic = sorRecord({ id: yield* freshId, code: "SOR_000011", sorType: "L" })
      const old = analysisRecord({ id: yield* freshId, works, basic, code: "CMP_000001" })
      yield* repository.insert({ aggregate: old })
      const replacement = {
        ...analysisRecord({ id: yield* freshId, works, basic, code: "CMP_000002" }),
        replacesAnalysisId: old.id,
      }
      const retired: RateAnalysis = { ...old, status: "inactive", version: 2 }
      yield* repository.update({ aggregate: retired, expectedVersion: 1 })
      yield* repository.insert({ aggregate: replacement })
      const { tenantId } = works
      assert.deepStrictEqual(
        yield* AggregateStore.findFirst(repository, {
          tenantId,
          where: { sorId: works.id, status: "active" },
        }),
        Option.some(replacement),
      )
      const history = yield* repository.find({ tenantId, where: { sorId: works.id }, limit: 100 })
      assert.deepStrictEqual(history.items, [retired, replacement])
      const using = yield* repository.find({
        tenantId,
        where: { basicSorIds: basic.id, status: "active" },
        orderBy: "code",
        limit: 100,
      })
      assert.deepStrictEqual(using.items, [replacement])
      const listActive = Effect.map(
        repository.find({ tenantId, where: { status: "active" }, orderBy: "code", limit: 100 }),
        (page) => page.items,
      )
      assert.isTrue((yield* listActive).some((analysis) => analysis.id === replacement.id))
      assert.isFalse((yield* listActive).some((analysis) => analysis.id === old.id))
      assert.deepStrictEqual(yield* repository.get({ tenantId, id: old.id }), retired)
    }),
  ],
  [
    "RA-6: a stale replacement fails STALE_VERSION and writes nothing; other tenants see nothing",
    Effect.gen(function* () {
      const repository = yield* RateAnalysisRepository.RateAnalysisRepository
      const works = sorRecord({ id: yield* freshId, code: "SOR_000012", sorType: "W" })
      const basic = sorRecord({ id: yield* freshId, code: "SOR_000013", sorType: "M" })
      const old = analysisRecord({ id: yield* freshId, works, basic, code: "CMP_000003" })
      yield* repository.insert({ aggregate: old })
      const replacement = analysisRecord({ id: yield* freshId, works, basic, code: "CMP_000004" })
      // A writer retires the analysis it read before it adds the replacement.
      const stale = yield* Effect.exit(
        Effect.andThen(
          repository.update({ aggregate: { ...old, version: 3 }, expectedVersion: 2 }),
          repository.insert({ aggregate: replacement }),
        ),
      )
      assert.isTrue(isStale(stale))
      const history = yield* repository.find({
        tenantId: works.tenantId,
        where: { sorId: works.id },
        limit: 100,
      })
      assert.deepStrictEqual(history.items, [old])
      assert.isTrue(
        Option.isNone(
          yield* AggregateStore.findFirst(repository, {
            tenantId: otherTenant,
            where: { sorId: works.id, status: "active" },
          }),
        ),
      )
      assert.isTrue(Exit.isFailure(yield* Effect.exit(repository.get({ tenantId: otherTenant, id: old.id }))))
    }),
  ],
  [
    "RA-1: a works SOR has one active analysis; a second fails RATE_ANALYSIS_EXISTS, an inactive one is kept",
    Effect.gen(function* () {
      const repository = yield* RateAnalysisRepository.RateAnalysisRepository
      const works = sorRecord({ id: yield* freshId, code: "SOR_000014", sorType: "W" })
      const basic = sorRecord({ id: yield* freshId, code: "SOR_000015", sorType: "M" })
      const active = analysisRecord({ id: yield* freshId, works, basic, code: "CMP_000005" })
      yield* repository.insert({ aggregate: active })
      const second = analysisRecord({ id: yield* freshId, works, basic, code: "CMP_000006" })
      const refused = yield* Effect.flip(repository.insert({ aggregate: second }))
      assert.strictEqual(refused._tag, "ValidationFailed")
      if (refused._tag === "ValidationFailed")
        assert.deepStrictEqual(
          refused.problems.map((problem) => problem.code),
          ["RATE_ANALYSIS_EXISTS"],
        )
      yield* repository.insert({ aggregate: { ...second, status: "inactive" } })
      const history = yield* repository.find({
        tenantId: works.tenantId,
        where: { sorId: works.id },
        limit: 100,
      })
      assert.deepStrictEqual(
        history.items.map((analysis) => [analysis.code, analysis.status]),
        [
          ["CMP_000005", "active"],
          ["CMP_000006", "inactive"],
        ],
      )
    }),
  ],
]

/**
 * The rate analyses of `AggregateStoreSuite`, with the analysis store's own
 * laws.
 *
 * @since 0.1.0
 * @category testing
 */
export const rateAnalysisFixture: AggregateStoreFixture<
  RateAnalysisRepository.RateAnalysisRepository,
  RateAnalysis,
  keyof typeof RateAnalysisRepository.descriptor.columns,
  ValidationFailed,
  RateAnalysisRepository.RateAnalysisNotFound,
  never
> = {
  port: RateAnalysisRepository.RateAnalysisRepository,
  descriptor: RateAnalysisRepository.descriptor,
  make: makeRateAnalysis,
  revise: (analysis) => ({
    ...analysis,
    version: analysis.version + 1,
    code: HumanNumber.makeUnsafe(`${analysis.code}R${analysis.version + 1}`),
    basicLines: analysis.basicLines.slice(1),
    effectivePeriod: {
      effectiveFrom: analysis.effectivePeriod.effectiveFrom,
      effectiveTo: LocalDate.makeUnsafe(`${2032 + analysis.version}-03-31`),
    },
  }),
  clash: (holder, seed) => ({
    ...makeRateAnalysis(seed),
    version: seed.version,
    sorId: holder.sorId,
    status: "active",
  }),
  laws: analysisLaws,
}

/**
 * The conformance suite of `RateAnalysisRepository` (RA-1, RA-6, SOR-3,
 * and the laws of every store).
 *
 * @since 0.1.0
 * @category testing
 */
export const RateAnalysisRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<RateAnalysisRepository.RateAnalysisRepository, E>,
): void => AggregateStoreSuite(name, layer, rateAnalysisFixture)

// ---------------------------------------------------------------------------
// Rate-revision jobs

const jobStatuses: ReadonlyArray<RateRevisionJob["status"]> = ["scheduled", "running", "done", "failed"]
const jobEpoch = DateTime.makeUnsafe("2024-03-01T00:00:00.000Z")

/**
 * The `index`-th rate-revision job of a tenant: numbers, dates and statuses
 * repeat every few indexes; finished jobs have a completion instant.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeRateRevisionJob = (seed: AggregateSeed): RateRevisionJob => {
  const { tenantId, index } = seed
  const status = pick(jobStatuses, index)
  const scheduledAt = DateTime.add(jobEpoch, { hours: (index * 5) % 7 })
  return {
    id: seededId(4, index),
    tenantId,
    code: HumanNumber.makeUnsafe(`JOB-2024-00000${index % 3}`),
    effectiveDate: LocalDate.makeUnsafe(pick(windowStarts, index)),
    status,
    outcomes: [],
    scheduledAt,
    ...(status === "done" || status === "failed"
      ? { completedAt: DateTime.add(scheduledAt, { minutes: 5 }) }
      : {}),
    version: 1,
  }
}

const jobLaws: ReadonlyArray<ConformanceLaw<RateRevisionJobRepository.RateRevisionJobRepository>> = [
  [
    "RA-7: jobs are listed by number and status; updates are versioned",
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
      yield* repository.insert({ aggregate: second })
      yield* repository.insert({ aggregate: first })
      const done: RateRevisionJob = { ...first, status: "done", version: 2 }
      yield* repository.update({ aggregate: done, expectedVersion: 1 })
      assert.isTrue(
        isStale(
          yield* Effect.exit(
            repository.update({ aggregate: { ...first, status: "failed", version: 2 }, expectedVersion: 1 }),
          ),
        ),
      )
      const list = (status: RateRevisionJob["status"] | undefined) =>
        Effect.map(
          repository.find({ tenantId, where: { status }, orderBy: "code", limit: 100 }),
          (page) => page.items,
        )
      assert.deepStrictEqual(yield* list(undefined), [done, second])
      assert.deepStrictEqual(yield* list("scheduled"), [second])
      assert.deepStrictEqual(yield* repository.get({ tenantId, id: first.id }), done)
      assert.isTrue(
        Exit.isFailure(yield* Effect.exit(repository.get({ tenantId: otherTenant, id: first.id }))),
      )
    }),
  ],
]

/**
 * The rate-revision jobs of `AggregateStoreSuite`, with the job store's own
 * laws.
 *
 * @since 0.1.0
 * @category testing
 */
export const rateRevisionJobFixture: AggregateStoreFixture<
  RateRevisionJobRepository.RateRevisionJobRepository,
  RateRevisionJob,
  keyof typeof RateRevisionJobRepository.descriptor.columns,
  never,
  RateRevisionJobRepository.RateRevisionJobNotFound,
  never
> = {
  port: RateRevisionJobRepository.RateRevisionJobRepository,
  descriptor: RateRevisionJobRepository.descriptor,
  make: makeRateRevisionJob,
  revise: (job) => ({
    ...job,
    version: job.version + 1,
    code: HumanNumber.makeUnsafe(`${job.code}-R${job.version + 1}`),
    status: "done",
    completedAt: DateTime.add(job.scheduledAt, { hours: job.version }),
  }),
  laws: jobLaws,
}

/**
 * The conformance suite of `RateRevisionJobRepository` (RA-7, and the laws
 * of every store).
 *
 * @since 0.1.0
 * @category testing
 */
export const RateRevisionJobRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<RateRevisionJobRepository.RateRevisionJobRepository, E>,
): void => AggregateStoreSuite(name, layer, rateRevisionJobFixture)

/**
 * The rates module's fixtures, one per store (`Rates.stores`).
 *
 * @since 0.1.0
 * @category testing
 */
export const ratesStoreFixtures = [
  sorFixture,
  sorRateFixture,
  rateAnalysisFixture,
  rateRevisionJobFixture,
] as const
