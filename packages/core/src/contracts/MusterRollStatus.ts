/**
 * How far a work order's muster rolls have come (TE-1), as the contracts
 * module reads it: an anti-corruption port in front of the attendance
 * module. A time extension is refused while no muster roll has been created
 * for the order, or while the first one is not yet submitted for approval.
 *
 * The attendance module provides the production layer; `layerMemory` serves
 * fixed answers for tests and embedding.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Ref, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"

/**
 * The muster-roll progress of a work order: none created yet, the first one
 * created but not yet submitted for approval, or the first one submitted.
 *
 * @since 0.1.0
 * @category models
 */
export const MusterRollProgress = Schema.Literals(["noneCreated", "firstNotSubmitted", "firstSubmitted"])

/**
 * @since 0.1.0
 * @category models
 */
export type MusterRollProgress = typeof MusterRollProgress.Type

/**
 * The work order asked about.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkOrderReference {
  readonly tenantId: TenantId
  readonly workOrderId: string
  readonly workOrderNumber: string
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface MusterRollStatusShape {
  readonly progressOf: (workOrder: WorkOrderReference) => Effect.Effect<MusterRollProgress>
}

/**
 * The muster-roll status port.
 *
 * @since 0.1.0
 * @category services
 */
export class MusterRollStatus extends Context.Service<MusterRollStatus, MusterRollStatusShape>()(
  "@karya/core/contracts/MusterRollStatus",
) {}

/**
 * The muster-roll progress of a work order from the `MusterRollStatus` in
 * context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const progressOf = (
  workOrder: WorkOrderReference,
): Effect.Effect<MusterRollProgress, never, MusterRollStatus> =>
  MusterRollStatus.use((status) => status.progressOf(workOrder))

/**
 * A known progress of one work order, by tenant and number.
 *
 * @since 0.1.0
 * @category models
 */
export interface KnownProgress {
  readonly tenantId: TenantId
  readonly workOrderNumber: string
  readonly progress: MusterRollProgress
}

/**
 * An in-memory port answering from a fixed list (kept in a `Ref`), keyed by
 * tenant and work-order number; every other order has `otherwise`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (options: {
  readonly known: ReadonlyArray<KnownProgress>
  readonly otherwise: MusterRollProgress
}): Layer.Layer<MusterRollStatus> =>
  Layer.effect(
    MusterRollStatus,
    Effect.map(Ref.make(options.known), (stored) =>
      MusterRollStatus.of({
        progressOf: (workOrder) =>
          Effect.map(
            Ref.get(stored),
            (known) =>
              known.find(
                (entry) =>
                  entry.tenantId === workOrder.tenantId &&
                  entry.workOrderNumber === workOrder.workOrderNumber,
              )?.progress ?? options.otherwise,
          ),
      }),
    ),
  )
