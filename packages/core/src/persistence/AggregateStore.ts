/**
 * The one way Karya persists an aggregate (ARCH-3, DB-2..DB-4, API-5).
 *
 * An aggregate (a wage seeker, a bill, a payment instruction…) is described
 * once by a small `Descriptor`: its Schema, its key, the columns a query may
 * filter or order on (derived from the aggregate, so a SQL store keeps them
 * as real columns next to the document, DB-3), its uniqueness rules with the
 * domain error each raises, its not-found error and, optionally, its
 * append-only history. Every store of every aggregate then has the same
 * port shape, `Store`:
 *
 * - `get({tenantId, id})`: the aggregate, or the descriptor's not-found;
 * - `find({tenantId, where, orderBy, limit, cursor})`: one page, in the store;
 * - `insert({aggregate, history})`: a new aggregate, its uniques claimed (a
 *   key already stored is the descriptor's `duplicate`, or a defect);
 * - `update({aggregate, expectedVersion, history})`: over the version read,
 *   or `STALE_VERSION` (DB-4);
 * - `history({tenantId, id, limit, cursor})`: the appended entries, oldest first.
 *
 * Every method can fail with `StoreUnavailable`. `layerMemory` here and
 * `PgAggregateStore.layer` in `@karya/adapters-postgres` implement it from
 * the same descriptor, and `AggregateStoreSuite` in `@karya/core/testing`
 * holds both to the same laws.
 *
 * @since 0.1.0
 */
import { type Context, Effect, Layer, Option, Schema } from "effect"
import { stateTenantOf, type TenantId } from "../ids/TenantId.js"
import { assert } from "../internal/assert.js"
import { KaryaDecimal } from "../internal/Decimal.js"
import { LocalDate } from "../time/LocalDate.js"
import {
  CursorInvalid,
  checkLimit,
  fromCursor,
  type Page,
  type PageRequest,
  type PageSizeInvalid,
  pageSizeMax,
  type SortKey,
  toCursor,
} from "./Page.js"
import { StaleVersion } from "./StaleVersion.js"
import type { StoreUnavailable } from "./StoreUnavailable.js"

/**
 * What every stored aggregate has: the tenant it belongs to (TEN-1) and the
 * version it was read at (DB-4).
 *
 * @since 0.1.0
 * @category models
 */
export interface Aggregate {
  readonly tenantId: TenantId
  readonly version: number
}

/**
 * The SQL type a single-valued column is kept as (DB-3): money and
 * quantities `numeric` (decimal strings), local dates `date`
 * (`YYYY-MM-DD`), instants `timestamptz` (ISO-8601 UTC text as
 * `DateTime.formatIso` writes it).
 *
 * @since 0.1.0
 * @category models
 */
export type ScalarColumnType = "text" | "integer" | "numeric" | "date" | "timestamptz" | "boolean"

/**
 * The type of a column: a scalar type, or `textList`, the several texts one
 * aggregate holds (the mobile numbers of an organisation's staff), kept as
 * `text[]`.
 *
 * @since 0.1.0
 * @category models
 */
export type ColumnType = ScalarColumnType | "textList"

/**
 * A scalar column's value, as stored and as a query names it (a `textList`
 * column is queried with these too: one of its texts).
 *
 * @since 0.1.0
 * @category models
 */
export type ColumnValue = string | number | boolean | null

/**
 * A column's value as stored: a scalar column's value or a `textList`
 * column's texts.
 *
 * @since 0.1.0
 * @category models
 */
export type StoredValue = ColumnValue | ReadonlyArray<string>

/**
 * A single-valued column of an aggregate, derived from it on every write. A
 * `sortable` column may order a `find`; its value is never null.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScalarColumn<A> {
  readonly type: ScalarColumnType
  readonly of: (aggregate: A) => ColumnValue
  readonly sortable?: boolean | undefined
}

/**
 * A multi-valued column of an aggregate, derived from it on every write. A
 * condition equal to a text finds the aggregates whose list contains it; a
 * list of texts, those whose list contains any of them (`null` is in no
 * list). Its order means nothing, so it orders no `find` and takes no range.
 *
 * @since 0.1.0
 * @category models
 */
export interface TextListColumn<A> {
  readonly type: "textList"
  readonly of: (aggregate: A) => ReadonlyArray<string>
  readonly sortable?: false | undefined
}

/**
 * A column of an aggregate: the values a query may filter or order on.
 *
 * @since 0.1.0
 * @category models
 */
export type Column<A> = ScalarColumn<A> | TextListColumn<A>

/**
 * Who holds a claimed unique key.
 *
 * @since 0.1.0
 * @category models
 */
export interface Holder {
  readonly tenantId: TenantId
  readonly id: string
}

/**
 * A uniqueness rule: at most one aggregate per key within the tenant (or,
 * with `scope: "state"`, within the tenant's state). `keyOf` returns
 * `undefined` for an aggregate the rule does not bind (a partial rule: one
 * *original* PI per bill), or a list of keys for an aggregate that claims
 * several (each source document a bill pays for, BILL-2); each key is then
 * claimed alone. A second claimant fails with `conflict`, told the first of
 * its keys (in `keyOf`'s order) that another aggregate holds.
 *
 * @since 0.1.0
 * @category models
 */
export interface Unique<A, E> {
  readonly scope: "tenant" | "state"
  readonly keyOf: (aggregate: A) => string | ReadonlyArray<string> | undefined
  readonly conflict: (clash: { readonly aggregate: A; readonly holder: Holder; readonly key: string }) => E
}

/**
 * The keys an aggregate claims under a rule, in `keyOf`'s order, each once
 * (none when the rule does not bind it).
 *
 * @since 0.1.0
 * @category conversions
 */
export const keysOf = <A, E>(unique: Unique<A, E>, aggregate: A): ReadonlyArray<string> => {
  const key = unique.keyOf(aggregate)
  if (key === undefined) return []
  return typeof key === "string" ? [key] : [...new Set(key)]
}

/**
 * The append-only entries kept with an aggregate (its history), written in
 * the same step as the aggregate.
 *
 * @since 0.1.0
 * @category models
 */
export interface HistoryDescriptor<H> {
  readonly schema: Schema.Codec<H, unknown>
}

/**
 * How an aggregate is stored: everything a store implementation needs.
 *
 * @since 0.1.0
 * @category models
 */
export interface Descriptor<A extends Aggregate, C extends string, E, NotFound, H> {
  /** The aggregate's name in the domain's words (`WageSeeker`); stores report it in `StoreUnavailable`. */
  readonly name: string
  /** The name in the plural, where adding an "s" is wrong (`RateAnalyses`); a SQL store names its table after it. */
  readonly plural?: string | undefined
  readonly schema: Schema.Codec<A, unknown>
  /** The aggregate's key within its tenant. */
  readonly idOf: (aggregate: A) => string
  readonly columns: { readonly [K in C]: Column<A> }
  readonly uniques: { readonly [name: string]: Unique<A, E> }
  readonly notFound: (key: Key) => NotFound
  /**
   * The error an insert over a key already stored fails with, for a record
   * kept once by its natural key (a fund register transaction, PI-F-1):
   * concurrent inserts of one key then store one and refuse the others
   * typed. Without it such an insert is a defect (the caller chose a fresh
   * key).
   */
  readonly duplicate?: ((key: Key) => E) | undefined
  readonly history?: HistoryDescriptor<H> | undefined
  /**
   * How a durable store keeps the document and history entries: `plain`
   * (the default), or `sealed` by the `SensitiveFieldCipher` when they carry
   * bank account numbers (PRIV-2); the columns are never sealed, so a
   * sealed aggregate's columns must hold no such number.
   */
  readonly atRest?: "plain" | "sealed" | undefined
}

/**
 * Builds a descriptor, inferring its columns and errors from the object.
 *
 * @since 0.1.0
 * @category constructors
 */
export const describe =
  <A extends Aggregate>() =>
  <const C extends string, E = never, NotFound = never, H = never>(
    descriptor: Descriptor<A, C, E, NotFound, H>,
  ): Descriptor<A, C, E, NotFound, H> =>
    descriptor

/**
 * An aggregate's key.
 *
 * @since 0.1.0
 * @category models
 */
export interface Key {
  readonly tenantId: TenantId
  readonly id: string
}

/**
 * A condition on a column: equal to a value (`null`: absent), one of a list,
 * or within an inclusive range. On a `textList` column, equal means
 * "contains" and a list means "contains any"; a range is refused.
 *
 * @since 0.1.0
 * @category models
 */
export type Condition = ColumnValue | ReadonlyArray<ColumnValue> | Range

/**
 * An inclusive range of a sortable value; either end may be open.
 *
 * @since 0.1.0
 * @category models
 */
export interface Range {
  readonly from?: string | number | undefined
  readonly to?: string | number | undefined
}

/**
 * A `find`: the tenant's aggregates (or, with `reach: "state"`, those of
 * every tenant of its state) that meet every condition, in the order of a
 * sortable column (insertion order when absent), one page at a time.
 *
 * @since 0.1.0
 * @category models
 */
export interface Query<C extends string> extends PageRequest {
  readonly tenantId: TenantId
  readonly reach?: "tenant" | "state" | undefined
  /** The conditions, all of which an aggregate meets; an `undefined` one is absent. */
  readonly where?: { readonly [K in C | "id"]?: Condition | undefined } | undefined
  readonly orderBy?: C | undefined
  readonly direction?: "ascending" | "descending" | undefined
}

/**
 * The failures of reading a page.
 *
 * @since 0.1.0
 * @category errors
 */
export type PageFailure = CursorInvalid | PageSizeInvalid | StoreUnavailable

/**
 * The port shape every aggregate's store has.
 *
 * @since 0.1.0
 * @category models
 */
export interface Store<A, C extends string, E, NotFound, H> {
  readonly get: (key: Key) => Effect.Effect<A, NotFound | StoreUnavailable>
  readonly find: (query: Query<C>) => Effect.Effect<Page<A>, PageFailure>
  /**
   * Stores a new aggregate with its first history entries; its unique keys
   * are claimed. A key already stored fails with the descriptor's
   * `duplicate` (a defect when it has none).
   */
  readonly insert: (request: {
    readonly aggregate: A
    readonly history?: ReadonlyArray<H> | undefined
  }) => Effect.Effect<void, E | StoreUnavailable>
  /** Replaces the aggregate stored at `expectedVersion` and appends history entries. */
  readonly update: (request: {
    readonly aggregate: A
    readonly expectedVersion: number
    readonly history?: ReadonlyArray<H> | undefined
  }) => Effect.Effect<void, StaleVersion | NotFound | E | StoreUnavailable>
  /** The aggregate's history entries, oldest first; empty for an unknown aggregate. */
  readonly history: (query: Key & PageRequest) => Effect.Effect<Page<H>, PageFailure>
}

/**
 * The store shape of a descriptor.
 *
 * @since 0.1.0
 * @category models
 */
export type StoreOf<D> =
  D extends Descriptor<infer A, infer C, infer E, infer NotFound, infer H>
    ? Store<A, C, E, NotFound, H>
    : never

/**
 * The first aggregate a query finds, if any (a lookup by a unique column).
 *
 * @since 0.1.0
 * @category combinators
 */
export const findFirst = <A, C extends string, E, NotFound, H>(
  store: Store<A, C, E, NotFound, H>,
  query: Omit<Query<C>, "limit" | "cursor">,
): Effect.Effect<Option.Option<A>, StoreUnavailable> =>
  store.find({ ...query, limit: 1 }).pipe(
    Effect.map((page) => Option.fromUndefinedOr(page.items[0])),
    // A request without a cursor, at limit 1, cannot be refused for its page.
    Effect.catchTags({
      CursorInvalid: (error) => Effect.die(error),
      PageSizeInvalid: (error) => Effect.die(error),
    }),
  )

/**
 * The tenant's aggregates among `ids` (unknown ids left out, each found one
 * once), read in slices of `pageSizeMax`.
 *
 * @since 0.1.0
 * @category combinators
 */
export const findByIds = <A, C extends string, E, NotFound, H>(
  store: Store<A, C, E, NotFound, H>,
  query: { readonly tenantId: TenantId; readonly ids: ReadonlyArray<string> },
): Effect.Effect<ReadonlyArray<A>, StoreUnavailable> => {
  const ids = [...new Set(query.ids)]
  const slices = Array.from({ length: Math.ceil(ids.length / pageSizeMax) }, (_, index) =>
    ids.slice(index * pageSizeMax, (index + 1) * pageSizeMax),
  )
  return Effect.forEach(slices, (slice) =>
    store.find({ tenantId: query.tenantId, where: { id: slice } as Query<C>["where"], limit: pageSizeMax }),
  ).pipe(
    Effect.map((pages) => pages.flatMap((page) => page.items)),
    Effect.catchTags({
      CursorInvalid: (error) => Effect.die(error),
      PageSizeInvalid: (error) => Effect.die(error),
    }),
  )
}

/**
 * Every aggregate a query finds, page after page, for a batch job (the JIT
 * run's planner); at most `itemsMax`, past which it dies, since a batch that
 * large is a deployment's mistake, not a request's. Use it where an intake
 * rule keeps the batch within `itemsMax`; where nothing does, use
 * `findAllWithin` and refuse with a typed error.
 *
 * @since 0.1.0
 * @category combinators
 */
export const findAll = <A, C extends string, E, NotFound, H>(
  store: Store<A, C, E, NotFound, H>,
  query: Omit<Query<C>, "limit" | "cursor">,
  options: { readonly itemsMax: number },
): Effect.Effect<ReadonlyArray<A>, StoreUnavailable> =>
  Effect.map(findAllWithin(store, query, options), (found) => {
    assert(Option.isSome(found), `a batch exceeds its ${options.itemsMax}`)
    return found.value
  })

/**
 * Every aggregate a query finds, page after page, when there are at most
 * `itemsMax` of them, else `Option.none()` (reading stops at the first page
 * past the limit): for a batch the domain can grow past its limit, so the
 * use case refuses with its own typed error before it writes anything.
 *
 * @since 0.1.0
 * @category combinators
 */
export const findAllWithin = <A, C extends string, E, NotFound, H>(
  store: Store<A, C, E, NotFound, H>,
  query: Omit<Query<C>, "limit" | "cursor">,
  options: { readonly itemsMax: number },
): Effect.Effect<Option.Option<ReadonlyArray<A>>, StoreUnavailable> =>
  Effect.gen(function* () {
    const found: Array<A> = []
    let cursor: string | undefined
    do {
      const page = yield* store.find({ ...query, limit: pageSizeMax, cursor })
      found.push(...page.items)
      if (found.length > options.itemsMax) return Option.none()
      cursor = Option.getOrUndefined(page.nextCursor)
    } while (cursor !== undefined)
    return Option.some(found)
  }).pipe(
    Effect.catchTags({
      CursorInvalid: (error) => Effect.die(error),
      PageSizeInvalid: (error) => Effect.die(error),
    }),
  )

// ---------------------------------------------------------------------------
// Values and order, shared by every implementation that computes in memory.

/**
 * Compares two values of a column type as PostgreSQL orders them (text in
 * the `C` collation, numbers and decimals by value, dates and instants by
 * their ISO text).
 *
 * @since 0.1.0
 * @category math
 */
export const compareValues = (type: ColumnType, left: ColumnValue, right: ColumnValue): number => {
  assert(left !== null && right !== null, "sortable and ranged values are never null")
  if (type === "numeric") return new KaryaDecimal(String(left)).comparedTo(new KaryaDecimal(String(right)))
  if (left === right) return 0
  return left < right ? -1 : 1
}

/**
 * The value as an equality test sees it: decimals by value (`10.50` equals
 * `10.5`), everything else as it is.
 *
 * @since 0.1.0
 * @category conversions
 */
export const normalValue = (type: ColumnType, value: ColumnValue): ColumnValue =>
  type === "numeric" && value !== null ? new KaryaDecimal(String(value)).toString() : value

// PostgreSQL's `integer` (DB-3), and the texts its `numeric`, `date` and
// `timestamptz` read without complaint; a Karya decimal never uses exponents.
const integerMin = -2_147_483_648
const integerMax = 2_147_483_647
const decimalText = /^-?\d+(\.\d+)?$/
const timeOfDayText = /^T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/
const isLocalDate = Schema.is(LocalDate)

/**
 * Whether a value can be a value of a scalar column type as the stores read
 * it: text without NUL, an `integer` in PostgreSQL's range, a plain decimal
 * string, a real `YYYY-MM-DD` date, an ISO-8601 instant, a boolean.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isValueOf = (type: ScalarColumnType, value: ColumnValue): boolean => {
  switch (type) {
    case "text":
      return typeof value === "string" && !value.includes("\u0000")
    case "integer":
      return (
        typeof value === "number" && Number.isInteger(value) && value >= integerMin && value <= integerMax
      )
    case "numeric":
      return typeof value === "string" && decimalText.test(value)
    case "date":
      return typeof value === "string" && isLocalDate(value)
    case "timestamptz":
      return (
        typeof value === "string" && isLocalDate(value.slice(0, 10)) && timeOfDayText.test(value.slice(10))
      )
    case "boolean":
      return typeof value === "boolean"
  }
}

/**
 * Reads the cursor of a `find` ordered by a column of `type` (insertion
 * order: `integer`, the sequence). A cursor is the client's text (API-5): one
 * whose order value cannot be a value of that type was not written by this
 * order, and is refused like any other forged cursor, never compared (in
 * memory) or cast (in SQL) as if it were.
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromCursorOf = (type: ScalarColumnType, cursor: string): Effect.Effect<SortKey, CursorInvalid> =>
  Effect.flatMap(fromCursor(cursor), (key) =>
    isValueOf(type, key[0]) ? Effect.succeed(key) : Effect.fail(new CursorInvalid({ cursor })),
  )

/**
 * Whether a condition is a range.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRange = (condition: Condition): condition is Range =>
  typeof condition === "object" && condition !== null && !Array.isArray(condition)

/**
 * Whether a stored value is a `textList` column's texts.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isTextList = (value: StoredValue): value is ReadonlyArray<string> =>
  typeof value === "object" && value !== null

/**
 * Whether a column value meets a condition.
 *
 * @since 0.1.0
 * @category predicates
 */
export const meets = (type: ColumnType, value: StoredValue, condition: Condition): boolean => {
  if (isTextList(value)) {
    // Contains the value, or any of a list (`assertQuery` refuses a range).
    const wanted = Array.isArray(condition) ? condition : [condition as ColumnValue]
    return wanted.some((candidate) => candidate !== null && value.includes(String(candidate)))
  }
  if (Array.isArray(condition)) {
    const normal = normalValue(type, value)
    return condition.some((candidate) => normalValue(type, candidate) === normal)
  }
  if (isRange(condition)) {
    if (value === null) return false
    if (condition.from !== undefined && compareValues(type, value, condition.from) < 0) return false
    return condition.to === undefined || compareValues(type, value, condition.to) <= 0
  }
  return normalValue(type, value) === normalValue(type, condition as ColumnValue)
}

/**
 * Checks a query against its descriptor before a store runs it (a query
 * that breaks these is the caller's defect): it orders only by a sortable
 * column and puts no range on a `textList` column.
 *
 * @since 0.1.0
 * @category guards
 */
export const assertQuery = <A extends Aggregate, C extends string>(
  descriptor: Descriptor<A, C, unknown, unknown, unknown>,
  query: Query<C>,
): void => {
  assert(
    query.orderBy === undefined || descriptor.columns[query.orderBy].sortable === true,
    `${descriptor.name}: find orders only by a sortable column`,
  )
  const conditions = Object.entries(query.where ?? {}) as Array<[C | "id", Condition | undefined]>
  for (const [name, condition] of conditions) {
    if (name === "id" || condition === undefined || descriptor.columns[name].type !== "textList") continue
    assert(!isRange(condition), `${descriptor.name}.${name} is a textList column: it takes no range`)
  }
}

/**
 * The column values of an aggregate, checked: a sortable column is never
 * null (house rule 7, checked before every write).
 *
 * @since 0.1.0
 * @category conversions
 */
export const columnValuesOf = <A extends Aggregate, C extends string>(
  descriptor: Descriptor<A, C, unknown, unknown, unknown>,
  aggregate: A,
): Readonly<Record<C, StoredValue>> => {
  const values = {} as Record<C, StoredValue>
  for (const name of Object.keys(descriptor.columns) as Array<C>) {
    const column = descriptor.columns[name]
    const value = column.of(aggregate)
    assert(column.sortable !== true || value !== null, `${descriptor.name}.${name} is sortable, never null`)
    values[name] = value
  }
  return values
}

/**
 * The scope tenant of a unique rule for an aggregate's tenant.
 *
 * @since 0.1.0
 * @category conversions
 */
export const scopeTenantOf = (scope: "tenant" | "state", tenantId: TenantId): TenantId =>
  scope === "tenant" ? tenantId : stateTenantOf(tenantId)

/**
 * Checks what every write must hold before it reaches a store (paired with
 * the stores' own checks on read): an insert starts at version 1 or later,
 * an update raises the version.
 *
 * @since 0.1.0
 * @category guards
 */
export const assertWrite = (
  name: string,
  write: { readonly version: number; readonly expectedVersion?: number | undefined },
): void => {
  assert(Number.isInteger(write.version) && write.version >= 1, `${name}: a stored version is 1 or more`)
  if (write.expectedVersion !== undefined)
    assert(write.version > write.expectedVersion, `${name}: an update raises the version`)
}

// ---------------------------------------------------------------------------
// The memory store.

interface MemoryRow<A> {
  readonly aggregate: A
  readonly sequence: number
  readonly values: Readonly<Record<string, StoredValue>>
  readonly claims: ReadonlyArray<string>
}

interface MemoryEntry<H> {
  readonly entry: H
  readonly sequence: number
}

const rowKeyOf = (tenantId: TenantId, id: string): string => `${tenantId}\u0000${id}`
const claimKeyOf = (parts: { readonly scopeTenant: string; readonly rule: string; readonly key: string }) =>
  `${parts.scopeTenant}\u0000${parts.rule}\u0000${parts.key}`

interface MemoryState<A, H> {
  readonly rows: Map<string, MemoryRow<A>>
  readonly byState: Map<string, Set<string>>
  // Every column value (each element of a list) to the rows holding it, so
  // an equality or list condition reads only its rows, as an index would.
  readonly byValue: Map<string, Set<string>>
  readonly claims: Map<string, Holder>
  readonly history: Map<string, Array<MemoryEntry<H>>>
  sequence: number
}

const nextSequence = <A, H>(state: MemoryState<A, H>): number => {
  state.sequence += 1
  return state.sequence
}

// The unique keys an aggregate claims, or the first clash with another holder.
const claimsOf = <A extends Aggregate, C extends string, E>(
  descriptor: Descriptor<A, C, E, unknown, unknown>,
  state: MemoryState<A, unknown>,
  aggregate: A,
): { readonly claims: ReadonlyArray<string> } | { readonly clash: E } => {
  const id = descriptor.idOf(aggregate)
  const claims: Array<string> = []
  for (const [rule, unique] of Object.entries(descriptor.uniques)) {
    for (const key of keysOf(unique, aggregate)) {
      const claim = claimKeyOf({ scopeTenant: scopeTenantOf(unique.scope, aggregate.tenantId), rule, key })
      const holder = state.claims.get(claim)
      if (holder !== undefined && (holder.tenantId !== aggregate.tenantId || holder.id !== id))
        return { clash: unique.conflict({ aggregate, holder, key }) }
      claims.push(claim)
    }
  }
  return { claims }
}

const indexKeysOf = (
  values: Readonly<Record<string, StoredValue>>,
  types: Readonly<Record<string, ColumnType>>,
) =>
  Object.entries(values).flatMap(([column, value]) => {
    const type = types[column] ?? "text"
    return Array.isArray(value)
      ? value.map((element) => valueKeyOf(column, element))
      : [valueKeyOf(column, normalValue(type as ScalarColumnType, value as ColumnValue))]
  })

const valueKeyOf = (column: string, normal: ColumnValue): string => `${column}\u0000${JSON.stringify(normal)}`

const reindex = <A, H>(
  state: MemoryState<A, H>,
  key: string,
  change: { readonly from: ReadonlyArray<string>; readonly to: ReadonlyArray<string> },
): void => {
  for (const valueKey of change.from) state.byValue.get(valueKey)?.delete(key)
  for (const valueKey of change.to) {
    const holders = state.byValue.get(valueKey) ?? new Set<string>()
    holders.add(key)
    state.byValue.set(valueKey, holders)
  }
}

const writeRow = <A extends Aggregate, H>(
  state: MemoryState<A, H>,
  row: { readonly key: string; readonly id: string; readonly aggregate: A; readonly sequence: number },
  values: Readonly<Record<string, StoredValue>>,
  claims: ReadonlyArray<string>,
  types: Readonly<Record<string, ColumnType>>,
): void => {
  const previous = state.rows.get(row.key)
  for (const claim of previous?.claims ?? []) state.claims.delete(claim)
  for (const claim of claims) state.claims.set(claim, { tenantId: row.aggregate.tenantId, id: row.id })
  reindex(state, row.key, {
    from: previous === undefined ? [] : indexKeysOf(previous.values, types),
    to: indexKeysOf(values, types),
  })
  state.rows.set(row.key, { aggregate: row.aggregate, sequence: row.sequence, values, claims })
  const stateTenant = stateTenantOf(row.aggregate.tenantId)
  const inState = state.byState.get(stateTenant) ?? new Set<string>()
  inState.add(row.key)
  state.byState.set(stateTenant, inState)
}

const appendHistory = <A, H>(state: MemoryState<A, H>, key: string, entries: ReadonlyArray<H>): void => {
  if (entries.length === 0) return
  const log = state.history.get(key) ?? []
  for (const entry of entries) log.push({ entry, sequence: nextSequence(state) })
  state.history.set(key, log)
}

const sortKeyOf = <A>(row: MemoryRow<A>, orderBy: string | undefined): SortKey => [
  orderBy === undefined ? row.sequence : (row.values[orderBy] as string | number | boolean),
  row.sequence,
]

const compareSortKeys = (type: ColumnType, left: SortKey, right: SortKey): number => {
  const byValue = compareValues(type, left[0], right[0])
  return byValue !== 0 ? byValue : left[1] - right[1]
}

const pageOf = <T>(
  ordered: ReadonlyArray<{ readonly item: T; readonly key: SortKey }>,
  limit: number,
): Page<T> => {
  const shown = ordered.slice(0, limit)
  const last = shown.at(-1)
  return {
    items: shown.map((entry) => entry.item),
    nextCursor:
      ordered.length > limit && last !== undefined ? Option.some(toCursor(last.key)) : Option.none(),
  }
}

// The smallest set of rows that can meet the query: the ids it names, the
// rows holding a value an equality or list condition asks for, or else
// every row of the state. Each row is listed once.
const candidatesOf = <A extends Aggregate, C extends string>(
  descriptor: Descriptor<A, C, unknown, unknown, unknown>,
  state: MemoryState<A, unknown>,
  query: Query<C>,
  conditions: ReadonlyArray<readonly [C | "id", Condition | undefined]>,
): ReadonlySet<string> => {
  let smallest: ReadonlySet<string> = state.byState.get(stateTenantOf(query.tenantId)) ?? new Set<string>()
  for (const [name, condition] of conditions) {
    if (condition === undefined || isRange(condition)) continue
    const values = Array.isArray(condition) ? condition : [condition as ColumnValue]
    let found: Set<string>
    if (name === "id") {
      if (query.reach === "state") continue
      found = new Set(values.map((id) => rowKeyOf(query.tenantId, String(id))))
    } else {
      const type = descriptor.columns[name].type
      found = new Set<string>()
      for (const value of values) {
        const normal = type === "textList" ? value : normalValue(type, value)
        for (const key of state.byValue.get(valueKeyOf(name, normal)) ?? []) found.add(key)
      }
    }
    if (found.size < smallest.size) smallest = found
  }
  return smallest
}

const selectRows = <A extends Aggregate, C extends string>(
  descriptor: Descriptor<A, C, unknown, unknown, unknown>,
  state: MemoryState<A, unknown>,
  query: Query<C>,
): ReadonlyArray<MemoryRow<A>> => {
  const conditions = Object.entries(query.where ?? {}) as Array<[C | "id", Condition | undefined]>
  const candidates = candidatesOf(descriptor, state, query, conditions)
  const selected: Array<MemoryRow<A>> = []
  for (const key of candidates) {
    const row = state.rows.get(key)
    if (row === undefined) continue
    if (query.reach !== "state" && row.aggregate.tenantId !== query.tenantId) continue
    const meetsAll = conditions.every(([name, condition]) => {
      if (condition === undefined) return true
      if (name === "id") return meets("text", descriptor.idOf(row.aggregate), condition)
      return meets(descriptor.columns[name].type, row.values[name] ?? null, condition)
    })
    if (meetsAll) selected.push(row)
  }
  return selected
}

const makeMemory = <A extends Aggregate, C extends string, E, NotFound, H>(
  descriptor: Descriptor<A, C, E, NotFound, H>,
): Store<A, C, E, NotFound, H> => {
  const state: MemoryState<A, H> = {
    rows: new Map(),
    byState: new Map(),
    byValue: new Map(),
    claims: new Map(),
    history: new Map(),
    sequence: 0,
  }
  // Check before write, as a SQL store's encoding does: an aggregate its
  // Schema refuses (a broken invariant) is the caller's defect.
  const isAggregate = Schema.is(descriptor.schema)
  const assertAggregate = (aggregate: A): void =>
    assert(isAggregate(aggregate), `${descriptor.name}: a stored aggregate is valid for its Schema`)
  const types: Readonly<Record<string, ColumnType>> = Object.fromEntries(
    Object.entries(descriptor.columns).map(([name, column]) => [name, (column as Column<A>).type]),
  )
  const find = (query: Query<C>) =>
    Effect.gen(function* () {
      yield* checkLimit(query.limit)
      assertQuery(descriptor, query)
      // A sortable column, so a scalar one (`assertQuery`).
      const type = (
        query.orderBy === undefined ? "integer" : descriptor.columns[query.orderBy].type
      ) as ScalarColumnType
      const after = query.cursor === undefined ? undefined : yield* fromCursorOf(type, query.cursor)
      const sign = query.direction === "descending" ? -1 : 1
      const ordered = selectRows(descriptor, state as MemoryState<A, unknown>, query)
        .map((row) => ({ item: row.aggregate, key: sortKeyOf(row, query.orderBy) }))
        .filter((entry) => after === undefined || sign * compareSortKeys(type, entry.key, after) > 0)
        .sort((left, right) => sign * compareSortKeys(type, left.key, right.key))
      return pageOf(ordered, query.limit)
    })
  return {
    get: (key) =>
      Effect.suspend(() => {
        const row = state.rows.get(rowKeyOf(key.tenantId, key.id))
        return row === undefined ? Effect.fail(descriptor.notFound(key)) : Effect.succeed(row.aggregate)
      }),
    find,
    insert: ({ aggregate, history }) =>
      Effect.suspend((): Effect.Effect<void, E> => {
        assertWrite(descriptor.name, { version: aggregate.version })
        assertAggregate(aggregate)
        const id = descriptor.idOf(aggregate)
        const key = rowKeyOf(aggregate.tenantId, id)
        if (state.rows.has(key) && descriptor.duplicate !== undefined)
          return Effect.fail(descriptor.duplicate({ tenantId: aggregate.tenantId, id }))
        assert(!state.rows.has(key), `${descriptor.name} ${id}: an inserted aggregate has a fresh key`)
        const values = columnValuesOf(descriptor, aggregate)
        const claimed = claimsOf(descriptor, state as MemoryState<A, unknown>, aggregate)
        if ("clash" in claimed) return Effect.fail(claimed.clash)
        writeRow(state, { key, id, aggregate, sequence: nextSequence(state) }, values, claimed.claims, types)
        appendHistory(state, key, history ?? [])
        return Effect.void
      }),
    update: ({ aggregate, expectedVersion, history }) =>
      Effect.suspend((): Effect.Effect<void, StaleVersion | NotFound | E> => {
        assertWrite(descriptor.name, { version: aggregate.version, expectedVersion })
        assertAggregate(aggregate)
        const id = descriptor.idOf(aggregate)
        const key = rowKeyOf(aggregate.tenantId, id)
        const stored = state.rows.get(key)
        if (stored === undefined)
          return Effect.fail(descriptor.notFound({ tenantId: aggregate.tenantId, id }))
        if (stored.aggregate.version !== expectedVersion)
          return Effect.fail(
            new StaleVersion({ entityId: id, expectedVersion, actualVersion: stored.aggregate.version }),
          )
        const values = columnValuesOf(descriptor, aggregate)
        const claimed = claimsOf(descriptor, state as MemoryState<A, unknown>, aggregate)
        if ("clash" in claimed) return Effect.fail(claimed.clash)
        writeRow(state, { key, id, aggregate, sequence: stored.sequence }, values, claimed.claims, types)
        appendHistory(state, key, history ?? [])
        return Effect.void
      }),
    history: (query) =>
      Effect.gen(function* () {
        yield* checkLimit(query.limit)
        const after = query.cursor === undefined ? undefined : yield* fromCursor(query.cursor)
        const log = state.history.get(rowKeyOf(query.tenantId, query.id)) ?? []
        const ordered = log
          .filter((entry) => after === undefined || entry.sequence > after[1])
          .map((entry) => ({ item: entry.entry, key: [entry.sequence, entry.sequence] as SortKey }))
        return pageOf(ordered, query.limit)
      }),
  }
}

/**
 * An in-memory store of a descriptor's aggregates: each write checks its
 * version and claims its unique keys in one synchronous step, so a check and
 * its write never interleave with another fiber's.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemoryStore: <A extends Aggregate, C extends string, E, NotFound, H>(
  descriptor: Descriptor<A, C, E, NotFound, H>,
) => Store<A, C, E, NotFound, H> = makeMemory

/**
 * The memory layer of a store port: `layerMemory(WageSeekerRepository, descriptor)`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = <I, A extends Aggregate, C extends string, E, NotFound, H>(
  port: Context.Key<I, Store<A, C, E, NotFound, H>>,
  descriptor: Descriptor<A, C, E, NotFound, H>,
): Layer.Layer<I> =>
  Layer.effect(
    port,
    Effect.sync(() => makeMemory(descriptor)),
  )

/**
 * A store port with its descriptor: what a module lists in its `stores`, so
 * that every implementation (memory, Postgres) and the conformance suite
 * serve all of them from one list.
 *
 * @since 0.1.0
 * @category models
 */
export interface Registration<I, A extends Aggregate, C extends string, E, NotFound, H> {
  readonly port: Context.Key<I, Store<A, C, E, NotFound, H>>
  readonly descriptor: Descriptor<A, C, E, NotFound, H>
}

/**
 * Registers a store port with its descriptor.
 *
 * @since 0.1.0
 * @category constructors
 */
export const register = <I, A extends Aggregate, C extends string, E, NotFound, H>(
  port: Context.Key<I, Store<A, C, E, NotFound, H>>,
  descriptor: Descriptor<A, C, E, NotFound, H>,
): Registration<I, A, C, E, NotFound, H> => ({ port, descriptor })

/**
 * Any registration, for lists of different aggregates' stores.
 *
 * @since 0.1.0
 * @category models
 */
export interface AnyRegistration {
  // biome-ignore lint/suspicious/noExplicitAny: a list holds registrations of different aggregates; each is typed where it is made
  readonly port: Context.Key<any, any>
  // biome-ignore lint/suspicious/noExplicitAny: as above
  readonly descriptor: Descriptor<any, any, any, any, any>
}

type ServiceOf<R> = R extends { readonly port: Context.Key<infer I, infer _Shape> } ? I : never

/**
 * The services a list of registrations provides.
 *
 * @since 0.1.0
 * @category models
 */
export type ServicesOf<R extends ReadonlyArray<AnyRegistration>> = ServiceOf<R[number]>

/**
 * Builds one layer of every registered store from a layer constructor (the
 * memory one here, the Postgres one in the adapter).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerAll = <R extends ReadonlyArray<AnyRegistration>, E, Requirements>(
  registrations: R,
  layerOf: (registration: AnyRegistration) => Layer.Layer<unknown, E, Requirements>,
): Layer.Layer<ServicesOf<R>, E, Requirements> => {
  const [first, ...rest] = registrations.map(layerOf)
  return (first === undefined ? Layer.empty : Layer.mergeAll(first, ...rest)) as Layer.Layer<
    ServicesOf<R>,
    E,
    Requirements
  >
}

/**
 * Every registered store in memory, in one layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemoryAll = <R extends ReadonlyArray<AnyRegistration>>(
  registrations: R,
): Layer.Layer<ServicesOf<R>> =>
  layerAll(registrations, (registration) => layerMemory(registration.port, registration.descriptor))
