/**
 * The checks made before a payment instruction is pushed to JIT (PI-V-1..
 * PI-V-10). Each failure is its own typed error with its spec code, and all
 * of a PI's failures are reported together (ERR-3) inside one
 * `PaymentInstructionRefused`, whose `reasons` list them; a refused push
 * calls no one and changes nothing (ERR-2). The wrapper follows the "family
 * of errors under one wrapper with a reason union" habit (spec 11, §1).
 *
 * Built PIs satisfy the count, net, duplicate-account and original-PI checks
 * by construction; they are checked again here because a stored PI is read
 * back, and may have been corrected, before it is pushed (house rule 7,
 * paired checks).
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import type { JitCodes } from "../config/TenantConfiguration.js"
import * as Amount from "../money/Amount.js"
import type { Scale } from "../money/Scale.js"
import { accountKeyOf, type Beneficiary } from "./Beneficiary.js"
import { missingCodes } from "./JitCodes.js"
import type { PaymentInstruction } from "./PaymentInstruction.js"

/**
 * The fewest digits of a bank account number JIT accepts (PI-V-8).
 *
 * @since 0.1.0
 * @category models
 */
export const accountNumberDigitsMin = 9

/**
 * The most digits of a bank account number (PI-V-8): Indian bank accounts
 * have at most 18.
 *
 * @since 0.1.0
 * @category models
 */
export const accountNumberDigitsMax = 18

/**
 * The most beneficiaries of one PI: the size NFR-2 sets for building and
 * validating one, which covers a ULB's largest weekly wage bill; a larger bill
 * must be split before it is paid.
 *
 * @since 0.1.0
 * @category models
 */
export const beneficiariesPerPaymentInstructionMax = 10_000

/**
 * The IFSC shape (PI-V-8): four letters, a zero, six letters or digits.
 *
 * @since 0.1.0
 * @category models
 */
export const ifscPattern = /^[A-Z]{4}0[A-Z0-9]{6}$/

const accountNumberPattern = new RegExp(`^\\d{${accountNumberDigitsMin},${accountNumberDigitsMax}}$`)

/**
 * PI-V-1: the tenant's DDO, SSU and head-of-account codes are missing.
 *
 * @since 0.1.0
 * @category errors
 */
export class PiConfigMissing extends Schema.TaggedError<PiConfigMissing>(
  "@karya/core/payments/PiConfigMissing",
)("PiConfigMissing", { paymentInstructionNumber: Schema.String, missing: Schema.Array(Schema.String) }) {
  static readonly code = "PI_CONFIG_MISSING"
  static readonly category = "rule"
  readonly code = PiConfigMissing.code
  readonly category = PiConfigMissing.category
  readonly retryable = false
  override get message(): string {
    return `Payment instruction ${this.paymentInstructionNumber} cannot be pushed: the tenant's JIT settings lack ${this.missing.join(", ")}; ask the administrator to enter them.`
  }
}

/**
 * PI-V-2, PI-F-3: no sanction has funds available for the PI's gross amount.
 *
 * @since 0.1.0
 * @category errors
 */
export class InsufficientFunds extends Schema.TaggedError<InsufficientFunds>(
  "@karya/core/payments/InsufficientFunds",
)("InsufficientFunds", {
  paymentInstructionNumber: Schema.String,
  grossAmount: Schema.String,
  /** The sanction that was checked, when the push re-uses one (a Pending re-push). */
  sanctionId: Schema.optionalKey(Schema.String),
}) {
  static readonly code = "INSUFFICIENT_FUNDS"
  static readonly category = "rule"
  readonly code = InsufficientFunds.code
  readonly category = InsufficientFunds.category
  readonly retryable = true
  override get message(): string {
    const where =
      this.sanctionId === undefined
        ? "in any sanction of the tenant's heads of account"
        : `in sanction ${this.sanctionId}`
    return `Payment blocked: insufficient funds. Payment instruction ${this.paymentInstructionNumber} needs ₹${this.grossAmount} and no such funds are available ${where}; it will be pushed by the next scheduled run after new allotments.`
  }
}

/**
 * PI-V-3: another PI of the tenant has this number.
 *
 * @since 0.1.0
 * @category errors
 */
export class PiNumberDuplicate extends Schema.TaggedError<PiNumberDuplicate>(
  "@karya/core/payments/PiNumberDuplicate",
)("PiNumberDuplicate", { paymentInstructionNumber: Schema.String, tenantId: Schema.String }) {
  static readonly code = "PI_NUMBER_DUPLICATE"
  static readonly category = "conflict"
  readonly code = PiNumberDuplicate.code
  readonly category = PiNumberDuplicate.category
  readonly retryable = false
  override get message(): string {
    return `The number ${this.paymentInstructionNumber} is already used by another payment instruction of ${this.tenantId}; a PI number is issued once (ID-3), report this to the administrator.`
  }
}

/**
 * PI-V-4: the header's beneficiary count is not the number of beneficiaries.
 *
 * @since 0.1.0
 * @category errors
 */
export class PiCountMismatch extends Schema.TaggedError<PiCountMismatch>(
  "@karya/core/payments/PiCountMismatch",
)("PiCountMismatch", {
  paymentInstructionNumber: Schema.String,
  headerCount: Schema.Number,
  beneficiaryCount: Schema.Number,
}) {
  static readonly code = "PI_COUNT_MISMATCH"
  static readonly category = "rule"
  readonly code = PiCountMismatch.code
  readonly category = PiCountMismatch.category
  readonly retryable = false
  override get message(): string {
    return `Payment instruction ${this.paymentInstructionNumber} says it has ${this.headerCount} beneficiaries but lists ${this.beneficiaryCount}; rebuild it from its bill.`
  }
}

/**
 * PI-V-5: the net amount is not the sum of the beneficiary amounts.
 *
 * @since 0.1.0
 * @category errors
 */
export class PiNetMismatch extends Schema.TaggedError<PiNetMismatch>("@karya/core/payments/PiNetMismatch")(
  "PiNetMismatch",
  { paymentInstructionNumber: Schema.String, netAmount: Schema.String, beneficiaryTotal: Schema.String },
) {
  static readonly code = "PI_NET_MISMATCH"
  static readonly category = "rule"
  readonly code = PiNetMismatch.code
  readonly category = PiNetMismatch.category
  readonly retryable = false
  override get message(): string {
    return `The net amount of payment instruction ${this.paymentInstructionNumber} (₹${this.netAmount}) differs from the sum of its beneficiaries (₹${this.beneficiaryTotal}); rebuild it from its bill.`
  }
}

/**
 * PI-V-6: the gross amount is below the net amount.
 *
 * @since 0.1.0
 * @category errors
 */
export class PiGrossBelowNet extends Schema.TaggedError<PiGrossBelowNet>(
  "@karya/core/payments/PiGrossBelowNet",
)("PiGrossBelowNet", {
  paymentInstructionNumber: Schema.String,
  grossAmount: Schema.String,
  netAmount: Schema.String,
}) {
  static readonly code = "PI_GROSS_BELOW_NET"
  static readonly category = "rule"
  readonly code = PiGrossBelowNet.code
  readonly category = PiGrossBelowNet.category
  readonly retryable = false
  override get message(): string {
    return `The gross amount of payment instruction ${this.paymentInstructionNumber} (₹${this.grossAmount}) is below its net amount (₹${this.netAmount}); correct the bill's totals.`
  }
}

/**
 * PI-V-6: the gross or net amount is zero.
 *
 * @since 0.1.0
 * @category errors
 */
export class PiZeroAmount extends Schema.TaggedError<PiZeroAmount>("@karya/core/payments/PiZeroAmount")(
  "PiZeroAmount",
  { paymentInstructionNumber: Schema.String, field: Schema.Literals(["grossAmount", "netAmount"]) },
) {
  static readonly code = "PI_ZERO_AMOUNT"
  static readonly category = "rule"
  readonly code = PiZeroAmount.code
  readonly category = PiZeroAmount.category
  readonly retryable = false
  override get message(): string {
    return `The ${this.field === "grossAmount" ? "gross" : "net"} amount of payment instruction ${this.paymentInstructionNumber} is zero; there is nothing to pay.`
  }
}

/**
 * PI-V-7: the PI has no beneficiary.
 *
 * @since 0.1.0
 * @category errors
 */
export class PiNoBeneficiary extends Schema.TaggedError<PiNoBeneficiary>(
  "@karya/core/payments/PiNoBeneficiary",
)("PiNoBeneficiary", { paymentInstructionNumber: Schema.String }) {
  static readonly code = "PI_NO_BENEFICIARY"
  static readonly category = "rule"
  readonly code = PiNoBeneficiary.code
  readonly category = PiNoBeneficiary.category
  readonly retryable = false
  override get message(): string {
    return `Payment instruction ${this.paymentInstructionNumber} has no beneficiary; check that its bill has payees with amounts above zero.`
  }
}

/**
 * House rule 8: more beneficiaries than `beneficiariesPerPaymentInstructionMax`.
 *
 * @since 0.1.0
 * @category errors
 */
export class PiTooManyBeneficiaries extends Schema.TaggedError<PiTooManyBeneficiaries>(
  "@karya/core/payments/PiTooManyBeneficiaries",
)("PiTooManyBeneficiaries", {
  paymentInstructionNumber: Schema.String,
  count: Schema.Number,
  limit: Schema.Number,
}) {
  static readonly code = "PI_TOO_MANY_BENEFICIARIES"
  static readonly category = "rule"
  readonly code = PiTooManyBeneficiaries.code
  readonly category = PiTooManyBeneficiaries.category
  readonly retryable = false
  override get message(): string {
    return `Payment instruction ${this.paymentInstructionNumber} has ${this.count} beneficiaries; at most ${this.limit} can be paid by one PI, so split the bill.`
  }
}

/**
 * The field of a beneficiary PI-V-8 found wrong.
 *
 * @since 0.1.0
 * @category models
 */
export const BeneficiaryField = Schema.Literals(["amount", "accountNumber", "ifsc", "name"])

/**
 * PI-V-8: a beneficiary's amount, account number, IFSC or name is invalid.
 *
 * @since 0.1.0
 * @category errors
 */
export class BeneficiaryInvalid extends Schema.TaggedError<BeneficiaryInvalid>(
  "@karya/core/payments/BeneficiaryInvalid",
)("BeneficiaryInvalid", {
  paymentInstructionNumber: Schema.String,
  paymentId: Schema.String,
  field: BeneficiaryField,
  /** What is wrong and what to enter instead. */
  problem: Schema.String,
}) {
  static readonly code = "BENEFICIARY_INVALID"
  static readonly category = "rule"
  readonly code = BeneficiaryInvalid.code
  readonly category = BeneficiaryInvalid.category
  readonly retryable = false
  override get message(): string {
    return `Beneficiary ${this.paymentId} of payment instruction ${this.paymentInstructionNumber}: ${this.field} ${this.problem}.`
  }
}

/**
 * PI-V-9: two beneficiaries share account number and IFSC.
 *
 * @since 0.1.0
 * @category errors
 */
export class PiDuplicateAccount extends Schema.TaggedError<PiDuplicateAccount>(
  "@karya/core/payments/PiDuplicateAccount",
)("PiDuplicateAccount", {
  paymentInstructionNumber: Schema.String,
  paymentIds: Schema.Array(Schema.String),
  accountNumber: Schema.String,
  ifsc: Schema.String,
}) {
  static readonly code = "PI_DUPLICATE_ACCOUNT"
  static readonly category = "rule"
  readonly code = PiDuplicateAccount.code
  readonly category = PiDuplicateAccount.category
  readonly retryable = false
  override get message(): string {
    return `Beneficiaries ${this.paymentIds.join(", ")} of payment instruction ${this.paymentInstructionNumber} share account ${this.accountNumber} (${this.ifsc}); JIT refuses a repeated account, so merge them or correct the account.`
  }
}

/**
 * PI-V-10: a revised PI's beneficiary was not in the original PI.
 *
 * @since 0.1.0
 * @category errors
 */
export class BeneficiaryNotInOriginal extends Schema.TaggedError<BeneficiaryNotInOriginal>(
  "@karya/core/payments/BeneficiaryNotInOriginal",
)("BeneficiaryNotInOriginal", {
  paymentInstructionNumber: Schema.String,
  paymentId: Schema.String,
  originalNumber: Schema.String,
}) {
  static readonly code = "BENEFICIARY_NOT_IN_ORIGINAL"
  static readonly category = "rule"
  readonly code = BeneficiaryNotInOriginal.code
  readonly category = BeneficiaryNotInOriginal.category
  readonly retryable = false
  override get message(): string {
    return `Beneficiary ${this.paymentId} of revised payment instruction ${this.paymentInstructionNumber} was not paid by the original ${this.originalNumber}; a revised PI re-pays only the original's failed beneficiaries.`
  }
}

/**
 * Why a push was refused: one of the PI-V codes.
 *
 * @since 0.1.0
 * @category models
 */
export const RefusalReason = Schema.Union([
  PiConfigMissing,
  InsufficientFunds,
  PiNumberDuplicate,
  PiCountMismatch,
  PiNetMismatch,
  PiGrossBelowNet,
  PiZeroAmount,
  PiNoBeneficiary,
  PiTooManyBeneficiaries,
  BeneficiaryInvalid,
  PiDuplicateAccount,
  BeneficiaryNotInOriginal,
])

/**
 * @since 0.1.0
 * @category models
 */
export type RefusalReason = typeof RefusalReason.Type

/**
 * A push refused before any call, with every reason (PI-V-1..PI-V-10, ERR-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class PaymentInstructionRefused extends Schema.TaggedError<PaymentInstructionRefused>(
  "@karya/core/payments/PaymentInstructionRefused",
)("PaymentInstructionRefused", {
  paymentInstructionNumber: Schema.String,
  reasons: Schema.NonEmptyArray(RefusalReason),
}) {
  static readonly code = "PAYMENT_INSTRUCTION_REFUSED"
  static readonly category = "rule"
  readonly code = PaymentInstructionRefused.code
  readonly category = PaymentInstructionRefused.category
  get retryable(): boolean {
    return this.reasons.every((reason) => reason.retryable)
  }
  override get message(): string {
    const count = this.reasons.length
    return `Payment instruction ${this.paymentInstructionNumber} was not pushed (${count} problem${count === 1 ? "" : "s"}): ${this.reasons.map((reason) => `${reason.code}: ${reason.message}`).join(" ")}`
  }
  /** The codes of the reasons, in order. */
  get codes(): ReadonlyArray<string> {
    return this.reasons.map((reason) => reason.code)
  }
}

/**
 * The result of the funds check the use case made (PI-V-2): covered by the
 * chosen sanction, not required (revised PIs book nothing), or insufficient.
 *
 * @since 0.1.0
 * @category models
 */
export type FundsCheck =
  | { readonly status: "covered" | "notRequired" }
  | { readonly status: "insufficient"; readonly sanctionId?: string }

/**
 * What the checks need besides the PI.
 *
 * @since 0.1.0
 * @category models
 */
export interface ValidationContext {
  readonly jitCodes: JitCodes
  readonly funds: FundsCheck
  /** Whether another PI of the tenant has the PI's number (PI-V-3). */
  readonly isNumberTaken: boolean
  /** For a revised PI: the original PI it revises (PI-V-10). */
  readonly original?: PaymentInstruction
  /** The tenant's payment-instruction scale: amounts with more places cannot be sent. */
  readonly scale: Scale
}

const headerReasons = (pi: PaymentInstruction, context: ValidationContext): ReadonlyArray<RefusalReason> => {
  const number = pi.number
  const reasons: Array<RefusalReason> = []
  const missing = missingCodes(context.jitCodes, pi.kind)
  if (missing.length > 0) reasons.push(new PiConfigMissing({ paymentInstructionNumber: number, missing }))
  if (context.funds.status === "insufficient") {
    const sanctionId = context.funds.sanctionId
    const grossAmount = Amount.toCanonicalString(pi.header.grossAmount)
    reasons.push(
      new InsufficientFunds({
        paymentInstructionNumber: number,
        grossAmount,
        ...(sanctionId === undefined ? {} : { sanctionId }),
      }),
    )
  }
  if (context.isNumberTaken)
    reasons.push(new PiNumberDuplicate({ paymentInstructionNumber: number, tenantId: pi.tenantId }))
  if (pi.header.beneficiaryCount !== pi.beneficiaries.length) {
    reasons.push(
      new PiCountMismatch({
        paymentInstructionNumber: number,
        headerCount: pi.header.beneficiaryCount,
        beneficiaryCount: pi.beneficiaries.length,
      }),
    )
  }
  return reasons
}

const amountReasons = (pi: PaymentInstruction): ReadonlyArray<RefusalReason> => {
  const number = pi.number
  const { grossAmount, netAmount } = pi.header
  const reasons: Array<RefusalReason> = []
  const total = Amount.sum(pi.beneficiaries.map((beneficiary) => beneficiary.amount))
  if (!Amount.equals(total, netAmount)) {
    reasons.push(
      new PiNetMismatch({
        paymentInstructionNumber: number,
        netAmount: Amount.toCanonicalString(netAmount),
        beneficiaryTotal: Amount.toCanonicalString(total),
      }),
    )
  }
  if (Amount.isLessThan(grossAmount, netAmount)) {
    reasons.push(
      new PiGrossBelowNet({
        paymentInstructionNumber: number,
        grossAmount: Amount.toCanonicalString(grossAmount),
        netAmount: Amount.toCanonicalString(netAmount),
      }),
    )
  }
  if (Amount.isZero(grossAmount))
    reasons.push(new PiZeroAmount({ paymentInstructionNumber: number, field: "grossAmount" }))
  if (Amount.isZero(netAmount))
    reasons.push(new PiZeroAmount({ paymentInstructionNumber: number, field: "netAmount" }))
  if (pi.beneficiaries.length === 0) reasons.push(new PiNoBeneficiary({ paymentInstructionNumber: number }))
  if (pi.beneficiaries.length > beneficiariesPerPaymentInstructionMax) {
    reasons.push(
      new PiTooManyBeneficiaries({
        paymentInstructionNumber: number,
        count: pi.beneficiaries.length,
        limit: beneficiariesPerPaymentInstructionMax,
      }),
    )
  }
  return reasons
}

const beneficiaryProblems = (
  beneficiary: Beneficiary,
  scale: Scale,
): ReadonlyArray<readonly [typeof BeneficiaryField.Type, string]> => {
  const problems: Array<readonly [typeof BeneficiaryField.Type, string]> = []
  if (Amount.isZero(beneficiary.amount)) problems.push(["amount", "must be more than zero"])
  else if (beneficiary.amount.decimalPlaces() > scale)
    problems.push(["amount", `has more than ${scale} decimal places`])
  if (!accountNumberPattern.test(beneficiary.bankAccount.accountNumber)) {
    problems.push([
      "accountNumber",
      `"${beneficiary.bankAccount.accountNumber}" must be ${accountNumberDigitsMin} to ${accountNumberDigitsMax} digits`,
    ])
  }
  if (!ifscPattern.test(beneficiary.bankAccount.ifsc)) {
    problems.push([
      "ifsc",
      `"${beneficiary.bankAccount.ifsc}" must be four capital letters, a zero and six letters or digits (SBIN0000041)`,
    ])
  }
  if (beneficiary.name.trim() === "")
    problems.push([
      "name",
      "is empty once reduced to letters, digits and spaces; enter the name in English letters",
    ])
  return problems
}

const beneficiaryReasons = (
  pi: PaymentInstruction,
  context: ValidationContext,
): ReadonlyArray<RefusalReason> => {
  const reasons: Array<RefusalReason> = pi.beneficiaries.flatMap((beneficiary) =>
    beneficiaryProblems(beneficiary, context.scale).map(
      ([field, problem]) =>
        new BeneficiaryInvalid({
          paymentInstructionNumber: pi.number,
          paymentId: beneficiary.paymentId,
          field,
          problem,
        }),
    ),
  )
  const byAccount = new Map<string, Array<Beneficiary>>()
  for (const beneficiary of pi.beneficiaries) {
    const key = accountKeyOf(beneficiary.bankAccount)
    byAccount.set(key, [...(byAccount.get(key) ?? []), beneficiary])
  }
  for (const sharing of byAccount.values()) {
    const [first] = sharing
    if (first === undefined || sharing.length < 2) continue
    reasons.push(
      new PiDuplicateAccount({
        paymentInstructionNumber: pi.number,
        paymentIds: sharing.map((beneficiary) => beneficiary.paymentId),
        accountNumber: first.bankAccount.accountNumber,
        ifsc: first.bankAccount.ifsc,
      }),
    )
  }
  return reasons
}

const originalReasons = (
  pi: PaymentInstruction,
  context: ValidationContext,
): ReadonlyArray<RefusalReason> => {
  const original = context.original
  if (pi.kind !== "revised" || original === undefined) return []
  const known = new Set(original.beneficiaries.map((beneficiary) => beneficiary.paymentId))
  return pi.beneficiaries
    .filter((beneficiary) => !known.has(beneficiary.paymentId))
    .map(
      (beneficiary) =>
        new BeneficiaryNotInOriginal({
          paymentInstructionNumber: pi.number,
          paymentId: beneficiary.paymentId,
          originalNumber: original.number,
        }),
    )
}

/**
 * Every reason the PI may not be pushed (PI-V-1..PI-V-10), in the order of
 * the spec; empty when it may.
 *
 * @since 0.1.0
 * @category conversions
 */
export const refusalReasons = (
  pi: PaymentInstruction,
  context: ValidationContext,
): ReadonlyArray<RefusalReason> => [
  ...headerReasons(pi, context),
  ...amountReasons(pi),
  ...beneficiaryReasons(pi, context),
  ...originalReasons(pi, context),
]

/**
 * Checks a PI before a push: succeeds, or fails with every reason at once.
 *
 * @since 0.1.0
 * @category guards
 */
export const validate = (
  pi: PaymentInstruction,
  context: ValidationContext,
): Result.Result<void, PaymentInstructionRefused> => {
  const [first, ...rest] = refusalReasons(pi, context)
  return first === undefined
    ? Result.void
    : Result.fail(
        new PaymentInstructionRefused({ paymentInstructionNumber: pi.number, reasons: [first, ...rest] }),
      )
}
