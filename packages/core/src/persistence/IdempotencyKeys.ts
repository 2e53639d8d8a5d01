/**
 * The idempotency keys port (API-4): a creating POST with an
 * `Idempotency-Key` header remembers its response under the key, in the
 * same transaction as the change it made (DB-5). A repeat with the same key
 * and the same request gets the first response back; the same key with a
 * different request is refused with `IdempotencyKeyReused` (HTTP 409).
 *
 * Concurrent requests under one key run once: a request first `claim`s
 * its key, in the transaction that will make its change. The first claim
 * wins; on PostgreSQL a concurrent claim of the same key waits for the
 * winner's transaction and then gets its response (or, if the winner rolled
 * back, the claim); a store that cannot wait answers
 * `IdempotencyKeyInProgress` (HTTP 409, retry shortly). A claim ends when
 * its response is remembered (`remember`), or with its transaction's
 * rollback, or by `release` after a refusal (for stores without rollback).
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
 * What a claim found: the key is now the caller's to run the request under,
 * or a response is already remembered for the same request.
 *
 * @since 0.1.0
 * @category models
 */
export type Claim =
  | { readonly _tag: "Claimed" }
  | { readonly _tag: "Remembered"; readonly response: RememberedResponse }

/**
 * A claim of a key for one request.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClaimRequest extends IdempotencyKeyRef {
  readonly requestHash: string
}

/**
 * The same request under the key is being run by another request right now;
 * its response is not remembered yet.
 *
 * @since 0.1.0
 * @category errors
 */
export class IdempotencyKeyInProgress extends Schema.TaggedError<IdempotencyKeyInProgress>(
  "@karya/core/persistence/IdempotencyKeyInProgress",
)("IdempotencyKeyInProgress", { tenantId: Schema.String, key: Schema.String }) {
  static readonly code = "IDEMPOTENCY_KEY_IN_PROGRESS"
  static readonly category = "conflict"
  readonly code = IdempotencyKeyInProgress.code
  readonly category = IdempotencyKeyInProgress.category
  readonly retryable = true
  override get message(): string {
    return `A request with the Idempotency-Key ${this.key} is still being processed; send it again in a moment to get its response.`
  }
}

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
  /**
   * Claims a key for a request: `Claimed` if nobody has, `Remembered` with
   * the response if the same request already ran; `IdempotencyKeyReused`
   * if another request holds the key, `IdempotencyKeyInProgress` if the
   * same request holds it and has not finished (a store that can wait for
   * the holder's transaction waits instead).
   */
  readonly claim: (
    request: ClaimRequest,
  ) => Effect.Effect<Claim, IdempotencyKeyReused | IdempotencyKeyInProgress | IdempotencyKeysUnavailable>
  /**
   * Forgets the caller's unfinished claim of a key (its request was refused
   * and changed nothing); a remembered response stays. A store whose claim
   * rolls back with its transaction may do nothing.
   */
  readonly release: (ref: IdempotencyKeyRef) => Effect.Effect<void, IdempotencyKeysUnavailable>
  /** The response remembered under a key, if any (an unfinished claim has none). */
  readonly lookup: (
    ref: IdempotencyKeyRef,
  ) => Effect.Effect<Option.Option<RememberedResponse>, IdempotencyKeysUnavailable>
  /**
   * Remembers a response under a key, ending its claim (or without one).
   * The same key with the same request hash again does nothing (the first
   * response stays); with another hash it fails with `IdempotencyKeyReused`.
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

// A key's entry in memory: claimed and unfinished, or answered.
type MemoryEntry =
  | { readonly _tag: "Claimed"; readonly requestHash: string }
  | { readonly _tag: "Remembered"; readonly response: RememberedResponse }

const hashOf = (entry: MemoryEntry): string =>
  entry._tag === "Claimed" ? entry.requestHash : entry.response.requestHash

/**
 * An in-memory key store: entries in one `Ref`. It cannot wait for a
 * holder's transaction, so a concurrent claim of an unfinished key gets
 * `IdempotencyKeyInProgress`. Tests and single-process demos only.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<IdempotencyKeys> = Layer.effect(
  IdempotencyKeys,
  Effect.map(Ref.make<ReadonlyMap<string, MemoryEntry>>(new Map()), (store) => {
    const reused = (ref: IdempotencyKeyRef) =>
      new IdempotencyKeyReused({ tenantId: ref.tenantId, key: ref.key })
    return IdempotencyKeys.of({
      claim: (request) =>
        Effect.flatMap(
          Ref.modify(store, (all): readonly [MemoryEntry | undefined, ReadonlyMap<string, MemoryEntry>] => {
            const existing = all.get(keyOf(request))
            if (existing !== undefined) return [existing, all]
            const claimed: MemoryEntry = { _tag: "Claimed", requestHash: request.requestHash }
            return [undefined, new Map([...all, [keyOf(request), claimed]])]
          }),
          (existing): Effect.Effect<Claim, IdempotencyKeyReused | IdempotencyKeyInProgress> => {
            if (existing === undefined) return Effect.succeed({ _tag: "Claimed" })
            if (hashOf(existing) !== request.requestHash) return Effect.fail(reused(request))
            if (existing._tag === "Claimed")
              return Effect.fail(
                new IdempotencyKeyInProgress({ tenantId: request.tenantId, key: request.key }),
              )
            return Effect.succeed({ _tag: "Remembered", response: existing.response })
          },
        ),
      release: (ref) =>
        Ref.update(store, (all) => {
          if (all.get(keyOf(ref))?._tag !== "Claimed") return all
          const rest = new Map(all)
          rest.delete(keyOf(ref))
          return rest
        }),
      lookup: (ref) =>
        Effect.map(Ref.get(store), (all) => {
          const entry = all.get(keyOf(ref))
          return entry?._tag === "Remembered" ? Option.some(entry.response) : Option.none()
        }),
      remember: (request) =>
        Effect.flatMap(
          Ref.modify(store, (all): readonly [boolean, ReadonlyMap<string, MemoryEntry>] => {
            const existing = all.get(keyOf(request))
            if (existing !== undefined && hashOf(existing) !== request.requestHash) return [false, all]
            if (existing?._tag === "Remembered") return [true, all]
            const response = { requestHash: request.requestHash, status: request.status, body: request.body }
            return [true, new Map([...all, [keyOf(request), { _tag: "Remembered", response }]])]
          }),
          (accepted) => (accepted ? Effect.void : Effect.fail(reused(request))),
        ),
    })
  }),
)
