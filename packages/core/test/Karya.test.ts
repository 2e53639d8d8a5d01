/**
 * Karya in one process (ARCH-3): one Layer runs the modules' use cases with
 * the ports between them wired, through the package's public exports only.
 */
import { assert, describe, it } from "@effect/vitest"
import { Bills, Config, Contracts, Ids, Karya, Money, Payments, Rates, Registries, Time } from "@karya/core"
import { sampleBoundaryRequests, sampleWageSeekerInput, sampleWorkOrder } from "@karya/core/testing"
import { DateTime, Effect, Redacted } from "effect"
import { TestClock } from "effect/testing"

const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const configuration = Config.TenantConfiguration.mukta({ tenantId, cityCode: "DK" })
const text = Money.Amount.toCanonicalString
const date = Time.LocalDate.makeUnsafe

const welfareBoard: Bills.Bill.Payee = {
  id: "dept-lc",
  kind: "department",
  name: "Odisha Building Welfare Board",
  deducteeType: "otherThanIndividual",
}

const layer = Karya.layerMemory({
  configurations: [configuration],
  secrets: { fieldKey: Redacted.make("test field key"), searchKey: Redacted.make("test search key") },
  labourSkillCodes: ["LAB_UNSKILLED"],
  aadhaarGateway: (request) => ({ ret: "y", uidToken: `token-${request.txn}` }),
  headDepartments: [{ tenantId, headCode: "LC", department: welfareBoard }],
  departmentAccounts: [
    {
      tenantId,
      account: {
        payeeId: welfareBoard.id,
        kind: "department",
        name: welfareBoard.name,
        bankAccount: { accountNumber: "30987654321", ifsc: "UBIN0561789", accountType: "Current" },
        mobile: "",
        address: "Bhubaneswar",
      },
    },
  ],
})

const registrar = { userId: "registrar", grants: [{ role: "WAGE_SEEKER_REGISTRAR", tenantId }] }

describe("Karya", () => {
  it.effect(
    "ARCH-3, BILL-4: with Karya.layerMemory alone, a registered wage seeker's wage bill is generated at the rates' daily wage and its approval raises the PI that pays her registered account",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T06:30:00Z")))
        yield* Effect.forEach(sampleBoundaryRequests(tenantId), Registries.BoundaryUseCases.addBoundary)
        const { wageSeeker } = yield* Registries.WageSeekerUseCases.registerWageSeeker({
          tenantId,
          actor: registrar,
          wageSeeker: sampleWageSeekerInput(),
        })
        const unskilled = yield* Rates.ScheduleOfRates.createSor({
          tenantId,
          input: {
            sorType: "L",
            unit: Rates.SorMasters.labourUnit,
            description: "Unskilled labour (mulia)",
            rateDefinedForQuantity: Money.Quantity.makeUnsafe("1"),
          },
        })
        yield* Rates.ScheduleOfRates.addRate({
          tenantId,
          sorId: unskilled.id,
          heads: [{ head: "LA", amount: Money.Amount.makeUnsafe("345") }],
          effectiveFrom: date("2024-04-01"),
        })
        // The work order the muster roll is for, as contracts stored it.
        const workOrder = {
          ...sampleWorkOrder({
            tenantId,
            workOrderId: Ids.EntityId.makeUnsafe("3f2b8c1e-5a6d-4e7f-8a9b-0c1d2e3f4a5b"),
            number: "WO/2024-25/000001",
            projectId: "pj-1",
            lineIds: ["l1"],
          }),
          amount: Money.Amount.makeUnsafe("100000"),
        }
        yield* Contracts.WorkOrderRepository.WorkOrderRepository.use((repository) =>
          repository.insert({ aggregate: workOrder }),
        )
        const outcome = yield* Bills.WageBill.generate({
          tenantId,
          actor: Bills.BillWorkflow.systemActor(tenantId),
          source: {
            tenantId,
            musterRollId: "mr-1",
            musterRollNumber: "MR/2024-25/000001",
            workOrderId: workOrder.workOrderId,
            period: { startDate: date("2024-06-03"), endDate: date("2024-06-09") },
            attendees: [
              {
                wageSeekerId: wageSeeker.id,
                skillCode: unskilled.code,
                effectiveAttendance: Money.Quantity.makeUnsafe("5.5"),
              },
            ],
          },
        })
        const [approved] = outcome.events
        assert.isDefined(approved)
        assert.strictEqual(
          text(outcome.bill.grossAmount),
          "1917",
          "5.5 days × ₹345 = 1897.50 → 1898 + cess 19",
        )
        const pi = yield* Payments.PaymentInstructionIssue.createFromApprovedBill({ bill: approved.bill })
        assert.strictEqual(pi.bill.workOrderNumber, "WO/2024-25/000001")
        assert.deepStrictEqual(
          pi.beneficiaries.map((beneficiary) => [
            beneficiary.payeeKind,
            beneficiary.name,
            beneficiary.bankAccount.accountNumber,
            beneficiary.bankAccount.accountType,
            text(beneficiary.amount),
          ]),
          [
            ["individual", "Sabita Nayak", "123456787621", "Saving", "1898"],
            ["department", "Odisha Building Welfare Board", "30987654321", "Current", "19"],
          ],
        )
      }).pipe(Effect.provide(layer)),
  )
})
