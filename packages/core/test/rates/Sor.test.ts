import { assert, describe, it } from "@effect/vitest"
import { Estimates, Rates } from "@karya/core"
import {
  RateAnalysisRepositorySuite,
  RateRepositorySuite,
  RateRevisionJobRepositorySuite,
  SorRepositorySuite,
} from "@karya/core/testing"
import { Effect, Exit, Option } from "effect"
import {
  addRate,
  createBasic,
  createWorks,
  date,
  earthWorkComposition,
  masters,
  mulias,
  quantity,
  ratesLayer,
  settings,
  tenantId,
  text,
} from "./fixtures.js"

const { ScheduleOfRates, Sor } = Rates

SorRepositorySuite("SorRepository.layerMemory", Rates.SorRepository.layerMemory)
RateRepositorySuite("RateRepository.layerMemory", Rates.RateRepository.layerMemory)
RateAnalysisRepositorySuite("RateAnalysisRepository.layerMemory", Rates.RateAnalysisRepository.layerMemory)
RateRevisionJobRepositorySuite(
  "RateRevisionJobRepository.layerMemory",
  Rates.RateRevisionJobRepository.layerMemory,
)

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Option.getOrUndefined(Exit.findErrorOption(exit))

const allSors = Effect.flatMap(Rates.SorRepository.SorRepository, (repository) =>
  Effect.map(repository.find({ tenantId, orderBy: "code", limit: 100 }), (page) => page.items),
)

describe("Sor", () => {
  it.effect(
    "SOR-1: type, sub type, variant and unit come from the masters; unknown ones are reported together",
    () =>
      Effect.gen(function* () {
        const works = yield* createWorks("Earth work in ordinary soil")
        assert.deepStrictEqual(
          [works.code, works.sorType, works.subType, works.variant, works.unit],
          ["SOR_000001", "W", "EW", "BS", "CUM"],
        )
        const exit = yield* Effect.exit(
          ScheduleOfRates.createSor({
            ...settings,
            input: {
              sorType: "W",
              subType: "XX",
              variant: "ZZ",
              unit: "FURLONG",
              description: "x",
              rateDefinedForQuantity: quantity("1"),
            },
          }),
        )
        const failure = failureOf(exit)
        assert.strictEqual(failure?._tag, "ValidationFailed")
        if (failure?._tag === "ValidationFailed") {
          assert.deepStrictEqual(
            failure.problems.map((problem) => problem.code),
            ["SOR_SUB_TYPE_UNKNOWN", "SOR_VARIANT_UNKNOWN", "SOR_UNIT_UNKNOWN"],
          )
        }
        const bare = Rates.SorMasters.classificationProblems(
          { ...masters, types: [] },
          { sorType: "W", unit: "CUM" },
        )
        assert.deepStrictEqual(
          bare.map((problem) => problem.code),
          ["SOR_TYPE_UNKNOWN", "SOR_SUB_TYPE_REQUIRED", "SOR_VARIANT_REQUIRED"],
        )
        assert.deepStrictEqual(yield* allSors, [works])
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "SOR-2: description ≤ 2048 characters and a whole rate-defined-for quantity ≥ 1; no two active duplicates (SOR_DUPLICATE naming the code)",
    () =>
      Effect.gen(function* () {
        const first = yield* createBasic({
          sorType: "M",
          description: "Bricks  first class",
          rateDefinedForQuantity: "1000",
          unit: "NOS",
        })
        const before = yield* allSors
        const duplicate = failureOf(
          yield* Effect.exit(createBasic({ sorType: "M", description: " bricks first CLASS ", unit: "NOS" })),
        )
        assert.strictEqual(duplicate?.code, "SOR_DUPLICATE")
        assert.match(duplicate?.message ?? "", /SOR_000001/)
        const invalid = failureOf(
          yield* Effect.exit(
            createBasic({ sorType: "M", description: "x".repeat(2049), rateDefinedForQuantity: "0.5" }),
          ),
        )
        assert.strictEqual(invalid?._tag, "ValidationFailed")
        if (invalid?._tag === "ValidationFailed")
          assert.deepStrictEqual(
            invalid.problems.map((problem) => problem.code),
            ["SOR_DESCRIPTION_TOO_LONG", "SOR_RATE_DEFINED_FOR_QUANTITY_INVALID"],
          )
        const empty = failureOf(yield* Effect.exit(createBasic({ sorType: "M", description: "  " })))
        assert.strictEqual(empty?._tag, "ValidationFailed")
        assert.deepStrictEqual(yield* allSors, before)
        const inactive = yield* ScheduleOfRates.deactivateSor({
          tenantId,
          sorId: first.id,
          version: first.version,
        })
        const again = yield* createBasic({ sorType: "M", description: "Bricks first class", unit: "NOS" })
        assert.strictEqual(again.code, "SOR_000002")
        const reactivated = failureOf(
          yield* Effect.exit(
            ScheduleOfRates.reactivateSor({ tenantId, sorId: inactive.id, version: inactive.version }),
          ),
        )
        assert.strictEqual(reactivated?.code, "SOR_DUPLICATE")
        yield* ScheduleOfRates.deactivateSor({ tenantId, sorId: again.id, version: again.version })
        const back = yield* ScheduleOfRates.reactivateSor({
          tenantId,
          sorId: inactive.id,
          version: inactive.version,
        })
        assert.strictEqual(back.status, "active")
        assert.strictEqual(
          yield* ScheduleOfRates.reactivateSor({ tenantId, sorId: back.id, version: back.version }),
          back,
        )
        const stale = failureOf(
          yield* Effect.exit(ScheduleOfRates.deactivateSor({ tenantId, sorId: back.id, version: 1 })),
        )
        assert.strictEqual(stale?.code, "STALE_VERSION")
        assert.isTrue(
          Sor.isSameItem(
            { sorType: "M", unit: "NOS", description: "A  b" },
            { sorType: "M", unit: "CUM", description: "a b" },
          ),
        )
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "SOR-3: an SOR used by an active works SOR's analysis cannot be made inactive (SOR_REFERENCED listing codes)",
    () =>
      Effect.gen(function* () {
        const { male, female } = yield* mulias
        const works = yield* createWorks("Earth work")
        yield* Rates.RateAnalysisMaintenance.createRateAnalysis({
          ...settings,
          sorId: works.id,
          input: earthWorkComposition(male, female),
          effectiveFrom: date("2024-01-01"),
        })
        const before = yield* allSors
        const refused = failureOf(
          yield* Effect.exit(
            ScheduleOfRates.deactivateSor({ tenantId, sorId: male.id, version: male.version }),
          ),
        )
        assert.strictEqual(refused?.code, "SOR_REFERENCED")
        if (refused?._tag === "SorReferenced") assert.deepStrictEqual(refused.referencingCodes, [works.code])
        assert.deepStrictEqual(yield* allSors, before)
        const worksInactive = yield* ScheduleOfRates.deactivateSor({
          tenantId,
          sorId: works.id,
          version: works.version,
        })
        assert.strictEqual(worksInactive.status, "inactive")
        const maleInactive = yield* ScheduleOfRates.deactivateSor({
          tenantId,
          sorId: male.id,
          version: male.version,
        })
        assert.strictEqual(maleInactive.status, "inactive")
        assert.strictEqual(
          yield* ScheduleOfRates.deactivateSor({ tenantId, sorId: male.id, version: maleInactive.version }),
          maleInactive,
        )
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "SOR-4: labour SORs are skills with unit NOS and quantity 1; the daily wage is the rate on the date (₹345 → ₹352 from 2024-01-01)",
    () =>
      Effect.gen(function* () {
        const unskilled = yield* createBasic({ sorType: "L", description: "Unskilled" })
        yield* addRate(unskilled.id, { LA: "345" }, "2023-04-01")
        yield* addRate(unskilled.id, { LA: "352" }, "2024-01-01")
        const before = yield* Rates.ScheduleOfRates.dailyWage({
          tenantId,
          skillCode: unskilled.code,
          date: date("2023-12-31"),
        })
        const after = yield* Rates.ScheduleOfRates.dailyWage({
          tenantId,
          skillCode: unskilled.code,
          date: date("2024-01-01"),
        })
        assert.deepStrictEqual(
          [before.wage.toString(), after.wage.toString(), after.date],
          ["345", "352", "2024-01-01"],
        )
        const wrong = failureOf(
          yield* Effect.exit(
            createBasic({ sorType: "L", description: "Mason", unit: "CUM", rateDefinedForQuantity: "2" }),
          ),
        )
        assert.strictEqual(wrong?._tag, "ValidationFailed")
        if (wrong?._tag === "ValidationFailed")
          assert.deepStrictEqual(
            wrong.problems.map((problem) => problem.code),
            ["LABOUR_SOR_UNIT_NOT_NOS", "LABOUR_SOR_QUANTITY_NOT_ONE"],
          )
        const material = yield* createBasic({ sorType: "M", description: "Cement" })
        assert.strictEqual(
          failureOf(
            yield* Effect.exit(
              Rates.ScheduleOfRates.dailyWage({
                tenantId,
                skillCode: material.code,
                date: date("2024-01-01"),
              }),
            ),
          )?._tag,
          "ValidationFailed",
        )
        assert.strictEqual(
          failureOf(
            yield* Effect.exit(
              Rates.ScheduleOfRates.dailyWage({
                tenantId,
                skillCode: "SOR_999999",
                date: date("2024-01-01"),
              }),
            ),
          )?._tag,
          "ValidationFailed",
        )
        assert.strictEqual(text(after.rate.rate), "352.00")
      }).pipe(Effect.provide(ratesLayer)),
  )

  it("ERR-1: every rates and estimates error class has its code as class name, and codes are unique", () => {
    const classes = [...Rates.errorClasses, ...Estimates.errorClasses]
    for (const errorClass of classes) {
      assert.strictEqual(
        errorClass.code,
        errorClass.name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase(),
      )
    }
    assert.strictEqual(new Set(classes.map((errorClass) => errorClass.code)).size, classes.length)
    const specCodes = [
      "SOR_DUPLICATE",
      "SOR_REFERENCED",
      "RATE_BEFORE_CURRENT",
      "NO_RATE_FOR_DATE",
      "RATE_UNCHANGED",
      "LINE_QUANTITY_ZERO",
      "ESTIMATE_EMPTY",
      "REVISION_IN_WORKFLOW",
      "UNIT_RATE_CHANGED",
      "QTY_BELOW_MEASURED",
      "MEASURED_LINE_REMOVED",
      "ESTIMATE_BELOW_ANALYSIS",
    ]
    for (const code of specCodes)
      assert.isTrue(
        classes.some((errorClass) => errorClass.code === code),
        code,
      )
  })
})
