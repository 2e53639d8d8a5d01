/**
 * Contractor running and final bills (BILL-C-1) and advance bills
 * (BILL-C-2): measured work billed once, configured deductions, retention and
 * advance adjustment within their limits, the final bill's milestones, and
 * the advance counted once against the contract (BILL-2), by example and by
 * properties.
 */
import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Bills } from "@karya/core"
import { Effect, Exit } from "effect"
import {
  allBills,
  amount,
  approver,
  creator,
  date,
  inBills,
  refusedUnchanged,
  runExit,
  tenantId,
  text,
  verifier,
} from "./BillsFixtures.js"

const { AdvanceBill, BillWorkflow, ContractorBill } = Bills

const entry = (
  entryId: string,
  period: readonly [string, string],
  entryAmount: string,
  workOrderId = "wo-ia",
): Bills.MeasurementEntries.ApprovedEntry => ({
  tenantId,
  workOrderId,
  entryId,
  entryNumber: `MB/2024-25/000091/${entryId}`,
  period: { startDate: date(period[0]), endDate: date(period[1]) },
  amount: amount(entryAmount),
})

const measurementEntries = [
  entry("01", ["2024-05-01", "2024-05-07"], "100000.40"),
  entry("02", ["2024-05-08", "2024-05-14"], "50000"),
  entry("03", ["2024-06-01", "2024-06-07"], "30000"),
  entry("04", ["2024-05-01", "2024-05-07"], "1000", "wo-milestones"),
]

const inContracts = inBills({ measurementEntries })

const running = (overrides: Partial<Bills.ContractorBill.ContractorBillContent> = {}) =>
  ContractorBill.raise({
    tenantId,
    actor: creator,
    content: {
      workOrderId: "wo-ia",
      kind: "running",
      upTo: date("2024-05-31"),
      deductions: [],
      retentionAmount: amount("0"),
      advanceAdjustmentAmount: amount("0"),
      ...overrides,
    },
  })

const advance = (advanceAmount: string, workOrderId = "wo-ia") =>
  AdvanceBill.raise({
    tenantId,
    actor: creator,
    content: { workOrderId, amount: amount(advanceAmount) },
  })

const approve = (bill: Bills.Bill.Bill) =>
  Effect.gen(function* () {
    const verified = yield* BillWorkflow.takeAction({
      tenantId,
      billId: bill.id,
      action: "VERIFY_AND_FORWARD",
      actor: verifier,
      version: bill.version,
    })
    return yield* BillWorkflow.takeAction({
      tenantId,
      billId: bill.id,
      action: "APPROVE",
      actor: approver,
      version: verified.bill.version,
    })
  })

const problemsOf = (error: { readonly _tag: string }) =>
  error._tag === "ValidationFailed"
    ? (
        error as Bills.ContractorBill.ContractorBillError & { readonly _tag: "ValidationFailed" }
      ).problems.map((problem) => [problem.field, problem.code])
    : error._tag

describe("ContractorBill", () => {
  it.effect(
    "BILL-C-1: a running bill pays the approved, unbilled entries up to the date, less deductions and retention",
    () =>
      inContracts(
        Effect.gen(function* () {
          const { bill, events } = yield* running({ retentionAmount: amount("10000") })
          assert.strictEqual(bill.type, "contractorRunning")
          assert.strictEqual(bill.number, "PB/2024-25/000001")
          assert.strictEqual(bill.workflow.state, "PENDING_FOR_VERIFICATION")
          assert.deepStrictEqual(events, [])
          assert.deepStrictEqual(
            bill.details[0].lines.map((line) => `${line.kind} ${line.headCode} ${text(line.amount)}`),
            [
              "payable WRK 100000",
              "payable WRK 50000",
              "deduction LC 1500",
              "deduction ITTDSOTI 3000",
              "deduction GSTTDS 3000",
              "recovery RM 10000",
            ],
          )
          assert.strictEqual(text(bill.grossAmount), "150000")
          assert.strictEqual(text(bill.netAmount), "132500")
          assert.deepStrictEqual(bill.period, { startDate: "2024-05-01", endDate: "2024-05-14" })
          assert.deepStrictEqual(
            bill.sourceDocuments.map((document) => [document.kind, document.id]),
            [
              ["measurementEntry", "01"],
              ["measurementEntry", "02"],
            ],
          )
          const next = yield* running({ upTo: date("2024-06-30") })
          assert.deepStrictEqual(
            next.bill.sourceDocuments.map((document) => document.id),
            ["03"],
          )
          const { error, before, after } = yield* refusedUnchanged(running({ upTo: date("2024-06-30") }))
          assert.deepStrictEqual(problemsOf(error), [["upTo", "NO_MEASUREMENTS_TO_BILL"]])
          assert.deepStrictEqual(after, before)
        }),
      ),
  )

  it.effect(
    "BILL-C-1: retention, advance adjustment and net are bounded, every problem reported together",
    () =>
      inContracts(
        Effect.gen(function* () {
          const { error, after } = yield* refusedUnchanged(
            running({
              deductions: [{ headCode: "ROM", amount: amount("140000") }],
              retentionAmount: amount("5000.5"),
              advanceAdjustmentAmount: amount("1"),
            }),
          )
          assert.deepStrictEqual(problemsOf(error), [
            ["retentionAmount", "BILL_AMOUNT_PLACES_EXCEEDED"],
            ["retentionAmount", "RETENTION_EXCEEDS_AVAILABLE"],
            ["advanceAdjustmentAmount", "ADVANCE_ADJUSTMENT_EXCEEDS_OUTSTANDING"],
            ["", "CONTRACTOR_NET_NEGATIVE"],
          ])
          assert.deepStrictEqual(after, [])
          const exact = yield* running({ retentionAmount: amount("142500") })
          assert.strictEqual(text(exact.bill.netAmount), "0")
        }),
      ),
  )

  it.effect("BILL-C-1: a final bill needs every milestone complete (FINAL_BILL_MILESTONES_INCOMPLETE)", () =>
    inContracts(
      Effect.gen(function* () {
        const { error, after } = yield* refusedUnchanged(
          running({ workOrderId: "wo-milestones", kind: "final" }),
        )
        assert.strictEqual(error.code, "FINAL_BILL_MILESTONES_INCOMPLETE")
        assert.include(error.message, "WO/2024-25/wo-milestones")
        assert.deepStrictEqual(after, [])
        const runningBill = yield* running({ workOrderId: "wo-milestones" })
        assert.strictEqual(text(runningBill.bill.grossAmount), "1000")
        const final = yield* running({ kind: "final", upTo: date("2024-06-30") })
        assert.strictEqual(final.bill.type, "contractorFinal")
        assert.strictEqual(final.bill.details[0].payee.id, "org-cbo")
      }),
    ),
  )

  it.effect("BILL-C-2: an advance is paid before work and recovered through later adjustments", () =>
    inContracts(
      Effect.gen(function* () {
        const raised = yield* advance("20000")
        assert.strictEqual(raised.bill.type, "advance")
        assert.deepStrictEqual(raised.bill.sourceDocuments, [])
        assert.deepStrictEqual(raised.bill.period, { startDate: "2024-06-10", endDate: "2024-06-10" })
        assert.strictEqual(text(ContractorBill.advanceOutstanding(yield* allBills, "wo-ia")), "0")
        const approved = yield* approve(raised.bill)
        assert.strictEqual(approved.events[0]?.bill.type, "advance")
        assert.strictEqual(text(ContractorBill.advanceOutstanding(yield* allBills, "wo-ia")), "20000")
        const tooMuch = yield* refusedUnchanged(running({ advanceAdjustmentAmount: amount("20001") }))
        assert.deepStrictEqual(problemsOf(tooMuch.error), [
          ["advanceAdjustmentAmount", "ADVANCE_ADJUSTMENT_EXCEEDS_OUTSTANDING"],
        ])
        assert.deepStrictEqual(tooMuch.after, tooMuch.before)
        const recovering = yield* running({ advanceAdjustmentAmount: amount("5000") })
        assert.strictEqual(text(recovering.bill.netAmount), "137500")
        const bills = yield* allBills
        assert.strictEqual(text(ContractorBill.advanceOutstanding(bills, "wo-ia")), "15000")
        assert.strictEqual(text(Bills.Bill.billedOnWorkOrder(bills, "wo-ia")), "165000")
      }),
    ),
  )

  it.effect(
    "BILL-C-2: an advance of ₹0 or with paise is refused; one above the contract is BILL_EXCEEDS_CONTRACT",
    () =>
      inContracts(
        Effect.gen(function* () {
          const zero = yield* Effect.flip(advance("0"))
          assert.deepStrictEqual(problemsOf(zero), [["amount", "ADVANCE_AMOUNT_ZERO"]])
          const paise = yield* Effect.flip(advance("10.25"))
          assert.deepStrictEqual(problemsOf(paise), [["amount", "BILL_AMOUNT_PLACES_EXCEEDED"]])
          const { error, after } = yield* refusedUnchanged(advance("3001", "wo-small"))
          assert.strictEqual(error.code, "BILL_EXCEEDS_CONTRACT")
          assert.deepStrictEqual(after, [])
          const unknown = yield* Effect.flip(advance("100", "wo-none"))
          assert.strictEqual(unknown.code, "WORK_ORDER_TERMS_NOT_FOUND")
        }),
      ),
  )

  test.prop([
    fc.array(
      fc.oneof(
        fc.record({
          kind: fc.constant("advance" as const),
          rupees: fc.integer({ min: 1, max: 400_000 }),
          approve: fc.boolean(),
        }),
        fc.record({
          kind: fc.constant("running" as const),
          upToDay: fc.integer({ min: 1, max: 30 }),
          retentionShare: fc.integer({ min: 0, max: 100 }),
          adjustment: fc.integer({ min: 0, max: 50_000 }),
        }),
      ),
      { maxLength: 6 },
    ),
  ])(
    "BILL-2 / BILL-C-1 / BILL-C-2: contractor and advance bills keep BILL-2, net ≥ 0 and the order within its amount",
    async (steps) => {
      const program = Effect.gen(function* () {
        for (const drawn of steps) {
          if (drawn.kind === "advance") {
            const raised = yield* Effect.exit(advance(String(drawn.rupees)))
            if (drawn.approve && Exit.isSuccess(raised)) yield* approve(raised.value.bill)
          } else {
            yield* Effect.exit(
              running({
                upTo: date(`2024-06-${String(drawn.upToDay).padStart(2, "0")}`),
                retentionAmount: amount(String(drawn.retentionShare * 1000)),
                advanceAdjustmentAmount: amount(String(drawn.adjustment)),
              }),
            )
          }
        }
        return yield* allBills
      })
      const exit = await runExit(inBills({ measurementEntries })(program))
      assert.isTrue(Exit.isSuccess(exit))
      if (!Exit.isSuccess(exit)) return
      const bills = exit.value
      for (const bill of bills) {
        assert.deepStrictEqual(Bills.Bill.invariantBreaks(bill), [])
        assert.isTrue(bill.details.every((detail) => detail.lines.every((line) => line.amount.isInteger())))
      }
      assert.isFalse(Bills.Bill.billedOnWorkOrder(bills, "wo-ia").greaterThan(amount("1000000")))
      assert.isTrue(ContractorBill.advanceOutstanding(bills, "wo-ia").greaterThanOrEqualTo(0))
      const entryIds = bills.flatMap((bill) =>
        bill.sourceDocuments
          .filter((document) => document.kind === "measurementEntry")
          .map((document) => document.id),
      )
      assert.strictEqual(new Set(entryIds).size, entryIds.length)
    },
  )
})
