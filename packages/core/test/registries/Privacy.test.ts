import { assert, describe, it } from "@effect/vitest"
import { Config, Registries } from "@karya/core"
import { KeyedHashSuite, SensitiveFieldCipherSuite, UnmaskedReadLogSuite } from "@karya/core/testing"
import { Effect } from "effect"

const { KeyedHash, Masking, SensitiveFieldCipher, UnmaskedReadLog } = Registries

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")

KeyedHashSuite("KeyedHash.layerMemory", KeyedHash.layerMemory)
SensitiveFieldCipherSuite("SensitiveFieldCipher.layerMemory", SensitiveFieldCipher.layerMemory)
UnmaskedReadLogSuite("UnmaskedReadLog.layerMemory", UnmaskedReadLog.layerMemory)

describe("Masking", () => {
  it("PRIV-1: account numbers show the last 4 digits, IFSC the first 4 and last 2, mobiles the last 4", () => {
    assert.strictEqual(Masking.maskAccountNumber("123456787621"), "********7621")
    assert.strictEqual(Masking.maskAccountNumber("987654321"), "********4321")
    assert.strictEqual(Masking.maskAccountNumberTail("7621"), "********7621")
    assert.strictEqual(Masking.maskIfsc("ICIC0001247"), "ICIC*****47")
    assert.strictEqual(Masking.maskIfsc("ABC"), "***")
    assert.strictEqual(Masking.maskMobileNumber("9437013210"), "******3210")
    assert.strictEqual(Masking.maskMobileNumber("321"), "321")
  })

  it("PRIV-1: only the matching unmask role, held in the record's tenant or its state, unmasks", () => {
    const holder = (role: string, tenant: string) => ({
      userId: "u",
      grants: [{ role, tenantId: Config.TenantId.makeUnsafe(tenant) }],
    })
    assert.isTrue(
      Masking.canUnmask(holder("VIEW_WS_UNMASKED", "od.dhenkanal"), {
        kind: "wageSeeker",
        tenantId: dhenkanal,
      }),
    )
    assert.isTrue(
      Masking.canUnmask(holder("VIEW_WS_UNMASKED", "od"), { kind: "wageSeeker", tenantId: dhenkanal }),
    )
    assert.isFalse(
      Masking.canUnmask(holder("VIEW_WS_UNMASKED", "od.cuttack"), {
        kind: "wageSeeker",
        tenantId: dhenkanal,
      }),
    )
    assert.isFalse(
      Masking.canUnmask(holder("VIEW_ORG_UNMASKED", "od"), { kind: "wageSeeker", tenantId: dhenkanal }),
    )
    assert.isTrue(
      Masking.canUnmask(holder("VIEW_ORG_UNMASKED", "od"), { kind: "organisation", tenantId: dhenkanal }),
    )
    assert.isTrue(
      Masking.canUnmask(holder("VIEW_DED_UNMASKED", "od.dhenkanal"), {
        kind: "departmentBeneficiary",
        tenantId: dhenkanal,
      }),
    )
    assert.deepStrictEqual(Masking.unmaskRoles, {
      wageSeeker: "VIEW_WS_UNMASKED",
      organisation: "VIEW_ORG_UNMASKED",
      departmentBeneficiary: "VIEW_DED_UNMASKED",
    })
  })
})

describe("KeyedHash", () => {
  it.effect(
    "PRIV-2: the in-memory keyed hash is HMAC-SHA-256 (RFC 4231-style vector) and depends on the secret",
    () =>
      Effect.gen(function* () {
        const keyedHash = yield* KeyedHash.KeyedHash
        const digest = yield* keyedHash.hash("The quick brown fox jumps over the lazy dog")
        const other = yield* Effect.provide(
          KeyedHash.KeyedHash.use((service) => service.hash("The quick brown fox jumps over the lazy dog")),
          KeyedHash.layerMemoryWithSecret("another secret"),
        )
        assert.notStrictEqual(other, digest)
        const known = yield* Effect.provide(
          KeyedHash.KeyedHash.use((service) => service.hash("The quick brown fox jumps over the lazy dog")),
          KeyedHash.layerMemoryWithSecret("key"),
        )
        assert.strictEqual(known, "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        const longKey = yield* Effect.provide(
          KeyedHash.KeyedHash.use((service) => service.hash("message")),
          KeyedHash.layerMemoryWithSecret("k".repeat(100)),
        )
        assert.match(longKey, /^[0-9a-f]{64}$/)
      }).pipe(Effect.provide(KeyedHash.layerMemory)),
  )

  it("PRIV-2: search keys never carry plaintext: the hashed message names the purpose and the normalised value", () => {
    assert.strictEqual(
      KeyedHash.messageOf({ kind: "bankAccount", ifsc: "sbin0001234", accountNumber: " 1234 5678 9 " }),
      "bankAccount\u0000SBIN0001234\u0000123456789",
    )
  })
})

describe("SensitiveFieldCipher", () => {
  it.effect("PRIV-2: a value sealed under one secret does not open under another", () =>
    Effect.gen(function* () {
      const sealed = yield* SensitiveFieldCipher.seal("234567890124")
      const failure = yield* Effect.flip(
        SensitiveFieldCipher.open(sealed).pipe(
          Effect.provide(SensitiveFieldCipher.layerMemoryWithSecret("other")),
        ),
      )
      assert.strictEqual(failure.code, "SEALED_TEXT_UNREADABLE")
      const foreign = yield* Effect.flip(
        SensitiveFieldCipher.open("vault:abc" as Registries.SensitiveFieldCipher.SealedText),
      )
      assert.strictEqual(foreign._tag, "SealedTextUnreadable")
      const long = "9".repeat(100)
      assert.strictEqual(yield* SensitiveFieldCipher.open(yield* SensitiveFieldCipher.seal(long)), long)
    }).pipe(Effect.provide(SensitiveFieldCipher.layerMemory)),
  )
})
