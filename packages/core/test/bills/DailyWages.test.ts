/**
 * The daily-wages port over the rates module (`DailyWages.layerFromRates`):
 * a skill's daily wage is the rate of its labour SOR in force on the date
 * (SOR-4, RATE-3, BILL-W-2), and wage bills generated over it pay that rate.
 */
import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Bills, Config, Money, Rates, type Time } from "@karya/core"
import { localDateArbitrary, ratesLayerMemory } from "@karya/core/testing"
import { DateTime, Effect, Exit, Layer, Option } from "effect"
import { TestClock } from "effect/testing"
import {
  allBills,
  amount,
  configuration,
  date,
  musterRoll,
  quantity,
  refusedUnchanged,
  runExit,
  seed,
  system,
  tenantId,
  text,
} from "./BillsFixtures.js"

const { DailyWages, WageBill } = Bills
const settings = { tenantId: configuration.tenantId }

// The rates ports and the daily wages read from them, sharing one store.
const ratesAndWages = DailyWages.layerFromRates.pipe(
  Layer.provideMerge(Layer.merge(ratesLayerMemory, Config.TenantSettings.layerMemory([configuration]))),
)

// Everything wage-bill generation needs, with the daily wages read from the rates module.
const billsOverRates = Layer.mergeAll(
  ratesAndWages,
  Bills.BillRepository.layerMemory,
  Bills.WorkOrderTerms.layerMemory(seed.workOrders),
  Bills.Payees.layerMemory({ payees: seed.payees, headDepartments: seed.headDepartments }),
  Config.TenantSettings.layerMemory([configuration]),
)

const createSor = (sorType: "L" | "M", description: string) =>
  Rates.ScheduleOfRates.createSor({
    ...settings,
    input: {
      sorType,
      unit: sorType === "L" ? Rates.SorMasters.labourUnit : "CUM",
      description,
      rateDefinedForQuantity: quantity("1"),
    },
  })

const addRate = (sor: Rates.Sor.Sor, head: string, rupees: string, effectiveFrom: string) =>
  Rates.ScheduleOfRates.addRate({
    ...settings,
    sorId: sor.id,
    heads: [{ head, amount: amount(rupees) }],
    effectiveFrom: date(effectiveFrom),
  })

// MUKTA's unskilled wage: ₹345 from 1 April 2023, ₹352 from 1 January 2024 (SOR-4); a
// semi-skilled SOR with no rate yet; a material SOR with a rate.
const schedule = Effect.gen(function* () {
  const unskilled = yield* createSor("L", "Unskilled labour (mulia)")
  yield* addRate(unskilled, "LA", "345", "2023-04-01")
  yield* addRate(unskilled, "LA", "352", "2024-01-01")
  const semiSkilled = yield* createSor("L", "Semi-skilled labour")
  const sand = yield* createSor("M", "Sand")
  yield* addRate(sand, "MA", "1200", "2023-04-01")
  return { unskilled: unskilled.code, semiSkilled: semiSkilled.code, sand: sand.code }
})

const wageOn = (skillCode: string, day: string, tenant: Config.TenantId.TenantId = tenantId) =>
  DailyWages.DailyWages.use((wages) => wages.dailyWageOn({ tenantId: tenant, skillCode, date: date(day) }))

const rupees = (wage: Option.Option<Money.Rate.Rate>) =>
  Option.match(wage, { onNone: () => "none", onSome: Money.Rate.toCanonicalString })

describe("DailyWages.layerFromRates", () => {
  it.effect(
    "BILL-W-2 / RATE-3 / SOR-4: the daily wage is the skill's labour SOR rate in force on the date; anything else has none",
    () =>
      Effect.gen(function* () {
        const codes = yield* schedule
        assert.strictEqual(rupees(yield* wageOn(codes.unskilled, "2023-12-31")), "345")
        assert.strictEqual(rupees(yield* wageOn(codes.unskilled, "2024-01-01")), "352")
        assert.strictEqual(rupees(yield* wageOn(codes.unskilled, "2023-03-31")), "none", "before any rate")
        assert.strictEqual(rupees(yield* wageOn(codes.semiSkilled, "2024-01-01")), "none", "no rate yet")
        assert.strictEqual(rupees(yield* wageOn(codes.sand, "2024-01-01")), "none", "not a labour SOR")
        assert.strictEqual(rupees(yield* wageOn("SOR_999999", "2024-01-01")), "none", "no such SOR")
        const cuttack = Config.TenantId.makeUnsafe("od.cuttack")
        assert.strictEqual(rupees(yield* wageOn(codes.unskilled, "2024-01-01", cuttack)), "none", "TEN-1")
      }).pipe(Effect.provide(ratesAndWages)),
  )

  test.prop([
    fc.array(localDateArbitrary({ min: date("2022-01-01"), max: date("2026-12-31") }), { maxLength: 20 }),
  ])(
    "RATE-3 / BILL-W-2: over the same published windows, layerFromRates and layerMemory give the same wage on every date",
    async (days) => {
      const published: ReadonlyArray<Bills.DailyWages.DailyWage> = [
        {
          tenantId,
          skillCode: "SOR_000001",
          effectivePeriod: { effectiveFrom: date("2023-04-01"), effectiveTo: date("2023-12-31") },
          dailyWage: Money.Rate.makeUnsafe("345"),
        },
        {
          tenantId,
          skillCode: "SOR_000001",
          effectivePeriod: { effectiveFrom: date("2024-01-01") },
          dailyWage: Money.Rate.makeUnsafe("352"),
        },
      ]
      const fromMemory = (day: Time.LocalDate.LocalDate) =>
        wageOn("SOR_000001", day).pipe(Effect.provide(DailyWages.layerMemory(published)))
      const program = Effect.gen(function* () {
        const codes = yield* schedule
        assert.strictEqual(codes.unskilled, "SOR_000001")
        for (const day of days) {
          assert.strictEqual(rupees(yield* wageOn(codes.unskilled, day)), rupees(yield* fromMemory(day)), day)
        }
      }).pipe(Effect.provide(ratesAndWages))
      assert.isTrue(Exit.isSuccess(await runExit(program)))
    },
  )

  it.effect(
    "BILL-W-2 / BILL-W-3: a wage bill over the rates pays the rate on the muster roll's start date: 5.5 × ₹345 → 1898 + 19; from 1 January 5.5 × ₹352 → 1936 + 19",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-01-10T06:30:00.000Z")))
        const codes = yield* schedule
        const december = yield* WageBill.generate({
          tenantId,
          actor: system,
          source: musterRoll([["ws-1", codes.unskilled, "5.5"]], {
            musterRollId: "mr-december",
            period: { startDate: date("2023-12-25"), endDate: date("2023-12-31") },
          }),
        })
        const january = yield* WageBill.generate({
          tenantId,
          actor: system,
          source: musterRoll([["ws-1", codes.unskilled, "5.5"]], {
            musterRollId: "mr-january",
            period: { startDate: date("2024-01-01"), endDate: date("2024-01-07") },
          }),
        })
        const amounts = (bill: Bills.Bill.Bill) =>
          bill.details.flatMap((detail) =>
            detail.lines.map((line) => `${line.headCode} ${text(line.amount)}`),
          )
        assert.deepStrictEqual(amounts(december.bill), ["WEG 1917", "LC 19"])
        assert.strictEqual(text(december.bill.netAmount), "1898")
        assert.deepStrictEqual(amounts(january.bill), ["WEG 1955", "LC 19"])
        assert.strictEqual(text(january.bill.netAmount), "1936")
        const { error, before, after } = yield* refusedUnchanged(
          WageBill.generate({
            tenantId,
            actor: system,
            source: musterRoll([
              ["ws-2", codes.semiSkilled, "3"],
              ["ws-3", codes.unskilled, "2"],
            ]),
          }),
        )
        assert.strictEqual(error.code, "DAILY_WAGE_NOT_FOUND")
        assert.isTrue(
          error instanceof Bills.DailyWages.DailyWageNotFound &&
            error.skillCodes.join() === codes.semiSkilled &&
            error.date === "2024-06-03",
        )
        assert.deepStrictEqual(after, before)
        assert.strictEqual((yield* allBills).length, 2)
      }).pipe(Effect.provide(billsOverRates)),
  )
})
