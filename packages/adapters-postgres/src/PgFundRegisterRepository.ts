/**
 * The fund register repository on PostgreSQL and PGlite (ARCH-3, PI-F-1,
 * PI-F-2, TEN-1, DB-2..DB-4): the register's transactions in
 * `fund_transactions` (append-only, recorded once by their key, listed in
 * the order recorded), the sanctions in `sanctions` (versioned, listed in
 * the order first seen) and the VA cursor of each head of account in
 * `va_cursors`. The arithmetic of the register (funds available, sanctioned
 * balance, the latest allotment) stays in core's `FundRegister` (ARCH-4);
 * this module stores, and sums amounts per sanction in SQL for `balances`.
 *
 * @since 0.1.0
 */
import { Money, Payments, Workflow } from "@karya/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import { type DocumentCodec, decodeRows, documentCodec, ensure, failAs } from "./internal/RepositoryRows.js"

type RegisterTransaction = Payments.FundRegister.RegisterTransaction
type Sanction = Payments.FundRegister.Sanction
type TenantId = Sanction["tenantId"]
type FinancialYear = Sanction["financialYear"]
type TransactionQuery = Payments.FundRegisterRepository.TransactionQuery

const Repository = Payments.FundRegisterRepository.FundRegisterRepository
const Unavailable = Payments.FundRegisterRepository.FundRegisterUnavailable
type Unavailable = Payments.FundRegisterRepository.FundRegisterUnavailable
const StaleVersion = Workflow.WorkflowEngine.StaleVersion

const DocumentRow = Schema.Struct({ document: Schema.String })
const SanctionRow = Schema.Struct({ document: Schema.String, version: Schema.Int })
const KeyRow = Schema.Struct({ key: Schema.String })
const VersionRow = Schema.Struct({ version: Schema.Int })
const CursorRow = Schema.Struct({ at: Schema.String })
const SumsRow = Schema.Struct({
  sanction_id: Schema.String,
  allotments: Schema.String,
  withdrawals: Schema.String,
  expenses: Schema.String,
  reversals: Schema.String,
})

const storeFailures =
  (tenantId: string) =>
  <A, E, R>(
    effect: Effect.Effect<A, E | SqlError.SqlError, R>,
  ): Effect.Effect<A, Exclude<E, SqlError.SqlError> | Unavailable, R> =>
    (effect as Effect.Effect<A, SqlError.SqlError, R>).pipe(
      Effect.catchTag(
        "SqlError",
        failAs((reason) => new Unavailable({ tenantId, reason })),
      ),
    ) as Effect.Effect<A, Exclude<E, SqlError.SqlError> | Unavailable, R>

const amountText = Money.Amount.toCanonicalString

const decodeCursor = Schema.decodeUnknownEffect(Schema.DateTimeUtcFromString)

// Postgres keeps microseconds and the session's zone; the port's instants are
// UTC milliseconds, so the cursor is read back as ISO text in UTC.
const cursorColumn = `to_char(last_run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

interface Codecs {
  readonly transaction: DocumentCodec<RegisterTransaction>
  readonly sanction: DocumentCodec<Sanction>
}

const insertTransaction = (
  sql: SqlClient.SqlClient,
  transaction: RegisterTransaction,
  document: string,
) => sql`
  INSERT INTO fund_transactions (tenant_id, key, financial_year, head_of_account, sanction_id, kind, amount,
    transaction_date, recorded_at, document)
  VALUES (${transaction.tenantId}, ${transaction.key}, ${transaction.financialYear}, ${transaction.headOfAccount},
    ${transaction.sanctionId}, ${transaction.kind}, ${amountText(transaction.amount)}::numeric,
    ${transaction.date}::date, ${DateTime.formatIso(transaction.at)}::timestamptz, ${document}::jsonb)
  ON CONFLICT (tenant_id, key) DO NOTHING
  RETURNING key AS key`

// PI-F-1: records, in the order given, the transactions whose key is new;
// a repeated key (also within the batch) records nothing.
const makeAppend =
  (sql: SqlClient.SqlClient, codecs: Codecs) =>
  (tenantId: TenantId, transactions: ReadonlyArray<RegisterTransaction>) =>
    sql
      .withTransaction(
        Effect.forEach(
          transactions.filter((transaction) => transaction.tenantId === tenantId),
          (transaction) =>
            codecs.transaction.toText(transaction).pipe(
              Effect.flatMap((document) => insertTransaction(sql, transaction, document)),
              Effect.flatMap(decodeRows(KeyRow)),
              Effect.map((rows) => (rows.length === 1 ? [transaction] : [])),
            ),
        ),
      )
      .pipe(Effect.map((recorded) => recorded.flat()))
      .pipe(storeFailures(tenantId))

const queryConditions = (sql: SqlClient.SqlClient, tenantId: TenantId, query: TransactionQuery) => [
  sql`tenant_id = ${tenantId}`,
  ...(query.financialYear === undefined ? [] : [sql`financial_year = ${query.financialYear}`]),
  ...(query.headOfAccount === undefined ? [] : [sql`head_of_account = ${query.headOfAccount}`]),
  ...(query.sanctionId === undefined ? [] : [sql`sanction_id = ${query.sanctionId}`]),
]

const makeTransactions =
  (sql: SqlClient.SqlClient, codecs: Codecs) => (tenantId: TenantId, query: TransactionQuery) =>
    sql`
      SELECT document::text AS document FROM fund_transactions
      WHERE ${sql.and(queryConditions(sql, tenantId, query))}
      ORDER BY recorded_order`.pipe(
      Effect.flatMap(decodeRows(DocumentRow)),
      Effect.flatMap((rows) =>
        Effect.forEach(rows, (row) =>
          Effect.tap(
            codecs.transaction.fromText(row.document, `fund_transactions(${tenantId})`),
            (transaction) =>
              ensure(transaction.tenantId === tenantId, "a fund transaction's document names its tenant"),
          ),
        ),
      ),
      storeFailures(tenantId),
    )

const sumOf = (kinds: ReadonlyArray<Payments.FundRegister.TransactionKind>) =>
  `COALESCE(SUM(amount) FILTER (WHERE kind IN (${kinds.map((kind) => `'${kind}'`).join(", ")})), 0)::text`

// The sums per sanction are taken by the database over numeric (exact); the
// latest allotment is chosen by core from the sanctions' allotment
// transactions (few), so the rule stays in `FundRegister` (ARCH-4).
const makeBalances =
  (sql: SqlClient.SqlClient, codecs: Codecs) => (tenantId: TenantId, query: TransactionQuery) =>
    Effect.gen(function* () {
      const sums = yield* sql`
        SELECT sanction_id AS sanction_id,
          ${sql.literal(sumOf(["initialAllotment", "additionalAllotment"]))} AS allotments,
          ${sql.literal(sumOf(["withdrawal"]))} AS withdrawals,
          ${sql.literal(sumOf(["expense"]))} AS expenses,
          ${sql.literal(sumOf(["expenseReversal"]))} AS reversals
        FROM fund_transactions
        WHERE ${sql.and(queryConditions(sql, tenantId, query))}
        GROUP BY sanction_id
        ORDER BY MIN(recorded_order)`.pipe(Effect.flatMap(decodeRows(SumsRow)))
      const allotmentRows = yield* sql`
        SELECT document::text AS document FROM fund_transactions
        WHERE ${sql.and([...queryConditions(sql, tenantId, query), sql`document->'source'->>'_tag' = 'Allotment'`])}
        ORDER BY recorded_order`.pipe(Effect.flatMap(decodeRows(DocumentRow)))
      const allotments = yield* Effect.forEach(allotmentRows, (row) =>
        codecs.transaction.fromText(row.document, `fund_transactions(${tenantId})`),
      )
      return yield* Effect.forEach(sums, (row) =>
        Effect.gen(function* () {
          const amount = (text: string) =>
            Effect.fromResult(Money.Amount.fromString(text)).pipe(
              Effect.mapError(
                () =>
                  new Unavailable({
                    tenantId,
                    reason: `the sum ${text} of sanction ${row.sanction_id} is not an amount`,
                  }),
              ),
            )
          const totals = Payments.FundRegister.totalsFromSums({
            allotments: yield* amount(row.allotments),
            withdrawals: yield* amount(row.withdrawals),
            expenses: yield* amount(row.expenses),
            reversals: yield* amount(row.reversals),
          })
          const latestAllotment = Payments.FundRegister.latestAllotmentOf(allotments, row.sanction_id)
          const balance: Payments.FundRegister.SanctionBalance = {
            sanctionId: row.sanction_id,
            totals,
            ...(latestAllotment === undefined ? {} : { latestAllotment }),
          }
          return balance
        }),
      )
    }).pipe(storeFailures(tenantId))

const upsertSanctionRow = (
  sql: SqlClient.SqlClient,
  sanction: Sanction,
  options: { readonly document: string; readonly expectedVersion: number },
) => sql`
  UPDATE sanctions SET head_of_account = ${sanction.headOfAccount}, financial_year = ${sanction.financialYear},
    sanctioned_total = ${sanction.sanctionedTotal === undefined ? null : amountText(sanction.sanctionedTotal)}::numeric,
    version = ${options.expectedVersion + 1}, document = ${options.document}::jsonb
  WHERE tenant_id = ${sanction.tenantId} AND sanction_id = ${sanction.sanctionId}
    AND version = ${options.expectedVersion}
  RETURNING version AS version`

const makeSanctions = (sql: SqlClient.SqlClient, codecs: Codecs) => ({
  addSanctions: (tenantId: TenantId, sanctions: ReadonlyArray<Sanction>) =>
    sql
      .withTransaction(
        Effect.forEach(
          sanctions.filter((sanction) => sanction.tenantId === tenantId),
          (sanction) =>
            Effect.flatMap(
              codecs.sanction.toText({ ...sanction, version: 1 }),
              (document) => sql`
                INSERT INTO sanctions (tenant_id, sanction_id, head_of_account, financial_year, sanctioned_total,
                  version, document)
                VALUES (${tenantId}, ${sanction.sanctionId}, ${sanction.headOfAccount}, ${sanction.financialYear},
                  ${sanction.sanctionedTotal === undefined ? null : amountText(sanction.sanctionedTotal)}::numeric,
                  1, ${document}::jsonb)
                ON CONFLICT (tenant_id, sanction_id) DO NOTHING`,
            ),
          { discard: true },
        ),
      )
      .pipe(storeFailures(tenantId)),
  updateSanction: (sanction: Sanction, options: { readonly expectedVersion: number }) =>
    Effect.gen(function* () {
      const updated: Sanction = { ...sanction, version: options.expectedVersion + 1 }
      const document = yield* codecs.sanction.toText(updated)
      const rows = yield* upsertSanctionRow(sql, sanction, {
        document,
        expectedVersion: options.expectedVersion,
      })
      if (rows.length === 1) return updated
      const stored = yield* sql`
        SELECT version AS version FROM sanctions
        WHERE tenant_id = ${sanction.tenantId} AND sanction_id = ${sanction.sanctionId}`.pipe(
        Effect.flatMap(decodeRows(VersionRow)),
      )
      return yield* new StaleVersion({
        entityId: `sanction ${sanction.sanctionId}`,
        expectedVersion: options.expectedVersion,
        actualVersion: stored[0]?.version ?? 0,
      })
    }).pipe(storeFailures(sanction.tenantId)),
  sanctions: (
    tenantId: TenantId,
    query: { readonly financialYear?: FinancialYear; readonly headOfAccount?: string },
  ) =>
    sql`
      SELECT document::text AS document, version AS version FROM sanctions
      WHERE ${sql.and([
        sql`tenant_id = ${tenantId}`,
        ...(query.financialYear === undefined ? [] : [sql`financial_year = ${query.financialYear}`]),
        ...(query.headOfAccount === undefined ? [] : [sql`head_of_account = ${query.headOfAccount}`]),
      ])}
      ORDER BY first_seen_order`.pipe(
      Effect.flatMap(decodeRows(SanctionRow)),
      Effect.flatMap((rows) =>
        Effect.forEach(rows, (row) =>
          Effect.tap(codecs.sanction.fromText(row.document, `sanctions(${tenantId})`), (sanction) =>
            Effect.andThen(
              ensure(sanction.tenantId === tenantId, "a sanction's document names its tenant"),
              ensure(sanction.version === row.version, "a sanction's document has the row's version"),
            ),
          ),
        ),
      ),
      storeFailures(tenantId),
    ),
})

const makeCursor = (sql: SqlClient.SqlClient) => ({
  virtualAllotmentCursor: (tenantId: TenantId, headOfAccount: string) =>
    sql`
      SELECT ${sql.literal(cursorColumn)} AS at FROM va_cursors
      WHERE tenant_id = ${tenantId} AND head_of_account = ${headOfAccount}`.pipe(
      Effect.flatMap(decodeRows(CursorRow)),
      Effect.flatMap((rows) =>
        rows[0] === undefined
          ? Effect.succeed(Option.none<DateTime.Utc>())
          : Effect.map(decodeCursor(rows[0].at).pipe(Effect.orDie), Option.some),
      ),
      storeFailures(tenantId),
    ),
  // The cursor never moves back: a later run time replaces an earlier one only.
  advanceVirtualAllotmentCursor: (tenantId: TenantId, headOfAccount: string, to: DateTime.Utc) =>
    sql`
      INSERT INTO va_cursors (tenant_id, head_of_account, last_run_at)
      VALUES (${tenantId}, ${headOfAccount}, ${DateTime.formatIso(to)}::timestamptz)
      ON CONFLICT (tenant_id, head_of_account)
      DO UPDATE SET last_run_at = GREATEST(va_cursors.last_run_at, EXCLUDED.last_run_at)`.pipe(
      Effect.asVoid,
      storeFailures(tenantId),
    ),
})

/**
 * The fund register on the `SqlClient` in context. Needs migration 0002.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<
  Payments.FundRegisterRepository.FundRegisterRepository,
  never,
  SqlClient.SqlClient
> = Layer.effect(
  Repository,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const codecs: Codecs = {
      transaction: documentCodec(Payments.FundRegister.RegisterTransaction),
      sanction: documentCodec(Payments.FundRegister.Sanction),
    }
    return Repository.of({
      append: makeAppend(sql, codecs),
      transactions: makeTransactions(sql, codecs),
      balances: makeBalances(sql, codecs),
      ...makeSanctions(sql, codecs),
      ...makeCursor(sql),
    })
  }),
)
