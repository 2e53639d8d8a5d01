/**
 * Idempotency keys on PostgreSQL and PGlite (API-4): one row of
 * `idempotency_keys` per (tenant, key).
 *
 * - `claim` inserts the key with no response (`ON CONFLICT DO NOTHING`).
 *   A concurrent claim of the same key waits on the uncommitted row, then
 *   finds the holder's response (it committed) or claims the key (it rolled
 *   back); so of concurrent requests with one key the request runs once.
 * - `remember` sets the response of the caller's claim, or inserts it when
 *   there was no claim; a different request under the key is refused.
 * - `release` deletes an unanswered claim; inside a transaction the
 *   rollback does the same.
 *
 * Used inside the use case's transaction, claim and response commit with
 * the change (DB-5).
 *
 * @since 0.1.0
 */
import { Persistence } from "@karya/core"
import { Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { decodeRows, ensure, failAs } from "./internal/RepositoryRows.js"

const Service = Persistence.IdempotencyKeys.IdempotencyKeys
const IdempotencyKeyReused = Persistence.IdempotencyKeys.IdempotencyKeyReused
const IdempotencyKeyInProgress = Persistence.IdempotencyKeys.IdempotencyKeyInProgress
const IdempotencyKeysUnavailable = Persistence.IdempotencyKeys.IdempotencyKeysUnavailable

const KeyRow = Schema.Struct({
  request_hash: Schema.String,
  status: Schema.NullOr(Schema.Int),
  body: Schema.NullOr(Schema.fromJsonString(Schema.Json)),
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
      const stored = (ref: Persistence.IdempotencyKeys.IdempotencyKeyRef) =>
        sql`
          SELECT request_hash, status, body::text AS body FROM idempotency_keys
          WHERE tenant_id = ${ref.tenantId} AND key = ${ref.key}`.pipe(
          Effect.catch(unavailable(ref.tenantId)),
          Effect.flatMap(decodeRows(KeyRow)),
          Effect.map((rows) => Option.fromUndefinedOr(rows[0])),
        )
      return Service.of({
        claim: (request) =>
          Effect.gen(function* () {
            const inserted = yield* sql`
              INSERT INTO idempotency_keys (tenant_id, key, request_hash)
              VALUES (${request.tenantId}, ${request.key}, ${request.requestHash})
              ON CONFLICT (tenant_id, key) DO NOTHING
              RETURNING request_hash`.pipe(
              Effect.catch(unavailable(request.tenantId)),
              Effect.flatMap(decodeRows(HashRow)),
            )
            if (inserted.length === 1) return { _tag: "Claimed" } as const
            const row = yield* stored(request)
            // The holder may have rolled back between the insert and the
            // read; the caller then claims again on its retry.
            if (Option.isNone(row))
              return yield* new IdempotencyKeyInProgress({ tenantId: request.tenantId, key: request.key })
            if (row.value.request_hash !== request.requestHash)
              return yield* new IdempotencyKeyReused({ tenantId: request.tenantId, key: request.key })
            if (row.value.status === null || row.value.body === null)
              return yield* new IdempotencyKeyInProgress({ tenantId: request.tenantId, key: request.key })
            return {
              _tag: "Remembered",
              response: {
                requestHash: row.value.request_hash,
                status: row.value.status,
                body: row.value.body,
              },
            } as const
          }),
        release: (ref) =>
          sql`
            DELETE FROM idempotency_keys
            WHERE tenant_id = ${ref.tenantId} AND key = ${ref.key} AND body IS NULL`.pipe(
            Effect.catch(unavailable(ref.tenantId)),
            Effect.asVoid,
          ),
        lookup: (ref) =>
          Effect.map(stored(ref), (row) =>
            Option.flatMap(row, (found) =>
              found.status === null || found.body === null
                ? Option.none()
                : Option.some({ requestHash: found.request_hash, status: found.status, body: found.body }),
            ),
          ),
        remember: (request) =>
          Effect.gen(function* () {
            const written = yield* sql`
              INSERT INTO idempotency_keys (tenant_id, key, request_hash, status, body)
              VALUES (${request.tenantId}, ${request.key}, ${request.requestHash}, ${request.status},
                ${JSON.stringify(request.body)}::jsonb)
              ON CONFLICT (tenant_id, key) DO UPDATE
                SET status = EXCLUDED.status, body = EXCLUDED.body
                WHERE idempotency_keys.body IS NULL
                  AND idempotency_keys.request_hash = EXCLUDED.request_hash
              RETURNING request_hash`.pipe(
              Effect.catch(unavailable(request.tenantId)),
              Effect.flatMap(decodeRows(HashRow)),
            )
            if (written.length === 1) return
            const row = yield* stored(request)
            yield* ensure(Option.isSome(row), "a key that refused a write is stored")
            if (Option.isSome(row) && row.value.request_hash === request.requestHash) return
            return yield* new IdempotencyKeyReused({ tenantId: request.tenantId, key: request.key })
          }),
      })
    }),
  )
