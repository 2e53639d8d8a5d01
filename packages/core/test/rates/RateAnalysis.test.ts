import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Money, Rates } from "@karya/core"
import { Effect, Exit, Option, Result } from "effect"
import {
  amount,
  configuration,
  createBasic,
  createWorks,
  date,
  earthWorkComposition,
  mulias,
  quantity,
  ratesLayer,
  settings,
  tenantId,
  text,
} from "./fixtures.js"

const { RateAnalysis, RateAnalysisMaintenance, ScheduleOfRates } = Rates

describe("RateAnalysis", () => {
  it.effect(
    "RA-5: earth work in ordinary soil: 0.16 male + 0.16 female mulia at LA 352 → LA 112.64, LC 1.13, rate 113.77",
    () =>
      Effect.gen(function* () {
        const { male, female } = yield* mulias
        const works = yield* createWorks("Earth work in excavation in ordinary soil")
        const created = yield* RateAnalysisMaintenance.createRateAnalysis({
          ...settings,
          sorId: works.id,
          input: earthWorkComposition(male, female),
          effectiveFrom: date("2024-01-01"),
        })
        const { result } = created
        assert.deepStrictEqual(
          result.headsPerUnit.map((entry) => [entry.head, text(entry.amount)]),
          [
            ["LA", "112.64"],
            ["LC", "1.13"],
          ],
        )
        assert.strictEqual(text(result.rate), "113.77")
        assert.strictEqual(created.analysis.code, "CMP_000001")
        const published = yield* ScheduleOfRates.rateOnDate({
          tenantId,
          sorId: works.id,
          date: date("2024-06-01"),
        })
        assert.strictEqual(text(published.rate.rate), "113.77")
        assert.strictEqual(published.rate.source, "rateAnalysis")
        assert.strictEqual(published.rate.analysisCode, "CMP_000001")
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "RA-5: a plaster SOR with LA 121.72, MA 21.29, CA 6.41, RA 0.26 gets LC 1.50 and rate 151.18",
    () =>
      Effect.gen(function* () {
        const labour = yield* createBasic({ sorType: "L", description: "Mason" })
        const material = yield* createBasic({ sorType: "M", description: "Cement mortar 1:6" })
        yield* ScheduleOfRates.addRate({
          ...settings,
          sorId: labour.id,
          heads: [{ head: "LA", amount: amount("121.72") }],
          effectiveFrom: date("2024-01-01"),
        })
        yield* ScheduleOfRates.addRate({
          ...settings,
          sorId: material.id,
          heads: [
            { head: "MA", amount: amount("21.29") },
            { head: "CA", amount: amount("6.41") },
            { head: "RA", amount: amount("0.26") },
          ],
          effectiveFrom: date("2024-01-01"),
        })
        const works = yield* Rates.ScheduleOfRates.createSor({
          ...settings,
          input: {
            sorType: "W",
            subType: "PL",
            variant: "GF",
            unit: "SQM",
            description: "12 mm plaster 1:6",
            rateDefinedForQuantity: quantity("1"),
          },
        })
        const { result } = yield* RateAnalysisMaintenance.createRateAnalysis({
          ...settings,
          sorId: works.id,
          input: {
            analysisQuantity: quantity("1"),
            basicLines: [
              { sorId: labour.id, quantity: quantity("1") },
              { sorId: material.id, quantity: quantity("1") },
            ],
            additionalCharges: [],
          },
          effectiveFrom: date("2024-01-01"),
        })
        assert.strictEqual(text(result.labourCess), "1.50")
        assert.strictEqual(text(result.rate), "151.18")
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "RA-1: an analysis composes active M, L, E SORs per Qa; every composition problem is reported at once",
    () =>
      Effect.gen(function* () {
        const { male } = yield* mulias
        const works = yield* createWorks("Earth work")
        const other = yield* createWorks("Other works")
        const exit = yield* Effect.exit(
          RateAnalysisMaintenance.createRateAnalysis({
            ...settings,
            sorId: works.id,
            input: {
              analysisQuantity: quantity("0"),
              basicLines: [
                { sorId: male.id, quantity: quantity("0") },
                { sorId: male.id, quantity: quantity("1") },
                { sorId: other.id, quantity: quantity("1") },
                { sorId: "00000000-0000-4000-8000-000000000000", quantity: quantity("1") },
              ],
              additionalCharges: [
                { head: "LC", calculation: "fixed", amount: amount("1") },
                { head: "XX", calculation: "fixed", amount: amount("1") },
                { head: "ADC", calculation: "fixed", amount: amount("1.001") },
              ],
            },
            effectiveFrom: date("2024-01-01"),
          }),
        )
        const failure = Exit.isFailure(exit) ? exit.cause : undefined
        assert.isDefined(failure)
        const problems = yield* Effect.flip(
          RateAnalysisMaintenance.createRateAnalysis({
            ...settings,
            sorId: male.id,
            input: { analysisQuantity: quantity("1"), basicLines: [], additionalCharges: [] },
            effectiveFrom: date("2024-01-01"),
          }),
        )
        assert.strictEqual(problems._tag, "ValidationFailed")
        if (problems._tag === "ValidationFailed")
          assert.deepStrictEqual(
            problems.problems.map((problem) => problem.code),
            ["SOR_NOT_WORKS", "BASIC_LINES_EMPTY"],
          )
        const all = yield* Effect.flip(
          Effect.fromResult(
            Exit.isFailure(exit)
              ? Result.fail(Option.getOrThrow(Exit.findErrorOption(exit)))
              : Result.succeed(undefined),
          ),
        )
        assert.strictEqual(all?._tag, "ValidationFailed")
        if (all?._tag === "ValidationFailed") {
          assert.deepStrictEqual(
            all.problems.map((problem) => problem.code),
            [
              "ANALYSIS_QUANTITY_ZERO",
              "BASIC_QUANTITY_ZERO",
              "BASIC_LINE_DUPLICATE",
              "SOR_NOT_BASIC",
              "SOR_UNKNOWN",
              "CHARGE_ON_LABOUR_CESS",
              "RATE_HEAD_UNKNOWN",
              "RATE_HEAD_PLACES_EXCEEDED",
            ],
          )
        }
        const exists = yield* RateAnalysisMaintenance.createRateAnalysis({
          ...settings,
          sorId: works.id,
          input: {
            analysisQuantity: quantity("1"),
            basicLines: [{ sorId: male.id, quantity: quantity("1") }],
            additionalCharges: [],
          },
          effectiveFrom: date("2024-01-01"),
        })
        const second = yield* Effect.flip(
          RateAnalysisMaintenance.createRateAnalysis({
            ...settings,
            sorId: works.id,
            input: {
              analysisQuantity: quantity("1"),
              basicLines: [{ sorId: male.id, quantity: quantity("1") }],
              additionalCharges: [],
            },
            effectiveFrom: date("2024-02-01"),
          }),
        )
        assert.strictEqual(
          second._tag === "ValidationFailed" && second.problems[0]?.code,
          "RATE_ANALYSIS_EXISTS",
        )
        assert.strictEqual(exists.analysis.basicLines[0]?.sorCode, male.code)
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "RA-2: each head contributes head × q ÷ Qa ÷ rate-defined-for quantity, rounded to 2 places after each division; a basic SOR without a rate is NO_RATE_FOR_DATE",
    () =>
      Effect.gen(function* () {
        const bricks = yield* createBasic({
          sorType: "M",
          description: "Bricks",
          unit: "NOS",
          rateDefinedForQuantity: "1000",
        })
        yield* ScheduleOfRates.addRate({
          ...settings,
          sorId: bricks.id,
          heads: [
            { head: "MA", amount: amount("7000") },
            { head: "CA", amount: amount("333.33") },
          ],
          effectiveFrom: date("2024-01-01"),
        })
        const works = yield* createWorks("Brick masonry")
        const { result } = yield* RateAnalysisMaintenance.createRateAnalysis({
          ...settings,
          sorId: works.id,
          input: {
            analysisQuantity: quantity("3"),
            basicLines: [{ sorId: bricks.id, quantity: quantity("1000") }],
            additionalCharges: [],
          },
          effectiveFrom: date("2024-01-01"),
        })
        assert.deepStrictEqual(
          result.lines[0]?.contributions.map((entry) => [entry.head, text(entry.amount)]),
          [
            ["MA", "2333.33"],
            ["CA", "111.11"],
          ],
        )
        assert.strictEqual(
          Money.Quantity.toCanonicalString(
            RateAnalysis.divideRounded({ dividend: quantity("2"), divisor: quantity("3"), scale: 4 }),
          ),
          "0.6667",
        )
        assert.strictEqual(
          Money.Amount.toCanonicalString(
            RateAnalysis.divideRounded({ dividend: amount("0.005"), divisor: quantity("1"), scale: 2 }),
          ),
          "0.01",
        )
        const late = yield* createWorks("Later works")
        const unpriced = yield* createBasic({ sorType: "M", description: "Unpriced" })
        const missing = yield* Effect.flip(
          RateAnalysisMaintenance.createRateAnalysis({
            ...settings,
            sorId: late.id,
            input: {
              analysisQuantity: quantity("1"),
              basicLines: [{ sorId: unpriced.id, quantity: quantity("1") }],
              additionalCharges: [],
            },
            effectiveFrom: date("2024-01-01"),
          }),
        )
        assert.strictEqual(missing.code, "NO_RATE_FOR_DATE")
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "RA-3: a fixed charge adds figure ÷ Qa to its head; a percentage charge adds figure % of the head's running total; RA-4: LC is 1% of the other heads",
    () =>
      Effect.gen(function* () {
        const { male, female } = yield* mulias
        const works = yield* createWorks("Earth work with charges")
        const { result } = yield* RateAnalysisMaintenance.createRateAnalysis({
          ...settings,
          sorId: works.id,
          input: {
            ...earthWorkComposition(male, female),
            analysisQuantity: quantity("2"),
            additionalCharges: [
              { head: "ADC", calculation: "fixed", amount: amount("10.01") },
              { head: "LA", calculation: "percentage", percentage: Money.Percentage.makeUnsafe("10") },
              { head: "ADC", calculation: "percentage", percentage: Money.Percentage.makeUnsafe("50") },
            ],
          },
          effectiveFrom: date("2024-01-01"),
        })
        assert.deepStrictEqual(
          result.charges.map((entry) => [entry.head, text(entry.amount)]),
          [
            ["ADC", "5.01"],
            ["LA", "5.63"],
            ["ADC", "2.51"],
          ],
        )
        assert.deepStrictEqual(
          result.headsPerUnit.map((entry) => [entry.head, text(entry.amount)]),
          [
            ["LA", "61.95"],
            ["ADC", "7.52"],
            ["LC", "0.69"],
          ],
        )
        assert.strictEqual(text(result.rate), "70.16")
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "RA-6: editing deactivates the old analysis and adds the new one with the same window; history is kept and the rate republished",
    () =>
      Effect.gen(function* () {
        const { male, female } = yield* mulias
        const works = yield* createWorks("Earth work")
        const created = yield* RateAnalysisMaintenance.createRateAnalysis({
          ...settings,
          sorId: works.id,
          input: earthWorkComposition(male, female),
          effectiveFrom: date("2024-01-01"),
        })
        const edited = yield* RateAnalysisMaintenance.editRateAnalysis({
          ...settings,
          analysisId: created.analysis.id,
          version: created.analysis.version,
          input: {
            ...earthWorkComposition(male, female),
            basicLines: [{ sorId: male.id, quantity: quantity("0.2") }],
          },
          rateEffectiveFrom: date("2024-04-01"),
        })
        assert.deepStrictEqual(edited.analysis.effectivePeriod, created.analysis.effectivePeriod)
        assert.strictEqual(edited.analysis.replacesAnalysisId, created.analysis.id)
        assert.strictEqual(edited.analysis.code, "CMP_000002")
        const history = (yield* RateAnalysisMaintenance.analysisHistory({
          tenantId,
          sorId: works.id,
          limit: 100,
        })).items
        assert.deepStrictEqual(
          history.map((analysis) => [analysis.code, analysis.status]),
          [
            ["CMP_000001", "inactive"],
            ["CMP_000002", "active"],
          ],
        )
        const rates = (yield* ScheduleOfRates.rateHistory({ tenantId, sorId: works.id, limit: 100 })).items
        assert.deepStrictEqual(
          rates.map((rate) => [rate.effectivePeriod.effectiveFrom, text(rate.rate)]),
          [
            ["2024-01-01", "113.77"],
            ["2024-04-01", "71.10"],
          ],
        )
        const again = yield* Effect.flip(
          RateAnalysisMaintenance.editRateAnalysis({
            ...settings,
            analysisId: created.analysis.id,
            version: 2,
            input: earthWorkComposition(male, female),
            rateEffectiveFrom: date("2023-01-01"),
          }),
        )
        assert.strictEqual(again._tag, "ValidationFailed")
        if (again._tag === "ValidationFailed")
          assert.deepStrictEqual(
            again.problems.map((problem) => problem.code),
            ["RATE_ANALYSIS_INACTIVE", "RATE_EFFECTIVE_OUTSIDE_ANALYSIS"],
          )
        const stale = yield* Effect.flip(
          RateAnalysisMaintenance.editRateAnalysis({
            ...settings,
            analysisId: edited.analysis.id,
            version: 9,
            input: earthWorkComposition(male, female),
            rateEffectiveFrom: date("2024-05-01"),
          }),
        )
        assert.strictEqual(stale.code, "STALE_VERSION")
        const sameDay = yield* RateAnalysisMaintenance.editRateAnalysis({
          ...settings,
          analysisId: edited.analysis.id,
          version: 1,
          input: earthWorkComposition(male, female),
          rateEffectiveFrom: date("2024-04-01"),
        })
        assert.strictEqual(text(sameDay.rate.rate), "113.77")
        assert.strictEqual(
          (yield* ScheduleOfRates.rateHistory({ tenantId, sorId: works.id, limit: 100 })).items.length,
          2,
        )
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "RA-8: the head totals give labour, material and machinery content per unit with each item's quantity and cost",
    () =>
      Effect.gen(function* () {
        const { male } = yield* mulias
        const sand = yield* createBasic({ sorType: "M", description: "Sand" })
        yield* ScheduleOfRates.addRate({
          ...settings,
          sorId: sand.id,
          heads: [
            { head: "MA", amount: amount("56.19") },
            { head: "CA", amount: amount("731.71") },
          ],
          effectiveFrom: date("2024-01-01"),
        })
        const roller = yield* createBasic({ sorType: "E", description: "Roller", unit: "HOUR" })
        yield* ScheduleOfRates.addRate({
          ...settings,
          sorId: roller.id,
          heads: [{ head: "MHA", amount: amount("524.70") }],
          effectiveFrom: date("2024-01-01"),
        })
        const works = yield* createWorks("Filling with sand")
        yield* RateAnalysisMaintenance.createRateAnalysis({
          ...settings,
          sorId: works.id,
          input: {
            analysisQuantity: quantity("1"),
            basicLines: [
              { sorId: male.id, quantity: quantity("0.1") },
              { sorId: sand.id, quantity: quantity("1.2") },
              { sorId: roller.id, quantity: quantity("0.01") },
            ],
            additionalCharges: [
              { head: "MHA", calculation: "fixed", amount: amount("1") },
              { head: "LA", calculation: "fixed", amount: amount("2") },
            ],
          },
          effectiveFrom: date("2024-01-01"),
        })
        const content = yield* RateAnalysisMaintenance.contentPerUnitOf({
          tenantId,
          sorId: works.id,
          date: date("2024-06-01"),
        })
        assert.deepStrictEqual(
          [text(content.labour), text(content.material), text(content.machinery)],
          ["37.20", "945.48", "6.25"],
        )
        const sandItem = content.items.find((item) => item.code === sand.code)
        assert.isDefined(sandItem)
        if (sandItem !== undefined) {
          assert.strictEqual(
            Money.Quantity.toCanonicalString(
              RateAnalysis.itemQuantity({ item: sandItem, quantity: quantity("5"), scale: 4 }),
            ),
            "6",
          )
          assert.strictEqual(
            text(RateAnalysis.itemAmount({ item: sandItem, quantity: quantity("5"), scale: 2 })),
            "4727.40",
          )
        }
        const basic = yield* RateAnalysisMaintenance.contentPerUnitOf({
          tenantId,
          sorId: sand.id,
          date: date("2024-06-01"),
        })
        assert.deepStrictEqual([text(basic.material), basic.items.length], ["787.90", 1])
        const none = yield* Effect.flip(
          RateAnalysisMaintenance.analyseWorksSor({
            tenantId,
            sorId: (yield* createWorks("No analysis")).id,
            date: date("2024-06-01"),
          }),
        )
        assert.strictEqual(none.code, "RATE_ANALYSIS_NOT_FOUND")
      }).pipe(Effect.provide(ratesLayer)),
  )

  test.prop([
    fc.array(
      fc.tuple(
        fc.integer({ min: 1, max: 99999 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.constantFrom("1", "10", "1000"),
      ),
      { minLength: 1, maxLength: 6 },
    ),
    fc.integer({ min: 1, max: 100 }),
    fc.constantFrom("1", "10"),
  ])(
    "RA-5: rate analysis is deterministic and its rate equals Σ heads (property)",
    (lines, analysisQuantity, worksQuantity) => {
      const works = {
        id: "w",
        code: "SOR_W",
        sorType: "W",
        rateDefinedForQuantity: quantity(worksQuantity),
      } as unknown as Rates.Sor.Sor
      const basicRates = new Map<string, Rates.RateAnalysis.BasicRate>()
      const basicLines = lines.map(([paise, q, ratedFor], index) => {
        const sorId = `b${index}`
        const sor = {
          id: sorId,
          code: `SOR_B${index}`,
          sorType: index % 2 === 0 ? "L" : "M",
          rateDefinedForQuantity: quantity(ratedFor),
        } as unknown as Rates.Sor.Sor
        const heads = [
          { head: index % 2 === 0 ? "LA" : "MA", amount: Money.Amount.makeUnsafe((paise / 100).toFixed(2)) },
          { head: "CA", amount: Money.Amount.makeUnsafe("1.25") },
        ]
        basicRates.set(sorId, { sor, rate: { id: `r${index}`, heads } as unknown as Rates.SorRate.SorRate })
        return { sorId, sorCode: sor.code, quantity: Money.Quantity.makeUnsafe((q / 100).toString()) }
      })
      const analysis = {
        code: "CMP_1",
        sorId: "w",
        sorCode: "SOR_W",
        analysisQuantity: quantity(String(analysisQuantity)),
        basicLines,
        additionalCharges: [
          { head: "CA", calculation: "percentage", percentage: Money.Percentage.makeUnsafe("2.5") },
        ],
      } as unknown as Rates.RateAnalysis.RateAnalysis
      const run = () =>
        RateAnalysis.analyse({
          analysis,
          worksSor: works,
          basicRates,
          labourCessPercentage: configuration.labourCessPercentage,
          scale: 2,
          analysisDate: date("2024-01-01"),
        })
      const first = run()
      const second = run()
      assert.deepStrictEqual(first, second)
      assert.isTrue(
        Money.Amount.equals(first.rate, Money.Amount.sum(first.heads.map((entry) => entry.amount))),
      )
      assert.isTrue(
        Money.Amount.equals(
          first.ratePerUnit,
          Money.Amount.sum(first.headsPerUnit.map((entry) => entry.amount)),
        ),
      )
      assert.isTrue(first.heads.every((entry) => entry.amount.decimalPlaces() <= 2))
      const content = RateAnalysis.contentPerUnit(first)
      assert.isTrue(
        Money.Amount.equals(
          Money.Amount.sum([content.labour, content.material, content.machinery, first.labourCess]),
          first.ratePerUnit,
        ),
      )
    },
  )
})
