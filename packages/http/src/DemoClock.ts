/**
 * The demo's fast clock: business time starts at a chosen instant and runs
 * `speed` times faster than the wall clock, so the daily JIT schedule
 * (21:00 re-push, 22:00 status polls, 22:15 advice) plays out in seconds
 * while the API and the simulator run for real. Sleeping stays in real time,
 * so a scheduler that ticks every second advances `speed` seconds of
 * business time per tick.
 *
 * Only the demo (`npm start`) uses it; `karya serve` runs on the real clock.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Layer } from "effect"

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
 * A clock running `speed` times faster than `realClock`, starting at `startMs`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: DemoClockOptions): Clock.Clock => {
  const realStartMs = options.realClock.currentTimeMillisUnsafe()
  const nowMs = (): number =>
    Math.floor(options.startMs + (options.realClock.currentTimeMillisUnsafe() - realStartMs) * options.speed)
  const nowNanos = (): bigint => BigInt(nowMs()) * 1_000_000n
  return {
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
}

/**
 * A layer replacing the clock with a fast one on top of the current clock.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: { readonly startMs: number; readonly speed: number }) =>
  Layer.effect(
    Clock.Clock,
    Effect.clockWith((realClock) => Effect.succeed(make({ ...options, realClock }))),
  )
