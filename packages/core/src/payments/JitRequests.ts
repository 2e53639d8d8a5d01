/**
 * The requests a payment instruction sends to each JIT service (spec 07
 * JIT-W-7), built from the PI and the JIT references its earlier calls
 * stored: a push (PI) sends the header and beneficiaries with amounts in the
 * tenant's payment-instruction scale (MONEY-3); PIS and PAG echo what the
 * push and PIS returned; PD and FD ask with PAG's advice; COR, FTPS and
 * FTFPS carry the revised PI's references to the original and failed PIs.
 *
 * The status machine allows a call only from a status whose earlier calls
 * stored what the request needs, so a missing reference here is a defect.
 *
 * @since 0.1.0
 */

import type { JitCodes } from "../config/TenantConfiguration.js"
import { assert } from "../internal/assert.js"
import type { Scale } from "../money/Scale.js"
import type { TaggedRequest } from "./JitGateway.js"
import type { PaymentInstructionService } from "./JitService.js"
import { type PaymentInstruction, type Revision, toWireAmount } from "./PaymentInstruction.js"

/**
 * What building a request needs besides the PI.
 *
 * @since 0.1.0
 * @category models
 */
export interface RequestContext {
  readonly jitCodes: JitCodes
  /** The tenant's payment-instruction scale (`roundingScales.paymentInstructionAmount`). */
  readonly scale: Scale
  /** FD only: the vouchers' date asked for. */
  readonly voucherDate?: string
}

const revisionOf = (pi: PaymentInstruction): Revision => {
  assert(pi.origin._tag === "Revision", "a correction request is built for a revised PI")
  return pi.origin
}

const adviceOf = (pi: PaymentInstruction) => {
  const advice = pi.references.advice
  assert(advice !== undefined, "PD and FD are asked for a PI that PAG advised (PI-S-4)")
  return advice
}

const pushRequest = (pi: PaymentInstruction, context: RequestContext): TaggedRequest => {
  const sanction = pi.header.sanction
  assert(sanction !== undefined, "an original PI is pushed with the sanction chosen for it (PI-F-3)")
  return {
    _tag: "PI",
    request: {
      billNumber: pi.number,
      billDate: pi.date,
      ddoCode: pi.header.ddoCode,
      granteeCode: pi.header.granteeCode,
      schemeCode: pi.header.schemeCode,
      headOfAccount: sanction.headOfAccount,
      ssuId: pi.header.ssuId,
      sanctionId: sanction.sanctionId,
      ssuAllotmentId: sanction.ssuAllotmentId,
      allotmentSerialNumber: sanction.allotmentSerialNumber,
      grossAmount: toWireAmount(pi.header.grossAmount, context.scale),
      netAmount: toWireAmount(pi.header.netAmount, context.scale),
      beneficiaryCount: pi.header.beneficiaryCount,
      purpose: pi.header.purpose,
      beneficiaries: pi.beneficiaries.map((beneficiary) => ({
        paymentId: beneficiary.paymentId,
        name: beneficiary.name,
        accountNumber: beneficiary.bankAccount.accountNumber,
        ifsc: beneficiary.bankAccount.ifsc,
        mobile: beneficiary.mobile,
        email: "",
        address: beneficiary.address,
        accountType: beneficiary.bankAccount.accountType,
        amount: toWireAmount(beneficiary.amount, context.scale),
        panNumber: "",
        aadhaarNumber: "",
        purpose: beneficiary.purpose,
      })),
    },
  }
}

const correctionRequest = (pi: PaymentInstruction, context: RequestContext): TaggedRequest => {
  const revision = revisionOf(pi)
  return {
    _tag: "COR",
    request: {
      correctionBillNumber: pi.number,
      correctionBillDate: pi.date,
      departmentCode: context.jitCodes.departmentCode,
      originalBillReference: revision.originalBillReference,
      originalBillNumber: revision.originalNumber,
      originalBillDate: revision.originalDate,
      beneficiaries: pi.beneficiaries.map((beneficiary) => {
        const original = beneficiary.originalBankAccount ?? beneficiary.bankAccount
        const current = beneficiary.currentBankAccount ?? beneficiary.bankAccount
        return {
          paymentId: beneficiary.paymentId,
          currentBillReference: revision.failedBillReference,
          originalAccountNumber: original.accountNumber,
          originalIfsc: original.ifsc,
          correctedAccountNumber: beneficiary.bankAccount.accountNumber,
          correctedIfsc: beneficiary.bankAccount.ifsc,
          currentAccountNumber: current.accountNumber,
          currentIfsc: current.ifsc,
        }
      }),
    },
  }
}

const statusRequests = (pi: PaymentInstruction, context: RequestContext) => ({
  PIS: (): TaggedRequest => ({
    _tag: "PIS",
    request: { billNumber: pi.number, billDate: pi.date, ssuId: pi.header.ssuId },
  }),
  PAG: (): TaggedRequest => {
    const { jitPaymentInstructionId, jitPaymentInstructionDate } = pi.references
    assert(
      jitPaymentInstructionId !== undefined && jitPaymentInstructionDate !== undefined,
      "PAG follows a PIS success (PI-S-3)",
    )
    return {
      _tag: "PAG",
      request: {
        jitPaymentInstructionId,
        jitPaymentInstructionDate,
        billNumber: pi.number,
        billDate: pi.date,
        ssuId: pi.header.ssuId,
      },
    }
  },
  PD: (): TaggedRequest => {
    const advice = adviceOf(pi)
    return {
      _tag: "PD",
      request: {
        financialYear: advice.financialYear,
        externalApplicationName: context.jitCodes.externalApplicationName,
        billReference: advice.onlineBillReference,
        tokenNumber: advice.tokenNumber,
        tokenDate: advice.tokenDate,
      },
    }
  },
  FD: (): TaggedRequest => ({
    _tag: "FD",
    request: {
      financialYear: adviceOf(pi).financialYear,
      externalApplicationName: context.jitCodes.externalApplicationName,
      voucherDate: context.voucherDate ?? "",
    },
  }),
})

const correctionStatusRequests = (pi: PaymentInstruction, context: RequestContext) => ({
  FTPS: (): TaggedRequest => {
    const revision = revisionOf(pi)
    return {
      _tag: "FTPS",
      request: {
        correctionBillNumber: pi.number,
        correctionBillDate: pi.date,
        departmentCode: context.jitCodes.departmentCode,
        originalBillReference: revision.originalBillReference,
        originalBillNumber: revision.originalNumber,
        originalBillDate: revision.originalDate,
      },
    }
  },
  FTFPS: (): TaggedRequest => {
    const bill = pi.references.treasuryBill
    assert(bill !== undefined, "FTFPS follows an FTPS success (PI-S-8)")
    return {
      _tag: "FTFPS",
      request: {
        correctionBillNumber: pi.number,
        correctionBillDate: pi.date,
        billReference: bill.billReference,
        tokenNumber: bill.tokenNumber,
        tokenDate: bill.tokenDate,
      },
    }
  },
})

/**
 * The request of a service for a PI.
 *
 * @since 0.1.0
 * @category constructors
 */
export const requestFor = (
  service: PaymentInstructionService,
  pi: PaymentInstruction,
  context: RequestContext,
): TaggedRequest => {
  switch (service) {
    case "PI":
      return pushRequest(pi, context)
    case "COR":
      return correctionRequest(pi, context)
    case "PIS":
    case "PAG":
    case "PD":
    case "FD":
      return statusRequests(pi, context)[service]()
    case "FTPS":
    case "FTFPS":
      return correctionStatusRequests(pi, context)[service]()
  }
}
