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
import { Context, DateTime, Effect, Layer, Option, Ref, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { FinancialYear } from "../time/FinancialYear.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import type { RegisterTransaction, Sanction } from "./FundRegister.js"

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
  readonly code = FundRegisterUnavailable.code
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

interface MemoryState {
  readonly transactions: ReadonlyArray<RegisterTransaction>
  readonly sanctions: ReadonlyArray<Sanction>
  readonly cursors: ReadonlyMap<string, DateTime.Utc>
}

const cursorKey = (tenantId: TenantId, headOfAccount: string): string =>
  JSON.stringify([tenantId, headOfAccount])

const matches = (transaction: RegisterTransaction, query: TransactionQuery): boolean =>
  (query.financialYear === undefined || transaction.financialYear === query.financialYear) &&
  (query.headOfAccount === undefined || transaction.headOfAccount === query.headOfAccount) &&
  (query.sanctionId === undefined || transaction.sanctionId === query.sanctionId)

const appendNew = (
  state: MemoryState,
  tenantId: TenantId,
  transactions: ReadonlyArray<RegisterTransaction>,
): readonly [ReadonlyArray<RegisterTransaction>, MemoryState] => {
  const keys = new Set(
    state.transactions.filter((stored) => stored.tenantId === tenantId).map((stored) => stored.key),
  )
  const recorded: Array<RegisterTransaction> = []
  for (const transaction of transactions) {
    if (transaction.tenantId !== tenantId || keys.has(transaction.key)) continue
    keys.add(transaction.key)
    recorded.push(transaction)
  }
  return [recorded, { ...state, transactions: [...state.transactions, ...recorded] }]
}

const updateSanctionIn = (
  state: MemoryState,
  sanction: Sanction,
  expectedVersion: number,
): readonly [Sanction | StaleVersion, MemoryState] => {
  const index = state.sanctions.findIndex(
    (stored) => stored.tenantId === sanction.tenantId && stored.sanctionId === sanction.sanctionId,
  )
  const stored = state.sanctions[index]
  const actualVersion = stored?.version ?? 0
  if (stored === undefined || actualVersion !== expectedVersion) {
    return [
      new StaleVersion({ entityId: `sanction ${sanction.sanctionId}`, expectedVersion, actualVersion }),
      state,
    ]
  }
  const updated = { ...sanction, version: expectedVersion + 1 }
  return [
    updated,
    { ...state, sanctions: state.sanctions.map((item, at) => (at === index ? updated : item)) },
  ]
}

/**
 * An in-memory fund register: state in one `Ref`, updated atomically. Tests
 * and demos only.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<FundRegisterRepository> = Layer.effect(
  FundRegisterRepository,
  Effect.map(Ref.make<MemoryState>({ transactions: [], sanctions: [], cursors: new Map() }), (state) =>
    FundRegisterRepository.of({
      append: (tenantId, transactions) =>
        Ref.modify(state, (current) => appendNew(current, tenantId, transactions)),
      transactions: (tenantId, query) =>
        Effect.map(Ref.get(state), (current) =>
          current.transactions.filter(
            (transaction) => transaction.tenantId === tenantId && matches(transaction, query),
          ),
        ),
      addSanctions: (tenantId, sanctions) =>
        Ref.update(state, (current) => {
          const known = new Set(
            current.sanctions.filter((item) => item.tenantId === tenantId).map((item) => item.sanctionId),
          )
          const added = sanctions.filter((item) => item.tenantId === tenantId && !known.has(item.sanctionId))
          const unique = added.filter(
            (item, index) => added.findIndex((other) => other.sanctionId === item.sanctionId) === index,
          )
          return {
            ...current,
            sanctions: [...current.sanctions, ...unique.map((item) => ({ ...item, version: 1 }))],
          }
        }),
      updateSanction: (sanction, options) =>
        Effect.flatMap(
          Ref.modify(state, (current) => updateSanctionIn(current, sanction, options.expectedVersion)),
          (result) => (result instanceof StaleVersion ? Effect.fail(result) : Effect.succeed(result)),
        ),
      sanctions: (tenantId, query) =>
        Effect.map(Ref.get(state), (current) =>
          current.sanctions.filter(
            (sanction) =>
              sanction.tenantId === tenantId &&
              (query.financialYear === undefined || sanction.financialYear === query.financialYear) &&
              (query.headOfAccount === undefined || sanction.headOfAccount === query.headOfAccount),
          ),
        ),
      virtualAllotmentCursor: (tenantId, headOfAccount) =>
        Effect.map(Ref.get(state), (current) =>
          Option.fromUndefinedOr(current.cursors.get(cursorKey(tenantId, headOfAccount))),
        ),
      advanceVirtualAllotmentCursor: (tenantId, headOfAccount, to) =>
        Ref.update(state, (current) => {
          const key = cursorKey(tenantId, headOfAccount)
          const previous = current.cursors.get(key)
          if (previous !== undefined && DateTime.isGreaterThanOrEqualTo(previous, to)) return current
          return { ...current, cursors: new Map([...current.cursors, [key, to]]) }
        }),
    }),
  ),
)
