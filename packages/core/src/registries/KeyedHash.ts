/**
 * Search keys for sensitive numbers (PRIV-2): Aadhaar and bank account
 * numbers are stored only sealed, so a search by them ("is this Aadhaar
 * already registered?", "who else uses this account?") goes through a keyed
 * hash of the normalised value, never the plaintext. The key lives in the
 * `KeyedHash` implementation (a secret from configuration); core never sees
 * it. Each kind of value is hashed under its own purpose label, so equal
 * digits in two kinds of field never share a search key.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Schema } from "effect"
import { hmacSha256, toHex } from "./internal/Sha256.js"

/**
 * A search key: the hexadecimal keyed hash of a normalised sensitive value.
 *
 * @since 0.1.0
 * @category models
 */
export const SearchKey = Schema.String.check(
  Schema.makeFilter((text: string) =>
    /^[0-9a-f]{16,128}$/.test(text) ? undefined : "is not a search key (hexadecimal keyed hash)",
  ),
).pipe(Schema.brand("SearchKey"))

/**
 * @since 0.1.0
 * @category models
 */
export type SearchKey = typeof SearchKey.Type

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeyedHashShape {
  /** The keyed hash (HMAC) of a message under the implementation's secret, as lowercase hexadecimal. */
  readonly hash: (message: string) => Effect.Effect<string>
}

/**
 * The keyed-hash port (PRIV-2).
 *
 * @since 0.1.0
 * @category services
 */
export class KeyedHash extends Context.Service<KeyedHash, KeyedHashShape>()(
  "@karya/core/registries/KeyedHash",
) {}

/**
 * What a search key is computed for: an identity document of a type, or a
 * bank account.
 *
 * @since 0.1.0
 * @category models
 */
export type SearchKeyPurpose =
  | { readonly kind: "identityDocument"; readonly documentType: string; readonly documentNumber: string }
  | { readonly kind: "bankAccount"; readonly ifsc: string; readonly accountNumber: string }

// Spaces and case do not make two numbers different.
const normalised = (text: string): string => text.replace(/\s+/g, "").toUpperCase()

/**
 * The message hashed for a purpose: a purpose label, then the normalised
 * parts, separated by a character no part contains after normalisation.
 *
 * @since 0.1.0
 * @category conversions
 */
export const messageOf = (purpose: SearchKeyPurpose): string =>
  purpose.kind === "identityDocument"
    ? ["identityDocument", normalised(purpose.documentType), normalised(purpose.documentNumber)].join(
        "\u0000",
      )
    : ["bankAccount", normalised(purpose.ifsc), normalised(purpose.accountNumber)].join("\u0000")

/**
 * The search key of a sensitive value (PRIV-2). A bank account is keyed by
 * IFSC and account number together, since account numbers are unique only
 * within a bank.
 *
 * @since 0.1.0
 * @category constructors
 */
export const searchKeyOf = (purpose: SearchKeyPurpose): Effect.Effect<SearchKey, never, KeyedHash> =>
  KeyedHash.use((keyedHash) => keyedHash.hash(messageOf(purpose))).pipe(
    Effect.map((hex) => Schema.decodeUnknownSync(SearchKey)(hex)),
  )

const encoder = new TextEncoder()

/**
 * An in-process HMAC-SHA-256 keyed hash under the given secret.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemoryWithSecret = (secret: string): Layer.Layer<KeyedHash> =>
  Layer.succeed(
    KeyedHash,
    KeyedHash.of({
      hash: (message) =>
        Effect.sync(() => toHex(hmacSha256(encoder.encode(secret), encoder.encode(message)))),
    }),
  )

/**
 * An in-process HMAC-SHA-256 keyed hash under a fixed test secret. For tests
 * and demos only: a deployment supplies its own secret.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<KeyedHash> = layerMemoryWithSecret("karya-test-search-key-secret")
