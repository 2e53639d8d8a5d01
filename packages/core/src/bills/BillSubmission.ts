/**
 * Submitting a new bill (BILL-1, BILL-2, BILL-4): the path every bill type
 * takes once its details are computed. In order, and writing nothing until
 * every check has passed (ERR-2):
 * 1. the workflow the type follows is configured (WF-8);
 * 2. no active bill already lists one of its source documents (`DUPLICATE_BILL`),
 *    nor do `billsPerSourceDocumentMax` bills (`BILLS_PER_SOURCE_DOCUMENT_EXCEEDED`);
 * 3. the work order has fewer than `billsPerWorkOrderMax` bills
 *    (`BILLS_PER_WORK_ORDER_EXCEEDED`) and the total billed on it stays
 *    within its amount (`BILL_EXCEEDS_CONTRACT`);
 * 4. the SUBMIT action is allowed to the actor (WF-BILL, WF-PB);
 * then the number is issued (ID-2), the bill's invariants are asserted and it
 * is stored. A wage or supervision bill comes out approved (WF-BILL) with its
 * `BillApproved` event; the others wait for verification (WF-PB).
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import type { IdSequence } from "../ids/IdSequence.js"
import type { Series } from "../ids/IdSeries.js"
import * as Amount from "../money/Amount.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import * as BusinessClock from "../time/BusinessClock.js"
import * as LocalDate from "../time/LocalDate.js"
import type { Actor } from "../workflow/Actor.js"
import type { DocumentReference } from "../workflow/TimelineEntry.js"
import * as WorkflowEngine from "../workflow/WorkflowEngine.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import * as Bill from "./Bill.js"
import {
  BillRepository,
  BillsPerSourceDocumentExceeded,
  BillsPerWorkOrderExceeded,
  billsOfSourceDocument,
  billsOfWorkOrder,
  billsPerSourceDocumentMax,
  billsPerWorkOrderMax,
  DuplicateBill,
} from "./BillRepository.js"
import * as BillWorkflow from "./BillWorkflow.js"
import type { Terms } from "./WorkOrderTerms.js"

/**
 * A bill ready to submit: everything but its identity, number, date and
 * workflow.
 *
 * @since 0.1.0
 * @category models
 */
export interface BillDraft {
  readonly type: Bill.BillType
  readonly period: Bill.BillPeriod
  readonly details: readonly [Bill.BillDetail, ...Array<Bill.BillDetail>]
  readonly sourceDocuments: ReadonlyArray<Bill.SourceDocument>
  readonly invoice?: Bill.Invoice
}

/**
 * What submitting a bill needs.
 *
 * @since 0.1.0
 * @category models
 */
export interface SubmissionRequest {
  readonly configuration: TenantConfiguration
  readonly actor: Actor
  readonly terms: Terms
  readonly draft: BillDraft
  readonly comment?: string
  readonly documents?: ReadonlyArray<DocumentReference>
  readonly warnings?: ReadonlyArray<FieldProblem>
}

/**
 * The ways submitting a bill can be refused.
 *
 * @since 0.1.0
 * @category errors
 */
export type SubmissionError =
  | BillWorkflowNotConfigured
  | DuplicateBill
  | BillsPerSourceDocumentExceeded
  | BillsPerWorkOrderExceeded
  | Bill.BillExceedsContract
  | WorkflowEngine.TransitionError
  | HumanNumber.IssueError
  | StoreUnavailable

type BillWorkflowNotConfigured = BillWorkflow.BillWorkflowNotConfigured

/**
 * The number series of a type of bill (ID-2). Contractor running, final and
 * advance bills share the purchase-bill series `PB/…`: they pay an
 * organisation through WF-PB as purchase bills do, and ID-2 lists no series
 * of their own.
 *
 * @since 0.1.0
 * @category conversions
 */
export const seriesOf = (type: Bill.BillType): Series =>
  type === "wage" ? "wageBill" : type === "supervision" ? "supervisionBill" : "purchaseBill"

const draftContribution = (draft: BillDraft): Amount.Amount => {
  const gross = Amount.sum(draft.details.map((detail) => detail.grossAmount))
  const recovered = Amount.sum(
    draft.details.flatMap((detail) =>
      detail.lines
        .filter((line) => line.headCode === Bill.advanceAdjustmentHeadCode)
        .map((line) => line.amount),
    ),
  )
  return Amount.subtract({ minuend: gross, subtrahend: recovered })
}

const checkSourceDocuments = Effect.fn(function* (
  configuration: TenantConfiguration,
  draft: BillDraft,
): Effect.fn.Return<void, DuplicateBill | BillsPerSourceDocumentExceeded | StoreUnavailable, BillRepository> {
  for (const sourceDocument of draft.sourceDocuments) {
    const billed = yield* billsOfSourceDocument({ tenantId: configuration.tenantId, sourceDocument })
    const existing = billed.find(Bill.isActive)
    if (existing !== undefined) {
      return yield* new DuplicateBill({
        sourceKind: sourceDocument.kind,
        sourceNumber: sourceDocument.number,
        existingBillId: existing.id,
        existingBillNumber: existing.number,
      })
    }
    if (billed.length >= billsPerSourceDocumentMax) {
      return yield* new BillsPerSourceDocumentExceeded({
        sourceKind: sourceDocument.kind,
        sourceNumber: sourceDocument.number,
        limit: billsPerSourceDocumentMax,
      })
    }
  }
})

/**
 * Checks that the work order takes a new bill: it has fewer than
 * `billsPerWorkOrderMax` bills, and (the contract bound of BILL-2) the
 * amount already billed on it plus this bill's does not exceed its amount.
 *
 * @since 0.1.0
 * @category constructors
 */
export const checkContractBound = Effect.fn(function* (
  configuration: TenantConfiguration,
  terms: Terms,
  billAmount: Amount.Amount,
): Effect.fn.Return<
  void,
  BillsPerWorkOrderExceeded | Bill.BillExceedsContract | StoreUnavailable,
  BillRepository
> {
  const bills = yield* billsOfWorkOrder({ tenantId: configuration.tenantId, workOrderId: terms.workOrderId })
  if (bills.length >= billsPerWorkOrderMax) {
    return yield* new BillsPerWorkOrderExceeded({
      workOrderNumber: terms.workOrderNumber,
      limit: billsPerWorkOrderMax,
    })
  }
  const billedAmount = Bill.billedOnWorkOrder(bills, terms.workOrderId)
  if (Amount.isGreaterThan(Amount.add(billedAmount, billAmount), terms.amount)) {
    return yield* new Bill.BillExceedsContract({
      workOrderNumber: terms.workOrderNumber,
      workOrderAmount: terms.amount,
      billedAmount,
      billAmount,
    })
  }
})

const submitEvent = (request: SubmissionRequest, at: WorkflowEngine.WorkflowEvent["at"]) => ({
  type: "SUBMIT",
  actor: request.actor,
  version: 0,
  at,
  ...(request.comment === undefined ? {} : { comment: request.comment }),
  ...(request.documents === undefined ? {} : { documents: request.documents }),
})

/**
 * Submits a new bill (see the module header for the order of the checks).
 *
 * @since 0.1.0
 * @category constructors
 */
export const submit = Effect.fn("Bills.BillSubmission.submit")(function* (
  request: SubmissionRequest,
): Effect.fn.Return<BillWorkflow.BillOutcome, SubmissionError, BillRepository | IdSequence> {
  const { configuration, draft, terms } = request
  const tenantId = configuration.tenantId
  const definition = yield* Effect.fromResult(
    BillWorkflow.definitionOf(configuration, BillWorkflow.workflowCodeOf(draft.type)),
  )
  yield* checkSourceDocuments(configuration, draft)
  yield* checkContractBound(configuration, terms, draftContribution(draft))
  const id = yield* EntityId.make
  const at = yield* BusinessClock.currentInstant
  const initial = WorkflowSnapshot.initial({ entityId: id, tenantId, definitionCode: definition.code })
  const submitted = yield* Effect.fromResult(
    WorkflowEngine.transition(definition, initial, submitEvent(request, at)),
  )
  const series = seriesOf(draft.type)
  const number = yield* HumanNumber.issueNumber({
    tenantId,
    cityCode: configuration.cityCode,
    series,
    idFormat: configuration.idFormats[series],
    timeZone: configuration.timeZone,
  })
  const bill: Bill.Bill = {
    id,
    tenantId,
    number,
    type: draft.type,
    billDate: LocalDate.fromInstant(at, configuration.timeZone),
    workOrderId: terms.workOrderId,
    period: draft.period,
    payer: tenantId,
    details: draft.details,
    ...Bill.totalsOf(draft.details),
    sourceDocuments: draft.sourceDocuments,
    ...(draft.invoice === undefined ? {} : { invoice: draft.invoice }),
    workflow: submitted,
    version: 1,
  }
  Bill.assertInvariants(bill)
  // A concurrent request that billed a document first makes the store refuse
  // with the holder's id; the check, run again, names its number.
  yield* BillRepository.use((repository) => repository.insert({ aggregate: bill })).pipe(
    Effect.catchTag("DuplicateBill", (refused) =>
      Effect.andThen(checkSourceDocuments(configuration, draft), Effect.fail(refused)),
    ),
  )
  return { bill, events: BillWorkflow.eventsOf(bill, at), warnings: request.warnings ?? [] }
})
