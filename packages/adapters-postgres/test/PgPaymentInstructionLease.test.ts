/**
 * The Postgres lease store passes core's conformance suite on PGlite and,
 * with `DATABASE_URL`, on server Postgres (PI-P-2), and keeps a lease
 * exclusive between two store instances racing for it, as two processes
 * would: at most one JIT call per PI is in flight.
 */

import { assert, describe, it } from "@effect/vitest"
import { Config, Payments } from "@karya/core"
import { PaymentInstructionLeaseSuite } from "@karya/core/testing"
import { Effect, Layer, Result } from "effect"
import { TestClock } from "effect/testing"
import * as PgPaymentInstructionLease from "../src/PgPaymentInstructionLease.js"
import { databases } from "./TestDatabases.js"

const Lease = Payments.PaymentInstructionLease

const request = (tenantId: Config.TenantId.TenantId, subject: string, holder: string) => ({
  tenantId,
  subject,
  holder,
  durationMs: 60_000,
})

const instance = <E>(layer: Layer.Layer<Payments.PaymentInstructionLease.PaymentInstructionLease, E>) =>
  Effect.gen(function* () {
    return yield* Lease.PaymentInstructionLease
  }).pipe(Effect.provide(layer))

for (const database of databases()) {
  const layer = PgPaymentInstructionLease.layer.pipe(Layer.provideMerge(database.layer))

  PaymentInstructionLeaseSuite(`PgPaymentInstructionLease on ${database.name}`, layer)

  describe(`PgPaymentInstructionLease on ${database.name}`, () => {
    it.effect("PI-P-2 two holders on separate store instances cannot both hold a PI's lease", () =>
      Effect.gen(function* () {
        const first = yield* instance(layer)
        const second = yield* instance(layer)
        const tenantId = Config.TenantId.makeUnsafe(`od.lease${crypto.randomUUID().slice(0, 8)}`)
        const subject = "PI-DK/2024-25/000001"
        for (let round = 0; round < 5; round++) {
          const outcomes = yield* Effect.all(
            [
              Effect.result(first.acquire(request(tenantId, subject, `a-${round}`))),
              Effect.result(second.acquire(request(tenantId, subject, `b-${round}`))),
            ],
            { concurrency: "unbounded" },
          )
          const won = outcomes.filter(Result.isSuccess)
          const lost = outcomes.filter(Result.isFailure)
          assert.strictEqual(won.length, 1, `round ${round}: exactly one holder`)
          assert.deepStrictEqual(
            lost.map((outcome) => outcome.failure._tag),
            ["PaymentInstructionBusy"],
            "the other is told the PI is busy",
          )
          const [winner] = won
          if (winner !== undefined) yield* first.release(winner.success)
        }
      }),
    )

    it.effect("PI-P-2 the holder renews its own lease; release by another holder does nothing", () =>
      Effect.gen(function* () {
        const leases = yield* Lease.PaymentInstructionLease
        const tenantId = Config.TenantId.makeUnsafe(`od.lease${crypto.randomUUID().slice(0, 8)}`)
        const subject = "PI-DK/2024-25/000002"
        const taken = yield* leases.acquire(request(tenantId, subject, "run-1"))
        yield* TestClock.adjust("30 seconds")
        const renewed = yield* leases.acquire(request(tenantId, subject, "run-1"))
        assert.strictEqual(renewed.expiresAtMs, taken.expiresAtMs + 30_000)
        yield* leases.release({ ...renewed, holder: "run-2" })
        const busy = yield* Effect.flip(leases.acquire(request(tenantId, subject, "run-2")))
        assert.strictEqual(busy._tag, "PaymentInstructionBusy")
        if (busy._tag === "PaymentInstructionBusy") assert.strictEqual(busy.expiresAtMs, renewed.expiresAtMs)
      }).pipe(Effect.provide(layer)),
    )
  })
}
