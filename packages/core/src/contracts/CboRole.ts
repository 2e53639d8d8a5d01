/**
 * The CBO's role on a work order (WO-4): Implementation Agency (IA) or
 * Implementation Partner (IP). An order whose amount is at or below the
 * tenant's role threshold (MUKTA: ₹15,00,000) is IA by default and may be
 * changed to IP; above it the role is IP and cannot be changed
 * (`CBO_ROLE_LOCKED`). Exactly the threshold is IA: the written rule wins
 * over DIGIT's code, which compared with `<`.
 *
 * The threshold is passed in (from `TenantConfiguration.workOrder`), never
 * written here. The decision is monotone in the amount: raising the amount
 * can only move an order from IA towards IP.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import * as Amount from "../money/Amount.js"
import { formatInr } from "../money/Inr.js"

/**
 * Implementation Agency or Implementation Partner.
 *
 * @since 0.1.0
 * @category models
 */
export const CboRole = Schema.Literals(["IA", "IP"])

/**
 * @since 0.1.0
 * @category models
 */
export type CboRole = typeof CboRole.Type

/**
 * The role was asked to be IA on an order above the role threshold, where
 * the role is IP and cannot be changed (WO-4).
 *
 * @since 0.1.0
 * @category errors
 */
export class CboRoleLocked extends Schema.TaggedError<CboRoleLocked>("@karya/core/contracts/CboRoleLocked")(
  "CboRoleLocked",
  {
    /** The work-order amount, a decimal string of rupees. */
    amount: Schema.String,
    /** The tenant's role threshold, a decimal string of rupees. */
    threshold: Schema.String,
    requestedRole: CboRole,
  },
) {
  static readonly code = "CBO_ROLE_LOCKED"
  static readonly category = "rule"
  readonly code = CboRoleLocked.code
  readonly category = CboRoleLocked.category
  readonly retryable = false
  override get message(): string {
    const amount = formatInr(Amount.makeUnsafe(this.amount), { denomination: "Unit", scale: 2 })
    const threshold = formatInr(Amount.makeUnsafe(this.threshold), { denomination: "Unit", scale: 2 })
    return `The work order amount ₹${amount} is above ₹${threshold}, so the CBO must be the Implementation Partner (IP) and the role cannot be changed to ${this.requestedRole}; leave the role as IP.`
  }
}

/**
 * What the role decision reads: the order's amount and the tenant's
 * threshold.
 *
 * @since 0.1.0
 * @category models
 */
export interface RoleBasis {
  readonly amount: Amount.Amount
  readonly threshold: Amount.Amount
}

/**
 * Whether the role may be chosen: the amount is at or below the threshold.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRoleChangeable = (basis: RoleBasis): boolean =>
  !Amount.isGreaterThan(basis.amount, basis.threshold)

/**
 * The role an order gets when none is chosen: IA at or below the threshold,
 * IP above it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultRole = (basis: RoleBasis): CboRole => (isRoleChangeable(basis) ? "IA" : "IP")

/**
 * The role of an order (WO-4): the requested role where it may be chosen,
 * the default when none is requested, and `CBO_ROLE_LOCKED` when IA is asked
 * for above the threshold. Asking for IP above the threshold is simply IP.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decideRole = (
  basis: RoleBasis & { readonly requested?: CboRole | undefined },
): Result.Result<CboRole, CboRoleLocked> => {
  if (basis.requested === undefined) return Result.succeed(defaultRole(basis))
  if (isRoleChangeable(basis) || basis.requested === "IP") return Result.succeed(basis.requested)
  return Result.fail(
    new CboRoleLocked({
      amount: Amount.toCanonicalString(basis.amount),
      threshold: Amount.toCanonicalString(basis.threshold),
      requestedRole: basis.requested,
    }),
  )
}
