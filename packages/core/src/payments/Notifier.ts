/**
 * The notifier port (NOTIF-1, ARCH-3): sends an SMS for a notification
 * event, at most once per event id and tenant. An SMS gateway adapter keeps
 * the ids it has sent; `layerMemory` records the messages in memory, readable
 * through `SentMessages`, for tests and demos.
 *
 * `layerOutbox` is the `Notifier` of a deployment: it enqueues each SMS in
 * the transactional outbox (DB-7) under the notification's own event id, so
 * a crash after the commit neither loses the SMS (it is in the outbox) nor
 * sends it twice (`smsHandler` hands it to the gateway, which sends an event
 * id once). It lives here rather than in `persistence`, so the outbox port
 * knows nothing of payments (ARCH-1: no cycle between the modules).
 *
 * @since 0.1.0
 */
import { Context, DateTime, Effect, Layer, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { type ClaimedMessage, Outbox } from "../persistence/Outbox.js"
import { SmsMessage } from "./Notification.js"

/**
 * The SMS gateway could not take the message; nothing was sent, so retrying
 * is safe.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotifierUnavailable extends Schema.TaggedError<NotifierUnavailable>(
  "@karya/core/payments/NotifierUnavailable",
)("NotifierUnavailable", { eventId: Schema.String, reason: Schema.String }) {
  static readonly code = "NOTIFIER_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = NotifierUnavailable.code
  readonly category = NotifierUnavailable.category
  readonly retryable = true
  override get message(): string {
    return `The SMS for event ${this.eventId} could not be sent (${this.reason}); it will be sent on the next attempt.`
  }
}

/**
 * Whether a message was sent now or had been sent before.
 *
 * @since 0.1.0
 * @category models
 */
export type SendResult = "sent" | "alreadySent"

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface NotifierShape {
  /** Sends the message unless its event id was already sent for the tenant. */
  readonly send: (message: SmsMessage) => Effect.Effect<SendResult, NotifierUnavailable>
}

/**
 * The notifier port.
 *
 * @since 0.1.0
 * @category services
 */
export class Notifier extends Context.Service<Notifier, NotifierShape>()("@karya/core/payments/Notifier") {}

/**
 * What `layerMemory` has sent, in order.
 *
 * @since 0.1.0
 * @category models
 */
export interface SentMessagesShape {
  readonly all: Effect.Effect<ReadonlyArray<SmsMessage>>
  readonly ofTenant: (tenantId: TenantId) => Effect.Effect<ReadonlyArray<SmsMessage>>
}

/**
 * The messages `layerMemory` sent.
 *
 * @since 0.1.0
 * @category services
 */
export class SentMessages extends Context.Service<SentMessages, SentMessagesShape>()(
  "@karya/core/payments/SentMessages",
) {}

const keyOf = (message: SmsMessage): string => JSON.stringify([message.tenantId, message.eventId])

/**
 * An in-memory notifier that records messages instead of sending them. Each
 * send is one synchronous step on a mutable list and set (atomic, as a `Ref`
 * would be, and O(1)); reads return a copy.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<Notifier | SentMessages> = Layer.syncContext(() => {
  const order: Array<SmsMessage> = []
  const keys = new Set<string>()
  const notifier = Notifier.of({
    send: (message) =>
      Effect.sync((): SendResult => {
        const key = keyOf(message)
        if (keys.has(key)) return "alreadySent"
        keys.add(key)
        order.push(message)
        return "sent"
      }),
  })
  const sentMessages = SentMessages.of({
    all: Effect.sync(() => [...order]),
    ofTenant: (tenantId) => Effect.sync(() => order.filter((message) => message.tenantId === tenantId)),
  })
  return Context.make(Notifier, notifier).pipe(Context.add(SentMessages, sentMessages))
})

/**
 * The outbox topic of SMS notifications (payload: an encoded `SmsMessage`).
 *
 * @since 0.1.0
 * @category models
 */
export const smsTopic = "sms"

/**
 * A `Notifier` that enqueues each SMS in the outbox (topic `smsTopic`,
 * event id the notification's own), due now, instead of sending it: inside
 * the use case's transaction the SMS commits with the change (DB-5, DB-7,
 * NOTIF-1). `sent` means enqueued now; `alreadySent`, enqueued before.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerOutbox: Layer.Layer<Notifier, never, Outbox> = Layer.effect(
  Notifier,
  Effect.gen(function* () {
    const outbox = yield* Outbox
    return Notifier.of({
      send: (message) =>
        Effect.gen(function* () {
          const availableAt = yield* DateTime.now
          const result = yield* outbox.enqueue({
            tenantId: message.tenantId,
            eventId: message.eventId,
            topic: smsTopic,
            payload: Schema.encodeSync(SmsMessage)(message),
            availableAt,
          })
          return result === "enqueued" ? "sent" : "alreadySent"
        }).pipe(
          Effect.mapError(
            (error) => new NotifierUnavailable({ eventId: message.eventId, reason: error.reason }),
          ),
        ),
    })
  }),
)

/**
 * The outbox worker's handler of `smsTopic` (`OutboxWorker.deliverDue`):
 * decodes the SMS and sends it through the gateway's notifier, which sends
 * an event id at most once (NOTIF-1), so a redelivery sends nothing twice.
 *
 * @since 0.1.0
 * @category constructors
 */
export const smsHandler =
  (gateway: NotifierShape) =>
  (message: ClaimedMessage): Effect.Effect<void, NotifierUnavailable | Schema.SchemaError> =>
    Effect.flatMap(Schema.decodeUnknownEffect(SmsMessage)(message.payload), (sms) =>
      Effect.asVoid(gateway.send(sms)),
    )
