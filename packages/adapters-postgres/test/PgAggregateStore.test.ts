/**
 * The Postgres aggregate store passes core's `AggregateStore` suite on the
 * test parcel on PGlite and, with `DATABASE_URL`, on server Postgres
 * (ARCH-3, TEN-1, DB-3, DB-4, API-5, REL-5); a write in a transaction that
 * fails afterwards leaves no row (DB-5); its one classification of SQL
 * failures is unit-tested with fake driver errors (house rule 3); and when
 * the database goes away under it, every method fails with
 * `StoreUnavailable`, never a defect and never with driver text (API-3).
 */
import * as net from "node:net"
import { PgClient } from "@effect/sql-pg"
import { assert, describe, it } from "@effect/vitest"
import { Config, type Persistence } from "@karya/core"
import {
  AggregateStoreSuite,
  aggregateStoreLaws,
  makeParcel,
  type Parcel,
  type ParcelEvent,
  ParcelStore,
  parcelDescriptor,
  parcelFixture,
  registerConformanceLaws,
} from "@karya/core/testing"
import { Cause, Context, Effect, Exit, Layer, Option, Redacted } from "effect"
import { SqlClient, SqlError } from "effect/sql"
import * as PgAggregateStore from "../src/PgAggregateStore.js"
import * as PgDatabase from "../src/PgDatabase.js"
import { databases } from "./TestDatabases.js"

const table = "test_parcels"

// The parcel tables, in the shape PgAggregateStore's header gives (the
// shared `aggregate_claims` table is migration 0005's).
const tableStatements: ReadonlyArray<string> = [
  `CREATE TABLE IF NOT EXISTS ${table} (
    tenant_id text NOT NULL, id text NOT NULL, state_tenant_id text NOT NULL, version integer NOT NULL,
    sequence bigint GENERATED ALWAYS AS IDENTITY, document jsonb NOT NULL,
    code text NOT NULL, weight numeric NOT NULL, dispatched_on date NOT NULL, "at" timestamptz NOT NULL,
    "count" integer NOT NULL, fragile boolean NOT NULL, note text, labels text[] NOT NULL,
    PRIMARY KEY (tenant_id, id))`,
  `CREATE TABLE IF NOT EXISTS ${table}_history (
    tenant_id text NOT NULL, aggregate_id text NOT NULL,
    sequence bigint GENERATED ALWAYS AS IDENTITY, document jsonb NOT NULL,
    PRIMARY KEY (tenant_id, aggregate_id, sequence))`,
]

const createTables = SqlClient.SqlClient.use((sql) =>
  Effect.forEach(tableStatements, (statement) => sql.unsafe(statement), { discard: true }),
)

const parcelStore = PgAggregateStore.layer(ParcelStore, parcelDescriptor, { table }).pipe(
  Layer.provide(Layer.effectDiscard(Effect.orDie(createTables))),
)

// The parcel tables under another name, with sequences starting where asked
// and text columns in the collation asked.
const tableStatementsOf = (
  name: string,
  options: { readonly sequenceStart?: number; readonly textCollation?: string },
) =>
  tableStatements.map((statement) =>
    statement
      .replaceAll(table, name)
      .replaceAll(
        "GENERATED ALWAYS AS IDENTITY",
        `GENERATED ALWAYS AS IDENTITY (START WITH ${options.sequenceStart ?? 1})`,
      )
      .replace(
        /(code|note) text/g,
        options.textCollation === undefined ? "$1 text" : `$1 text COLLATE "${options.textCollation}"`,
      ),
  )

const sequenceStart = 8

for (const database of databases()) {
  AggregateStoreSuite(
    `PgAggregateStore on ${database.name}`,
    parcelStore.pipe(Layer.provide(database.layer)),
    parcelFixture,
  )

  describe(`PgAggregateStore on ${database.name}, sequences gaining a digit`, () => {
    it.effect("API-5: pages and histories keep insertion order when the sequence goes from 9 to 10", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const name = "test_parcels_digits"
        yield* Effect.forEach(
          tableStatementsOf(name, { sequenceStart }),
          (statement) => sql.unsafe(statement),
          {
            discard: true,
          },
        )
        const store = yield* PgAggregateStore.make(parcelDescriptor, { table: name })
        const tenantId = Config.TenantId.makeUnsafe("od.digits")
        // Every index even, so `fragile` ties them all: ties go by sequence.
        const parcels = [0, 2, 4, 6].map((index) => makeParcel({ tenantId, index }))
        yield* Effect.forEach(parcels, (aggregate) => store.insert({ aggregate }), { discard: true })
        const ids = parcels.map((parcel) => parcel.id)
        for (const orderBy of [undefined, "fragile"] as const) {
          for (const limit of [1, 3, 4]) {
            const found = yield* findAllPages((cursor) => store.find({ tenantId, orderBy, limit, cursor }))
            assert.deepStrictEqual(
              found.map((parcel) => parcel.id),
              ids,
              `${orderBy ?? "insertion"}, ${limit} a page`,
            )
          }
        }
        const [first] = parcels as [Parcel]
        let previous = first
        for (let step = 1; step <= 3; step += 1) {
          const next = parcelFixture.revise(previous)
          yield* store.update({
            aggregate: next,
            expectedVersion: previous.version,
            history: [entryOf(next)],
          })
          previous = next
        }
        const entries = yield* findAllPages((cursor) =>
          store.history({ tenantId, id: first.id, limit: 1, cursor }),
        )
        assert.deepStrictEqual(
          entries.map((entry) => entry.version),
          [2, 3, 4],
        )
      }).pipe(Effect.provide(database.layer)),
    )
  })
}

for (const database of databases()) {
  describe(`PgAggregateStore on ${database.name}, in a transaction`, () => {
    it.effect(
      "DB-5: an aggregate and its history written in a transaction that fails afterwards leave no row",
      () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const store = yield* ParcelStore
          const tenantId = Config.TenantId.makeUnsafe("od.rolledback")
          const parcel = makeParcel({ tenantId, index: 1 })
          const failed = yield* Effect.exit(
            sql.withTransaction(
              Effect.andThen(
                store.insert({ aggregate: parcel, history: [entryOf(parcel)] }),
                Effect.fail("the use case failed later"),
              ),
            ),
          )
          assert.isTrue(Exit.isFailure(failed))
          const [counts] = yield* sql<{ readonly parcels: number; readonly entries: number }>`
          SELECT (SELECT count(*)::int FROM ${sql(table)} WHERE tenant_id = ${tenantId}) AS parcels,
            (SELECT count(*)::int FROM ${sql(`${table}_history`)} WHERE tenant_id = ${tenantId}) AS entries`
          assert.deepStrictEqual(counts, { parcels: 0, entries: 0 })
          yield* store.insert({ aggregate: parcel, history: [entryOf(parcel)] })
          assert.deepStrictEqual(yield* store.get({ tenantId, id: parcel.id }), parcel)
          const history = yield* store.history({ tenantId, id: parcel.id, limit: 10 })
          assert.deepStrictEqual(history.items, [entryOf(parcel)])
        }).pipe(Effect.provide(parcelStore.pipe(Layer.provideMerge(database.layer)))),
    )
  })
}

// A linguistic collation, where `B` sorts next to `b` rather than before
// every lower-case letter as in `C` (PGlite has none; server builds with ICU do).
const linguisticCollation = "en-x-icu"

for (const database of databases().filter((candidate) => candidate.name === "postgres")) {
  const collatedTable = "test_parcels_collated"
  const collatedTables = Layer.effectDiscard(
    SqlClient.SqlClient.use((sql) =>
      Effect.forEach(
        tableStatementsOf(collatedTable, { textCollation: linguisticCollation }),
        (statement) => sql.unsafe(statement),
        { discard: true },
      ),
    ).pipe(Effect.orDie),
  )
  // The API-5 laws (orders, pages, conditions) on text columns whose own
  // collation is not C: the store orders and compares text in C whatever it is.
  registerConformanceLaws(
    `PgAggregateStore on ${database.name}, text columns collated ${linguisticCollation}`,
    PgAggregateStore.layer(ParcelStore, parcelDescriptor, { table: collatedTable }).pipe(
      Layer.provide(collatedTables),
      Layer.provide(database.layer),
    ),
    aggregateStoreLaws(parcelFixture).filter(([title]) => title.startsWith("API-5")),
    // As `AggregateStoreSuite` allows: a `where` law makes some hundreds of
    // queries, past vitest's default 5 s on a loaded machine.
    { timeoutMs: 60_000 },
  )
}

const entryOf = (parcel: Parcel): ParcelEvent => ({
  parcelId: parcel.id,
  version: parcel.version,
  weight: parcel.weight,
})

// Every page of a read, following the cursors (at most 20 pages).
const findAllPages = <T, E>(
  read: (cursor: string | undefined) => Effect.Effect<Persistence.Page.Page<T>, E>,
) =>
  Effect.gen(function* () {
    const items: Array<T> = []
    let cursor: string | undefined
    for (let pageNumber = 0; pageNumber < 20; pageNumber += 1) {
      const page = yield* read(cursor)
      items.push(...page.items)
      if (Option.isNone(page.nextCursor)) return items
      cursor = page.nextCursor.value
    }
    return assert.fail("more than 20 pages")
  })

// ---------------------------------------------------------------------------
// classifySqlFailure

const driverText = {
  cause: new Error("connect ECONNREFUSED 127.0.0.1:5432"),
  message: "PgConnection: failed",
}

const unknownWith = (cause: unknown) =>
  new SqlError.UnknownError({ cause, message: "PgConnection: Query failed" })

const classifications: ReadonlyArray<
  readonly [name: string, reason: SqlError.SqlError["reason"], kind: PgAggregateStore.SqlFailureKind]
> = [
  ["a lost connection", new SqlError.ConnectionError(driverText), { _tag: "Unavailable", retryable: true }],
  ["a deadlock", new SqlError.DeadlockError(driverText), { _tag: "Unavailable", retryable: true }],
  [
    "a serialization failure",
    new SqlError.SerializationError(driverText),
    { _tag: "Unavailable", retryable: true },
  ],
  ["a lock timeout", new SqlError.LockTimeoutError(driverText), { _tag: "Unavailable", retryable: true }],
  [
    "a statement timeout",
    new SqlError.StatementTimeoutError(driverText),
    { _tag: "Unavailable", retryable: true },
  ],
  [
    "refused credentials",
    new SqlError.AuthenticationError(driverText),
    { _tag: "Unavailable", retryable: false },
  ],
  [
    "a refused privilege",
    new SqlError.AuthorizationError(driverText),
    { _tag: "Unavailable", retryable: false },
  ],
  ["a syntax error", new SqlError.SqlSyntaxError(driverText), { _tag: "Defect" }],
  [
    "a unique violation",
    new SqlError.UniqueViolation({ ...driverText, constraint: "pk" }),
    { _tag: "Defect" },
  ],
  ["a constraint violation", new SqlError.ConstraintError(driverText), { _tag: "Defect" }],
  ["a terminated backend (57P01)", unknownWith({ code: "57P01" }), { _tag: "Unavailable", retryable: true }],
  [
    "insufficient resources (53100)",
    unknownWith({ code: "53100" }),
    { _tag: "Unavailable", retryable: true },
  ],
  ["a system error (58030)", unknownWith({ code: "58030" }), { _tag: "Unavailable", retryable: false }],
  [
    "no SQLSTATE (the driver lost the server)",
    unknownWith(new Error("socket hang up")),
    {
      _tag: "Unavailable",
      retryable: true,
    },
  ],
  ["a malformed SQLSTATE", unknownWith({ code: "oops" }), { _tag: "Unavailable", retryable: true }],
  ["a cause that is not an object", unknownWith("lost"), { _tag: "Unavailable", retryable: true }],
  ["bad input text (22P02)", unknownWith({ code: "22P02" }), { _tag: "Defect" }],
  ["an undefined table (42P01)", unknownWith({ code: "42P01" }), { _tag: "Defect" }],
]

describe("PgAggregateStore.classifySqlFailure", () => {
  for (const [name, reason, kind] of classifications) {
    it(`API-3 / ARCH-4: ${name} is ${kind._tag === "Defect" ? "a defect" : `unavailable, ${kind.retryable ? "retryable" : "not retryable"}`}`, () => {
      assert.deepStrictEqual(PgAggregateStore.classifySqlFailure(new SqlError.SqlError({ reason })), kind)
    })
  }

  it.effect(
    "API-3: storeFailures turns an unavailable failure into StoreUnavailable naming the store, a defect into a die",
    () =>
      Effect.gen(function* () {
        const failing = (reason: SqlError.SqlError["reason"]) =>
          Effect.fail(new SqlError.SqlError({ reason })).pipe(PgAggregateStore.storeFailures("Parcel"))
        const unavailable = yield* Effect.flip(failing(new SqlError.AuthenticationError(driverText)))
        assert.deepStrictEqual(
          { tag: unavailable._tag, store: unavailable.store, retryable: unavailable.retryable },
          { tag: "StoreUnavailable", store: "Parcel", retryable: false },
        )
        assert.notMatch(unavailable.message, /ECONNREFUSED|PgConnection|SQL/)
        const defect = yield* Effect.exit(failing(new SqlError.SqlSyntaxError(driverText)))
        assert.isTrue(Exit.isFailure(defect) && Cause.hasDies(defect.cause) && !Cause.hasFails(defect.cause))
      }),
  )
})

// ---------------------------------------------------------------------------
// The database going away under the store

interface Relay {
  readonly port: number
  /** Cuts every connection and takes no new one. */
  readonly stop: Effect.Effect<void>
}

// A loopback relay to the database: the store talks to the database through
// it, so a test can take the database away from a store in use, on PGlite
// and on a server alike.
const openRelay = (target: { readonly host: string; readonly port: number }): Promise<Relay> =>
  new Promise((resolve) => {
    const sockets = new Set<net.Socket>()
    const server = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host)
      const cut = () => {
        client.destroy()
        upstream.destroy()
      }
      for (const socket of [client, upstream]) {
        sockets.add(socket)
        socket.on("error", cut).on("close", () => {
          sockets.delete(socket)
          cut()
        })
      }
      client.pipe(upstream).pipe(client)
    })
    const stop = Effect.promise(
      () =>
        new Promise<void>((stopped) => {
          if (!server.listening) return stopped()
          server.close(() => stopped())
          for (const socket of sockets) socket.destroy()
        }),
    )
    server.listen(0, "127.0.0.1", () => resolve({ port: (server.address() as net.AddressInfo).port, stop }))
  })

const startRelay = (target: { readonly host: string; readonly port: number }) =>
  Effect.acquireRelease(
    Effect.promise(() => openRelay(target)),
    (relay) => relay.stop,
  )

// The client config of a database, pointed at a relay instead.
const relayedConfig = (config: PgClient.PgClientConfig, relay: Relay): PgClient.PgPoolConfig => {
  const url = config.url === undefined ? undefined : new URL(Redacted.value(config.url))
  if (url !== undefined) {
    url.hostname = "127.0.0.1"
    url.port = String(relay.port)
  }
  return {
    ...config,
    ...(url === undefined ? {} : { url: Redacted.make(url.toString()) }),
    host: "127.0.0.1",
    port: relay.port,
    maxConnections: 1,
    connectTimeout: "2 seconds",
  }
}

const targetOf = (config: PgClient.PgClientConfig) => {
  const url = config.url === undefined ? undefined : new URL(Redacted.value(config.url))
  return {
    host: url?.hostname ?? config.host ?? "127.0.0.1",
    port: Number(url?.port === undefined || url.port === "" ? (config.port ?? 5432) : url.port),
  }
}

const tenantId = Config.TenantId.makeUnsafe("od.down")
const databaseStartTimeoutMs = 60_000

// Fresh databases, migrated through the relay: the only client that ever
// connects is the store's (PGlite serves one connection).
for (const database of databases({ shared: false, migrate: false })) {
  describe(`PgAggregateStore on ${database.name} going away`, () => {
    it.effect(
      "API-3: every Pg store method fails with StoreUnavailable when the database is down",
      () =>
        Effect.gen(function* () {
          const direct = Context.get(yield* Layer.build(database.layer), PgClient.PgClient)
          const relay = yield* startRelay(targetOf(direct.config))
          const client = yield* Layer.build(PgClient.layer(relayedConfig(direct.config, relay)))
          yield* Effect.orDie(Effect.andThen(PgDatabase.migrate, createTables)).pipe(Effect.provide(client))
          const store = yield* PgAggregateStore.make(parcelDescriptor, { table }).pipe(Effect.provide(client))
          const parcel = makeParcel({ tenantId, index: 0 })
          const key = { tenantId, id: parcel.id }
          yield* store.insert({
            aggregate: parcel,
            history: [parcelFixture.entry?.(parcel)].filter((entry) => entry !== undefined),
          })
          assert.strictEqual(
            (yield* store.get(key)).id,
            parcel.id,
            "the store works while the database is up",
          )
          yield* relay.stop
          const attempts: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown>]> = [
            ["get", store.get(key)],
            ["find", store.find({ tenantId, limit: 5 })],
            ["insert", store.insert({ aggregate: makeParcel({ tenantId, index: 1 }) })],
            ["update", store.update({ aggregate: parcelFixture.revise(parcel), expectedVersion: 1 })],
            ["history", store.history({ ...key, limit: 5 })],
          ]
          for (const [method, attempt] of attempts) {
            const exit = yield* Effect.exit(attempt)
            assert.isTrue(Exit.isFailure(exit), `${method} fails`)
            if (Exit.isSuccess(exit)) continue
            assert.isFalse(Cause.hasDies(exit.cause), `${method} never dies: ${Cause.pretty(exit.cause)}`)
            const error = Option.getOrThrow(
              Cause.findErrorOption(exit.cause),
            ) as Persistence.StoreUnavailable.StoreUnavailable
            assert.deepStrictEqual(
              { tag: error._tag, store: error.store, retryable: error.retryable },
              { tag: "StoreUnavailable", store: "Parcel", retryable: true },
              method,
            )
            assert.notMatch(error.message, /ECONNREFUSED|PgConnection|SQL|socket|connect/i, method)
          }
        }),
      // The test starts and migrates its own database.
      databaseStartTimeoutMs,
    )
  })
}
