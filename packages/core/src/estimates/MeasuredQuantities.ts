/**
 * The port through which estimates read the quantity measurement books have
 * already recorded against estimate lines (EST-7, EST-8): a revision may not
 * take a carried line below it (`QTY_BELOW_MEASURED`) nor drop a line with
 * anything measured (`MEASURED_LINE_REMOVED`). The measurement module
 * implements it (`Measurement.MeasuredQuantities.layerFromMeasurement`):
 * what is recorded is the cumulative quantity of the approved entries (MB-3)
 * plus the current quantity of the entry still in the workflow, so a
 * revision can never go below a measurement pending approval; rejected and
 * cancelled entries never count.
 *
 * Lines are named by the id of the line in the approved estimate version the
 * work order and its measurement book follow (the version being revised). A
 * line never measured is absent from the answer (zero). Every implementation
 * passes `MeasuredQuantitiesSuite`.
 *
 * @since 0.1.0
 */
import { Context, Effect, HashMap, Layer, Option, Ref } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { Quantity } from "../money/Quantity.js"

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface MeasuredQuantitiesShape {
  /** The quantity measured so far for each of the lines that has any. */
  readonly measuredOf: (
    tenantId: TenantId,
    estimateLineIds: ReadonlyArray<string>,
  ) => Effect.Effect<ReadonlyMap<string, Quantity>>
}

/**
 * The measured-quantities port.
 *
 * @since 0.1.0
 * @category services
 */
export class MeasuredQuantities extends Context.Service<MeasuredQuantities, MeasuredQuantitiesShape>()(
  "@karya/core/estimates/MeasuredQuantities",
) {}

/**
 * The control of the in-memory implementation: tests record what the
 * measurement books would have measured.
 *
 * @since 0.1.0
 * @category models
 */
export interface MeasuredQuantitiesMemoryShape {
  /** Sets the quantity measured so far against a line. */
  readonly record: (entry: {
    readonly tenantId: TenantId
    readonly estimateLineId: string
    readonly quantity: Quantity
  }) => Effect.Effect<void>
}

/**
 * The in-memory implementation's control service.
 *
 * @since 0.1.0
 * @category services
 */
export class MeasuredQuantitiesMemory extends Context.Service<
  MeasuredQuantitiesMemory,
  MeasuredQuantitiesMemoryShape
>()("@karya/core/estimates/MeasuredQuantitiesMemory") {}

const keyOf = (tenantId: TenantId, lineId: string): string => JSON.stringify([tenantId, lineId])

/**
 * An in-memory implementation with its control (tests and embedding before
 * measurement books exist): nothing is measured until `record` says so.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<MeasuredQuantities | MeasuredQuantitiesMemory> = Layer.effectContext(
  Effect.map(Ref.make(HashMap.empty<string, Quantity>()), (state) =>
    Context.make(MeasuredQuantities, {
      measuredOf: (tenantId, estimateLineIds) =>
        Effect.map(Ref.get(state), (measured) => {
          const found = new Map<string, Quantity>()
          for (const lineId of estimateLineIds) {
            const quantity = HashMap.get(measured, keyOf(tenantId, lineId))
            if (Option.isSome(quantity)) found.set(lineId, quantity.value)
          }
          return found
        }),
    }).pipe(
      Context.add(MeasuredQuantitiesMemory, {
        record: (entry) =>
          Ref.update(state, HashMap.set(keyOf(entry.tenantId, entry.estimateLineId), entry.quantity)),
      }),
    ),
  ),
)
