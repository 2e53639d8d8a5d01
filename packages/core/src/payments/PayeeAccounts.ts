/**
 * The payee accounts port (PI-2, IND-4): the bank account, mobile and
 * address a bill's payee is paid at, looked up when its payment instruction
 * is built, for wage seekers, organisations and the departments that
 * receive deductions (BILL-3). `layerFromRegistries` implements it by
 * freezing the registered account of the wage seeker or organisation for the
 * PI (IND-4, `Registries.WageSeekerUseCases.freezeWageSeekerBankAccount`,
 * `Registries.OrganisationUseCases.freezeOrganisationBankAccount`), with the
 * departments' accounts as tenant data; `layerMemory` over a fixed list.
 *
 * Decision: an account held in a state tenant serves every ULB under it (a
 * welfare board is a state body), as `Bills.Payees` does for its payees
 * (TEN-1).
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type * as Bill from "../bills/Bill.js"
import { reaches, TenantId } from "../config/TenantId.js"
import type { BankAccountSnapshot } from "../registries/BankAccount.js"
import type { OrganisationRepository } from "../registries/OrganisationRepository.js"
import { freezeOrganisationBankAccount } from "../registries/OrganisationUseCases.js"
import type { SensitiveFieldCipher } from "../registries/SensitiveFieldCipher.js"
import type { UnmaskedReadLog } from "../registries/UnmaskedReadLog.js"
import type { WageSeekerRepository } from "../registries/WageSeekerRepository.js"
import { freezeWageSeekerBankAccount } from "../registries/WageSeekerUseCases.js"
import { PayeeAccount } from "./PayableBill.js"

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface PayeeAccountsShape {
  /** The account a payee of the tenant is paid at, if one is registered. */
  readonly accountOf: (request: {
    readonly tenantId: TenantId
    readonly payee: Bill.Payee
  }) => Effect.Effect<Option.Option<PayeeAccount>>
}

/**
 * The payee accounts port.
 *
 * @since 0.1.0
 * @category services
 */
export class PayeeAccounts extends Context.Service<PayeeAccounts, PayeeAccountsShape>()(
  "@karya/core/payments/PayeeAccounts",
) {}

/**
 * The accounts registered for the payees (one per payee that has one; a
 * payee without is left out, and `PayableBill.fromApprovedBill` names it).
 *
 * @since 0.1.0
 * @category constructors
 */
export const accountsOf = (request: {
  readonly tenantId: TenantId
  readonly payees: ReadonlyArray<Bill.Payee>
}): Effect.Effect<ReadonlyArray<PayeeAccount>, never, PayeeAccounts> =>
  PayeeAccounts.use((accounts) =>
    Effect.map(
      Effect.forEach(request.payees, (payee) => accounts.accountOf({ tenantId: request.tenantId, payee })),
      (found) => found.flatMap(Option.toArray),
    ),
  )

/**
 * A payee account registered in a tenant.
 *
 * @since 0.1.0
 * @category models
 */
export const RegisteredAccount = Schema.Struct({ tenantId: TenantId, account: PayeeAccount })

/**
 * @since 0.1.0
 * @category models
 */
export type RegisteredAccount = typeof RegisteredAccount.Type

const accountIn = (
  registered: ReadonlyArray<RegisteredAccount>,
  request: { readonly tenantId: TenantId; readonly payee: Bill.Payee },
): Option.Option<PayeeAccount> =>
  Option.fromNullishOr(
    registered.find(
      (entry) =>
        reaches({ holder: entry.tenantId, record: request.tenantId }) &&
        entry.account.kind === request.payee.kind &&
        entry.account.payeeId === request.payee.id,
    )?.account,
  )

/**
 * An in-memory port over a fixed list of accounts.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (registered: ReadonlyArray<RegisteredAccount>): Layer.Layer<PayeeAccounts> =>
  Layer.succeed(
    PayeeAccounts,
    PayeeAccounts.of({
      accountOf: (request) => Effect.succeed(accountIn(registered, request)),
    }),
  )

/**
 * The user a frozen account's unmasked read is recorded under (PRIV-3): the
 * system raising the PI.
 *
 * @since 0.1.0
 * @category models
 */
export const systemActorId = "system"

/**
 * A frozen registry account as a payee account (PI-2): JIT-FS spells the
 * account types `Saving` and `Current`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromSnapshot = (snapshot: BankAccountSnapshot): PayeeAccount => ({
  payeeId: snapshot.payee.id,
  kind: snapshot.payee.kind,
  name: snapshot.payee.name,
  bankAccount: {
    accountNumber: snapshot.bankAccount.accountNumber,
    ifsc: snapshot.bankAccount.ifsc,
    accountType: snapshot.bankAccount.accountType === "SAVINGS" ? "Saving" : "Current",
  },
  mobile: snapshot.payee.mobileNumber,
  address: snapshot.payee.address,
})

/**
 * What `layerFromRegistries` reads.
 *
 * @since 0.1.0
 * @category models
 */
export type RegistriesServices =
  | WageSeekerRepository
  | OrganisationRepository
  | SensitiveFieldCipher
  | UnmaskedReadLog

const frozenFromRegistries = (request: {
  readonly tenantId: TenantId
  readonly payee: Bill.Payee
}): Effect.Effect<Option.Option<PayeeAccount>, unknown, RegistriesServices> => {
  const key = { tenantId: request.tenantId, actorId: systemActorId }
  const none = () => Effect.succeed(Option.none<PayeeAccount>())
  const found = (snapshot: BankAccountSnapshot) => Option.some(fromSnapshot(snapshot))
  return request.payee.kind === "individual"
    ? freezeWageSeekerBankAccount({ ...key, wageSeekerId: request.payee.id }).pipe(
        Effect.map(found),
        Effect.catchTag("WageSeekerNotFound", none),
      )
    : freezeOrganisationBankAccount({ ...key, organisationId: request.payee.id }).pipe(
        Effect.map(found),
        Effect.catchTag("OrganisationNotFound", none),
      )
}

/**
 * The port over the registries (IND-4, ORG-1, BILL-3): a wage seeker's or an
 * organisation's registered account, frozen when the PI is built (the
 * unmasked read is logged under `systemActorId`); a department's account
 * from `departmentAccounts`. A payee not registered has none. The port has
 * no error channel, so a registry or cipher failure is a defect that fails
 * the PI request whole.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromRegistries = (
  departmentAccounts: ReadonlyArray<RegisteredAccount>,
): Layer.Layer<PayeeAccounts, never, RegistriesServices> =>
  Layer.effect(
    PayeeAccounts,
    Effect.map(Effect.context<RegistriesServices>(), (registries) =>
      PayeeAccounts.of({
        accountOf: (request) =>
          request.payee.kind === "department"
            ? Effect.succeed(accountIn(departmentAccounts, request))
            : frozenFromRegistries(request).pipe(Effect.orDie, Effect.provideContext(registries)),
      }),
    ),
  )
