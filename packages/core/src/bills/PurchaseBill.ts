/**
 * Purchase bills (BILL-P-1..4): raised by the CBO or the ULB for material
 * bought for a work order, against a vendor organisation's invoice, with a
 * material cost (MC) and a GST line, each rounded to the rupee and dropped
 * when zero. Gross = MC + GST; deductions come from the configured heads
 * (`Deduction`); net must stay above zero. Gross is bounded by what is left
 * of the work-order amount (BILL-P-3) and checked against the material
 * utilized but not yet billed (BILL-P-4): as the tenant's
 * `configuration.bills.materialCheck` says, "warn" (MUKTA) returns the bill
 * with a `MATERIAL_NOT_UTILIZED` warning and "refuse" fails with
 * `MaterialNotUtilized`. Purchase bills follow WF-PB: they are submitted here
 * and verified and approved through `BillWorkflow.takeAction`, whose APPROVE
 * returns `BillApproved` (BILL-4).
 *
 * Decisions where the spec is silent:
 * - material already billed = Σ gross of the order's active purchase bills;
 *   an invoice is identified by its vendor and its number, ignoring case and
 *   surrounding spaces, so it is billed once (BILL-2).
 * - the bill's period runs from the invoice date to the bill date; an
 *   invoice dated after today is refused (`INVOICE_DATE_IN_FUTURE`).
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf, type TenantNotServed, type TenantSettings } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as Validation from "../errors/ValidationFailed.js"
import type { IdSequence } from "../ids/IdSequence.js"
import { assert } from "../internal/assert.js"
import * as Amount from "../money/Amount.js"
import * as Inr from "../money/Inr.js"
import * as Rounding from "../money/Rounding.js"
import type { Scale } from "../money/Scale.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import * as BusinessClock from "../time/BusinessClock.js"
import * as LocalDate from "../time/LocalDate.js"
import type { Actor } from "../workflow/Actor.js"
import type { DocumentReference } from "../workflow/TimelineEntry.js"
import * as Bill from "./Bill.js"
import { type BillRepository, billsOfWorkOrder } from "./BillRepository.js"
import * as BillSubmission from "./BillSubmission.js"
import type { BillOutcome } from "./BillWorkflow.js"
import * as Deduction from "./Deduction.js"
import * as Payees from "./Payees.js"
import * as WorkOrderTerms from "./WorkOrderTerms.js"

const rupees = (amount: Amount.Amount): string =>
  `₹${Inr.formatInr(amount, { denomination: "Unit", scale: 2 })}`

/**
 * What the material check compares (BILL-P-4, MB-8): the bill's gross, the
 * material utilized on the work order and the material already billed on it.
 *
 * @since 0.1.0
 * @category models
 */
export interface MaterialFacts {
  readonly workOrderNumber: string
  readonly billAmount: Amount.Amount
  readonly materialUtilizedAmount: Amount.Amount
  readonly materialBilledAmount: Amount.Amount
}

const materialMessage = (facts: MaterialFacts): string =>
  `This purchase bill of ${rupees(facts.billAmount)} is more than the material utilized on work order ${facts.workOrderNumber} and not yet billed: ${rupees(facts.materialUtilizedAmount)} utilized, ${rupees(facts.materialBilledAmount)} already billed; record the measurements that use this material first, or bill less.`

/**
 * The deductions would leave the vendor nothing (BILL-P-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class PurchaseNetNotPositive extends Schema.TaggedError<PurchaseNetNotPositive>(
  "@karya/core/bills/PurchaseNetNotPositive",
)("PurchaseNetNotPositive", {
  invoiceNumber: Schema.String,
  grossAmount: Amount.Amount,
  deductionAmount: Amount.Amount,
}) {
  static readonly code = "PURCHASE_NET_NOT_POSITIVE"
  static readonly category = "rule"
  readonly code = PurchaseNetNotPositive.code
  readonly category = PurchaseNetNotPositive.category
  readonly retryable = false
  override get message(): string {
    return `The purchase bill for invoice ${this.invoiceNumber} would pay the vendor nothing: its gross is ${rupees(this.grossAmount)} and its deductions ${rupees(this.deductionAmount)}; check the material cost, the GST and the lump-sum deductions.`
  }
}

/**
 * The bill's gross exceeds the material utilized and not yet billed on the
 * work order, and the tenant refuses such bills (BILL-P-4).
 *
 * @since 0.1.0
 * @category errors
 */
export class MaterialNotUtilized extends Schema.TaggedError<MaterialNotUtilized>(
  "@karya/core/bills/MaterialNotUtilized",
)("MaterialNotUtilized", {
  workOrderNumber: Schema.String,
  billAmount: Amount.Amount,
  materialUtilizedAmount: Amount.Amount,
  materialBilledAmount: Amount.Amount,
}) {
  static readonly code = "MATERIAL_NOT_UTILIZED"
  static readonly category = "rule"
  readonly code = MaterialNotUtilized.code
  readonly category = MaterialNotUtilized.category
  readonly retryable = false
  override get message(): string {
    return materialMessage(this)
  }
}

/**
 * Problem code: the invoice is dated after today.
 *
 * @since 0.1.0
 * @category errors
 */
export const invoiceDateInFutureCode = "INVOICE_DATE_IN_FUTURE"

/**
 * Most deductions one purchase bill may enter: more than any tenant
 * configures heads (MUKTA has 8), so a longer list is a mistake.
 *
 * @since 0.1.0
 * @category models
 */
export const enteredDeductionsMax = 32

/**
 * What a clerk enters for a purchase bill (BILL-P-1, BILL-P-2). Figures for
 * percentage heads are ignored: the system computes them.
 *
 * @since 0.1.0
 * @category models
 */
export const PurchaseBillContent = Schema.Struct({
  workOrderId: Schema.NonEmptyString,
  /** The vendor organisation (the payee). */
  vendorId: Schema.NonEmptyString,
  invoice: Bill.Invoice,
  materialCostAmount: Amount.Amount,
  gstAmount: Amount.Amount,
  deductions: Schema.Array(Deduction.EnteredDeduction).check(
    Schema.isMaxLength(enteredDeductionsMax, {
      message: `enter at most ${enteredDeductionsMax} deductions on one bill`,
    }),
  ),
})

/**
 * @since 0.1.0
 * @category models
 */
export type PurchaseBillContent = typeof PurchaseBillContent.Type

/**
 * The amounts of a purchase bill (BILL-P-1, BILL-P-2).
 *
 * @since 0.1.0
 * @category models
 */
export interface PurchaseAmounts {
  readonly payableLines: ReadonlyArray<Deduction.Deduction>
  readonly deductions: ReadonlyArray<Deduction.Deduction>
  readonly grossAmount: Amount.Amount
  readonly deductionAmount: Amount.Amount
  readonly netAmount: Amount.Amount
}

/**
 * Computes a purchase bill's amounts (BILL-P-1, BILL-P-2): MC and GST
 * rounded to `scale` (zero lines dropped), gross = MC + GST, the configured
 * deductions on the gross, net = gross − deductions, refused unless above
 * zero. MC ₹10,000 + GST ₹1,800 → gross ₹11,800; LC 118, ITTDS 118,
 * GSTTDS 236 → net ₹11,328.
 *
 * @since 0.1.0
 * @category math
 */
export const amountsOf = (options: {
  readonly content: PurchaseBillContent
  readonly vendor: Bill.Payee
  readonly heads: ReadonlyArray<Deduction.DeductionHead>
  readonly scale: Scale
}): Result.Result<PurchaseAmounts, PurchaseNetNotPositive> => {
  const { content, scale } = options
  const rounding = { scale, mode: Deduction.billRoundingMode }
  const payableLines = [
    { headCode: Bill.materialCostHeadCode, amount: Rounding.round(content.materialCostAmount, rounding) },
    { headCode: Bill.gstHeadCode, amount: Rounding.round(content.gstAmount, rounding) },
  ].filter((line) => !Amount.isZero(line.amount))
  const grossAmount = Amount.sum(payableLines.map((line) => line.amount))
  const deductions = Deduction.deductionsOf({
    grossAmount,
    heads: options.heads,
    entered: content.deductions,
    payee: options.vendor,
    scale,
  })
  const deductionAmount = Amount.sum(deductions.map((deduction) => deduction.amount))
  if (!Amount.isGreaterThan(grossAmount, deductionAmount)) {
    return Result.fail(
      new PurchaseNetNotPositive({ invoiceNumber: content.invoice.number, grossAmount, deductionAmount }),
    )
  }
  const netAmount = Amount.subtract({ minuend: grossAmount, subtrahend: deductionAmount })
  return Result.succeed({ payableLines, deductions, grossAmount, deductionAmount, netAmount })
}

/**
 * The invoice as a source document (BILL-2): identified by vendor and
 * number, ignoring case and surrounding spaces.
 *
 * @since 0.1.0
 * @category conversions
 */
export const invoiceDocumentOf = (content: PurchaseBillContent): Bill.SourceDocument => ({
  kind: "invoice",
  id: JSON.stringify([content.vendorId, content.invoice.number.trim().toUpperCase()]),
  number: content.invoice.number,
})

/**
 * The material utilized on a work order and the material already billed by
 * its active purchase bills (BILL-P-4, MB-8).
 *
 * @since 0.1.0
 * @category math
 */
export const materialFactsOf = (options: {
  readonly terms: WorkOrderTerms.Terms
  readonly bills: ReadonlyArray<Bill.Bill>
  readonly billAmount: Amount.Amount
}): MaterialFacts => ({
  workOrderNumber: options.terms.workOrderNumber,
  billAmount: options.billAmount,
  materialUtilizedAmount: options.terms.materialUtilizedAmount,
  materialBilledAmount: Amount.sum(
    options.bills
      .filter(
        (bill) =>
          bill.type === "purchase" && bill.workOrderId === options.terms.workOrderId && Bill.isActive(bill),
      )
      .map((bill) => bill.grossAmount),
  ),
})

/**
 * Whether a bill's gross fits within the material utilized and not yet billed.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isWithinMaterialUtilized = (facts: MaterialFacts): boolean =>
  !Amount.isGreaterThan(
    Amount.add(facts.materialBilledAmount, facts.billAmount),
    facts.materialUtilizedAmount,
  )

/**
 * What raising a purchase bill needs. Whether a bill above the material
 * utilized is returned with a warning or refused is the tenant's
 * `configuration.bills.materialCheck` (BILL-P-4).
 *
 * @since 0.1.0
 * @category models
 */
export interface PurchaseBillRequest {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly content: PurchaseBillContent
  readonly comment?: string
  readonly documents?: ReadonlyArray<DocumentReference>
}

/**
 * The ways raising a purchase bill can be refused.
 *
 * @since 0.1.0
 * @category errors
 */
export type PurchaseBillError =
  | TenantNotServed
  | Validation.ValidationFailed
  | WorkOrderTerms.WorkOrderTermsNotFound
  | Payees.PayeeNotFound
  | Payees.DeductionDepartmentMissing
  | PurchaseNetNotPositive
  | MaterialNotUtilized
  | BillSubmission.SubmissionError

const contentProblems = (
  request: PurchaseBillRequest & { readonly configuration: TenantConfiguration },
  vendor: Bill.Payee,
  today: LocalDate.LocalDate,
): ReadonlyArray<FieldProblem> => {
  const { content, configuration } = request
  const dateProblems: ReadonlyArray<FieldProblem> = LocalDate.isAfter(content.invoice.date, today)
    ? [
        {
          field: "invoice.date",
          code: invoiceDateInFutureCode,
          message: `the invoice is dated ${content.invoice.date}, after today (${today}); enter the date printed on the invoice`,
          limit: today,
        },
      ]
    : []
  return [
    ...dateProblems,
    ...Deduction.enteredProblems({
      field: "deductions",
      heads: configuration.deductionHeads,
      entered: content.deductions,
      payee: vendor,
      scale: configuration.roundingScales.billLineAmount,
    }),
  ]
}

const materialWarnings = Effect.fn(function* (
  request: PurchaseBillRequest & { readonly configuration: TenantConfiguration },
  terms: WorkOrderTerms.Terms,
  billAmount: Amount.Amount,
): Effect.fn.Return<ReadonlyArray<FieldProblem>, MaterialNotUtilized | StoreUnavailable, BillRepository> {
  const bills = yield* billsOfWorkOrder({ tenantId: terms.tenantId, workOrderId: terms.workOrderId })
  const facts = materialFactsOf({ terms, bills, billAmount })
  if (isWithinMaterialUtilized(facts)) return []
  if (request.configuration.bills.materialCheck === "refuse") return yield* new MaterialNotUtilized(facts)
  return [{ field: "materialCostAmount", code: MaterialNotUtilized.code, message: materialMessage(facts) }]
})

const vendorDetailOf = (
  vendor: Bill.Payee,
  amounts: PurchaseAmounts,
  departments: ReadonlyMap<string, Bill.Payee>,
): Bill.BillDetail => {
  const payable = amounts.payableLines.map(
    (line): Bill.BillLine => ({ kind: "payable", headCode: line.headCode, amount: line.amount }),
  )
  const [first, ...rest] = [...payable, ...Deduction.linesOf(amounts.deductions, departments)]
  assert(first !== undefined, "a bill whose gross exceeds its deductions has a payable line")
  return Bill.makeDetail({ payee: vendor, lines: [first, ...rest] })
}

/**
 * Raises a purchase bill (BILL-P-1..4) and submits it into WF-PB; it waits
 * for verification. A refused request changes nothing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const raise = Effect.fn("Bills.PurchaseBill.raise")(function* (
  request: PurchaseBillRequest,
): Effect.fn.Return<
  BillOutcome,
  PurchaseBillError,
  BillRepository | IdSequence | WorkOrderTerms.WorkOrderTerms | Payees.Payees | TenantSettings
> {
  const configuration = yield* configurationOf(request.tenantId)
  const { content } = request
  const tenantId = configuration.tenantId
  const today = yield* BusinessClock.today(configuration.timeZone)
  const terms = yield* WorkOrderTerms.termsOf({ tenantId, workOrderId: content.workOrderId })
  const [vendor] = yield* Payees.payeesOf({ tenantId, kind: "organisation", payeeIds: [content.vendorId] })
  assert(vendor !== undefined, "payeesOf finds every payee it is asked for")
  const [problem, ...problems] = contentProblems({ ...request, configuration }, vendor, today)
  if (problem !== undefined) return yield* Validation.fromProblems("purchase bill", [problem, ...problems])
  const amounts = yield* Effect.fromResult(
    amountsOf({
      content,
      vendor,
      heads: configuration.deductionHeads,
      scale: configuration.roundingScales.billLineAmount,
    }),
  )
  const departments = yield* Payees.departmentsFor({
    tenantId,
    headCodes: amounts.deductions.map((deduction) => deduction.headCode),
  })
  const warnings = yield* materialWarnings({ ...request, configuration }, terms, amounts.grossAmount)
  return yield* BillSubmission.submit({
    configuration,
    actor: request.actor,
    terms,
    draft: {
      type: "purchase",
      period: { startDate: content.invoice.date, endDate: today },
      details: [vendorDetailOf(vendor, amounts, departments)],
      sourceDocuments: [invoiceDocumentOf(content)],
      invoice: content.invoice,
    },
    warnings,
    ...(request.comment === undefined ? {} : { comment: request.comment }),
    ...(request.documents === undefined ? {} : { documents: request.documents }),
  })
})
