/**
 * The store of revised work orders (TE-1..5): time extensions and scope
 * revisions as versioned aggregates (DB-4), tenant-scoped (TEN-1), on the
 * one store shape of `Persistence.AggregateStore`.
 *
 * - by id: `get({ tenantId, id })` (or `WORK_ORDER_REVISION_NOT_FOUND`), or
 *   `getRevision({ tenantId, revisionId })`;
 * - a work order's revisions in the order they were raised: `find` with
 *   `where: { workOrderId }` in insertion order, narrowed by `kind`
 *   (`timeExtension`, `scope`) and the derived `status` (`inWorkflow`,
 *   `approved`, `rejected`) where a rule asks (TE-1: the one in the
 *   workflow, the approved extensions).
 *
 * @since 0.1.0
 */
import { Context, type Effect, type Layer, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import * as Amount from "../money/Amount.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import { statusOf, WorkOrderRevision } from "./WorkOrderRevision.js"

/**
 * No revised work order with the id exists in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOrderRevisionNotFound extends Schema.TaggedError<WorkOrderRevisionNotFound>(
  "@karya/core/contracts/WorkOrderRevisionNotFound",
)("WorkOrderRevisionNotFound", {
  tenantId: Schema.String,
  revisionId: Schema.String,
}) {
  static readonly code = "WORK_ORDER_REVISION_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = WorkOrderRevisionNotFound.code
  readonly category = WorkOrderRevisionNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No time extension or revised work order ${this.revisionId} exists in ${this.tenantId}; search for it again.`
  }
}

/**
 * How revised work orders are stored: a time extension has a revised end
 * date and no amount, a scope revision an amount and no revised end date.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<WorkOrderRevision>()({
  name: "WorkOrderRevision",
  schema: WorkOrderRevision,
  idOf: (revision) => revision.revisionId,
  columns: {
    number: { type: "text", of: (revision) => revision.number, sortable: true },
    workOrderId: { type: "text", of: (revision) => revision.workOrderId },
    projectId: { type: "text", of: (revision) => revision.projectId },
    organisationId: { type: "text", of: (revision) => revision.organisationId },
    kind: { type: "text", of: (revision) => revision.change.kind },
    status: { type: "text", of: statusOf },
    revisedEndDate: {
      type: "date",
      of: (revision) => (revision.change.kind === "timeExtension" ? revision.change.revisedEndDate : null),
    },
    amount: {
      type: "numeric",
      of: (revision) =>
        revision.change.kind === "scope" ? Amount.toCanonicalString(revision.change.amount) : null,
    },
  },
  uniques: {},
  notFound: (key) => new WorkOrderRevisionNotFound({ tenantId: key.tenantId, revisionId: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type WorkOrderRevisionRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The revised-work-order repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class WorkOrderRevisionRepository extends Context.Service<
  WorkOrderRevisionRepository,
  WorkOrderRevisionRepositoryShape
>()("@karya/core/contracts/WorkOrderRevisionRepository") {}

/**
 * An in-memory store of revised work orders.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<WorkOrderRevisionRepository> = AggregateStore.layerMemory(
  WorkOrderRevisionRepository,
  descriptor,
)

/**
 * The revision, or `WORK_ORDER_REVISION_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getRevision = (key: {
  readonly tenantId: TenantId
  readonly revisionId: string
}): Effect.Effect<
  WorkOrderRevision,
  WorkOrderRevisionNotFound | StoreUnavailable,
  WorkOrderRevisionRepository
> =>
  WorkOrderRevisionRepository.use((repository) =>
    repository.get({ tenantId: key.tenantId, id: key.revisionId }),
  )
