/**
 * The outbox worker (DB-7): claims the due messages, hands each to its
 * topic's handler and marks it delivered, or failed with a retry time that
 * backs off exponentially. A message is marked delivered only after its
 * handler succeeded, so a crash between the two delivers it again once the
 * claim expires: delivery is at least once, and handlers must be
 * idempotent by event id (the SMS gateway sends an event id once, NOTIF-1;
 * JIT receivers are keyed by PI number).
 *
 * The worker has no schedule of its own: a job scheduler calls
 * `deliverDue` (TECH-8). Time comes from `Clock`.
 *
 * @since 0.1.0
 */
import { Cause, DateTime, Effect, Exit } from "effect"
import * as EntityId from "../ids/EntityId.js"
import type { TenantId } from "../ids/TenantId.js"
import { type ClaimedMessage, Outbox, type OutboxUnavailable } from "./Outbox.js"

/**
 * How long a claim lasts by default: longer than any handler's call (a 30 s
 * JIT timeout plus one re-login and retry, JIT-W-4/5) with room to record
 * the outcome.
 *
 * @since 0.1.0
 * @category models
 */
export const leaseMsDefault = 150_000

/**
 * The first retry delay after a failure; each further failure doubles it.
 *
 * @since 0.1.0
 * @category models
 */
export const retryDelayMsBase = 30_000

/**
 * The longest retry delay: one hour, so a message stuck behind an outage is
 * tried again soon after it ends.
 *
 * @since 0.1.0
 * @category models
 */
export const retryDelayMsMax = 3_600_000

/**
 * The delay before the next attempt after `attempts` failed ones.
 *
 * @since 0.1.0
 * @category conversions
 */
export const retryDelayMsOf = (attempts: number): number =>
  Math.min(retryDelayMsMax, retryDelayMsBase * 2 ** Math.min(20, Math.max(0, attempts - 1)))

/**
 * A message's handler, by topic.
 *
 * @since 0.1.0
 * @category models
 */
export type Handlers<E, R> = Readonly<Record<string, (message: ClaimedMessage) => Effect.Effect<void, E, R>>>

/**
 * What one `deliverDue` run did.
 *
 * @since 0.1.0
 * @category models
 */
export interface DeliveryReport {
  readonly claimed: number
  readonly delivered: number
  readonly failed: number
}

/**
 * Options of a run: the handlers by topic and the batch size (≤
 * `Outbox.claimLimitMax`); the holder's name (a fresh id by default) and
 * the claim's lease; optionally only one tenant's messages.
 *
 * @since 0.1.0
 * @category models
 */
export interface DeliveryOptions<E, R> {
  readonly handlers: Handlers<E, R>
  readonly limit: number
  readonly holder?: string
  readonly leaseMs?: number
  readonly tenantId?: TenantId
}

const errorText = (cause: Cause.Cause<unknown>): string => {
  const error = Cause.squash(cause)
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}

/**
 * Delivers the due messages once: claims up to `limit`, runs each one's
 * handler in turn, and marks it delivered or failed. A handler's failure or
 * defect fails only its message; a topic without a handler fails too, so it
 * is retried once a handler is deployed.
 *
 * @since 0.1.0
 * @category constructors
 */
export const deliverDue = <E, R>(
  options: DeliveryOptions<E, R>,
): Effect.Effect<DeliveryReport, OutboxUnavailable, R | Outbox> =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    const holder = options.holder ?? (yield* EntityId.make)
    const now = yield* DateTime.now
    const claimed = yield* outbox.claimDue({
      now,
      limit: options.limit,
      holder,
      leaseMs: options.leaseMs ?? leaseMsDefault,
      ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
    })
    let delivered = 0
    for (const message of claimed) {
      const handler = options.handlers[message.topic]
      const exit: Exit.Exit<void, E | string> =
        handler === undefined
          ? Exit.fail(`no handler for topic ${message.topic}`)
          : yield* Effect.exit(handler(message))
      if (Exit.isSuccess(exit)) {
        yield* outbox.markDelivered(message)
        delivered += 1
      } else {
        const failedAt = yield* DateTime.now
        yield* outbox.markFailed(message, {
          retryAt: DateTime.add(failedAt, { milliseconds: retryDelayMsOf(message.attempts) }),
          error: errorText(exit.cause),
        })
      }
    }
    return { claimed: claimed.length, delivered, failed: claimed.length - delivered }
  })
