/**
 * PI-P-2 and PI-S-11 under concurrent requests, over real sockets on
 * PGlite and (with `DATABASE_URL`) server Postgres: many RESUBMITs or
 * REFRESHes of one PI at one version, by one user, make one JIT call (or
 * one refresh's calls); every other request gets a 409
 * (`PAYMENT_INSTRUCTION_BUSY` or `STALE_VERSION`), and the PI's history
 * records exactly the calls JIT received, because each request is its own
 * lease holder and the version is checked once the lease is held.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import type { ApiSchemas } from "@karya/http"
import { Effect, Exit, Scope } from "effect"
import {
  availableDatabases,
  type Deployment,
  dateOf,
  deployment,
  oneSeekerBill,
  piPath,
} from "./Deployment.js"

type BillView = typeof ApiSchemas.BillView.Encoded
type PiDetail = typeof ApiSchemas.PaymentInstructionDetail.Encoded

const concurrentRequests = 50
const refused = ["PAYMENT_INSTRUCTION_BUSY", "STALE_VERSION"]

for (const database of availableDatabases()) {
  describe(`PI action races on ${database}`, () => {
    const scope = Effect.runSync(Scope.make())
    let running: Deployment | undefined
    beforeAll(async () => {
      running = await Effect.runPromise(Scope.provide(scope)(deployment(database)))
    }, 60_000)
    afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))

    // Sends the action `concurrentRequests` times at once at the PI's
    // version; the statuses and the JIT calls made meanwhile.
    const race = (karya: Deployment, number: string, action: string) =>
      Effect.gen(function* () {
        const before = yield* karya.api<PiDetail>("viewer", "GET", piPath(number))
        const callsBefore = (yield* karya.simulator.state).calls.length
        const replies = yield* Effect.all(
          Array.from({ length: concurrentRequests }, () =>
            karya.request("paymentOfficer", "POST", `${piPath(number)}/actions`, {
              action,
              version: before.version,
            }),
          ),
          { concurrency: "unbounded" },
        )
        const calls = (yield* karya.simulator.state).calls
          .slice(callsBefore)
          .filter((call) => call.service !== "authenticate")
        const after = yield* karya.api<PiDetail>("viewer", "GET", piPath(number))
        return { before, replies, calls, after }
      })

    it.live(
      `PI-P-2 PI-S-11: ${concurrentRequests} concurrent RESUBMITs of a New PI at one version push it once; the others get 409`,
      () =>
        Effect.gen(function* () {
          const karya = running
          assert.isDefined(karya)
          if (karya === undefined) return
          const bill = yield* karya.api<BillView>(
            "accountant",
            "POST",
            "/v1/bills",
            oneSeekerBill(dateOf(karya.dayOffset()), 11),
          )
          const number = bill.paymentInstructions[0]?.number ?? ""
          const { before, replies, calls, after } = yield* race(karya, number, "RESUBMIT")
          const statuses = replies.map((reply) => reply.status)
          assert.strictEqual(statuses.filter((status) => status === 200).length, 1, JSON.stringify(statuses))
          for (const reply of replies.filter((candidate) => candidate.status !== 200)) {
            assert.strictEqual(reply.status, 409)
            assert.include(refused, (reply.json as { readonly code: string }).code)
          }
          assert.deepStrictEqual(
            calls.map((call) => call.service),
            ["PI"],
            "JIT received one push",
          )
          const jitCalls = after.history.filter((entry) => entry.kind === "JitCalled")
          assert.strictEqual(jitCalls.length, 1, "the history records the one push")
          assert.strictEqual(after.history.length - before.history.length, after.version - before.version)
        }),
      120_000,
    )

    it.live(
      `PI-P-2 PI-S-11: ${concurrentRequests} concurrent REFRESHes of a pushed PI at one version make one refresh's calls; the others get 409`,
      () =>
        Effect.gen(function* () {
          const karya = running
          assert.isDefined(karya)
          if (karya === undefined) return
          const bill = yield* karya.api<BillView>(
            "accountant",
            "POST",
            "/v1/bills",
            oneSeekerBill(dateOf(karya.dayOffset()), 12),
          )
          const number = bill.paymentInstructions[0]?.number ?? ""
          const pushed = yield* karya.api<PiDetail>("viewer", "GET", piPath(number))
          yield* karya.api("paymentOfficer", "POST", `${piPath(number)}/actions`, {
            action: "RESUBMIT",
            version: pushed.version,
          })
          const { before, replies, calls, after } = yield* race(karya, number, "REFRESH")
          const statuses = replies.map((reply) => reply.status)
          assert.strictEqual(statuses.filter((status) => status === 200).length, 1, JSON.stringify(statuses))
          for (const reply of replies.filter((candidate) => candidate.status !== 200)) {
            assert.strictEqual(reply.status, 409)
            assert.include(refused, (reply.json as { readonly code: string }).code)
          }
          assert.isAbove(calls.length, 0, "the refresh called JIT")
          const recorded = after.history.filter((entry) => entry.kind === "JitCalled").length
          const recordedBefore = before.history.filter((entry) => entry.kind === "JitCalled").length
          assert.strictEqual(
            recorded - recordedBefore,
            calls.length,
            "every call JIT received is in the history",
          )
          assert.strictEqual(
            new Set(calls.map((call) => call.service)).size,
            calls.length,
            "no service twice",
          )
        }),
      120_000,
    )
  })
}
