/**
 * Loading workflow definitions: a definition is data, checked on load with
 * every problem listed (WF-1), and a tenant can load any definition of the
 * same shape and run it without code changes (WF-8).
 */
import { describe, expect, it } from "@effect/vitest"
import { Config, Time, Workflow } from "@karya/core"
import { DateTime, Result, Schema } from "effect"

const { Sla, WorkflowDefinition, WorkflowEngine, WorkflowSnapshot } = Workflow
const { muktaWorkflows } = Workflow.MuktaWorkflows

type Definition = Workflow.WorkflowDefinition.WorkflowDefinition
type Snapshot = Workflow.WorkflowSnapshot.WorkflowSnapshot

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")

const state = (
  name: string,
  extra: { isTerminal?: boolean; slaDays?: number; isDocumentRequired?: boolean } = {},
) => ({
  name,
  applicationStatus: name,
  isTerminal: extra.isTerminal ?? false,
  isDocumentRequired: extra.isDocumentRequired ?? false,
  ...(extra.slaDays === undefined ? {} : { slaDays: extra.slaDays }),
})

const action = (from: string, name: string, to: string, roles: ReadonlyArray<string> = ["CLERK"]) => ({
  name,
  from,
  to,
  roles,
  isCommentRequired: false,
})

const problemsOf = (input: unknown) => {
  const result = WorkflowDefinition.validateDefinition(input)
  if (Result.isSuccess(result)) throw new Error("expected the definition to be refused")
  return result.failure
}

const fieldsAndCodes = (input: unknown) =>
  problemsOf(input)
    .problems.map((found) => `${found.field} ${found.code}`)
    .sort()

describe("WorkflowDefinition", () => {
  it("WF-1: a definition breaking every structural rule is refused with every problem listed, each with its code", () => {
    const refused = fieldsAndCodes({
      code: "broken",
      entityKind: "thing",
      businessSlaDays: 3,
      states: [
        state("OPEN", { slaDays: 2 }),
        state("OPEN"),
        state("ORPHAN"),
        state("IDLE"),
        state("LOOP"),
        state("DONE", { isTerminal: true }),
      ],
      actions: [
        action("start", "CREATE", "OPEN"),
        action("OPEN", "PARK", "IDLE"),
        action("OPEN", "SPIN", "LOOP"),
        action("OPEN", "FINISH", "DONE"),
        action("OPEN", "FINISH", "DONE"),
        action("ORPHAN", "FINISH", "DONE"),
        action("LOOP", "SPIN", "LOOP"),
        action("DONE", "REOPEN", "OPEN"),
        action("NOWHERE", "JUMP", "DONE"),
        action("OPEN", "LOSE", "MISSING"),
      ],
    })
    expect(refused).toEqual(
      [
        "states[1].name STATE_NAME_DUPLICATE",
        "actions[4].name ACTION_NAME_DUPLICATE",
        "actions[8].from STATE_UNKNOWN",
        "actions[9].to STATE_UNKNOWN",
        "states[2] STATE_UNREACHABLE",
        "states[3] STATE_WITHOUT_ACTION",
        "states[4] STATE_CANNOT_FINISH",
        "states[5] TERMINAL_STATE_HAS_ACTION",
      ].sort(),
    )
  })

  it("WF-1: a definition without an action from start is refused, and its states are unreachable", () => {
    const failure = problemsOf({
      code: "headless",
      entityKind: "thing",
      businessSlaDays: 3,
      states: [state("OPEN"), state("DONE", { isTerminal: true })],
      actions: [action("OPEN", "FINISH", "DONE")],
    })
    expect(failure.code).toBe("WORKFLOW_DEFINITION_INVALID")
    expect(failure.definitionCode).toBe("headless")
    expect(failure.problems.map((found) => `${found.field} ${found.code}`).sort()).toEqual([
      "actions START_ACTION_MISSING",
      "states[0] STATE_UNREACHABLE",
      "states[1] STATE_UNREACHABLE",
    ])
    expect(failure.message).toMatch(
      /^The workflow definition "headless" has 3 problems; correct the tenant configuration/,
    )
  })

  it("WF-1: shape problems are all reported together with their paths", () => {
    const failure = problemsOf({
      code: "Bad Code",
      entityKind: "thing",
      businessSlaDays: -1,
      states: [
        {
          name: "open",
          applicationStatus: "OPEN",
          isTerminal: "no",
          isDocumentRequired: false,
          slaDays: 1.5,
        },
      ],
      actions: [{ name: "CREATE", from: "start", to: "OPEN", roles: [], isCommentRequired: false }],
    })
    expect(failure.definitionCode).toBe("Bad Code")
    const fields = failure.problems.map((found) => found.field)
    expect(fields).toEqual(
      expect.arrayContaining([
        "code",
        "businessSlaDays",
        "states[0].name",
        "states[0].isTerminal",
        "states[0].slaDays",
        "actions[0].roles[0]",
      ]),
    )
    expect(failure.problems.every((found) => found.code === "VALUE_INVALID")).toBe(true)
    expect(problemsOf(42).definitionCode).toBe("(unknown)")
    expect(problemsOf({ code: "" }).definitionCode).toBe("(unknown)")
  })

  it("WF-1: the limits on states, actions and roles are enforced at the limit and one past it", () => {
    const chain = (count: number) => ({
      code: "chain",
      entityKind: "thing",
      businessSlaDays: 3,
      states: Array.from({ length: count }, (_, index) =>
        state(`S${index}`, { isTerminal: index === count - 1 }),
      ),
      actions: [
        action("start", "CREATE", "S0"),
        ...Array.from({ length: count - 1 }, (_, index) => action(`S${index}`, "NEXT", `S${index + 1}`)),
      ],
    })
    expect(Result.isSuccess(WorkflowDefinition.validateDefinition(chain(WorkflowDefinition.statesMax)))).toBe(
      true,
    )
    expect(fieldsAndCodes(chain(WorkflowDefinition.statesMax + 1))).toEqual(["states VALUE_INVALID"])

    const fan = (count: number) => ({
      code: "fan",
      entityKind: "thing",
      businessSlaDays: 3,
      states: [state("OPEN"), state("DONE", { isTerminal: true })],
      actions: [
        action("start", "CREATE", "OPEN"),
        ...Array.from({ length: count - 1 }, (_, index) => action("OPEN", `FINISH_${index}`, "DONE")),
      ],
    })
    expect(Result.isSuccess(WorkflowDefinition.validateDefinition(fan(WorkflowDefinition.actionsMax)))).toBe(
      true,
    )
    expect(fieldsAndCodes(fan(WorkflowDefinition.actionsMax + 1))).toEqual(["actions VALUE_INVALID"])

    const roles = (count: number) => Array.from({ length: count }, (_, index) => `ROLE_${index}`)
    const withRoles = (count: number) => ({
      ...fan(2),
      actions: [action("start", "CREATE", "OPEN", roles(count)), action("OPEN", "FINISH", "DONE")],
    })
    expect(
      Result.isSuccess(
        WorkflowDefinition.validateDefinition(withRoles(WorkflowDefinition.rolesPerActionMax)),
      ),
    ).toBe(true)
    expect(fieldsAndCodes(withRoles(WorkflowDefinition.rolesPerActionMax + 1))).toEqual([
      "actions[0].roles VALUE_INVALID",
    ])

    const named = (length: number, slaDays: number) => ({
      ...fan(2),
      businessSlaDays: slaDays,
      states: [state(`S${"X".repeat(length - 1)}`, { slaDays }), state("DONE", { isTerminal: true })],
      actions: [
        action("start", "CREATE", `S${"X".repeat(length - 1)}`),
        action(`S${"X".repeat(length - 1)}`, "FINISH", "DONE"),
      ],
    })
    const { nameLengthMax, slaDaysMax } = WorkflowDefinition
    expect(Result.isSuccess(WorkflowDefinition.validateDefinition(named(nameLengthMax, slaDaysMax)))).toBe(
      true,
    )
    expect(fieldsAndCodes(named(nameLengthMax + 1, slaDaysMax + 1))).toEqual([
      "businessSlaDays VALUE_INVALID",
      "states[0].applicationStatus VALUE_INVALID",
      "states[0].name VALUE_INVALID",
      "states[0].slaDays VALUE_INVALID",
    ])
  })

  it("WF-1: the checked Schema refuses structural problems too, so configuration embedding it is checked on decode", () => {
    const input = {
      code: "headless",
      entityKind: "thing",
      businessSlaDays: 3,
      states: [state("OPEN"), state("DONE", { isTerminal: true })],
      actions: [action("OPEN", "FINISH", "DONE")],
    }
    const decoded = Schema.decodeUnknownResult(WorkflowDefinition.WorkflowDefinition)(input, {
      errors: "all",
    })
    expect(Result.isFailure(decoded)).toBe(true)
    if (Result.isFailure(decoded)) expect(decoded.failure.message).toContain("START_ACTION_MISSING")
    expect(() => WorkflowDefinition.makeUnsafe(input)).toThrow(/START_ACTION_MISSING|action from "start"/)
    const estimate = Schema.decodeUnknownResult(WorkflowDefinition.WorkflowDefinition)(
      muktaWorkflows.estimate,
    )
    expect(Result.isSuccess(estimate)).toBe(true)
  })

  it("WF-8: a definition is plain data: it survives JSON and loads again unchanged", () => {
    for (const definition of Object.values(muktaWorkflows)) {
      const reloaded = WorkflowDefinition.makeUnsafe(JSON.parse(JSON.stringify(definition)))
      expect(reloaded).toEqual(definition)
    }
  })

  describe("WF-8: a tenant's own definition", () => {
    // The MUKTA estimate, with a finance concurrence step added after
    // technical sanction, APPROVE renamed, verification given to another role
    // and its SLA changed.
    const base = muktaWorkflows.estimate
    const finance = "PENDING_FOR_FINANCE_CONCURRENCE"
    const tenantEstimate: Definition = WorkflowDefinition.makeUnsafe({
      ...base,
      code: "estimate-with-finance",
      businessSlaDays: 9,
      states: [
        ...base.states.map((found) =>
          found.name === "PENDING_FOR_VERIFICATION" ? { ...found, slaDays: 4 } : found,
        ),
        state(finance, { slaDays: 3, isDocumentRequired: true }),
      ],
      actions: [
        ...base.actions.flatMap((found): ReadonlyArray<unknown> => {
          if (found.name === "VERIFY_AND_FORWARD") return [{ ...found, roles: ["EXECUTIVE_ENGINEER"] }]
          if (found.name === "APPROVE") return [{ ...found, name: "FORWARD_TO_FINANCE", to: finance }]
          return [found]
        }),
        action(finance, "CONCUR", "APPROVED", ["FINANCE_OFFICER"]),
        action(finance, "REJECT", "REJECTED", ["FINANCE_OFFICER"]),
      ],
    })

    const actorWith = (role: string) => ({
      userId: role.toLowerCase(),
      grants: [{ role, tenantId: dhenkanal }],
    })
    const act = (
      snapshot: Snapshot,
      type: string,
      role: string,
      extra: { documents?: ReadonlyArray<string> } = {},
    ) =>
      WorkflowEngine.transition(tenantEstimate, snapshot, {
        type,
        actor: actorWith(role),
        version: snapshot.version,
        at: DateTime.makeUnsafe("2024-01-15T06:00:00Z"),
        ...extra,
      })
    const succeed = (result: ReturnType<typeof act>): Snapshot => Result.getOrThrow(result)

    it("WF-8: runs with its added state, renamed action, changed roles and SLAs, and no code change", () => {
      let snapshot = WorkflowSnapshot.initial({
        entityId: "ES/2023-24/000001",
        tenantId: dhenkanal,
        definitionCode: tenantEstimate.code,
      })
      snapshot = succeed(act(snapshot, "SUBMIT", "ESTIMATE_CREATOR"))
      const query = {
        definition: tenantEstimate,
        snapshot,
        today: Time.LocalDate.makeUnsafe("2024-01-15"),
        timeZone: Time.TimeZone.india,
      }
      expect(Sla.stateSlaDaysRemaining(query)).toBe(4)
      expect(Sla.businessSlaDaysRemaining(query)).toBe(9)

      const oldRole = act(snapshot, "VERIFY_AND_FORWARD", "ESTIMATE_VERIFIER")
      expect(Result.isFailure(oldRole) && oldRole.failure.code).toBe("ROLE_NOT_ALLOWED")
      snapshot = succeed(act(snapshot, "VERIFY_AND_FORWARD", "EXECUTIVE_ENGINEER"))
      snapshot = succeed(act(snapshot, "TECHNICAL_SANCTION", "TECHNICAL_SANCTIONER"))

      const oldName = act(snapshot, "APPROVE", "ESTIMATE_APPROVER")
      expect(Result.isFailure(oldName) && oldName.failure.code).toBe("ACTION_NOT_ALLOWED")
      const withoutDocuments = act(snapshot, "FORWARD_TO_FINANCE", "ESTIMATE_APPROVER")
      expect(Result.isFailure(withoutDocuments) && withoutDocuments.failure.code).toBe("VALIDATION_FAILED")
      snapshot = succeed(
        act(snapshot, "FORWARD_TO_FINANCE", "ESTIMATE_APPROVER", { documents: ["filestore-7"] }),
      )
      expect(snapshot.state).toBe(finance)
      expect(
        WorkflowEngine.nextActions(tenantEstimate, snapshot, actorWith("FINANCE_OFFICER")).map(
          (found) => found.name,
        ),
      ).toEqual(["CONCUR", "REJECT"])

      snapshot = succeed(act(snapshot, "CONCUR", "FINANCE_OFFICER"))
      expect([snapshot.state, snapshot.status, snapshot.version]).toEqual(["APPROVED", "APPROVED", 5])
    })

    it("WF-8: the shipped MUKTA default is untouched by the tenant's changes", () => {
      expect(WorkflowDefinition.findState(muktaWorkflows.estimate, finance)).toBeUndefined()
      expect(WorkflowDefinition.findState(muktaWorkflows.estimate, "PENDING_FOR_VERIFICATION")?.slaDays).toBe(
        2,
      )
      expect(muktaWorkflows.estimate.actions.some((found) => found.name === "APPROVE")).toBe(true)
    })
  })

  it("WF-1: lookups read the definition's data: states, actions from a state, roles acting there, terminal flags", () => {
    const estimate = muktaWorkflows.estimate
    expect(WorkflowDefinition.findState(estimate, WorkflowDefinition.startState)).toBeUndefined()
    expect(WorkflowDefinition.actionsFrom(estimate, "APPROVED")).toEqual([])
    expect(WorkflowDefinition.rolesActingIn(estimate, "PENDING_FOR_CORRECTION")).toEqual(["ESTIMATE_CREATOR"])
    expect(WorkflowDefinition.isTerminalState(estimate, "REJECTED")).toBe(true)
    expect(WorkflowDefinition.isTerminalState(estimate, WorkflowDefinition.startState)).toBe(false)
  })
})
