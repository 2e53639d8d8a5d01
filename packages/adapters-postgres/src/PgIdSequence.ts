/**
 * The sequence port on PostgreSQL and PGlite (ID-1, ID-3, DB-5): one row of
 * `id_sequences` per (tenant, series, scope) key, advanced by a single
 * upsert (`INSERT … ON CONFLICT DO UPDATE SET last_value = last_value + 1
 * RETURNING`). The upsert row-locks the key until the transaction ends, so
 * concurrent requests, in this process or another, are serialised and never
 * get the same value. Called inside the use case's transaction, the value
 * is committed or rolled back with the record it numbers, so the persisted
 * series has no gap (ID-3).
 *
 * @since 0.1.0
 */
import { Ids } from "@karya/core"
import { Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { decodeRows, ensure, failAs } from "./internal/RepositoryRows.js"

const IdSequence = Ids.IdSequence.IdSequence
const IdSequenceUnavailable = Ids.IdSequence.IdSequenceUnavailable

// bigint arrives as text; the value is checked to be a safe integer below.
const ValueRow = Schema.Struct({ value: Schema.String })

/**
 * The Postgres sequence store (needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Ids.IdSequence.IdSequence, never, SqlClient.SqlClient> = Layer.effect(
  IdSequence,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    return IdSequence.of({
      next: (key) =>
        sql`
          INSERT INTO id_sequences (tenant_id, series, scope, last_value)
          VALUES (${key.tenantId}, ${key.series}, ${key.scope}, 1)
          ON CONFLICT (tenant_id, series, scope)
            DO UPDATE SET last_value = id_sequences.last_value + 1
          RETURNING last_value::text AS value`.pipe(
          Effect.catch(
            failAs(
              (reason) =>
                new IdSequenceUnavailable({
                  tenantId: key.tenantId,
                  series: key.series,
                  scope: key.scope,
                  reason,
                }),
            ),
          ),
          Effect.flatMap(decodeRows(ValueRow)),
          Effect.flatMap((rows) => {
            const value = Number(rows[0]?.value)
            return Effect.as(
              ensure(
                rows.length === 1 && Number.isSafeInteger(value) && value >= 1,
                "one positive sequence value",
              ),
              value,
            )
          }),
        ),
    })
  }),
)
