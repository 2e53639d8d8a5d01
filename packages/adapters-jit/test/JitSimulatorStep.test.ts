import { fc, test } from "@fast-check/vitest"
import { JitCrypto, JitSimulator } from "@karya/adapters-jit"
import { Payments } from "@karya/core"
import { assert } from "vitest"
import { piParams } from "./JitSimulatorRawClient.js"

const sessionKey = JitCrypto.generateAesKey()
const authToken = "token"

const started: JitSimulator.SimulatorState = {
  ...JitSimulator.initialState({}),
  sessions: { [authToken]: { sessionKey, expiresAtMs: Number.MAX_SAFE_INTEGER, ended: false } },
}

const request = (envelope: unknown) => {
  const rek = JitCrypto.generateAesKey()
  return {
    rek,
    request: {
      path: JitSimulator.serviceDataPath,
      headers: { authtoken: authToken },
      body: JSON.stringify({
        params: JitCrypto.encryptJson({ key: sessionKey, value: envelope }),
        rek: JitCrypto.encryptAes({ key: sessionKey, plaintext: rek }),
      }),
    },
  }
}

interface Envelope {
  readonly data: ReadonlyArray<{ readonly successCode?: string }>
  readonly errorMsgs: ReadonlyArray<{ readonly errorCode: string; readonly errorMsg: string }>
}

const run = (state: JitSimulator.SimulatorState, envelope: unknown) => {
  const { rek, request: built } = request(envelope)
  const [outcome, next] = JitSimulator.step({
    state,
    request: built,
    nowMs: 0,
    privateKeyPem: "",
    random: { authToken: "unused", sessionKey },
  })
  return { next, reply: JitCrypto.decryptJson({ key: rek, ciphertext: outcome.response.body }) as Envelope }
}

test.prop([fc.array(fc.constantFrom("PI/1", "PI/2", "PI/3"), { maxLength: 12 })])(
  "SIM-1 SIM-2 a PI number is accepted at most once; every later push of it is PV0073 (REL-1)",
  (numbers) => {
    let state = started
    const accepted = new Map<string, number>()
    for (const number of numbers) {
      const { next, reply } = run(state, { serviceId: "PI", params: piParams(number) })
      state = next
      if (reply.data.length > 0) {
        assert.strictEqual(reply.data[0]?.successCode, "0")
        accepted.set(number, (accepted.get(number) ?? 0) + 1)
      } else {
        assert.isTrue(
          Payments.JitOutcome.isDuplicatePaymentInformation(
            reply.errorMsgs.map((item) => ({
              code: item.errorCode,
              message: item.errorMsg,
            })),
          ),
        )
      }
    }
    assert.deepStrictEqual(
      [...accepted.values()].every((count) => count === 1),
      true,
    )
    assert.deepStrictEqual(Object.keys(state.bills).sort(), [...new Set(numbers)].sort())
    assert.strictEqual(state.calls.length, numbers.length)
  },
)

test.prop([fc.array(fc.constantFrom("PI", "PIS", "PAG", "PD", "FD", "VA"), { maxLength: 10 })])(
  "SIM-1 a step never changes the state it is given",
  (services) => {
    const held = run(started, { serviceId: "PI", params: piParams("PI/9") }).next
    const frozen = JSON.stringify(held)
    for (const serviceId of services)
      run(held, { serviceId, params: { ...piParams("PI/8"), jitBillNo: "PI/9", billNo: "PI/9" } })
    assert.strictEqual(JSON.stringify(held), frozen)
  },
)
