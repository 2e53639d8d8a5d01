/**
 * A Karya worker process that a test can kill (REL-1): the deployment's
 * ports (`KaryaApp.portsLayer`) on a database layer of its own scope (on
 * server Postgres its own connection pool), with a trap in the JIT gateway,
 * the stores' writes and the PI lease. The trap freezes the process at a
 * chosen point (before or after the n-th JIT call, before or after the n-th
 * store write, or after some real microseconds): from then on no JIT call,
 * write or lease move of the process goes on, held leases are never given
 * back (a dead process releases nothing), and the run's fiber is interrupted
 * (a transaction in flight rolls back, as when its connection drops). Closing
 * the process scope then ends its pool and its JIT client.
 */
import { Payments } from "@karya/core"
import { Context, Deferred, Duration, Effect, Exit, Fiber, Layer, Scope } from "effect"
import type { SqlClient } from "effect/sql"
import * as JitScheduler from "../../src/JitScheduler.js"
import * as KaryaApp from "../../src/KaryaApp.js"

/**
 * Where a process dies during one run: around its n-th JIT call or n-th store
 * write (1-based, counted from the start of the run), or after `micros` real
 * microseconds.
 */
export type CrashPoint =
  | { readonly kind: "jit" | "write"; readonly phase: "before" | "after"; readonly nth: number }
  | { readonly kind: "timer"; readonly micros: number }

interface Trap {
  crashed: boolean
  point: CrashPoint | undefined
  counts: { jit: number; write: number }
  fired: Deferred.Deferred<void>
}

const freeze = (trap: Trap) =>
  Effect.andThen(
    Effect.sync(() => {
      trap.crashed = true
    }),
    Effect.andThen(Deferred.succeed(trap.fired, undefined), Effect.never),
  )

/** Counts one step of a kind and dies before it when the point says so; gives the step's index. */
const before = (trap: Trap, kind: "jit" | "write") =>
  Effect.suspend(() => {
    if (trap.crashed) return Effect.never
    trap.counts[kind] += 1
    const index = trap.counts[kind]
    const point = trap.point
    const dies = point?.kind === kind && point.phase === "before" && point.nth === index
    return dies ? freeze(trap) : Effect.succeed(index)
  })

const after = (trap: Trap, kind: "jit" | "write", index: number) =>
  Effect.suspend(() => {
    if (trap.crashed) return Effect.never
    const point = trap.point
    const dies = point?.kind === kind && point.phase === "after" && point.nth === index
    return dies ? freeze(trap) : Effect.void
  })

const trapped =
  (trap: Trap, kind: "jit" | "write") =>
  <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
    Effect.flatMap(before(trap, kind), (index) => Effect.tap(effect, () => after(trap, kind, index)))

type Method = (...args: ReadonlyArray<never>) => Effect.Effect<unknown, unknown>

const wrapMethods = <S extends object>(
  service: S,
  methods: ReadonlyArray<keyof S>,
  wrap: <A, E>(effect: Effect.Effect<A, E>) => Effect.Effect<A, E>,
): S => {
  const wrapped = { ...service } as Record<PropertyKey, unknown>
  for (const name of methods) {
    const method = service[name] as unknown as Method
    wrapped[name as PropertyKey] = (...args: ReadonlyArray<never>) => wrap(method(...args))
  }
  return wrapped as S
}

const gatewayMethods: ReadonlyArray<keyof Payments.JitGateway.JitGatewayShape> = [
  "virtualAllotments",
  "pushPaymentInstruction",
  "paymentInstructionStatus",
  "paymentAdvice",
  "paymentDetails",
  "failureDetails",
  "pushCorrection",
  "failedTransactionPaymentStatus",
  "failedTransactionFailureStatus",
]

const withTrap = (context: Context.Context<KaryaApp.Ports>, trap: Trap) => {
  const Gateway = Payments.JitGateway.JitGateway
  // The fund register's stores: each insert or update is a write the crash may precede.
  const Sanctions = Payments.SanctionRepository.SanctionRepository
  const Transactions = Payments.RegisterTransactionRepository.RegisterTransactionRepository
  const Balances = Payments.SanctionBalanceRepository.SanctionBalanceRepository
  const Cursors = Payments.VirtualAllotmentCursorRepository.VirtualAllotmentCursorRepository
  const Repository = Payments.PaymentInstructionRepository.PaymentInstructionRepository
  const Notifier = Payments.Notifier.Notifier
  const Lease = Payments.PaymentInstructionLease.PaymentInstructionLease
  const lease = Context.get(context, Lease)
  return context.pipe(
    Context.add(Gateway, wrapMethods(Context.get(context, Gateway), gatewayMethods, trapped(trap, "jit"))),
    Context.add(
      Sanctions,
      wrapMethods(Context.get(context, Sanctions), ["insert", "update"], trapped(trap, "write")),
    ),
    Context.add(
      Transactions,
      wrapMethods(Context.get(context, Transactions), ["insert", "update"], trapped(trap, "write")),
    ),
    Context.add(
      Balances,
      wrapMethods(Context.get(context, Balances), ["insert", "update"], trapped(trap, "write")),
    ),
    Context.add(
      Cursors,
      wrapMethods(Context.get(context, Cursors), ["insert", "update"], trapped(trap, "write")),
    ),
    Context.add(
      Repository,
      wrapMethods(Context.get(context, Repository), ["update"], trapped(trap, "write")),
    ),
    Context.add(Notifier, wrapMethods(Context.get(context, Notifier), ["send"], trapped(trap, "write"))),
    Context.add(Lease, {
      acquire: (request) => Effect.suspend(() => (trap.crashed ? Effect.never : lease.acquire(request))),
      // A dead process gives nothing back: its leases stay until they expire.
      release: (held) => Effect.suspend(() => (trap.crashed ? Effect.void : lease.release(held))),
    }),
  )
}

/** A running process: its ports, and its runs. */
export interface CrashableProcess {
  readonly context: Context.Context<KaryaApp.Ports>
  /**
   * One scheduled run (`JitScheduler.runOnce`), killed at `point` when given
   * and reached; `true` when the process died (it must then be closed).
   */
  readonly run: (point: CrashPoint | undefined) => Effect.Effect<boolean>
  /** Ends the process: its pool, its JIT client. */
  readonly close: Effect.Effect<void>
}

/**
 * Starts a process on `database` (built in the process's own scope).
 */
export const start = (options: {
  readonly config: KaryaApp.AppConfig
  readonly database: Layer.Layer<SqlClient.SqlClient>
  readonly tenants: ReadonlyArray<JitScheduler.ScheduledTenant>
  readonly smsGateway: Payments.Notifier.NotifierShape
}): Effect.Effect<CrashableProcess> =>
  Effect.gen(function* () {
    const scope = yield* Scope.make()
    const built = yield* Layer.buildWithScope(
      KaryaApp.portsLayer(options.config).pipe(Layer.provideMerge(options.database)),
      scope,
    )
    const trap: Trap = {
      crashed: false,
      point: undefined,
      counts: { jit: 0, write: 0 },
      fired: yield* Deferred.make<void>(),
    }
    const context = withTrap(built, trap)
    const run = (point: CrashPoint | undefined) =>
      Effect.gen(function* () {
        trap.point = point
        trap.counts = { jit: 0, write: 0 }
        const fiber = yield* Effect.forkChild(
          JitScheduler.runOnce({ tenants: options.tenants, smsGateway: options.smsGateway }).pipe(
            Effect.provideContext(context),
          ),
        )
        const death =
          point === undefined
            ? Effect.never
            : point.kind === "timer"
              ? Effect.sleep(Duration.micros(BigInt(point.micros)))
              : Deferred.await(trap.fired)
        const died = yield* Effect.raceFirst(Effect.as(Fiber.join(fiber), false), Effect.as(death, true))
        if (died) {
          trap.crashed = true
          yield* Fiber.interrupt(fiber)
        }
        return died
      })
    return { context, run, close: Scope.close(scope, Exit.void) }
  })
