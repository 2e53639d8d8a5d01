import { assert, describe, it } from "@effect/vitest"
import { Rates } from "@karya/core"
import { makeRateAnalysis, makeSor } from "@karya/core/testing"
import { Cause, DateTime, Effect, Exit, Option } from "effect"
import { TestClock } from "effect/testing"
import {
  addRate,
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

const { RateRevision, RateAnalysisMaintenance, ScheduleOfRates } = Rates

describe("RateRevision", () => {
  it.effect(
    "RA-7: a job revises works rates where basic rates changed, records per-SOR outcomes, and a rerun of a done job changes nothing",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-03-15T05:00:00Z")))
        const { male, female } = yield* mulias
        const works = yield* createWorks("Earth work")
        yield* RateAnalysisMaintenance.createRateAnalysis({
          ...settings,
          sorId: works.id,
          input: earthWorkComposition(male, female),
          effectiveFrom: date("2024-01-01"),
        })
        const steady = yield* createBasic({ sorType: "M", description: "Murram" })
        yield* addRate(steady.id, { MA: "100" }, "2024-01-01")
        const other = yield* createWorks("Spreading murram")
        yield* RateAnalysisMaintenance.createRateAnalysis({
          ...settings,
          sorId: other.id,
          input: {
            analysisQuantity: quantity("1"),
            basicLines: [{ sorId: steady.id, quantity: quantity("1") }],
            additionalCharges: [],
          },
          effectiveFrom: date("2024-01-01"),
        })
        yield* addRate(male.id, { LA: "400" }, "2024-04-01")
        yield* addRate(female.id, { LA: "400" }, "2024-04-01")
        const job = yield* RateRevision.scheduleRateRevision({
          tenantId,
          effectiveDate: date("2024-04-01"),
        })
        assert.deepStrictEqual([job.code, job.status], ["JOB-2024-000001", "scheduled"])
        const done = yield* RateRevision.runRateRevision({ tenantId, jobId: job.id })
        assert.strictEqual(done.status, "done")
        assert.deepStrictEqual(
          done.outcomes.map((outcome) => [outcome.sorCode, outcome.result]),
          [
            [works.code, "revised"],
            [other.code, "unchanged"],
          ],
        )
        const revised = yield* ScheduleOfRates.rateOnDate({
          tenantId,
          sorId: works.id,
          date: date("2024-04-01"),
        })
        assert.strictEqual(text(revised.rate.rate), "129.28")
        const historyBefore = (yield* ScheduleOfRates.rateHistory({ tenantId, sorId: works.id, limit: 100 }))
          .items
        const rerun = yield* RateRevision.runRateRevision({ tenantId, jobId: job.id })
        assert.deepStrictEqual(rerun, done)
        assert.deepStrictEqual(
          (yield* ScheduleOfRates.rateHistory({ tenantId, sorId: works.id, limit: 100 })).items,
          historyBefore,
        )
        assert.deepStrictEqual(
          (yield* RateRevision.listRateRevisions({ tenantId, status: "done", limit: 100 })).items.map(
            (listed) => listed.code,
          ),
          [job.code],
        )
      }).pipe(Effect.provide(ratesLayer)),
  )

  it.effect(
    "RA-7: a basic SOR without a rate on the date fails that SOR with its reason; the job is failed and a rerun retries it",
    () =>
      Effect.gen(function* () {
        const { male, female } = yield* mulias
        const works = yield* createWorks("Earth work")
        yield* RateAnalysisMaintenance.createRateAnalysis({
          ...settings,
          sorId: works.id,
          input: earthWorkComposition(male, female),
          effectiveFrom: date("2024-01-01"),
        })
        const job = yield* RateRevision.scheduleRateRevision({
          tenantId,
          effectiveDate: date("2023-06-01"),
        })
        const failed = yield* RateRevision.runRateRevision({ tenantId, jobId: job.id })
        assert.strictEqual(failed.status, "failed")
        const [outcome] = failed.outcomes
        assert.strictEqual(outcome?.result, "failed")
        if (outcome?.result === "failed") {
          assert.strictEqual(outcome.failureCode, "NO_RATE_FOR_DATE")
          assert.match(outcome.reason, new RegExp(`${male.code} has no rate in force on 2023-06-01`))
        }
        yield* addRate(male.id, { LA: "345" }, "2023-04-01").pipe(Effect.flip)
        assert.strictEqual(
          (yield* RateRevision.runRateRevision({ tenantId, jobId: job.id })).status,
          "failed",
        )
        assert.deepStrictEqual(
          Rates.RateRevisionJob.mergeOutcomes({
            earlier: [
              {
                sorId: works.id,
                sorCode: works.code,
                result: "unchanged",
                rate: failed.outcomes.length === 1 ? revisedZero : revisedZero,
              },
            ],
            latest: failed.outcomes,
          }).map((merged) => merged.result),
          ["unchanged"],
        )
      }).pipe(Effect.provide(ratesLayer)),
  )
  // A revision reads every active analysis at once, up to its stated limit:
  // here each belongs to an inactive works SOR, so the run only reads them.
  const runOver = (analysesCount: number) =>
    Effect.gen(function* () {
      const sors = yield* Rates.SorRepository.SorRepository
      const analyses = yield* Rates.RateAnalysisRepository.RateAnalysisRepository
      for (let index = 0; index < analysesCount; index += 1) {
        const works: Rates.Sor.Sor = { ...makeSor({ tenantId, index }), sorType: "W", status: "inactive" }
        yield* sors.insert({ aggregate: works })
        yield* analyses.insert({ aggregate: { ...makeRateAnalysis({ tenantId, index }), status: "active" } })
      }
      const job = yield* RateRevision.scheduleRateRevision({ tenantId, effectiveDate: date("2024-04-01") })
      const exit = yield* Effect.exit(RateRevision.runRateRevision({ tenantId, jobId: job.id }))
      const stored = yield* Rates.RateRevisionJobRepository.RateRevisionJobRepository.use((jobs) =>
        jobs.get({ tenantId, id: job.id }),
      )
      return { job, exit, stored }
    }).pipe(Effect.provide(ratesLayer))

  it.effect(
    `RA-7: a revision reads ${RateRevision.activeAnalysesPerRevisionMax} active analyses, the limit`,
    () =>
      Effect.gen(function* () {
        const { exit } = yield* runOver(RateRevision.activeAnalysesPerRevisionMax)
        assert.isTrue(Exit.isSuccess(exit))
        if (Exit.isSuccess(exit))
          assert.deepStrictEqual([exit.value.status, exit.value.outcomes], ["done", []])
      }),
  )

  it.effect(
    "RA-7: a revision past its limit of active analyses is refused with ACTIVE_ANALYSES_PER_REVISION_EXCEEDED and leaves the job scheduled",
    () =>
      Effect.gen(function* () {
        const { job, exit, stored } = yield* runOver(RateRevision.activeAnalysesPerRevisionMax + 1)
        const refused = Exit.isFailure(exit) ? Cause.findErrorOption(exit.cause) : Option.none()
        assert.isTrue(Option.isSome(refused))
        if (Option.isSome(refused)) {
          assert.strictEqual(refused.value.code, "ACTIVE_ANALYSES_PER_REVISION_EXCEEDED")
          assert.isTrue(
            refused.value instanceof RateRevision.ActiveAnalysesPerRevisionExceeded &&
              refused.value.category === "rule" &&
              refused.value.limit === RateRevision.activeAnalysesPerRevisionMax,
          )
        }
        assert.deepStrictEqual(stored, job)
      }),
  )
})

const revisedZero = Rates.SorRate.rateOf({ heads: [], scale: 2 })
