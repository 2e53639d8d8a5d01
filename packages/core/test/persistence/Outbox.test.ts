/**
 * The in-memory outbox passes the conformance suite with its worker (DB-7),
 * and the outbox notifier passes the Notifier suite (NOTIF-1).
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Payments, Persistence } from "@karya/core"
import { NotifierSuite, OutboxSuite } from "@karya/core/testing"
import { Effect, Layer } from "effect"

const { Outbox, OutboxWorker } = Persistence

const down = Effect.fail(new Outbox.OutboxUnavailable({ reason: "database offline" }))

const outboxDown = Layer.succeed(
  Outbox.Outbox,
  Outbox.Outbox.of({
    enqueue: () => down,
    claimDue: () => down,
    markDelivered: () => down,
    markFailed: () => down,
    find: () => down,
  }),
)

OutboxSuite("Outbox.layerMemory", Outbox.layerMemory)

NotifierSuite(
  "Outbox.layerNotifierOutbox",
  Outbox.layerNotifierOutbox.pipe(Layer.provide(Outbox.layerMemory)),
)

describe("OutboxWorker retry delays", () => {
  it("DB-7: the retry delay doubles per failed attempt, up to its maximum", () => {
    assert.strictEqual(OutboxWorker.retryDelayMsOf(1), OutboxWorker.retryDelayMsBase)
    assert.strictEqual(OutboxWorker.retryDelayMsOf(2), 2 * OutboxWorker.retryDelayMsBase)
    assert.strictEqual(OutboxWorker.retryDelayMsOf(3), 4 * OutboxWorker.retryDelayMsBase)
    assert.strictEqual(OutboxWorker.retryDelayMsOf(1_000), OutboxWorker.retryDelayMsMax)
  })
})

describe("layerNotifierOutbox", () => {
  it.effect(
    "NOTIF-1 DB-7: when the outbox is down, the SMS fails as NotifierUnavailable, to be retried",
    () =>
      Effect.gen(function* () {
        const notifier = yield* Payments.Notifier.Notifier
        const error = yield* Effect.flip(
          notifier.send({
            eventId: "paymentFailed/PI-DK/2024-25/000001/BN-DK/000001",
            tenantId: Config.TenantId.makeUnsafe("od.cuttack"),
            kind: "paymentFailed",
            mobile: "9999900036",
            text: "Payment failed",
          }),
        )
        assert.strictEqual(error.code, "NOTIFIER_UNAVAILABLE")
        assert.match(error.message, /database offline/)
      }).pipe(Effect.provide(Outbox.layerNotifierOutbox.pipe(Layer.provide(outboxDown)))),
  )
})
