/**
 * Encryption at rest of sensitive fields (PRIV-2, AAD-4): Aadhaar and bank
 * account numbers are stored only as `SealedText`, produced and opened by the
 * `SensitiveFieldCipher` port. Production implementations wrap a key
 * management service; core never holds the key and never stores the
 * plaintext.
 *
 * The in-memory implementation is a deterministic authenticated cipher built
 * on HMAC-SHA-256 (synthetic IV = HMAC of the plaintext; keystream = HMAC of
 * IV and counter): real enough that a sealed value reveals nothing but its
 * length, and that a value sealed under another key does not open.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Schema } from "effect"
import { hmacSha256, toHex } from "./internal/Sha256.js"

/**
 * A sealed (encrypted) value, opaque to core. The prefix names the scheme so
 * a stored value says how to open it.
 *
 * @since 0.1.0
 * @category models
 */
export const SealedText = Schema.String.check(
  Schema.makeFilter((text: string) =>
    /^[a-z0-9-]+:[A-Za-z0-9+/=:._-]+$/.test(text) ? undefined : "is not a sealed value (scheme:payload)",
  ),
).pipe(Schema.brand("SealedText"))

/**
 * @since 0.1.0
 * @category models
 */
export type SealedText = typeof SealedText.Type

/**
 * A sealed value could not be opened: it was sealed under another key or
 * altered. Retrying cannot help; the value must be entered again.
 *
 * @since 0.1.0
 * @category errors
 */
export class SealedTextUnreadable extends Schema.TaggedError<SealedTextUnreadable>(
  "@karya/core/registries/SealedTextUnreadable",
)("SealedTextUnreadable", { scheme: Schema.String }) {
  static readonly code = "SEALED_TEXT_UNREADABLE"
  static readonly category = "rule"
  readonly code = SealedTextUnreadable.code
  readonly category = SealedTextUnreadable.category
  readonly retryable = false
  override get message(): string {
    return `A stored sensitive value (scheme ${this.scheme}) cannot be opened with the current key; ask the administrator to check the key configuration, or enter the value again.`
  }
}

/**
 * The key service could not be reached; nothing was sealed or opened, so
 * retrying is safe.
 *
 * @since 0.1.0
 * @category errors
 */
export class CipherUnavailable extends Schema.TaggedError<CipherUnavailable>(
  "@karya/core/registries/CipherUnavailable",
)("CipherUnavailable", { reason: Schema.String }) {
  static readonly code = "CIPHER_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = CipherUnavailable.code
  readonly category = CipherUnavailable.category
  readonly retryable = true
  override get message(): string {
    return `The key service that protects sensitive fields is unavailable (${this.reason}); nothing was saved, try again shortly.`
  }
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface SensitiveFieldCipherShape {
  readonly seal: (plaintext: string) => Effect.Effect<SealedText, CipherUnavailable>
  readonly open: (sealed: SealedText) => Effect.Effect<string, SealedTextUnreadable | CipherUnavailable>
}

/**
 * The cipher port (PRIV-2).
 *
 * @since 0.1.0
 * @category services
 */
export class SensitiveFieldCipher extends Context.Service<SensitiveFieldCipher, SensitiveFieldCipherShape>()(
  "@karya/core/registries/SensitiveFieldCipher",
) {}

/**
 * Seals a value with the cipher in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const seal = (plaintext: string): Effect.Effect<SealedText, CipherUnavailable, SensitiveFieldCipher> =>
  SensitiveFieldCipher.use((cipher) => cipher.seal(plaintext))

/**
 * Opens a sealed value with the cipher in context.
 *
 * @since 0.1.0
 * @category conversions
 */
export const open = (
  sealed: SealedText,
): Effect.Effect<string, SealedTextUnreadable | CipherUnavailable, SensitiveFieldCipher> =>
  SensitiveFieldCipher.use((cipher) => cipher.open(sealed))

const memoryScheme = "memory-siv"
const encoder = new TextEncoder()
const decoder = new TextDecoder()
const ivBytes = 16

const keystream = (key: Uint8Array, iv: Uint8Array, length: number): Uint8Array => {
  const stream = new Uint8Array(length)
  for (let block = 0; block * 32 < length; block += 1) {
    const counter = new Uint8Array([
      ...iv,
      block >>> 24,
      (block >>> 16) & 0xff,
      (block >>> 8) & 0xff,
      block & 0xff,
    ])
    stream.set(hmacSha256(key, counter).slice(0, Math.min(32, length - block * 32)), block * 32)
  }
  return stream
}

const xor = (left: Uint8Array, right: Uint8Array): Uint8Array =>
  left.map((byte, index) => byte ^ (right[index] ?? 0))

const fromHex = (hex: string): Uint8Array =>
  Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16))

const sealWith = (key: Uint8Array, plaintext: string): SealedText => {
  const bytes = encoder.encode(plaintext)
  const iv = hmacSha256(key, bytes).slice(0, ivBytes)
  return `${memoryScheme}:${toHex(iv)}.${toHex(xor(bytes, keystream(key, iv, bytes.length)))}` as SealedText
}

const openWith = (key: Uint8Array, sealed: SealedText): string | undefined => {
  const [scheme, payload = ""] = sealed.split(":")
  const [ivHex = "", bodyHex = ""] = payload.split(".")
  if (scheme !== memoryScheme || !/^[0-9a-f]{32}$/.test(ivHex) || !/^([0-9a-f]{2})*$/.test(bodyHex)) {
    return undefined
  }
  const iv = fromHex(ivHex)
  const bytes = xor(fromHex(bodyHex), keystream(key, iv, bodyHex.length / 2))
  return toHex(hmacSha256(key, bytes).slice(0, ivBytes)) === ivHex ? decoder.decode(bytes) : undefined
}

/**
 * An in-process authenticated cipher under the given secret.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemoryWithSecret = (secret: string): Layer.Layer<SensitiveFieldCipher> => {
  const key = encoder.encode(secret)
  return Layer.succeed(
    SensitiveFieldCipher,
    SensitiveFieldCipher.of({
      seal: (plaintext) => Effect.sync(() => sealWith(key, plaintext)),
      open: (sealed) => {
        const opened = openWith(key, sealed)
        return opened === undefined
          ? Effect.fail(new SealedTextUnreadable({ scheme: sealed.split(":")[0] ?? "" }))
          : Effect.succeed(opened)
      },
    }),
  )
}

/**
 * An in-process cipher under a fixed test secret. For tests and demos only.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<SensitiveFieldCipher> = layerMemoryWithSecret("karya-test-field-secret")
