/**
 * The payment instruction (PI-1..PI-4): what the ULB asks the treasury to
 * pay for one bill, its header, its beneficiaries, its status in the JIT
 * life cycle and every reference JIT has handed back.
 *
 * A PI is `original` (pushed with the PI service, then PIS, PAG, PD, FD) or
 * `revised` (a correction bill pushed with COR that re-pays failed
 * beneficiaries, then FTPS, FTFPS; PI-S-7). Its origin says why it exists:
 * a bill (`Bill`), failures repaid by a new original PI after the revised-PI
 * window (`Repayment`, PI-S-9), or a revision of a failed PI (`Revision`).
 *
 * The state before the first push is `New` (the spec's "from new"); the
 * other statuses are the spec's. `declineReason` tells a Declined PI that JIT
 * refused (`jitError`: correct and re-push) from one JIT already holds
 * (`duplicate`: PI-S-2, polled with PIS). `version` counts the entries of the
 * PI's history (PI-S-11); the PI is rebuilt from them by replay.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { JitCodes } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { TenantId as TenantIdSchema } from "../config/TenantId.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import * as Amount from "../money/Amount.js"
import type { Scale } from "../money/Scale.js"
import { FinancialYear } from "../time/FinancialYear.js"
import { LocalDate } from "../time/LocalDate.js"
import { Beneficiary, type BeneficiaryDraft } from "./Beneficiary.js"
import { PushAcknowledgement } from "./JitService.js"
import { BillReference } from "./PayableBill.js"

/**
 * A PI status (`New` before the first push).
 *
 * @since 0.1.0
 * @category models
 */
export const PiStatus = Schema.Literals([
  "New",
  "Pending",
  "Declined",
  "Initiated",
  "Rejected",
  "Approved",
  "InProcess",
  "Completed",
])

/**
 * @since 0.1.0
 * @category models
 */
export type PiStatus = typeof PiStatus.Type

/**
 * The words users see for each PI status.
 *
 * @since 0.1.0
 * @category models
 */
export const piStatusLabels: Readonly<Record<PiStatus, string>> = {
  New: "New",
  Pending: "Pending",
  Declined: "Declined",
  Initiated: "Initiated",
  Rejected: "Rejected",
  Approved: "Approved",
  InProcess: "In Process",
  Completed: "Completed",
}

/**
 * @since 0.1.0
 * @category models
 */
export const PiKind = Schema.Literals(["original", "revised"])

/**
 * @since 0.1.0
 * @category models
 */
export type PiKind = typeof PiKind.Type

/**
 * Why a PI is Declined: JIT refused it (`jitError`), or JIT already holds it
 * from an earlier attempt (`duplicate`, PI-S-2).
 *
 * @since 0.1.0
 * @category models
 */
export const DeclineReason = Schema.Literals(["jitError", "duplicate"])

/**
 * @since 0.1.0
 * @category models
 */
export type DeclineReason = typeof DeclineReason.Type

/**
 * The sanction an original PI is paid from (PI-4, PI-F-3): the head of
 * account, the sanction (master allotment) id, its financial year, and the
 * allotment transaction the header cites (`ssuAllotmentId`,
 * `allotmentTxnSlNo`: the sanction's latest).
 *
 * @since 0.1.0
 * @category models
 */
export const SanctionUsed = Schema.Struct({
  sanctionId: Schema.String,
  headOfAccount: Schema.String,
  financialYear: FinancialYear,
  ssuAllotmentId: Schema.String,
  allotmentSerialNumber: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type SanctionUsed = typeof SanctionUsed.Type

/**
 * The PI header (PI-4). The number and date are the PI's own fields.
 *
 * @since 0.1.0
 * @category models
 */
export const Header = Schema.Struct({
  ddoCode: Schema.String,
  granteeCode: Schema.String,
  schemeCode: Schema.String,
  ssuId: Schema.String,
  grossAmount: Amount.Amount,
  netAmount: Amount.Amount,
  beneficiaryCount: Schema.Int,
  purpose: Schema.String,
  /** Chosen at each push from New or Declined (PI-F-3); absent before, and on revised PIs. */
  sanction: Schema.optionalKey(SanctionUsed),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Header = typeof Header.Type

/**
 * What a revised PI carries of the PIs before it (PI-S-7): the original PI's
 * number, date and online bill reference, and the failed PI's number and
 * bill reference.
 *
 * @since 0.1.0
 * @category models
 */
export const Revision = Schema.TaggedStruct("Revision", {
  originalNumber: HumanNumber,
  originalDate: LocalDate,
  originalBillReference: Schema.String,
  failedNumber: HumanNumber,
  failedBillReference: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Revision = typeof Revision.Type

/**
 * Why a PI exists.
 *
 * @since 0.1.0
 * @category models
 */
export const Origin = Schema.Union([
  Schema.TaggedStruct("Bill", {}),
  Schema.TaggedStruct("Repayment", { failedNumber: HumanNumber }),
  Revision,
])

/**
 * @since 0.1.0
 * @category models
 */
export type Origin = typeof Origin.Type

/**
 * The treasury's advice of an original PI (PAG): what PD and FD ask with.
 *
 * @since 0.1.0
 * @category models
 */
export const Advice = Schema.Struct({
  financialYear: Schema.String,
  adviceId: Schema.String,
  adviceDate: Schema.String,
  onlineBillReference: Schema.String,
  tokenNumber: Schema.String,
  tokenDate: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Advice = typeof Advice.Type

/**
 * A revised PI's own treasury bill (FTPS `billRefNo`, `tokenNumber`,
 * `tokenDate`): what FTFPS asks with.
 *
 * @since 0.1.0
 * @category models
 */
export const TreasuryBill = Schema.Struct({
  billReference: Schema.String,
  tokenNumber: Schema.String,
  tokenDate: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type TreasuryBill = typeof TreasuryBill.Type

/**
 * Every reference JIT handed back for the PI.
 *
 * @since 0.1.0
 * @category models
 */
export const JitReferences = Schema.Struct({
  /** PI or COR acknowledgement. */
  pushAcknowledgement: Schema.optionalKey(PushAcknowledgement),
  /** PIS `pmtInstId`. */
  jitPaymentInstructionId: Schema.optionalKey(Schema.String),
  /** PIS `payInstDate`. */
  jitPaymentInstructionDate: Schema.optionalKey(Schema.String),
  advice: Schema.optionalKey(Advice),
  treasuryBill: Schema.optionalKey(TreasuryBill),
})

/**
 * @since 0.1.0
 * @category models
 */
export type JitReferences = typeof JitReferences.Type

/**
 * When each service was last called for the PI (from its history; the
 * planner reads it, PI-P-1).
 *
 * @since 0.1.0
 * @category models
 */
export const LastCalls = Schema.Struct({
  PI: Schema.optionalKey(Schema.DateTimeUtc),
  PIS: Schema.optionalKey(Schema.DateTimeUtc),
  PAG: Schema.optionalKey(Schema.DateTimeUtc),
  PD: Schema.optionalKey(Schema.DateTimeUtc),
  FD: Schema.optionalKey(Schema.DateTimeUtc),
  COR: Schema.optionalKey(Schema.DateTimeUtc),
  FTPS: Schema.optionalKey(Schema.DateTimeUtc),
  FTFPS: Schema.optionalKey(Schema.DateTimeUtc),
})

/**
 * @since 0.1.0
 * @category models
 */
export type LastCalls = typeof LastCalls.Type

/**
 * A payment instruction.
 *
 * @since 0.1.0
 * @category models
 */
export const PaymentInstruction = Schema.Struct({
  id: EntityId,
  tenantId: TenantIdSchema,
  /** `PI-{ulb}/{fy}/{seq:6}`, issued once; every re-push uses it (PI-1). */
  number: HumanNumber,
  kind: PiKind,
  /** The PI date, local (PI-4, TIME-1). */
  date: LocalDate,
  bill: BillReference,
  origin: Origin,
  header: Header,
  beneficiaries: Schema.Array(Beneficiary),
  status: PiStatus,
  declineReason: Schema.optionalKey(DeclineReason),
  references: JitReferences,
  lastCalls: LastCalls,
  /** The number of entries in the PI's history. */
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type PaymentInstruction = typeof PaymentInstruction.Type

/**
 * What building a PI needs besides its beneficiaries: identity, number and
 * date issued by the use case, the bill, the origin and the tenant's codes.
 *
 * @since 0.1.0
 * @category models
 */
export interface BuildRequest {
  readonly id: EntityId
  readonly tenantId: TenantId
  readonly number: HumanNumber
  readonly date: LocalDate
  readonly bill: BillReference
  readonly origin: Origin
  readonly jitCodes: JitCodes
  /** The bill total (original PIs from a bill); otherwise Σ of the beneficiaries. */
  readonly grossAmount: Amount.Amount
  readonly purpose: string
  readonly beneficiaries: ReadonlyArray<{ readonly draft: BeneficiaryDraft; readonly paymentId: HumanNumber }>
}

/**
 * Builds a New PI (PI-2, PI-4): beneficiaries Payment Pending, net amount the
 * sum of theirs, beneficiary count their number.
 *
 * @since 0.1.0
 * @category constructors
 */
export const build = (request: BuildRequest): PaymentInstruction => {
  const beneficiaries = request.beneficiaries.map(
    ({ draft, paymentId }): Beneficiary => ({ ...draft, paymentId, status: "PaymentPending" }),
  )
  return {
    id: request.id,
    tenantId: request.tenantId,
    number: request.number,
    kind: request.origin._tag === "Revision" ? "revised" : "original",
    date: request.date,
    bill: request.bill,
    origin: request.origin,
    header: {
      ddoCode: request.jitCodes.ddoCode,
      granteeCode: request.jitCodes.granteeCode,
      schemeCode: request.jitCodes.schemeCode,
      ssuId: request.jitCodes.ssuId,
      grossAmount: request.grossAmount,
      netAmount: Amount.sum(beneficiaries.map((beneficiary) => beneficiary.amount)),
      beneficiaryCount: beneficiaries.length,
      purpose: request.purpose,
    },
    beneficiaries,
    status: "New",
    references: {},
    lastCalls: {},
    version: 1,
  }
}

/**
 * The PI's bill reference at the treasury: PAG's online bill reference for
 * an original PI, FTPS's bill reference for a revised one; `undefined` until
 * JIT has given it. A revised PI raised from this PI cites it (PI-S-7).
 *
 * @since 0.1.0
 * @category conversions
 */
export const billReferenceOf = (paymentInstruction: PaymentInstruction): string | undefined =>
  paymentInstruction.kind === "original"
    ? paymentInstruction.references.advice?.onlineBillReference
    : paymentInstruction.references.treasuryBill?.billReference

/**
 * Whether the PI is Declined because JIT already holds it (PI-S-2).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isDeclinedAsDuplicate = (paymentInstruction: PaymentInstruction): boolean =>
  paymentInstruction.status === "Declined" && paymentInstruction.declineReason === "duplicate"

/**
 * Writes an amount for JIT with the tenant's payment-instruction scale
 * (MONEY-3: `"1916.00"`). Validation (PI-V-8) has checked that no amount has
 * more places.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toWireAmount = (amount: Amount.Amount, scale: Scale): string =>
  Amount.toDecimalString(amount, { scale })

/**
 * Decodes a PI written as data, throwing when malformed. For tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (input: unknown): PaymentInstruction =>
  Schema.decodeUnknownSync(PaymentInstruction)(input)
