/**
 * The store of sanction balances (PI-F-2, PI-V-2, NFR-5, ARCH-3, TEN-1) on
 * the one store shape of `Persistence.AggregateStore`: the running totals of
 * one sanction's transactions (allotments, withdrawals, expenses, reversals)
 * and its latest allotment, one record per sanction, financial year and
 * head of account the transactions are listed in. `FundRegisterBook.append`
 * updates it in the unit of work that records each transaction, over the
 * version it read (DB-4), so a push's funds check reads one record instead
 * of summing the register (10,000 pushes a night). It is the one source of a
 * sanction's balance; the totals are `numeric` columns (DB-3).
 *
 * - the balances of a financial year, head of account or sanction:
 *   `findAll` with `where: { financialYear, headOfAccount, sanctionId }`
 *   (`FundRegisterBook.balances`), in the order first recorded.
 *
 * @since 0.1.0
 */
import { Context, type Layer, Schema } from "effect"
import { TenantId } from "../ids/TenantId.js"
import * as Amount from "../money/Amount.js"
import * as SignedAmount from "../money/SignedAmount.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { FinancialYear } from "../time/FinancialYear.js"
import {
  addToBalance,
  FundRecordExists,
  FundRecordNotFound,
  type RegisterTransaction,
  type SanctionBalance,
  totalsFromSums,
} from "./FundRegister.js"

/**
 * The running balance of one sanction in one financial year and head of
 * account, as stored.
 *
 * @since 0.1.0
 * @category models
 */
export const RunningBalance = Schema.Struct({
  tenantId: TenantId,
  sanctionId: Schema.String,
  financialYear: FinancialYear,
  headOfAccount: Schema.String,
  allotments: Amount.Amount,
  withdrawals: Amount.Amount,
  expenses: Amount.Amount,
  reversals: Amount.Amount,
  /** The allotment a PI header cites (PI-F-3); none before the first allotment. */
  latestAllotment: Schema.optionalKey(
    Schema.Struct({ ssuAllotmentId: Schema.String, allotmentSerialNumber: Schema.String }),
  ),
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type RunningBalance = typeof RunningBalance.Type

/**
 * Where a transaction is counted: its sanction, financial year and head of
 * account.
 *
 * @since 0.1.0
 * @category models
 */
export type BalanceKey = Pick<RegisterTransaction, "sanctionId" | "financialYear" | "headOfAccount">

/**
 * The id of the balance a transaction counts in (unambiguous whatever its
 * parts hold).
 *
 * @since 0.1.0
 * @category conversions
 */
export const balanceIdOf = (key: BalanceKey): string =>
  JSON.stringify([key.sanctionId, key.financialYear, key.headOfAccount])

/**
 * The balance as the register's calculations see it.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toSanctionBalance = (balance: RunningBalance): SanctionBalance => ({
  sanctionId: balance.sanctionId,
  totals: totalsFromSums(balance),
  ...(balance.latestAllotment === undefined ? {} : { latestAllotment: balance.latestAllotment }),
})

/**
 * The running balance with the transactions of its key added, in the order
 * recorded, one version on (none stored yet: a new balance at version 1).
 *
 * @since 0.1.0
 * @category math
 */
export const withTransactions = (
  stored: RunningBalance | undefined,
  transactions: readonly [RegisterTransaction, ...ReadonlyArray<RegisterTransaction>],
): RunningBalance => {
  const [first] = transactions
  let balance = stored === undefined ? undefined : toSanctionBalance(stored)
  for (const transaction of transactions) balance = addToBalance(balance, transaction)
  const totals = (balance as SanctionBalance).totals
  const latestAllotment = (balance as SanctionBalance).latestAllotment
  return {
    tenantId: first.tenantId,
    sanctionId: first.sanctionId,
    financialYear: first.financialYear,
    headOfAccount: first.headOfAccount,
    allotments: totals.allotments,
    withdrawals: totals.withdrawals,
    expenses: totals.expenses,
    reversals: totals.reversals,
    ...(latestAllotment === undefined ? {} : { latestAllotment }),
    version: stored === undefined ? 1 : stored.version + 1,
  }
}

const amountColumn = (of: (balance: RunningBalance) => Amount.Amount) => ({
  type: "numeric" as const,
  of: (balance: RunningBalance) => Amount.toCanonicalString(of(balance)),
})

/**
 * How sanction balances are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<RunningBalance>()({
  name: "SanctionBalance",
  schema: RunningBalance,
  idOf: balanceIdOf,
  columns: {
    sanctionId: { type: "text", of: (balance) => balance.sanctionId },
    financialYear: { type: "text", of: (balance) => balance.financialYear },
    headOfAccount: { type: "text", of: (balance) => balance.headOfAccount },
    allotments: amountColumn((balance) => balance.allotments),
    withdrawals: amountColumn((balance) => balance.withdrawals),
    expenses: amountColumn((balance) => balance.expenses),
    reversals: amountColumn((balance) => balance.reversals),
    fundsAvailable: {
      type: "numeric",
      of: (balance) => SignedAmount.toCanonicalString(totalsFromSums(balance).fundsAvailable),
    },
  },
  uniques: {},
  notFound: (key) =>
    new FundRecordNotFound({ tenantId: key.tenantId, record: "sanctionBalance", id: key.id }),
  duplicate: (key) => new FundRecordExists({ tenantId: key.tenantId, record: "sanctionBalance", id: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type SanctionBalanceRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The sanction balance store port.
 *
 * @since 0.1.0
 * @category services
 */
export class SanctionBalanceRepository extends Context.Service<
  SanctionBalanceRepository,
  SanctionBalanceRepositoryShape
>()("@karya/core/payments/SanctionBalanceRepository") {}

/**
 * An in-memory sanction balance store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<SanctionBalanceRepository> = AggregateStore.layerMemory(
  SanctionBalanceRepository,
  descriptor,
)
