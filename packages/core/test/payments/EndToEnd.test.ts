import { assert, describe, it } from "@effect/vitest"
import { Config, Money, Payments, Time } from "@karya/core"
import {
  jitReplies,
  layerScriptedJitGateway,
  muktaPaymentsConfiguration,
  paymentsMemoryLayer,
  ScriptedJitCalls,
} from "@karya/core/testing"
import { DateTime, Effect, Layer, Option, Result } from "effect"
import { TestClock } from "effect/testing"

const {
  JitOutcome,
  JitRun,
  PaymentInstructionIssue,
  FundRegister,
  PaymentInstructionHistory,
  StatusMachine,
} = Payments

const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const settings = muktaPaymentsConfiguration({ tenantId, cityCode: "DK" })
const headOfAccount = settings.headsOfAccountOrder[0].code

const wageSeeker = (index: number, amount: string) => ({
  lineId: `MR-line-${index}`,
  payee: {
    payeeId: `IND-2024-25-00000${index}`,
    kind: "individual",
    name: `Wage Seeker ${index}`,
    bankAccount: { accountNumber: `10000000000${index}`, ifsc: "SBIN0000041", accountType: "Saving" },
    mobile: `987654321${index}`,
    address: `Ward ${index}, Dhenkanal`,
  },
  amount,
  purpose: "MR/2024-25/000030",
})

const wages = ["1898", "2070", "1380", "690", "2415"]
const cess = "85"
const bill = Payments.PayableBill.makeUnsafe({
  tenantId,
  billId: "9b2c6f0e-wage-bill",
  billNumber: "WB/2024-25/000012",
  billType: "wage",
  workOrderNumber: "WO/2024-25/000051",
  billDate: "2024-06-10",
  totalAmount: "8538",
  details: [
    ...wages.map((amount, index) => wageSeeker(index + 1, amount)),
    {
      lineId: "MR-line-cess",
      payee: {
        payeeId: "DEPT-OBOCWWB",
        kind: "department",
        name: "Odisha Building & Other Construction Workers' Welfare Board",
        bankAccount: { accountNumber: "30987654321", ifsc: "UBIN0561789", accountType: "Current" },
        mobile: "",
        address: "Bhubaneswar",
      },
      amount: cess,
      purpose: "Labour cess",
      deductionHead: "LC",
    },
  ],
})

const statuses = (pi: Payments.PaymentInstruction.PaymentInstruction) =>
  pi.beneficiaries.map((beneficiary) => beneficiary.status)

const layer = Layer.mergeAll(
  paymentsMemoryLayer,
  layerScriptedJitGateway(),
  Config.TenantSettings.layerMemory([settings]),
)

describe("payments end to end", () => {
  it.effect(
    "PI-S-1, PI-S-3, PI-S-4, PI-S-5, PI-S-6, PI-S-7, PI-S-8: a wage bill of 5 wage seekers and the cess department is paid, one failure re-paid by a revised PI",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T05:00:00Z")))
        const script = yield* ScriptedJitCalls
        const register = Payments.FundRegisterBook
        const sent = yield* Payments.Notifier.SentMessages

        // Funds: VA gives the SC component's sanction 920 an initial allotment.
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
        const allotted = yield* JitRun.ingestVirtualAllotments({ tenantId, headOfAccount })
        assert.strictEqual(allotted.event, "SUCCESS")

        // PI-1..PI-4: the PI and its beneficiaries.
        const created = yield* PaymentInstructionIssue.createFromBill(bill)
        assert.strictEqual(created.number, "PI-DK/2024-25/000001")
        assert.strictEqual(created.status, "New")
        assert.deepStrictEqual(
          created.beneficiaries.map((beneficiary) => beneficiary.paymentId),
          ["BN-DK/000001", "BN-DK/000002", "BN-DK/000003", "BN-DK/000004", "BN-DK/000005", "BN-DK/000006"],
        )
        assert.strictEqual(
          created.beneficiaries[5]?.name,
          "Odisha Building Other Construction Workers Welfare Board",
        )
        assert.strictEqual(Money.Amount.toCanonicalString(created.header.netAmount), "8538")
        const ids = created.beneficiaries.map((beneficiary) => beneficiary.paymentId)

        // Push: no response, then success; the same number both times.
        yield* script.enqueue({
          PI: [
            JitOutcome.noResponse("timeout", "30 s"),
            JitOutcome.success(jitReplies.acknowledgement(created)),
          ],
        })
        const pending = yield* JitRun.push({ tenantId, paymentInstructionNumber: created.number })
        assert.strictEqual(pending.message, "On call of PI API: No response is received.")
        assert.strictEqual(pending.paymentInstruction?.status, "Pending")
        assert.deepStrictEqual(
          pending.paymentInstruction && statuses(pending.paymentInstruction),
          Array(6).fill("PaymentPending"),
        )
        assert.strictEqual(
          (yield* register.transactions(tenantId, { sanctionId: "920" })).length,
          1,
          "no expense before JIT accepts",
        )
        const initiated = yield* JitRun.push({ tenantId, paymentInstructionNumber: created.number })
        assert.strictEqual(
          initiated.message,
          "On call of PI API: Response is received and updated successfully",
        )
        assert.strictEqual(initiated.paymentInstruction?.status, "Initiated")
        assert.deepStrictEqual(
          initiated.paymentInstruction && statuses(initiated.paymentInstruction),
          Array(6).fill("PaymentInitiated"),
        )
        assert.strictEqual(initiated.paymentInstruction?.references.pushAcknowledgement?.successCode, "0")
        assert.deepStrictEqual(initiated.paymentInstruction?.header.sanction, {
          sanctionId: "920",
          headOfAccount,
          financialYear: "2024-25",
          ssuAllotmentId: "860",
          allotmentSerialNumber: "0",
        })
        const pushes = (yield* script.calls).filter((call) => call.service === "PI")
        assert.deepStrictEqual(
          pushes.map((call) => (call.request as Payments.JitService.PaymentInstructionRequest).billNumber),
          [created.number, created.number],
        )
        const firstPush = pushes[0]?.request as Payments.JitService.PaymentInstructionRequest
        assert.strictEqual(firstPush.grossAmount, "8538.00")
        assert.deepStrictEqual(
          firstPush.beneficiaries.map((beneficiary) => beneficiary.amount),
          ["1898.00", "2070.00", "1380.00", "690.00", "2415.00", "85.00"],
        )
        assert.strictEqual(firstPush.beneficiaryCount, 6)

        // PIS, PAG.
        yield* TestClock.adjust("1 days")
        const pi = initiated.paymentInstruction ?? created
        yield* script.enqueue({
          PIS: [
            JitOutcome.success(
              jitReplies.instructionStatus(pi, {
                jitPaymentInstructionId: "858",
                jitPaymentInstructionDate: "2024-06-11 16:03:04",
              }),
            ),
          ],
          PAG: [
            JitOutcome.success(
              jitReplies.advice(pi, {
                financialYear: "2024",
                adviceId: "38",
                adviceDate: "2024-06-12",
                onlineBillReference: "202411171279",
                tokenNumber: "4",
                tokenDate: "2024-06-12",
              }),
            ),
          ],
        })
        const approved = yield* JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service: "PIS" })
        assert.strictEqual(approved.paymentInstruction?.status, "Approved")
        assert.strictEqual(approved.paymentInstruction?.references.jitPaymentInstructionId, "858")
        assert.strictEqual(
          approved.paymentInstruction?.references.jitPaymentInstructionDate,
          "2024-06-11 16:03:04",
        )
        const advised = yield* JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service: "PAG" })
        assert.strictEqual(advised.paymentInstruction?.status, "InProcess")
        assert.deepStrictEqual(
          advised.paymentInstruction && statuses(advised.paymentInstruction),
          Array(6).fill("PaymentInProcess"),
        )
        assert.deepStrictEqual(advised.paymentInstruction?.references.advice, {
          financialYear: "2024",
          adviceId: "38",
          adviceDate: "2024-06-12",
          onlineBillReference: "202411171279",
          tokenNumber: "4",
          tokenDate: "2024-06-12",
        })
        const pagRequest = (yield* script.calls).find((call) => call.service === "PAG")?.request
        assert.deepStrictEqual(pagRequest, {
          jitPaymentInstructionId: "858",
          jitPaymentInstructionDate: "2024-06-11 16:03:04",
          billNumber: pi.number,
          billDate: "2024-06-10",
          ssuId: "1621",
        })

        // PD: 4 of 6, then the other 2.
        yield* TestClock.adjust("1 days")
        const inProcess = advised.paymentInstruction ?? pi
        const voucher = { voucherNumber: "22171", voucherDate: "2024-06-13", billReference: "202411171279" }
        yield* script.enqueue({
          PD: [
            JitOutcome.success(jitReplies.paid(inProcess, ids.slice(0, 4), voucher)),
            JitOutcome.success(
              jitReplies.paid(inProcess, ids.slice(4), { ...voucher, voucherNumber: "22172" }),
            ),
          ],
        })
        const partly = yield* JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service: "PD" })
        assert.strictEqual(partly.paymentInstruction?.status, "InProcess")
        assert.deepStrictEqual(partly.paymentInstruction && statuses(partly.paymentInstruction), [
          "PaymentSuccessful",
          "PaymentSuccessful",
          "PaymentSuccessful",
          "PaymentSuccessful",
          "PaymentInProcess",
          "PaymentInProcess",
        ])
        const completed = yield* JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service: "PD" })
        assert.strictEqual(completed.paymentInstruction?.status, "Completed")
        assert.deepStrictEqual(
          completed.paymentInstruction && statuses(completed.paymentInstruction),
          Array(6).fill("PaymentSuccessful"),
        )
        assert.deepStrictEqual(completed.paymentInstruction?.beneficiaries[0]?.payment, {
          voucherNumber: "22171",
          voucherDate: "2024-06-13",
          utrNumber: "RBI221710",
          utrDate: "2024-06-13",
          endToEndId: "EP221710000",
        })
        assert.deepStrictEqual(completed.paymentInstruction?.beneficiaries[5]?.payment, {
          voucherNumber: "22172",
          voucherDate: "2024-06-13",
          utrNumber: "RBI221721",
          utrDate: "2024-06-13",
          endToEndId: "EP221720001",
        })
        const pdRequest = (yield* script.calls).find((call) => call.service === "PD")?.request
        assert.deepStrictEqual(pdRequest, {
          financialYear: "2024",
          externalApplicationName: "MUKTA",
          billReference: "202411171279",
          tokenNumber: "4",
          tokenDate: "2024-06-12",
        })

        // FD: wage seeker 2 failed.
        yield* TestClock.adjust("2 days")
        const paid = completed.paymentInstruction ?? pi
        yield* script.enqueue({
          FD: [
            JitOutcome.success(
              jitReplies.failed(paid, [ids[1] ?? ""], {
                failureReason: " Account is Dormant",
                challanNumber: "86582",
                challanDate: "2024-06-15",
              }),
            ),
          ],
        })
        const failed = yield* JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service: "FD" })
        assert.strictEqual(failed.paymentInstruction?.status, "Completed")
        assert.deepStrictEqual(failed.paymentInstruction && statuses(failed.paymentInstruction), [
          "PaymentSuccessful",
          "PaymentFailed",
          "PaymentSuccessful",
          "PaymentSuccessful",
          "PaymentSuccessful",
          "PaymentSuccessful",
        ])
        assert.deepStrictEqual(failed.paymentInstruction?.beneficiaries[1]?.failure, {
          failureReason: "Account is Dormant",
          challanNumber: "86582",
          challanDate: "2024-06-15",
          utrNumber: "RBI221711",
        })
        const fdRequest = (yield* script.calls).find((call) => call.service === "FD")?.request
        assert.deepStrictEqual(fdRequest, {
          financialYear: "2024",
          externalApplicationName: "MUKTA",
          voucherDate: "2024-06-13",
        })

        // Revised PI for the failed wage seeker with the corrected account; COR, FTPS.
        const corrected = {
          accountNumber: "200000000002",
          ifsc: "UTIB0000123",
          accountType: "Saving" as const,
        }
        const raised = yield* PaymentInstructionIssue.raiseRepayment({
          tenantId,
          failedNumber: pi.number,
          corrections: [{ paymentId: ids[1] ?? "", bankAccount: corrected }],
        })
        assert.strictEqual(raised.kind, "revised")
        const revised = raised.paymentInstruction
        assert.strictEqual(revised.number, "PI-DK/2024-25/000002")
        assert.deepStrictEqual<unknown>(revised.origin, {
          _tag: "Revision",
          originalNumber: pi.number,
          originalDate: "2024-06-10",
          originalBillReference: "202411171279",
          failedNumber: pi.number,
          failedBillReference: "202411171279",
        })
        assert.deepStrictEqual(
          revised.beneficiaries.map((beneficiary) => [beneficiary.paymentId, beneficiary.status]),
          [[ids[1], "PaymentPending"]],
        )
        assert.deepStrictEqual(revised.beneficiaries[0]?.bankAccount, corrected)
        assert.deepStrictEqual(
          revised.beneficiaries[0]?.originalBankAccount,
          bill.details[1]?.payee.bankAccount,
        )
        assert.deepStrictEqual(
          revised.beneficiaries[0]?.currentBankAccount,
          bill.details[1]?.payee.bankAccount,
        )
        yield* script.enqueue({
          COR: [JitOutcome.success(jitReplies.acknowledgement(revised))],
          FTPS: [
            JitOutcome.success(
              jitReplies.paid(revised, [ids[1] ?? ""], {
                voucherNumber: "221723",
                voucherDate: "2024-06-20",
                billReference: "202411239244",
                tokenNumber: "35",
                tokenDate: "2024-06-20",
              }),
            ),
          ],
        })
        const correction = yield* JitRun.push({ tenantId, paymentInstructionNumber: revised.number })
        assert.strictEqual(correction.paymentInstruction?.status, "InProcess")
        assert.deepStrictEqual(correction.paymentInstruction && statuses(correction.paymentInstruction), [
          "PaymentInProcess",
        ])
        const corRequest = (yield* script.calls).find((call) => call.service === "COR")?.request
        assert.deepStrictEqual<unknown>(corRequest, {
          correctionBillNumber: revised.number,
          correctionBillDate: revised.date,
          departmentCode: "MUKTA",
          originalBillReference: "202411171279",
          originalBillNumber: pi.number,
          originalBillDate: "2024-06-10",
          beneficiaries: [
            {
              paymentId: ids[1],
              currentBillReference: "202411171279",
              originalAccountNumber: "100000000002",
              originalIfsc: "SBIN0000041",
              correctedAccountNumber: "200000000002",
              correctedIfsc: "UTIB0000123",
              currentAccountNumber: "100000000002",
              currentIfsc: "SBIN0000041",
            },
          ],
        })
        const repaid = yield* JitRun.poll({
          tenantId,
          paymentInstructionNumber: revised.number,
          service: "FTPS",
        })
        assert.strictEqual(repaid.paymentInstruction?.status, "Completed")
        assert.deepStrictEqual(repaid.paymentInstruction && statuses(repaid.paymentInstruction), [
          "PaymentSuccessful",
        ])
        assert.deepStrictEqual(repaid.paymentInstruction?.references.treasuryBill, {
          billReference: "202411239244",
          tokenNumber: "35",
          tokenDate: "2024-06-20",
        })

        // The fund register: one allotment, one expense of the gross; the revised PI booked nothing.
        const transactions = yield* register.transactions(tenantId, {})
        assert.deepStrictEqual(
          transactions.map((transaction) => [
            transaction.kind,
            Money.Amount.toCanonicalString(transaction.amount),
          ]),
          [
            ["initialAllotment", "100000"],
            ["expense", "8538"],
          ],
        )
        assert.strictEqual(
          Money.SignedAmount.toCanonicalString(FundRegister.fundsAvailable(transactions, "920")),
          "91462",
        )
        assert.isTrue(FundRegister.isReconciled(transactions))

        // SMS: 5 wage seekers paid (the department has no mobile), 1 failed, 1 re-paid.
        const messages = yield* sent.ofTenant(tenantId)
        assert.deepStrictEqual(
          messages.map((message) => [message.kind, message.mobile]),
          [
            ["paymentSuccessful", "9876543211"],
            ["paymentSuccessful", "9876543212"],
            ["paymentSuccessful", "9876543213"],
            ["paymentSuccessful", "9876543214"],
            ["paymentSuccessful", "9876543215"],
            ["paymentFailed", "9876543212"],
            ["paymentSuccessful", "9876543212"],
          ],
        )
        assert.strictEqual(
          messages[0]?.text,
          "Payment of Rs. 1,898.00 for MUKTA, transaction RBI221710 is made to your registered bank account. Contact your bank if not credited within 72 hours.",
        )
        assert.strictEqual(
          messages[5]?.text,
          "Payment of Rs. 2,070.00 for MUKTA, transaction RBI221711 has failed. Contact the MUKTA cell at your ULB.",
        )

        // PI-S-11: both PIs replay from their histories to what is stored.
        const repository = yield* Payments.PaymentInstructionRepository.PaymentInstructionRepository
        for (const number of [pi.number, revised.number]) {
          const stored = Option.getOrThrow(
            yield* Effect.option(repository.get({ tenantId: tenantId, id: number })),
          )
          const replayed = PaymentInstructionHistory.replay(
            StatusMachine.paymentInstructionMachine,
            yield* Payments.PaymentInstructionRepository.historyOf({ tenantId: tenantId, number: number }),
          )
          assert.deepStrictEqual(Result.getOrThrow(replayed), stored)
        }
        assert.strictEqual(yield* Time.BusinessClock.today(Time.TimeZone.india), "2024-06-14")
      }).pipe(Effect.provide(layer)),
  )
})
