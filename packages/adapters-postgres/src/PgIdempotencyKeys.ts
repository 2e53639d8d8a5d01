/**
 * Idempotency keys on PostgreSQL and PGlite (API-4): one row of
 * `idempotency_keys` per (tenant, key). `remember` inserts with `ON CONFLICT
 * DO NOTHING`; when the key was there already it compares the stored
 * request hash, so of concurrent first requests exactly one response is
 * kept, and a different request under the key is refused. Used inside the
 * use case's transaction, the response commits with the change (DB-5).
 *
 * @since 0.1.0
 */
import { Persistence } from "@karya/core"
import { Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { decodeRows, ensure, failAs } from "./internal/RepositoryRows.js"

const Service = Persistence.IdempotencyKeys.IdempotencyKeys
const IdempotencyKeyReused = Persistence.IdempotencyKeys.IdempotencyKeyReused
const IdempotencyKeysUnavailable = Persistence.IdempotencyKeys.IdempotencyKeysUnavailable

const ResponseRow = Schema.Struct({
  request_hash: Schema.String,
  status: Schema.Int,
  body: Schema.fromJsonString(Schema.Json),
})
const HashRow = Schema.Struct({ request_hash: Schema.String })

/**
 * The Postgres idempotency key store (needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Persistence.IdempotencyKeys.IdempotencyKeys, never, SqlClient.SqlClient> =
  Layer.effect(
    Service,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const unavailable = (tenantId: string) =>
        failAs((reason) => new IdempotencyKeysUnavailable({ tenantId, reason }))
      return Service.of({
        lookup: (ref) =>
          sql`
            SELECT request_hash, status, body::text AS body FROM idempotency_keys
            WHERE tenant_id = ${ref.tenantId} AND key = ${ref.key}`.pipe(
            Effect.catch(unavailable(ref.tenantId)),
            Effect.flatMap(decodeRows(ResponseRow)),
            Effect.map((rows) =>
              Option.map(Option.fromUndefinedOr(rows[0]), (row) => ({
                requestHash: row.request_hash,
                status: row.status,
                body: row.body,
              })),
            ),
          ),
        remember: (request) =>
          Effect.gen(function* () {
            const inserted = yield* sql`
              INSERT INTO idempotency_keys (tenant_id, key, request_hash, status, body)
              VALUES (${request.tenantId}, ${request.key}, ${request.requestHash}, ${request.status},
                ${JSON.stringify(request.body)}::jsonb)
              ON CONFLICT (tenant_id, key) DO NOTHING
              RETURNING request_hash`.pipe(
              Effect.catch(unavailable(request.tenantId)),
              Effect.flatMap(decodeRows(HashRow)),
            )
            if (inserted.length === 1) return
            const stored = yield* sql`
              SELECT request_hash FROM idempotency_keys
              WHERE tenant_id = ${request.tenantId} AND key = ${request.key}`.pipe(
              Effect.catch(unavailable(request.tenantId)),
              Effect.flatMap(decodeRows(HashRow)),
            )
            yield* ensure(stored.length === 1, "a key that refused an insert is stored")
            if (stored[0]?.request_hash === request.requestHash) return
            return yield* new IdempotencyKeyReused({ tenantId: request.tenantId, key: request.key })
          }),
      })
    }),
  )
