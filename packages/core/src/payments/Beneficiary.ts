/**
 * The beneficiaries of a payment instruction (PI-2, PI-3) and their payment
 * statuses (spec 06 status machine).
 *
 * A beneficiary is one JIT beneficiary: a payee of the bill, or several payees
 * sharing one bank account (a family), or the department receiving one
 * deduction head. It has a payment id from the `beneficiaryPayment` series
 * (`BN-{ulb}/{seq:6}`), issued with its PI and kept for life: a revised PI,
 * and a PI that repays failures after the revised-PI window, carry the same
 * id (PI-S-7, PI-S-9).
 *
 * Names and addresses are sanitised to ASCII letters, digits and single
 * spaces: every other character becomes a space (`"R.K. Das"` → `"R K Das"`).
 * ASCII because JIT-FS and the banks' files accept nothing else; a name in
 * another script must be registered with its transliteration.
 *
 * @since 0.1.0
 */
import { Array as Arr, Schema } from "effect"
import { PayeeKind } from "../bills/Bill.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import * as Amount from "../money/Amount.js"
import { BankAccount, type PayableBill, type PayableDetail } from "./PayableBill.js"

/**
 * A beneficiary's payment status.
 *
 * @since 0.1.0
 * @category models
 */
export const BeneficiaryStatus = Schema.Literals([
  "PaymentPending",
  "PaymentInitiated",
  "PaymentInProcess",
  "PaymentSuccessful",
  "PaymentFailed",
  "NotApplicable",
])

/**
 * @since 0.1.0
 * @category models
 */
export type BeneficiaryStatus = typeof BeneficiaryStatus.Type

/**
 * The words users see for each beneficiary status.
 *
 * @since 0.1.0
 * @category models
 */
export const beneficiaryStatusLabels: Readonly<Record<BeneficiaryStatus, string>> = {
  PaymentPending: "Payment Pending",
  PaymentInitiated: "Payment Initiated",
  PaymentInProcess: "Payment In Process",
  PaymentSuccessful: "Payment Successful",
  PaymentFailed: "Payment Failed",
  NotApplicable: "Not Applicable",
}

/**
 * A bill line a beneficiary pays: its id, payee and amount (PI-3 links every
 * line of a merged beneficiary).
 *
 * @since 0.1.0
 * @category models
 */
export const BillLineLink = Schema.Struct({
  lineId: Schema.NonEmptyString,
  payeeId: Schema.NonEmptyString,
  amount: Amount.Amount,
})

/**
 * @since 0.1.0
 * @category models
 */
export type BillLineLink = typeof BillLineLink.Type

/**
 * What the payment details (PD) or failed-transaction payment status (FTPS)
 * reply says about a paid beneficiary, as JIT wrote it (`voucherNo`,
 * `voucherDate`, `utrNo`, `utrDate`, `endToEndId`).
 *
 * @since 0.1.0
 * @category models
 */
export const PaymentReferences = Schema.Struct({
  voucherNumber: Schema.String,
  voucherDate: Schema.String,
  utrNumber: Schema.String,
  utrDate: Schema.String,
  endToEndId: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type PaymentReferences = typeof PaymentReferences.Type

/**
 * What the failure details (FD) or failed-transaction failure status (FTFPS)
 * reply says about a failed beneficiary (`failedReason`, `challanNumber`,
 * `challanDate`, `utrNo`).
 *
 * @since 0.1.0
 * @category models
 */
export const FailureReferences = Schema.Struct({
  failureReason: Schema.String,
  challanNumber: Schema.String,
  challanDate: Schema.String,
  utrNumber: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type FailureReferences = typeof FailureReferences.Type

/**
 * A beneficiary of a payment instruction.
 *
 * @since 0.1.0
 * @category models
 */
export const Beneficiary = Schema.Struct({
  /** `BN-{ulb}/{seq:6}`, JIT's `benefId`; kept for life (PI-2). */
  paymentId: HumanNumber,
  payeeKind: PayeeKind,
  name: Schema.String,
  /** The account this PI pays: for a revised PI, the corrected account. */
  bankAccount: BankAccount,
  mobile: Schema.String,
  address: Schema.String,
  amount: Amount.Amount,
  purpose: Schema.String,
  billLines: Schema.NonEmptyArray(BillLineLink),
  status: BeneficiaryStatus,
  payment: Schema.optionalKey(PaymentReferences),
  failure: Schema.optionalKey(FailureReferences),
  /** Revised PIs: the account as first sent, in the original PI (COR `orgAccountNo`). */
  originalBankAccount: Schema.optionalKey(BankAccount),
  /** Revised PIs: the account as last sent, in the failed PI (COR `curAccountNo`). */
  currentBankAccount: Schema.optionalKey(BankAccount),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Beneficiary = typeof Beneficiary.Type

/**
 * A beneficiary before its payment id is issued.
 *
 * @since 0.1.0
 * @category models
 */
export type BeneficiaryDraft = Omit<Beneficiary, "paymentId" | "status">

/**
 * Sanitises a name or address for JIT-FS (PI-2): ASCII letters and digits
 * separated by single spaces, nothing at either end.
 *
 * @since 0.1.0
 * @category conversions
 */
export const sanitiseText = (text: string): string => text.replace(/[^A-Za-z0-9]+/g, " ").trim()

/**
 * The key JIT refuses to see twice in one PI: account number and IFSC (PI-3,
 * PI-V-9).
 *
 * @since 0.1.0
 * @category conversions
 */
export const accountKeyOf = (account: BankAccount): string => `${account.accountNumber}|${account.ifsc}`

const draftOf = (details: readonly [PayableDetail, ...Array<PayableDetail>]): BeneficiaryDraft => {
  const [first] = details
  return {
    payeeKind: first.payee.kind,
    name: sanitiseText(first.payee.name),
    bankAccount: first.payee.bankAccount,
    mobile: first.payee.mobile.trim(),
    address: sanitiseText(first.payee.address),
    amount: Amount.sum(details.map((detail) => detail.amount)),
    purpose: first.purpose,
    billLines: Arr.map(details, (detail) => ({
      lineId: detail.lineId,
      payeeId: detail.payee.payeeId,
      amount: detail.amount,
    })),
  }
}

const groupInOrder = <A>(
  items: ReadonlyArray<A>,
  keyOf: (item: A) => string,
): ReadonlyArray<readonly [A, ...Array<A>]> => {
  const groups = new Map<string, [A, ...Array<A>]>()
  for (const item of items) {
    const key = keyOf(item)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [item])
    else group.push(item)
  }
  return [...groups.values()]
}

// A department is paid once per deduction head (BILL-3): its details are
// grouped by head; every other detail is its own beneficiary.
const payeeGroupKey = (detail: PayableDetail, index: number): string =>
  detail.payee.kind === "department"
    ? `department|${detail.payee.payeeId}|${detail.deductionHead ?? ""}`
    : `detail|${index}`

/**
 * The beneficiaries of a bill (PI-2, PI-3), in the bill's order: one per
 * individual or organisation detail, one per department and deduction head,
 * then those sharing account number and IFSC merged into one whose amount is
 * their sum and which links all their bill lines. Details of zero rupees are
 * left out: they pay nothing, and JIT refuses a zero beneficiary (PI-V-8).
 *
 * @since 0.1.0
 * @category constructors
 */
export const draftsFromBill = (bill: PayableBill): ReadonlyArray<BeneficiaryDraft> => {
  const indexed = bill.details
    .map((detail, index) => ({ detail, index }))
    .filter(({ detail }) => !Amount.isZero(detail.amount))
  const byPayee = groupInOrder(indexed, ({ detail, index }) => payeeGroupKey(detail, index)).map((group) =>
    draftOf(Arr.map(group, ({ detail }) => detail)),
  )
  return mergeSharedAccounts(byPayee)
}

/**
 * Merges drafts that share account number and IFSC (PI-3): the first keeps
 * its name, mobile, address and purpose; the amount is the sum and the bill
 * lines are all of theirs.
 *
 * @since 0.1.0
 * @category constructors
 */
export const mergeSharedAccounts = (
  drafts: ReadonlyArray<BeneficiaryDraft>,
): ReadonlyArray<BeneficiaryDraft> =>
  groupInOrder(drafts, (draft) => accountKeyOf(draft.bankAccount)).map(([first, ...rest]) =>
    rest.length === 0
      ? first
      : {
          ...first,
          amount: Amount.sum([first, ...rest].map((draft) => draft.amount)),
          billLines: Arr.appendAll(
            first.billLines,
            rest.flatMap((draft) => draft.billLines),
          ),
        },
  )

/**
 * Whether a payment id names this beneficiary; JIT's `benfId` is matched
 * without regard to case (JIT-W-8).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isNamedBy = (beneficiary: Beneficiary, benfId: string): boolean =>
  beneficiary.paymentId.toUpperCase() === benfId.trim().toUpperCase()

/**
 * The amount of the bill lines a beneficiary pays: what it may be paid at
 * most (PI-S-10).
 *
 * @since 0.1.0
 * @category math
 */
export const billAmountOf = (beneficiary: Beneficiary): Amount.Amount =>
  Amount.sum(beneficiary.billLines.map((line) => line.amount))
