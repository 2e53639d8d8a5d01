import { assert, describe, it } from "@effect/vitest"
import { Contracts, Errors, Estimates, Measurement } from "@karya/core"

// Every refusal 04-contracts-measurement.md names, with the module that owns it.
const specCodes = {
  contracts: [
    "ORG_NOT_ELIGIBLE",
    "LINE_IN_OTHER_CONTRACT",
    "CBO_ROLE_LOCKED",
    "COMPLETION_PERIOD_INVALID",
    "WO_NOT_EDITABLE",
    "MILESTONES_NOT_100",
    "TE_NO_MUSTER_ROLL",
    "TE_MUSTER_ROLL_PENDING",
    "TE_CLOSURE_EXISTS",
    "TE_IN_WORKFLOW",
    "TE_LIMIT_REACHED",
  ],
  // EST-7 and TE-5 share the code; one class per code, owned by the estimates module.
  estimates: ["QTY_BELOW_MEASURED"],
  measurement: ["MB_EXCEEDS_ESTIMATE", "MB_EMPTY", "MB_PREVIOUS_IN_WORKFLOW"],
} as const

describe("contracts and measurement error registries", () => {
  it("ERR-1: every spec code of WO-1..10, TE-1..5 and MB-1..9 has its class, named as the code in PascalCase", () => {
    const registered = {
      contracts: Contracts.errorClasses.map((errorClass) => errorClass.code as string),
      measurement: Measurement.errorClasses.map((errorClass) => errorClass.code as string),
      estimates: Estimates.errorClasses.map((errorClass) => errorClass.code as string),
    }
    for (const code of specCodes.contracts) assert.include(registered.contracts, code)
    for (const code of specCodes.measurement) assert.include(registered.measurement, code)
    for (const code of specCodes.estimates) assert.include(registered.estimates, code)
    for (const errorClass of [...Contracts.errorClasses, ...Measurement.errorClasses]) {
      assert.strictEqual(Errors.DomainError.codeOfClassName(errorClass.name), errorClass.code)
    }
    const all = [...registered.contracts, ...registered.measurement]
    assert.strictEqual(new Set(all).size, all.length)
  })

  it("ERR-1: the refusals carry their code, a clerk's message and are not retryable", () => {
    const samples = [
      new Contracts.CboRole.CboRoleLocked({ amount: "1500001", threshold: "1500000", requestedRole: "IA" }),
      new Contracts.WorkOrderIssue.CompletionPeriodInvalid({ completionPeriodDays: 0 }),
      new Contracts.WorkOrderIssue.WoNotEditable({ number: "WO/2024-25/000001", state: "ACCEPTED" }),
      new Contracts.TimeExtensionRequests.TeNoMusterRoll({ workOrderNumber: "WO/2024-25/000001" }),
      new Contracts.TimeExtensionRequests.TeMusterRollPending({ workOrderNumber: "WO/2024-25/000001" }),
      new Contracts.TimeExtensionRequests.TeClosureExists({
        workOrderNumber: "WO/2024-25/000001",
        projectId: "pj-1",
        closureId: "c",
      }),
      new Contracts.TimeExtensionRequests.TeInWorkflow({
        workOrderNumber: "WO/2024-25/000001",
        revisionNumber: "TE/2024-25/000001",
        state: "PENDING_FOR_APPROVAL",
      }),
      new Contracts.TimeExtensionRequests.TeLimitReached({
        workOrderNumber: "WO/2024-25/000001",
        timeExtensionsMax: 2,
      }),
      new Contracts.TimeExtensionRequests.WorkOrderNotAccepted({
        workOrderNumber: "WO/2024-25/000001",
        status: "closed",
      }),
      new Contracts.WorkOrderRepository.WorkOrderNotFound({ tenantId: "od.dhenkanal", workOrderId: "x" }),
      new Contracts.WorkOrderRevisionRepository.WorkOrderRevisionNotFound({
        tenantId: "od.dhenkanal",
        revisionId: "x",
      }),
      new Contracts.ApprovedEstimates.ApprovedEstimateNotFound({ tenantId: "od.dhenkanal", estimateId: "x" }),
      new Contracts.WorkOrderWorkflow.WorkOrderCancelled({ workOrderNumber: "WO/2024-25/000001" }),
      new Measurement.MeasurementRecording.MbPreviousInWorkflow({
        bookNumber: "MB/2024-25/000001",
        entryNumber: "MB/2024-25/000001/01",
        state: "DRAFTED",
      }),
      new Measurement.MeasurementRecording.MbNotEditable({
        entryNumber: "MB/2024-25/000001/01",
        state: "APPROVED",
      }),
      new Measurement.MeasurementEntry.MbEmpty({ bookNumber: "MB/2024-25/000001" }),
      new Measurement.MeasurementEntryRepository.MeasurementEntryNotFound({
        tenantId: "od.dhenkanal",
        entryId: "x",
      }),
      new Measurement.UtilizationStatement.UtilizationAnalysisMissing({
        entryNumber: "MB/2024-25/000001/01",
        sorCode: "SOR_000197",
        date: "2024-04-01",
      }),
      new Contracts.ProjectClosing.AcceptedOrdersPerProjectExceeded({ projectId: "pj-1", limit: 100 }),
      new Contracts.WorkOrderWorkflow.OverdueAcceptancesExceeded({ limit: 1_000 }),
      new Measurement.MeasurementEntryRepository.EntriesPerBookExceeded({
        bookNumber: "MB/2024-25/000001",
        limit: 1_000,
      }),
    ]
    for (const error of samples) {
      assert.isTrue(Errors.DomainError.isDomainError(error))
      assert.isFalse(error.retryable)
      assert.isAbove(error.message.length, 40)
    }
    assert.include(samples[3]?.message, "create the first muster roll")
    assert.include(
      samples[15]?.message,
      "The new entry of measurement book MB/2024-25/000001 measures nothing",
    )
  })
})
