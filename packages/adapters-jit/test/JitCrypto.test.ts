import { assert, describe, it } from "@effect/vitest"
import * as JitCrypto from "../src/JitCrypto.js"

const keyPair = JitCrypto.generateRsaKeyPair()

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
    const key = JitCrypto.generateAesKey()
    const envelope = { serviceId: "PI", params: { jitBillNo: "PI/1", benfAmount: "250.00", name: "ଓଡ଼ିଆ" } }
    const ciphertext = JitCrypto.encryptJson({ key, value: envelope })
    assert.deepStrictEqual(JitCrypto.decryptJson({ key, ciphertext }), envelope)
    assert.deepStrictEqual(JitCrypto.decryptJson({ key, ciphertext: `${ciphertext}\n` }), envelope)
    assert.throws(() => JitCrypto.decryptJson({ key: JitCrypto.generateAesKey(), ciphertext }))
    assert.throws(() => JitCrypto.decryptAes({ key, ciphertext: "not base64 of whole blocks" }))
  })
})
