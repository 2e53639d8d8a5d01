/**
 * The work-order terms port: what bills need to know about a work order
 * (WO-3, WO-4, WO-8, MB-8): its number and amount (the contract bound,
 * BILL-2), its CBO organisation and role (supervision, BILL-S-1, BILL-S-2),
 * the material utilized so far (the material check, BILL-P-4) and whether
 * its milestones are complete (a final bill, BILL-C-1).
 *
 * `fromWorkOrder` derives the terms from the contracts module's work order
 * and the material its measurements utilized; `layerFromContracts`
 * implements the port over the work-order store and the measurement books
 * (`Measurement.UtilizationStatement.materialUtilizedOf`); `layerMemory`
 * serves a fixed list.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import type { TenantSettings } from "../config/TenantSettings.js"
import { CboRole } from "../contracts/CboRole.js"
import { areAllMilestonesComplete } from "../contracts/Milestone.js"
import type { WorkOrder } from "../contracts/WorkOrder.js"
import { WorkOrderRepository } from "../contracts/WorkOrderRepository.js"
import type { MeasurementBookRepository } from "../measurement/MeasurementBookRepository.js"
import type { MeasurementEntryRepository } from "../measurement/MeasurementEntryRepository.js"
import type { RateAnalysisContent } from "../measurement/RateAnalysisContent.js"
import { materialUtilizedOf } from "../measurement/UtilizationStatement.js"
import * as Amount from "../money/Amount.js"

/**
 * No work order with this id in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOrderTermsNotFound extends Schema.TaggedError<WorkOrderTermsNotFound>(
  "@karya/core/bills/WorkOrderTermsNotFound",
)("WorkOrderTermsNotFound", { tenantId: Schema.String, workOrderId: Schema.String }) {
  static readonly code = "WORK_ORDER_TERMS_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = WorkOrderTermsNotFound.code
  readonly category = WorkOrderTermsNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No work order ${this.workOrderId} exists in ${this.tenantId}, so nothing can be billed on it; check the work order and the ULB you are working in.`
  }
}

/**
 * The terms of one work order that bills read.
 *
 * @since 0.1.0
 * @category models
 */
export const Terms = Schema.Struct({
  tenantId: TenantId,
  workOrderId: Schema.NonEmptyString,
  workOrderNumber: Schema.NonEmptyString,
  /** The work-order amount (WO-3): the bound of everything billed on it. */
  amount: Amount.Amount,
  /** The CBO organisation executing the work: the payee of supervision, contractor and advance bills. */
  organisationId: Schema.NonEmptyString,
  /** The CBO's role (WO-4), the contracts module's `CboRole`. */
  cboRole: CboRole,
  /** Material utilized so far by approved measurements (MB-8). */
  materialUtilizedAmount: Amount.Amount,
  /** WO-8: `none` when the order lists no milestones. */
  milestones: Schema.Literals(["none", "incomplete", "complete"]),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Terms = typeof Terms.Type

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkOrderTermsShape {
  readonly termsOf: (request: {
    readonly tenantId: TenantId
    readonly workOrderId: string
  }) => Effect.Effect<Option.Option<Terms>>
}

/**
 * The work-order terms port.
 *
 * @since 0.1.0
 * @category services
 */
export class WorkOrderTerms extends Context.Service<WorkOrderTerms, WorkOrderTermsShape>()(
  "@karya/core/bills/WorkOrderTerms",
) {}

/**
 * The terms of a work order, or `WorkOrderTermsNotFound`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const termsOf = (request: {
  readonly tenantId: TenantId
  readonly workOrderId: string
}): Effect.Effect<Terms, WorkOrderTermsNotFound, WorkOrderTerms> =>
  WorkOrderTerms.use((source) => source.termsOf(request)).pipe(
    Effect.flatMap(
      Option.match({
        onNone: () => Effect.fail(new WorkOrderTermsNotFound(request)),
        onSome: Effect.succeed,
      }),
    ),
  )

/**
 * An in-memory port over a fixed list of work orders.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (workOrders: ReadonlyArray<Terms>): Layer.Layer<WorkOrderTerms> =>
  Layer.succeed(
    WorkOrderTerms,
    WorkOrderTerms.of({
      termsOf: ({ tenantId, workOrderId }) =>
        Effect.succeed(
          Option.fromNullishOr(
            workOrders.find((terms) => terms.tenantId === tenantId && terms.workOrderId === workOrderId),
          ),
        ),
    }),
  )

/**
 * The terms bills read of a work order (WO-3, WO-4, WO-8): its number,
 * amount, CBO and role as the contracts module stores them, whether its
 * milestones are complete, and the material its approved measurements
 * utilized (MB-8), which the caller reads from the measurement books.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromWorkOrder = (
  workOrder: WorkOrder,
  measured: { readonly materialUtilizedAmount: Amount.Amount },
): Terms => ({
  tenantId: workOrder.tenantId,
  workOrderId: workOrder.workOrderId,
  workOrderNumber: workOrder.number,
  amount: workOrder.amount,
  organisationId: workOrder.organisationId,
  cboRole: workOrder.cboRole,
  materialUtilizedAmount: measured.materialUtilizedAmount,
  milestones:
    workOrder.milestones.length === 0
      ? "none"
      : areAllMilestonesComplete(workOrder.milestones)
        ? "complete"
        : "incomplete",
})

/**
 * What `layerFromContracts` reads.
 *
 * @since 0.1.0
 * @category models
 */
export type ContractsServices =
  | WorkOrderRepository
  | MeasurementBookRepository
  | MeasurementEntryRepository
  | RateAnalysisContent
  | TenantSettings

/**
 * The port over the contracts and measurement modules: a work order of the
 * tenant, with the material its book's approved entries utilized. The port
 * has no error channel, so a store failure, or an approved entry whose
 * utilization cannot be stated (`UTILIZATION_ANALYSIS_MISSING`), is a
 * defect that fails the bill request whole; nothing is written, since bills
 * write last.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromContracts: Layer.Layer<WorkOrderTerms, never, ContractsServices> = Layer.effect(
  WorkOrderTerms,
  Effect.map(Effect.context<ContractsServices>(), (services) =>
    WorkOrderTerms.of({
      termsOf: (request) =>
        Effect.gen(function* () {
          const workOrder = yield* WorkOrderRepository.use((repository) =>
            repository.get({ tenantId: request.tenantId, id: request.workOrderId }).pipe(
              Effect.map(Option.some),
              Effect.catchTag("WorkOrderNotFound", () => Effect.succeed(Option.none())),
            ),
          )
          if (Option.isNone(workOrder)) return Option.none<Terms>()
          const materialUtilizedAmount = yield* materialUtilizedOf(request)
          return Option.some(fromWorkOrder(workOrder.value, { materialUtilizedAmount }))
        }).pipe(Effect.orDie, Effect.provideContext(services)),
    }),
  ),
)
