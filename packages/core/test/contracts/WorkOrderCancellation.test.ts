import { assert, describe, it } from "@effect/vitest"
import { Contracts, Measurement } from "@karya/core"
import {
  acceptWorkOrder,
  approveMeasurementEntry,
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

const { WorkOrderCancellation } = Contracts
const tenantId = contractsTenantId
const story = contractsStory({ estimates: [contractsEstimate], organisations: [contractsCbo] })
const cancel = (
  workOrder: Contracts.WorkOrder.WorkOrder,
  actor = contractsActors.approver,
  reason = "site not available",
) =>
  WorkOrderCancellation.cancelWorkOrder({
    tenantId,
    workOrderId: workOrder.workOrderId,
    version: workOrder.version,
    actor,
    reason,
  })
const setInstant = (iso: string) => TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(iso)))

describe("WorkOrderCancellation", () => {
  it.effect(
    "WO-10: cancelling an accepted order cancels its book and pending entries; approved entries stay payable",
    () =>
      story(
        Effect.gen(function* () {
          const accepted = yield* acceptWorkOrder(workOrderContent({}))
          const book = yield* Measurement.MeasurementBookRepository.getBookOfWorkOrder(accepted)
          yield* setInstant("2024-06-10T05:30:00Z")
          const first = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-09",
            lines: [{ lineId: "es-1-earth", rows: [plusMeasurementRow("2")] }],
          })
          const approved = yield* approveMeasurementEntry(first)
          yield* setInstant("2024-06-17T05:30:00Z")
          const pending = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-16",
            lines: [{ lineId: "es-1-earth", rows: [plusMeasurementRow("1")] }],
          })
          const { workOrder, cancelledEntries } = yield* cancel(accepted)
          assert.strictEqual(Contracts.WorkOrder.statusOf(workOrder), "cancelled")
          assert.deepStrictEqual(cancelledEntries, [pending.number])
          const entries = yield* Measurement.MeasurementEntryRepository.entriesOfBook(book)
          assert.deepStrictEqual(
            entries.map((entry) => [entry.number, Measurement.MeasurementEntry.statusOf(entry)]),
            [
              [approved.number, "approved"],
              [pending.number, "cancelled"],
            ],
          )
          const cancelledBook = yield* Measurement.MeasurementBookRepository.getBook(book)
          assert.strictEqual(cancelledBook.status, "cancelled")
          const register = yield* Contracts.AttendanceRegisters.AttendanceRegisters.use((registers) =>
            registers.registerOf(accepted),
          )
          assert.deepStrictEqual(
            Option.map(register, (known) => known.status),
            Option.some("closed"),
          )
          const refused = yield* Effect.flip(
            recordMeasurementEntry({
              bookId: book.bookId,
              periodEnd: "2024-06-16",
              lines: [{ lineId: "es-1-earth", rows: [plusMeasurementRow("1")] }],
            }),
          )
          assert.strictEqual(refused.code, "MEASUREMENT_BOOK_NOT_OPEN")
          const measured = yield* Measurement.EstimateLineMeasurements.measuredQuantitiesOfEstimate({
            tenantId,
            estimateId: "es-1",
          })
          assert.strictEqual(measured.get("es-1-earth")?.toString(), "2", "the approved entry still counts")
        }),
      ),
  )

  it.effect("WO-10: an order issued but not yet accepted can be cancelled too, and releases its lines", () =>
    story(
      Effect.gen(function* () {
        const created = yield* Contracts.WorkOrderIssue.createWorkOrder({
          tenantId,
          actor: contractsActors.creator,
          content: workOrderContent({}),
        })
        const notYet = yield* Effect.flip(cancel(created))
        assert.strictEqual(notYet.code, "WORK_ORDER_NOT_CANCELLABLE")
        const act = (
          workOrder: Contracts.WorkOrder.WorkOrder,
          type: string,
          actor: typeof contractsActors.verifier,
        ) =>
          Contracts.WorkOrderWorkflow.takeWorkOrderAction({
            tenantId,
            workOrderId: workOrder.workOrderId,
            version: workOrder.version,
            type,
            actor,
          })
        const approved = yield* act(
          yield* act(created, "VERIFY_AND_FORWARD", contractsActors.verifier),
          "APPROVE",
          contractsActors.approver,
        )
        const { workOrder, cancelledEntries } = yield* cancel(approved)
        assert.deepStrictEqual(cancelledEntries, [])
        assert.strictEqual(workOrder.cancellation?.reason, "site not available")
        const again = yield* cancel(workOrder).pipe(Effect.flip)
        assert.strictEqual(again.code, "WORK_ORDER_NOT_CANCELLABLE")
        const holders = yield* Contracts.WorkOrderRepository.activeHoldersOfLines({
          tenantId,
          lineIds: ["es-1-earth"],
        })
        assert.deepStrictEqual(holders, [])
      }),
    ),
  )

  it.effect(
    "WO-10: a cancellation without the role, without a reason or on a stale version is refused and changes nothing",
    () =>
      story(
        Effect.gen(function* () {
          const accepted = yield* acceptWorkOrder(workOrderContent({}))
          const before = yield* storedContractsState(tenantId)
          const role = yield* Effect.flip(cancel(accepted, contractsActors.creator))
          assert.strictEqual(role.code, "ROLE_NOT_ALLOWED")
          const blank = yield* Effect.flip(cancel(accepted, contractsActors.approver, "  "))
          assert.strictEqual(blank.code, "VALIDATION_FAILED")
          const long = yield* Effect.flip(cancel(accepted, contractsActors.approver, "x".repeat(2001)))
          assert.strictEqual(long.code, "VALIDATION_FAILED")
          const stale = yield* Effect.flip(
            WorkOrderCancellation.cancelWorkOrder({
              tenantId,
              workOrderId: accepted.workOrderId,
              version: 1,
              actor: contractsActors.approver,
              reason: "x",
            }),
          )
          assert.strictEqual(stale.code, "STALE_VERSION")
          assert.deepStrictEqual(yield* storedContractsState(tenantId), before)
        }),
      ),
  )
})
