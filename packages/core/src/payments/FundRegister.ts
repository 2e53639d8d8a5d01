/**
 * Funds (PI-F-1..PI-F-4): the sanctions (master allotments) a tenant's heads
 * of account receive from JIT as virtual allotments, and the fund allocation
 * register that lists, per financial year and head of account, every
 * transaction in time order: initial allotment, additional allotment,
 * withdrawal, expense (an original PI accepted by JIT) and expense reversed
 * (a PI rejected after acceptance).
 *
 * For a sanction: sanctioned balance = total sanctioned − Σ allotments; funds
 * available = Σ allotments − (Σ expenses − Σ reversals + Σ withdrawals).
 * Pushes are refused when funds available would go below the PI's gross
 * amount (PI-V-2), so funds available never goes below zero through a push.
 *
 * Every transaction has a key and is recorded once: an allotment by its
 * sanction, SSU allotment id and serial number; an expense and a reversal by
 * the PI number. Ingesting the same VA rows twice, or booking an expense on
 * a repeated acceptance, records nothing new (PI-F-1).
 *
 * Decisions where the spec is silent:
 * - The allotment key includes the sanction: JIT's own sample reply has two
 *   initial allotments of different sanctions with the same SSU allotment id
 *   and serial (860, 0), which are two allotments, not one seen twice.
 * - An additional allotment or withdrawal for a sanction not seen before
 *   creates the sanction (the cursor may start after its initial allotment)
 *   and is reported as an anomaly for the accountant.
 * - A withdrawal larger than the funds available is recorded (the treasury
 *   took the money back) and reported as an anomaly: the register and JIT
 *   disagree and an accountant must reconcile them.
 * - A sanction belongs to the financial year of its first allotment; its
 *   transactions are listed in that year. A PI is paid from a sanction of the
 *   financial year of the push (JIT refuses previous-FY bills, TR0001).
 * - Within a head of account, sanctions are tried in the order they were
 *   first seen.
 *
 * @since 0.1.0
 */
import { DateTime, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { TenantId as TenantIdSchema } from "../config/TenantId.js"
import * as Amount from "../money/Amount.js"
import * as SignedAmount from "../money/SignedAmount.js"
import * as FinancialYearModule from "../time/FinancialYear.js"
import { FinancialYear } from "../time/FinancialYear.js"
import { LocalDate } from "../time/LocalDate.js"
import type { VirtualAllotmentRow } from "./JitService.js"
import type { SanctionUsed } from "./PaymentInstruction.js"

/**
 * The kinds of register transaction (PI-F-2).
 *
 * @since 0.1.0
 * @category models
 */
export const TransactionKind = Schema.Literals([
  "initialAllotment",
  "additionalAllotment",
  "withdrawal",
  "expense",
  "expenseReversal",
])

/**
 * @since 0.1.0
 * @category models
 */
export type TransactionKind = typeof TransactionKind.Type

/**
 * What a transaction refers to: a VA allotment, or a PI.
 *
 * @since 0.1.0
 * @category models
 */
export const TransactionSource = Schema.Union([
  Schema.TaggedStruct("Allotment", {
    ssuAllotmentId: Schema.String,
    allotmentSerialNumber: Schema.String,
    /** JIT's available balance after the allotment, for reconciliation. */
    availableBalance: Amount.Amount,
  }),
  Schema.TaggedStruct("PaymentInstruction", { paymentInstructionNumber: Schema.String }),
])

/**
 * @since 0.1.0
 * @category models
 */
export type TransactionSource = typeof TransactionSource.Type

/**
 * One transaction of the fund allocation register.
 *
 * @since 0.1.0
 * @category models
 */
export const RegisterTransaction = Schema.Struct({
  /** Records the transaction once (PI-F-1). */
  key: Schema.NonEmptyString,
  tenantId: TenantIdSchema,
  financialYear: FinancialYear,
  headOfAccount: Schema.String,
  sanctionId: Schema.String,
  kind: TransactionKind,
  amount: Amount.Amount,
  /** The business date: the allotment date, or the local date of the JIT reply. */
  date: LocalDate,
  /** When it was recorded; the register's time order. */
  at: Schema.DateTimeUtc,
  source: TransactionSource,
})

/**
 * @since 0.1.0
 * @category models
 */
export type RegisterTransaction = typeof RegisterTransaction.Type

/**
 * A sanction (master allotment, `mstAllotmentDistId`) of a head of account.
 *
 * @since 0.1.0
 * @category models
 */
export const Sanction = Schema.Struct({
  tenantId: TenantIdSchema,
  sanctionId: Schema.String,
  headOfAccount: Schema.String,
  financialYear: FinancialYear,
  ssuId: Schema.String,
  ddoCode: Schema.String,
  granteeCode: Schema.String,
  schemeCode: Schema.String,
  /** The total sanctioned, when the sanction order has been recorded. */
  sanctionedTotal: Schema.optionalKey(Amount.Amount),
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Sanction = typeof Sanction.Type

/**
 * The records the fund register keeps, each in a store of its own.
 *
 * @since 0.1.0
 * @category models
 */
export const FundRecordKind = Schema.Literals([
  "sanction",
  "transaction",
  "sanctionBalance",
  "virtualAllotmentCursor",
])

/**
 * @since 0.1.0
 * @category models
 */
export type FundRecordKind = typeof FundRecordKind.Type

const recordWords: Readonly<Record<FundRecordKind, string>> = {
  sanction: "sanction",
  transaction: "transaction",
  sanctionBalance: "balance of sanction",
  virtualAllotmentCursor: "VA cursor of head of account",
}

/**
 * The fund register of the tenant holds no such record.
 *
 * @since 0.1.0
 * @category errors
 */
export class FundRecordNotFound extends Schema.TaggedError<FundRecordNotFound>(
  "@karya/core/payments/FundRecordNotFound",
)("FundRecordNotFound", { tenantId: Schema.String, record: FundRecordKind, id: Schema.String }) {
  static readonly code = "FUND_RECORD_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = FundRecordNotFound.code
  readonly category = FundRecordNotFound.category
  readonly retryable = false
  override get message(): string {
    return `The fund register of ${this.tenantId} has no ${recordWords[this.record]} ${this.id}; check the reference.`
  }
}

/**
 * The record is in the fund register already (a transaction is recorded
 * once by its key, PI-F-1); recording it again changes nothing.
 *
 * @since 0.1.0
 * @category errors
 */
export class FundRecordExists extends Schema.TaggedError<FundRecordExists>(
  "@karya/core/payments/FundRecordExists",
)("FundRecordExists", { tenantId: Schema.String, record: FundRecordKind, id: Schema.String }) {
  static readonly code = "FUND_RECORD_EXISTS"
  static readonly category = "conflict"
  readonly code = FundRecordExists.code
  readonly category = FundRecordExists.category
  readonly retryable = false
  override get message(): string {
    return `The ${recordWords[this.record]} ${this.id} is already in the fund register of ${this.tenantId}; recording it again changes nothing.`
  }
}

/**
 * The key of an allotment (PI-F-1).
 *
 * @since 0.1.0
 * @category conversions
 */
export const allotmentKey = (row: {
  readonly sanctionId: string
  readonly ssuAllotmentId: string
  readonly allotmentSerialNumber: string
}): string => `allotment/${row.sanctionId}/${row.ssuAllotmentId}/${row.allotmentSerialNumber}`

/**
 * The key of a PI's expense or its reversal.
 *
 * @since 0.1.0
 * @category conversions
 */
export const paymentInstructionKey = (
  kind: "expense" | "expenseReversal",
  paymentInstructionNumber: string,
): string => `${kind}/${paymentInstructionNumber}`

const totalOf = (
  transactions: ReadonlyArray<RegisterTransaction>,
  kinds: ReadonlyArray<TransactionKind>,
): Amount.Amount =>
  Amount.sum(
    transactions
      .filter((transaction) => kinds.includes(transaction.kind))
      .map((transaction) => transaction.amount),
  )

const ofSanction = (
  transactions: ReadonlyArray<RegisterTransaction>,
  sanctionId: string,
): ReadonlyArray<RegisterTransaction> =>
  transactions.filter((transaction) => transaction.sanctionId === sanctionId)

/**
 * The figures of a sanction or of a register (PI-F-2).
 *
 * @since 0.1.0
 * @category models
 */
export interface Totals {
  readonly allotments: Amount.Amount
  readonly withdrawals: Amount.Amount
  readonly expenses: Amount.Amount
  readonly reversals: Amount.Amount
  /** Σ allotments − (Σ expenses − Σ reversals + Σ withdrawals). */
  readonly fundsAvailable: SignedAmount.SignedAmount
}

/**
 * The totals of a list of transactions.
 *
 * @since 0.1.0
 * @category math
 */
export const totalsOf = (transactions: ReadonlyArray<RegisterTransaction>): Totals =>
  totalsFromSums({
    allotments: totalOf(transactions, ["initialAllotment", "additionalAllotment"]),
    withdrawals: totalOf(transactions, ["withdrawal"]),
    expenses: totalOf(transactions, ["expense"]),
    reversals: totalOf(transactions, ["expenseReversal"]),
  })

/**
 * The totals from the sums of each kind (PI-F-2): funds available =
 * Σ allotments − (Σ expenses − Σ reversals + Σ withdrawals).
 *
 * @since 0.1.0
 * @category math
 */
export const totalsFromSums = (sums: {
  readonly allotments: Amount.Amount
  readonly withdrawals: Amount.Amount
  readonly expenses: Amount.Amount
  readonly reversals: Amount.Amount
}): Totals => {
  const spent = SignedAmount.add(
    SignedAmount.difference({ minuend: sums.expenses, subtrahend: sums.reversals }),
    SignedAmount.fromAmount(sums.withdrawals),
  )
  return {
    allotments: sums.allotments,
    withdrawals: sums.withdrawals,
    expenses: sums.expenses,
    reversals: sums.reversals,
    fundsAvailable: SignedAmount.add(SignedAmount.fromAmount(sums.allotments), SignedAmount.negate(spent)),
  }
}

/**
 * Funds available of a sanction (PI-F-2).
 *
 * @since 0.1.0
 * @category math
 */
export const fundsAvailable = (
  transactions: ReadonlyArray<RegisterTransaction>,
  sanctionId: string,
): SignedAmount.SignedAmount => totalsOf(ofSanction(transactions, sanctionId)).fundsAvailable

/**
 * Sanctioned balance of a sanction: total sanctioned − Σ allotments; none
 * until the sanction order's total is recorded (PI-F-2).
 *
 * @since 0.1.0
 * @category math
 */
export const sanctionedBalance = (
  sanction: Sanction,
  transactions: ReadonlyArray<RegisterTransaction>,
): Option.Option<SignedAmount.SignedAmount> =>
  sanction.sanctionedTotal === undefined
    ? Option.none()
    : Option.some(
        SignedAmount.difference({
          minuend: sanction.sanctionedTotal,
          subtrahend: totalsOf(ofSanction(transactions, sanction.sanctionId)).allotments,
        }),
      )

const signedEffect = (transaction: RegisterTransaction): SignedAmount.SignedAmount => {
  const amount = SignedAmount.fromAmount(transaction.amount)
  return transaction.kind === "withdrawal" || transaction.kind === "expense"
    ? SignedAmount.negate(amount)
    : amount
}

/**
 * Orders transactions in time: by the instant recorded, then in the order
 * given (a batch recorded at one instant keeps its order).
 *
 * @since 0.1.0
 * @category conversions
 */
export const inTimeOrder = (
  transactions: ReadonlyArray<RegisterTransaction>,
): ReadonlyArray<RegisterTransaction> =>
  transactions
    .map((transaction, index) => ({ transaction, index }))
    .sort(
      (left, right) =>
        DateTime.toEpochMillis(left.transaction.at) - DateTime.toEpochMillis(right.transaction.at) ||
        left.index - right.index,
    )
    .map(({ transaction }) => transaction)

/**
 * A line of the fund allocation register: the transaction and the funds
 * available after it.
 *
 * @since 0.1.0
 * @category models
 */
export interface RegisterLine {
  readonly transaction: RegisterTransaction
  readonly fundsAvailableAfter: SignedAmount.SignedAmount
}

/**
 * The fund allocation register of a financial year and head of account
 * (PI-F-2): its transactions in time order, each with the funds available
 * after it.
 *
 * @since 0.1.0
 * @category conversions
 */
export const register = (
  transactions: ReadonlyArray<RegisterTransaction>,
  of: { readonly financialYear: FinancialYear; readonly headOfAccount: string },
): ReadonlyArray<RegisterLine> => {
  let running = SignedAmount.fromAmount(Amount.zero)
  return inTimeOrder(
    transactions.filter(
      (transaction) =>
        transaction.financialYear === of.financialYear && transaction.headOfAccount === of.headOfAccount,
    ),
  ).map((transaction) => {
    running = SignedAmount.add(running, signedEffect(transaction))
    return { transaction, fundsAvailableAfter: running }
  })
}

/**
 * Whether the register reconciles: the running balance of its lines ends at
 * Σ allotments − Σ expenses + Σ reversals − Σ withdrawals.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isReconciled = (transactions: ReadonlyArray<RegisterTransaction>): boolean => {
  const running = SignedAmount.sum(transactions.map(signedEffect))
  return SignedAmount.equals(running, totalsOf(transactions).fundsAvailable)
}

// ---------------------------------------------------------------- VA ingestion

const transactionKindOf: Readonly<Record<VirtualAllotmentRow["kind"], TransactionKind>> = {
  initialAllotment: "initialAllotment",
  additionalAllotment: "additionalAllotment",
  withdrawal: "withdrawal",
}

/**
 * What ingesting a VA reply records: the new transactions and sanctions, and
 * the anomalies an accountant should see.
 *
 * @since 0.1.0
 * @category models
 */
export interface Ingestion {
  readonly transactions: ReadonlyArray<RegisterTransaction>
  readonly sanctions: ReadonlyArray<Sanction>
  readonly anomalies: ReadonlyArray<string>
}

const sanctionOfRow = (
  row: VirtualAllotmentRow,
  context: { readonly tenantId: TenantId; readonly headOfAccount: string },
): Sanction => ({
  tenantId: context.tenantId,
  sanctionId: row.sanctionId,
  headOfAccount: context.headOfAccount,
  financialYear: FinancialYearModule.ofDate(row.allotmentDate),
  ssuId: row.ssuId,
  ddoCode: row.ddoCode,
  granteeCode: row.granteeCode,
  schemeCode: row.schemeCode,
  version: 1,
})

/**
 * Turns a VA reply for one head of account into register transactions
 * (PI-F-1): allotments already recorded (by key) or repeated in the reply
 * are skipped; initial allotments come first so a sanction exists before its
 * additions; a withdrawal beyond the funds available is recorded and
 * reported.
 *
 * @since 0.1.0
 * @category constructors
 */
export const ingest = (options: {
  readonly tenantId: TenantId
  readonly headOfAccount: string
  readonly rows: ReadonlyArray<VirtualAllotmentRow>
  readonly existing: ReadonlyArray<RegisterTransaction>
  readonly sanctions: ReadonlyArray<Sanction>
  readonly at: DateTime.Utc
}): Ingestion => {
  const keys = new Set(options.existing.map((transaction) => transaction.key))
  const sanctions = new Map(options.sanctions.map((sanction) => [sanction.sanctionId, sanction]))
  const recorded: Array<RegisterTransaction> = []
  const created: Array<Sanction> = []
  const anomalies: Array<string> = []
  const ordered = [...options.rows].sort(
    (left, right) => Number(right.kind === "initialAllotment") - Number(left.kind === "initialAllotment"),
  )
  for (const row of ordered) {
    const key = allotmentKey(row)
    if (keys.has(key)) continue
    keys.add(key)
    let sanction = sanctions.get(row.sanctionId)
    if (sanction === undefined) {
      sanction = sanctionOfRow(row, options)
      sanctions.set(sanction.sanctionId, sanction)
      created.push(sanction)
      if (row.kind !== "initialAllotment") {
        anomalies.push(
          `sanction ${row.sanctionId} was first seen through an ${row.kind} (${row.ssuAllotmentId}/${row.allotmentSerialNumber}), not its initial allotment`,
        )
      }
    }
    const transaction = allotmentTransaction(row, { sanction, at: options.at })
    const available = fundsAvailable([...options.existing, ...recorded], sanction.sanctionId)
    if (
      row.kind === "withdrawal" &&
      SignedAmount.compare(available, SignedAmount.fromAmount(row.amount)) < 0
    ) {
      anomalies.push(
        `withdrawal ${row.ssuAllotmentId}/${row.allotmentSerialNumber} of ${Amount.toCanonicalString(row.amount)} exceeds the funds available in sanction ${row.sanctionId} (${SignedAmount.toCanonicalString(available)}); reconcile the register with JIT`,
      )
    }
    recorded.push(transaction)
  }
  return { transactions: recorded, sanctions: created, anomalies }
}

const allotmentTransaction = (
  row: VirtualAllotmentRow,
  context: { readonly sanction: Sanction; readonly at: DateTime.Utc },
): RegisterTransaction => ({
  key: allotmentKey(row),
  tenantId: context.sanction.tenantId,
  financialYear: context.sanction.financialYear,
  headOfAccount: context.sanction.headOfAccount,
  sanctionId: row.sanctionId,
  kind: transactionKindOf[row.kind],
  amount: row.amount,
  date: row.allotmentDate,
  at: context.at,
  source: {
    _tag: "Allotment",
    ssuAllotmentId: row.ssuAllotmentId,
    allotmentSerialNumber: row.allotmentSerialNumber,
    availableBalance: row.availableBalance,
  },
})

/**
 * The transaction booking or reversing a PI's expense (PI-F-4), on the
 * sanction its push used.
 *
 * @since 0.1.0
 * @category constructors
 */
export const paymentInstructionTransaction = (options: {
  readonly kind: "expense" | "expenseReversal"
  readonly tenantId: TenantId
  readonly paymentInstructionNumber: string
  readonly sanction: SanctionUsed
  readonly amount: Amount.Amount
  readonly date: LocalDate
  readonly at: DateTime.Utc
}): RegisterTransaction => ({
  key: paymentInstructionKey(options.kind, options.paymentInstructionNumber),
  tenantId: options.tenantId,
  financialYear: options.sanction.financialYear,
  headOfAccount: options.sanction.headOfAccount,
  sanctionId: options.sanction.sanctionId,
  kind: options.kind,
  amount: options.amount,
  date: options.date,
  at: options.at,
  source: { _tag: "PaymentInstruction", paymentInstructionNumber: options.paymentInstructionNumber },
})

// ---------------------------------------------------------------- HOA choice

/**
 * The allotment transaction a PI header cites (`ssuAllotmentId`,
 * `allotmentTxnSlNo`).
 *
 * @since 0.1.0
 * @category models
 */
export interface AllotmentReference {
  readonly ssuAllotmentId: string
  readonly allotmentSerialNumber: string
}

// The latest allotment: the highest serial number; of equal ones, the one
// recorded last.
const laterAllotment = (
  latest: AllotmentReference | undefined,
  transaction: RegisterTransaction,
): AllotmentReference | undefined => {
  const source = transaction.source
  if (source._tag !== "Allotment") return latest
  return latest === undefined || Number(source.allotmentSerialNumber) >= Number(latest.allotmentSerialNumber)
    ? { ssuAllotmentId: source.ssuAllotmentId, allotmentSerialNumber: source.allotmentSerialNumber }
    : latest
}

/**
 * The latest allotment transaction of a sanction among the transactions
 * given, in the order recorded.
 *
 * @since 0.1.0
 * @category conversions
 */
export const latestAllotmentOf = (
  transactions: ReadonlyArray<RegisterTransaction>,
  sanctionId: string,
): AllotmentReference | undefined => {
  let latest: AllotmentReference | undefined
  for (const transaction of ofSanction(transactions, sanctionId)) latest = laterAllotment(latest, transaction)
  return latest
}

/**
 * What the register holds for one sanction (PI-F-2, PI-F-3): the totals of
 * its transactions and its latest allotment, all a push's funds check and
 * sanction choice need. `balancesOf` computes it from the transactions; a
 * store keeps it as each transaction is recorded (`FundRegisterBook.balances`).
 *
 * @since 0.1.0
 * @category models
 */
export interface SanctionBalance {
  readonly sanctionId: string
  readonly totals: Totals
  readonly latestAllotment?: AllotmentReference
}

const sumsKindOf: Readonly<Record<TransactionKind, "allotments" | "withdrawals" | "expenses" | "reversals">> =
  {
    initialAllotment: "allotments",
    additionalAllotment: "allotments",
    withdrawal: "withdrawals",
    expense: "expenses",
    expenseReversal: "reversals",
  }

/**
 * A sanction's balance with one more transaction of the sanction, recorded
 * after those already counted (none yet: `undefined`).
 *
 * @since 0.1.0
 * @category math
 */
export const addToBalance = (
  balance: SanctionBalance | undefined,
  transaction: RegisterTransaction,
): SanctionBalance => {
  const totals = balance?.totals ?? totalsOf([])
  const sums = {
    allotments: totals.allotments,
    withdrawals: totals.withdrawals,
    expenses: totals.expenses,
    reversals: totals.reversals,
  }
  const kind = sumsKindOf[transaction.kind]
  const latestAllotment = laterAllotment(balance?.latestAllotment, transaction)
  return {
    sanctionId: transaction.sanctionId,
    totals: totalsFromSums({ ...sums, [kind]: Amount.add(sums[kind], transaction.amount) }),
    ...(latestAllotment === undefined ? {} : { latestAllotment }),
  }
}

/**
 * The balance of each sanction of the transactions, in the order the
 * sanctions were first seen.
 *
 * @since 0.1.0
 * @category math
 */
export const balancesOf = (
  transactions: ReadonlyArray<RegisterTransaction>,
): ReadonlyArray<SanctionBalance> => {
  const balances = new Map<string, SanctionBalance>()
  for (const transaction of transactions)
    balances.set(transaction.sanctionId, addToBalance(balances.get(transaction.sanctionId), transaction))
  return [...balances.values()]
}

/**
 * The sanction as a PI header cites it: with its latest allotment
 * transaction (`ssuAllotmentId`, `allotmentTxnSlNo`, as in JIT's sample PI,
 * which cites the sanction's last VA transaction).
 *
 * @since 0.1.0
 * @category conversions
 */
export const toSanctionUsed = (
  sanction: Sanction,
  transactions: ReadonlyArray<RegisterTransaction>,
): SanctionUsed | undefined => {
  const latest = latestAllotmentOf(transactions, sanction.sanctionId)
  return latest === undefined
    ? undefined
    : {
        sanctionId: sanction.sanctionId,
        headOfAccount: sanction.headOfAccount,
        financialYear: sanction.financialYear,
        ...latest,
      }
}

/**
 * Whether a sanction's funds available cover an amount.
 *
 * @since 0.1.0
 * @category predicates
 */
export const hasFundsFor = (
  transactions: ReadonlyArray<RegisterTransaction>,
  options: { readonly sanctionId: string; readonly amount: Amount.Amount },
): boolean =>
  SignedAmount.compare(
    fundsAvailable(transactions, options.sanctionId),
    SignedAmount.fromAmount(options.amount),
  ) >= 0

/**
 * Chooses the sanction that pays a PI (PI-F-3): heads of account in the
 * configured order, and within one its sanctions of the financial year in
 * the order first seen; the first whose funds available are at least the
 * gross amount. None when no sanction has enough: the PI is not pushed and
 * the bill shows "payment blocked: insufficient funds".
 *
 * @since 0.1.0
 * @category constructors
 */
export const chooseSanction = (options: {
  readonly headsOfAccountOrder: ReadonlyArray<{ readonly code: string }>
  readonly sanctions: ReadonlyArray<Sanction>
  readonly transactions: ReadonlyArray<RegisterTransaction>
  readonly financialYear: FinancialYear
  readonly grossAmount: Amount.Amount
}): SanctionUsed | undefined =>
  chooseSanctionByBalance({ ...options, balances: balancesOf(options.transactions) })

/**
 * Whether a sanction's balance covers an amount (none recorded: nothing is
 * available).
 *
 * @since 0.1.0
 * @category predicates
 */
export const balanceCovers = (balance: SanctionBalance | undefined, amount: Amount.Amount): boolean =>
  SignedAmount.compare(
    balance?.totals.fundsAvailable ?? SignedAmount.fromAmount(Amount.zero),
    SignedAmount.fromAmount(amount),
  ) >= 0

/**
 * `chooseSanction` from the sanctions' balances instead of their
 * transactions (PI-F-3).
 *
 * @since 0.1.0
 * @category constructors
 */
export const chooseSanctionByBalance = (options: {
  readonly headsOfAccountOrder: ReadonlyArray<{ readonly code: string }>
  readonly sanctions: ReadonlyArray<Sanction>
  readonly balances: ReadonlyArray<SanctionBalance>
  readonly financialYear: FinancialYear
  readonly grossAmount: Amount.Amount
}): SanctionUsed | undefined => {
  const balances = new Map(options.balances.map((balance) => [balance.sanctionId, balance]))
  for (const headOfAccount of options.headsOfAccountOrder) {
    for (const sanction of options.sanctions) {
      const isCandidate =
        sanction.headOfAccount === headOfAccount.code && sanction.financialYear === options.financialYear
      if (!isCandidate) continue
      const balance = balances.get(sanction.sanctionId)
      if (!balanceCovers(balance, options.grossAmount)) continue
      const latest = balance?.latestAllotment
      if (latest !== undefined)
        return {
          sanctionId: sanction.sanctionId,
          headOfAccount: sanction.headOfAccount,
          financialYear: sanction.financialYear,
          ...latest,
        }
    }
  }
  return undefined
}
