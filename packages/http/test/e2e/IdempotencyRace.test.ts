/**
 * API-4 under concurrency, over real sockets on PGlite and (with
 * `DATABASE_URL`) server Postgres: twenty concurrent `POST /v1/bills` with
 * one `Idempotency-Key` and one body record the bill once and all get the
 * first response, because each request claims its key before it runs and a
 * concurrent claim waits for the first request's transaction.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import type { ApiSchemas } from "@karya/http"
import { Effect, Exit, Scope } from "effect"
import { availableDatabases, type Deployment, dateOf, deployment } from "./Deployment.js"

type BillView = typeof ApiSchemas.BillView.Encoded

/** A wage bill of one wage seeker, dated `billDate`. */
const raceBill = (billDate: string) => ({
  billId: "race-bill-1",
  billNumber: "WB/2024-25/RACE001",
  billType: "wage",
  workOrderNumber: "WO/2024-25/RACE001",
  billDate,
  totalAmount: "1000",
  details: [
    {
      lineId: "race-line-1",
      payee: {
        payeeId: "IND-RACE-1",
        kind: "individual",
        name: "Wage Seeker Race",
        bankAccount: { accountNumber: "80010000001", ifsc: "SBIN0000041", accountType: "Saving" },
        mobile: "9437100001",
        address: "Ward 1, Dhenkanal",
      },
      amount: "1000",
      purpose: "MR/2024-25/RACE1",
    },
  ],
})

const concurrentRequests = 20

for (const database of availableDatabases()) {
  describe(`Idempotency-Key races on ${database}`, () => {
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
          const body = raceBill(dateOf(karya.dayOffset()))
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
  })
}
