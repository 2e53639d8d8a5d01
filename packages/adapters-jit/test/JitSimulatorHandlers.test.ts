import { assert, describe, it } from "@effect/vitest"
import {
  JitCrypto,
  JitSimulator,
  JitSimulatorHandlers,
  type JitSimulatorScenario,
  JitSimulatorServer,
} from "@karya/adapters-jit"
import { Effect } from "effect"
import { setupServer } from "msw/node"
import {
  call,
  type Endpoint,
  envelopeOf,
  hoa,
  login,
  piParams,
  rowsOf,
  session,
} from "./JitSimulatorRawClient.js"

const keyPair = JitCrypto.generateRsaKeyPair()

const scenario: JitSimulatorScenario.Scenario = {
  failBeneficiaries: [{ paymentId: "PAY-2", reason: "Account does not exist" }],
  dropResponses: [
    { service: "FD", mode: "garbage", times: 1 },
    { service: "VA", mode: "noReply", times: 1 },
  ],
}

/** One script of calls; every reply as the client sees it (decrypted envelope, or what failed). */
const script = (endpoint: Endpoint) =>
  Effect.gen(function* () {
    const seen: Array<unknown> = []
    const wrong = yield* login(endpoint, "wrong")
    seen.push(["login-wrong", wrong.status])
    const s = yield* session(endpoint)
    const va = { hoa, fromDate: "", ddoCode: "OLSHUD001", granteCode: "GOHUDULBMPL0036" }
    const dropped = yield* call(endpoint, s, "VA", va)
    seen.push(["va-dropped", dropped === undefined])
    seen.push(envelopeOf(yield* call(endpoint, s, "VA", va)))
    seen.push(envelopeOf(yield* call(endpoint, s, "PI", piParams("PI/2023-24/0100"))))
    seen.push(envelopeOf(yield* call(endpoint, s, "PI", piParams("PI/2023-24/0100"))))
    const status = envelopeOf(
      yield* call(endpoint, s, "PIS", {
        jitBillNo: "PI/2023-24/0100",
        jitBillDate: "2023-05-25",
        ssuIaId: "1621",
      }),
    )
    seen.push(status)
    const approved = (status.data as ReadonlyArray<Record<string, string>>)[0]
    const advice = rowsOf(
      yield* call(endpoint, s, "PAG", {
        pmtInstId: approved?.pmtInstId,
        pmtInstDate: approved?.payInstDate,
        billNo: "PI/2023-24/0100",
        billDate: "2023-05-25",
        ssuIaId: "1621",
      }),
    )[0]
    seen.push(advice)
    const paid = envelopeOf(
      yield* call(endpoint, s, "PD", {
        finYear: advice?.finYear,
        extAppName: "MUKTA",
        billRefNo: advice?.onlineBillRefNo,
        tokenNumber: advice?.tokenNumber,
        tokenDate: advice?.tokenDate,
      }),
    )
    seen.push(paid)
    const voucherDate = (paid.data as ReadonlyArray<Record<string, string>>)[0]?.voucherDate
    const garbage = yield* call(endpoint, s, "FD", { finYear: "1969", extAppName: "MUKTA", voucherDate })
    seen.push(["fd-garbage", garbage?.status, garbage?.envelope === undefined])
    seen.push(
      envelopeOf(yield* call(endpoint, s, "FD", { finYear: "1969", extAppName: "MUKTA", voucherDate })),
    )
    const unknown = yield* call(endpoint, { ...s, authToken: "unknown" }, "VA", va)
    seen.push(["unknown-token", unknown?.status, unknown?.text])
    return seen
  })

describe("JitSimulatorHandlers", () => {
  it.effect("SIM-3 msw handlers intercepting fetch answer exactly as the loopback server does", () =>
    Effect.gen(function* () {
      const overSocket = yield* Effect.gen(function* () {
        const server = yield* JitSimulatorServer.JitSimulatorServer
        return yield* script(server)
      }).pipe(Effect.provide(JitSimulatorServer.layer({ scenario, keyPair })))

      const simulator = yield* JitSimulator.make({ scenario, keyPair })
      const baseUrl = "https://jit.simulator.test"
      const handlers = yield* JitSimulatorHandlers.make(simulator, { baseUrl })
      const intercepted = yield* Effect.acquireUseRelease(
        Effect.sync(() => {
          const mock = setupServer(...handlers)
          mock.listen({ onUnhandledFrame: "error" })
          return mock
        }),
        () =>
          script({
            url: baseUrl,
            publicKeyPem: simulator.publicKeyPem,
            clientId: simulator.clientId,
            clientSecret: simulator.clientSecret,
          }),
        (mock) => Effect.sync(() => mock.close()),
      )

      assert.deepStrictEqual(intercepted, overSocket)
      // The script saw the whole life cycle, not only errors.
      const paid = overSocket[7] as { data: ReadonlyArray<{ benfDtls: ReadonlyArray<{ benfId: string }> }> }
      assert.deepStrictEqual(
        paid.data[0]?.benfDtls.map((item) => item.benfId),
        ["PAY-1", "PAY-2"],
      )
      const failed = overSocket[9] as { data: ReadonlyArray<{ benfDtls: ReadonlyArray<{ benfId: string }> }> }
      assert.deepStrictEqual(
        failed.data[0]?.benfDtls.map((item) => item.benfId),
        ["PAY-2"],
      )
      assert.deepStrictEqual(overSocket[1], ["va-dropped", true])
    }),
  )

  it.effect("SIM-3 the plain start() server listens on loopback and stops on close()", () =>
    Effect.gen(function* () {
      const running = yield* Effect.promise(() => JitSimulatorServer.start({ port: 0, keyPair }))
      assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+$/)
      assert.include(running.publicKeyPem, "BEGIN PUBLIC KEY")
      const s = yield* session(running)
      const va = { hoa, fromDate: "", ddoCode: "OLSHUD001", granteCode: "GOHUDULBMPL0036" }
      assert.strictEqual(rowsOf(yield* call(running, s, "VA", va)).length, 1)
      yield* Effect.promise(() => running.close())
      const after = yield* Effect.promise(() =>
        fetch(`${running.url}${JitSimulator.authenticatePath}`, { method: "POST", body: "{}" }).then(
          () => "answered",
          () => "refused",
        ),
      )
      assert.strictEqual(after, "refused")
    }),
  )
})
