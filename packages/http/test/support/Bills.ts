/**
 * A wage bill as `POST /v1/bills` takes it, and fund seeding for pushes.
 */
import { Config, Payments, type Persistence } from "@karya/core"
import { jitReplies, ScriptedJitCalls } from "@karya/core/testing"
import { DateTime, Effect } from "effect"
import { settings, tenantId } from "./Harness.js"

export const sampleBill = (billId = "bill-0001", billNumber = "WB/2024-25/000001") => ({
  billId,
  billNumber,
  billType: "wage",
  workOrderNumber: "WO/2024-25/000001",
  billDate: "2024-06-09",
  totalAmount: "2150",
  details: [
    {
      lineId: "line-1",
      payee: {
        payeeId: "WS-1",
        kind: "individual",
        name: "Sabita Nayak",
        bankAccount: { accountNumber: "123456787621", ifsc: "ICIC0001247", accountType: "Saving" },
        mobile: "9437012345",
        address: "Ward 1",
      },
      amount: "1200",
      purpose: "MR/2024-25/000001",
    },
    {
      lineId: "line-2",
      payee: {
        payeeId: "WS-2",
        kind: "individual",
        name: "Ramesh Nayak",
        bankAccount: { accountNumber: "223456789012", ifsc: "SBIN0001234", accountType: "Saving" },
        mobile: "9437012346",
        address: "Ward 1",
      },
      amount: "900",
      purpose: "MR/2024-25/000001",
    },
    {
      lineId: "line-cess",
      payee: {
        payeeId: "DEPT-LC",
        kind: "department",
        name: "Odisha Building Welfare Board",
        bankAccount: { accountNumber: "99887766554433", ifsc: "UTIB0000123", accountType: "Current" },
        mobile: "",
        address: "Bhubaneswar",
      },
      amount: "50",
      purpose: "Labour cess",
      deductionHead: "LC",
    },
  ],
})

export const headOfAccount = settings.headsOfAccountOrder[0].code

/** Records an initial allotment of `amount` in the first head of account. */
export const allot = (
  amount: string,
): Effect.Effect<
  void,
  Persistence.StoreUnavailable.StoreUnavailable | Persistence.UnitOfWork.UnitOfWorkUnavailable,
  | Payments.SanctionRepository.SanctionRepository
  | Payments.RegisterTransactionRepository.RegisterTransactionRepository
  | Payments.SanctionBalanceRepository.SanctionBalanceRepository
  | Persistence.UnitOfWork.UnitOfWork
> =>
  Effect.gen(function* () {
    const register = Payments.FundRegisterBook
    const tenant = Config.TenantId.makeUnsafe(tenantId)
    const ingestion = Payments.FundRegister.ingest({
      tenantId: tenant,
      headOfAccount,
      rows: [
        jitReplies.allotment({
          sanctionId: "920",
          ssuAllotmentId: "937",
          allotmentSerialNumber: "1",
          kind: "initialAllotment",
          amount,
          allotmentDate: "2024-06-01",
        }),
      ],
      existing: [],
      sanctions: [],
      at: DateTime.makeUnsafe("2024-06-01T05:00:00Z"),
    })
    yield* register.addSanctions(tenant, ingestion.sanctions)
    yield* register.append(tenant, ingestion.transactions)
  })

/** Queues JIT replies for the next calls. */
export const enqueue = (script: Parameters<ScriptedJitCalls["Service"]["enqueue"]>[0]) =>
  ScriptedJitCalls.use((calls) => calls.enqueue(script))
