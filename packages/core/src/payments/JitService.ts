/**
 * The nine JIT-FS services (spec 07 JIT-W-7) as the domain sees them: their
 * codes, and the request and reply of each in the domain's words, with the
 * wire name of every field in its comment. The JIT client (an adapter)
 * translates these to and from the encrypted envelopes; it decides nothing.
 *
 * Values JIT hands back and expects to see again (ids, references, dates) are
 * kept exactly as JIT wrote them, as strings, so they can be echoed in later
 * requests (PAG echoes `payInstDate`, FD echoes `voucherDate`). Amounts sent
 * to JIT are decimal strings with the tenant's payment-instruction scale
 * (2 places, MONEY-3); amounts received are decoded as `Amount`s.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Amount } from "../money/Amount.js"
import { LocalDate } from "../time/LocalDate.js"

/**
 * A JIT-FS service code (`serviceId`).
 *
 * @since 0.1.0
 * @category models
 */
export const JitService = Schema.Literals(["VA", "PI", "PIS", "PAG", "PD", "FD", "COR", "FTPS", "FTFPS"])

/**
 * @since 0.1.0
 * @category models
 */
export type JitService = typeof JitService.Type

/**
 * The services called for one payment instruction (all but VA).
 *
 * @since 0.1.0
 * @category models
 */
export const PaymentInstructionService = Schema.Literals([
  "PI",
  "PIS",
  "PAG",
  "PD",
  "FD",
  "COR",
  "FTPS",
  "FTFPS",
])

/**
 * @since 0.1.0
 * @category models
 */
export type PaymentInstructionService = typeof PaymentInstructionService.Type

/**
 * Every payment-instruction service, in life-cycle order.
 *
 * @since 0.1.0
 * @category models
 */
export const paymentInstructionServices: ReadonlyArray<PaymentInstructionService> = [
  "PI",
  "PIS",
  "PAG",
  "PD",
  "FD",
  "COR",
  "FTPS",
  "FTFPS",
]

// ---------------------------------------------------------------- VA

/**
 * Virtual allotment request (VA): `hoa, fromDate, ddoCode, granteCode`.
 *
 * @since 0.1.0
 * @category models
 */
export const VirtualAllotmentRequest = Schema.Struct({
  headOfAccount: Schema.String,
  /** `fromDate`: the cursor, local time `yyyy-MM-dd HH:mm:ss` (TIME-1). */
  fromDateTime: Schema.String,
  ddoCode: Schema.String,
  /** `granteCode` (JIT's spelling). */
  granteeCode: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type VirtualAllotmentRequest = typeof VirtualAllotmentRequest.Type

/**
 * The kind of an allotment transaction (`allotmentTxnType`: "Initial
 * Allotment", "Additional allotment", "Allotment withdrawal").
 *
 * @since 0.1.0
 * @category models
 */
export const AllotmentKind = Schema.Literals(["initialAllotment", "additionalAllotment", "withdrawal"])

/**
 * @since 0.1.0
 * @category models
 */
export type AllotmentKind = typeof AllotmentKind.Type

/**
 * One VA row.
 *
 * @since 0.1.0
 * @category models
 */
export const VirtualAllotmentRow = Schema.Struct({
  ddoCode: Schema.String,
  schemeCode: Schema.String,
  /** `granteeAgCode`. */
  granteeCode: Schema.String,
  ssuId: Schema.String,
  allotmentDate: LocalDate,
  /** `allotmentTxnSlNo`. */
  allotmentSerialNumber: Schema.String,
  /** `allotmentAmount`. */
  amount: Amount,
  /** `availableBalance`, JIT's own figure, kept for reconciliation. */
  availableBalance: Amount,
  kind: AllotmentKind,
  /** `mstAllotmentDistId`: the sanction. */
  sanctionId: Schema.String,
  ssuAllotmentId: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type VirtualAllotmentRow = typeof VirtualAllotmentRow.Type

// ---------------------------------------------------------------- PI

/**
 * One beneficiary of a PI request (`beneficiaryDetails[]`).
 *
 * @since 0.1.0
 * @category models
 */
export const PaymentInstructionRequestBeneficiary = Schema.Struct({
  /** `benefId`. */
  paymentId: Schema.String,
  /** `benefName`. */
  name: Schema.String,
  /** `benfAcctNo`. */
  accountNumber: Schema.String,
  /** `benfBankIfscCode`. */
  ifsc: Schema.String,
  /** `benfMobileNo`. */
  mobile: Schema.String,
  /** `benfEmailId`: always empty. */
  email: Schema.String,
  /** `benfAddress`. */
  address: Schema.String,
  /** `benfAccountType`. */
  accountType: Schema.String,
  /** `benfAmount`: 2 places. */
  amount: Schema.String,
  /** `panNo`: empty. */
  panNumber: Schema.String,
  /** `adhaarNumber`: always empty, Aadhaar is never sent to JIT (AAD-4). */
  aadhaarNumber: Schema.String,
  purpose: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type PaymentInstructionRequestBeneficiary = typeof PaymentInstructionRequestBeneficiary.Type

/**
 * Push of an original PI (PI).
 *
 * @since 0.1.0
 * @category models
 */
export const PaymentInstructionRequest = Schema.Struct({
  /** `jitBillNo`: the PI number. */
  billNumber: Schema.String,
  /** `jitBillDate`: the PI date, `yyyy-MM-dd`. */
  billDate: Schema.String,
  /** `jitBillDdoCode`. */
  ddoCode: Schema.String,
  /** `granteeAgCode`. */
  granteeCode: Schema.String,
  schemeCode: Schema.String,
  /** `hoa`. */
  headOfAccount: Schema.String,
  /** `ssuIaId`. */
  ssuId: Schema.String,
  /** `mstAllotmentDistId`. */
  sanctionId: Schema.String,
  ssuAllotmentId: Schema.String,
  /** `allotmentTxnSlNo`. */
  allotmentSerialNumber: Schema.String,
  /** `billGrossAmount`: 2 places. */
  grossAmount: Schema.String,
  /** `billNetAmount`: 2 places. */
  netAmount: Schema.String,
  /** `billNumberOfBenf`. */
  beneficiaryCount: Schema.Int,
  purpose: Schema.String,
  beneficiaries: Schema.Array(PaymentInstructionRequestBeneficiary),
})

/**
 * @since 0.1.0
 * @category models
 */
export type PaymentInstructionRequest = typeof PaymentInstructionRequest.Type

/**
 * JIT's acknowledgement of a push (PI) or a correction (COR): the bill number
 * and date as JIT recorded them, `successCode` and `sucessDescrp` (JIT's
 * spelling). Only `successCode` "0" is a success (JIT-W-5).
 *
 * @since 0.1.0
 * @category models
 */
export const PushAcknowledgement = Schema.Struct({
  /** `jitBillNo` (PI) or `jitCorBillNo` (COR). */
  billNumber: Schema.String,
  /** `jitBillDate` (PI) or `jitCorBillDate` (COR). */
  billDate: Schema.String,
  successCode: Schema.String,
  /** `sucessDescrp`. */
  successDescription: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type PushAcknowledgement = typeof PushAcknowledgement.Type

// ---------------------------------------------------------------- PIS

/**
 * Payment instruction status request (PIS): `jitBillNo, jitBillDate, ssuIaId`.
 *
 * @since 0.1.0
 * @category models
 */
export const PaymentInstructionStatusRequest = Schema.Struct({
  billNumber: Schema.String,
  billDate: Schema.String,
  ssuId: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type PaymentInstructionStatusRequest = typeof PaymentInstructionStatusRequest.Type

/**
 * PIS reply: JIT's payment instruction id and date, and its totals.
 *
 * @since 0.1.0
 * @category models
 */
export const PaymentInstructionStatusReply = Schema.Struct({
  /** `pmtInstId`. */
  jitPaymentInstructionId: Schema.String,
  /** `payInstDate`, echoed by PAG. */
  jitPaymentInstructionDate: Schema.String,
  /** `jitBillNumber`. */
  billNumber: Schema.String,
  /** `billNetAmount`. */
  netAmount: Amount,
  /** `billGrossAmount`. */
  grossAmount: Amount,
  /** `totalNumberOfBeneficiary`. */
  beneficiaryCount: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type PaymentInstructionStatusReply = typeof PaymentInstructionStatusReply.Type

// ---------------------------------------------------------------- PAG

/**
 * Payment advice request (PAG): `pmtInstId, pmtInstDate, billNo, billDate, ssuIaId`.
 *
 * @since 0.1.0
 * @category models
 */
export const PaymentAdviceRequest = Schema.Struct({
  jitPaymentInstructionId: Schema.String,
  jitPaymentInstructionDate: Schema.String,
  billNumber: Schema.String,
  billDate: Schema.String,
  ssuId: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type PaymentAdviceRequest = typeof PaymentAdviceRequest.Type

/**
 * A beneficiary listed by PAG (`benfList[]`).
 *
 * @since 0.1.0
 * @category models
 */
export const AdviceBeneficiary = Schema.Struct({
  /** `benfId`. */
  paymentId: Schema.String,
  name: Schema.String,
  accountNumber: Schema.String,
  ifsc: Schema.String,
  amount: Amount,
})

/**
 * The treasury's advice of a PI (PAG), and the references PD asks with.
 *
 * @since 0.1.0
 * @category models
 */
export const PaymentAdviceReply = Schema.Struct({
  /** `billNo`. */
  billNumber: Schema.String,
  /** `finYear`, as JIT writes it; PD and FD ask with it. */
  financialYear: Schema.String,
  adviceId: Schema.String,
  adviceDate: Schema.String,
  /** `onlineBillRefNo`: the treasury's bill reference. */
  onlineBillReference: Schema.String,
  tokenNumber: Schema.String,
  tokenDate: Schema.String,
  beneficiaries: Schema.Array(AdviceBeneficiary),
})

/**
 * @since 0.1.0
 * @category models
 */
export type PaymentAdviceReply = typeof PaymentAdviceReply.Type

// ---------------------------------------------------------------- PD / FTPS

/**
 * Payment details request (PD): `finYear, extAppName, billRefNo, tokenNumber, tokenDate`.
 *
 * @since 0.1.0
 * @category models
 */
export const PaymentDetailsRequest = Schema.Struct({
  financialYear: Schema.String,
  externalApplicationName: Schema.String,
  /** `billRefNo`: PAG's `onlineBillRefNo`. */
  billReference: Schema.String,
  tokenNumber: Schema.String,
  tokenDate: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type PaymentDetailsRequest = typeof PaymentDetailsRequest.Type

/**
 * A paid beneficiary in a PD or FTPS row (`benfDtls[]`).
 *
 * @since 0.1.0
 * @category models
 */
export const PaidBeneficiary = Schema.Struct({
  /** `benfId`, matched case-insensitively (JIT-W-8). */
  paymentId: Schema.String,
  accountNumber: Schema.String,
  ifsc: Schema.String,
  /** `utrNo`. */
  utrNumber: Schema.String,
  utrDate: Schema.String,
  endToEndId: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type PaidBeneficiary = typeof PaidBeneficiary.Type

/**
 * One voucher of a PD or FTPS reply.
 *
 * @since 0.1.0
 * @category models
 */
export const PaymentDetailsRow = Schema.Struct({
  /** `billNumber` (PD) or `jitCorBillNo` (FTPS). */
  billNumber: Schema.String,
  /** `voucherNo`. */
  voucherNumber: Schema.String,
  voucherDate: Schema.String,
  /** `billRefNo`: for FTPS, the revised PI's own bill reference, which FTFPS asks with. */
  billReference: Schema.String,
  paymentStatus: Schema.String,
  tokenNumber: Schema.String,
  tokenDate: Schema.String,
  beneficiaries: Schema.Array(PaidBeneficiary),
})

/**
 * @since 0.1.0
 * @category models
 */
export type PaymentDetailsRow = typeof PaymentDetailsRow.Type

// ---------------------------------------------------------------- FD / FTFPS

/**
 * Failure details request (FD), in bulk for the vouchers of one day:
 * `finYear, extAppName, voucherDate`.
 *
 * @since 0.1.0
 * @category models
 */
export const FailureDetailsRequest = Schema.Struct({
  financialYear: Schema.String,
  externalApplicationName: Schema.String,
  voucherDate: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type FailureDetailsRequest = typeof FailureDetailsRequest.Type

/**
 * A failed beneficiary in an FD or FTFPS row (`benfDtls[]`).
 *
 * @since 0.1.0
 * @category models
 */
export const FailedBeneficiary = Schema.Struct({
  paymentId: Schema.String,
  accountNumber: Schema.String,
  ifsc: Schema.String,
  utrNumber: Schema.String,
  utrDate: Schema.String,
  endToEndId: Schema.String,
  /** `orgBillRefNumber`. */
  originalBillReference: Schema.String,
  challanNumber: Schema.String,
  challanDate: Schema.String,
  /** `failedReason`. */
  failureReason: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type FailedBeneficiary = typeof FailedBeneficiary.Type

/**
 * One bill of an FD or FTFPS reply. FD answers for every bill paid by the
 * vouchers of a day; a PI takes only the rows naming its number or its bill
 * reference.
 *
 * @since 0.1.0
 * @category models
 */
export const FailureDetailsRow = Schema.Struct({
  /** `billNumber` (FD) or `jitCorBillNo` (FTFPS). */
  billNumber: Schema.String,
  /** `billRefNo`. */
  billReference: Schema.String,
  beneficiaries: Schema.Array(FailedBeneficiary),
})

/**
 * @since 0.1.0
 * @category models
 */
export type FailureDetailsRow = typeof FailureDetailsRow.Type

// ---------------------------------------------------------------- COR

/**
 * One beneficiary of a correction (`beneficiaryDtls[]`).
 *
 * @since 0.1.0
 * @category models
 */
export const CorrectionRequestBeneficiary = Schema.Struct({
  /** `benefId`. */
  paymentId: Schema.String,
  /** `jitCurBillRefNo`: the bill reference of the PI in which the payment failed. */
  currentBillReference: Schema.String,
  /** `orgAccountNo`, `orgIfsc`: as first sent. */
  originalAccountNumber: Schema.String,
  originalIfsc: Schema.String,
  /** `correctedAccountNo`, `correctedIfsc`: to pay now. */
  correctedAccountNumber: Schema.String,
  correctedIfsc: Schema.String,
  /** `curAccountNo`, `curIfsc`: as last sent. */
  currentAccountNumber: Schema.String,
  currentIfsc: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type CorrectionRequestBeneficiary = typeof CorrectionRequestBeneficiary.Type

/**
 * Push of a revised PI (COR).
 *
 * @since 0.1.0
 * @category models
 */
export const CorrectionRequest = Schema.Struct({
  /** `jitCorBillNo`: the revised PI's number. */
  correctionBillNumber: Schema.String,
  /** `jitCorBillDate`. */
  correctionBillDate: Schema.String,
  /** `jitCorBillDeptCode`. */
  departmentCode: Schema.String,
  /** `jitOrgBillRefNo`: the original PI's online bill reference. */
  originalBillReference: Schema.String,
  /** `jitOrgBillNo`. */
  originalBillNumber: Schema.String,
  /** `jitOrgBillDate`. */
  originalBillDate: Schema.String,
  beneficiaries: Schema.Array(CorrectionRequestBeneficiary),
})

/**
 * @since 0.1.0
 * @category models
 */
export type CorrectionRequest = typeof CorrectionRequest.Type

/**
 * Failed-transaction payment status request (FTPS): the correction's
 * numbers and the original's.
 *
 * @since 0.1.0
 * @category models
 */
export const FailedTransactionPaymentStatusRequest = Schema.Struct({
  correctionBillNumber: Schema.String,
  correctionBillDate: Schema.String,
  departmentCode: Schema.String,
  originalBillReference: Schema.String,
  originalBillNumber: Schema.String,
  originalBillDate: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type FailedTransactionPaymentStatusRequest = typeof FailedTransactionPaymentStatusRequest.Type

/**
 * Failed-transaction failure status request (FTFPS): `jitCorBillNo,
 * jitCorBillDate, billRefNo, tokenNumber, tokenDate` of the revised PI.
 *
 * @since 0.1.0
 * @category models
 */
export const FailedTransactionFailureStatusRequest = Schema.Struct({
  correctionBillNumber: Schema.String,
  correctionBillDate: Schema.String,
  /** `billRefNo`: the revised PI's bill reference from FTPS. */
  billReference: Schema.String,
  tokenNumber: Schema.String,
  tokenDate: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type FailedTransactionFailureStatusRequest = typeof FailedTransactionFailureStatusRequest.Type
