/**
 * A recurring job across processes on server Postgres, driven by pg-boss
 * (TECH-8: a maintained Postgres job library instead of our own cron and
 * election). pg-boss keeps the schedule and the queue in its own schema;
 * the queue's `singleton` policy lets at most one job be active at a time,
 * so a fleet of `karya serve` processes makes one run at a time, and a run
 * whose process dies is retried by another once its lease expires.
 *
 * The job carries no business rule: it only calls the effect it is given
 * (for Karya, the JIT run: `JitScheduler.runOnce` in `@karya/http`).
 *
 * @since 0.1.0
 */
import { Effect, Redacted, type Scope } from "effect"
import { PgBoss } from "pg-boss"

/**
 * The options of a recurring job.
 *
 * @since 0.1.0
 * @category models
 */
export interface JobScheduleOptions {
  readonly url: Redacted.Redacted<string>
  /** The queue's name, e.g. `karya-jit-run`. */
  readonly queue: string
  /** A cron expression; pg-boss's resolution is one minute. */
  readonly cron: string
  /** The zone the cron expression is read in (the tenant's, e.g. Asia/Kolkata). */
  readonly timeZone: string
  /** What one run does; its failure fails the job, which pg-boss retries. */
  readonly work: () => Promise<void>
}

/**
 * Starts pg-boss, declares the queue and its schedule, and works the queue
 * until the scope closes (then stops gracefully).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: JobScheduleOptions): Effect.Effect<PgBoss, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const boss = new PgBoss({ connectionString: Redacted.value(options.url), max: 2 })
        boss.on("error", () => undefined)
        await boss.start()
        await boss.createQueue(options.queue, { policy: "singleton" })
        await boss.schedule(options.queue, options.cron, null, { tz: options.timeZone })
        await boss.work(options.queue, async () => {
          await options.work()
        })
        return boss
      },
      catch: (cause) => new Error(`the job schedule ${options.queue} could not start: ${String(cause)}`),
    }),
    (boss) => Effect.promise(() => boss.stop({ graceful: true, timeout: 10_000 })),
  )
