/**
 * The common model of every bill (BILL-1, BILL-2, BILL-3): a numbered bill of
 * one type for one work order and period, paid by the ULB, with one detail
 * per beneficiary. A detail has a payee and lines: payable lines (WEG wages,
 * MC material cost, GST, SC supervision charge…), deduction lines remitted to
 * a department payee (LC labour cess to the welfare board, ITTDS, GSTTDS…;
 * BILL-3) and, on contractor bills, recovery lines the payer keeps (retention
 * money, advance adjustment; BILL-C-1).
 *
 * BILL-2's invariants are checked by `invariantBreaks`: the `Bill` Schema
 * refuses a stored bill that breaks one (decode on read), and every use case
 * asserts them before it writes (`assertInvariants`), so the two checks pair.
 * The cross-bill rules of BILL-2 (the contract bound and one bill per source
 * document) are typed refusals: `BillExceedsContract` here and
 * `BillRepository.DuplicateBill`.
 *
 * Decisions where the spec is silent:
 * - a recovery line counts as a deduction in BILL-2's identity
 *   (gross = net + Σ deductions), but pays nobody: a payment instruction
 *   makes a beneficiary only of payable details and deduction lines (PI-2).
 * - the amount billed on a work order is Σ gross of its bills that are not
 *   rejected (pending bills hold their share, so approving one can never
 *   break the bound), less the advance already recovered by adjustments, so
 *   an advance and the work it pays for are not counted twice (BILL-C-2).
 * - a bill's workflow entity id is its internal id (ID-4), so the workflow
 *   check can run before a number is issued (`BillWorkflow`).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import { assert } from "../internal/assert.js"
import * as Amount from "../money/Amount.js"
import * as Inr from "../money/Inr.js"
import * as LocalDate from "../time/LocalDate.js"
import { WorkflowSnapshot } from "../workflow/WorkflowSnapshot.js"

/**
 * Head code of wages paid to a wage seeker (BILL-W-3).
 *
 * @since 0.1.0
 * @category models
 */
export const wageHeadCode = "WEG"

/**
 * Head code of labour cess, deducted from wages and remitted to the
 * construction workers' welfare board (BILL-W-3, BILL-3).
 *
 * @since 0.1.0
 * @category models
 */
export const labourCessHeadCode = "LC"

/**
 * Head code of the material cost of a purchase bill (BILL-P-1).
 *
 * @since 0.1.0
 * @category models
 */
export const materialCostHeadCode = "MC"

/**
 * Head code of the GST on a purchase bill (BILL-P-1).
 *
 * @since 0.1.0
 * @category models
 */
export const gstHeadCode = "GST"

/**
 * Head code of the supervision charge, and the code of its overhead (BILL-S-1).
 *
 * @since 0.1.0
 * @category models
 */
export const supervisionChargeHeadCode = "SC"

/**
 * Head code of measured work paid by a contractor bill (BILL-C-1).
 *
 * @since 0.1.0
 * @category models
 */
export const measuredWorkHeadCode = "WRK"

/**
 * Head code of an advance paid before work (BILL-C-2).
 *
 * @since 0.1.0
 * @category models
 */
export const advanceHeadCode = "ADV"

/**
 * Head code of retention money kept from a contractor bill (BILL-C-1).
 *
 * @since 0.1.0
 * @category models
 */
export const retentionMoneyHeadCode = "RM"

/**
 * Head code of the advance recovered from a contractor bill (BILL-C-1, BILL-C-2).
 *
 * @since 0.1.0
 * @category models
 */
export const advanceAdjustmentHeadCode = "ADVADJ"

/**
 * The workflow state of an approved bill (WF-BILL, WF-PB).
 *
 * @since 0.1.0
 * @category models
 */
export const approvedState = "APPROVED"

/**
 * The workflow state of a rejected bill (WF-PB).
 *
 * @since 0.1.0
 * @category models
 */
export const rejectedState = "REJECTED"

/**
 * The type of a bill (BILL-1): MUKTA's wage, purchase and supervision bills,
 * and base Works' contractor running and final bills and advance bills.
 *
 * @since 0.1.0
 * @category models
 */
export const BillType = Schema.Literals([
  "wage",
  "purchase",
  "supervision",
  "contractorRunning",
  "contractorFinal",
  "advance",
])

/**
 * @since 0.1.0
 * @category models
 */
export type BillType = typeof BillType.Type

/**
 * Who a payee is (BILL-1): a wage seeker, an organisation (CBO, vendor,
 * contractor) or a department receiving deductions (BILL-3).
 *
 * @since 0.1.0
 * @category models
 */
export const PayeeKind = Schema.Literals(["individual", "organisation", "department"])

/**
 * @since 0.1.0
 * @category models
 */
export type PayeeKind = typeof PayeeKind.Type

/**
 * How income tax deducted at source treats a payee (BILL-P-2): deduction
 * heads apply to `individuals` (ITTDS 1%) or to `otherThanIndividuals`
 * (ITTDSOTI 2%). It is the payee's own status, not its kind: a vendor
 * organisation that is a sole proprietorship is deducted as an individual,
 * which is how BILL-P-2's example vendor pays ITTDS.
 *
 * @since 0.1.0
 * @category models
 */
export const DeducteeType = Schema.Literals(["individual", "otherThanIndividual"])

/**
 * @since 0.1.0
 * @category models
 */
export type DeducteeType = typeof DeducteeType.Type

/**
 * A beneficiary of a bill: the registry id, kind, name and deductee type.
 *
 * @since 0.1.0
 * @category models
 */
export const Payee = Schema.Struct({
  id: Schema.NonEmptyString,
  kind: PayeeKind,
  name: Schema.NonEmptyString,
  deducteeType: DeducteeType,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Payee = typeof Payee.Type

/**
 * What a bill pays for (BILL-2: each is billed at most once): a muster roll,
 * a measurement entry, a vendor's invoice or a supervised bill. `id` is the
 * identity the uniqueness rule uses; `number` is what a clerk reads.
 *
 * @since 0.1.0
 * @category models
 */
export const SourceDocument = Schema.Struct({
  kind: Schema.Literals(["musterRoll", "measurementEntry", "invoice", "bill"]),
  id: Schema.NonEmptyString,
  number: Schema.NonEmptyString,
})

/**
 * @since 0.1.0
 * @category models
 */
export type SourceDocument = typeof SourceDocument.Type

/**
 * A payable line: an amount owed to the detail's payee under a head, with
 * the source document it pays for where one line pays one (supervision).
 *
 * @since 0.1.0
 * @category models
 */
export const PayableLine = Schema.Struct({
  kind: Schema.Literal("payable"),
  headCode: Schema.NonEmptyString,
  amount: Amount.Amount,
  sourceDocument: Schema.optionalKey(SourceDocument),
})

/**
 * A deduction line: withheld from the payee and paid to the department that
 * receives the head (BILL-3).
 *
 * @since 0.1.0
 * @category models
 */
export const DeductionLine = Schema.Struct({
  kind: Schema.Literal("deduction"),
  headCode: Schema.NonEmptyString,
  amount: Amount.Amount,
  department: Payee,
})

/**
 * A recovery line: withheld from the payee and kept by the payer (retention
 * money, advance adjustment; BILL-C-1).
 *
 * @since 0.1.0
 * @category models
 */
export const RecoveryLine = Schema.Struct({
  kind: Schema.Literal("recovery"),
  headCode: Schema.Literals([retentionMoneyHeadCode, advanceAdjustmentHeadCode]),
  amount: Amount.Amount,
})

/**
 * One line of a detail.
 *
 * @since 0.1.0
 * @category models
 */
export const BillLine = Schema.Union([PayableLine, DeductionLine, RecoveryLine])

/**
 * @since 0.1.0
 * @category models
 */
export type BillLine = typeof BillLine.Type

/**
 * @since 0.1.0
 * @category models
 */
export type DeductionLine = typeof DeductionLine.Type

/**
 * One beneficiary of a bill and what it is paid: gross = Σ payable lines,
 * net = gross − Σ deduction and recovery lines (BILL-2).
 *
 * @since 0.1.0
 * @category models
 */
export const BillDetail = Schema.Struct({
  payee: Payee,
  lines: Schema.NonEmptyArray(BillLine),
  grossAmount: Amount.Amount,
  netAmount: Amount.Amount,
})

/**
 * @since 0.1.0
 * @category models
 */
export type BillDetail = typeof BillDetail.Type

/**
 * The period a bill covers, both dates included.
 *
 * @since 0.1.0
 * @category models
 */
export const BillPeriod = Schema.Struct({ startDate: LocalDate.LocalDate, endDate: LocalDate.LocalDate })

/**
 * @since 0.1.0
 * @category models
 */
export type BillPeriod = typeof BillPeriod.Type

/**
 * A vendor's invoice a purchase bill pays (BILL-P-1).
 *
 * @since 0.1.0
 * @category models
 */
export const Invoice = Schema.Struct({ number: Schema.NonEmptyString, date: LocalDate.LocalDate })

/**
 * @since 0.1.0
 * @category models
 */
export type Invoice = typeof Invoice.Type

const BillFields = Schema.Struct({
  /** Internal identity (ID-4). */
  id: EntityId,
  tenantId: TenantId,
  /** `WB/2024-25/000001` (ID-2). */
  number: HumanNumber,
  type: BillType,
  billDate: LocalDate.LocalDate,
  workOrderId: Schema.NonEmptyString,
  period: BillPeriod,
  /** The ULB that pays the bill. */
  payer: TenantId,
  details: Schema.NonEmptyArray(BillDetail),
  /** Σ detail gross: the bill total (BILL-2). */
  grossAmount: Amount.Amount,
  /** Σ detail net. */
  netAmount: Amount.Amount,
  sourceDocuments: Schema.Array(SourceDocument),
  invoice: Schema.optionalKey(Invoice),
  workflow: WorkflowSnapshot,
  /** Stored version of the aggregate; an update names it (DB-4). */
  version: Schema.Int,
})

type BillFields = typeof BillFields.Type

const linesOf = (
  detail: { readonly lines: ReadonlyArray<BillLine> },
  kind: BillLine["kind"],
): ReadonlyArray<Amount.Amount> =>
  detail.lines.filter((line) => line.kind === kind).map((line) => line.amount)

/**
 * Σ of a detail's deduction and recovery lines: what is withheld from its payee.
 *
 * @since 0.1.0
 * @category math
 */
export const withheldAmount = (detail: { readonly lines: ReadonlyArray<BillLine> }): Amount.Amount =>
  Amount.sum(detail.lines.filter((line) => line.kind !== "payable").map((line) => line.amount))

const detailBreaks = (detail: BillDetail, index: number): ReadonlyArray<string> => {
  const breaks: Array<string> = []
  const at = `details[${index}]`
  const amounts = [detail.grossAmount, detail.netAmount, ...detail.lines.map((line) => line.amount)]
  if (!amounts.every(Amount.isAmount)) breaks.push(`${at}: every amount is at least 0`)
  const withheld = withheldAmount(detail)
  if (!Amount.equals(detail.grossAmount, Amount.sum(linesOf(detail, "payable")))) {
    breaks.push(`${at}: gross equals the sum of the payable lines`)
  }
  if (!detail.grossAmount.equals(detail.netAmount.plus(withheld))) {
    breaks.push(`${at}: gross equals net payable plus the deductions`)
  }
  if (withheld.greaterThan(detail.grossAmount)) breaks.push(`${at}: the deductions are at most the gross`)
  return breaks
}

const distinct = (keys: ReadonlyArray<string>): boolean => new Set(keys).size === keys.length

/**
 * Which of BILL-2's invariants a bill breaks (none for a sound bill): every
 * amount ≥ 0; per detail gross = Σ payable lines = net + Σ deductions and
 * Σ deductions ≤ gross; bill gross = Σ detail gross and net = Σ detail net;
 * one detail per payee (BILL-1); each source document listed once; the
 * period ends on or after its start.
 *
 * @since 0.1.0
 * @category predicates
 */
export const invariantBreaks = (bill: BillFields): ReadonlyArray<string> => {
  const breaks = bill.details.flatMap(detailBreaks)
  if (!Amount.isAmount(bill.grossAmount) || !Amount.isAmount(bill.netAmount)) {
    breaks.push("the bill's totals are at least 0")
  }
  if (!bill.grossAmount.equals(Amount.sum(bill.details.map((detail) => detail.grossAmount)))) {
    breaks.push("the bill total equals the sum of the details' gross")
  }
  if (!bill.netAmount.equals(Amount.sum(bill.details.map((detail) => detail.netAmount)))) {
    breaks.push("the bill net equals the sum of the details' net")
  }
  if (!distinct(bill.details.map((detail) => detail.payee.id))) breaks.push("one detail per payee")
  if (!distinct(bill.sourceDocuments.map((document) => `${document.kind}:${document.id}`))) {
    breaks.push("each source document is listed once")
  }
  if (LocalDate.isBefore(bill.period.endDate, bill.period.startDate)) {
    breaks.push("the period ends on or after its start")
  }
  return breaks
}

/**
 * A bill. Decoding refuses one that breaks BILL-2 (decode on read).
 *
 * @since 0.1.0
 * @category models
 */
export const Bill = BillFields.check(
  Schema.makeFilter((bill: BillFields) => {
    const breaks = invariantBreaks(bill)
    return breaks.length === 0 ? undefined : `the bill breaks BILL-2: ${breaks.join("; ")}`
  }),
)

/**
 * @since 0.1.0
 * @category models
 */
export type Bill = typeof Bill.Type

/**
 * Asserts BILL-2's invariants: a bill that breaks one is a defect of the
 * code that built it, never bad input (house rule 7).
 *
 * @since 0.1.0
 * @category guards
 */
export const assertInvariants = (bill: BillFields): void => {
  for (const broken of invariantBreaks(bill)) assert(false, `BILL-2 on ${bill.number}: ${broken}`)
}

/**
 * Builds a detail from its lines, computing gross and net (BILL-2). The
 * caller has checked that the withheld lines do not exceed the payable ones.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeDetail = (detail: {
  readonly payee: Payee
  readonly lines: readonly [BillLine, ...Array<BillLine>]
}): BillDetail => {
  const grossAmount = Amount.sum(linesOf(detail, "payable"))
  const netAmount = Amount.subtract({ minuend: grossAmount, subtrahend: withheldAmount(detail) })
  return { payee: detail.payee, lines: detail.lines, grossAmount, netAmount }
}

/**
 * The bill totals of a list of details: Σ gross and Σ net (BILL-2).
 *
 * @since 0.1.0
 * @category math
 */
export const totalsOf = (
  details: ReadonlyArray<BillDetail>,
): { readonly grossAmount: Amount.Amount; readonly netAmount: Amount.Amount } => ({
  grossAmount: Amount.sum(details.map((detail) => detail.grossAmount)),
  netAmount: Amount.sum(details.map((detail) => detail.netAmount)),
})

/**
 * Whether the bill is approved (and so payable, BILL-4).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isApproved = (bill: Bill): boolean => bill.workflow.state === approvedState

/**
 * Whether the bill was rejected: it bills nothing and frees its source documents.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRejected = (bill: Bill): boolean => bill.workflow.state === rejectedState

/**
 * Whether the bill holds its amount and its source documents: every bill
 * that is not rejected (pending ones included).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isActive = (bill: Bill): boolean => !isRejected(bill)

/**
 * Whether the bill lists the source document (same kind and id).
 *
 * @since 0.1.0
 * @category predicates
 */
export const hasSourceDocument = (bill: Bill, document: SourceDocument): boolean =>
  bill.sourceDocuments.some((listed) => listed.kind === document.kind && listed.id === document.id)

const recoveredOf = (bill: Bill, headCode: string): Amount.Amount =>
  Amount.sum(
    bill.details.flatMap((detail) =>
      detail.lines.filter((line) => line.headCode === headCode).map((line) => line.amount),
    ),
  )

/**
 * The advance recovered by a bill's advance adjustment lines.
 *
 * @since 0.1.0
 * @category math
 */
export const advanceAdjustedAmount = (bill: Bill): Amount.Amount =>
  recoveredOf(bill, advanceAdjustmentHeadCode)

/**
 * The amount billed on a work order by its bills (BILL-2): Σ gross of the
 * active bills less the advance they recovered. Bills of other orders and
 * rejected bills count nothing.
 *
 * @since 0.1.0
 * @category math
 */
export const billedOnWorkOrder = (bills: ReadonlyArray<Bill>, workOrderId: string): Amount.Amount => {
  const active = bills.filter((bill) => bill.workOrderId === workOrderId && isActive(bill))
  const gross = Amount.sum(active.map((bill) => bill.grossAmount))
  const recovered = Amount.sum(active.map(advanceAdjustedAmount))
  assert(!recovered.greaterThan(gross), "an advance is recovered only from bills that pay at least as much")
  return Amount.subtract({ minuend: gross, subtrahend: recovered })
}

/**
 * One deduction head of a bill with the department it is paid to and the
 * amount over every detail: a payment instruction makes one department
 * beneficiary of each (PI-2, BILL-3).
 *
 * @since 0.1.0
 * @category models
 */
export interface DepartmentDeduction {
  readonly headCode: string
  readonly department: Payee
  readonly amount: Amount.Amount
}

/**
 * The bill's deductions per head and department, in order of first appearance.
 *
 * @since 0.1.0
 * @category conversions
 */
export const departmentDeductions = (bill: {
  readonly details: ReadonlyArray<BillDetail>
}): ReadonlyArray<DepartmentDeduction> => {
  const byKey = new Map<string, DepartmentDeduction>()
  for (const line of bill.details.flatMap((detail) => detail.lines)) {
    if (line.kind !== "deduction") continue
    const key = JSON.stringify([line.headCode, line.department.id])
    const earlier = byKey.get(key)
    byKey.set(key, {
      headCode: line.headCode,
      department: line.department,
      amount: earlier === undefined ? line.amount : Amount.add(earlier.amount, line.amount),
    })
  }
  return [...byKey.values()]
}

/**
 * The total billed on the work order would exceed its amount (BILL-2, BILL-P-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class BillExceedsContract extends Schema.TaggedError<BillExceedsContract>(
  "@karya/core/bills/BillExceedsContract",
)("BillExceedsContract", {
  workOrderNumber: Schema.String,
  workOrderAmount: Amount.Amount,
  billedAmount: Amount.Amount,
  billAmount: Amount.Amount,
}) {
  static readonly code = "BILL_EXCEEDS_CONTRACT"
  static readonly category = "rule"
  readonly code = BillExceedsContract.code
  readonly category = BillExceedsContract.category
  readonly retryable = false
  override get message(): string {
    const rupees = (amount: Amount.Amount) => `₹${Inr.formatInr(amount, { denomination: "Unit", scale: 2 })}`
    const remaining = Amount.isGreaterThan(this.workOrderAmount, this.billedAmount)
      ? Amount.subtract({ minuend: this.workOrderAmount, subtrahend: this.billedAmount })
      : Amount.zero
    return `This bill of ${rupees(this.billAmount)} would take the total billed on work order ${this.workOrderNumber} above its amount of ${rupees(this.workOrderAmount)}: ${rupees(this.billedAmount)} is already billed, so at most ${rupees(remaining)} can be billed; reduce the bill or revise the work order.`
  }
}
