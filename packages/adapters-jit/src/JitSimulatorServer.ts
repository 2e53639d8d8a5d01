/**
 * The JIT simulator as a standalone HTTP server on a loopback port (spec 07
 * SIM-3), so the undici client is tested over a real socket and integration
 * teams can run it as a process (`karya jit-sim --port N`). It only carries
 * bytes to {@link JitSimulator.JitSimulator.handle}: a `noReply` drop
 * destroys the socket, a `timeout` drop holds the reply, and a request whose
 * client goes away is interrupted.
 *
 * @since 0.1.0
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Clock, Context, Effect, Exit, Fiber, Layer, type Scope } from "effect"
import * as JitSimulator from "./JitSimulator.js"
import type * as JitSimulatorScenario from "./JitSimulatorScenario.js"

/**
 * A running simulator server.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunningServer {
  /** The bound port (the one asked for, or the one the OS chose for port 0). */
  readonly port: number
  /** `http://host:port`, the client's JIT base URL. */
  readonly url: string
  /** The simulator's RSA public key (SPKI PEM), the client's "JIT public key". */
  readonly publicKeyPem: string
  readonly clientId: string
  readonly clientSecret: string
  readonly simulator: JitSimulator.JitSimulator
}

/**
 * The options of a server.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServerOptions {
  /** 0 (the default) lets the OS choose a free port. */
  readonly port?: number
  /** Defaults to 127.0.0.1: the simulator is for loopback use. */
  readonly host?: string
  readonly scenario?: JitSimulatorScenario.Scenario
  readonly keyPair?: { readonly publicKeyPem: string; readonly privateKeyPem: string }
}

/**
 * The running server, provided by {@link layer}.
 *
 * @since 0.1.0
 * @category services
 */
export class JitSimulatorServer extends Context.Service<JitSimulatorServer, RunningServer>()(
  "@karya/adapters-jit/JitSimulatorServer",
) {}

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    request.on("error", reject)
  })

const headersOf = (request: IncomingMessage): Record<string, string | undefined> => {
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(request.headers))
    headers[name] = Array.isArray(value) ? value.join(", ") : value
  return headers
}

const serve = (
  simulator: JitSimulator.JitSimulator,
  run: <A>(effect: Effect.Effect<A>) => Fiber.Fiber<A>,
  fibers: Set<Fiber.Fiber<unknown>>,
) =>
  createServer((request: IncomingMessage, response: ServerResponse) => {
    readBody(request).then(
      (body) => {
        const fiber = run(simulator.handle({ path: request.url ?? "/", headers: headersOf(request), body }))
        fibers.add(fiber)
        const onClose = () => {
          if (!response.writableEnded) run(Fiber.interrupt(fiber))
        }
        response.on("close", onClose)
        fiber.addObserver((exit) => {
          fibers.delete(fiber)
          response.off("close", onClose)
          if (!Exit.isSuccess(exit)) {
            if (!response.destroyed) response.destroy()
            return
          }
          const reply = exit.value
          if (reply.abort === true) {
            request.socket.destroy()
            return
          }
          response.writeHead(reply.status, {
            ...reply.headers,
            "content-length": Buffer.byteLength(reply.body),
          })
          response.end(reply.body)
        })
      },
      () => response.destroy(),
    )
  })

const listen = (server: Server, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => {
      server.off("error", reject)
      resolve((server.address() as AddressInfo).port)
    })
  })

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })

const acquire = (options: ServerOptions) =>
  Effect.gen(function* () {
    const simulator = yield* JitSimulator.make({
      ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
      ...(options.keyPair === undefined ? {} : { keyPair: options.keyPair }),
    })
    const context = yield* Effect.context<never>()
    const runFork = Effect.runForkWith(context)
    const fibers = new Set<Fiber.Fiber<unknown>>()
    const server = serve(simulator, (effect) => runFork(effect), fibers)
    const host = options.host ?? "127.0.0.1"
    const port = yield* Effect.promise(() => listen(server, options.port ?? 0, host))
    const running: RunningServer = {
      port,
      url: `http://${host}:${port}`,
      publicKeyPem: simulator.publicKeyPem,
      clientId: simulator.clientId,
      clientSecret: simulator.clientSecret,
      simulator,
    }
    const close = Effect.gen(function* () {
      yield* Effect.forEach([...fibers], Fiber.interrupt, { discard: true })
      yield* Effect.promise(() => closeServer(server))
    })
    return { running, close }
  })

/**
 * The server in a scope: it listens now and stops when the scope closes.
 * The simulator's clock is the caller's `Clock`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: ServerOptions): Effect.Effect<RunningServer, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(acquire(options), (started) => started.close),
    (started) => started.running,
  )

/**
 * The server as a scoped layer: it listens when the layer is built and stops
 * when its scope closes. The simulator's clock is the layer's `Clock`
 * (TestClock in tests, the demo clock in the demo).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: ServerOptions): Layer.Layer<JitSimulatorServer> =>
  Layer.effect(JitSimulatorServer, make(options))

/**
 * Starts a server outside Effect (for the CLI): resolves once it listens;
 * `close` stops it. `clock` replaces the real clock (the demo's fast clock).
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = async (
  options: ServerOptions & { readonly clock?: Clock.Clock },
): Promise<RunningServer & { readonly close: () => Promise<void> }> => {
  const program = acquire(options)
  const started = await Effect.runPromise(
    options.clock === undefined ? program : Effect.provideService(program, Clock.Clock, options.clock),
  )
  return { ...started.running, close: () => Effect.runPromise(started.close) }
}
