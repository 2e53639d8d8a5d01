/**
 * The pure workflow engine: taking an action (WF-2), the timeline it records
 * (WF-3), concurrency by version (WF-4) and next actions (WF-7), by example
 * and by properties over random action sequences on every MUKTA workflow.
 */
import { describe, expect, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Config, Workflow } from "@karya/core"
import { muktaWorkflowSpecIds, workflowEventArbitrary } from "@karya/core/testing"
import { DateTime, Result } from "effect"

const { WorkflowDefinition, WorkflowEngine, WorkflowSnapshot } = Workflow
const { muktaWorkflows } = Workflow.MuktaWorkflows

type Definition = Workflow.WorkflowDefinition.WorkflowDefinition
type Snapshot = Workflow.WorkflowSnapshot.WorkflowSnapshot
type Actor = Workflow.Actor.Actor
type Event = Workflow.WorkflowEngine.WorkflowEvent

const tenant = Config.TenantId.makeUnsafe
const dhenkanal = tenant("od.dhenkanal")
const odisha = tenant("od")
const cuttack = tenant("od.cuttack")
const at = DateTime.makeUnsafe("2024-01-15T06:00:00Z")

const actor = (userId: string, role: string, tenantId = dhenkanal): Actor => ({
  userId,
  grants: [{ role, tenantId }],
})

const creator = actor("je-1", "ESTIMATE_CREATOR")
const verifier = actor("ee-1", "ESTIMATE_VERIFIER")
const sanctioner = actor("me-1", "TECHNICAL_SANCTIONER")
const approver = actor("eo-1", "ESTIMATE_APPROVER")

const fresh = (definition: Definition = muktaWorkflows.estimate): Snapshot =>
  WorkflowSnapshot.initial({
    entityId: "ES/2023-24/000372",
    tenantId: dhenkanal,
    definitionCode: definition.code,
  })

const event = (snapshot: Snapshot, type: string, by: Actor, extra: Partial<Event> = {}): Event => ({
  type,
  actor: by,
  version: snapshot.version,
  at,
  ...extra,
})

const step = (
  definition: Definition,
  snapshot: Snapshot,
  type: string,
  by: Actor,
  extra: Partial<Event> = {},
) => Result.getOrThrow(WorkflowEngine.transition(definition, snapshot, event(snapshot, type, by, extra)))

const failureOf = (
  definition: Definition,
  snapshot: Snapshot,
  type: string,
  by: Actor,
  extra: Partial<Event> = {},
) => {
  const result = WorkflowEngine.transition(definition, snapshot, event(snapshot, type, by, extra))
  if (Result.isSuccess(result)) throw new Error(`expected ${type} to be refused`)
  return result.failure
}

const estimateAt = (state: "PENDING_FOR_VERIFICATION" | "PENDING_FOR_APPROVAL"): Snapshot => {
  const submitted = step(muktaWorkflows.estimate, fresh(), "SUBMIT", creator)
  if (state === "PENDING_FOR_VERIFICATION") return submitted
  const verified = step(muktaWorkflows.estimate, submitted, "VERIFY_AND_FORWARD", verifier)
  return step(muktaWorkflows.estimate, verified, "TECHNICAL_SANCTION", sanctioner)
}

// A tenant definition whose REJECT is not flagged, and whose states need
// documents, to exercise WF-2's content rules.
const strict = WorkflowDefinition.makeUnsafe({
  code: "strict",
  entityKind: "thing",
  businessSlaDays: 5,
  states: [
    {
      name: "PENDING_FOR_REVIEW",
      applicationStatus: "SUBMITTED",
      isTerminal: false,
      slaDays: 2,
      isDocumentRequired: true,
    },
    { name: "DONE", applicationStatus: "DONE", isTerminal: true, isDocumentRequired: false },
    { name: "REJECTED", applicationStatus: "REJECTED", isTerminal: true, isDocumentRequired: true },
  ],
  actions: [
    { name: "SUBMIT", from: "start", to: "PENDING_FOR_REVIEW", roles: ["CLERK"], isCommentRequired: true },
    { name: "FINISH", from: "PENDING_FOR_REVIEW", to: "DONE", roles: ["REVIEWER"], isCommentRequired: false },
    {
      name: "REJECT",
      from: "PENDING_FOR_REVIEW",
      to: "REJECTED",
      roles: ["REVIEWER"],
      isCommentRequired: false,
    },
  ],
})
const clerk = actor("clerk-1", "CLERK")
const reviewer = actor("reviewer-1", "REVIEWER")

describe("WorkflowEngine", () => {
  describe("WF-2: taking an action", () => {
    it("WF-2: an action not on the current state is refused with ACTION_NOT_ALLOWED listing the allowed actions", () => {
      const failure = failureOf(
        muktaWorkflows.estimate,
        estimateAt("PENDING_FOR_VERIFICATION"),
        "APPROVE",
        approver,
      )
      expect(failure._tag).toBe("ActionNotAllowed")
      if (failure._tag !== "ActionNotAllowed") return
      expect(failure.code).toBe("ACTION_NOT_ALLOWED")
      expect(failure.retryable).toBe(false)
      expect(failure.allowedActions).toEqual(["VERIFY_AND_FORWARD", "SEND_BACK", "REJECT"])
      expect(failure.message).toBe(
        "APPROVE cannot be taken on ES/2023-24/000372 while it is PENDING_FOR_VERIFICATION; choose one of: VERIFY_AND_FORWARD, SEND_BACK, REJECT.",
      )
    })

    it("WF-2: from a terminal state every action is refused with ACTION_NOT_ALLOWED and no allowed action", () => {
      const approved = step(muktaWorkflows.estimate, estimateAt("PENDING_FOR_APPROVAL"), "APPROVE", approver)
      const failure = failureOf(muktaWorkflows.estimate, approved, "REJECT", approver, {
        comment: "too late",
      })
      expect(failure._tag === "ActionNotAllowed" && failure.allowedActions).toEqual([])
      expect(failure.message).toMatch(/APPROVED, a final state: no action can be taken/)
    })

    it("WF-2: the actor must hold one of the action's roles in the entity's tenant or the state tenant (ROLE_NOT_ALLOWED)", () => {
      const pending = estimateAt("PENDING_FOR_VERIFICATION")
      const wrongRole = failureOf(muktaWorkflows.estimate, pending, "VERIFY_AND_FORWARD", creator)
      expect(wrongRole._tag).toBe("RoleNotAllowed")
      if (wrongRole._tag !== "RoleNotAllowed") return
      expect(wrongRole.code).toBe("ROLE_NOT_ALLOWED")
      expect(wrongRole.rolesAllowed).toEqual(["ESTIMATE_VERIFIER"])
      expect(wrongRole.message).toContain("User je-1 cannot take VERIFY_AND_FORWARD on ES/2023-24/000372")
      const otherUlb = actor("ee-2", "ESTIMATE_VERIFIER", cuttack)
      expect(failureOf(muktaWorkflows.estimate, pending, "VERIFY_AND_FORWARD", otherUlb).code).toBe(
        "ROLE_NOT_ALLOWED",
      )
      const otherState = actor("ee-3", "ESTIMATE_VERIFIER", tenant("ka"))
      expect(failureOf(muktaWorkflows.estimate, pending, "VERIFY_AND_FORWARD", otherState).code).toBe(
        "ROLE_NOT_ALLOWED",
      )
      const stateLevel = actor("ee-4", "ESTIMATE_VERIFIER", odisha)
      expect(step(muktaWorkflows.estimate, pending, "VERIFY_AND_FORWARD", stateLevel).state).toBe(
        "PENDING_FOR_TECHNICAL_SANCTION",
      )
    })

    it("WF-2: REJECT requires a comment even when not flagged; a blank comment counts as none (COMMENT_REQUIRED)", () => {
      const pending = step(strict, fresh(strict), "SUBMIT", clerk, {
        comment: "first",
        documents: ["filestore-1"],
      })
      for (const comment of [undefined, "", "   "]) {
        const failure = failureOf(strict, pending, "REJECT", reviewer, {
          documents: ["filestore-2"],
          ...(comment === undefined ? {} : { comment }),
        })
        expect(failure._tag === "ValidationFailed" && failure.problems).toEqual([
          {
            field: "comment",
            code: WorkflowEngine.commentRequiredCode,
            message: "REJECT needs a comment: say why.",
          },
        ])
      }
      const estimate = failureOf(
        muktaWorkflows.estimate,
        estimateAt("PENDING_FOR_VERIFICATION"),
        "REJECT",
        verifier,
      )
      expect(estimate._tag === "ValidationFailed" && estimate.problems[0]?.code).toBe("COMMENT_REQUIRED")
    })

    it("WF-2: a comment-flagged action requires a comment; an unflagged one does not", () => {
      const failure = failureOf(strict, fresh(strict), "SUBMIT", clerk, { documents: ["filestore-1"] })
      expect(failure._tag === "ValidationFailed" && failure.problems.map((found) => found.code)).toEqual([
        "COMMENT_REQUIRED",
      ])
      expect(step(muktaWorkflows.estimate, fresh(), "SUBMIT", creator).state).toBe("PENDING_FOR_VERIFICATION")
    })

    it("WF-2: documents are required where the target state is flagged (DOCUMENT_REQUIRED)", () => {
      for (const documents of [undefined, []]) {
        const failure = failureOf(strict, fresh(strict), "SUBMIT", clerk, {
          comment: "please review",
          ...(documents === undefined ? {} : { documents }),
        })
        expect(failure._tag === "ValidationFailed" && failure.problems.map((found) => found.code)).toEqual([
          WorkflowEngine.documentRequiredCode,
        ])
      }
      const pending = step(strict, fresh(strict), "SUBMIT", clerk, {
        comment: "ok",
        documents: ["filestore-1"],
      })
      expect(step(strict, pending, "FINISH", reviewer).state).toBe("DONE")
    })

    it("WF-2: an assignee must hold a role that can act in the target state, in the tenant or its state (ASSIGNEE_INVALID)", () => {
      const pending = estimateAt("PENDING_FOR_VERIFICATION")
      const failure = failureOf(muktaWorkflows.estimate, pending, "VERIFY_AND_FORWARD", verifier, {
        assignees: [
          actor("me-1", "TECHNICAL_SANCTIONER"),
          actor("eo-1", "ESTIMATE_APPROVER"),
          actor("me-2", "TECHNICAL_SANCTIONER", cuttack),
          actor("me-3", "TECHNICAL_SANCTIONER", odisha),
        ],
      })
      expect(
        failure._tag === "ValidationFailed" &&
          failure.problems.map((found) => `${found.field} ${found.code}`),
      ).toEqual(["assignees[1] ASSIGNEE_INVALID", "assignees[2] ASSIGNEE_INVALID"])
      expect(failure.message).toContain("eo-1 cannot act in PENDING_FOR_TECHNICAL_SANCTION")
      const assigned = step(muktaWorkflows.estimate, pending, "VERIFY_AND_FORWARD", verifier, {
        assignees: [actor("me-3", "TECHNICAL_SANCTIONER", odisha)],
      })
      expect(assigned.assignees).toEqual(["me-3"])
    })

    it("ERR-3 / WF-2: comment, documents and assignee problems of one request are reported together", () => {
      const pending = step(strict, fresh(strict), "SUBMIT", clerk, {
        comment: "ok",
        documents: ["filestore-1"],
      })
      const failure = failureOf(strict, pending, "REJECT", reviewer, { assignees: [reviewer] })
      expect(failure.code).toBe("VALIDATION_FAILED")
      expect(
        failure._tag === "ValidationFailed" &&
          failure.problems.map((found) => `${found.field} ${found.code}`),
      ).toEqual(["comment COMMENT_REQUIRED", "documents DOCUMENT_REQUIRED", "assignees[0] ASSIGNEE_INVALID"])
      expect(failure.message).toMatch(/^The REJECT request on ES\/2023-24\/000372 has 3 problems/)
      expect(failure.message).toContain("REJECTED is a final state, so nobody can be assigned")
    })

    it("WF-2: comment length, documents and assignees are limited, at the limit and one past it", () => {
      const pending = estimateAt("PENDING_FOR_VERIFICATION")
      const sanctioners = (count: number) =>
        Array.from({ length: count }, (_, index) => actor(`me-${index}`, "TECHNICAL_SANCTIONER"))
      const documents = (count: number) => Array.from({ length: count }, (_, index) => `filestore-${index}`)
      const atLimit = {
        comment: "x".repeat(WorkflowEngine.commentLengthMax),
        documents: documents(WorkflowEngine.documentsPerTransitionMax),
        assignees: sanctioners(WorkflowEngine.assigneesPerTransitionMax),
      }
      expect(step(muktaWorkflows.estimate, pending, "VERIFY_AND_FORWARD", verifier, atLimit).version).toBe(2)
      const failure = failureOf(muktaWorkflows.estimate, pending, "VERIFY_AND_FORWARD", verifier, {
        comment: "x".repeat(WorkflowEngine.commentLengthMax + 1),
        documents: documents(WorkflowEngine.documentsPerTransitionMax + 1),
        assignees: sanctioners(WorkflowEngine.assigneesPerTransitionMax + 1),
      })
      expect(
        failure._tag === "ValidationFailed" && failure.problems.map((found) => [found.code, found.limit]),
      ).toEqual([
        ["COMMENT_TOO_LONG", "2000"],
        ["DOCUMENTS_TOO_MANY", "20"],
        ["ASSIGNEES_TOO_MANY", "10"],
      ])
    })

    it("WF-2 / WF-4: checks run in order: version, then action, then role, then content", () => {
      const pending = estimateAt("PENDING_FOR_VERIFICATION")
      const stale = failureOf(muktaWorkflows.estimate, pending, "NOT_AN_ACTION", creator, { version: 0 })
      expect(stale.code).toBe("STALE_VERSION")
      expect(failureOf(muktaWorkflows.estimate, pending, "APPROVE", creator).code).toBe("ACTION_NOT_ALLOWED")
      expect(failureOf(muktaWorkflows.estimate, pending, "REJECT", creator).code).toBe("ROLE_NOT_ALLOWED")
      expect(failureOf(muktaWorkflows.estimate, pending, "REJECT", verifier).code).toBe("VALIDATION_FAILED")
    })

    it("WF-2: the snapshot of another definition is a defect, not a refusal", () => {
      expect(() =>
        WorkflowEngine.transition(muktaWorkflows.workOrder, fresh(), event(fresh(), "CREATE", creator)),
      ).toThrow(/own definition/)
    })
  })

  describe("WF-3: the timeline", () => {
    it("WF-3: a transition appends one immutable entry with action, from, to, actor, assignees, comment, documents and instant", () => {
      const before = estimateAt("PENDING_FOR_VERIFICATION")
      const frozen = structuredClone(before)
      const result = Result.getOrThrow(
        WorkflowEngine.transition(
          muktaWorkflows.estimate,
          before,
          event(before, "VERIFY_AND_FORWARD", verifier, {
            comment: "  rates checked  ",
            documents: ["filestore-9"],
            assignees: [actor("me-1", "TECHNICAL_SANCTIONER")],
          }),
        ),
      )
      const entry = {
        action: "VERIFY_AND_FORWARD",
        from: "PENDING_FOR_VERIFICATION",
        to: "PENDING_FOR_TECHNICAL_SANCTION",
        status: "VERIFIED",
        actorId: "ee-1",
        assignees: ["me-1"],
        comment: "rates checked",
        documents: ["filestore-9"],
        at,
      }
      expect(result.timeline).toEqual([...before.timeline, entry])
      expect(result.timeline[0]).toBe(before.timeline[0])
      expect(before).toEqual(frozen)
      expect(result).toMatchObject({
        state: "PENDING_FOR_TECHNICAL_SANCTION",
        status: "VERIFIED",
        version: 2,
        assignees: ["me-1"],
      })
    })

    it("WF-3: the current state and status are derived from the last entry; a blank comment is not recorded", () => {
      const submitted = step(muktaWorkflows.estimate, fresh(), "SUBMIT", creator, { comment: "   " })
      expect(submitted.timeline[0] !== undefined && "comment" in submitted.timeline[0]).toBe(false)
      const rebuilt = WorkflowSnapshot.fromTimeline({
        entityId: submitted.entityId,
        tenantId: submitted.tenantId,
        definitionCode: submitted.definitionCode,
        timeline: submitted.timeline,
      })
      expect(rebuilt).toEqual(submitted)
      expect([rebuilt.state, rebuilt.status]).toEqual(["PENDING_FOR_VERIFICATION", "SUBMITTED"])
    })
  })

  describe("WF-4: concurrency", () => {
    it("WF-4: two approvers deciding on the same version produce one approval; the second gets STALE_VERSION and changes nothing", () => {
      const pending = estimateAt("PENDING_FOR_APPROVAL")
      const secondApprover = actor("eo-2", "ESTIMATE_APPROVER")
      const first = WorkflowEngine.transition(
        muktaWorkflows.estimate,
        pending,
        event(pending, "APPROVE", approver),
      )
      const approved = Result.getOrThrow(first)
      const frozen = structuredClone(approved)
      const second = WorkflowEngine.transition(
        muktaWorkflows.estimate,
        approved,
        event(pending, "APPROVE", secondApprover),
      )
      expect(Result.isFailure(second)).toBe(true)
      if (Result.isSuccess(second)) return
      expect(second.failure._tag).toBe("StaleVersion")
      expect(second.failure.code).toBe("STALE_VERSION")
      expect(second.failure.retryable).toBe(true)
      expect(second.failure.message).toBe(
        "ES/2023-24/000372 changed while you were deciding (you saw version 3, it is now version 4); reload it, review the latest action and decide again.",
      )
      expect(approved).toEqual(frozen)
      expect(approved.timeline.filter((entry) => entry.action === "APPROVE")).toHaveLength(1)
    })

    it("WF-4: a decision on a version from the future is stale too", () => {
      const pending = estimateAt("PENDING_FOR_VERIFICATION")
      const failure = failureOf(muktaWorkflows.estimate, pending, "VERIFY_AND_FORWARD", verifier, {
        version: 7,
      })
      expect(failure._tag === "StaleVersion" && [failure.expectedVersion, failure.actualVersion]).toEqual([
        7, 1,
      ])
    })
  })

  describe("WF-7: next actions", () => {
    const names = (snapshot: Snapshot, by: Actor, definition: Definition = muktaWorkflows.estimate) =>
      WorkflowEngine.nextActions(definition, snapshot, by).map((found) => found.name)

    it("WF-7: lists the actions the actor's roles allow on the current state, in definition order", () => {
      expect(names(fresh(), creator)).toEqual(["SAVE_AS_DRAFT", "SUBMIT"])
      expect(names(fresh(), verifier)).toEqual([])
      const pending = estimateAt("PENDING_FOR_VERIFICATION")
      expect(names(pending, verifier)).toEqual(["VERIFY_AND_FORWARD", "SEND_BACK", "REJECT"])
      expect(names(pending, creator)).toEqual([])
      expect(names(pending, actor("ee-9", "ESTIMATE_VERIFIER", odisha))).toEqual([
        "VERIFY_AND_FORWARD",
        "SEND_BACK",
        "REJECT",
      ])
      expect(names(pending, actor("ee-8", "ESTIMATE_VERIFIER", cuttack))).toEqual([])
      const approval = estimateAt("PENDING_FOR_APPROVAL")
      expect(names(approval, approver)).toEqual(["APPROVE", "SEND_BACK", "SEND_BACK_TO_ORIGINATOR", "REJECT"])
      const both = { userId: "x", grants: [...creator.grants, ...verifier.grants] }
      expect(names(pending, both)).toEqual(["VERIFY_AND_FORWARD", "SEND_BACK", "REJECT"])
    })

    it("WF-7: in a terminal state there is nothing to do", () => {
      const approved = step(muktaWorkflows.estimate, estimateAt("PENDING_FOR_APPROVAL"), "APPROVE", approver)
      const everyone = {
        userId: "all",
        grants: muktaWorkflows.estimate.actions.flatMap((found) => actor("a", found.roles[0] ?? "").grants),
      }
      expect(names(approved, everyone)).toEqual([])
    })

    it("WF-7 / WF-MR: the CBO submits and resubmits a muster roll; the ULB verifies and approves", () => {
      const musterRoll = muktaWorkflows.musterRoll
      const cbo = actor("cbo-1", "ORG_ADMIN")
      const start = WorkflowSnapshot.initial({
        entityId: "MR/2024-25/000030",
        tenantId: dhenkanal,
        definitionCode: musterRoll.code,
      })
      expect(names(start, cbo, musterRoll)).toEqual(["SUBMIT"])
      const submitted = step(musterRoll, start, "SUBMIT", cbo)
      expect(names(submitted, cbo, musterRoll)).toEqual([])
      expect(names(submitted, actor("v", "MUSTER_ROLL_VERIFIER"), musterRoll)).toEqual([
        "VERIFY_AND_FORWARD",
        "SEND_BACK_TO_CBO",
      ])
    })
  })
})

// --- Properties over random action sequences on every MUKTA workflow -------

/** The tenants whose grants reach a record of od.dhenkanal, written out independently of TenantId.reaches. */
const reachingDhenkanal = ["od.dhenkanal", "od"]

const expectedRefusal = (definition: Definition, snapshot: Snapshot, taken: Event): string | undefined => {
  if (taken.version !== snapshot.version) return "STALE_VERSION"
  const action = definition.actions.find(
    (found) => found.from === snapshot.state && found.name === taken.type,
  )
  if (action === undefined) return "ACTION_NOT_ALLOWED"
  const holds = taken.actor.grants.some(
    (grant) => action.roles.includes(grant.role) && reachingDhenkanal.includes(grant.tenantId),
  )
  if (!holds) return "ROLE_NOT_ALLOWED"
  return undefined
}

const sequenceLengthMax = 30

describe.each(Object.entries(muktaWorkflows))("random action sequences", (key, definition) => {
  const specId = muktaWorkflowSpecIds[key as keyof typeof muktaWorkflows]
  const stateNames = new Set(definition.states.map((found) => found.name))

  test.prop([fc.gen(), fc.integer({ min: 1, max: sequenceLengthMax })], { numRuns: 40 })(
    `${specId}: WF-2 / WF-3 / WF-4 random sequences stay inside the definition, refuse what they must, change nothing on refusal, add one version per transition, and rebuild from the timeline`,
    (generate, length) => {
      let snapshot = WorkflowSnapshot.initial({
        entityId: "entity-1",
        tenantId: dhenkanal,
        definitionCode: definition.code,
      })
      for (let index = 0; index < length; index += 1) {
        const taken = generate(workflowEventArbitrary, definition, snapshot)
        const frozen = structuredClone(snapshot)
        const wasTerminal = WorkflowDefinition.isTerminalState(definition, snapshot.state)
        const refusal = expectedRefusal(definition, snapshot, taken)
        const result = WorkflowEngine.transition(definition, snapshot, taken)
        expect(snapshot).toEqual(frozen)
        if (Result.isFailure(result)) {
          if (refusal !== undefined) expect(result.failure.code).toBe(refusal)
          else expect(result.failure.code).toBe("VALIDATION_FAILED")
          continue
        }
        expect(refusal).toBeUndefined()
        expect(wasTerminal).toBe(false)
        const next = result.success
        expect(stateNames.has(next.state)).toBe(true)
        expect(next.version).toBe(snapshot.version + 1)
        expect(next.timeline.slice(0, -1)).toEqual(snapshot.timeline)
        expect(next.timeline).toHaveLength(snapshot.timeline.length + 1)
        expect(next.timeline.at(-1)).toMatchObject({
          action: taken.type,
          from: snapshot.state,
          to: next.state,
          actorId: taken.actor.userId,
          at: taken.at,
        })
        expect(WorkflowSnapshot.fromTimeline({ ...next, timeline: next.timeline })).toEqual(next)
        if (taken.type === "REJECT") expect(next.timeline.at(-1)?.comment?.trim()).toBeTruthy()
        snapshot = next
      }
    },
  )

  it(`${specId}: WF-2 the random sequences the properties use reach every state and produce every refusal`, () => {
    const reached = new Set<string>()
    const codes = new Set<string>()
    // Fixed seeds: the same sample on every run, so this check is deterministic.
    for (let sequence = 0; sequence < 60; sequence += 1) {
      let snapshot = WorkflowSnapshot.initial({
        entityId: "entity-1",
        tenantId: dhenkanal,
        definitionCode: definition.code,
      })
      for (let index = 0; index < sequenceLengthMax; index += 1) {
        const seed = sequence * sequenceLengthMax + index
        const [taken] = fc.sample(workflowEventArbitrary(definition, snapshot), { numRuns: 1, seed })
        if (taken === undefined) throw new Error("fast-check returned no sample")
        const result = WorkflowEngine.transition(definition, snapshot, taken)
        if (Result.isFailure(result)) codes.add(result.failure.code)
        else snapshot = result.success
        reached.add(snapshot.state)
      }
    }
    expect([...stateNames].filter((name) => !reached.has(name))).toEqual([])
    const refusals = ["STALE_VERSION", "ACTION_NOT_ALLOWED", "ROLE_NOT_ALLOWED"]
    expect(refusals.filter((code) => !codes.has(code))).toEqual([])
  })

  test.prop([fc.gen(), fc.integer({ min: 0, max: 12 })], { numRuns: 40 })(
    `${specId}: WF-7 next actions are exactly the actions the actor would not be refused for action or role`,
    (generate, length) => {
      let snapshot = WorkflowSnapshot.initial({
        entityId: "entity-1",
        tenantId: dhenkanal,
        definitionCode: definition.code,
      })
      for (let index = 0; index < length; index += 1) {
        const taken = generate(workflowEventArbitrary, definition, snapshot)
        const result = WorkflowEngine.transition(definition, snapshot, taken)
        if (Result.isSuccess(result)) snapshot = result.success
      }
      const probe = generate(workflowEventArbitrary, definition, snapshot)
      const offered = WorkflowEngine.nextActions(definition, snapshot, probe.actor).map((found) => found.name)
      const permitted = [...new Set(definition.actions.map((found) => found.name))].filter(
        (name) =>
          expectedRefusal(definition, snapshot, { ...probe, type: name, version: snapshot.version }) ===
          undefined,
      )
      expect([...new Set(offered)].sort()).toEqual(permitted.sort())
    },
  )
})
