import { assert, describe, it } from "@effect/vitest"
import { fc } from "@fast-check/vitest"
import { Rates, Time } from "@karya/core"
import { Effect, Exit, Layer, Option, Result } from "effect"
import {
  addRate,
  amount,
  createBasic,
  createWorks,
  date,
  heads,
  masters,
  ratesLayer,
  settings,
  tenantId,
  text,
} from "./fixtures.js"

const { ScheduleOfRates, SorRate } = Rates

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Option.getOrUndefined(Exit.findErrorOption(exit))

describe("SorRate", () => {
  it.effect(
    "RATE-1: the rate is Σ heads at 2 places: sand MA 56.19 + CA 731.71 + RA 35 + ADC 3 + DMF 3.5 + EMF 1.75 = 831.15",
    () =>
      Effect.gen(function* () {
        const sand = yield* createBasic({ sorType: "M", description: "Sand for filling" })
        const { rate } = yield* addRate(
          sand.id,
          { MA: "56.19", CA: "731.71", RA: "35", ADC: "3", DMF: "3.5", EMF: "1.75" },
          "2024-01-01",
        )
        assert.strictEqual(text(rate.rate), "831.15")
        const roller = yield* createBasic({ sorType: "E", description: "Roller 8-10 t", unit: "HOUR" })
        assert.strictEqual(
          text((yield* addRate(roller.id, { MHA: "524.70" }, "2024-01-01")).rate.rate),
          "524.70",
        )
        const refused = failureOf(
          yield* Effect.exit(
            addRate(sand.id, { MA: "1234567", XX: "1", LC: "1", CA: "0.001" }, "2025-01-01"),
          ),
        )
        assert.strictEqual(refused?._tag, "ValidationFailed")
        if (refused?._tag === "ValidationFailed") {
          assert.deepStrictEqual(
            refused.problems.map((problem) => problem.code),
            [
              "RATE_HEAD_INTEGER_DIGITS_EXCEEDED",
              "RATE_HEAD_UNKNOWN",
              "LABOUR_CESS_WORKS_ONLY",
              "RATE_HEAD_PLACES_EXCEEDED",
            ],
          )
        }
        const empty = SorRate.headsProblems({ masters, sorType: "M", heads: [] })
        const repeated = SorRate.headsProblems({
          masters,
          sorType: "M",
          heads: heads({ MA: "1" }).concat(heads({ MA: "2" })),
        })
        assert.deepStrictEqual(
          [...empty, ...repeated].map((problem) => problem.code),
          ["RATE_HEADS_EMPTY", "RATE_HEAD_DUPLICATE"],
        )
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "RATE-2: a new rate from D closes the open one on D − 1; it may not start on or before the current start (RATE_BEFORE_CURRENT); refusals change nothing",
    () =>
      Effect.gen(function* () {
        const sor = yield* createBasic({ sorType: "M", description: "Metal" })
        yield* addRate(sor.id, { MA: "100" }, "2023-04-01")
        const { closed } = yield* addRate(sor.id, { MA: "110" }, "2024-01-01")
        assert.deepStrictEqual(
          Option.map(closed, (window) => window.effectivePeriod),
          Option.some({ effectiveFrom: date("2023-04-01"), effectiveTo: date("2023-12-31") }),
        )
        const before = (yield* ScheduleOfRates.rateHistory({ tenantId, sorId: sor.id, limit: 100 })).items
        const refused = failureOf(yield* Effect.exit(addRate(sor.id, { MA: "120" }, "2024-01-01")))
        assert.strictEqual(refused?.code, "RATE_BEFORE_CURRENT")
        assert.strictEqual(
          failureOf(yield* Effect.exit(addRate(sor.id, { MA: "120" }, "2023-06-01")))?.code,
          "RATE_BEFORE_CURRENT",
        )
        assert.deepStrictEqual(
          (yield* ScheduleOfRates.rateHistory({ tenantId, sorId: sor.id, limit: 100 })).items,
          before,
        )
        const ended = yield* ScheduleOfRates.addRate({
          ...settings,
          sorId: sor.id,
          heads: heads({ MA: "130" }),
          effectiveFrom: date("2024-04-01"),
          effectiveTo: date("2024-06-30"),
        })
        assert.strictEqual(ended.rate.effectivePeriod.effectiveTo, "2024-06-30")
        const gapFilled = yield* addRate(sor.id, { MA: "140" }, "2024-09-01")
        assert.isTrue(Option.isNone(gapFilled.closed))
        const backwards = failureOf(
          yield* Effect.exit(
            ScheduleOfRates.addRate({
              ...settings,
              sorId: sor.id,
              heads: heads({ MA: "1" }),
              effectiveFrom: date("2025-01-01"),
              effectiveTo: date("2024-12-01"),
            }),
          ),
        )
        assert.strictEqual(backwards?._tag, "ValidationFailed")
      }).pipe(Effect.provide(ratesLayer)),
  )

  it("RATE-2: random sequences of rate additions never leave two overlapping windows, and the rate on a date is unique or NO_RATE_FOR_DATE (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 400 }),
            fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        fc.integer({ min: 0, max: 500 }),
        async (additions, probe) => {
          const start = date("2024-01-01")
          const program = Effect.gen(function* () {
            const sor = yield* createBasic({ sorType: "M", description: "Aggregate" })
            for (const [offset, length] of additions) {
              const effectiveFrom = Time.LocalDate.addDays(start, offset)
              const window =
                length === undefined ? {} : { effectiveTo: Time.LocalDate.addDays(effectiveFrom, length) }
              yield* Effect.exit(
                ScheduleOfRates.addRate({
                  ...settings,
                  sorId: sor.id,
                  heads: heads({ MA: String(offset + 1) }),
                  effectiveFrom,
                  ...window,
                }),
              )
            }
            const windows = (yield* ScheduleOfRates.rateHistory({ tenantId, sorId: sor.id, limit: 100 }))
              .items
            assert.isTrue(SorRate.hasNoOverlap(windows))
            const probeDate = Time.LocalDate.addDays(start, probe)
            const found = SorRate.rateOn({ sorCode: sor.code, windows, date: probeDate })
            const containing = windows.filter((window) =>
              Time.EffectivePeriod.containsDate(window.effectivePeriod, probeDate),
            )
            if (Result.isSuccess(found)) assert.deepStrictEqual([found.success], containing)
            else {
              assert.strictEqual(found.failure.code, "NO_RATE_FOR_DATE")
              assert.deepStrictEqual(containing, [])
            }
          })
          await Effect.runPromise(program.pipe(Effect.provide(Layer.fresh(ratesLayer))))
        },
      ),
      { numRuns: 40 },
    )
  })

  it.effect(
    "RATE-3: the rate on date D is the window containing D; none is NO_RATE_FOR_DATE with the SOR code and date",
    () =>
      Effect.gen(function* () {
        const sor = yield* createBasic({ sorType: "M", description: "Cement" })
        yield* addRate(sor.id, { MA: "400" }, "2024-01-01")
        const found = yield* ScheduleOfRates.rateOnDate({ tenantId, sorId: sor.id, date: date("2024-01-01") })
        assert.deepStrictEqual([text(found.rate.rate), found.date], ["400.00", "2024-01-01"])
        const missing = failureOf(
          yield* Effect.exit(
            ScheduleOfRates.rateOnDate({ tenantId, sorId: sor.id, date: date("2023-12-31") }),
          ),
        )
        assert.strictEqual(missing?.code, "NO_RATE_FOR_DATE")
        assert.match(missing?.message ?? "", new RegExp(`${sor.code} has no rate in force on 2023-12-31`))
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "RATE-4: a modification must change something (RATE_UNCHANGED) and keeps the old version readable; history lists all windows in order",
    () =>
      Effect.gen(function* () {
        const sor = yield* createBasic({ sorType: "M", description: "Steel" })
        const first = (yield* addRate(sor.id, { MA: "60" }, "2023-04-01")).rate
        yield* addRate(sor.id, { MA: "65" }, "2024-01-01")
        const closed = yield* Effect.flatMap(Rates.RateRepository.RateRepository, (repository) =>
          repository.get({ tenantId, id: first.id }),
        )
        const unchanged = failureOf(
          yield* Effect.exit(
            ScheduleOfRates.modifyRate({
              ...settings,
              rateId: first.id,
              version: closed.version,
              heads: heads({ MA: "60.00" }),
            }),
          ),
        )
        assert.strictEqual(unchanged?.code, "RATE_UNCHANGED")
        const modified = yield* ScheduleOfRates.modifyRate({
          ...settings,
          rateId: first.id,
          version: closed.version,
          heads: heads({ MA: "61" }),
        })
        assert.strictEqual(text(modified.rate), "61.00")
        const versions = (yield* ScheduleOfRates.rateVersions({ tenantId, rateId: first.id, limit: 100 }))
          .items
        assert.deepStrictEqual(
          versions.map((version) => text(version.rate)),
          ["60.00", "60.00", "61.00"],
        )
        const history = (yield* ScheduleOfRates.rateHistory({ tenantId, sorId: sor.id, limit: 100 })).items
        assert.deepStrictEqual(
          history.map((window) => window.effectivePeriod.effectiveFrom),
          ["2023-04-01", "2024-01-01"],
        )
        const overlap = failureOf(
          yield* Effect.exit(
            ScheduleOfRates.modifyRate({
              ...settings,
              rateId: first.id,
              version: modified.version,
              effectiveTo: null,
            }),
          ),
        )
        assert.strictEqual(overlap?._tag, "ValidationFailed")
        if (overlap?._tag === "ValidationFailed")
          assert.strictEqual(overlap.problems[0]?.code, "RATE_WINDOW_OVERLAP")
        const shortened = yield* ScheduleOfRates.modifyRate({
          ...settings,
          rateId: first.id,
          version: modified.version,
          effectiveTo: date("2023-12-01"),
        })
        assert.strictEqual(shortened.effectivePeriod.effectiveTo, "2023-12-01")
        const backwards = failureOf(
          yield* Effect.exit(
            ScheduleOfRates.modifyRate({
              ...settings,
              rateId: first.id,
              version: shortened.version,
              effectiveTo: date("2023-01-01"),
            }),
          ),
        )
        assert.strictEqual(backwards?._tag, "ValidationFailed")
        const stale = failureOf(
          yield* Effect.exit(
            ScheduleOfRates.modifyRate({
              ...settings,
              rateId: first.id,
              version: 1,
              heads: heads({ MA: "70" }),
            }),
          ),
        )
        assert.strictEqual(stale?.code, "STALE_VERSION")
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "RATE-5: works SORs get no entered rate; their rate comes from analysis with labour cess as a head",
    () =>
      Effect.gen(function* () {
        const works = yield* createWorks("Earth work")
        const refused = failureOf(yield* Effect.exit(addRate(works.id, { LA: "100" }, "2024-01-01")))
        assert.strictEqual(refused?._tag, "ValidationFailed")
        if (refused?._tag === "ValidationFailed")
          assert.strictEqual(refused.problems[0]?.code, "WORKS_RATE_FROM_ANALYSIS")
        const inactive = yield* createBasic({ sorType: "M", description: "Old item" })
        yield* ScheduleOfRates.deactivateSor({ tenantId, sorId: inactive.id, version: inactive.version })
        const onInactive = failureOf(yield* Effect.exit(addRate(inactive.id, { MA: "1" }, "2024-01-01")))
        assert.strictEqual(onInactive?._tag, "ValidationFailed")
        assert.isTrue(
          SorRate.haveSameHeads(heads({ LA: "1", LC: "0.01" }), heads({ LC: "0.01", LA: "1.00" })),
        )
        assert.strictEqual(
          SorRate.toRate({ rate: amount("12.5") } as Rates.SorRate.SorRate).toString(),
          "12.5",
        )
      }).pipe(Effect.provide(ratesLayer)),
  )
})
