/**
 * The work-order terms bills read, derived from the contracts module's work
 * order and the measurement books (WO-3, WO-4, WO-8, MB-8), and the book a
 * caller finds once the CBO accepted the order (MB-1).
 */
import { assert, describe, it } from "@effect/vitest"
import { Bills, Ids, Measurement, Money, Time } from "@karya/core"
import {
  acceptWorkOrder,
  approveMeasurementEntry,
  contractsCbo,
  contractsEstimate,
  contractsStory,
  contractsTenantId,
  plusMeasurementRow,
  recordMeasurementEntry,
  sampleWorkOrder,
  workOrderContent,
} from "@karya/core/testing"
import { DateTime, Effect } from "effect"
import { TestClock } from "effect/testing"

const { WorkOrderTerms } = Bills
const text = Money.Amount.toCanonicalString
const date = Time.LocalDate.makeUnsafe

// Sand for filling: 1.2 CUM of sand at ₹997.38 per CUM of work (RA-8 content per unit).
const sandContent: ReadonlyArray<Measurement.RateAnalysisContent.ContentItem> = [
  {
    kind: "material",
    itemCode: "SOR_SAND",
    description: "Sand for filling",
    unit: "CUM",
    quantityPerUnit: Money.Quantity.makeUnsafe("1.2"),
    costPerUnit: Money.Amount.makeUnsafe("997.38"),
  },
]

const world = {
  estimates: [contractsEstimate],
  organisations: [contractsCbo],
  rateAnalysisContents: [
    {
      tenantId: contractsTenantId,
      sorCode: "SOR_000197",
      effectivePeriod: { effectiveFrom: date("2024-01-01") },
      items: sandContent,
    },
  ],
}

const termsOf = (key: { readonly tenantId: typeof contractsTenantId; readonly workOrderId: string }) =>
  WorkOrderTerms.termsOf(key).pipe(Effect.provide(WorkOrderTerms.layerFromContracts))

describe("WorkOrderTerms", () => {
  it("WO-3, WO-4, WO-8: the terms are the order's number, amount, CBO and role; milestones none, incomplete or complete", () => {
    const workOrder = sampleWorkOrder({
      tenantId: contractsTenantId,
      workOrderId: Ids.EntityId.makeUnsafe("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
      number: "WO/2024-25/000007",
      projectId: "pj-1",
      lineIds: ["l1"],
    })
    const measured = { materialUtilizedAmount: Money.Amount.makeUnsafe("1250") }
    const terms = WorkOrderTerms.fromWorkOrder(workOrder, measured)
    assert.deepStrictEqual(
      [terms.workOrderId, terms.workOrderNumber, terms.organisationId, terms.cboRole, terms.milestones],
      [workOrder.workOrderId, "WO/2024-25/000007", workOrder.organisationId, "IA", "none"],
    )
    assert.strictEqual(text(terms.amount), text(workOrder.amount))
    assert.strictEqual(text(terms.materialUtilizedAmount), "1250")
    const milestone = (completedOn?: string) => ({
      description: "half",
      percentage: Money.Percentage.makeUnsafe("50"),
      startDate: date("2024-06-03"),
      endDate: date("2024-06-30"),
      ...(completedOn === undefined ? {} : { completedOn: date(completedOn) }),
    })
    const halfDone = { ...workOrder, milestones: [milestone("2024-06-20"), milestone()] }
    const allDone = { ...workOrder, milestones: [milestone("2024-06-20"), milestone("2024-06-28")] }
    assert.strictEqual(WorkOrderTerms.fromWorkOrder(halfDone, measured).milestones, "incomplete")
    assert.strictEqual(WorkOrderTerms.fromWorkOrder(allDone, measured).milestones, "complete")
  })

  it.effect(
    "MB-1, MB-8, BILL-P-4: acceptance opens the order's book, found by bookOfWorkOrder; the terms' material is what approved entries utilized",
    () =>
      contractsStory(world)(
        Effect.gen(function* () {
          const accepted = yield* acceptWorkOrder(workOrderContent({}))
          const opened = yield* Measurement.MeasurementBookLifecycle.bookOfWorkOrder(accepted)
          assert.strictEqual(opened.book.workOrderId, accepted.workOrderId)
          assert.deepStrictEqual(opened.entries, [])
          const before = yield* termsOf(accepted)
          assert.strictEqual(before.workOrderNumber, accepted.number)
          assert.strictEqual(text(before.amount), text(accepted.amount))
          assert.strictEqual(text(before.materialUtilizedAmount), "0")
          yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T05:30:00Z")))
          const entry = yield* recordMeasurementEntry({
            bookId: opened.book.bookId,
            periodEnd: "2024-06-09",
            lines: [{ lineId: "es-1-earth", rows: [plusMeasurementRow("3")] }],
          })
          const pending = yield* termsOf(accepted)
          assert.strictEqual(
            text(pending.materialUtilizedAmount),
            "0",
            "a pending entry utilizes nothing yet",
          )
          yield* approveMeasurementEntry(entry)
          const after = yield* termsOf(accepted)
          assert.strictEqual(text(after.materialUtilizedAmount), "2992.14", "3 CUM × ₹997.38")
          const found = yield* Measurement.MeasurementBookLifecycle.bookOfWorkOrder(accepted)
          assert.deepStrictEqual(
            found.entries.map((each) => each.number),
            [entry.number],
          )
          const unknown = yield* Effect.flip(termsOf({ tenantId: contractsTenantId, workOrderId: "wo-none" }))
          assert.strictEqual(unknown.code, "WORK_ORDER_TERMS_NOT_FOUND")
          const noBook = yield* Effect.flip(
            Measurement.MeasurementBookLifecycle.bookOfWorkOrder({
              tenantId: contractsTenantId,
              workOrderId: "wo-none",
            }),
          )
          assert.strictEqual(noBook.code, "MEASUREMENT_BOOK_NOT_FOUND")
        }),
      ),
  )
})
