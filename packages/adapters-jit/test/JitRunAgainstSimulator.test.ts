/**
 * Core's JIT run (in-memory stores) with the real JIT client over a loopback
 * socket to the real JIT simulator server, real crypto, and time driven by
 * TestClock through the tenant's daily slots (21:00 re-push; 22:00 VA, PIS,
 * PD, FD, FTPS, FTFPS; 22:15 PAG; local time).
 */
import { assert, describe, it } from "@effect/vitest"
import { Payments, Persistence } from "@karya/core"
import { Effect } from "effect"
import {
  calledServices,
  current,
  layer,
  night,
  registerEntries,
  runAt,
  simulator,
  simulatorCalls,
  statuses,
  tenantId,
  wageBill,
} from "./SimulatedTreasury.js"

const { JitRun, PaymentInstructionIssue, PaymentInstructionRepository } = Payments

const allSuccessful = Array(4).fill("PaymentSuccessful")

/** The first night ingests the sanction (VA at 22:00); the bill's PI is then created, New. */
const fundedPi = Effect.gen(function* () {
  assert.deepStrictEqual(calledServices(yield* night("2024-06-10")), ["VA", "VA", "VA"])
  const created = yield* PaymentInstructionIssue.createFromBill(wageBill())
  assert.strictEqual(created.status, "New")
  return created
})

/** The statuses each JIT call of a PI left it in, in order. */
const statusTrail = (number: string) =>
  Effect.flatMap(PaymentInstructionRepository.PaymentInstructionRepository, () =>
    Effect.map(Payments.PaymentInstructionRepository.historyOf({ tenantId, number }), (history) =>
      history.flatMap((entry) =>
        entry._tag === "JitCalled" ? [`${entry.exchange._tag}:${entry.status}`] : [],
      ),
    ),
  )

const lastJitErrors = (number: string) =>
  Effect.flatMap(PaymentInstructionRepository.PaymentInstructionRepository, () =>
    Effect.map(Payments.PaymentInstructionRepository.historyOf({ tenantId, number }), (history) => {
      const last = history.filter((entry) => entry._tag === "JitCalled").at(-1)
      return last?._tag === "JitCalled" ? last : undefined
    }),
  )

describe("JitRun against the JIT simulator over loopback", () => {
  it.effect(
    "PI-P-1 PI-S-1 PI-S-3 PI-S-4 PI-S-5 SIM-2 accept all: New → Initiated → Approved → InProcess → Completed, every beneficiary Successful, the expense booked once",
    () =>
      Effect.gen(function* () {
        const created = yield* fundedPi
        const first = yield* night("2024-06-11")
        assert.deepStrictEqual(calledServices(first), [
          "PI:SUCCESS",
          "VA",
          "VA",
          "VA",
          "PIS:SUCCESS",
          "PAG:SUCCESS",
        ])
        assert.strictEqual((yield* current(created.number)).status, "InProcess")
        const second = yield* night("2024-06-12")
        assert.deepStrictEqual(calledServices(second), ["VA", "VA", "VA", "PD:SUCCESS", "FD:NO_RESPONSE"])
        const paid = yield* current(created.number)
        assert.strictEqual(paid.status, "Completed")
        assert.deepStrictEqual(statuses(paid), allSuccessful)
        // The FD check that found no failure is not in the history (issue 11).
        assert.deepStrictEqual(yield* statusTrail(created.number), [
          "PI:Initiated",
          "PIS:Approved",
          "PAG:InProcess",
          "PD:Completed",
        ])
        assert.isTrue(
          paid.beneficiaries.every((beneficiary) => beneficiary.payment?.utrNumber.startsWith("RBI")),
        )
        yield* night("2024-06-13")
        const expenses = yield* registerEntries(created.number, "expense")
        assert.deepStrictEqual(
          expenses.map((entry) => entry.amount),
          [created.header.grossAmount],
        )
        assert.deepStrictEqual(yield* registerEntries(created.number, "expenseReversal"), [])
        const sent = yield* Effect.flatMap(Payments.Notifier.SentMessages, (messages) => messages.all)
        assert.strictEqual(sent.filter((message) => message.kind === "paymentSuccessful").length, 3)
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "PI-S-1 SIM-2 a PI declined by a JIT error (TV0003) is corrected and re-pushed under the same number, and JIT accepts it",
    () =>
      Effect.gen(function* () {
        const created = yield* fundedPi
        const declinedNight = yield* night("2024-06-11")
        assert.deepStrictEqual(calledServices(declinedNight), ["PI:ERROR", "VA", "VA", "VA"])
        const declined = yield* current(created.number)
        assert.strictEqual(declined.status, "Declined")
        assert.strictEqual(declined.declineReason, "jitError")
        const call = yield* lastJitErrors(created.number)
        assert.deepStrictEqual(
          call?.jitErrors.map((error) => error.code),
          ["TV0003"],
        )
        assert.strictEqual(
          Payments.JitErrorCatalogue.classify("TV0003").offeredAction,
          "correct the beneficiary or header and re-push",
        )
        assert.deepStrictEqual(yield* registerEntries(created.number, "expense"), [])
        const paymentId = declined.beneficiaries[0]?.paymentId ?? ""
        const corrected = yield* PaymentInstructionIssue.correctBeneficiary({
          tenantId,
          paymentInstructionNumber: created.number,
          paymentId,
          userId: "clerk",
          expectedVersion: declined.version,
          bankAccount: { accountNumber: "100000000009", ifsc: "HDFC0000001", accountType: "Saving" },
        })
        const [repushed] = yield* JitRun.refresh({ tenantId, paymentInstructionNumber: corrected.number })
        assert.strictEqual(repushed?.service, "PI")
        assert.strictEqual(repushed?.paymentInstruction?.status, "Initiated")
        assert.strictEqual(repushed?.paymentInstruction?.number, created.number)
        const state = yield* Effect.flatMap(simulator, (sim) => sim.state)
        assert.deepStrictEqual(Object.keys(state.bills), [created.number], "JIT holds one bill, our number")
        assert.strictEqual(state.bills[created.number]?.beneficiaries[0]?.ifsc, "HDFC0000001")
        assert.strictEqual((yield* simulatorCalls("PI")).length, 2)
        yield* night("2024-06-12")
        yield* night("2024-06-13")
        const paid = yield* current(created.number)
        assert.strictEqual(paid.status, "Completed")
        assert.strictEqual(paid.beneficiaries[0]?.payment?.utrNumber.startsWith("RBI"), true)
        assert.strictEqual((yield* registerEntries(created.number, "expense")).length, 1)
      }).pipe(
        Effect.provide(
          layer({
            declinePi: {
              errorCode: "TV0003",
              errorMessage: "Wrong IFSC provided in Beneficiary Details for BenefId BN-DK/000001",
              times: 1,
            },
          }),
        ),
      ),
  )

  it.effect(
    "JIT-W-5 PI-P-2 SIM-2 no response (a dropped connection, then a garbage reply) is retried by the next run, which succeeds",
    () =>
      Effect.gen(function* () {
        const created = yield* fundedPi
        const quiet = yield* night("2024-06-11")
        assert.deepStrictEqual(calledServices(quiet), ["PI:NO_RESPONSE", "VA", "VA", "VA"])
        const pending = yield* current(created.number)
        assert.strictEqual(pending.status, "Pending")
        assert.strictEqual(
          (yield* lastJitErrors(created.number))?.message,
          "On call of PI API: No response is received.",
        )
        assert.deepStrictEqual(
          yield* registerEntries(created.number, "expense"),
          [],
          "no expense before JIT accepts",
        )
        const garbled = yield* night("2024-06-12")
        assert.deepStrictEqual(calledServices(garbled), ["PI:SUCCESS", "VA", "VA", "VA", "PIS:NO_RESPONSE"])
        assert.strictEqual((yield* current(created.number)).status, "Initiated")
        const approved = yield* night("2024-06-13")
        assert.deepStrictEqual(calledServices(approved), ["VA", "VA", "VA", "PIS:SUCCESS", "PAG:SUCCESS"])
        yield* night("2024-06-14")
        const paid = yield* current(created.number)
        assert.strictEqual(paid.status, "Completed")
        assert.deepStrictEqual(statuses(paid), allSuccessful)
        assert.strictEqual((yield* registerEntries(created.number, "expense")).length, 1)
        assert.deepStrictEqual(
          (yield* simulatorCalls()).filter((call) => call.outcome === "dropped").map((call) => call.service),
          ["PI", "PIS"],
        )
      }).pipe(
        Effect.provide(
          layer({
            dropResponses: [
              { service: "PI", mode: "noReply", times: 1, beforeProcessing: true },
              { service: "PIS", mode: "garbage", times: 1 },
            ],
          }),
        ),
      ),
  )

  it.effect(
    "PI-S-3 PI-F-4 SIM-2 a PIS rejection by the SSU reverses the expense, and a new PI can be raised from the bill",
    () =>
      Effect.gen(function* () {
        const created = yield* fundedPi
        const rejectedNight = yield* night("2024-06-11")
        assert.deepStrictEqual(calledServices(rejectedNight), [
          "PI:SUCCESS",
          "VA",
          "VA",
          "VA",
          "PIS:REJECTED",
        ])
        const rejected = yield* current(created.number)
        assert.strictEqual(rejected.status, "Rejected")
        assert.deepStrictEqual(statuses(rejected), Array(4).fill("NotApplicable"))
        assert.match((yield* lastJitErrors(created.number))?.message ?? "", /is rejected by SSU/)
        const expense = yield* registerEntries(created.number, "expense")
        const reversal = yield* registerEntries(created.number, "expenseReversal")
        assert.strictEqual(expense.length, 1)
        assert.strictEqual(reversal.length, 1)
        assert.strictEqual(reversal[0]?.amount, expense[0]?.amount)
        const again = yield* PaymentInstructionIssue.createFromBill(wageBill())
        assert.notStrictEqual(again.number, created.number)
        assert.strictEqual(again.status, "New")
        yield* night("2024-06-12")
        yield* night("2024-06-13")
        assert.strictEqual((yield* current(again.number)).status, "Completed")
        assert.strictEqual((yield* current(created.number)).status, "Rejected")
        assert.strictEqual((yield* registerEntries(again.number, "expense")).length, 1)
      }).pipe(Effect.provide(layer({ rejectAtPis: { times: 1 } }))),
  )

  it.effect(
    "PI-S-2 PI-P-2 SIM-2 a push whose reply was lost after JIT stored it is re-pushed under the same number; PV0073 makes it Declined as duplicate with the expense booked once, and PIS moves it on",
    () =>
      Effect.gen(function* () {
        const created = yield* fundedPi
        const lost = yield* night("2024-06-11")
        assert.deepStrictEqual(calledServices(lost), ["PI:NO_RESPONSE", "VA", "VA", "VA"])
        assert.strictEqual((yield* current(created.number)).status, "Pending")
        const duplicateNight = yield* night("2024-06-12")
        assert.deepStrictEqual(calledServices(duplicateNight), [
          "PI:DUPLICATE",
          "VA",
          "VA",
          "VA",
          "PIS:SUCCESS",
          "PAG:SUCCESS",
        ])
        const trail = yield* statusTrail(created.number)
        assert.deepStrictEqual(trail.slice(0, 3), ["PI:Pending", "PI:Declined", "PIS:Approved"])
        const duplicate = (yield* Payments.PaymentInstructionRepository.historyOf({
          tenantId,
          number: created.number,
        })).find((entry) => entry._tag === "JitCalled" && entry.event === "DUPLICATE")
        assert.isTrue(
          duplicate?._tag === "JitCalled" &&
            duplicate.declineReason === "duplicate" &&
            duplicate.jitErrors[0]?.code === "PV0073" &&
            Payments.JitOutcome.isDuplicatePaymentInformation(duplicate.jitErrors),
        )
        assert.strictEqual((yield* registerEntries(created.number, "expense")).length, 1)
        const state = yield* Effect.flatMap(simulator, (sim) => sim.state)
        assert.deepStrictEqual(Object.keys(state.bills), [created.number], "never pushed under a new number")
        yield* night("2024-06-13")
        const paid = yield* current(created.number)
        assert.strictEqual(paid.status, "Completed")
        assert.deepStrictEqual(statuses(paid), allSuccessful)
        assert.strictEqual((yield* registerEntries(created.number, "expense")).length, 1)
      }).pipe(Effect.provide(layer({ dropResponses: [{ service: "PI", mode: "noReply", times: 1 }] }))),
  )

  it.effect("PI-S-5 SIM-2 partial PD: one beneficiary is paid by a later PD, then the PI is Completed", () =>
    Effect.gen(function* () {
      const created = yield* fundedPi
      assert.strictEqual(created.beneficiaries[1]?.paymentId, "BN-DK/000002")
      yield* night("2024-06-11")
      const partly = yield* night("2024-06-12")
      assert.deepStrictEqual(calledServices(partly).slice(3), ["PD:SUCCESS"])
      const inProcess = yield* current(created.number)
      assert.strictEqual(inProcess.status, "InProcess")
      assert.deepStrictEqual(statuses(inProcess), [
        "PaymentSuccessful",
        "PaymentInProcess",
        "PaymentSuccessful",
        "PaymentSuccessful",
      ])
      const rest = yield* night("2024-06-13")
      assert.deepStrictEqual(calledServices(rest).slice(3), ["PD:SUCCESS", "FD:NO_RESPONSE"])
      const paid = yield* current(created.number)
      assert.strictEqual(paid.status, "Completed")
      assert.deepStrictEqual(statuses(paid), allSuccessful)
      assert.strictEqual(
        paid.beneficiaries[1]?.payment?.voucherNumber,
        paid.beneficiaries[0]?.payment?.voucherNumber,
      )
      assert.strictEqual((yield* simulatorCalls("PD")).length, 2)
    }).pipe(
      Effect.provide(
        layer({ partialPaymentDetails: { beneficiaries: [{ paymentId: "BN-DK/000002" }], afterPolls: 1 } }),
      ),
    ),
  )

  it.effect(
    "PI-S-6 PI-S-7 PI-S-8 PI-P-2 SIM-2 an FD failure is repaid by a revised PI pushed with COR and paid by FTPS; the failed beneficiary is paid exactly once",
    () =>
      Effect.gen(function* () {
        const created = yield* fundedPi
        const failedId = created.beneficiaries[1]?.paymentId ?? ""
        assert.strictEqual(failedId, "BN-DK/000002")
        yield* night("2024-06-11")
        const returned = yield* night("2024-06-12")
        assert.deepStrictEqual(calledServices(returned).slice(3), ["PD:SUCCESS", "FD:SUCCESS"])
        const completed = yield* current(created.number)
        assert.strictEqual(completed.status, "Completed")
        assert.deepStrictEqual(statuses(completed), [
          "PaymentSuccessful",
          "PaymentFailed",
          "PaymentSuccessful",
          "PaymentSuccessful",
        ])
        assert.strictEqual(completed.beneficiaries[1]?.failure?.failureReason, "Account closed")
        const corrected = {
          accountNumber: "200000000002",
          ifsc: "HDFC0000001",
          accountType: "Saving",
        } as const
        const raised = yield* PaymentInstructionIssue.raiseRepayment({
          tenantId,
          failedNumber: created.number,
          corrections: [{ paymentId: failedId, bankAccount: corrected }],
        })
        assert.strictEqual(raised.kind, "revised")
        const revised = raised.paymentInstruction
        assert.deepStrictEqual(
          revised.beneficiaries.map((beneficiary) => beneficiary.paymentId),
          [failedId],
        )
        const repaid = yield* night("2024-06-13")
        assert.deepStrictEqual(
          calledServices(repaid).filter((call) => !call.startsWith("FD") && call !== "VA"),
          ["COR:SUCCESS", "FTPS:SUCCESS", "FTFPS:NO_RESPONSE"],
          "COR at 21:00, FTPS at 22:00, FTFPS (no failures) made up at 22:15",
        )
        yield* night("2024-06-14")
        const done = yield* current(revised.number)
        assert.strictEqual(done.status, "Completed")
        assert.deepStrictEqual(statuses(done), ["PaymentSuccessful"])
        assert.strictEqual(done.beneficiaries[0]?.bankAccount.accountNumber, corrected.accountNumber)
        assert.isDefined(done.references.treasuryBill)
        assert.deepStrictEqual(
          yield* statusTrail(revised.number),
          ["COR:InProcess", "FTPS:Completed"],
          "the FTFPS checks that found no failure are not in the history (issue 11)",
        )
        // Paid exactly once overall: in core, and in the treasury's vouchers.
        const original = yield* current(created.number)
        const successfulInCore = [original, done].flatMap((pi) =>
          pi.beneficiaries.filter(
            (beneficiary) => beneficiary.paymentId === failedId && beneficiary.status === "PaymentSuccessful",
          ),
        )
        assert.strictEqual(successfulInCore.length, 1)
        const state = yield* Effect.flatMap(simulator, (sim) => sim.state)
        const payments = [...Object.values(state.bills), ...Object.values(state.corrections)].flatMap(
          (bill) => bill.voucher?.payments.filter((payment) => payment.paymentId === failedId) ?? [],
        )
        assert.deepStrictEqual(
          payments.map((payment) => [payment.accountNumber, payment.failure?.reason]),
          [
            ["100000000002", "Account closed"],
            [corrected.accountNumber, undefined],
          ],
        )
        assert.strictEqual((yield* registerEntries(created.number, "expense")).length, 1)
        assert.deepStrictEqual(
          yield* registerEntries(revised.number, "expense"),
          [],
          "a revised PI books nothing",
        )
      }).pipe(
        Effect.provide(
          layer({ failBeneficiaries: [{ paymentId: "BN-DK/000002", reason: "Account closed", times: 1 }] }),
        ),
      ),
  )

  it.effect(
    "NFR-5 PI-P-1 rerunning the run immediately makes no JIT call that changes state, night after night",
    () =>
      Effect.gen(function* () {
        yield* night("2024-06-10")
        const bills = ["bill-000001", "bill-000002", "bill-000003"]
        for (const billId of bills) yield* PaymentInstructionIssue.createFromBill(wageBill(billId))
        const repository = yield* PaymentInstructionRepository.PaymentInstructionRepository
        const snapshot = Effect.gen(function* () {
          const state = yield* Effect.flatMap(simulator, (sim) => sim.state)
          const pis = yield* Persistence.AggregateStore.findAll(
            repository,
            {
              tenantId,
              where: {
                status: [
                  "New",
                  "Pending",
                  "Declined",
                  "Initiated",
                  "Approved",
                  "InProcess",
                  "Completed",
                  "Rejected",
                ],
              },
            },
            { itemsMax: 1_000 },
          )
          return {
            treasury: { bills: state.bills, corrections: state.corrections, sequence: state.sequence },
            pis: pis.map((pi) => [pi.number, pi.status, pi.version]),
            calls: state.calls.length,
          }
        })
        for (const date of ["2024-06-11", "2024-06-12", "2024-06-13"]) {
          for (const time of ["21:01", "22:01", "22:16"]) {
            const made = yield* runAt(date, time)
            // A slot missed by the run before it is made up now (PD after a
            // 22:15 advice, FD after a 22:00 payment): run until nothing is due.
            let catchUp = made
            while (catchUp.length > 0) catchUp = yield* runAt(date, time)
            const before = yield* snapshot
            const rerun = yield* runAt(date, time)
            const after = yield* snapshot
            assert.deepStrictEqual(rerun, [], `${date} ${time}: the rerun plans no call`)
            assert.deepStrictEqual(after, before, `${date} ${time}: the treasury and the PIs are unchanged`)
          }
        }
        const settled = yield* snapshot
        assert.deepStrictEqual(
          settled.pis.map(([, status]) => status),
          ["Completed", "Completed", "Completed"],
        )
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "JIT-W-5 SIM-2 a push that times out (a short client timeout here) leaves the PI Pending; the next run pushes it",
    () =>
      Effect.gen(function* () {
        const created = yield* fundedPi
        const timedOut = yield* night("2024-06-11")
        assert.deepStrictEqual(calledServices(timedOut), ["PI:NO_RESPONSE", "VA", "VA", "VA"])
        const call = yield* lastJitErrors(created.number)
        assert.isTrue(
          call?.exchange.outcome._tag === "NoResponse" && call.exchange.outcome.cause === "timeout",
        )
        assert.strictEqual((yield* current(created.number)).status, "Pending")
        const pushed = yield* night("2024-06-12")
        assert.deepStrictEqual(calledServices(pushed).slice(0, 1), ["PI:SUCCESS"])
        assert.strictEqual((yield* current(created.number)).status, "InProcess")
      }).pipe(
        Effect.provide(
          layer(
            { dropResponses: [{ service: "PI", mode: "timeout", times: 1, beforeProcessing: true }] },
            { timeout: "300 millis" },
          ),
        ),
      ),
  )

  it.effect(
    "JIT-W-4 SIM-2 an expired session key is renewed once and the call retried; the session lifetime runs on the Clock",
    () =>
      Effect.gen(function* () {
        const created = yield* fundedPi
        const logins = (yield* simulatorCalls("authenticate")).length
        assert.strictEqual(logins, 2, "the first VA met the expired key: one login more, the call retried")
        const pushed = yield* night("2024-06-11")
        assert.deepStrictEqual(calledServices(pushed), [
          "PI:SUCCESS",
          "VA",
          "VA",
          "VA",
          "PIS:SUCCESS",
          "PAG:SUCCESS",
        ])
        assert.strictEqual(
          (yield* simulatorCalls("authenticate")).length,
          4,
          "a login at 21:01 and one at 22:01, an hour later; 22:16 re-uses it",
        )
        assert.strictEqual((yield* current(created.number)).status, "InProcess")
      }).pipe(Effect.provide(layer({ expireSession: { times: 1 } }))),
  )
})
