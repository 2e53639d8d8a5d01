/**
 * The repository port of estimates (EST-1, EST-6..8): tenant-scoped,
 * versioned, written all-or-nothing (approving a revision stores it and the
 * version it supersedes together), queried by project, by revision chain and
 * by workflow state. Every implementation passes `EstimateRepositorySuite`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import * as VersionedTable from "../rates/VersionedTable.js"
import type { StaleVersion } from "../workflow/WorkflowEngine.js"
import type { Estimate, EstimateType } from "./Estimate.js"

/**
 * No estimate with this id in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class EstimateNotFound extends Schema.TaggedError<EstimateNotFound>(
  "@karya/core/estimates/EstimateNotFound",
)("EstimateNotFound", { tenantId: Schema.String, estimateId: Schema.String }) {
  static readonly code = "ESTIMATE_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = EstimateNotFound.code
  readonly category = EstimateNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No estimate ${this.estimateId} exists in ${this.tenantId}; choose an estimate from the project's list.`
  }
}

/**
 * Search criteria; every given one must match.
 *
 * @since 0.1.0
 * @category models
 */
export interface EstimateCriteria {
  readonly projectId?: string
  readonly type?: EstimateType
  /** The workflow state (`PENDING_FOR_APPROVAL`, `APPROVED`, …). */
  readonly state?: string
}

/**
 * One all-or-nothing write of estimates.
 *
 * @since 0.1.0
 * @category models
 */
export interface EstimateWrite {
  readonly inserts: ReadonlyArray<Estimate>
  readonly updates: ReadonlyArray<Estimate>
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface EstimateRepositoryShape {
  readonly save: (write: EstimateWrite) => Effect.Effect<void, StaleVersion>
  readonly get: (tenantId: TenantId, estimateId: string) => Effect.Effect<Estimate, EstimateNotFound>
  readonly findByNumber: (tenantId: TenantId, number: string) => Effect.Effect<Option.Option<Estimate>>
  /** Every version of an estimate, original first, by revision number (EST-7). */
  readonly chainOf: (tenantId: TenantId, originalEstimateId: string) => Effect.Effect<ReadonlyArray<Estimate>>
  /** Matching estimates ordered by number. */
  readonly search: (tenantId: TenantId, criteria: EstimateCriteria) => Effect.Effect<ReadonlyArray<Estimate>>
}

/**
 * The estimate repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class EstimateRepository extends Context.Service<EstimateRepository, EstimateRepositoryShape>()(
  "@karya/core/estimates/EstimateRepository",
) {}

const matches = (estimate: Estimate, criteria: EstimateCriteria): boolean =>
  (criteria.projectId === undefined || estimate.projectId === criteria.projectId) &&
  (criteria.type === undefined || estimate.type === criteria.type) &&
  (criteria.state === undefined || estimate.workflow.state === criteria.state)

/**
 * An in-memory estimate repository (tests and embedding).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<EstimateRepository> = Layer.effect(
  EstimateRepository,
  Effect.map(VersionedTable.make<Estimate>(), (table) =>
    EstimateRepository.of({
      save: (write) => table.write(write),
      get: (tenantId, estimateId) =>
        Effect.flatMap(table.find(tenantId, estimateId), (found) =>
          Option.match(found, {
            onNone: () => Effect.fail(new EstimateNotFound({ tenantId, estimateId })),
            onSome: Effect.succeed,
          }),
        ),
      findByNumber: (tenantId, number) =>
        Effect.map(table.rows(tenantId), (rows) =>
          Option.fromNullishOr(rows.find((estimate) => estimate.number === number)),
        ),
      chainOf: (tenantId, originalEstimateId) =>
        Effect.map(table.rows(tenantId), (rows) =>
          rows
            .filter((estimate) => estimate.originalEstimateId === originalEstimateId)
            .sort((left, right) => left.revisionNumber - right.revisionNumber),
        ),
      search: (tenantId, criteria) =>
        Effect.map(table.rows(tenantId), (rows) =>
          rows
            .filter((estimate) => matches(estimate, criteria))
            .sort((left, right) => (left.number < right.number ? -1 : left.number > right.number ? 1 : 0)),
        ),
    }),
  ),
)
