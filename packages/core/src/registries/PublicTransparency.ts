/**
 * The public transparency view of the registries (PRIV-4): what an
 * unauthenticated, read-only page (Antyodaya, SAMAGRA social audit) may show
 * about wage seekers: counts only, by ULB, gender and social category, with
 * no personal data at all. The projection is built field by field from an
 * explicit list, so a field added to the record later can never leak into
 * it. Person-days per muster roll are projected by the attendance module
 * (`MusterRoll.toPublicSummary`).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { WageSeeker } from "./WageSeeker.js"

/**
 * Wage seeker counts for the public view (PRIV-4).
 *
 * @since 0.1.0
 * @category models
 */
export const PublicWageSeekerCounts = Schema.Struct({
  tenantId: Schema.String,
  wageSeekers: Schema.Int,
  byGender: Schema.Struct({ FEMALE: Schema.Int, MALE: Schema.Int, TRANSGENDER: Schema.Int }),
  bySocialCategory: Schema.Struct({
    SC: Schema.Int,
    ST: Schema.Int,
    OBC: Schema.Int,
    OTHER: Schema.Int,
    NOT_STATED: Schema.Int,
  }),
})

/**
 * @since 0.1.0
 * @category models
 */
export type PublicWageSeekerCounts = typeof PublicWageSeekerCounts.Type

/**
 * Counts the wage seekers of each tenant (PRIV-4), tenants in code order.
 * The result holds only tenant ids and integers: no id, number, name, date
 * of birth, mobile, address, document or account of anyone.
 *
 * @since 0.1.0
 * @category conversions
 */
export const countWageSeekers = (
  wageSeekers: ReadonlyArray<Pick<WageSeeker, "tenantId" | "gender" | "socialCategory">>,
): ReadonlyArray<PublicWageSeekerCounts> => {
  const byTenant = new Map<string, Array<Pick<WageSeeker, "gender" | "socialCategory">>>()
  for (const wageSeeker of wageSeekers) {
    byTenant.set(wageSeeker.tenantId, [...(byTenant.get(wageSeeker.tenantId) ?? []), wageSeeker])
  }
  return [...byTenant.entries()]
    .toSorted(([left], [right]) => (left < right ? -1 : 1))
    .map(([tenantId, members]) => {
      const count = (predicate: (member: (typeof members)[number]) => boolean) =>
        members.filter(predicate).length
      return {
        tenantId,
        wageSeekers: members.length,
        byGender: {
          FEMALE: count((member) => member.gender === "FEMALE"),
          MALE: count((member) => member.gender === "MALE"),
          TRANSGENDER: count((member) => member.gender === "TRANSGENDER"),
        },
        bySocialCategory: {
          SC: count((member) => member.socialCategory === "SC"),
          ST: count((member) => member.socialCategory === "ST"),
          OBC: count((member) => member.socialCategory === "OBC"),
          OTHER: count((member) => member.socialCategory === "OTHER"),
          NOT_STATED: count((member) => member.socialCategory === undefined),
        },
      }
    })
}
