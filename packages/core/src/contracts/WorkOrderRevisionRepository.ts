/**
 * The revised-work-order repository port (ARCH-3, TEN-1, DB-4): time
 * extensions and scope revisions stored per tenant as versioned aggregates
 * (an insert expects no record with the id; an update names the version it
 * was decided on, else `STALE_VERSION` and nothing changes), listed per work
 * order in the order they were raised (TE-1 reads them for its limit and for
 * a revision already in the workflow).
 *
 * Every implementation passes `WorkOrderRevisionRepositorySuite` from
 * `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import * as MemoryTable from "../measurement/MemoryTable.js"
import type { StaleVersion } from "../workflow/WorkflowEngine.js"
import type { WorkOrderRevision } from "./WorkOrderRevision.js"

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
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkOrderRevisionRepositoryShape {
  readonly insert: (revision: WorkOrderRevision) => Effect.Effect<void, StaleVersion>
  readonly update: (change: {
    readonly revision: WorkOrderRevision
    readonly expectedVersion: number
  }) => Effect.Effect<void, StaleVersion | WorkOrderRevisionNotFound>
  readonly findById: (key: {
    readonly tenantId: TenantId
    readonly revisionId: string
  }) => Effect.Effect<Option.Option<WorkOrderRevision>>
  /** Every revision of a work order, in the order they were raised. */
  readonly ofWorkOrder: (key: {
    readonly tenantId: TenantId
    readonly workOrderId: string
  }) => Effect.Effect<ReadonlyArray<WorkOrderRevision>>
}

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
 * The revision, or `WORK_ORDER_REVISION_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getRevision = (key: {
  readonly tenantId: TenantId
  readonly revisionId: string
}): Effect.Effect<WorkOrderRevision, WorkOrderRevisionNotFound, WorkOrderRevisionRepository> =>
  WorkOrderRevisionRepository.use((repository) =>
    Effect.flatMap(repository.findById(key), (found) =>
      Option.isSome(found)
        ? Effect.succeed(found.value)
        : Effect.fail(new WorkOrderRevisionNotFound({ tenantId: key.tenantId, revisionId: key.revisionId })),
    ),
  )

/**
 * An in-memory repository: revisions live in a `Ref` for as long as the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<WorkOrderRevisionRepository> = Layer.effect(
  WorkOrderRevisionRepository,
  Effect.map(
    MemoryTable.make<WorkOrderRevision>((revision) => revision.revisionId),
    (table) =>
      WorkOrderRevisionRepository.of({
        insert: table.insert,
        update: ({ revision, expectedVersion }) =>
          Effect.flatMap(table.update(revision, expectedVersion), (outcome) =>
            outcome === "updated"
              ? Effect.void
              : Effect.fail(
                  new WorkOrderRevisionNotFound({
                    tenantId: revision.tenantId,
                    revisionId: revision.revisionId,
                  }),
                ),
          ),
        findById: ({ tenantId, revisionId }) => table.find(tenantId, revisionId),
        ofWorkOrder: ({ tenantId, workOrderId }) =>
          Effect.map(table.ofTenant(tenantId), (all) =>
            all.filter((revision) => revision.workOrderId === workOrderId),
          ),
      }),
  ),
)
