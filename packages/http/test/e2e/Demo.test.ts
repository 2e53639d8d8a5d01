/**
 * `npm start` end to end: the whole demo (embedded PGlite, the JIT simulator
 * on a loopback port, the Aadhaar fake, the REST API on a free port, the
 * fast-clock JIT schedule) runs until the revised PI is Completed. While it
 * runs, the API's docs page is served.
 */
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Option } from "effect"
import { decodeJwt } from "jose"
import * as Demo from "../../src/Demo.js"
import { freePort } from "./Deployment.js"

describe("npm start demo", () => {
  it.live(
    "e2e PI-S-5 PI-S-6 PI-S-7 PI-S-8 npm start demo: the PI reaches Completed and the failed beneficiary is re-paid by a revised PI",
    () =>
      Effect.gen(function* () {
        const port = yield* freePort
        const startedAt = yield* Clock.currentTimeMillis
        const lines: Array<string> = []
        let docsStatus: number | undefined
        const print = (line: string) =>
          Effect.gen(function* () {
            lines.push(line)
            // The first line is printed once the API listens: the docs are served then.
            if (docsStatus === undefined) {
              docsStatus = 0
              docsStatus = yield* Effect.promise(async () => {
                const response = await fetch(`http://127.0.0.1:${port}/docs`)
                await response.text()
                return response.status
              })
            }
          })
        const outcome = yield* Demo.run({ port, untilComplete: true, print }).pipe(
          Effect.timeoutOption("50 seconds"),
          Effect.flatMap(
            Option.match({
              onNone: () => Effect.die(new Error(`the demo did not complete:\n${lines.join("\n")}`)),
              onSome: Effect.succeed,
            }),
          ),
        )
        assert.strictEqual(docsStatus, 200, "GET /docs while the demo ran")
        assert.strictEqual(outcome.original.status, "Completed")
        assert.strictEqual(outcome.original.failed, 1, "one credit returned by the bank (account closed)")
        assert.strictEqual(outcome.revised.status, "Completed")
        assert.notStrictEqual(outcome.revised.number, outcome.original.number)
        assert.includeMembers(
          [...outcome.transitions],
          [
            `PI ${outcome.original.number}: InProcess → Completed`,
            `revised PI ${outcome.revised.number}: InProcess → Completed`,
          ],
        )
        assert.isTrue(outcome.smsSent > 0, "the wage seekers were told by SMS")
        assert.isTrue(lines.some((line) => line.includes(`/docs`)))
        assert.isTrue(lines.some((line) => line.startsWith("demo complete:")))
        const officerLine = lines.find((line) => line.startsWith("token for Payment officer")) ?? ""
        const officerToken = decodeJwt(officerLine.slice(officerLine.lastIndexOf(" ") + 1))
        // API-2: the printed tokens expire, an hour of real time after the demo started.
        assert.strictEqual((officerToken.exp ?? 0) - (officerToken.iat ?? 0), 3600)
        assert.isTrue(
          Math.abs((officerToken.iat ?? 0) * 1000 - startedAt) < 60_000,
          "issued on the real clock",
        )
      }),
    60_000,
  )
})
