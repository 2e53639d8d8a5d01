/**
 * Contractor running and final bills (BILL-C-1, base Works beyond MUKTA): a
 * bill pays the approved measurement entries of the work order, up to a
 * chosen date, that no active bill has paid yet; gross = Σ their amounts (one
 * payable line per entry, rounded to the bill-line scale); the configured
 * deductions are withheld (`Deduction`), then retention money (at most gross
 * − deductions) and an advance adjustment (at most the advance outstanding,
 * BILL-C-2); net = gross − deductions − retention − adjustment ≥ 0. A final
 * bill requires every milestone of the order complete (WO-8). The payee is
 * the work order's organisation.
 *
 * Decisions where the spec is silent:
 * - an entry is billable "up to a date" when its period ends on or before it.
 * - the amount problems are field problems reported together in one
 *   `ValidationFailed` (ERR-3): `NO_MEASUREMENTS_TO_BILL`,
 *   `RETENTION_EXCEEDS_AVAILABLE`, `ADVANCE_ADJUSTMENT_EXCEEDS_OUTSTANDING`,
 *   `CONTRACTOR_NET_NEGATIVE`, `BILL_AMOUNT_PLACES_EXCEEDED` and the
 *   deduction codes.
 * - the advance outstanding = Σ gross of the order's approved advance bills
 *   − the adjustments on its active bills (a pending adjustment already
 *   holds its share).
 * - the bill's period runs from the earliest start to the latest end of the
 *   entries it pays; contractor bills follow WF-PB and the `PB/…` series.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf, type TenantNotServed, type TenantSettings } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as Validation from "../errors/ValidationFailed.js"
import type { IdSequence } from "../ids/IdSequence.js"
import { assert } from "../internal/assert.js"
import * as Amount from "../money/Amount.js"
import * as Rounding from "../money/Rounding.js"
import type { Scale } from "../money/Scale.js"
import * as SignedAmount from "../money/SignedAmount.js"
import * as LocalDate from "../time/LocalDate.js"
import type { Actor } from "../workflow/Actor.js"
import type { DocumentReference } from "../workflow/TimelineEntry.js"
import * as Bill from "./Bill.js"
import { type BillRepository, billsOfWorkOrder } from "./BillRepository.js"
import * as BillSubmission from "./BillSubmission.js"
import type { BillOutcome } from "./BillWorkflow.js"
import * as Deduction from "./Deduction.js"
import { type ApprovedEntry, MeasurementEntries } from "./MeasurementEntries.js"
import * as Payees from "./Payees.js"
import { enteredDeductionsMax } from "./PurchaseBill.js"
import * as WorkOrderTerms from "./WorkOrderTerms.js"

/**
 * A final bill was asked for while milestones of the work order are not
 * complete (BILL-C-1, WO-8).
 *
 * @since 0.1.0
 * @category errors
 */
export class FinalBillMilestonesIncomplete extends Schema.TaggedError<FinalBillMilestonesIncomplete>(
  "@karya/core/bills/FinalBillMilestonesIncomplete",
)("FinalBillMilestonesIncomplete", { workOrderNumber: Schema.String }) {
  static readonly code = "FINAL_BILL_MILESTONES_INCOMPLETE"
  static readonly category = "rule"
  readonly code = FinalBillMilestonesIncomplete.code
  readonly category = FinalBillMilestonesIncomplete.category
  readonly retryable = false
  override get message(): string {
    return `Work order ${this.workOrderNumber} still has milestones that are not complete, so its final bill cannot be raised; complete the milestones first, or raise a running bill.`
  }
}

/**
 * Problem code: no approved, unbilled measurement entry ends on or before the date.
 *
 * @since 0.1.0
 * @category errors
 */
export const noMeasurementsToBillCode = "NO_MEASUREMENTS_TO_BILL"

/**
 * Problem code: retention money exceeds gross − deductions.
 *
 * @since 0.1.0
 * @category errors
 */
export const retentionExceedsAvailableCode = "RETENTION_EXCEEDS_AVAILABLE"

/**
 * Problem code: the advance adjustment exceeds the advance outstanding.
 *
 * @since 0.1.0
 * @category errors
 */
export const advanceAdjustmentExceedsOutstandingCode = "ADVANCE_ADJUSTMENT_EXCEEDS_OUTSTANDING"

/**
 * Problem code: deductions, retention and adjustment exceed the gross.
 *
 * @since 0.1.0
 * @category errors
 */
export const contractorNetNegativeCode = "CONTRACTOR_NET_NEGATIVE"

/**
 * What a clerk enters for a contractor bill.
 *
 * @since 0.1.0
 * @category models
 */
export const ContractorBillContent = Schema.Struct({
  workOrderId: Schema.NonEmptyString,
  kind: Schema.Literals(["running", "final"]),
  /** Entries whose period ends on or before this date are paid. */
  upTo: LocalDate.LocalDate,
  deductions: Schema.Array(Deduction.EnteredDeduction).check(
    Schema.isMaxLength(enteredDeductionsMax, {
      message: `enter at most ${enteredDeductionsMax} deductions on one bill`,
    }),
  ),
  retentionAmount: Amount.Amount,
  advanceAdjustmentAmount: Amount.Amount,
})

/**
 * @since 0.1.0
 * @category models
 */
export type ContractorBillContent = typeof ContractorBillContent.Type

/**
 * The approved entries a bill may pay (BILL-C-1): of the order, ending on or
 * before `upTo`, and listed by no active bill.
 *
 * @since 0.1.0
 * @category conversions
 */
export const billableEntries = (options: {
  readonly entries: ReadonlyArray<ApprovedEntry>
  readonly bills: ReadonlyArray<Bill.Bill>
  readonly upTo: LocalDate.LocalDate
}): ReadonlyArray<ApprovedEntry> =>
  options.entries.filter(
    (entry) =>
      !LocalDate.isAfter(entry.period.endDate, options.upTo) &&
      !options.bills.some(
        (bill) =>
          Bill.isActive(bill) &&
          Bill.hasSourceDocument(bill, {
            kind: "measurementEntry",
            id: entry.entryId,
            number: entry.entryNumber,
          }),
      ),
  )

/**
 * The advance outstanding on a work order (BILL-C-2): Σ gross of its approved
 * advance bills less the adjustments of its active bills.
 *
 * @since 0.1.0
 * @category math
 */
export const advanceOutstanding = (bills: ReadonlyArray<Bill.Bill>, workOrderId: string): Amount.Amount => {
  const ofOrder = bills.filter((bill) => bill.workOrderId === workOrderId)
  const advanced = Amount.sum(
    ofOrder
      .filter((bill) => bill.type === "advance" && Bill.isApproved(bill))
      .map((bill) => bill.grossAmount),
  )
  const adjusted = Amount.sum(ofOrder.filter(Bill.isActive).map(Bill.advanceAdjustedAmount))
  assert(!adjusted.greaterThan(advanced), "an advance is never adjusted beyond what was paid (BILL-C-2)")
  return Amount.subtract({ minuend: advanced, subtrahend: adjusted })
}

/**
 * A contractor bill's amounts (BILL-C-1).
 *
 * @since 0.1.0
 * @category models
 */
export interface ContractorAmounts {
  readonly payableLines: ReadonlyArray<Bill.BillLine>
  readonly deductions: ReadonlyArray<Deduction.Deduction>
  readonly recoveryLines: ReadonlyArray<Bill.BillLine>
  readonly grossAmount: Amount.Amount
  readonly netAmount: Amount.Amount
}

const recoveryLinesOf = (content: ContractorBillContent): ReadonlyArray<Bill.BillLine> => {
  const lines: ReadonlyArray<Bill.BillLine> = [
    { kind: "recovery", headCode: Bill.retentionMoneyHeadCode, amount: content.retentionAmount },
    { kind: "recovery", headCode: Bill.advanceAdjustmentHeadCode, amount: content.advanceAdjustmentAmount },
  ]
  return lines.filter((line) => !Amount.isZero(line.amount))
}

const limitProblems = (options: {
  readonly content: ContractorBillContent
  readonly grossAmount: Amount.Amount
  readonly deductionAmount: Amount.Amount
  readonly outstanding: Amount.Amount
}): ReadonlyArray<FieldProblem> => {
  const { content, grossAmount, deductionAmount, outstanding } = options
  const available = SignedAmount.difference({ minuend: grossAmount, subtrahend: deductionAmount })
  const problems: Array<FieldProblem> = []
  if (SignedAmount.compare(SignedAmount.fromAmount(content.retentionAmount), available) > 0) {
    const limit = SignedAmount.toCanonicalString(available)
    const message = `retention money may be at most the gross less the deductions (₹${limit})`
    problems.push({ field: "retentionAmount", code: retentionExceedsAvailableCode, message, limit })
  }
  if (Amount.isGreaterThan(content.advanceAdjustmentAmount, outstanding)) {
    const limit = Amount.toCanonicalString(outstanding)
    const message = `the advance adjustment may be at most the advance outstanding on the work order (₹${limit})`
    problems.push({
      field: "advanceAdjustmentAmount",
      code: advanceAdjustmentExceedsOutstandingCode,
      message,
      limit,
    })
  }
  const withheld = Amount.sum([deductionAmount, content.retentionAmount, content.advanceAdjustmentAmount])
  if (Amount.isGreaterThan(withheld, grossAmount)) {
    const limit = Amount.toCanonicalString(grossAmount)
    const message = `deductions, retention and advance adjustment (₹${Amount.toCanonicalString(withheld)}) exceed the gross of ₹${limit}; reduce them`
    problems.push({ field: "", code: contractorNetNegativeCode, message, limit })
  }
  return problems
}

/**
 * Computes a contractor bill's amounts (BILL-C-1), or every field problem
 * at once (ERR-3).
 *
 * @since 0.1.0
 * @category math
 */
export const amountsOf = (options: {
  readonly content: ContractorBillContent
  readonly entries: ReadonlyArray<ApprovedEntry>
  readonly contractor: Bill.Payee
  readonly heads: ReadonlyArray<Deduction.DeductionHead>
  readonly outstanding: Amount.Amount
  readonly scale: Scale
}): Result.Result<ContractorAmounts, Validation.ValidationFailed> => {
  const { content, scale } = options
  const payableLines = options.entries.map(
    (entry): Bill.BillLine => ({
      kind: "payable",
      headCode: Bill.measuredWorkHeadCode,
      amount: Rounding.round(entry.amount, { scale, mode: Deduction.billRoundingMode }),
      sourceDocument: { kind: "measurementEntry", id: entry.entryId, number: entry.entryNumber },
    }),
  )
  const grossAmount = Amount.sum(payableLines.map((line) => line.amount))
  const shared = { heads: options.heads, entered: content.deductions, payee: options.contractor, scale }
  const deductions = Deduction.deductionsOf({ ...shared, grossAmount })
  const deductionAmount = Amount.sum(deductions.map((deduction) => deduction.amount))
  const [problem, ...problems] = [
    ...(options.entries.length === 0
      ? [
          {
            field: "upTo",
            code: noMeasurementsToBillCode,
            message: `no approved measurement entry ending on or before ${content.upTo} is left to bill; choose a later date or approve the measurements first`,
          },
        ]
      : []),
    ...Deduction.enteredProblems({ ...shared, field: "deductions" }),
    ...Deduction.placesProblems({ field: "retentionAmount", amount: content.retentionAmount, scale }),
    ...Deduction.placesProblems({
      field: "advanceAdjustmentAmount",
      amount: content.advanceAdjustmentAmount,
      scale,
    }),
    ...limitProblems({ content, grossAmount, deductionAmount, outstanding: options.outstanding }),
  ]
  if (problem !== undefined)
    return Result.fail(Validation.fromProblems("contractor bill", [problem, ...problems]))
  const recoveryLines = recoveryLinesOf(content)
  const withheld = Amount.sum([deductionAmount, ...recoveryLines.map((line) => line.amount)])
  const netAmount = Amount.subtract({ minuend: grossAmount, subtrahend: withheld })
  return Result.succeed({ payableLines, deductions, recoveryLines, grossAmount, netAmount })
}

/**
 * What raising a contractor bill needs.
 *
 * @since 0.1.0
 * @category models
 */
export interface ContractorBillRequest {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly content: ContractorBillContent
  readonly comment?: string
  readonly documents?: ReadonlyArray<DocumentReference>
}

/**
 * The ways raising a contractor bill can be refused.
 *
 * @since 0.1.0
 * @category errors
 */
export type ContractorBillError =
  | TenantNotServed
  | Validation.ValidationFailed
  | WorkOrderTerms.WorkOrderTermsNotFound
  | FinalBillMilestonesIncomplete
  | Payees.PayeeNotFound
  | Payees.DeductionDepartmentMissing
  | BillSubmission.SubmissionError

const periodOf = (entries: ReadonlyArray<ApprovedEntry>): Bill.BillPeriod => {
  const starts = entries.map((entry) => entry.period.startDate).sort(LocalDate.compare)
  const ends = entries.map((entry) => entry.period.endDate).sort(LocalDate.compare)
  const [startDate] = starts
  const endDate = ends.at(-1)
  assert(startDate !== undefined && endDate !== undefined, "a contractor bill pays at least one entry")
  return { startDate, endDate }
}

/**
 * Raises a contractor running or final bill (BILL-C-1) into WF-PB. A refused
 * request changes nothing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const raise = Effect.fn("Bills.ContractorBill.raise")(function* (
  request: ContractorBillRequest,
): Effect.fn.Return<
  BillOutcome,
  ContractorBillError,
  | BillRepository
  | IdSequence
  | WorkOrderTerms.WorkOrderTerms
  | Payees.Payees
  | MeasurementEntries
  | TenantSettings
> {
  const configuration = yield* configurationOf(request.tenantId)
  const { content } = request
  const tenantId = configuration.tenantId
  const terms = yield* WorkOrderTerms.termsOf({ tenantId, workOrderId: content.workOrderId })
  if (content.kind === "final" && terms.milestones === "incomplete") {
    return yield* new FinalBillMilestonesIncomplete({ workOrderNumber: terms.workOrderNumber })
  }
  const [contractor] = yield* Payees.payeesOf({
    tenantId,
    kind: "organisation",
    payeeIds: [terms.organisationId],
  })
  assert(contractor !== undefined, "payeesOf finds every payee it is asked for")
  const bills = yield* billsOfWorkOrder({ tenantId, workOrderId: terms.workOrderId })
  const approved = yield* MeasurementEntries.use((source) =>
    source.listApproved({ tenantId, workOrderId: terms.workOrderId }),
  )
  const entries = billableEntries({ entries: approved, bills, upTo: content.upTo })
  const amounts = yield* Effect.fromResult(
    amountsOf({
      content,
      entries,
      contractor,
      heads: configuration.deductionHeads,
      outstanding: advanceOutstanding(bills, terms.workOrderId),
      scale: configuration.roundingScales.billLineAmount,
    }),
  )
  const departments = yield* Payees.departmentsFor({
    tenantId,
    headCodes: amounts.deductions.map((deduction) => deduction.headCode),
  })
  const [first, ...rest] = [
    ...amounts.payableLines,
    ...Deduction.linesOf(amounts.deductions, departments),
    ...amounts.recoveryLines,
  ]
  assert(first !== undefined, "a contractor bill pays at least one entry")
  return yield* BillSubmission.submit({
    configuration,
    actor: request.actor,
    terms,
    draft: {
      type: content.kind === "final" ? "contractorFinal" : "contractorRunning",
      period: periodOf(entries),
      details: [Bill.makeDetail({ payee: contractor, lines: [first, ...rest] })],
      sourceDocuments: entries.map((entry) => ({
        kind: "measurementEntry",
        id: entry.entryId,
        number: entry.entryNumber,
      })),
    },
    ...(request.comment === undefined ? {} : { comment: request.comment }),
    ...(request.documents === undefined ? {} : { documents: request.documents }),
  })
})
