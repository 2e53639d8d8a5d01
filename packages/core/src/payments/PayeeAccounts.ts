/**
 * The payee accounts port (PI-2, IND-4): the bank account, mobile and
 * address a bill's payee is paid at, looked up when its payment instruction
 * is built, for wage seekers, organisations and the departments that
 * receive deductions (BILL-3). `layerMemory` implements it over a fixed
 * list; a registry adapter implements it by freezing the registered account
 * (`Registries.WageSeekerUseCases.freezeWageSeekerBankAccount`).
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
      accountOf: ({ tenantId, payee }) =>
        Effect.succeed(
          Option.fromNullishOr(
            registered.find(
              (entry) =>
                reaches({ holder: entry.tenantId, record: tenantId }) &&
                entry.account.kind === payee.kind &&
                entry.account.payeeId === payee.id,
            )?.account,
          ),
        ),
    }),
  )
