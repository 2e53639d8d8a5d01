/**
 * The outbox notifier (`Notifier.layerOutbox`) on the in-memory outbox passes
 * the Notifier suite (NOTIF-1), and reports an outbox that is down as
 * `NotifierUnavailable` (DB-7).
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Payments, Persistence } from "@karya/core"
import { NotifierSuite } from "@karya/core/testing"
import { Effect, Layer } from "effect"

const { Notifier } = Payments
const { Outbox } = Persistence

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

NotifierSuite("Notifier.layerOutbox", Notifier.layerOutbox.pipe(Layer.provide(Outbox.layerMemory)))

describe("Notifier.layerOutbox", () => {
  it.effect(
    "NOTIF-1 DB-7: when the outbox is down, the SMS fails as NotifierUnavailable, to be retried",
    () =>
      Effect.gen(function* () {
        const notifier = yield* Notifier.Notifier
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
      }).pipe(Effect.provide(Notifier.layerOutbox.pipe(Layer.provide(outboxDown)))),
  )
})
