import { assert, describe, it } from "@effect/vitest"
import { Config, Payments } from "@karya/core"
import { jitReplies, samplePaymentInstruction } from "@karya/core/testing"
import { DateTime, Result, Schema } from "effect"

const { PaymentInstructionHistory, StatusMachine, JitOutcome, HistoryEntry } = Payments
const machine = StatusMachine.paymentInstructionMachine
const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const at = DateTime.makeUnsafe("2024-06-10T16:30:00Z")
const created = samplePaymentInstruction({
  tenantId,
  number: "PI-DK/2024-25/000001",
  billId: "bill-1",
  paymentIds: ["BN-DK/000001", "BN-DK/000002"],
})
const sanction = {
  sanctionId: "920",
  headOfAccount: "221705789358641045908",
  financialYear: "2024-25",
  ssuAllotmentId: "860",
  allotmentSerialNumber: "0",
} as const

const history = (() => {
  const entries: Array<Payments.HistoryEntry.HistoryEntry> = [
    { _tag: "Created", at, paymentInstruction: created },
  ]
  const chosen = PaymentInstructionHistory.withSanction(
    created,
    sanction as Payments.PaymentInstruction.SanctionUsed,
  )
  entries.push({ _tag: "SanctionChosen", at, sanction: sanction as Payments.PaymentInstruction.SanctionUsed })
  const tagged = Payments.JitRequests.requestFor("PI", chosen, {
    jitCodes: Payments.JitCodes.muktaJitCodes({
      ddoCode: "OLSHUD001",
      granteeCode: "GOHUDULBMPL0036",
      ssuId: "1621",
    }),
    scale: 2,
  })
  const request = tagged._tag === "PI" ? tagged.request : (undefined as never)
  const pending = Result.getOrThrow(
    StatusMachine.transition(machine, chosen, {
      exchange: { _tag: "PI", request, outcome: JitOutcome.noResponse("timeout", "") },
      at,
    }),
  )
  entries.push(pending.entry)
  const initiated = Result.getOrThrow(
    StatusMachine.transition(machine, pending.paymentInstruction, {
      exchange: { _tag: "PI", request, outcome: JitOutcome.success(jitReplies.acknowledgement(created)) },
      at: DateTime.add(at, { minutes: 5 }),
    }),
  )
  entries.push(initiated.entry)
  return { entries, current: initiated.paymentInstruction }
})()

describe("PaymentInstructionHistory", () => {
  it("PI-S-11: replaying a PI's history from the start rebuilds it exactly, also after a round trip through its Schema", () => {
    assert.deepStrictEqual(
      Result.getOrThrow(PaymentInstructionHistory.replay(machine, history.entries)),
      history.current,
    )
    const codec = Schema.toCodecJson(Schema.Array(HistoryEntry.HistoryEntry))
    const stored = JSON.parse(JSON.stringify(Schema.encodeSync(codec)(history.entries)))
    const decoded = Schema.decodeUnknownSync(codec)(stored)
    assert.deepStrictEqual(
      Result.getOrThrow(PaymentInstructionHistory.replay(machine, decoded)),
      history.current,
    )
    assert.strictEqual(history.current.version, history.entries.length)
  })

  it("PI-S-11: every JIT call entry records service, time, request, outcome, JIT errors, resulting statuses and the message", () => {
    const call = history.entries[2]
    assert.strictEqual(call?._tag, "JitCalled")
    if (call?._tag === "JitCalled") {
      assert.strictEqual(call.exchange._tag, "PI")
      assert.strictEqual(call.exchange.outcome._tag, "NoResponse")
      assert.deepStrictEqual(
        [call.event, call.status, call.beneficiaryStatuses, call.message],
        [
          "NO_RESPONSE",
          "Pending",
          { "BN-DK/000001": "PaymentPending", "BN-DK/000002": "PaymentPending" },
          "On call of PI API: No response is received.",
        ],
      )
      assert.deepStrictEqual(call.jitErrors, [])
      assert.strictEqual(DateTime.formatIso(call.at), "2024-06-10T16:30:00.000Z")
    }
  })

  it("PI-S-11: a history that does not start with the PI's creation, or whose recorded statuses differ from the replay, is PI_HISTORY_INVALID", () => {
    const noStart = PaymentInstructionHistory.replay(machine, history.entries.slice(1))
    assert.isTrue(Result.isFailure(noStart) && noStart.failure.code === "PI_HISTORY_INVALID")
    const tampered = history.entries.map((entry, index) =>
      index === 3 && entry._tag === "JitCalled" ? { ...entry, status: "Approved" as const } : entry,
    )
    const replayed = PaymentInstructionHistory.replay(machine, tampered)
    assert.isTrue(Result.isFailure(replayed))
    if (Result.isFailure(replayed)) {
      assert.strictEqual(replayed.failure.entryIndex, 3)
      assert.include(replayed.failure.message, "PI-DK/2024-25/000001")
    }
    const twice = PaymentInstructionHistory.replay(machine, [
      ...history.entries,
      history.entries[0] as Payments.HistoryEntry.HistoryEntry,
    ])
    assert.isTrue(Result.isFailure(twice))
    const corrected = PaymentInstructionHistory.replay(machine, [
      ...history.entries,
      {
        _tag: "BeneficiaryCorrected",
        at,
        paymentId: created.number as never,
        bankAccount: { accountNumber: "1", ifsc: "X", accountType: "Saving" },
        userId: "u",
      },
    ])
    assert.isTrue(Result.isFailure(corrected), "a correction of an unknown beneficiary does not replay")
    const illegal = PaymentInstructionHistory.replay(machine, [
      ...history.entries,
      {
        ...(history.entries[2] as Payments.HistoryEntry.JitCalled),
        exchange: { _tag: "PAG", request: {} as never, outcome: JitOutcome.noResponse("timeout", "") },
      },
    ])
    assert.isTrue(Result.isFailure(illegal) && illegal.failure.problem.includes("PAG"))
  })

  it("PI-S-11: a corrected beneficiary account is part of the history and of the replay", () => {
    const bankAccount = { accountNumber: "999999999999", ifsc: "HDFC0000001", accountType: "Saving" as const }
    const entry: Payments.HistoryEntry.HistoryEntry = {
      _tag: "BeneficiaryCorrected",
      at,
      paymentId: created.beneficiaries[1]?.paymentId as Payments.Beneficiary.Beneficiary["paymentId"],
      bankAccount,
      userId: "clerk",
    }
    const replayed = Result.getOrThrow(
      PaymentInstructionHistory.replay(machine, [
        history.entries[0] as Payments.HistoryEntry.HistoryEntry,
        entry,
      ]),
    )
    assert.deepStrictEqual(replayed.beneficiaries[1]?.bankAccount, bankAccount)
    assert.strictEqual(replayed.version, 2)
  })
})
