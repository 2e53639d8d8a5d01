/**
 * Use cases of the organisation registry (ORG-1..ORG-3, PRIV-1..PRIV-3,
 * IND-4 for organisation payees): register, add staff, change status
 * (activate, deactivate, debar), view (masked unless the caller holds
 * VIEW_ORG_UNMASKED, every unmasked read recorded), and freeze the bank
 * account for a payment instruction.
 *
 * Checks run in stages and a refused request stores nothing (ERR-2): the
 * caller's role (`ROLE_NOT_ALLOWED`), the version edited (`STALE_VERSION`),
 * every field problem at once (`VALIDATION_FAILED`), then uniqueness
 * (`ORG_EXISTS`).
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as BusinessClock from "../time/BusinessClock.js"
import { type Actor, holdsAnyRole } from "../workflow/Actor.js"
import { RoleNotAllowed, StaleVersion } from "../workflow/WorkflowEngine.js"
import * as BankAccount from "./BankAccount.js"
import { refuseProblems } from "./internal/Refusal.js"
import * as Masking from "./Masking.js"
import * as Organisation from "./Organisation.js"
import { OrganisationRepository } from "./OrganisationRepository.js"
import { UnmaskedReadLog } from "./UnmaskedReadLog.js"

/**
 * The roles that may register organisations and change their status.
 *
 * @since 0.1.0
 * @category models
 */
export const organisationRegistrarRoles: ReadonlyArray<string> = ["ORGANISATION_REGISTRAR"]

const refuseRole = (
  actor: Actor,
  scope: { readonly tenantId: TenantId; readonly entityId: string; readonly action: string },
) =>
  Effect.fail(
    new RoleNotAllowed({
      entityId: scope.entityId,
      tenantId: scope.tenantId,
      userId: actor.userId,
      action: scope.action,
      rolesAllowed: organisationRegistrarRoles,
    }),
  )

const isRegistrar = (actor: Actor, tenantId: TenantId): boolean =>
  holdsAnyRole(actor, { roles: organisationRegistrarRoles, tenantId })

const normaliseContact = <T extends { readonly name: string; readonly mobileNumber: string }>(
  person: T,
): T => ({
  ...person,
  name: person.name.trim(),
  mobileNumber: person.mobileNumber.trim(),
})

const normalise = (input: Organisation.OrganisationInput): Organisation.OrganisationInput => ({
  ...input,
  name: input.name.trim(),
  subType: input.subType.trim().toUpperCase(),
  externalRegistrationId: input.externalRegistrationId.trim(),
  owner: normaliseContact(input.owner),
  contactPerson: normaliseContact(input.contactPerson),
  bankAccount: BankAccount.normalise(input.bankAccount),
  taxIdentifiers: {
    ...(input.taxIdentifiers.pan === undefined ? {} : { pan: input.taxIdentifiers.pan.trim().toUpperCase() }),
    ...(input.taxIdentifiers.gstin === undefined
      ? {}
      : { gstin: input.taxIdentifiers.gstin.trim().toUpperCase() }),
  },
  staff: input.staff.map(normaliseContact),
})

// One user per mobile number across the state's organisations (ORG-2).
const userIdFor = Effect.fn("userIdFor")(function* (tenantId: TenantId, mobileNumber: string) {
  const repository = yield* OrganisationRepository
  const holder = yield* AggregateStore.findFirst(repository, {
    tenantId,
    reach: "state",
    where: { staffMobileNumbers: mobileNumber },
  })
  const member = Option.getOrUndefined(holder)?.staff.find((each) => each.mobileNumber === mobileNumber)
  return member === undefined ? yield* EntityId.make : member.userId
})

const staffMemberOf = Effect.fn("staffMemberOf")(function* (
  tenantId: TenantId,
  input: Organisation.StaffInput,
) {
  const member: Organisation.StaffMember = {
    ...input,
    userId: yield* userIdFor(tenantId, input.mobileNumber),
    status: "ACTIVE",
  }
  return member
})

const checkRegistrationIdFree = Effect.fn("checkRegistrationIdFree")(function* (
  tenantId: TenantId,
  externalRegistrationId: string,
) {
  const repository = yield* OrganisationRepository
  const holder = yield* AggregateStore.findFirst(repository, { tenantId, where: { externalRegistrationId } })
  if (Option.isSome(holder)) {
    return yield* Effect.fail(
      new Organisation.OrgExists({ externalRegistrationId, existingOrganisationId: holder.value.id }),
    )
  }
})

/**
 * Registers an organisation (ORG-1..ORG-3): the owner joins the staff as
 * admin from the registration date; the account number is sealed (PRIV-2);
 * the `organisation` number is issued once every check has passed.
 *
 * @since 0.1.0
 * @category constructors
 */
export const registerOrganisation = Effect.fn("registerOrganisation")(function* (request: {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly organisation: Organisation.OrganisationInput
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const { tenantId } = configuration
  if (!isRegistrar(request.actor, tenantId)) {
    return yield* refuseRole(request.actor, { tenantId, entityId: "new organisation", action: "REGISTER" })
  }
  const input = normalise(request.organisation)
  yield* refuseProblems("organisation", Organisation.inputProblems(input))
  yield* checkRegistrationIdFree(tenantId, input.externalRegistrationId)
  const owner = yield* staffMemberOf(tenantId, {
    ...input.owner,
    role: "ADMIN",
    employedFrom: input.registeredOn,
  })
  const others = yield* Effect.forEach(input.staff, (member) => staffMemberOf(tenantId, member))
  const bankAccount = yield* BankAccount.seal(BankAccount.fromInput(input.bankAccount))
  const number = yield* HumanNumber.issueNumber({
    tenantId,
    cityCode: configuration.cityCode,
    series: "organisation",
    idFormat: configuration.idFormats.organisation,
    timeZone: configuration.timeZone,
  })
  const { staff: _staff, bankAccount: _bankAccount, ...details } = input
  const organisation: Organisation.Organisation = {
    ...details,
    id: yield* EntityId.make,
    tenantId,
    number,
    version: 1,
    status: "ACTIVE",
    bankAccount,
    staff: [owner, ...others],
  }
  const repository = yield* OrganisationRepository
  yield* repository.insert({ aggregate: organisation })
  return organisation
})

/**
 * Loads an organisation or fails with `ORGANISATION_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getOrganisation = Effect.fn("getOrganisation")(function* (query: {
  readonly tenantId: TenantId
  readonly organisationId: string
}) {
  const repository = yield* OrganisationRepository
  return yield* repository.get({ tenantId: query.tenantId, id: query.organisationId })
})

const loadForChange = Effect.fn("loadForChange")(function* (request: {
  readonly tenantId: TenantId
  readonly organisationId: string
  readonly version: number
}) {
  const organisation = yield* getOrganisation({
    tenantId: request.tenantId,
    organisationId: request.organisationId,
  })
  if (organisation.version !== request.version) {
    return yield* Effect.fail(
      new StaleVersion({
        entityId: organisation.id,
        expectedVersion: request.version,
        actualVersion: organisation.version,
      }),
    )
  }
  return organisation
})

/**
 * Adds a member of staff (ORG-2): by a registrar or an active admin of the
 * organisation; the mobile number names one user across organisations and
 * may appear once in the organisation.
 *
 * @since 0.1.0
 * @category constructors
 */
export const addStaffMember = Effect.fn("addStaffMember")(function* (request: {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly organisationId: string
  readonly version: number
  readonly staff: Organisation.StaffInput
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const { tenantId, timeZone } = configuration
  const organisation = yield* loadForChange(request)
  const today = yield* BusinessClock.today(timeZone)
  const isAdmin = Organisation.activeStaffOn(organisation, today).some(
    (member) => member.userId === request.actor.userId && member.role === "ADMIN",
  )
  if (!isAdmin && !isRegistrar(request.actor, tenantId)) {
    return yield* refuseRole(request.actor, { tenantId, entityId: organisation.id, action: "ADD_STAFF" })
  }
  const input = normaliseContact(request.staff)
  const takenMobileNumbers = organisation.staff.map((member) => member.mobileNumber)
  yield* refuseProblems(
    "staff member",
    Organisation.staffProblems([input], { field: "staff", takenMobileNumbers }),
  )
  const member = yield* staffMemberOf(tenantId, input)
  const updated = {
    ...organisation,
    staff: [...organisation.staff, member],
    version: organisation.version + 1,
  }
  const repository = yield* OrganisationRepository
  yield* repository.update({ aggregate: updated, expectedVersion: organisation.version })
  return updated
})

/**
 * Changes an organisation's status (ORG-1): activate, deactivate or debar.
 * Only active organisations are eligible for work orders (ORG-3).
 *
 * @since 0.1.0
 * @category constructors
 */
export const setOrganisationStatus = Effect.fn("setOrganisationStatus")(function* (request: {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly organisationId: string
  readonly version: number
  readonly status: Organisation.OrganisationStatus
}) {
  const { tenantId } = request
  if (!isRegistrar(request.actor, tenantId)) {
    return yield* refuseRole(request.actor, {
      tenantId,
      entityId: request.organisationId,
      action: "SET_STATUS",
    })
  }
  const organisation = yield* loadForChange(request)
  const updated = { ...organisation, status: request.status, version: organisation.version + 1 }
  const repository = yield* OrganisationRepository
  yield* repository.update({ aggregate: updated, expectedVersion: organisation.version })
  return updated
})

/**
 * An organisation as an API response shows it to the actor (PRIV-1):
 * masked, or, for a holder of VIEW_ORG_UNMASKED, unmasked after recording
 * the read (PRIV-3).
 *
 * @since 0.1.0
 * @category conversions
 */
export const viewOrganisation = Effect.fn("viewOrganisation")(function* (query: {
  readonly tenantId: TenantId
  readonly organisationId: string
  readonly actor: Actor
}) {
  const organisation = yield* getOrganisation(query)
  if (!Masking.canUnmask(query.actor, { kind: "organisation", tenantId: organisation.tenantId })) {
    return Organisation.toView(organisation, { visibility: "masked" })
  }
  const account = yield* BankAccount.open(organisation.bankAccount)
  const log = yield* UnmaskedReadLog
  yield* log.record({
    tenantId: organisation.tenantId,
    actorId: query.actor.userId,
    recordKind: "organisation",
    recordId: organisation.id,
    fields: ["bankAccount.accountNumber", "bankAccount.ifsc", "mobileNumbers"],
    purpose: "view",
    at: yield* BusinessClock.currentInstant,
  })
  return Organisation.toView(organisation, { visibility: "unmasked", accountNumber: account.accountNumber })
})

/**
 * Freezes an organisation's payee details and bank account, as they are now,
 * for a payment instruction (IND-4, PI-2); the opening is recorded as an
 * unmasked read for payment (PRIV-3). The payee's mobile is the contact
 * person's and its address the billing address.
 *
 * @since 0.1.0
 * @category constructors
 */
export const freezeOrganisationBankAccount = Effect.fn("freezeOrganisationBankAccount")(function* (query: {
  readonly tenantId: TenantId
  readonly organisationId: string
  readonly actorId: string
}) {
  const organisation = yield* getOrganisation(query)
  const bankAccount = yield* BankAccount.open(organisation.bankAccount)
  const frozenAt = yield* BusinessClock.currentInstant
  const log = yield* UnmaskedReadLog
  yield* log.record({
    tenantId: organisation.tenantId,
    actorId: query.actorId,
    recordKind: "organisation",
    recordId: organisation.id,
    fields: ["bankAccount.accountNumber", "bankAccount.ifsc"],
    purpose: "payment",
    at: frozenAt,
  })
  return BankAccount.freeze({
    payee: {
      kind: "organisation",
      id: organisation.id,
      number: organisation.number,
      name: organisation.name,
      mobileNumber: organisation.contactPerson.mobileNumber,
      address: Organisation.addressLine(organisation.billingAddress),
    },
    bankAccount,
    frozenAt,
    sourceVersion: organisation.version,
  })
})
