/**
 * The common bill model (BILL-1), its invariants (BILL-2) checked on every
 * bill and on decode, department deductions (BILL-3), the amount billed on a
 * work order, and the module's error registry.
 */
import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Bills, Errors, Money } from "@karya/core"
import { billArbitrary, billDepartmentOfHead, sampleBill } from "@karya/core/testing"
import { Effect, Exit, Schema } from "effect"
import { amount, cbo, now, tenantId, text, wageSeekers } from "./BillsFixtures.js"

const { Bill } = Bills

const billId = "0f8fad5b-d9cb-469f-a165-70867728950e" as Parameters<typeof sampleBill>[0]["id"]

const sound = (overrides: Partial<Parameters<typeof sampleBill>[0]> = {}) =>
  sampleBill({
    id: billId,
    tenantId,
    workOrderId: "wo-ia",
    type: "wage",
    state: "APPROVED",
    sourceDocuments: [{ kind: "musterRoll", id: "mr-1", number: "MR/2024-25/000030" }],
    payees: [wageSeekers[0], wageSeekers[1]],
    grossAmount: amount("1917"),
    deductionAmount: amount("19"),
    ...overrides,
  })

const decodeBill = Schema.decodeUnknownExit(Bill.Bill)
const encodeBill = Schema.encodeSync(Bill.Bill)

describe("Bill", () => {
  it("BILL-1: a bill has a number, type, date, work order, period, payer, details with payees and lines", () => {
    const bill = sound()
    assert.deepStrictEqual(Bill.BillType.literals, [
      "wage",
      "purchase",
      "supervision",
      "contractorRunning",
      "contractorFinal",
      "advance",
    ])
    assert.strictEqual(bill.payer, tenantId)
    assert.strictEqual(bill.details.length, 2)
    assert.deepStrictEqual(
      bill.details[0].lines.map((line) => [line.kind, line.headCode]),
      [
        ["payable", "WEG"],
        ["deduction", "LC"],
      ],
    )
    assert.deepStrictEqual(Bill.invariantBreaks(bill), [])
    const encoded = encodeBill(bill)
    assert.strictEqual(encoded.grossAmount, "3834")
    const decoded = decodeBill(encoded)
    assert.isTrue(Exit.isSuccess(decoded) && decoded.value.number === bill.number)
  })

  it("BILL-1: each type of bill is numbered in its series (ID-2)", () => {
    const { seriesOf } = Bills.BillSubmission
    assert.deepStrictEqual(
      Bill.BillType.literals.map((type) => [type, seriesOf(type)]),
      [
        ["wage", "wageBill"],
        ["purchase", "purchaseBill"],
        ["supervision", "supervisionBill"],
        ["contractorRunning", "purchaseBill"],
        ["contractorFinal", "purchaseBill"],
        ["advance", "purchaseBill"],
      ],
    )
    assert.deepStrictEqual(Bill.BillType.literals.map(Bills.BillWorkflow.workflowCodeOf), [
      "bill",
      "purchase-bill",
      "bill",
      "purchase-bill",
      "purchase-bill",
      "purchase-bill",
    ])
  })

  it("BILL-2: each broken invariant is named, the decoder refuses the bill and the assertion stops the code", () => {
    const bill = sound()
    const [first, second] = bill.details
    if (second === undefined) throw new Error("the fixture has two details")
    const cases: ReadonlyArray<readonly [string, Bills.Bill.Bill]> = [
      [
        "details[0]: gross equals the sum of the payable lines",
        {
          ...bill,
          details: [{ ...first, grossAmount: amount("1918"), netAmount: amount("1899") }, second],
          grossAmount: amount("3835"),
          netAmount: amount("3778"),
        },
      ],
      [
        "details[0]: gross equals net payable plus the deductions",
        { ...bill, details: [{ ...first, netAmount: amount("1917") }, second], netAmount: amount("3815") },
      ],
      ["the bill total equals the sum of the details' gross", { ...bill, grossAmount: amount("3833") }],
      ["the bill net equals the sum of the details' net", { ...bill, netAmount: amount("1") }],
      ["one detail per payee", { ...bill, details: [first, first] }],
      [
        "each source document is listed once",
        { ...bill, sourceDocuments: [...bill.sourceDocuments, ...bill.sourceDocuments] },
      ],
      [
        "the period ends on or after its start",
        { ...bill, period: { startDate: bill.period.endDate, endDate: bill.period.startDate } },
      ],
    ]
    for (const [broken, candidate] of cases) {
      assert.include(Bill.invariantBreaks(candidate), broken)
      assert.throws(() => Bill.assertInvariants(candidate), /BILL-2/)
    }
    assert.isTrue(Exit.isFailure(decodeBill({ ...encodeBill(bill), grossAmount: "3833" })))
    assert.throws(() => encodeBill({ ...bill, grossAmount: amount("3833") }), /BILL-2/)
    const overDeducted = {
      ...bill,
      details: [
        {
          ...first,
          lines: [
            first.lines[0],
            { ...(first.lines[1] as Bills.Bill.DeductionLine), amount: amount("2000") },
          ] as const,
          netAmount: amount("0"),
        },
        second,
      ] as const,
    }
    assert.include(Bill.invariantBreaks(overDeducted), "details[0]: the deductions are at most the gross")
    const negative = { ...bill, grossAmount: amount("0").minus(1) as Bills.Bill.Bill["grossAmount"] }
    assert.include(Bill.invariantBreaks(negative), "the bill's totals are at least 0")
  })

  it.effect(
    "BILL-2: the repository refuses to store a bill that breaks an invariant (a defect, not a typed error)",
    () =>
      Effect.gen(function* () {
        const repository = yield* Bills.BillRepository.BillRepository
        const exit = yield* Effect.exit(
          repository.insert({ aggregate: { ...sound(), netAmount: amount("1") } }),
        )
        assert.isTrue(Exit.isFailure(exit) && exit.cause.reasons.some((reason) => reason._tag === "Die"))
      }).pipe(Effect.provide(Bills.BillRepository.layerMemory)),
  )

  test.prop([billArbitrary({ tenantId })])(
    "BILL-2: random bills of every type: gross = net + deductions per detail, totals add up, nothing negative, and they survive encode/decode",
    (bill) => {
      assert.deepStrictEqual(Bill.invariantBreaks(bill), [])
      for (const detail of bill.details) {
        const withheld = Bill.withheldAmount(detail)
        assert.isTrue(detail.grossAmount.equals(detail.netAmount.plus(withheld)))
        assert.isFalse(withheld.greaterThan(detail.grossAmount))
        assert.isTrue(detail.lines.every((line) => line.amount.greaterThanOrEqualTo(0)))
      }
      assert.isTrue(bill.grossAmount.greaterThanOrEqualTo(bill.netAmount))
      const decoded = decodeBill(encodeBill(bill))
      assert.isTrue(Exit.isSuccess(decoded))
      if (Exit.isSuccess(decoded)) assert.deepStrictEqual(encodeBill(decoded.value), encodeBill(bill))
    },
  )

  test.prop([fc.array(billArbitrary({ tenantId }), { maxLength: 6 })])(
    "BILL-2: the amount billed on an order is Σ gross of its active bills less the advance recovered",
    (bills) => {
      const active = bills.filter((bill) => bill.workOrderId === "wo-1" && !Bill.isRejected(bill))
      const gross = Money.Amount.sum(active.map((bill) => bill.grossAmount))
      const recovered = Money.Amount.sum(active.map(Bill.advanceAdjustedAmount))
      assert.isTrue(Bill.billedOnWorkOrder(bills, "wo-1").equals(gross.minus(recovered)))
    },
  )

  it("BILL-3: deductions are gathered per head and department for the payment instruction", () => {
    const bill = sound({ payees: [wageSeekers[0], wageSeekers[1], cbo] })
    const deductions = Bill.departmentDeductions(bill)
    assert.deepStrictEqual(
      deductions.map((deduction) => [deduction.headCode, deduction.department.id, text(deduction.amount)]),
      [["LC", billDepartmentOfHead("LC").id, "57"]],
    )
    const approved = Bills.BillApproved.fromBill(bill, now)
    assert.deepStrictEqual(approved.departmentDeductions, deductions)
    assert.throws(() =>
      Bills.BillApproved.fromBill(sound({ type: "purchase", state: "REJECTED" }), approved.approvedAt),
    )
  })

  it("ERR-1: every bills error class is named after its code, and the codes are unique", () => {
    const codes = Bills.errorClasses.map((errorClass) => errorClass.code)
    assert.strictEqual(new Set(codes).size, codes.length)
    for (const errorClass of Bills.errorClasses) {
      assert.strictEqual(Errors.DomainError.codeOfClassName(errorClass.name), errorClass.code)
    }
    assert.includeMembers(codes, [
      "BILL_EXCEEDS_CONTRACT",
      "DUPLICATE_BILL",
      "MUSTER_ROLL_ZERO_AMOUNT",
      "PURCHASE_NET_NOT_POSITIVE",
      "MATERIAL_NOT_UTILIZED",
    ])
  })
})
