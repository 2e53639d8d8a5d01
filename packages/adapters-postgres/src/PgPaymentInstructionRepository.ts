/**
 * The payment instruction repository on PostgreSQL and PGlite (ARCH-3,
 * PI-S-11, PI-V-3, TEN-1, DB-2..DB-5, PRIV-2). A PI is one row of
 * `payment_instructions` (key columns for the port's queries, the sealed
 * Schema-encoded PI), one row per beneficiary in `pi_beneficiaries` (payment
 * id, amount, status: what reports and KPIs query) and its append-only
 * `pi_history`, whose entry n took the PI to version n.
 *
 * An update is `… WHERE tenant_id = $1 AND number = $2 AND version = $3`;
 * when no row matches, the PI is either unknown or stale (DB-4). A write
 * runs in one transaction, which becomes a savepoint of the caller's
 * transaction when a unit of work has opened one (DB-5). The PI and its
 * history entries hold bank account numbers, so they are stored sealed by
 * the `SensitiveFieldCipher` port (PRIV-2).
 *
 * @since 0.1.0
 */
import { Money, Payments, Registries, Workflow } from "@karya/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import {
  decodeRows,
  ensure,
  failAs,
  type SealedDocumentCodec,
  sealedDocumentCodec,
} from "./internal/RepositoryRows.js"

type PaymentInstruction = Payments.PaymentInstruction.PaymentInstruction
type HistoryEntry = Payments.HistoryEntry.HistoryEntry
type Created = Payments.HistoryEntry.Created
type PiStatus = Payments.PaymentInstruction.PiStatus
type TenantId = PaymentInstruction["tenantId"]
type CipherUnavailable = Registries.SensitiveFieldCipher.CipherUnavailable

const Repository = Payments.PaymentInstructionRepository.PaymentInstructionRepository
const StoreUnavailable = Payments.PaymentInstructionRepository.PaymentInstructionStoreUnavailable
type StoreUnavailable = Payments.PaymentInstructionRepository.PaymentInstructionStoreUnavailable
const NotFound = Payments.PaymentInstructionRepository.PaymentInstructionNotFound
const PiNumberDuplicate = Payments.PushValidation.PiNumberDuplicate
const StaleVersion = Workflow.WorkflowEngine.StaleVersion

const PiRow = Schema.Struct({
  sealed: Schema.String,
  number: Schema.String,
  version: Schema.Int,
  status: Schema.String,
  count: Schema.Int,
})
type PiRow = typeof PiRow.Type
const EntryRow = Schema.Struct({ sealed: Schema.String, position: Schema.Int })
const VersionRow = Schema.Struct({ version: Schema.Int })

interface Codecs {
  readonly pi: SealedDocumentCodec<PaymentInstruction>
  readonly entry: SealedDocumentCodec<HistoryEntry>
}

// The store's failures (SQL and cipher) become the port's one retryable
// error; everything else passes through.
const storeFailures =
  (tenantId: string) =>
  <A, E, R>(
    effect: Effect.Effect<A, E | SqlError.SqlError | CipherUnavailable, R>,
  ): Effect.Effect<A, Exclude<E, SqlError.SqlError | CipherUnavailable> | StoreUnavailable, R> => {
    const unavailable = (reason: string) => new StoreUnavailable({ tenantId, reason })
    return (effect as Effect.Effect<A, SqlError.SqlError | CipherUnavailable, R>).pipe(
      Effect.catchTag("SqlError", failAs(unavailable)),
      Effect.catchTag("CipherUnavailable", (error) => Effect.fail(unavailable(error.message))),
    ) as Effect.Effect<A, Exclude<E, SqlError.SqlError | CipherUnavailable> | StoreUnavailable, R>
  }

const amountText = Money.Amount.toCanonicalString

const instantText = (instant: DateTime.Utc): string => DateTime.formatIso(instant)

// One statement whatever the count: unnest keeps the parameters at seven, so
// a 10,000-beneficiary PI (NFR-2) stays far from Postgres's 65,535 limit.
const insertBeneficiaries = (sql: SqlClient.SqlClient, paymentInstruction: PaymentInstruction) => {
  const beneficiaries = paymentInstruction.beneficiaries
  return sql`
    INSERT INTO pi_beneficiaries
      (tenant_id, payment_instruction_number, payment_id, position, payee_kind, amount, status)
    SELECT ${paymentInstruction.tenantId}, ${paymentInstruction.number}, item.payment_id, item.position,
      item.payee_kind, item.amount, item.status
    FROM unnest(
      ${beneficiaries.map((beneficiary) => beneficiary.paymentId)}::text[],
      ${beneficiaries.map((_, index) => index)}::integer[],
      ${beneficiaries.map((beneficiary) => beneficiary.payeeKind)}::text[],
      ${beneficiaries.map((beneficiary) => amountText(beneficiary.amount))}::numeric[],
      ${beneficiaries.map((beneficiary) => beneficiary.status)}::text[]
    ) AS item (payment_id, position, payee_kind, amount, status)`
}

const appendEntries = (
  sql: SqlClient.SqlClient,
  codecs: Codecs,
  options: {
    readonly paymentInstruction: PaymentInstruction
    readonly entries: ReadonlyArray<HistoryEntry>
    readonly firstPosition: number
  },
) =>
  Effect.forEach(
    options.entries,
    (entry, index) =>
      Effect.flatMap(
        codecs.entry.toSealed(entry),
        (sealed) => sql`
          INSERT INTO pi_history
            (tenant_id, payment_instruction_number, position, entry_type, recorded_at, entry_sealed)
          VALUES (${options.paymentInstruction.tenantId}, ${options.paymentInstruction.number},
            ${options.firstPosition + index}, ${entry._tag}, ${instantText(entry.at)}::timestamptz, ${sealed})`,
      ),
    { discard: true },
  )

const insertRow = (sql: SqlClient.SqlClient, paymentInstruction: PaymentInstruction, sealed: string) => sql`
  INSERT INTO payment_instructions (tenant_id, number, id, kind, status, bill_id, raised_from, pi_date,
    gross_amount, net_amount, beneficiary_count, version, document_sealed)
  VALUES (${paymentInstruction.tenantId}, ${paymentInstruction.number}, ${paymentInstruction.id}::uuid,
    ${paymentInstruction.kind}, ${paymentInstruction.status}, ${paymentInstruction.bill.billId},
    ${Payments.PaymentInstructionRepository.raisedFromOf(paymentInstruction) ?? null},
    ${paymentInstruction.date}::date, ${amountText(paymentInstruction.header.grossAmount)}::numeric,
    ${amountText(paymentInstruction.header.netAmount)}::numeric, ${paymentInstruction.beneficiaries.length},
    ${paymentInstruction.version}, ${sealed})
  ON CONFLICT (tenant_id, number) DO NOTHING
  RETURNING number AS number`

const updateRow = (
  sql: SqlClient.SqlClient,
  paymentInstruction: PaymentInstruction,
  options: { readonly sealed: string; readonly expectedVersion: number },
) => sql`
  UPDATE payment_instructions SET
    kind = ${paymentInstruction.kind}, status = ${paymentInstruction.status},
    bill_id = ${paymentInstruction.bill.billId},
    raised_from = ${Payments.PaymentInstructionRepository.raisedFromOf(paymentInstruction) ?? null},
    pi_date = ${paymentInstruction.date}::date,
    gross_amount = ${amountText(paymentInstruction.header.grossAmount)}::numeric,
    net_amount = ${amountText(paymentInstruction.header.netAmount)}::numeric,
    beneficiary_count = ${paymentInstruction.beneficiaries.length},
    version = ${paymentInstruction.version}, document_sealed = ${options.sealed}
  WHERE tenant_id = ${paymentInstruction.tenantId} AND number = ${paymentInstruction.number}
    AND version = ${options.expectedVersion}
  RETURNING number AS number`

const makeInsert =
  (sql: SqlClient.SqlClient, codecs: Codecs) => (paymentInstruction: PaymentInstruction, created: Created) =>
    Effect.gen(function* () {
      yield* ensure(paymentInstruction.version === 1, "a PI is stored new at version 1, its Created entry")
      const sealed = yield* codecs.pi.toSealed(paymentInstruction)
      const write = Effect.gen(function* () {
        const inserted = yield* insertRow(sql, paymentInstruction, sealed)
        if (inserted.length === 0) {
          return yield* new PiNumberDuplicate({
            paymentInstructionNumber: paymentInstruction.number,
            tenantId: paymentInstruction.tenantId,
          })
        }
        yield* insertBeneficiaries(sql, paymentInstruction)
        yield* appendEntries(sql, codecs, { paymentInstruction, entries: [created], firstPosition: 1 })
      })
      yield* sql.withTransaction(write)
    }).pipe(storeFailures(paymentInstruction.tenantId))

// Why an update matched no row: the PI is unknown, or it moved on (DB-4).
const refusalOf = (
  sql: SqlClient.SqlClient,
  paymentInstruction: PaymentInstruction,
  expectedVersion: number,
) =>
  Effect.gen(function* () {
    const rows = yield* sql`
      SELECT version AS version FROM payment_instructions
      WHERE tenant_id = ${paymentInstruction.tenantId} AND number = ${paymentInstruction.number}`.pipe(
      Effect.flatMap(decodeRows(VersionRow)),
    )
    const [stored] = rows
    return yield* stored === undefined
      ? new NotFound({
          tenantId: paymentInstruction.tenantId,
          paymentInstructionNumber: paymentInstruction.number,
        })
      : new StaleVersion({
          entityId: paymentInstruction.number,
          expectedVersion,
          actualVersion: stored.version,
        })
  })

const makeUpdate =
  (sql: SqlClient.SqlClient, codecs: Codecs) =>
  (
    paymentInstruction: PaymentInstruction,
    options: { readonly expectedVersion: number; readonly appended: ReadonlyArray<HistoryEntry> },
  ) =>
    Effect.gen(function* () {
      yield* ensure(options.appended.length > 0, "an update appends at least one history entry (PI-S-11)")
      yield* ensure(
        paymentInstruction.version === options.expectedVersion + options.appended.length,
        "an update appends one history entry per version it adds (PI-S-11)",
      )
      const sealed = yield* codecs.pi.toSealed(paymentInstruction)
      const write = Effect.gen(function* () {
        const updated = yield* updateRow(sql, paymentInstruction, {
          sealed,
          expectedVersion: options.expectedVersion,
        })
        if (updated.length === 0) return yield* refusalOf(sql, paymentInstruction, options.expectedVersion)
        yield* sql`
          DELETE FROM pi_beneficiaries
          WHERE tenant_id = ${paymentInstruction.tenantId} AND payment_instruction_number = ${paymentInstruction.number}`
        yield* insertBeneficiaries(sql, paymentInstruction)
        yield* appendEntries(sql, codecs, {
          paymentInstruction,
          entries: options.appended,
          firstPosition: options.expectedVersion + 1,
        })
      })
      yield* sql.withTransaction(write)
    }).pipe(storeFailures(paymentInstruction.tenantId))

// Decode on read, and check the document against its key columns (paired
// checks, house rule 7).
const decodePi = (codecs: Codecs, tenantId: TenantId) => (row: PiRow) =>
  Effect.gen(function* () {
    const where = `payment_instructions(${tenantId}, ${row.number})`
    const paymentInstruction = yield* codecs.pi.fromSealed(row.sealed, where)
    yield* ensure(paymentInstruction.tenantId === tenantId, `${where}: the document names its tenant`)
    yield* ensure(paymentInstruction.number === row.number, `${where}: the document names its number`)
    yield* ensure(paymentInstruction.version === row.version, `${where}: the document has the row's version`)
    yield* ensure(paymentInstruction.status === row.status, `${where}: the document has the row's status`)
    yield* ensure(
      paymentInstruction.beneficiaries.length === row.count,
      `${where}: the document has the row's beneficiary count`,
    )
    return paymentInstruction
  })

const selectColumns = (sql: SqlClient.SqlClient) =>
  sql.literal(`document_sealed AS sealed, number AS number, version AS version, status AS status,
    beneficiary_count AS count`)

const makeReads = (sql: SqlClient.SqlClient, codecs: Codecs) => {
  const decodeAll = (tenantId: TenantId) => (rows: ReadonlyArray<unknown>) =>
    Effect.flatMap(decodeRows(PiRow)(rows), (decoded) => Effect.forEach(decoded, decodePi(codecs, tenantId)))
  const columns = selectColumns(sql)
  return {
    findByNumber: (tenantId: TenantId, number: string) =>
      sql`SELECT ${columns} FROM payment_instructions WHERE tenant_id = ${tenantId} AND number = ${number}`.pipe(
        Effect.flatMap(decodeAll(tenantId)),
        Effect.map((found) => Option.fromUndefinedOr(found[0])),
        storeFailures(tenantId),
      ),
    findByBill: (tenantId: TenantId, billId: string) =>
      sql`
        SELECT ${columns} FROM payment_instructions
        WHERE tenant_id = ${tenantId} AND bill_id = ${billId} ORDER BY recorded_order`.pipe(
        Effect.flatMap(decodeAll(tenantId)),
        storeFailures(tenantId),
      ),
    findByStatus: (tenantId: TenantId, statuses: ReadonlyArray<PiStatus>) =>
      sql`
        SELECT ${columns} FROM payment_instructions
        WHERE tenant_id = ${tenantId} AND status = ANY(${[...statuses]}::text[]) ORDER BY recorded_order`.pipe(
        Effect.flatMap(decodeAll(tenantId)),
        storeFailures(tenantId),
      ),
    findByPaymentId: (tenantId: TenantId, paymentId: string) =>
      sql`
        SELECT ${columns} FROM payment_instructions AS pi
        WHERE pi.tenant_id = ${tenantId} AND EXISTS (
          SELECT 1 FROM pi_beneficiaries AS beneficiary
          WHERE beneficiary.tenant_id = pi.tenant_id AND beneficiary.payment_instruction_number = pi.number
            AND beneficiary.payment_id = ${paymentId})
        ORDER BY pi.recorded_order`.pipe(Effect.flatMap(decodeAll(tenantId)), storeFailures(tenantId)),
    findRaisedFrom: (tenantId: TenantId, failedNumber: string) =>
      sql`
        SELECT ${columns} FROM payment_instructions
        WHERE tenant_id = ${tenantId} AND raised_from = ${failedNumber} ORDER BY recorded_order`.pipe(
        Effect.flatMap(decodeAll(tenantId)),
        storeFailures(tenantId),
      ),
    history: (tenantId: TenantId, number: string) =>
      sql`
        SELECT entry_sealed AS sealed, position AS position FROM pi_history
        WHERE tenant_id = ${tenantId} AND payment_instruction_number = ${number} ORDER BY position`.pipe(
        Effect.flatMap(decodeRows(EntryRow)),
        Effect.flatMap((rows) =>
          Effect.forEach(rows, (row, index) =>
            ensure(row.position === index + 1, `pi_history(${tenantId}, ${number}) has no gap`).pipe(
              Effect.andThen(
                codecs.entry.fromSealed(row.sealed, `pi_history(${tenantId}, ${number}, ${row.position})`),
              ),
            ),
          ),
        ),
        storeFailures(tenantId),
      ),
  }
}

/**
 * The repository on the `SqlClient` in context, sealing documents with the
 * `SensitiveFieldCipher` in context. Needs migration 0002.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<
  Payments.PaymentInstructionRepository.PaymentInstructionRepository,
  never,
  SqlClient.SqlClient | Registries.SensitiveFieldCipher.SensitiveFieldCipher
> = Layer.effect(
  Repository,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const cipher = yield* Registries.SensitiveFieldCipher.SensitiveFieldCipher
    const codecs: Codecs = {
      pi: sealedDocumentCodec(Payments.PaymentInstruction.PaymentInstruction, cipher),
      entry: sealedDocumentCodec(Payments.HistoryEntry.HistoryEntry, cipher),
    }
    return Repository.of({
      insert: makeInsert(sql, codecs),
      update: makeUpdate(sql, codecs),
      ...makeReads(sql, codecs),
    })
  }),
)
