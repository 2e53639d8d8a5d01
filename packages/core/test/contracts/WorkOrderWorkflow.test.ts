import { assert, describe, it } from "@effect/vitest"
import { Config, Contracts, Measurement, Money, Time } from "@karya/core"
import {
  contractsActors,
  contractsCbo,
  contractsEstimate,
  contractsStory,
  contractsTenantId,
  sampleOrganisationStanding,
  storedContractsState,
  withTenantConfiguration,
  workOrderContent,
} from "@karya/core/testing"
import { DateTime, Effect, Option, Result } from "effect"
import { TestClock } from "effect/testing"

const { WorkOrderIssue, WorkOrderWorkflow } = Contracts
const tenantId = contractsTenantId
const world = {
  estimates: [contractsEstimate],
  organisations: [contractsCbo, sampleOrganisationStanding({ tenantId, organisationId: "cbo-2" })],
}
const cancelling = Result.getOrThrow(
  Config.TenantConfiguration.load({
    tenantId,
    cityCode: "DK",
    workOrder: { cboRoleThreshold: "1500000", acceptanceSlaDays: 7, overdueAcceptance: "cancel" },
  }),
)

type Actor = Contracts.WorkOrderIssue.WorkOrderContent["officerInCharge"]
const act = (workOrder: Contracts.WorkOrder.WorkOrder, type: string, actor: Actor) =>
  WorkOrderWorkflow.takeWorkOrderAction({
    tenantId,
    workOrderId: workOrder.workOrderId,
    version: workOrder.version,
    type,
    actor,
    comment: `${type} remark`,
  })
const create = () =>
  WorkOrderIssue.createWorkOrder({ tenantId, actor: contractsActors.creator, content: workOrderContent({}) })
const issued = () =>
  Effect.gen(function* () {
    const created = yield* create()
    const verified = yield* act(created, "VERIFY_AND_FORWARD", contractsActors.verifier)
    return yield* act(verified, "APPROVE", contractsActors.approver)
  })
const setInstant = (iso: string) => TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(iso)))
const story = contractsStory(world)

describe("WorkOrderWorkflow", () => {
  it.effect("WO-6: approval issues the order: issue date today, due date = approval date + 7 days", () =>
    story(
      Effect.gen(function* () {
        const approved = yield* issued()
        assert.strictEqual(approved.workflow.state, "PENDING_FOR_ACCEPTANCE")
        assert.strictEqual(Contracts.WorkOrder.statusOf(approved), "pendingAcceptance")
        assert.strictEqual(approved.issueDate, "2024-06-03")
        assert.strictEqual(approved.acceptanceDueDate, "2024-06-10")
        assert.isUndefined(approved.startDate)
      }),
    ),
  )

  it.effect(
    "WO-6: acceptance starts the order on the local acceptance date and opens its register and measurement book",
    () =>
      story(
        Effect.gen(function* () {
          const approved = yield* issued()
          yield* setInstant("2024-06-05T20:00:00Z") // 6 June 01:30 in India
          const accepted = yield* act(approved, "ACCEPT", contractsActors.cboAdmin)
          assert.strictEqual(Contracts.WorkOrder.statusOf(accepted), "accepted")
          assert.strictEqual(accepted.startDate, "2024-06-06")
          assert.strictEqual(accepted.endDate, "2024-07-06")
          const register = yield* Contracts.AttendanceRegisters.AttendanceRegisters.use((registers) =>
            registers.registerOf(accepted),
          )
          assert.deepStrictEqual(
            Option.map(register, (known) => [
              known.startDate,
              known.endDate,
              known.organisationId,
              known.status,
            ]),
            Option.some(["2024-06-06", "2024-07-06", "cbo-1", "open"]),
          )
          const book = yield* Measurement.MeasurementBookRepository.getBookOfWorkOrder(accepted)
          assert.strictEqual(book.number, "MB/2024-25/000001")
          assert.deepStrictEqual(
            [book.startDate, book.endDate, book.status],
            ["2024-06-06", "2024-07-06", "open"],
          )
          assert.deepStrictEqual(
            book.lines.map((line) => [
              line.lineId,
              Money.Quantity.toCanonicalString(line.estimatedQuantity),
              Money.Rate.toCanonicalString(line.rate),
            ]),
            [
              ["es-1-earth", "9", "113.77"],
              ["es-1-board", "2", "1500"],
            ],
          )
        }),
      ),
  )

  it.effect("WO-6: a decline sends the order to its creator, who re-assigns it to another CBO", () =>
    story(
      Effect.gen(function* () {
        const approved = yield* issued()
        const declined = yield* act(approved, "DECLINE", contractsActors.cboAdmin)
        assert.strictEqual(declined.workflow.state, "PENDING_FOR_REASSIGNMENT")
        const sameCbo = yield* Effect.flip(
          WorkOrderIssue.editWorkOrder({
            tenantId,
            workOrderId: declined.workOrderId,
            version: declined.version,
            actor: contractsActors.creator,
            content: workOrderContent({}),
          }),
        )
        assert.strictEqual(sameCbo.code, "VALIDATION_FAILED")
        if (sameCbo._tag === "ValidationFailed")
          assert.strictEqual(sameCbo.problems[0]?.code, WorkOrderIssue.organisationDeclinedCode)
        const reassigned = yield* WorkOrderIssue.editWorkOrder({
          tenantId,
          workOrderId: declined.workOrderId,
          version: declined.version,
          actor: contractsActors.creator,
          content: workOrderContent({ organisationId: "cbo-2" }),
        })
        assert.strictEqual(reassigned.organisationId, "cbo-2")
        assert.strictEqual(reassigned.workflow.state, "PENDING_FOR_VERIFICATION")
        yield* setInstant("2024-06-12T05:30:00Z")
        const reissued = yield* act(
          yield* act(reassigned, "VERIFY_AND_FORWARD", contractsActors.verifier),
          "APPROVE",
          contractsActors.approver,
        )
        assert.deepStrictEqual([reissued.issueDate, reissued.acceptanceDueDate], ["2024-06-12", "2024-06-19"])
      }),
    ),
  )

  it.effect(
    "WO-6: an order not accepted by its due date is overdue; where the tenant only marks it, it can still be accepted",
    () =>
      story(
        Effect.gen(function* () {
          const approved = yield* issued()
          yield* setInstant("2024-06-10T17:00:00Z") // 10 June 22:30 in India: the due date itself
          assert.deepStrictEqual(yield* WorkOrderWorkflow.processOverdueAcceptances({ tenantId }), {
            overdue: [],
            cancelled: [],
          })
          yield* setInstant("2024-06-10T19:00:00Z") // 11 June 00:30 in India
          assert.isFalse(
            Contracts.WorkOrder.isAcceptanceOverdue(approved, Time.LocalDate.makeUnsafe("2024-06-10")),
          )
          assert.isTrue(
            Contracts.WorkOrder.isAcceptanceOverdue(approved, Time.LocalDate.makeUnsafe("2024-06-11")),
          )
          const marked = yield* WorkOrderWorkflow.processOverdueAcceptances({ tenantId })
          assert.deepStrictEqual(marked, { overdue: [approved.number], cancelled: [] })
          const accepted = yield* act(approved, "ACCEPT", contractsActors.cboAdmin)
          assert.strictEqual(accepted.startDate, "2024-06-11")
        }),
      ),
  )

  it.effect(
    "WO-6: where the tenant cancels overdue orders, late acceptance is WO_ACCEPTANCE_OVERDUE and the order is cancelled",
    () =>
      story(
        Effect.gen(function* () {
          const approved = yield* issued()
          yield* setInstant("2024-06-11T05:30:00Z")
          const before = yield* storedContractsState(tenantId)
          const late = yield* Effect.flip(act(approved, "ACCEPT", contractsActors.cboAdmin))
          assert.strictEqual(late.code, "WO_ACCEPTANCE_OVERDUE")
          assert.include(late.message, "2024-06-10")
          assert.deepStrictEqual(yield* storedContractsState(tenantId), before)
          const processed = yield* WorkOrderWorkflow.processOverdueAcceptances({ tenantId })
          assert.deepStrictEqual(processed, { overdue: [approved.number], cancelled: [approved.number] })
          const stored = yield* Contracts.WorkOrderRepository.getWorkOrder(approved)
          assert.strictEqual(Contracts.WorkOrder.statusOf(stored), "cancelled")
          assert.strictEqual(stored.cancellation?.cause, "acceptanceOverdue")
          const refused = yield* Effect.flip(act(stored, "ACCEPT", contractsActors.cboAdmin))
          assert.strictEqual(refused.code, "WORK_ORDER_CANCELLED")
          assert.deepStrictEqual(yield* WorkOrderWorkflow.processOverdueAcceptances({ tenantId }), {
            overdue: [],
            cancelled: [],
          })
          const again = yield* create()
          assert.strictEqual(again.lines.length, 2, "WO-2: the cancelled order released its lines")
        }).pipe(withTenantConfiguration(cancelling)),
      ),
  )

  // `count` more orders awaiting acceptance, copies of an issued one stored
  // through the port: issuing a thousand orders takes a thousand estimates'
  // worth of lines (WO-2).
  const storeIssuedCopies = (issuedOrder: Contracts.WorkOrder.WorkOrder, count: number) =>
    Contracts.WorkOrderRepository.WorkOrderRepository.use((repository) =>
      Effect.forEach(
        Array.from({ length: count }, (_, index) => index + 1),
        (index) =>
          repository.insert({
            aggregate: {
              ...issuedOrder,
              workOrderId:
                `00000000-0000-4000-8000-${String(index).padStart(12, "0")}` as typeof issuedOrder.workOrderId,
              number: `${issuedOrder.number}-${String(index).padStart(4, "0")}` as typeof issuedOrder.number,
            },
          }),
        { discard: true },
      ),
    )

  it.effect("WO-6: a run over exactly overdueAcceptancesMax overdue orders cancels them all", () =>
    story(
      Effect.gen(function* () {
        const approved = yield* issued()
        yield* storeIssuedCopies(approved, WorkOrderWorkflow.overdueAcceptancesMax - 1)
        yield* setInstant("2024-06-11T05:30:00Z")
        const processed = yield* WorkOrderWorkflow.processOverdueAcceptances({ tenantId })
        assert.strictEqual(processed.cancelled.length, WorkOrderWorkflow.overdueAcceptancesMax)
        const stored = yield* Contracts.WorkOrderRepository.getWorkOrder(approved)
        assert.strictEqual(Contracts.WorkOrder.statusOf(stored), "cancelled")
      }).pipe(withTenantConfiguration(cancelling)),
    ),
  )

  it.effect(
    "WO-6: a run over one overdue order past overdueAcceptancesMax is refused with OVERDUE_ACCEPTANCES_EXCEEDED and cancels nothing",
    () =>
      story(
        Effect.gen(function* () {
          const approved = yield* issued()
          yield* storeIssuedCopies(approved, WorkOrderWorkflow.overdueAcceptancesMax)
          yield* setInstant("2024-06-11T05:30:00Z")
          const refused = yield* Effect.flip(WorkOrderWorkflow.processOverdueAcceptances({ tenantId }))
          assert.strictEqual(refused.code, "OVERDUE_ACCEPTANCES_EXCEEDED")
          assert.isTrue(
            refused instanceof WorkOrderWorkflow.OverdueAcceptancesExceeded &&
              refused.category === "rule" &&
              refused.limit === WorkOrderWorkflow.overdueAcceptancesMax,
          )
          const stored = yield* Contracts.WorkOrderRepository.getWorkOrder(approved)
          assert.deepStrictEqual(stored, approved)
        }).pipe(withTenantConfiguration(cancelling)),
      ),
  )

  it.effect(
    "WO-6: every WF-WO path: send back, re-verification, back to originator, decline, edit, accept and reject",
    () =>
      story(
        Effect.gen(function* () {
          const { creator, verifier, approver, cboAdmin } = contractsActors
          const edit = (
            workOrder: Contracts.WorkOrder.WorkOrder,
            organisationId = workOrder.organisationId,
          ) =>
            WorkOrderIssue.editWorkOrder({
              tenantId,
              workOrderId: workOrder.workOrderId,
              version: workOrder.version,
              actor: creator,
              content: workOrderContent({ organisationId }),
            })
          let workOrder = yield* create()
          const wrongRole = yield* Effect.flip(act(workOrder, "VERIFY_AND_FORWARD", creator))
          assert.strictEqual(wrongRole.code, "ROLE_NOT_ALLOWED")
          const states: Array<string> = [workOrder.workflow.state]
          const record = (next: Contracts.WorkOrder.WorkOrder) => {
            states.push(next.workflow.state)
            workOrder = next
          }
          record(yield* act(workOrder, "SEND_BACK", verifier))
          record(yield* edit(workOrder))
          record(yield* act(workOrder, "VERIFY_AND_FORWARD", verifier))
          record(yield* act(workOrder, "SEND_BACK", approver))
          record(yield* act(workOrder, "VERIFY_AND_FORWARD", verifier))
          record(yield* act(workOrder, "SEND_BACK_TO_ORIGINATOR", approver))
          record(yield* edit(workOrder))
          record(yield* act(workOrder, "VERIFY_AND_FORWARD", verifier))
          record(yield* act(workOrder, "APPROVE", approver))
          record(yield* act(workOrder, "DECLINE", cboAdmin))
          record(yield* edit(workOrder, "cbo-2"))
          record(yield* act(workOrder, "VERIFY_AND_FORWARD", verifier))
          record(yield* act(workOrder, "APPROVE", approver))
          record(yield* act(workOrder, "ACCEPT", cboAdmin))
          assert.deepStrictEqual(states, [
            "PENDING_FOR_VERIFICATION",
            "PENDING_FOR_CORRECTION",
            "PENDING_FOR_VERIFICATION",
            "PENDING_FOR_APPROVAL",
            "PENDING_FOR_REVERIFICATION",
            "PENDING_FOR_APPROVAL",
            "PENDING_FOR_CORRECTION",
            "PENDING_FOR_VERIFICATION",
            "PENDING_FOR_APPROVAL",
            "PENDING_FOR_ACCEPTANCE",
            "PENDING_FOR_REASSIGNMENT",
            "PENDING_FOR_VERIFICATION",
            "PENDING_FOR_APPROVAL",
            "PENDING_FOR_ACCEPTANCE",
            "ACCEPTED",
          ])
          const finished = yield* Effect.flip(act(workOrder, "REJECT", approver))
          assert.strictEqual(finished.code, "ACTION_NOT_ALLOWED")
        }),
      ),
  )
})
