import { assert, describe, it } from "@effect/vitest"
import { test } from "@fast-check/vitest"
import { Config, Money, Payments, Time } from "@karya/core"
import {
  jitReplies,
  layerScriptedJitGateway,
  muktaPaymentsConfiguration,
  paymentsMemoryLayer,
  ScriptedJitCalls,
} from "@karya/core/testing"
import { DateTime, Effect, Layer, Option } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"

const { FundRegister, JitOutcome, JitRun, PaymentInstructionIssue, BillPaymentStatus } = Payments

const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const settings = muktaPaymentsConfiguration({ tenantId, cityCode: "DK" })
const [scHead, stHead, generalHead] = settings.headsOfAccountOrder.map((head) => head.code)
const at = DateTime.makeUnsafe("2024-06-10T16:30:00Z")
const layer = Layer.mergeAll(
  paymentsMemoryLayer,
  layerScriptedJitGateway(),
  Config.TenantSettings.layerMemory([settings]),
)

// JIT's own VA sample (fixtures/jit/samples/1VAResponse.json), in the domain's words.
const sampleRows = [
  ["920", "860", "0", "initialAllotment", "10000"],
  ["921", "860", "0", "initialAllotment", "30000"],
  ["921", "898", "1", "additionalAllotment", "100"],
  ["921", "899", "2", "additionalAllotment", "100"],
  ["920", "900", "3", "additionalAllotment", "50"],
  ["920", "937", "10", "withdrawal", "100"],
  ["920", "961", "15", "withdrawal", "200"],
] as const
const rows = sampleRows.map(([sanctionId, ssuAllotmentId, allotmentSerialNumber, kind, amount]) =>
  jitReplies.allotment({
    sanctionId,
    ssuAllotmentId,
    allotmentSerialNumber,
    kind,
    amount,
    allotmentDate: "2023-05-10",
  }),
)

const ingestAll = (options: {
  readonly existing: ReadonlyArray<Payments.FundRegister.RegisterTransaction>
  readonly sanctions: ReadonlyArray<Payments.FundRegister.Sanction>
}) =>
  FundRegister.ingest({
    tenantId,
    headOfAccount: scHead ?? "",
    rows,
    existing: options.existing,
    sanctions: options.sanctions,
    at,
  })

const amounts = (transactions: ReadonlyArray<Payments.FundRegister.RegisterTransaction>) =>
  transactions.map((transaction) => [
    transaction.sanctionId,
    transaction.kind,
    Money.Amount.toCanonicalString(transaction.amount),
  ])

const piNumber = "PI-DK/2023-24/000001"
const sanctionUsed = {
  sanctionId: "920",
  headOfAccount: scHead ?? "",
  financialYear: Time.FinancialYear.makeUnsafe("2023-24"),
  ssuAllotmentId: "961",
  allotmentSerialNumber: "15",
}

describe("FundRegister", () => {
  it("PI-F-1: VA rows become allotments and sanctions; the same rows again record nothing", () => {
    const first = ingestAll({ existing: [], sanctions: [] })
    assert.strictEqual(
      first.transactions.length,
      7,
      "two initial allotments sharing SSU allotment id 860 and serial 0 are two allotments",
    )
    assert.deepStrictEqual(
      first.sanctions.map((sanction) => [
        sanction.sanctionId,
        sanction.financialYear,
        sanction.headOfAccount,
      ]),
      [
        ["920", "2023-24", scHead],
        ["921", "2023-24", scHead],
      ],
    )
    assert.deepStrictEqual(first.anomalies, [])
    const again = ingestAll({ existing: first.transactions, sanctions: first.sanctions })
    assert.deepStrictEqual(again.transactions, [])
    assert.deepStrictEqual(again.sanctions, [])
    const doubled = FundRegister.ingest({
      tenantId,
      headOfAccount: scHead ?? "",
      rows: [...rows, ...rows],
      existing: [],
      sanctions: [],
      at,
    })
    assert.strictEqual(doubled.transactions.length, 7, "a row repeated in one reply is recorded once")
  })

  it("PI-F-1: an addition for a sanction never seen, and a withdrawal beyond the funds available, are recorded and reported as anomalies", () => {
    const orphan = jitReplies.allotment({
      sanctionId: "999",
      ssuAllotmentId: "1",
      allotmentSerialNumber: "20",
      kind: "additionalAllotment",
      amount: "10",
      allotmentDate: "2023-06-01",
    })
    const excessive = jitReplies.allotment({
      sanctionId: "999",
      ssuAllotmentId: "2",
      allotmentSerialNumber: "21",
      kind: "withdrawal",
      amount: "11",
      allotmentDate: "2023-06-01",
    })
    const ingestion = FundRegister.ingest({
      tenantId,
      headOfAccount: scHead ?? "",
      rows: [orphan, excessive],
      existing: [],
      sanctions: [],
      at,
    })
    assert.strictEqual(ingestion.transactions.length, 2)
    assert.strictEqual(ingestion.anomalies.length, 2)
    assert.include(ingestion.anomalies[0] ?? "", "first seen")
    assert.include(ingestion.anomalies[1] ?? "", "exceeds the funds available")
  })

  it("PI-F-2: funds available = Σ allotments − (Σ expenses − Σ reversals + Σ withdrawals); sanctioned balance = total sanctioned − Σ allotments", () => {
    const { transactions, sanctions } = ingestAll({ existing: [], sanctions: [] })
    const expense = FundRegister.paymentInstructionTransaction({
      kind: "expense",
      tenantId,
      paymentInstructionNumber: piNumber,
      sanction: sanctionUsed,
      amount: Money.Amount.makeUnsafe("4000"),
      date: Time.LocalDate.makeUnsafe("2023-06-01"),
      at,
    })
    const reversal = FundRegister.paymentInstructionTransaction({
      ...expense,
      kind: "expenseReversal",
      paymentInstructionNumber: piNumber,
      sanction: sanctionUsed,
      tenantId,
      amount: Money.Amount.makeUnsafe("4000"),
      date: Time.LocalDate.makeUnsafe("2023-06-02"),
      at: DateTime.add(at, { hours: 1 }),
    })
    const all = [...transactions, expense]
    assert.strictEqual(
      Money.SignedAmount.toCanonicalString(FundRegister.fundsAvailable(all, "920")),
      "5750",
      "10000 + 50 − (4000 + 300)",
    )
    assert.strictEqual(
      Money.SignedAmount.toCanonicalString(FundRegister.fundsAvailable([...all, reversal], "920")),
      "9750",
    )
    assert.strictEqual(Money.SignedAmount.toCanonicalString(FundRegister.fundsAvailable(all, "921")), "30200")
    const totals = FundRegister.totalsOf(
      FundRegister.register(all, {
        financialYear: Time.FinancialYear.makeUnsafe("2023-24"),
        headOfAccount: scHead ?? "",
      }).map((line) => line.transaction),
    )
    assert.deepStrictEqual(
      [totals.allotments, totals.withdrawals, totals.expenses, totals.reversals].map(
        Money.Amount.toCanonicalString,
      ),
      ["40250", "300", "4000", "0"],
    )
    const [sanction] = sanctions
    assert.isTrue(
      Option.isNone(
        sanction
          ? FundRegister.sanctionedBalance(sanction, all)
          : Option.some(Money.SignedAmount.makeUnsafe("1")),
      ),
    )
    const ordered =
      sanction === undefined
        ? Option.none()
        : FundRegister.sanctionedBalance(
            { ...sanction, sanctionedTotal: Money.Amount.makeUnsafe("60000") },
            all,
          )
    assert.strictEqual(
      Option.map(ordered, Money.SignedAmount.toCanonicalString).pipe(Option.getOrUndefined),
      "49950",
    )
  })

  it("PI-F-2: the register of a financial year and head of account lists its transactions in time order with the funds available after each", () => {
    const { transactions } = ingestAll({ existing: [], sanctions: [] })
    const expense = FundRegister.paymentInstructionTransaction({
      kind: "expense",
      tenantId,
      paymentInstructionNumber: piNumber,
      sanction: sanctionUsed,
      amount: Money.Amount.makeUnsafe("5000"),
      date: Time.LocalDate.makeUnsafe("2023-06-01"),
      at: DateTime.subtract(at, { hours: 1 }),
    })
    const lines = FundRegister.register([...transactions, expense], {
      financialYear: Time.FinancialYear.makeUnsafe("2023-24"),
      headOfAccount: scHead ?? "",
    })
    assert.strictEqual(lines[0]?.transaction.kind, "expense", "recorded an hour before the VA run")
    assert.deepStrictEqual(
      lines.map((line) => Money.SignedAmount.toCanonicalString(line.fundsAvailableAfter)),
      ["-5000", "5000", "35000", "35100", "35200", "35250", "35150", "34950"],
    )
    assert.deepStrictEqual(
      FundRegister.register(transactions, {
        financialYear: Time.FinancialYear.makeUnsafe("2024-25"),
        headOfAccount: scHead ?? "",
      }),
      [],
    )
  })

  const transactionArbitrary = fc.record({
    sanction: fc.constantFrom("920", "921"),
    kind: fc.constantFrom(
      "initialAllotment",
      "additionalAllotment",
      "withdrawal",
      "expense",
      "expenseReversal",
    ) as fc.Arbitrary<Payments.FundRegister.TransactionKind>,
    amount: fc.integer({ min: 0, max: 1_000_000 }),
    minutes: fc.integer({ min: 0, max: 10_000 }),
  })
  test.prop([fc.array(transactionArbitrary, { maxLength: 40 })])(
    "PI-F-2: the register always reconciles: its running balance ends at Σ allotments − Σ expenses + Σ reversals − Σ withdrawals",
    (drawn) => {
      const transactions = drawn.map((item, index) => ({
        ...FundRegister.paymentInstructionTransaction({
          kind: "expense",
          tenantId,
          paymentInstructionNumber: `PI-${index}`,
          sanction: { ...sanctionUsed, sanctionId: item.sanction },
          amount: Money.Amount.makeUnsafe(String(item.amount)),
          date: Time.LocalDate.makeUnsafe("2023-06-01"),
          at: DateTime.add(at, { minutes: item.minutes }),
        }),
        kind: item.kind,
      }))
      assert.isTrue(FundRegister.isReconciled(transactions))
      const lines = FundRegister.register(transactions, {
        financialYear: Time.FinancialYear.makeUnsafe("2023-24"),
        headOfAccount: scHead ?? "",
      })
      const last = lines.at(-1)?.fundsAvailableAfter ?? Money.SignedAmount.makeUnsafe("0")
      assert.isTrue(Money.SignedAmount.equals(last, FundRegister.totalsOf(transactions).fundsAvailable))
      const perSanction = Money.SignedAmount.add(
        FundRegister.fundsAvailable(transactions, "920"),
        FundRegister.fundsAvailable(transactions, "921"),
      )
      assert.isTrue(Money.SignedAmount.equals(perSanction, last))
      for (let index = 1; index < lines.length; index += 1) {
        const previous = lines[index - 1]?.transaction.at
        const current = lines[index]?.transaction.at
        assert.isTrue(
          previous !== undefined &&
            current !== undefined &&
            DateTime.toEpochMillis(previous) <= DateTime.toEpochMillis(current),
        )
      }
    },
  )

  it("PI-F-3: heads of account are tried in the configured order, and within one its sanctions in the order first seen; the first with enough funds pays", () => {
    const row = (sanctionId: string, serial: string, amount: string) =>
      jitReplies.allotment({
        sanctionId,
        ssuAllotmentId: `A${serial}`,
        allotmentSerialNumber: serial,
        kind: "initialAllotment",
        amount,
        allotmentDate: "2024-06-01",
      })
    const general = FundRegister.ingest({
      tenantId,
      headOfAccount: generalHead ?? "",
      rows: [row("G1", "1", "100000")],
      existing: [],
      sanctions: [],
      at,
    })
    const st = FundRegister.ingest({
      tenantId,
      headOfAccount: stHead ?? "",
      rows: [row("T1", "2", "500"), row("T2", "3", "3000")],
      existing: [],
      sanctions: [],
      at,
    })
    const sc = FundRegister.ingest({
      tenantId,
      headOfAccount: scHead ?? "",
      rows: [row("S1", "4", "999")],
      existing: [],
      sanctions: [],
      at,
    })
    const sanctions = [...general.sanctions, ...st.sanctions, ...sc.sanctions]
    const transactions = [...general.transactions, ...st.transactions, ...sc.transactions]
    const choose = (amount: string, financialYear = "2024-25") =>
      FundRegister.chooseSanction({
        headsOfAccountOrder: settings.headsOfAccountOrder,
        sanctions,
        transactions,
        financialYear: Time.FinancialYear.makeUnsafe(financialYear),
        grossAmount: Money.Amount.makeUnsafe(amount),
      })?.sanctionId
    assert.strictEqual(choose("999"), "S1", "SC component first")
    assert.strictEqual(choose("1000"), "T2", "then the ST component's sanctions in order")
    assert.strictEqual(choose("400"), "S1")
    assert.strictEqual(choose("3001"), "G1", "then the General component")
    assert.strictEqual(choose("100001"), undefined, "no sanction has enough")
    assert.strictEqual(choose("1", "2025-26"), undefined, "only sanctions of the financial year pay")
    assert.deepStrictEqual(
      FundRegister.chooseSanction({
        headsOfAccountOrder: settings.headsOfAccountOrder,
        sanctions,
        transactions,
        financialYear: Time.FinancialYear.makeUnsafe("2024-25"),
        grossAmount: Money.Amount.makeUnsafe("999"),
      }),
      {
        sanctionId: "S1",
        headOfAccount: scHead,
        financialYear: "2024-25",
        ssuAllotmentId: "A4",
        allotmentSerialNumber: "4",
      },
    )
  })

  it.effect(
    "PI-F-3: with no sanction able to pay, the push is refused, the bill shows payment blocked: insufficient funds, and the next run pushes after new allotments",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T05:00:00Z")))
        const bill = Payments.PayableBill.makeUnsafe({
          tenantId,
          billId: "bill-1",
          billNumber: "WB/2024-25/000012",
          billType: "wage",
          workOrderNumber: "WO/2024-25/000051",
          billDate: "2024-06-10",
          totalAmount: "1898",
          details: [
            {
              lineId: "l1",
              payee: {
                payeeId: "IND-1",
                kind: "individual",
                name: "A",
                bankAccount: { accountNumber: "100000000001", ifsc: "SBIN0000041", accountType: "Saving" },
                mobile: "9876543211",
                address: "",
              },
              amount: "1898",
              purpose: "MR",
            },
          ],
        })
        const before = yield* BillPaymentStatus.forBill({ tenantId, billId: "bill-1" })
        assert.strictEqual(before.status, "NotRaised")
        const pi = yield* PaymentInstructionIssue.createFromBill(bill)
        const blocked = yield* BillPaymentStatus.forBill({ tenantId, billId: "bill-1" })
        assert.deepStrictEqual(
          [blocked.status, blocked.label],
          ["PaymentBlocked", "payment blocked: insufficient funds"],
        )
        const refused = yield* Effect.exit(JitRun.push({ tenantId, paymentInstructionNumber: pi.number }))
        assert.isTrue(refused._tag === "Failure")
        const script = yield* ScriptedJitCalls
        yield* script.enqueue({
          VA: [
            JitOutcome.success([
              jitReplies.allotment({
                sanctionId: "920",
                ssuAllotmentId: "860",
                allotmentSerialNumber: "0",
                kind: "initialAllotment",
                amount: "2000",
                allotmentDate: "2024-06-10",
              }),
            ]),
          ],
          PI: [JitOutcome.success(jitReplies.acknowledgement(pi))],
        })
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T16:35:00Z")))
        const run = yield* JitRun.runDueCalls({ tenantId })
        assert.deepStrictEqual(
          run.map((entry) => entry.call.service),
          ["VA", "VA", "VA", "PI"],
          "VA for each head of account, then the push",
        )
        assert.deepStrictEqual(
          run.map((entry) => entry.result._tag),
          ["Success", "Success", "Success", "Success"],
        )
        const after = yield* BillPaymentStatus.forBill({ tenantId, billId: "bill-1" })
        assert.deepStrictEqual(
          [after.status, after.lines.map((line) => [line.lineId, line.status])],
          ["InPayment", [["l1", "PaymentInitiated"]]],
        )
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "PI-F-4: an expense is booked when JIT accepts the original PI, a PIS rejection reverses it, and a revised PI books nothing",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T05:00:00Z")))
        const script = yield* ScriptedJitCalls
        const register = Payments.FundRegisterBook
        yield* script.enqueue({
          VA: [
            JitOutcome.success([
              jitReplies.allotment({
                sanctionId: "920",
                ssuAllotmentId: "860",
                allotmentSerialNumber: "0",
                kind: "initialAllotment",
                amount: "10000",
                allotmentDate: "2024-06-01",
              }),
            ]),
          ],
        })
        yield* JitRun.ingestVirtualAllotments({ tenantId, headOfAccount: scHead ?? "" })
        const bill = (billId: string) =>
          Payments.PayableBill.makeUnsafe({
            tenantId,
            billId,
            billNumber: "WB/2024-25/000012",
            billType: "wage",
            workOrderNumber: "WO/2024-25/000051",
            billDate: "2024-06-10",
            totalAmount: "1500",
            details: [
              {
                lineId: "l1",
                payee: {
                  payeeId: "IND-1",
                  kind: "individual",
                  name: "A",
                  bankAccount: { accountNumber: "100000000001", ifsc: "SBIN0000041", accountType: "Saving" },
                  mobile: "",
                  address: "",
                },
                amount: "1500",
                purpose: "MR",
              },
            ],
          })
        const rejected = yield* PaymentInstructionIssue.createFromBill(bill("b1"))
        yield* script.enqueue({
          PI: [JitOutcome.success(jitReplies.acknowledgement(rejected))],
          PIS: [JitOutcome.rejected([{ code: "", message: "This Bill Number is rejected by SSU" }])],
        })
        yield* JitRun.push({ tenantId, paymentInstructionNumber: rejected.number })
        assert.deepStrictEqual(amounts(yield* register.transactions(tenantId, {})).slice(1), [
          ["920", "expense", "1500"],
        ])
        yield* JitRun.poll({ tenantId, paymentInstructionNumber: rejected.number, service: "PIS" })
        const transactions = yield* register.transactions(tenantId, {})
        assert.deepStrictEqual(amounts(transactions).slice(1), [
          ["920", "expense", "1500"],
          ["920", "expenseReversal", "1500"],
        ])
        assert.strictEqual(
          Money.SignedAmount.toCanonicalString(FundRegister.fundsAvailable(transactions, "920")),
          "10000",
        )
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "PI-F-1: VA ingestion pulls from the cursor in local time, records once, moves the cursor only on data, and reports JIT's errors",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T16:30:00Z")))
        const script = yield* ScriptedJitCalls
        const register = Payments.FundRegisterBook
        const row = jitReplies.allotment({
          sanctionId: "920",
          ssuAllotmentId: "860",
          allotmentSerialNumber: "0",
          kind: "initialAllotment",
          amount: "10000",
          allotmentDate: "2024-06-01",
        })
        yield* script.enqueue({
          VA: [
            JitOutcome.noResponse("timeout", ""),
            JitOutcome.error([{ code: "TR9999", message: "Internal error" }]),
            JitOutcome.success([row]),
            JitOutcome.success([row]),
          ],
        })
        const request = { tenantId, headOfAccount: scHead ?? "" }
        assert.strictEqual(
          (yield* JitRun.ingestVirtualAllotments(request)).message,
          "On call of VA API: No response is received.",
        )
        assert.strictEqual(
          (yield* JitRun.ingestVirtualAllotments(request)).message,
          "On call of VA API: Internal error",
        )
        assert.deepStrictEqual(yield* register.virtualAllotmentCursor(tenantId, scHead ?? ""), Option.none())
        const recorded = yield* JitRun.ingestVirtualAllotments(request)
        assert.strictEqual(
          recorded.message,
          "On call of VA API: Response is received and updated successfully",
        )
        yield* TestClock.adjust("1 days")
        yield* JitRun.ingestVirtualAllotments(request)
        assert.strictEqual((yield* register.transactions(tenantId, {})).length, 1)
        const calls = (yield* script.calls).map(
          (call) => (call.request as Payments.JitService.VirtualAllotmentRequest).fromDateTime,
        )
        assert.deepStrictEqual(calls, [
          "2024-04-01 00:00:00",
          "2024-04-01 00:00:00",
          "2024-04-01 00:00:00",
          "2024-06-10 22:00:00",
        ])
        assert.deepStrictEqual<unknown>((yield* script.calls)[0]?.request, {
          headOfAccount: scHead,
          fromDateTime: "2024-04-01 00:00:00",
          ddoCode: "OLSHUD001",
          granteeCode: "GOHUDULBMPL0036",
        })
      }).pipe(Effect.provide(layer)),
  )
})
