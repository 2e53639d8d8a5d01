/**
 * Use cases of muster rolls (MR-1..MR-6, WF-MR): create (computed from the
 * logs and submitted by the CBO in one step), recompute, choose a skill, set
 * a modified total, take a workflow action, approve. Approval emits the
 * `MusterRollApproved` event the bills module turns into a wage bill
 * (BILL-W-1). A refused request changes nothing (ERR-2).
 *
 * Every change names the muster roll version it was decided on
 * (`STALE_VERSION` otherwise, WF-4). Who may change what, derived from the
 * tenant's muster-roll workflow so that a tenant's own definition (WF-8)
 * needs no code change:
 * - create: register staff holding a role of the definition's first action
 *   (MUKTA: ORG_ADMIN submits);
 * - recompute and choose a skill: anyone who can act on the muster roll in
 *   its current state (the CBO in correction, the verifier in
 *   verification…), never once it is final (`MUSTER_ROLL_NOT_EDITABLE`);
 * - set a modified total (MR-4): holders of the role of the
 *   `VERIFY_AND_FORWARD` action of the current state, i.e. the verifier.
 *
 * @since 0.1.0
 */
import { Context, DateTime, Effect, Option, Result } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import { workflowOf } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import { assert } from "../internal/assert.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { refuseProblems } from "../registries/internal/Refusal.js"
import type { SkillCode } from "../registries/LabourSkills.js"
import type { WageSeeker } from "../registries/WageSeeker.js"
import { WageSeekerRepository } from "../registries/WageSeekerRepository.js"
import * as BusinessClock from "../time/BusinessClock.js"
import * as LocalDate from "../time/LocalDate.js"
import * as Week from "../time/Week.js"
import { type Actor, holdsAnyRole } from "../workflow/Actor.js"
import type { DocumentReference } from "../workflow/TimelineEntry.js"
import type { WorkflowDefinition } from "../workflow/WorkflowDefinition.js"
import { actionsFrom, isTerminalState, rolesActingIn } from "../workflow/WorkflowDefinition.js"
import * as WorkflowEngine from "../workflow/WorkflowEngine.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import { AttendanceLogRepository } from "./AttendanceLogRepository.js"
import * as AttendanceRegister from "./AttendanceRegister.js"
import { getAttendanceRegister } from "./AttendanceRegisterUseCases.js"
import * as MusterRoll from "./MusterRoll.js"
import * as MusterRollApproved from "./MusterRollApproved.js"
import { MusterRollRepository } from "./MusterRollRepository.js"

/**
 * The code of the muster-roll workflow in a tenant's configuration (WF-MR).
 *
 * @since 0.1.0
 * @category models
 */
export const musterRollWorkflowCode = "muster-roll"

/**
 * The action whose roles may set modified totals (MR-4: the verifier).
 *
 * @since 0.1.0
 * @category models
 */
export const verifyActionName = "VERIFY_AND_FORWARD"

/**
 * Problem code: the skill named for an attendee is not one of their skills.
 *
 * @since 0.1.0
 * @category errors
 */
export const skillNotOfWageSeekerCode = "SKILL_NOT_OF_WAGE_SEEKER"

/**
 * The most logs one muster roll is computed from (MR-3): a register's week.
 * A register of 1,000 attendees logging an entry and an exit on all seven
 * days makes 14,000; a week past this bound is a device or an import gone
 * wrong. No intake rule bounds a week's logs (ATT-3 takes any number per
 * attendee and day), so creating or recomputing the muster roll refuses it
 * with `LOGS_PER_MUSTER_ROLL_EXCEEDED` rather than pay wages from it.
 *
 * @since 0.1.0
 * @category models
 */
export const logsPerMusterRollMax = 50_000

/**
 * The limit the use cases apply, `logsPerMusterRollMax` unless provided:
 * the rule's tests provide a small one, to reach the limit without storing
 * 50,000 logs in memory.
 *
 * @since 0.1.0
 * @category services
 */
export const LogsPerMusterRollMax = Context.Reference<number>(
  "@karya/core/attendance/MusterRollUseCases/LogsPerMusterRollMax",
  { defaultValue: () => logsPerMusterRollMax },
)

const definitionOf = (configuration: TenantConfiguration): WorkflowDefinition => {
  const definition = workflowOf(configuration, musterRollWorkflowCode)
  assert(definition !== undefined, "a loaded tenant configuration has the muster-roll workflow")
  return definition
}

// The skill of a row: the one named, else the wage seeker's only skill (module header of MusterRoll).
const skillOfRow = (
  wageSeeker: WageSeeker | undefined,
  named: SkillCode | undefined,
): SkillCode | undefined => {
  if (wageSeeker === undefined) return undefined
  if (named !== undefined && wageSeeker.skills.includes(named)) return named
  return wageSeeker.skills.length === 1 ? wageSeeker.skills[0] : undefined
}

const namedSkillProblems = (
  wageSeekers: ReadonlyArray<WageSeeker>,
  named: Readonly<Record<string, SkillCode>>,
): ReadonlyArray<FieldProblem> =>
  Object.entries(named).flatMap(([wageSeekerId, skillCode]) => {
    const wageSeeker = wageSeekers.find((each) => each.id === wageSeekerId)
    return wageSeeker?.skills.includes(skillCode) === true
      ? []
      : [
          {
            field: `skills.${wageSeekerId}`,
            code: skillNotOfWageSeekerCode,
            message: `${skillCode} is not a registered skill of ${wageSeekerId} on this register`,
          },
        ]
  })

// The wage seekers among `ids`.
const wageSeekersOf = Effect.fn("wageSeekersOf")(function* (tenantId: TenantId, ids: ReadonlyArray<string>) {
  return yield* AggregateStore.findByIds(yield* WageSeekerRepository, { tenantId, ids })
})

// Rows computed from the register's logs of the week (MR-3).
const computeFromLogs = Effect.fn("computeFromLogs")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly register: AttendanceRegister.AttendanceRegister
  readonly week: Week.Week
  readonly named: Readonly<Record<string, SkillCode>>
}) {
  const { configuration, register, week } = request
  const { tenantId, timeZone } = configuration
  const ids = MusterRoll.attendeesOfWeek(register, week)
  const wageSeekers = yield* wageSeekersOf(tenantId, ids)
  yield* refuseProblems("muster roll", namedSkillProblems(wageSeekers, request.named))
  const limit = yield* LogsPerMusterRollMax
  const logs = yield* AggregateStore.findAllWithin(
    yield* AttendanceLogRepository,
    {
      tenantId,
      where: {
        registerId: register.id,
        at: {
          from: DateTime.formatIso(LocalDate.startInstant(week.firstDate, timeZone)),
          to: DateTime.formatIso(LocalDate.endInstant(week.lastDate, timeZone)),
        },
      },
      orderBy: "at",
    },
    { itemsMax: limit },
  )
  if (Option.isNone(logs)) {
    return yield* new MusterRoll.LogsPerMusterRollExceeded({
      registerId: register.id,
      registerNumber: register.number,
      weekStart: week.firstDate,
      limit,
    })
  }
  return MusterRoll.computeRows({
    register,
    logs: logs.value,
    week,
    rule: configuration.attendanceDayRule,
    timeZone,
    skillOf: (wageSeekerId) =>
      skillOfRow(
        wageSeekers.find((each) => each.id === wageSeekerId),
        request.named[wageSeekerId],
      ),
  })
})

/**
 * A request to create a muster roll for a register's week (MR-1..MR-3).
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateMusterRollRequest {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly registerId: string
  /** The Monday the week starts on. */
  readonly weekStart: LocalDate.LocalDate
  /** The skill to pay each attendee with several skills, by wage seeker id. */
  readonly skills?: Readonly<Record<string, SkillCode>>
  readonly comment?: string
  readonly documents?: ReadonlyArray<DocumentReference>
}

const checkCreation = Effect.fn("checkCreation")(function* (
  request: CreateMusterRollRequest,
  register: AttendanceRegister.AttendanceRegister,
  timeZone: TenantConfiguration["timeZone"],
) {
  const { tenantId } = request
  const today = yield* BusinessClock.today(timeZone)
  const weekProblem = MusterRoll.weekProblem({ register, startDate: request.weekStart, today })
  if (weekProblem !== undefined) return yield* Effect.fail(weekProblem)
  const staffDate = LocalDate.isAfter(today, register.endDate) ? register.endDate : today
  if (!AttendanceRegister.isStaffOn(register, request.actor.userId, staffDate)) {
    const registerNumber = register.number
    return yield* Effect.fail(
      new AttendanceRegister.NotRegisterStaff({
        userId: request.actor.userId,
        registerNumber,
        date: staffDate,
      }),
    )
  }
  const existing = yield* AggregateStore.findFirst(yield* MusterRollRepository, {
    tenantId,
    where: { registerId: register.id, weekStart: request.weekStart },
  })
  if (Option.isSome(existing)) return yield* Effect.fail(duplicateOf(existing.value))
})

const duplicateOf = (holder: MusterRoll.MusterRoll) =>
  new MusterRoll.DuplicateMusterRoll({
    existingMusterRollId: holder.id,
    existingMusterRollNumber: holder.number,
    registerId: holder.registerId,
    weekStart: holder.week.firstDate,
  })

// Stores a new muster roll; when a concurrent request stored the week's
// first, the refusal names it by its number too (MR-2).
const insertMusterRoll = Effect.fn("insertMusterRoll")(function* (musterRoll: MusterRoll.MusterRoll) {
  const repository = yield* MusterRollRepository
  yield* repository.insert({ aggregate: musterRoll }).pipe(
    Effect.catchTag("DuplicateMusterRoll", (clash) =>
      repository.get({ tenantId: musterRoll.tenantId, id: clash.existingMusterRollId }).pipe(
        // A claim's holder is stored with it, and muster rolls are never deleted.
        Effect.catchTag("MusterRollNotFound", (missing) => Effect.die(missing)),
        Effect.flatMap((holder) => Effect.fail(duplicateOf(holder))),
      ),
    ),
  )
})

const eventOf = (
  request: {
    readonly actor: Actor
    readonly comment?: string
    readonly documents?: ReadonlyArray<DocumentReference>
  },
  options: {
    readonly type: string
    readonly version: number
    readonly at: WorkflowEngine.WorkflowEvent["at"]
  },
): WorkflowEngine.WorkflowEvent => ({
  type: options.type,
  actor: request.actor,
  version: options.version,
  at: options.at,
  ...(request.comment === undefined ? {} : { comment: request.comment }),
  ...(request.documents === undefined ? {} : { documents: request.documents }),
})

/**
 * Creates and submits a muster roll (MR-1..MR-3, MR-5): the week must start
 * on a Monday, overlap the register and not start after today; one per
 * register and week; the actor is register staff and may take the
 * workflow's first action (SUBMIT). Rows are computed from the logs.
 *
 * @since 0.1.0
 * @category constructors
 */
export const createMusterRoll = Effect.fn("createMusterRoll")(function* (request: CreateMusterRollRequest) {
  const configuration = yield* configurationOf(request.tenantId)
  const register = yield* getAttendanceRegister({
    tenantId: configuration.tenantId,
    registerId: request.registerId,
  })
  yield* checkCreation(request, register, configuration.timeZone)
  const week = Week.weekOf(request.weekStart)
  const rows = yield* computeFromLogs({ configuration, register, week, named: request.skills ?? {} })
  const definition = definitionOf(configuration)
  const id = yield* EntityId.make
  const at = yield* BusinessClock.currentInstant
  const initial = WorkflowSnapshot.initial({
    entityId: id,
    tenantId: configuration.tenantId,
    definitionCode: definition.code,
  })
  const [firstAction] = actionsFrom(definition, initial.state)
  assert(firstAction !== undefined, "a checked definition has an action from start")
  const submitted = yield* Effect.fromResult(
    WorkflowEngine.transition(
      definition,
      initial,
      eventOf(request, { type: firstAction.name, version: 0, at }),
    ),
  )
  const number = yield* HumanNumber.issueNumber({
    tenantId: configuration.tenantId,
    cityCode: configuration.cityCode,
    series: "musterRoll",
    idFormat: configuration.idFormats.musterRoll,
    timeZone: configuration.timeZone,
  })
  const musterRoll: MusterRoll.MusterRoll = {
    id,
    tenantId: configuration.tenantId,
    number,
    version: 1,
    registerId: register.id,
    registerNumber: register.number,
    workOrderId: register.workOrderId,
    organisationId: register.organisationId,
    week,
    rows,
    workflow: submitted,
    computedAt: at,
  }
  MusterRoll.assertConsistentRows(musterRoll)
  yield* insertMusterRoll(musterRoll)
  return musterRoll
})

/**
 * Loads a muster roll or fails with `MUSTER_ROLL_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getMusterRoll = Effect.fn("getMusterRoll")(function* (query: {
  readonly tenantId: TenantId
  readonly musterRollId: string
}) {
  return yield* (yield* MusterRollRepository).get({ tenantId: query.tenantId, id: query.musterRollId })
})

/**
 * What every change of a muster roll names: the tenant, the actor, the
 * muster roll and the version decided on.
 *
 * @since 0.1.0
 * @category models
 */
export interface MusterRollChange {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly musterRollId: string
  readonly version: number
}

const loadCurrent = Effect.fn("loadCurrentMusterRoll")(function* (change: MusterRollChange) {
  const musterRoll = yield* getMusterRoll({
    tenantId: change.tenantId,
    musterRollId: change.musterRollId,
  })
  if (musterRoll.version !== change.version) {
    return yield* Effect.fail(
      new WorkflowEngine.StaleVersion({
        entityId: musterRoll.id,
        expectedVersion: change.version,
        actualVersion: musterRoll.version,
      }),
    )
  }
  return musterRoll
})

// The change is allowed to holders of `roles`, in a state that is not final.
const requireEditor = (
  musterRoll: MusterRoll.MusterRoll,
  options: {
    readonly actor: Actor
    readonly roles: ReadonlyArray<string>
    readonly change: string
    readonly isFinal: boolean
  },
) => {
  const { state } = musterRoll.workflow
  if (options.isFinal || options.roles.length === 0) {
    return Effect.fail(
      new MusterRoll.MusterRollNotEditable({
        musterRollNumber: musterRoll.number,
        state,
        change: options.change,
      }),
    )
  }
  return holdsAnyRole(options.actor, { roles: options.roles, tenantId: musterRoll.tenantId })
    ? Effect.void
    : Effect.fail(
        new WorkflowEngine.RoleNotAllowed({
          entityId: musterRoll.number,
          tenantId: musterRoll.tenantId,
          userId: options.actor.userId,
          action: options.change,
          rolesAllowed: options.roles,
        }),
      )
}

const requireActor = (
  definition: WorkflowDefinition,
  change: MusterRollChange,
  musterRoll: MusterRoll.MusterRoll,
  changeName: string,
) => {
  return requireEditor(musterRoll, {
    actor: change.actor,
    roles: rolesActingIn(definition, musterRoll.workflow.state),
    change: changeName,
    isFinal: isTerminalState(definition, musterRoll.workflow.state),
  })
}

const store = Effect.fn("storeMusterRoll")(function* (
  stored: MusterRoll.MusterRoll,
  next: MusterRoll.MusterRoll,
) {
  MusterRoll.assertConsistentRows(next)
  assert(next.version === stored.version + 1, "a stored change adds exactly one version")
  yield* (yield* MusterRollRepository).update({ aggregate: next, expectedVersion: stored.version })
  return next
})

/**
 * Recomputes a muster roll from the logs (MR-3, MR-4): modified totals are
 * discarded; a skill chosen before is kept while the wage seeker still has it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const recomputeMusterRoll = Effect.fn("recomputeMusterRoll")(function* (change: MusterRollChange) {
  const configuration = yield* configurationOf(change.tenantId)
  const musterRoll = yield* loadCurrent(change)
  yield* requireActor(definitionOf(configuration), change, musterRoll, "RECOMPUTE")
  const register = yield* getAttendanceRegister({
    tenantId: musterRoll.tenantId,
    registerId: musterRoll.registerId,
  })
  const named = Object.fromEntries(
    musterRoll.rows.flatMap((row) =>
      row.skillCode === undefined ? [] : [[row.wageSeekerId, row.skillCode] as const],
    ),
  )
  const rows = yield* computeFromLogs({
    configuration,
    register,
    week: musterRoll.week,
    named: {},
  }).pipe(Effect.map((computed) => computed.map((row) => keepNamedSkill(row, named[row.wageSeekerId]))))
  const computedAt = yield* BusinessClock.currentInstant
  return yield* store(musterRoll, { ...musterRoll, rows, computedAt, version: musterRoll.version + 1 })
})

// Keeps a previously chosen skill on a recomputed row that has none of its own.
const keepNamedSkill = (
  row: MusterRoll.MusterRollRow,
  named: SkillCode | undefined,
): MusterRoll.MusterRollRow =>
  row.skillCode === undefined && named !== undefined ? { ...row, skillCode: named } : row

/**
 * Chooses the skill an attendee is paid for (MR-3): one of the wage seeker's
 * registered skills.
 *
 * @since 0.1.0
 * @category constructors
 */
export const chooseMusterRollSkill = Effect.fn("chooseMusterRollSkill")(function* (
  change: MusterRollChange & { readonly wageSeekerId: string; readonly skillCode: SkillCode },
) {
  const configuration = yield* configurationOf(change.tenantId)
  const musterRoll = yield* loadCurrent(change)
  yield* requireActor(definitionOf(configuration), change, musterRoll, "CHOOSE_SKILL")
  const wageSeekers = yield* wageSeekersOf(musterRoll.tenantId, [change.wageSeekerId])
  yield* refuseProblems(
    "muster roll",
    namedSkillProblems(wageSeekers, { [change.wageSeekerId]: change.skillCode }),
  )
  const next = MusterRoll.chooseSkill(musterRoll, change)
  if (Result.isFailure(next)) return yield* Effect.fail(next.failure)
  return yield* store(musterRoll, next.success)
})

/**
 * Sets an attendee's modified total (MR-4): by the verifier (holders of the
 * `VERIFY_AND_FORWARD` roles of the current state); 0 to 7 in steps of 0.5.
 *
 * @since 0.1.0
 * @category constructors
 */
export const setModifiedAttendance = Effect.fn("setModifiedAttendance")(function* (
  change: MusterRollChange & { readonly wageSeekerId: string; readonly modifiedAttendance: string },
) {
  const configuration = yield* configurationOf(change.tenantId)
  const musterRoll = yield* loadCurrent(change)
  const definition = definitionOf(configuration)
  const verifyRoles = actionsFrom(definition, musterRoll.workflow.state)
    .filter((action) => action.name === verifyActionName)
    .flatMap((action) => action.roles)
  yield* requireEditor(musterRoll, {
    actor: change.actor,
    roles: verifyRoles,
    change: "MODIFY_ATTENDANCE",
    isFinal: isTerminalState(definition, musterRoll.workflow.state),
  })
  const next = MusterRoll.setModifiedAttendance(musterRoll, {
    wageSeekerId: change.wageSeekerId,
    value: change.modifiedAttendance,
  })
  if (Result.isFailure(next)) return yield* Effect.fail(next.failure)
  return yield* store(musterRoll, next.success)
})

/**
 * A workflow action on a muster roll (WF-MR).
 *
 * @since 0.1.0
 * @category models
 */
export interface MusterRollAction extends MusterRollChange {
  readonly action: string
  readonly comment?: string
  readonly assignees?: ReadonlyArray<Actor>
  readonly documents?: ReadonlyArray<DocumentReference>
}

/**
 * The outcome of a workflow action: the muster roll as stored (its workflow
 * snapshot, timeline entry included, written in the same update) and the
 * events for other modules (`MusterRollApproved` when the action approved
 * it).
 *
 * @since 0.1.0
 * @category models
 */
export interface ActionTaken {
  readonly musterRoll: MusterRoll.MusterRoll
  readonly events: ReadonlyArray<MusterRollApproved.MusterRollApproved>
}

/**
 * Takes a workflow action on a muster roll (MR-5, WF-MR) through the
 * tenant's definition. An action into a final state (approval) needs every
 * row to have a skill (`SKILL_MISSING`, MR-3) and emits `MusterRollApproved`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const takeMusterRollAction = Effect.fn("takeMusterRollAction")(function* (request: MusterRollAction) {
  const configuration = yield* configurationOf(request.tenantId)
  const musterRoll = yield* loadCurrent(request)
  const definition = definitionOf(configuration)
  const { workflow } = musterRoll
  const action = actionsFrom(definition, workflow.state).find(
    (candidate) => candidate.name === request.action,
  )
  if (action !== undefined && isTerminalState(definition, action.to)) {
    const missing = MusterRoll.skillProblem(musterRoll)
    if (missing !== undefined) return yield* Effect.fail(missing)
  }
  const at = yield* BusinessClock.currentInstant
  const event = {
    ...eventOf(request, { type: request.action, version: workflow.version, at }),
    ...(request.assignees === undefined ? {} : { assignees: request.assignees }),
  }
  const moved = yield* Effect.fromResult(WorkflowEngine.transition(definition, workflow, event))
  const next = { ...musterRoll, workflow: moved, version: musterRoll.version + 1 }
  yield* store(musterRoll, next)
  const isApproved = isTerminalState(definition, moved.state)
  return {
    musterRoll: next,
    events: isApproved
      ? [MusterRollApproved.fromMusterRoll(next, { approvedAt: at, approvedBy: request.actor.userId })]
      : [],
  } satisfies ActionTaken
})

/**
 * Approves a muster roll (MR-5): the `APPROVE` action; returns the
 * `MusterRollApproved` event for the wage bill (BILL-W-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const approveMusterRoll = Effect.fn("approveMusterRoll")(function* (
  request: Omit<MusterRollAction, "action">,
) {
  const taken = yield* takeMusterRollAction({ ...request, action: "APPROVE" })
  const [approved] = taken.events
  assert(approved !== undefined, "an APPROVE that succeeds reaches the final state")
  return { musterRoll: taken.musterRoll, approved }
})
