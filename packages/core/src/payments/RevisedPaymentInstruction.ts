/**
 * Re-paying failed beneficiaries (PI-S-7, PI-S-9). A Completed PI (original
 * or revised) whose beneficiaries failed is followed by a revised PI (a JIT
 * correction bill, COR) carrying exactly the failed beneficiaries that no
 * other PI raised from it already carries, with their payment ids, their
 * corrected bank details, the account as first sent (original PI) and as
 * last sent (failed PI), the original PI's number, date and online bill
 * reference, and the failed PI's bill reference.
 *
 * A revised PI may be raised only inside the window (PI-S-9): in the
 * original PI's financial year until its date + `sameFinancialYearDays`, or
 * in the next financial year until `nextFinancialYearLastMonthDay` (30 April),
 * all local dates. Outside it JIT refuses the correction (previous-FY bill),
 * so the failed amounts are paid by a new original PI instead, with its own
 * number and the same payment ids (a payment id is kept for life, PI-2).
 *
 * @since 0.1.0
 */
import type { RevisedPaymentWindow } from "../config/TenantConfiguration.js"
import * as FinancialYear from "../time/FinancialYear.js"
import * as LocalDate from "../time/LocalDate.js"
import type { Beneficiary, BeneficiaryDraft } from "./Beneficiary.js"
import type { BankAccount } from "./PayableBill.js"
import type { PaymentInstruction } from "./PaymentInstruction.js"

/**
 * The last local date on which a revised PI of an original PI dated
 * `originalDate` may be raised, seen from `today`; `undefined` when the
 * window has closed (PI-S-9).
 *
 * @since 0.1.0
 * @category conversions
 */
export const windowEnd = (options: {
  readonly originalDate: LocalDate.LocalDate
  readonly today: LocalDate.LocalDate
  readonly window: typeof RevisedPaymentWindow.Type
}): LocalDate.LocalDate | undefined => {
  const originalYear = FinancialYear.ofDate(options.originalDate)
  const currentYear = FinancialYear.ofDate(options.today)
  if (currentYear === originalYear)
    return LocalDate.addDays(options.originalDate, options.window.sameFinancialYearDays)
  if (currentYear !== FinancialYear.next(originalYear)) return undefined
  const [month = 4, day = 30] = options.window.nextFinancialYearLastMonthDay.split("-").map(Number)
  const year = FinancialYear.startYear(currentYear) + (month >= FinancialYear.startMonth ? 0 : 1)
  return LocalDate.fromParts({ year, month, day })
}

/**
 * Whether a revised PI may still be raised today (PI-S-9): today is on or
 * before the window's end.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isWithinWindow = (options: {
  readonly originalDate: LocalDate.LocalDate
  readonly today: LocalDate.LocalDate
  readonly window: typeof RevisedPaymentWindow.Type
}): boolean => {
  const end = windowEnd(options)
  return end !== undefined && !LocalDate.isAfter(options.today, end)
}

/**
 * The failed beneficiaries of a PI that a new repayment must carry (PI-S-7):
 * Payment Failed in the PI, and carried by none of the PIs already raised
 * from it (a failed beneficiary is re-paid by at most one PI at a time;
 * failures reported later get their own). A repayment PI that JIT rejected
 * (PIS, PI-S-3) no longer carries its beneficiaries. As a second guard
 * (PI-S-10: nobody is paid twice), a payment id that any other PI is paying
 * or has paid (any status but Payment Failed and Not Applicable) is left
 * out, whichever PI it was raised from.
 *
 * @since 0.1.0
 * @category conversions
 */
export const failuresToRepay = (options: {
  readonly failed: PaymentInstruction
  readonly raisedFrom: ReadonlyArray<PaymentInstruction>
  /** Every PI of the tenant carrying any of the failed PI's payment ids. */
  readonly carrying: ReadonlyArray<PaymentInstruction>
}): ReadonlyArray<Beneficiary> => {
  const carried = new Set(
    options.raisedFrom
      .filter((paymentInstruction) => paymentInstruction.status !== "Rejected")
      .flatMap((paymentInstruction) =>
        paymentInstruction.beneficiaries.map((beneficiary) => beneficiary.paymentId),
      ),
  )
  const live = new Set(
    options.carrying
      .filter(
        (paymentInstruction) =>
          paymentInstruction.id !== options.failed.id && paymentInstruction.status !== "Rejected",
      )
      .flatMap((paymentInstruction) =>
        paymentInstruction.beneficiaries
          .filter(
            (beneficiary) => beneficiary.status !== "PaymentFailed" && beneficiary.status !== "NotApplicable",
          )
          .map((beneficiary) => beneficiary.paymentId),
      ),
  )
  return options.failed.beneficiaries.filter(
    (beneficiary) =>
      beneficiary.status === "PaymentFailed" &&
      !carried.has(beneficiary.paymentId) &&
      !live.has(beneficiary.paymentId),
  )
}

const baseDraft = (beneficiary: Beneficiary, bankAccount: BankAccount): BeneficiaryDraft => ({
  payeeKind: beneficiary.payeeKind,
  name: beneficiary.name,
  bankAccount,
  mobile: beneficiary.mobile,
  address: beneficiary.address,
  amount: beneficiary.amount,
  purpose: beneficiary.purpose,
  billLines: beneficiary.billLines,
})

/**
 * The beneficiaries of a repayment, as drafts with their kept payment ids:
 * the corrected account where one is given, else the account last sent; for
 * a revised PI also the account as first sent (in the original PI) and as
 * last sent (in the failed PI).
 *
 * @since 0.1.0
 * @category constructors
 */
export const repaymentDrafts = (options: {
  readonly kind: "revised" | "original"
  readonly failures: ReadonlyArray<Beneficiary>
  readonly original: PaymentInstruction
  readonly corrections: ReadonlyMap<string, BankAccount>
}): ReadonlyArray<{ readonly draft: BeneficiaryDraft; readonly paymentId: Beneficiary["paymentId"] }> =>
  options.failures.map((failed) => {
    const draft = baseDraft(failed, options.corrections.get(failed.paymentId) ?? failed.bankAccount)
    if (options.kind === "original") return { draft, paymentId: failed.paymentId }
    const first = options.original.beneficiaries.find(
      (beneficiary) => beneficiary.paymentId === failed.paymentId,
    )
    return {
      draft: {
        ...draft,
        originalBankAccount: first?.bankAccount ?? failed.bankAccount,
        currentBankAccount: failed.bankAccount,
      },
      paymentId: failed.paymentId,
    }
  })
