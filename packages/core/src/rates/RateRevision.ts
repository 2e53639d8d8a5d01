/**
 * Use cases of rate revision (RA-7): scheduling a job for an effective date
 * and running it. A run recomputes every active works SOR's analysis with the
 * basic rates in force on that date and publishes a works rate (RATE-2,
 * RATE-5) only where the heads changed; each SOR's failure is recorded as its
 * outcome and does not stop the others. Rerunning a `done` job returns it
 * unchanged and writes nothing.
 *
 * @since 0.1.0
 */
import { Effect, Option, Result, Schema } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import * as EntityId from "../ids/EntityId.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type { PageRequest } from "../persistence/Page.js"
import * as BusinessClock from "../time/BusinessClock.js"
import type { LocalDate } from "../time/LocalDate.js"
import type { RateAnalysis } from "./RateAnalysis.js"
import { analyseOn, publishWorksRate } from "./RateAnalysisMaintenance.js"
import { RateAnalysisRepository } from "./RateAnalysisRepository.js"
import * as RateRevisionJob from "./RateRevisionJob.js"
import { RateRevisionJobRepository } from "./RateRevisionJobRepository.js"
import { issueNumberOf } from "./ScheduleOfRates.js"
import * as Sor from "./Sor.js"
import { SorRepository } from "./SorRepository.js"
import * as StateSchedule from "./StateSchedule.js"

/**
 * Most active analyses one revision job reads (RA-7): a state's schedule has
 * a few thousand works items (Odisha's lists about 2,000), so 5,000 leaves
 * room. No intake rule bounds them (one active analysis per works SOR, and
 * works SORs are added freely), so a run past it is refused with
 * `ACTIVE_ANALYSES_PER_REVISION_EXCEEDED` before the job is touched.
 *
 * @since 0.1.0
 * @category models
 */
export const activeAnalysesPerRevisionMax = 5_000

/**
 * The tenant has more active rate analyses than one revision job reads
 * (RA-7, `activeAnalysesPerRevisionMax`): the job is left as it was.
 *
 * @since 0.1.0
 * @category errors
 */
export class ActiveAnalysesPerRevisionExceeded extends Schema.TaggedError<ActiveAnalysesPerRevisionExceeded>(
  "@karya/core/rates/ActiveAnalysesPerRevisionExceeded",
)("ActiveAnalysesPerRevisionExceeded", { jobCode: Schema.String, limit: Schema.Number }) {
  static readonly code = "ACTIVE_ANALYSES_PER_REVISION_EXCEEDED"
  static readonly category = "rule"
  readonly code = ActiveAnalysesPerRevisionExceeded.code
  readonly category = ActiveAnalysesPerRevisionExceeded.category
  readonly retryable = false
  override get message(): string {
    return `Rate revision ${this.jobCode} would revise more than ${this.limit} active rate analyses, the most one job reads; retire the analyses of works items the schedule no longer lists, then run the job again.`
  }
}

/**
 * Schedules a rate revision for an effective date (RA-7); the job number
 * comes from the `rateRevisionJob` series (`JOB-2024-000007`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const scheduleRateRevision = Effect.fn("Rates.scheduleRateRevision")(function* (request: {
  readonly tenantId: TenantId
  readonly effectiveDate: LocalDate
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const job: RateRevisionJob.RateRevisionJob = {
    id: yield* EntityId.make,
    tenantId: configuration.tenantId,
    code: yield* issueNumberOf(configuration, "rateRevisionJob"),
    effectiveDate: request.effectiveDate,
    status: "scheduled",
    outcomes: [],
    scheduledAt: yield* BusinessClock.currentInstant,
    version: 1,
  }
  yield* (yield* RateRevisionJobRepository).insert({ aggregate: job })
  return job
})

const reviseOne = Effect.fn("Rates.reviseOne")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly analysis: RateAnalysis
  readonly worksSor: Sor.Sor
  readonly date: LocalDate
}) {
  const { configuration, worksSor, date } = request
  const before = yield* StateSchedule.windowInForce({
    tenantId: configuration.tenantId,
    sorId: worksSor.id,
    date,
  })
  const result = yield* analyseOn({ configuration, analysis: request.analysis, worksSor, date })
  const published = yield* publishWorksRate({ configuration, sor: worksSor, result, effectiveFrom: date })
  const base = { sorId: worksSor.id, sorCode: worksSor.code }
  if (published.outcome === "unchanged")
    return { ...base, result: "unchanged" as const, rate: published.rate.rate }
  return {
    ...base,
    result: "revised" as const,
    ...(Option.isSome(before) ? { previousRate: before.value.rate } : {}),
    rate: published.rate.rate,
  }
})

const outcomeOf = Effect.fn("Rates.outcomeOf")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly analysis: RateAnalysis
  readonly worksSor: Sor.Sor
  readonly date: LocalDate
}) {
  const attempt = yield* Effect.result(reviseOne(request))
  if (Result.isSuccess(attempt)) return attempt.success as RateRevisionJob.SorOutcome
  const failure = attempt.failure
  const outcome: RateRevisionJob.SorOutcome = {
    sorId: request.worksSor.id,
    sorCode: request.worksSor.code,
    result: "failed",
    failureCode: failure.code,
    reason: failure.message,
  }
  return outcome
})

/**
 * Runs a rate-revision job (RA-7): `done` jobs are returned unchanged;
 * otherwise every active works SOR is revised for the job's date and the job
 * ends `done`, or `failed` listing the SORs that failed and why.
 *
 * @since 0.1.0
 * @category constructors
 */
export const runRateRevision = Effect.fn("Rates.runRateRevision")(function* (request: {
  readonly tenantId: TenantId
  readonly jobId: string
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const jobs = yield* RateRevisionJobRepository
  const job = yield* jobs.get({ tenantId: configuration.tenantId, id: request.jobId })
  if (job.status === "done") return job
  const found = yield* AggregateStore.findAllWithin(
    yield* RateAnalysisRepository,
    { tenantId: configuration.tenantId, where: { status: "active" }, orderBy: "code" },
    { itemsMax: activeAnalysesPerRevisionMax },
  )
  if (Option.isNone(found)) {
    return yield* new ActiveAnalysesPerRevisionExceeded({
      jobCode: job.code,
      limit: activeAnalysesPerRevisionMax,
    })
  }
  const analyses = found.value
  const running: RateRevisionJob.RateRevisionJob = { ...job, status: "running", version: job.version + 1 }
  yield* jobs.update({ aggregate: running, expectedVersion: job.version })
  const sors = yield* SorRepository
  const latest: Array<RateRevisionJob.SorOutcome> = []
  for (const analysis of analyses) {
    const worksSor = yield* sors.get({ tenantId: configuration.tenantId, id: analysis.sorId })
    if (!Sor.isActive(worksSor)) continue
    latest.push(yield* outcomeOf({ configuration, analysis, worksSor, date: job.effectiveDate }))
  }
  const outcomes = RateRevisionJob.mergeOutcomes({ earlier: job.outcomes, latest })
  const finished: RateRevisionJob.RateRevisionJob = {
    ...running,
    status: RateRevisionJob.finalStatusOf(outcomes),
    outcomes,
    completedAt: yield* BusinessClock.currentInstant,
    version: running.version + 1,
  }
  yield* jobs.update({ aggregate: finished, expectedVersion: running.version })
  return finished
})

/**
 * A page of the tenant's jobs, ordered by number, optionally of one status
 * (RA-7).
 *
 * @since 0.1.0
 * @category constructors
 */
export const listRateRevisions = (
  request: {
    readonly tenantId: TenantId
    readonly status?: RateRevisionJob.JobStatus
  } & PageRequest,
) =>
  RateRevisionJobRepository.use((repository) =>
    repository.find({
      tenantId: request.tenantId,
      where: { status: request.status },
      orderBy: "code",
      limit: request.limit,
      cursor: request.cursor,
    }),
  )
