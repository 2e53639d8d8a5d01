/**
 * The Postgres audit log passes core's conformance suite on PGlite and,
 * with `DATABASE_URL`, on server Postgres (DB-6); the table refuses UPDATE
 * and DELETE, and a row changed behind the trigger's back (raw SQL with the
 * trigger disabled) is reported by `verify` at its sequence.
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Ids, Persistence } from "@karya/core"
import { AuditLogSuite, sampleAuditRecord } from "@karya/core/testing"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as PgAuditLog from "../src/PgAuditLog.js"
import { databases } from "./TestDatabases.js"

// A tenant of its own per test and run (the server database may be reused).
const freshTenant = Effect.map(Ids.EntityId.make, (id) =>
  Config.TenantId.makeUnsafe(`od.t_${id.replaceAll("-", "")}`),
)

for (const database of databases()) {
  const layer = PgAuditLog.layer.pipe(Layer.provideMerge(database.layer))

  AuditLogSuite(`PgAuditLog on ${database.name}`, layer)

  describe(`PgAuditLog on ${database.name}`, () => {
    it.effect("DB-6: the audit log refuses UPDATE and DELETE of a row", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const tenantId = yield* freshTenant
        yield* Persistence.AuditLog.append(sampleAuditRecord(tenantId, 1))
        const update = yield* Effect.flip(
          sql`UPDATE audit_log SET actor = 'intruder' WHERE tenant_id = ${tenantId}`,
        )
        assert.strictEqual(update.reason._tag, "ConstraintError")
        assert.match(String(update.reason.cause), /audit_log is append-only/)
        const remove = yield* Effect.flip(sql`DELETE FROM audit_log WHERE tenant_id = ${tenantId}`)
        assert.match(String(remove.reason.cause), /audit_log is append-only/)
        const auditLog = yield* Persistence.AuditLog.AuditLog
        assert.deepStrictEqual(yield* auditLog.verify(tenantId), { _tag: "Intact", rows: 1 })
      }).pipe(Effect.provide(layer)),
    )

    it.effect("DB-6: a row tampered with raw SQL (trigger disabled) makes verify report its sequence", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const auditLog = yield* Persistence.AuditLog.AuditLog
        const tenantId = yield* freshTenant
        for (const index of [1, 2, 3, 4]) yield* auditLog.append(sampleAuditRecord(tenantId, index))
        assert.deepStrictEqual(yield* auditLog.verify(tenantId), { _tag: "Intact", rows: 4 })
        // One transaction, so no other session ever sees the trigger disabled.
        yield* sql.withTransaction(
          Effect.gen(function* () {
            yield* sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`
            yield* sql`
              UPDATE audit_log SET details = jsonb_set(details, '{amounts,0}', '"25000.00"')
              WHERE tenant_id = ${tenantId} AND sequence = 3`
            yield* sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`
          }),
        )
        assert.deepStrictEqual(yield* auditLog.verify(tenantId), {
          _tag: "Broken",
          sequence: 3,
          reason: "hash",
        })
        yield* sql.withTransaction(
          Effect.gen(function* () {
            yield* sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`
            yield* sql`DELETE FROM audit_log WHERE tenant_id = ${tenantId} AND sequence = 2`
            yield* sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`
          }),
        )
        assert.deepStrictEqual(yield* auditLog.verify(tenantId), {
          _tag: "Broken",
          sequence: 2,
          reason: "sequence",
        })
      }).pipe(Effect.provide(layer)),
    )
  })
}
