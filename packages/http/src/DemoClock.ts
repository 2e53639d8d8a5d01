/**
 * The demo's fast clock: business time starts at a chosen instant and runs
 * `speed` times faster than the wall clock, so the daily JIT schedule
 * (21:00 re-push, 22:00 status polls, 22:15 advice) plays out in seconds
 * while the API and the simulator run for real. Sleeping stays in real time,
 * so a scheduler that ticks every second advances `speed` seconds of
 * business time per tick.
 *
 * Only the demo (`npm start`) uses it; `karya serve` runs on the real clock.
 * It is business time only: bearer tokens are issued and checked on the
 * real clock, which the demo gives `Auth.SecurityClock` (API-2).
 *
 * @since 0.1.0
 */
import { Clock, Effect, Option } from "effect"
import * as Auth from "./Auth.js"

/**
 * The options of a fast clock.
 *
 * @since 0.1.0
 * @category models
 */
export interface DemoClockOptions {
  /** Business time at the moment the clock is made, in Unix milliseconds. */
  readonly startMs: number
  /** How many business milliseconds pass per real millisecond. */
  readonly speed: number
  /** The real clock it runs on (Effect's default clock in production). */
  readonly realClock: Clock.Clock
}

/**
 * A fast clock that can also be moved forward by hand (`advance`), for
 * end-to-end tests that drive the daily JIT slots over real sockets: with
 * `speed` 0 business time stands still until advanced, while sleeps and
 * socket timeouts keep running in real time. `provide` runs an effect on
 * it: its `Clock` is business time, while bearer tokens are issued and
 * checked on the real clock (`Auth.SecurityClock`, API-2).
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeAdjustable = (
  options: DemoClockOptions,
): {
  readonly clock: Clock.Clock
  readonly advance: (milliseconds: number) => void
  readonly setSpeed: (speed: number) => void
  readonly provide: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
} => {
  let realStartMs = options.realClock.currentTimeMillisUnsafe()
  let startMs = options.startMs
  let speed = options.speed
  const nowMs = (): number =>
    Math.floor(startMs + (options.realClock.currentTimeMillisUnsafe() - realStartMs) * speed)
  const nowNanos = (): bigint => BigInt(nowMs()) * 1_000_000n
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: nowMs,
    currentTimeNanosUnsafe: nowNanos,
    monotonicTimeNanosUnsafe: () => options.realClock.monotonicTimeNanosUnsafe(),
    get currentTimeMillis() {
      return Effect.sync(nowMs)
    },
    get currentTimeNanos() {
      return Effect.sync(nowNanos)
    },
    get monotonicTimeNanos() {
      return options.realClock.monotonicTimeNanos
    },
    sleep: (duration) => options.realClock.sleep(duration),
  }
  return {
    clock,
    provide: (effect) =>
      effect.pipe(
        Effect.provideService(Clock.Clock, clock),
        Effect.provideService(Auth.SecurityClock, Option.some(options.realClock)),
      ),
    advance: (milliseconds) => {
      startMs += milliseconds
    },
    setSpeed: (next) => {
      startMs = nowMs()
      realStartMs = options.realClock.currentTimeMillisUnsafe()
      speed = next
    },
  }
}
