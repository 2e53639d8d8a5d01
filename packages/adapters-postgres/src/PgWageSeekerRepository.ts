/**
 * The wage seeker repository on PostgreSQL and PGlite (ARCH-3, IND-1..IND-3,
 * PRIV-2, TEN-1, DB-2..DB-4). A wage seeker is one row of `wage_seekers`
 * (key columns, search keys and the Schema-encoded record, whose Aadhaar and
 * account numbers core has already sealed) plus its history in
 * `wage_seeker_history`. IND-2's one wage seeker per identity document in a
 * state is the primary key of `wage_seeker_identities`, whose tenant is the
 * state tenant: claiming a document another record holds returns nothing,
 * and the write is refused with `WAGE_SEEKER_EXISTS` naming the holder.
 *
 * @since 0.1.0
 */
import { Config, Registries, Workflow } from "@karya/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import {
  type DocumentCodec,
  decodeRows,
  documentCodec,
  ensure,
  failAs,
  isEntityId,
} from "./internal/RepositoryRows.js"

type WageSeeker = Registries.WageSeeker.WageSeeker
type HistoryEntry = Registries.WageSeeker.WageSeekerHistoryEntry
type TenantId = WageSeeker["tenantId"]
type SearchKey = Registries.KeyedHash.SearchKey
type RegistryUnavailable = Registries.RegistryUnavailable.RegistryUnavailable

const Repository = Registries.WageSeekerRepository.WageSeekerRepository
const RegistryUnavailable = Registries.RegistryUnavailable.RegistryUnavailable
const WageSeekerExists = Registries.WageSeeker.WageSeekerExists
const StaleVersion = Workflow.WorkflowEngine.StaleVersion
const queryResultsMax = Registries.WageSeekerRepository.queryResultsMax

const RecordRow = Schema.Struct({ document: Schema.String, version: Schema.Int })
const HistoryRow = Schema.Struct({ document: Schema.String })
const VersionRow = Schema.Struct({ version: Schema.Int })
const HolderRow = Schema.Struct({ id: Schema.String, tenant: Schema.String })
const ClaimRow = Schema.Struct({ id: Schema.String })

interface Codecs {
  readonly record: DocumentCodec<WageSeeker>
  readonly history: DocumentCodec<HistoryEntry>
}

const storeFailures = <A, E, R>(
  effect: Effect.Effect<A, E | SqlError.SqlError, R>,
): Effect.Effect<A, Exclude<E, SqlError.SqlError> | RegistryUnavailable, R> =>
  (effect as Effect.Effect<A, SqlError.SqlError, R>).pipe(
    Effect.catchTag(
      "SqlError",
      failAs((reason) => new RegistryUnavailable({ port: "WageSeekerRepository", reason })),
    ),
  ) as Effect.Effect<A, Exclude<E, SqlError.SqlError> | RegistryUnavailable, R>

const appendHistory = (sql: SqlClient.SqlClient, codecs: Codecs, entry: HistoryEntry) =>
  Effect.flatMap(
    codecs.history.toText(entry),
    (document) => sql`
      INSERT INTO wage_seeker_history (tenant_id, wage_seeker_id, version, action, recorded_at, document)
      VALUES (${entry.tenantId}, ${entry.wageSeekerId}::uuid, ${entry.version}, ${entry.action},
        ${DateTime.formatIso(entry.at)}::timestamptz, ${document}::jsonb)`,
  )

// IND-2: the record claims its identity document in its state; a document
// held by another record is refused with the holder named.
const claimIdentity = (sql: SqlClient.SqlClient, wageSeeker: WageSeeker) =>
  Effect.gen(function* () {
    const state = Config.TenantId.stateTenantOf(wageSeeker.tenantId)
    const { documentType, searchKey } = wageSeeker.identity
    yield* sql`
      DELETE FROM wage_seeker_identities
      WHERE tenant_id = ${state} AND wage_seeker_tenant_id = ${wageSeeker.tenantId}
        AND wage_seeker_id = ${wageSeeker.id}::uuid`
    const claimed = yield* sql`
      INSERT INTO wage_seeker_identities (tenant_id, document_type, search_key, wage_seeker_tenant_id, wage_seeker_id)
      VALUES (${state}, ${documentType}, ${searchKey}, ${wageSeeker.tenantId}, ${wageSeeker.id}::uuid)
      ON CONFLICT (tenant_id, document_type, search_key) DO NOTHING
      RETURNING wage_seeker_id::text AS id`.pipe(Effect.flatMap(decodeRows(ClaimRow)))
    if (claimed.length === 1) return
    const [holder] = yield* sql`
      SELECT wage_seeker_id::text AS id, wage_seeker_tenant_id AS tenant FROM wage_seeker_identities
      WHERE tenant_id = ${state} AND document_type = ${documentType} AND search_key = ${searchKey}`.pipe(
      Effect.flatMap(decodeRows(HolderRow)),
    )
    if (holder === undefined)
      return yield* Effect.die(new Error("an identity claim conflicted with no holder"))
    return yield* new WageSeekerExists({
      documentType,
      existingWageSeekerId: holder.id,
      existingTenantId: holder.tenant,
    })
  })

const recordColumns = (wageSeeker: WageSeeker) => ({
  state: Config.TenantId.stateTenantOf(wageSeeker.tenantId),
  documentType: wageSeeker.identity.documentType,
  identityKey: wageSeeker.identity.searchKey,
  accountKey: wageSeeker.bankAccount.searchKey,
})

const makeWrites = (sql: SqlClient.SqlClient, codecs: Codecs) => ({
  insert: (request: { readonly wageSeeker: WageSeeker; readonly history: HistoryEntry }) =>
    Effect.gen(function* () {
      const { wageSeeker } = request
      const document = yield* codecs.record.toText(wageSeeker)
      const columns = recordColumns(wageSeeker)
      const write = Effect.gen(function* () {
        yield* sql`
          INSERT INTO wage_seekers (tenant_id, id, number, state_tenant_id, identity_document_type,
            identity_search_key, bank_account_search_key, version, document)
          VALUES (${wageSeeker.tenantId}, ${wageSeeker.id}::uuid, ${wageSeeker.number}, ${columns.state},
            ${columns.documentType}, ${columns.identityKey}, ${columns.accountKey}, ${wageSeeker.version},
            ${document}::jsonb)`
        yield* claimIdentity(sql, wageSeeker)
        yield* appendHistory(sql, codecs, request.history)
      })
      yield* sql.withTransaction(write)
    }).pipe(storeFailures),
  update: (request: {
    readonly wageSeeker: WageSeeker
    readonly expectedVersion: number
    readonly history: HistoryEntry
  }) =>
    Effect.gen(function* () {
      const { wageSeeker, expectedVersion } = request
      const document = yield* codecs.record.toText(wageSeeker)
      const columns = recordColumns(wageSeeker)
      const write = Effect.gen(function* () {
        const updated = yield* sql`
          UPDATE wage_seekers SET number = ${wageSeeker.number}, identity_document_type = ${columns.documentType},
            identity_search_key = ${columns.identityKey}, bank_account_search_key = ${columns.accountKey},
            version = ${wageSeeker.version}, document = ${document}::jsonb
          WHERE tenant_id = ${wageSeeker.tenantId} AND id = ${wageSeeker.id}::uuid AND version = ${expectedVersion}
          RETURNING version AS version`
        if (updated.length === 0) {
          const stored = yield* sql`
            SELECT version AS version FROM wage_seekers
            WHERE tenant_id = ${wageSeeker.tenantId} AND id = ${wageSeeker.id}::uuid`.pipe(
            Effect.flatMap(decodeRows(VersionRow)),
          )
          const actualVersion = stored[0]?.version ?? 0
          return yield* new StaleVersion({ entityId: wageSeeker.id, expectedVersion, actualVersion })
        }
        yield* claimIdentity(sql, wageSeeker)
        yield* appendHistory(sql, codecs, request.history)
      })
      yield* sql.withTransaction(write)
    }).pipe(storeFailures),
})

// Decode on read, and check each record against its row and the tenant
// asked about (paired checks, house rule 7).
const decodeRecords =
  (codecs: Codecs, options: { readonly where: string; readonly reach: (tenantId: TenantId) => boolean }) =>
  (rows: ReadonlyArray<unknown>) =>
    Effect.flatMap(decodeRows(RecordRow)(rows), (decoded) =>
      Effect.forEach(decoded, (row) =>
        Effect.tap(codecs.record.fromText(row.document, options.where), (wageSeeker) =>
          Effect.andThen(
            ensure(
              options.reach(wageSeeker.tenantId),
              `${options.where}: the record belongs to the tenant asked about`,
            ),
            ensure(
              wageSeeker.version === row.version,
              `${options.where}: the document has the row's version`,
            ),
          ),
        ),
      ),
    )

const recordsOf = (codecs: Codecs, tenantId: TenantId) =>
  decodeRecords(codecs, { where: `wage_seekers(${tenantId})`, reach: (owner) => owner === tenantId })

const firstOf = Effect.map((records: ReadonlyArray<WageSeeker>) => Option.fromUndefinedOr(records[0]))

const recordColumnsSql = (sql: SqlClient.SqlClient) =>
  sql.literal("ws.document::text AS document, ws.version AS version")

const makeRecordReads = (sql: SqlClient.SqlClient, codecs: Codecs) => {
  const columns = recordColumnsSql(sql)
  const inTenant = (tenantId: TenantId) => recordsOf(codecs, tenantId)
  const first = firstOf
  return {
    findById: (query: { readonly tenantId: TenantId; readonly id: string }) =>
      (isEntityId(query.id)
        ? sql`SELECT ${columns} FROM wage_seekers AS ws WHERE ws.tenant_id = ${query.tenantId} AND ws.id = ${query.id}::uuid`
        : Effect.succeed([])
      ).pipe(Effect.flatMap(inTenant(query.tenantId)), first, storeFailures),
    findByIds: (query: { readonly tenantId: TenantId; readonly ids: ReadonlyArray<string> }) =>
      Effect.gen(function* () {
        yield* ensure(
          query.ids.length <= queryResultsMax,
          "callers split id lists longer than queryResultsMax",
        )
        const ids = [...new Set(query.ids)].filter(isEntityId)
        const records = yield* sql`
          SELECT ${columns} FROM wage_seekers AS ws
          WHERE ws.tenant_id = ${query.tenantId} AND ws.id = ANY(${ids}::uuid[])`.pipe(
          Effect.flatMap(inTenant(query.tenantId)),
        )
        return ids.flatMap((id) => records.filter((record) => record.id === id))
      }).pipe(storeFailures),
    findByNumber: (query: { readonly tenantId: TenantId; readonly number: string }) =>
      sql`SELECT ${columns} FROM wage_seekers AS ws WHERE ws.tenant_id = ${query.tenantId} AND ws.number = ${query.number}`.pipe(
        Effect.flatMap(inTenant(query.tenantId)),
        first,
        storeFailures,
      ),
  }
}

const makeSearches = (sql: SqlClient.SqlClient, codecs: Codecs) => {
  const columns = recordColumnsSql(sql)
  return {
    findByIdentity: (query: {
      readonly tenantId: TenantId
      readonly documentType: string
      readonly searchKey: SearchKey
    }) => {
      const state = Config.TenantId.stateTenantOf(query.tenantId)
      return sql`
        SELECT ${columns} FROM wage_seeker_identities AS claim
        JOIN wage_seekers AS ws ON ws.tenant_id = claim.wage_seeker_tenant_id AND ws.id = claim.wage_seeker_id
        WHERE claim.tenant_id = ${state} AND claim.document_type = ${query.documentType}
          AND claim.search_key = ${query.searchKey}`.pipe(
        Effect.flatMap(
          decodeRecords(codecs, {
            where: `wage_seeker_identities(${state})`,
            reach: (owner) => Config.TenantId.reaches({ holder: state, record: owner }),
          }),
        ),
        firstOf,
        storeFailures,
      )
    },
    findByBankAccount: (query: { readonly tenantId: TenantId; readonly searchKey: SearchKey }) =>
      sql`
        SELECT ${columns} FROM wage_seekers AS ws
        WHERE ws.tenant_id = ${query.tenantId} AND ws.bank_account_search_key = ${query.searchKey}
        ORDER BY ws.number COLLATE "C" LIMIT ${queryResultsMax}`.pipe(
        Effect.flatMap(recordsOf(codecs, query.tenantId)),
        storeFailures,
      ),
    historyOf: (query: { readonly tenantId: TenantId; readonly id: string }) =>
      (isEntityId(query.id)
        ? sql`
            SELECT document::text AS document FROM wage_seeker_history
            WHERE tenant_id = ${query.tenantId} AND wage_seeker_id = ${query.id}::uuid ORDER BY version`
        : Effect.succeed([])
      ).pipe(
        Effect.flatMap(decodeRows(HistoryRow)),
        Effect.flatMap((rows) =>
          Effect.forEach(rows, (row) =>
            codecs.history.fromText(row.document, `wage_seeker_history(${query.id})`),
          ),
        ),
        storeFailures,
      ),
  }
}

/**
 * The wage seeker repository on the `SqlClient` in context. Needs migration
 * 0002.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<
  Registries.WageSeekerRepository.WageSeekerRepository,
  never,
  SqlClient.SqlClient
> = Layer.effect(
  Repository,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const codecs: Codecs = {
      record: documentCodec(Registries.WageSeeker.WageSeeker),
      history: documentCodec(Registries.WageSeeker.WageSeekerHistoryEntry),
    }
    return Repository.of({
      ...makeWrites(sql, codecs),
      ...makeRecordReads(sql, codecs),
      ...makeSearches(sql, codecs),
    })
  }),
)
