/**
 * How core values are shown in responses (`ApiSchemas`): PIs with their
 * beneficiaries masked for the caller (PRIV-1, every unmasked read recorded,
 * PRIV-3), PI history without the JIT payloads, bills with their payment
 * status, and the fund allocation register.
 *
 * @since 0.1.0
 */
import { Payments, Registries, Time } from "@karya/core"
import { Effect } from "effect"
import type * as ApiSchemas from "./ApiSchemas.js"
import type { Principal } from "./Auth.js"

type PaymentInstruction = Payments.PaymentInstruction.PaymentInstruction
type Beneficiary = Payments.Beneficiary.Beneficiary
type HistoryEntry = Payments.HistoryEntry.HistoryEntry

/**
 * A PI as a list shows it.
 *
 * @since 0.1.0
 * @category conversions
 */
export const paymentInstructionSummary = (pi: PaymentInstruction): ApiSchemas.PaymentInstructionSummary => ({
  number: pi.number,
  kind: pi.kind,
  date: pi.date,
  status: pi.status,
  statusLabel: Payments.PaymentInstruction.piStatusLabels[pi.status],
  ...(pi.declineReason === undefined ? {} : { declineReason: pi.declineReason }),
  billId: pi.bill.billId,
  billNumber: pi.bill.billNumber,
  billType: pi.bill.billType,
  workOrderNumber: pi.bill.workOrderNumber,
  grossAmount: pi.header.grossAmount,
  netAmount: pi.header.netAmount,
  beneficiaryCount: pi.header.beneficiaryCount,
  version: pi.version,
})

const recordKindOf: Readonly<Record<Beneficiary["payeeKind"], Registries.Masking.SensitiveRecordKind>> = {
  individual: "wageSeeker",
  organisation: "organisation",
  department: "departmentBeneficiary",
}

const beneficiaryView = (beneficiary: Beneficiary, isUnmasked: boolean): ApiSchemas.BeneficiaryView => ({
  paymentId: beneficiary.paymentId,
  payeeKind: beneficiary.payeeKind,
  name: beneficiary.name,
  bankAccount: {
    accountNumber: isUnmasked
      ? beneficiary.bankAccount.accountNumber
      : Registries.Masking.maskAccountNumber(beneficiary.bankAccount.accountNumber),
    ifsc: isUnmasked
      ? beneficiary.bankAccount.ifsc
      : Registries.Masking.maskIfsc(beneficiary.bankAccount.ifsc),
    accountType: beneficiary.bankAccount.accountType,
  },
  mobile: isUnmasked ? beneficiary.mobile : Registries.Masking.maskMobileNumber(beneficiary.mobile),
  address: beneficiary.address,
  amount: beneficiary.amount,
  purpose: beneficiary.purpose,
  status: beneficiary.status,
  statusLabel: Payments.Beneficiary.beneficiaryStatusLabels[beneficiary.status],
  billLines: beneficiary.billLines.map((line) => ({
    lineId: line.lineId,
    payeeId: line.payeeId,
    amount: line.amount,
  })),
  ...(beneficiary.payment === undefined
    ? {}
    : {
        payment: {
          voucherNumber: beneficiary.payment.voucherNumber,
          voucherDate: beneficiary.payment.voucherDate,
          utrNumber: beneficiary.payment.utrNumber,
          utrDate: beneficiary.payment.utrDate,
        },
      }),
  ...(beneficiary.failure === undefined
    ? {}
    : {
        failure: {
          failureReason: beneficiary.failure.failureReason,
          challanNumber: beneficiary.failure.challanNumber,
          challanDate: beneficiary.failure.challanDate,
        },
      }),
})

/**
 * A history entry without its JIT payloads.
 *
 * @since 0.1.0
 * @category conversions
 */
export const historyEntryView = (entry: HistoryEntry): ApiSchemas.HistoryEntryView => {
  switch (entry._tag) {
    case "Created":
      return { at: entry.at, kind: "Created", message: "Payment instruction created", jitErrors: [] }
    case "SanctionChosen":
      return {
        at: entry.at,
        kind: "SanctionChosen",
        message: `Paid from sanction ${entry.sanction.sanctionId} of head of account ${entry.sanction.headOfAccount}`,
        jitErrors: [],
      }
    case "BeneficiaryCorrected":
      return {
        at: entry.at,
        kind: "BeneficiaryCorrected",
        message: `Bank account of ${entry.paymentId} corrected by ${entry.userId}`,
        jitErrors: [],
      }
    case "RepaymentRaised":
      return {
        at: entry.at,
        kind: "RepaymentRaised",
        message: `${entry.kind === "revised" ? "Revised" : "New original"} payment instruction ${entry.raisedNumber} raised for the failed payments`,
        jitErrors: [],
      }
    case "JitCalled":
      return {
        at: entry.at,
        kind: "JitCalled",
        service: entry.exchange._tag,
        event: entry.event,
        status: entry.status,
        message: entry.message,
        jitErrors: entry.jitErrors.map((error) => ({ code: error.code, message: error.message })),
      }
  }
}

/**
 * A PI with its beneficiaries (masked unless the caller holds the unmask
 * role of each beneficiary's kind; an unmasked read is recorded, PRIV-3)
 * and its history.
 *
 * @since 0.1.0
 * @category conversions
 */
export const paymentInstructionDetail = (
  pi: PaymentInstruction,
  history: ReadonlyArray<HistoryEntry>,
  principal: Principal,
): Effect.Effect<
  ApiSchemas.PaymentInstructionDetail,
  Registries.RegistryUnavailable.RegistryUnavailable,
  Registries.UnmaskedReadLog.UnmaskedReadLog
> =>
  Effect.gen(function* () {
    const canUnmask = (beneficiary: Beneficiary) =>
      Registries.Masking.canUnmask(principal.actor, {
        kind: recordKindOf[beneficiary.payeeKind],
        tenantId: pi.tenantId,
      })
    const unmasked = pi.beneficiaries.filter(canUnmask)
    if (unmasked.length > 0) {
      const log = yield* Registries.UnmaskedReadLog.UnmaskedReadLog
      const at = yield* Time.BusinessClock.currentInstant
      yield* Effect.forEach(unmasked, (beneficiary) =>
        log.record({
          tenantId: pi.tenantId,
          actorId: principal.userId,
          recordKind: recordKindOf[beneficiary.payeeKind],
          recordId: `${pi.number}/${beneficiary.paymentId}`,
          fields: ["bankAccount.accountNumber", "bankAccount.ifsc", "mobile"],
          purpose: "view",
          at,
        }),
      )
    }
    const detail: ApiSchemas.PaymentInstructionDetail = {
      ...paymentInstructionSummary(pi),
      purpose: pi.header.purpose,
      header: {
        ddoCode: pi.header.ddoCode,
        granteeCode: pi.header.granteeCode,
        schemeCode: pi.header.schemeCode,
        ssuId: pi.header.ssuId,
        ...(pi.header.sanction === undefined
          ? {}
          : { headOfAccount: pi.header.sanction.headOfAccount, sanctionId: pi.header.sanction.sanctionId }),
      },
      beneficiaries: pi.beneficiaries.map((beneficiary) =>
        beneficiaryView(beneficiary, canUnmask(beneficiary)),
      ),
      history: history.map(historyEntryView),
    }
    return detail
  })

/**
 * A bill's payment as the bill shows it.
 *
 * @since 0.1.0
 * @category conversions
 */
export const billView = (
  reference: Payments.PayableBill.BillReference,
  payment: Payments.BillPaymentStatus.BillPayment,
  paymentInstructions: ReadonlyArray<PaymentInstruction>,
): ApiSchemas.BillView => ({
  billId: reference.billId,
  billNumber: reference.billNumber,
  billType: reference.billType,
  workOrderNumber: reference.workOrderNumber,
  paymentStatus: payment.status,
  paymentStatusLabel: payment.label,
  paymentInstructions: paymentInstructions.map(paymentInstructionSummary),
})

const referenceOf = (source: Payments.FundRegister.TransactionSource): string =>
  source._tag === "Allotment"
    ? `${source.ssuAllotmentId}/${source.allotmentSerialNumber}`
    : source.paymentInstructionNumber

/**
 * The fund allocation register of a financial year for the heads of
 * account (PI-F-2).
 *
 * @since 0.1.0
 * @category conversions
 */
export const fundRegisterView = (
  transactions: ReadonlyArray<Payments.FundRegister.RegisterTransaction>,
  of: {
    readonly financialYear: Time.FinancialYear.FinancialYear
    readonly headsOfAccount: ReadonlyArray<string>
  },
): typeof ApiSchemas.FundRegisterView.Type => ({
  financialYear: of.financialYear,
  headsOfAccount: of.headsOfAccount.map((headOfAccount) => {
    const lines = Payments.FundRegister.register(transactions, {
      financialYear: of.financialYear,
      headOfAccount,
    })
    return {
      headOfAccount,
      fundsAvailable: Payments.FundRegister.totalsOf(lines.map((line) => line.transaction)).fundsAvailable,
      lines: lines.map((line) => ({
        date: line.transaction.date,
        at: line.transaction.at,
        kind: line.transaction.kind,
        sanctionId: line.transaction.sanctionId,
        amount: line.transaction.amount,
        fundsAvailableAfter: line.fundsAvailableAfter,
        reference: referenceOf(line.transaction.source),
      })),
    }
  }),
})
