/**
 * HMAC-SHA-256 for the in-memory `KeyedHash` and `SensitiveFieldCipher`
 * (PRIV-2), from the audited `@noble/hashes`: core may not use the
 * platform's `crypto` (ARCH-1), and a hash is no place for hand-written code.
 * Database adapters use their platform's HMAC.
 *
 * @since 0.1.0
 */
import { hmac } from "@noble/hashes/hmac.js"
import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex } from "@noble/hashes/utils.js"

/**
 * HMAC-SHA-256 of a message under a key (RFC 2104).
 *
 * @since 0.1.0
 * @category math
 */
export const hmacSha256 = (key: Uint8Array, message: Uint8Array): Uint8Array => hmac(sha256, key, message)

/**
 * Lower-case hexadecimal of bytes.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toHex = (bytes: Uint8Array): string => bytesToHex(bytes)
