/**
 * The status checks that found nothing new on PostgreSQL and PGlite
 * (PI-P-1, issue 11): one row of `payment_instruction_checks` per (tenant,
 * PI number, service), written by one upsert that keeps the later instant,
 * so concurrent or late writers never move a record back. Needs migration
 * 0013.
 *
 * @since 0.1.0
 */
import { Payments } from "@karya/core"
import { DateTime, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { decodeRows } from "./internal/RepositoryRows.js"
import { storeFailures } from "./PgAggregateStore.js"

const Service = Payments.PaymentInstructionChecks.PaymentInstructionChecks

const CheckRow = Schema.Struct({
  payment_instruction_number: Schema.String,
  service: Payments.JitService.PaymentInstructionService,
  at: Schema.DateTimeUtcFromString,
})

// Postgres keeps microseconds and the session's zone; the port's instants are
// UTC milliseconds, so an instant is read back as ISO text in UTC.
const atColumn = `to_char(checked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

const failures = storeFailures("PaymentInstructionChecks")

/**
 * The Postgres checks store (needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<
  Payments.PaymentInstructionChecks.PaymentInstructionChecks,
  never,
  SqlClient.SqlClient
> = Layer.effect(
  Service,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    return Service.of({
      record: (check) =>
        sql`
          INSERT INTO payment_instruction_checks (tenant_id, payment_instruction_number, service, checked_at)
          VALUES (${check.tenantId}, ${check.paymentInstructionNumber}, ${check.service},
            ${DateTime.formatIso(check.at)}::timestamptz)
          ON CONFLICT (tenant_id, payment_instruction_number, service)
          DO UPDATE SET checked_at = GREATEST(payment_instruction_checks.checked_at, EXCLUDED.checked_at)`.pipe(
          Effect.asVoid,
          failures,
        ),
      checkedSince: (request) =>
        sql`
          SELECT payment_instruction_number, service, ${sql.literal(atColumn)} AS at
          FROM payment_instruction_checks
          WHERE tenant_id = ${request.tenantId}
            AND checked_at >= ${DateTime.formatIso(request.from)}::timestamptz
          LIMIT ${request.itemsMax + 1}`.pipe(
          failures,
          Effect.flatMap(decodeRows(CheckRow)),
          Effect.map((rows) =>
            rows.map(
              (row): Payments.PaymentInstructionChecks.Check => ({
                tenantId: request.tenantId,
                paymentInstructionNumber: row.payment_instruction_number,
                service: row.service,
                at: row.at,
              }),
            ),
          ),
        ),
    })
  }),
)
