/**
 * The conformance suite of every store on the `AggregateStore` port shape
 * (ARCH-3, TEN-1, DB-4, DB-5, API-5, REL-5): one line,
 * `AggregateStoreSuite(name, layer, fixture)`, holds an implementation
 * (memory, PGlite, server Postgres) of any aggregate's store to the laws
 * every such store keeps, whatever the aggregate:
 *
 * - ARCH-3: an insert is got back exactly (compared by Schema encoding); an
 *   unknown id is the descriptor's not-found;
 * - TEN-1: no read or write reaches another tenant; `reach: "state"` reads
 *   every tenant of the state and no other state;
 * - DB-4: an update lands only over the stored version; any other version is
 *   `STALE_VERSION` and changes nothing; of concurrent updates from one
 *   version exactly one lands;
 * - API-5: pages in every order (insertion, each sortable column, both
 *   directions) give every aggregate once, in `compareValues` order, whatever
 *   is inserted between pages; limits outside 1..`pageSizeMax` and forged
 *   cursors are refused with their codes; `where` filters on every column;
 * - REL-5 / DB-5: each unique rule admits one holder per key in its scope,
 *   under concurrency too, and a refused write stores nothing; a descriptor
 *   with `duplicate` refuses a second insert of a key with it, under
 *   concurrency too;
 * - the history comes back oldest first, page by page.
 *
 * The fixture says how to build aggregates of the store under test. Each law
 * draws tenants of its own from a counter (no randomness, house rule 11), so
 * the laws can share one database, provided it starts empty (as the test
 * databases do).
 *
 * The file also holds `Parcel`, a small test aggregate with a column of
 * every column type, two unique rules (one partial, one state-wide) and a
 * history, which core's and the Postgres adapter's tests of the store
 * implementations themselves run the suite on.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { Cause, Context, DateTime, Effect, Exit, type Layer, Option, Result, Schema } from "effect"
import { Base64Url } from "effect/encoding"
import * as fc from "fast-check"
import * as TenantId from "../ids/TenantId.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { CursorInvalid, type Page, PageSizeInvalid, pageSizeMax } from "../persistence/Page.js"
import { StaleVersion } from "../persistence/StaleVersion.js"
import * as LocalDate from "../time/LocalDate.js"
import { type ConformanceLaw, registerConformanceLaws } from "./ConformanceLaws.js"
import { checkEffectProperty } from "./ContractsTesting.js"

/**
 * Which aggregate a fixture builds: the `index`-th of a tenant.
 *
 * @since 0.1.0
 * @category testing
 */
export interface AggregateSeed {
  readonly tenantId: TenantId.TenantId
  readonly index: number
}

/**
 * Which clashing aggregate a fixture builds: the one `make` builds from the
 * seed, at `version`, holding the holder's key under unique `rule`.
 *
 * @since 0.1.0
 * @category testing
 */
export interface ClashSeed extends AggregateSeed {
  readonly rule: string
  readonly version: number
}

/**
 * What the suite needs to know of an aggregate:
 *
 * - `port`: the store's service tag;
 * - `descriptor`: the descriptor the store was built from;
 * - `make`: the `index`-th aggregate of a tenant, at version 1; distinct
 *   seeds give distinct aggregates whose unique keys differ within every
 *   rule's scope, and whose sortable column values repeat (every few
 *   indexes), so orders have ties;
 * - `revise`: the aggregate one version on (same tenant and id), with at
 *   least one column value changed;
 * - `entry`: a history entry about the aggregate (when it has a history);
 * - `clash`: see `ClashSeed` (when it has unique rules).
 *
 * @since 0.1.0
 * @category testing
 */
export interface AggregateStoreFixture<
  I,
  A extends AggregateStore.Aggregate,
  C extends string,
  E,
  NotFound,
  H,
> {
  readonly port: Context.Key<I, AggregateStore.Store<A, C, E, NotFound, H>>
  readonly descriptor: AggregateStore.Descriptor<A, C, E, NotFound, H>
  readonly make: (seed: AggregateSeed) => A
  readonly revise: (aggregate: A) => A
  readonly entry?: ((aggregate: A) => H) | undefined
  readonly clash?: ((holder: A, seed: ClashSeed) => A) | undefined
  /** The aggregate's own laws (queries and rules of its domain), run beside the generic ones. */
  readonly laws?: ReadonlyArray<ConformanceLaw<I>> | undefined
}

// ---------------------------------------------------------------------------
// The laws see aggregates only through the fixture and the descriptor, so
// they are written once over erased types (cast at `aggregateStoreLaws`).

type Aggregate = AggregateStore.Aggregate
type ColumnValue = AggregateStore.ColumnValue
type Store = AggregateStore.Store<Aggregate, string, unknown, unknown, unknown>
type Query = AggregateStore.Query<string>
type Law = readonly [title: string, law: Effect.Effect<void, unknown, unknown>]

interface Kit {
  readonly port: Effect.Effect<Store, never, unknown>
  readonly descriptor: AggregateStore.Descriptor<Aggregate, string, unknown, unknown, unknown>
  readonly make: (seed: AggregateSeed) => Aggregate
  readonly revise: (aggregate: Aggregate) => Aggregate
  readonly entry: ((aggregate: Aggregate) => unknown) | undefined
  readonly clash: ((holder: Aggregate, seed: ClashSeed) => Aggregate) | undefined
  readonly encode: (aggregate: Aggregate) => unknown
  readonly encodeEntry: (entry: unknown) => unknown
}

interface Order {
  readonly orderBy: string | undefined
  readonly direction: "ascending" | "descending"
}

// Fresh tenants for each law: a state code `s` + four letters from a counter.
let statesDrawn = 0
const alphabet = "abcdefghijklmnopqrstuvwxyz"

const freshState: Effect.Effect<TenantId.TenantId> = Effect.sync(() => {
  statesDrawn += 1
  let code = ""
  for (let rest = statesDrawn, place = 0; place < 4; place += 1, rest = Math.floor(rest / 26))
    code = `${alphabet[rest % 26]}${code}`
  return TenantId.makeUnsafe(`s${code}`)
})

interface Tenants {
  /** A state tenant. */
  readonly state: TenantId.TenantId
  /** Two ULBs of `state`. */
  readonly north: TenantId.TenantId
  readonly south: TenantId.TenantId
  /** A ULB of another state. */
  readonly elsewhere: TenantId.TenantId
}

const freshTenants: Effect.Effect<Tenants> = Effect.map(
  Effect.all([freshState, freshState]),
  ([state, other]) => ({
    state,
    north: TenantId.makeUnsafe(`${state}.north`),
    south: TenantId.makeUnsafe(`${state}.south`),
    elsewhere: TenantId.makeUnsafe(`${other}.north`),
  }),
)

const keyOf = (kit: Kit, aggregate: Aggregate): AggregateStore.Key => ({
  tenantId: aggregate.tenantId,
  id: kit.descriptor.idOf(aggregate),
})

const labelOf = (kit: Kit, aggregate: Aggregate): string =>
  `${aggregate.tenantId}/${kit.descriptor.idOf(aggregate)}`

const columnOf = (kit: Kit, name: string): AggregateStore.Column<Aggregate> => {
  const column = kit.descriptor.columns[name]
  assert.isDefined(column, `${kit.descriptor.name} has a column ${name}`)
  return column as AggregateStore.Column<Aggregate>
}

// A column an order or a range may use: never a `textList`.
const scalarColumnOf = (kit: Kit, name: string): AggregateStore.ScalarColumn<Aggregate> => {
  const column = columnOf(kit, name)
  assert.notStrictEqual(column.type, "textList", `${name} is a scalar column`)
  return column as AggregateStore.ScalarColumn<Aggregate>
}

const columnNamesOf = (kit: Kit): ReadonlyArray<string> => Object.keys(kit.descriptor.columns)

const sortableNamesOf = (kit: Kit): ReadonlyArray<string> =>
  columnNamesOf(kit).filter((name) => columnOf(kit, name).sortable === true)

const ordersOf = (kit: Kit): ReadonlyArray<Order> =>
  [undefined, ...sortableNamesOf(kit)].flatMap((orderBy) => [
    { orderBy, direction: "ascending" as const },
    { orderBy, direction: "descending" as const },
  ])

const orderLabel = (order: Order): string => `${order.orderBy ?? "insertion order"} ${order.direction}`

const queryOf = (tenantId: TenantId.TenantId, order: Order): Omit<Query, "limit"> => ({
  tenantId,
  orderBy: order.orderBy,
  direction: order.direction,
})

// The order a store must give: `compareValues` of the column, ties (and the
// insertion order itself) by insertion; descending is ascending reversed.
const inOrder = (kit: Kit, inserted: ReadonlyArray<Aggregate>, order: Order): ReadonlyArray<Aggregate> => {
  const column = order.orderBy === undefined ? undefined : scalarColumnOf(kit, order.orderBy)
  const ascending =
    column === undefined
      ? [...inserted]
      : [...inserted].sort((left, right) =>
          AggregateStore.compareValues(column.type, column.of(left), column.of(right)),
        )
  return order.direction === "ascending" ? ascending : ascending.reverse()
}

const equalValues = (type: AggregateStore.ColumnType, left: ColumnValue, right: ColumnValue): boolean =>
  left === null || right === null ? left === right : AggregateStore.compareValues(type, left, right) === 0

// What a condition on a column finds, written out apart from the stores: a
// scalar equals the value (or one of a list, or lies within a range, ends
// included); a `textList` contains the text (or one of a list; null is in
// no list).
const matches = (
  column: AggregateStore.Column<Aggregate>,
  aggregate: Aggregate,
  condition: AggregateStore.Condition,
): boolean => {
  const wanted: ReadonlyArray<ColumnValue> | undefined = Array.isArray(condition)
    ? condition
    : AggregateStore.isRange(condition)
      ? undefined
      : [condition as ColumnValue]
  if (column.type === "textList") {
    const texts = column.of(aggregate)
    return (wanted ?? []).some((value) => value !== null && texts.includes(String(value)))
  }
  const value = column.of(aggregate)
  if (wanted !== undefined) return wanted.some((candidate) => equalValues(column.type, value, candidate))
  const within = condition as AggregateStore.Range
  if (value === null) return false
  const compare = (end: string | number) => AggregateStore.compareValues(column.type, value, end)
  return (
    (within.from === undefined || compare(within.from) >= 0) &&
    (within.to === undefined || compare(within.to) <= 0)
  )
}

// The values a query may name to find an aggregate by a column: its value,
// or each text of its `textList`.
const probesOf = (
  column: AggregateStore.Column<Aggregate>,
  aggregate: Aggregate,
): ReadonlyArray<ColumnValue> => (column.type === "textList" ? column.of(aggregate) : [column.of(aggregate)])

const assertSameAggregates = (
  kit: Kit,
  actual: ReadonlyArray<Aggregate>,
  expected: ReadonlyArray<Aggregate>,
  what: string,
): void => {
  assert.deepStrictEqual(
    actual.map((aggregate) => labelOf(kit, aggregate)),
    expected.map((aggregate) => labelOf(kit, aggregate)),
    `${what}: which aggregates, in which order`,
  )
  assert.deepStrictEqual(actual.map(kit.encode), expected.map(kit.encode), `${what}: the aggregates' content`)
}

const failureOf = <A, E, R>(effect: Effect.Effect<A, E, R>, what: string): Effect.Effect<E, never, R> =>
  Effect.map(Effect.exit(effect), (exit) => {
    if (Exit.isSuccess(exit)) return assert.fail(`${what}: succeeded, but must fail`)
    const error = Cause.findErrorOption(exit.cause)
    return Option.isSome(error)
      ? error.value
      : assert.fail(`${what}: must fail with a typed error, not ${Cause.pretty(exit.cause)}`)
  })

const assertSameError = (actual: unknown, expected: unknown, what: string): void => {
  assert.strictEqual(
    Object.getPrototypeOf(actual),
    Object.getPrototypeOf(expected),
    `${what}: the error class`,
  )
  assert.deepStrictEqual(
    { ...(actual as object) },
    { ...(expected as object) },
    `${what}: the error's fields`,
  )
}

const assertNotFound = (kit: Kit, store: Store, key: AggregateStore.Key, what: string) =>
  Effect.map(failureOf(store.get(key), what), (error) =>
    assertSameError(error, kit.descriptor.notFound(key), what),
  )

const historyOf = (kit: Kit, aggregate: Aggregate): ReadonlyArray<unknown> | undefined =>
  kit.entry === undefined || kit.descriptor.history === undefined ? undefined : [kit.entry(aggregate)]

// Inserts one after another (their insertion order is the order they are given).
const insertEach = (kit: Kit, store: Store, aggregates: ReadonlyArray<Aggregate>) =>
  Effect.forEach(aggregates, (aggregate) => store.insert({ aggregate, history: historyOf(kit, aggregate) }), {
    discard: true,
  })

const seedsOf = (tenantId: TenantId.TenantId, indexes: ReadonlyArray<number>) =>
  indexes.map((index) => ({ tenantId, index }))

const range = (count: number, start = 0): ReadonlyArray<number> =>
  Array.from({ length: count }, (_, index) => start + index)

// Every page of a query from `cursor` on: a page followed by another is full,
// a cursor never leads to an empty page, and the last page has no cursor.
const readPages = <T>(
  read: (cursor: string | undefined) => Effect.Effect<Page<T>, unknown>,
  options: { readonly limit: number; readonly itemsMax: number; readonly cursor?: string | undefined },
) =>
  Effect.gen(function* () {
    const items: Array<T> = []
    const pagesMax = Math.ceil(options.itemsMax / options.limit) + 2
    let cursor = options.cursor
    for (let pageNumber = 0; pageNumber < pagesMax; pageNumber += 1) {
      const page = yield* read(cursor)
      if (cursor !== undefined) assert.isAbove(page.items.length, 0, "a cursor never leads to an empty page")
      items.push(...page.items)
      if (Option.isNone(page.nextCursor)) return items as ReadonlyArray<T>
      assert.strictEqual(page.items.length, options.limit, "a page followed by another is full")
      cursor = page.nextCursor.value
    }
    return assert.fail(`more than ${pagesMax} pages for at most ${options.itemsMax} items`)
  })

const findPages = (
  store: Store,
  query: Omit<Query, "limit" | "cursor">,
  options: { readonly limit: number; readonly itemsMax: number; readonly cursor?: string | undefined },
) => readPages((cursor) => store.find({ ...query, limit: options.limit, cursor }), options)

// One page that must hold every match.
const findEvery = (store: Store, query: Omit<Query, "limit" | "cursor">) =>
  Effect.map(store.find({ ...query, limit: pageSizeMax }), (page) => {
    assert.isTrue(Option.isNone(page.nextCursor), "every match fits one page")
    return page.items
  })

// ---------------------------------------------------------------------------
// ARCH-3 and TEN-1

const lawStoredAsInserted = (kit: Kit): Law => [
  "ARCH-3: an inserted aggregate is got back exactly as stored; an unknown id is the descriptor's not-found",
  Effect.gen(function* () {
    const store = yield* kit.port
    const { north } = yield* freshTenants
    const aggregates = seedsOf(north, range(4)).map(kit.make)
    for (const aggregate of aggregates) assert.strictEqual(aggregate.version, 1, "make builds version 1")
    yield* insertEach(kit, store, aggregates)
    for (const aggregate of aggregates)
      assertSameAggregates(kit, [yield* store.get(keyOf(kit, aggregate))], [aggregate], "get")
    yield* assertNotFound(kit, store, keyOf(kit, kit.make({ tenantId: north, index: 99 })), "an unknown id")
    assertSameAggregates(kit, yield* findEvery(store, { tenantId: north }), aggregates, "find")
  }),
]

const lawTenantsApart = (kit: Kit): Law => [
  "TEN-1: a tenant never sees another tenant's aggregate, by get, by id or by find",
  Effect.gen(function* () {
    const store = yield* kit.port
    const tenants = yield* freshTenants
    const { state, north, south, elsewhere } = tenants
    const inserted = [...seedsOf(north, [0, 1]), ...seedsOf(south, [0]), ...seedsOf(elsewhere, [0, 2])].map(
      kit.make,
    )
    yield* insertEach(kit, store, inserted)
    const ids = inserted.map((aggregate) => kit.descriptor.idOf(aggregate))
    for (const tenantId of [state, north, south, elsewhere]) {
      const own = inserted.filter((aggregate) => aggregate.tenantId === tenantId)
      for (const id of ids) {
        const mine = own.find((aggregate) => kit.descriptor.idOf(aggregate) === id)
        if (mine === undefined) yield* assertNotFound(kit, store, { tenantId, id }, `${tenantId} gets ${id}`)
        else assertSameAggregates(kit, [yield* store.get({ tenantId, id })], [mine], `${tenantId} gets ${id}`)
      }
      assertSameAggregates(kit, yield* findEvery(store, { tenantId }), own, `${tenantId} finds`)
      const byIds = yield* findEvery(store, { tenantId, where: { id: ids } })
      assertSameAggregates(kit, byIds, own, `${tenantId} finds by every id`)
    }
  }),
]

const lawStateReach = (kit: Kit): Law => [
  'TEN-1: reach "state" finds the aggregates of every tenant of the state, and of no other state',
  Effect.gen(function* () {
    const store = yield* kit.port
    const { state, north, south, elsewhere } = yield* freshTenants
    const inserted = [
      kit.make({ tenantId: north, index: 0 }),
      kit.make({ tenantId: state, index: 1 }),
      kit.make({ tenantId: elsewhere, index: 2 }),
      kit.make({ tenantId: south, index: 3 }),
      kit.make({ tenantId: north, index: 4 }),
    ]
    yield* insertEach(kit, store, inserted)
    const [north0, state1, elsewhere2, south3, north4] = inserted as [
      Aggregate,
      Aggregate,
      Aggregate,
      Aggregate,
      Aggregate,
    ]
    const inState = [north0, state1, south3, north4]
    for (const tenantId of [state, north, south]) {
      const found = yield* findPages(store, { tenantId, reach: "state" }, { limit: 2, itemsMax: 5 })
      assertSameAggregates(kit, found, inState, `${tenantId} reaching its state`)
    }
    assertSameAggregates(
      kit,
      yield* findEvery(store, { tenantId: state }),
      [state1],
      "the state tenant's own",
    )
    const abroad = yield* findEvery(store, { tenantId: elsewhere, reach: "state" })
    assertSameAggregates(kit, abroad, [elsewhere2], "the other state")
    const ids = [kit.descriptor.idOf(south3), kit.descriptor.idOf(elsewhere2)]
    const byIds = yield* findEvery(store, { tenantId: north, reach: "state", where: { id: ids } })
    const expected = inState.filter((aggregate) => ids.includes(kit.descriptor.idOf(aggregate)))
    assertSameAggregates(kit, byIds, expected, "by ids across the state")
  }),
]

// ---------------------------------------------------------------------------
// DB-4

// The aggregate revised until it reaches `version`.
const revisedTo = (kit: Kit, aggregate: Aggregate, version: number): Aggregate => {
  let revised = aggregate
  while (revised.version < version) revised = kit.revise(revised)
  return revised
}

const readHistory = (store: Store, key: AggregateStore.Key, limit: number) =>
  readPages((cursor) => store.history({ ...key, limit, cursor }), { limit, itemsMax: 200 })

const assertHistory = (kit: Kit, store: Store, key: AggregateStore.Key, expected: ReadonlyArray<unknown>) =>
  Effect.gen(function* () {
    if (kit.descriptor.history === undefined) return
    const entries = yield* readHistory(store, key, 3)
    assert.deepStrictEqual(entries.map(kit.encodeEntry), expected.map(kit.encodeEntry), "the history")
  })

const historyEntries = (kit: Kit, aggregates: ReadonlyArray<Aggregate>): ReadonlyArray<unknown> =>
  aggregates.flatMap((aggregate) => historyOf(kit, aggregate) ?? [])

const lawUpdateOverVersion = (kit: Kit): Law => [
  "DB-4: an update over the stored version replaces the aggregate, its columns and its version",
  Effect.gen(function* () {
    const store = yield* kit.port
    const { north } = yield* freshTenants
    const first = kit.make({ tenantId: north, index: 0 })
    const second = kit.revise(first)
    const third = kit.revise(second)
    assert.strictEqual(second.version, 2, "revise raises the version by one")
    assert.strictEqual(labelOf(kit, second), labelOf(kit, first), "revise keeps the key")
    yield* insertEach(kit, store, [first])
    yield* store.update({ aggregate: second, expectedVersion: 1, history: historyOf(kit, second) })
    assertSameAggregates(kit, [yield* store.get(keyOf(kit, first))], [second], "after the update")
    let changed = 0
    for (const name of columnNamesOf(kit)) {
      const column = columnOf(kit, name)
      for (const value of [...probesOf(column, first), ...probesOf(column, second)]) {
        const found = yield* findEvery(store, { tenantId: north, where: { [name]: value } })
        const expected = matches(column, second, value) ? [second] : []
        assertSameAggregates(kit, found, expected, `${name} = ${JSON.stringify(value)} after the update`)
        if (matches(column, first, value) !== matches(column, second, value)) changed += 1
      }
    }
    assert.isAbove(changed, 0, "revise changes at least one column")
    yield* store.update({ aggregate: third, expectedVersion: 2, history: historyOf(kit, third) })
    assertSameAggregates(kit, [yield* store.get(keyOf(kit, first))], [third], "after the second update")
    yield* assertHistory(kit, store, keyOf(kit, first), historyEntries(kit, [first, second, third]))
  }),
]

const lawStaleVersion = (kit: Kit): Law => [
  "DB-4: an update over any other version fails with STALE_VERSION and changes nothing",
  Effect.gen(function* () {
    const store = yield* kit.port
    const { north } = yield* freshTenants
    const first = kit.make({ tenantId: north, index: 0 })
    const second = kit.revise(first)
    yield* insertEach(kit, store, [first])
    yield* store.update({ aggregate: second, expectedVersion: 1, history: historyOf(kit, second) })
    for (const expectedVersion of [1, 3, 7]) {
      const attempt = revisedTo(kit, first, expectedVersion + 1)
      const error = yield* failureOf(
        store.update({ aggregate: attempt, expectedVersion, history: historyOf(kit, attempt) }),
        `an update over version ${expectedVersion}`,
      )
      assert.instanceOf(error, StaleVersion)
      assert.deepStrictEqual(
        {
          entityId: error.entityId,
          expectedVersion: error.expectedVersion,
          actualVersion: error.actualVersion,
        },
        { entityId: kit.descriptor.idOf(first), expectedVersion, actualVersion: 2 },
      )
    }
    assertSameAggregates(kit, [yield* store.get(keyOf(kit, first))], [second], "after the stale updates")
    yield* assertHistory(kit, store, keyOf(kit, first), historyEntries(kit, [first, second]))
  }),
]

const lawUpdateUnknown = (kit: Kit): Law => [
  "DB-4 / TEN-1: an update of an aggregate its tenant does not hold fails with not-found and writes nothing",
  Effect.gen(function* () {
    const store = yield* kit.port
    const { north, south } = yield* freshTenants
    const held = kit.make({ tenantId: north, index: 0 })
    yield* insertEach(kit, store, [held])
    for (const stranger of [
      kit.make({ tenantId: north, index: 5 }),
      kit.make({ tenantId: south, index: 0 }),
    ]) {
      const revised = kit.revise(stranger)
      const key = keyOf(kit, stranger)
      const error = yield* failureOf(
        store.update({ aggregate: revised, expectedVersion: 1, history: historyOf(kit, revised) }),
        `an update of ${labelOf(kit, stranger)}`,
      )
      assertSameError(error, kit.descriptor.notFound(key), `an update of ${labelOf(kit, stranger)}`)
      yield* assertNotFound(kit, store, key, "afterwards")
      yield* assertHistory(kit, store, key, [])
    }
    assertSameAggregates(kit, [yield* store.get(keyOf(kit, held))], [held], "the held aggregate")
  }),
]

const updatesRacing = 8

const lawConcurrentUpdates = (kit: Kit): Law => [
  `DB-4: of ${updatesRacing} concurrent updates from one version exactly one lands, the rest are STALE_VERSION`,
  Effect.gen(function* () {
    const store = yield* kit.port
    const { north } = yield* freshTenants
    const first = kit.make({ tenantId: north, index: 0 })
    const second = kit.revise(first)
    yield* insertEach(kit, store, [first])
    const results = yield* Effect.all(
      range(updatesRacing).map(() =>
        Effect.result(
          store.update({ aggregate: second, expectedVersion: 1, history: historyOf(kit, second) }),
        ),
      ),
      { concurrency: "unbounded" },
    )
    assert.strictEqual(results.filter(Result.isSuccess).length, 1, "exactly one update lands")
    for (const result of results.filter(Result.isFailure)) {
      assert.instanceOf(result.failure, StaleVersion)
      const { expectedVersion, actualVersion } = result.failure as StaleVersion
      assert.deepStrictEqual({ expectedVersion, actualVersion }, { expectedVersion: 1, actualVersion: 2 })
    }
    assertSameAggregates(kit, [yield* store.get(keyOf(kit, first))], [second], "afterwards")
    yield* assertHistory(kit, store, keyOf(kit, first), historyEntries(kit, [first, second]))
  }),
]

const insertsRacing = 8

// A key stored twice: the descriptor's `duplicate` (never a defect), and the
// first stays as stored, under concurrency too (PI-F-1, REL-5).
const lawDuplicate = (kit: Kit, duplicate: (key: AggregateStore.Key) => unknown): Law => [
  `REL-5: an insert over a stored key is the descriptor's duplicate; of ${insertsRacing} concurrent inserts of one key exactly one is stored`,
  Effect.gen(function* () {
    const store = yield* kit.port
    const { north } = yield* freshTenants
    const first = kit.make({ tenantId: north, index: 0 })
    yield* insertEach(kit, store, [first])
    const again = kit.revise(first)
    const refused = yield* failureOf(
      store.insert({ aggregate: again, history: historyOf(kit, again) }),
      "again",
    )
    assertSameError(refused, duplicate(keyOf(kit, first)), "an insert over a stored key")
    assertSameAggregates(kit, [yield* store.get(keyOf(kit, first))], [first], "the first, unchanged")
    yield* assertHistory(kit, store, keyOf(kit, first), historyEntries(kit, [first]))
    // Racing inserts of one new key, each a different revision of it.
    const racing = [kit.make({ tenantId: north, index: 1 })]
    for (const index of range(insertsRacing - 1)) racing.push(kit.revise(racing[index] as Aggregate))
    const results = yield* Effect.all(
      racing.map((aggregate) =>
        Effect.result(store.insert({ aggregate, history: historyOf(kit, aggregate) })),
      ),
      { concurrency: "unbounded" },
    )
    const winners = racing.filter((_, index) =>
      Result.isSuccess(results[index] as Result.Result<void, unknown>),
    )
    assert.strictEqual(winners.length, 1, "exactly one insert is stored")
    for (const result of results.filter(Result.isFailure))
      assertSameError(result.failure, duplicate(keyOf(kit, winners[0] as Aggregate)), "a loser")
    assertSameAggregates(kit, [yield* store.get(keyOf(kit, racing[0] as Aggregate))], winners, "the winner")
  }),
]

// ---------------------------------------------------------------------------
// API-5: pages

const lawPaging = (kit: Kit): Law => [
  "API-5: paging in every order gives every aggregate once, in order, and the last page no cursor",
  Effect.gen(function* () {
    const store = yield* kit.port
    const { north, south } = yield* freshTenants
    const count = 23
    const mine = seedsOf(north, range(count)).map(kit.make)
    // Another tenant's aggregates, interleaved, are never paged.
    const interleaved = mine.flatMap((aggregate, index) =>
      index % 8 === 3 ? [aggregate, kit.make({ tenantId: south, index })] : [aggregate],
    )
    yield* insertEach(kit, store, interleaved)
    for (const order of ordersOf(kit)) {
      const expected = inOrder(kit, mine, order)
      for (const limit of [5, count - 1, count, pageSizeMax]) {
        const found = yield* findPages(store, queryOf(north, order), { limit, itemsMax: count })
        assertSameAggregates(kit, found, expected, `${orderLabel(order)}, ${limit} a page`)
      }
    }
  }),
]

const lawPageSizes = (kit: Kit): Law => [
  `API-5: a page of 1 to ${pageSizeMax} items is served; 0, ${pageSizeMax + 1} or 2.5 is PAGE_SIZE_INVALID`,
  Effect.gen(function* () {
    const store = yield* kit.port
    const { north } = yield* freshTenants
    const aggregate = kit.make({ tenantId: north, index: 0 })
    yield* insertEach(kit, store, [aggregate])
    for (const limit of [1, pageSizeMax]) {
      assertSameAggregates(
        kit,
        (yield* store.find({ tenantId: north, limit })).items,
        [aggregate],
        `${limit}`,
      )
      yield* store.history({ ...keyOf(kit, aggregate), limit })
    }
    for (const limit of [0, pageSizeMax + 1, 2.5, -1]) {
      const reads = [
        store.find({ tenantId: north, limit }),
        store.history({ ...keyOf(kit, aggregate), limit }),
      ] as const
      for (const read of reads) {
        const error = yield* failureOf(read, `a page of ${limit}`)
        assert.instanceOf(error, PageSizeInvalid)
        assert.deepStrictEqual(
          { limit: error.limit, limitMax: error.limitMax },
          { limit, limitMax: pageSizeMax },
        )
      }
    }
  }),
]

const forgedCursor = (json: string): string => Base64Url.encode(json)

const garbageCursors: ReadonlyArray<string> = [
  "garbage",
  "",
  "%%%",
  forgedCursor("not json"),
  forgedCursor('{"after":1}'),
  forgedCursor("[1]"),
  forgedCursor("[1, 2.5]"),
  forgedCursor("[null, 1]"),
]

// Cursors whose order value cannot be a value of the order's column type.
const misfitCursors = (type: AggregateStore.ScalarColumnType | "insertion"): ReadonlyArray<string> => {
  const values: Record<typeof type, ReadonlyArray<unknown>> = {
    insertion: ['"x"', "true", "1.5"],
    text: ["7", "true"],
    integer: ['"x"', "true", "1.5", "4294967296"],
    numeric: ['"x"', "true", '"1e5e"', '""'],
    date: ['"x"', "7", '"2024-13-45"', '"2024-02-30"'],
    timestamptz: ['"x"', "7", '"2024-13-45T00:00:00.000Z"'],
    boolean: ['"x"', "1"],
  }
  return values[type].map((value) => forgedCursor(`[${value}, 1]`))
}

const assertCursorInvalid = <A, R>(read: Effect.Effect<A, unknown, R>, cursor: string, what: string) =>
  Effect.map(failureOf(read, what), (error) => {
    assert.instanceOf(error, CursorInvalid, what)
    assert.strictEqual((error as CursorInvalid).cursor, cursor, what)
  })

const lawGarbageCursor = (kit: Kit): Law => [
  "API-5: a cursor that no page gave is refused with CURSOR_INVALID, in every order and in the history",
  Effect.gen(function* () {
    const store = yield* kit.port
    const { north } = yield* freshTenants
    const aggregate = kit.make({ tenantId: north, index: 0 })
    yield* insertEach(kit, store, [aggregate])
    for (const cursor of garbageCursors) {
      for (const order of ordersOf(kit)) {
        const read = store.find({ ...queryOf(north, order), limit: 5, cursor })
        yield* assertCursorInvalid(read, cursor, `${orderLabel(order)} after ${JSON.stringify(cursor)}`)
      }
      const history = store.history({ ...keyOf(kit, aggregate), limit: 5, cursor })
      yield* assertCursorInvalid(history, cursor, `the history after ${JSON.stringify(cursor)}`)
    }
  }),
]

const lawMisfitCursor = (kit: Kit): Law => [
  "API-5: a cursor whose order value does not fit the order's column is refused with CURSOR_INVALID",
  Effect.gen(function* () {
    const store = yield* kit.port
    const { north } = yield* freshTenants
    yield* insertEach(kit, store, [kit.make({ tenantId: north, index: 0 })])
    for (const order of ordersOf(kit)) {
      const type = order.orderBy === undefined ? "insertion" : scalarColumnOf(kit, order.orderBy).type
      for (const cursor of misfitCursors(type)) {
        const read = store.find({ ...queryOf(north, order), limit: 5, cursor })
        yield* assertCursorInvalid(
          read,
          cursor,
          `${orderLabel(order)} after ${Base64Url.decodeString(cursor)}`,
        )
      }
    }
  }),
]

const lawInsertedBetweenPages = (kit: Kit): Law => [
  "API-5: aggregates inserted after a page was read make the next pages neither repeat nor skip any",
  Effect.gen(function* () {
    const store = yield* kit.port
    const { north } = yield* freshTenants
    const limit = 5
    const before = seedsOf(north, range(12)).map(kit.make)
    const after = seedsOf(north, range(7, 12)).map(kit.make)
    yield* insertEach(kit, store, before)
    const firstPages: Array<{
      readonly order: Order
      readonly items: ReadonlyArray<Aggregate>
      cursor: string
    }> = []
    for (const order of ordersOf(kit)) {
      const page = yield* store.find({ ...queryOf(north, order), limit })
      assertSameAggregates(kit, page.items, inOrder(kit, before, order).slice(0, limit), orderLabel(order))
      assert.isTrue(Option.isSome(page.nextCursor), "a first page of 5 of 12 has a cursor")
      firstPages.push({ order, items: page.items, cursor: Option.getOrThrow(page.nextCursor) })
    }
    yield* insertEach(kit, store, after)
    for (const { order, items, cursor } of firstPages) {
      const rest = yield* findPages(store, queryOf(north, order), { limit, itemsMax: 19, cursor })
      const all = inOrder(kit, [...before, ...after], order)
      const last = labelOf(kit, items[items.length - 1] as Aggregate)
      const position = all.findIndex((aggregate) => labelOf(kit, aggregate) === last)
      assertSameAggregates(
        kit,
        rest,
        all.slice(position + 1),
        `the pages after the first, ${orderLabel(order)}`,
      )
    }
  }),
]

const lawPagingProperty = (kit: Kit): Law => [
  "API-5: any set of aggregates, paged at any limit in any order, comes back each once, in that order",
  Effect.gen(function* () {
    const store = yield* kit.port
    const cases = fc.record({
      indexes: fc.uniqueArray(fc.integer({ min: 0, max: 47 }), { maxLength: 16 }),
      limit: fc.integer({ min: 1, max: 6 }),
      order: fc.constantFrom(...ordersOf(kit)),
    })
    yield* checkEffectProperty(
      cases,
      ({ indexes, limit, order }) =>
        Effect.gen(function* () {
          const { north } = yield* freshTenants
          const inserted = seedsOf(north, indexes).map(kit.make)
          yield* insertEach(kit, store, inserted)
          const found = yield* findPages(store, queryOf(north, order), { limit, itemsMax: indexes.length })
          assertSameAggregates(
            kit,
            found,
            inOrder(kit, inserted, order),
            `${orderLabel(order)}, ${limit} a page`,
          )
        }),
      { numRuns: 20 },
    )
  }),
]

// ---------------------------------------------------------------------------
// API-5: where

// A column value no `make` gives (if one does, the expectation still holds).
const absentValues: Readonly<Record<AggregateStore.ColumnType, ColumnValue>> = {
  text: "zz-absent",
  integer: 987_654,
  numeric: "123456789.125",
  date: "1999-01-01",
  timestamptz: "1999-01-01T00:00:00.000Z",
  boolean: null,
  textList: "zz-absent",
}

// A decimal written with trailing zeros (`10.5` → `10.500`), the same value;
// any other value as it is.
const respelled = (type: AggregateStore.ColumnType, value: ColumnValue): ColumnValue =>
  type === "numeric" && typeof value === "string"
    ? value.includes(".")
      ? `${value}00`
      : `${value}.00`
    : value

// A dataset: twelve aggregates of `north`, the same twelve of `south` interleaved.
const whereDataset = (kit: Kit) =>
  Effect.gen(function* () {
    const store = yield* kit.port
    const { north, south } = yield* freshTenants
    const mine = seedsOf(north, range(12)).map(kit.make)
    yield* insertEach(
      kit,
      store,
      mine.flatMap((aggregate, index) => [aggregate, kit.make({ tenantId: south, index })]),
    )
    return { store, north, mine }
  })

const lawWhereEquals = (kit: Kit): Law => [
  "API-5: where a column equals a value finds exactly the tenant's aggregates with that value",
  Effect.gen(function* () {
    const { store, north, mine } = yield* whereDataset(kit)
    for (const name of columnNamesOf(kit)) {
      const column = columnOf(kit, name)
      const values = [
        ...mine.flatMap((aggregate) => probesOf(column, aggregate)),
        absentValues[column.type],
        null,
      ]
      const spelled = [...values, ...values.map((value) => respelled(column.type, value))]
      for (const value of spelled) {
        const found = yield* findEvery(store, { tenantId: north, where: { [name]: value } })
        const expected = mine.filter((aggregate) => matches(column, aggregate, value))
        assertSameAggregates(kit, found, expected, `${name} = ${JSON.stringify(value)}`)
      }
    }
  }),
]

const lawWhereListsAndRanges = (kit: Kit): Law => [
  "API-5: where a column is in a list finds the union; in a range, exactly the values within, ends included",
  Effect.gen(function* () {
    const { store, north, mine } = yield* whereDataset(kit)
    for (const name of columnNamesOf(kit)) {
      const column = columnOf(kit, name)
      const of = (index: number) => probesOf(column, mine[index] as Aggregate)
      const lists: ReadonlyArray<ReadonlyArray<ColumnValue>> = [
        [...of(0), ...of(4), ...of(7)],
        [null, ...of(1)],
        [],
        [absentValues[column.type]],
        [...of(5).map((value) => respelled(column.type, value)), ...of(6)],
      ]
      for (const list of lists) {
        const found = yield* findEvery(store, { tenantId: north, where: { [name]: list } })
        const expected = mine.filter((aggregate) => matches(column, aggregate, list))
        assertSameAggregates(kit, found, expected, `${name} in ${JSON.stringify(list)}`)
      }
      if (column.sortable !== true || column.type === "boolean") continue
      const sorted = inOrder(kit, mine, { orderBy: name, direction: "ascending" }).map(column.of)
      const [low, middle, high] = [sorted[1], sorted[5], sorted[9]] as Array<string | number>
      const ranges = [{ from: low, to: high }, { from: middle }, { to: middle }, { from: high, to: low }, {}]
      for (const within of [...ranges, { from: middle, to: middle }]) {
        const found = yield* findEvery(store, { tenantId: north, where: { [name]: within } })
        const expected = mine.filter((aggregate) => matches(column, aggregate, within))
        assertSameAggregates(kit, found, expected, `${name} within ${JSON.stringify(within)}`)
      }
    }
  }),
]

const lawWhereIds = (kit: Kit): Law => [
  "API-5: where id is a value or a list finds those ids; conditions on several columns must all hold",
  Effect.gen(function* () {
    const { store, north, mine } = yield* whereDataset(kit)
    const idOf = (index: number) => kit.descriptor.idOf(mine[index] as Aggregate)
    const lists = [[idOf(2)], [idOf(9), idOf(0), idOf(4), "zz-absent-id"], ["zz-absent-id"], []]
    for (const ids of lists) {
      const found = yield* findEvery(store, { tenantId: north, where: { id: ids } })
      const expected = mine.filter((aggregate) => ids.includes(kit.descriptor.idOf(aggregate)))
      assertSameAggregates(kit, found, expected, `id in ${JSON.stringify(ids)}`)
    }
    assertSameAggregates(
      kit,
      yield* findEvery(store, { tenantId: north, where: { id: idOf(3) } }),
      [mine[3] as Aggregate],
      "id = one id",
    )
    for (const [index, aggregate] of mine.entries()) {
      // A condition on every column the aggregate can be named by (an empty textList cannot).
      const where = Object.fromEntries(
        columnNamesOf(kit).flatMap((name) => {
          const [probe] = probesOf(columnOf(kit, name), aggregate)
          return probe === undefined ? [] : [[name, probe] as const]
        }),
      )
      const ids = [idOf(index), idOf(0)]
      const found = yield* findEvery(store, { tenantId: north, where: { ...where, id: ids } })
      const expected = mine.filter(
        (candidate) =>
          ids.includes(kit.descriptor.idOf(candidate)) &&
          Object.entries(where).every(([name, value]) => matches(columnOf(kit, name), candidate, value)),
      )
      assertSameAggregates(kit, found, expected, `every column of ${labelOf(kit, aggregate)} and two ids`)
    }
  }),
]

// ---------------------------------------------------------------------------
// REL-5 / DB-5: unique rules

interface Rule {
  readonly name: string
  readonly unique: AggregateStore.Unique<Aggregate, unknown>
}

type Clash = (holder: Aggregate, seed: ClashSeed) => Aggregate

// Where a second claimant of a key clashes: the holder's tenant, or (for a
// state-wide rule) a neighbour in its state.
const rivalTenantOf = (rule: Rule, tenants: Tenants): TenantId.TenantId =>
  rule.unique.scope === "tenant" ? tenants.north : tenants.south

// Where the same key is someone else's to claim.
const outsideTenantsOf = (rule: Rule, tenants: Tenants): ReadonlyArray<TenantId.TenantId> =>
  rule.unique.scope === "tenant" ? [tenants.south, tenants.state, tenants.elsewhere] : [tenants.elsewhere]

// The conflict of a claimant with a holder: on the first of the claimant's
// keys the holder holds.
const conflictOf = (kit: Kit, rule: Rule, aggregate: Aggregate, holder: Aggregate): unknown => {
  const held = new Set(AggregateStore.keysOf(rule.unique, holder))
  const key = AggregateStore.keysOf(rule.unique, aggregate).find((candidate) => held.has(candidate))
  assert.isDefined(key, `the claimant shares a ${rule.name} key with the holder`)
  return rule.unique.conflict({ aggregate, holder: keyOf(kit, holder), key })
}

const clashOf = (
  clash: Clash,
  rule: Rule,
  holder: Aggregate,
  seed: AggregateSeed & { readonly version?: number },
): Aggregate => {
  const keys = AggregateStore.keysOf(rule.unique, holder)
  assert.isAbove(keys.length, 0, `the holder binds a ${rule.name} key`)
  const clasher = clash(holder, { rule: rule.name, version: 1, ...seed })
  assert.deepStrictEqual(
    AggregateStore.keysOf(rule.unique, clasher),
    keys,
    `clash gives the holder's ${rule.name} keys`,
  )
  return clasher
}

const lawClaimRefused = (kit: Kit, clash: Clash, rule: Rule): Law => [
  `REL-5 / DB-5: a second claimant of a ${rule.name} key fails with the rule's conflict and stores nothing`,
  Effect.gen(function* () {
    const store = yield* kit.port
    const tenants = yield* freshTenants
    const holder = kit.make({ tenantId: tenants.north, index: 0 })
    yield* insertEach(kit, store, [holder])
    const rival = clashOf(clash, rule, holder, { tenantId: rivalTenantOf(rule, tenants), index: 1 })
    const error = yield* failureOf(
      store.insert({ aggregate: rival, history: historyOf(kit, rival) }),
      `${labelOf(kit, rival)} claiming ${labelOf(kit, holder)}'s key`,
    )
    assertSameError(error, conflictOf(kit, rule, rival, holder), "the conflict")
    yield* assertNotFound(kit, store, keyOf(kit, rival), "the refused claimant")
    yield* assertHistory(kit, store, keyOf(kit, rival), [])
    assertSameAggregates(kit, [yield* store.get(keyOf(kit, holder))], [holder], "the holder")
  }),
]

const lawClaimScope = (kit: Kit, clash: Clash, rule: Rule): Law => [
  `REL-5: a ${rule.name} key binds only within its ${rule.unique.scope}`,
  Effect.gen(function* () {
    const store = yield* kit.port
    const tenants = yield* freshTenants
    const holder = kit.make({ tenantId: tenants.north, index: 0 })
    yield* insertEach(kit, store, [holder])
    for (const tenantId of outsideTenantsOf(rule, tenants)) {
      const other = clashOf(clash, rule, holder, { tenantId, index: 1 })
      yield* insertEach(kit, store, [other])
      assertSameAggregates(kit, [yield* store.get(keyOf(kit, other))], [other], `the same key in ${tenantId}`)
    }
  }),
]

const lawClaimTakenByUpdate = (kit: Kit, clash: Clash, rule: Rule): Law => [
  `REL-5 / DB-5: an update that takes another aggregate's ${rule.name} key fails with the conflict and changes nothing`,
  Effect.gen(function* () {
    const store = yield* kit.port
    const tenants = yield* freshTenants
    const rivalTenant = rivalTenantOf(rule, tenants)
    const holder = kit.make({ tenantId: tenants.north, index: 0 })
    const other = kit.make({ tenantId: rivalTenant, index: 1 })
    yield* insertEach(kit, store, [holder, other])
    const taking = clashOf(clash, rule, holder, { tenantId: rivalTenant, index: 1, version: 2 })
    assert.strictEqual(labelOf(kit, taking), labelOf(kit, other), "clash keeps make's tenant and id")
    const error = yield* failureOf(
      store.update({ aggregate: taking, expectedVersion: 1, history: historyOf(kit, taking) }),
      `${labelOf(kit, other)} taking ${labelOf(kit, holder)}'s key`,
    )
    assertSameError(error, conflictOf(kit, rule, taking, holder), "the conflict")
    assertSameAggregates(kit, [yield* store.get(keyOf(kit, other))], [other], "the refused aggregate")
    yield* assertHistory(kit, store, keyOf(kit, other), historyEntries(kit, [other]))
    // The refused update kept the aggregate's own claim.
    const third = clashOf(clash, rule, other, { tenantId: rivalTenant, index: 2 })
    const refused = yield* failureOf(
      store.insert({ aggregate: third }),
      "claiming the refused aggregate's key",
    )
    assertSameError(refused, conflictOf(kit, rule, third, other), "its key is still held")
  }),
]

const lawClaimFreed = (kit: Kit, clash: Clash, rule: Rule): Law => [
  `REL-5: an update frees the ${rule.name} key its aggregate gives up and keeps the one it holds`,
  Effect.gen(function* () {
    const store = yield* kit.port
    const tenants = yield* freshTenants
    const rivalTenant = rivalTenantOf(rule, tenants)
    const holder = kit.make({ tenantId: tenants.north, index: 0 })
    const revised = kit.revise(holder)
    yield* insertEach(kit, store, [holder])
    yield* store.update({ aggregate: revised, expectedVersion: 1, history: historyOf(kit, revised) })
    const [oldKeys, newKeys] = [
      AggregateStore.keysOf(rule.unique, holder),
      AggregateStore.keysOf(rule.unique, revised),
    ]
    if (oldKeys.some((key) => !newKeys.includes(key))) {
      const taker = clashOf(clash, rule, holder, { tenantId: rivalTenant, index: 1 })
      yield* insertEach(kit, store, [taker])
      assertSameAggregates(kit, [yield* store.get(keyOf(kit, taker))], [taker], "the old key's new holder")
    }
    if (newKeys.length === 0) return
    const rival = clashOf(clash, rule, revised, { tenantId: rivalTenant, index: 2 })
    const error = yield* failureOf(store.insert({ aggregate: rival }), "claiming the revised aggregate's key")
    assertSameError(error, conflictOf(kit, rule, rival, revised), "the key the update holds")
  }),
]

const claimantsRacing = 8

const lawClaimRace = (kit: Kit, clash: Clash, rule: Rule): Law => [
  `REL-5: of ${claimantsRacing} concurrent claimants of one ${rule.name} key exactly one is stored`,
  Effect.gen(function* () {
    const store = yield* kit.port
    const tenants = yield* freshTenants
    const holder = kit.make({ tenantId: tenants.north, index: 0 })
    const claimants = [
      holder,
      ...range(claimantsRacing - 1, 1).map((index) =>
        clashOf(clash, rule, holder, {
          tenantId: index % 2 === 0 ? tenants.north : rivalTenantOf(rule, tenants),
          index,
        }),
      ),
    ]
    const results = yield* Effect.all(
      claimants.map((aggregate) =>
        Effect.result(store.insert({ aggregate, history: historyOf(kit, aggregate) })),
      ),
      { concurrency: "unbounded" },
    )
    const winners = claimants.filter((_, index) =>
      Result.isSuccess(results[index] as Result.Result<void, unknown>),
    )
    assert.strictEqual(winners.length, 1, "exactly one claimant is stored")
    const winner = winners[0] as Aggregate
    for (const [index, claimant] of claimants.entries()) {
      const result = results[index] as Result.Result<void, unknown>
      if (claimant === winner) {
        assertSameAggregates(kit, [yield* store.get(keyOf(kit, claimant))], [claimant], "the winner")
        continue
      }
      assert.isTrue(Result.isFailure(result), "a loser fails")
      if (Result.isFailure(result))
        assertSameError(result.failure, conflictOf(kit, rule, claimant, winner), "a loser's conflict")
      yield* assertNotFound(kit, store, keyOf(kit, claimant), "a loser")
    }
  }),
]

const uniqueLaws = (kit: Kit): ReadonlyArray<Law> => {
  const clash = kit.clash
  if (clash === undefined) return []
  return Object.entries(kit.descriptor.uniques).flatMap(([name, unique]) => {
    const rule: Rule = { name, unique }
    return [lawClaimRefused, lawClaimScope, lawClaimTakenByUpdate, lawClaimFreed, lawClaimRace].map((law) =>
      law(kit, clash, rule),
    )
  })
}

// ---------------------------------------------------------------------------
// The history

const lawHistory = (kit: Kit, entry: (aggregate: Aggregate) => unknown): Law => [
  "DB-4: the history gives every entry of the insert and the updates, oldest first, page by page",
  Effect.gen(function* () {
    const store = yield* kit.port
    const { north, south } = yield* freshTenants
    const versions = [kit.make({ tenantId: north, index: 0 })]
    for (let version = 2; version <= 7; version += 1) versions.push(kit.revise(versions.at(-1) as Aggregate))
    const [first, ...later] = versions as [Aggregate, ...Array<Aggregate>]
    yield* store.insert({ aggregate: first, history: [entry(first)] })
    let previous = first
    for (const aggregate of later) {
      // Two entries in one write keep their order too.
      const history = [entry(previous), entry(aggregate)]
      yield* store.update({ aggregate, expectedVersion: previous.version, history })
      previous = aggregate
    }
    const expected = [
      entry(first),
      ...later.flatMap((aggregate, index) => [entry(versions[index] as Aggregate), entry(aggregate)]),
    ]
    for (const limit of [1, 3, expected.length, pageSizeMax]) {
      const entries = yield* readHistory(store, keyOf(kit, first), limit)
      assert.deepStrictEqual(entries.map(kit.encodeEntry), expected.map(kit.encodeEntry), `${limit} a page`)
    }
    const empty = kit.make({ tenantId: north, index: 1 })
    yield* store.insert({ aggregate: empty, history: [] })
    for (const key of [
      keyOf(kit, empty),
      keyOf(kit, kit.make({ tenantId: north, index: 2 })),
      { tenantId: south, id: kit.descriptor.idOf(first) },
    ]) {
      const page = yield* store.history({ ...key, limit: 5 })
      assert.deepStrictEqual(page.items, [], `no history for ${key.tenantId}/${key.id}`)
      assert.isTrue(Option.isNone(page.nextCursor), "and no cursor")
    }
  }),
]

// ---------------------------------------------------------------------------
// The suite

const kitOf = (
  fixture: AggregateStoreFixture<unknown, Aggregate, string, unknown, unknown, unknown>,
): Kit => {
  const encode = Schema.encodeSync(Schema.toCodecJson(fixture.descriptor.schema))
  const history = fixture.descriptor.history
  const encodeEntry =
    history === undefined ? (entry: unknown) => entry : Schema.encodeSync(Schema.toCodecJson(history.schema))
  return {
    port: fixture.port,
    descriptor: fixture.descriptor,
    make: fixture.make,
    revise: fixture.revise,
    entry: fixture.entry,
    clash: fixture.clash,
    encode,
    encodeEntry,
  }
}

/**
 * The laws of the `AggregateStore` port shape for one aggregate (see the
 * module header), titled with their rule IDs.
 *
 * @since 0.1.0
 * @category testing
 */
export const aggregateStoreLaws = <I, A extends Aggregate, C extends string, E, NotFound, H>(
  fixture: AggregateStoreFixture<I, A, C, E, NotFound, H>,
): ReadonlyArray<ConformanceLaw<I>> => {
  // The laws handle aggregates only through the fixture, so one erased copy serves every aggregate.
  const kit = kitOf(
    fixture as unknown as AggregateStoreFixture<unknown, Aggregate, string, unknown, unknown, unknown>,
  )
  const entry = kit.entry
  const laws: ReadonlyArray<Law> = [
    lawStoredAsInserted(kit),
    lawTenantsApart(kit),
    lawStateReach(kit),
    lawUpdateOverVersion(kit),
    lawStaleVersion(kit),
    lawUpdateUnknown(kit),
    lawConcurrentUpdates(kit),
    lawPaging(kit),
    lawPageSizes(kit),
    lawGarbageCursor(kit),
    lawMisfitCursor(kit),
    lawInsertedBetweenPages(kit),
    lawPagingProperty(kit),
    lawWhereEquals(kit),
    lawWhereListsAndRanges(kit),
    lawWhereIds(kit),
    ...uniqueLaws(kit),
    ...(kit.descriptor.duplicate === undefined ? [] : [lawDuplicate(kit, kit.descriptor.duplicate)]),
    ...(entry === undefined || kit.descriptor.history === undefined ? [] : [lawHistory(kit, entry)]),
  ]
  return [...(laws as unknown as ReadonlyArray<ConformanceLaw<I>>), ...(fixture.laws ?? [])]
}

/**
 * Registers the `AggregateStore` conformance tests of one implementation of
 * one aggregate's store:
 * `AggregateStoreSuite("WageSeekerRepository.layerMemory", layer, fixture)`.
 *
 * @since 0.1.0
 * @category testing
 */
export const AggregateStoreSuite = <I, A extends Aggregate, C extends string, E, NotFound, H, LayerError>(
  name: string,
  layer: Layer.Layer<I, LayerError>,
  fixture: AggregateStoreFixture<I, A, C, E, NotFound, H>,
): void =>
  registerConformanceLaws(name, layer, aggregateStoreLaws(fixture), { timeoutMs: aggregateStoreLawTimeoutMs })

// A `where` law queries every column with every value of its dataset (some
// hundreds of queries): on a real database a wide aggregate (the payment
// instruction: nine columns, sealed documents) takes several seconds on a
// shared machine, past vitest's default 5 s.
const aggregateStoreLawTimeoutMs = 60_000

// ---------------------------------------------------------------------------
// Parcel: the test aggregate of the store implementations' own tests.

/**
 * A parcel: a test aggregate with one column of every column type (and a
 * nullable one, and a `textList` that is empty for some parcels), a per-tenant unique code, a state-wide unique tracking
 * number that some parcels lack, and a history.
 *
 * @since 0.1.0
 * @category testing
 */
export const Parcel = Schema.Struct({
  tenantId: TenantId.TenantId,
  id: Schema.String,
  version: Schema.Int,
  code: Schema.String,
  tracking: Schema.NullOr(Schema.String),
  weight: Schema.String,
  dispatchedOn: LocalDate.LocalDate,
  at: Schema.DateTimeUtc,
  count: Schema.Int,
  fragile: Schema.Boolean,
  note: Schema.optionalKey(Schema.NullOr(Schema.String)),
  labels: Schema.Array(Schema.String),
})

/**
 * @since 0.1.0
 * @category testing
 */
export type Parcel = typeof Parcel.Type

/**
 * An entry of a parcel's history.
 *
 * @since 0.1.0
 * @category testing
 */
export const ParcelEvent = Schema.Struct({
  parcelId: Schema.String,
  version: Schema.Int,
  weight: Schema.String,
})

/**
 * @since 0.1.0
 * @category testing
 */
export type ParcelEvent = typeof ParcelEvent.Type

/**
 * No parcel has the id in the tenant.
 *
 * @since 0.1.0
 * @category testing
 */
export class ParcelNotFound extends Schema.TaggedError<ParcelNotFound>("@karya/core/testing/ParcelNotFound")(
  "ParcelNotFound",
  { tenantId: Schema.String, parcelId: Schema.String },
) {
  static readonly code = "PARCEL_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = ParcelNotFound.code
  readonly category = ParcelNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No parcel ${this.parcelId} in ${this.tenantId}.`
  }
}

/**
 * Another parcel holds the code (in the tenant) or the tracking number (in
 * the state).
 *
 * @since 0.1.0
 * @category testing
 */
export class ParcelTaken extends Schema.TaggedError<ParcelTaken>("@karya/core/testing/ParcelTaken")(
  "ParcelTaken",
  {
    rule: Schema.Literals(["code", "tracking"]),
    key: Schema.String,
    holderTenantId: Schema.String,
    holderId: Schema.String,
  },
) {
  static readonly code = "PARCEL_TAKEN"
  static readonly category = "conflict"
  readonly code = ParcelTaken.code
  readonly category = ParcelTaken.category
  readonly retryable = false
  override get message(): string {
    return `Parcel ${this.holderId} of ${this.holderTenantId} already holds ${this.rule} ${this.key}.`
  }
}

/**
 * How parcels are stored.
 *
 * @since 0.1.0
 * @category testing
 */
export const parcelDescriptor = AggregateStore.describe<Parcel>()({
  name: "Parcel",
  schema: Parcel,
  idOf: (parcel) => parcel.id,
  columns: {
    code: { type: "text", of: (parcel) => parcel.code, sortable: true },
    weight: { type: "numeric", of: (parcel) => parcel.weight, sortable: true },
    dispatchedOn: { type: "date", of: (parcel) => parcel.dispatchedOn, sortable: true },
    at: { type: "timestamptz", of: (parcel) => DateTime.formatIso(parcel.at), sortable: true },
    count: { type: "integer", of: (parcel) => parcel.count, sortable: true },
    fragile: { type: "boolean", of: (parcel) => parcel.fragile, sortable: true },
    note: { type: "text", of: (parcel) => parcel.note ?? null },
    labels: { type: "textList", of: (parcel) => parcel.labels },
  },
  uniques: {
    code: {
      scope: "tenant",
      keyOf: (parcel) => parcel.code,
      conflict: ({ aggregate, holder }) =>
        new ParcelTaken({
          rule: "code",
          key: aggregate.code,
          holderTenantId: holder.tenantId,
          holderId: holder.id,
        }),
    },
    tracking: {
      scope: "state",
      keyOf: (parcel) => parcel.tracking ?? undefined,
      conflict: ({ aggregate, holder }) =>
        new ParcelTaken({
          rule: "tracking",
          key: aggregate.tracking ?? "",
          holderTenantId: holder.tenantId,
          holderId: holder.id,
        }),
    },
  },
  notFound: (key) => new ParcelNotFound({ tenantId: key.tenantId, parcelId: key.id }),
  history: { schema: ParcelEvent },
})

/**
 * The parcel store port of the tests.
 *
 * @since 0.1.0
 * @category testing
 */
export class ParcelStore extends Context.Service<
  ParcelStore,
  AggregateStore.StoreOf<typeof parcelDescriptor>
>()("@karya/core/testing/ParcelStore") {}

// Values that repeat every few indexes, so every order has ties, and that
// sort differently as text and as values (`9.25` < `10.5`, `-2` < `-1`,
// `B` < `b` in C order, `10.50` equals `10.5`).
const parcelWeights = ["10.50", "9.25", "-1.5", "100", "10.5", "0", "2.125", "99.999"]
const parcelDates = ["2024-10-02", "2023-12-31", "2024-02-29", "2024-09-30", "2025-01-15", "2024-01-01"]
const parcelEpoch = DateTime.makeUnsafe("2024-03-31T18:30:00.000Z")

const pick = <T>(values: ReadonlyArray<T>, index: number): T => values[index % values.length] as T

/**
 * The `index`-th parcel of a tenant: id `parcel-<index>` (so tenants share
 * ids), code unique in the tenant, a tracking number unique in the state
 * except every fourth parcel, which has none.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeParcel = (seed: AggregateSeed): Parcel => {
  const { tenantId, index } = seed
  const note = index % 3 === 0 ? {} : { note: index % 3 === 1 ? null : `handle with care ${index % 4}` }
  return {
    tenantId,
    id: `parcel-${index}`,
    version: 1,
    code: `${index % 3 === 0 ? "b" : "B"}-${index}`,
    tracking: index % 4 === 3 ? null : `T-${tenantId}-${index}`,
    weight: pick(parcelWeights, index),
    dispatchedOn: LocalDate.makeUnsafe(pick(parcelDates, index)),
    at: DateTime.add(parcelEpoch, { hours: (index * 5) % 7 }),
    count: ((index * 7) % 5) - 2,
    fragile: index % 2 === 0,
    ...note,
    labels: index % 4 === 0 ? [] : [`red-${index % 3}`, `blue-${index % 5}`],
  }
}

/**
 * The parcels of the suite: `AggregateStoreSuite(name, layer, parcelFixture)`
 * with a `layer` of `ParcelStore` built from `parcelDescriptor`.
 *
 * @since 0.1.0
 * @category testing
 */
export const parcelFixture: AggregateStoreFixture<
  ParcelStore,
  Parcel,
  keyof typeof parcelDescriptor.columns,
  ParcelTaken,
  ParcelNotFound,
  ParcelEvent
> = {
  port: ParcelStore,
  descriptor: parcelDescriptor,
  make: makeParcel,
  revise: (parcel) => ({
    ...parcel,
    version: parcel.version + 1,
    code: `${parcel.code}-r${parcel.version + 1}`,
    weight: `${parcel.count + 20}.75`,
    count: parcel.count + 10,
    fragile: !parcel.fragile,
    note: `revised to ${parcel.version + 1}`,
    labels: [...parcel.labels, `revised-${parcel.version + 1}`],
  }),
  entry: (parcel) => ({ parcelId: parcel.id, version: parcel.version, weight: parcel.weight }),
  clash: (holder, seed) => ({
    ...makeParcel(seed),
    version: seed.version,
    ...(seed.rule === "code" ? { code: holder.code } : { tracking: holder.tracking }),
  }),
}
