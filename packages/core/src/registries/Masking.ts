/**
 * Masking of sensitive fields and the unmask roles (PRIV-1, AAD-4). Account
 * numbers show their last 4 digits (`********7621`), IFSC its first 4 and
 * last 2 characters (`ICIC*****47`), mobile numbers their last 4; Aadhaar is
 * never shown beyond `********1234` (see `Aadhaar.display`).
 *
 * A caller sees a record's sensitive fields unmasked only when holding the
 * matching unmask role in the record's tenant or its state tenant:
 * VIEW_WS_UNMASKED for wage seekers, VIEW_ORG_UNMASKED for organisations,
 * VIEW_DED_UNMASKED for department beneficiaries. Every unmasked read is
 * recorded (PRIV-3, `UnmaskedReadLog`).
 *
 * Decision: the masked account number always shows 8 stars, whatever the
 * account's length, so the mask does not reveal the length either.
 *
 * @since 0.1.0
 */
import type { TenantId } from "../config/TenantId.js"
import { type Actor, holdsAnyRole } from "../workflow/Actor.js"

/**
 * The kinds of record with sensitive fields, each with its own unmask role.
 *
 * @since 0.1.0
 * @category models
 */
export type SensitiveRecordKind = "wageSeeker" | "organisation" | "departmentBeneficiary"

/**
 * The unmask role of each kind of record (PRIV-1).
 *
 * @since 0.1.0
 * @category models
 */
export const unmaskRoles: Readonly<Record<SensitiveRecordKind, string>> = {
  wageSeeker: "VIEW_WS_UNMASKED",
  organisation: "VIEW_ORG_UNMASKED",
  departmentBeneficiary: "VIEW_DED_UNMASKED",
}

/**
 * Whether the actor may see the sensitive fields of a record unmasked: they
 * hold the kind's unmask role in the record's tenant or its state tenant.
 *
 * @since 0.1.0
 * @category predicates
 */
export const canUnmask = (
  actor: Actor,
  record: { readonly kind: SensitiveRecordKind; readonly tenantId: TenantId },
): boolean => holdsAnyRole(actor, { roles: [unmaskRoles[record.kind]], tenantId: record.tenantId })

/**
 * How a response shows sensitive fields: `masked` for everyone, `unmasked`
 * only for holders of the unmask role.
 *
 * @since 0.1.0
 * @category models
 */
export type Visibility = "masked" | "unmasked"

const maskCharacter = "*"

// Stars shown before the visible tail of an account number.
const accountStarsCount = 8

/**
 * An account number with only its last 4 digits visible: `********7621`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const maskAccountNumberTail = (lastFourDigits: string): string =>
  `${maskCharacter.repeat(accountStarsCount)}${lastFourDigits}`

/**
 * An account number masked (PRIV-1): `********7621`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const maskAccountNumber = (accountNumber: string): string =>
  maskAccountNumberTail(accountNumber.slice(-4))

/**
 * An IFSC masked (PRIV-1): the first 4 and last 2 characters visible,
 * `ICIC0001247` → `ICIC*****47`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const maskIfsc = (ifsc: string): string =>
  ifsc.length <= 6
    ? maskCharacter.repeat(ifsc.length)
    : `${ifsc.slice(0, 4)}${maskCharacter.repeat(ifsc.length - 6)}${ifsc.slice(-2)}`

/**
 * A mobile number masked (PRIV-1): the last 4 digits visible, `******3210`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const maskMobileNumber = (mobileNumber: string): string =>
  `${maskCharacter.repeat(Math.max(mobileNumber.length - 4, 0))}${mobileNumber.slice(-4)}`
