import { assert, describe, it } from "@effect/vitest"
import { Contracts, Money, Time } from "@karya/core"
import {
  contractsActors,
  contractsCbo,
  contractsConfiguration,
  contractsEstimate,
  contractsStory,
  contractsTenantId,
  withTenantConfiguration,
  workOrderContent,
} from "@karya/core/testing"
import { DateTime, Effect, Result } from "effect"
import { TestClock } from "effect/testing"

const { Milestone } = Contracts
const date = Time.LocalDate.makeUnsafe
const milestone = (percentage: string, completedOn?: string): Contracts.Milestone.Milestone => ({
  description: `${percentage}%`,
  percentage: Money.Percentage.makeUnsafe(percentage),
  startDate: date("2024-06-03"),
  endDate: date("2024-06-30"),
  ...(completedOn === undefined ? {} : { completedOn: date(completedOn) }),
})

describe("Milestone", () => {
  it("WO-8: milestone percentages must sum to exactly 100 (MILESTONES_NOT_100)", () => {
    assert.isTrue(
      Result.isSuccess(
        Milestone.checkTotal([milestone("33.3333"), milestone("33.3333"), milestone("33.3334")]),
      ),
    )
    assert.isTrue(Result.isSuccess(Milestone.checkTotal([])))
    const short = Milestone.checkTotal([milestone("50"), milestone("49.9999")])
    assert.isTrue(Result.isFailure(short))
    if (Result.isFailure(short)) {
      assert.strictEqual(short.failure.code, "MILESTONES_NOT_100")
      assert.strictEqual(short.failure.total, "99.9999")
      assert.include(short.failure.message, "99.9999%")
    }
    assert.isTrue(Result.isFailure(Milestone.checkTotal([milestone("60"), milestone("41")])))
  })

  it("WO-8: a zero share, reversed dates and more than the limit are field problems", () => {
    const reversed = { ...milestone("50"), endDate: date("2024-06-01") }
    assert.deepStrictEqual(
      Milestone.milestoneProblems([milestone("0"), reversed]).map((problem) => [problem.field, problem.code]),
      [
        ["milestones[0].percentage", Milestone.milestonePercentageZeroCode],
        ["milestones[1].endDate", Milestone.milestoneDatesReversedCode],
      ],
    )
    const atLimit = Array.from({ length: Milestone.milestonesPerWorkOrderMax }, () => milestone("5"))
    assert.deepStrictEqual(Milestone.milestoneProblems(atLimit), [])
    assert.strictEqual(
      Milestone.milestoneProblems([...atLimit, milestone("5")])[0]?.code,
      Milestone.milestonesTooManyCode,
    )
  })

  it("WO-8: a final bill needs every milestone complete", () => {
    assert.isTrue(Milestone.areAllMilestonesComplete([]))
    assert.isTrue(Milestone.areAllMilestonesComplete([milestone("100", "2024-06-30")]))
    assert.isFalse(Milestone.areAllMilestonesComplete([milestone("50", "2024-06-30"), milestone("50")]))
  })
})

describe("MilestoneCompletion", () => {
  const features = { milestones: "enabled", negotiation: "disabled" } as const
  const withMilestones = {
    ...workOrderContent({}),
    milestones: [milestone("40"), milestone("60")],
  }
  const acceptedWithMilestones = Effect.gen(function* () {
    let workOrder = yield* Contracts.WorkOrderIssue.createWorkOrder({
      tenantId: contractsTenantId,
      actor: contractsActors.creator,
      content: withMilestones,
    }).pipe(withTenantConfiguration({ ...contractsConfiguration, features }))
    for (const [type, actor] of [
      ["VERIFY_AND_FORWARD", contractsActors.verifier],
      ["APPROVE", contractsActors.approver],
      ["ACCEPT", contractsActors.cboAdmin],
    ] as const) {
      workOrder = yield* Contracts.WorkOrderWorkflow.takeWorkOrderAction({
        tenantId: contractsTenantId,
        workOrderId: workOrder.workOrderId,
        version: workOrder.version,
        type,
        actor,
      })
    }
    return workOrder
  })
  const complete = (
    workOrder: Contracts.WorkOrder.WorkOrder,
    milestoneIndex: number,
    completedOn: string,
    actor = contractsActors.officerInCharge,
  ) =>
    Contracts.MilestoneCompletion.completeMilestone({
      tenantId: contractsTenantId,
      workOrderId: workOrder.workOrderId,
      version: workOrder.version,
      actor,
      milestoneIndex,
      completedOn: date(completedOn),
    })

  it.effect(
    "WO-8: the officer-in-charge records each milestone's completion; all complete allows the final bill",
    () =>
      contractsStory({ estimates: [contractsEstimate], organisations: [contractsCbo] })(
        Effect.gen(function* () {
          const accepted = yield* acceptedWithMilestones
          yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-07-01T05:30:00Z")))
          const refusals = [
            yield* Effect.flip(complete(accepted, 2, "2024-06-20")),
            yield* Effect.flip(complete(accepted, 0, "2024-07-02")),
            yield* Effect.flip(complete(accepted, 0, "2024-06-02")),
            yield* Effect.flip(complete(accepted, 0, "2024-06-20", contractsActors.verifier)),
          ]
          assert.deepStrictEqual(
            refusals.map((error) =>
              error._tag === "ValidationFailed" ? error.problems[0]?.code : error.code,
            ),
            [
              Contracts.MilestoneCompletion.milestoneUnknownCode,
              Contracts.MilestoneCompletion.completionDateInvalidCode,
              Contracts.MilestoneCompletion.completionDateInvalidCode,
              "ROLE_NOT_ALLOWED",
            ],
          )
          const first = yield* complete(accepted, 0, "2024-06-20")
          assert.isFalse(Milestone.areAllMilestonesComplete(first.milestones))
          const again = yield* Effect.flip(complete(first, 0, "2024-06-21"))
          assert.isTrue(
            again._tag === "ValidationFailed" &&
              again.problems[0]?.code === Contracts.MilestoneCompletion.milestoneAlreadyCompleteCode,
          )
          const both = yield* complete(first, 1, "2024-06-30", contractsActors.creator)
          assert.isTrue(Milestone.areAllMilestonesComplete(both.milestones))
          assert.strictEqual(both.milestones[1]?.completedOn, "2024-06-30")
        }),
      ),
  )
})
