/**
 * The store of rate-revision jobs (RA-7): versioned records (DB-4),
 * tenant-scoped (TEN-1), on the one store shape of
 * `Persistence.AggregateStore`.
 *
 * - by id: `get({ tenantId, id })` (or `RATE_REVISION_JOB_NOT_FOUND`);
 * - the jobs by number, optionally of one status: `find` with
 *   `where: { status }`, `orderBy: "code"`;
 * - the jobs of a range of effective dates: `where: { effectiveDate: { from, to } }`.
 *
 * @since 0.1.0
 */
import { Context, DateTime, type Layer, Schema } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { RateRevisionJob } from "./RateRevisionJob.js"

/**
 * No job with this id in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateRevisionJobNotFound extends Schema.TaggedError<RateRevisionJobNotFound>(
  "@karya/core/rates/RateRevisionJobNotFound",
)("RateRevisionJobNotFound", { tenantId: Schema.String, jobId: Schema.String }) {
  static readonly code = "RATE_REVISION_JOB_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = RateRevisionJobNotFound.code
  readonly category = RateRevisionJobNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No rate revision job ${this.jobId} exists in ${this.tenantId}; choose a job from the list.`
  }
}

/**
 * How rate-revision jobs are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<RateRevisionJob>()({
  name: "RateRevisionJob",
  schema: RateRevisionJob,
  idOf: (job) => job.id,
  columns: {
    code: { type: "text", of: (job) => job.code, sortable: true },
    status: { type: "text", of: (job) => job.status },
    effectiveDate: { type: "date", of: (job) => job.effectiveDate, sortable: true },
    scheduledAt: { type: "timestamptz", of: (job) => DateTime.formatIso(job.scheduledAt), sortable: true },
    completedAt: {
      type: "timestamptz",
      of: (job) => (job.completedAt === undefined ? null : DateTime.formatIso(job.completedAt)),
    },
  },
  uniques: {},
  notFound: (key) => new RateRevisionJobNotFound({ tenantId: key.tenantId, jobId: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type RateRevisionJobRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The rate-revision job repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class RateRevisionJobRepository extends Context.Service<
  RateRevisionJobRepository,
  RateRevisionJobRepositoryShape
>()("@karya/core/rates/RateRevisionJobRepository") {}

/**
 * An in-memory job store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<RateRevisionJobRepository> = AggregateStore.layerMemory(
  RateRevisionJobRepository,
  descriptor,
)
