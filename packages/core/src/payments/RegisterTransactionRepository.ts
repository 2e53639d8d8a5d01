/**
 * The store of the fund register's transactions (PI-F-1, PI-F-2, ARCH-3,
 * TEN-1) on the one store shape of `Persistence.AggregateStore`: each
 * transaction keyed by its own key, so a key is recorded once: a second
 * insert of it, also a concurrent one, is `FUND_RECORD_EXISTS` (PI-F-1).
 * Transactions are append-only: the register inserts them and never updates
 * one. They are listed in the order recorded (the store's insertion order),
 * and their kind, amount (`numeric`), business date (`date`), sanction,
 * financial year and head of account are real columns, for the register's
 * queries and later KPIs (DB-3).
 *
 * - the register of a financial year, head of account or sanction:
 *   `findAll` with `where: { financialYear, headOfAccount, sanctionId }`
 *   (`FundRegisterBook.transactions`).
 *
 * @since 0.1.0
 */
import { Context, type Layer, Schema } from "effect"
import * as Amount from "../money/Amount.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { FundRecordExists, FundRecordNotFound, RegisterTransaction } from "./FundRegister.js"

/**
 * A transaction as the store keeps it: with the version every stored
 * aggregate carries (1: a transaction is never changed).
 *
 * @since 0.1.0
 * @category models
 */
export const RecordedTransaction = Schema.Struct({ ...RegisterTransaction.fields, version: Schema.Int })

/**
 * @since 0.1.0
 * @category models
 */
export type RecordedTransaction = typeof RecordedTransaction.Type

/**
 * A transaction to record, at version 1.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toRecorded = (transaction: RegisterTransaction): RecordedTransaction => ({
  ...transaction,
  version: 1,
})

/**
 * The register transaction a recorded one holds.
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromRecorded = (recorded: RecordedTransaction): RegisterTransaction => {
  const { version: _version, ...transaction } = recorded
  return transaction
}

/**
 * How register transactions are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<RecordedTransaction>()({
  name: "RegisterTransaction",
  schema: RecordedTransaction,
  idOf: (transaction) => transaction.key,
  columns: {
    kind: { type: "text", of: (transaction) => transaction.kind },
    amount: { type: "numeric", of: (transaction) => Amount.toCanonicalString(transaction.amount) },
    date: { type: "date", of: (transaction) => transaction.date, sortable: true },
    sanctionId: { type: "text", of: (transaction) => transaction.sanctionId },
    financialYear: { type: "text", of: (transaction) => transaction.financialYear },
    headOfAccount: { type: "text", of: (transaction) => transaction.headOfAccount },
  },
  uniques: {},
  notFound: (key) => new FundRecordNotFound({ tenantId: key.tenantId, record: "transaction", id: key.id }),
  duplicate: (key) => new FundRecordExists({ tenantId: key.tenantId, record: "transaction", id: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type RegisterTransactionRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The register transaction store port.
 *
 * @since 0.1.0
 * @category services
 */
export class RegisterTransactionRepository extends Context.Service<
  RegisterTransactionRepository,
  RegisterTransactionRepositoryShape
>()("@karya/core/payments/RegisterTransactionRepository") {}

/**
 * An in-memory register transaction store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<RegisterTransactionRepository> = AggregateStore.layerMemory(
  RegisterTransactionRepository,
  descriptor,
)
