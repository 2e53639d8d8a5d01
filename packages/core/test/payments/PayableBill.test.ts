/**
 * The approved bill as payments reads it (BILL-4 → PI-1, PI-2): the
 * `PayableBill` view derived from a bill of the bills module, and the PI
 * raised from an approval with public exports only.
 */
import { assert, describe, it } from "@effect/vitest"
import { Bills, Config, Ids, Money, Payments } from "@karya/core"
import { billDepartmentOfHead, paymentsMemoryLayer, sampleBill } from "@karya/core/testing"
import { Effect, Layer, Result } from "effect"
import {
  amount,
  approver,
  cbo,
  creator,
  date,
  department,
  inBills,
  layerOf,
  musterRoll,
  proprietor,
  system,
  tenantId,
  unskilled,
  verifier,
  wageSeekers,
} from "../bills/BillsFixtures.js"

const { PayableBill, PayeeAccounts, PaymentInstructionIssue } = Payments
const text = Money.Amount.toCanonicalString

const accountOf = (
  payee: Bills.Bill.Payee,
  index: number,
  tenant: Config.TenantId.TenantId = tenantId,
): Payments.PayeeAccounts.RegisteredAccount => ({
  tenantId: tenant,
  account: {
    payeeId: payee.id,
    kind: payee.kind,
    name: payee.name,
    bankAccount: {
      accountNumber: `1000000000${index}`,
      ifsc: "SBIN0000041",
      accountType: payee.kind === "individual" ? "Saving" : "Current",
    },
    mobile: payee.kind === "individual" ? `987654321${index}` : "",
    address: "Ward 3, Dhenkanal",
  },
})

const fixtureDepartment = billDepartmentOfHead("LC")

// The welfare board's account is held in the state tenant and serves every ULB (TEN-1).
const accounts = [
  ...[...wageSeekers, cbo, proprietor].map((payee, index) => accountOf(payee, index)),
  accountOf(department("LC"), 8, Config.TenantId.makeUnsafe("od")),
  ...["ITTDS", "GSTTDS"].map((head, index) => accountOf(department(head), 20 + index)),
  accountOf(fixtureDepartment, 30),
]

const layer = Layer.mergeAll(layerOf(), paymentsMemoryLayer, PayeeAccounts.layerMemory(accounts))

const inPayments = <A, E, R>(body: Effect.Effect<A, E, R>) => inBills()(body).pipe(Effect.provide(layer))

const fixtureBill = (state: "APPROVED" | "PENDING_FOR_VERIFICATION" | "REJECTED") =>
  sampleBill({
    id: Ids.EntityId.makeUnsafe("6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b"),
    tenantId,
    workOrderId: "wo-ia",
    type: "purchase",
    state,
    sourceDocuments: [],
    payees: [proprietor],
    grossAmount: amount("11800"),
    deductionAmount: amount("118"),
  })

describe("PayableBill", () => {
  it("BILL-4: a bill that is not approved is refused with BILL_NOT_APPROVED, naming its state", () => {
    for (const state of ["PENDING_FOR_VERIFICATION", "REJECTED"] as const) {
      const refused = PayableBill.fromApprovedBill({
        bill: fixtureBill(state),
        workOrderNumber: "WO/2024-25/wo-ia",
        accounts: accounts.map((entry) => entry.account),
      })
      const error = Result.isFailure(refused) ? refused.failure : undefined
      assert.strictEqual(error?._tag, "BillNotApproved")
      if (error?._tag === "BillNotApproved") {
        assert.strictEqual(error.code, "BILL_NOT_APPROVED")
        assert.strictEqual(error.state, state)
      }
    }
  })

  it("PI-2: payee details pay their net, each deduction head pays its department once; the total is the bill's gross", () => {
    const bill = fixtureBill("APPROVED")
    const payable = Result.getOrThrow(
      PayableBill.fromApprovedBill({
        bill,
        workOrderNumber: "WO/2024-25/wo-ia",
        accounts: accounts.map((entry) => entry.account),
      }),
    )
    assert.deepStrictEqual(
      payable.details.map((detail) => [detail.payee.payeeId, text(detail.amount), detail.deductionHead]),
      [
        [proprietor.id, "11682", undefined],
        [fixtureDepartment.id, "118", "LC"],
      ],
    )
    assert.strictEqual(text(payable.totalAmount), "11800")
    assert.strictEqual(payable.billType, bill.type)
    assert.deepStrictEqual(
      payable.details.map((detail) => detail.purpose),
      [bill.number, bill.number],
    )
  })

  it("PI-2: payees without an account are named together in PAYEE_ACCOUNT_MISSING", () => {
    const refused = PayableBill.fromApprovedBill({
      bill: fixtureBill("APPROVED"),
      workOrderNumber: "WO/2024-25/wo-ia",
      accounts: [],
    })
    const error = Result.isFailure(refused) ? refused.failure : undefined
    assert.strictEqual(error?._tag, "PayeeAccountMissing")
    if (error?._tag === "PayeeAccountMissing") {
      assert.strictEqual(error.code, "PAYEE_ACCOUNT_MISSING")
      assert.deepStrictEqual(error.payeeIds, [proprietor.id, fixtureDepartment.id])
    }
  })

  it.effect(
    "BILL-4: a generated wage bill is approved on creation and its approval raises the PI of its wage seekers and the welfare board",
    () =>
      inPayments(
        Effect.gen(function* () {
          const outcome = yield* Bills.WageBill.generate({
            tenantId,
            actor: system,
            source: musterRoll([
              ["ws-1", unskilled, "5.5"],
              ["ws-2", unskilled, "2"],
            ]),
          })
          const [approved] = outcome.events
          assert.isDefined(approved)
          const pi = yield* PaymentInstructionIssue.createFromApprovedBill({ bill: approved.bill })
          assert.strictEqual(pi.bill.billNumber, outcome.bill.number)
          assert.strictEqual(pi.bill.workOrderNumber, "WO/2024-25/wo-ia")
          assert.strictEqual(text(pi.header.grossAmount), text(outcome.bill.grossAmount))
          assert.deepStrictEqual(
            pi.beneficiaries.map((beneficiary) => [beneficiary.payeeKind, text(beneficiary.amount)]),
            [
              ["individual", "1898"],
              ["individual", "690"],
              ["department", "26"],
            ],
          )
          assert.deepStrictEqual(
            pi.beneficiaries.map((beneficiary) => beneficiary.purpose),
            ["MR/2024-25/000030", "MR/2024-25/000030", "MR/2024-25/000030"],
          )
          const again = yield* Effect.flip(
            PaymentInstructionIssue.createFromApprovedBill({ bill: approved.bill }),
          )
          assert.strictEqual(again.code, "PI_EXISTS")
        }),
      ),
  )

  it.effect(
    "BILL-4: a purchase bill raises no PI until WF-PB approves it; the approving action's event raises it",
    () =>
      inPayments(
        Effect.gen(function* () {
          const raised = yield* Bills.PurchaseBill.raise({
            tenantId,
            actor: creator,
            content: {
              workOrderId: "wo-ia",
              vendorId: proprietor.id,
              invoice: { number: "INV-204", date: date("2024-06-05") },
              materialCostAmount: amount("10000"),
              gstAmount: amount("1800"),
              deductions: [],
            },
          })
          const early = yield* Effect.flip(
            PaymentInstructionIssue.createFromApprovedBill({ bill: raised.bill }),
          )
          assert.strictEqual(early.code, "BILL_NOT_APPROVED")
          const act = (bill: Bills.Bill.Bill, action: string, actor: typeof verifier) =>
            Bills.BillWorkflow.takeAction({
              tenantId,
              billId: bill.id,
              action,
              actor,
              version: bill.version,
            })
          const verified = yield* act(raised.bill, "VERIFY_AND_FORWARD", verifier)
          const approvedOutcome = yield* act(verified.bill, "APPROVE", approver)
          const [approved] = approvedOutcome.events
          assert.isDefined(approved)
          const pi = yield* PaymentInstructionIssue.createFromApprovedBill({
            bill: approved.bill,
            actor: approver.userId,
          })
          assert.deepStrictEqual(
            pi.beneficiaries.map((beneficiary) => [beneficiary.payeeKind, text(beneficiary.amount)]),
            [
              ["organisation", "11328"],
              ["department", "118"],
              ["department", "118"],
              ["department", "236"],
            ],
          )
          assert.strictEqual(text(pi.header.grossAmount), "11800")
        }),
      ),
  )
})
