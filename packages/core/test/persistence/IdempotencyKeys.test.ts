/**
 * The in-memory idempotency keys pass the conformance suite, and request
 * hashes ignore key order (API-4).
 */
import { assert, describe, it } from "@effect/vitest"
import { Persistence } from "@karya/core"
import { IdempotencyKeysSuite } from "@karya/core/testing"

const { IdempotencyKeys } = Persistence

IdempotencyKeysSuite("IdempotencyKeys.layerMemory", IdempotencyKeys.layerMemory)

describe("IdempotencyKeys.requestHashOf", () => {
  it("API-4: bodies that differ only in key order are the same request; other values are not", () => {
    const first = IdempotencyKeys.requestHashOf({ path: "/v1/estimates", body: { a: 1, b: [true, null] } })
    const reordered = IdempotencyKeys.requestHashOf({
      body: { b: [true, null], a: 1 },
      path: "/v1/estimates",
    })
    const other = IdempotencyKeys.requestHashOf({ path: "/v1/estimates", body: { a: 2, b: [true, null] } })
    assert.strictEqual(first, reordered)
    assert.notStrictEqual(first, other)
    assert.match(first, /^[0-9a-f]{64}$/)
  })
})
