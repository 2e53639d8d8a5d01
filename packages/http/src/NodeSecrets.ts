/**
 * The privacy ports of a deployment on Node's crypto (PRIV-2, REL-4):
 * `SensitiveFieldCipher` as AES-256-GCM under a key from configuration, and
 * `KeyedHash` as HMAC-SHA-256 under a separate search key. Core's in-memory
 * versions are pure JavaScript for tests; these are what `npm start` and
 * `karya serve` run. Keys arrive as `Redacted` values and never reach a log.
 *
 * Sealed text: `gcm1:<iv hex>.<tag hex>.<ciphertext hex>`.
 *
 * @since 0.1.0
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto"
import { Registries } from "@karya/core"
import { Effect, Layer, Redacted } from "effect"

const scheme = "gcm1"

const keyOf = (secret: Redacted.Redacted<string>): Buffer =>
  createHash("sha256").update(Redacted.value(secret), "utf8").digest()

const seal = (key: Buffer, plaintext: string): string => {
  const iv = randomBytes(12)
  const cipher = createCipheriv("aes-256-gcm", key, iv)
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()])
  return `${scheme}:${iv.toString("hex")}.${cipher.getAuthTag().toString("hex")}.${body.toString("hex")}`
}

const open = (key: Buffer, sealed: string): string | undefined => {
  const [prefix, payload = ""] = sealed.split(":")
  const [ivHex = "", tagHex = "", bodyHex = ""] = payload.split(".")
  if (prefix !== scheme || !/^[0-9a-f]{24}$/.test(ivHex) || !/^[0-9a-f]{32}$/.test(tagHex)) return undefined
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivHex, "hex"))
    decipher.setAuthTag(Buffer.from(tagHex, "hex"))
    return Buffer.concat([decipher.update(Buffer.from(bodyHex, "hex")), decipher.final()]).toString("utf8")
  } catch {
    return undefined
  }
}

/**
 * AES-256-GCM field cipher under `secret` (hashed to a 256-bit key).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerCipher = (
  secret: Redacted.Redacted<string>,
): Layer.Layer<Registries.SensitiveFieldCipher.SensitiveFieldCipher> => {
  const key = keyOf(secret)
  const Cipher = Registries.SensitiveFieldCipher.SensitiveFieldCipher
  return Layer.succeed(
    Cipher,
    Cipher.of({
      seal: (plaintext) =>
        Effect.sync(() => seal(key, plaintext) as Registries.SensitiveFieldCipher.SealedText),
      open: (sealed) => {
        const opened = open(key, sealed)
        return opened === undefined
          ? Effect.fail(
              new Registries.SensitiveFieldCipher.SealedTextUnreadable({
                scheme: sealed.split(":")[0] ?? "",
              }),
            )
          : Effect.succeed(opened)
      },
    }),
  )
}

/**
 * HMAC-SHA-256 keyed hash under `secret`, lowercase hex.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerKeyedHash = (
  secret: Redacted.Redacted<string>,
): Layer.Layer<Registries.KeyedHash.KeyedHash> => {
  const key = Redacted.value(secret)
  const Hash = Registries.KeyedHash.KeyedHash
  return Layer.succeed(
    Hash,
    Hash.of({
      hash: (message) => Effect.sync(() => createHmac("sha256", key).update(message, "utf8").digest("hex")),
    }),
  )
}
