/**
 * Test support for the registries module (spec 09-registries.md, AAD-1,
 * AAD-4): valid Aadhaar numbers as a fast-check arbitrary, sample forms and
 * records, a test Layer with every registries port in memory, and the
 * conformance suites every implementation of the registries' store ports
 * must pass (memory, PGlite, server Postgres). Suites draw fresh tenants and
 * ids for each test, so they also pass against a database that keeps its
 * state between runs.
 *
 * @since 0.1.0
 */
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Exit, Layer, Option } from "effect"
import * as fc from "fast-check"
import * as TenantId from "../config/TenantId.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import * as IdSequence from "../ids/IdSequence.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { sha256Hex } from "../persistence/internal/CanonicalJson.js"
import * as Aadhaar from "../registries/Aadhaar.js"
import * as AadhaarGateway from "../registries/AadhaarGateway.js"
import * as Boundary from "../registries/Boundary.js"
import * as BoundaryRepository from "../registries/BoundaryRepository.js"
import type { AddBoundaryRequest } from "../registries/BoundaryUseCases.js"
import * as Registries from "../registries/index.js"
import * as KeyedHash from "../registries/KeyedHash.js"
import * as LabourSkills from "../registries/LabourSkills.js"
import type * as Organisation from "../registries/Organisation.js"
import * as OrganisationRepository from "../registries/OrganisationRepository.js"
import * as SensitiveFieldCipher from "../registries/SensitiveFieldCipher.js"
import * as UnmaskedReadLog from "../registries/UnmaskedReadLog.js"
import type * as WageSeeker from "../registries/WageSeeker.js"
import * as WageSeekerRepository from "../registries/WageSeekerRepository.js"
import * as LocalDate from "../time/LocalDate.js"
import { type AggregateSeed, type AggregateStoreFixture, AggregateStoreSuite } from "./AggregateStoreSuite.js"
import { type ConformanceLaw, registerConformanceLaws } from "./ConformanceLaws.js"

/**
 * Valid Aadhaar numbers (AAD-1): a first digit 2–9, ten random digits and
 * the Verhoeff check digit.
 *
 * @since 0.1.0
 * @category testing
 */
export const aadhaarNumberArbitrary: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 2, max: 9 }),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 }),
  )
  .map(([first, rest]) => {
    const body = `${first}${rest.join("")}`
    return `${body}${Aadhaar.verhoeffCheckDigit(body)}`
  })

/**
 * The labour skill codes the test layer knows (MUKTA's four skill levels).
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleLabourSkillCodes: ReadonlyArray<string> = [
  "LAB_UNSKILLED",
  "LAB_SEMI_SKILLED",
  "LAB_SKILLED",
  "LAB_HIGHLY_SKILLED",
]

/**
 * Every registries port in memory, plus the `IdSequence`: the Aadhaar
 * gateway answers as `aadhaarScript` says (default: every number valid, with
 * a vault token), the labour skills are `sampleLabourSkillCodes`.
 *
 * @since 0.1.0
 * @category testing
 */
export const registriesTestLayer = (
  options: {
    readonly aadhaarScript?: AadhaarGateway.AadhaarScript
    readonly labourSkillCodes?: ReadonlyArray<string>
  } = {},
) =>
  Layer.mergeAll(
    Registries.layerMemory,
    KeyedHash.layerMemory,
    SensitiveFieldCipher.layerMemory,
    LabourSkills.layerMemory(options.labourSkillCodes ?? sampleLabourSkillCodes),
    AadhaarGateway.layerMemory(
      options.aadhaarScript ?? ((request) => ({ ret: "y", uidToken: `token-${request.txn}` })),
    ),
    IdSequence.layerMemory,
  )

/**
 * The boundary requests of a small hierarchy around a ULB tenant (BND-1),
 * top first: the state, a district, the ULB, wards `WARD_01` and `WARD_02`,
 * and localities `LOC_01_A` (ward 1) and `LOC_02_A` (ward 2). Codes are
 * unique per state, so a second ULB of the same state takes a `codePrefix`
 * for its district, wards and localities (and skips the state node with
 * `.slice(1)`).
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleBoundaryRequests = (
  ulbTenantId: TenantId.TenantId,
  options: { readonly codePrefix?: string } = {},
): ReadonlyArray<AddBoundaryRequest> => {
  const state = TenantId.stateTenantOf(ulbTenantId)
  const prefix = options.codePrefix ?? ""
  const district = `${prefix}${state.toUpperCase()}_DISTRICT_01`
  const ward = (number: string) => `${prefix}WARD_${number}`
  return [
    { tenantId: ulbTenantId, code: state, name: "State", level: "state", lgdCode: "21" },
    {
      tenantId: ulbTenantId,
      code: district,
      name: "District",
      level: "district",
      parentCode: state,
      lgdCode: "374",
    },
    {
      tenantId: ulbTenantId,
      code: ulbTenantId,
      name: "City",
      level: "ulb",
      parentCode: district,
      lgdCode: "800220",
    },
    { tenantId: ulbTenantId, code: ward("01"), name: "Ward 1", level: "ward", parentCode: ulbTenantId },
    { tenantId: ulbTenantId, code: ward("02"), name: "Ward 2", level: "ward", parentCode: ulbTenantId },
    {
      tenantId: ulbTenantId,
      code: `${prefix}LOC_01_A`,
      name: "Locality 1A",
      level: "locality",
      parentCode: ward("01"),
    },
    {
      tenantId: ulbTenantId,
      code: `${prefix}LOC_02_A`,
      name: "Locality 2A",
      level: "locality",
      parentCode: ward("02"),
    },
  ]
}

/**
 * A valid registration form (IND-1) with an EPIC document; override any
 * section.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleWageSeekerInput = (
  overrides: Partial<WageSeeker.WageSeekerInput> = {},
): WageSeeker.WageSeekerInput => ({
  identity: { documentType: "EPIC", documentNumber: "ABC1234567" },
  name: "Sabita Nayak",
  dateOfBirth: LocalDate.makeUnsafe("1990-06-15"),
  gender: "FEMALE",
  guardian: { name: "Ramesh Nayak", relationship: "HUSBAND" },
  mobileNumber: "9437012345",
  socialCategory: "OBC",
  skills: ["LAB_UNSKILLED"],
  address: {
    wardCode: "WARD_01",
    localityCode: "LOC_01_A",
    street: "Gandhi Marg",
    doorNumber: "12/3",
    pinCode: "759001",
  },
  bankAccount: {
    holderName: "Sabita Nayak",
    accountNumber: "123456787621",
    accountNumberConfirmation: "123456787621",
    accountType: "SAVINGS",
    ifsc: "ICIC0001247",
  },
  ...overrides,
})

/**
 * A valid organisation form (ORG-1): a CBO with a valid PAN and GSTIN;
 * override any field.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleOrganisationInput = (
  overrides: Partial<Organisation.OrganisationInput> = {},
): Organisation.OrganisationInput => ({
  name: "Maa Tarini Mission Shakti Group",
  type: "CBO",
  subType: "MSG",
  registeredDepartment: "Mission Shakti",
  registeredOn: LocalDate.makeUnsafe("2022-05-10"),
  externalRegistrationId: "MS/DKL/2022/0042",
  validity: {
    effectiveFrom: LocalDate.makeUnsafe("2022-05-10"),
    effectiveTo: LocalDate.makeUnsafe("2027-05-09"),
  },
  documents: ["doc-registration-certificate"],
  headOfficeAddress: { street: "Station Road", locality: "Kunjakanta", city: "Dhenkanal", pinCode: "759001" },
  billingAddress: { street: "Station Road", locality: "Kunjakanta", city: "Dhenkanal", pinCode: "759001" },
  owner: { name: "Kuni Behera", mobileNumber: "9861012345" },
  contactPerson: { name: "Kuni Behera", mobileNumber: "9861012345" },
  totalMembers: 12,
  bankAccount: {
    holderName: "Maa Tarini MSG",
    accountNumber: "30412345678",
    accountNumberConfirmation: "30412345678",
    accountType: "SAVINGS",
    ifsc: "SBIN0001234",
  },
  taxIdentifiers: { pan: "AAPFU0939F", gstin: "27AAPFU0939F1ZV" },
  staff: [
    {
      name: "Lata Sahu",
      mobileNumber: "9861012346",
      role: "MANAGER",
      designation: "Secretary",
      employedFrom: LocalDate.makeUnsafe("2022-05-10"),
    },
  ],
  ...overrides,
})

const letters = "qrstuvwxyz"

/**
 * A fresh state tenant and a ULB under it, for suites that must not meet
 * earlier data.
 *
 * @since 0.1.0
 * @category testing
 */
export const freshTenants: Effect.Effect<{
  readonly state: TenantId.TenantId
  readonly ulb: TenantId.TenantId
}> = Effect.map(EntityId.make, (id) => {
  const code = id
    .replace(/-/g, "")
    .slice(0, 8)
    .replace(/\d/g, (digit) => letters[Number(digit)] ?? "q")
  return { state: TenantId.makeUnsafe(code), ulb: TenantId.makeUnsafe(`${code}.city`) }
})

const freshSearchKey: Effect.Effect<KeyedHash.SearchKey> = Effect.map(
  EntityId.make,
  (id) => id.replace(/-/g, "") as KeyedHash.SearchKey,
)

const testInstant = DateTime.makeUnsafe("2024-04-01T04:30:00.000Z")

/**
 * A stored wage seeker record for repository suites: valid shape, fake
 * sealed values.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleWageSeekerRecord = (options: {
  readonly id: EntityId.EntityId
  readonly tenantId: TenantId.TenantId
  readonly number: string
  readonly identitySearchKey: KeyedHash.SearchKey
  readonly bankAccountSearchKey: KeyedHash.SearchKey
}): WageSeeker.WageSeeker => ({
  id: options.id,
  tenantId: options.tenantId,
  number: HumanNumber.makeUnsafe(options.number),
  version: 1,
  registeredOn: LocalDate.makeUnsafe("2024-04-01"),
  identity: { documentType: "EPIC", documentNumber: "ABC1234567", searchKey: options.identitySearchKey },
  name: "Sabita Nayak",
  dateOfBirth: LocalDate.makeUnsafe("1990-06-15"),
  gender: "FEMALE",
  guardian: { name: "Ramesh Nayak", relationship: "HUSBAND" },
  mobileNumber: "9437012345",
  skills: ["LAB_UNSKILLED"],
  address: {
    ulbCode: options.tenantId,
    wardCode: "WARD_01",
    localityCode: "LOC_01_A",
    street: "Gandhi Marg",
    doorNumber: "12/3",
    pinCode: "759001",
  },
  bankAccount: {
    holderName: "Sabita Nayak",
    accountType: "SAVINGS",
    ifsc: "ICIC0001247",
    sealedAccountNumber: "test:sealed" as SensitiveFieldCipher.SealedText,
    accountNumberLastFourDigits: "7621",
    searchKey: options.bankAccountSearchKey,
  },
})

const historyOf = (wageSeeker: WageSeeker.WageSeeker, action: "REGISTERED" | "MODIFIED") => ({
  wageSeekerId: wageSeeker.id,
  tenantId: wageSeeker.tenantId,
  version: wageSeeker.version,
  action,
  actorId: "suite-user",
  at: testInstant,
  after: {
    id: wageSeeker.id,
    tenantId: wageSeeker.tenantId,
    number: wageSeeker.number,
    version: wageSeeker.version,
    registeredOn: wageSeeker.registeredOn,
    identity: { documentType: "EPIC" as const, documentNumber: "ABC1234567" },
    name: wageSeeker.name,
    dateOfBirth: wageSeeker.dateOfBirth,
    gender: wageSeeker.gender,
    guardian: wageSeeker.guardian,
    mobileNumber: "******2345",
    skills: wageSeeker.skills,
    address: wageSeeker.address,
    bankAccount: {
      holderName: "Sabita Nayak",
      accountNumber: "********7621",
      accountType: "SAVINGS" as const,
      ifsc: "ICIC*****47",
    },
  },
})

const freshWageSeeker = (tenantId: TenantId.TenantId, sequence: number) =>
  Effect.gen(function* () {
    return sampleWageSeekerRecord({
      id: yield* EntityId.make,
      tenantId,
      number: `IND-2024-25-${String(sequence).padStart(6, "0")}`,
      identitySearchKey: yield* freshSearchKey,
      bankAccountSearchKey: yield* freshSearchKey,
    })
  })

// A lookup by id as an option (the port fails with WAGE_SEEKER_NOT_FOUND).
const findById = (
  repository: WageSeekerRepository.WageSeekerRepositoryShape,
  key: { readonly tenantId: TenantId.TenantId; readonly id: string },
) =>
  repository.get(key).pipe(
    Effect.map(Option.some),
    Effect.catchTag("WageSeekerNotFound", () => Effect.succeed(Option.none<WageSeeker.WageSeeker>())),
  )

const wageSeekerRepositoryLaws: ReadonlyArray<ConformanceLaw<WageSeekerRepository.WageSeekerRepository>> = [
  [
    "IND-1 / TEN-1: a stored wage seeker is found by id, ids and number in its tenant only",
    Effect.gen(function* () {
      const repository = yield* WageSeekerRepository.WageSeekerRepository
      const { state, ulb } = yield* freshTenants
      const wageSeeker = yield* freshWageSeeker(ulb, 1)
      yield* repository.insert({ aggregate: wageSeeker, history: [historyOf(wageSeeker, "REGISTERED")] })
      const byId = yield* findById(repository, { tenantId: ulb, id: wageSeeker.id })
      assert.deepStrictEqual(Option.getOrUndefined(byId), wageSeeker)
      const byIds = yield* AggregateStore.findByIds(repository, {
        tenantId: ulb,
        ids: [wageSeeker.id, "unknown", wageSeeker.id],
      })
      assert.deepStrictEqual(byIds, [wageSeeker])
      assert.isTrue(
        Option.isSome(
          yield* AggregateStore.findFirst(repository, {
            tenantId: ulb,
            where: { number: wageSeeker.number },
          }),
        ),
      )
      const otherTenant = TenantId.makeUnsafe(`${state}.other`)
      assert.isTrue(Option.isNone(yield* findById(repository, { tenantId: otherTenant, id: wageSeeker.id })))
    }),
  ],
  [
    "IND-2: a second wage seeker with the same identity document in the state is refused",
    Effect.gen(function* () {
      const repository = yield* WageSeekerRepository.WageSeekerRepository
      const { state, ulb } = yield* freshTenants
      const first = yield* freshWageSeeker(ulb, 1)
      yield* repository.insert({ aggregate: first, history: [historyOf(first, "REGISTERED")] })
      const neighbourUlb = TenantId.makeUnsafe(`${state}.neighbour`)
      const second = { ...(yield* freshWageSeeker(neighbourUlb, 2)), identity: first.identity }
      const refused = yield* Effect.flip(
        repository.insert({ aggregate: second, history: [historyOf(second, "REGISTERED")] }),
      )
      assert.strictEqual(refused._tag, "WageSeekerExists")
      if (refused._tag === "WageSeekerExists") assert.strictEqual(refused.existingWageSeekerId, first.id)
      assert.isTrue(Option.isNone(yield* findById(repository, { tenantId: neighbourUlb, id: second.id })))
      const found = yield* AggregateStore.findFirst(repository, {
        tenantId: neighbourUlb,
        reach: "state",
        where: { identityDocumentType: "EPIC", identitySearchKey: first.identity.searchKey },
      })
      assert.strictEqual(Option.getOrUndefined(found)?.id, first.id)
    }),
  ],
  [
    "IND-2: the same identity document in another state is another wage seeker",
    Effect.gen(function* () {
      const repository = yield* WageSeekerRepository.WageSeekerRepository
      const first = yield* freshWageSeeker((yield* freshTenants).ulb, 1)
      const elsewhere = {
        ...(yield* freshWageSeeker((yield* freshTenants).ulb, 1)),
        identity: first.identity,
      }
      yield* repository.insert({ aggregate: first, history: [historyOf(first, "REGISTERED")] })
      yield* repository.insert({ aggregate: elsewhere, history: [historyOf(elsewhere, "REGISTERED")] })
      assert.isTrue(
        Option.isSome(yield* findById(repository, { tenantId: elsewhere.tenantId, id: elsewhere.id })),
      )
    }),
  ],
  [
    "DB-4 / IND-3: an update names the version it read; a stale one changes nothing; history is kept in order",
    Effect.gen(function* () {
      const repository = yield* WageSeekerRepository.WageSeekerRepository
      const { ulb } = yield* freshTenants
      const wageSeeker = yield* freshWageSeeker(ulb, 1)
      yield* repository.insert({ aggregate: wageSeeker, history: [historyOf(wageSeeker, "REGISTERED")] })
      const renamed = { ...wageSeeker, name: "Sabita Nayak Das", version: 2 }
      yield* repository.update({
        aggregate: renamed,
        expectedVersion: 1,
        history: [historyOf(renamed, "MODIFIED")],
      })
      const stale = { ...wageSeeker, name: "Stale", version: 2 }
      const exit = yield* Effect.exit(
        repository.update({
          aggregate: stale,
          expectedVersion: 1,
          history: [historyOf(stale, "MODIFIED")],
        }),
      )
      assert.isTrue(Exit.isFailure(exit))
      const stored = yield* findById(repository, { tenantId: ulb, id: wageSeeker.id })
      assert.strictEqual(Option.getOrUndefined(stored)?.name, "Sabita Nayak Das")
      const history = yield* repository.history({ tenantId: ulb, id: wageSeeker.id, limit: 100 })
      assert.deepStrictEqual(
        history.items.map((entry) => [entry.action, entry.version]),
        [
          ["REGISTERED", 1],
          ["MODIFIED", 2],
        ],
      )
    }),
  ],
  [
    "IND-2 / PRIV-2: wage seekers sharing a bank account are found by its search key, by number",
    Effect.gen(function* () {
      const repository = yield* WageSeekerRepository.WageSeekerRepository
      const { ulb } = yield* freshTenants
      const second = yield* freshWageSeeker(ulb, 2)
      const first = { ...(yield* freshWageSeeker(ulb, 1)), bankAccount: second.bankAccount }
      yield* repository.insert({ aggregate: second, history: [historyOf(second, "REGISTERED")] })
      yield* repository.insert({ aggregate: first, history: [historyOf(first, "REGISTERED")] })
      const sharing = yield* repository.find({
        tenantId: ulb,
        where: { bankAccountSearchKey: second.bankAccount.searchKey },
        orderBy: "number",
        limit: 100,
      })
      assert.deepStrictEqual(
        sharing.items.map((each) => each.id),
        [first.id, second.id],
      )
    }),
  ],
  [
    "IND-2: an update onto another wage seeker's identity document is refused",
    Effect.gen(function* () {
      const repository = yield* WageSeekerRepository.WageSeekerRepository
      const { ulb } = yield* freshTenants
      const first = yield* freshWageSeeker(ulb, 1)
      const second = yield* freshWageSeeker(ulb, 2)
      yield* repository.insert({ aggregate: first, history: [historyOf(first, "REGISTERED")] })
      yield* repository.insert({ aggregate: second, history: [historyOf(second, "REGISTERED")] })
      const clash = { ...second, identity: first.identity, version: 2 }
      const refused = yield* Effect.flip(
        repository.update({ aggregate: clash, expectedVersion: 1, history: [historyOf(clash, "MODIFIED")] }),
      )
      assert.strictEqual(refused._tag, "WageSeekerExists")
      const stored = yield* findById(repository, { tenantId: ulb, id: second.id })
      assert.strictEqual(Option.getOrUndefined(stored)?.version, 1)
    }),
  ],
]

// Deterministic ids and keys of a fixture seed (the suite draws the tenants).
const seedHex = (seed: AggregateSeed, salt: string): string =>
  sha256Hex(`${seed.tenantId}/${seed.index}/${salt}`)

const seedEntityId = (seed: AggregateSeed, salt: string): EntityId.EntityId => {
  const hex = seedHex(seed, salt)
  return EntityId.makeUnsafe(
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
  )
}

const makeWageSeeker = (seed: AggregateSeed): WageSeeker.WageSeeker =>
  sampleWageSeekerRecord({
    id: seedEntityId(seed, "id"),
    tenantId: seed.tenantId,
    number: `IND-2024-25-${String(seed.index + 1).padStart(6, "0")}`,
    identitySearchKey: seedHex(seed, "identity") as KeyedHash.SearchKey,
    bankAccountSearchKey: seedHex(seed, "account") as KeyedHash.SearchKey,
  })

/**
 * The wage seeker store's fixture for `AggregateStoreSuite`: the generic
 * laws plus the wage seeker's own (IND-1..IND-3, PRIV-2, TEN-1, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const wageSeekerStoreFixture: AggregateStoreFixture<
  WageSeekerRepository.WageSeekerRepository,
  WageSeeker.WageSeeker,
  keyof typeof WageSeekerRepository.descriptor.columns,
  WageSeeker.WageSeekerExists,
  WageSeeker.WageSeekerNotFound,
  WageSeeker.WageSeekerHistoryEntry
> = {
  port: WageSeekerRepository.WageSeekerRepository,
  descriptor: WageSeekerRepository.descriptor,
  make: makeWageSeeker,
  revise: (wageSeeker) => ({
    ...wageSeeker,
    version: wageSeeker.version + 1,
    name: `${wageSeeker.name} (revised ${wageSeeker.version + 1})`,
    bankAccount: {
      ...wageSeeker.bankAccount,
      searchKey: sha256Hex(
        `${wageSeeker.bankAccount.searchKey}/${wageSeeker.version + 1}`,
      ) as KeyedHash.SearchKey,
    },
  }),
  entry: (wageSeeker) => historyOf(wageSeeker, wageSeeker.version === 1 ? "REGISTERED" : "MODIFIED"),
  clash: (holder, seed) => ({ ...makeWageSeeker(seed), version: seed.version, identity: holder.identity }),
  laws: wageSeekerRepositoryLaws,
}

/**
 * Registers the conformance tests of a `WageSeekerRepository`
 * implementation: `AggregateStoreSuite` with `wageSeekerStoreFixture`.
 *
 * @since 0.1.0
 * @category testing
 */
export const WageSeekerRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<WageSeekerRepository.WageSeekerRepository, E>,
): void => AggregateStoreSuite(name, layer, wageSeekerStoreFixture)

/**
 * A stored organisation record for repository suites.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleOrganisationRecord = (options: {
  readonly id: EntityId.EntityId
  readonly tenantId: TenantId.TenantId
  readonly number: string
  readonly externalRegistrationId: string
  readonly staff: ReadonlyArray<Organisation.StaffMember>
}): Organisation.Organisation => {
  const { bankAccount: _bankAccount, staff: _staff, ...form } = sampleOrganisationInput()
  return {
    ...form,
    id: options.id,
    tenantId: options.tenantId,
    number: HumanNumber.makeUnsafe(options.number),
    version: 1,
    status: "ACTIVE",
    externalRegistrationId: options.externalRegistrationId,
    bankAccount: {
      holderName: "Maa Tarini MSG",
      accountType: "SAVINGS",
      ifsc: "SBIN0001234",
      sealedAccountNumber: "test:sealed" as SensitiveFieldCipher.SealedText,
      accountNumberLastFourDigits: "5678",
      searchKey: "0123456789abcdef0123456789abcdef" as KeyedHash.SearchKey,
    },
    staff: options.staff,
  }
}

const staffMember = (userId: string, mobileNumber: string): Organisation.StaffMember => ({
  userId,
  name: "Staff",
  mobileNumber,
  role: "ADMIN",
  employedFrom: LocalDate.makeUnsafe("2022-05-10"),
  status: "ACTIVE",
})

// A lookup by id as an option (the port fails with ORGANISATION_NOT_FOUND).
const findOrganisation = (
  repository: OrganisationRepository.OrganisationRepositoryShape,
  key: { readonly tenantId: TenantId.TenantId; readonly id: string },
) =>
  repository.get(key).pipe(
    Effect.map(Option.some),
    Effect.catchTag("OrganisationNotFound", () => Effect.succeed(Option.none<Organisation.Organisation>())),
  )

// The user id of the staff member with the mobile number in any organisation of the tenant's state.
const staffUserIdByMobileNumber = (
  repository: OrganisationRepository.OrganisationRepositoryShape,
  query: { readonly tenantId: TenantId.TenantId; readonly mobileNumber: string },
) =>
  Effect.map(
    AggregateStore.findFirst(repository, {
      tenantId: query.tenantId,
      reach: "state",
      where: { staffMobileNumbers: query.mobileNumber },
    }),
    Option.flatMapNullishOr(
      (organisation) =>
        organisation.staff.find((member) => member.mobileNumber === query.mobileNumber)?.userId,
    ),
  )

const organisationRepositoryLaws: ReadonlyArray<
  ConformanceLaw<OrganisationRepository.OrganisationRepository>
> = [
  [
    "ORG-1 / TEN-1: a stored organisation is found by id, number and registration id in its tenant",
    Effect.gen(function* () {
      const repository = yield* OrganisationRepository.OrganisationRepository
      const { ulb, state } = yield* freshTenants
      const organisation = sampleOrganisationRecord({
        id: yield* EntityId.make,
        tenantId: ulb,
        number: "VO-2024-25-000001",
        externalRegistrationId: "REG-1",
        staff: [],
      })
      yield* repository.insert({ aggregate: organisation })
      assert.deepStrictEqual(
        Option.getOrUndefined(yield* findOrganisation(repository, { tenantId: ulb, id: organisation.id })),
        organisation,
      )
      assert.isTrue(
        Option.isSome(
          yield* AggregateStore.findFirst(repository, {
            tenantId: ulb,
            where: { number: organisation.number },
          }),
        ),
      )
      const byRegistration = yield* AggregateStore.findFirst(repository, {
        tenantId: ulb,
        where: { externalRegistrationId: "REG-1" },
      })
      assert.strictEqual(Option.getOrUndefined(byRegistration)?.id, organisation.id)
      const other = TenantId.makeUnsafe(`${state}.other`)
      assert.isTrue(
        Option.isNone(yield* findOrganisation(repository, { tenantId: other, id: organisation.id })),
      )
    }),
  ],
  [
    "ORG-3: a second organisation with the same registration id in the tenant is refused, unchanged",
    Effect.gen(function* () {
      const repository = yield* OrganisationRepository.OrganisationRepository
      const { ulb, state } = yield* freshTenants
      const base = { tenantId: ulb, externalRegistrationId: "REG-1", staff: [] }
      const first = sampleOrganisationRecord({
        ...base,
        id: yield* EntityId.make,
        number: "VO-2024-25-000001",
      })
      const second = sampleOrganisationRecord({
        ...base,
        id: yield* EntityId.make,
        number: "VO-2024-25-000002",
      })
      yield* repository.insert({ aggregate: first })
      const refused = yield* Effect.flip(repository.insert({ aggregate: second }))
      assert.strictEqual(refused._tag, "OrgExists")
      assert.isTrue(Option.isNone(yield* findOrganisation(repository, { tenantId: ulb, id: second.id })))
      const elsewhere = { ...second, tenantId: TenantId.makeUnsafe(`${state}.other`) }
      yield* repository.insert({ aggregate: elsewhere })
    }),
  ],
  [
    "DB-4: an update names the version it read; a stale one changes nothing",
    Effect.gen(function* () {
      const repository = yield* OrganisationRepository.OrganisationRepository
      const { ulb } = yield* freshTenants
      const organisation = sampleOrganisationRecord({
        id: yield* EntityId.make,
        tenantId: ulb,
        number: "VO-2024-25-000001",
        externalRegistrationId: "REG-1",
        staff: [],
      })
      yield* repository.insert({ aggregate: organisation })
      yield* repository.update({
        aggregate: { ...organisation, status: "DEBARRED", version: 2 },
        expectedVersion: 1,
      })
      const stale = yield* Effect.flip(
        repository.update({
          aggregate: { ...organisation, status: "INACTIVE", version: 2 },
          expectedVersion: 1,
        }),
      )
      assert.strictEqual(stale._tag, "StaleVersion")
      const stored = yield* findOrganisation(repository, { tenantId: ulb, id: organisation.id })
      assert.strictEqual(Option.getOrUndefined(stored)?.status, "DEBARRED")
    }),
  ],
  [
    "ORG-2: a staff user is found by mobile number across the state, and organisations by their staff",
    Effect.gen(function* () {
      const repository = yield* OrganisationRepository.OrganisationRepository
      const { ulb, state } = yield* freshTenants
      const userId = yield* EntityId.make
      const organisation = sampleOrganisationRecord({
        id: yield* EntityId.make,
        tenantId: ulb,
        number: "VO-2024-25-000001",
        externalRegistrationId: "REG-1",
        staff: [staffMember(userId, "9000000001")],
      })
      yield* repository.insert({ aggregate: organisation })
      const neighbour = TenantId.makeUnsafe(`${state}.neighbour`)
      const found = yield* staffUserIdByMobileNumber(repository, {
        tenantId: neighbour,
        mobileNumber: "9000000001",
      })
      assert.strictEqual(Option.getOrUndefined(found), userId)
      const unknown = yield* staffUserIdByMobileNumber(repository, {
        tenantId: ulb,
        mobileNumber: "9000000002",
      })
      assert.isTrue(Option.isNone(unknown))
      const ofUser = yield* repository.find({
        tenantId: ulb,
        where: { staffUserIds: userId },
        orderBy: "number",
        limit: 100,
      })
      assert.deepStrictEqual(
        ofUser.items.map((each) => each.id),
        [organisation.id],
      )
    }),
  ],
  [
    "ORG-2: the staff lists follow every write; a list of users finds the organisations listing any of them, by number",
    Effect.gen(function* () {
      const repository = yield* OrganisationRepository.OrganisationRepository
      const { ulb } = yield* freshTenants
      const [kuni, lata, puspa] = [yield* EntityId.make, yield* EntityId.make, yield* EntityId.make]
      const second = sampleOrganisationRecord({
        id: yield* EntityId.make,
        tenantId: ulb,
        number: "VO-2024-25-000002",
        externalRegistrationId: "REG-2",
        staff: [staffMember(kuni, "9000000001"), staffMember(lata, "9000000002")],
      })
      const first = sampleOrganisationRecord({
        id: yield* EntityId.make,
        tenantId: ulb,
        number: "VO-2024-25-000001",
        externalRegistrationId: "REG-1",
        staff: [staffMember(puspa, "9000000003")],
      })
      yield* repository.insert({ aggregate: second })
      yield* repository.insert({ aggregate: first })
      const numbersWhere = (where: AggregateStore.Query<"staffUserIds" | "staffMobileNumbers">["where"]) =>
        Effect.map(repository.find({ tenantId: ulb, where, orderBy: "number", limit: 100 }), (page) =>
          page.items.map((each) => each.number),
        )
      assert.deepStrictEqual(yield* numbersWhere({ staffUserIds: [lata, puspa] }), [
        first.number,
        second.number,
      ])
      assert.deepStrictEqual(yield* numbersWhere({ staffUserIds: [] }), [])
      assert.deepStrictEqual(yield* numbersWhere({ staffUserIds: null }), [], "null is in no list")
      yield* repository.update({
        aggregate: { ...first, staff: [...first.staff, staffMember(lata, "9000000002")], version: 2 },
        expectedVersion: 1,
      })
      yield* repository.update({
        aggregate: { ...second, staff: [staffMember(kuni, "9000000001")], version: 2 },
        expectedVersion: 1,
      })
      assert.deepStrictEqual(yield* numbersWhere({ staffUserIds: lata }), [first.number])
      assert.deepStrictEqual(
        yield* numbersWhere({ staffMobileNumbers: "9000000002", staffUserIds: [kuni, lata] }),
        [first.number],
      )
    }),
  ],
]

const makeOrganisation = (seed: AggregateSeed): Organisation.Organisation =>
  sampleOrganisationRecord({
    id: seedEntityId(seed, "id"),
    tenantId: seed.tenantId,
    number: `ORG-2024-25-${String(seed.index + 1).padStart(6, "0")}`,
    externalRegistrationId: `REG-${seedHex(seed, "registration").slice(0, 12)}`,
    staff: [
      {
        userId: `user-${seedHex(seed, "user").slice(0, 12)}`,
        name: "Sabita Nayak",
        mobileNumber: `9${String(seed.index).padStart(9, "0")}`,
        role: "ADMIN",
        status: "ACTIVE",
        employedFrom: LocalDate.makeUnsafe("2024-04-01"),
      },
    ],
  })

/**
 * The organisation store's fixture for `AggregateStoreSuite`: the generic
 * laws plus the organisation's own (ORG-1..ORG-3, TEN-1, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const organisationStoreFixture: AggregateStoreFixture<
  OrganisationRepository.OrganisationRepository,
  Organisation.Organisation,
  keyof typeof OrganisationRepository.descriptor.columns,
  Organisation.OrgExists,
  Organisation.OrganisationNotFound,
  never
> = {
  port: OrganisationRepository.OrganisationRepository,
  descriptor: OrganisationRepository.descriptor,
  make: makeOrganisation,
  revise: (organisation) => ({
    ...organisation,
    version: organisation.version + 1,
    name: `${organisation.name} (revised ${organisation.version + 1})`,
    staff: organisation.staff.map((member) => ({
      ...member,
      userId: `${member.userId}-r${organisation.version + 1}`,
    })),
  }),
  clash: (holder, seed) => ({
    ...makeOrganisation(seed),
    version: seed.version,
    externalRegistrationId: holder.externalRegistrationId,
  }),
  laws: organisationRepositoryLaws,
}

/**
 * Registers the conformance tests of an `OrganisationRepository`
 * implementation: `AggregateStoreSuite` with `organisationStoreFixture`.
 *
 * @since 0.1.0
 * @category testing
 */
export const OrganisationRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<OrganisationRepository.OrganisationRepository, E>,
): void => AggregateStoreSuite(name, layer, organisationStoreFixture)

const boundary = (
  id: EntityId.EntityId,
  tenantId: TenantId.TenantId,
  code: string,
  level: Boundary.BoundaryLevel,
  parentCode?: string,
): Boundary.Boundary => ({
  id,
  tenantId,
  code,
  name: code,
  level,
  ...(parentCode === undefined ? {} : { parentCode }),
  version: 1,
})

const boundaryRepositoryLaws: ReadonlyArray<ConformanceLaw<BoundaryRepository.BoundaryRepository>> = [
  [
    "BND-1: nodes are found by code and LGD code, children in code order, per state",
    Effect.gen(function* () {
      const repository = yield* BoundaryRepository.BoundaryRepository
      const { state } = yield* freshTenants
      const node = (code: string, level: Boundary.BoundaryLevel, parentCode?: string) =>
        Effect.map(EntityId.make, (id) => boundary(id, state, code, level, parentCode))
      yield* repository.insert({ aggregate: { ...(yield* node(state, "state")), lgdCode: "21" } })
      yield* repository.insert({ aggregate: yield* node("D2", "district", state) })
      yield* repository.insert({ aggregate: yield* node("D1", "district", state) })
      const byCode = (tenantId: TenantId.TenantId, code: string) =>
        AggregateStore.findFirst(repository, { tenantId, where: { code } })
      assert.strictEqual(Option.getOrUndefined(yield* byCode(state, "D1"))?.level, "district")
      const byLgd = yield* AggregateStore.findFirst(repository, { tenantId: state, where: { lgdCode: "21" } })
      assert.strictEqual(Option.getOrUndefined(byLgd)?.code, state)
      const children = yield* repository.find({
        tenantId: state,
        where: { parentCode: state },
        orderBy: "code",
        limit: 100,
      })
      assert.deepStrictEqual(
        children.items.map((child) => child.code),
        ["D1", "D2"],
      )
      const { state: otherState } = yield* freshTenants
      assert.isTrue(Option.isNone(yield* byCode(otherState, "D1")))
    }),
  ],
  [
    "BND-1: a code is unique within its state; a stale update changes nothing",
    Effect.gen(function* () {
      const repository = yield* BoundaryRepository.BoundaryRepository
      const { state } = yield* freshTenants
      const node = boundary(yield* EntityId.make, state, state, "state")
      yield* repository.insert({ aggregate: node })
      const again = { ...node, id: yield* EntityId.make, name: "Again" }
      const exists = yield* Effect.flip(repository.insert({ aggregate: again }))
      assert.strictEqual(exists._tag, "BoundaryExists")
      yield* repository.update({ aggregate: { ...node, name: "Renamed", version: 2 }, expectedVersion: 1 })
      const stale = yield* Effect.flip(
        repository.update({ aggregate: { ...node, name: "Stale", version: 2 }, expectedVersion: 1 }),
      )
      assert.strictEqual(stale._tag, "StaleVersion")
      const stored = yield* AggregateStore.findFirst(repository, { tenantId: state, where: { code: state } })
      assert.strictEqual(Option.getOrUndefined(stored)?.name, "Renamed")
    }),
  ],
]

/**
 * The `index`-th boundary node of a state tenant: every node has its own
 * code; levels cycle, the state node has no parent, every other node an LGD
 * code.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeBoundary = (seed: AggregateSeed): Boundary.Boundary => {
  const { tenantId, index } = seed
  const level = Boundary.levels[index % Boundary.levels.length] ?? "locality"
  const parentLevel = Boundary.parentLevelOf(level)
  return {
    id: EntityId.makeUnsafe(`00000005-0000-4000-8000-${index.toString(16).padStart(12, "0")}`),
    tenantId,
    code: `${index % 2 === 0 ? "n" : "N"}_${index}`,
    name: `Node ${index}`,
    level,
    ...(parentLevel === undefined ? {} : { parentCode: `${parentLevel.toUpperCase()}_${index % 3}` }),
    ...(index % 2 === 0 ? { lgdCode: String(100 + (index % 5)) } : {}),
    version: 1,
  }
}

/**
 * The boundary nodes of `AggregateStoreSuite`, with the boundary store's own
 * laws.
 *
 * @since 0.1.0
 * @category testing
 */
export const boundaryFixture: AggregateStoreFixture<
  BoundaryRepository.BoundaryRepository,
  Boundary.Boundary,
  keyof typeof BoundaryRepository.descriptor.columns,
  Boundary.BoundaryExists,
  Boundary.BoundaryNotFound,
  never
> = {
  port: BoundaryRepository.BoundaryRepository,
  descriptor: BoundaryRepository.descriptor,
  make: makeBoundary,
  revise: (node) => ({
    ...node,
    version: node.version + 1,
    code: `${node.code}-r${node.version + 1}`,
    name: `${node.name}, renamed`,
    lgdCode: String(900 + node.version),
  }),
  clash: (holder, seed) => ({ ...makeBoundary(seed), version: seed.version, code: holder.code }),
  laws: boundaryRepositoryLaws,
}

/**
 * Registers the conformance tests of a `BoundaryRepository` implementation
 * (BND-1, DB-4, and the laws of every store).
 *
 * @since 0.1.0
 * @category testing
 */
export const BoundaryRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<BoundaryRepository.BoundaryRepository, E>,
): void => AggregateStoreSuite(name, layer, boundaryFixture)

/**
 * Registers the conformance tests of an `UnmaskedReadLog` implementation
 * (PRIV-3).
 *
 * @since 0.1.0
 * @category testing
 */
export const UnmaskedReadLogSuite = <E>(
  name: string,
  layer: Layer.Layer<UnmaskedReadLog.UnmaskedReadLog, E>,
): void => {
  describe(name, () => {
    it.effect("PRIV-3: every recorded unmasked read is kept (who, what, when) and listed oldest first", () =>
      Effect.gen(function* () {
        const log = yield* UnmaskedReadLog.UnmaskedReadLog
        const { ulb } = yield* freshTenants
        const recordId = yield* EntityId.make
        const entry = (actorId: string, millis: number): UnmaskedReadLog.UnmaskedRead => ({
          tenantId: ulb,
          actorId,
          recordKind: "wageSeeker",
          recordId,
          fields: ["bankAccount.accountNumber"],
          purpose: "view",
          at: DateTime.makeUnsafe(millis),
        })
        yield* log.record(entry("second", 2_000))
        yield* log.record(entry("first", 1_000))
        const entries = yield* log.entriesFor({ tenantId: ulb, recordId })
        assert.deepStrictEqual(
          entries.map((each) => each.actorId),
          ["first", "second"],
        )
        assert.deepStrictEqual(yield* log.entriesFor({ tenantId: ulb, recordId: "other" }), [])
      }).pipe(Effect.provide(layer)),
    )
  })
}

const sensitiveFieldCipherLaws: ReadonlyArray<ConformanceLaw<SensitiveFieldCipher.SensitiveFieldCipher>> = [
  [
    "PRIV-2: a sealed value opens to the original and does not contain it",
    Effect.gen(function* () {
      for (const plaintext of ["234567890124", "123456787621", "", "नमस्ते"]) {
        const sealed = yield* SensitiveFieldCipher.seal(plaintext)
        if (plaintext !== "") assert.notInclude(sealed, plaintext)
        assert.strictEqual(yield* SensitiveFieldCipher.open(sealed), plaintext)
      }
    }),
  ],
  [
    "PRIV-2: a tampered sealed value does not open",
    Effect.gen(function* () {
      const sealed = yield* SensitiveFieldCipher.seal("123456787621")
      const last = sealed.at(-1) === "0" ? "1" : "0"
      const tampered = `${sealed.slice(0, -1)}${last}` as SensitiveFieldCipher.SealedText
      const failure = yield* Effect.flip(SensitiveFieldCipher.open(tampered))
      assert.strictEqual(failure._tag, "SealedTextUnreadable")
    }),
  ],
]

/**
 * Registers the conformance tests of a `SensitiveFieldCipher`
 * implementation (PRIV-2, AAD-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const SensitiveFieldCipherSuite = <E>(
  name: string,
  layer: Layer.Layer<SensitiveFieldCipher.SensitiveFieldCipher, E>,
): void => registerConformanceLaws(name, layer, sensitiveFieldCipherLaws)

/**
 * Registers the conformance tests of a `KeyedHash` implementation (PRIV-2).
 *
 * @since 0.1.0
 * @category testing
 */
export const KeyedHashSuite = <E>(name: string, layer: Layer.Layer<KeyedHash.KeyedHash, E>): void => {
  describe(name, () => {
    it.effect(
      "PRIV-2: a search key is stable, differs by value and purpose, and never contains the value",
      () =>
        Effect.gen(function* () {
          const aadhaar = {
            kind: "identityDocument",
            documentType: "AADHAAR",
            documentNumber: "234567890124",
          } as const
          const key = yield* KeyedHash.searchKeyOf(aadhaar)
          assert.strictEqual(
            yield* KeyedHash.searchKeyOf({ ...aadhaar, documentNumber: "2345 6789 0124" }),
            key,
          )
          assert.notStrictEqual(
            yield* KeyedHash.searchKeyOf({ ...aadhaar, documentNumber: "234567890131" }),
            key,
          )
          assert.notStrictEqual(yield* KeyedHash.searchKeyOf({ ...aadhaar, documentType: "EPIC" }), key)
          const account = yield* KeyedHash.searchKeyOf({
            kind: "bankAccount",
            ifsc: "SBIN0001234",
            accountNumber: "234567890124",
          })
          assert.notStrictEqual(account, key)
          assert.notInclude(key, "234567890124")
        }).pipe(Effect.provide(layer)),
    )
  })
}

/**
 * The registries module's store fixtures, for the suites that run every store.
 *
 * @since 0.1.0
 * @category testing
 */
export const registriesStoreFixtures = [
  wageSeekerStoreFixture,
  organisationStoreFixture,
  boundaryFixture,
] as const
