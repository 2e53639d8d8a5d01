/**
 * Advance bills (BILL-C-2, base Works beyond MUKTA): an amount paid to the
 * work order's organisation before work, with no source document. The
 * advance stays outstanding until later contractor bills recover it through
 * their advance adjustments (`ContractorBill.advanceOutstanding`). Advance
 * bills follow WF-PB and the `PB/…` series, and count against the
 * work-order amount until they are recovered (BILL-2).
 *
 * Decisions where the spec is silent: an advance carries no deductions (they
 * are withheld from the bills that pay the work), and its period is its
 * bill date.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf, type TenantNotServed, type TenantSettings } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as Validation from "../errors/ValidationFailed.js"
import type { IdSequence } from "../ids/IdSequence.js"
import { assert } from "../internal/assert.js"
import * as Amount from "../money/Amount.js"
import * as BusinessClock from "../time/BusinessClock.js"
import type { Actor } from "../workflow/Actor.js"
import type { DocumentReference } from "../workflow/TimelineEntry.js"
import * as Bill from "./Bill.js"
import type { BillRepository } from "./BillRepository.js"
import * as BillSubmission from "./BillSubmission.js"
import type { BillOutcome } from "./BillWorkflow.js"
import * as Deduction from "./Deduction.js"
import * as Payees from "./Payees.js"
import * as WorkOrderTerms from "./WorkOrderTerms.js"

/**
 * Problem code: an advance of ₹0.
 *
 * @since 0.1.0
 * @category errors
 */
export const advanceAmountZeroCode = "ADVANCE_AMOUNT_ZERO"

/**
 * What a clerk enters for an advance bill.
 *
 * @since 0.1.0
 * @category models
 */
export const AdvanceBillContent = Schema.Struct({ workOrderId: Schema.NonEmptyString, amount: Amount.Amount })

/**
 * @since 0.1.0
 * @category models
 */
export type AdvanceBillContent = typeof AdvanceBillContent.Type

/**
 * What raising an advance bill needs.
 *
 * @since 0.1.0
 * @category models
 */
export interface AdvanceBillRequest {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly content: AdvanceBillContent
  readonly comment?: string
  readonly documents?: ReadonlyArray<DocumentReference>
}

/**
 * The ways raising an advance bill can be refused.
 *
 * @since 0.1.0
 * @category errors
 */
export type AdvanceBillError =
  | TenantNotServed
  | Validation.ValidationFailed
  | WorkOrderTerms.WorkOrderTermsNotFound
  | Payees.PayeeNotFound
  | BillSubmission.SubmissionError

const amountProblems = (
  content: AdvanceBillContent,
  configuration: TenantConfiguration,
): ReadonlyArray<FieldProblem> => [
  ...(Amount.isZero(content.amount)
    ? [{ field: "amount", code: advanceAmountZeroCode, message: "enter the advance to pay, more than ₹0" }]
    : []),
  ...Deduction.placesProblems({
    field: "amount",
    amount: content.amount,
    scale: configuration.roundingScales.billLineAmount,
  }),
]

/**
 * Raises an advance bill (BILL-C-2) into WF-PB. A refused request changes nothing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const raise = Effect.fn("Bills.AdvanceBill.raise")(function* (
  request: AdvanceBillRequest,
): Effect.fn.Return<
  BillOutcome,
  AdvanceBillError,
  BillRepository | IdSequence | WorkOrderTerms.WorkOrderTerms | Payees.Payees | TenantSettings
> {
  const configuration = yield* configurationOf(request.tenantId)
  const { content } = request
  const tenantId = configuration.tenantId
  const [problem, ...problems] = amountProblems(content, configuration)
  if (problem !== undefined) return yield* Validation.fromProblems("advance bill", [problem, ...problems])
  const terms = yield* WorkOrderTerms.termsOf({ tenantId, workOrderId: content.workOrderId })
  const [organisation] = yield* Payees.payeesOf({
    tenantId,
    kind: "organisation",
    payeeIds: [terms.organisationId],
  })
  assert(organisation !== undefined, "payeesOf finds every payee it is asked for")
  const today = yield* BusinessClock.today(configuration.timeZone)
  const line: Bill.BillLine = { kind: "payable", headCode: Bill.advanceHeadCode, amount: content.amount }
  return yield* BillSubmission.submit({
    configuration,
    actor: request.actor,
    terms,
    draft: {
      type: "advance",
      period: { startDate: today, endDate: today },
      details: [Bill.makeDetail({ payee: organisation, lines: [line] })],
      sourceDocuments: [],
    },
    ...(request.comment === undefined ? {} : { comment: request.comment }),
    ...(request.documents === undefined ? {} : { documents: request.documents }),
  })
})
