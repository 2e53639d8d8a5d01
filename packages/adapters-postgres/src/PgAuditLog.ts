/**
 * The audit log on PostgreSQL and PGlite (DB-6): one row of `audit_log`
 * per entry, append-only (a trigger refuses UPDATE and DELETE). An append
 * runs in a transaction (a savepoint inside the use case's), takes the
 * tenant's transaction-scoped advisory lock, reads the chain head and
 * inserts the row core's `AuditLog.nextEntry` builds, so concurrent appends
 * in any number of processes get consecutive sequences. The hash is core's
 * (one definition of the chain, ARCH-4), and `verify` reads the chain page
 * by page with core's `AuditLog.verifyByPages`.
 *
 * @since 0.1.0
 */
import { Config, Persistence } from "@karya/core"
import { DateTime, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { decodeRows, ensure, failAs } from "./internal/RepositoryRows.js"

const { AuditLog } = Persistence
const Service = AuditLog.AuditLog

type AuditEntry = Persistence.AuditLog.AuditEntry

// bigints and epoch milliseconds arrive as text, checked below; JSON as
// text, parsed here, so no driver setting decides how it is read.
const EntryRow = Schema.Struct({
  tenant_id: Config.TenantId.TenantId,
  sequence_text: Schema.String,
  actor: Schema.String,
  action: Schema.String,
  subject: Schema.String,
  at_ms: Schema.String,
  details: Schema.fromJsonString(Schema.Json),
  previous_hash: Schema.String,
  hash: Schema.String,
})

const HeadRow = Schema.Struct({ sequence_text: Schema.String, hash: Schema.String })

const safeInteger = (text: string, what: string): Effect.Effect<number> => {
  const value = Number(text)
  return Effect.as(ensure(Number.isSafeInteger(value), `${what} is a safe integer`), value)
}

const entryOf = (row: typeof EntryRow.Type): Effect.Effect<AuditEntry> =>
  Effect.gen(function* () {
    const sequence = yield* safeInteger(row.sequence_text, "an audit sequence")
    const atMs = yield* safeInteger(row.at_ms, "an audit instant")
    return {
      tenantId: row.tenant_id,
      sequence,
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      at: DateTime.makeUnsafe(atMs),
      details: row.details,
      previousHash: row.previous_hash,
      hash: row.hash,
    }
  })

const instant = (at: DateTime.Utc): string => DateTime.formatIso(at)

/**
 * The Postgres audit log (needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Persistence.AuditLog.AuditLog, never, SqlClient.SqlClient> = Layer.effect(
  Service,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const unavailable = (tenantId: string) =>
      failAs((reason) => new AuditLog.AuditLogUnavailable({ tenantId, reason }))

    const append = (record: Persistence.AuditLog.AuditRecord) =>
      sql
        .withTransaction(
          Effect.gen(function* () {
            yield* sql`SELECT pg_advisory_xact_lock(hashtextextended(${`audit_log:${record.tenantId}`}, 0))`
            const heads = yield* sql`
          SELECT sequence::text AS sequence_text, hash FROM audit_log
          WHERE tenant_id = ${record.tenantId}
          ORDER BY sequence DESC
          LIMIT 1`.pipe(Effect.flatMap(decodeRows(HeadRow)))
            const last = heads[0]
            const head =
              last === undefined
                ? AuditLog.genesisHead
                : { sequence: yield* safeInteger(last.sequence_text, "an audit sequence"), hash: last.hash }
            const entry = AuditLog.nextEntry(head, record)
            yield* sql`
          INSERT INTO audit_log (tenant_id, sequence, actor, action, subject, at, details, previous_hash, hash)
          VALUES (${entry.tenantId}, ${entry.sequence}, ${entry.actor}, ${entry.action}, ${entry.subject},
            ${instant(entry.at)}::timestamptz, ${JSON.stringify(entry.details)}::jsonb, ${entry.previousHash},
            ${entry.hash})`
            return entry
          }),
        )
        .pipe(Effect.catch(unavailable(record.tenantId)))

    const list: Persistence.AuditLog.AuditLogShape["list"] = (tenantId, options) =>
      sql`
        SELECT tenant_id, sequence::text AS sequence_text, actor, action, subject,
          (extract(epoch FROM at) * 1000)::bigint::text AS at_ms, details::text AS details, previous_hash, hash
        FROM audit_log
        WHERE tenant_id = ${tenantId} AND sequence > ${options.afterSequence}
        ORDER BY sequence
        LIMIT ${AuditLog.boundedLimit(options.limit)}`.pipe(
        Effect.catch(unavailable(tenantId)),
        Effect.flatMap(decodeRows(EntryRow)),
        Effect.flatMap((rows) => Effect.forEach(rows, entryOf)),
      )

    return Service.of({
      append,
      list,
      verify: (tenantId) => AuditLog.verifyByPages((options) => list(tenantId, options)),
    })
  }),
)
