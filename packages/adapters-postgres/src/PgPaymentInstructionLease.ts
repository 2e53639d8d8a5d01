/**
 * The in-flight rule on PostgreSQL and PGlite (PI-P-2): one row of
 * `job_leases` per (tenant, subject). `acquire` is one conditional upsert
 * (`INSERT … ON CONFLICT (tenant_id, subject) DO UPDATE … WHERE the lease
 * has expired or is the holder's own RETURNING …`): the row lock makes the
 * check and the take one step, so of concurrent takers, in any number of
 * processes, exactly one gets a free lease. "Now" is read from `Clock` and
 * passed to the statement, so expiry follows `TestClock` in tests and the
 * application's clock in production (not the database server's).
 *
 * A lease is meant to be taken outside the use case's transaction (before
 * the JIT call), so other runs see it at once.
 *
 * @since 0.1.0
 */
import { Payments } from "@karya/core"
import { Clock, DateTime, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { decodeRows, failAs } from "./internal/RepositoryRows.js"

const Service = Payments.PaymentInstructionLease.PaymentInstructionLease
const PaymentInstructionBusy = Payments.PaymentInstructionLease.PaymentInstructionBusy
const PaymentInstructionLeaseUnavailable = Payments.PaymentInstructionLease.PaymentInstructionLeaseUnavailable

type Lease = Payments.PaymentInstructionLease.Lease
type LeaseRequest = Payments.PaymentInstructionLease.LeaseRequest

const HolderRow = Schema.Struct({ holder: Schema.String })
// epoch milliseconds as text (bigint)
const ExpiryRow = Schema.Struct({ expires_at_ms: Schema.String })

const instant = (epochMillis: number): string => DateTime.formatIso(DateTime.makeUnsafe(epochMillis))

// A holder that released between the failed take and the read of who holds
// the lease makes the take worth one more try; after these, report busy.
const attemptsMax = 3

/**
 * The Postgres lease store (needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<
  Payments.PaymentInstructionLease.PaymentInstructionLease,
  never,
  SqlClient.SqlClient
> = Layer.effect(
  Service,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const unavailable = (tenantId: string) =>
      failAs((reason) => new PaymentInstructionLeaseUnavailable({ tenantId, reason }))

    const take = (request: LeaseRequest, nowMs: number, expiresAtMs: number) =>
      sql`
          INSERT INTO job_leases (tenant_id, subject, holder, expires_at)
          VALUES (${request.tenantId}, ${request.subject}, ${request.holder}, ${instant(expiresAtMs)}::timestamptz)
          ON CONFLICT (tenant_id, subject) DO UPDATE
            SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE job_leases.expires_at <= ${instant(nowMs)}::timestamptz
              OR job_leases.holder = excluded.holder
          RETURNING holder`.pipe(
        Effect.catch(unavailable(request.tenantId)),
        Effect.flatMap(decodeRows(HolderRow)),
      )

    const currentExpiry = (request: LeaseRequest) =>
      sql`
          SELECT (extract(epoch FROM expires_at) * 1000)::bigint::text AS expires_at_ms
          FROM job_leases
          WHERE tenant_id = ${request.tenantId} AND subject = ${request.subject}`.pipe(
        Effect.catch(unavailable(request.tenantId)),
        Effect.flatMap(decodeRows(ExpiryRow)),
      )

    const acquire = (
      request: LeaseRequest,
      attempt: number,
    ): Effect.Effect<
      Lease,
      | Payments.PaymentInstructionLease.PaymentInstructionBusy
      | Payments.PaymentInstructionLease.PaymentInstructionLeaseUnavailable
    > =>
      Effect.gen(function* () {
        const nowMs = yield* Clock.currentTimeMillis
        const expiresAtMs = nowMs + request.durationMs
        const taken = yield* take(request, nowMs, expiresAtMs)
        if (taken.length === 1) {
          return {
            tenantId: request.tenantId,
            subject: request.subject,
            holder: request.holder,
            expiresAtMs,
          }
        }
        const current = yield* currentExpiry(request)
        const heldUntil = current[0]
        if (heldUntil === undefined && attempt < attemptsMax) return yield* acquire(request, attempt + 1)
        return yield* new PaymentInstructionBusy({
          tenantId: request.tenantId,
          subject: request.subject,
          expiresAtMs: heldUntil === undefined ? expiresAtMs : Number(heldUntil.expires_at_ms),
        })
      })

    return Service.of({
      acquire: (request) => acquire(request, 1),
      release: (lease) =>
        sql`
            DELETE FROM job_leases
            WHERE tenant_id = ${lease.tenantId} AND subject = ${lease.subject} AND holder = ${lease.holder}`.pipe(
          Effect.asVoid,
          Effect.catch(unavailable(lease.tenantId)),
        ),
    })
  }),
)
