import { assert, describe, it } from "@effect/vitest"
import { Errors, Registries } from "@karya/core"

const samples: ReadonlyArray<Errors.DomainError.DomainError> = [
  new Registries.Aadhaar.AadhaarInvalid({ field: "identity.documentNumber", reason: "checksumFailed" }),
  new Registries.AadhaarGateway.AadhaarNotVerified({ txn: "t-1" }),
  new Registries.AadhaarGateway.AadhaarCheckFailed({ txn: "t-1", reason: "no response" }),
  new Registries.Boundary.BoundaryExists({ stateTenantId: "od", boundaryCode: "WARD_01" }),
  new Registries.Boundary.BoundaryNotFound({ stateTenantId: "od", boundaryCode: "WARD_09" }),
  new Registries.WageSeeker.WageSeekerExists({
    documentType: "EPIC",
    existingWageSeekerId: "w-1",
    existingTenantId: "od.dhenkanal",
  }),
  new Registries.WageSeeker.WageSeekerNotFound({ tenantId: "od.dhenkanal", wageSeekerId: "w-1" }),
  new Registries.WageSeeker.UnderAge({
    dateOfBirth: "2010-01-01",
    registrationDate: "2024-06-10",
    minimumAgeYears: 18,
  }),
  new Registries.WageSeeker.BankAccountShared({ otherWageSeekerIds: ["w-1"] }),
  new Registries.Organisation.OrgExists({ externalRegistrationId: "REG-1", existingOrganisationId: "o-1" }),
  new Registries.Organisation.OrganisationNotFound({ tenantId: "od.dhenkanal", organisationId: "o-1" }),
  new Registries.RegistryUnavailable.RegistryUnavailable({
    port: "WageSeekerRepository",
    reason: "connection refused",
  }),
  new Registries.SensitiveFieldCipher.SealedTextUnreadable({ scheme: "kms" }),
  new Registries.SensitiveFieldCipher.CipherUnavailable({ reason: "timeout" }),
]

describe("registries errors", () => {
  it("IND-1 / IND-2 / ORG-3 / AAD-1 / BND-1: each error class is registered, its code is its name, and its message is actionable", () => {
    assert.strictEqual(Registries.errorClasses.length, samples.length)
    for (const errorClass of Registries.errorClasses) {
      assert.strictEqual(Errors.DomainError.codeOfClassName(errorClass.name), errorClass.code)
      const sample = samples.find((error) => error._tag === errorClass.name)
      assert.isDefined(sample, errorClass.name)
      assert.strictEqual(sample?.code, errorClass.code)
      assert.isTrue(Errors.DomainError.isDomainError(sample))
      assert.isAbove(sample?.message.length ?? 0, 30)
    }
    const codes = samples.map((error) => error.code)
    assert.includeMembers(codes, ["AADHAAR_INVALID", "UNDER_AGE", "WAGE_SEEKER_EXISTS", "ORG_EXISTS"])
    assert.deepStrictEqual(
      samples.filter((error) => error.retryable).map((error) => error.code),
      ["AADHAAR_CHECK_FAILED", "REGISTRY_UNAVAILABLE", "CIPHER_UNAVAILABLE"],
    )
  })
})
