/**
 * The request and response Schemas of the REST API (API-1): the handlers
 * decode and encode with them, and the OpenAPI document is generated from
 * them. Amounts are decimal strings (API-6); dates are `yyyy-MM-dd`,
 * instants ISO 8601. Sensitive fields in responses are already masked for
 * the caller (PRIV-1).
 *
 * @since 0.1.0
 */
import { Bills, Money, Payments, Registries, Time } from "@karya/core"
import { Schema } from "effect"

// ------------------------------------------------------------ lists (API-5)

/**
 * Most items one page lists.
 *
 * @since 0.1.0
 * @category models
 */
export const limitMax = 100

/**
 * Items a page lists when `limit` is absent.
 *
 * @since 0.1.0
 * @category models
 */
export const limitDefault = 10

/**
 * The `limit` query parameter: 1 to 100.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Limit = Schema.FiniteFromString.check(
  Schema.isInt({ message: "limit is a whole number" }),
  Schema.isBetween({ minimum: 1, maximum: limitMax }, { message: `limit is between 1 and ${limitMax}` }),
)

/**
 * The opaque `cursor` query parameter.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Cursor = Schema.String.check(
  Schema.isMaxLength(512, { message: "cursor is the nextCursor of an earlier page" }),
)

/**
 * The paging query parameters of every list.
 *
 * @since 0.1.0
 * @category schemas
 */
export const pageQuery = {
  limit: Schema.optionalKey(Limit),
  cursor: Schema.optionalKey(Cursor),
}

/**
 * A page of a list: its items and, when more follow, the cursor of the next
 * page.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Page = <S extends Schema.Top>(item: S) =>
  Schema.Struct({ items: Schema.Array(item), nextCursor: Schema.optionalKey(Schema.String) })

const ShortText = Schema.String.check(Schema.isMaxLength(256, { message: "at most 256 characters" }))

// ------------------------------------------------------------ registries

/**
 * The wage seeker registration form (IND-1): core's `WageSeekerInput`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WageSeekerCreate = Registries.WageSeeker.WageSeekerInput

/**
 * A wage seeker as the caller may see it (PRIV-1, AAD-4): Aadhaar
 * "Undisclosed" or `********1234`, bank account, IFSC and mobile masked
 * unless the caller holds VIEW_WS_UNMASKED.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WageSeekerView = Registries.WageSeeker.WageSeekerView

/**
 * The search criteria of the wage seeker list (API-5): at least one.
 *
 * @since 0.1.0
 * @category schemas
 */
export const wageSeekerQuery = {
  number: Schema.optionalKey(ShortText),
  ...pageQuery,
}

/**
 * The organisation registration form (ORG-1): core's `OrganisationInput`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const OrganisationCreate = Registries.Organisation.OrganisationInput

/**
 * A bank account as a response shows it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const BankAccountView = Schema.Struct({
  holderName: Schema.String,
  accountNumber: Schema.String,
  accountType: Registries.BankAccount.AccountType,
  ifsc: Schema.String,
})

const { bankAccount: _storedBankAccount, ...organisationFields } = Registries.Organisation.Organisation.fields

/**
 * An organisation as the caller may see it (PRIV-1): account number, IFSC
 * and mobile numbers masked unless the caller holds VIEW_ORG_UNMASKED.
 *
 * @since 0.1.0
 * @category schemas
 */
export const OrganisationView = Schema.Struct({ ...organisationFields, bankAccount: BankAccountView })

/**
 * @since 0.1.0
 * @category models
 */
export type OrganisationView = typeof OrganisationView.Type

/**
 * The search criteria of the organisation list (API-5): at least one.
 *
 * @since 0.1.0
 * @category schemas
 */
export const organisationQuery = {
  number: Schema.optionalKey(ShortText),
  externalRegistrationId: Schema.optionalKey(ShortText),
  ...pageQuery,
}

// ------------------------------------------------------------ payments

/**
 * A PI as a list shows it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PaymentInstructionSummary = Schema.Struct({
  number: Schema.String,
  kind: Payments.PaymentInstruction.PiKind,
  date: Time.LocalDate.LocalDate,
  status: Payments.PaymentInstruction.PiStatus,
  statusLabel: Schema.String,
  declineReason: Schema.optionalKey(Payments.PaymentInstruction.DeclineReason),
  billId: Schema.String,
  billNumber: Schema.String,
  billType: Bills.Bill.BillType,
  workOrderNumber: Schema.String,
  grossAmount: Money.Amount.Amount,
  netAmount: Money.Amount.Amount,
  beneficiaryCount: Schema.Int,
  /** Send it back with an action (WF-4, DB-4). */
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type PaymentInstructionSummary = typeof PaymentInstructionSummary.Type

/**
 * A beneficiary of a PI; bank account, IFSC and mobile masked unless the
 * caller holds the unmask role of its kind (PRIV-1).
 *
 * @since 0.1.0
 * @category schemas
 */
export const BeneficiaryView = Schema.Struct({
  paymentId: Schema.String,
  payeeKind: Bills.Bill.PayeeKind,
  name: Schema.String,
  bankAccount: Schema.Struct({
    accountNumber: Schema.String,
    ifsc: Schema.String,
    accountType: Payments.PayableBill.AccountType,
  }),
  mobile: Schema.String,
  address: Schema.String,
  amount: Money.Amount.Amount,
  purpose: Schema.String,
  status: Payments.Beneficiary.BeneficiaryStatus,
  statusLabel: Schema.String,
  billLines: Schema.Array(
    Schema.Struct({ lineId: Schema.String, payeeId: Schema.String, amount: Money.Amount.Amount }),
  ),
  payment: Schema.optionalKey(
    Schema.Struct({
      voucherNumber: Schema.String,
      voucherDate: Schema.String,
      utrNumber: Schema.String,
      utrDate: Schema.String,
    }),
  ),
  failure: Schema.optionalKey(
    Schema.Struct({ failureReason: Schema.String, challanNumber: Schema.String, challanDate: Schema.String }),
  ),
})

/**
 * @since 0.1.0
 * @category models
 */
export type BeneficiaryView = typeof BeneficiaryView.Type

/**
 * One entry of a PI's history (PI-S-11), without the JIT request and
 * reply (they carry bank details): what happened, when, and the message
 * the user saw (PI-S-12).
 *
 * @since 0.1.0
 * @category schemas
 */
export const HistoryEntryView = Schema.Struct({
  at: Schema.DateTimeUtc,
  kind: Schema.Literals([
    "Created",
    "SanctionChosen",
    "BeneficiaryCorrected",
    "RepaymentRaised",
    "JitCalled",
  ]),
  service: Schema.optionalKey(Schema.String),
  event: Schema.optionalKey(Payments.HistoryEntry.PiEventType),
  status: Schema.optionalKey(Payments.PaymentInstruction.PiStatus),
  message: Schema.String,
  jitErrors: Schema.Array(Schema.Struct({ code: Schema.String, message: Schema.String })),
})

/**
 * @since 0.1.0
 * @category models
 */
export type HistoryEntryView = typeof HistoryEntryView.Type

/**
 * A PI with its header, beneficiaries and history.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PaymentInstructionDetail = Schema.Struct({
  ...PaymentInstructionSummary.fields,
  purpose: Schema.String,
  header: Schema.Struct({
    ddoCode: Schema.String,
    granteeCode: Schema.String,
    schemeCode: Schema.String,
    ssuId: Schema.String,
    headOfAccount: Schema.optionalKey(Schema.String),
    sanctionId: Schema.optionalKey(Schema.String),
  }),
  beneficiaries: Schema.Array(BeneficiaryView),
  history: Schema.Array(HistoryEntryView),
})

/**
 * @since 0.1.0
 * @category models
 */
export type PaymentInstructionDetail = typeof PaymentInstructionDetail.Type

/**
 * The filters of the PI list.
 *
 * @since 0.1.0
 * @category schemas
 */
export const paymentInstructionQuery = {
  status: Schema.optionalKey(Payments.PaymentInstruction.PiStatus),
  ...pageQuery,
}

/**
 * The workflow actions on a PI (API-6): `REFRESH` calls the JIT services
 * that apply now (PI-P-1), `RESUBMIT` re-pushes a Pending or Declined PI
 * under its number (PI-S-1), `REVISE` raises the PI that repays the failed
 * beneficiaries of a Completed PI (PI-S-7, PI-S-9).
 *
 * @since 0.1.0
 * @category schemas
 */
export const PaymentInstructionAction = Schema.Literals(["REFRESH", "RESUBMIT", "REVISE", "CORRECT"])

/**
 * The body of `POST /v1/payment-instructions/{number}/actions`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PaymentInstructionActionRequest = Schema.Struct({
  action: PaymentInstructionAction,
  comment: Schema.optionalKey(
    Schema.String.check(Schema.isMaxLength(1024, { message: "at most 1024 characters" })),
  ),
  /** The version the user saw (WF-4): a stale one is a 409. */
  version: Schema.Int.check(
    Schema.isGreaterThanOrEqualTo(1, { message: "version is the PI's version, from 1" }),
  ),
  /**
   * For REVISE: corrected bank accounts of failed beneficiaries; for CORRECT
   * (a New PI, or one Declined by a JIT error, before RESUBMIT): corrected
   * bank accounts of its beneficiaries (PI-S-1).
   */
  corrections: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({ paymentId: ShortText, bankAccount: Payments.PayableBill.BankAccount }),
    ).check(Schema.isMaxLength(1000, { message: "at most 1000 corrections" })),
  ),
})

/**
 * What an action did: the PI after it, the PI it raised (REVISE) and the
 * messages of the JIT calls made (PI-S-12).
 *
 * @since 0.1.0
 * @category schemas
 */
export const PaymentInstructionActionResult = Schema.Struct({
  action: PaymentInstructionAction,
  paymentInstruction: PaymentInstructionDetail,
  raised: Schema.optionalKey(
    Schema.Struct({
      kind: Schema.Literals(["revised", "original"]),
      paymentInstruction: PaymentInstructionDetail,
    }),
  ),
  messages: Schema.Array(Schema.String),
})

// ------------------------------------------------------------ bills

const { tenantId: _tenantId, ...payableBillFields } = Payments.PayableBill.PayableBill.fields

/**
 * An approved bill recorded for payment (PI-1, PI-2): the bill as the
 * payments module reads it, in the caller's tenant. Its payment instruction
 * is created with it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const BillCreate = Schema.Struct({
  ...payableBillFields,
  details: Schema.Array(Payments.PayableBill.PayableDetail).check(
    Schema.isMaxLength(10_000, { message: "a bill pays at most 10,000 details" }),
  ),
})

/**
 * @since 0.1.0
 * @category models
 */
export type BillCreate = typeof BillCreate.Type

/**
 * A bill's payment: its payment status (what the bill shows) and its PIs.
 *
 * @since 0.1.0
 * @category schemas
 */
export const BillView = Schema.Struct({
  billId: Schema.String,
  billNumber: Schema.String,
  billType: Bills.Bill.BillType,
  workOrderNumber: Schema.String,
  paymentStatus: Schema.Literals([
    "NotRaised",
    "PaymentBlocked",
    "AwaitingPush",
    "InPayment",
    "Paid",
    "PaymentFailed",
    "Rejected",
  ]),
  paymentStatusLabel: Schema.String,
  paymentInstructions: Schema.Array(PaymentInstructionSummary),
})

/**
 * @since 0.1.0
 * @category models
 */
export type BillView = typeof BillView.Type

// ------------------------------------------------------------ funds

/**
 * The fund register's query: a financial year (default: the current one)
 * and a head of account (default: every configured head).
 *
 * @since 0.1.0
 * @category schemas
 */
export const fundRegisterQuery = {
  financialYear: Schema.optionalKey(Time.FinancialYear.FinancialYear),
  headOfAccount: Schema.optionalKey(ShortText),
}

/**
 * One line of the fund allocation register (PI-F-2).
 *
 * @since 0.1.0
 * @category schemas
 */
export const FundRegisterLine = Schema.Struct({
  date: Time.LocalDate.LocalDate,
  at: Schema.DateTimeUtc,
  kind: Payments.FundRegister.TransactionKind,
  sanctionId: Schema.String,
  amount: Money.Amount.Amount,
  fundsAvailableAfter: Money.SignedAmount.SignedAmount,
  reference: Schema.String,
})

/**
 * The fund allocation register of a financial year, per head of account.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FundRegisterView = Schema.Struct({
  financialYear: Time.FinancialYear.FinancialYear,
  headsOfAccount: Schema.Array(
    Schema.Struct({
      headOfAccount: Schema.String,
      fundsAvailable: Money.SignedAmount.SignedAmount,
      lines: Schema.Array(FundRegisterLine),
    }),
  ),
})

// ------------------------------------------------------------ JIT

/**
 * One call of a JIT run.
 *
 * @since 0.1.0
 * @category schemas
 */
export const JitRunCall = Schema.Struct({
  service: Schema.String,
  paymentInstructionNumber: Schema.optionalKey(Schema.String),
  headOfAccount: Schema.optionalKey(Schema.String),
  outcome: Schema.Literals(["called", "refused"]),
  event: Schema.optionalKey(Payments.HistoryEntry.PiEventType),
  code: Schema.optionalKey(Schema.String),
  message: Schema.String,
})

/**
 * What a JIT run did, call by call.
 *
 * @since 0.1.0
 * @category schemas
 */
export const JitRunView = Schema.Struct({ calls: Schema.Array(JitRunCall) })

// ------------------------------------------------------------ health

/**
 * The health answer.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Health = Schema.Struct({ status: Schema.Literal("ok"), version: Schema.String })

/**
 * The `Idempotency-Key` header of creating POSTs (API-4).
 *
 * @since 0.1.0
 * @category schemas
 */
export const idempotencyHeaders = {
  "idempotency-key": Schema.optionalKey(
    Schema.String.check(
      Schema.isPattern(/^[\x21-\x7e]{1,128}$/, {
        message: "Idempotency-Key is 1 to 128 visible ASCII characters",
      }),
    ),
  ),
}
