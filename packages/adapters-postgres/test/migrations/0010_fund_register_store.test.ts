/**
 * Migration 0010 carries migration 0002's fund register (sanctions,
 * transactions, VA cursors) into the aggregate store's tables, on PGlite
 * and, with `DATABASE_URL`, server Postgres, and computes each sanction's
 * running balance from the carried transactions: everything reads back
 * whole, in its order, each balance equals `FundRegister.balancesOf` of the
 * transactions, and appending goes on from there (PI-F-1, PI-F-2, DB-1).
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Money, Payments, Time } from "@karya/core"
import { DateTime, Effect, Layer, Option } from "effect"
import { SqlClient } from "effect/sql"
import { documentCodec } from "../../src/internal/RepositoryRows.js"
import { migrations } from "../../src/migrations/index.js"
import * as PgAggregateStore from "../../src/PgAggregateStore.js"
import * as PgMigrations from "../../src/PgMigrations.js"
import * as PgUnitOfWork from "../../src/PgUnitOfWork.js"
import { databases } from "../TestDatabases.js"

// Each test starts a database of its own (PGlite takes seconds to start) and
// migrates it twice over; on a shared machine that can take a minute.
const freshDatabaseTimeoutMs = 120_000

const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const at = DateTime.makeUnsafe("2024-06-10T05:00:00Z")
const book = Payments.FundRegisterBook

type Transaction = Payments.FundRegister.RegisterTransaction
type Sanction = Payments.FundRegister.Sanction

const listing = (sanctionId: string, headOfAccount: string, financialYear: string) => ({
  sanctionId,
  headOfAccount,
  financialYear: Time.FinancialYear.makeUnsafe(financialYear),
})

const allotment = (
  key: string,
  where: ReturnType<typeof listing>,
  options: { readonly amount: string; readonly serial: string },
): Transaction => ({
  key,
  tenantId,
  ...where,
  kind: options.serial === "0" ? "initialAllotment" : "additionalAllotment",
  amount: Money.Amount.makeUnsafe(options.amount),
  date: Time.LocalDate.makeUnsafe("2024-06-10"),
  at,
  source: {
    _tag: "Allotment",
    ssuAllotmentId: `ssu-${key}`,
    allotmentSerialNumber: options.serial,
    availableBalance: Money.Amount.makeUnsafe(options.amount),
  },
})

const spend = (
  key: string,
  where: ReturnType<typeof listing>,
  kind: "expense" | "expenseReversal",
  amount: string,
): Transaction => ({
  key,
  tenantId,
  ...where,
  kind,
  amount: Money.Amount.makeUnsafe(amount),
  date: Time.LocalDate.makeUnsafe("2024-06-11"),
  at,
  source: { _tag: "PaymentInstruction", paymentInstructionNumber: key },
})

const h1 = listing("920", "H1", "2024-25")
const h2 = listing("921", "H2", "2024-25")
// Sanction 922 is listed in two financial years (two running balances).
const spreadEarlier = listing("922", "H1", "2023-24")
const spreadLater = listing("922", "H1", "2024-25")

const transactions: ReadonlyArray<Transaction> = [
  allotment("a0", h1, { amount: "1000.50", serial: "0" }),
  spend("PI-1", h1, "expense", "250.25"),
  allotment("b0", h2, { amount: "40", serial: "0" }),
  allotment("a2", h1, { amount: "10", serial: "2" }),
  allotment("a1", h1, { amount: "5", serial: "1" }),
  // A serial equal to the highest: the one recorded last is the latest.
  allotment("a2bis", h1, { amount: "1.10", serial: "2" }),
  spend("PI-2", h2, "expense", "40"),
  spend("PI-2r", h2, "expenseReversal", "40"),
  { ...allotment("w1", h1, { amount: "100", serial: "1" }), kind: "withdrawal" },
  allotment("c0", spreadEarlier, { amount: "70", serial: "0" }),
  spend("PI-3", spreadLater, "expense", "20"),
]

const sanctionOf = (sanctionId: string, headOfAccount: string): Sanction => ({
  tenantId,
  sanctionId,
  headOfAccount,
  financialYear: Time.FinancialYear.makeUnsafe("2024-25"),
  ssuId: "1621",
  ddoCode: "OLSHUD001",
  granteeCode: "GOHUDULBMPL0036",
  schemeCode: "13145",
  version: 1,
})

const sanctions: ReadonlyArray<Sanction> = [
  { ...sanctionOf("921", "H2"), sanctionedTotal: Money.Amount.makeUnsafe("60000"), version: 2 },
  sanctionOf("920", "H1"),
]

// The register as migration 0002's repository wrote it.
const insert0002 = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const transactionCodec = documentCodec(Payments.FundRegister.RegisterTransaction)
  for (const transaction of transactions) {
    const document = yield* transactionCodec.toText(transaction)
    yield* sql`
      INSERT INTO fund_transactions (tenant_id, key, financial_year, head_of_account, sanction_id, kind, amount,
        transaction_date, recorded_at, document)
      VALUES (${transaction.tenantId}, ${transaction.key}, ${transaction.financialYear},
        ${transaction.headOfAccount}, ${transaction.sanctionId}, ${transaction.kind},
        ${Money.Amount.toCanonicalString(transaction.amount)}::numeric, ${transaction.date}::date,
        ${DateTime.formatIso(transaction.at)}::timestamptz, ${document}::jsonb)`
  }
  const sanctionCodec = documentCodec(Payments.FundRegister.Sanction)
  for (const sanction of sanctions) {
    const document = yield* sanctionCodec.toText(sanction)
    yield* sql`
      INSERT INTO sanctions (tenant_id, sanction_id, head_of_account, financial_year, sanctioned_total, version,
        document)
      VALUES (${sanction.tenantId}, ${sanction.sanctionId}, ${sanction.headOfAccount}, ${sanction.financialYear},
        ${sanction.sanctionedTotal === undefined ? null : Money.Amount.toCanonicalString(sanction.sanctionedTotal)}::numeric,
        ${sanction.version}, ${document}::jsonb)`
  }
  // Postgres keeps microseconds; the port reads milliseconds.
  yield* sql`
    INSERT INTO va_cursors (tenant_id, head_of_account, last_run_at)
    VALUES (${tenantId}, 'H1', '2024-06-11T16:30:00.123456Z'::timestamptz)`
})

const balanceText = (balance: Payments.FundRegister.SanctionBalance) => ({
  sanctionId: balance.sanctionId,
  allotments: Money.Amount.toCanonicalString(balance.totals.allotments),
  withdrawals: Money.Amount.toCanonicalString(balance.totals.withdrawals),
  expenses: Money.Amount.toCanonicalString(balance.totals.expenses),
  reversals: Money.Amount.toCanonicalString(balance.totals.reversals),
  fundsAvailable: Money.SignedAmount.toCanonicalString(balance.totals.fundsAvailable),
  latestAllotment: balance.latestAllotment,
})

const queries: ReadonlyArray<Payments.FundRegisterBook.TransactionQuery> = [
  {},
  { sanctionId: "920" },
  { sanctionId: "921" },
  { sanctionId: "922" },
  { headOfAccount: "H2" },
  { financialYear: Time.FinancialYear.makeUnsafe("2024-25") },
  { financialYear: Time.FinancialYear.makeUnsafe("2023-24") },
]

const storesLayer = Layer.mergeAll(
  PgAggregateStore.layer(
    Payments.SanctionRepository.SanctionRepository,
    Payments.SanctionRepository.descriptor,
  ),
  PgAggregateStore.layer(
    Payments.RegisterTransactionRepository.RegisterTransactionRepository,
    Payments.RegisterTransactionRepository.descriptor,
  ),
  PgAggregateStore.layer(
    Payments.SanctionBalanceRepository.SanctionBalanceRepository,
    Payments.SanctionBalanceRepository.descriptor,
  ),
  PgAggregateStore.layer(
    Payments.VirtualAllotmentCursorRepository.VirtualAllotmentCursorRepository,
    Payments.VirtualAllotmentCursorRepository.descriptor,
  ),
  PgUnitOfWork.layer,
)

for (const database of databases({ migrate: false, shared: false })) {
  describe(`migration 0010 on ${database.name}`, () => {
    it.effect(
      "DB-1 / PI-F-1 / PI-F-2: 0002's register moves into the store's tables in its order, each sanction's running balance computed from its transactions",
      () =>
        Effect.gen(function* () {
          yield* PgMigrations.runAll(migrations.filter((each) => each.id < 10))
          yield* insert0002
          assert.deepStrictEqual(yield* PgMigrations.runAll(migrations.filter((each) => each.id <= 10)), [
            [10, "fund_register_store"],
          ])

          assert.deepStrictEqual(
            yield* book.transactions(tenantId, {}),
            transactions,
            "in the order recorded",
          )
          assert.deepStrictEqual(yield* book.sanctions(tenantId, {}), sanctions, "in the order first seen")
          assert.deepStrictEqual(
            yield* book.virtualAllotmentCursor(tenantId, "H1"),
            Option.some(DateTime.makeUnsafe("2024-06-11T16:30:00.123Z")),
          )
          // One running balance per sanction, year and head of account, in the order first recorded.
          const balances = yield* Payments.SanctionBalanceRepository.SanctionBalanceRepository
          const stored = yield* balances.find({ tenantId, limit: 10 })
          assert.deepStrictEqual(
            stored.items.map((balance) => [balance.sanctionId, balance.financialYear, balance.version]),
            [
              ["920", "2024-25", 1],
              ["921", "2024-25", 1],
              ["922", "2023-24", 1],
              ["922", "2024-25", 1],
            ],
          )
          for (const query of queries)
            assert.deepStrictEqual(
              (yield* book.balances(tenantId, query)).map(balanceText),
              Payments.FundRegister.balancesOf(yield* book.transactions(tenantId, query)).map(balanceText),
              JSON.stringify(query),
            )
          const [first] = (yield* book.balances(tenantId, { sanctionId: "920" })).map(balanceText)
          assert.deepStrictEqual(first, {
            sanctionId: "920",
            allotments: "1016.6",
            withdrawals: "100",
            expenses: "250.25",
            reversals: "0",
            fundsAvailable: "666.35",
            latestAllotment: { ssuAllotmentId: "ssu-a2bis", allotmentSerialNumber: "2" },
          })

          // Appending goes on from the carried register: a carried key records nothing, a new one moves the balance.
          assert.deepStrictEqual(yield* book.append(tenantId, [transactions[0] as Transaction]), [])
          const expense = spend("PI-4", h1, "expense", "666.35")
          assert.deepStrictEqual(yield* book.append(tenantId, [expense]), [expense])
          const [after] = (yield* book.balances(tenantId, { sanctionId: "920" })).map(balanceText)
          assert.strictEqual(after?.fundsAvailable, "0")
          const sql = yield* SqlClient.SqlClient
          const old = yield* sql<{ readonly name: string }>`
            SELECT table_name::text AS name FROM information_schema.tables
            WHERE table_schema = current_schema()
              AND table_name IN ('fund_transactions', 'va_cursors', 'sanctions_0002')`
          assert.deepStrictEqual(old, [], "the old tables are gone")
        }).pipe(Effect.provide(storesLayer.pipe(Layer.provideMerge(database.layer)))),
      freshDatabaseTimeoutMs,
    )
  })
}
