/**
 * Revising a work order's scope after its estimate is revised (TE-5): when
 * a revised estimate (EST-7) of an estimate the order was made from is
 * approved, the order is revised through WF-TE as a revised work order
 * (`RW/…`): its lines from that estimate take the revised quantities (a line
 * the revision carries keeps its place in the measurement book), new lines
 * of the revision are added, lines the revision drops are removed, its
 * work-order-value overheads follow the revision, and its amount is
 * recomputed (WO-3). No line may fall below what its measurement book has
 * recorded (`QTY_BELOW_MEASURED`, the estimates module's class for the code
 * EST-7 and TE-5 share): checked when the revision is raised and again on
 * approval. On approval the book's lines and estimated quantities
 * follow (`RevisionDecisions`).
 *
 * Decisions where the spec is silent: the CBO role follows WO-4 on the new
 * amount (above the threshold it becomes IP; otherwise it stays as chosen);
 * an item-rate negotiation follows the lines it named; a dropped line counts
 * as revised to 0; the overheads carried are the revision's work-order-value
 * overheads when the order carried overheads of the revised estimate, none
 * otherwise. Refusals shared with time extensions come first
 * (`WORK_ORDER_NOT_ACCEPTED`, `TE_CLOSURE_EXISTS`, `TE_IN_WORKFLOW`).
 *
 * @since 0.1.0
 */
import { Effect, Result } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import { ValidationFailed } from "../errors/ValidationFailed.js"
import { QtyBelowMeasured } from "../estimates/EstimateRevision.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import { type ActionFields, definitionOf, eventOf } from "../measurement/ActionRequest.js"
import { recordedQuantities } from "../measurement/MeasurementBookLifecycle.js"
import * as Quantity from "../money/Quantity.js"
import * as BusinessClock from "../time/BusinessClock.js"
import { transition } from "../workflow/WorkflowEngine.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import { type ApprovedEstimate, approvedEstimate } from "./ApprovedEstimates.js"
import { isRoleChangeable } from "./CboRole.js"
import { selectLines } from "./LineSelection.js"
import type { Negotiation } from "./Negotiation.js"
import { checkAccepted, checkRevisable } from "./TimeExtensionRequests.js"
import { estimateIdsOf, type WorkOrder, type WorkOrderLine } from "./WorkOrder.js"
import { amountOf } from "./WorkOrderAmount.js"
import { createAction, LineInOtherContract } from "./WorkOrderIssue.js"
import { activeHoldersOfLines, getWorkOrder } from "./WorkOrderRepository.js"
import type { RevisedLine, ScopeRevision, WorkOrderRevision } from "./WorkOrderRevision.js"
import { workflowCode } from "./WorkOrderRevision.js"
import { WorkOrderRevisionRepository } from "./WorkOrderRevisionRepository.js"

/**
 * Problem code: the estimate is not a revision of one the order was made from.
 *
 * @since 0.1.0
 * @category errors
 */
export const estimateNotRevisionOfOrderCode = "ESTIMATE_NOT_REVISION_OF_ORDER"

/**
 * The order's lines, overheads and negotiation after a revised estimate.
 *
 * @since 0.1.0
 * @category models
 */
export type RevisedContent = Pick<ScopeRevision, "lines" | "overheads"> & {
  readonly negotiation?: Negotiation
}

const carriedNegotiation = (
  negotiation: Negotiation | undefined,
  replacements: ReadonlyMap<string, string>,
): { readonly negotiation?: Negotiation } => {
  if (negotiation === undefined) return {}
  if (negotiation.kind === "lumpSum") return { negotiation }
  const lines = negotiation.lines.map((line) => ({
    ...line,
    lineId: replacements.get(line.lineId) ?? line.lineId,
  }))
  return { negotiation: { ...negotiation, lines } }
}

/**
 * The order's content after a revised estimate (TE-5): lines of the revised
 * estimate's predecessor replaced by the lines carrying them, new lines
 * added, dropped lines removed; other estimates' lines unchanged.
 *
 * @since 0.1.0
 * @category constructors
 */
export const revisedContent = (workOrder: WorkOrder, revised: ApprovedEstimate): RevisedContent => {
  const previousId = revised.previousEstimateId
  const taken = new Set(
    workOrder.lines.filter((line) => line.estimateId === previousId).map((line) => line.lineId),
  )
  const every = selectLines(revised, { estimateId: revised.estimateId }, "")
  const carriedIds = new Map(
    revised.lines.flatMap((line) =>
      line.previousLineId === undefined ? [] : [[line.lineId, line.previousLineId] as const],
    ),
  )
  const revisedLines: ReadonlyArray<RevisedLine> = every.lines.flatMap((line) => {
    const previousLineId = carriedIds.get(line.lineId)
    if (previousLineId === undefined) return [line]
    return taken.has(previousLineId) ? [{ ...line, previousLineId }] : []
  })
  const kept = workOrder.lines.filter((line) => line.estimateId !== previousId)
  const hadOverheads = workOrder.overheads.some((overhead) => overhead.estimateId === previousId)
  const replacements = new Map(
    revisedLines.flatMap((line) =>
      line.previousLineId === undefined ? [] : [[line.previousLineId, line.lineId] as const],
    ),
  )
  return {
    lines: [...kept, ...revisedLines],
    overheads: [
      ...workOrder.overheads.filter((overhead) => overhead.estimateId !== previousId),
      ...(hadOverheads ? every.overheads : []),
    ],
    ...carriedNegotiation(workOrder.negotiation, replacements),
  }
}

const revisedQuantityOf = (line: WorkOrderLine, lines: ReadonlyArray<RevisedLine>): Quantity.Quantity =>
  lines.find((revised) => revised.lineId === line.lineId || revised.previousLineId === line.lineId)
    ?.quantity ?? Quantity.zero

/**
 * Succeeds when no line of the order falls below what its book recorded
 * (TE-5); a line dropped by the revision counts as revised to 0. The refusal
 * is the estimates module's `QTY_BELOW_MEASURED` (EST-7), naming the revised
 * estimate: one class per code.
 *
 * @since 0.1.0
 * @category constructors
 */
export const checkNotBelowMeasured = (
  workOrder: WorkOrder,
  change: Pick<ScopeRevision, "lines" | "revisedEstimateNumber">,
  recorded: ReadonlyMap<string, Quantity.Quantity>,
): Result.Result<void, QtyBelowMeasured> => {
  const below = workOrder.lines.flatMap((line) => {
    const measured = recorded.get(line.lineId) ?? Quantity.zero
    const revisedQuantity = revisedQuantityOf(line, change.lines)
    if (!Quantity.isLessThan(revisedQuantity, measured)) return []
    return [
      {
        lineId: line.lineId,
        description: line.description,
        quantity: Quantity.toCanonicalString(revisedQuantity),
        measured: Quantity.toCanonicalString(measured),
      },
    ]
  })
  return below.length === 0
    ? Result.void
    : Result.fail(new QtyBelowMeasured({ estimateNumber: change.revisedEstimateNumber, lines: below }))
}

/**
 * The scope revision of an order after a revised estimate: its content,
 * amount (WO-3) and CBO role (WO-4 on the new amount).
 *
 * @since 0.1.0
 * @category constructors
 */
export const scopeRevisionOf = (
  workOrder: WorkOrder,
  revised: ApprovedEstimate,
  configuration: TenantConfiguration,
): ScopeRevision => {
  const content = revisedContent(workOrder, revised)
  const amount = amountOf(content)
  const threshold = configuration.workOrder.cboRoleThreshold
  return {
    kind: "scope",
    revisedEstimateId: revised.estimateId,
    revisedEstimateNumber: revised.estimateNumber,
    ...content,
    amount,
    cboRole: isRoleChangeable({ amount, threshold }) ? workOrder.cboRole : "IP",
  }
}

/**
 * Checks a scope revision against what is recorded and held now (TE-5): no
 * line below what its book recorded (`QTY_BELOW_MEASURED`), and no new line
 * held by another active order (`LINE_IN_OTHER_CONTRACT`, WO-2).
 *
 * @since 0.1.0
 * @category constructors
 */
export const checkScope = Effect.fn("Contracts.checkScope")(function* (
  workOrder: WorkOrder,
  change: ScopeRevision,
) {
  const recorded = yield* recordedQuantities(workOrder)
  yield* Effect.fromResult(checkNotBelowMeasured(workOrder, change, recorded))
  const lineIds = [
    ...change.lines.map((line) => line.lineId),
    ...change.overheads.map((overhead) => overhead.lineId),
  ]
  const holders = yield* activeHoldersOfLines({ tenantId: workOrder.tenantId, lineIds })
  const [first, ...rest] = holders.filter((holder) => holder.workOrderId !== workOrder.workOrderId)
  if (first !== undefined) return yield* new LineInOtherContract({ holders: [first, ...rest] })
})

/**
 * A request to revise an order's scope after a revised estimate (TE-5).
 *
 * @since 0.1.0
 * @category models
 */
export interface ScopeRevisionRequest extends ActionFields {
  readonly tenantId: TenantId
  readonly workOrderId: string
  readonly revisedEstimateId: string
}

/**
 * Raises a scope revision (TE-5): a revised work order numbered from the
 * tenant's `revisedWorkOrder` series, sent for verification (`CREATE`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const reviseWorkOrderScope = Effect.fn("Contracts.reviseWorkOrderScope")(function* (
  request: ScopeRevisionRequest,
) {
  const configuration = yield* configurationOf(request.tenantId)
  const workOrder = yield* Effect.flatMap(getWorkOrder(request), checkAccepted)
  yield* checkRevisable(workOrder)
  const revised = yield* approvedEstimate({
    tenantId: workOrder.tenantId,
    estimateId: request.revisedEstimateId,
  })
  if (
    revised.previousEstimateId === undefined ||
    !estimateIdsOf(workOrder).includes(revised.previousEstimateId)
  ) {
    const message = `estimate ${revised.estimateNumber} does not revise an estimate work order ${workOrder.number} was made from`
    const problem = { field: "revisedEstimateId", code: estimateNotRevisionOfOrderCode, message }
    return yield* new ValidationFailed({ subject: "revised work order", problems: [problem] })
  }
  const change = scopeRevisionOf(workOrder, revised, configuration)
  yield* checkScope(workOrder, change)
  const definition = definitionOf(configuration, workflowCode)
  const revisionId = yield* EntityId.make
  const initial = WorkflowSnapshot.initial({
    entityId: revisionId,
    tenantId: workOrder.tenantId,
    definitionCode: definition.code,
  })
  const at = yield* BusinessClock.currentInstant
  const moved = yield* Effect.fromResult(
    transition(definition, initial, eventOf(request, { type: createAction, version: initial.version, at })),
  )
  const { startDate } = workOrder
  if (startDate === undefined) return yield* Effect.die("an accepted order has its start date")
  const number = yield* HumanNumber.issueNumber({
    tenantId: workOrder.tenantId,
    cityCode: configuration.cityCode,
    series: "revisedWorkOrder",
    idFormat: configuration.idFormats.revisedWorkOrder,
    timeZone: configuration.timeZone,
  })
  const revision: WorkOrderRevision = {
    revisionId,
    tenantId: workOrder.tenantId,
    number,
    workOrderId: workOrder.workOrderId,
    workOrderNumber: workOrder.number,
    projectId: workOrder.projectId,
    organisationId: workOrder.organisationId,
    startDate,
    change,
    workflow: moved,
    version: 1,
  }
  yield* WorkOrderRevisionRepository.use((repository) => repository.insert({ aggregate: revision }))
  return revision
})
