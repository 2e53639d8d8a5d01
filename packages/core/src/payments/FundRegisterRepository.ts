/**
 * The fund register port (PI-F-1, PI-F-2, ARCH-3): the register's
 * transactions (append-only, each recorded once by its key), the sanctions
 * (versioned; the total sanctioned is set with the version it was decided
 * on), and the VA cursor of each head of account (the last run time).
 * Tenant-scoped (TEN-1): every method names the tenant. Every implementation
 * passes `FundRegisterRepositorySuite` from `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, DateTime, Effect, Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { FinancialYear } from "../time/FinancialYear.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import {
  addToBalance,
  balancesOf,
  type RegisterTransaction,
  type Sanction,
  type SanctionBalance,
} from "./FundRegister.js"

/**
 * The register store could not be read or written; nothing was changed, so
 * retrying is safe.
 *
 * @since 0.1.0
 * @category errors
 */
export class FundRegisterUnavailable extends Schema.TaggedError<FundRegisterUnavailable>(
  "@karya/core/payments/FundRegisterUnavailable",
)("FundRegisterUnavailable", { tenantId: Schema.String, reason: Schema.String }) {
  static readonly code = "FUND_REGISTER_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = FundRegisterUnavailable.code
  readonly category = FundRegisterUnavailable.category
  readonly retryable = true
  override get message(): string {
    return `The fund register of ${this.tenantId} is unavailable (${this.reason}); nothing was changed, try again shortly.`
  }
}

/**
 * A query on the register; every criterion is optional and they combine
 * with AND.
 *
 * @since 0.1.0
 * @category models
 */
export interface TransactionQuery {
  readonly financialYear?: FinancialYear
  readonly headOfAccount?: string
  readonly sanctionId?: string
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface FundRegisterRepositoryShape {
  /**
   * Records the transactions whose key is new for the tenant, in the order
   * given, and returns those recorded (a repeated key is skipped: PI-F-1).
   */
  readonly append: (
    tenantId: TenantId,
    transactions: ReadonlyArray<RegisterTransaction>,
  ) => Effect.Effect<ReadonlyArray<RegisterTransaction>, FundRegisterUnavailable>
  /** The tenant's transactions matching the query, in the order recorded. */
  readonly transactions: (
    tenantId: TenantId,
    query: TransactionQuery,
  ) => Effect.Effect<ReadonlyArray<RegisterTransaction>, FundRegisterUnavailable>
  /**
   * The balance of each sanction over the tenant's transactions matching the
   * query, in the order the sanctions were first seen: what
   * `FundRegister.balancesOf` gives for `transactions(tenantId, query)`,
   * without listing them (a push's funds check, PI-V-2, PI-F-3).
   */
  readonly balances: (
    tenantId: TenantId,
    query: TransactionQuery,
  ) => Effect.Effect<ReadonlyArray<SanctionBalance>, FundRegisterUnavailable>
  /** Adds sanctions not yet known (by sanction id); a known one is left as it is. */
  readonly addSanctions: (
    tenantId: TenantId,
    sanctions: ReadonlyArray<Sanction>,
  ) => Effect.Effect<void, FundRegisterUnavailable>
  /** Replaces a sanction whose stored version is `expectedVersion`; its version becomes one more. */
  readonly updateSanction: (
    sanction: Sanction,
    options: { readonly expectedVersion: number },
  ) => Effect.Effect<Sanction, StaleVersion | FundRegisterUnavailable>
  /** The tenant's sanctions, in the order first seen. */
  readonly sanctions: (
    tenantId: TenantId,
    query: { readonly financialYear?: FinancialYear; readonly headOfAccount?: string },
  ) => Effect.Effect<ReadonlyArray<Sanction>, FundRegisterUnavailable>
  /** When VA was last run successfully for the head of account. */
  readonly virtualAllotmentCursor: (
    tenantId: TenantId,
    headOfAccount: string,
  ) => Effect.Effect<Option.Option<DateTime.Utc>, FundRegisterUnavailable>
  /** Moves the VA cursor of the head of account; it never moves back. */
  readonly advanceVirtualAllotmentCursor: (
    tenantId: TenantId,
    headOfAccount: string,
    to: DateTime.Utc,
  ) => Effect.Effect<void, FundRegisterUnavailable>
}

/**
 * The fund register port.
 *
 * @since 0.1.0
 * @category services
 */
export class FundRegisterRepository extends Context.Service<
  FundRegisterRepository,
  FundRegisterRepositoryShape
>()("@karya/core/payments/FundRegisterRepository") {}

const cursorKey = (tenantId: TenantId, headOfAccount: string): string =>
  JSON.stringify([tenantId, headOfAccount])

// One group of a tenant's transactions: those of one sanction, financial
// year and head of account, with their running balance.
interface MemoryGroup {
  readonly financialYear: FinancialYear
  readonly headOfAccount: string
  readonly sanctionId: string
  balance: SanctionBalance
}

// A tenant's register. Mutated only inside `Effect.sync`, each write in one
// synchronous step, so every write is atomic as a `Ref.modify` would be, and
// a write costs O(1) (NFR-5: 10,000 pushes a night).
interface TenantState {
  readonly transactions: Array<RegisterTransaction>
  readonly keys: Set<string>
  readonly groups: Map<string, MemoryGroup>
  readonly sanctions: Array<Sanction>
  readonly sanctionIndex: Map<string, number>
}

const groupKey = (transaction: RegisterTransaction): string =>
  JSON.stringify([transaction.financialYear, transaction.headOfAccount, transaction.sanctionId])

const matches = (
  transaction: Pick<RegisterTransaction, "financialYear" | "headOfAccount" | "sanctionId">,
  query: TransactionQuery,
): boolean =>
  (query.financialYear === undefined || transaction.financialYear === query.financialYear) &&
  (query.headOfAccount === undefined || transaction.headOfAccount === query.headOfAccount) &&
  (query.sanctionId === undefined || transaction.sanctionId === query.sanctionId)

const appendTo = (
  state: TenantState,
  tenantId: TenantId,
  transactions: ReadonlyArray<RegisterTransaction>,
): ReadonlyArray<RegisterTransaction> => {
  const recorded: Array<RegisterTransaction> = []
  for (const transaction of transactions) {
    if (transaction.tenantId !== tenantId || state.keys.has(transaction.key)) continue
    state.keys.add(transaction.key)
    state.transactions.push(transaction)
    const key = groupKey(transaction)
    const group = state.groups.get(key)
    if (group === undefined)
      state.groups.set(key, {
        financialYear: transaction.financialYear,
        headOfAccount: transaction.headOfAccount,
        sanctionId: transaction.sanctionId,
        balance: addToBalance(undefined, transaction),
      })
    else group.balance = addToBalance(group.balance, transaction)
    recorded.push(transaction)
  }
  return recorded
}

// The running balances answer a query whose sanctions each fall in one
// group; a sanction spread over several financial years or heads of account
// is summed from its transactions.
const balancesIn = (state: TenantState, query: TransactionQuery): ReadonlyArray<SanctionBalance> => {
  const groups = [...state.groups.values()].filter((group) => matches(group, query))
  const sanctionIds = new Set(groups.map((group) => group.sanctionId))
  if (sanctionIds.size === groups.length) return groups.map((group) => group.balance)
  return balancesOf(state.transactions.filter((transaction) => matches(transaction, query)))
}

const updateSanctionIn = (
  state: TenantState,
  sanction: Sanction,
  expectedVersion: number,
): Sanction | StaleVersion => {
  const index = state.sanctionIndex.get(sanction.sanctionId)
  const stored = index === undefined ? undefined : state.sanctions[index]
  const actualVersion = stored?.version ?? 0
  if (index === undefined || stored === undefined || actualVersion !== expectedVersion)
    return new StaleVersion({ entityId: `sanction ${sanction.sanctionId}`, expectedVersion, actualVersion })
  const updated = { ...sanction, version: expectedVersion + 1 }
  state.sanctions[index] = updated
  return updated
}

/**
 * An in-memory fund register: each tenant's state in mutable collections
 * written in one synchronous step each (atomic, as a `Ref` would be), with a
 * running balance per sanction. Tests and demos only.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<FundRegisterRepository> = Layer.sync(FundRegisterRepository, () => {
  const tenants = new Map<string, TenantState>()
  const cursors = new Map<string, DateTime.Utc>()
  const stateOf = (tenantId: TenantId): TenantState => {
    const existing = tenants.get(tenantId)
    if (existing !== undefined) return existing
    const created: TenantState = {
      transactions: [],
      keys: new Set(),
      groups: new Map(),
      sanctions: [],
      sanctionIndex: new Map(),
    }
    tenants.set(tenantId, created)
    return created
  }
  return FundRegisterRepository.of({
    append: (tenantId, transactions) =>
      Effect.sync(() => appendTo(stateOf(tenantId), tenantId, transactions)),
    transactions: (tenantId, query) =>
      Effect.sync(() => stateOf(tenantId).transactions.filter((transaction) => matches(transaction, query))),
    balances: (tenantId, query) => Effect.sync(() => balancesIn(stateOf(tenantId), query)),
    addSanctions: (tenantId, sanctions) =>
      Effect.sync(() => {
        const state = stateOf(tenantId)
        for (const sanction of sanctions) {
          if (sanction.tenantId !== tenantId || state.sanctionIndex.has(sanction.sanctionId)) continue
          state.sanctionIndex.set(sanction.sanctionId, state.sanctions.length)
          state.sanctions.push({ ...sanction, version: 1 })
        }
      }),
    updateSanction: (sanction, options) =>
      Effect.flatMap(
        Effect.sync(() => updateSanctionIn(stateOf(sanction.tenantId), sanction, options.expectedVersion)),
        (result) => (result instanceof StaleVersion ? Effect.fail(result) : Effect.succeed(result)),
      ),
    sanctions: (tenantId, query) =>
      Effect.sync(() =>
        stateOf(tenantId).sanctions.filter(
          (sanction) =>
            (query.financialYear === undefined || sanction.financialYear === query.financialYear) &&
            (query.headOfAccount === undefined || sanction.headOfAccount === query.headOfAccount),
        ),
      ),
    virtualAllotmentCursor: (tenantId, headOfAccount) =>
      Effect.sync(() => Option.fromUndefinedOr(cursors.get(cursorKey(tenantId, headOfAccount)))),
    advanceVirtualAllotmentCursor: (tenantId, headOfAccount, to) =>
      Effect.sync(() => {
        const key = cursorKey(tenantId, headOfAccount)
        const previous = cursors.get(key)
        if (previous === undefined || DateTime.isLessThan(previous, to)) cursors.set(key, to)
      }),
  })
})
