/**
 * End-to-end payment scenarios over real sockets: HTTP API → core → Postgres
 * (PGlite always, server Postgres when `DATABASE_URL` is set) → undici JIT
 * client → JIT simulator server with the real crypto. Each scenario records
 * its own bill through the API, sets the simulator's scenario for it, drives
 * the daily JIT slots on the hand-moved business clock with
 * `POST /v1/jit/runs`, and asserts through the API (`GET` of the PI, the
 * bill and the fund register). One deployment per database is shared by the
 * scenarios: each works on a bill, accounts and payment ids of its own, and
 * starts on the night after the one the clock stands at.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import type { JitSimulatorScenario } from "@karya/adapters-jit"
import type { ApiSchemas } from "@karya/http"
import { Effect, Exit, Scope } from "effect"
import { availableDatabases, type Deployment, dateOf, deployment, piPath, scenario } from "./Deployment.js"

type PiDetail = typeof ApiSchemas.PaymentInstructionDetail.Encoded
type BillView = typeof ApiSchemas.BillView.Encoded
type FundRegister = typeof ApiSchemas.FundRegisterView.Encoded
type RunCall = typeof ApiSchemas.JitRunCall.Encoded

const accountOf = (bill: number, seeker: number) => `8${String(bill).padStart(3, "0")}0000000${seeker}`

/** A wage bill of three wage seekers (1000, 800, 600) and the labour cess (100), dated `billDate`. */
const wageBill = (bill: number, billDate: string) => ({
  billId: `e2e-bill-${bill}`,
  billNumber: `WB/2024-25/E2E${String(bill).padStart(3, "0")}`,
  billType: "wage",
  workOrderNumber: "WO/2024-25/E2E001",
  billDate,
  totalAmount: "2500",
  details: [
    ...[1000, 800, 600].map((amount, index) => ({
      lineId: `line-${bill}-${index + 1}`,
      payee: {
        payeeId: `IND-E2E-${bill}-${index + 1}`,
        kind: "individual",
        name: `Wage Seeker ${bill}.${index + 1}`,
        bankAccount: {
          accountNumber: accountOf(bill, index + 1),
          ifsc: "SBIN0000041",
          accountType: "Saving",
        },
        mobile: `94371${String(bill).padStart(3, "0")}0${index + 1}`,
        address: `Ward ${index + 1}, Dhenkanal`,
      },
      amount: String(amount),
      purpose: `MR/2024-25/E2E${bill}`,
    })),
    {
      lineId: `line-${bill}-cess`,
      payee: {
        payeeId: "DEPT-OBOCWWB",
        kind: "department",
        name: "Odisha Building Welfare Board",
        bankAccount: { accountNumber: "30987654321", ifsc: "UBIN0561789", accountType: "Current" },
        mobile: "",
        address: "Bhubaneswar",
      },
      amount: "100",
      purpose: "Labour cess",
      deductionHead: "LC",
    },
  ],
})

/** The calls a run made for one PI, as `SERVICE:EVENT` (or `SERVICE:code` when refused). */
const callsOf = (calls: ReadonlyArray<RunCall>, number: string) =>
  calls
    .filter((call) => call.paymentInstructionNumber === number)
    .map((call) => `${call.service}:${call.event ?? call.code ?? call.outcome}`)

const statusesOf = (pi: PiDetail) => pi.beneficiaries.map((beneficiary) => beneficiary.status)

const allSuccessful = ["PaymentSuccessful", "PaymentSuccessful", "PaymentSuccessful", "PaymentSuccessful"]

describe.each(availableDatabases())("payments end to end on %s", (database) => {
  const scope = Scope.makeUnsafe()
  let running: Deployment | undefined
  beforeAll(async () => {
    running = await Effect.runPromise(Scope.provide(scope)(deployment(database)))
  }, 60_000)
  afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))

  const deployed = Effect.suspend(() =>
    running === undefined ? Effect.die(new Error("the deployment did not start")) : Effect.succeed(running),
  )

  /** Records bill `bill` through the API, dated today; its PI (New). */
  const recordBill = (bill: number) =>
    Effect.gen(function* () {
      const karya = yield* deployed
      const view = yield* karya.api<BillView>(
        "accountant",
        "POST",
        "/v1/bills",
        wageBill(bill, dateOf(karya.dayOffset())),
      )
      const [summary] = view.paymentInstructions
      assert.isDefined(summary)
      assert.strictEqual(summary?.status, "New")
      return yield* karya.api<PiDetail>("viewer", "GET", piPath(summary?.number ?? ""))
    })

  const pi = (number: string) =>
    Effect.flatMap(deployed, (karya) => karya.api<PiDetail>("viewer", "GET", piPath(number)))
  const billOf = (bill: number) =>
    Effect.flatMap(deployed, (karya) => karya.api<BillView>("viewer", "GET", `/v1/bills/e2e-bill-${bill}`))
  /** The fund register's lines referring to a PI, as `kind amount`. */
  const registerOf = (number: string) =>
    Effect.gen(function* () {
      const karya = yield* deployed
      const register = yield* karya.api<FundRegister>("viewer", "GET", "/v1/funds/register")
      return register.headsOfAccount.flatMap((head) =>
        head.lines.filter((line) => line.reference === number).map((line) => `${line.kind} ${line.amount}`),
      )
    })
  const setScenario = (knobs: JitSimulatorScenario.Scenario) =>
    Effect.flatMap(deployed, (karya) => karya.simulator.setScenario(scenario(knobs)))
  const night = Effect.flatMap(deployed, (karya) => karya.night())

  it.live(
    "e2e PI-P-1 PI-S-1 PI-S-3 PI-S-4 PI-S-5 PI-F-4 all paid: New → Initiated → Approved → In Process → Completed, the bill Paid, one expense booked",
    () =>
      Effect.gen(function* () {
        const created = yield* recordBill(1)
        yield* setScenario({})
        const first = yield* night
        assert.deepStrictEqual(callsOf(first, created.number), ["PI:SUCCESS", "PIS:SUCCESS", "PAG:SUCCESS"])
        assert.strictEqual((yield* pi(created.number)).status, "InProcess")
        const second = yield* night
        assert.deepStrictEqual(callsOf(second, created.number).slice(0, 1), ["PD:SUCCESS"])
        const paid = yield* pi(created.number)
        assert.strictEqual(paid.status, "Completed")
        assert.deepStrictEqual(statusesOf(paid), allSuccessful)
        assert.isTrue(
          paid.beneficiaries.every((beneficiary) => beneficiary.payment?.utrNumber.startsWith("RBI")),
        )
        assert.strictEqual((yield* billOf(1)).paymentStatus, "Paid")
        assert.deepStrictEqual(yield* registerOf(created.number), ["expense 2500"])
      }),
    60_000,
  )

  it.live(
    "e2e PI-S-1 PI-S-12 PI-E-1 a PI declined by a JIT error (TV0003) is corrected (CORRECT) and re-pushed under the same number (RESUBMIT), and JIT accepts it with the corrected IFSC",
    () =>
      Effect.gen(function* () {
        const karya = yield* deployed
        const created = yield* recordBill(2)
        yield* setScenario({
          declinePi: {
            errorCode: "TV0003",
            errorMessage: "Wrong IFSC provided in Beneficiary Details",
            billNumbers: [created.number],
          },
        })
        const declinedNight = yield* night
        assert.deepStrictEqual(callsOf(declinedNight, created.number), ["PI:ERROR"])
        const declined = yield* pi(created.number)
        assert.strictEqual(declined.status, "Declined")
        assert.strictEqual(declined.declineReason, "jitError")
        const call = declined.history.filter((entry) => entry.kind === "JitCalled").at(-1)
        assert.deepStrictEqual(
          call?.jitErrors.map((error) => error.code),
          ["TV0003"],
        )
        assert.strictEqual(call?.message, "On call of PI API: Wrong IFSC provided in Beneficiary Details")
        assert.deepStrictEqual(yield* registerOf(created.number), [], "no expense while declined")
        assert.strictEqual((yield* billOf(2)).paymentStatus, "AwaitingPush")
        // The payment officer corrects the IFSC (CORRECT), then re-pushes (RESUBMIT).
        yield* setScenario({})
        const firstPaymentId = declined.beneficiaries[0]?.paymentId ?? ""
        const correctedAccount = {
          accountNumber: accountOf(2, 1),
          ifsc: "HDFC0000002",
          accountType: "Saving",
        }
        const corrected = yield* karya.api<typeof ApiSchemas.PaymentInstructionActionResult.Encoded>(
          "paymentOfficer",
          "POST",
          `${piPath(created.number)}/actions`,
          {
            action: "CORRECT",
            version: declined.version,
            corrections: [{ paymentId: firstPaymentId, bankAccount: correctedAccount }],
          },
        )
        assert.strictEqual(corrected.paymentInstruction.status, "Declined")
        assert.strictEqual(corrected.paymentInstruction.version, declined.version + 1)
        assert.strictEqual(corrected.paymentInstruction.history.at(-1)?.kind, "BeneficiaryCorrected")
        const resubmitted = yield* karya.api<typeof ApiSchemas.PaymentInstructionActionResult.Encoded>(
          "paymentOfficer",
          "POST",
          `${piPath(created.number)}/actions`,
          { action: "RESUBMIT", version: corrected.paymentInstruction.version, comment: "IFSC corrected" },
        )
        assert.strictEqual(resubmitted.paymentInstruction.number, created.number)
        assert.strictEqual(resubmitted.paymentInstruction.status, "Initiated")
        assert.deepStrictEqual(resubmitted.messages, [
          "On call of PI API: Response is received and updated successfully",
        ])
        const state = yield* karya.simulator.state
        assert.isDefined(state.bills[created.number], "JIT holds the PI under our number")
        assert.strictEqual(
          state.bills[created.number]?.beneficiaries.find((b) => b.accountNumber === accountOf(2, 1))?.ifsc,
          "HDFC0000002",
          "JIT holds the corrected IFSC",
        )
        assert.isTrue(
          Object.values(state.bills).every(
            (held) =>
              held.number === created.number ||
              !held.beneficiaries.some((b) => b.accountNumber === accountOf(2, 1)),
          ),
          "never pushed under another number",
        )
        yield* night
        yield* night
        const paid = yield* pi(created.number)
        assert.strictEqual(paid.status, "Completed")
        assert.deepStrictEqual(statusesOf(paid), allSuccessful)
        assert.deepStrictEqual(yield* registerOf(created.number), ["expense 2500"])
      }),
    60_000,
  )

  it.live(
    "e2e JIT-W-5 PI-S-1 PI-P-2 PI-S-12 no response (a dropped connection, then a garbage reply) leaves the PI where it was; the next runs succeed",
    () =>
      Effect.gen(function* () {
        const karya = yield* deployed
        const created = yield* recordBill(3)
        yield* setScenario({
          dropResponses: [
            { service: "PI", mode: "noReply", times: 1, beforeProcessing: true },
            { service: "PIS", mode: "garbage", times: 1 },
          ],
        })
        assert.deepStrictEqual(callsOf(yield* night, created.number), ["PI:NO_RESPONSE"])
        const pending = yield* pi(created.number)
        assert.strictEqual(pending.status, "Pending")
        assert.deepStrictEqual(statusesOf(pending), Array(4).fill("PaymentPending"))
        assert.strictEqual(
          pending.history.filter((entry) => entry.kind === "JitCalled").at(-1)?.message,
          "On call of PI API: No response is received.",
        )
        assert.deepStrictEqual(yield* registerOf(created.number), [], "no expense before JIT accepts")
        assert.deepStrictEqual(callsOf(yield* night, created.number), ["PI:SUCCESS", "PIS:NO_RESPONSE"])
        assert.strictEqual((yield* pi(created.number)).status, "Initiated")
        assert.deepStrictEqual(callsOf(yield* night, created.number), ["PIS:SUCCESS", "PAG:SUCCESS"])
        yield* night
        const paid = yield* pi(created.number)
        assert.strictEqual(paid.status, "Completed")
        assert.deepStrictEqual(statusesOf(paid), allSuccessful)
        assert.deepStrictEqual(yield* registerOf(created.number), ["expense 2500"])
        const state = yield* karya.simulator.state
        assert.deepStrictEqual(
          state.calls.filter((call) => call.outcome === "dropped").map((call) => call.service),
          ["PI", "PIS"],
        )
      }),
    60_000,
  )

  it.live(
    "e2e PI-S-3 PI-F-4 PI-1 a PIS rejection by the SSU reverses the expense in the fund register; a new PI is raised by recording the bill again",
    () =>
      Effect.gen(function* () {
        const karya = yield* deployed
        const created = yield* recordBill(4)
        yield* setScenario({ rejectAtPis: { billNumbers: [created.number] } })
        assert.deepStrictEqual(callsOf(yield* night, created.number), ["PI:SUCCESS", "PIS:REJECTED"])
        const rejected = yield* pi(created.number)
        assert.strictEqual(rejected.status, "Rejected")
        assert.deepStrictEqual(statusesOf(rejected), Array(4).fill("NotApplicable"))
        assert.match(
          rejected.history.filter((entry) => entry.kind === "JitCalled").at(-1)?.message ?? "",
          /is rejected by SSU/,
        )
        assert.deepStrictEqual(yield* registerOf(created.number), ["expense 2500", "expenseReversal 2500"])
        assert.strictEqual((yield* billOf(4)).paymentStatus, "Rejected")
        const revise = yield* karya.request("paymentOfficer", "POST", `${piPath(created.number)}/actions`, {
          action: "REVISE",
          version: rejected.version,
        })
        assert.isTrue(revise.status >= 400 && revise.status < 500, "a rejected PI has nothing to revise")
        // A new original PI for the bill: the bill is recorded again.
        const again = yield* karya.api<BillView>(
          "accountant",
          "POST",
          "/v1/bills",
          wageBill(4, dateOf(karya.dayOffset())),
        )
        const fresh = again.paymentInstructions.find((summary) => summary.number !== created.number)
        assert.isDefined(fresh)
        assert.strictEqual(fresh?.status, "New")
        const number = fresh?.number ?? ""
        yield* night
        yield* night
        assert.strictEqual((yield* pi(number)).status, "Completed")
        assert.strictEqual((yield* pi(created.number)).status, "Rejected")
        assert.deepStrictEqual(yield* registerOf(number), ["expense 2500"])
        const bill = yield* billOf(4)
        assert.strictEqual(bill.paymentStatus, "Paid")
        assert.deepStrictEqual(
          bill.paymentInstructions.map((summary) => [summary.number, summary.status]).sort(),
          [
            [created.number, "Rejected"],
            [number, "Completed"],
          ].sort(),
        )
      }),
    60_000,
  )

  it.live(
    "e2e PI-S-2 PI-E-1 a push answered PV0073 (duplicate payment information id) is Declined as duplicate, never pushed again under a new number, and PIS moves it on",
    () =>
      Effect.gen(function* () {
        const karya = yield* deployed
        const created = yield* recordBill(5)
        yield* setScenario({ duplicatePaymentInformation: { times: 1, billNumbers: [created.number] } })
        yield* karya.advanceTo("21:01", karya.dayOffset() + 1)
        assert.deepStrictEqual(callsOf((yield* karya.runJit()).calls, created.number), ["PI:DUPLICATE"])
        const duplicate = yield* pi(created.number)
        assert.strictEqual(duplicate.status, "Declined")
        assert.strictEqual(duplicate.declineReason, "duplicate")
        assert.deepStrictEqual(
          duplicate.history
            .filter((entry) => entry.kind === "JitCalled")
            .at(-1)
            ?.jitErrors.map((error) => error.code),
          ["PV0073"],
        )
        const day = karya.dayOffset()
        yield* karya.advanceTo("22:01", day)
        assert.deepStrictEqual(callsOf((yield* karya.runJit()).calls, created.number), ["PIS:SUCCESS"])
        assert.strictEqual((yield* pi(created.number)).status, "Approved")
        yield* karya.advanceTo("22:16", day)
        assert.deepStrictEqual(callsOf((yield* karya.runJit()).calls, created.number), ["PAG:SUCCESS"])
        yield* night
        const paid = yield* pi(created.number)
        assert.strictEqual(paid.status, "Completed")
        assert.deepStrictEqual(statusesOf(paid), allSuccessful)
        assert.deepStrictEqual(yield* registerOf(created.number), ["expense 2500"], "the expense booked once")
        const state = yield* karya.simulator.state
        const holding = Object.values(state.bills).filter((held) =>
          held.beneficiaries.some((beneficiary) => beneficiary.accountNumber === accountOf(5, 1)),
        )
        assert.deepStrictEqual(
          holding.map((held) => held.number),
          [created.number],
          "JIT holds the bill once, under our number",
        )
      }),
    60_000,
  )

  it.live(
    "e2e PI-S-5 a partial PD pays one beneficiary later: the PI stays In Process until a later PD, then Completed",
    () =>
      Effect.gen(function* () {
        const created = yield* recordBill(6)
        const late = created.beneficiaries[1]?.paymentId ?? ""
        yield* setScenario({ partialPaymentDetails: { beneficiaries: [{ paymentId: late }], afterPolls: 1 } })
        yield* night
        assert.deepStrictEqual(callsOf(yield* night, created.number), ["PD:SUCCESS"])
        const partly = yield* pi(created.number)
        assert.strictEqual(partly.status, "InProcess")
        assert.deepStrictEqual(statusesOf(partly), [
          "PaymentSuccessful",
          "PaymentInProcess",
          "PaymentSuccessful",
          "PaymentSuccessful",
        ])
        assert.strictEqual((yield* billOf(6)).paymentStatus, "InPayment")
        assert.deepStrictEqual(callsOf(yield* night, created.number).slice(0, 1), ["PD:SUCCESS"])
        const paid = yield* pi(created.number)
        assert.strictEqual(paid.status, "Completed")
        assert.deepStrictEqual(statusesOf(paid), allSuccessful)
        assert.strictEqual(
          paid.beneficiaries[1]?.payment?.voucherNumber,
          paid.beneficiaries[0]?.payment?.voucherNumber,
        )
        assert.strictEqual((yield* billOf(6)).paymentStatus, "Paid")
      }),
    60_000,
  )

  it.live(
    "e2e PI-S-6 PI-S-7 PI-S-8 PI-S-10 an FD failure is repaid by a revised PI (REVISE), pushed with COR and paid by FTPS; the failed beneficiary is paid exactly once",
    () =>
      Effect.gen(function* () {
        const karya = yield* deployed
        const created = yield* recordBill(7)
        const failedId = created.beneficiaries[1]?.paymentId ?? ""
        yield* setScenario({
          failBeneficiaries: [{ accountNumber: accountOf(7, 2), reason: "Account closed", times: 1 }],
        })
        yield* night
        assert.deepStrictEqual(callsOf(yield* night, created.number), ["PD:SUCCESS", "FD:SUCCESS"])
        const completed = yield* pi(created.number)
        assert.strictEqual(completed.status, "Completed")
        assert.deepStrictEqual(statusesOf(completed), [
          "PaymentSuccessful",
          "PaymentFailed",
          "PaymentSuccessful",
          "PaymentSuccessful",
        ])
        assert.strictEqual(completed.beneficiaries[1]?.failure?.failureReason, "Account closed")
        assert.strictEqual((yield* billOf(7)).paymentStatus, "PaymentFailed")
        const corrected = { accountNumber: "800700000099", ifsc: "HDFC0000001", accountType: "Saving" }
        const revised = yield* karya.api<typeof ApiSchemas.PaymentInstructionActionResult.Encoded>(
          "paymentOfficer",
          "POST",
          `${piPath(created.number)}/actions`,
          {
            action: "REVISE",
            version: completed.version,
            comment: "Account closed; paid to the new account",
            corrections: [{ paymentId: failedId, bankAccount: corrected }],
          },
        )
        assert.strictEqual(revised.raised?.kind, "revised")
        const number = revised.raised?.paymentInstruction.number ?? ""
        assert.deepStrictEqual(
          revised.raised?.paymentInstruction.beneficiaries.map((beneficiary) => beneficiary.paymentId),
          [failedId],
        )
        const repaid = yield* night
        assert.deepStrictEqual(callsOf(repaid, number).slice(0, 2), ["COR:SUCCESS", "FTPS:SUCCESS"])
        for (let extra = 0; extra < 2 && (yield* pi(number)).status !== "Completed"; extra++) yield* night
        const done = yield* pi(number)
        assert.strictEqual(done.kind, "revised")
        assert.strictEqual(done.status, "Completed")
        assert.deepStrictEqual(statusesOf(done), ["PaymentSuccessful"])
        // Paid exactly once overall: in Karya, and in the treasury's vouchers.
        const original = yield* pi(created.number)
        const successful = [original, done].flatMap((shown) =>
          shown.beneficiaries.filter(
            (beneficiary) => beneficiary.paymentId === failedId && beneficiary.status === "PaymentSuccessful",
          ),
        )
        assert.strictEqual(successful.length, 1)
        const state = yield* karya.simulator.state
        const payments = [...Object.values(state.bills), ...Object.values(state.corrections)].flatMap(
          (held) => held.voucher?.payments.filter((payment) => payment.paymentId === failedId) ?? [],
        )
        assert.deepStrictEqual(
          payments.map((payment) => [payment.accountNumber, payment.failure?.reason]),
          [
            [accountOf(7, 2), "Account closed"],
            [corrected.accountNumber, undefined],
          ],
        )
        assert.deepStrictEqual(yield* registerOf(created.number), ["expense 2500"])
        assert.deepStrictEqual(yield* registerOf(number), [], "a revised PI books nothing")
        assert.strictEqual((yield* billOf(7)).paymentStatus, "Paid")
      }),
    60_000,
  )

  it.live(
    "e2e REL-2 WF-4 DB-4 two concurrent identical REVISE actions on one PI make one revised PI and one STALE_VERSION",
    () =>
      Effect.gen(function* () {
        const karya = yield* deployed
        const created = yield* recordBill(8)
        const failedId = created.beneficiaries[1]?.paymentId ?? ""
        yield* setScenario({
          failBeneficiaries: [{ accountNumber: accountOf(8, 2), reason: "Account closed", times: 1 }],
        })
        yield* night
        yield* night
        const completed = yield* pi(created.number)
        assert.strictEqual(completed.status, "Completed")
        const revise = {
          action: "REVISE",
          version: completed.version,
          corrections: [
            {
              paymentId: failedId,
              bankAccount: { accountNumber: "800800000099", ifsc: "HDFC0000001", accountType: "Saving" },
            },
          ],
        }
        const path = `${piPath(created.number)}/actions`
        const replies = yield* Effect.all(
          [
            karya.request("paymentOfficer", "POST", path, revise),
            karya.request("paymentOfficer", "POST", path, revise),
          ],
          { concurrency: 2 },
        )
        const statuses = replies.map((reply) => reply.status).sort()
        assert.deepStrictEqual(statuses, [200, 409], JSON.stringify(replies))
        const conflict = replies.find((reply) => reply.status === 409)?.json as { readonly code?: string }
        assert.strictEqual(conflict.code, "STALE_VERSION")
        const after = yield* pi(created.number)
        assert.strictEqual(after.version, completed.version + 1, "one transition: RepaymentRaised")
        const list = yield* karya.api<{
          readonly items: ReadonlyArray<{ readonly kind: string; readonly billNumber: string }>
        }>("viewer", "GET", `/v1/payment-instructions?status=New&limit=100`)
        assert.strictEqual(
          list.items.filter((item) => item.kind === "revised" && item.billNumber === completed.billNumber)
            .length,
          1,
          "exactly one revised PI",
        )
      }),
    60_000,
  )
})
