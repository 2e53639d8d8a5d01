/**
 * Races on recording a bill, over real sockets on PGlite and (with
 * `DATABASE_URL`) server Postgres:
 *
 * - API-4: twenty concurrent `POST /v1/bills` with one `Idempotency-Key`
 *   and one body record the bill once and all get the first response,
 *   because each request claims its key before it runs and a concurrent
 *   claim waits for the first request's transaction;
 * - PI-1: twenty concurrent `POST /v1/bills` of one bill, each with its own
 *   key, give one PI; the others are refused with 409 `PI_EXISTS` naming it,
 *   because the bill is claimed in the database by its original PI.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import type { ApiSchemas } from "@karya/http"
import { Effect, Exit, Scope } from "effect"
import { availableDatabases, type Deployment, dateOf, deployment, oneSeekerBill } from "./Deployment.js"

type BillView = typeof ApiSchemas.BillView.Encoded

const concurrentRequests = 20

for (const database of availableDatabases()) {
  describe(`bill races on ${database}`, () => {
    const scope = Effect.runSync(Scope.make())
    let running: Deployment | undefined
    beforeAll(async () => {
      running = await Effect.runPromise(Scope.provide(scope)(deployment(database)))
    }, 60_000)
    afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))

    it.live(
      `API-4: ${concurrentRequests} concurrent POST /v1/bills with one key and body give ${concurrentRequests} identical 201s and one PI`,
      () =>
        Effect.gen(function* () {
          const karya = running
          assert.isDefined(karya)
          if (karya === undefined) return
          const body = oneSeekerBill(dateOf(karya.dayOffset()), 1)
          const post = karya.request("accountant", "POST", "/v1/bills", body, {
            "idempotency-key": "race-key-1",
          })
          const replies = yield* Effect.all(
            Array.from({ length: concurrentRequests }, () => post),
            { concurrency: "unbounded" },
          )
          assert.deepStrictEqual(
            replies.map((reply) => reply.status),
            replies.map(() => 201),
          )
          for (const reply of replies) assert.deepStrictEqual(reply.json, replies[0]?.json)
          const bill = yield* karya.api<BillView>("viewer", "GET", "/v1/bills/race-bill-1")
          assert.strictEqual(bill.paymentInstructions.length, 1)
        }),
      120_000,
    )

    it.live(
      `PI-1: ${concurrentRequests} concurrent POST /v1/bills of one bill give one PI and ${concurrentRequests - 1} × 409 PI_EXISTS naming it`,
      () =>
        Effect.gen(function* () {
          const karya = running
          assert.isDefined(karya)
          if (karya === undefined) return
          const body = oneSeekerBill(dateOf(karya.dayOffset()), 2)
          const replies = yield* Effect.all(
            Array.from({ length: concurrentRequests }, () =>
              karya.request("accountant", "POST", "/v1/bills", body),
            ),
            { concurrency: "unbounded" },
          )
          const created = replies.filter((reply) => reply.status === 201)
          assert.strictEqual(created.length, 1, JSON.stringify(replies.map((reply) => reply.status)))
          const bill = yield* karya.api<BillView>("viewer", "GET", "/v1/bills/race-bill-2")
          assert.strictEqual(bill.paymentInstructions.length, 1)
          const number = bill.paymentInstructions[0]?.number ?? ""
          for (const reply of replies.filter((candidate) => candidate.status !== 201)) {
            assert.strictEqual(reply.status, 409)
            const problem = reply.json as { readonly code: string; readonly detail: string }
            assert.strictEqual(problem.code, "PI_EXISTS")
            assert.include(problem.detail, number)
            assert.include(problem.detail, "(New)")
          }
        }),
      120_000,
    )
  })
}
