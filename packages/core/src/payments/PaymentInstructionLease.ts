/**
 * The in-flight rule as a port (PI-P-2): before calling JIT for a payment
 * instruction (or for a head of account's VA) a run takes the subject's
 * lease; while one holder has it, nobody else does, so at most one JIT call
 * per PI is in flight. A lease ends when its holder releases it or when it
 * expires, so a crashed or timed-out run blocks the PI only until then and
 * the next run continues from the state the PI was left in.
 *
 * Leases are tenant-scoped. The time is read from `Clock`. A database
 * adapter implements `acquire` as one conditional upsert (`… ON CONFLICT …
 * WHERE expires_at <= now`). Every implementation passes
 * `PaymentInstructionLeaseSuite` from `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Ref, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"

/**
 * How long a lease lasts unless released: twice the longest JIT call
 * (a 30 s timeout, JIT-W-5, plus one re-login and retry, JIT-W-4) with room
 * for storing the result; a crashed run's PIs are free again after it.
 *
 * @since 0.1.0
 * @category models
 */
export const leaseDurationMsDefault = 150_000

/**
 * Someone else holds the subject's lease.
 *
 * @since 0.1.0
 * @category errors
 */
export class PaymentInstructionBusy extends Schema.TaggedError<PaymentInstructionBusy>(
  "@karya/core/payments/PaymentInstructionBusy",
)("PaymentInstructionBusy", { tenantId: Schema.String, subject: Schema.String, expiresAtMs: Schema.Number }) {
  static readonly code = "PAYMENT_INSTRUCTION_BUSY"
  static readonly category = "conflict"
  readonly code = PaymentInstructionBusy.code
  readonly category = PaymentInstructionBusy.category
  readonly retryable = true
  override get message(): string {
    return `A JIT call for ${this.subject} is already in progress; wait for it to finish and refresh again.`
  }
}

/**
 * The lease store could not be reached; no lease was taken.
 *
 * @since 0.1.0
 * @category errors
 */
export class PaymentInstructionLeaseUnavailable extends Schema.TaggedError<PaymentInstructionLeaseUnavailable>(
  "@karya/core/payments/PaymentInstructionLeaseUnavailable",
)("PaymentInstructionLeaseUnavailable", { tenantId: Schema.String, reason: Schema.String }) {
  static readonly code = "PAYMENT_INSTRUCTION_LEASE_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = PaymentInstructionLeaseUnavailable.code
  readonly category = PaymentInstructionLeaseUnavailable.category
  readonly retryable = true
  override get message(): string {
    return `The JIT call lock of ${this.tenantId} is unavailable (${this.reason}); no call was made, try again shortly.`
  }
}

/**
 * A lease held.
 *
 * @since 0.1.0
 * @category models
 */
export interface Lease {
  readonly tenantId: TenantId
  /** A PI number, or `VA/{head of account}`. */
  readonly subject: string
  /** Who holds it: a run or request id. */
  readonly holder: string
  readonly expiresAtMs: number
}

/**
 * What acquiring a lease names.
 *
 * @since 0.1.0
 * @category models
 */
export interface LeaseRequest {
  readonly tenantId: TenantId
  readonly subject: string
  readonly holder: string
  readonly durationMs: number
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface PaymentInstructionLeaseShape {
  /** Takes the lease when it is free, expired or already the holder's (renewing it). */
  readonly acquire: (
    request: LeaseRequest,
  ) => Effect.Effect<Lease, PaymentInstructionBusy | PaymentInstructionLeaseUnavailable>
  /** Gives the lease back; does nothing when the holder no longer holds it. */
  readonly release: (lease: Lease) => Effect.Effect<void, PaymentInstructionLeaseUnavailable>
}

/**
 * The lease port.
 *
 * @since 0.1.0
 * @category services
 */
export class PaymentInstructionLease extends Context.Service<
  PaymentInstructionLease,
  PaymentInstructionLeaseShape
>()("@karya/core/payments/PaymentInstructionLease") {}

const keyOf = (tenantId: TenantId, subject: string): string => JSON.stringify([tenantId, subject])

/**
 * Runs an effect while holding the subject's lease, and releases it after,
 * whatever the effect's end.
 *
 * @since 0.1.0
 * @category constructors
 */
export const withLease = <A, E, R>(
  request: LeaseRequest,
  effect: Effect.Effect<A, E, R>,
): Effect.Effect<
  A,
  E | PaymentInstructionBusy | PaymentInstructionLeaseUnavailable,
  R | PaymentInstructionLease
> =>
  Effect.acquireUseRelease(
    PaymentInstructionLease.use((leases) => leases.acquire(request)),
    () => effect,
    (lease) => PaymentInstructionLease.use((leases) => Effect.ignore(leases.release(lease))),
  )

/**
 * An in-memory lease store: leases in one `Ref`, taken atomically. Tests
 * and single-process demos only.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<PaymentInstructionLease> = Layer.effect(
  PaymentInstructionLease,
  Effect.map(Ref.make<ReadonlyMap<string, Lease>>(new Map()), (leases) =>
    PaymentInstructionLease.of({
      acquire: (request) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.flatMap(
            Ref.modify(
              leases,
              (held): readonly [Lease | PaymentInstructionBusy, ReadonlyMap<string, Lease>] => {
                const key = keyOf(request.tenantId, request.subject)
                const current = held.get(key)
                if (current !== undefined && current.expiresAtMs > now && current.holder !== request.holder) {
                  const busy = new PaymentInstructionBusy({
                    tenantId: request.tenantId,
                    subject: request.subject,
                    expiresAtMs: current.expiresAtMs,
                  })
                  return [busy, held]
                }
                const lease: Lease = {
                  tenantId: request.tenantId,
                  subject: request.subject,
                  holder: request.holder,
                  expiresAtMs: now + request.durationMs,
                }
                return [lease, new Map([...held, [key, lease]])]
              },
            ),
            (result) =>
              result instanceof PaymentInstructionBusy ? Effect.fail(result) : Effect.succeed(result),
          ),
        ),
      release: (lease) =>
        Ref.update(leases, (held) => {
          const key = keyOf(lease.tenantId, lease.subject)
          if (held.get(key)?.holder !== lease.holder) return held
          const next = new Map(held)
          next.delete(key)
          return next
        }),
    }),
  ),
)
