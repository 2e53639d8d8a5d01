/**
 * The in-memory unit of work passes values, errors and defects through
 * (DB-5), and the persistence errors follow the error model (ERR-1).
 */
import { assert, describe, it } from "@effect/vitest"
import { Errors, Persistence } from "@karya/core"
import { UnitOfWorkSuite } from "@karya/core/testing"

UnitOfWorkSuite("UnitOfWork.layerMemory", Persistence.UnitOfWork.layerMemory)

describe("persistence errors", () => {
  it("ERR-1: every persistence error's code is its class name in SCREAMING_SNAKE_CASE, and unique", () => {
    const codes = Persistence.errorClasses.map((errorClass) => errorClass.code)
    for (const errorClass of Persistence.errorClasses) {
      assert.strictEqual(Errors.DomainError.codeOfClassName(errorClass.name), errorClass.code)
    }
    assert.strictEqual(new Set(codes).size, codes.length)
    assert.include(codes, "IDEMPOTENCY_KEY_REUSED")
  })

  it("ERR-1: messages name what happened and what the clerk can do", () => {
    const reused = new Persistence.IdempotencyKeys.IdempotencyKeyReused({
      tenantId: "od.cuttack",
      key: "k-1",
    })
    assert.match(reused.message, /k-1.*new key/)
    const unavailable = new Persistence.UnitOfWork.UnitOfWorkUnavailable({ reason: "connection lost" })
    assert.match(unavailable.message, /connection lost.*try again/)
  })
})
