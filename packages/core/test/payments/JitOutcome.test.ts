import { assert, describe, it } from "@effect/vitest"
import { Config, Payments } from "@karya/core"
import { jitReplies, samplePaymentInstruction } from "@karya/core/testing"

const { JitOutcome, StatusMachine } = Payments
const pi = samplePaymentInstruction({
  tenantId: Config.TenantId.makeUnsafe("od.dhenkanal"),
  number: "PI-DK/2024-25/000001",
  billId: "bill-1",
  paymentIds: ["BN-DK/000001", "BN-DK/000002"],
})
const request = {} as never
const eventOf = (exchange: { readonly _tag: string; readonly outcome: unknown }) =>
  StatusMachine.eventOf({ request, ...exchange } as Payments.JitOutcome.JitExchange).type

describe("JitOutcome", () => {
  it("PI-S-1: the four outcomes become machine events: no response, error, rejected (PIS only), success", () => {
    assert.strictEqual(
      eventOf({ _tag: "PIS", outcome: JitOutcome.noResponse("httpStatus", "502") }),
      "NO_RESPONSE",
    )
    assert.strictEqual(
      eventOf({ _tag: "PIS", outcome: JitOutcome.error([{ code: "TR9999", message: "Internal error" }]) }),
      "ERROR",
    )
    assert.strictEqual(
      eventOf({ _tag: "PIS", outcome: JitOutcome.rejected([{ code: "", message: "rejected" }]) }),
      "REJECTED",
    )
    assert.strictEqual(
      eventOf({ _tag: "PAG", outcome: JitOutcome.rejected([{ code: "", message: "rejected" }]) }),
      "ERROR",
      "only PIS can be rejected",
    )
    assert.strictEqual(
      eventOf({ _tag: "PI", outcome: JitOutcome.success(jitReplies.acknowledgement(pi)) }),
      "SUCCESS",
    )
  })

  it("PI-S-3: a PIS error saying the bill is rejected by the SSU is REJECTED, as JIT's sample says it", () => {
    const sample = "This Bill Number PI-1013/2023-24/000181 is rejected by SSU angul_op"
    assert.strictEqual(
      eventOf({ _tag: "PIS", outcome: JitOutcome.error([{ code: "", message: sample }]) }),
      "REJECTED",
    )
    assert.strictEqual(
      eventOf({ _tag: "PI", outcome: JitOutcome.error([{ code: "", message: sample }]) }),
      "ERROR",
    )
  })

  it("PI-S-2: a push error with PV0073 or the words 'duplicate payment information id' is DUPLICATE", () => {
    assert.strictEqual(
      eventOf({ _tag: "PI", outcome: JitOutcome.error([{ code: "PV0073", message: "" }]) }),
      "DUPLICATE",
    )
    assert.strictEqual(
      eventOf({
        _tag: "COR",
        outcome: JitOutcome.error([{ code: "", message: "Duplicate Payment Info Id BN-DK/1" }]),
      }),
      "DUPLICATE",
    )
    assert.strictEqual(
      eventOf({ _tag: "PIS", outcome: JitOutcome.error([{ code: "PV0073", message: "" }]) }),
      "ERROR",
    )
    assert.isTrue(JitOutcome.isDuplicatePaymentInformation([{ code: " PV0073 ", message: "x" }]))
  })

  it("PI-S-7: a PI or COR acknowledgement whose successCode is not 0 is an ERROR with its description; an empty data reply is NO_RESPONSE", () => {
    const acknowledgement = {
      ...jitReplies.acknowledgement(pi),
      successCode: "2",
      successDescription: "Bill not accepted",
    }
    const exchange = {
      _tag: "COR",
      request,
      outcome: JitOutcome.success(acknowledgement),
    } as Payments.JitOutcome.JitExchange
    assert.deepStrictEqual(StatusMachine.eventOf(exchange), {
      type: "ERROR",
      errors: [{ code: "2", message: "Bill not accepted" }],
    })
    assert.strictEqual(eventOf({ _tag: "PD", outcome: JitOutcome.success([]) }), "NO_RESPONSE")
    assert.strictEqual(eventOf({ _tag: "FTFPS", outcome: JitOutcome.success([]) }), "NO_RESPONSE")
  })

  it("PI-S-12: JIT's error text is its messages joined, or its codes when it sent no message", () => {
    assert.strictEqual(
      JitOutcome.errorText([
        { code: "340", message: "Wrong IFSC" },
        { code: "341", message: " " },
      ]),
      "Wrong IFSC; 341",
    )
  })
})
