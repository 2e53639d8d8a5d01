import { assert, describe, it } from "@effect/vitest"
import { Contracts, Measurement, Money } from "@karya/core"
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
import { DateTime, Effect } from "effect"
import { TestClock } from "effect/testing"

const { ScopeRevisionRequests, RevisionDecisions } = Contracts
const tenantId = contractsTenantId
const quantity = Money.Quantity.makeUnsafe
const amount = Money.Amount.makeUnsafe
const [earth, board] = contractsEstimate.lines
if (earth === undefined || board === undefined) throw new Error("the fixtures' estimate has two lines")

const revisedEstimate = (
  estimateId: string,
  earthQuantity: string,
  earthAmount: string,
): Contracts.ApprovedEstimates.ApprovedEstimate => ({
  ...contractsEstimate,
  estimateId,
  estimateNumber: `RE/2024-25/${estimateId}`,
  previousEstimateId: "es-1",
  lines: [
    {
      ...earth,
      lineId: `${estimateId}-earth`,
      previousLineId: "es-1-earth",
      quantity: quantity(earthQuantity),
      amount: amount(earthAmount),
    },
    { ...board, lineId: `${estimateId}-board`, previousLineId: "es-1-board" },
    {
      lineId: `${estimateId}-drain`,
      category: "NON-SOR",
      description: "Side drain",
      unit: "MTR",
      quantity: quantity("5"),
      rate: Money.Rate.makeUnsafe("200"),
      amount: amount("1000"),
    },
  ],
  overheads: contractsEstimate.overheads.map((overhead) => ({
    ...overhead,
    lineId: overhead.lineId.replace("es-1", estimateId),
  })),
})

const world = {
  estimates: [
    contractsEstimate,
    revisedEstimate("up", "12", "1365.24"),
    revisedEstimate("down", "3", "341.31"),
    revisedEstimate("five", "5", "568.85"),
    revisedEstimate("huge", "20000", "2275400"),
    { ...revisedEstimate("stranger", "12", "1365.24"), previousEstimateId: "es-9" },
  ],
  organisations: [contractsCbo],
}
const story = contractsStory(world)
const setInstant = (iso: string) => TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(iso)))
const revise = (workOrder: Contracts.WorkOrder.WorkOrder, revisedEstimateId: string) =>
  ScopeRevisionRequests.reviseWorkOrderScope({
    tenantId,
    workOrderId: workOrder.workOrderId,
    revisedEstimateId,
    actor: contractsActors.creator,
  })
const decide = (
  revision: Contracts.WorkOrderRevision.WorkOrderRevision,
  type: string,
  actor: typeof contractsActors.verifier,
) =>
  RevisionDecisions.takeRevisionAction({
    tenantId,
    revisionId: revision.revisionId,
    version: revision.version,
    type,
    actor,
  })
const measureEarth = (bookId: string, periodEnd: string, number: string) =>
  Effect.flatMap(
    recordMeasurementEntry({
      bookId,
      periodEnd,
      lines: [{ lineId: "es-1-earth", rows: [plusMeasurementRow(number)] }],
    }),
    approveMeasurementEntry,
  )

const acceptedWithFourMeasured = Effect.gen(function* () {
  const accepted = yield* acceptWorkOrder(workOrderContent({}))
  const book = yield* Measurement.MeasurementBookRepository.getBookOfWorkOrder(accepted)
  yield* setInstant("2024-06-10T05:30:00Z")
  yield* measureEarth(book.bookId, "2024-06-09", "4")
  return { accepted, book }
})

describe("ScopeRevisionRequests", () => {
  it.effect(
    "TE-5: a revised estimate revises the order through WF-TE (RW/…): revised quantities, new lines, amount by WO-3",
    () =>
      story(
        Effect.gen(function* () {
          const { accepted, book } = yield* acceptedWithFourMeasured
          const revision = yield* revise(accepted, "up")
          assert.strictEqual(revision.number, "RW/2024-25/000001")
          assert.strictEqual(revision.workflow.state, "PENDING_FOR_VERIFICATION")
          const change = revision.change
          assert.strictEqual(change.kind, "scope")
          if (change.kind !== "scope") return
          assert.deepStrictEqual(
            change.lines.map((line) => [
              line.lineId,
              line.previousLineId,
              Money.Quantity.toCanonicalString(line.quantity),
            ]),
            [
              ["up-earth", "es-1-earth", "12"],
              ["up-board", "es-1-board", "2"],
              ["up-drain", undefined, "5"],
            ],
          )
          // 1,365.24 + 3,000 + 1,000 + SC 301.79 + GST 724.31 + TST 5,000 = 11,391.34 → ₹11,391 (the fixtures keep their overhead amounts).
          assert.strictEqual(Money.Amount.toCanonicalString(change.amount), "11391")
          const unchanged = yield* Contracts.WorkOrderRepository.getWorkOrder(accepted)
          assert.strictEqual(unchanged.lines[0]?.lineId, "es-1-earth", "nothing changes before approval")
          const approved = yield* decide(
            yield* decide(revision, "VERIFY_AND_FORWARD", contractsActors.verifier),
            "APPROVE",
            contractsActors.approver,
          )
          assert.strictEqual(Contracts.WorkOrderRevision.statusOf(approved), "approved")
          const revised = yield* Contracts.WorkOrderRepository.getWorkOrder(accepted)
          assert.deepStrictEqual(
            revised.lines.map((line) => line.lineId),
            ["up-earth", "up-board", "up-drain"],
          )
          assert.deepStrictEqual(
            revised.overheads.map((overhead) => overhead.lineId),
            ["up-sc", "up-gst", "up-tst"],
          )
          assert.strictEqual(Money.Amount.toCanonicalString(revised.amount), "11391")
          const revisedBook = yield* Measurement.MeasurementBookRepository.getBook(book)
          assert.deepStrictEqual(
            revisedBook.lines.map((line) => [
              line.lineId,
              line.previousLineIds,
              Money.Quantity.toCanonicalString(line.estimatedQuantity),
            ]),
            [
              ["up-earth", ["es-1-earth"], "12"],
              ["up-board", ["es-1-board"], "2"],
              ["up-drain", [], "5"],
            ],
          )
          const measured = yield* Measurement.EstimateLineMeasurements.measuredQuantitiesOfEstimate({
            tenantId,
            estimateId: "up",
          })
          assert.strictEqual(
            measured.get("up-earth")?.toString(),
            "4",
            "measurements follow the line into the revision",
          )
          yield* setInstant("2024-06-17T05:30:00Z")
          const over = yield* Effect.flip(
            recordMeasurementEntry({
              bookId: book.bookId,
              periodEnd: "2024-06-16",
              lines: [{ lineId: "up-earth", rows: [plusMeasurementRow("8.5")] }],
            }),
          )
          assert.strictEqual(over.code, "MB_EXCEEDS_ESTIMATE")
          const upTo = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-16",
            lines: [{ lineId: "up-earth", rows: [plusMeasurementRow("8")] }],
          })
          assert.strictEqual(upTo.lines[0]?.cumulativeQuantity.toString(), "12")
        }),
      ),
  )

  it.effect(
    "TE-5: no line may fall below what its book has recorded (QTY_BELOW_MEASURED) and a refusal changes nothing",
    () =>
      story(
        Effect.gen(function* () {
          const { accepted } = yield* acceptedWithFourMeasured
          const before = yield* storedContractsState(tenantId)
          const below = yield* Effect.flip(revise(accepted, "down"))
          assert.strictEqual(below.code, "QTY_BELOW_MEASURED")
          if (below._tag === "QtyBelowMeasured") {
            assert.strictEqual(below.estimateNumber, "RE/2024-25/down")
            assert.deepStrictEqual(below.lines, [
              {
                lineId: "es-1-earth",
                description: "Earth work in ordinary soil",
                quantity: "3",
                measured: "4",
              },
            ])
            assert.include(below.message, "Earth work in ordinary soil: 3 < measured 4")
          }
          const stranger = yield* Effect.flip(revise(accepted, "stranger"))
          assert.strictEqual(stranger.code, "VALIDATION_FAILED")
          assert.deepStrictEqual(yield* storedContractsState(tenantId), before)
        }),
      ),
  )

  it.effect("TE-5: on approval the check runs again against what was recorded meanwhile", () =>
    story(
      Effect.gen(function* () {
        const { accepted, book } = yield* acceptedWithFourMeasured
        const revision = yield* decide(
          yield* revise(accepted, "five"),
          "VERIFY_AND_FORWARD",
          contractsActors.verifier,
        )
        yield* setInstant("2024-06-17T05:30:00Z")
        yield* measureEarth(book.bookId, "2024-06-16", "2")
        const before = yield* storedContractsState(tenantId)
        const refused = yield* Effect.flip(decide(revision, "APPROVE", contractsActors.approver))
        assert.strictEqual(refused.code, "QTY_BELOW_MEASURED")
        assert.deepStrictEqual(yield* storedContractsState(tenantId), before)
      }),
    ),
  )

  it.effect(
    "TE-5: the CBO role follows WO-4 on the revised amount, and one revision at a time (TE_IN_WORKFLOW)",
    () =>
      story(
        Effect.gen(function* () {
          const accepted = yield* acceptWorkOrder(workOrderContent({}))
          const revision = yield* revise(accepted, "huge")
          assert.isTrue(revision.change.kind === "scope" && revision.change.cboRole === "IP")
          const twice = yield* Effect.flip(revise(accepted, "up"))
          assert.strictEqual(twice.code, "TE_IN_WORKFLOW")
          const approved = yield* decide(
            yield* decide(revision, "VERIFY_AND_FORWARD", contractsActors.verifier),
            "APPROVE",
            contractsActors.approver,
          )
          assert.strictEqual(Contracts.WorkOrderRevision.statusOf(approved), "approved")
          const revised = yield* Contracts.WorkOrderRepository.getWorkOrder(accepted)
          assert.strictEqual(revised.cboRole, "IP")
          assert.strictEqual(Money.Amount.toCanonicalString(revised.amount), "2285426")
        }),
      ),
  )
})
