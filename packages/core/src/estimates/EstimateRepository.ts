/**
 * The store of estimates (EST-1, EST-6..8): versioned records (DB-4),
 * tenant-scoped (TEN-1), on the one store shape of
 * `Persistence.AggregateStore`. Numbers are issued once by the `estimate`
 * and `revisedEstimate` series (ID-2), so no unique rule of the store is
 * needed for them.
 *
 * - by id: `get({ tenantId, id })` (or `ESTIMATE_NOT_FOUND`);
 * - by number: `findFirst(repository, { tenantId, where: { number } })`;
 * - a revision chain (EST-7), original first: `findAll` with
 *   `where: { originalEstimateId }`, `orderBy: "revisionNumber"` and
 *   `itemsMax: chainVersionsMax`;
 * - by project, type and workflow state, in number order: `find` with
 *   `where: { projectId, type, workflowState }`, `orderBy: "number"`;
 * - the estimate date, total, work-order value and the superseding version
 *   are columns for the KPIs (current versions: `supersededById: null`).
 *
 * Approving a revision updates it and the version it supersedes: the use
 * case makes the two updates one unit of work (DB-5).
 *
 * @since 0.1.0
 */
import { Context, type Layer, Schema } from "effect"
import * as Amount from "../money/Amount.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { Estimate } from "./Estimate.js"

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
 * Most versions of one estimate's revision chain read at once (EST-7): the
 * tenant allows a couple of approved revisions, but every rejected revision
 * stays in the chain; a hundred versions of one estimate means something is
 * looping. Revising is the only way a chain grows, and it reads the chain
 * first, so the intake bounds it: a revision of a chain this long is refused
 * (`ESTIMATE_VERSIONS_EXCEEDED`).
 *
 * @since 0.1.0
 * @category models
 */
export const chainVersionsMax = 100

/**
 * How estimates are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<Estimate>()({
  name: "Estimate",
  schema: Estimate,
  idOf: (estimate) => estimate.id,
  columns: {
    number: { type: "text", of: (estimate) => estimate.number, sortable: true },
    projectId: { type: "text", of: (estimate) => estimate.projectId },
    type: { type: "text", of: (estimate) => estimate.type },
    workflowState: { type: "text", of: (estimate) => estimate.workflow.state },
    originalEstimateId: { type: "text", of: (estimate) => estimate.originalEstimateId },
    revisionNumber: { type: "integer", of: (estimate) => estimate.revisionNumber, sortable: true },
    supersededById: { type: "text", of: (estimate) => estimate.supersededById ?? null },
    estimateDate: { type: "date", of: (estimate) => estimate.estimateDate, sortable: true },
    total: {
      type: "numeric",
      of: (estimate) => Amount.toCanonicalString(estimate.totals.total),
      sortable: true,
    },
    workOrderValue: {
      type: "numeric",
      of: (estimate) => Amount.toCanonicalString(estimate.totals.workOrderValue),
    },
  },
  uniques: {},
  notFound: (key) => new EstimateNotFound({ tenantId: key.tenantId, estimateId: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type EstimateRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The estimate repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class EstimateRepository extends Context.Service<EstimateRepository, EstimateRepositoryShape>()(
  "@karya/core/estimates/EstimateRepository",
) {}

/**
 * An in-memory estimate store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<EstimateRepository> = AggregateStore.layerMemory(
  EstimateRepository,
  descriptor,
)
