/**
 * The request body limit (ERR-2, REL-3): the server reads at most
 * `limitBytes` of a request body (default 1 MiB, `defaultBytes`).
 *
 * - A request whose `Content-Length` is over the limit is answered 413
 *   `BODY_TOO_LARGE` before anything reads its body.
 * - A body without a length (chunked), or one that runs past its length, is
 *   read through the platform's own limit (`HttpIncomingMessage.MaxBodySize`,
 *   which Node's and the web request honour): reading stops once it passes
 *   the limit and the request is answered 413 the same way. Memory stays
 *   bounded by the limit, whatever the client sends.
 *
 * The 413 carries `Connection: close`, so the server does not keep reading
 * the rest of a body it refused. It is one router-wide middleware: no
 * handler runs for a refused request.
 *
 * @since 0.1.0
 */
import { ByteSize, Effect, Config as EffectConfig, Schema } from "effect"
import { HttpIncomingMessage, HttpRouter, HttpServerRequest } from "effect/http"
import * as Problem from "./Problem.js"
import * as ProblemCodes from "./ProblemCodes.js"

/**
 * The body limit when none is configured: 1 MiB.
 *
 * @since 0.1.0
 * @category models
 */
export const defaultBytes = 1_048_576

/**
 * A body limit in bytes: a whole number from 1 (the value of
 * `KARYA_BODY_LIMIT_BYTES`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Bytes = Schema.Int.check(
  Schema.isGreaterThanOrEqualTo(1, { message: "the body limit is a whole number of bytes, from 1" }),
)

/**
 * The environment variable `karya serve` reads the limit from.
 *
 * @since 0.1.0
 * @category models
 */
export const environmentVariable = "KARYA_BODY_LIMIT_BYTES"

/**
 * The limit from `KARYA_BODY_LIMIT_BYTES`, `defaultBytes` when it is unset;
 * a value that is not a whole number from 1 fails.
 *
 * @since 0.1.0
 * @category config
 */
export const config: EffectConfig.Config<number> = EffectConfig.schema(Bytes, environmentVariable).pipe(
  EffectConfig.withDefault(defaultBytes),
)

const units: ReadonlyArray<readonly [string, number]> = [
  ["MiB", 1_048_576],
  ["KiB", 1024],
]

/**
 * A limit as a person reads it: `1 MiB`, `64 KiB`, `1000 bytes`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const describe = (bytes: number): string => {
  const unit = units.find(([, size]) => bytes >= size && bytes % size === 0)
  return unit === undefined ? `${bytes} bytes` : `${bytes / unit[1]} ${unit[0]}`
}

/**
 * The 413 answer to a body over `limitBytes`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const tooLarge = (limitBytes: number) =>
  Problem.response(ProblemCodes.bodyTooLarge, {
    detail: `The request body is larger than ${describe(limitBytes)}, the most this server accepts; send a smaller request (for example, split a large bill), or ask your administrator to raise ${environmentVariable}.`,
    headers: { connection: "close" },
  })

const declaredLength = (header: string | undefined): number | undefined =>
  header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined

/**
 * The router-wide middleware that holds every request body to `limitBytes`
 * (see the module's description).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (limitBytes: number = defaultBytes) =>
  HttpRouter.middleware(
    (httpEffect) =>
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const declared = declaredLength(request.headers["content-length"])
        if (declared !== undefined && declared > limitBytes) return tooLarge(limitBytes)
        return yield* httpEffect.pipe(
          Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(limitBytes)),
          Effect.catchCause((cause) =>
            Problem.hasBodyTooLarge(cause) ? Effect.succeed(tooLarge(limitBytes)) : Effect.failCause(cause),
          ),
        )
      }),
    { global: true },
  )
