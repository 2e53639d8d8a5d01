/**
 * The Postgres outbox passes core's conformance suite (with the worker and
 * the outbox notifier) on PGlite and, with `DATABASE_URL`, on server
 * Postgres (DB-7, NOTIF-1); two workers delivering concurrently, on many
 * connections, never deliver one message twice while it is claimed.
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Ids, Persistence } from "@karya/core"
import { OutboxSuite, sampleOutboxMessage } from "@karya/core/testing"
import { DateTime, Effect, Layer, Ref } from "effect"
import * as PgOutbox from "../src/PgOutbox.js"
import { databases } from "./TestDatabases.js"

const { OutboxWorker } = Persistence

// A tenant of its own per test and run (the server database may be reused).
const freshTenant = Effect.map(Ids.EntityId.make, (id) =>
  Config.TenantId.makeUnsafe(`od.t_${id.replaceAll("-", "")}`),
)

const messagesCount = 120

// One worker: delivers batches until a run claims nothing.
const worker = (
  holder: string,
  tenantId: Config.TenantId.TenantId,
  handlers: Persistence.OutboxWorker.Handlers<never, never>,
) =>
  Effect.gen(function* () {
    let delivered = 0
    for (let run = 0; run < messagesCount; run += 1) {
      const report = yield* OutboxWorker.deliverDue({ handlers, limit: 7, tenantId, holder })
      delivered += report.delivered
      if (report.claimed === 0) break
    }
    return delivered
  })

for (const database of databases()) {
  const layer = PgOutbox.layer.pipe(Layer.provideMerge(database.layer))

  OutboxSuite(`PgOutbox on ${database.name}`, layer)

  describe(`PgOutbox on ${database.name}`, () => {
    it.effect(
      `DB-7: two workers delivering ${messagesCount} messages concurrently deliver each exactly once`,
      () =>
        Effect.gen(function* () {
          const tenantId = yield* freshTenant
          const now = yield* DateTime.now
          for (let index = 0; index < messagesCount; index += 1) {
            yield* Persistence.Outbox.enqueue({
              ...sampleOutboxMessage(tenantId, `event-${index}`),
              availableAt: now,
            })
          }
          const deliveries = yield* Ref.make<ReadonlyMap<string, number>>(new Map())
          const handlers = {
            test: (message: Persistence.Outbox.ClaimedMessage) =>
              Ref.update(
                deliveries,
                (all) => new Map([...all, [message.eventId, (all.get(message.eventId) ?? 0) + 1]]),
              ),
          }
          const delivered = yield* Effect.all(
            [worker("worker-a", tenantId, handlers), worker("worker-b", tenantId, handlers)],
            {
              concurrency: "unbounded",
            },
          )
          const counts = yield* Ref.get(deliveries)
          assert.strictEqual(counts.size, messagesCount, "every message is delivered")
          assert.deepStrictEqual(
            [...counts.values()].filter((count) => count !== 1),
            [],
            "no message is delivered twice",
          )
          assert.strictEqual(delivered[0] + delivered[1], messagesCount)
        }).pipe(Effect.provide(layer)),
      60_000,
    )
  })
}
