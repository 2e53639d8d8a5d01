import { assert, describe, it } from "@effect/vitest"
import { test } from "@fast-check/vitest"
import { Config, Ids, Money, Payments, Persistence } from "@karya/core"
import {
  bankAccountArbitrary,
  jitReplies,
  layerScriptedJitGateway,
  muktaPaymentsConfiguration,
  payableBillArbitrary,
  paymentsMemoryLayer,
  ScriptedJitCalls,
} from "@karya/core/testing"
import { DateTime, Effect, Exit, Layer, Option } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"

const { Beneficiary, JitOutcome, JitRun, PaymentInstructionIssue, PaymentInstruction } = Payments

const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const settings = muktaPaymentsConfiguration({ tenantId, cityCode: "DK" })
const layer = Layer.mergeAll(
  paymentsMemoryLayer,
  layerScriptedJitGateway(),
  Config.TenantSettings.layerMemory([settings]),
)

const detail = (
  index: number,
  options: { readonly amount: string; readonly accountNumber?: string; readonly name?: string },
) => ({
  lineId: `line-${index}`,
  payee: {
    payeeId: `IND-${index}`,
    kind: "individual",
    name: options.name ?? `Wage Seeker ${index}`,
    bankAccount: {
      accountNumber: options.accountNumber ?? `10000000000${index}`,
      ifsc: "SBIN0000041",
      accountType: "Saving",
    },
    mobile: `987654321${index}`,
    address: "Plot-12, Ward 3",
  },
  amount: options.amount,
  purpose: "MR/2024-25/000030",
})

const department = (lineId: string, head: string, amount: string, accountNumber = "30987654321") => ({
  lineId,
  payee: {
    payeeId: "DEPT-1",
    kind: "department",
    name: "Welfare Board",
    bankAccount: { accountNumber, ifsc: "UBIN0561789", accountType: "Current" },
    mobile: "",
    address: "Bhubaneswar",
  },
  amount,
  purpose: head,
  deductionHead: head,
})

const billOf = (
  details: ReadonlyArray<unknown>,
  options: { readonly billId?: string; readonly totalAmount: string },
) =>
  Payments.PayableBill.makeUnsafe({
    tenantId,
    billId: options.billId ?? "bill-1",
    billNumber: "WB/2024-25/000012",
    billType: "wage",
    workOrderNumber: "WO/2024-25/000051",
    billDate: "2024-06-10",
    totalAmount: options.totalAmount,
    details,
  })

const setClock = TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T05:00:00Z")))

describe("PaymentInstructionIssue", () => {
  it.effect(
    "PI-1: a bill gets one original PI numbered PI-{ulb}/{fy}/{seq:6}; a second attempt is refused with PI_EXISTS and changes nothing",
    () =>
      Effect.gen(function* () {
        yield* setClock
        const bill = billOf([detail(1, { amount: "1898" })], { totalAmount: "1898" })
        const created = yield* PaymentInstructionIssue.createFromBill(bill)
        assert.strictEqual(created.number, "PI-DK/2024-25/000001")
        assert.strictEqual(created.date, "2024-06-10")
        assert.strictEqual(created.kind, "original")
        assert.deepStrictEqual(created.origin, { _tag: "Bill" })
        const again = yield* Effect.exit(PaymentInstructionIssue.createFromBill(bill))
        const error = Option.getOrUndefined(Exit.findErrorOption(again))
        assert.strictEqual(error?._tag, "PiExists")
        assert.strictEqual(error?.code, "PI_EXISTS")
        assert.include(error?.message ?? "", "PI-DK/2024-25/000001")
        const repository = yield* Payments.PaymentInstructionRepository.PaymentInstructionRepository
        assert.strictEqual(
          (yield* Persistence.AggregateStore.findAll(
            repository,
            { tenantId: tenantId, where: { billId: "bill-1" } },
            { itemsMax: 1_000 },
          )).length,
          1,
        )
        const next = yield* PaymentInstructionIssue.createFromBill(
          billOf([detail(1, { amount: "5" })], { billId: "bill-2", totalAmount: "5" }),
        )
        assert.strictEqual(next.number, "PI-DK/2024-25/000002", "the refused attempt issued no number (ID-3)")
      }).pipe(Effect.provide(layer)),
  )

  it.effect("PI-1: after JIT rejects a bill's PI, a new original PI may be raised for it", () =>
    Effect.gen(function* () {
      yield* setClock
      const bill = billOf([detail(1, { amount: "1898" })], { totalAmount: "1898" })
      const first = yield* PaymentInstructionIssue.createFromBill(bill)
      const script = yield* ScriptedJitCalls
      yield* script.enqueue({
        VA: [
          JitOutcome.success([
            jitReplies.allotment({
              sanctionId: "920",
              ssuAllotmentId: "860",
              allotmentSerialNumber: "0",
              kind: "initialAllotment",
              amount: "5000",
              allotmentDate: "2024-06-01",
            }),
          ]),
        ],
        PI: [JitOutcome.success(jitReplies.acknowledgement(first))],
        PIS: [
          JitOutcome.error([
            { code: "", message: `This Bill Number ${first.number} is rejected by SSU angul_op` },
          ]),
        ],
      })
      yield* JitRun.ingestVirtualAllotments({ tenantId, headOfAccount: settings.headsOfAccountOrder[0].code })
      yield* JitRun.push({ tenantId, paymentInstructionNumber: first.number })
      const rejected = yield* JitRun.poll({
        tenantId,
        paymentInstructionNumber: first.number,
        service: "PIS",
      })
      assert.strictEqual(rejected.paymentInstruction?.status, "Rejected")
      const second = yield* PaymentInstructionIssue.createFromBill(bill)
      assert.strictEqual(second.number, "PI-DK/2024-25/000002")
      assert.notStrictEqual(second.beneficiaries[0]?.paymentId, first.beneficiaries[0]?.paymentId)
    }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "PI-2: beneficiaries are the payable details plus one department per deduction head, each with a BN-{ulb}/{seq:6} payment id and sanitised name and address",
    () =>
      Effect.gen(function* () {
        yield* setClock
        const bill = billOf(
          [
            detail(1, { amount: "1898", name: "  R.K.  Das (Jr.)" }),
            detail(2, { amount: "0" }),
            department("cess-1", "LC", "19"),
            detail(3, { amount: "2070", name: "ଓଡ଼ିଆ Sahu" }),
            department("cess-3", "LC", "21"),
            department("tds", "ITTDS", "40", "40987654321"),
          ],
          { totalAmount: "4048" },
        )
        const pi = yield* PaymentInstructionIssue.createFromBill(bill)
        assert.deepStrictEqual(
          pi.beneficiaries.map((beneficiary) => [
            beneficiary.paymentId,
            beneficiary.name,
            Money.Amount.toCanonicalString(beneficiary.amount),
            beneficiary.billLines.map((line) => line.lineId),
          ]),
          [
            ["BN-DK/000001", "R K Das Jr", "1898", ["line-1"]],
            ["BN-DK/000002", "Welfare Board", "40", ["cess-1", "cess-3"]],
            ["BN-DK/000003", "Sahu", "2070", ["line-3"]],
            ["BN-DK/000004", "Welfare Board", "40", ["tds"]],
          ],
        )
        assert.strictEqual(pi.beneficiaries[0]?.address, "Plot 12 Ward 3")
        assert.strictEqual(pi.beneficiaries[0]?.purpose, "MR/2024-25/000030")
        assert.isTrue(pi.beneficiaries.every((beneficiary) => beneficiary.status === "PaymentPending"))
        const next = yield* PaymentInstructionIssue.createFromBill(
          billOf([detail(9, { amount: "1" })], { billId: "bill-2", totalAmount: "1" }),
        )
        assert.strictEqual(
          next.beneficiaries[0]?.paymentId,
          "BN-DK/000005",
          "payment ids are never reused; the series has no FY",
        )
      }).pipe(Effect.provide(layer)),
  )

  it("PI-2: sanitising leaves ASCII letters and digits separated by single spaces", () => {
    assert.strictEqual(
      Beneficiary.sanitiseText("  Smt. Lakshmi--Devi\t(W/o  Ram) #12 "),
      "Smt Lakshmi Devi W o Ram 12",
    )
    assert.strictEqual(Beneficiary.sanitiseText("ଓଡ଼ିଆ"), "")
  })

  test.prop([fc.string({ maxLength: 40 })])(
    "PI-2: a sanitised name has only letters, digits and single inner spaces, and sanitising twice changes nothing",
    (text) => {
      const once = Beneficiary.sanitiseText(text)
      assert.match(once, /^([A-Za-z0-9]+( [A-Za-z0-9]+)*)?$/)
      assert.strictEqual(Beneficiary.sanitiseText(once), once)
    },
  )

  it.effect(
    "PI-3: payees sharing account number and IFSC become one beneficiary with the sum of their amounts, linking all their lines",
    () =>
      Effect.gen(function* () {
        yield* setClock
        const shared = "123456789012"
        const bill = billOf(
          [
            detail(1, { amount: "1000", accountNumber: shared }),
            detail(2, { amount: "500" }),
            detail(3, { amount: "250", accountNumber: shared }),
          ],
          { totalAmount: "1750" },
        )
        const pi = yield* PaymentInstructionIssue.createFromBill(bill)
        assert.strictEqual(pi.beneficiaries.length, 2)
        const [family] = pi.beneficiaries
        assert.strictEqual(family && Money.Amount.toCanonicalString(family.amount), "1250")
        assert.deepStrictEqual(
          family?.billLines.map((line) => [line.lineId, line.payeeId]),
          [
            ["line-1", "IND-1"],
            ["line-3", "IND-3"],
          ],
        )
        assert.strictEqual(family?.name, "Wage Seeker 1")
        assert.strictEqual(pi.header.beneficiaryCount, 2)
      }).pipe(Effect.provide(layer)),
  )

  test.prop([payableBillArbitrary({ tenantId, payeesMax: 8 })])(
    "PI-3: building keeps every rupee and every bill line and leaves no account twice",
    (bill) => {
      const drafts = Beneficiary.draftsFromBill(bill)
      const total = Money.Amount.sum(drafts.map((draft) => draft.amount))
      assert.isTrue(Money.Amount.equals(total, bill.totalAmount))
      const lines = drafts.flatMap((draft) => draft.billLines.map((line) => line.lineId)).sort()
      const paying = bill.details
        .filter((item) => !Money.Amount.isZero(item.amount))
        .map((item) => item.lineId)
        .sort()
      assert.deepStrictEqual(lines, paying)
      const accounts = drafts.map((draft) => Beneficiary.accountKeyOf(draft.bankAccount))
      assert.strictEqual(new Set(accounts).size, accounts.length)
      for (const draft of drafts) {
        assert.isTrue(
          Money.Amount.equals(draft.amount, Money.Amount.sum(draft.billLines.map((line) => line.amount))),
        )
      }
    },
  )

  it.effect(
    "PI-4: the header carries the tenant's codes, gross = bill total, net = Σ beneficiaries, the count, the purpose and the local PI date; amounts go to JIT with 2 places",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-03-31T19:00:00Z")))
        const bill = billOf([detail(1, { amount: "1898" }), department("cess", "LC", "19")], {
          totalAmount: "1917",
        })
        const pi = yield* PaymentInstructionIssue.createFromBill(bill)
        assert.strictEqual(pi.date, "2024-04-01", "the local date in Asia/Kolkata (TIME-1)")
        assert.strictEqual(pi.number, "PI-DK/2024-25/000001", "the FY of the local date")
        const { sanction: _, ...header } = pi.header
        assert.deepStrictEqual(
          {
            ...header,
            grossAmount: Money.Amount.toCanonicalString(header.grossAmount),
            netAmount: Money.Amount.toCanonicalString(header.netAmount),
          },
          {
            ddoCode: "OLSHUD001",
            granteeCode: "GOHUDULBMPL0036",
            schemeCode: "13145",
            ssuId: "1621",
            grossAmount: "1917",
            netAmount: "1917",
            beneficiaryCount: 2,
            purpose: "WB/2024-25/000012",
          },
        )
        assert.strictEqual(PaymentInstruction.toWireAmount(pi.header.grossAmount, 2), "1917.00")
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "PI-S-1: a beneficiary's account is corrected on a New or Declined PI with the version decided on; otherwise refused and nothing changes",
    () =>
      Effect.gen(function* () {
        yield* setClock
        const pi = yield* PaymentInstructionIssue.createFromBill(
          billOf([detail(1, { amount: "100" })], { totalAmount: "100" }),
        )
        const bankAccount = {
          accountNumber: "555555555555",
          ifsc: "HDFC0000001",
          accountType: "Saving" as const,
        }
        const request = {
          tenantId,
          paymentInstructionNumber: pi.number,
          paymentId: pi.beneficiaries[0]?.paymentId ?? "",
          bankAccount,
          userId: "clerk",
          expectedVersion: 1,
        }
        const corrected = yield* PaymentInstructionIssue.correctBeneficiary(request)
        assert.deepStrictEqual(corrected.beneficiaries[0]?.bankAccount, bankAccount)
        assert.strictEqual(corrected.version, 2)
        const stale = yield* Effect.exit(PaymentInstructionIssue.correctBeneficiary(request))
        assert.strictEqual(Option.getOrUndefined(Exit.findErrorOption(stale))?.code, "STALE_VERSION")
        const unknown = yield* Effect.exit(
          PaymentInstructionIssue.correctBeneficiary({
            ...request,
            paymentId: "BN-DK/999999",
            expectedVersion: 2,
          }),
        )
        const problem = Option.getOrUndefined(Exit.findErrorOption(unknown))
        assert.strictEqual(problem?.code, "VALIDATION_FAILED")
        const script = yield* ScriptedJitCalls
        yield* script.enqueue({
          VA: [
            JitOutcome.success([
              jitReplies.allotment({
                sanctionId: "920",
                ssuAllotmentId: "860",
                allotmentSerialNumber: "0",
                kind: "initialAllotment",
                amount: "5000",
                allotmentDate: "2024-06-01",
              }),
            ]),
          ],
          PI: [JitOutcome.noResponse("timeout", "")],
        })
        yield* JitRun.ingestVirtualAllotments({
          tenantId,
          headOfAccount: settings.headsOfAccountOrder[0].code,
        })
        const pending = yield* JitRun.push({ tenantId, paymentInstructionNumber: pi.number })
        const refused = yield* Effect.exit(
          PaymentInstructionIssue.correctBeneficiary({
            ...request,
            expectedVersion: pending.paymentInstruction?.version ?? 0,
          }),
        )
        assert.strictEqual(Option.getOrUndefined(Exit.findErrorOption(refused))?.code, "PI_NOT_CORRECTABLE")
        const repository = yield* Payments.PaymentInstructionRepository.PaymentInstructionRepository
        assert.deepStrictEqual(
          yield* Effect.option(repository.get({ tenantId: tenantId, id: pi.number })),
          Option.some(pending.paymentInstruction),
        )
      }).pipe(Effect.provide(layer)),
  )

  test.prop([bankAccountArbitrary])(
    "PI-V-8: generated bank accounts pass the account and IFSC checks",
    (account) => {
      assert.match(account.accountNumber, /^\d{9,18}$/)
      assert.match(account.ifsc, Payments.PushValidation.ifscPattern)
    },
  )

  const driveToFailure = (bill: Payments.PayableBill.PayableBill) =>
    Effect.gen(function* () {
      const script = yield* ScriptedJitCalls
      const pi = yield* PaymentInstructionIssue.createFromBill(bill)
      const ids = pi.beneficiaries.map((beneficiary) => beneficiary.paymentId)
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
            jitReplies.paid(pi, ids, {
              voucherNumber: "1",
              voucherDate: "2024-06-11",
              billReference: "REF1",
            }),
          ),
        ],
        FD: [
          JitOutcome.success(
            jitReplies.failed(pi, ids.slice(0, 1), {
              failureReason: "Account closed",
              challanNumber: "9",
              challanDate: "2024-06-12",
            }),
          ),
        ],
      })
      yield* JitRun.ingestVirtualAllotments({ tenantId, headOfAccount: settings.headsOfAccountOrder[0].code })
      for (const service of ["PI", "PIS", "PAG", "PD", "FD"] as const)
        yield* JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service })
      return pi
    })

  it.effect(
    "PI-S-9: after the revised-PI window the failed amounts are paid by a new original PI with the same payment ids, which books its own expense",
    () =>
      Effect.gen(function* () {
        yield* setClock
        const pi = yield* driveToFailure(
          billOf([detail(1, { amount: "1000" }), detail(2, { amount: "500" })], { totalAmount: "1500" }),
        )
        const tooEarly = yield* Effect.exit(
          PaymentInstructionIssue.raiseRepayment({
            tenantId,
            failedNumber: "PI-DK/2024-25/000404",
            corrections: [],
          }),
        )
        assert.strictEqual(
          Option.getOrUndefined(Exit.findErrorOption(tooEarly))?.code,
          "PAYMENT_INSTRUCTION_NOT_FOUND",
        )
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-09-09T05:00:00Z")))
        const raised = yield* PaymentInstructionIssue.raiseRepayment({
          tenantId,
          failedNumber: pi.number,
          corrections: [],
        })
        assert.strictEqual(raised.kind, "original")
        assert.deepStrictEqual(raised.paymentInstruction.origin, {
          _tag: "Repayment",
          failedNumber: pi.number,
        })
        assert.strictEqual(raised.paymentInstruction.number, "PI-DK/2024-25/000002")
        assert.deepStrictEqual(
          raised.paymentInstruction.beneficiaries.map((beneficiary) => [
            beneficiary.paymentId,
            Money.Amount.toCanonicalString(beneficiary.amount),
          ]),
          [["BN-DK/000001", "1000"]],
        )
        assert.strictEqual(
          Money.Amount.toCanonicalString(raised.paymentInstruction.header.grossAmount),
          "1000",
        )
        const again = yield* Effect.exit(
          PaymentInstructionIssue.raiseRepayment({ tenantId, failedNumber: pi.number, corrections: [] }),
        )
        assert.strictEqual(Option.getOrUndefined(Exit.findErrorOption(again))?.code, "NOTHING_TO_REPAY")
        const script = yield* ScriptedJitCalls
        yield* script.enqueue({
          PI: [JitOutcome.success(jitReplies.acknowledgement(raised.paymentInstruction))],
        })
        yield* JitRun.push({ tenantId, paymentInstructionNumber: raised.paymentInstruction.number })
        const register = Payments.FundRegisterBook
        const expenses = (yield* register.transactions(tenantId, {})).filter(
          (transaction) => transaction.kind === "expense",
        )
        assert.deepStrictEqual(
          expenses.map((transaction) => Money.Amount.toCanonicalString(transaction.amount)),
          ["1500", "1000"],
        )
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "PI-S-7: a repayment is refused with NOTHING_TO_REPAY before the PI is Completed, and a correction for a beneficiary it does not carry is refused, changing nothing",
    () =>
      Effect.gen(function* () {
        yield* setClock
        const fresh = yield* PaymentInstructionIssue.createFromBill(
          billOf([detail(1, { amount: "10" })], { billId: "bill-x", totalAmount: "10" }),
        )
        const early = yield* Effect.exit(
          PaymentInstructionIssue.raiseRepayment({ tenantId, failedNumber: fresh.number, corrections: [] }),
        )
        const nothing = Option.getOrUndefined(Exit.findErrorOption(early))
        assert.strictEqual(nothing?.code, "NOTHING_TO_REPAY")
        assert.include(nothing?.message ?? "", "is New")
        const pi = yield* driveToFailure(
          billOf([detail(1, { amount: "1000" }), detail(2, { amount: "500" })], { totalAmount: "1500" }),
        )
        const bankAccount = {
          accountNumber: "222222222222",
          ifsc: "UTIB0000123",
          accountType: "Saving" as const,
        }
        const wrong = yield* Effect.exit(
          PaymentInstructionIssue.raiseRepayment({
            tenantId,
            failedNumber: pi.number,
            corrections: [{ paymentId: "BN-DK/000003", bankAccount }],
          }),
        )
        const refusal = Option.getOrUndefined(Exit.findErrorOption(wrong))
        assert.strictEqual(refusal?.code, "VALIDATION_FAILED")
        assert.deepStrictEqual(
          refusal?._tag === "ValidationFailed"
            ? refusal.problems.map((problem) => [problem.field, problem.code])
            : [],
          [["corrections[0].paymentId", PaymentInstructionIssue.correctionUnknownCode]],
        )
        const repository = yield* Payments.PaymentInstructionRepository.PaymentInstructionRepository
        assert.deepStrictEqual(
          yield* Persistence.AggregateStore.findAll(
            repository,
            { tenantId: tenantId, where: { failedNumber: pi.number } },
            { itemsMax: 1_000 },
          ),
          [],
        )
        const raised = yield* PaymentInstructionIssue.raiseRepayment({
          tenantId,
          failedNumber: pi.number,
          corrections: [{ paymentId: "BN-DK/000002", bankAccount }],
        })
        assert.strictEqual(raised.kind, "revised")
        assert.deepStrictEqual(raised.paymentInstruction.beneficiaries[0]?.bankAccount, bankAccount)
      }).pipe(Effect.provide(layer)),
  )

  // `count` rejected PIs of the PI's bill, stored through the port: reaching
  // the limit through JIT rejections would script a hundred JIT rounds.
  const storeRejectedCopies = (pi: Payments.PaymentInstruction.PaymentInstruction, count: number) =>
    Effect.gen(function* () {
      const repository = yield* Payments.PaymentInstructionRepository.PaymentInstructionRepository
      for (let index = 1; index <= count; index += 1) {
        const serial = String(900_000 + index)
        yield* repository.insert({
          aggregate: {
            ...pi,
            number: Ids.HumanNumber.makeUnsafe(`PI-DK/2024-25/${serial}`),
            status: "Rejected",
            beneficiaries: pi.beneficiaries.map((beneficiary, position) => ({
              ...beneficiary,
              paymentId: Ids.HumanNumber.makeUnsafe(`BN-DK/${serial}-${position}`),
            })),
          },
        })
      }
    })

  const rejectStored = (pi: Payments.PaymentInstruction.PaymentInstruction) =>
    Payments.PaymentInstructionRepository.PaymentInstructionRepository.use((repository) =>
      repository.update({
        aggregate: { ...pi, status: "Rejected", version: pi.version + 1 },
        expectedVersion: pi.version,
      }),
    )

  const piCountOf = (billId: string) =>
    Payments.PaymentInstructionRepository.PaymentInstructionRepository.use((repository) =>
      Persistence.AggregateStore.findAll(
        repository,
        { tenantId, where: { billId } },
        { itemsMax: Payments.PaymentInstructionRepository.paymentInstructionsOfBillMax },
      ),
    ).pipe(Effect.map((found) => found.length))

  const { paymentInstructionsOfBillMax } = Payments.PaymentInstructionRepository

  it.effect(
    "PI-1: a bill with paymentInstructionsOfBillMax − 1 rejected PIs gets one more; past that, PAYMENT_INSTRUCTIONS_OF_BILL_EXCEEDED issues no number and stores nothing",
    () =>
      Effect.gen(function* () {
        yield* setClock
        const bill = billOf([detail(1, { amount: "1898" })], { totalAmount: "1898" })
        const first = yield* PaymentInstructionIssue.createFromBill(bill)
        yield* rejectStored(first)
        yield* storeRejectedCopies(first, paymentInstructionsOfBillMax - 2)
        const last = yield* PaymentInstructionIssue.createFromBill(bill)
        assert.strictEqual(last.number, "PI-DK/2024-25/000002")
        assert.strictEqual(yield* piCountOf("bill-1"), paymentInstructionsOfBillMax)
        yield* rejectStored(last)
        const refused = Option.getOrUndefined(
          Exit.findErrorOption(yield* Effect.exit(PaymentInstructionIssue.createFromBill(bill))),
        )
        assert.strictEqual(refused?.code, "PAYMENT_INSTRUCTIONS_OF_BILL_EXCEEDED")
        assert.isTrue(
          refused instanceof PaymentInstructionIssue.PaymentInstructionsOfBillExceeded &&
            refused.category === "rule" &&
            refused.limit === paymentInstructionsOfBillMax &&
            refused.billNumber === "WB/2024-25/000012",
        )
        assert.strictEqual(yield* piCountOf("bill-1"), paymentInstructionsOfBillMax)
        const next = yield* PaymentInstructionIssue.createFromBill(
          billOf([detail(1, { amount: "5" })], { billId: "bill-2", totalAmount: "5" }),
        )
        assert.strictEqual(next.number, "PI-DK/2024-25/000003", "the refused attempt issued no number (ID-3)")
      }).pipe(Effect.provide(layer)),
  )

  const repaymentOver = (rejectedCount: number) =>
    Effect.gen(function* () {
      yield* setClock
      const pi = yield* driveToFailure(
        billOf([detail(1, { amount: "1000" }), detail(2, { amount: "500" })], { totalAmount: "1500" }),
      )
      yield* storeRejectedCopies(pi, rejectedCount)
      const exit = yield* Effect.exit(
        PaymentInstructionIssue.raiseRepayment({ tenantId, failedNumber: pi.number, corrections: [] }),
      )
      return { exit, count: yield* piCountOf("bill-1") }
    }).pipe(Effect.provide(layer))

  it.effect("PI-S-9: a repayment that makes the bill's paymentInstructionsOfBillMax-th PI is raised", () =>
    Effect.gen(function* () {
      const { exit, count } = yield* repaymentOver(paymentInstructionsOfBillMax - 2)
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(count, paymentInstructionsOfBillMax)
    }),
  )

  it.effect(
    "PI-S-9: a repayment past paymentInstructionsOfBillMax PIs of its bill is refused with PAYMENT_INSTRUCTIONS_OF_BILL_EXCEEDED and stores nothing",
    () =>
      Effect.gen(function* () {
        const { exit, count } = yield* repaymentOver(paymentInstructionsOfBillMax - 1)
        assert.strictEqual(
          Option.getOrUndefined(Exit.findErrorOption(exit))?.code,
          "PAYMENT_INSTRUCTIONS_OF_BILL_EXCEEDED",
        )
        assert.strictEqual(count, paymentInstructionsOfBillMax)
      }),
  )
})
