/**
 * Karya's database, as the `SqlClient` (and `PgClient`) every Postgres
 * adapter needs (TECH-5): embedded PGlite, the default so `npm start` needs
 * no server, or server PostgreSQL 15+. One SQL dialect and one migration set
 * serve both; each layer applies the pending migrations when it starts
 * unless told not to (DB-1).
 *
 * PGlite is one single-user backend, so the embedded layer serves it on a
 * loopback socket (port 0, a free port) and talks to it through a pool of
 * one connection: transactions never interleave, they queue.
 *
 * @since 0.1.0
 */
import { PgClient } from "@effect/sql-pg"
import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { Effect, Layer, type Redacted, Schema } from "effect"
import type { Migrator, SqlClient, SqlError } from "effect/sql"
import * as PgMigrations from "./PgMigrations.js"

/**
 * The embedded database could not be started (its data directory is
 * unreadable or already in use, or no loopback port is free).
 *
 * @since 0.1.0
 * @category errors
 */
export class EmbeddedDatabaseUnavailable extends Schema.TaggedError<EmbeddedDatabaseUnavailable>(
  "@karya/adapters-postgres/PgDatabase/EmbeddedDatabaseUnavailable",
)("EmbeddedDatabaseUnavailable", {
  /** The data directory, or `memory` for an in-memory database. */
  dataDir: Schema.String,
  reason: Schema.String,
}) {
  static readonly code = "EMBEDDED_DATABASE_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = EmbeddedDatabaseUnavailable.code
  readonly category = EmbeddedDatabaseUnavailable.category
  override get message(): string {
    return `The embedded database (${this.dataDir}) could not be started (${this.reason}); check that the data directory exists, is writable and is not used by another Karya process.`
  }
}

/**
 * What the database layers provide.
 *
 * @since 0.1.0
 * @category models
 */
export type Database = SqlClient.SqlClient | PgClient.PgClient

/**
 * Options of the embedded layer.
 *
 * @since 0.1.0
 * @category models
 */
export interface PgliteOptions {
  /** Where PGlite keeps its files; in memory when absent. */
  readonly dataDir?: string | undefined
  /** Apply pending migrations on start (default `true`). */
  readonly migrate?: boolean | undefined
}

/**
 * Options of the server layer.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServerOptions {
  /** `postgres://user:password@host:port/database`. */
  readonly url: Redacted.Redacted
  /** Pool size (default 10). */
  readonly maxConnections?: number | undefined
  /** Apply pending migrations on start (default `true`). */
  readonly migrate?: boolean | undefined
}

/**
 * Applies Karya's pending migrations (`karya migrate`); see `PgMigrations`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const migrate: Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  Migrator.MigrationError | SqlError.SqlError,
  SqlClient.SqlClient
> = PgMigrations.run

const migrated = <E>(
  client: Layer.Layer<Database, E>,
  migrateOnStart: boolean | undefined,
): Layer.Layer<Database, E | Migrator.MigrationError | SqlError.SqlError> =>
  migrateOnStart === false ? client : Layer.effectDiscard(migrate).pipe(Layer.provideMerge(client))

/**
 * Embedded PGlite: started (in memory, or on `dataDir`) and served on
 * 127.0.0.1 at a free port within the layer's scope, stopped and closed on
 * release; the client is a pool of one connection.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPglite = (
  options: PgliteOptions = {},
): Layer.Layer<Database, EmbeddedDatabaseUnavailable | Migrator.MigrationError | SqlError.SqlError> => {
  const dataDir = options.dataDir
  const unavailable = (cause: unknown) =>
    new EmbeddedDatabaseUnavailable({
      dataDir: dataDir ?? "memory",
      reason: cause instanceof Error ? cause.message : String(cause),
    })
  const client = Layer.unwrap(
    Effect.gen(function* () {
      const db = yield* Effect.acquireRelease(
        Effect.tryPromise({
          try: () => (dataDir === undefined ? PGlite.create() : PGlite.create(dataDir)),
          catch: unavailable,
        }),
        (db) => Effect.promise(() => db.close()),
      )
      const server = yield* Effect.acquireRelease(
        Effect.tryPromise({
          try: async () => {
            const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 1 })
            await server.start()
            return server
          },
          catch: unavailable,
        }),
        (server) => Effect.promise(() => server.stop()),
      )
      const port = Number(server.getServerConn().split(":").at(-1))
      return PgClient.layer({
        host: "127.0.0.1",
        port,
        username: "postgres",
        database: "postgres",
        maxConnections: 1,
      })
    }),
  )
  return migrated(client, options.migrate)
}

/**
 * Server PostgreSQL (15+) at `url`, through a connection pool.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerServer = (
  options: ServerOptions,
): Layer.Layer<Database, Migrator.MigrationError | SqlError.SqlError> =>
  migrated(
    PgClient.layer({ url: options.url, maxConnections: options.maxConnections ?? 10 }),
    options.migrate,
  )
