/**
 * `Idempotency-Key` on creating POSTs (API-4): the request claims its key
 * first and runs in one unit of work with the key's record, so a repeat
 * with the same key and body returns the first response and creates
 * nothing, concurrent requests with one key run it once (on PostgreSQL the
 * others wait for the first and get its response; in memory they get a 409
 * `IDEMPOTENCY_KEY_IN_PROGRESS`), and a repeat with a different body is a
 * 409 `IDEMPOTENCY_KEY_REUSED`. The key is per tenant;
 * the request hash covers the endpoint and the body. Only successful
 * responses are remembered: a refused request changed nothing (ERR-2), so
 * repeating it runs it again.
 *
 * @since 0.1.0
 */

import type { Config } from "@karya/core"
import { Persistence } from "@karya/core"
import { Effect, Schema } from "effect"

type TenantId = Config.TenantId.TenantId

/**
 * Runs a creating request once per idempotency key (API-4); without a key
 * it runs in a unit of work all the same.
 *
 * @since 0.1.0
 * @category combinators
 */
export const once = <S extends Schema.Codec<unknown, unknown, never, never>, E, R>(options: {
  readonly tenantId: TenantId
  readonly key: string | undefined
  /** The endpoint, e.g. `POST /v1/bills`. */
  readonly endpoint: string
  /** The request body as JSON. */
  readonly request: Schema.Json
  /** The success schema: the remembered body is its JSON encoding. */
  readonly response: S
  readonly status: number
  readonly run: Effect.Effect<S["Type"], E, R>
}): Effect.Effect<
  S["Type"],
  | E
  | Persistence.UnitOfWork.UnitOfWorkUnavailable
  | Persistence.IdempotencyKeys.IdempotencyKeyReused
  | Persistence.IdempotencyKeys.IdempotencyKeyInProgress
  | Persistence.IdempotencyKeys.IdempotencyKeysUnavailable,
  R | Persistence.UnitOfWork.UnitOfWork | Persistence.IdempotencyKeys.IdempotencyKeys
> => {
  const key = options.key
  if (key === undefined) return Persistence.UnitOfWork.transaction(options.run)
  const json = Schema.toCodecJson(options.response)
  const encode = Schema.encodeSync(json)
  const decode = Schema.decodeUnknownSync(json)
  const requestHash = Persistence.IdempotencyKeys.requestHashOf({
    endpoint: options.endpoint,
    body: options.request,
  })
  const ref = { tenantId: options.tenantId, key }
  return Persistence.UnitOfWork.transaction(
    Effect.gen(function* () {
      const keys = yield* Persistence.IdempotencyKeys.IdempotencyKeys
      const claim = yield* keys.claim({ ...ref, requestHash })
      if (claim._tag === "Remembered") return decode(claim.response.body) as S["Type"]
      // A refused request changed nothing and is not remembered: its key is
      // free again (a transaction's rollback frees it too; `release` frees it
      // where there is none).
      const result = yield* options.run.pipe(Effect.tapError(() => Effect.ignore(keys.release(ref))))
      yield* keys.remember({
        ...ref,
        requestHash,
        status: options.status,
        body: encode(result) as Schema.Json,
      })
      return result
    }),
  )
}

/**
 * A decoded request body as JSON, for the request hash.
 *
 * @since 0.1.0
 * @category conversions
 */
export const jsonOf = <S extends Schema.Codec<unknown, unknown, never, never>>(
  schema: S,
  value: S["Type"],
): Schema.Json => Schema.encodeSync(Schema.toCodecJson(schema))(value) as Schema.Json
