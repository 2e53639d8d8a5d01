/**
 * The scheduled JIT run of a deployment (PI-P-1, PI-P-2, DB-7): for every
 * tenant, the JIT calls due now (`Payments.JitRun.runDueCalls`), then the
 * SMS waiting in the outbox. What is due comes from the PIs' durable state
 * and every call holds its PI's lease, so running this from several
 * processes at once is safe; it only wastes calls that find the lease taken.
 *
 * Two drivers share `runOnce`:
 * - `inProcess`: a loop in this process, ticking on the (possibly fast demo)
 *   clock; used on embedded PGlite, which one process owns anyway;
 * - on server Postgres, `karya serve` lets pg-boss fire the run once a minute
 *   from whichever process is free (`PgJobSchedule`), so a fleet of API
 *   processes makes one run at a time.
 *
 * @since 0.1.0
 */
import { type Config, Payments, Persistence } from "@karya/core"
import { type Duration, Effect } from "effect"

/**
 * A tenant the scheduler runs for; its settings are its configuration, read
 * from `Config.TenantSettings` by the run.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduledTenant {
  readonly tenantId: Config.TenantId.TenantId
}

/**
 * What one run did, per tenant.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunSummary {
  readonly tenantId: Config.TenantId.TenantId
  readonly entries: ReadonlyArray<Payments.JitRun.RunEntry>
  readonly failure?: string
}

/**
 * How many outbox messages one run delivers at most.
 *
 * @since 0.1.0
 * @category models
 */
export const outboxBatchMax = 100

/**
 * One run: the due JIT calls of every tenant, then the outbox. A tenant whose
 * run fails (a store unavailable) is reported and the others go on.
 *
 * @since 0.1.0
 * @category constructors
 */
export const runOnce = (options: {
  readonly tenants: ReadonlyArray<ScheduledTenant>
  readonly smsGateway: Payments.Notifier.NotifierShape
}) =>
  Effect.gen(function* () {
    const summaries = yield* Effect.forEach(options.tenants, (tenant) =>
      Payments.JitRun.runDueCalls({ tenantId: tenant.tenantId }).pipe(
        Effect.map((entries): RunSummary => ({ tenantId: tenant.tenantId, entries })),
        Effect.catch((error) =>
          Effect.succeed<RunSummary>({ tenantId: tenant.tenantId, entries: [], failure: error.message }),
        ),
      ),
    )
    const delivery = yield* Persistence.OutboxWorker.deliverDue({
      handlers: { [Payments.Notifier.smsTopic]: Payments.Notifier.smsHandler(options.smsGateway) },
      limit: outboxBatchMax,
    }).pipe(Effect.catch(() => Effect.succeed({ claimed: 0, delivered: 0, failed: 0 })))
    return { summaries, delivery }
  })

/**
 * Runs `runOnce` every `interval` (real time) until interrupted, handing each
 * run's result to `onRun`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const inProcess = <E, R>(options: {
  readonly tenants: ReadonlyArray<ScheduledTenant>
  readonly smsGateway: Payments.Notifier.NotifierShape
  readonly interval: Duration.Input
  readonly onRun: (run: Effect.Success<ReturnType<typeof runOnce>>) => Effect.Effect<void, E, R>
}) =>
  Effect.forever(
    runOnce(options).pipe(Effect.flatMap(options.onRun), Effect.andThen(Effect.sleep(options.interval))),
  )
