/**
 * JIT-FS's cryptography (spec 07 JIT-W-2, JIT-W-3), shared by the client and
 * the simulator so both sides speak exactly one protocol:
 *
 * - login: a random 32-byte app key, sent RSA-OAEP encrypted (SHA-1 for the
 *   OAEP hash and MGF1) under JIT's RSA-2048 public key, base64;
 * - the reply's `sek`: AES-256-ECB/PKCS#7 of the 32-byte session key under
 *   the app key, base64;
 * - per call: a random 32-byte request key (REK); `params` is the UTF-8 JSON
 *   envelope under the session key, `rek` the REK's bytes under the session
 *   key; the reply is the JSON envelope under the REK.
 *
 * ECB is JIT's choice, not ours, and stays confined to this adapter.
 *
 * @since 0.1.0
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from "node:crypto"

// A session key is used for every call of a session: its KeyObject is made
// once (Node checks a raw key on each cipher, which costs more than the
// cipher itself on short JIT messages; NFR-5). Keys are never mutated.
const secretKeys = new WeakMap<Uint8Array, KeyObject>()
const secretKeyOf = (key: Uint8Array): KeyObject => {
  const known = secretKeys.get(key)
  if (known !== undefined) return known
  const created = createSecretKey(key)
  secretKeys.set(key, created)
  return created
}

/**
 * The length of every AES key JIT uses (AES-256).
 *
 * @since 0.1.0
 * @category models
 */
export const aesKeyBytes = 32

/**
 * A fresh random AES-256 key (an app key or a request key).
 *
 * @since 0.1.0
 * @category constructors
 */
export const generateAesKey = (): Buffer => randomBytes(aesKeyBytes)

/**
 * AES-256-ECB/PKCS#7 encryption, base64 out.
 *
 * @since 0.1.0
 * @category conversions
 */
export const encryptAes = (options: { readonly key: Uint8Array; readonly plaintext: Uint8Array }): string => {
  const cipher = createCipheriv("aes-256-ecb", secretKeyOf(options.key), null)
  cipher.setAutoPadding(true)
  return Buffer.concat([cipher.update(options.plaintext), cipher.final()]).toString("base64")
}

/**
 * AES-256-ECB/PKCS#7 decryption of base64 text. Throws on a wrong key, bad
 * padding or text that is not base64 of whole blocks; callers classify that
 * as an undecryptable reply (JIT-W-5).
 *
 * @since 0.1.0
 * @category conversions
 */
export const decryptAes = (options: { readonly key: Uint8Array; readonly ciphertext: string }): Buffer => {
  const bytes = Buffer.from(options.ciphertext.trim(), "base64")
  const decipher = createDecipheriv("aes-256-ecb", secretKeyOf(options.key), null)
  decipher.setAutoPadding(true)
  return Buffer.concat([decipher.update(bytes), decipher.final()])
}

/**
 * AES-256-ECB encryption of a JSON value's UTF-8 text.
 *
 * @since 0.1.0
 * @category conversions
 */
export const encryptJson = (options: { readonly key: Uint8Array; readonly value: unknown }): string =>
  encryptAes({ key: options.key, plaintext: Buffer.from(JSON.stringify(options.value), "utf8") })

/**
 * AES-256-ECB decryption of base64 text to the JSON value it holds. Throws
 * when it does not decrypt or is not JSON.
 *
 * @since 0.1.0
 * @category conversions
 */
export const decryptJson = (options: { readonly key: Uint8Array; readonly ciphertext: string }): unknown =>
  JSON.parse(decryptAes(options).toString("utf8"))

/**
 * RSA-OAEP (SHA-1 hash and MGF1) encryption under a PEM public key, base64 out.
 *
 * @since 0.1.0
 * @category conversions
 */
export const encryptRsa = (options: {
  readonly publicKeyPem: string
  readonly plaintext: Uint8Array
}): string =>
  publicEncrypt(
    { key: options.publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
    options.plaintext,
  ).toString("base64")

/**
 * RSA-OAEP (SHA-1) decryption with a PEM private key (the simulator's side of
 * the login).
 *
 * @since 0.1.0
 * @category conversions
 */
export const decryptRsa = (options: {
  readonly privateKeyPem: string
  readonly ciphertext: string
}): Buffer =>
  privateDecrypt(
    { key: options.privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
    Buffer.from(options.ciphertext, "base64"),
  )

/**
 * An RSA-2048 key pair in PEM (SPKI public, PKCS#8 private), as the simulator
 * makes for itself at start.
 *
 * @since 0.1.0
 * @category constructors
 */
export const generateRsaKeyPair = (): { readonly publicKeyPem: string; readonly privateKeyPem: string } => {
  const pair = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  })
  return { publicKeyPem: pair.publicKey, privateKeyPem: pair.privateKey }
}
