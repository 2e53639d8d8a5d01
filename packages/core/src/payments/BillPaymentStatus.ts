/**
 * A bill's payment status as its payment instructions show it (BILL-4,
 * PI-F-3): per bill line, the status of the beneficiary that last carried it
 * (a revised or repayment PI takes over from the PI it repays); for the bill,
 * "payment blocked: insufficient funds" while its PI waits for a push that no
 * sanction can fund, and otherwise a summary of its lines.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as BusinessClock from "../time/BusinessClock.js"
import type { BeneficiaryStatus } from "./Beneficiary.js"
import * as FundRegister from "./FundRegister.js"
import * as FundRegisterBook from "./FundRegisterBook.js"
import type { PaymentInstruction } from "./PaymentInstruction.js"
import { PaymentInstructionRepository, paymentInstructionsOfBillMax } from "./PaymentInstructionRepository.js"

/**
 * A bill's payment status.
 *
 * @since 0.1.0
 * @category models
 */
export type BillPaymentStatus =
  | "NotRaised"
  | "PaymentBlocked"
  | "AwaitingPush"
  | "InPayment"
  | "Paid"
  | "PaymentFailed"
  | "Rejected"

/**
 * The words users see for each bill payment status.
 *
 * @since 0.1.0
 * @category models
 */
export const billPaymentStatusLabels: Readonly<Record<BillPaymentStatus, string>> = {
  NotRaised: "payment instruction not raised",
  PaymentBlocked: "payment blocked: insufficient funds",
  AwaitingPush: "awaiting push to JIT",
  InPayment: "payment in process",
  Paid: "paid",
  PaymentFailed: "payment failed",
  Rejected: "payment instruction rejected",
}

/**
 * The payment of one bill line.
 *
 * @since 0.1.0
 * @category models
 */
export interface LinePayment {
  readonly lineId: string
  readonly paymentId: string
  readonly paymentInstructionNumber: string
  readonly status: BeneficiaryStatus
}

/**
 * A bill's payment: its status, its label and its lines.
 *
 * @since 0.1.0
 * @category models
 */
export interface BillPayment {
  readonly status: BillPaymentStatus
  readonly label: string
  readonly lines: ReadonlyArray<LinePayment>
}

/**
 * The latest payment of each bill line: PIs are read oldest first, so a later
 * PI carrying the line replaces an earlier one.
 *
 * @since 0.1.0
 * @category conversions
 */
export const linePayments = (
  paymentInstructions: ReadonlyArray<PaymentInstruction>,
): ReadonlyArray<LinePayment> => {
  const lines = new Map<string, LinePayment>()
  for (const pi of paymentInstructions) {
    for (const beneficiary of pi.beneficiaries) {
      for (const line of beneficiary.billLines) {
        lines.set(line.lineId, {
          lineId: line.lineId,
          paymentId: beneficiary.paymentId,
          paymentInstructionNumber: pi.number,
          status: beneficiary.status,
        })
      }
    }
  }
  return [...lines.values()]
}

const summary = (lines: ReadonlyArray<LinePayment>): BillPaymentStatus => {
  if (lines.every((line) => line.status === "NotApplicable")) return "Rejected"
  if (lines.some((line) => line.status === "PaymentFailed")) return "PaymentFailed"
  if (lines.every((line) => line.status === "PaymentSuccessful")) return "Paid"
  return lines.some((line) => line.status === "PaymentPending") ? "AwaitingPush" : "InPayment"
}

/**
 * A bill's payment (BILL-4, PI-F-3). `hasFundsFor` says whether a sanction
 * of the tenant can fund the waiting PI now (from the fund register).
 *
 * @since 0.1.0
 * @category conversions
 */
export const ofBill = (options: {
  readonly paymentInstructions: ReadonlyArray<PaymentInstruction>
  readonly hasFundsFor: (paymentInstruction: PaymentInstruction) => boolean
}): BillPayment => {
  const lines = linePayments(options.paymentInstructions)
  const waiting = options.paymentInstructions.find(
    (pi) =>
      pi.kind === "original" && (pi.status === "New" || pi.status === "Pending") && !options.hasFundsFor(pi),
  )
  const status: BillPaymentStatus =
    options.paymentInstructions.length === 0
      ? "NotRaised"
      : waiting !== undefined
        ? "PaymentBlocked"
        : summary(lines)
  return { status, label: billPaymentStatusLabels[status], lines }
}

/**
 * A bill's payment, read from the tenant's PIs and fund register: a waiting
 * PI is blocked when no sanction of the current financial year can fund it
 * (a Pending PI: the sanction its earlier push cited).
 *
 * @since 0.1.0
 * @category constructors
 */
export const forBill = Effect.fn("Payments.billPayment")(function* (request: {
  readonly tenantId: TenantId
  readonly billId: string
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const repository = yield* PaymentInstructionRepository
  const financialYear = yield* BusinessClock.currentFinancialYear(configuration.timeZone)
  const balances = yield* FundRegisterBook.balances(request.tenantId, {})
  const sanctions = yield* FundRegisterBook.sanctions(request.tenantId, { financialYear })
  const hasFundsFor = (pi: PaymentInstruction): boolean => {
    const sanction = pi.header.sanction
    if (pi.status === "Pending" && sanction !== undefined) {
      return FundRegister.balanceCovers(
        balances.find((balance) => balance.sanctionId === sanction.sanctionId),
        pi.header.grossAmount,
      )
    }
    const chosen = FundRegister.chooseSanctionByBalance({
      headsOfAccountOrder: configuration.headsOfAccountOrder,
      sanctions,
      balances,
      financialYear,
      grossAmount: pi.header.grossAmount,
    })
    return chosen !== undefined
  }
  return ofBill({
    paymentInstructions: yield* AggregateStore.findAll(
      repository,
      { tenantId: request.tenantId, where: { billId: request.billId } },
      { itemsMax: paymentInstructionsOfBillMax },
    ),
    hasFundsFor,
  })
})
