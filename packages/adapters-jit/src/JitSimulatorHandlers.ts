/**
 * The JIT simulator as msw request handlers for in-process interception
 * (spec 07 SIM-3): `http.post` handlers for JIT's two endpoints that carry
 * the request to {@link JitSimulator.JitSimulator.handle} and its answer
 * back, so a `fetch` under `setupServer` gets exactly what the loopback
 * server gives. A `noReply` drop is a network error.
 *
 * @since 0.1.0
 */
import { Context, Effect, Fiber } from "effect"
import { type HttpHandler, HttpResponse, http } from "msw"
import * as JitSimulator from "./JitSimulator.js"

/**
 * The options of the handlers.
 *
 * @since 0.1.0
 * @category models
 */
export interface HandlerOptions {
  /** The JIT base URL to intercept (e.g. "https://jit.example"); any host when absent. */
  readonly baseUrl?: string
}

const handlersWith = (
  simulator: JitSimulator.JitSimulator,
  context: Context.Context<never>,
  options: HandlerOptions,
): ReadonlyArray<HttpHandler> => {
  const base = options.baseUrl === undefined ? "*" : options.baseUrl.replace(/\/+$/, "")
  const runFork = Effect.runForkWith(context)
  const resolver = async ({ request }: { readonly request: Request }) => {
    const headers: Record<string, string> = {}
    request.headers.forEach((value, name) => {
      headers[name] = value
    })
    const body = await request.text()
    const fiber = runFork(simulator.handle({ path: new URL(request.url).pathname, headers, body }))
    const onAbort = () => runFork(Fiber.interrupt(fiber))
    request.signal.addEventListener("abort", onAbort, { once: true })
    try {
      const reply = await Effect.runPromise(Fiber.join(fiber))
      if (reply.abort === true) return HttpResponse.error()
      return new HttpResponse(reply.body, { status: reply.status, headers: { ...reply.headers } })
    } finally {
      request.signal.removeEventListener("abort", onAbort)
    }
  }
  return [
    http.post(`${base}${JitSimulator.authenticatePath}`, resolver),
    http.post(`${base}${JitSimulator.serviceDataPath}`, resolver),
  ]
}

/**
 * The handlers of a simulator, running it with the current services (so its
 * clock is the caller's `Clock`, TestClock in tests).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  simulator: JitSimulator.JitSimulator,
  options: HandlerOptions = {},
): Effect.Effect<ReadonlyArray<HttpHandler>> =>
  Effect.map(Effect.context<never>(), (context) => handlersWith(simulator, context, options))

/**
 * The handlers of a simulator running on the default services (the real
 * clock), for callers outside Effect.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (
  simulator: JitSimulator.JitSimulator,
  options: HandlerOptions = {},
): ReadonlyArray<HttpHandler> => handlersWith(simulator, Context.empty(), options)
