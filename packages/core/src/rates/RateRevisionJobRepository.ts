/**
 * The repository port of rate-revision jobs (RA-7): tenant-scoped, versioned,
 * listed by status. Every implementation passes
 * `RateRevisionJobRepositorySuite`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { StaleVersion } from "../workflow/WorkflowEngine.js"
import type { JobStatus, RateRevisionJob } from "./RateRevisionJob.js"
import * as VersionedTable from "./VersionedTable.js"

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
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateRevisionJobRepositoryShape {
  readonly insert: (job: RateRevisionJob) => Effect.Effect<void>
  /** Stores the next version; `STALE_VERSION` unless the stored version is one less. */
  readonly update: (job: RateRevisionJob) => Effect.Effect<void, StaleVersion>
  readonly get: (tenantId: TenantId, jobId: string) => Effect.Effect<RateRevisionJob, RateRevisionJobNotFound>
  /** Jobs ordered by code, optionally of one status. */
  readonly list: (
    tenantId: TenantId,
    criteria: { readonly status?: JobStatus },
  ) => Effect.Effect<ReadonlyArray<RateRevisionJob>>
}

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
 * An in-memory job repository (tests and embedding).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<RateRevisionJobRepository> = Layer.effect(
  RateRevisionJobRepository,
  Effect.map(VersionedTable.make<RateRevisionJob>(), (table) =>
    RateRevisionJobRepository.of({
      insert: (job) => Effect.orDie(table.write({ inserts: [job], updates: [] })),
      update: (job) => table.write({ inserts: [], updates: [job] }),
      get: (tenantId, jobId) =>
        Effect.flatMap(table.find(tenantId, jobId), (found) =>
          Option.match(found, {
            onNone: () => Effect.fail(new RateRevisionJobNotFound({ tenantId, jobId })),
            onSome: Effect.succeed,
          }),
        ),
      list: (tenantId, criteria) =>
        Effect.map(table.rows(tenantId), (rows) =>
          rows
            .filter((job) => criteria.status === undefined || job.status === criteria.status)
            .sort((left, right) => (left.code < right.code ? -1 : left.code > right.code ? 1 : 0)),
        ),
    }),
  ),
)
