/**
 * The in-memory outbox passes the conformance suite with its worker (DB-7).
 */
import { assert, describe, it } from "@effect/vitest"
import { Persistence } from "@karya/core"
import { OutboxSuite } from "@karya/core/testing"

const { Outbox, OutboxWorker } = Persistence

OutboxSuite("Outbox.layerMemory", Outbox.layerMemory)

describe("OutboxWorker retry delays", () => {
  it("DB-7: the retry delay doubles per failed attempt, up to its maximum", () => {
    assert.strictEqual(OutboxWorker.retryDelayMsOf(1), OutboxWorker.retryDelayMsBase)
    assert.strictEqual(OutboxWorker.retryDelayMsOf(2), 2 * OutboxWorker.retryDelayMsBase)
    assert.strictEqual(OutboxWorker.retryDelayMsOf(3), 4 * OutboxWorker.retryDelayMsBase)
    assert.strictEqual(OutboxWorker.retryDelayMsOf(1_000), OutboxWorker.retryDelayMsMax)
  })
})
