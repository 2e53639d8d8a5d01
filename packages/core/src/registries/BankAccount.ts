/**
 * Bank accounts of wage seekers and organisations (IND-1, ORG-1, PRIV-2,
 * IND-4): holder name, account number (9–18 digits, entered twice and
 * equal), account type (savings or current) and IFSC (PI-V-8).
 *
 * At rest the account number is kept only sealed, with its last four digits
 * for masked display and a keyed-hash search key (IFSC and number together,
 * since account numbers are unique only within a bank). When a payment
 * instruction is built, the account is opened and frozen into a
 * `BankAccountSnapshot` (IND-4): the PI keeps that value for life, and later
 * corrections to the registry feed revised PIs without rewriting history.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as KeyedHash from "./KeyedHash.js"
import * as SensitiveFieldCipher from "./SensitiveFieldCipher.js"

/**
 * Problem code: the account number is not 9 to 18 digits.
 *
 * @since 0.1.0
 * @category errors
 */
export const accountNumberInvalidCode = "ACCOUNT_NUMBER_INVALID"

/**
 * Problem code: the account number was not entered the same way twice.
 *
 * @since 0.1.0
 * @category errors
 */
export const accountNumberMismatchCode = "ACCOUNT_NUMBER_MISMATCH"

/**
 * Problem code: the IFSC is not four letters, a zero and six letters or digits.
 *
 * @since 0.1.0
 * @category errors
 */
export const ifscInvalidCode = "IFSC_INVALID"

/**
 * Problem code: a required name is empty or longer than `nameLengthMax`.
 *
 * @since 0.1.0
 * @category errors
 */
export const nameInvalidCode = "NAME_INVALID"

/**
 * The longest name, in characters: a name as printed on a document or
 * passbook, with room for long honorifics; also what JIT's beneficiary name
 * field takes.
 *
 * @since 0.1.0
 * @category models
 */
export const nameLengthMax = 128

/**
 * Account types.
 *
 * @since 0.1.0
 * @category models
 */
export const AccountType = Schema.Literals(["SAVINGS", "CURRENT"])

/**
 * @since 0.1.0
 * @category models
 */
export type AccountType = typeof AccountType.Type

const accountNumberPattern = /^\d{9,18}$/
const ifscPattern = /^[A-Z]{4}0[A-Z0-9]{6}$/

/**
 * Whether a text is an account number: 9 to 18 digits (IND-1, PI-V-8).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isAccountNumber = (text: string): boolean => accountNumberPattern.test(text)

/**
 * Whether a text is an IFSC: `^[A-Z]{4}0[A-Z0-9]{6}$` (PI-V-8).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isIfsc = (text: string): boolean => ifscPattern.test(text)

/**
 * A bank account as entered: the account number twice.
 *
 * @since 0.1.0
 * @category models
 */
export const BankAccountInput = Schema.Struct({
  holderName: Schema.String,
  accountNumber: Schema.String,
  accountNumberConfirmation: Schema.String,
  accountType: AccountType,
  ifsc: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type BankAccountInput = typeof BankAccountInput.Type

/**
 * A bank account in plaintext: only ever in memory, between opening a
 * stored account and using it.
 *
 * @since 0.1.0
 * @category models
 */
export const BankAccount = Schema.Struct({
  holderName: Schema.String,
  accountNumber: Schema.String,
  accountType: AccountType,
  ifsc: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type BankAccount = typeof BankAccount.Type

/**
 * A bank account as stored (PRIV-2): the number sealed, its last four digits
 * and its search key.
 *
 * @since 0.1.0
 * @category models
 */
export const StoredBankAccount = Schema.Struct({
  holderName: Schema.String,
  accountType: AccountType,
  ifsc: Schema.String,
  sealedAccountNumber: SensitiveFieldCipher.SealedText,
  accountNumberLastFourDigits: Schema.String,
  searchKey: KeyedHash.SearchKey,
})

/**
 * @since 0.1.0
 * @category models
 */
export type StoredBankAccount = typeof StoredBankAccount.Type

/**
 * Checks a required name (holder name, person's name): not blank, at most
 * `nameLengthMax` characters after trimming.
 *
 * @since 0.1.0
 * @category guards
 */
export const nameProblems = (name: string, field: string): ReadonlyArray<FieldProblem> => {
  const trimmed = name.trim()
  if (trimmed === "") return [{ field, code: nameInvalidCode, message: "enter the name" }]
  return trimmed.length > nameLengthMax
    ? [
        {
          field,
          code: nameInvalidCode,
          message: `shorten the name to at most ${nameLengthMax} characters`,
          limit: String(nameLengthMax),
        },
      ]
    : []
}

/**
 * The account as entered, trimmed, with the IFSC in capitals.
 *
 * @since 0.1.0
 * @category conversions
 */
export const normalise = (input: BankAccountInput): BankAccountInput => ({
  holderName: input.holderName.trim(),
  accountNumber: input.accountNumber.trim(),
  accountNumberConfirmation: input.accountNumberConfirmation.trim(),
  accountType: input.accountType,
  ifsc: input.ifsc.trim().toUpperCase(),
})

/**
 * Every problem of a bank account as entered (IND-1, ERR-3), with field paths
 * under `field`. Expects a normalised input.
 *
 * @since 0.1.0
 * @category guards
 */
export const problemsOf = (input: BankAccountInput, field: string): ReadonlyArray<FieldProblem> => [
  ...nameProblems(input.holderName, `${field}.holderName`),
  ...(isAccountNumber(input.accountNumber)
    ? []
    : [
        {
          field: `${field}.accountNumber`,
          code: accountNumberInvalidCode,
          message: "enter the account number as 9 to 18 digits, as printed in the passbook",
        },
      ]),
  ...(input.accountNumber === input.accountNumberConfirmation
    ? []
    : [
        {
          field: `${field}.accountNumberConfirmation`,
          code: accountNumberMismatchCode,
          message: "the two account numbers differ; enter the same account number twice",
        },
      ]),
  ...(isIfsc(input.ifsc)
    ? []
    : [
        {
          field: `${field}.ifsc`,
          code: ifscInvalidCode,
          message:
            "enter the 11-character IFSC: four letters, a zero, then six letters or digits (SBIN0001234)",
        },
      ]),
]

/**
 * The plaintext account of a checked input.
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromInput = (input: BankAccountInput): BankAccount => ({
  holderName: input.holderName,
  accountNumber: input.accountNumber,
  accountType: input.accountType,
  ifsc: input.ifsc,
})

/**
 * The search key of an account (PRIV-2).
 *
 * @since 0.1.0
 * @category constructors
 */
export const searchKeyOf = (
  account: Pick<BankAccount, "ifsc" | "accountNumber">,
): Effect.Effect<KeyedHash.SearchKey, never, KeyedHash.KeyedHash> =>
  KeyedHash.searchKeyOf({ kind: "bankAccount", ifsc: account.ifsc, accountNumber: account.accountNumber })

/**
 * Seals an account for storage (PRIV-2).
 *
 * @since 0.1.0
 * @category constructors
 */
export const seal = (
  account: BankAccount,
): Effect.Effect<
  StoredBankAccount,
  SensitiveFieldCipher.CipherUnavailable,
  SensitiveFieldCipher.SensitiveFieldCipher | KeyedHash.KeyedHash
> =>
  Effect.gen(function* () {
    const sealedAccountNumber = yield* SensitiveFieldCipher.seal(account.accountNumber)
    const searchKey = yield* searchKeyOf(account)
    return {
      holderName: account.holderName,
      accountType: account.accountType,
      ifsc: account.ifsc,
      sealedAccountNumber,
      accountNumberLastFourDigits: account.accountNumber.slice(-4),
      searchKey,
    }
  })

/**
 * Opens a stored account. The caller records the unmasked read (PRIV-3).
 *
 * @since 0.1.0
 * @category conversions
 */
export const open = (
  stored: StoredBankAccount,
): Effect.Effect<
  BankAccount,
  SensitiveFieldCipher.SealedTextUnreadable | SensitiveFieldCipher.CipherUnavailable,
  SensitiveFieldCipher.SensitiveFieldCipher
> =>
  Effect.map(SensitiveFieldCipher.open(stored.sealedAccountNumber), (accountNumber) => ({
    holderName: stored.holderName,
    accountNumber,
    accountType: stored.accountType,
    ifsc: stored.ifsc,
  }))

/**
 * The registered record a frozen account belongs to: an individual (wage
 * seeker) or an organisation, with what a payment instruction prints (PI-2).
 * Not the bills' payee (`Bills.Bill.Payee`) nor the payments' payee account
 * (`Payments.PayableBill.PayeeAccount`).
 *
 * @since 0.1.0
 * @category models
 */
export const AccountOwner = Schema.Struct({
  kind: Schema.Literals(["individual", "organisation"]),
  /** The wage seeker's or organisation's id. */
  id: Schema.String,
  /** The wage seeker's or organisation's number (`IND-…`, `VO-…`). */
  number: Schema.String,
  name: Schema.String,
  mobileNumber: Schema.String,
  /** One line: door number, street, locality, ward, ULB, PIN. */
  address: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type AccountOwner = typeof AccountOwner.Type

/**
 * A payee's bank account frozen for one payment instruction (IND-4): the
 * plaintext account and payee as they were at `frozenAt`, and the version of
 * the registry record they were taken from.
 *
 * @since 0.1.0
 * @category models
 */
export const BankAccountSnapshot = Schema.Struct({
  payee: AccountOwner,
  bankAccount: BankAccount,
  frozenAt: Schema.DateTimeUtc,
  /** The registry record's version the snapshot was taken from. */
  sourceVersion: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type BankAccountSnapshot = typeof BankAccountSnapshot.Type

/**
 * Freezes an account into a snapshot for a payment instruction (IND-4). The
 * snapshot copies every field, so later changes to the registry record never
 * reach it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const freeze = (options: {
  readonly payee: AccountOwner
  readonly bankAccount: BankAccount
  readonly frozenAt: BankAccountSnapshot["frozenAt"]
  readonly sourceVersion: number
}): BankAccountSnapshot =>
  Object.freeze({
    payee: Object.freeze({ ...options.payee }),
    bankAccount: Object.freeze({ ...options.bankAccount }),
    frozenAt: options.frozenAt,
    sourceVersion: options.sourceVersion,
  })
