/**
 * The in-memory audit log passes the conformance suite, and the chain rule
 * detects tampering: any change to one field of one row, or removing or
 * swapping rows, is reported at that row's sequence (DB-6).
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Persistence } from "@karya/core"
import { AuditLogSuite, sampleAuditRecord } from "@karya/core/testing"
import { DateTime, type Schema } from "effect"
import * as fc from "fast-check"

const { AuditLog } = Persistence

AuditLogSuite("AuditLog.layerMemory", AuditLog.layerMemory)

const tenantId = Config.TenantId.makeUnsafe("od.cuttack")

const chainOf = (length: number): ReadonlyArray<Persistence.AuditLog.AuditEntry> => {
  const entries: Array<Persistence.AuditLog.AuditEntry> = []
  let head = AuditLog.genesisHead
  for (let index = 1; index <= length; index += 1) {
    const entry = AuditLog.nextEntry(head, sampleAuditRecord(tenantId, index))
    entries.push(entry)
    head = entry
  }
  return entries
}

type Tamper = (entry: Persistence.AuditLog.AuditEntry) => Persistence.AuditLog.AuditEntry

const jsonArbitrary: fc.Arbitrary<Schema.Json> = fc.jsonValue() as fc.Arbitrary<Schema.Json>

const hexArbitrary = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 })

// One tamper per field; each changes the field to a different value.
const tamperArbitrary: fc.Arbitrary<Tamper> = fc.oneof(
  fc.string().map(
    (text): Tamper =>
      (entry) => ({ ...entry, actor: `${entry.actor}${text}x` }),
  ),
  fc.string().map(
    (text): Tamper =>
      (entry) => ({ ...entry, action: `${text}${entry.action}x` }),
  ),
  fc.string().map(
    (text): Tamper =>
      (entry) => ({ ...entry, subject: `${entry.subject}/${text}` }),
  ),
  fc.integer({ min: 1, max: 1_000_000 }).map(
    (milliseconds): Tamper =>
      (entry) => ({ ...entry, at: DateTime.add(entry.at, { milliseconds }) }),
  ),
  jsonArbitrary.map(
    (value): Tamper =>
      (entry) => ({ ...entry, details: { ...(entry.details as object), tampered: value } }),
  ),
  fc.constantFrom("od", "od.puri", "ka.cuttack").map(
    (other): Tamper =>
      (entry) => ({ ...entry, tenantId: Config.TenantId.makeUnsafe(other) }),
  ),
  fc.integer({ min: 1, max: 50 }).map(
    (shift): Tamper =>
      (entry) => ({ ...entry, sequence: entry.sequence + shift }),
  ),
  hexArbitrary.map(
    (hex): Tamper =>
      (entry) => ({ ...entry, previousHash: hex === entry.previousHash ? "f".repeat(64) : hex }),
  ),
  hexArbitrary.map(
    (hex): Tamper =>
      (entry) => ({ ...entry, hash: hex === entry.hash ? "f".repeat(64) : hex }),
  ),
)

describe("AuditLog hash chain", () => {
  it("DB-6: an untouched chain verifies intact", () => {
    const outcome = AuditLog.verifyEntries(chainOf(5))
    assert.strictEqual(outcome._tag, "Intact")
    assert.strictEqual(outcome._tag === "Intact" ? outcome.head.sequence : 0, 5)
  })

  it("DB-6: the hash is over canonical JSON, so the order of details' keys does not matter", () => {
    const record = sampleAuditRecord(tenantId, 1)
    const link = { sequence: 1, previousHash: AuditLog.genesisHash }
    const reordered = { ...record, details: { b: [1, { y: 2, x: 1 }], a: "x" } }
    const ordered = { ...record, details: { a: "x", b: [1, { x: 1, y: 2 }] } }
    assert.strictEqual(AuditLog.hashOf(reordered, link), AuditLog.hashOf(ordered, link))
    assert.match(AuditLog.hashOf(record, link), /^[0-9a-f]{64}$/)
  })

  it("DB-6: any single-field tamper of one row is reported at that row's sequence", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.nat(), tamperArbitrary, (length, position, tamper) => {
        const entries = chainOf(length)
        const index = position % length
        const original = entries[index]
        if (original === undefined) return
        const tampered = tamper(original)
        const changed = entries.map((entry, at) => (at === index ? tampered : entry))
        const outcome = AuditLog.verifyEntries(changed)
        assert.strictEqual(outcome._tag, "Broken")
        assert.strictEqual(outcome._tag === "Broken" ? outcome.sequence : 0, index + 1)
      }),
    )
  })

  it("DB-6: a removed row is reported at the first missing sequence; swapped rows at the first", () => {
    const entries = chainOf(5)
    const removed = entries.filter((entry) => entry.sequence !== 3)
    assert.deepStrictEqual(AuditLog.verifyEntries(removed), {
      _tag: "Broken",
      sequence: 3,
      reason: "sequence",
    })
    const swapped = [entries[0], entries[2], entries[1], entries[3]].filter((entry) => entry !== undefined)
    assert.deepStrictEqual(AuditLog.verifyEntries(swapped), {
      _tag: "Broken",
      sequence: 2,
      reason: "sequence",
    })
  })

  it("DB-6: verification continues from a page's head", () => {
    const entries = chainOf(6)
    const first = AuditLog.verifyEntries(entries.slice(0, 3))
    assert.strictEqual(first._tag, "Intact")
    if (first._tag !== "Intact") return
    assert.strictEqual(AuditLog.verifyEntries(entries.slice(3), first.head)._tag, "Intact")
    assert.strictEqual(AuditLog.verifyEntries(entries.slice(4), first.head)._tag, "Broken")
  })
})
