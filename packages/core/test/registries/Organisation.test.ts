import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Config, Errors, Money, Persistence, Registries, Time, type Workflow } from "@karya/core"
import {
  OrganisationRepositorySuite,
  registriesTestLayer,
  sampleOrganisationInput,
} from "@karya/core/testing"
import { DateTime, Effect, Layer, Option } from "effect"
import { TestClock } from "effect/testing"

const { Organisation, OrganisationRepository, OrganisationUseCases, UnmaskedReadLog } = Registries

OrganisationRepositorySuite("OrganisationRepository.layerMemory", OrganisationRepository.layerMemory)

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")
const configuration = Config.TenantConfiguration.mukta({ tenantId: dhenkanal, cityCode: "DK" })
const tenantId = dhenkanal
/** The registries ports in memory, with the ULB's configuration. */
const layer = () => Layer.merge(registriesTestLayer(), Config.TenantSettings.layerMemory([configuration]))
const registrar: Workflow.Actor.Actor = {
  userId: "registrar",
  grants: [{ role: "ORGANISATION_REGISTRAR", tenantId: dhenkanal }],
}
const date = Time.LocalDate.makeUnsafe

const start = TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T06:00:00Z")))

const register = (organisation: Registries.Organisation.OrganisationInput) =>
  OrganisationUseCases.registerOrganisation({ tenantId, actor: registrar, organisation })

const problemsOf = (error: unknown): ReadonlyArray<string> =>
  error instanceof Errors.ValidationFailed
    ? error.problems.map((problem) => `${problem.field}:${problem.code}`)
    : []

const storedWithRegistrationId = (externalRegistrationId: string) =>
  OrganisationRepository.OrganisationRepository.use((repository) =>
    Persistence.AggregateStore.findFirst(repository, {
      tenantId: dhenkanal,
      where: { externalRegistrationId },
    }),
  )

const gstinAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

describe("Organisation", () => {
  it.effect(
    "ORG-1 / ORG-2: a registered organisation is numbered VO-{fy}-{seq:6}, active, with its owner as admin",
    () =>
      Effect.gen(function* () {
        yield* start
        const organisation = yield* register(sampleOrganisationInput({ subType: " msg " }))
        assert.strictEqual(organisation.number, "VO-2024-25-000001")
        assert.strictEqual(organisation.status, "ACTIVE")
        assert.strictEqual(organisation.subType, "MSG")
        assert.deepStrictEqual(organisation.taxIdentifiers, { pan: "AAPFU0939F", gstin: "27AAPFU0939F1ZV" })
        assert.deepStrictEqual(
          organisation.staff.map((member) => [member.name, member.role, member.employedFrom, member.status]),
          [
            ["Kuni Behera", "ADMIN", "2022-05-10", "ACTIVE"],
            ["Lata Sahu", "MANAGER", "2022-05-10", "ACTIVE"],
          ],
        )
        assert.strictEqual(organisation.bankAccount.accountNumberLastFourDigits, "5678")
        assert.notInclude(JSON.stringify(organisation), "30412345678")
        const second = yield* register(
          sampleOrganisationInput({ externalRegistrationId: "MS/DKL/2022/0043" }),
        )
        assert.strictEqual(second.number, "VO-2024-25-000002")
        assert.strictEqual(
          second.staff[0]?.userId,
          organisation.staff[0]?.userId,
          "ORG-2: one mobile number, one user",
        )
      }).pipe(Effect.provide(layer())),
  )

  it.effect("ORG-1 / ERR-3: every problem of the form is reported at once and nothing is stored", () =>
    Effect.gen(function* () {
      yield* start
      const input = sampleOrganisationInput({
        name: "",
        subType: "mission shakti",
        externalRegistrationId: "REG-BAD",
        classGrade: {
          grade: "A",
          workValueMin: Money.Amount.makeUnsafe("500000"),
          workValueMax: Money.Amount.makeUnsafe("100000"),
        },
        totalMembers: -1,
        documents: Array.from({ length: 21 }, (_, index) => `doc-${index}`),
        headOfficeAddress: { street: "", locality: "Kunjakanta", city: "", pinCode: "75900" },
        owner: { name: "Kuni Behera", mobileNumber: "1234567890" },
        taxIdentifiers: { pan: "AAPF0939FU", gstin: "27AAPFU0939F1ZW" },
        staff: [
          {
            name: "Lata",
            mobileNumber: "1234567890",
            role: "MANAGER",
            employedFrom: date("2024-01-02"),
            employedTo: date("2024-01-01"),
          },
        ],
      })
      const refused = yield* Effect.flip(register(input))
      assert.deepStrictEqual(problemsOf(refused), [
        "name:NAME_INVALID",
        "subType:SUB_TYPE_INVALID",
        "classGrade.workValueMax:GRADE_RANGE_INVALID",
        "totalMembers:TOTAL_MEMBERS_INVALID",
        "documents:DOCUMENTS_TOO_MANY",
        "headOfficeAddress.street:ADDRESS_INVALID",
        "headOfficeAddress.city:ADDRESS_INVALID",
        "headOfficeAddress.pinCode:PIN_CODE_INVALID",
        "owner.mobileNumber:MOBILE_NUMBER_INVALID",
        "taxIdentifiers.pan:PAN_INVALID",
        "taxIdentifiers.gstin:GSTIN_INVALID",
        "staff[0].mobileNumber:MOBILE_NUMBER_INVALID",
        "staff[0].mobileNumber:STAFF_DUPLICATE",
        "staff[0].employedTo:STAFF_PERIOD_INVALID",
      ])
      assert.isTrue(Option.isNone(yield* storedWithRegistrationId("REG-BAD")))
      const tooMany = yield* Effect.flip(
        register(
          sampleOrganisationInput({
            staff: Array.from({ length: 100 }, (_, index) => ({
              name: `Member ${index}`,
              mobileNumber: `9${String(index).padStart(9, "0")}`,
              role: "MANAGER" as const,
              employedFrom: date("2024-01-01"),
            })),
          }),
        ),
      )
      assert.deepStrictEqual(problemsOf(tooMany), ["staff:STAFF_TOO_MANY"])
      const noId = yield* Effect.flip(register(sampleOrganisationInput({ externalRegistrationId: " " })))
      assert.deepStrictEqual(problemsOf(noId), ["externalRegistrationId:REGISTRATION_ID_INVALID"])
    }).pipe(Effect.provide(layer())),
  )

  it("ORG-1: PAN is five letters, four digits and a letter; a GSTIN's last character is its check character", () => {
    assert.isTrue(Organisation.isPan("ABCDE1234F"))
    assert.isFalse(Organisation.isPan("ABCD12345F"))
    assert.isTrue(Organisation.isGstin("27AAPFU0939F1ZV"))
    assert.isFalse(Organisation.isGstin("27AAPFU0939F1ZW"))
    assert.isFalse(Organisation.isGstin("27AAPFU0939F1YV"))
    assert.isFalse(Organisation.isGstin("27AAPFU0939F1Z"))
    assert.strictEqual(Organisation.gstinCheckCharacter("27AAPFU0939F1Z"), "V")
  })

  test.prop([
    fc.integer({ min: 1, max: 37 }),
    fc.stringMatching(/^[A-Z]{5}[0-9]{4}[A-Z]$/),
    fc.constantFrom(..."123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    fc.integer({ min: 1, max: 35 }),
  ])(
    "ORG-1: a GSTIN with its computed check character is valid; any other check character is refused",
    (state, pan, entity, shift) => {
      const first14 = `${String(state).padStart(2, "0")}${pan}${entity}Z`
      const check = Organisation.gstinCheckCharacter(first14)
      assert.isTrue(Organisation.isGstin(`${first14}${check}`))
      const other = gstinAlphabet[(gstinAlphabet.indexOf(check) + shift) % 36]
      assert.isFalse(Organisation.isGstin(`${first14}${other}`))
    },
  )

  it.effect(
    "ORG-3: no two organisations of a tenant share a registration id (ORG_EXISTS), and nothing is stored",
    () =>
      Effect.gen(function* () {
        yield* start
        const first = yield* register(sampleOrganisationInput())
        const refused = yield* Effect.flip(register(sampleOrganisationInput({ name: "Another group" })))
        assert.strictEqual(refused.code, "ORG_EXISTS")
        if (refused instanceof Organisation.OrgExists)
          assert.strictEqual(refused.existingOrganisationId, first.id)
        const stored = yield* storedWithRegistrationId("MS/DKL/2022/0042")
        assert.strictEqual(Option.getOrUndefined(stored)?.name, first.name)
        const next = yield* register(sampleOrganisationInput({ externalRegistrationId: "MS/DKL/2022/0043" }))
        assert.strictEqual(next.number, "VO-2024-25-000002", "ERR-2: the refusal took no number")
        const noRole = yield* Effect.flip(
          OrganisationUseCases.registerOrganisation({
            tenantId,
            actor: { userId: "x", grants: [] },
            organisation: sampleOrganisationInput(),
          }),
        )
        assert.strictEqual(noRole.code, "ROLE_NOT_ALLOWED")
      }).pipe(Effect.provide(layer())),
  )

  it.effect("ORG-3: only active organisations whose validity covers the date are eligible", () =>
    Effect.gen(function* () {
      yield* start
      const organisation = yield* register(sampleOrganisationInput())
      assert.isTrue(Organisation.isEligibleOn(organisation, date("2024-06-10")))
      assert.isTrue(Organisation.isEligibleOn(organisation, date("2027-05-09")))
      assert.strictEqual(Organisation.ineligibilityOn(organisation, date("2027-05-10")), "expired")
      assert.strictEqual(Organisation.ineligibilityOn(organisation, date("2022-05-09")), "notYetValid")
      const statusChange = { tenantId, actor: registrar, organisationId: organisation.id }
      const debarred = yield* OrganisationUseCases.setOrganisationStatus({
        ...statusChange,
        version: 1,
        status: "DEBARRED",
      })
      assert.strictEqual(Organisation.ineligibilityOn(debarred, date("2024-06-10")), "debarred")
      const inactive = yield* OrganisationUseCases.setOrganisationStatus({
        ...statusChange,
        version: 2,
        status: "INACTIVE",
      })
      assert.strictEqual(Organisation.ineligibilityOn(inactive, date("2024-06-10")), "inactive")
      assert.isFalse(Organisation.isEligibleOn(inactive, date("2024-06-10")))
      const stale = yield* Effect.flip(
        OrganisationUseCases.setOrganisationStatus({ ...statusChange, version: 2, status: "ACTIVE" }),
      )
      assert.strictEqual(stale.code, "STALE_VERSION")
      const noRole = yield* Effect.flip(
        OrganisationUseCases.setOrganisationStatus({
          ...statusChange,
          actor: { userId: "x", grants: [] },
          version: 3,
          status: "ACTIVE",
        }),
      )
      assert.strictEqual(noRole.code, "ROLE_NOT_ALLOWED")
      const missing = yield* Effect.flip(
        OrganisationUseCases.setOrganisationStatus({
          ...statusChange,
          organisationId: "nobody",
          version: 1,
          status: "ACTIVE",
        }),
      )
      assert.strictEqual(missing.code, "ORGANISATION_NOT_FOUND")
      const open = { ...organisation, validity: { effectiveFrom: date("2022-01-01") } }
      assert.isTrue(Organisation.isEligibleOn(open, date("2099-01-01")))
    }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "ORG-2: staff are added by the organisation's admin or a registrar; a mobile number is one user and once per organisation",
    () =>
      Effect.gen(function* () {
        yield* start
        const organisation = yield* register(sampleOrganisationInput())
        const admin = { userId: organisation.staff[0]?.userId ?? "", grants: [] }
        const manager = { userId: organisation.staff[1]?.userId ?? "", grants: [] }
        const newcomer = {
          name: "Puspa Das",
          mobileNumber: "9777012345",
          role: "MANAGER" as const,
          employedFrom: date("2024-06-01"),
        }
        const request = { tenantId, organisationId: organisation.id, staff: newcomer }
        const notAdmin = yield* Effect.flip(
          OrganisationUseCases.addStaffMember({ ...request, actor: manager, version: 1 }),
        )
        assert.strictEqual(notAdmin.code, "ROLE_NOT_ALLOWED")
        const added = yield* OrganisationUseCases.addStaffMember({ ...request, actor: admin, version: 1 })
        assert.strictEqual(added.staff.length, 3)
        assert.strictEqual(added.version, 2)
        const twice = yield* Effect.flip(
          OrganisationUseCases.addStaffMember({ ...request, actor: registrar, version: 2 }),
        )
        assert.deepStrictEqual(problemsOf(twice), ["staff[0].mobileNumber:STAFF_DUPLICATE"])
        const other = yield* register(
          sampleOrganisationInput({
            externalRegistrationId: "OTHER-1",
            owner: { name: "Puspa Das", mobileNumber: "9777012345" },
          }),
        )
        assert.strictEqual(other.staff[0]?.userId, added.staff[2]?.userId)
        const repository = yield* OrganisationRepository.OrganisationRepository
        const ofUser = yield* repository.find({
          tenantId: dhenkanal,
          where: { staffUserIds: added.staff[2]?.userId ?? "" },
          orderBy: "number",
          limit: 100,
        })
        assert.deepStrictEqual(
          ofUser.items.map((each) => each.number),
          [organisation.number, other.number],
        )
        assert.deepStrictEqual(
          Organisation.activeStaffOn(added, date("2024-05-31")).map((member) => member.name),
          ["Kuni Behera", "Lata Sahu"],
        )
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "PRIV-1 / PRIV-3: an organisation's account, IFSC and mobiles are masked unless VIEW_ORG_UNMASKED, which is recorded",
    () =>
      Effect.gen(function* () {
        yield* start
        const organisation = yield* register(sampleOrganisationInput())
        const query = { tenantId: dhenkanal, organisationId: organisation.id }
        const masked = yield* OrganisationUseCases.viewOrganisation({ ...query, actor: registrar })
        assert.deepStrictEqual(
          [
            masked.bankAccount.accountNumber,
            masked.bankAccount.ifsc,
            masked.owner.mobileNumber,
            masked.staff[1]?.mobileNumber,
          ],
          ["********5678", "SBIN*****34", "******2345", "******2346"],
        )
        const viewer = { userId: "auditor", grants: [{ role: "VIEW_ORG_UNMASKED", tenantId: dhenkanal }] }
        const unmasked = yield* OrganisationUseCases.viewOrganisation({ ...query, actor: viewer })
        assert.deepStrictEqual(
          [unmasked.bankAccount.accountNumber, unmasked.bankAccount.ifsc, unmasked.owner.mobileNumber],
          ["30412345678", "SBIN0001234", "9861012345"],
        )
        const entries = yield* (yield* UnmaskedReadLog.UnmaskedReadLog).entriesFor({
          tenantId: dhenkanal,
          recordId: organisation.id,
        })
        assert.deepStrictEqual(
          entries.map((entry) => [entry.actorId, entry.recordKind, entry.purpose]),
          [["auditor", "organisation", "view"]],
        )
      }).pipe(Effect.provide(layer())),
  )

  it.effect("IND-4: an organisation payee's bank account is frozen for a payment instruction", () =>
    Effect.gen(function* () {
      yield* start
      const organisation = yield* register(sampleOrganisationInput())
      const frozen = yield* OrganisationUseCases.freezeOrganisationBankAccount({
        tenantId: dhenkanal,
        organisationId: organisation.id,
        actorId: "system",
      })
      assert.deepStrictEqual(frozen.payee, {
        kind: "organisation",
        id: organisation.id,
        number: "VO-2024-25-000001",
        name: "Maa Tarini Mission Shakti Group",
        mobileNumber: "9861012345",
        address: "Station Road, Kunjakanta, Dhenkanal, 759001",
      })
      assert.strictEqual(frozen.bankAccount.accountNumber, "30412345678")
      assert.strictEqual(frozen.sourceVersion, 1)
    }).pipe(Effect.provide(layer())),
  )
})
