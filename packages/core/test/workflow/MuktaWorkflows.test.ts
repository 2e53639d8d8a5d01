/**
 * The MUKTA definitions as shipped: each passes validation, matches the spec's
 * transcription, and is driven along every transition it lists (model-based
 * path tests: shortest paths found by breadth-first search over the
 * definition's own data), while every unlisted (state, action) pair is
 * refused and changes nothing.
 */
import { describe, expect, it } from "@effect/vitest"
import { Config, Workflow } from "@karya/core"
import { muktaWorkflowSpecIds } from "@karya/core/testing"
import { DateTime, Result } from "effect"

const { WorkflowDefinition, WorkflowEngine, WorkflowSnapshot } = Workflow
const { muktaWorkflows } = Workflow.MuktaWorkflows

type Definition = Workflow.WorkflowDefinition.WorkflowDefinition
type Action = Workflow.WorkflowDefinition.WorkflowAction
type Snapshot = Workflow.WorkflowSnapshot.WorkflowSnapshot

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")
const start = WorkflowDefinition.startState

const definitions = Object.entries(muktaWorkflows).map(([key, definition]) => ({
  specId: muktaWorkflowSpecIds[key as keyof typeof muktaWorkflows],
  definition,
}))

/** Shortest action path from `start` to every reachable state (breadth-first). */
const shortestPaths = (definition: Definition): ReadonlyMap<string, ReadonlyArray<Action>> => {
  const paths = new Map<string, ReadonlyArray<Action>>([[start, []]])
  const queue = [start]
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    const path = paths.get(state) ?? []
    for (const action of definition.actions.filter((candidate) => candidate.from === state)) {
      if (!paths.has(action.to)) {
        paths.set(action.to, [...path, action])
        queue.push(action.to)
      }
    }
  }
  return paths
}

const holderOf = (action: Action) => ({
  userId: `holder-of-${action.roles[0]}`,
  grants: [{ role: action.roles[0] ?? "", tenantId: dhenkanal }],
})

const take = (definition: Definition, snapshot: Snapshot, action: Action): Snapshot => {
  const result = WorkflowEngine.transition(definition, snapshot, {
    type: action.name,
    actor: holderOf(action),
    version: snapshot.version,
    comment: "as discussed",
    at: DateTime.makeUnsafe(Date.UTC(2024, 0, 15, 5, snapshot.version)),
  })
  if (Result.isFailure(result))
    throw new Error(`${action.from} --${action.name}--> refused: ${result.failure.message}`)
  return result.success
}

const walk = (definition: Definition, path: ReadonlyArray<Action>): Snapshot =>
  path.reduce(
    (snapshot, action) => take(definition, snapshot, action),
    WorkflowSnapshot.initial({ entityId: "entity-1", tenantId: dhenkanal, definitionCode: definition.code }),
  )

const stateNames = (definition: Definition) => definition.states.map((state) => state.name)

describe("MUKTA workflow definitions", () => {
  it("WF-8: MUKTA ships a default definition for every workflow of the spec, each passing validation", () => {
    expect(definitions.map(({ specId }) => specId)).toEqual([
      "WF-EST",
      "WF-WO",
      "WF-TE",
      "WF-MB",
      "WF-MR",
      "WF-BILL",
      "WF-PB",
      "WF-CLOSE",
    ])
    for (const { definition } of definitions) {
      const result = WorkflowDefinition.validateDefinition(JSON.parse(JSON.stringify(definition)))
      expect(Result.isSuccess(result)).toBe(true)
    }
    const codes = definitions.map(({ definition }) => definition.code)
    expect(new Set(codes).size).toBe(codes.length)
  })

  it("WF-EST: states, SLAs and business SLA as specified; revised estimates use the same definition", () => {
    const estimate = muktaWorkflows.estimate
    expect(estimate.businessSlaDays).toBe(5)
    expect(estimate.states.map((state) => [state.name, state.slaDays ?? null, state.isTerminal])).toEqual([
      ["DRAFTED", null, false],
      ["PENDING_FOR_VERIFICATION", 2, false],
      ["PENDING_FOR_TECHNICAL_SANCTION", 1, false],
      ["PENDING_FOR_APPROVAL", 1, false],
      ["PENDING_FOR_CORRECTION", 1, false],
      ["APPROVED", null, true],
      ["REJECTED", null, true],
    ])
    expect(
      WorkflowDefinition.actionsFrom(estimate, "PENDING_FOR_VERIFICATION").map((action) => action.roles),
    ).toEqual([["ESTIMATE_VERIFIER"], ["ESTIMATE_VERIFIER"], ["ESTIMATE_VERIFIER"]])
  })

  it("WF-WO: acceptance is the CBO's (ORG_ADMIN) and re-verification behaves like verification", () => {
    const workOrder = muktaWorkflows.workOrder
    expect(workOrder.businessSlaDays).toBe(7)
    expect(WorkflowDefinition.findState(workOrder, "PENDING_FOR_ACCEPTANCE")?.slaDays).toBe(7)
    expect(WorkflowDefinition.rolesActingIn(workOrder, "PENDING_FOR_ACCEPTANCE")).toEqual(["ORG_ADMIN"])
    const summary = (state: string) =>
      WorkflowDefinition.actionsFrom(workOrder, state).map((action) => `${action.name}->${action.to}`)
    expect(summary("PENDING_FOR_REVERIFICATION")).toEqual(summary("PENDING_FOR_VERIFICATION"))
    expect(summary("PENDING_FOR_REASSIGNMENT")).toEqual(summary("PENDING_FOR_CORRECTION"))
  })

  it("WF-TE: created by the work-order creator or the CBO, and verification cannot reject", () => {
    const timeExtension = muktaWorkflows.timeExtension
    expect(WorkflowDefinition.actionsFrom(timeExtension, start)[0]?.roles).toEqual([
      "WORK_ORDER_CREATOR",
      "ORG_ADMIN",
    ])
    expect(
      WorkflowDefinition.actionsFrom(timeExtension, "PENDING_FOR_VERIFICATION").map((action) => action.name),
    ).toEqual(["VERIFY_AND_FORWARD", "SEND_BACK"])
  })

  it("WF-MB: drafts may be saved and submitted from start and from DRAFTED", () => {
    const measurement = muktaWorkflows.measurement
    for (const from of [start, "DRAFTED"]) {
      expect(WorkflowDefinition.actionsFrom(measurement, from).map((action) => action.name)).toEqual([
        "SAVE_AS_DRAFT",
        "SUBMIT",
      ])
    }
  })

  it("WF-MR: a muster roll has no REJECT and no REJECTED state: it is corrected, not discarded", () => {
    const musterRoll = muktaWorkflows.musterRoll
    expect(musterRoll.actions.some((action) => action.name === "REJECT")).toBe(false)
    expect(stateNames(musterRoll)).not.toContain("REJECTED")
  })

  it("WF-BILL: wage and supervision bills are approved on submission, by a bill creator or the system", () => {
    expect(muktaWorkflows.bill.actions).toEqual([
      {
        name: "SUBMIT",
        from: start,
        to: "APPROVED",
        roles: ["BILL_CREATOR", "SYSTEM"],
        isCommentRequired: false,
      },
    ])
  })

  it("WF-PB: only the approver may reject a purchase bill", () => {
    const rejecting = muktaWorkflows.purchaseBill.actions.filter((action) => action.name === "REJECT")
    expect(rejecting.map((action) => [action.from, action.roles])).toEqual([
      ["PENDING_FOR_APPROVAL", ["BILL_APPROVER"]],
    ])
  })

  it("WF-CLOSE: sent back from either pending state to correction, resubmitted by the submitters", () => {
    const closure = muktaWorkflows.projectClosure
    const sendBacks = closure.actions.filter((action) => action.name === "SEND_BACK")
    expect(sendBacks.map((action) => [action.from, action.to])).toEqual([
      ["PENDING_FOR_VERIFICATION", "PENDING_FOR_CORRECTION"],
      ["PENDING_FOR_APPROVAL", "PENDING_FOR_CORRECTION"],
    ])
    expect(WorkflowDefinition.actionsFrom(closure, "PENDING_FOR_CORRECTION")[0]?.roles).toEqual([
      "ORG_ADMIN",
      "WORK_ORDER_CREATOR",
    ])
  })

  it("WF-1: every MUKTA REJECT is flagged comment-required, DRAFTED and terminal states have no SLA, no state demands documents", () => {
    for (const { definition } of definitions) {
      for (const action of definition.actions) expect(action.isCommentRequired).toBe(action.name === "REJECT")
      for (const state of definition.states) {
        expect(state.isDocumentRequired).toBe(false)
        if (state.isTerminal || state.name === "DRAFTED") expect(state.slaDays).toBeUndefined()
        else expect(state.slaDays).toBeGreaterThan(0)
      }
    }
  })

  describe.each(definitions)("path tests", ({ specId, definition }) => {
    const paths = shortestPaths(definition)

    it(`${specId}: WF-3 every state is reached along a shortest path, status and version following the timeline`, () => {
      expect([...paths.keys()].filter((state) => state !== start).sort()).toEqual(
        [...stateNames(definition)].sort(),
      )
      for (const [state, path] of paths) {
        const snapshot = walk(definition, path)
        expect(snapshot.state).toBe(state)
        expect(snapshot.version).toBe(path.length)
        expect(snapshot.timeline.map((entry) => entry.action)).toEqual(path.map((action) => action.name))
        expect(snapshot.status).toBe(
          WorkflowDefinition.findState(definition, state)?.applicationStatus ?? null,
        )
      }
    })

    it(`${specId}: WF-2 every listed transition is taken from its state and lands in its target`, () => {
      for (const action of definition.actions) {
        const before = walk(definition, paths.get(action.from) ?? [])
        expect(before.state).toBe(action.from)
        const after = take(definition, before, action)
        expect(after.state).toBe(action.to)
        expect(after.timeline.at(-1)).toMatchObject({ action: action.name, from: action.from, to: action.to })
      }
    })

    it(`${specId}: WF-2 every unlisted (state, action) pair is refused with ACTION_NOT_ALLOWED and changes nothing`, () => {
      const actionNames = [...new Set([...definition.actions.map((action) => action.name), "CANCEL"])]
      for (const [state, path] of paths) {
        const snapshot = walk(definition, path)
        const frozen = structuredClone(snapshot)
        const listed = WorkflowDefinition.actionsFrom(definition, state).map((action) => action.name)
        for (const name of actionNames.filter((candidate) => !listed.includes(candidate))) {
          const result = WorkflowEngine.transition(definition, snapshot, {
            type: name,
            actor: {
              userId: "anyone",
              grants: definition.actions.flatMap((action) => holderOf(action).grants),
            },
            version: snapshot.version,
            comment: "trying",
            at: DateTime.makeUnsafe("2024-02-01T00:00:00Z"),
          })
          expect(Result.isFailure(result) && result.failure.code).toBe("ACTION_NOT_ALLOWED")
          if (Result.isFailure(result) && result.failure._tag === "ActionNotAllowed") {
            expect(result.failure.allowedActions).toEqual([...new Set(listed)])
          }
        }
        expect(snapshot).toEqual(frozen)
      }
    })

    it(`${specId}: WF-2 nothing can be done from a terminal state`, () => {
      const terminals = definition.states.filter((state) => state.isTerminal)
      expect(terminals.length).toBeGreaterThan(0)
      for (const terminal of terminals) {
        const snapshot = walk(definition, paths.get(terminal.name) ?? [])
        for (const action of definition.actions) {
          const result = WorkflowEngine.transition(definition, snapshot, {
            type: action.name,
            actor: holderOf(action),
            version: snapshot.version,
            comment: "after the end",
            at: DateTime.makeUnsafe("2024-02-01T00:00:00Z"),
          })
          expect(Result.isFailure(result) && result.failure._tag).toBe("ActionNotAllowed")
        }
      }
    })
  })
})
