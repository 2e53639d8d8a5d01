import { assert, describe, it } from "@effect/vitest"
import { Config, Contracts, Time } from "@karya/core"
import { Option, Result } from "effect"

const { OrganisationEligibility } = Contracts
const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const date = Time.LocalDate.makeUnsafe("2024-06-03")
const cbo: Contracts.Organisations.OrganisationStanding = {
  organisationId: "cbo-1",
  tenantId,
  name: "Maa Tarini SHG",
  type: "CBO",
  status: "active",
  validFrom: Time.LocalDate.makeUnsafe("2023-04-01"),
  validTo: Time.LocalDate.makeUnsafe("2024-06-03"),
}

const reasonOf = (standing: Option.Option<Contracts.Organisations.OrganisationStanding>) =>
  OrganisationEligibility.ineligibilityOf(standing, { tenantId, date })

describe("OrganisationEligibility", () => {
  it("WO-1: an active CBO of the tenant whose validity ends on the creation date is eligible", () => {
    assert.isUndefined(reasonOf(Option.some(cbo)))
    const checked = OrganisationEligibility.checkEligibility(Option.some(cbo), {
      tenantId,
      organisationId: "cbo-1",
      date,
    })
    assert.deepStrictEqual(checked, Result.succeed(cbo))
    const { validTo: _validTo, ...openEnded } = cbo
    assert.isUndefined(reasonOf(Option.some(openEnded)))
  })

  it("WO-1: vendors, inactive, debarred, expired, not-yet-valid, unknown and other tenants' organisations are ORG_NOT_ELIGIBLE", () => {
    assert.strictEqual(reasonOf(Option.some({ ...cbo, type: "vendor" })), "notCbo")
    assert.strictEqual(reasonOf(Option.some({ ...cbo, status: "inactive" })), "inactive")
    assert.strictEqual(reasonOf(Option.some({ ...cbo, status: "debarred" })), "debarred")
    assert.strictEqual(
      reasonOf(Option.some({ ...cbo, validTo: Time.LocalDate.makeUnsafe("2024-06-02") })),
      "validityEnded",
    )
    assert.strictEqual(
      reasonOf(Option.some({ ...cbo, validFrom: Time.LocalDate.makeUnsafe("2024-06-04") })),
      "notYetValid",
    )
    assert.strictEqual(reasonOf(Option.none()), "notRegistered")
    assert.strictEqual(
      reasonOf(Option.some({ ...cbo, tenantId: Config.TenantId.makeUnsafe("od.cuttack") })),
      "notRegistered",
    )
    const refused = OrganisationEligibility.checkEligibility(Option.some({ ...cbo, status: "debarred" }), {
      tenantId,
      organisationId: "cbo-1",
      date,
    })
    assert.isTrue(Result.isFailure(refused))
    if (Result.isFailure(refused)) {
      assert.strictEqual(refused.failure.code, "ORG_NOT_ELIGIBLE")
      assert.strictEqual(refused.failure.reason, "debarred")
      assert.include(refused.failure.message, "cbo-1 is debarred")
    }
  })

  it("ORG-3: only active organisations whose validity covers the date are eligible", () => {
    const first = Time.LocalDate.makeUnsafe("2023-04-01")
    assert.isUndefined(OrganisationEligibility.ineligibilityOf(Option.some(cbo), { tenantId, date: first }))
    assert.strictEqual(
      OrganisationEligibility.ineligibilityOf(Option.some(cbo), {
        tenantId,
        date: Time.LocalDate.addDays(first, -1),
      }),
      "notYetValid",
    )
  })
})
