import { assert, describe, it } from "@effect/vitest"
import { Config, Payments, Persistence } from "@karya/core"
import {
  jitReplies,
  layerScriptedJitGateway,
  muktaPaymentsConfiguration,
  paymentsMemoryLayer,
  ScriptedJitCalls,
} from "@karya/core/testing"
import { DateTime, Effect, Exit, Layer, Option } from "effect"
import { TestClock } from "effect/testing"

const { JitOutcome, JitRun, PaymentInstructionIssue, PaymentInstructionLease } = Payments

const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const settings = muktaPaymentsConfiguration({ tenantId, cityCode: "DK" })
const scHead = settings.headsOfAccountOrder[0].code
const layer = Layer.mergeAll(
  paymentsMemoryLayer,
  layerScriptedJitGateway(),
  Config.TenantSettings.layerMemory([settings]),
)

const bill = Payments.PayableBill.makeUnsafe({
  tenantId,
  billId: "bill-1",
  billNumber: "WB/2024-25/000012",
  billType: "wage",
  workOrderNumber: "WO/2024-25/000051",
  billDate: "2024-06-10",
  totalAmount: "1500",
  details: [1, 2, 3].map((index) => ({
    lineId: `l${index}`,
    payee: {
      payeeId: `IND-${index}`,
      kind: "individual",
      name: `Seeker ${index}`,
      bankAccount: { accountNumber: `10000000000${index}`, ifsc: "SBIN0000041", accountType: "Saving" },
      mobile: `987654321${index}`,
      address: "",
    },
    amount: "500",
    purpose: "MR",
  })),
})

const withFundsAndPi = Effect.gen(function* () {
  yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T05:00:00Z")))
  const script = yield* ScriptedJitCalls
  yield* script.enqueue({
    VA: [
      JitOutcome.success([
        jitReplies.allotment({
          sanctionId: "920",
          ssuAllotmentId: "860",
          allotmentSerialNumber: "0",
          kind: "initialAllotment",
          amount: "100000",
          allotmentDate: "2024-06-01",
        }),
      ]),
    ],
  })
  yield* JitRun.ingestVirtualAllotments({ tenantId, headOfAccount: scHead })
  return { pi: yield* PaymentInstructionIssue.createFromBill(bill), script }
})

const errorOf = (exit: Exit.Exit<unknown, { readonly code: string }>) =>
  Option.getOrUndefined(Exit.findErrorOption(exit))?.code

describe("JitRun", () => {
  it.effect(
    "DB-5 DB-6: the PI's creation and each JIT call's state change write one audit record each, in their unit of work, on an intact chain",
    () =>
      Effect.gen(function* () {
        const { pi, script } = yield* withFundsAndPi
        yield* script.enqueue({ PI: [JitOutcome.success(jitReplies.acknowledgement(pi))] })
        yield* JitRun.push(
          { tenantId, paymentInstructionNumber: pi.number },
          {
            holder: "run/nightly-1",
          },
        )
        const audit = yield* Persistence.AuditLog.AuditLog
        const entries = yield* audit.list(tenantId, { afterSequence: 0, limit: 100 })
        assert.deepStrictEqual(
          entries.map((entry) => [entry.action, entry.subject, entry.actor]),
          [
            ["PI_CREATED", pi.number, "system"],
            ["JIT_PI_SUCCESS", pi.number, "run/nightly-1"],
          ],
        )
        assert.strictEqual((yield* audit.verify(tenantId))._tag, "Intact")
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "PI-S-2: a push answered 'duplicate payment information id' is Declined as duplicate with the expense booked; it is not re-pushed, and a successful PIS moves it on",
    () =>
      Effect.gen(function* () {
        const { pi, script } = yield* withFundsAndPi
        const register = Payments.FundRegisterBook
        yield* script.enqueue({
          PI: [
            JitOutcome.noResponse("transport", "reset"),
            JitOutcome.error([{ code: "PV0073", message: "Duplicate Payment Information Id" }]),
          ],
        })
        yield* JitRun.push({ tenantId, paymentInstructionNumber: pi.number })
        const duplicate = yield* JitRun.push({ tenantId, paymentInstructionNumber: pi.number })
        assert.strictEqual(duplicate.event, "DUPLICATE")
        assert.strictEqual(duplicate.message, "On call of PI API: Duplicate Payment Information Id")
        assert.strictEqual(duplicate.paymentInstruction?.status, "Declined")
        assert.strictEqual(duplicate.paymentInstruction?.declineReason, "duplicate")
        assert.strictEqual(
          (yield* register.transactions(tenantId, {})).filter((transaction) => transaction.kind === "expense")
            .length,
          1,
        )
        assert.strictEqual(
          errorOf(yield* Effect.exit(JitRun.push({ tenantId, paymentInstructionNumber: pi.number }))),
          "PI_INVALID_TRANSITION",
        )
        const pushes = (yield* script.calls)
          .filter((call) => call.service === "PI")
          .map((call) => (call.request as Payments.JitService.PaymentInstructionRequest).billNumber)
        assert.deepStrictEqual(pushes, [pi.number, pi.number], "never pushed under a new number")
        yield* script.enqueue({
          PIS: [
            JitOutcome.success(
              jitReplies.instructionStatus(pi, {
                jitPaymentInstructionId: "858",
                jitPaymentInstructionDate: "2024-06-11 16:03:04",
              }),
            ),
          ],
        })
        const approved = yield* JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service: "PIS" })
        assert.strictEqual(approved.paymentInstruction?.status, "Approved")
        assert.strictEqual(approved.paymentInstruction?.declineReason, undefined)
        assert.strictEqual(
          (yield* register.transactions(tenantId, {})).filter((transaction) => transaction.kind === "expense")
            .length,
          1,
        )
      }).pipe(Effect.provide(layer)),
  )

  it.effect("PI-S-1: a PI Declined by a JIT error is corrected and re-pushed under the same number", () =>
    Effect.gen(function* () {
      const { pi, script } = yield* withFundsAndPi
      yield* script.enqueue({
        PI: [
          JitOutcome.error([
            {
              code: "TV0003",
              message: "Wrong IFSC provided in Beneficiary Details for BenefId BN-DK/000001",
            },
          ]),
          JitOutcome.success(jitReplies.acknowledgement(pi)),
        ],
      })
      const declined = yield* JitRun.push({ tenantId, paymentInstructionNumber: pi.number })
      assert.strictEqual(declined.paymentInstruction?.status, "Declined")
      assert.strictEqual(
        declined.message,
        "On call of PI API: Wrong IFSC provided in Beneficiary Details for BenefId BN-DK/000001",
      )
      assert.strictEqual(
        Payments.JitErrorCatalogue.classify("TV0003").offeredAction,
        "correct the beneficiary or header and re-push",
      )
      const corrected = yield* PaymentInstructionIssue.correctBeneficiary({
        tenantId,
        paymentInstructionNumber: pi.number,
        paymentId: "BN-DK/000001",
        userId: "clerk",
        expectedVersion: declined.paymentInstruction?.version ?? 0,
        bankAccount: { accountNumber: "100000000009", ifsc: "HDFC0000001", accountType: "Saving" },
      })
      const initiated = yield* JitRun.push({ tenantId, paymentInstructionNumber: pi.number })
      assert.strictEqual(initiated.paymentInstruction?.status, "Initiated")
      assert.strictEqual(
        initiated.paymentInstruction?.version,
        corrected.version + 1,
        "the sanction chosen again is the same, so only the call is recorded",
      )
      const requests = (yield* script.calls)
        .filter((call) => call.service === "PI")
        .map((call) => call.request as Payments.JitService.PaymentInstructionRequest)
      assert.deepStrictEqual(
        requests.map((request) => [request.billNumber, request.beneficiaries[0]?.ifsc]),
        [
          [pi.number, "SBIN0000041"],
          [pi.number, "HDFC0000001"],
        ],
      )
    }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "PI-S-12: every call tells the user what happened, per service: no response, JIT's message, or updated",
    () =>
      Effect.gen(function* () {
        const { pi, script } = yield* withFundsAndPi
        yield* script.enqueue({
          PI: [
            JitOutcome.success({
              ...jitReplies.acknowledgement(pi),
              successCode: "1",
              successDescription: "Bill rejected: HOA not mapped",
            }),
          ],
        })
        const notZero = yield* JitRun.push({ tenantId, paymentInstructionNumber: pi.number })
        assert.strictEqual(notZero.message, "On call of PI API: Bill rejected: HOA not mapped")
        assert.strictEqual(notZero.paymentInstruction?.status, "Declined")
        yield* script.enqueue({
          PI: [JitOutcome.success(jitReplies.acknowledgement(pi))],
          PIS: [
            JitOutcome.noResponse("undecryptable", "bad padding"),
            JitOutcome.error([
              { code: "TR9999", message: "Internal error" },
              { code: "", message: "try later" },
            ]),
          ],
        })
        yield* JitRun.push({ tenantId, paymentInstructionNumber: pi.number })
        const quiet = yield* JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service: "PIS" })
        assert.strictEqual(quiet.message, "On call of PIS API: No response is received.")
        const failed = yield* JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service: "PIS" })
        assert.strictEqual(failed.message, "On call of PIS API: Internal error; try later")
        assert.strictEqual(failed.paymentInstruction?.status, "Initiated")
        const history = yield* Payments.PaymentInstructionRepository.historyOf({
          tenantId,
          number: pi.number,
        })
        const last = history.at(-1)
        assert.deepStrictEqual(last?._tag === "JitCalled" ? [last.event, last.jitErrors, last.message] : [], [
          "ERROR",
          [
            { code: "TR9999", message: "Internal error" },
            { code: "", message: "try later" },
          ],
          "On call of PIS API: Internal error; try later",
        ])
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "PI-P-2: while another call holds a PI's lease, a call on it is refused as busy and JIT is not called",
    () =>
      Effect.gen(function* () {
        const { pi, script } = yield* withFundsAndPi
        const leases = yield* PaymentInstructionLease.PaymentInstructionLease
        const held = yield* leases.acquire({
          tenantId,
          subject: pi.number,
          holder: "nightly-run",
          durationMs: PaymentInstructionLease.leaseDurationMsDefault,
        })
        const busy = yield* Effect.exit(JitRun.push({ tenantId, paymentInstructionNumber: pi.number }))
        assert.strictEqual(errorOf(busy), "PAYMENT_INSTRUCTION_BUSY")
        assert.deepStrictEqual(
          (yield* script.calls).filter((call) => call.service === "PI"),
          [],
        )
        yield* script.enqueue({ PI: [JitOutcome.success(jitReplies.acknowledgement(pi))] })
        const sameHolder = yield* JitRun.push(
          { tenantId, paymentInstructionNumber: pi.number },
          {
            holder: "nightly-run",
          },
        )
        assert.strictEqual(sameHolder.paymentInstruction?.status, "Initiated")
        yield* leases.release(held)
        yield* TestClock.adjust("1 hours")
        assert.strictEqual(
          errorOf(
            yield* Effect.exit(
              JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service: "PAG" }),
            ),
          ),
          "PI_INVALID_TRANSITION",
        )
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "PI-P-2: a run that dies after the push reached JIT leaves the PI Pending; the next run re-pushes the same number and continues",
    () =>
      Effect.gen(function* () {
        const { pi, script } = yield* withFundsAndPi
        yield* script.enqueue({
          PI: [
            JitOutcome.noResponse("timeout", "the process was killed"),
            JitOutcome.error([{ code: "PV0073", message: "Duplicate payment information id" }]),
          ],
        })
        yield* JitRun.push({ tenantId, paymentInstructionNumber: pi.number })
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-11T15:31:00Z")))
        const rerun = yield* JitRun.runDueCalls({ tenantId })
        assert.deepStrictEqual(
          rerun.map((entry) => entry.call.service),
          ["PI"],
        )
        const again = yield* JitRun.runDueCalls({ tenantId })
        assert.deepStrictEqual(again, [], "a rerun at once makes no call")
        const [entry] = rerun
        assert.strictEqual(
          entry?.result._tag === "Success"
            ? entry.result.success.paymentInstruction?.declineReason
            : undefined,
          "duplicate",
        )
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "PI-P-1: the nightly run makes the due calls of each PI; a user refresh makes the calls that apply now",
    () =>
      Effect.gen(function* () {
        const { pi, script } = yield* withFundsAndPi
        yield* script.enqueue({ PI: [JitOutcome.success(jitReplies.acknowledgement(pi))] })
        const refreshed = yield* JitRun.refresh({ tenantId, paymentInstructionNumber: pi.number })
        assert.deepStrictEqual(
          refreshed.map((report) => [report.service, report.paymentInstruction?.status]),
          [["PI", "Initiated"]],
        )
        yield* script.enqueue({
          PIS: [
            JitOutcome.success(
              jitReplies.instructionStatus(pi, {
                jitPaymentInstructionId: "858",
                jitPaymentInstructionDate: "2024-06-10 16:03:04",
              }),
            ),
          ],
          PAG: [
            JitOutcome.success(
              jitReplies.advice(pi, {
                financialYear: "2024",
                adviceId: "38",
                adviceDate: "2024-06-10",
                onlineBillReference: "REF1",
                tokenNumber: "4",
                tokenDate: "2024-06-10",
              }),
            ),
          ],
          VA: [
            JitOutcome.noResponse("emptyReply", ""),
            JitOutcome.noResponse("emptyReply", ""),
            JitOutcome.noResponse("emptyReply", ""),
          ],
        })
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T16:31:00Z")))
        const at2200 = yield* JitRun.runDueCalls({ tenantId })
        assert.deepStrictEqual(
          at2200.map((entry) => entry.call.service),
          ["VA", "VA", "VA", "PIS"],
        )
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T16:46:00Z")))
        const at2215 = yield* JitRun.runDueCalls({ tenantId })
        assert.deepStrictEqual(
          at2215.map((entry) => [entry.call.service, entry.result._tag]),
          [["PAG", "Success"]],
        )
        const later = yield* JitRun.runDueCalls({ tenantId })
        assert.deepStrictEqual(
          later.map((entry) => entry.call.service),
          ["PD"],
          "advised after 22:00, so PD is already due",
        )
        assert.deepStrictEqual(yield* JitRun.runDueCalls({ tenantId }), [])
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "PI-S-6 PI-P-1: the nightly FD check of a Completed PI that finds no failure changes no version and appends no history, night after night; a genuine failure adds one version and one entry",
    () =>
      Effect.gen(function* () {
        const { pi, script } = yield* withFundsAndPi
        const paymentIds = pi.beneficiaries.map((beneficiary) => beneficiary.paymentId)
        const references = {
          financialYear: "2024",
          adviceId: "38",
          adviceDate: "2024-06-10",
          onlineBillReference: "REF1",
          tokenNumber: "4",
          tokenDate: "2024-06-10",
        }
        yield* script.enqueue({
          PI: [JitOutcome.success(jitReplies.acknowledgement(pi))],
          PIS: [
            JitOutcome.success(
              jitReplies.instructionStatus(pi, {
                jitPaymentInstructionId: "858",
                jitPaymentInstructionDate: "2024-06-10 16:03:04",
              }),
            ),
          ],
          PAG: [JitOutcome.success(jitReplies.advice(pi, references))],
          PD: [
            JitOutcome.success(
              jitReplies.paid(pi, paymentIds, {
                voucherNumber: "1",
                voucherDate: "2024-06-11",
                billReference: "REF1",
              }),
            ),
          ],
        })
        for (const service of ["PI", "PIS", "PAG", "PD"] as const)
          yield* JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service })
        const repository = yield* Payments.PaymentInstructionRepository.PaymentInstructionRepository
        const audit = yield* Persistence.AuditLog.AuditLog
        const sent = yield* Payments.Notifier.SentMessages
        const observe = Effect.gen(function* () {
          const current = yield* repository.get({ tenantId, id: pi.number })
          return {
            status: current.status,
            version: current.version,
            history: (yield* Payments.PaymentInstructionRepository.historyOf({ tenantId, number: pi.number }))
              .length,
            audit: (yield* audit.list(tenantId, { afterSequence: 0, limit: 1000 })).length,
            sms: (yield* sent.ofTenant(tenantId)).length,
          }
        })
        const completed = yield* observe
        assert.strictEqual(completed.status, "Completed")
        const otherPisRow = {
          billNumber: "PI-DK/2024-25/999999",
          billReference: "OTHER",
          beneficiaries: [],
        }
        // 22:00 IST on three nights: JIT has nothing for this PI (an empty
        // reply, a day's rows all of other PIs, a timeout).
        const nights = [
          ["2024-06-11T16:30:00Z", JitOutcome.noResponse("emptyReply", "")],
          ["2024-06-12T16:30:00Z", JitOutcome.success([otherPisRow])],
          ["2024-06-13T16:30:00Z", JitOutcome.noResponse("timeout", "no reply in 30 s")],
        ] as const
        for (const [night, reply] of nights) {
          yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(night)))
          yield* script.clear
          yield* script.enqueue({ FD: [reply] })
          const run = yield* JitRun.runDueCalls({ tenantId })
          const checks = run.filter((entry) => entry.call.service === "FD")
          assert.strictEqual(checks.length, 1, `one FD check on ${night}`)
          const [check] = checks
          assert.strictEqual(
            check?.result._tag === "Success" ? check.result.success.paymentInstruction?.version : undefined,
            completed.version,
          )
          assert.deepStrictEqual(yield* observe, completed, `nothing written on ${night}`)
          yield* TestClock.adjust("1 minutes")
          const nextMinute = yield* JitRun.runDueCalls({ tenantId })
          assert.deepStrictEqual(
            nextMinute.filter((entry) => entry.call.service === "FD"),
            [],
            "the check is not made again the same night",
          )
        }
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-14T16:30:00Z")))
        const failure = {
          failureReason: "Account does not exist",
          challanNumber: "86581",
          challanDate: "2024-06-14",
        }
        yield* script.clear
        yield* script.enqueue({
          FD: [JitOutcome.success(jitReplies.failed(pi, [paymentIds[0] ?? ""], failure))],
        })
        yield* JitRun.runDueCalls({ tenantId })
        const failed = yield* observe
        assert.deepStrictEqual(failed, {
          ...completed,
          version: completed.version + 1,
          history: completed.history + 1,
          audit: completed.audit + 1,
          sms: completed.sms + 1,
        })
        const after = yield* repository.get({ tenantId, id: pi.number })
        assert.deepStrictEqual(
          after.beneficiaries.map((beneficiary) => beneficiary.status),
          ["PaymentFailed", "PaymentSuccessful", "PaymentSuccessful"],
        )
        // The same failure reported again the next night is nothing new.
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-15T16:30:00Z")))
        yield* script.enqueue({
          FD: [JitOutcome.success(jitReplies.failed(pi, [paymentIds[0] ?? ""], failure))],
        })
        yield* JitRun.runDueCalls({ tenantId })
        assert.deepStrictEqual(yield* observe, failed)
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "JIT-W-8: a reply naming an unknown benfId is an anomaly in the history and changes nothing; benfIds match without regard to case",
    () =>
      Effect.gen(function* () {
        const { pi, script } = yield* withFundsAndPi
        yield* script.enqueue({
          PI: [JitOutcome.success(jitReplies.acknowledgement(pi))],
          PIS: [
            JitOutcome.success(
              jitReplies.instructionStatus(pi, {
                jitPaymentInstructionId: "858",
                jitPaymentInstructionDate: "2024-06-10 16:03:04",
              }),
            ),
          ],
          PAG: [
            JitOutcome.success(
              jitReplies.advice(pi, {
                financialYear: "2024",
                adviceId: "38",
                adviceDate: "2024-06-10",
                onlineBillReference: "REF1",
                tokenNumber: "4",
                tokenDate: "2024-06-10",
              }),
            ),
          ],
          PD: [
            JitOutcome.success(
              jitReplies.paid(pi, ["bn-dk/000001", "BN-DK/999999"], {
                voucherNumber: "1",
                voucherDate: "2024-06-11",
                billReference: "REF1",
              }),
            ),
          ],
        })
        for (const service of ["PI", "PIS", "PAG"] as const)
          yield* JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service })
        const paid = yield* JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service: "PD" })
        assert.deepStrictEqual(
          paid.paymentInstruction?.beneficiaries.map((beneficiary) => beneficiary.status),
          ["PaymentSuccessful", "PaymentInProcess", "PaymentInProcess"],
        )
        assert.deepStrictEqual(paid.anomalies, [
          'PD named the unknown beneficiary "BN-DK/999999"; nothing was changed for it',
        ])
        assert.strictEqual(paid.paymentInstruction?.status, "InProcess")
      }).pipe(Effect.provide(layer)),
  )
})
