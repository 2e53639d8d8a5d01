/**
 * Wage seekers, the individuals paid for attendance (IND-1..IND-4, AAD-3,
 * AAD-4, PRIV-1): the record as stored, the registration form, its field
 * checks, the age rule, the masked and unmasked views, and the history entry
 * kept for every change.
 *
 * A wage seeker has an identity document (Aadhaar, EPIC, driving licence or
 * TPDS ration card) and its number; name as on the document; date of birth
 * (18 or older on the registration date, `UNDER_AGE`); gender; father's or
 * husband's name; a mobile number (10 digits starting 6–9; several wage
 * seekers may share one); an optional social category; one or more skills
 * (labour SOR codes, SOR-4); an address (ULB, ward, locality, street, door
 * number, 6-digit PIN); a bank account; and an optional photo reference.
 *
 * At rest (PRIV-2, AAD-4) the Aadhaar number is kept only sealed, or as the
 * gateway's vault token, plus its last four digits; the account number only
 * sealed plus its last four digits. Both are searched by keyed hash.
 *
 * Decisions where the spec is silent:
 * - the address's ULB is the registering tenant; ward and locality are codes
 *   of its boundary hierarchy (BND-1), checked to belong to it;
 * - the photo reference is optional (it is often added after registration);
 * - a 29 February birthday comes of age on 1 March in a non-leap year;
 * - EPIC numbers are three letters and seven digits; driving licence and
 *   ration card numbers are 4 to 20 letters, digits, spaces, `/` or `-`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import { TenantId } from "../config/TenantId.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import * as LocalDate from "../time/LocalDate.js"
import { DocumentReference } from "../workflow/TimelineEntry.js"
import * as Aadhaar from "./Aadhaar.js"
import * as BankAccount from "./BankAccount.js"
import { SearchKey } from "./KeyedHash.js"
import { SkillCode } from "./LabourSkills.js"
import * as Masking from "./Masking.js"
import { SealedText } from "./SensitiveFieldCipher.js"

/**
 * Identity documents a wage seeker may register with (IND-1, AAD-3).
 *
 * @since 0.1.0
 * @category models
 */
export const IdentityDocumentType = Schema.Literals([
  "AADHAAR",
  "EPIC",
  "DRIVING_LICENCE",
  "TPDS_RATION_CARD",
])

/**
 * @since 0.1.0
 * @category models
 */
export type IdentityDocumentType = typeof IdentityDocumentType.Type

/**
 * @since 0.1.0
 * @category models
 */
export const Gender = Schema.Literals(["FEMALE", "MALE", "TRANSGENDER"])

/**
 * @since 0.1.0
 * @category models
 */
export type Gender = typeof Gender.Type

/**
 * @since 0.1.0
 * @category models
 */
export const SocialCategory = Schema.Literals(["SC", "ST", "OBC", "OTHER"])

/**
 * Father's or husband's name and which of the two it is.
 *
 * @since 0.1.0
 * @category models
 */
export const Guardian = Schema.Struct({
  name: Schema.String,
  relationship: Schema.Literals(["FATHER", "HUSBAND"]),
})

/**
 * An address in the registering ULB (IND-1).
 *
 * @since 0.1.0
 * @category models
 */
export const Address = Schema.Struct({
  /** The ULB's boundary code, which is its tenant id. */
  ulbCode: Schema.String,
  wardCode: Schema.String,
  localityCode: Schema.String,
  street: Schema.String,
  doorNumber: Schema.String,
  pinCode: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Address = typeof Address.Type

/**
 * An Aadhaar identity as stored (AAD-4): sealed or the gateway's vault token,
 * the last four digits, and the search key. Registered only after passing
 * the gateway check (AAD-3).
 *
 * @since 0.1.0
 * @category models
 */
export const StoredAadhaar = Schema.Struct({
  documentType: Schema.Literal("AADHAAR"),
  vault: Schema.Union([
    Schema.Struct({ kind: Schema.Literal("sealed"), sealed: SealedText }),
    Schema.Struct({ kind: Schema.Literal("token"), uidToken: Schema.String }),
  ]),
  lastFourDigits: Schema.String,
  searchKey: SearchKey,
})

/**
 * Any other identity document as stored: the number in plaintext (it is not
 * a sensitive field of PRIV-1) and its search key.
 *
 * @since 0.1.0
 * @category models
 */
export const StoredOtherDocument = Schema.Struct({
  documentType: Schema.Literals(["EPIC", "DRIVING_LICENCE", "TPDS_RATION_CARD"]),
  documentNumber: Schema.String,
  searchKey: SearchKey,
})

/**
 * @since 0.1.0
 * @category models
 */
export const StoredIdentity = Schema.Union([StoredAadhaar, StoredOtherDocument])

/**
 * @since 0.1.0
 * @category models
 */
export type StoredIdentity = typeof StoredIdentity.Type

/**
 * A wage seeker as stored: versioned (DB-4), tenant-scoped (TEN-1),
 * sensitive numbers sealed (PRIV-2).
 *
 * @since 0.1.0
 * @category models
 */
export const WageSeeker = Schema.Struct({
  id: EntityId,
  tenantId: TenantId,
  /** `IND-2023-24-000777` (ID-2). */
  number: HumanNumber,
  version: Schema.Int,
  registeredOn: LocalDate.LocalDate,
  identity: StoredIdentity,
  name: Schema.String,
  dateOfBirth: LocalDate.LocalDate,
  gender: Gender,
  guardian: Guardian,
  mobileNumber: Schema.String,
  socialCategory: Schema.optionalKey(SocialCategory),
  skills: Schema.NonEmptyArray(SkillCode),
  address: Address,
  bankAccount: BankAccount.StoredBankAccount,
  photoReference: Schema.optionalKey(DocumentReference),
})

/**
 * @since 0.1.0
 * @category models
 */
export type WageSeeker = typeof WageSeeker.Type

/**
 * The registration form (IND-1), as a clerk fills it in.
 *
 * @since 0.1.0
 * @category models
 */
export const WageSeekerInput = Schema.Struct({
  identity: Schema.Struct({ documentType: IdentityDocumentType, documentNumber: Schema.String }),
  name: Schema.String,
  dateOfBirth: LocalDate.LocalDate,
  gender: Gender,
  guardian: Guardian,
  mobileNumber: Schema.String,
  socialCategory: Schema.optionalKey(SocialCategory),
  skills: Schema.Array(Schema.String),
  address: Schema.Struct({
    wardCode: Schema.String,
    localityCode: Schema.String,
    street: Schema.String,
    doorNumber: Schema.String,
    pinCode: Schema.String,
  }),
  bankAccount: BankAccount.BankAccountInput,
  photoReference: Schema.optionalKey(DocumentReference),
})

/**
 * @since 0.1.0
 * @category models
 */
export type WageSeekerInput = typeof WageSeekerInput.Type

/**
 * The minimum age on the registration date (IND-1).
 *
 * @since 0.1.0
 * @category models
 */
export const minimumAgeYears = 18

/**
 * The most skills one wage seeker may list: MUKTA has four labour skills;
 * ten leaves room for other states' schedules.
 *
 * @since 0.1.0
 * @category models
 */
export const skillsPerWageSeekerMax = 10

/**
 * The longest street or door number, in characters.
 *
 * @since 0.1.0
 * @category models
 */
export const addressLineLengthMax = 256

/**
 * Problem codes of the registration form.
 *
 * @since 0.1.0
 * @category errors
 */
export const problemCodes = {
  identityNumberInvalid: "IDENTITY_NUMBER_INVALID",
  mobileNumberInvalid: "MOBILE_NUMBER_INVALID",
  skillsMissing: "SKILLS_MISSING",
  skillsTooMany: "SKILLS_TOO_MANY",
  skillInvalid: "SKILL_INVALID",
  skillDuplicate: "SKILL_DUPLICATE",
  skillUnknown: "SKILL_UNKNOWN",
  pinCodeInvalid: "PIN_CODE_INVALID",
  addressLineInvalid: "ADDRESS_LINE_INVALID",
  addressBoundaryInvalid: "ADDRESS_BOUNDARY_INVALID",
} as const

/**
 * The wage seeker is younger than `minimumAgeYears` on the registration date
 * (IND-1).
 *
 * @since 0.1.0
 * @category errors
 */
export class UnderAge extends Schema.TaggedError<UnderAge>("@karya/core/registries/UnderAge")("UnderAge", {
  dateOfBirth: Schema.String,
  registrationDate: Schema.String,
  minimumAgeYears: Schema.Number,
}) {
  static readonly code = "UNDER_AGE"
  static readonly category = "rule"
  readonly code = UnderAge.code
  readonly category = UnderAge.category
  readonly retryable = false
  override get message(): string {
    return `A wage seeker born on ${this.dateOfBirth} is under ${this.minimumAgeYears} on ${this.registrationDate} and cannot be registered; check the date of birth on the identity document.`
  }
}

/**
 * A wage seeker with this identity document already exists in the state
 * (IND-2); the existing record is named.
 *
 * @since 0.1.0
 * @category errors
 */
export class WageSeekerExists extends Schema.TaggedError<WageSeekerExists>(
  "@karya/core/registries/WageSeekerExists",
)("WageSeekerExists", {
  documentType: Schema.String,
  existingWageSeekerId: Schema.String,
  existingTenantId: Schema.String,
}) {
  static readonly code = "WAGE_SEEKER_EXISTS"
  static readonly category = "conflict"
  readonly code = WageSeekerExists.code
  readonly category = WageSeekerExists.category
  readonly retryable = false
  override get message(): string {
    return `A wage seeker with this ${this.documentType} is already registered (id ${this.existingWageSeekerId} in ${this.existingTenantId}); open that record instead of registering again.`
  }
}

/**
 * No wage seeker has this id in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class WageSeekerNotFound extends Schema.TaggedError<WageSeekerNotFound>(
  "@karya/core/registries/WageSeekerNotFound",
)("WageSeekerNotFound", { tenantId: Schema.String, wageSeekerId: Schema.String }) {
  static readonly code = "WAGE_SEEKER_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = WageSeekerNotFound.code
  readonly category = WageSeekerNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No wage seeker ${this.wageSeekerId} is registered in ${this.tenantId}; check the id or register the wage seeker first.`
  }
}

/**
 * The bank account already belongs to other wage seekers and the tenant does
 * not allow shared family accounts (IND-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class BankAccountShared extends Schema.TaggedError<BankAccountShared>(
  "@karya/core/registries/BankAccountShared",
)("BankAccountShared", { otherWageSeekerIds: Schema.Array(Schema.String) }) {
  static readonly code = "BANK_ACCOUNT_SHARED"
  static readonly category = "conflict"
  readonly code = BankAccountShared.code
  readonly category = BankAccountShared.category
  readonly retryable = false
  override get message(): string {
    return `This bank account already belongs to ${this.otherWageSeekerIds.join(", ")}, and this ULB does not allow shared accounts; enter the wage seeker's own account.`
  }
}

/**
 * Whether several wage seekers may share one bank account (IND-2): the
 * tenant's `configuration.wageSeekers.sharedBankAccounts`. MUKTA allows
 * shared family accounts (`allowed`) and flags them in reports.
 *
 * @since 0.1.0
 * @category models
 */
export type SharedBankAccounts = TenantConfiguration["wageSeekers"]["sharedBankAccounts"]

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

/**
 * The date a person born on `dateOfBirth` turns `years` old; a 29 February
 * birthday falls on 1 March in a non-leap year.
 *
 * @since 0.1.0
 * @category math
 */
export const birthdayAtAge = (dateOfBirth: LocalDate.LocalDate, years: number): LocalDate.LocalDate => {
  const { year, month, day } = LocalDate.toParts(dateOfBirth)
  const target = year + years
  return month === 2 && day === 29 && !isLeapYear(target)
    ? LocalDate.fromParts({ year: target, month: 3, day: 1 })
    : LocalDate.fromParts({ year: target, month, day })
}

/**
 * Whether a person is at least `minimumAgeYears` old on a date (IND-1).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isOfAgeOn = (options: {
  readonly dateOfBirth: LocalDate.LocalDate
  readonly on: LocalDate.LocalDate
}): boolean => !LocalDate.isBefore(options.on, birthdayAtAge(options.dateOfBirth, minimumAgeYears))

const identityNumberPatterns: Readonly<Record<Exclude<IdentityDocumentType, "AADHAAR">, RegExp>> = {
  EPIC: /^[A-Z]{3}\d{7}$/,
  DRIVING_LICENCE: /^[A-Z0-9/ -]{4,20}$/,
  TPDS_RATION_CARD: /^[A-Z0-9/ -]{4,20}$/,
}

/**
 * The identity document as entered, normalised: trimmed, capitals, and an
 * Aadhaar number without its group spaces.
 *
 * @since 0.1.0
 * @category conversions
 */
export const normaliseIdentity = (identity: WageSeekerInput["identity"]): WageSeekerInput["identity"] => ({
  documentType: identity.documentType,
  documentNumber:
    identity.documentType === "AADHAAR"
      ? identity.documentNumber.replace(/\s+/g, "")
      : identity.documentNumber.trim().toUpperCase(),
})

/**
 * Problems of a (normalised) non-Aadhaar document number. An Aadhaar number
 * is checked separately by AAD-1 (`Aadhaar.fromString`).
 *
 * @since 0.1.0
 * @category guards
 */
export const identityProblems = (identity: WageSeekerInput["identity"]): ReadonlyArray<FieldProblem> =>
  identity.documentType === "AADHAAR" ||
  identityNumberPatterns[identity.documentType].test(identity.documentNumber)
    ? []
    : [
        {
          field: "identity.documentNumber",
          code: problemCodes.identityNumberInvalid,
          message:
            identity.documentType === "EPIC"
              ? "an EPIC (voter card) number is three letters and seven digits (ABC1234567)"
              : "enter the document number as printed: 4 to 20 letters, digits, spaces, / or -",
        },
      ]

const mobilePattern = /^[6-9]\d{9}$/

/**
 * Whether a text is an Indian mobile number: 10 digits starting 6–9.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isMobileNumber = (text: string): boolean => mobilePattern.test(text)

/**
 * Problems of a mobile number field.
 *
 * @since 0.1.0
 * @category guards
 */
export const mobileNumberProblems = (mobileNumber: string, field: string): ReadonlyArray<FieldProblem> =>
  isMobileNumber(mobileNumber)
    ? []
    : [
        {
          field,
          code: problemCodes.mobileNumberInvalid,
          message: "enter a 10-digit mobile number starting with 6, 7, 8 or 9",
        },
      ]

/**
 * Problems of the skills list (IND-1): one or more, at most
 * `skillsPerWageSeekerMax`, each a code, no repeats. Whether each code is a
 * labour SOR is asked of the `LabourSkills` port by the use case.
 *
 * @since 0.1.0
 * @category guards
 */
export const skillsProblems = (skills: ReadonlyArray<string>): ReadonlyArray<FieldProblem> => {
  if (skills.length === 0) {
    return [{ field: "skills", code: problemCodes.skillsMissing, message: "choose at least one skill" }]
  }
  if (skills.length > skillsPerWageSeekerMax) {
    const message = `choose at most ${skillsPerWageSeekerMax} skills`
    return [
      { field: "skills", code: problemCodes.skillsTooMany, message, limit: String(skillsPerWageSeekerMax) },
    ]
  }
  return skills.flatMap((skill, index): ReadonlyArray<FieldProblem> => {
    if (!Schema.is(SkillCode)(skill)) {
      return [
        {
          field: `skills[${index}]`,
          code: problemCodes.skillInvalid,
          message: `"${skill}" is not a skill code`,
        },
      ]
    }
    return skills.indexOf(skill) === index
      ? []
      : [
          {
            field: `skills[${index}]`,
            code: problemCodes.skillDuplicate,
            message: `${skill} is listed twice`,
          },
        ]
  })
}

const addressLineProblems = (text: string, field: string): ReadonlyArray<FieldProblem> =>
  text.trim() !== "" && text.length <= addressLineLengthMax
    ? []
    : [
        {
          field,
          code: problemCodes.addressLineInvalid,
          message: `enter 1 to ${addressLineLengthMax} characters`,
          limit: String(addressLineLengthMax),
        },
      ]

/**
 * Problems of the address lines and PIN (IND-1); the ward and locality are
 * checked against the boundary hierarchy by the use case.
 *
 * @since 0.1.0
 * @category guards
 */
export const addressProblems = (address: WageSeekerInput["address"]): ReadonlyArray<FieldProblem> => [
  ...addressLineProblems(address.street, "address.street"),
  ...addressLineProblems(address.doorNumber, "address.doorNumber"),
  ...(/^[1-9]\d{5}$/.test(address.pinCode)
    ? []
    : [
        {
          field: "address.pinCode",
          code: problemCodes.pinCodeInvalid,
          message: "enter the 6-digit PIN code",
        },
      ]),
]

/**
 * Every problem of the form's own fields (ERR-3), on a form whose identity
 * and bank account are normalised. Checks that need a port (skills, address
 * boundaries, uniqueness) and the spec-coded rules (AAD-1, UNDER_AGE) come
 * after.
 *
 * @since 0.1.0
 * @category guards
 */
export const inputProblems = (input: Partial<WageSeekerInput>): ReadonlyArray<FieldProblem> => [
  ...(input.identity === undefined ? [] : identityProblems(input.identity)),
  ...(input.name === undefined ? [] : BankAccount.nameProblems(input.name, "name")),
  ...(input.guardian === undefined ? [] : BankAccount.nameProblems(input.guardian.name, "guardian.name")),
  ...(input.mobileNumber === undefined ? [] : mobileNumberProblems(input.mobileNumber, "mobileNumber")),
  ...(input.skills === undefined ? [] : skillsProblems(input.skills)),
  ...(input.address === undefined ? [] : addressProblems(input.address)),
  ...(input.bankAccount === undefined ? [] : BankAccount.problemsOf(input.bankAccount, "bankAccount")),
]

/**
 * A wage seeker as an API response shows it (PRIV-1, AAD-4): sensitive
 * fields masked unless the caller holds VIEW_WS_UNMASKED; the Aadhaar number
 * never in full.
 *
 * @since 0.1.0
 * @category models
 */
export const WageSeekerView = Schema.Struct({
  id: Schema.String,
  tenantId: Schema.String,
  number: Schema.String,
  version: Schema.Int,
  registeredOn: Schema.String,
  identity: Schema.Struct({ documentType: IdentityDocumentType, documentNumber: Schema.String }),
  name: Schema.String,
  dateOfBirth: Schema.String,
  gender: Gender,
  guardian: Guardian,
  mobileNumber: Schema.String,
  socialCategory: Schema.optionalKey(SocialCategory),
  skills: Schema.Array(Schema.String),
  address: Address,
  bankAccount: Schema.Struct({
    holderName: Schema.String,
    accountNumber: Schema.String,
    accountType: BankAccount.AccountType,
    ifsc: Schema.String,
  }),
  photoReference: Schema.optionalKey(Schema.String),
})

/**
 * @since 0.1.0
 * @category models
 */
export type WageSeekerView = typeof WageSeekerView.Type

/**
 * How a view is drawn: masked, or unmasked with the opened account number.
 *
 * @since 0.1.0
 * @category models
 */
export type ViewAccess =
  | { readonly visibility: "masked" }
  | { readonly visibility: "unmasked"; readonly accountNumber: string }

const identityView = (identity: StoredIdentity, access: ViewAccess): WageSeekerView["identity"] =>
  identity.documentType === "AADHAAR"
    ? {
        documentType: identity.documentType,
        documentNumber: Aadhaar.display(identity.lastFourDigits, {
          audience: access.visibility === "unmasked" ? "masked" : "undisclosed",
        }),
      }
    : { documentType: identity.documentType, documentNumber: identity.documentNumber }

/**
 * The view of a wage seeker (PRIV-1, AAD-4). Masked: account number, IFSC
 * and mobile masked, Aadhaar "Undisclosed". Unmasked: those fields in full,
 * Aadhaar `********1234`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toView = (wageSeeker: WageSeeker, access: ViewAccess): WageSeekerView => {
  const isUnmasked = access.visibility === "unmasked"
  const { bankAccount } = wageSeeker
  return {
    id: wageSeeker.id,
    tenantId: wageSeeker.tenantId,
    number: wageSeeker.number,
    version: wageSeeker.version,
    registeredOn: wageSeeker.registeredOn,
    identity: identityView(wageSeeker.identity, access),
    name: wageSeeker.name,
    dateOfBirth: wageSeeker.dateOfBirth,
    gender: wageSeeker.gender,
    guardian: wageSeeker.guardian,
    mobileNumber: isUnmasked ? wageSeeker.mobileNumber : Masking.maskMobileNumber(wageSeeker.mobileNumber),
    ...(wageSeeker.socialCategory === undefined ? {} : { socialCategory: wageSeeker.socialCategory }),
    skills: wageSeeker.skills,
    address: wageSeeker.address,
    bankAccount: {
      holderName: bankAccount.holderName,
      accountNumber: isUnmasked
        ? access.accountNumber
        : Masking.maskAccountNumberTail(bankAccount.accountNumberLastFourDigits),
      accountType: bankAccount.accountType,
      ifsc: isUnmasked ? bankAccount.ifsc : Masking.maskIfsc(bankAccount.ifsc),
    },
    ...(wageSeeker.photoReference === undefined ? {} : { photoReference: wageSeeker.photoReference }),
  }
}

/**
 * The view kept in history (IND-3): sensitive fields masked, the Aadhaar as
 * `********1234` so a reviewer can tell which number changed.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toHistoryView = (wageSeeker: WageSeeker): WageSeekerView => ({
  ...toView(wageSeeker, { visibility: "masked" }),
  identity:
    wageSeeker.identity.documentType === "AADHAAR"
      ? {
          documentType: "AADHAAR",
          documentNumber: Aadhaar.display(wageSeeker.identity.lastFourDigits, { audience: "masked" }),
        }
      : identityView(wageSeeker.identity, { visibility: "masked" }),
})

/**
 * One change of a wage seeker (IND-3): who, when, and the record before and
 * after, sensitive fields masked.
 *
 * @since 0.1.0
 * @category models
 */
export const WageSeekerHistoryEntry = Schema.Struct({
  wageSeekerId: Schema.String,
  tenantId: TenantId,
  /** The record's version after the change. */
  version: Schema.Int,
  action: Schema.Literals(["REGISTERED", "MODIFIED"]),
  actorId: Schema.String,
  at: Schema.DateTimeUtc,
  before: Schema.optionalKey(WageSeekerView),
  after: WageSeekerView,
})

/**
 * @since 0.1.0
 * @category models
 */
export type WageSeekerHistoryEntry = typeof WageSeekerHistoryEntry.Type

/**
 * One line of the address, for a payment instruction (PI-2).
 *
 * @since 0.1.0
 * @category conversions
 */
export const addressLine = (address: Address): string =>
  [
    address.doorNumber,
    address.street,
    address.localityCode,
    address.wardCode,
    address.ulbCode,
    address.pinCode,
  ]
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join(", ")
