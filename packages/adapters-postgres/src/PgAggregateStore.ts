/**
 * Core's `AggregateStore` on PostgreSQL and PGlite (ARCH-3, DB-2..DB-4,
 * API-5): one implementation that every aggregate configures with its core
 * descriptor and a table name, instead of a hand-written repository.
 *
 * An aggregate is one row of its table:
 *
 * ```sql
 * tenant_id text, id text, state_tenant_id text, version integer,
 * sequence bigint GENERATED ALWAYS AS IDENTITY, document jsonb,
 * <one column per descriptor column, snake_case, of its SQL type>,
 * PRIMARY KEY (tenant_id, id)
 * ```
 *
 * with its history, when the descriptor keeps one, in `<table>_history
 * (tenant_id, aggregate_id, sequence, document)`, and its unique keys
 * claimed in the shared `aggregate_claims` table, whose primary key (scope
 * tenant, store, rule, key) makes a second claim impossible under any
 * concurrency (REL-5). The document is the core
 * Schema's encoding and the truth; the columns are derived from it on every
 * write, so queries and KPIs filter and order on real `numeric`, `date` and
 * `timestamptz` columns (DB-3). A `textList` column is a `text[]` (give it a
 * GIN index): "contains" is `@>`, "contains any" is `&&`. A test checks
 * every table against its descriptor.
 *
 * A descriptor with `atRest: "sealed"` (its documents carry bank account
 * numbers, PRIV-2) has its document and history entries sealed by the
 * `SensitiveFieldCipher` in context: the `document` holds the sealed text as
 * a JSON string, and only the columns stay readable.
 *
 * Every SQL failure passes through `classifySqlFailure`, the one place a
 * driver failure becomes `StoreUnavailable` (or a defect).
 *
 * @since 0.1.0
 */
import { Config, Persistence, Registries } from "@karya/core"
import { Effect, type Context as EffectContext, Layer, Option, Schema } from "effect"
import { SqlClient, SqlError } from "effect/sql"
import { decodeRows, documentCodec, ensure, sealedDocumentCodec } from "./internal/RepositoryRows.js"

type Aggregate = Persistence.AggregateStore.Aggregate
type ColumnType = Persistence.AggregateStore.ColumnType
type ColumnValue = Persistence.AggregateStore.ColumnValue
type StoredValue = Persistence.AggregateStore.StoredValue
type Condition = Persistence.AggregateStore.Condition
type Descriptor<
  A extends Aggregate,
  C extends string,
  E,
  NotFound,
  H,
> = Persistence.AggregateStore.Descriptor<A, C, E, NotFound, H>
type Store<A, C extends string, E, NotFound, H> = Persistence.AggregateStore.Store<A, C, E, NotFound, H>
type Query<C extends string> = Persistence.AggregateStore.Query<C>
type SortKey = Persistence.Page.SortKey
type Page<A> = Persistence.Page.Page<A>
type StoreUnavailable = Persistence.StoreUnavailable.StoreUnavailable

const AggregateStore = Persistence.AggregateStore
const StoreUnavailable = Persistence.StoreUnavailable.StoreUnavailable
const StaleVersion = Persistence.StaleVersion.StaleVersion
const PageModule = Persistence.Page

/**
 * Where a descriptor's aggregates live.
 *
 * @since 0.1.0
 * @category models
 */
export interface TableOptions {
  /** The aggregate table (default `tableNameOf(descriptor)`); its history is `<table>_history`. */
  readonly table?: string | undefined
}

/**
 * The table of a descriptor's aggregates: its plural name in snake case
 * (`WageSeeker` → `wage_seekers`, `RateAnalysis` with plural `RateAnalyses`
 * → `rate_analyses`).
 *
 * @since 0.1.0
 * @category conversions
 */
export const tableNameOf = (descriptor: {
  readonly name: string
  readonly plural?: string | undefined
}): string => columnNameOf(descriptor.plural ?? `${descriptor.name}s`)

/**
 * A SQL failure as a store port sees it: the store is unavailable (a retry
 * may or may not help), or the statement is wrong for the schema (a defect).
 *
 * @since 0.1.0
 * @category models
 */
export type SqlFailureKind =
  | { readonly _tag: "Unavailable"; readonly retryable: boolean }
  | { readonly _tag: "Defect" }

// SQLSTATE classes of an unclassified failure that mean the server, not the
// statement, is the problem: 53 insufficient resources, 57 operator
// intervention (a terminated backend, a shutdown), 58 system error.
const unavailableStateClasses: ReadonlySet<string> = new Set(["53", "57", "58"])
const retryableStateClasses: ReadonlySet<string> = new Set(["53", "57"])

const sqlStateOf = (cause: unknown): string | undefined => {
  const code = typeof cause === "object" && cause !== null ? (cause as { code?: unknown }).code : undefined
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

/**
 * The one classification of SQL failures for every store (house rule 3),
 * agreeing with Effect's `SqlError` reasons: a reason Effect marks
 * retryable (connection, deadlock, serialization, lock or statement
 * timeout) is a retryable `StoreUnavailable`; authentication and
 * authorisation failures are a non-retryable one (an operator must act); a
 * syntax, unique or constraint violation is a defect (the stores claim
 * uniques with `ON CONFLICT`, so a violation that reaches here is a bug); an
 * unknown reason is unavailable when it carries no SQLSTATE (the driver lost
 * the server) or one of classes 53/57/58, and a defect otherwise.
 *
 * @since 0.1.0
 * @category conversions
 */
export const classifySqlFailure = (error: SqlError.SqlError): SqlFailureKind => {
  const reason = error.reason
  switch (reason._tag) {
    case "SqlSyntaxError":
    case "UniqueViolation":
    case "ConstraintError":
      return { _tag: "Defect" }
    case "UnknownError": {
      const state = sqlStateOf(reason.cause)
      if (state === undefined) return { _tag: "Unavailable", retryable: true }
      const stateClass = state.slice(0, 2)
      return unavailableStateClasses.has(stateClass)
        ? { _tag: "Unavailable", retryable: retryableStateClasses.has(stateClass) }
        : { _tag: "Defect" }
    }
    default:
      return { _tag: "Unavailable", retryable: reason.isRetryable }
  }
}

/**
 * Turns every SQL failure of an effect into `StoreUnavailable` naming the
 * store (logging the driver's text for the operator, never returning it), or
 * a defect (see `classifySqlFailure`).
 *
 * @since 0.1.0
 * @category combinators
 */
export const storeFailures =
  (store: string) =>
  <A, E, R>(
    effect: Effect.Effect<A, E | SqlError.SqlError, R>,
  ): Effect.Effect<A, Exclude<E, SqlError.SqlError> | StoreUnavailable, R> =>
    Effect.catchIf(
      effect,
      (error): error is SqlError.SqlError => SqlError.isSqlError(error),
      (error) => {
        const kind = classifySqlFailure(error)
        if (kind._tag === "Defect") return Effect.die(error)
        return Effect.andThen(
          Effect.logWarning(`${store} store unavailable`, error.reason._tag, error.message),
          Effect.fail(new StoreUnavailable({ store, retryable: kind.retryable })),
        )
      },
    ) as Effect.Effect<A, Exclude<E, SqlError.SqlError> | StoreUnavailable, R>

/**
 * The SQL name of a descriptor column: `bankAccountSearchKey` →
 * `bank_account_search_key`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const columnNameOf = (name: string): string =>
  name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase()

const sqlTypes: Readonly<Record<ColumnType, string>> = {
  text: "text",
  integer: "integer",
  numeric: "numeric",
  date: "date",
  timestamptz: "timestamptz",
  boolean: "boolean",
  textList: "text[]",
}

/**
 * The SQL type of a descriptor column type.
 *
 * @since 0.1.0
 * @category conversions
 */
export const sqlTypeOf = (type: ColumnType): string => sqlTypes[type]

// The sequence is read as text under another name: an output column named
// `sequence` would be what `ORDER BY sequence` sorts by, as text ("10" < "9").
const RecordRow = Schema.Struct({
  document: Schema.String,
  version: Schema.Int,
  sequence_text: Schema.String,
})
const HistoryRow = Schema.Struct({ document: Schema.String, sequence_text: Schema.String })
const VersionRow = Schema.Struct({ version: Schema.Int })
const HolderRow = Schema.Struct({ tenant: Schema.String, id: Schema.String })

// A document as the table holds it: the Schema's JSON text, or (sealed) the
// JSON string of its sealed text.
interface StoredCodec<T> {
  readonly toText: (value: T) => Effect.Effect<string, StoreUnavailable>
  readonly fromText: (text: string, where: string) => Effect.Effect<T, StoreUnavailable>
}

const storedCodecOf = <T>(
  schema: Schema.Codec<T, unknown>,
  options: {
    readonly store: string
    readonly cipher: Registries.SensitiveFieldCipher.SensitiveFieldCipherShape | undefined
  },
): StoredCodec<T> => {
  const cipher = options.cipher
  if (cipher === undefined) return documentCodec(schema)
  const sealed = sealedDocumentCodec(schema, cipher)
  const unavailable = () => Effect.fail(new StoreUnavailable({ store: options.store, retryable: true }))
  return {
    toText: (value) =>
      sealed.toSealed(value).pipe(
        Effect.map((text) => JSON.stringify(text)),
        Effect.catchTag("CipherUnavailable", unavailable),
      ),
    fromText: (text, where) =>
      Effect.suspend(() => {
        const parsed: unknown = JSON.parse(text)
        if (typeof parsed !== "string") return Effect.die(new Error(`stored document ${where} is not sealed`))
        return sealed.fromSealed(parsed, where).pipe(Effect.catchTag("CipherUnavailable", unavailable))
      }),
  }
}

interface StoreContext<A extends Aggregate, C extends string, E, NotFound, H> {
  readonly sql: SqlClient.SqlClient
  readonly descriptor: Descriptor<A, C, E, NotFound, H>
  readonly table: string
  readonly record: StoredCodec<A>
  readonly entry: StoredCodec<H>
}

const typed = (sql: SqlClient.SqlClient, type: ColumnType, value: StoredValue) =>
  sql`${value}::${sql.literal(sqlTypeOf(type))}`

const ordered = (sql: SqlClient.SqlClient, type: ColumnType, column: string) =>
  type === "text" ? sql`${sql(column)} COLLATE "C"` : sql`${sql(column)}`

// A `textList` column contains the value (`@>`) or any of a list (`&&`);
// `null` is in no list. `assertQuery` has refused a range.
const textListConditionSql = (sql: SqlClient.SqlClient, column: string, condition: Condition) => {
  if (Array.isArray(condition)) {
    const values = condition.filter((value) => value !== null).map(String)
    return sql`${sql(column)} && ${values}::text[]`
  }
  return condition === null ? sql`FALSE` : sql`${sql(column)} @> ${[String(condition)]}::text[]`
}

const conditionSql = (sql: SqlClient.SqlClient, type: ColumnType, column: string, condition: Condition) => {
  const name = sql(column)
  if (type === "textList") return textListConditionSql(sql, column, condition)
  if (Array.isArray(condition)) {
    const values = condition.filter((value) => value !== null)
    const inList =
      values.length === 0
        ? sql`FALSE`
        : sql`${name} = ANY(${values.map(String)}::${sql.literal(sqlTypeOf(type))}[])`
    return values.length === condition.length ? inList : sql`(${inList} OR ${name} IS NULL)`
  }
  if (AggregateStore.isRange(condition)) {
    // Text ranges in C, as `compareValues` and the orders compare, whatever the column's collation.
    const value = ordered(sql, type, column)
    const bounds = [
      ...(condition.from === undefined ? [] : [sql`${value} >= ${typed(sql, type, condition.from)}`]),
      ...(condition.to === undefined ? [] : [sql`${value} <= ${typed(sql, type, condition.to)}`]),
    ]
    return bounds.length === 0 ? sql`${name} IS NOT NULL` : sql.and(bounds)
  }
  return condition === null
    ? sql`${name} IS NULL`
    : sql`${name} = ${typed(sql, type, condition as ColumnValue)}`
}

const decodeRecord =
  <A extends Aggregate, C extends string, E, NotFound, H>(
    context: StoreContext<A, C, E, NotFound, H>,
    reach: (tenantId: Config.TenantId.TenantId) => boolean,
  ) =>
  (row: typeof RecordRow.Type) =>
    Effect.tap(context.record.fromText(row.document, context.table), (aggregate) =>
      Effect.andThen(
        ensure(reach(aggregate.tenantId), `${context.table}: the record belongs to the tenant asked about`),
        ensure(aggregate.version === row.version, `${context.table}: the document has the row's version`),
      ),
    )

const pageFrom = <T>(
  items: ReadonlyArray<{ readonly item: T; readonly key: SortKey }>,
  limit: number,
): Page<T> => {
  const shown = items.slice(0, limit)
  const last = shown.at(-1)
  return {
    items: shown.map((entry) => entry.item),
    nextCursor:
      items.length > limit && last !== undefined ? Option.some(PageModule.toCursor(last.key)) : Option.none(),
  }
}

const makeFind =
  <A extends Aggregate, C extends string, E, NotFound, H>(context: StoreContext<A, C, E, NotFound, H>) =>
  (query: Query<C>) =>
    Effect.gen(function* () {
      const { sql, descriptor } = context
      yield* PageModule.checkLimit(query.limit)
      AggregateStore.assertQuery(descriptor, query)
      // A sortable column, so a scalar one (`assertQuery`).
      const orderType = (
        query.orderBy === undefined ? "integer" : descriptor.columns[query.orderBy].type
      ) as Persistence.AggregateStore.ScalarColumnType
      const after =
        query.cursor === undefined ? undefined : yield* AggregateStore.fromCursorOf(orderType, query.cursor)
      const state = Config.TenantId.stateTenantOf(query.tenantId)
      const tenant =
        query.reach === "state" ? sql`state_tenant_id = ${state}` : sql`tenant_id = ${query.tenantId}`
      const conditions = Object.entries(query.where ?? {}).flatMap(([name, condition]) => {
        if (condition === undefined) return []
        const type: ColumnType = name === "id" ? "text" : descriptor.columns[name as C].type
        return [conditionSql(sql, type, name === "id" ? "id" : columnNameOf(name), condition as Condition)]
      })
      const orderColumn = query.orderBy === undefined ? "sequence" : columnNameOf(query.orderBy)
      const direction = sql.literal(query.direction === "descending" ? "DESC" : "ASC")
      const comparison = sql.literal(query.direction === "descending" ? "<" : ">")
      const keyset =
        after === undefined
          ? []
          : [
              sql`(${ordered(sql, orderType, orderColumn)}, sequence) ${comparison} (${typed(sql, orderType, after[0])}${orderType === "text" ? sql.literal(' COLLATE "C"') : sql.literal("")}, ${after[1]}::bigint)`,
            ]
      const rows = yield* sql`
        SELECT document::text AS document, version, sequence::text AS sequence_text FROM ${sql(context.table)}
        WHERE ${sql.and([tenant, ...conditions, ...keyset])}
        ORDER BY ${ordered(sql, orderType, orderColumn)} ${direction}, sequence ${direction}
        LIMIT ${query.limit + 1}`.pipe(Effect.flatMap(decodeRows(RecordRow)))
      const reach =
        query.reach === "state"
          ? (owner: Config.TenantId.TenantId) => Config.TenantId.stateTenantOf(owner) === state
          : (owner: Config.TenantId.TenantId) => owner === query.tenantId
      const items = yield* Effect.forEach(rows, (row) =>
        Effect.map(decodeRecord(context, reach)(row), (aggregate) => {
          const sequence = Number(row.sequence_text)
          const value =
            query.orderBy === undefined ? sequence : descriptor.columns[query.orderBy].of(aggregate)
          return { item: aggregate, key: [value as string | number | boolean, sequence] as SortKey }
        }),
      )
      return pageFrom(items, query.limit)
    }).pipe(storeFailures(context.descriptor.name))

// Claims the aggregate's unique keys; a key held by another aggregate fails
// with the rule's conflict, naming the holder.
const claimUniques = <A extends Aggregate, C extends string, E, NotFound, H>(
  context: StoreContext<A, C, E, NotFound, H>,
  aggregate: A,
) =>
  Effect.gen(function* () {
    const { sql, descriptor } = context
    const id = descriptor.idOf(aggregate)
    yield* sql`
      DELETE FROM aggregate_claims
      WHERE holder_tenant_id = ${aggregate.tenantId} AND store = ${descriptor.name} AND holder_id = ${id}`
    const claims = Object.entries(descriptor.uniques).flatMap(([rule, unique]) =>
      AggregateStore.keysOf(unique, aggregate).map((key) => ({ rule, unique, key })),
    )
    for (const { rule, unique, key } of claims) {
      const scopeTenant = AggregateStore.scopeTenantOf(unique.scope, aggregate.tenantId)
      const claimed = yield* sql`
        INSERT INTO aggregate_claims (tenant_id, store, rule, key, holder_tenant_id, holder_id)
        VALUES (${scopeTenant}, ${descriptor.name}, ${rule}, ${key}, ${aggregate.tenantId}, ${id})
        ON CONFLICT (tenant_id, store, rule, key) DO NOTHING
        RETURNING holder_id AS id`
      if (claimed.length === 1) continue
      const [holder] = yield* sql`
        SELECT holder_tenant_id AS tenant, holder_id AS id FROM aggregate_claims
        WHERE tenant_id = ${scopeTenant} AND store = ${descriptor.name} AND rule = ${rule} AND key = ${key}`.pipe(
        Effect.flatMap(decodeRows(HolderRow)),
      )
      if (holder === undefined)
        return yield* Effect.die(new Error("a unique claim conflicted with no holder"))
      return yield* Effect.fail(
        unique.conflict({
          aggregate,
          holder: { tenantId: Config.TenantId.makeUnsafe(holder.tenant), id: holder.id },
          key,
        }),
      )
    }
  })

const appendHistory = <A extends Aggregate, C extends string, E, NotFound, H>(
  context: StoreContext<A, C, E, NotFound, H>,
  key: { readonly tenantId: string; readonly id: string },
  entries: ReadonlyArray<H>,
) =>
  Effect.forEach(
    entries,
    (entry) =>
      Effect.flatMap(
        context.entry.toText(entry),
        (document) => context.sql`
          INSERT INTO ${context.sql(`${context.table}_history`)} (tenant_id, aggregate_id, document)
          VALUES (${key.tenantId}, ${key.id}, ${document}::jsonb)`,
      ),
    { discard: true },
  )

const columnAssignments = <A extends Aggregate, C extends string, E, NotFound, H>(
  context: StoreContext<A, C, E, NotFound, H>,
  aggregate: A,
) => {
  const values = AggregateStore.columnValuesOf(context.descriptor, aggregate)
  return (Object.keys(context.descriptor.columns) as Array<C>).map((name) => ({
    column: columnNameOf(name),
    value: typed(context.sql, context.descriptor.columns[name].type, values[name]),
  }))
}

const makeInsert =
  <A extends Aggregate, C extends string, E, NotFound, H>(context: StoreContext<A, C, E, NotFound, H>) =>
  (request: { readonly aggregate: A; readonly history?: ReadonlyArray<H> | undefined }) =>
    Effect.gen(function* () {
      const { sql, descriptor } = context
      const { aggregate } = request
      AggregateStore.assertWrite(descriptor.name, { version: aggregate.version })
      const id = descriptor.idOf(aggregate)
      const document = yield* context.record.toText(aggregate)
      const columns = columnAssignments(context, aggregate)
      // The row first: a key already stored (also by a concurrent insert,
      // which this one waits for) is refused before any claim is touched.
      const write = Effect.gen(function* () {
        const inserted = yield* sql`
          INSERT INTO ${sql(context.table)} (tenant_id, id, state_tenant_id, version, document${sql.literal(columns.map((column) => `, ${column.column}`).join(""))})
          VALUES (${aggregate.tenantId}, ${id}, ${Config.TenantId.stateTenantOf(aggregate.tenantId)}, ${aggregate.version},
            ${document}::jsonb${columns.length === 0 ? sql.literal("") : sql`, ${sql.csv(columns.map((column) => column.value))}`})
          ON CONFLICT (tenant_id, id) DO NOTHING
          RETURNING id`
        if (inserted.length === 0 && descriptor.duplicate !== undefined)
          return yield* Effect.fail(descriptor.duplicate({ tenantId: aggregate.tenantId, id }))
        yield* ensure(
          inserted.length === 1,
          `${descriptor.name} ${id}: an inserted aggregate has a fresh key`,
        )
        yield* claimUniques(context, aggregate)
        yield* appendHistory(context, { tenantId: aggregate.tenantId, id }, request.history ?? [])
      })
      yield* sql.withTransaction(write)
    }).pipe(storeFailures(context.descriptor.name))

const makeUpdate =
  <A extends Aggregate, C extends string, E, NotFound, H>(context: StoreContext<A, C, E, NotFound, H>) =>
  (request: {
    readonly aggregate: A
    readonly expectedVersion: number
    readonly history?: ReadonlyArray<H> | undefined
  }) =>
    Effect.gen(function* () {
      const { sql, descriptor } = context
      const { aggregate, expectedVersion } = request
      AggregateStore.assertWrite(descriptor.name, { version: aggregate.version, expectedVersion })
      const id = descriptor.idOf(aggregate)
      const document = yield* context.record.toText(aggregate)
      const assignments = columnAssignments(context, aggregate).map(
        (column) => sql`${sql(column.column)} = ${column.value}`,
      )
      const write = Effect.gen(function* () {
        const updated = yield* sql`
          UPDATE ${sql(context.table)} SET ${sql.csv([sql`version = ${aggregate.version}`, sql`document = ${document}::jsonb`, ...assignments])}
          WHERE tenant_id = ${aggregate.tenantId} AND id = ${id} AND version = ${expectedVersion}
          RETURNING id`
        if (updated.length === 0) {
          const [stored] = yield* sql`
            SELECT version FROM ${sql(context.table)} WHERE tenant_id = ${aggregate.tenantId} AND id = ${id}`.pipe(
            Effect.flatMap(decodeRows(VersionRow)),
          )
          if (stored === undefined)
            return yield* Effect.fail(descriptor.notFound({ tenantId: aggregate.tenantId, id }))
          return yield* new StaleVersion({ entityId: id, expectedVersion, actualVersion: stored.version })
        }
        yield* claimUniques(context, aggregate)
        yield* appendHistory(context, { tenantId: aggregate.tenantId, id }, request.history ?? [])
      })
      yield* sql.withTransaction(write)
    }).pipe(storeFailures(context.descriptor.name))

const makeReads = <A extends Aggregate, C extends string, E, NotFound, H>(
  context: StoreContext<A, C, E, NotFound, H>,
) => ({
  get: (key: Persistence.AggregateStore.Key) =>
    Effect.gen(function* () {
      const { sql } = context
      const [row] = yield* sql`
        SELECT document::text AS document, version, sequence::text AS sequence_text FROM ${sql(context.table)}
        WHERE tenant_id = ${key.tenantId} AND id = ${key.id}`.pipe(Effect.flatMap(decodeRows(RecordRow)))
      if (row === undefined) return yield* Effect.fail(context.descriptor.notFound(key))
      return yield* decodeRecord(context, (owner) => owner === key.tenantId)(row)
    }).pipe(storeFailures(context.descriptor.name)),
  history: (query: Persistence.AggregateStore.Key & Persistence.Page.PageRequest) =>
    Effect.gen(function* () {
      const { sql } = context
      yield* PageModule.checkLimit(query.limit)
      const after = query.cursor === undefined ? undefined : yield* PageModule.fromCursor(query.cursor)
      // An aggregate without a history has no history table: its history is empty.
      if (context.descriptor.history === undefined) return pageFrom<H>([], query.limit)
      const rows = yield* sql`
        SELECT document::text AS document, sequence::text AS sequence_text FROM ${sql(`${context.table}_history`)}
        WHERE tenant_id = ${query.tenantId} AND aggregate_id = ${query.id}
          ${after === undefined ? sql.literal("") : sql`AND sequence > ${after[1]}::bigint`}
        ORDER BY sequence LIMIT ${query.limit + 1}`.pipe(Effect.flatMap(decodeRows(HistoryRow)))
      const entries = yield* Effect.forEach(rows, (row) =>
        Effect.map(context.entry.fromText(row.document, `${context.table}_history`), (entry) => ({
          item: entry,
          key: [Number(row.sequence_text), Number(row.sequence_text)] as SortKey,
        })),
      )
      return pageFrom(entries, query.limit)
    }).pipe(storeFailures(context.descriptor.name)),
})

/**
 * The store of a descriptor's aggregates on the `SqlClient` in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <A extends Aggregate, C extends string, E, NotFound, H>(
  descriptor: Descriptor<A, C, E, NotFound, H>,
  options: TableOptions = {},
): Effect.Effect<Store<A, C, E, NotFound, H>, never, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const cipher =
      descriptor.atRest === "sealed"
        ? Option.getOrUndefined(
            yield* Effect.serviceOption(Registries.SensitiveFieldCipher.SensitiveFieldCipher),
          )
        : undefined
    // A deployment that stores sealed aggregates without a cipher must not start (PRIV-2).
    if (descriptor.atRest === "sealed" && cipher === undefined)
      return yield* Effect.die(
        new Error(`${descriptor.name} is sealed at rest: provide a SensitiveFieldCipher`),
      )
    const codecOptions = { store: descriptor.name, cipher }
    const context: StoreContext<A, C, E, NotFound, H> = {
      sql,
      descriptor,
      table: options.table ?? tableNameOf(descriptor),
      record: storedCodecOf(descriptor.schema, codecOptions),
      entry: storedCodecOf(
        descriptor.history?.schema ?? (Schema.Never as unknown as Schema.Codec<H, unknown>),
        codecOptions,
      ),
    }
    return {
      ...makeReads(context),
      find: makeFind(context),
      insert: makeInsert(context),
      update: makeUpdate(context),
    }
  })

/**
 * The Postgres layer of a store port:
 * `PgAggregateStore.layer(WageSeekerRepository, descriptor, { table: "wage_seekers" })`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = <I, A extends Aggregate, C extends string, E, NotFound, H>(
  port: EffectContext.Key<I, Store<A, C, E, NotFound, H>>,
  descriptor: Descriptor<A, C, E, NotFound, H>,
  options: TableOptions = {},
): Layer.Layer<I, never, SqlClient.SqlClient> => Layer.effect(port, make(descriptor, options))

/**
 * Every registered store on Postgres, in one layer (each in its
 * `tableNameOf` table): `layerAll(Stores.all)`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerAll = <R extends ReadonlyArray<Persistence.AggregateStore.AnyRegistration>>(
  registrations: R,
): Layer.Layer<Persistence.AggregateStore.ServicesOf<R>, never, SqlClient.SqlClient> =>
  Persistence.AggregateStore.layerAll(registrations, (registration) =>
    layer(registration.port, registration.descriptor),
  )
