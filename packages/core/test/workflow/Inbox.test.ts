/**
 * Inboxes (WF-5): assignees first, otherwise everyone holding a role that can
 * act in the state within their tenants; rows carry SLA days remaining.
 */
import { describe, expect, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Config, Time, Workflow } from "@karya/core"
import {
  actorArbitrary,
  rolesOfDefinition,
  workflowEventArbitrary,
  workflowTenantIds,
} from "@karya/core/testing"
import { DateTime, Result } from "effect"

const { Inbox, WorkflowEngine, WorkflowSnapshot } = Workflow
const { muktaWorkflows } = Workflow.MuktaWorkflows
const { LocalDate, TimeZone } = Time

type Actor = Workflow.Actor.Actor
type Snapshot = Workflow.WorkflowSnapshot.WorkflowSnapshot

const tenant = Config.TenantId.makeUnsafe
const dhenkanal = tenant("od.dhenkanal")
const estimate = muktaWorkflows.estimate

const actor = (userId: string, role: string, tenantId = dhenkanal): Actor => ({
  userId,
  grants: [{ role, tenantId }],
})
const creator = actor("je-1", "ESTIMATE_CREATOR")
const verifier = actor("ee-1", "ESTIMATE_VERIFIER")

const submitted = (
  entityId: string,
  iso: string,
  options: { tenantId?: Config.TenantId.TenantId; assignees?: ReadonlyArray<Actor> } = {},
) => {
  const tenantId = options.tenantId ?? dhenkanal
  const start = WorkflowSnapshot.initial({ entityId, tenantId, definitionCode: estimate.code })
  return Result.getOrThrow(
    WorkflowEngine.transition(estimate, start, {
      type: "SUBMIT",
      actor: actor("je-1", "ESTIMATE_CREATOR", tenantId),
      version: 0,
      at: DateTime.makeUnsafe(iso),
      ...(options.assignees === undefined ? {} : { assignees: options.assignees }),
    }),
  )
}

const asOf = { today: LocalDate.makeUnsafe("2024-01-18"), timeZone: TimeZone.india }

describe("Inbox", () => {
  it("WF-5: without assignees, the entity is in the inbox of everyone holding a role that can act in its state", () => {
    const waiting = submitted("ES/1", "2024-01-15T06:00:00Z")
    expect(Inbox.isInInbox(estimate, waiting, verifier)).toBe(true)
    expect(Inbox.isInInbox(estimate, waiting, actor("ee-2", "ESTIMATE_VERIFIER"))).toBe(true)
    expect(Inbox.isInInbox(estimate, waiting, creator)).toBe(false)
    expect(Inbox.isInInbox(estimate, waiting, actor("eo-1", "ESTIMATE_APPROVER"))).toBe(false)
  })

  it("WF-5: with assignees, only the assignees see it, even if others hold the role", () => {
    const assigned = submitted("ES/2", "2024-01-15T06:00:00Z", {
      assignees: [actor("ee-2", "ESTIMATE_VERIFIER")],
    })
    expect(Inbox.isInInbox(estimate, assigned, actor("ee-2", "ESTIMATE_VERIFIER"))).toBe(true)
    expect(Inbox.isInInbox(estimate, assigned, verifier)).toBe(false)
  })

  it("WF-5 / TEN-1: roles reach within their tenants: same ULB and state tenant yes, another ULB or state no", () => {
    const waiting = submitted("ES/3", "2024-01-15T06:00:00Z")
    expect(Inbox.isInInbox(estimate, waiting, actor("ee-od", "ESTIMATE_VERIFIER", tenant("od")))).toBe(true)
    expect(
      Inbox.isInInbox(estimate, waiting, actor("ee-ct", "ESTIMATE_VERIFIER", tenant("od.cuttack"))),
    ).toBe(false)
    expect(Inbox.isInInbox(estimate, waiting, actor("ee-ka", "ESTIMATE_VERIFIER", tenant("ka")))).toBe(false)
    const inCuttack = submitted("ES/4", "2024-01-15T06:00:00Z", { tenantId: tenant("od.cuttack") })
    expect(Inbox.isInInbox(estimate, inCuttack, verifier)).toBe(false)
    expect(Inbox.isInInbox(estimate, inCuttack, actor("ee-od", "ESTIMATE_VERIFIER", tenant("od")))).toBe(true)
  })

  it("WF-5: terminal states and entities not yet created are in no inbox", () => {
    const bill = muktaWorkflows.bill
    const start = WorkflowSnapshot.initial({
      entityId: "WB/1",
      tenantId: dhenkanal,
      definitionCode: bill.code,
    })
    const billCreator = actor("bc-1", "BILL_CREATOR")
    expect(Inbox.isInInbox(bill, start, billCreator)).toBe(false)
    const approved = Result.getOrThrow(
      WorkflowEngine.transition(bill, start, {
        type: "SUBMIT",
        actor: billCreator,
        version: 0,
        at: DateTime.makeUnsafe("2024-01-15T06:00:00Z"),
      }),
    )
    expect(approved.state).toBe("APPROVED")
    expect(Inbox.isInInbox(bill, approved, billCreator)).toBe(false)
  })

  it("WF-5 / WF-6: the inbox lists the actor's entities of the definition with SLA days remaining, most urgent first", () => {
    const snapshots = [
      submitted("ES/10", "2024-01-17T06:00:00Z"),
      submitted("ES/11", "2024-01-15T06:00:00Z"),
      submitted("ES/12", "2024-01-16T06:00:00Z", { assignees: [actor("ee-9", "ESTIMATE_VERIFIER")] }),
      submitted("ES/13", "2024-01-15T07:00:00Z", { tenantId: tenant("od.cuttack") }),
      submitted("ES/09", "2024-01-15T06:00:00Z"),
      WorkflowSnapshot.initial({ entityId: "WO/1", tenantId: dhenkanal, definitionCode: "work-order" }),
    ]
    const rows = Inbox.selectInbox(estimate, snapshots, verifier, asOf)
    expect(
      rows.map((row) => [row.snapshot.entityId, row.stateSlaDaysRemaining, row.businessSlaDaysRemaining]),
    ).toEqual([
      ["ES/09", -1, 2],
      ["ES/11", -1, 2],
      ["ES/10", 1, 4],
    ])
  })

  it("WF-5: a row in a state without SLA sorts after rows with one", () => {
    const start = WorkflowSnapshot.initial({
      entityId: "ES/00",
      tenantId: dhenkanal,
      definitionCode: estimate.code,
    })
    const drafted = Result.getOrThrow(
      WorkflowEngine.transition(estimate, start, {
        type: "SAVE_AS_DRAFT",
        actor: creator,
        version: 0,
        at: DateTime.makeUnsafe("2024-01-10T06:00:00Z"),
      }),
    )
    const other = Result.getOrThrow(
      WorkflowEngine.transition(
        estimate,
        { ...start, entityId: "ES/99" },
        {
          type: "SAVE_AS_DRAFT",
          actor: creator,
          version: 0,
          at: DateTime.makeUnsafe("2024-01-10T06:00:00Z"),
        },
      ),
    )
    const rows = Inbox.selectInbox(
      estimate,
      [other, submitted("ES/50", "2024-01-17T06:00:00Z"), drafted],
      { userId: "both", grants: [...creator.grants, ...verifier.grants] },
      asOf,
    )
    expect(rows.map((row) => [row.snapshot.entityId, row.stateSlaDaysRemaining])).toEqual([
      ["ES/50", 1],
      ["ES/00", null],
      ["ES/99", null],
    ])
  })

  test.prop([fc.gen(), fc.integer({ min: 1, max: 10 })], { numRuns: 60 })(
    "WF-5 / WF-7: an unassigned entity is in an actor's inbox exactly when the actor has a next action on it",
    (generate, length) => {
      let snapshot: Snapshot = WorkflowSnapshot.initial({
        entityId: "ES/7",
        tenantId: dhenkanal,
        definitionCode: estimate.code,
      })
      for (let index = 0; index < length; index += 1) {
        const result = WorkflowEngine.transition(
          estimate,
          snapshot,
          generate(workflowEventArbitrary, estimate, snapshot),
        )
        if (Result.isSuccess(result)) snapshot = result.success
      }
      const someone = generate(actorArbitrary, {
        roles: rolesOfDefinition(estimate),
        tenantIds: workflowTenantIds,
      })
      const unassigned = { ...snapshot, assignees: [] }
      const hasNextAction = WorkflowEngine.nextActions(estimate, unassigned, someone).length > 0
      expect(Inbox.isInInbox(estimate, unassigned, someone)).toBe(hasNextAction && snapshot.state !== "start")
      if (snapshot.assignees.length > 0) {
        expect(Inbox.isInInbox(estimate, snapshot, someone)).toBe(snapshot.assignees.includes(someone.userId))
      }
    },
  )
})
