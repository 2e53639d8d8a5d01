/**
 * State and business SLAs (WF-6), counted in local days of the tenant's zone.
 */
import { describe, expect, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Config, Time, Workflow } from "@karya/core"
import { DateTime, Result } from "effect"

const { Sla, WorkflowDefinition, WorkflowEngine, WorkflowSnapshot } = Workflow
const { muktaWorkflows } = Workflow.MuktaWorkflows
const { LocalDate, TimeZone } = Time

type Definition = Workflow.WorkflowDefinition.WorkflowDefinition
type Snapshot = Workflow.WorkflowSnapshot.WorkflowSnapshot

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")
const day = LocalDate.makeUnsafe

// The spec's example state: SLA 5 days; a remark may be added without moving on.
const review = WorkflowDefinition.makeUnsafe({
  code: "review",
  entityKind: "thing",
  businessSlaDays: 10,
  states: [
    {
      name: "PENDING_FOR_REVIEW",
      applicationStatus: "SUBMITTED",
      isTerminal: false,
      slaDays: 5,
      isDocumentRequired: false,
    },
    {
      name: "PENDING_FOR_SIGNATURE",
      applicationStatus: "REVIEWED",
      isTerminal: false,
      slaDays: 1,
      isDocumentRequired: false,
    },
    { name: "DONE", applicationStatus: "DONE", isTerminal: true, isDocumentRequired: false },
  ],
  actions: [
    { name: "SUBMIT", from: "start", to: "PENDING_FOR_REVIEW", roles: ["CLERK"], isCommentRequired: false },
    {
      name: "ADD_REMARK",
      from: "PENDING_FOR_REVIEW",
      to: "PENDING_FOR_REVIEW",
      roles: ["CLERK"],
      isCommentRequired: true,
    },
    {
      name: "REVIEW",
      from: "PENDING_FOR_REVIEW",
      to: "PENDING_FOR_SIGNATURE",
      roles: ["CLERK"],
      isCommentRequired: false,
    },
    { name: "SIGN", from: "PENDING_FOR_SIGNATURE", to: "DONE", roles: ["CLERK"], isCommentRequired: false },
  ],
})

const take = (
  definition: Definition,
  snapshot: Snapshot,
  type: string,
  iso: string,
  role = "CLERK",
): Snapshot =>
  Result.getOrThrow(
    WorkflowEngine.transition(definition, snapshot, {
      type,
      actor: { userId: "u", grants: [{ role, tenantId: dhenkanal }] },
      version: snapshot.version,
      comment: "noted",
      at: DateTime.makeUnsafe(iso),
    }),
  )

const fresh = (definition: Definition): Snapshot =>
  WorkflowSnapshot.initial({ entityId: "entity-1", tenantId: dhenkanal, definitionCode: definition.code })

// 15 Jan 01:30 in India, still 14 Jan in UTC.
const enteredOn15Jan = take(review, fresh(review), "SUBMIT", "2024-01-14T20:00:00Z")

const query = (
  snapshot: Snapshot,
  today: string,
  timeZone = TimeZone.india,
  definition: Definition = review,
) => ({
  definition,
  snapshot,
  today: day(today),
  timeZone,
})

describe("Sla", () => {
  it("WF-6: entered 15 Jan with SLA 5: not breached on 20 Jan (0 days left), breached from 21 Jan", () => {
    expect(Sla.stateSlaDaysRemaining(query(enteredOn15Jan, "2024-01-15"))).toBe(5)
    expect(Sla.stateSlaDaysRemaining(query(enteredOn15Jan, "2024-01-20"))).toBe(0)
    expect(Sla.isStateSlaBreached(query(enteredOn15Jan, "2024-01-20"))).toBe(false)
    expect(Sla.stateSlaDaysRemaining(query(enteredOn15Jan, "2024-01-21"))).toBe(-1)
    expect(Sla.isStateSlaBreached(query(enteredOn15Jan, "2024-01-21"))).toBe(true)
  })

  it("WF-6: days remaining go negative and keep counting", () => {
    expect(Sla.stateSlaDaysRemaining(query(enteredOn15Jan, "2024-01-25"))).toBe(-5)
    expect(Sla.stateSlaDaysRemaining(query(enteredOn15Jan, "2024-03-15"))).toBe(5 - 60)
  })

  it("WF-6 / TIME-1: the entry date is the local date of the entry instant in the tenant's zone", () => {
    const utc = TimeZone.makeUnsafe("UTC")
    expect(Sla.stateSlaDaysRemaining(query(enteredOn15Jan, "2024-01-20", utc))).toBe(-1)
    expect(Sla.isStateSlaBreached(query(enteredOn15Jan, "2024-01-20", utc))).toBe(true)
  })

  it("WF-6: the clock restarts when the entity enters a new state, not when it stays in its state", () => {
    const remarked = take(review, enteredOn15Jan, "ADD_REMARK", "2024-01-19T06:00:00Z")
    expect(Sla.stateSlaDaysRemaining(query(remarked, "2024-01-21"))).toBe(-1)
    const reviewed = take(review, remarked, "REVIEW", "2024-01-22T06:00:00Z")
    expect(Sla.stateSlaDaysRemaining(query(reviewed, "2024-01-22"))).toBe(1)
    expect(Sla.isStateSlaBreached(query(reviewed, "2024-01-23"))).toBe(false)
    expect(Sla.isStateSlaBreached(query(reviewed, "2024-01-24"))).toBe(true)
  })

  it("WF-6: the business SLA runs from the first transition through every state until the terminal state", () => {
    const reviewed = take(review, enteredOn15Jan, "REVIEW", "2024-01-22T06:00:00Z")
    expect(Sla.businessSlaDaysRemaining(query(reviewed, "2024-01-25"))).toBe(0)
    expect(Sla.isBusinessSlaBreached(query(reviewed, "2024-01-25"))).toBe(false)
    expect(Sla.businessSlaDaysRemaining(query(reviewed, "2024-01-26"))).toBe(-1)
    expect(Sla.isBusinessSlaBreached(query(reviewed, "2024-01-26"))).toBe(true)
    const done = take(review, reviewed, "SIGN", "2024-01-30T06:00:00Z")
    expect(Sla.businessSlaDaysRemaining(query(done, "2024-03-01"))).toBeNull()
    expect(Sla.isBusinessSlaBreached(query(done, "2024-03-01"))).toBe(false)
  })

  it("WF-6: terminal states never breach", () => {
    const done = take(
      review,
      take(review, enteredOn15Jan, "REVIEW", "2024-01-16T06:00:00Z"),
      "SIGN",
      "2024-01-17T06:00:00Z",
    )
    expect(Sla.stateSlaDaysRemaining(query(done, "2025-01-01"))).toBeNull()
    expect(Sla.isStateSlaBreached(query(done, "2025-01-01"))).toBe(false)
  })

  it("WF-6 / WF-EST: DRAFTED has no SLA and never breaches; before the first transition no clock runs", () => {
    const estimate = muktaWorkflows.estimate
    const drafted = take(
      estimate,
      fresh(estimate),
      "SAVE_AS_DRAFT",
      "2024-01-15T06:00:00Z",
      "ESTIMATE_CREATOR",
    )
    expect(Sla.stateSlaDaysRemaining(query(drafted, "2024-06-01", TimeZone.india, estimate))).toBeNull()
    expect(Sla.isStateSlaBreached(query(drafted, "2024-06-01", TimeZone.india, estimate))).toBe(false)
    expect(Sla.isBusinessSlaBreached(query(drafted, "2024-06-01", TimeZone.india, estimate))).toBe(true)
    expect(
      Sla.stateSlaDaysRemaining(query(fresh(estimate), "2024-06-01", TimeZone.india, estimate)),
    ).toBeNull()
    expect(
      Sla.businessSlaDaysRemaining(query(fresh(estimate), "2024-06-01", TimeZone.india, estimate)),
    ).toBeNull()
  })

  test.prop([fc.integer({ min: 0, max: 2000 }), fc.integer({ min: -10, max: 40 })])(
    "WF-6: a state is breached on local date d exactly when d > entry date + SLA days, and days remaining = SLA - days elapsed",
    (entryOffsetDays, elapsedDays) => {
      const entryDate = LocalDate.addDays(day("2020-01-01"), entryOffsetDays)
      const entered = take(
        review,
        fresh(review),
        "SUBMIT",
        DateTime.formatIso(LocalDate.startInstant(entryDate, TimeZone.india)),
      )
      const today = LocalDate.addDays(entryDate, elapsedDays)
      const asked = query(entered, today)
      expect(Sla.stateSlaDaysRemaining(asked)).toBe(5 - elapsedDays)
      expect(Sla.isStateSlaBreached(asked)).toBe(LocalDate.isAfter(today, LocalDate.addDays(entryDate, 5)))
    },
  )
})
