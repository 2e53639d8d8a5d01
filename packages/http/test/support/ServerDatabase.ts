/**
 * A fresh database on the `DATABASE_URL` server for one test scope: created
 * as `karya_test_<uuid>`, dropped (forcibly) when the scope closes, so no
 * test meets another's data and none is left behind.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted, type Scope } from "effect"
import { SqlClient } from "effect/sql"
import type * as KaryaApp from "../../src/KaryaApp.js"

export const serverDatabase = (url: string): Effect.Effect<KaryaApp.DatabaseChoice, never, Scope.Scope> =>
  Effect.gen(function* () {
    const name = `karya_test_${crypto.randomUUID().replaceAll("-", "")}`
    const admin = PgClient.layer({ url: Redacted.make(url), maxConnections: 1 })
    const statement = (text: string) =>
      SqlClient.SqlClient.use((sql) => sql.unsafe(text)).pipe(Effect.provide(admin), Effect.orDie)
    yield* Effect.acquireRelease(statement(`CREATE DATABASE ${name}`), () =>
      statement(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    )
    const target = new URL(url)
    target.pathname = `/${name}`
    return { kind: "server", url: Redacted.make(target.toString()), maxConnections: 4 }
  })
