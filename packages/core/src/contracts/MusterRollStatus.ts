/**
 * How far a work order's muster rolls have come (TE-1), as the contracts
 * module reads it: an anti-corruption port in front of the attendance
 * module. A time extension is refused while no muster roll has been created
 * for the order, or while the first one is not yet submitted for approval.
 *
 * `layerFromAttendance` implements the port over the attendance module's
 * registers and muster rolls; `layerMemory` serves fixed answers for tests
 * and embedding.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Ref, Schema } from "effect"
import type { AttendanceRegisterRepository } from "../attendance/AttendanceRegisterRepository.js"
import { registerOfWorkOrder } from "../attendance/AttendanceRegisterUseCases.js"
import type { MusterRoll } from "../attendance/MusterRoll.js"
import { MusterRollRepository } from "../attendance/MusterRollRepository.js"
import type { TenantId } from "../config/TenantId.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as LocalDate from "../time/LocalDate.js"
import { startState } from "../workflow/WorkflowDefinition.js"

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

/**
 * The progress of a work order from its muster rolls (TE-1): none created
 * while it has no register or its register has no muster roll; otherwise
 * decided by the first muster roll (earliest week), submitted once its
 * workflow has left the start. MUKTA's muster rolls are created and
 * submitted in one step (WF-MR), so a created one is a submitted one.
 *
 * @since 0.1.0
 * @category conversions
 */
export const progressFromMusterRolls = (musterRolls: ReadonlyArray<MusterRoll>): MusterRollProgress => {
  const [first] = musterRolls.toSorted((left, right) =>
    LocalDate.compare(left.week.firstDate, right.week.firstDate),
  )
  if (first === undefined) return "noneCreated"
  return first.workflow.state === startState ? "firstNotSubmitted" : "firstSubmitted"
}

/**
 * The port over the attendance module (TE-1): the muster rolls of the
 * register the work order opened (`AttendanceRegisterRepository`,
 * `MusterRollRepository`), read with `progressFromMusterRolls`. The port
 * has no failure channel, so an attendance store that cannot be reached
 * (`STORE_UNAVAILABLE`) is a defect here: the time-extension
 * request fails whole before anything is written.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromAttendance: Layer.Layer<
  MusterRollStatus,
  never,
  AttendanceRegisterRepository | MusterRollRepository
> = Layer.effect(
  MusterRollStatus,
  Effect.map(Effect.context<AttendanceRegisterRepository | MusterRollRepository>(), (attendance) =>
    MusterRollStatus.of({
      progressOf: (workOrder) =>
        Effect.gen(function* () {
          const register = yield* registerOfWorkOrder(workOrder)
          if (Option.isNone(register)) return "noneCreated" as const
          // The first muster roll decides: the register's earliest week.
          const first = yield* AggregateStore.findFirst(yield* MusterRollRepository, {
            tenantId: workOrder.tenantId,
            where: { registerId: register.value.id },
            orderBy: "weekStart",
          })
          return progressFromMusterRolls(Option.toArray(first))
        }).pipe(Effect.orDie, Effect.provideContext(attendance)),
    }),
  ),
)
