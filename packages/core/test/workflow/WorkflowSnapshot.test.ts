/**
 * Snapshots derived from timelines (WF-3): rebuilding, and decoding a stored
 * snapshot only when it agrees with its own timeline.
 */
import { describe, expect, it } from "@effect/vitest"
import { Config, Workflow } from "@karya/core"
import { DateTime, Result, Schema } from "effect"

const { WorkflowSnapshot } = Workflow

type Entry = Workflow.TimelineEntry.TimelineEntry

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")
const identity = { entityId: "ES/1", tenantId: dhenkanal, definitionCode: "estimate" }

const entry = (from: string, action: string, to: string, iso: string, status = to): Entry => ({
  action,
  from,
  to,
  status,
  actorId: "je-1",
  assignees: [],
  documents: [],
  at: DateTime.makeUnsafe(iso),
})

const timeline: ReadonlyArray<Entry> = [
  entry("start", "SAVE_AS_DRAFT", "DRAFTED", "2024-01-10T06:00:00Z"),
  entry("DRAFTED", "SAVE_AS_DRAFT", "DRAFTED", "2024-01-11T06:00:00Z"),
  entry("DRAFTED", "SAVE_AS_DRAFT", "DRAFTED", "2024-01-12T06:00:00Z"),
]

describe("WorkflowSnapshot", () => {
  it("WF-3: a new entity is in start, version 0, with no status, assignees or entry time", () => {
    const fresh = WorkflowSnapshot.initial(identity)
    expect(fresh).toEqual({
      ...identity,
      state: "start",
      status: null,
      version: 0,
      assignees: [],
      enteredStateAt: null,
      timeline: [],
    })
    expect(WorkflowSnapshot.isStarted(fresh)).toBe(false)
  })

  it("WF-3: state, status, version and assignees come from the last entry; staying in a state keeps its entry time", () => {
    const rebuilt = WorkflowSnapshot.fromTimeline({ ...identity, timeline })
    expect(rebuilt.state).toBe("DRAFTED")
    expect(rebuilt.version).toBe(3)
    expect(rebuilt.enteredStateAt).toEqual(DateTime.makeUnsafe("2024-01-10T06:00:00Z"))
    expect(WorkflowSnapshot.isStarted(rebuilt)).toBe(true)
    const moved = WorkflowSnapshot.fromTimeline({
      ...identity,
      timeline: [
        ...timeline,
        {
          ...entry("DRAFTED", "SUBMIT", "PENDING_FOR_VERIFICATION", "2024-01-13T06:00:00Z", "SUBMITTED"),
          assignees: ["ee-1"],
        },
      ],
    })
    expect([moved.state, moved.status, moved.assignees, moved.enteredStateAt]).toEqual([
      "PENDING_FOR_VERIFICATION",
      "SUBMITTED",
      ["ee-1"],
      DateTime.makeUnsafe("2024-01-13T06:00:00Z"),
    ])
  })

  it("WF-3: a timeline that is not a chain of transitions is a defect of the store", () => {
    const broken = [
      timeline[0],
      entry("PENDING_FOR_APPROVAL", "APPROVE", "APPROVED", "2024-01-11T06:00:00Z"),
    ].filter((found): found is Entry => found !== undefined)
    expect(WorkflowSnapshot.timelineBreak(broken)).toBe(
      "timeline entry 1 leaves PENDING_FOR_APPROVAL, but the entity was in DRAFTED",
    )
    expect(() => WorkflowSnapshot.fromTimeline({ ...identity, timeline: broken })).toThrow(
      /chain of transitions/,
    )
  })

  it("WF-3: a stored snapshot decodes only when its fields agree with its timeline", () => {
    const stored = WorkflowSnapshot.fromTimeline({ ...identity, timeline })
    const decode = Schema.decodeUnknownResult(WorkflowSnapshot.WorkflowSnapshot)
    expect(Result.isSuccess(decode(stored))).toBe(true)
    for (const tampered of [
      { ...stored, state: "PENDING_FOR_APPROVAL" },
      { ...stored, status: "APPROVED" },
      { ...stored, version: 2 },
      { ...stored, assignees: ["someone"] },
      { ...stored, enteredStateAt: DateTime.makeUnsafe("2024-01-12T06:00:00Z") },
      { ...stored, enteredStateAt: null },
      { ...stored, timeline: [...timeline].reverse() },
    ]) {
      expect(Result.isFailure(decode(tampered))).toBe(true)
    }
  })

  it("WF-3: a snapshot survives its JSON form (the timeline is what is stored)", () => {
    const stored = WorkflowSnapshot.fromTimeline({ ...identity, timeline })
    const codec = Schema.toCodecJson(WorkflowSnapshot.WorkflowSnapshot)
    const json = JSON.parse(JSON.stringify(Schema.encodeSync(codec)(stored)))
    expect(json.enteredStateAt).toBe("2024-01-10T06:00:00.000Z")
    expect(Schema.decodeUnknownSync(codec)(json)).toEqual(stored)
  })
})
