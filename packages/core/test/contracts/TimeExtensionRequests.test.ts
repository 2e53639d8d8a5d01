import { assert, describe, it } from "@effect/vitest"
import { Contracts, Measurement, Time } from "@karya/core"
import {
  acceptWorkOrder,
  approveMeasurementEntry,
  type ContractsWorld,
  checkEffectProperty,
  contractsActors,
  contractsCbo,
  contractsConfiguration,
  contractsEstimate,
  contractsStory,
  contractsTenantId,
  plusMeasurementRow,
  recordMeasurementEntry,
  storedContractsState,
  workOrderContent,
} from "@karya/core/testing"
import { DateTime, Effect, Option } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"

const { TimeExtensionRequests, RevisionDecisions, WorkOrderRevision } = Contracts
const tenantId = contractsTenantId
const world: ContractsWorld = { estimates: [contractsEstimate], organisations: [contractsCbo] }
const story = contractsStory(world)
const setInstant = (iso: string) => TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(iso)))
const checklist = {
  assetisationRequestRaised: true,
  finalBillApproved: true,
  siteInspectionDone: true,
  siteHandoverDone: true,
}

const request = (
  workOrder: Contracts.WorkOrder.WorkOrder,
  extensionDays = 10,
  reason = "monsoon rains stopped work",
) =>
  TimeExtensionRequests.requestTimeExtension({
    tenantId,
    workOrderId: workOrder.workOrderId,
    extensionDays,
    reason,
    actor: contractsActors.cboAdmin,
  })
type Revision = Contracts.WorkOrderRevision.WorkOrderRevision
const decide = (revision: Revision, type: string, actor: typeof contractsActors.verifier, comment?: string) =>
  RevisionDecisions.takeRevisionAction({
    tenantId,
    revisionId: revision.revisionId,
    version: revision.version,
    type,
    actor,
    ...(comment === undefined ? {} : { comment }),
  })
const approve = (revision: Revision) =>
  Effect.flatMap(decide(revision, "VERIFY_AND_FORWARD", contractsActors.verifier), (verified) =>
    decide(verified, "APPROVE", contractsActors.approver),
  )
const edit = (revision: Revision, extensionDays: number) =>
  TimeExtensionRequests.editTimeExtension({
    tenantId,
    revisionId: revision.revisionId,
    version: revision.version,
    extensionDays,
    reason: "more rain",
    actor: contractsActors.cboAdmin,
  })
const refusedWithoutChange = <A, E extends { readonly code: string }, R>(attempt: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const before = yield* storedContractsState(tenantId)
    const error = yield* Effect.flip(attempt)
    assert.deepStrictEqual(yield* storedContractsState(tenantId), before, `${error.code} changed nothing`)
    return error.code
  })

describe("TimeExtensionRequests", () => {
  it.effect(
    "TE-2: a time extension is a revised order TE/… with the same organisation and start, ending end + days",
    () =>
      story(
        Effect.gen(function* () {
          const accepted = yield* acceptWorkOrder(workOrderContent({}))
          const revision = yield* request(accepted)
          assert.strictEqual(revision.number, "TE/2024-25/000001")
          assert.strictEqual(revision.workOrderId, accepted.workOrderId)
          assert.strictEqual(revision.workOrderNumber, accepted.number)
          assert.strictEqual(revision.organisationId, accepted.organisationId)
          assert.strictEqual(revision.startDate, accepted.startDate)
          assert.strictEqual(revision.workflow.state, "PENDING_FOR_VERIFICATION")
          assert.deepStrictEqual(revision.change, {
            kind: "timeExtension",
            baseEndDate: Time.LocalDate.makeUnsafe("2024-07-03"),
            extensionDays: 10,
            reason: "monsoon rains stopped work",
            revisedEndDate: Time.LocalDate.makeUnsafe("2024-07-13"),
          })
          const byOfficer = yield* Effect.flip(
            TimeExtensionRequests.requestTimeExtension({
              tenantId,
              workOrderId: accepted.workOrderId,
              extensionDays: 3,
              reason: "x",
              actor: contractsActors.verifier,
            }),
          )
          assert.strictEqual(byOfficer.code, "TE_IN_WORKFLOW")
        }),
      ),
  )

  it.effect(
    "TE-2: days are a whole number ≥ 1 and the reason is given in at most 250 characters, all reported at once",
    () =>
      story(
        Effect.gen(function* () {
          const accepted = yield* acceptWorkOrder(workOrderContent({}))
          const error = yield* Effect.flip(request(accepted, 0, "x".repeat(251)))
          assert.strictEqual(error.code, "VALIDATION_FAILED")
          if (error._tag === "ValidationFailed") {
            assert.deepStrictEqual(
              error.problems.map((problem) => problem.code),
              [TimeExtensionRequests.extensionDaysInvalidCode, TimeExtensionRequests.reasonTooLongCode],
            )
          }
          assert.deepStrictEqual(
            TimeExtensionRequests.extensionProblems({ extensionDays: 2.5, reason: " " }).map(
              (problem) => problem.code,
            ),
            [TimeExtensionRequests.extensionDaysInvalidCode, TimeExtensionRequests.reasonRequiredCode],
          )
          const atLimit = yield* request(accepted, 1, "x".repeat(WorkOrderRevision.reasonLengthMax))
          assert.strictEqual(atLimit.change.kind === "timeExtension" && atLimit.change.extensionDays, 1)
        }),
      ),
  )

  it.effect("TE-1: an order not accepted, or cancelled, cannot be extended (WORK_ORDER_NOT_ACCEPTED)", () =>
    story(
      Effect.gen(function* () {
        const created = yield* Contracts.WorkOrderIssue.createWorkOrder({
          tenantId,
          actor: contractsActors.creator,
          content: workOrderContent({ lineIds: ["es-1-board"] }),
        })
        assert.strictEqual(yield* refusedWithoutChange(request(created)), "WORK_ORDER_NOT_ACCEPTED")
        const accepted = yield* acceptWorkOrder(workOrderContent({ lineIds: ["es-1-earth"] }))
        const { workOrder } = yield* Contracts.WorkOrderCancellation.cancelWorkOrder({
          tenantId,
          workOrderId: accepted.workOrderId,
          version: accepted.version,
          actor: contractsActors.approver,
          reason: "stopped",
        })
        assert.strictEqual(yield* refusedWithoutChange(request(workOrder)), "WORK_ORDER_NOT_ACCEPTED")
      }),
    ),
  )

  it.effect("TE-1: no muster roll yet is TE_NO_MUSTER_ROLL", () =>
    contractsStory({ ...world, musterRolls: { known: [], otherwise: "noneCreated" } })(
      Effect.gen(function* () {
        const accepted = yield* acceptWorkOrder(workOrderContent({}))
        assert.strictEqual(yield* refusedWithoutChange(request(accepted)), "TE_NO_MUSTER_ROLL")
      }),
    ),
  )

  it.effect("TE-1: a first muster roll not yet submitted is TE_MUSTER_ROLL_PENDING", () =>
    contractsStory({
      ...world,
      musterRolls: {
        known: [{ tenantId, workOrderNumber: "WO/2024-25/000001", progress: "firstNotSubmitted" }],
        otherwise: "firstSubmitted",
      },
    })(
      Effect.gen(function* () {
        const accepted = yield* acceptWorkOrder(workOrderContent({}))
        assert.strictEqual(yield* refusedWithoutChange(request(accepted)), "TE_MUSTER_ROLL_PENDING")
      }),
    ),
  )

  it.effect("TE-1: a standing project closure request is TE_CLOSURE_EXISTS", () =>
    story(
      Effect.gen(function* () {
        const accepted = yield* acceptWorkOrder(workOrderContent({}))
        yield* Contracts.ProjectClosing.requestProjectClosure({
          tenantId,
          projectId: accepted.projectId,
          checklist,
          actor: contractsActors.creator,
        })
        assert.strictEqual(yield* refusedWithoutChange(request(accepted)), "TE_CLOSURE_EXISTS")
      }),
    ),
  )

  it.effect(
    "TE-1: one revision in the workflow at a time (TE_IN_WORKFLOW) and at most the tenant's limit (TE_LIMIT_REACHED)",
    () =>
      story(
        Effect.gen(function* () {
          let workOrder = yield* acceptWorkOrder(workOrderContent({}))
          const first = yield* request(workOrder, 5)
          assert.strictEqual(yield* refusedWithoutChange(request(workOrder)), "TE_IN_WORKFLOW")
          yield* approve(first)
          const rejected = yield* request(workOrder, 5)
          yield* decide(
            yield* decide(rejected, "VERIFY_AND_FORWARD", contractsActors.verifier),
            "REJECT",
            contractsActors.approver,
            "not needed",
          )
          yield* approve(yield* request(workOrder, 5))
          assert.strictEqual(contractsConfiguration.revisionLimits.timeExtensionsMax, 2)
          workOrder = yield* Contracts.WorkOrderRepository.getWorkOrder(workOrder)
          assert.strictEqual(workOrder.endDate, "2024-07-13")
          assert.strictEqual(yield* refusedWithoutChange(request(workOrder)), "TE_LIMIT_REACHED")
        }),
      ),
  )

  it.effect(
    "TE-3: while sent back the requester changes the days; the end date is recomputed from the original, never compounded",
    () =>
      story(
        Effect.gen(function* () {
          const accepted = yield* acceptWorkOrder(workOrderContent({}))
          const raised = yield* request(accepted, 10)
          const notYet = yield* Effect.flip(edit(raised, 4))
          assert.strictEqual(notYet.code, "WO_NOT_EDITABLE")
          let revision = yield* decide(raised, "SEND_BACK", contractsActors.verifier)
          revision = yield* edit(revision, 4)
          assert.strictEqual(
            String(revision.change.kind === "timeExtension" && revision.change.revisedEndDate),
            "2024-07-07",
          )
          revision = yield* decide(
            yield* decide(revision, "VERIFY_AND_FORWARD", contractsActors.verifier),
            "SEND_BACK_TO_CBO",
            contractsActors.approver,
          )
          revision = yield* edit(revision, 20)
          assert.strictEqual(
            String(revision.change.kind === "timeExtension" && revision.change.revisedEndDate),
            "2024-07-23",
          )
          assert.strictEqual(
            String(revision.change.kind === "timeExtension" && revision.change.baseEndDate),
            "2024-07-03",
          )
          const stale = yield* Effect.flip(edit(raised, 3))
          assert.strictEqual(stale.code, "STALE_VERSION")
        }),
      ),
  )

  it.effect(
    "TE-3: for any sequence of sent-back edits, the revised end date is the original end date + the last days asked (never compounded)",
    () =>
      checkEffectProperty(
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 4 }),
        (daysAsked) =>
          story(
            Effect.gen(function* () {
              const accepted = yield* acceptWorkOrder(workOrderContent({}))
              let revision = yield* request(accepted, 1)
              for (const days of daysAsked) {
                revision = yield* edit(yield* decide(revision, "SEND_BACK", contractsActors.verifier), days)
              }
              const approved = yield* approve(revision)
              const last = daysAsked.at(-1) ?? 1
              const expected = Time.LocalDate.addDays(Time.LocalDate.makeUnsafe("2024-07-03"), last)
              assert.strictEqual(
                String(approved.change.kind === "timeExtension" && approved.change.revisedEndDate),
                expected,
              )
              assert.strictEqual(
                (yield* Contracts.WorkOrderRepository.getWorkOrder(accepted)).endDate,
                expected,
              )
            }),
          ),
        { numRuns: 25 },
      ),
  )

  it.effect(
    "TE-4: approval moves the order's, register's and book's end dates; the extended period can be measured",
    () =>
      story(
        Effect.gen(function* () {
          const accepted = yield* acceptWorkOrder(workOrderContent({}))
          const book = yield* Measurement.MeasurementBookRepository.getBookOfWorkOrder(accepted)
          yield* setInstant("2024-07-08T05:30:00Z")
          const early = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-30",
            lines: [{ lineId: "es-1-earth", rows: [plusMeasurementRow("1")] }],
          })
          yield* approveMeasurementEntry(early)
          const tooLate = yield* Effect.flip(
            recordMeasurementEntry({
              bookId: book.bookId,
              periodEnd: "2024-07-07",
              lines: [{ lineId: "es-1-earth", rows: [plusMeasurementRow("1")] }],
            }),
          )
          assert.strictEqual(tooLate.code, "VALIDATION_FAILED")
          yield* approve(yield* request(accepted, 10))
          const extended = yield* Contracts.WorkOrderRepository.getWorkOrder(accepted)
          assert.deepStrictEqual([extended.startDate, extended.endDate], ["2024-06-03", "2024-07-13"])
          const register = yield* Contracts.AttendanceRegisters.AttendanceRegisters.use((registers) =>
            registers.registerOf(accepted),
          )
          assert.deepStrictEqual(
            Option.map(register, (known) => known.endDate),
            Option.some("2024-07-13"),
          )
          assert.strictEqual(
            (yield* Measurement.MeasurementBookRepository.getBook(book)).endDate,
            "2024-07-13",
          )
          const measured = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-07-07",
            lines: [{ lineId: "es-1-earth", rows: [plusMeasurementRow("1")] }],
          })
          assert.strictEqual(measured.periodStart, "2024-07-01")
        }),
      ),
  )

  it.effect(
    "TE-4: rejection changes nothing but the request's state, and approval of a cancelled order's extension is refused",
    () =>
      story(
        Effect.gen(function* () {
          const accepted = yield* acceptWorkOrder(workOrderContent({}))
          const raised = yield* request(accepted, 10)
          const verified = yield* decide(raised, "VERIFY_AND_FORWARD", contractsActors.verifier)
          const rejected = yield* decide(verified, "REJECT", contractsActors.approver, "not justified")
          assert.strictEqual(WorkOrderRevision.statusOf(rejected), "rejected")
          assert.strictEqual(
            (yield* Contracts.WorkOrderRepository.getWorkOrder(accepted)).endDate,
            "2024-07-03",
          )
          const again = yield* decide(
            yield* request(accepted, 5),
            "VERIFY_AND_FORWARD",
            contractsActors.verifier,
          )
          const current = yield* Contracts.WorkOrderRepository.getWorkOrder(accepted)
          yield* Contracts.WorkOrderCancellation.cancelWorkOrder({
            tenantId,
            workOrderId: current.workOrderId,
            version: current.version,
            actor: contractsActors.approver,
            reason: "abandoned",
          })
          assert.strictEqual(
            yield* refusedWithoutChange(decide(again, "APPROVE", contractsActors.approver)),
            "WORK_ORDER_NOT_ACCEPTED",
          )
        }),
      ),
  )
})
