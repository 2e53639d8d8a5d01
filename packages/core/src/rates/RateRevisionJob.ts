/**
 * A rate-revision job (RA-7): scheduled for an effective date, it recomputes
 * every active works SOR's analysis with the basic rates in force that day
 * and adds a works rate only where the rate changed. It records one outcome
 * per works SOR: `revised` (a new rate), `unchanged`, or `failed` with the
 * reason (its error code and message, e.g. a basic SOR with no rate).
 *
 * Status: `scheduled` until run, `running` while it runs, then `done` when
 * every SOR succeeded or `failed` when at least one did not. Rerunning a
 * `done` job changes nothing; rerunning a `failed` job retries the failed
 * SORs and keeps the earlier outcomes of the others (decision: the spec names
 * the statuses, not when a job fails).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import * as Amount from "../money/Amount.js"
import { LocalDate } from "../time/LocalDate.js"

/**
 * @since 0.1.0
 * @category models
 */
export const JobStatus = Schema.Literals(["scheduled", "running", "done", "failed"])

/**
 * @since 0.1.0
 * @category models
 */
export type JobStatus = typeof JobStatus.Type

/**
 * The outcome for one works SOR.
 *
 * @since 0.1.0
 * @category models
 */
export const SorOutcome = Schema.Union([
  Schema.Struct({
    sorId: EntityId,
    sorCode: Schema.String,
    result: Schema.Literal("revised"),
    /** The rate in force before, when there was one. */
    previousRate: Schema.optionalKey(Amount.Amount),
    rate: Amount.Amount,
  }),
  Schema.Struct({
    sorId: EntityId,
    sorCode: Schema.String,
    result: Schema.Literal("unchanged"),
    rate: Amount.Amount,
  }),
  Schema.Struct({
    sorId: EntityId,
    sorCode: Schema.String,
    result: Schema.Literal("failed"),
    /** The error code of the failure (`NO_RATE_FOR_DATE`, `RATE_BEFORE_CURRENT`, …). */
    failureCode: Schema.String,
    reason: Schema.String,
  }),
])

/**
 * @since 0.1.0
 * @category models
 */
export type SorOutcome = typeof SorOutcome.Type

/**
 * A stored job.
 *
 * @since 0.1.0
 * @category models
 */
export const RateRevisionJob = Schema.Struct({
  id: EntityId,
  tenantId: TenantId,
  code: HumanNumber,
  effectiveDate: LocalDate,
  status: JobStatus,
  outcomes: Schema.Array(SorOutcome),
  scheduledAt: Schema.DateTimeUtc,
  completedAt: Schema.optionalKey(Schema.DateTimeUtc),
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type RateRevisionJob = typeof RateRevisionJob.Type

/**
 * The status a job ends with: `failed` when any SOR failed, else `done`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const finalStatusOf = (outcomes: ReadonlyArray<SorOutcome>): JobStatus =>
  outcomes.some((outcome) => outcome.result === "failed") ? "failed" : "done"

/**
 * The outcomes after a rerun: an SOR that succeeded before keeps its earlier
 * outcome (a rerun finds its rate already revised); the others take the new.
 *
 * @since 0.1.0
 * @category conversions
 */
export const mergeOutcomes = (options: {
  readonly earlier: ReadonlyArray<SorOutcome>
  readonly latest: ReadonlyArray<SorOutcome>
}): ReadonlyArray<SorOutcome> =>
  options.latest.map((outcome) => {
    const before = options.earlier.find((earlier) => earlier.sorId === outcome.sorId)
    return before !== undefined && before.result !== "failed" ? before : outcome
  })
