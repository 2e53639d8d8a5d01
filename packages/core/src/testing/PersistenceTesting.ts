/**
 * The conformance suites of the persistence ports (DB-5, DB-6, DB-7,
 * API-4): every implementation (memory, PGlite, server Postgres) runs them
 * with its own Layer. Each test draws fresh tenants (and claims only its
 * tenant's outbox messages), so the suites also pass against a database
 * shared by many tests and kept between runs. Instants are fixed or come
 * from the `TestClock`; no test reads the wall clock.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { DateTime, Effect, Exit, type Layer, Option, Ref } from "effect"
import { TestClock } from "effect/testing"
import * as TenantId from "../config/TenantId.js"
import * as EntityId from "../ids/EntityId.js"
import type { SmsMessage } from "../payments/Notification.js"
import * as Notifier from "../payments/Notifier.js"
import * as AuditLog from "../persistence/AuditLog.js"
import * as IdempotencyKeys from "../persistence/IdempotencyKeys.js"
import * as Outbox from "../persistence/Outbox.js"
import * as OutboxWorker from "../persistence/OutboxWorker.js"
import * as UnitOfWork from "../persistence/UnitOfWork.js"
import { type ConformanceLaw, registerConformanceLaws } from "./ConformanceLaws.js"

const freshTenant: Effect.Effect<TenantId.TenantId> = Effect.map(EntityId.make, (id) =>
  TenantId.makeUnsafe(`od.p_${id.replaceAll("-", "")}`),
)

const at = DateTime.makeUnsafe("2024-06-10T05:00:00Z")

const later = (instant: DateTime.Utc, milliseconds: number): DateTime.Utc =>
  DateTime.add(instant, { milliseconds })

/**
 * A sample audit record of a tenant: a muster roll approval with nested
 * details (numbers, text with non-ASCII letters, arrays, null).
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleAuditRecord = (
  tenantId: TenantId.TenantId,
  index: number,
  instant: DateTime.Utc = at,
): AuditLog.AuditRecord => ({
  tenantId,
  actor: `user-${index}`,
  action: "MUSTER_ROLL_APPROVED",
  subject: `MR/2024-25/${String(index).padStart(6, "0")}`,
  at: later(instant, index * 1000),
  details: { index, comment: "ठीक है — approved", amounts: ["250.00", "12.50"], version: 2, note: null },
})

// Rows as plain values: instants as ISO text, so equality does not depend
// on how a DateTime was built.
const plain = (entry: AuditLog.AuditEntry) => ({ ...entry, at: DateTime.formatIso(entry.at) })

const auditLogLaws: ReadonlyArray<ConformanceLaw<AuditLog.AuditLog>> = [
  [
    "DB-6: appends get consecutive sequences, each row linked to the previous row's hash",
    Effect.gen(function* () {
      const auditLog = yield* AuditLog.AuditLog
      const tenantId = yield* freshTenant
      const first = yield* auditLog.append(sampleAuditRecord(tenantId, 1))
      const second = yield* auditLog.append(sampleAuditRecord(tenantId, 2))
      const third = yield* auditLog.append(sampleAuditRecord(tenantId, 3))
      assert.deepStrictEqual([first.sequence, second.sequence, third.sequence], [1, 2, 3])
      assert.strictEqual(first.previousHash, AuditLog.genesisHash)
      assert.strictEqual(second.previousHash, first.hash)
      assert.strictEqual(third.previousHash, second.hash)
      for (const entry of [first, second, third]) {
        assert.strictEqual(
          entry.hash,
          AuditLog.hashOf(entry, entry),
          `row ${entry.sequence} hashes its content`,
        )
      }
      assert.notStrictEqual(first.hash, second.hash)
    }),
  ],
  [
    "DB-6: rows read back as appended, in sequence order, paged by afterSequence and limit",
    Effect.gen(function* () {
      const auditLog = yield* AuditLog.AuditLog
      const tenantId = yield* freshTenant
      const appended: Array<AuditLog.AuditEntry> = []
      for (const index of [1, 2, 3, 4])
        appended.push(yield* auditLog.append(sampleAuditRecord(tenantId, index)))
      const all = yield* auditLog.list(tenantId, { afterSequence: 0, limit: 10 })
      assert.deepStrictEqual(all.map(plain), appended.map(plain))
      const page = yield* auditLog.list(tenantId, { afterSequence: 1, limit: 2 })
      assert.deepStrictEqual(
        page.map((entry) => entry.sequence),
        [2, 3],
      )
      assert.deepStrictEqual(yield* auditLog.list(tenantId, { afterSequence: 4, limit: 10 }), [])
    }),
  ],
  [
    "DB-6: verify reports an intact chain with its row count; an empty chain is intact",
    Effect.gen(function* () {
      const auditLog = yield* AuditLog.AuditLog
      const tenantId = yield* freshTenant
      assert.deepStrictEqual(yield* auditLog.verify(tenantId), { _tag: "Intact", rows: 0 })
      for (const index of [1, 2, 3]) yield* auditLog.append(sampleAuditRecord(tenantId, index))
      assert.deepStrictEqual(yield* auditLog.verify(tenantId), { _tag: "Intact", rows: 3 })
    }),
  ],
  [
    "DB-6 TEN-1: each tenant has its own chain, starting at sequence 1 from the genesis hash",
    Effect.gen(function* () {
      const auditLog = yield* AuditLog.AuditLog
      const tenantId = yield* freshTenant
      const otherTenantId = yield* freshTenant
      yield* auditLog.append(sampleAuditRecord(tenantId, 1))
      yield* auditLog.append(sampleAuditRecord(tenantId, 2))
      const other = yield* auditLog.append(sampleAuditRecord(otherTenantId, 1))
      assert.strictEqual(other.sequence, 1)
      assert.strictEqual(other.previousHash, AuditLog.genesisHash)
      const otherRows = yield* auditLog.list(otherTenantId, { afterSequence: 0, limit: 10 })
      assert.deepStrictEqual(
        otherRows.map((entry) => entry.tenantId),
        [otherTenantId],
      )
      assert.deepStrictEqual(yield* auditLog.verify(tenantId), { _tag: "Intact", rows: 2 })
    }),
  ],
  [
    "DB-6: concurrent appends of one tenant get distinct consecutive sequences and an intact chain",
    Effect.gen(function* () {
      const auditLog = yield* AuditLog.AuditLog
      const tenantId = yield* freshTenant
      const count = 20
      const entries = yield* Effect.all(
        Array.from({ length: count }, (_, index) => auditLog.append(sampleAuditRecord(tenantId, index + 1))),
        { concurrency: "unbounded" },
      )
      assert.deepStrictEqual(
        entries.map((entry) => entry.sequence).sort((left, right) => left - right),
        Array.from({ length: count }, (_, index) => index + 1),
      )
      assert.deepStrictEqual(yield* auditLog.verify(tenantId), { _tag: "Intact", rows: count })
    }),
  ],
]

/**
 * Registers the `AuditLog` conformance tests for one implementation (DB-6).
 *
 * @since 0.1.0
 * @category testing
 */
export const AuditLogSuite = <E>(name: string, layer: Layer.Layer<AuditLog.AuditLog, E>): void =>
  registerConformanceLaws(name, layer, auditLogLaws)

/**
 * A sample outbox message of a tenant.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleOutboxMessage = (
  tenantId: TenantId.TenantId,
  eventId: string,
  availableAt: DateTime.Utc = at,
): Outbox.OutboxMessage => ({
  tenantId,
  eventId,
  topic: "test",
  payload: { eventId, lines: [1, 2, 3], nested: { ok: true } },
  availableAt,
})

const claimAs = (holder: string, tenantId: TenantId.TenantId, now: DateTime.Utc, limit = 10) =>
  Outbox.Outbox.use((outbox) => outbox.claimDue({ now, limit, holder, leaseMs: 60_000, tenantId }))

const eventIdsOf = (messages: ReadonlyArray<Outbox.ClaimedMessage>): ReadonlyArray<string> =>
  messages.map((message) => message.eventId)

const statusOf = (key: Outbox.MessageKey) =>
  Effect.flatMap(
    Outbox.Outbox.use((outbox) => outbox.find(key)),
    (found) => Effect.fromOption(found).pipe(Effect.orDie),
  )

const outboxLaws: ReadonlyArray<ConformanceLaw<Outbox.Outbox>> = [
  [
    "DB-7: enqueue is idempotent by event id; another tenant's equal event id is its own message",
    Effect.gen(function* () {
      const outbox = yield* Outbox.Outbox
      const tenantId = yield* freshTenant
      const message = sampleOutboxMessage(tenantId, "event-1")
      assert.strictEqual(yield* outbox.enqueue(message), "enqueued")
      assert.strictEqual(yield* outbox.enqueue({ ...message, payload: { changed: true } }), "alreadyEnqueued")
      const status = yield* statusOf(message)
      assert.deepStrictEqual(status.payload, message.payload, "the first payload stays")
      assert.strictEqual(status.state, "pending")
      assert.strictEqual(status.attempts, 0)
      assert.strictEqual(yield* outbox.enqueue({ ...message, tenantId: yield* freshTenant }), "enqueued")
      assert.deepStrictEqual(yield* outbox.find({ tenantId, eventId: "unknown" }), Option.none())
    }),
  ],
  [
    "DB-7: a message is claimed once due, not again while its claim lasts, and again after it expires",
    Effect.gen(function* () {
      const tenantId = yield* freshTenant
      const due = later(at, 60_000)
      yield* Outbox.enqueue(sampleOutboxMessage(tenantId, "event-1", due))
      assert.deepStrictEqual(yield* claimAs("worker-a", tenantId, at), [], "not due yet")
      const claimed = yield* claimAs("worker-a", tenantId, due)
      assert.deepStrictEqual(eventIdsOf(claimed), ["event-1"])
      assert.strictEqual(claimed[0]?.attempts, 1)
      assert.strictEqual(claimed[0]?.holder, "worker-a")
      assert.strictEqual(
        DateTime.formatIso(claimed[0]?.claimExpiresAt ?? at),
        DateTime.formatIso(later(due, 60_000)),
      )
      assert.deepStrictEqual(claimed[0]?.payload, sampleOutboxMessage(tenantId, "event-1").payload)
      assert.deepStrictEqual(yield* claimAs("worker-b", tenantId, later(due, 59_999)), [], "claimed")
      const reclaimed = yield* claimAs("worker-b", tenantId, later(due, 60_000))
      assert.deepStrictEqual(eventIdsOf(reclaimed), ["event-1"], "the crashed claim expired")
      assert.strictEqual(reclaimed[0]?.attempts, 2)
    }),
  ],
  [
    "DB-7: a delivered message is never claimed again, and a late failure report leaves it delivered",
    Effect.gen(function* () {
      const outbox = yield* Outbox.Outbox
      const tenantId = yield* freshTenant
      const message = sampleOutboxMessage(tenantId, "event-1")
      yield* outbox.enqueue(message)
      yield* claimAs("worker-a", tenantId, at)
      yield* outbox.markDelivered(message)
      yield* outbox.markFailed(message, { retryAt: at, error: "late report" })
      assert.deepStrictEqual(yield* claimAs("worker-b", tenantId, later(at, 3_600_000)), [])
      assert.strictEqual((yield* statusOf(message)).state, "delivered")
    }),
  ],
  [
    "DB-7: a failed message is due again at its retry time, with its error recorded",
    Effect.gen(function* () {
      const outbox = yield* Outbox.Outbox
      const tenantId = yield* freshTenant
      const message = sampleOutboxMessage(tenantId, "event-1")
      yield* outbox.enqueue(message)
      yield* claimAs("worker-a", tenantId, at)
      const retryAt = later(at, 30_000)
      yield* outbox.markFailed(message, { retryAt, error: "gateway timeout" })
      const status = yield* statusOf(message)
      assert.deepStrictEqual(status.lastError, Option.some("gateway timeout"))
      assert.strictEqual(DateTime.formatIso(status.availableAt), DateTime.formatIso(retryAt))
      assert.deepStrictEqual(yield* claimAs("worker-a", tenantId, later(at, 29_999)), [])
      const retried = yield* claimAs("worker-b", tenantId, retryAt)
      assert.deepStrictEqual(eventIdsOf(retried), ["event-1"])
      assert.strictEqual(retried[0]?.attempts, 2)
    }),
  ],
  [
    "DB-7: a claim takes at most its limit, oldest due first, and only the named tenant's messages",
    Effect.gen(function* () {
      const tenantId = yield* freshTenant
      const otherTenantId = yield* freshTenant
      yield* Outbox.enqueue(sampleOutboxMessage(tenantId, "event-late", later(at, 3000)))
      yield* Outbox.enqueue(sampleOutboxMessage(tenantId, "event-early", later(at, 1000)))
      yield* Outbox.enqueue(sampleOutboxMessage(tenantId, "event-middle", later(at, 2000)))
      yield* Outbox.enqueue(sampleOutboxMessage(otherTenantId, "event-other", at))
      const now = later(at, 5000)
      assert.deepStrictEqual(eventIdsOf(yield* claimAs("worker-a", tenantId, now, 2)), [
        "event-early",
        "event-middle",
      ])
      assert.deepStrictEqual(eventIdsOf(yield* claimAs("worker-a", tenantId, now, 2)), ["event-late"])
      assert.deepStrictEqual(eventIdsOf(yield* claimAs("worker-a", otherTenantId, now, 2)), ["event-other"])
    }),
  ],
  [
    "DB-7: concurrent claimers never get one message twice while it is claimed",
    Effect.gen(function* () {
      const tenantId = yield* freshTenant
      const count = 30
      for (let index = 0; index < count; index += 1) {
        yield* Outbox.enqueue(sampleOutboxMessage(tenantId, `event-${index}`))
      }
      const claims = yield* Effect.all(
        ["a", "b", "c", "d"].map((holder) => claimAs(`worker-${holder}`, tenantId, at, 10)),
        { concurrency: "unbounded" },
      )
      const claimed = claims.flatMap(eventIdsOf)
      assert.strictEqual(new Set(claimed).size, claimed.length, "no message is claimed twice")
      assert.strictEqual(claimed.length, count, "every due message is claimed by someone")
    }),
  ],
  [
    "DB-7: the worker delivers due messages at least once and retries one whose handler failed",
    Effect.gen(function* () {
      const tenantId = yield* freshTenant
      const now = yield* DateTime.now
      yield* Outbox.enqueue({ ...sampleOutboxMessage(tenantId, "event-ok", now), topic: "ok" })
      yield* Outbox.enqueue({ ...sampleOutboxMessage(tenantId, "event-flaky", now), topic: "flaky" })
      const received = yield* Ref.make<ReadonlyArray<string>>([])
      const failuresLeft = yield* Ref.make(1)
      const handlers: OutboxWorker.Handlers<string, never> = {
        ok: (message) => Ref.update(received, (all) => [...all, message.eventId]),
        flaky: (message) =>
          Effect.flatMap(
            Ref.getAndUpdate(failuresLeft, (left) => left - 1),
            (left) =>
              left > 0
                ? Effect.fail("gateway timeout")
                : Ref.update(received, (all) => [...all, message.eventId]),
          ),
      }
      const first = yield* OutboxWorker.deliverDue({ handlers, limit: 10, tenantId, holder: "worker-a" })
      assert.deepStrictEqual(first, { claimed: 2, delivered: 1, failed: 1 })
      const flaky = yield* statusOf({ tenantId, eventId: "event-flaky" })
      assert.strictEqual(flaky.state, "pending")
      assert.isTrue(Option.isSome(flaky.lastError))
      assert.deepStrictEqual(
        yield* OutboxWorker.deliverDue({ handlers, limit: 10, tenantId }),
        { claimed: 0, delivered: 0, failed: 0 },
        "not due before its retry time",
      )
      yield* TestClock.adjust(OutboxWorker.retryDelayMsOf(1))
      const second = yield* OutboxWorker.deliverDue({ handlers, limit: 10, tenantId })
      assert.deepStrictEqual(second, { claimed: 1, delivered: 1, failed: 0 })
      assert.deepStrictEqual(yield* Ref.get(received), ["event-ok", "event-flaky"])
      assert.strictEqual((yield* statusOf({ tenantId, eventId: "event-flaky" })).state, "delivered")
    }),
  ],
  [
    "DB-7 NOTIF-1: the outbox notifier enqueues an SMS once under its event id; redelivery sends it once",
    Effect.gen(function* () {
      const tenantId = yield* freshTenant
      const gateway = yield* Effect.gen(function* () {
        return { notifier: yield* Notifier.Notifier, sent: yield* Notifier.SentMessages }
      }).pipe(Effect.provide(Notifier.layerMemory))
      const outboxNotifier = yield* Notifier.Notifier.use(Effect.succeed).pipe(
        Effect.provide(Notifier.layerOutbox),
      )
      const sms: SmsMessage = {
        eventId: "paymentSuccessful/PI-DK/2024-25/000001/BN-DK/000001",
        tenantId,
        kind: "paymentSuccessful",
        mobile: "9999900036",
        text: "Payment of Rs. 250.00",
      }
      assert.strictEqual(yield* outboxNotifier.send(sms), "sent")
      assert.strictEqual(yield* outboxNotifier.send({ ...sms, text: "changed" }), "alreadySent")
      assert.deepStrictEqual(yield* gateway.sent.all, [], "nothing is sent before the worker runs")
      const handlers = { [Notifier.smsTopic]: Notifier.smsHandler(gateway.notifier) }
      const claimed = yield* claimAs("worker-a", tenantId, yield* DateTime.now)
      assert.strictEqual(claimed.length, 1)
      // A worker that crashed after sending but before marking delivered:
      // the message is delivered again, and the gateway sends it once.
      for (const message of claimed) yield* Notifier.smsHandler(gateway.notifier)(message)
      yield* TestClock.adjust(60_000)
      const report = yield* OutboxWorker.deliverDue({ handlers, limit: 10, tenantId })
      assert.deepStrictEqual(report, { claimed: 1, delivered: 1, failed: 0 })
      assert.deepStrictEqual(yield* gateway.sent.all, [sms])
    }),
  ],
]

/**
 * Registers the `Outbox` conformance tests for one implementation (DB-7),
 * with the outbox worker and the outbox notifier on top of it.
 *
 * @since 0.1.0
 * @category testing
 */
export const OutboxSuite = <E>(name: string, layer: Layer.Layer<Outbox.Outbox, E>): void =>
  registerConformanceLaws(name, layer, outboxLaws)

const remembered = (requestHash: string, status = 201): IdempotencyKeys.RememberedResponse => ({
  requestHash,
  status,
  body: { id: "3f0c8a52-2b1e-4c1a-9d47-6a9f1b0f8e11", number: "PI-DK/2024-25/000001", lines: [1, 2] },
})

const idempotencyKeysLaws: ReadonlyArray<ConformanceLaw<IdempotencyKeys.IdempotencyKeys>> = [
  [
    "API-4: an unknown key has no remembered response; a remembered one is returned for its key",
    Effect.gen(function* () {
      const keys = yield* IdempotencyKeys.IdempotencyKeys
      const tenantId = yield* freshTenant
      const ref = { tenantId, key: "key-1" }
      assert.deepStrictEqual(yield* keys.lookup(ref), Option.none())
      const response = remembered(IdempotencyKeys.requestHashOf({ body: { a: 1 } }))
      yield* keys.remember({ ...ref, ...response })
      assert.deepStrictEqual(yield* keys.lookup(ref), Option.some(response))
    }),
  ],
  [
    "API-4: remembering the same key and request again is a no-op; the first response stays",
    Effect.gen(function* () {
      const keys = yield* IdempotencyKeys.IdempotencyKeys
      const tenantId = yield* freshTenant
      const ref = { tenantId, key: "key-1" }
      const response = remembered("a".repeat(64))
      yield* keys.remember({ ...ref, ...response })
      yield* keys.remember({ ...ref, ...response, status: 200, body: { other: true } })
      assert.deepStrictEqual(yield* keys.lookup(ref), Option.some(response))
    }),
  ],
  [
    "API-4: the same key with a different request is refused with IDEMPOTENCY_KEY_REUSED",
    Effect.gen(function* () {
      const keys = yield* IdempotencyKeys.IdempotencyKeys
      const tenantId = yield* freshTenant
      const ref = { tenantId, key: "key-1" }
      const response = remembered("a".repeat(64))
      yield* keys.remember({ ...ref, ...response })
      const refused = yield* Effect.flip(keys.remember({ ...ref, ...remembered("b".repeat(64)) }))
      assert.strictEqual(refused._tag, "IdempotencyKeyReused")
      assert.strictEqual(refused.code, "IDEMPOTENCY_KEY_REUSED")
      assert.deepStrictEqual(yield* keys.lookup(ref), Option.some(response))
    }),
  ],
  [
    "API-4 TEN-1: keys are per tenant",
    Effect.gen(function* () {
      const keys = yield* IdempotencyKeys.IdempotencyKeys
      const tenantId = yield* freshTenant
      const otherTenantId = yield* freshTenant
      yield* keys.remember({ tenantId, key: "key-1", ...remembered("a".repeat(64)) })
      assert.deepStrictEqual(yield* keys.lookup({ tenantId: otherTenantId, key: "key-1" }), Option.none())
      yield* keys.remember({ tenantId: otherTenantId, key: "key-1", ...remembered("b".repeat(64)) })
      assert.strictEqual(
        Option.getOrUndefined(yield* keys.lookup({ tenantId: otherTenantId, key: "key-1" }))?.requestHash,
        "b".repeat(64),
      )
    }),
  ],
  [
    "API-4: of concurrent remembers of one key with different requests, exactly one is kept",
    Effect.gen(function* () {
      const keys = yield* IdempotencyKeys.IdempotencyKeys
      const tenantId = yield* freshTenant
      const hashes = ["a", "b", "c", "d", "e"].map((digit) => digit.repeat(64))
      const exits = yield* Effect.all(
        hashes.map((hash) => Effect.exit(keys.remember({ tenantId, key: "key-1", ...remembered(hash) }))),
        { concurrency: "unbounded" },
      )
      assert.strictEqual(exits.filter(Exit.isSuccess).length, 1)
      const kept = Option.getOrUndefined(yield* keys.lookup({ tenantId, key: "key-1" }))
      assert.strictEqual(kept?.requestHash, hashes[exits.findIndex(Exit.isSuccess)])
    }),
  ],
  [
    "API-4: the first claim of a key is the caller's; after its response is remembered a claim returns it",
    Effect.gen(function* () {
      const keys = yield* IdempotencyKeys.IdempotencyKeys
      const tenantId = yield* freshTenant
      const ref = { tenantId, key: "key-1" }
      const response = remembered("a".repeat(64))
      assert.deepStrictEqual(yield* keys.claim({ ...ref, requestHash: response.requestHash }), {
        _tag: "Claimed",
      })
      assert.deepStrictEqual(yield* keys.lookup(ref), Option.none())
      yield* keys.remember({ ...ref, ...response })
      assert.deepStrictEqual(yield* keys.claim({ ...ref, requestHash: response.requestHash }), {
        _tag: "Remembered",
        response,
      })
      const refused = yield* Effect.flip(keys.claim({ ...ref, requestHash: "b".repeat(64) }))
      assert.strictEqual(refused.code, "IDEMPOTENCY_KEY_REUSED")
    }),
  ],
  [
    "API-4: an unfinished claim refuses another request under the key and, committed, reports the same request in progress",
    Effect.gen(function* () {
      const keys = yield* IdempotencyKeys.IdempotencyKeys
      const tenantId = yield* freshTenant
      const ref = { tenantId, key: "key-1" }
      yield* keys.claim({ ...ref, requestHash: "a".repeat(64) })
      const other = yield* Effect.flip(keys.claim({ ...ref, requestHash: "b".repeat(64) }))
      assert.strictEqual(other.code, "IDEMPOTENCY_KEY_REUSED")
      const same = yield* Effect.flip(keys.claim({ ...ref, requestHash: "a".repeat(64) }))
      assert.strictEqual(same.code, "IDEMPOTENCY_KEY_IN_PROGRESS")
      assert.strictEqual(same.category, "conflict")
    }),
  ],
  [
    "API-4 ERR-2: a released claim frees its key; releasing never forgets a remembered response",
    Effect.gen(function* () {
      const keys = yield* IdempotencyKeys.IdempotencyKeys
      const tenantId = yield* freshTenant
      const ref = { tenantId, key: "key-1" }
      yield* keys.claim({ ...ref, requestHash: "a".repeat(64) })
      yield* keys.release(ref)
      assert.deepStrictEqual(yield* keys.claim({ ...ref, requestHash: "b".repeat(64) }), { _tag: "Claimed" })
      const response = remembered("b".repeat(64))
      yield* keys.remember({ ...ref, ...response })
      yield* keys.release(ref)
      assert.deepStrictEqual(yield* keys.lookup(ref), Option.some(response))
    }),
  ],
  [
    "API-4: of concurrent claims of one key, exactly one is granted",
    Effect.gen(function* () {
      const keys = yield* IdempotencyKeys.IdempotencyKeys
      const tenantId = yield* freshTenant
      const exits = yield* Effect.all(
        Array.from({ length: 8 }, () =>
          Effect.exit(keys.claim({ tenantId, key: "key-1", requestHash: "a".repeat(64) })),
        ),
        { concurrency: "unbounded" },
      )
      assert.strictEqual(exits.filter(Exit.isSuccess).length, 1)
      for (const exit of exits.filter(Exit.isFailure))
        assert.include(String(exit.cause), "IdempotencyKeyInProgress")
    }),
  ],
]

/**
 * Registers the `IdempotencyKeys` conformance tests for one implementation
 * (API-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const IdempotencyKeysSuite = <E>(
  name: string,
  layer: Layer.Layer<IdempotencyKeys.IdempotencyKeys, E>,
): void => registerConformanceLaws(name, layer, idempotencyKeysLaws)

class ProbeFailure {
  readonly _tag = "ProbeFailure"
}

const unitOfWorkLaws: ReadonlyArray<ConformanceLaw<UnitOfWork.UnitOfWork>> = [
  [
    "DB-5: a transaction returns its effect's value",
    Effect.gen(function* () {
      assert.strictEqual(yield* UnitOfWork.transaction(Effect.succeed(42)), 42)
    }),
  ],
  [
    "DB-5 ERR-2: a transaction fails with its effect's own error, unchanged",
    Effect.gen(function* () {
      const failure = new ProbeFailure()
      const error = yield* Effect.flip(UnitOfWork.transaction(Effect.fail(failure)))
      assert.strictEqual(error, failure)
    }),
  ],
  [
    "DB-5: a defect in a transaction stays a defect",
    Effect.gen(function* () {
      const exit = yield* Effect.exit(UnitOfWork.transaction(Effect.die("boom")))
      assert.isTrue(Exit.hasDies(exit))
    }),
  ],
  [
    "DB-5: transactions nest, and an inner failure can be recovered within the outer one",
    Effect.gen(function* () {
      const inner = UnitOfWork.transaction(Effect.fail(new ProbeFailure()))
      const value = yield* UnitOfWork.transaction(
        Effect.map(
          Effect.catch(inner, () => Effect.succeed("recovered")),
          (text) => `${text}!`,
        ),
      )
      assert.strictEqual(value, "recovered!")
    }),
  ],
]

/**
 * Registers the `UnitOfWork` conformance tests for one implementation
 * (DB-5): values, errors and defects pass through unchanged, and
 * transactions nest. Rollback needs a transactional store:
 * `UnitOfWorkRollbackSuite` proves it.
 *
 * @since 0.1.0
 * @category testing
 */
export const UnitOfWorkSuite = <E>(name: string, layer: Layer.Layer<UnitOfWork.UnitOfWork, E>): void =>
  registerConformanceLaws(name, layer, unitOfWorkLaws)

type RollbackPorts = UnitOfWork.UnitOfWork | AuditLog.AuditLog | Outbox.Outbox

const auditAndOutbox = (tenantId: TenantId.TenantId) =>
  Effect.gen(function* () {
    yield* AuditLog.append(sampleAuditRecord(tenantId, 1))
    yield* Outbox.enqueue(sampleOutboxMessage(tenantId, "event-1"))
  })

const unitOfWorkRollbackLaws: ReadonlyArray<ConformanceLaw<RollbackPorts>> = [
  [
    "DB-5: an audit record and an outbox message written in one transaction commit together",
    Effect.gen(function* () {
      const tenantId = yield* freshTenant
      yield* UnitOfWork.transaction(auditAndOutbox(tenantId))
      const rows = yield* AuditLog.AuditLog.use((auditLog) =>
        auditLog.list(tenantId, { afterSequence: 0, limit: 10 }),
      )
      assert.strictEqual(rows.length, 1)
      const message = yield* Outbox.Outbox.use((outbox) => outbox.find({ tenantId, eventId: "event-1" }))
      assert.isTrue(Option.isSome(message))
    }),
  ],
  [
    "DB-5 ERR-2: a failure in the transaction rolls back its audit record and outbox message together",
    Effect.gen(function* () {
      const tenantId = yield* freshTenant
      const failure = new ProbeFailure()
      const error = yield* Effect.flip(
        UnitOfWork.transaction(Effect.andThen(auditAndOutbox(tenantId), Effect.fail(failure))),
      )
      assert.strictEqual(error, failure)
      const rows = yield* AuditLog.AuditLog.use((auditLog) =>
        auditLog.list(tenantId, { afterSequence: 0, limit: 10 }),
      )
      assert.deepStrictEqual(rows, [])
      const message = yield* Outbox.Outbox.use((outbox) => outbox.find({ tenantId, eventId: "event-1" }))
      assert.deepStrictEqual(message, Option.none())
      assert.deepStrictEqual(yield* AuditLog.AuditLog.use((auditLog) => auditLog.verify(tenantId)), {
        _tag: "Intact",
        rows: 0,
      })
    }),
  ],
  [
    "DB-5: a defect in the transaction rolls back too, and the chain continues from the last commit",
    Effect.gen(function* () {
      const tenantId = yield* freshTenant
      yield* UnitOfWork.transaction(AuditLog.append(sampleAuditRecord(tenantId, 1)))
      yield* Effect.exit(
        UnitOfWork.transaction(
          Effect.andThen(AuditLog.append(sampleAuditRecord(tenantId, 2)), Effect.die("crash")),
        ),
      )
      const next = yield* UnitOfWork.transaction(AuditLog.append(sampleAuditRecord(tenantId, 3)))
      assert.strictEqual(next.sequence, 2)
      assert.deepStrictEqual(yield* AuditLog.AuditLog.use((auditLog) => auditLog.verify(tenantId)), {
        _tag: "Intact",
        rows: 2,
      })
    }),
  ],
]

/**
 * Registers the rollback tests of a transactional `UnitOfWork` with the
 * `AuditLog` and `Outbox` of the same store (DB-5, ERR-2). Memory stores
 * keep no undo log, so only database implementations run it.
 *
 * @since 0.1.0
 * @category testing
 */
export const UnitOfWorkRollbackSuite = <E>(name: string, layer: Layer.Layer<RollbackPorts, E>): void =>
  registerConformanceLaws(name, layer, unitOfWorkRollbackLaws)
