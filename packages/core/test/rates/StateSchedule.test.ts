import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Bills, Config, Ids, Rates } from "@karya/core"
import { ratesLayerMemory } from "@karya/core/testing"
import { Effect, Layer, Option } from "effect"
import { date, heads, quantity, text } from "./fixtures.js"

const { RateAnalysisMaintenance, ScheduleOfRates, SorRepository, StateSchedule } = Rates

const settingsOf = (tenantId: string, cityCode: string) => ({
  configuration: Config.TenantConfiguration.mukta({ tenantId, cityCode }),
  tenantId: Config.TenantId.makeUnsafe(tenantId),
})

const state = settingsOf("od", "OD")
const ulb = settingsOf("od.dhenkanal", "DK")
const siblingUlb = settingsOf("od.cuttack", "CT")
const otherState = settingsOf("ka", "KA")
const otherStateUlb = Config.TenantId.makeUnsafe("ka.mysuru")
const ulbId = ulb.tenantId
/** The rates ports in memory, with the configuration of every tenant of the tests. */
const ratesLayer = Layer.merge(
  ratesLayerMemory,
  Config.TenantSettings.layerMemory([state, ulb, siblingUlb, otherState].map((each) => each.configuration)),
)

const createLabour = (settings: typeof state, description: string) =>
  ScheduleOfRates.createSor({
    tenantId: settings.tenantId,
    input: { sorType: "L", unit: "NOS", description, rateDefinedForQuantity: quantity("1") },
  })

const createMaterial = (settings: typeof state, description: string) =>
  ScheduleOfRates.createSor({
    tenantId: settings.tenantId,
    input: { sorType: "M", unit: "CUM", description, rateDefinedForQuantity: quantity("1") },
  })

const addRate = (
  settings: typeof state,
  sorId: string,
  entries: Readonly<Record<string, string>>,
  effectiveFrom: string,
) =>
  ScheduleOfRates.addRate({
    tenantId: settings.tenantId,
    sorId,
    heads: heads(entries),
    effectiveFrom: date(effectiveFrom),
  })

const wageOn = (tenantId: Config.TenantId.TenantId, skillCode: string, on: string) =>
  Effect.map(ScheduleOfRates.dailyWage({ tenantId, skillCode, date: date(on) }), (found) => ({
    tenantId: found.skill.tenantId,
    wage: text(found.rate.rate),
  }))

const tenantIdArbitrary = fc
  .tuple(
    fc.constantFrom("od", "ka", "ap"),
    fc.option(fc.constantFrom("dhenkanal", "cuttack", "mysuru", "guntur"), { nil: undefined }),
  )
  .map(([code, ulbName]) => Config.TenantId.makeUnsafe(ulbName === undefined ? code : `${code}.${ulbName}`))

describe("StateSchedule", () => {
  it.effect(
    "TEN-1, RATE-3: a state SOR and its rate on a date, history and versions are found from a ULB of that state",
    () =>
      Effect.gen(function* () {
        const sand = yield* createMaterial(state, "Sand for filling")
        yield* addRate(state, sand.id, { MA: "780" }, "2023-04-01")
        const { rate } = yield* addRate(state, sand.id, { MA: "787.90" }, "2024-01-01")
        const found = yield* ScheduleOfRates.rateOnDate({
          tenantId: ulbId,
          sorId: sand.id,
          date: date("2024-06-01"),
        })
        assert.strictEqual(found.sor.tenantId, "od")
        assert.strictEqual(text(found.rate.rate), "787.90")
        assert.strictEqual(found.date, date("2024-06-01"))
        const earlier = yield* ScheduleOfRates.rateOnDate({
          tenantId: ulbId,
          sorId: sand.id,
          date: date("2023-12-31"),
        })
        assert.strictEqual(text(earlier.rate.rate), "780.00")
        const history = (yield* ScheduleOfRates.rateHistory({ tenantId: ulbId, sorId: sand.id, limit: 100 }))
          .items
        assert.deepStrictEqual(
          history.map((window) => window.effectivePeriod.effectiveFrom),
          [date("2023-04-01"), date("2024-01-01")],
        )
        const versions = (yield* ScheduleOfRates.rateVersions({
          tenantId: ulbId,
          rateId: rate.id,
          limit: 100,
        })).items
        assert.deepStrictEqual(
          versions.map((version) => version.version),
          [1],
        )
        const byId = yield* StateSchedule.sorOf({ tenantId: ulbId, sorId: sand.id })
        const byCode = yield* StateSchedule.sorByCode({ tenantId: ulbId, code: sand.code })
        assert.strictEqual(byId.id, sand.id)
        assert.deepStrictEqual(
          Option.map(byCode, (sor) => sor.id),
          Option.some(sand.id),
        )
        const content = yield* RateAnalysisMaintenance.contentPerUnitOf({
          tenantId: ulb.configuration.tenantId,
          sorId: sand.id,
          date: date("2024-06-01"),
        })
        assert.strictEqual(text(content.material), "787.90")
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "TEN-1, RATE-3: a state works SOR's analysis and content per unit are found from a ULB, with the state's basic rates",
    () =>
      Effect.gen(function* () {
        const male = yield* createLabour(state, "Male mulia")
        const female = yield* createLabour(state, "Female mulia")
        yield* addRate(state, male.id, { LA: "352" }, "2024-01-01")
        yield* addRate(state, female.id, { LA: "352" }, "2024-01-01")
        const works = yield* ScheduleOfRates.createSor({
          ...state,
          input: {
            sorType: "W",
            subType: "EW",
            variant: "BS",
            unit: "CUM",
            description: "Earth work in excavation in ordinary soil",
            rateDefinedForQuantity: quantity("1"),
          },
        })
        yield* RateAnalysisMaintenance.createRateAnalysis({
          ...state,
          sorId: works.id,
          input: {
            analysisQuantity: quantity("1"),
            basicLines: [
              { sorId: male.id, quantity: quantity("0.16") },
              { sorId: female.id, quantity: quantity("0.16") },
            ],
            additionalCharges: [],
          },
          effectiveFrom: date("2024-01-01"),
        })
        const content = yield* RateAnalysisMaintenance.contentPerUnitOf({
          tenantId: ulb.configuration.tenantId,
          sorId: works.id,
          date: date("2024-06-01"),
        })
        assert.deepStrictEqual([text(content.labour), content.sorCode], ["112.64", works.code])
        const history = (yield* RateAnalysisMaintenance.analysisHistory({
          tenantId: ulbId,
          sorId: works.id,
          limit: 100,
        })).items
        assert.strictEqual(history.length, 1)
        const fromOtherState = (yield* RateAnalysisMaintenance.analysisHistory({
          tenantId: otherState.configuration.tenantId,
          sorId: works.id,
          limit: 100,
        })).items
        assert.strictEqual(fromOtherState.length, 0)
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "TEN-1, RATE-3: a ULB's own SOR with a state SOR's code wins over the state's; the state still reads its own",
    () =>
      Effect.gen(function* () {
        const stateMason = yield* createLabour(state, "Mason")
        yield* addRate(state, stateMason.id, { LA: "442" }, "2024-01-01")
        const ulbMason: Rates.Sor.Sor = {
          ...stateMason,
          id: yield* Ids.EntityId.make,
          tenantId: ulbId,
          version: 1,
        }
        yield* SorRepository.SorRepository.use((repository) => repository.insert({ aggregate: ulbMason }))
        yield* addRate(ulb, ulbMason.id, { LA: "460" }, "2024-01-01")
        const byCode = yield* StateSchedule.sorByCode({ tenantId: ulbId, code: stateMason.code })
        assert.deepStrictEqual(
          Option.map(byCode, (sor) => sor.id),
          Option.some(ulbMason.id),
        )
        assert.deepStrictEqual(yield* wageOn(ulbId, stateMason.code, "2024-06-01"), {
          tenantId: ulbId,
          wage: "460.00",
        })
        assert.deepStrictEqual(yield* wageOn(state.configuration.tenantId, stateMason.code, "2024-06-01"), {
          tenantId: state.configuration.tenantId,
          wage: "442.00",
        })
        const ulbOnly = yield* createLabour(ulb, "Ulb only skill")
        const fromState = yield* Effect.flip(
          StateSchedule.sorOf({ tenantId: state.configuration.tenantId, sorId: ulbOnly.id }),
        )
        assert.strictEqual(fromState.code, "SOR_NOT_FOUND")
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect("TEN-1, RATE-3: another state's SORs and a sibling ULB's SORs are never found from a ULB", () =>
    Effect.gen(function* () {
      const foreign = yield* createLabour(otherState, "Foreign labour")
      yield* addRate(otherState, foreign.id, { LA: "500" }, "2024-01-01")
      const sibling = yield* createMaterial(siblingUlb, "Sibling sand")
      yield* addRate(siblingUlb, sibling.id, { MA: "100" }, "2024-01-01")
      for (const sor of [foreign, sibling]) {
        const byId = yield* Effect.flip(
          StateSchedule.sorOf({ tenantId: ulbId, sorId: sor.id }).pipe(
            Effect.catchTag("StoreUnavailable", Effect.die),
          ),
        )
        assert.deepStrictEqual([byId.code, byId.tenantId], ["SOR_NOT_FOUND", ulbId])
        assert.isTrue(Option.isNone(yield* StateSchedule.sorByCode({ tenantId: ulbId, code: `${sor.code}` })))
        const onDate = yield* Effect.flip(
          ScheduleOfRates.rateOnDate({ tenantId: ulbId, sorId: sor.id, date: date("2024-06-01") }),
        )
        assert.strictEqual(onDate.code, "SOR_NOT_FOUND")
        assert.strictEqual(
          (yield* ScheduleOfRates.rateHistory({ tenantId: ulbId, sorId: sor.id, limit: 100 })).items.length,
          0,
        )
      }
      const wage = yield* Effect.flip(
        ScheduleOfRates.dailyWage({ tenantId: ulbId, skillCode: "NOT_A_CODE", date: date("2024-06-01") }),
      )
      assert.strictEqual(wage.code, "VALIDATION_FAILED")
      const foreignWage = yield* Effect.flip(
        ScheduleOfRates.dailyWage({
          tenantId: otherStateUlb,
          skillCode: "NOT_A_CODE",
          date: date("2024-06-01"),
        }),
      )
      assert.strictEqual(foreignWage.code, "VALIDATION_FAILED")
      assert.deepStrictEqual(yield* wageOn(otherStateUlb, foreign.code, "2024-06-01"), {
        tenantId: otherState.configuration.tenantId,
        wage: "500.00",
      })
    }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "BILL-W-2, TEN-1, RATE-3: dailyWage from a ULB finds the state labour SOR's rate on the date, also through Bills.DailyWages",
    () =>
      Effect.gen(function* () {
        const unskilled = yield* createLabour(state, "Unskilled labour")
        yield* addRate(state, unskilled.id, { LA: "345" }, "2023-04-01")
        yield* addRate(state, unskilled.id, { LA: "352" }, "2024-01-01")
        assert.deepStrictEqual(yield* wageOn(ulbId, unskilled.code, "2024-01-15"), {
          tenantId: state.configuration.tenantId,
          wage: "352.00",
        })
        assert.strictEqual((yield* wageOn(ulbId, unskilled.code, "2023-12-31")).wage, "345.00")
        const noRate = yield* Effect.flip(wageOn(ulbId, unskilled.code, "2023-01-01"))
        assert.strictEqual(noRate.code, "NO_RATE_FOR_DATE")
        const viaPort = yield* Bills.DailyWages.DailyWages.use((wages) =>
          wages.dailyWageOn({ tenantId: ulbId, skillCode: unskilled.code, date: date("2024-01-15") }),
        ).pipe(Effect.provide(Bills.DailyWages.layerFromRates))
        assert.isTrue(Option.isSome(viaPort))
      }).pipe(Effect.provide(ratesLayer)),
  )

  test.prop([tenantIdArbitrary, tenantIdArbitrary])(
    "TEN-1: a lookup tries the tenant first, then only its own state tenant, never another state's or a sibling ULB",
    (tenantId, other) => {
      const order = StateSchedule.lookupTenantsOf(tenantId)
      assert.strictEqual(order[0], tenantId)
      assert.strictEqual(order.at(-1), Config.TenantId.stateTenantOf(tenantId))
      assert.isTrue(
        order.every((candidate) => Config.TenantId.reaches({ holder: candidate, record: tenantId })),
      )
      assert.strictEqual(
        order.includes(other),
        other === tenantId || other === Config.TenantId.stateTenantOf(tenantId),
      )
    },
  )
})
