/**
 * Use cases of the wage seeker registry (IND-1..IND-4, AAD-1..AAD-4,
 * PRIV-1..PRIV-3): register, modify, view (masked unless the caller holds
 * VIEW_WS_UNMASKED, every unmasked read recorded), read the history, and
 * freeze the bank account for a payment instruction.
 *
 * A request is checked in stages, and the first stage that finds anything
 * refuses the request with everything it found; nothing is stored unless
 * every stage passes (ERR-2):
 * 1. the caller holds a registrar role (`ROLE_NOT_ALLOWED`);
 * 2. the form: every field problem at once, including unknown skills and an
 *    address outside the ULB's boundaries (`VALIDATION_FAILED`, ERR-3);
 * 3. the Aadhaar number, locally (`AADHAAR_INVALID`, AAD-1);
 * 4. the age on the registration date (`UNDER_AGE`);
 * 5. uniqueness in the state (`WAGE_SEEKER_EXISTS`) and, when the tenant
 *    refuses shared accounts (`configuration.wageSeekers.sharedBankAccounts`),
 *    the bank account (`BANK_ACCOUNT_SHARED`);
 * 6. the Aadhaar gateway (`AADHAAR_NOT_VERIFIED`, `AADHAAR_CHECK_FAILED`),
 *    last, so the gateway is only called for a request that can succeed.
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import { stateTenantOf, type TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import { assert } from "../internal/assert.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as Page from "../persistence/Page.js"
import * as BusinessClock from "../time/BusinessClock.js"
import type * as LocalDate from "../time/LocalDate.js"
import { type Actor, holdsAnyRole } from "../workflow/Actor.js"
import { RoleNotAllowed, StaleVersion } from "../workflow/WorkflowEngine.js"
import * as Aadhaar from "./Aadhaar.js"
import { AadhaarGateway, AadhaarNotVerified } from "./AadhaarGateway.js"
import * as BankAccount from "./BankAccount.js"
import { BoundaryRepository } from "./BoundaryRepository.js"
import { refuseProblems } from "./internal/Refusal.js"
import * as KeyedHash from "./KeyedHash.js"
import { LabourSkills } from "./LabourSkills.js"
import * as Masking from "./Masking.js"
import * as SensitiveFieldCipher from "./SensitiveFieldCipher.js"
import { UnmaskedReadLog } from "./UnmaskedReadLog.js"
import * as WageSeeker from "./WageSeeker.js"
import { WageSeekerRepository } from "./WageSeekerRepository.js"

/**
 * The roles that may register and modify wage seekers (IND-3): the ULB's
 * registrar and the CBO's admin.
 *
 * @since 0.1.0
 * @category models
 */
export const wageSeekerRegistrarRoles: ReadonlyArray<string> = ["WAGE_SEEKER_REGISTRAR", "ORG_ADMIN"]

const requireRegistrar = (
  actor: Actor,
  scope: { readonly tenantId: TenantId; readonly entityId: string; readonly action: string },
) =>
  holdsAnyRole(actor, { roles: wageSeekerRegistrarRoles, tenantId: scope.tenantId })
    ? Effect.void
    : Effect.fail(
        new RoleNotAllowed({
          entityId: scope.entityId,
          tenantId: scope.tenantId,
          userId: actor.userId,
          action: scope.action,
          rolesAllowed: wageSeekerRegistrarRoles,
        }),
      )

const normaliseChanges = <Changes extends Partial<WageSeeker.WageSeekerInput>>(
  changes: Changes,
): Changes => ({
  ...changes,
  ...(changes.identity === undefined ? {} : { identity: WageSeeker.normaliseIdentity(changes.identity) }),
  ...(changes.name === undefined ? {} : { name: changes.name.trim() }),
  ...(changes.mobileNumber === undefined ? {} : { mobileNumber: changes.mobileNumber.trim() }),
  ...(changes.skills === undefined ? {} : { skills: changes.skills.map((skill) => skill.trim()) }),
  ...(changes.bankAccount === undefined ? {} : { bankAccount: BankAccount.normalise(changes.bankAccount) }),
})

// Skills passed the form stage (IND-1: one or more), so the list is non-empty.
const checkedSkills = (skills: ReadonlyArray<string>): WageSeeker.WageSeeker["skills"] => {
  const [first, ...rest] = skills
  assert(first !== undefined, "checked skills are one or more")
  return [first, ...rest]
}

const unknownSkillProblems = Effect.fn("unknownSkillProblems")(function* (
  tenantId: TenantId,
  skills: ReadonlyArray<string>,
) {
  const labourSkills = yield* LabourSkills
  const unknown = yield* labourSkills.unknownCodes({ tenantId, codes: skills })
  return skills.flatMap(
    (skill, index): ReadonlyArray<FieldProblem> =>
      unknown.includes(skill)
        ? [
            {
              field: `skills[${index}]`,
              code: WageSeeker.problemCodes.skillUnknown,
              message: `${skill} is not a labour SOR of this ULB; choose a listed skill`,
            },
          ]
        : [],
  )
})

const boundaryProblem = (field: string, message: string): ReadonlyArray<FieldProblem> => [
  { field, code: WageSeeker.problemCodes.addressBoundaryInvalid, message },
]

// The ward must be a ward of the tenant's ULB and the locality a locality of that ward (BND-1).
const addressBoundaryProblems = Effect.fn("addressBoundaryProblems")(function* (
  tenantId: TenantId,
  address: WageSeeker.WageSeekerInput["address"],
) {
  const boundaries = yield* BoundaryRepository
  const stateTenantId = stateTenantOf(tenantId)
  const byCode = (code: string) =>
    AggregateStore.findFirst(boundaries, { tenantId: stateTenantId, where: { code } })
  const ward = yield* byCode(address.wardCode)
  const locality = yield* byCode(address.localityCode)
  const isWard = Option.exists(ward, (node) => node.level === "ward" && node.parentCode === tenantId)
  const isLocality = Option.exists(
    locality,
    (node) => node.level === "locality" && node.parentCode === address.wardCode,
  )
  return [
    ...(isWard ? [] : boundaryProblem("address.wardCode", `choose a ward of ${tenantId}`)),
    ...(isLocality ? [] : boundaryProblem("address.localityCode", "choose a locality of the chosen ward")),
  ]
})

const formProblems = Effect.fn("formProblems")(function* (
  tenantId: TenantId,
  changes: Partial<WageSeeker.WageSeekerInput>,
) {
  const ownProblems = WageSeeker.inputProblems(changes)
  const skillsAreWellFormed = !ownProblems.some((problem) => problem.field.startsWith("skills"))
  const skillProblems =
    changes.skills !== undefined && skillsAreWellFormed
      ? yield* unknownSkillProblems(tenantId, changes.skills)
      : []
  const boundaryProblems =
    changes.address === undefined ? [] : yield* addressBoundaryProblems(tenantId, changes.address)
  yield* refuseProblems("wage seeker", [...ownProblems, ...skillProblems, ...boundaryProblems])
})

const checkAge = (options: {
  readonly dateOfBirth: LocalDate.LocalDate
  readonly on: LocalDate.LocalDate
}) =>
  WageSeeker.isOfAgeOn(options)
    ? Effect.void
    : Effect.fail(
        new WageSeeker.UnderAge({
          dateOfBirth: options.dateOfBirth,
          registrationDate: options.on,
          minimumAgeYears: WageSeeker.minimumAgeYears,
        }),
      )

const identitySearchKey = (identity: WageSeeker.WageSeekerInput["identity"]) =>
  KeyedHash.searchKeyOf({
    kind: "identityDocument",
    documentType: identity.documentType,
    documentNumber: identity.documentNumber,
  })

const checkIdentityFree = Effect.fn("checkIdentityFree")(function* (request: {
  readonly tenantId: TenantId
  readonly documentType: string
  readonly searchKey: KeyedHash.SearchKey
  readonly selfId: string | undefined
}) {
  const repository = yield* WageSeekerRepository
  const holder = yield* AggregateStore.findFirst(repository, {
    tenantId: request.tenantId,
    reach: "state",
    where: { identityDocumentType: request.documentType, identitySearchKey: request.searchKey },
  })
  if (Option.isSome(holder) && holder.value.id !== request.selfId) {
    return yield* Effect.fail(
      new WageSeeker.WageSeekerExists({
        documentType: request.documentType,
        existingWageSeekerId: holder.value.id,
        existingTenantId: holder.value.tenantId,
      }),
    )
  }
})

// The other wage seekers of the tenant paid into the account; refused when the tenant refuses sharing (IND-2).
const checkBankAccountSharing = Effect.fn("checkBankAccountSharing")(function* (request: {
  readonly tenantId: TenantId
  readonly searchKey: KeyedHash.SearchKey
  readonly selfId: string | undefined
  readonly sharedBankAccounts: WageSeeker.SharedBankAccounts
}) {
  const repository = yield* WageSeekerRepository
  // The first page is enough: sharing is refused at the first other holder,
  // and allowed sharing names at most a page of co-holders.
  const holders = yield* repository.find({
    tenantId: request.tenantId,
    where: { bankAccountSearchKey: request.searchKey },
    orderBy: "number",
    limit: Page.pageSizeMax,
  })
  const otherIds = holders.items.map((holder) => holder.id).filter((id) => id !== request.selfId)
  if (otherIds.length > 0 && request.sharedBankAccounts === "refused") {
    return yield* Effect.fail(new WageSeeker.BankAccountShared({ otherWageSeekerIds: otherIds }))
  }
  return otherIds
})

const gatewayGender = { FEMALE: "F", MALE: "M", TRANSGENDER: "T" } as const

// AAD-2: the demographic check; returns the vault token when the gateway gives one.
const authenticateAadhaar = Effect.fn("authenticateAadhaar")(function* (person: {
  readonly aadhaar: Aadhaar.AadhaarNumber
  readonly name: string
  readonly dateOfBirth: LocalDate.LocalDate
  readonly gender: WageSeeker.Gender
}) {
  const gateway = yield* AadhaarGateway
  const txn = yield* EntityId.make
  const answer = yield* gateway.authenticate({
    uid: person.aadhaar,
    uidType: "A",
    consent: "Y",
    txn,
    name: person.name,
    dob: person.dateOfBirth,
    gender: gatewayGender[person.gender],
  })
  if (answer.ret === "n") return yield* Effect.fail(new AadhaarNotVerified({ txn }))
  return answer.uidToken
})

const storedIdentity = Effect.fn("storedIdentity")(function* (
  identity: WageSeeker.WageSeekerInput["identity"],
  options: { readonly searchKey: KeyedHash.SearchKey; readonly uidToken: string | undefined },
) {
  if (identity.documentType !== "AADHAAR") {
    const stored: WageSeeker.StoredIdentity = {
      documentType: identity.documentType,
      documentNumber: identity.documentNumber,
      searchKey: options.searchKey,
    }
    return stored
  }
  const vault =
    options.uidToken === undefined
      ? { kind: "sealed" as const, sealed: yield* SensitiveFieldCipher.seal(identity.documentNumber) }
      : { kind: "token" as const, uidToken: options.uidToken }
  const stored: WageSeeker.StoredIdentity = {
    documentType: "AADHAAR",
    vault,
    lastFourDigits: identity.documentNumber.slice(-4),
    searchKey: options.searchKey,
  }
  return stored
})

const checkedAadhaar = (identity: WageSeeker.WageSeekerInput["identity"]) =>
  identity.documentType === "AADHAAR"
    ? Effect.map(
        Effect.fromResult(Aadhaar.fromString(identity.documentNumber, { field: "identity.documentNumber" })),
        Option.some,
      )
    : Effect.succeed(Option.none<Aadhaar.AadhaarNumber>())

const personOf = (input: WageSeeker.WageSeekerInput) => ({
  name: input.name,
  dateOfBirth: input.dateOfBirth,
  gender: input.gender,
  guardian: { name: input.guardian.name.trim(), relationship: input.guardian.relationship },
  mobileNumber: input.mobileNumber,
  ...(input.socialCategory === undefined ? {} : { socialCategory: input.socialCategory }),
  ...(input.photoReference === undefined ? {} : { photoReference: input.photoReference }),
})

/**
 * A request to register a wage seeker.
 *
 * @since 0.1.0
 * @category models
 */
export interface RegisterWageSeekerRequest {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly wageSeeker: WageSeeker.WageSeekerInput
}

/**
 * A registered wage seeker, and the other wage seekers of the tenant paid
 * into the same account (flagged for reports, IND-2).
 *
 * @since 0.1.0
 * @category models
 */
export interface Registered {
  readonly wageSeeker: WageSeeker.WageSeeker
  readonly sharesBankAccountWith: ReadonlyArray<string>
}

const checkRegistration = Effect.fn("checkRegistration")(function* (
  request: RegisterWageSeekerRequest,
  input: WageSeeker.WageSeekerInput,
  configuration: TenantConfiguration,
) {
  const { tenantId, timeZone } = configuration
  yield* requireRegistrar(request.actor, { tenantId, entityId: "new wage seeker", action: "REGISTER" })
  yield* formProblems(tenantId, input)
  const aadhaar = yield* checkedAadhaar(input.identity)
  const registeredOn = yield* BusinessClock.today(timeZone)
  yield* checkAge({ dateOfBirth: input.dateOfBirth, on: registeredOn })
  const searchKey = yield* identitySearchKey(input.identity)
  const documentType = input.identity.documentType
  yield* checkIdentityFree({ tenantId, documentType, searchKey, selfId: undefined })
  const bankAccountKey = yield* BankAccount.searchKeyOf(input.bankAccount)
  const sharesBankAccountWith = yield* checkBankAccountSharing({
    tenantId,
    searchKey: bankAccountKey,
    selfId: undefined,
    sharedBankAccounts: configuration.wageSeekers.sharedBankAccounts,
  })
  const uidToken = Option.isSome(aadhaar)
    ? yield* authenticateAadhaar({ ...input, aadhaar: aadhaar.value })
    : undefined
  return { registeredOn, searchKey, sharesBankAccountWith, uidToken }
})

/**
 * Registers a wage seeker (IND-1, IND-2, AAD-1..AAD-4, PRIV-2) in the stages
 * of the module header; issues the `wageSeeker` number only once every check
 * has passed, and records the first history entry (IND-3).
 *
 * @since 0.1.0
 * @category constructors
 */
export const registerWageSeeker = Effect.fn("registerWageSeeker")(function* (
  request: RegisterWageSeekerRequest,
) {
  const configuration = yield* configurationOf(request.tenantId)
  const input = normaliseChanges(request.wageSeeker)
  const checked = yield* checkRegistration(request, input, configuration)
  const identity = yield* storedIdentity(input.identity, checked)
  const bankAccount = yield* BankAccount.seal(BankAccount.fromInput(input.bankAccount))
  const number = yield* HumanNumber.issueNumber({
    tenantId: configuration.tenantId,
    cityCode: configuration.cityCode,
    series: "wageSeeker",
    idFormat: configuration.idFormats.wageSeeker,
    timeZone: configuration.timeZone,
  })
  const wageSeeker: WageSeeker.WageSeeker = {
    id: yield* EntityId.make,
    tenantId: configuration.tenantId,
    number,
    version: 1,
    registeredOn: checked.registeredOn,
    identity,
    ...personOf(input),
    skills: checkedSkills(input.skills),
    address: { ulbCode: configuration.tenantId, ...input.address },
    bankAccount,
  }
  const at = yield* BusinessClock.currentInstant
  const repository = yield* WageSeekerRepository
  yield* repository.insert({
    aggregate: wageSeeker,
    history: [
      {
        wageSeekerId: wageSeeker.id,
        tenantId: wageSeeker.tenantId,
        version: 1,
        action: "REGISTERED",
        actorId: request.actor.userId,
        at,
        after: WageSeeker.toHistoryView(wageSeeker),
      },
    ],
  })
  return { wageSeeker, sharesBankAccountWith: checked.sharesBankAccountWith } satisfies Registered
})

/**
 * Loads a wage seeker or fails with `WAGE_SEEKER_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getWageSeeker = Effect.fn("getWageSeeker")(function* (query: {
  readonly tenantId: TenantId
  readonly wageSeekerId: string
}) {
  const repository = yield* WageSeekerRepository
  return yield* repository.get({ tenantId: query.tenantId, id: query.wageSeekerId })
})

/**
 * A request to modify a wage seeker: the sections that change, and the
 * version the clerk edited (WF-4).
 *
 * @since 0.1.0
 * @category models
 */
export interface ModifyWageSeekerRequest {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly wageSeekerId: string
  readonly version: number
  readonly changes: Partial<WageSeeker.WageSeekerInput>
}

const identityChange = Effect.fn("identityChange")(function* (
  stored: WageSeeker.WageSeeker,
  changes: Partial<WageSeeker.WageSeekerInput>,
  person: {
    readonly name: string
    readonly dateOfBirth: LocalDate.LocalDate
    readonly gender: WageSeeker.Gender
  },
) {
  if (changes.identity === undefined) return stored.identity
  const aadhaar = yield* checkedAadhaar(changes.identity)
  const searchKey = yield* identitySearchKey(changes.identity)
  const isSameDocument =
    changes.identity.documentType === stored.identity.documentType && searchKey === stored.identity.searchKey
  if (isSameDocument) return stored.identity
  yield* checkIdentityFree({
    tenantId: stored.tenantId,
    documentType: changes.identity.documentType,
    searchKey,
    selfId: stored.id,
  })
  // AAD-2 is re-run only for a new Aadhaar number (IND-3).
  const uidToken = Option.isSome(aadhaar)
    ? yield* authenticateAadhaar({ ...person, aadhaar: aadhaar.value })
    : undefined
  return yield* storedIdentity(changes.identity, { searchKey, uidToken })
})

const bankAccountChange = Effect.fn("bankAccountChange")(function* (
  stored: WageSeeker.WageSeeker,
  configuration: TenantConfiguration,
  input: BankAccount.BankAccountInput | undefined,
) {
  if (input === undefined) return stored.bankAccount
  const searchKey = yield* BankAccount.searchKeyOf(input)
  yield* checkBankAccountSharing({
    tenantId: stored.tenantId,
    searchKey,
    selfId: stored.id,
    sharedBankAccounts: configuration.wageSeekers.sharedBankAccounts,
  })
  return yield* BankAccount.seal(BankAccount.fromInput(input))
})

/**
 * Modifies a wage seeker (IND-3): only holders of a registrar role; the
 * version edited must be current (`STALE_VERSION`); the changed sections are
 * checked in the stages of the module header; a new Aadhaar number re-runs
 * AAD-2; the change is kept in history with sensitive fields masked.
 *
 * @since 0.1.0
 * @category constructors
 */
export const modifyWageSeeker = Effect.fn("modifyWageSeeker")(function* (request: ModifyWageSeekerRequest) {
  const configuration = yield* configurationOf(request.tenantId)
  const { tenantId } = request
  yield* requireRegistrar(request.actor, { tenantId, entityId: request.wageSeekerId, action: "MODIFY" })
  const stored = yield* getWageSeeker({ tenantId, wageSeekerId: request.wageSeekerId })
  if (stored.version !== request.version) {
    return yield* Effect.fail(
      new StaleVersion({
        entityId: stored.id,
        expectedVersion: request.version,
        actualVersion: stored.version,
      }),
    )
  }
  const changes = normaliseChanges(request.changes)
  yield* formProblems(tenantId, changes)
  const person = {
    name: changes.name ?? stored.name,
    dateOfBirth: changes.dateOfBirth ?? stored.dateOfBirth,
    gender: changes.gender ?? stored.gender,
  }
  if (changes.identity !== undefined) yield* checkedAadhaar(changes.identity)
  yield* checkAge({ dateOfBirth: person.dateOfBirth, on: stored.registeredOn })
  const identity = yield* identityChange(stored, changes, person)
  const bankAccount = yield* bankAccountChange(stored, configuration, changes.bankAccount)
  const updated: WageSeeker.WageSeeker = {
    ...stored,
    ...(changes.guardian === undefined
      ? {}
      : { guardian: { ...changes.guardian, name: changes.guardian.name.trim() } }),
    ...(changes.mobileNumber === undefined ? {} : { mobileNumber: changes.mobileNumber }),
    ...(changes.socialCategory === undefined ? {} : { socialCategory: changes.socialCategory }),
    ...(changes.skills === undefined ? {} : { skills: checkedSkills(changes.skills) }),
    ...(changes.address === undefined ? {} : { address: { ulbCode: tenantId, ...changes.address } }),
    ...(changes.photoReference === undefined ? {} : { photoReference: changes.photoReference }),
    ...person,
    identity,
    bankAccount,
    version: stored.version + 1,
  }
  const at = yield* BusinessClock.currentInstant
  const repository = yield* WageSeekerRepository
  yield* repository.update({
    aggregate: updated,
    expectedVersion: stored.version,
    history: [
      {
        wageSeekerId: stored.id,
        tenantId,
        version: updated.version,
        action: "MODIFIED",
        actorId: request.actor.userId,
        at,
        before: WageSeeker.toHistoryView(stored),
        after: WageSeeker.toHistoryView(updated),
      },
    ],
  })
  return updated
})

/**
 * A wage seeker as an API response shows it to the actor (PRIV-1, AAD-4):
 * masked, or, for a holder of VIEW_WS_UNMASKED, unmasked after recording
 * the read (PRIV-3). A read that cannot be recorded is not served.
 *
 * @since 0.1.0
 * @category conversions
 */
export const viewWageSeeker = Effect.fn("viewWageSeeker")(function* (query: {
  readonly tenantId: TenantId
  readonly wageSeekerId: string
  readonly actor: Actor
}) {
  const wageSeeker = yield* getWageSeeker(query)
  if (!Masking.canUnmask(query.actor, { kind: "wageSeeker", tenantId: wageSeeker.tenantId })) {
    return WageSeeker.toView(wageSeeker, { visibility: "masked" })
  }
  const account = yield* BankAccount.open(wageSeeker.bankAccount)
  const log = yield* UnmaskedReadLog
  yield* log.record({
    tenantId: wageSeeker.tenantId,
    actorId: query.actor.userId,
    recordKind: "wageSeeker",
    recordId: wageSeeker.id,
    fields: ["bankAccount.accountNumber", "bankAccount.ifsc", "mobileNumber"],
    purpose: "view",
    at: yield* BusinessClock.currentInstant,
  })
  return WageSeeker.toView(wageSeeker, { visibility: "unmasked", accountNumber: account.accountNumber })
})

/**
 * A page of the history of a wage seeker, oldest first (IND-3).
 *
 * @since 0.1.0
 * @category conversions
 */
export const wageSeekerHistory = Effect.fn("wageSeekerHistory")(function* (
  query: {
    readonly tenantId: TenantId
    readonly wageSeekerId: string
  } & Page.PageRequest,
) {
  yield* getWageSeeker(query)
  const repository = yield* WageSeekerRepository
  return yield* repository.history({
    tenantId: query.tenantId,
    id: query.wageSeekerId,
    limit: query.limit,
    cursor: query.cursor,
  })
})

/**
 * Freezes a wage seeker's payee details and bank account, as they are now,
 * for a payment instruction (IND-4, PI-2). The opening of the account is
 * recorded as an unmasked read for payment (PRIV-3).
 *
 * @since 0.1.0
 * @category constructors
 */
export const freezeWageSeekerBankAccount = Effect.fn("freezeWageSeekerBankAccount")(function* (query: {
  readonly tenantId: TenantId
  readonly wageSeekerId: string
  /** Who builds the PI; the system's user id for automatic PIs. */
  readonly actorId: string
}) {
  const wageSeeker = yield* getWageSeeker(query)
  const bankAccount = yield* BankAccount.open(wageSeeker.bankAccount)
  const frozenAt = yield* BusinessClock.currentInstant
  const log = yield* UnmaskedReadLog
  yield* log.record({
    tenantId: wageSeeker.tenantId,
    actorId: query.actorId,
    recordKind: "wageSeeker",
    recordId: wageSeeker.id,
    fields: ["bankAccount.accountNumber", "bankAccount.ifsc", "mobileNumber"],
    purpose: "payment",
    at: frozenAt,
  })
  return BankAccount.freeze({
    payee: {
      kind: "individual",
      id: wageSeeker.id,
      number: wageSeeker.number,
      name: wageSeeker.name,
      mobileNumber: wageSeeker.mobileNumber,
      address: WageSeeker.addressLine(wageSeeker.address),
    },
    bankAccount,
    frozenAt,
    sourceVersion: wageSeeker.version,
  })
})
