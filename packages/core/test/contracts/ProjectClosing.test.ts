import { assert, describe, it } from "@effect/vitest"
import { Contracts, Measurement } from "@karya/core"
import {
  acceptWorkOrder,
  contractsActors,
  contractsCbo,
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

const { ProjectClosing, ProjectClosure } = Contracts
const tenantId = contractsTenantId
const story = contractsStory({ estimates: [contractsEstimate], organisations: [contractsCbo] })
const done = {
  assetisationRequestRaised: true,
  finalBillApproved: true,
  siteInspectionDone: true,
  siteHandoverDone: true,
}
const raise = (checklist = done, actor = contractsActors.cboAdmin) =>
  ProjectClosing.requestProjectClosure({ tenantId, projectId: "pj-1", checklist, actor })
const decide = (
  closure: Contracts.ProjectClosure.ProjectClosure,
  type: string,
  actor: typeof contractsActors.verifier,
  comment?: string,
) =>
  ProjectClosing.takeClosureAction({
    tenantId,
    closureId: closure.closureId,
    version: closure.version,
    type,
    actor,
    ...(comment === undefined ? {} : { comment }),
  })

describe("ProjectClosing", () => {
  it.effect(
    "CLOSE-1: a closure needs every checklist item done and an accepted order; refusals change nothing",
    () =>
      story(
        Effect.gen(function* () {
          const none = yield* Effect.flip(
            raise({ ...done, siteHandoverDone: false, finalBillApproved: false }),
          )
          assert.strictEqual(none.code, "VALIDATION_FAILED")
          if (none._tag === "ValidationFailed") {
            assert.deepStrictEqual(
              none.problems.map((problem) => [problem.field, problem.code]),
              [
                ["checklist.finalBillApproved", ProjectClosure.checklistItemNotDoneCode],
                ["checklist.siteHandoverDone", ProjectClosure.checklistItemNotDoneCode],
                ["projectId", ProjectClosing.projectWithoutAcceptedOrderCode],
              ],
            )
          }
          yield* acceptWorkOrder(workOrderContent({}))
          const before = yield* storedContractsState(tenantId)
          const incomplete = yield* Effect.flip(raise({ ...done, siteInspectionDone: false }))
          assert.strictEqual(incomplete.code, "VALIDATION_FAILED")
          const wrongRole = yield* Effect.flip(raise(done, contractsActors.verifier))
          assert.strictEqual(wrongRole.code, "ROLE_NOT_ALLOWED")
          assert.deepStrictEqual(yield* storedContractsState(tenantId), before)
        }),
      ),
  )

  it.effect("CLOSE-1: approval closes the project's orders, books and registers: no new measurements", () =>
    story(
      Effect.gen(function* () {
        const accepted = yield* acceptWorkOrder(workOrderContent({}))
        const raised = yield* raise()
        assert.strictEqual(raised.workflow.state, "PENDING_FOR_VERIFICATION")
        assert.strictEqual((yield* Effect.flip(raise())).code, "PROJECT_CLOSURE_EXISTS")
        assert.isFalse(yield* ProjectClosing.isProjectClosed({ tenantId, projectId: "pj-1" }))
        const verified = yield* decide(raised, "VERIFY_AND_FORWARD", contractsActors.verifier)
        const approved = yield* decide(verified, "APPROVE", contractsActors.approver)
        assert.strictEqual(ProjectClosure.statusOf(approved), "approved")
        assert.isTrue(yield* ProjectClosing.isProjectClosed({ tenantId, projectId: "pj-1" }))
        const closed = yield* Contracts.WorkOrderRepository.getWorkOrder(accepted)
        assert.strictEqual(Contracts.WorkOrder.statusOf(closed), "closed")
        assert.strictEqual(closed.closure?.closureId, raised.closureId)
        const book = yield* Measurement.MeasurementBookRepository.getBookOfWorkOrder(accepted)
        assert.strictEqual(book.status, "closed")
        const register = yield* Contracts.AttendanceRegisters.AttendanceRegisters.use((registers) =>
          registers.registerOf(accepted),
        )
        assert.deepStrictEqual(
          Option.map(register, (known) => known.status),
          Option.some("closed"),
        )
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T05:30:00Z")))
        const refused = yield* Effect.flip(
          recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-09",
            lines: [{ lineId: "es-1-earth", rows: [plusMeasurementRow("1")] }],
          }),
        )
        assert.strictEqual(refused.code, "MEASUREMENT_BOOK_NOT_OPEN")
        assert.include(refused.message, "closed with its project")
        assert.strictEqual((yield* Effect.flip(raise())).code, "PROJECT_CLOSURE_EXISTS")
      }),
    ),
  )

  it.effect(
    "CLOSE-1: an approval closes acceptedOrdersPerProjectMax orders unless a test provides a limit",
    () =>
      Effect.gen(function* () {
        assert.strictEqual(
          yield* ProjectClosing.AcceptedOrdersPerProjectMax,
          ProjectClosing.acceptedOrdersPerProjectMax,
        )
      }),
  )

  // The tests provide a limit of one accepted order: accepting a hundred
  // through the use cases would take a hundred estimates' worth of lines.
  const approveWithLimit = (closure: Contracts.ProjectClosure.ProjectClosure) =>
    decide(closure, "APPROVE", contractsActors.approver).pipe(
      Effect.provideService(ProjectClosing.AcceptedOrdersPerProjectMax, 1),
    )

  it.effect(
    "CLOSE-1: an approval closes a project of exactly acceptedOrdersPerProjectMax accepted orders",
    () =>
      story(
        Effect.gen(function* () {
          const accepted = yield* acceptWorkOrder(workOrderContent({}))
          const verified = yield* decide(yield* raise(), "VERIFY_AND_FORWARD", contractsActors.verifier)
          const approved = yield* approveWithLimit(verified)
          assert.strictEqual(ProjectClosure.statusOf(approved), "approved")
          const closed = yield* Contracts.WorkOrderRepository.getWorkOrder(accepted)
          assert.strictEqual(Contracts.WorkOrder.statusOf(closed), "closed")
        }),
      ),
  )

  it.effect(
    "CLOSE-1: an approval of a project one accepted order past acceptedOrdersPerProjectMax is refused with ACCEPTED_ORDERS_PER_PROJECT_EXCEEDED and changes nothing",
    () =>
      story(
        Effect.gen(function* () {
          const accepted = yield* acceptWorkOrder(workOrderContent({}))
          const order = yield* Contracts.WorkOrderRepository.getWorkOrder(accepted)
          // A second accepted order of the project, stored through the port.
          yield* Contracts.WorkOrderRepository.WorkOrderRepository.use((repository) =>
            repository.insert({
              aggregate: {
                ...order,
                workOrderId: "00000000-0000-4000-8000-000000000002" as typeof order.workOrderId,
                number: `${order.number}-2` as typeof order.number,
              },
            }),
          )
          const verified = yield* decide(yield* raise(), "VERIFY_AND_FORWARD", contractsActors.verifier)
          const before = yield* storedContractsState(tenantId)
          const refused = yield* Effect.flip(approveWithLimit(verified))
          assert.strictEqual(refused.code, "ACCEPTED_ORDERS_PER_PROJECT_EXCEEDED")
          assert.isTrue(
            refused instanceof ProjectClosing.AcceptedOrdersPerProjectExceeded &&
              refused.category === "rule" &&
              refused.limit === 1 &&
              refused.projectId === "pj-1",
          )
          assert.deepStrictEqual(yield* storedContractsState(tenantId), before)
        }),
      ),
  )

  it.effect(
    "CLOSE-1: its own workflow: sent back and resubmitted, and a rejected request lets a new one be raised",
    () =>
      story(
        Effect.gen(function* () {
          yield* acceptWorkOrder(workOrderContent({}))
          let closure = yield* raise()
          closure = yield* decide(closure, "SEND_BACK", contractsActors.verifier)
          assert.strictEqual(closure.workflow.state, "PENDING_FOR_CORRECTION")
          closure = yield* decide(closure, "RE_SUBMIT", contractsActors.cboAdmin)
          closure = yield* decide(closure, "VERIFY_AND_FORWARD", contractsActors.verifier)
          closure = yield* decide(closure, "SEND_BACK", contractsActors.approver)
          assert.strictEqual(closure.workflow.state, "PENDING_FOR_CORRECTION")
          closure = yield* decide(closure, "RE_SUBMIT", contractsActors.creator)
          closure = yield* decide(closure, "VERIFY_AND_FORWARD", contractsActors.verifier)
          const stale = yield* Effect.flip(
            ProjectClosing.takeClosureAction({
              tenantId,
              closureId: closure.closureId,
              version: 1,
              type: "APPROVE",
              actor: contractsActors.approver,
            }),
          )
          assert.strictEqual(stale.code, "STALE_VERSION")
          closure = yield* decide(closure, "REJECT", contractsActors.approver, "handover pending")
          assert.strictEqual(ProjectClosure.statusOf(closure), "rejected")
          assert.isFalse(ProjectClosure.isStanding(closure))
          const again = yield* raise()
          assert.strictEqual(ProjectClosure.statusOf(again), "inWorkflow")
          const missing = yield* Effect.flip(
            ProjectClosing.takeClosureAction({
              tenantId,
              closureId: "00000000-0000-4000-8000-000000000000",
              version: 1,
              type: "APPROVE",
              actor: contractsActors.approver,
            }),
          )
          assert.strictEqual(missing.code, "PROJECT_CLOSURE_NOT_FOUND")
        }),
      ),
  )
})
