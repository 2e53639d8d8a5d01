/**
 * The transactional outbox port (DB-7): an outbound effect (an SMS, a JIT
 * call) is not made inside a use case but enqueued as a message in the same
 * transaction as the state change (DB-5), so it exists exactly when the
 * change committed. A worker (`OutboxWorker.deliverDue`) claims due
 * messages, hands each to its topic's handler and marks it delivered or
 * failed: delivery is at least once, and every receiver is idempotent by
 * the message's event id.
 *
 * Messages are keyed by tenant and event id; enqueueing an event id again
 * does nothing (`alreadyEnqueued`). A claim is a lease: while it lasts no
 * other worker gets the message, and when a worker crashes the claim
 * expires and the message is due again. A database adapter claims with
 * `FOR UPDATE SKIP LOCKED`. Every implementation passes `OutboxSuite` from
 * `@karya/core/testing`.
 *
 * The port knows no topic: `Payments.Notifier.layerOutbox`, the `Notifier`
 * of a deployment, enqueues SMS on it, so the outbox does not depend on the
 * modules that use it (ARCH-1).
 *
 * @since 0.1.0
 */
import { Context, DateTime, Effect, Layer, Option, Ref, Schema } from "effect"
import { TenantId } from "../ids/TenantId.js"

/**
 * Messages one `claimDue` call claims at most: one worker batch, small
 * enough to deliver well within a claim's lease.
 *
 * @since 0.1.0
 * @category models
 */
export const claimLimitMax = 100

/**
 * A message to enqueue: its tenant, a unique event id (the receiver's
 * idempotency key), a topic naming its handler, a JSON payload and the
 * instant from which it is due.
 *
 * @since 0.1.0
 * @category models
 */
export const OutboxMessage = Schema.Struct({
  tenantId: TenantId,
  eventId: Schema.NonEmptyString,
  topic: Schema.NonEmptyString,
  payload: Schema.Json,
  availableAt: Schema.DateTimeUtc,
})

/**
 * @since 0.1.0
 * @category models
 */
export type OutboxMessage = typeof OutboxMessage.Type

/**
 * What names one message.
 *
 * @since 0.1.0
 * @category models
 */
export interface MessageKey {
  readonly tenantId: TenantId
  readonly eventId: string
}

/**
 * A message a worker claimed: `attempts` counts claims including this one.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClaimedMessage extends OutboxMessage {
  readonly attempts: number
  readonly holder: string
  readonly claimExpiresAt: DateTime.Utc
}

/**
 * Where a message is: pending (due at `availableAt`, perhaps claimed) or
 * delivered. A database adapter stores it as text checked against these
 * values (DB-3).
 *
 * @since 0.1.0
 * @category models
 */
export const MessageState = Schema.Literals(["pending", "delivered"])

/**
 * @since 0.1.0
 * @category models
 */
export type MessageState = typeof MessageState.Type

/**
 * A message's state, for workers and operators: pending (due at
 * `availableAt`, perhaps claimed) or delivered, the number of claims and the
 * last failure.
 *
 * @since 0.1.0
 * @category models
 */
export interface OutboxStatus extends OutboxMessage {
  readonly state: MessageState
  readonly attempts: number
  readonly lastError: Option.Option<string>
}

/**
 * Whether `enqueue` added the message or found its event id already there.
 *
 * @since 0.1.0
 * @category models
 */
export type EnqueueResult = "enqueued" | "alreadyEnqueued"

/**
 * A claim: the instant (read from `Clock`), how many messages at most
 * (≤ `claimLimitMax`), who claims and for how long; optionally only one
 * tenant's messages (a worker per tenant or shard, DB-2).
 *
 * @since 0.1.0
 * @category models
 */
export interface ClaimRequest {
  readonly now: DateTime.Utc
  readonly limit: number
  readonly holder: string
  readonly leaseMs: number
  readonly tenantId?: TenantId
}

/**
 * A failed delivery: when to try again and why it failed.
 *
 * @since 0.1.0
 * @category models
 */
export interface FailureReport {
  readonly retryAt: DateTime.Utc
  readonly error: string
}

/**
 * The outbox store could not be reached; nothing was enqueued or changed.
 *
 * @since 0.1.0
 * @category errors
 */
export class OutboxUnavailable extends Schema.TaggedError<OutboxUnavailable>(
  "@karya/core/persistence/OutboxUnavailable",
)("OutboxUnavailable", { reason: Schema.String }) {
  static readonly code = "OUTBOX_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = OutboxUnavailable.code
  readonly category = OutboxUnavailable.category
  readonly retryable = true
  override get message(): string {
    return `The outbound message queue is unavailable (${this.reason}); nothing was queued or sent, try again shortly.`
  }
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface OutboxShape {
  /** Adds a message unless its tenant already has its event id. */
  readonly enqueue: (message: OutboxMessage) => Effect.Effect<EnqueueResult, OutboxUnavailable>
  /**
   * Claims up to `limit` pending messages that are due at `now` and not
   * claimed by a live lease, oldest `availableAt` first.
   */
  readonly claimDue: (
    request: ClaimRequest,
  ) => Effect.Effect<ReadonlyArray<ClaimedMessage>, OutboxUnavailable>
  /** Marks a message delivered; it is never claimed again. */
  readonly markDelivered: (key: MessageKey) => Effect.Effect<void, OutboxUnavailable>
  /** Releases a pending message's claim and makes it due again at `retryAt`; a delivered one stays delivered. */
  readonly markFailed: (key: MessageKey, report: FailureReport) => Effect.Effect<void, OutboxUnavailable>
  /** A message's state. */
  readonly find: (key: MessageKey) => Effect.Effect<Option.Option<OutboxStatus>, OutboxUnavailable>
}

/**
 * The outbox port.
 *
 * @since 0.1.0
 * @category services
 */
export class Outbox extends Context.Service<Outbox, OutboxShape>()("@karya/core/persistence/Outbox") {}

/**
 * Enqueues a message in the current transaction (DB-5, DB-7).
 *
 * @since 0.1.0
 * @category constructors
 */
export const enqueue = (message: OutboxMessage): Effect.Effect<EnqueueResult, OutboxUnavailable, Outbox> =>
  Outbox.use((outbox) => outbox.enqueue(message))

/**
 * The number of messages `claimDue` claims for a requested limit: at least
 * 0, at most `claimLimitMax`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const boundedClaimLimit = (limit: number): number =>
  Math.max(0, Math.min(claimLimitMax, Math.floor(limit)))

interface MemoryRow {
  readonly status: OutboxStatus
  readonly position: number
  readonly claim: Option.Option<{ readonly holder: string; readonly expiresAt: DateTime.Utc }>
}

interface MemoryState {
  readonly rows: ReadonlyMap<string, MemoryRow>
  readonly enqueued: number
}

const keyOf = (key: MessageKey): string => JSON.stringify([key.tenantId, key.eventId])

const messageOf = (status: OutboxStatus): OutboxMessage => ({
  tenantId: status.tenantId,
  eventId: status.eventId,
  topic: status.topic,
  payload: status.payload,
  availableAt: status.availableAt,
})

const isDue = (row: MemoryRow, now: DateTime.Utc): boolean =>
  row.status.state === "pending" &&
  DateTime.isLessThanOrEqualTo(row.status.availableAt, now) &&
  Option.match(row.claim, {
    onNone: () => true,
    onSome: (claim) => DateTime.isLessThanOrEqualTo(claim.expiresAt, now),
  })

const claimIn = (
  state: MemoryState,
  request: ClaimRequest,
): readonly [ReadonlyArray<ClaimedMessage>, MemoryState] => {
  const due = [...state.rows.entries()]
    .filter(([, row]) => isDue(row, request.now))
    .filter(([, row]) => request.tenantId === undefined || row.status.tenantId === request.tenantId)
    .sort(
      ([, left], [, right]) =>
        DateTime.toEpochMillis(left.status.availableAt) - DateTime.toEpochMillis(right.status.availableAt) ||
        left.position - right.position,
    )
    .slice(0, boundedClaimLimit(request.limit))
  const claimExpiresAt = DateTime.add(request.now, { milliseconds: request.leaseMs })
  const rows = new Map(state.rows)
  const claimed = due.map(([key, row]): ClaimedMessage => {
    const attempts = row.status.attempts + 1
    rows.set(key, {
      ...row,
      status: { ...row.status, attempts },
      claim: Option.some({ holder: request.holder, expiresAt: claimExpiresAt }),
    })
    return { ...messageOf(row.status), attempts, holder: request.holder, claimExpiresAt }
  })
  return [claimed, { ...state, rows }]
}

const updateRow =
  (key: MessageKey, change: (row: MemoryRow) => MemoryRow) =>
  (state: MemoryState): MemoryState => {
    const row = state.rows.get(keyOf(key))
    if (row === undefined) return state
    return { ...state, rows: new Map([...state.rows, [keyOf(key), change(row)]]) }
  }

/**
 * An in-memory outbox: messages in one `Ref`, each operation one atomic
 * update. Tests and single-process demos only.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<Outbox> = Layer.effect(
  Outbox,
  Effect.map(Ref.make<MemoryState>({ rows: new Map(), enqueued: 0 }), (store) =>
    Outbox.of({
      enqueue: (message) =>
        Ref.modify(store, (state): readonly [EnqueueResult, MemoryState] => {
          const key = keyOf(message)
          if (state.rows.has(key)) return ["alreadyEnqueued", state]
          const row: MemoryRow = {
            status: { ...message, state: "pending", attempts: 0, lastError: Option.none() },
            position: state.enqueued,
            claim: Option.none(),
          }
          return ["enqueued", { rows: new Map([...state.rows, [key, row]]), enqueued: state.enqueued + 1 }]
        }),
      claimDue: (request) => Ref.modify(store, (state) => claimIn(state, request)),
      markDelivered: (key) =>
        Ref.update(
          store,
          updateRow(key, (row) => ({
            ...row,
            status: { ...row.status, state: "delivered" },
            claim: Option.none(),
          })),
        ),
      markFailed: (key, report) =>
        Ref.update(
          store,
          updateRow(key, (row) =>
            row.status.state === "delivered"
              ? row
              : {
                  ...row,
                  status: {
                    ...row.status,
                    availableAt: report.retryAt,
                    lastError: Option.some(report.error),
                  },
                  claim: Option.none(),
                },
          ),
        ),
      find: (key) =>
        Effect.map(Ref.get(store), (state) =>
          Option.map(Option.fromUndefinedOr(state.rows.get(keyOf(key))), (row) => row.status),
        ),
    }),
  ),
)
