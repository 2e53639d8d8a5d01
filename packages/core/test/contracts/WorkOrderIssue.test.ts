import { assert, describe, it } from "@effect/vitest"
import { Contracts, Money, Persistence, Time } from "@karya/core"
import {
  contractsActors,
  contractsCbo,
  contractsConfiguration,
  contractsEstimate,
  contractsStory,
  contractsTenantId,
  sampleOrganisationStanding,
  storedContractsState,
  withTenantConfiguration,
  workOrderContent,
} from "@karya/core/testing"
import { Effect } from "effect"

const { WorkOrderIssue, WorkOrderWorkflow } = Contracts
const tenantId = contractsTenantId
const amount = Money.Amount.makeUnsafe

const singleLineEstimate = (
  estimateId: string,
  lineAmount: string,
): Contracts.ApprovedEstimates.ApprovedEstimate => ({
  ...contractsEstimate,
  estimateId,
  estimateNumber: `ES/2024-25/${estimateId}`,
  lines: [
    {
      lineId: `${estimateId}-line`,
      category: "SOR",
      sorCode: "SOR_000001",
      description: "Road work",
      unit: "SQM",
      quantity: Money.Quantity.makeUnsafe("1"),
      rate: Money.Rate.makeUnsafe(lineAmount),
      amount: amount(lineAmount),
    },
  ],
  overheads: [],
})

const secondEstimate: Contracts.ApprovedEstimates.ApprovedEstimate = {
  ...contractsEstimate,
  estimateId: "es-2",
  estimateNumber: "ES/2024-25/000002",
  lines: contractsEstimate.lines.map((line) => ({ ...line, lineId: line.lineId.replace("es-1", "es-2") })),
  overheads: contractsEstimate.overheads.map((overhead) => ({
    ...overhead,
    lineId: overhead.lineId.replace("es-1", "es-2"),
  })),
}

const validTo = Time.LocalDate.makeUnsafe("2024-06-02")
const world = {
  estimates: [
    contractsEstimate,
    secondEstimate,
    { ...secondEstimate, estimateId: "es-other", projectId: "pj-2" },
    singleLineEstimate("below", "1499999"),
    singleLineEstimate("at", "1500000"),
    singleLineEstimate("above", "1500001"),
  ],
  organisations: [
    contractsCbo,
    { ...sampleOrganisationStanding({ tenantId, organisationId: "debarred" }), status: "debarred" as const },
    { ...sampleOrganisationStanding({ tenantId, organisationId: "inactive" }), status: "inactive" as const },
    { ...sampleOrganisationStanding({ tenantId, organisationId: "vendor" }), type: "vendor" as const },
    { ...sampleOrganisationStanding({ tenantId, organisationId: "expired" }), validTo },
  ],
}

const create = (
  content: Contracts.WorkOrderIssue.WorkOrderContent,
  features = contractsConfiguration.features,
) =>
  WorkOrderIssue.createWorkOrder({ tenantId, actor: contractsActors.creator, content }).pipe(
    withTenantConfiguration({ ...contractsConfiguration, features }),
  )
const act = (
  workOrder: Contracts.WorkOrder.WorkOrder,
  type: string,
  actor: Contracts.WorkOrderIssue.WorkOrderContent["officerInCharge"],
  comment?: string,
) =>
  WorkOrderWorkflow.takeWorkOrderAction({
    tenantId,
    workOrderId: workOrder.workOrderId,
    version: workOrder.version,
    type,
    actor,
    ...(comment === undefined ? {} : { comment }),
  })
const story = contractsStory(world)

const refusedWithoutChange = <A, E extends { readonly code: string }, R>(attempt: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const before = yield* storedContractsState(tenantId)
    const error = yield* Effect.flip(attempt)
    assert.deepStrictEqual(yield* storedContractsState(tenantId), before, `${error.code} changed nothing`)
    return error
  })

describe("WorkOrderIssue", () => {
  it.effect(
    "WO-1: an order made from every line of an approved estimate is numbered and sent for verification",
    () =>
      story(
        Effect.gen(function* () {
          const workOrder = yield* create(workOrderContent({}))
          assert.strictEqual(workOrder.number, "WO/2024-25/000001")
          assert.strictEqual(workOrder.projectId, "pj-1")
          assert.deepStrictEqual(
            workOrder.lines.map((line) => line.lineId),
            ["es-1-earth", "es-1-board"],
          )
          assert.deepStrictEqual(
            workOrder.overheads.map((overhead) => overhead.code),
            ["SC", "GST", "TST"],
          )
          assert.strictEqual(workOrder.workflow.state, "PENDING_FOR_VERIFICATION")
          assert.strictEqual(workOrder.officerInChargeId, contractsActors.officerInCharge.userId)
          assert.strictEqual(Contracts.WorkOrder.statusOf(workOrder), "inWorkflow")
          assert.strictEqual(workOrder.version, 1)
        }),
      ),
  )

  it.effect("WO-1: an order may combine chosen lines of several approved estimates of one project", () =>
    story(
      Effect.gen(function* () {
        const workOrder = yield* create({
          ...workOrderContent({}),
          estimates: [
            { estimateId: "es-1", lineIds: ["es-1-earth"] },
            { estimateId: "es-2", lineIds: ["es-2-board", "es-2-tst"] },
          ],
        })
        assert.deepStrictEqual(
          workOrder.lines.map((line) => line.lineId),
          ["es-1-earth", "es-2-board"],
        )
        assert.deepStrictEqual(Contracts.WorkOrder.estimateIdsOf(workOrder), ["es-1", "es-2"])
        // 1,023.93 + 3,000 + 5,000 = 9,023.93 → ₹9,024 (WO-3)
        assert.strictEqual(Money.Amount.toCanonicalString(workOrder.amount), "9024")
        const mixed = yield* Effect.flip(
          create({
            ...workOrderContent({}),
            estimates: [{ estimateId: "es-1" }, { estimateId: "es-other" }],
          }),
        )
        assert.strictEqual(mixed.code, "VALIDATION_FAILED")
        const unknown = yield* Effect.flip(create(workOrderContent({ estimateId: "es-unknown" })))
        assert.strictEqual(unknown.code, "APPROVED_ESTIMATE_NOT_FOUND")
      }),
    ),
  )

  it.effect(
    "WO-1: inactive, debarred, vendor, expired and unknown organisations are ORG_NOT_ELIGIBLE and nothing is stored",
    () =>
      story(
        Effect.gen(function* () {
          const reasons: Array<string> = []
          for (const organisationId of ["debarred", "inactive", "vendor", "expired", "nobody"]) {
            const error = yield* refusedWithoutChange(create(workOrderContent({ organisationId })))
            assert.strictEqual(error.code, "ORG_NOT_ELIGIBLE")
            if (error._tag === "OrgNotEligible") reasons.push(error.reason)
          }
          assert.deepStrictEqual(reasons, [
            "debarred",
            "inactive",
            "notCbo",
            "validityEnded",
            "notRegistered",
          ])
          const workOrder = yield* create(workOrderContent({}))
          assert.strictEqual(workOrder.number, "WO/2024-25/000001", "refusals issued no number (ERR-2, ID-3)")
        }),
      ),
  )

  it.effect(
    "WO-2: a line of another active order is LINE_IN_OTHER_CONTRACT naming that order, until it is rejected",
    () =>
      story(
        Effect.gen(function* () {
          const first = yield* create(workOrderContent({ lineIds: ["es-1-earth", "es-1-sc"] }))
          const error = yield* refusedWithoutChange(
            create(workOrderContent({ lineIds: ["es-1-board", "es-1-sc"] })),
          )
          assert.strictEqual(error.code, "LINE_IN_OTHER_CONTRACT")
          if (error._tag === "LineInOtherContract") {
            assert.deepStrictEqual(error.holders, [
              { lineId: "es-1-sc", workOrderId: first.workOrderId, workOrderNumber: "WO/2024-25/000001" },
            ])
            assert.include(error.message, "line es-1-sc is in WO/2024-25/000001")
          }
          const other = yield* create(workOrderContent({ lineIds: ["es-1-board"] }))
          assert.strictEqual(other.number, "WO/2024-25/000002")
          yield* act(first, "REJECT", contractsActors.verifier, "duplicate scope")
          const again = yield* create(workOrderContent({ lineIds: ["es-1-earth", "es-1-sc"] }))
          assert.strictEqual(again.number, "WO/2024-25/000003")
        }),
      ),
  )

  // `count` more active orders holding the same lines, copies of one stored
  // through the port: WO-2 keeps the use cases from making them.
  const storeHolderCopies = (
    holder: Contracts.WorkOrder.WorkOrder,
    copies: { readonly from: number; readonly to: number },
  ) =>
    Contracts.WorkOrderRepository.WorkOrderRepository.use((repository) =>
      Effect.forEach(
        Array.from({ length: copies.to - copies.from + 1 }, (_, index) => copies.from + index),
        (index) =>
          repository.insert({
            aggregate: {
              ...holder,
              workOrderId:
                `00000000-0000-4000-8000-${String(index).padStart(12, "0")}` as typeof holder.workOrderId,
              number: `${holder.number}-${String(index).padStart(4, "0")}` as typeof holder.number,
            },
          }),
        { discard: true },
      ),
    )

  it.effect(
    "WO-2: a line held by lineHoldersMax active orders is LINE_IN_OTHER_CONTRACT naming all of them; one order more is still LINE_IN_OTHER_CONTRACT, naming the first page",
    () =>
      story(
        Effect.gen(function* () {
          const { lineHoldersMax } = Contracts.WorkOrderRepository
          const first = yield* create(workOrderContent({ lineIds: ["es-1-earth"] }))
          yield* storeHolderCopies(first, { from: 1, to: lineHoldersMax - 1 })
          const atLimit = yield* Effect.flip(create(workOrderContent({ lineIds: ["es-1-earth"] })))
          assert.strictEqual(atLimit.code, "LINE_IN_OTHER_CONTRACT")
          assert.strictEqual(
            atLimit._tag === "LineInOtherContract" ? atLimit.holders.length : 0,
            lineHoldersMax,
          )
          yield* storeHolderCopies(first, { from: lineHoldersMax, to: lineHoldersMax })
          const past = yield* Effect.flip(create(workOrderContent({ lineIds: ["es-1-earth"] })))
          assert.strictEqual(past.code, "LINE_IN_OTHER_CONTRACT")
          assert.strictEqual(
            past._tag === "LineInOtherContract" ? past.holders[0]?.workOrderNumber : undefined,
            first.number,
          )
          assert.strictEqual(
            past._tag === "LineInOtherContract" ? past.holders.length : 0,
            Persistence.Page.pageSizeMax,
          )
        }),
      ),
  )

  it.effect(
    "WO-3: the fixtures' order amount is Σ lines + work-order-value overheads to the rupee (₹10,050)",
    () =>
      story(
        Effect.gen(function* () {
          const workOrder = yield* create(workOrderContent({}))
          // 1,023.93 + 3,000 + 301.79 + 724.31 + 5,000 = 10,050.03; REW is not work-order value.
          assert.strictEqual(Money.Amount.toCanonicalString(workOrder.amount), "10050")
        }),
      ),
  )

  it.effect(
    "WO-4: ₹14,99,999 is IA and may be IP, ₹15,00,000 is IA, ₹15,00,001 is IP and IA is CBO_ROLE_LOCKED",
    () =>
      story(
        Effect.gen(function* () {
          const below = yield* create(workOrderContent({ estimateId: "below" }))
          assert.strictEqual(below.cboRole, "IA")
          const at = yield* create(workOrderContent({ estimateId: "at" }))
          assert.strictEqual(at.cboRole, "IA")
          const above = yield* create(workOrderContent({ estimateId: "above" }))
          assert.strictEqual(above.cboRole, "IP")
          yield* act(below, "REJECT", contractsActors.verifier, "try as IP")
          const changed = yield* create({ ...workOrderContent({ estimateId: "below" }), cboRole: "IP" })
          assert.strictEqual(changed.cboRole, "IP")
          yield* act(above, "REJECT", contractsActors.verifier, "try as IA")
          const locked = yield* refusedWithoutChange(
            create({ ...workOrderContent({ estimateId: "above" }), cboRole: "IA" }),
          )
          assert.strictEqual(locked.code, "CBO_ROLE_LOCKED")
        }),
      ),
  )

  it.effect("WO-5: the completion period is a whole number of days ≥ 1 (COMPLETION_PERIOD_INVALID)", () =>
    story(
      Effect.gen(function* () {
        for (const completionPeriodDays of [0, -3, 1.5]) {
          const error = yield* refusedWithoutChange(create({ ...workOrderContent({}), completionPeriodDays }))
          assert.strictEqual(error.code, "COMPLETION_PERIOD_INVALID")
          assert.include(error.message, "whole number of days")
        }
        const oneDay = yield* create({ ...workOrderContent({}), completionPeriodDays: 1 })
        assert.strictEqual(oneDay.completionPeriodDays, 1)
      }),
    ),
  )

  it.effect(
    "WO-5: the officer-in-charge must hold the role and terms are up to 100 strings, all problems at once (ERR-3)",
    () =>
      story(
        Effect.gen(function* () {
          const content = {
            ...workOrderContent({ lineIds: ["es-1-earth", "es-1-unknown"] }),
            officerInCharge: contractsActors.creator,
            termsAndConditions: Array.from({ length: 101 }, () => "term"),
          }
          const error = yield* refusedWithoutChange(create(content))
          assert.strictEqual(error.code, "VALIDATION_FAILED")
          if (error._tag === "ValidationFailed") {
            assert.deepStrictEqual(
              error.problems.map((problem) => problem.code),
              [
                "LINE_NOT_IN_ESTIMATE",
                WorkOrderIssue.termsTooManyCode,
                WorkOrderIssue.officerInChargeInvalidCode,
              ],
            )
          }
          const longTerm = yield* Effect.flip(
            create({
              ...workOrderContent({}),
              termsAndConditions: ["x".repeat(WorkOrderIssue.termLengthMax + 1)],
            }),
          )
          assert.strictEqual(longTerm.code, "VALIDATION_FAILED")
          const hundred = yield* create({
            ...workOrderContent({}),
            termsAndConditions: Array.from({ length: 100 }, (_, index) => `term ${index}`),
          })
          assert.strictEqual(hundred.termsAndConditions.length, WorkOrderIssue.termsAndConditionsMax)
        }),
      ),
  )

  it.effect(
    "WO-7: content changes only while with the creator (WO_NOT_EDITABLE), and an edit is verified again",
    () =>
      story(
        Effect.gen(function* () {
          const created = yield* create(workOrderContent({ lineIds: ["es-1-earth"] }))
          const edit = (
            workOrder: Contracts.WorkOrder.WorkOrder,
            content: Contracts.WorkOrderIssue.WorkOrderContent,
          ) =>
            WorkOrderIssue.editWorkOrder({
              tenantId,
              workOrderId: workOrder.workOrderId,
              version: workOrder.version,
              actor: contractsActors.creator,
              content,
            })
          const pending = yield* refusedWithoutChange(edit(created, workOrderContent({})))
          assert.strictEqual(pending.code, "WO_NOT_EDITABLE")
          const sentBack = yield* act(created, "SEND_BACK", contractsActors.verifier)
          const stale = yield* Effect.flip(edit(created, workOrderContent({})))
          assert.strictEqual(stale.code, "STALE_VERSION")
          const edited = yield* edit(sentBack, { ...workOrderContent({}), completionPeriodDays: 45 })
          assert.strictEqual(edited.workflow.state, "PENDING_FOR_VERIFICATION")
          assert.strictEqual(edited.completionPeriodDays, 45)
          assert.strictEqual(edited.number, created.number)
          assert.deepStrictEqual(
            edited.lines.map((line) => line.lineId),
            ["es-1-earth", "es-1-board"],
            "its own lines are not held by another order",
          )
          const verified = yield* act(edited, "VERIFY_AND_FORWARD", contractsActors.verifier)
          const approved = yield* act(verified, "APPROVE", contractsActors.approver)
          const afterApproval = yield* refusedWithoutChange(edit(approved, workOrderContent({})))
          assert.strictEqual(afterApproval.code, "WO_NOT_EDITABLE")
          const rejected = yield* act(
            yield* create(workOrderContent({ estimateId: "es-2" })),
            "REJECT",
            contractsActors.verifier,
            "no",
          )
          assert.strictEqual(
            (yield* Effect.flip(edit(rejected, workOrderContent({ estimateId: "es-2" })))).code,
            "WO_NOT_EDITABLE",
          )
        }),
      ),
  )

  it.effect("WO-8: milestones are refused where the tenant has them off, and must sum to 100 where on", () =>
    story(
      Effect.gen(function* () {
        const milestone = (percentage: string) => ({
          description: `${percentage}% done`,
          percentage: Money.Percentage.makeUnsafe(percentage),
          startDate: Time.LocalDate.makeUnsafe("2024-06-10"),
          endDate: Time.LocalDate.makeUnsafe("2024-06-30"),
        })
        const content = { ...workOrderContent({}), milestones: [milestone("40"), milestone("50")] }
        const off = yield* refusedWithoutChange(create(content))
        assert.strictEqual(off.code, "VALIDATION_FAILED")
        const features = { milestones: "enabled", negotiation: "disabled" } as const
        const short = yield* refusedWithoutChange(create(content, features))
        assert.strictEqual(short.code, "MILESTONES_NOT_100")
        const complete = yield* create(
          { ...content, milestones: [milestone("40"), milestone("60")] },
          features,
        )
        assert.strictEqual(complete.milestones.length, 2)
        assert.isFalse(Contracts.Milestone.areAllMilestonesComplete(complete.milestones))
      }),
    ),
  )

  it.effect("WO-9: a negotiated order's amount and CBO role follow the negotiated values", () =>
    story(
      Effect.gen(function* () {
        const negotiation = {
          kind: "lumpSum" as const,
          adjustment: { direction: "below" as const, percentage: Money.Percentage.makeUnsafe("0.0001") },
        }
        const off = yield* refusedWithoutChange(
          create({ ...workOrderContent({ estimateId: "above" }), negotiation }),
        )
        assert.strictEqual(off.code, "VALIDATION_FAILED")
        const features = { milestones: "disabled", negotiation: "enabled" } as const
        // 15,00,001 less 0.0001% (1.500001) is 14,99,999.499999 → ₹14,99,999: not above the threshold, so IA.
        const negotiated = yield* create(
          { ...workOrderContent({ estimateId: "above" }), negotiation },
          features,
        )
        assert.strictEqual(Money.Amount.toCanonicalString(negotiated.amount), "1499999")
        assert.strictEqual(negotiated.cboRole, "IA")
        assert.deepStrictEqual(negotiated.negotiation, negotiation)
      }),
    ),
  )
})
