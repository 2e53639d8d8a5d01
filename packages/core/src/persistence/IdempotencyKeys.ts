/**
 * The idempotency keys port (API-4): a creating POST with an
 * `Idempotency-Key` header remembers its response under the key, in the
 * same transaction as the change it made (DB-5). A repeat with the same key
 * and the same request gets the first response back; the same key with a
 * different request is refused with `IdempotencyKeyReused` (HTTP 409).
 *
 * Keys are tenant-scoped. The request is identified by `requestHash`
 * (`requestHashOf` of the request's canonical JSON), so bodies that differ
 * only in key order or whitespace are the same request. Every
 * implementation passes `IdempotencyKeysSuite` from `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Ref, Schema } from "effect"
import type { TenantId } from "../ids/TenantId.js"
import { canonicalJson, sha256Hex } from "./internal/CanonicalJson.js"

/**
 * A remembered response: the hash of the request that produced it, its HTTP
 * status and its JSON body.
 *
 * @since 0.1.0
 * @category models
 */
export interface RememberedResponse {
  readonly requestHash: string
  readonly status: number
  readonly body: Schema.Json
}

/**
 * What names a remembered response.
 *
 * @since 0.1.0
 * @category models
 */
export interface IdempotencyKeyRef {
  readonly tenantId: TenantId
  readonly key: string
}

/**
 * A response to remember under a key.
 *
 * @since 0.1.0
 * @category models
 */
export interface RememberRequest extends IdempotencyKeyRef, RememberedResponse {}

/**
 * The key was already used for a different request.
 *
 * @since 0.1.0
 * @category errors
 */
export class IdempotencyKeyReused extends Schema.TaggedError<IdempotencyKeyReused>(
  "@karya/core/persistence/IdempotencyKeyReused",
)("IdempotencyKeyReused", { tenantId: Schema.String, key: Schema.String }) {
  static readonly code = "IDEMPOTENCY_KEY_REUSED"
  static readonly category = "conflict"
  readonly code = IdempotencyKeyReused.code
  readonly category = IdempotencyKeyReused.category
  readonly retryable = false
  override get message(): string {
    return `The Idempotency-Key ${this.key} was already used for a different request; send this request with a new key.`
  }
}

/**
 * The key store could not be reached; nothing was remembered.
 *
 * @since 0.1.0
 * @category errors
 */
export class IdempotencyKeysUnavailable extends Schema.TaggedError<IdempotencyKeysUnavailable>(
  "@karya/core/persistence/IdempotencyKeysUnavailable",
)("IdempotencyKeysUnavailable", { tenantId: Schema.String, reason: Schema.String }) {
  static readonly code = "IDEMPOTENCY_KEYS_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = IdempotencyKeysUnavailable.code
  readonly category = IdempotencyKeysUnavailable.category
  readonly retryable = true
  override get message(): string {
    return `Repeated requests of ${this.tenantId} cannot be recognised right now (${this.reason}); nothing was saved, try again shortly.`
  }
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface IdempotencyKeysShape {
  /** The response remembered under a key, if any. */
  readonly lookup: (
    ref: IdempotencyKeyRef,
  ) => Effect.Effect<Option.Option<RememberedResponse>, IdempotencyKeysUnavailable>
  /**
   * Remembers a response under a key. The same key with the same request
   * hash again does nothing (the first response stays); with another hash it
   * fails with `IdempotencyKeyReused`.
   */
  readonly remember: (
    request: RememberRequest,
  ) => Effect.Effect<void, IdempotencyKeyReused | IdempotencyKeysUnavailable>
}

/**
 * The idempotency keys port.
 *
 * @since 0.1.0
 * @category services
 */
export class IdempotencyKeys extends Context.Service<IdempotencyKeys, IdempotencyKeysShape>()(
  "@karya/core/persistence/IdempotencyKeys",
) {}

/**
 * The hash identifying a request: SHA-256 (hex) of the canonical JSON of
 * what makes it (typically method, path and body).
 *
 * @since 0.1.0
 * @category conversions
 */
export const requestHashOf = (request: Schema.Json): string => sha256Hex(canonicalJson(request))

const keyOf = (ref: IdempotencyKeyRef): string => JSON.stringify([ref.tenantId, ref.key])

/**
 * An in-memory key store: responses in one `Ref`. Tests and single-process
 * demos only.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<IdempotencyKeys> = Layer.effect(
  IdempotencyKeys,
  Effect.map(Ref.make<ReadonlyMap<string, RememberedResponse>>(new Map()), (store) =>
    IdempotencyKeys.of({
      lookup: (ref) => Effect.map(Ref.get(store), (all) => Option.fromUndefinedOr(all.get(keyOf(ref)))),
      remember: (request) =>
        Effect.flatMap(
          Ref.modify(store, (all): readonly [boolean, ReadonlyMap<string, RememberedResponse>] => {
            const existing = all.get(keyOf(request))
            if (existing !== undefined) return [existing.requestHash === request.requestHash, all]
            const response = { requestHash: request.requestHash, status: request.status, body: request.body }
            return [true, new Map([...all, [keyOf(request), response]])]
          }),
          (accepted) =>
            accepted
              ? Effect.void
              : Effect.fail(new IdempotencyKeyReused({ tenantId: request.tenantId, key: request.key })),
        ),
    }),
  ),
)
