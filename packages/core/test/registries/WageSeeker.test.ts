import { assert, describe, it } from "@effect/vitest"
import { Config, Errors, Persistence, Registries, Time, type Workflow } from "@karya/core"
import {
  registriesTestLayer,
  sampleBoundaryRequests,
  sampleWageSeekerInput,
  WageSeekerRepositorySuite,
  withTenantConfiguration,
} from "@karya/core/testing"
import { DateTime, Effect, Layer, Option } from "effect"
import { TestClock } from "effect/testing"

const {
  Aadhaar,
  BankAccount,
  BoundaryUseCases,
  KeyedHash,
  UnmaskedReadLog,
  WageSeeker,
  WageSeekerRepository,
} = Registries
const { WageSeekerUseCases } = Registries

WageSeekerRepositorySuite("WageSeekerRepository.layerMemory", WageSeekerRepository.layerMemory)

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")
const cuttack = Config.TenantId.makeUnsafe("od.cuttack")
const configuration = Config.TenantConfiguration.mukta({ tenantId: dhenkanal, cityCode: "DK" })
const cuttackConfiguration = Config.TenantConfiguration.mukta({ tenantId: cuttack, cityCode: "CTC" })
/** The registries ports in memory, with both ULBs' configurations. */
const layer = (options: Parameters<typeof registriesTestLayer>[0] = {}) =>
  Layer.merge(
    registriesTestLayer(options),
    Config.TenantSettings.layerMemory([configuration, cuttackConfiguration]),
  )

const actorWith = (role: string, tenantId: Config.TenantId.TenantId = dhenkanal): Workflow.Actor.Actor => ({
  userId: `user-${role.toLowerCase()}`,
  grants: [{ role, tenantId }],
})
const registrar: Workflow.Actor.Actor = {
  userId: "registrar",
  grants: [
    { role: "WAGE_SEEKER_REGISTRAR", tenantId: dhenkanal },
    { role: "WAGE_SEEKER_REGISTRAR", tenantId: cuttack },
  ],
}

const aadhaarOf = (body: string): string => `${body}${Aadhaar.verhoeffCheckDigit(body)}`
const validAadhaar = aadhaarOf("23456789012")
const otherAadhaar = aadhaarOf("34567890123")

const startOn = (iso: string) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(iso)))
    yield* Effect.forEach(sampleBoundaryRequests(dhenkanal), BoundaryUseCases.addBoundary)
    yield* Effect.forEach(
      sampleBoundaryRequests(cuttack, { codePrefix: "CTC_" }).slice(1),
      BoundaryUseCases.addBoundary,
    )
  })

// 10 June 2024, 11:30 in Dhenkanal.
const start = startOn("2024-06-10T06:00:00Z")

// A ULB that refuses shared bank accounts (IND-2); MUKTA allows them.
const refusingShared: typeof configuration = {
  ...configuration,
  wageSeekers: { sharedBankAccounts: "refused" },
}

const register = (
  input: Registries.WageSeeker.WageSeekerInput,
  options: { readonly tenant?: typeof configuration } = {},
) =>
  WageSeekerUseCases.registerWageSeeker({
    tenantId: (options.tenant ?? configuration).tenantId,
    actor: registrar,
    wageSeeker: input,
  }).pipe(withTenantConfiguration(options.tenant ?? configuration))

// What a registration of `input` could have changed: the holder of its identity, the wage
// seekers paid into its account, and the next number of the series (no gap, no write).
const stateAround = (input: Registries.WageSeeker.WageSeekerInput) =>
  Effect.gen(function* () {
    const repository = yield* WageSeekerRepository.WageSeekerRepository
    const identityKey = yield* KeyedHash.searchKeyOf({
      kind: "identityDocument",
      documentType: input.identity.documentType,
      documentNumber: input.identity.documentNumber,
    })
    const holder = yield* Persistence.AggregateStore.findFirst(repository, {
      tenantId: dhenkanal,
      reach: "state",
      where: { identityDocumentType: input.identity.documentType, identitySearchKey: identityKey },
    })
    const sharing = yield* repository.find({
      tenantId: dhenkanal,
      where: { bankAccountSearchKey: yield* BankAccount.searchKeyOf(input.bankAccount) },
      orderBy: "number",
      limit: 100,
    })
    return { holder: Option.getOrUndefined(holder), sharing: sharing.items }
  })

const problemsOf = (error: unknown): ReadonlyArray<string> =>
  error instanceof Errors.ValidationFailed
    ? error.problems.map((problem) => `${problem.field}:${problem.code}`)
    : []

const gateway = (answer: Registries.AadhaarGateway.AadhaarAnswer | "checkFailed") => {
  const calls: Array<Registries.AadhaarGateway.AadhaarAuthenticationRequest> = []
  return {
    calls,
    layer: layer({
      aadhaarScript: (request) => {
        calls.push(request)
        return answer
      },
    }),
  }
}

describe("WageSeeker registration", () => {
  it.effect("IND-1: a valid registration keeps every field and is numbered IND-{fy}-{seq:6}", () =>
    Effect.gen(function* () {
      yield* start
      const { wageSeeker, sharesBankAccountWith } = yield* register(sampleWageSeekerInput())
      assert.strictEqual(wageSeeker.number, "IND-2024-25-000001")
      assert.strictEqual(wageSeeker.registeredOn, "2024-06-10")
      assert.strictEqual(wageSeeker.version, 1)
      assert.strictEqual(wageSeeker.name, "Sabita Nayak")
      assert.deepStrictEqual(wageSeeker.skills, ["LAB_UNSKILLED"])
      assert.deepStrictEqual(wageSeeker.address, {
        ulbCode: "od.dhenkanal",
        wardCode: "WARD_01",
        localityCode: "LOC_01_A",
        street: "Gandhi Marg",
        doorNumber: "12/3",
        pinCode: "759001",
      })
      assert.deepStrictEqual(wageSeeker.guardian, { name: "Ramesh Nayak", relationship: "HUSBAND" })
      assert.strictEqual(wageSeeker.socialCategory, "OBC")
      assert.strictEqual(wageSeeker.identity.documentType, "EPIC")
      assert.strictEqual(wageSeeker.bankAccount.accountNumberLastFourDigits, "7621")
      assert.deepStrictEqual(sharesBankAccountWith, [])
      const history = yield* WageSeekerUseCases.wageSeekerHistory({
        tenantId: dhenkanal,
        wageSeekerId: wageSeeker.id,
        limit: 100,
      })
      assert.deepStrictEqual(
        history.items.map((entry) => [entry.action, entry.actorId, entry.version]),
        [["REGISTERED", registrar.userId, 1]],
      )
      const second = yield* register(
        sampleWageSeekerInput({
          identity: { documentType: "DRIVING_LICENCE", documentNumber: "od-05 2011 0012345" },
        }),
      )
      assert.strictEqual(second.wageSeeker.number, "IND-2024-25-000002")
      assert.deepStrictEqual(second.sharesBankAccountWith, [wageSeeker.id])
    }).pipe(Effect.provide(layer())),
  )

  it.effect("IND-1 / ERR-3: every field problem is reported at once and nothing is stored", () =>
    Effect.gen(function* () {
      yield* start
      const input = sampleWageSeekerInput({
        identity: { documentType: "EPIC", documentNumber: "AB12" },
        name: "  ",
        mobileNumber: "5437012345",
        skills: ["LAB_UNSKILLED", "LAB_TEA_TASTER", "LAB_UNSKILLED"],
        address: {
          wardCode: "WARD_02",
          localityCode: "LOC_01_A",
          street: "",
          doorNumber: "1",
          pinCode: "07590",
        },
        bankAccount: {
          holderName: "Sabita",
          accountNumber: "12345678",
          accountNumberConfirmation: "12345679",
          accountType: "SAVINGS",
          ifsc: "ICIC1001247",
        },
      })
      const before = yield* stateAround(input)
      const refused = yield* Effect.flip(register(input))
      assert.strictEqual(refused.code, "VALIDATION_FAILED")
      assert.deepStrictEqual(problemsOf(refused), [
        "identity.documentNumber:IDENTITY_NUMBER_INVALID",
        "name:NAME_INVALID",
        "mobileNumber:MOBILE_NUMBER_INVALID",
        "skills[2]:SKILL_DUPLICATE",
        "address.street:ADDRESS_LINE_INVALID",
        "address.pinCode:PIN_CODE_INVALID",
        "bankAccount.accountNumber:ACCOUNT_NUMBER_INVALID",
        "bankAccount.accountNumberConfirmation:ACCOUNT_NUMBER_MISMATCH",
        "bankAccount.ifsc:IFSC_INVALID",
        "address.localityCode:ADDRESS_BOUNDARY_INVALID",
      ])
      assert.deepStrictEqual(yield* stateAround(input), before)
      const skills = yield* Effect.flip(
        register(
          sampleWageSeekerInput({
            skills: ["LAB_TEA_TASTER"],
            address: { ...sampleWageSeekerInput().address, wardCode: "WARD_09" },
          }),
        ),
      )
      assert.deepStrictEqual(problemsOf(skills), [
        "skills[0]:SKILL_UNKNOWN",
        "address.wardCode:ADDRESS_BOUNDARY_INVALID",
        "address.localityCode:ADDRESS_BOUNDARY_INVALID",
      ])
      const none = yield* Effect.flip(register(sampleWageSeekerInput({ skills: [] })))
      assert.deepStrictEqual(problemsOf(none), ["skills:SKILLS_MISSING"])
      const many = yield* Effect.flip(
        register(sampleWageSeekerInput({ skills: Array.from({ length: 11 }, (_, i) => `S${i}`) })),
      )
      assert.deepStrictEqual(problemsOf(many), ["skills:SKILLS_TOO_MANY"])
      const badCode = yield* Effect.flip(register(sampleWageSeekerInput({ skills: ["not a code"] })))
      assert.deepStrictEqual(problemsOf(badCode), ["skills[0]:SKILL_INVALID"])
      const ration = yield* Effect.flip(
        register(
          sampleWageSeekerInput({ identity: { documentType: "TPDS_RATION_CARD", documentNumber: "#1" } }),
        ),
      )
      assert.deepStrictEqual(problemsOf(ration), ["identity.documentNumber:IDENTITY_NUMBER_INVALID"])
      assert.strictEqual((yield* register(sampleWageSeekerInput())).wageSeeker.number, "IND-2024-25-000001")
    }).pipe(Effect.provide(layer())),
  )

  it.effect("IND-1: UNDER_AGE: 18 on the registration date is accepted, a day younger is refused", () =>
    Effect.gen(function* () {
      yield* start
      const young = sampleWageSeekerInput({ dateOfBirth: Time.LocalDate.makeUnsafe("2006-06-11") })
      const before = yield* stateAround(young)
      const refused = yield* Effect.flip(register(young))
      assert.strictEqual(refused.code, "UNDER_AGE")
      if (refused instanceof WageSeeker.UnderAge) {
        assert.strictEqual(refused.registrationDate, "2024-06-10")
        assert.include(refused.message, "under 18")
      }
      assert.deepStrictEqual(yield* stateAround(young), before)
      const adult = yield* register(
        sampleWageSeekerInput({ dateOfBirth: Time.LocalDate.makeUnsafe("2006-06-10") }),
      )
      assert.strictEqual(adult.wageSeeker.dateOfBirth, "2006-06-10")
    }).pipe(Effect.provide(layer())),
  )

  it("IND-1: a 29 February birthday comes of age on 1 March of a non-leap year", () => {
    const leapling = Time.LocalDate.makeUnsafe("2004-02-29")
    assert.strictEqual(WageSeeker.birthdayAtAge(leapling, 18), "2022-03-01")
    assert.strictEqual(WageSeeker.birthdayAtAge(leapling, 20), "2024-02-29")
    assert.isFalse(
      WageSeeker.isOfAgeOn({ dateOfBirth: leapling, on: Time.LocalDate.makeUnsafe("2022-02-28") }),
    )
    assert.isTrue(
      WageSeeker.isOfAgeOn({ dateOfBirth: leapling, on: Time.LocalDate.makeUnsafe("2022-03-01") }),
    )
  })

  it.effect(
    "IND-2: one wage seeker per identity document in the state: WAGE_SEEKER_EXISTS names the existing id",
    () =>
      Effect.gen(function* () {
        yield* start
        const first = yield* register(sampleWageSeekerInput())
        const again = sampleWageSeekerInput({
          identity: { documentType: "EPIC", documentNumber: " abc1234567 " },
          address: {
            ...sampleWageSeekerInput().address,
            wardCode: "CTC_WARD_01",
            localityCode: "CTC_LOC_01_A",
          },
          bankAccount: {
            ...sampleWageSeekerInput().bankAccount,
            accountNumber: "99887766554",
            accountNumberConfirmation: "99887766554",
          },
        })
        const refused = yield* Effect.flip(register(again, { tenant: cuttackConfiguration }))
        assert.strictEqual(refused.code, "WAGE_SEEKER_EXISTS")
        if (refused instanceof WageSeeker.WageSeekerExists) {
          assert.strictEqual(refused.existingWageSeekerId, first.wageSeeker.id)
          assert.strictEqual(refused.existingTenantId, "od.dhenkanal")
        }
        const inCuttack = yield* (yield* WageSeekerRepository.WageSeekerRepository).find({
          tenantId: cuttack,
          orderBy: "number",
          limit: 100,
          where: { bankAccountSearchKey: yield* BankAccount.searchKeyOf(again.bankAccount) },
        })
        assert.deepStrictEqual(inCuttack.items, [], "ERR-2: the refused registration stored nothing")
        const otherDocument = yield* register(
          sampleWageSeekerInput({
            identity: { documentType: "DRIVING_LICENCE", documentNumber: "ABC1234567" },
          }),
        )
        assert.strictEqual(otherDocument.wageSeeker.number, "IND-2024-25-000002")
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "IND-2: a shared family account is allowed and reported by default; BANK_ACCOUNT_SHARED where refused",
    () =>
      Effect.gen(function* () {
        yield* start
        const first = yield* register(sampleWageSeekerInput())
        const spouse = sampleWageSeekerInput({
          identity: { documentType: "EPIC", documentNumber: "XYZ7654321" },
          name: "Ramesh Nayak",
          gender: "MALE",
          guardian: { name: "Hari Nayak", relationship: "FATHER" },
        })
        const before = yield* stateAround(spouse)
        assert.strictEqual(configuration.wageSeekers.sharedBankAccounts, "allowed", "MUKTA allows them")
        const refused = yield* Effect.flip(register(spouse, { tenant: refusingShared }))
        assert.strictEqual(refused.code, "BANK_ACCOUNT_SHARED")
        if (refused instanceof WageSeeker.BankAccountShared)
          assert.deepStrictEqual(refused.otherWageSeekerIds, [first.wageSeeker.id])
        assert.deepStrictEqual(yield* stateAround(spouse), before)
        const allowed = yield* register(spouse)
        assert.deepStrictEqual(allowed.sharesBankAccountWith, [first.wageSeeker.id])
      }).pipe(Effect.provide(layer())),
  )
})

describe("WageSeeker Aadhaar", () => {
  const withAadhaar = (number: string) =>
    sampleWageSeekerInput({ identity: { documentType: "AADHAAR", documentNumber: number } })

  it.effect(
    "AAD-1: an invalid Aadhaar is refused with AADHAAR_INVALID before any call to the gateway",
    () => {
      const { calls, layer } = gateway({ ret: "y" })
      return Effect.gen(function* () {
        yield* start
        const wrong = `${validAadhaar.slice(0, 11)}${(Number(validAadhaar[11]) + 1) % 10}`
        const before = yield* stateAround(withAadhaar(wrong))
        const refused = yield* Effect.flip(register(withAadhaar(wrong)))
        assert.strictEqual(refused.code, "AADHAAR_INVALID")
        assert.strictEqual(calls.length, 0)
        assert.deepStrictEqual(yield* stateAround(withAadhaar(wrong)), before)
      }).pipe(Effect.provide(layer))
    },
  )

  it.effect(
    'AAD-2 / AAD-3: a registration with Aadhaar must pass the gateway: "n" is AADHAAR_NOT_VERIFIED',
    () => {
      const { calls, layer } = gateway({ ret: "n" })
      return Effect.gen(function* () {
        yield* start
        const input = withAadhaar(validAadhaar)
        const before = yield* stateAround(input)
        const refused = yield* Effect.flip(register(input))
        assert.strictEqual(refused.code, "AADHAAR_NOT_VERIFIED")
        assert.include(refused.message, "Aadhaar details do not match")
        assert.strictEqual(calls.length, 1)
        assert.deepInclude(calls[0], {
          uid: validAadhaar,
          uidType: "A",
          consent: "Y",
          name: "Sabita Nayak",
          gender: "F",
        })
        assert.strictEqual(calls[0]?.dob, "1990-06-15")
        assert.deepStrictEqual(yield* stateAround(input), before)
      }).pipe(Effect.provide(layer))
    },
  )

  it.effect(
    "AAD-2: an error or no response is AADHAAR_CHECK_FAILED, retryable, and nothing is stored",
    () => {
      const { layer } = gateway("checkFailed")
      return Effect.gen(function* () {
        yield* start
        const input = withAadhaar(validAadhaar)
        const before = yield* stateAround(input)
        const refused = yield* Effect.flip(register(input))
        assert.strictEqual(refused.code, "AADHAAR_CHECK_FAILED")
        assert.isTrue(refused.retryable)
        assert.notInclude(refused.message, validAadhaar)
        assert.deepStrictEqual(yield* stateAround(input), before)
      }).pipe(Effect.provide(layer))
    },
  )

  it.effect("AAD-3: EPIC, driving licence and ration card are registered without the gateway", () => {
    const { calls, layer } = gateway("checkFailed")
    return Effect.gen(function* () {
      yield* start
      yield* register(sampleWageSeekerInput())
      yield* register(
        sampleWageSeekerInput({
          identity: { documentType: "TPDS_RATION_CARD", documentNumber: "RC/22/0001" },
        }),
      )
      assert.strictEqual(calls.length, 0)
    }).pipe(Effect.provide(layer))
  })

  it.effect(
    "AAD-4 / PRIV-2: at rest an Aadhaar is the vault token (or sealed) plus its last 4 digits; never in full anywhere",
    () => {
      const { layer } = gateway({ ret: "y", uidToken: "vault-token-1" })
      return Effect.gen(function* () {
        yield* start
        const { wageSeeker } = yield* register(withAadhaar(validAadhaar))
        assert.deepStrictEqual(wageSeeker.identity.documentType === "AADHAAR" && wageSeeker.identity.vault, {
          kind: "token",
          uidToken: "vault-token-1",
        })
        const stored = JSON.stringify(wageSeeker)
        assert.notInclude(stored, validAadhaar)
        assert.notInclude(stored, "123456787621")
        const unmasker = actorWith("VIEW_WS_UNMASKED")
        const masked = yield* WageSeekerUseCases.viewWageSeeker({
          tenantId: dhenkanal,
          wageSeekerId: wageSeeker.id,
          actor: registrar,
        })
        const unmasked = yield* WageSeekerUseCases.viewWageSeeker({
          tenantId: dhenkanal,
          wageSeekerId: wageSeeker.id,
          actor: unmasker,
        })
        assert.strictEqual(masked.identity.documentNumber, "Undisclosed")
        assert.strictEqual(unmasked.identity.documentNumber, `********${validAadhaar.slice(-4)}`)
        assert.notInclude(JSON.stringify(unmasked), validAadhaar)
        const history = yield* WageSeekerUseCases.wageSeekerHistory({
          tenantId: dhenkanal,
          wageSeekerId: wageSeeker.id,
          limit: 100,
        })
        assert.notInclude(JSON.stringify(history), validAadhaar)
        const repository = yield* WageSeekerRepository.WageSeekerRepository
        const searchKey = yield* KeyedHash.searchKeyOf({
          kind: "identityDocument",
          documentType: "AADHAAR",
          documentNumber: validAadhaar,
        })
        const found = yield* Persistence.AggregateStore.findFirst(repository, {
          tenantId: dhenkanal,
          reach: "state",
          where: { identityDocumentType: "AADHAAR", identitySearchKey: searchKey },
        })
        assert.strictEqual(Option.getOrUndefined(found)?.id, wageSeeker.id)
      }).pipe(Effect.provide(layer))
    },
  )

  it.effect(
    "AAD-4: without a vault token the Aadhaar is kept sealed, and opens only through the cipher",
    () => {
      const { layer } = gateway({ ret: "y" })
      return Effect.gen(function* () {
        yield* start
        const { wageSeeker } = yield* register(withAadhaar(validAadhaar))
        const { identity } = wageSeeker
        assert.strictEqual(identity.documentType, "AADHAAR")
        if (identity.documentType === "AADHAAR" && identity.vault.kind === "sealed") {
          assert.strictEqual(identity.lastFourDigits, validAadhaar.slice(-4))
          assert.strictEqual(yield* Registries.SensitiveFieldCipher.open(identity.vault.sealed), validAadhaar)
        } else {
          assert.fail("a registration without a vault token keeps the number sealed")
        }
      }).pipe(Effect.provide(layer))
    },
  )
})

describe("WageSeeker views and history", () => {
  it.effect(
    "PRIV-1 / PRIV-3: responses are masked unless the caller holds VIEW_WS_UNMASKED, and every unmasked read is recorded",
    () =>
      Effect.gen(function* () {
        yield* start
        const { wageSeeker } = yield* register(sampleWageSeekerInput())
        const query = { tenantId: dhenkanal, wageSeekerId: wageSeeker.id }
        const masked = yield* WageSeekerUseCases.viewWageSeeker({ ...query, actor: registrar })
        assert.deepStrictEqual(masked.bankAccount, {
          holderName: "Sabita Nayak",
          accountNumber: "********7621",
          accountType: "SAVINGS",
          ifsc: "ICIC*****47",
        })
        assert.strictEqual(masked.mobileNumber, "******2345")
        assert.strictEqual(masked.identity.documentNumber, "ABC1234567")
        const log = yield* UnmaskedReadLog.UnmaskedReadLog
        assert.deepStrictEqual(yield* log.entriesFor({ tenantId: dhenkanal, recordId: wageSeeker.id }), [])
        const stateViewer = actorWith("VIEW_WS_UNMASKED", Config.TenantId.makeUnsafe("od"))
        const unmasked = yield* WageSeekerUseCases.viewWageSeeker({ ...query, actor: stateViewer })
        assert.strictEqual(unmasked.bankAccount.accountNumber, "123456787621")
        assert.strictEqual(unmasked.bankAccount.ifsc, "ICIC0001247")
        assert.strictEqual(unmasked.mobileNumber, "9437012345")
        const entries = yield* log.entriesFor({ tenantId: dhenkanal, recordId: wageSeeker.id })
        assert.deepStrictEqual(
          entries.map((entry) => [
            entry.actorId,
            entry.purpose,
            entry.recordKind,
            DateTime.formatIso(entry.at),
          ]),
          [[stateViewer.userId, "view", "wageSeeker", "2024-06-10T06:00:00.000Z"]],
        )
        const missing = yield* Effect.flip(
          WageSeekerUseCases.viewWageSeeker({
            tenantId: dhenkanal,
            wageSeekerId: "nobody",
            actor: registrar,
          }),
        )
        assert.strictEqual(missing.code, "WAGE_SEEKER_NOT_FOUND")
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "IND-3: modification needs the right role and the current version, and every change is kept with sensitive fields masked",
    () =>
      Effect.gen(function* () {
        yield* start
        const { wageSeeker } = yield* register(sampleWageSeekerInput())
        const change = {
          tenantId: dhenkanal,
          wageSeekerId: wageSeeker.id,
          changes: {
            mobileNumber: "9861099999",
            bankAccount: {
              ...sampleWageSeekerInput().bankAccount,
              accountNumber: "55554444333",
              accountNumberConfirmation: "55554444333",
            },
          },
        }
        const citizen = actorWith("CITIZEN")
        const noRole = yield* Effect.flip(
          WageSeekerUseCases.modifyWageSeeker({ ...change, actor: citizen, version: 1 }),
        )
        assert.strictEqual(noRole.code, "ROLE_NOT_ALLOWED")
        const stale = yield* Effect.flip(
          WageSeekerUseCases.modifyWageSeeker({ ...change, actor: registrar, version: 7 }),
        )
        assert.strictEqual(stale.code, "STALE_VERSION")
        yield* TestClock.adjust("1 hour")
        const orgAdmin = actorWith("ORG_ADMIN")
        const modified = yield* WageSeekerUseCases.modifyWageSeeker({
          ...change,
          actor: orgAdmin,
          version: 1,
        })
        assert.strictEqual(modified.version, 2)
        assert.strictEqual(modified.mobileNumber, "9861099999")
        assert.strictEqual(modified.bankAccount.accountNumberLastFourDigits, "4333")
        assert.strictEqual(modified.number, wageSeeker.number)
        const history = yield* WageSeekerUseCases.wageSeekerHistory({
          tenantId: dhenkanal,
          wageSeekerId: wageSeeker.id,
          limit: 100,
        })
        const last = history.items.at(-1)
        assert.deepStrictEqual([last?.action, last?.actorId, last?.version], ["MODIFIED", orgAdmin.userId, 2])
        assert.strictEqual(last && DateTime.formatIso(last.at), "2024-06-10T07:00:00.000Z")
        assert.strictEqual(last?.before?.bankAccount.accountNumber, "********7621")
        assert.strictEqual(last?.after.bankAccount.accountNumber, "********4333")
        assert.strictEqual(last?.after.mobileNumber, "******9999")
        assert.notInclude(JSON.stringify(history), "55554444333")
        assert.notInclude(JSON.stringify(history), "9861099999")
        const replay = yield* Effect.flip(
          WageSeekerUseCases.modifyWageSeeker({ ...change, actor: registrar, version: 1 }),
        )
        assert.strictEqual(replay.code, "STALE_VERSION")
      }).pipe(Effect.provide(layer())),
  )

  it.effect("IND-3: changing the Aadhaar number re-runs AAD-2; other changes do not call the gateway", () => {
    const { calls, layer } = gateway({ ret: "y", uidToken: "token" })
    return Effect.gen(function* () {
      yield* start
      const { wageSeeker } = yield* register(
        sampleWageSeekerInput({ identity: { documentType: "AADHAAR", documentNumber: validAadhaar } }),
      )
      assert.strictEqual(calls.length, 1)
      const base = {
        tenantId: dhenkanal,
        actor: registrar,
        wageSeekerId: wageSeeker.id,
      }
      const renamed = yield* WageSeekerUseCases.modifyWageSeeker({
        ...base,
        version: 1,
        changes: { name: "Sabita Nayak Das" },
      })
      const sameNumber = yield* WageSeekerUseCases.modifyWageSeeker({
        ...base,
        version: renamed.version,
        changes: { identity: { documentType: "AADHAAR", documentNumber: validAadhaar } },
      })
      assert.strictEqual(calls.length, 1)
      const invalid = yield* Effect.flip(
        WageSeekerUseCases.modifyWageSeeker({
          ...base,
          version: sameNumber.version,
          changes: { identity: { documentType: "AADHAAR", documentNumber: "123456789012" } },
        }),
      )
      assert.strictEqual(invalid.code, "AADHAAR_INVALID")
      const changed = yield* WageSeekerUseCases.modifyWageSeeker({
        ...base,
        version: sameNumber.version,
        changes: { identity: { documentType: "AADHAAR", documentNumber: otherAadhaar } },
      })
      assert.strictEqual(calls.length, 2)
      assert.strictEqual(calls[1]?.uid, otherAadhaar)
      assert.strictEqual(calls[1]?.name, "Sabita Nayak Das")
      assert.isTrue(
        changed.identity.documentType === "AADHAAR" &&
          changed.identity.lastFourDigits === otherAadhaar.slice(-4),
      )
    }).pipe(Effect.provide(layer))
  })

  it.effect(
    "IND-2 / IND-1: a modification onto another's document, or making the wage seeker under age, is refused unchanged",
    () =>
      Effect.gen(function* () {
        yield* start
        const first = yield* register(sampleWageSeekerInput())
        const second = yield* register(
          sampleWageSeekerInput({
            identity: { documentType: "EPIC", documentNumber: "XYZ7654321" },
            bankAccount: {
              ...sampleWageSeekerInput().bankAccount,
              accountNumber: "99887766554",
              accountNumberConfirmation: "99887766554",
            },
          }),
        )
        const base = { tenantId: dhenkanal, actor: registrar, wageSeekerId: second.wageSeeker.id, version: 1 }
        const clash = yield* Effect.flip(
          WageSeekerUseCases.modifyWageSeeker({
            ...base,
            changes: { identity: { documentType: "EPIC", documentNumber: "ABC1234567" } },
          }),
        )
        assert.strictEqual(clash.code, "WAGE_SEEKER_EXISTS")
        const young = yield* Effect.flip(
          WageSeekerUseCases.modifyWageSeeker({
            ...base,
            changes: { dateOfBirth: Time.LocalDate.makeUnsafe("2010-01-01") },
          }),
        )
        assert.strictEqual(young.code, "UNDER_AGE")
        const sharing = yield* Effect.flip(
          WageSeekerUseCases.modifyWageSeeker({
            ...base,
            changes: { bankAccount: sampleWageSeekerInput().bankAccount },
          }).pipe(withTenantConfiguration(refusingShared)),
        )
        assert.strictEqual(sharing.code, "BANK_ACCOUNT_SHARED")
        const form = yield* Effect.flip(
          WageSeekerUseCases.modifyWageSeeker({
            ...base,
            changes: { mobileNumber: "12" },
          }),
        )
        assert.deepStrictEqual(problemsOf(form), ["mobileNumber:MOBILE_NUMBER_INVALID"])
        const stored = yield* WageSeekerUseCases.getWageSeeker({
          tenantId: dhenkanal,
          wageSeekerId: second.wageSeeker.id,
        })
        assert.deepStrictEqual(stored, second.wageSeeker)
        const other = yield* WageSeekerUseCases.modifyWageSeeker({
          ...base,
          changes: {
            guardian: { name: " Hari ", relationship: "FATHER" },
            socialCategory: "SC",
            skills: ["LAB_SKILLED", "LAB_UNSKILLED"],
            address: { ...sampleWageSeekerInput().address, wardCode: "WARD_02", localityCode: "LOC_02_A" },
            photoReference: "photo-1",
            gender: "TRANSGENDER",
          },
        })
        assert.deepStrictEqual(
          [
            other.guardian.name,
            other.socialCategory,
            other.skills,
            other.address.wardCode,
            other.photoReference,
            other.gender,
          ],
          ["Hari", "SC", ["LAB_SKILLED", "LAB_UNSKILLED"], "WARD_02", "photo-1", "TRANSGENDER"],
        )
        assert.strictEqual(first.wageSeeker.version, 1)
      }).pipe(Effect.provide(layer())),
  )

  it.effect("IND-4: a PI's frozen bank account keeps its value after the registry record changes", () =>
    Effect.gen(function* () {
      yield* start
      const { wageSeeker } = yield* register(sampleWageSeekerInput())
      const query = { tenantId: dhenkanal, wageSeekerId: wageSeeker.id, actorId: "system" }
      const frozen = yield* WageSeekerUseCases.freezeWageSeekerBankAccount(query)
      assert.deepStrictEqual(frozen.bankAccount, {
        holderName: "Sabita Nayak",
        accountNumber: "123456787621",
        accountType: "SAVINGS",
        ifsc: "ICIC0001247",
      })
      assert.deepStrictEqual(frozen.payee, {
        kind: "individual",
        id: wageSeeker.id,
        number: "IND-2024-25-000001",
        name: "Sabita Nayak",
        mobileNumber: "9437012345",
        address: "12/3, Gandhi Marg, LOC_01_A, WARD_01, od.dhenkanal, 759001",
      })
      assert.strictEqual(frozen.sourceVersion, 1)
      assert.isTrue(Object.isFrozen(frozen) && Object.isFrozen(frozen.bankAccount))
      yield* WageSeekerUseCases.modifyWageSeeker({
        tenantId: dhenkanal,
        actor: registrar,
        wageSeekerId: wageSeeker.id,
        version: 1,
        changes: {
          bankAccount: {
            ...sampleWageSeekerInput().bankAccount,
            accountNumber: "55554444333",
            accountNumberConfirmation: "55554444333",
          },
        },
      })
      const refrozen = yield* WageSeekerUseCases.freezeWageSeekerBankAccount(query)
      assert.strictEqual(frozen.bankAccount.accountNumber, "123456787621")
      assert.strictEqual(refrozen.bankAccount.accountNumber, "55554444333")
      assert.strictEqual(refrozen.sourceVersion, 2)
      const log = yield* (yield* UnmaskedReadLog.UnmaskedReadLog).entriesFor({
        tenantId: dhenkanal,
        recordId: wageSeeker.id,
      })
      assert.deepStrictEqual(
        log.map((entry) => [entry.actorId, entry.purpose]),
        [
          ["system", "payment"],
          ["system", "payment"],
        ],
      )
    }).pipe(Effect.provide(layer())),
  )
})
