/**
 * Which organisations a work order may be issued to (WO-1, ORG-3): a CBO
 * registered in the work order's tenant, with status active, whose validity
 * (valid-from to valid-to, both inclusive) covers the date of the decision.
 * Inactive and debarred organisations are never eligible. Anything else is
 * `ORG_NOT_ELIGIBLE`, with the reason a clerk can act on.
 *
 * Decision where the spec is silent: WO-1 names only valid-to; ORG-3 says
 * the validity must cover the date, so an organisation whose validity starts
 * after the date is not eligible either.
 *
 * @since 0.1.0
 */
import { Option, Result, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import * as LocalDate from "../time/LocalDate.js"
import type { OrganisationStanding } from "./Organisations.js"

/**
 * Why an organisation cannot take a work order.
 *
 * @since 0.1.0
 * @category models
 */
export const IneligibilityReason = Schema.Literals([
  "notRegistered",
  "notCbo",
  "inactive",
  "debarred",
  "notYetValid",
  "validityEnded",
])

/**
 * @since 0.1.0
 * @category models
 */
export type IneligibilityReason = typeof IneligibilityReason.Type

const reasonTexts: Record<IneligibilityReason, string> = {
  notRegistered: "is not registered in this ULB",
  notCbo: "is not a community-based organisation (CBO)",
  inactive: "is inactive",
  debarred: "is debarred",
  notYetValid: "is not yet valid on that date",
  validityEnded: "had its validity end before that date",
}

/**
 * The organisation cannot be given the work order (WO-1).
 *
 * @since 0.1.0
 * @category errors
 */
export class OrgNotEligible extends Schema.TaggedError<OrgNotEligible>(
  "@karya/core/contracts/OrgNotEligible",
)("OrgNotEligible", {
  tenantId: Schema.String,
  organisationId: Schema.String,
  /** The date eligibility was decided for (the creation or edit date). */
  date: Schema.String,
  reason: IneligibilityReason,
}) {
  static readonly code = "ORG_NOT_ELIGIBLE"
  static readonly category = "rule"
  readonly code = OrgNotEligible.code
  readonly category = OrgNotEligible.category
  readonly retryable = false
  override get message(): string {
    return `Organisation ${this.organisationId} ${reasonTexts[this.reason]} (${this.date}), so it cannot be given a work order; choose an active CBO of ${this.tenantId} valid on that date.`
  }
}

/**
 * Why the organisation is not eligible on `date` in `tenantId`, or
 * `undefined` when it is eligible.
 *
 * @since 0.1.0
 * @category predicates
 */
export const ineligibilityOf = (
  standing: Option.Option<OrganisationStanding>,
  context: { readonly tenantId: TenantId; readonly date: LocalDate.LocalDate },
): IneligibilityReason | undefined => {
  if (Option.isNone(standing) || standing.value.tenantId !== context.tenantId) return "notRegistered"
  const organisation = standing.value
  if (organisation.status === "debarred") return "debarred"
  if (organisation.status === "inactive") return "inactive"
  if (organisation.type !== "CBO") return "notCbo"
  if (LocalDate.isBefore(context.date, organisation.validFrom)) return "notYetValid"
  if (organisation.validTo !== undefined && LocalDate.isAfter(context.date, organisation.validTo)) {
    return "validityEnded"
  }
  return undefined
}

/**
 * The organisation, when eligible on `date` in `tenantId` (WO-1), or
 * `ORG_NOT_ELIGIBLE` with the reason.
 *
 * @since 0.1.0
 * @category constructors
 */
export const checkEligibility = (
  standing: Option.Option<OrganisationStanding>,
  context: {
    readonly tenantId: TenantId
    readonly organisationId: string
    readonly date: LocalDate.LocalDate
  },
): Result.Result<OrganisationStanding, OrgNotEligible> => {
  const reason = ineligibilityOf(standing, context)
  if (reason === undefined && Option.isSome(standing)) return Result.succeed(standing.value)
  return Result.fail(
    new OrgNotEligible({
      tenantId: context.tenantId,
      organisationId: context.organisationId,
      date: context.date,
      reason: reason ?? "notRegistered",
    }),
  )
}
