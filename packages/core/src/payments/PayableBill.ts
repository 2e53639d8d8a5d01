/**
 * The bill a payment instruction pays (PI-1, PI-2, BILL-1, BILL-3, BILL-4):
 * a view of an approved `Bills.Bill` as the payments module reads it, with
 * one payable detail per payee and per deduction head, each payee carrying
 * the bank account it is paid to. `fromApprovedBill` is the one way a bill
 * of the bills module becomes this view (BILL-4 → PI-1); the REST API also
 * accepts the view directly, for bills approved outside Karya.
 *
 * A detail pays one payee: a wage seeker or other individual, an
 * organisation (a CBO or vendor), or a department receiving a deduction
 * (labour cess to the construction workers' welfare board; BILL-3), which
 * names its deduction head. Amounts are the bill's amounts (whole rupees in
 * MUKTA, MONEY-3), exact decimals. The bill's type and the payee's kind are
 * the bills module's own (`Bill.BillType`, `Bill.PayeeKind`).
 *
 * Decisions where the spec is silent (`fromApprovedBill`):
 * - a payee detail pays the detail's net amount (gross less its deduction
 *   and recovery lines); each deduction head is paid once to its department,
 *   the head's amount over every detail (`Bill.departmentDeductions`);
 *   recovery lines pay nobody (the payer keeps them, BILL-C-1);
 * - a detail's line id is `{bill number}/{n}` for the n-th detail and
 *   `{bill number}/{head}/{department id}` for a deduction head, so the
 *   lines a merged beneficiary links (PI-3) name the bill they come from;
 * - the purpose is the source document's number when the bill pays exactly
 *   one (a wage bill's muster roll, PI-2's example), else the bill number;
 * - the bank account, mobile and address come from the payee's account as
 *   the caller looked it up when the PI is built (IND-4 freezes it there).
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as Bill from "../bills/Bill.js"
import { TenantId } from "../config/TenantId.js"
import { assert } from "../internal/assert.js"
import * as Amount from "../money/Amount.js"
import { LocalDate } from "../time/LocalDate.js"

/**
 * A bank account type as JIT-FS spells it (`benfAccountType`).
 *
 * @since 0.1.0
 * @category models
 */
export const AccountType = Schema.Literals(["Saving", "Current"])

/**
 * @since 0.1.0
 * @category models
 */
export type AccountType = typeof AccountType.Type

/**
 * A payee's bank account. It is checked before a push (PI-V-8), not on
 * input, so that a bill with a wrong account still gets its PI and the clerk
 * sees every problem at once.
 *
 * @since 0.1.0
 * @category models
 */
export const BankAccount = Schema.Struct({
  accountNumber: Schema.String,
  ifsc: Schema.String,
  accountType: AccountType,
})

/**
 * @since 0.1.0
 * @category models
 */
export type BankAccount = typeof BankAccount.Type

/**
 * A payee with the account it is paid to: who (the bill payee's id, kind
 * and name) and where the money goes (bank account, mobile, address), as
 * registered when the payment instruction is built (IND-4).
 *
 * @since 0.1.0
 * @category models
 */
export const PayeeAccount = Schema.Struct({
  payeeId: Schema.NonEmptyString,
  kind: Bill.PayeeKind,
  name: Schema.String,
  bankAccount: BankAccount,
  mobile: Schema.String,
  address: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type PayeeAccount = typeof PayeeAccount.Type

/**
 * One payable detail of a bill: the amount a payee receives, its purpose (the
 * muster-roll number for wages) and, for a department, the deduction head
 * whose amount it receives.
 *
 * @since 0.1.0
 * @category models
 */
export const PayableDetail = Schema.Struct({
  /** The bill line (or detail) id; a PI beneficiary links every line it pays (PI-3). */
  lineId: Schema.NonEmptyString,
  payee: PayeeAccount,
  amount: Amount.Amount,
  purpose: Schema.String,
  /** The deduction head (`LC`, `GSTTDS`, …) a department detail is paid from. */
  deductionHead: Schema.optionalKey(Schema.NonEmptyString),
})

/**
 * @since 0.1.0
 * @category models
 */
export type PayableDetail = typeof PayableDetail.Type

/**
 * An approved bill ready to be paid.
 *
 * @since 0.1.0
 * @category models
 */
export const PayableBill = Schema.Struct({
  tenantId: TenantId,
  billId: Schema.NonEmptyString,
  billNumber: Schema.NonEmptyString,
  billType: Bill.BillType,
  workOrderNumber: Schema.NonEmptyString,
  billDate: LocalDate,
  /** The bill total: Σ of its details' gross amounts (BILL-2); the PI's gross amount. */
  totalAmount: Amount.Amount,
  details: Schema.Array(PayableDetail),
})

/**
 * @since 0.1.0
 * @category models
 */
export type PayableBill = typeof PayableBill.Type

/**
 * The reference of a bill inside a payment instruction.
 *
 * @since 0.1.0
 * @category models
 */
export const BillReference = Schema.Struct({
  billId: Schema.NonEmptyString,
  billNumber: Schema.NonEmptyString,
  billType: Bill.BillType,
  workOrderNumber: Schema.NonEmptyString,
})

/**
 * @since 0.1.0
 * @category models
 */
export type BillReference = typeof BillReference.Type

/**
 * Decodes a payable bill written as data, throwing when malformed. For tests
 * and constants; decode input with {@link PayableBill}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (input: unknown): PayableBill => Schema.decodeUnknownSync(PayableBill)(input)

/**
 * The bill's reference as a PI carries it.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toReference = (bill: PayableBill): BillReference => ({
  billId: bill.billId,
  billNumber: bill.billNumber,
  billType: bill.billType,
  workOrderNumber: bill.workOrderNumber,
})

/**
 * BILL-4: only an approved bill is paid; this one is still in its workflow
 * or was rejected.
 *
 * @since 0.1.0
 * @category errors
 */
export class BillNotApproved extends Schema.TaggedError<BillNotApproved>(
  "@karya/core/payments/BillNotApproved",
)("BillNotApproved", { billNumber: Schema.String, state: Schema.String }) {
  static readonly code = "BILL_NOT_APPROVED"
  static readonly category = "rule"
  readonly code = BillNotApproved.code
  readonly category = BillNotApproved.category
  readonly retryable = false
  override get message(): string {
    return `Bill ${this.billNumber} is ${this.state}, not approved, so no payment instruction can be raised for it; approve the bill first.`
  }
}

/**
 * PI-2: payees of the bill have no bank account to be paid to.
 *
 * @since 0.1.0
 * @category errors
 */
export class PayeeAccountMissing extends Schema.TaggedError<PayeeAccountMissing>(
  "@karya/core/payments/PayeeAccountMissing",
)("PayeeAccountMissing", {
  billNumber: Schema.String,
  payeeIds: Schema.NonEmptyArray(Schema.String),
}) {
  static readonly code = "PAYEE_ACCOUNT_MISSING"
  static readonly category = "rule"
  readonly code = PayeeAccountMissing.code
  readonly category = PayeeAccountMissing.category
  readonly retryable = false
  override get message(): string {
    return `Bill ${this.billNumber} pays ${this.payeeIds.join(", ")}, who ${this.payeeIds.length === 1 ? "has" : "have"} no bank account registered; register the account, then raise the payment instruction again.`
  }
}

const accountKeyOf = (payee: { readonly kind: Bill.PayeeKind; readonly id: string }): string =>
  `${payee.kind}|${payee.id}`

const purposeOf = (bill: Bill.Bill): string => {
  const [only, ...others] = bill.sourceDocuments
  return only !== undefined && others.length === 0 ? only.number : bill.number
}

/**
 * Every payee a bill pays: its details' payees, then the department of each
 * deduction head (PI-2, BILL-3).
 *
 * @since 0.1.0
 * @category conversions
 */
export const payeesPaidBy = (bill: Bill.Bill): ReadonlyArray<Bill.Payee> => [
  ...bill.details.map((detail) => detail.payee),
  ...Bill.departmentDeductions(bill).map((deduction) => deduction.department),
]

const detailsOf = (bill: Bill.Bill, accountOf: (payee: Bill.Payee) => PayeeAccount): Array<PayableDetail> => {
  const purpose = purposeOf(bill)
  const payeeDetails = bill.details.map(
    (detail, index): PayableDetail => ({
      lineId: `${bill.number}/${index + 1}`,
      payee: accountOf(detail.payee),
      amount: detail.netAmount,
      purpose,
    }),
  )
  const departmentDetails = Bill.departmentDeductions(bill).map(
    (deduction): PayableDetail => ({
      lineId: `${bill.number}/${deduction.headCode}/${deduction.department.id}`,
      payee: accountOf(deduction.department),
      amount: deduction.amount,
      purpose,
      deductionHead: deduction.headCode,
    }),
  )
  return [...payeeDetails, ...departmentDetails]
}

/**
 * What a payment instruction is made from, given an approved bill of the
 * bills module (BILL-4 → PI-1, PI-2; see the module header for the
 * decisions): the bill's work order number and the account of every payee
 * it pays, its departments included. A bill that is not approved is refused
 * with `BILL_NOT_APPROVED`; payees without an account are named together in
 * `PAYEE_ACCOUNT_MISSING`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromApprovedBill = (request: {
  readonly bill: Bill.Bill
  readonly workOrderNumber: string
  readonly accounts: ReadonlyArray<PayeeAccount>
}): Result.Result<PayableBill, BillNotApproved | PayeeAccountMissing> => {
  const { bill } = request
  if (!Bill.isApproved(bill)) {
    return Result.fail(new BillNotApproved({ billNumber: bill.number, state: bill.workflow.state }))
  }
  const accounts = new Map(
    request.accounts.map((account) => [accountKeyOf({ kind: account.kind, id: account.payeeId }), account]),
  )
  const [missing, ...moreMissing] = [
    ...new Set(
      payeesPaidBy(bill)
        .filter((payee) => !accounts.has(accountKeyOf(payee)))
        .map((payee) => payee.id),
    ),
  ]
  if (missing !== undefined) {
    return Result.fail(
      new PayeeAccountMissing({ billNumber: bill.number, payeeIds: [missing, ...moreMissing] }),
    )
  }
  const accountOf = (payee: Bill.Payee): PayeeAccount => {
    const account = accounts.get(accountKeyOf(payee))
    assert(account !== undefined, "every payee of the bill has an account (checked above)")
    return account
  }
  return Result.succeed({
    tenantId: bill.tenantId,
    billId: bill.id,
    billNumber: bill.number,
    billType: bill.type,
    workOrderNumber: request.workOrderNumber,
    billDate: bill.billDate,
    totalAmount: bill.grossAmount,
    details: detailsOf(bill, accountOf),
  })
}
