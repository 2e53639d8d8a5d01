/**
 * The fund register's book-keeping (PI-F-1, PI-F-2, PI-V-2, DB-4, DB-5,
 * NFR-5): what the register records and answers, as core code over its four
 * stores, each on the one store shape of `Persistence.AggregateStore`:
 * sanctions (`SanctionRepository`), transactions
 * (`RegisterTransactionRepository`), the running balance of each sanction
 * (`SanctionBalanceRepository`) and the VA cursor of each head of account
 * (`VirtualAllotmentCursorRepository`). The arithmetic stays in
 * `FundRegister` (`addToBalance`, `balancesOf`); the stores only keep.
 *
 * - `append` records the transactions whose key is new, and adds each to its
 *   sanction's running balance in the same unit of work (DB-5). Concurrent
 *   appends to one balance never lose an update: each writes over the
 *   version it read (DB-4) and, refused, reads again and retries, at most
 *   `balanceWriteAttemptsMax` times. Concurrent appends of one key record it
 *   once: the store refuses the second insert of a key (PI-F-1).
 * - `balances` reads the running balances (one record per sanction, not its
 *   transactions: a push's funds check, PI-V-2, NFR-5); it equals
 *   `FundRegister.balancesOf(transactions(query))` for every query.
 * - Sanctions are added once and changed with the store's `update` over
 *   their version (`STALE_VERSION` otherwise).
 * - The VA cursor of a head of account only moves forward.
 *
 * Every operation fails only with `StoreUnavailable` (and `append`, whose
 * unit of work may not start or commit, `UnitOfWorkUnavailable`).
 *
 * @since 0.1.0
 */
import { DateTime, Effect, Option, Schema } from "effect"
import type { TenantId } from "../ids/TenantId.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type { StaleVersion } from "../persistence/StaleVersion.js"
import { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import * as UnitOfWork from "../persistence/UnitOfWork.js"
import type { FinancialYear } from "../time/FinancialYear.js"
import {
  balancesOf,
  type FundRecordExists,
  type FundRecordNotFound,
  type RegisterTransaction,
  type Sanction,
  type SanctionBalance,
} from "./FundRegister.js"
import { fromRecorded, RegisterTransactionRepository, toRecorded } from "./RegisterTransactionRepository.js"
import {
  balanceIdOf,
  type RunningBalance,
  SanctionBalanceRepository,
  toSanctionBalance,
  withTransactions,
} from "./SanctionBalanceRepository.js"
import { SanctionRepository } from "./SanctionRepository.js"
import { VirtualAllotmentCursorRepository } from "./VirtualAllotmentCursorRepository.js"

/**
 * The fund register could not be read or written.
 *
 * @deprecated The code is retired: the register's stores report
 * `STORE_UNAVAILABLE` (`Persistence.StoreUnavailable`). Kept so the code is
 * never reused.
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
 * How many times one append writes a running balance before giving up:
 * each refused write means another append to the same balance committed
 * after this one read it. A run keeps at most `JitRun.jitCallsInFlightMax`
 * (16) calls in flight, each booking at most one transaction, so an append
 * meets at most 16 rivals; twice that leaves room for a VA ingestion and a
 * user's refresh. Past it the balance is contended beyond any run's making,
 * and the append fails as a retryable `StoreUnavailable`, changing nothing.
 *
 * @since 0.1.0
 * @category constants
 */
export const balanceWriteAttemptsMax = 32

/**
 * The most transactions one register query lists (a financial year of a
 * head of account, PI-F-2; VA ingestion reads a head of account's): NFR-5
 * sizes a night at 10,000 PIs, each one expense (and perhaps a reversal);
 * ten such nights in a year with their allotments stay far below it, and a
 * register larger than that is a deployment's mistake.
 *
 * @since 0.1.0
 * @category constants
 */
export const transactionsListedMax = 200_000

/**
 * The most sanctions, and the most running balances, one query reads: a
 * ULB receives some tens of sanctions a year per head of account; a
 * thousand times that is a deployment's mistake.
 *
 * @since 0.1.0
 * @category constants
 */
export const sanctionsListedMax = 10_000

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

// The store's not-found of a record the register reads as "none yet".
// Whether a write over the version read landed: a rival's write first (a
// newer version, or the record created meanwhile) means read again; a
// record read a moment ago is never removed, so its absence is a defect.
const landedOf = <R>(
  write: Effect.Effect<void, StaleVersion | FundRecordExists | FundRecordNotFound | StoreUnavailable, R>,
) =>
  write.pipe(
    Effect.as(true),
    Effect.catchTags({
      StaleVersion: () => Effect.succeed(false),
      FundRecordExists: () => Effect.succeed(false),
      FundRecordNotFound: (error) => Effect.die(error),
    }),
  )

const orNone = <A, R>(effect: Effect.Effect<A, FundRecordNotFound | StoreUnavailable, R>) =>
  effect.pipe(
    Effect.map(Option.some),
    Effect.catchTag("FundRecordNotFound", () => Effect.succeed(Option.none<A>())),
  )

// The transactions of one running balance, in the order recorded.
const groupsOf = (
  transactions: ReadonlyArray<RegisterTransaction>,
): ReadonlyArray<readonly [RegisterTransaction, ...Array<RegisterTransaction>]> => {
  const groups = new Map<string, [RegisterTransaction, ...Array<RegisterTransaction>]>()
  for (const transaction of transactions) {
    const id = balanceIdOf(transaction)
    const group = groups.get(id)
    if (group === undefined) groups.set(id, [transaction])
    else group.push(transaction)
  }
  return [...groups.values()]
}

// Adds a group's transactions to their running balance over the version
// read; a rival's write in between (a stale version, or a balance created
// first) means: read again and retry.
const addToRunningBalance = (
  tenantId: TenantId,
  transactions: readonly [RegisterTransaction, ...ReadonlyArray<RegisterTransaction>],
) =>
  Effect.gen(function* () {
    const balances = yield* SanctionBalanceRepository
    const id = balanceIdOf(transactions[0])
    for (let attempt = 1; attempt <= balanceWriteAttemptsMax; attempt += 1) {
      const stored = Option.getOrUndefined(yield* orNone(balances.get({ tenantId, id })))
      const next = withTransactions(stored, transactions)
      const write =
        stored === undefined
          ? balances.insert({ aggregate: next })
          : balances.update({ aggregate: next, expectedVersion: stored.version })
      if (yield* landedOf(write)) return
    }
    return yield* new StoreUnavailable({ store: "SanctionBalance", retryable: true })
  })

/**
 * Records the transactions whose key is new for the tenant, in the order
 * given, and returns those recorded (a repeated key, also within the batch
 * or by a concurrent append, is skipped: PI-F-1); each is added to its
 * sanction's running balance in the same unit of work (DB-5).
 *
 * @since 0.1.0
 * @category constructors
 */
export const append = (tenantId: TenantId, transactions: ReadonlyArray<RegisterTransaction>) =>
  UnitOfWork.transaction(
    Effect.gen(function* () {
      const store = yield* RegisterTransactionRepository
      const recorded: Array<RegisterTransaction> = []
      for (const transaction of transactions) {
        if (transaction.tenantId !== tenantId) continue
        const isNew = yield* store.insert({ aggregate: toRecorded(transaction) }).pipe(
          Effect.as(true),
          Effect.catchTag("FundRecordExists", () => Effect.succeed(false)),
        )
        if (isNew) recorded.push(transaction)
      }
      for (const group of groupsOf(recorded)) yield* addToRunningBalance(tenantId, group)
      return recorded as ReadonlyArray<RegisterTransaction>
    }),
  )

const whereOf = (query: TransactionQuery) => ({
  financialYear: query.financialYear,
  headOfAccount: query.headOfAccount,
  sanctionId: query.sanctionId,
})

/**
 * The tenant's transactions matching the query, in the order recorded.
 *
 * @since 0.1.0
 * @category constructors
 */
export const transactions = (tenantId: TenantId, query: TransactionQuery) =>
  Effect.flatMap(RegisterTransactionRepository, (store) =>
    Effect.map(
      AggregateStore.findAll(store, { tenantId, where: whereOf(query) }, { itemsMax: transactionsListedMax }),
      (recorded) => recorded.map(fromRecorded),
    ),
  )

/**
 * The balance of each sanction over the tenant's transactions matching the
 * query, in the order the sanctions were first recorded: what
 * `FundRegister.balancesOf` gives for `transactions(tenantId, query)`, read
 * from the running balances (a push's funds check, PI-V-2, PI-F-3). A
 * sanction whose transactions the query finds in several financial years or
 * heads of account (which a sanction's own transactions never are) is
 * summed from its transactions.
 *
 * @since 0.1.0
 * @category constructors
 */
export const balances = (
  tenantId: TenantId,
  query: TransactionQuery,
): Effect.Effect<
  ReadonlyArray<SanctionBalance>,
  StoreUnavailable,
  SanctionBalanceRepository | RegisterTransactionRepository
> =>
  Effect.gen(function* () {
    const store = yield* SanctionBalanceRepository
    const found: ReadonlyArray<RunningBalance> = yield* AggregateStore.findAll(
      store,
      { tenantId, where: whereOf(query) },
      { itemsMax: sanctionsListedMax },
    )
    const sanctionIds = new Set(found.map((balance) => balance.sanctionId))
    if (sanctionIds.size === found.length) return found.map(toSanctionBalance)
    return balancesOf(yield* transactions(tenantId, query))
  })

/**
 * Adds the sanctions not yet known (by sanction id), at version 1; a known
 * one is left as it is.
 *
 * @since 0.1.0
 * @category constructors
 */
export const addSanctions = (tenantId: TenantId, sanctions: ReadonlyArray<Sanction>) =>
  Effect.flatMap(SanctionRepository, (store) =>
    Effect.forEach(
      sanctions.filter((sanction) => sanction.tenantId === tenantId),
      (sanction) =>
        store
          .insert({ aggregate: { ...sanction, version: 1 } })
          .pipe(Effect.catchTag("FundRecordExists", () => Effect.void)),
      { discard: true },
    ),
  )

/**
 * The tenant's sanctions, in the order first seen.
 *
 * @since 0.1.0
 * @category constructors
 */
export const sanctions = (
  tenantId: TenantId,
  query: { readonly financialYear?: FinancialYear; readonly headOfAccount?: string },
) =>
  Effect.flatMap(SanctionRepository, (store) =>
    AggregateStore.findAll(
      store,
      { tenantId, where: { financialYear: query.financialYear, headOfAccount: query.headOfAccount } },
      { itemsMax: sanctionsListedMax },
    ),
  )

/**
 * When VA was last pulled successfully for the head of account.
 *
 * @since 0.1.0
 * @category constructors
 */
export const virtualAllotmentCursor = (
  tenantId: TenantId,
  headOfAccount: string,
): Effect.Effect<Option.Option<DateTime.Utc>, StoreUnavailable, VirtualAllotmentCursorRepository> =>
  Effect.flatMap(VirtualAllotmentCursorRepository, (store) =>
    Effect.map(
      orNone(store.get({ tenantId, id: headOfAccount })),
      Option.map((cursor) => cursor.lastRunAt),
    ),
  )

/**
 * Moves the VA cursor of the head of account to `to`; it never moves back.
 * A rival's move in between is read again (at most
 * `balanceWriteAttemptsMax` times, as a balance is).
 *
 * @since 0.1.0
 * @category constructors
 */
export const advanceVirtualAllotmentCursor = (tenantId: TenantId, headOfAccount: string, to: DateTime.Utc) =>
  Effect.gen(function* () {
    const store = yield* VirtualAllotmentCursorRepository
    for (let attempt = 1; attempt <= balanceWriteAttemptsMax; attempt += 1) {
      const stored = Option.getOrUndefined(yield* orNone(store.get({ tenantId, id: headOfAccount })))
      if (stored !== undefined && !DateTime.isLessThan(stored.lastRunAt, to)) return
      const write =
        stored === undefined
          ? store.insert({ aggregate: { tenantId, headOfAccount, lastRunAt: to, version: 1 } })
          : store.update({
              aggregate: { ...stored, lastRunAt: to, version: stored.version + 1 },
              expectedVersion: stored.version,
            })
      if (yield* landedOf(write)) return
    }
    return yield* new StoreUnavailable({ store: "VirtualAllotmentCursor", retryable: true })
  })
