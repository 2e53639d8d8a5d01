/**
 * The transactional outbox on PostgreSQL and PGlite (DB-7): one row of
 * `outbox` per (tenant, event id). `enqueue` is an insert with `ON CONFLICT
 * DO NOTHING`, so it joins the use case's transaction (DB-5) and an event id
 * is enqueued once. `claimDue` selects the due rows `FOR UPDATE SKIP LOCKED`
 * and stamps its claim on them in the same statement: concurrent workers,
 * in any number of processes, each get other rows, and Postgres re-checks a
 * row's claim before locking it, so a message is never claimed twice while
 * a claim lasts. "Now" comes from the caller (read from `Clock`), never from
 * the database server.
 *
 * @since 0.1.0
 */
import { Config, Persistence } from "@karya/core"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { decodeRows, ensure, failAs } from "./internal/RepositoryRows.js"

const { Outbox } = Persistence
const Service = Outbox.Outbox

type ClaimedMessage = Persistence.Outbox.ClaimedMessage
type OutboxStatus = Persistence.Outbox.OutboxStatus

const unavailable = failAs((reason) => new Outbox.OutboxUnavailable({ reason }))

const instant = (at: DateTime.Utc): string => DateTime.formatIso(at)

// Epoch milliseconds and bigints arrive as text, JSON as text; checked and
// parsed here.
const MessageRow = Schema.Struct({
  tenant_id: Config.TenantId.TenantId,
  event_id: Schema.String,
  topic: Schema.String,
  payload: Schema.fromJsonString(Schema.Json),
  available_at_ms: Schema.String,
  state: Outbox.MessageState,
  attempts: Schema.Int,
  claimed_by: Schema.NullOr(Schema.String),
  claim_expires_at_ms: Schema.NullOr(Schema.String),
  last_error: Schema.NullOr(Schema.String),
  enqueued_order: Schema.String,
})

type MessageRow = typeof MessageRow.Type

// The selected columns of `outbox`, qualified (the claim's UPDATE … FROM
// has two relations with tenant_id and event_id).
const columns = `outbox.tenant_id, outbox.event_id, outbox.topic, outbox.payload::text AS payload,
  (extract(epoch FROM outbox.available_at) * 1000)::bigint::text AS available_at_ms, outbox.state,
  outbox.attempts, outbox.claimed_by,
  (extract(epoch FROM outbox.claim_expires_at) * 1000)::bigint::text AS claim_expires_at_ms, outbox.last_error,
  outbox.enqueued_order::text AS enqueued_order`

const instantOf = (epochMillisText: string): Effect.Effect<DateTime.Utc> => {
  const epochMillis = Number(epochMillisText)
  return Effect.as(
    ensure(Number.isSafeInteger(epochMillis), "an outbox instant is whole milliseconds"),
    DateTime.makeUnsafe(epochMillis),
  )
}

const statusOf = (row: MessageRow): Effect.Effect<OutboxStatus> =>
  Effect.map(instantOf(row.available_at_ms), (availableAt) => ({
    tenantId: row.tenant_id,
    eventId: row.event_id,
    topic: row.topic,
    payload: row.payload,
    availableAt,
    state: row.state,
    attempts: row.attempts,
    lastError: Option.fromNullOr(row.last_error),
  }))

const claimedOf = (row: MessageRow): Effect.Effect<ClaimedMessage> =>
  Effect.gen(function* () {
    yield* ensure(
      row.claimed_by !== null && row.claim_expires_at_ms !== null,
      "a claimed row carries its claim",
    )
    const status = yield* statusOf(row)
    const claimExpiresAt = yield* instantOf(row.claim_expires_at_ms ?? "")
    return {
      tenantId: status.tenantId,
      eventId: status.eventId,
      topic: status.topic,
      payload: status.payload,
      availableAt: status.availableAt,
      attempts: status.attempts,
      holder: row.claimed_by ?? "",
      claimExpiresAt,
    }
  })

// RETURNING gives no order; claims are handed out oldest due first.
const byDueOrder = (left: MessageRow, right: MessageRow): number =>
  Number(left.available_at_ms) - Number(right.available_at_ms) ||
  Number(BigInt(left.enqueued_order) - BigInt(right.enqueued_order))

const EventRow = Schema.Struct({ event_id: Schema.String })

/**
 * The Postgres outbox (needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Persistence.Outbox.Outbox, never, SqlClient.SqlClient> = Layer.effect(
  Service,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    return Service.of({
      enqueue: (message) =>
        sql`
          INSERT INTO outbox (tenant_id, event_id, topic, payload, available_at, state, attempts)
          VALUES (${message.tenantId}, ${message.eventId}, ${message.topic}, ${JSON.stringify(message.payload)}::jsonb,
            ${instant(message.availableAt)}::timestamptz, 'pending', 0)
          ON CONFLICT (tenant_id, event_id) DO NOTHING
          RETURNING event_id`.pipe(
          Effect.catch(unavailable),
          Effect.flatMap(decodeRows(EventRow)),
          Effect.map((rows) => (rows.length === 1 ? "enqueued" : "alreadyEnqueued")),
        ),
      claimDue: (request) => {
        const now = instant(request.now)
        const expiresAt = instant(DateTime.add(request.now, { milliseconds: request.leaseMs }))
        const tenantId = request.tenantId ?? null
        return sql`
          WITH due AS (
            SELECT tenant_id, event_id FROM outbox
            WHERE state = 'pending'
              AND available_at <= ${now}::timestamptz
              AND (claim_expires_at IS NULL OR claim_expires_at <= ${now}::timestamptz)
              AND (${tenantId}::text IS NULL OR tenant_id = ${tenantId}::text)
            ORDER BY available_at, enqueued_order
            LIMIT ${Outbox.boundedClaimLimit(request.limit)}
            FOR UPDATE SKIP LOCKED
          )
          UPDATE outbox
          SET attempts = outbox.attempts + 1, claimed_by = ${request.holder},
            claim_expires_at = ${expiresAt}::timestamptz
          FROM due
          WHERE outbox.tenant_id = due.tenant_id AND outbox.event_id = due.event_id
          RETURNING ${sql.unsafe(columns)}`.pipe(
          Effect.catch(unavailable),
          Effect.flatMap(decodeRows(MessageRow)),
          Effect.flatMap((rows) => Effect.forEach([...rows].sort(byDueOrder), claimedOf)),
        )
      },
      markDelivered: (key) =>
        sql`
          UPDATE outbox SET state = 'delivered', claimed_by = NULL, claim_expires_at = NULL
          WHERE tenant_id = ${key.tenantId} AND event_id = ${key.eventId}`.pipe(
          Effect.asVoid,
          Effect.catch(unavailable),
        ),
      markFailed: (key, report) =>
        sql`
          UPDATE outbox
          SET available_at = ${instant(report.retryAt)}::timestamptz, last_error = ${report.error},
            claimed_by = NULL, claim_expires_at = NULL
          WHERE tenant_id = ${key.tenantId} AND event_id = ${key.eventId} AND state = 'pending'`.pipe(
          Effect.asVoid,
          Effect.catch(unavailable),
        ),
      find: (key) =>
        sql`
          SELECT ${sql.unsafe(columns)} FROM outbox
          WHERE tenant_id = ${key.tenantId} AND event_id = ${key.eventId}`.pipe(
          Effect.catch(unavailable),
          Effect.flatMap(decodeRows(MessageRow)),
          Effect.flatMap((rows) =>
            rows[0] === undefined ? Effect.succeedNone : Effect.map(statusOf(rows[0]), Option.some),
          ),
        ),
    })
  }),
)
