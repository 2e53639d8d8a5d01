import { createCipheriv, createDecipheriv } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import * as JitCrypto from "../src/JitCrypto.js"

const keyPair = JitCrypto.generateRsaKeyPair()

// Fixed keys, so every case below decides the same way on every run (a
// random key makes one random block's padding valid about once in 256).
const fixedKey = Buffer.from("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "hex")
const otherKey = Buffer.from("1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100", "hex")

// AES-256-ECB of whole blocks with no padding added or removed: what the
// test needs to build (or look inside) blocks the module would refuse.
const rawEncrypt = (key: Uint8Array, plaintext: Uint8Array): Buffer => {
  const cipher = createCipheriv("aes-256-ecb", key, null)
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(plaintext), cipher.final()])
}

const rawDecrypt = (key: Uint8Array, ciphertext: Uint8Array): Buffer => {
  const decipher = createDecipheriv("aes-256-ecb", key, null)
  decipher.setAutoPadding(false)
  return Buffer.concat([decipher.update(ciphertext), decipher.final()])
}

const hasValidPadding = (plaintext: Buffer): boolean => {
  const padding = plaintext[plaintext.length - 1] ?? 0
  return (
    padding >= 1 &&
    padding <= 16 &&
    plaintext.subarray(plaintext.length - padding).every((byte) => byte === padding)
  )
}

describe("JitCrypto", () => {
  it("JIT-W-2 generates 32-byte AES keys, fresh each time", () => {
    const first = JitCrypto.generateAesKey()
    const second = JitCrypto.generateAesKey()
    assert.strictEqual(first.length, JitCrypto.aesKeyBytes)
    assert.strictEqual(second.length, 32)
    assert.notDeepEqual(first, second)
  })

  it("JIT-W-2 seals the app key with RSA-OAEP (SHA-1) and only the private key opens it", () => {
    const appKey = JitCrypto.generateAesKey()
    const sealed = JitCrypto.encryptRsa({ publicKeyPem: keyPair.publicKeyPem, plaintext: appKey })
    assert.strictEqual(Buffer.from(sealed, "base64").length, 256)
    assert.deepStrictEqual(
      JitCrypto.decryptRsa({ privateKeyPem: keyPair.privateKeyPem, ciphertext: sealed }),
      appKey,
    )
    const other = JitCrypto.generateRsaKeyPair()
    assert.throws(() => JitCrypto.decryptRsa({ privateKeyPem: other.privateKeyPem, ciphertext: sealed }))
  })

  it("JIT-W-2 the sek is AES-256-ECB/PKCS#7 of the session key under the app key", () => {
    const appKey = JitCrypto.generateAesKey()
    const sessionKey = JitCrypto.generateAesKey()
    const sek = JitCrypto.encryptAes({ key: appKey, plaintext: sessionKey })
    // 32 bytes of key + a full PKCS#7 padding block.
    assert.strictEqual(Buffer.from(sek, "base64").length, 48)
    assert.deepStrictEqual(JitCrypto.decryptAes({ key: appKey, ciphertext: sek }), sessionKey)
  })

  it("JIT-W-3 ECB is deterministic per key: equal blocks give equal ciphertext", () => {
    const key = JitCrypto.generateAesKey()
    const plaintext = Buffer.alloc(32, 7)
    const once = Buffer.from(JitCrypto.encryptAes({ key, plaintext }), "base64")
    assert.deepStrictEqual(once.subarray(0, 16), once.subarray(16, 32))
    assert.strictEqual(JitCrypto.encryptAes({ key, plaintext }), JitCrypto.encryptAes({ key, plaintext }))
  })

  it("JIT-W-3 JSON envelopes round-trip, and a wrong key or garbage throws", () => {
    const envelope = { serviceId: "PI", params: { jitBillNo: "PI/1", benfAmount: "250.00", name: "ଓଡ଼ିଆ" } }
    const ciphertext = JitCrypto.encryptJson({ key: fixedKey, value: envelope })
    assert.deepStrictEqual(JitCrypto.decryptJson({ key: fixedKey, ciphertext }), envelope)
    assert.deepStrictEqual(JitCrypto.decryptJson({ key: fixedKey, ciphertext: `${ciphertext}\n` }), envelope)
    // Under the other fixed key the last block's padding is invalid (checked
    // here, so the case cannot silently turn into one that decrypts).
    assert.isFalse(hasValidPadding(rawDecrypt(otherKey, Buffer.from(ciphertext, "base64"))))
    assert.throws(() => JitCrypto.decryptJson({ key: otherKey, ciphertext }))
  })

  it("JIT-W-3 text that is not base64 of whole blocks, or a block with invalid padding, throws", () => {
    // Not base64 at all: it decodes to no bytes, which is not a whole block.
    assert.throws(() => JitCrypto.decryptAes({ key: fixedKey, ciphertext: "%%%% !!!! ****" }))
    assert.throws(() => JitCrypto.decryptAes({ key: fixedKey, ciphertext: "" }))
    // Base64 of a wrong length: 15, 17 and 31 bytes.
    for (const length of [15, 17, 31]) {
      const ciphertext = Buffer.alloc(length, 9).toString("base64")
      assert.throws(() => JitCrypto.decryptAes({ key: fixedKey, ciphertext }), /final block length/)
    }
    // One whole block whose plaintext under the fixed key ends in 0 or 17,
    // neither of which is PKCS#7 padding.
    for (const lastByte of [0, 17]) {
      const plaintext = Buffer.alloc(16, 5)
      plaintext[15] = lastByte
      const ciphertext = rawEncrypt(fixedKey, plaintext).toString("base64")
      assert.throws(() => JitCrypto.decryptAes({ key: fixedKey, ciphertext }), /bad decrypt/)
    }
  })

  test.prop([fc.uint8Array({ maxLength: 100 })], { seed: 20_261_207, numRuns: 200 })(
    "JIT-W-3 any plaintext round-trips in whole blocks, with padding always added",
    (plaintext) => {
      const ciphertext = JitCrypto.encryptAes({ key: fixedKey, plaintext })
      const bytes = Buffer.from(ciphertext, "base64")
      assert.strictEqual(bytes.length, (Math.floor(plaintext.length / 16) + 1) * 16)
      assert.deepStrictEqual(JitCrypto.decryptAes({ key: fixedKey, ciphertext }), Buffer.from(plaintext))
    },
  )

  test.prop([fc.uint8Array({ minLength: 1, maxLength: 100 }).filter((bytes) => bytes.length % 16 !== 0)], {
    seed: 20_261_207,
    numRuns: 200,
  })("JIT-W-3 bytes that are not whole blocks never decrypt, whatever they are", (bytes) => {
    const ciphertext = Buffer.from(bytes).toString("base64")
    assert.throws(() => JitCrypto.decryptAes({ key: fixedKey, ciphertext }), /final block length/)
  })
})
