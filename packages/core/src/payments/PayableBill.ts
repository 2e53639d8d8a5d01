/**
 * The bill a payment instruction pays (PI-1, PI-2, BILL-1, BILL-3, BILL-4):
 * the approved bill as the payments module reads it, with one payable detail
 * per payee and per deduction head. The bills module's approval will be
 * mapped to this value; until then payment instructions are built from it
 * directly.
 *
 * A detail pays one payee: a wage seeker or other individual, an
 * organisation (a CBO or vendor), or a department receiving a deduction
 * (labour cess to the construction workers' welfare board; BILL-3), which
 * names its deduction head. Amounts are the bill's amounts (whole rupees in
 * MUKTA, MONEY-3), exact decimals.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { Amount } from "../money/Amount.js"
import { LocalDate } from "../time/LocalDate.js"

/**
 * Whom a detail pays (BILL-1).
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
 * The payee of a detail, as registered (wage seeker, organisation or
 * department).
 *
 * @since 0.1.0
 * @category models
 */
export const Payee = Schema.Struct({
  payeeId: Schema.NonEmptyString,
  kind: PayeeKind,
  name: Schema.String,
  bankAccount: BankAccount,
  mobile: Schema.String,
  address: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Payee = typeof Payee.Type

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
  payee: Payee,
  amount: Amount,
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
 * The bill types of BILL-1.
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
 * An approved bill ready to be paid.
 *
 * @since 0.1.0
 * @category models
 */
export const PayableBill = Schema.Struct({
  tenantId: TenantId,
  billId: Schema.NonEmptyString,
  billNumber: Schema.NonEmptyString,
  billType: BillType,
  workOrderNumber: Schema.NonEmptyString,
  billDate: LocalDate,
  /** The bill total: Σ of its details' gross amounts (BILL-2); the PI's gross amount. */
  totalAmount: Amount,
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
  billType: BillType,
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
