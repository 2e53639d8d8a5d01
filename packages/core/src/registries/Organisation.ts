/**
 * Organisations: the CBOs that execute works and the vendors that supply
 * them (ORG-1..ORG-3, PRIV-1). The record as stored, the registration form
 * and its checks, tax identifiers (PAN, GSTIN with its check character),
 * staff with roles, eligibility for work orders, and the masked view.
 *
 * Decisions where the spec is silent:
 * - an organisation is registered `ACTIVE`; its validity is an effective
 *   period whose end may be open;
 * - sub types are codes (CLF, ALF, SDA, MSG for CBOs; any code for vendors),
 *   not a closed list, since states name their federations differently;
 * - the owner joins the staff as admin from the registration date (ORG-2);
 * - a staff member's user is found by mobile number across the state's
 *   organisations, so one person is one user (ORG-2); one organisation may
 *   not list the same mobile number twice.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import * as Amount from "../money/Amount.js"
import * as EffectivePeriod from "../time/EffectivePeriod.js"
import * as LocalDate from "../time/LocalDate.js"
import { DocumentReference } from "../workflow/TimelineEntry.js"
import * as BankAccount from "./BankAccount.js"
import * as Masking from "./Masking.js"
import { isMobileNumber, problemCodes as personProblemCodes } from "./WageSeeker.js"

/**
 * @since 0.1.0
 * @category models
 */
export const OrganisationType = Schema.Literals(["CBO", "VENDOR"])

/**
 * @since 0.1.0
 * @category models
 */
export const OrganisationStatus = Schema.Literals(["ACTIVE", "INACTIVE", "DEBARRED"])

/**
 * @since 0.1.0
 * @category models
 */
export type OrganisationStatus = typeof OrganisationStatus.Type

/**
 * MUKTA's CBO sub types: city and area level federations, slum development
 * associations and mission Shakti groups.
 *
 * @since 0.1.0
 * @category models
 */
export const cboSubTypes: ReadonlyArray<string> = ["CLF", "ALF", "SDA", "MSG"]

/**
 * A class or grade with the work values it may take on (ORG-1).
 *
 * @since 0.1.0
 * @category models
 */
export const ClassGrade = Schema.Struct({
  grade: Schema.String,
  workValueMin: Amount.Amount,
  workValueMax: Amount.Amount,
})

/**
 * A person the organisation names: owner or contact person (name and mobile
 * mandatory, ORG-1).
 *
 * @since 0.1.0
 * @category models
 */
export const ContactPerson = Schema.Struct({ name: Schema.String, mobileNumber: Schema.String })

/**
 * @since 0.1.0
 * @category models
 */
export const OrganisationAddress = Schema.Struct({
  street: Schema.String,
  locality: Schema.String,
  city: Schema.String,
  pinCode: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type OrganisationAddress = typeof OrganisationAddress.Type

/**
 * PAN and GSTIN, each optional (ORG-1).
 *
 * @since 0.1.0
 * @category models
 */
export const TaxIdentifiers = Schema.Struct({
  pan: Schema.optionalKey(Schema.String),
  gstin: Schema.optionalKey(Schema.String),
})

/**
 * Staff roles (ORG-2): an admin takes every action; a manager the functional
 * ones (accept work orders, create muster rolls and bills).
 *
 * @since 0.1.0
 * @category models
 */
export const StaffRole = Schema.Literals(["ADMIN", "MANAGER"])

/**
 * A member of staff (ORG-2).
 *
 * @since 0.1.0
 * @category models
 */
export const StaffMember = Schema.Struct({
  /** One user per mobile number across organisations (ORG-2). */
  userId: Schema.String,
  name: Schema.String,
  mobileNumber: Schema.String,
  role: StaffRole,
  designation: Schema.optionalKey(Schema.String),
  employedFrom: LocalDate.LocalDate,
  employedTo: Schema.optionalKey(LocalDate.LocalDate),
  status: Schema.Literals(["ACTIVE", "INACTIVE"]),
})

/**
 * @since 0.1.0
 * @category models
 */
export type StaffMember = typeof StaffMember.Type

/**
 * An organisation as stored: versioned (DB-4), tenant-scoped (TEN-1), the
 * account number sealed (PRIV-2).
 *
 * @since 0.1.0
 * @category models
 */
export const Organisation = Schema.Struct({
  id: EntityId,
  tenantId: TenantId,
  /** `VO-2022-23-000001` (ID-2). */
  number: HumanNumber,
  version: Schema.Int,
  name: Schema.String,
  type: OrganisationType,
  subType: Schema.String,
  classGrade: Schema.optionalKey(ClassGrade),
  status: OrganisationStatus,
  registeredDepartment: Schema.String,
  registeredOn: LocalDate.LocalDate,
  /** The registration number given by the registering department; unique in the tenant (ORG-3). */
  externalRegistrationId: Schema.String,
  validity: EffectivePeriod.EffectivePeriod,
  documents: Schema.Array(DocumentReference),
  headOfficeAddress: OrganisationAddress,
  billingAddress: OrganisationAddress,
  owner: ContactPerson,
  contactPerson: ContactPerson,
  totalMembers: Schema.Int,
  bankAccount: BankAccount.StoredBankAccount,
  taxIdentifiers: TaxIdentifiers,
  staff: Schema.Array(StaffMember),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Organisation = typeof Organisation.Type

/**
 * A member of staff as entered.
 *
 * @since 0.1.0
 * @category models
 */
export const StaffInput = Schema.Struct({
  name: Schema.String,
  mobileNumber: Schema.String,
  role: StaffRole,
  designation: Schema.optionalKey(Schema.String),
  employedFrom: LocalDate.LocalDate,
  employedTo: Schema.optionalKey(LocalDate.LocalDate),
})

/**
 * @since 0.1.0
 * @category models
 */
export type StaffInput = typeof StaffInput.Type

/**
 * The registration form (ORG-1, ORG-2). The owner joins the staff as admin;
 * `staff` lists the others.
 *
 * @since 0.1.0
 * @category models
 */
export const OrganisationInput = Schema.Struct({
  name: Schema.String,
  type: OrganisationType,
  subType: Schema.String,
  classGrade: Schema.optionalKey(ClassGrade),
  registeredDepartment: Schema.String,
  registeredOn: LocalDate.LocalDate,
  externalRegistrationId: Schema.String,
  validity: EffectivePeriod.EffectivePeriod,
  documents: Schema.Array(DocumentReference),
  headOfficeAddress: OrganisationAddress,
  billingAddress: OrganisationAddress,
  owner: ContactPerson,
  contactPerson: ContactPerson,
  totalMembers: Schema.Int,
  bankAccount: BankAccount.BankAccountInput,
  taxIdentifiers: TaxIdentifiers,
  staff: Schema.Array(StaffInput),
})

/**
 * @since 0.1.0
 * @category models
 */
export type OrganisationInput = typeof OrganisationInput.Type

/**
 * The most staff one organisation lists: a CLF federates many groups, but
 * only its office bearers act in Karya.
 *
 * @since 0.1.0
 * @category models
 */
export const staffPerOrganisationMax = 100

/**
 * The most documents attached at registration.
 *
 * @since 0.1.0
 * @category models
 */
export const documentsPerOrganisationMax = 20

/**
 * Problem codes of the registration form.
 *
 * @since 0.1.0
 * @category errors
 */
export const problemCodes = {
  panInvalid: "PAN_INVALID",
  gstinInvalid: "GSTIN_INVALID",
  subTypeInvalid: "SUB_TYPE_INVALID",
  registrationIdInvalid: "REGISTRATION_ID_INVALID",
  gradeRangeInvalid: "GRADE_RANGE_INVALID",
  totalMembersInvalid: "TOTAL_MEMBERS_INVALID",
  addressInvalid: "ADDRESS_INVALID",
  staffDuplicate: "STAFF_DUPLICATE",
  staffTooMany: "STAFF_TOO_MANY",
  staffPeriodInvalid: "STAFF_PERIOD_INVALID",
  documentsTooMany: "DOCUMENTS_TOO_MANY",
} as const

/**
 * An organisation with this external registration id already exists in the
 * tenant (ORG-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class OrgExists extends Schema.TaggedError<OrgExists>("@karya/core/registries/OrgExists")(
  "OrgExists",
  {
    externalRegistrationId: Schema.String,
    existingOrganisationId: Schema.String,
  },
) {
  static readonly code = "ORG_EXISTS"
  static readonly category = "conflict"
  readonly code = OrgExists.code
  readonly category = OrgExists.category
  readonly retryable = false
  override get message(): string {
    return `An organisation with registration id ${this.externalRegistrationId} already exists (id ${this.existingOrganisationId}); open it instead of registering again.`
  }
}

/**
 * No organisation has this id in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class OrganisationNotFound extends Schema.TaggedError<OrganisationNotFound>(
  "@karya/core/registries/OrganisationNotFound",
)("OrganisationNotFound", { tenantId: Schema.String, organisationId: Schema.String }) {
  static readonly code = "ORGANISATION_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = OrganisationNotFound.code
  readonly category = OrganisationNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No organisation ${this.organisationId} is registered in ${this.tenantId}; check the id.`
  }
}

const panPattern = /^[A-Z]{5}[0-9]{4}[A-Z]$/
const gstinPattern = /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/
const gstinAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

/**
 * Whether a text is a PAN: five letters, four digits, a letter (ORG-1).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isPan = (text: string): boolean => panPattern.test(text)

/**
 * The check character of a GSTIN's first 14 characters: weights 1 and 2
 * alternate, each product contributes its base-36 quotient and remainder,
 * and the check makes the sum a multiple of 36.
 *
 * @since 0.1.0
 * @category math
 */
export const gstinCheckCharacter = (first14: string): string => {
  let sum = 0
  for (const [index, character] of [...first14.slice(0, 14)].entries()) {
    const product = gstinAlphabet.indexOf(character) * (index % 2 === 0 ? 1 : 2)
    sum += Math.floor(product / 36) + (product % 36)
  }
  return gstinAlphabet[(36 - (sum % 36)) % 36] ?? "0"
}

/**
 * Whether a text is a GSTIN: 15 characters (state code, PAN, entity number,
 * `Z`, check character) whose last character is its valid check character
 * (ORG-1).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isGstin = (text: string): boolean =>
  gstinPattern.test(text) && gstinCheckCharacter(text.slice(0, 14)) === text.slice(14)

const problem = (field: string, code: string, message: string, limit?: number): FieldProblem =>
  limit === undefined ? { field, code, message } : { field, code, message, limit: String(limit) }

const taxProblems = (tax: Organisation["taxIdentifiers"]): ReadonlyArray<FieldProblem> => [
  ...(tax.pan === undefined || isPan(tax.pan)
    ? []
    : [
        problem(
          "taxIdentifiers.pan",
          problemCodes.panInvalid,
          "a PAN is five letters, four digits and a letter (ABCDE1234F)",
        ),
      ]),
  ...(tax.gstin === undefined || isGstin(tax.gstin)
    ? []
    : [
        problem(
          "taxIdentifiers.gstin",
          problemCodes.gstinInvalid,
          "a GSTIN is 15 characters (state code, PAN, entity number, Z, check character) and its last character must match; check it against the certificate",
        ),
      ]),
]

const contactProblems = (
  contact: { readonly name: string; readonly mobileNumber: string },
  field: string,
) => [
  ...BankAccount.nameProblems(contact.name, `${field}.name`),
  ...(isMobileNumber(contact.mobileNumber)
    ? []
    : [
        problem(
          `${field}.mobileNumber`,
          personProblemCodes.mobileNumberInvalid,
          "enter a 10-digit mobile number starting with 6, 7, 8 or 9",
        ),
      ]),
]

const addressProblems = (address: OrganisationAddress, field: string): ReadonlyArray<FieldProblem> => [
  ...(["street", "locality", "city"] as const).flatMap((part) =>
    address[part].trim() === ""
      ? [problem(`${field}.${part}`, problemCodes.addressInvalid, `enter the ${part}`)]
      : [],
  ),
  ...(/^[1-9]\d{5}$/.test(address.pinCode)
    ? []
    : [problem(`${field}.pinCode`, personProblemCodes.pinCodeInvalid, "enter the 6-digit PIN code")]),
]

/**
 * Problems of staff as entered (ORG-2): names and mobiles, employment
 * periods in order, no mobile twice in the organisation (the owner's
 * included), at most `staffPerOrganisationMax`.
 *
 * @since 0.1.0
 * @category guards
 */
export const staffProblems = (
  staff: ReadonlyArray<StaffInput>,
  options: { readonly field: string; readonly takenMobileNumbers: ReadonlyArray<string> },
): ReadonlyArray<FieldProblem> => {
  if (staff.length + options.takenMobileNumbers.length > staffPerOrganisationMax) {
    const message = `an organisation lists at most ${staffPerOrganisationMax} staff`
    return [problem(options.field, problemCodes.staffTooMany, message, staffPerOrganisationMax)]
  }
  const mobiles = [...options.takenMobileNumbers, ...staff.map((member) => member.mobileNumber)]
  return staff.flatMap((member, index) => {
    const field = `${options.field}[${index}]`
    const isDuplicate = mobiles.indexOf(member.mobileNumber) !== options.takenMobileNumbers.length + index
    return [
      ...contactProblems(member, field),
      ...(isDuplicate
        ? [
            problem(
              `${field}.mobileNumber`,
              problemCodes.staffDuplicate,
              "this mobile number is already on the staff",
            ),
          ]
        : []),
      ...(member.employedTo !== undefined && LocalDate.isBefore(member.employedTo, member.employedFrom)
        ? [
            problem(
              `${field}.employedTo`,
              problemCodes.staffPeriodInvalid,
              "employment ends before it starts",
            ),
          ]
        : []),
    ]
  })
}

const registrationProblems = (input: OrganisationInput): ReadonlyArray<FieldProblem> => [
  ...BankAccount.nameProblems(input.name, "name"),
  ...(/^[A-Z0-9_]{1,32}$/.test(input.subType)
    ? []
    : [
        problem(
          "subType",
          problemCodes.subTypeInvalid,
          `choose a sub type code, such as ${cboSubTypes.join(", ")}`,
        ),
      ]),
  ...(input.externalRegistrationId.trim() === ""
    ? [problem("externalRegistrationId", problemCodes.registrationIdInvalid, "enter the registration number")]
    : []),
  ...(input.classGrade !== undefined &&
  Amount.isGreaterThan(input.classGrade.workValueMin, input.classGrade.workValueMax)
    ? [
        problem(
          "classGrade.workValueMax",
          problemCodes.gradeRangeInvalid,
          "the maximum work value is below the minimum",
        ),
      ]
    : []),
  ...(input.totalMembers < 0
    ? [problem("totalMembers", problemCodes.totalMembersInvalid, "enter 0 or more members")]
    : []),
  ...(input.documents.length > documentsPerOrganisationMax
    ? [
        problem(
          "documents",
          problemCodes.documentsTooMany,
          `attach at most ${documentsPerOrganisationMax} documents`,
          documentsPerOrganisationMax,
        ),
      ]
    : []),
]

/**
 * Every problem of the registration form (ORG-1, ORG-2, ERR-3), on a form
 * whose bank account is normalised and tax identifiers are in capitals.
 *
 * @since 0.1.0
 * @category guards
 */
export const inputProblems = (input: OrganisationInput): ReadonlyArray<FieldProblem> => [
  ...registrationProblems(input),
  ...addressProblems(input.headOfficeAddress, "headOfficeAddress"),
  ...addressProblems(input.billingAddress, "billingAddress"),
  ...contactProblems(input.owner, "owner"),
  ...contactProblems(input.contactPerson, "contactPerson"),
  ...BankAccount.problemsOf(input.bankAccount, "bankAccount"),
  ...taxProblems(input.taxIdentifiers),
  ...staffProblems(input.staff, { field: "staff", takenMobileNumbers: [input.owner.mobileNumber] }),
]

/**
 * Why an organisation is not eligible for a work order on a date (ORG-3,
 * WO-1), or `undefined` when it is: it must be active and its validity must
 * cover the date.
 *
 * @since 0.1.0
 * @category conversions
 */
export const ineligibilityOn = (
  organisation: Pick<Organisation, "status" | "validity">,
  date: LocalDate.LocalDate,
): "inactive" | "debarred" | "notYetValid" | "expired" | undefined => {
  if (organisation.status === "DEBARRED") return "debarred"
  if (organisation.status === "INACTIVE") return "inactive"
  if (LocalDate.isBefore(date, organisation.validity.effectiveFrom)) return "notYetValid"
  return EffectivePeriod.containsDate(organisation.validity, date) ? undefined : "expired"
}

/**
 * Whether an organisation is eligible for a work order on a date (ORG-3).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isEligibleOn = (
  organisation: Pick<Organisation, "status" | "validity">,
  date: LocalDate.LocalDate,
): boolean => ineligibilityOn(organisation, date) === undefined

/**
 * The active staff of an organisation on a date (ORG-2).
 *
 * @since 0.1.0
 * @category conversions
 */
export const activeStaffOn = (
  organisation: Organisation,
  date: LocalDate.LocalDate,
): ReadonlyArray<StaffMember> =>
  organisation.staff.filter(
    (member) =>
      member.status === "ACTIVE" &&
      !LocalDate.isBefore(date, member.employedFrom) &&
      (member.employedTo === undefined || !LocalDate.isAfter(date, member.employedTo)),
  )

/**
 * An organisation as an API response shows it (PRIV-1): account number,
 * IFSC and every mobile number masked unless the caller holds
 * VIEW_ORG_UNMASKED. The stored record's sealed fields are never shown.
 *
 * @since 0.1.0
 * @category models
 */
export type OrganisationView = Omit<Organisation, "bankAccount"> & {
  readonly bankAccount: {
    readonly holderName: string
    readonly accountNumber: string
    readonly accountType: BankAccount.AccountType
    readonly ifsc: string
  }
}

const maskedContact = <T extends { readonly mobileNumber: string }>(person: T): T => ({
  ...person,
  mobileNumber: Masking.maskMobileNumber(person.mobileNumber),
})

/**
 * The view of an organisation (PRIV-1): masked, or unmasked with the opened
 * account number.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toView = (
  organisation: Organisation,
  access:
    | { readonly visibility: "masked" }
    | { readonly visibility: "unmasked"; readonly accountNumber: string },
): OrganisationView => {
  const { bankAccount, ...rest } = organisation
  if (access.visibility === "unmasked") {
    const { holderName, accountType, ifsc } = bankAccount
    return { ...rest, bankAccount: { holderName, accountNumber: access.accountNumber, accountType, ifsc } }
  }
  return {
    ...rest,
    owner: maskedContact(organisation.owner),
    contactPerson: maskedContact(organisation.contactPerson),
    staff: organisation.staff.map(maskedContact),
    bankAccount: {
      holderName: bankAccount.holderName,
      accountNumber: Masking.maskAccountNumberTail(bankAccount.accountNumberLastFourDigits),
      accountType: bankAccount.accountType,
      ifsc: Masking.maskIfsc(bankAccount.ifsc),
    },
  }
}

/**
 * One line of an address, for a payment instruction (PI-2).
 *
 * @since 0.1.0
 * @category conversions
 */
export const addressLine = (address: OrganisationAddress): string =>
  [address.street, address.locality, address.city, address.pinCode]
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join(", ")
