/**
 * Muster rolls (MR-1..MR-6): one week (Monday to Sunday, TIME-4) of one
 * attendance register, with one row per attendee enrolled during the week:
 * the seven day values computed from the logs (ATT-5), their total (actual
 * attendance), the attendee's skill (a labour SOR code, SOR-4) and, when a
 * verifier set one, a modified total. Effective attendance is the modified
 * total if set, else the actual; person-days are the sum of effective
 * attendance (MR-6).
 *
 * The computation is a pure function of the register, the logs, the week,
 * the tenant's day rule and time zone: it does not depend on the order of
 * the logs, nor on a log being sent twice.
 *
 * Decisions where the spec is silent:
 * - a day counts only when it is inside the register's window and inside
 *   one of the attendee's enrolments; other days are 0, whatever was logged;
 * - rows follow the order in which attendees were first enrolled;
 * - a row's skill is the one named when the muster roll is created, or the
 *   wage seeker's only skill; a wage seeker with several skills and none
 *   named gets no skill until one is chosen (`SKILL_MISSING` blocks
 *   approval, so a wrong wage is never paid by default).
 *
 * @since 0.1.0
 */
import { DateTime, Result, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import { assert } from "../internal/assert.js"
import * as Quantity from "../money/Quantity.js"
import { SkillCode } from "../registries/LabourSkills.js"
import * as LocalDate from "../time/LocalDate.js"
import type { TimeZone } from "../time/TimeZone.js"
import * as Week from "../time/Week.js"
import { WorkflowSnapshot } from "../workflow/WorkflowSnapshot.js"
import type { AttendanceLog } from "./AttendanceLog.js"
import * as AttendanceRegister from "./AttendanceRegister.js"
import * as DayRule from "./DayRule.js"

/**
 * One attendee's row (MR-3, MR-4).
 *
 * @since 0.1.0
 * @category models
 */
export const MusterRollRow = Schema.Struct({
  wageSeekerId: Schema.String,
  /** The labour SOR code the attendee is paid for; absent until known (blocks approval). */
  skillCode: Schema.optionalKey(SkillCode),
  /** Monday to Sunday, each 0, 0.5 or 1 (ATT-5). */
  dayValues: Schema.Array(Quantity.Quantity),
  /** Σ day values. */
  actualAttendance: Quantity.Quantity,
  /** Set by a verifier, 0 to 7 in steps of 0.5 (MR-4). */
  modifiedAttendance: Schema.optionalKey(Quantity.Quantity),
})

/**
 * @since 0.1.0
 * @category models
 */
export type MusterRollRow = typeof MusterRollRow.Type

/**
 * A muster roll as stored: versioned (DB-4; every stored change adds one),
 * tenant-scoped (TEN-1), its workflow side a `WorkflowSnapshot` (WF-MR).
 *
 * @since 0.1.0
 * @category models
 */
export const MusterRoll = Schema.Struct({
  id: EntityId,
  tenantId: TenantId,
  /** `MR/2024-25/000030` (ID-2). */
  number: HumanNumber,
  version: Schema.Int,
  registerId: Schema.String,
  registerNumber: Schema.String,
  workOrderId: Schema.String,
  organisationId: Schema.String,
  week: Week.Week,
  rows: Schema.Array(MusterRollRow),
  workflow: WorkflowSnapshot,
  /** When the rows were last computed from the logs. */
  computedAt: Schema.DateTimeUtc,
})

/**
 * @since 0.1.0
 * @category models
 */
export type MusterRoll = typeof MusterRoll.Type

/**
 * The muster roll's start date is not a Monday (MR-1).
 *
 * @since 0.1.0
 * @category errors
 */
export class StartNotMonday extends Schema.TaggedError<StartNotMonday>(
  "@karya/core/attendance/StartNotMonday",
)("StartNotMonday", { startDate: Schema.String, mondayBefore: Schema.String }) {
  static readonly code = "START_NOT_MONDAY"
  static readonly category = "badInput"
  readonly code = StartNotMonday.code
  readonly category = StartNotMonday.category
  readonly retryable = false
  override get message(): string {
    return `A muster roll covers a week from Monday; ${this.startDate} is not a Monday. Start it on ${this.mondayBefore}.`
  }
}

/**
 * The week does not overlap the register's window (MR-1).
 *
 * @since 0.1.0
 * @category errors
 */
export class MusterRollOutsideRegister extends Schema.TaggedError<MusterRollOutsideRegister>(
  "@karya/core/attendance/MusterRollOutsideRegister",
)("MusterRollOutsideRegister", {
  weekStart: Schema.String,
  registerNumber: Schema.String,
  startDate: Schema.String,
  endDate: Schema.String,
}) {
  static readonly code = "MUSTER_ROLL_OUTSIDE_REGISTER"
  static readonly category = "rule"
  readonly code = MusterRollOutsideRegister.code
  readonly category = MusterRollOutsideRegister.category
  readonly retryable = false
  override get message(): string {
    return `The week of ${this.weekStart} has no day inside ${this.registerNumber} (${this.startDate} to ${this.endDate}); choose a week of the register.`
  }
}

/**
 * The week starts after today (MR-1).
 *
 * @since 0.1.0
 * @category errors
 */
export class MusterRollInFuture extends Schema.TaggedError<MusterRollInFuture>(
  "@karya/core/attendance/MusterRollInFuture",
)("MusterRollInFuture", { weekStart: Schema.String, today: Schema.String }) {
  static readonly code = "MUSTER_ROLL_IN_FUTURE"
  static readonly category = "rule"
  readonly code = MusterRollInFuture.code
  readonly category = MusterRollInFuture.category
  readonly retryable = false
  override get message(): string {
    return `The week of ${this.weekStart} has not started yet (today is ${this.today}); create its muster roll once it has begun.`
  }
}

/**
 * The register already has a muster roll for the week (MR-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class DuplicateMusterRoll extends Schema.TaggedError<DuplicateMusterRoll>(
  "@karya/core/attendance/DuplicateMusterRoll",
)("DuplicateMusterRoll", {
  existingMusterRollId: Schema.String,
  /** Named by the use cases; the store's own refusal knows only the holder's id. */
  existingMusterRollNumber: Schema.optionalKey(Schema.String),
  registerId: Schema.String,
  weekStart: Schema.String,
}) {
  static readonly code = "DUPLICATE_MUSTER_ROLL"
  static readonly category = "conflict"
  readonly code = DuplicateMusterRoll.code
  readonly category = DuplicateMusterRoll.category
  readonly retryable = false
  override get message(): string {
    return `The week of ${this.weekStart} already has the muster roll ${this.existingMusterRollNumber ?? this.existingMusterRollId}; open it instead of creating another.`
  }
}

/**
 * The register's week has more logs than a muster roll is computed from
 * (MR-3, `logsPerMusterRollMax`): nothing is stored.
 *
 * @since 0.1.0
 * @category errors
 */
export class LogsPerMusterRollExceeded extends Schema.TaggedError<LogsPerMusterRollExceeded>(
  "@karya/core/attendance/LogsPerMusterRollExceeded",
)("LogsPerMusterRollExceeded", {
  registerId: Schema.String,
  registerNumber: Schema.String,
  weekStart: Schema.String,
  limit: Schema.Number,
}) {
  static readonly code = "LOGS_PER_MUSTER_ROLL_EXCEEDED"
  static readonly category = "rule"
  readonly code = LogsPerMusterRollExceeded.code
  readonly category = LogsPerMusterRollExceeded.category
  readonly retryable = false
  override get message(): string {
    return `The week of ${this.weekStart} on register ${this.registerNumber} has more than ${this.limit} attendance logs, the most a muster roll is computed from; have the devices or the import that sent them checked before creating this muster roll.`
  }
}

/**
 * Rows without a skill block approval (MR-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class SkillMissing extends Schema.TaggedError<SkillMissing>("@karya/core/attendance/SkillMissing")(
  "SkillMissing",
  { musterRollNumber: Schema.String, wageSeekerIds: Schema.NonEmptyArray(Schema.String) },
) {
  static readonly code = "SKILL_MISSING"
  static readonly category = "rule"
  readonly code = SkillMissing.code
  readonly category = SkillMissing.category
  readonly retryable = false
  override get message(): string {
    return `${this.musterRollNumber} cannot be approved: choose the skill of ${this.wageSeekerIds.join(", ")} first (it decides the daily wage).`
  }
}

/**
 * A modified total outside 0 to 7 or not a multiple of 0.5 (MR-4).
 *
 * @since 0.1.0
 * @category errors
 */
export class ModifiedAttendanceInvalid extends Schema.TaggedError<ModifiedAttendanceInvalid>(
  "@karya/core/attendance/ModifiedAttendanceInvalid",
)("ModifiedAttendanceInvalid", { wageSeekerId: Schema.String, value: Schema.String }) {
  static readonly code = "MODIFIED_ATTENDANCE_INVALID"
  static readonly category = "badInput"
  readonly code = ModifiedAttendanceInvalid.code
  readonly category = ModifiedAttendanceInvalid.category
  readonly retryable = false
  override get message(): string {
    return `"${this.value}" is not a valid attendance for ${this.wageSeekerId}: enter 0 to 7 days in steps of 0.5 (such as 4.5).`
  }
}

/**
 * The wage seeker has no row on the muster roll.
 *
 * @since 0.1.0
 * @category errors
 */
export class AttendeeNotOnMusterRoll extends Schema.TaggedError<AttendeeNotOnMusterRoll>(
  "@karya/core/attendance/AttendeeNotOnMusterRoll",
)("AttendeeNotOnMusterRoll", { wageSeekerId: Schema.String, musterRollNumber: Schema.String }) {
  static readonly code = "ATTENDEE_NOT_ON_MUSTER_ROLL"
  static readonly category = "rule"
  readonly code = AttendeeNotOnMusterRoll.code
  readonly category = AttendeeNotOnMusterRoll.category
  readonly retryable = false
  override get message(): string {
    return `Wage seeker ${this.wageSeekerId} has no row on ${this.musterRollNumber}; only attendees enrolled during the week are listed.`
  }
}

/**
 * No muster roll has this id in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class MusterRollNotFound extends Schema.TaggedError<MusterRollNotFound>(
  "@karya/core/attendance/MusterRollNotFound",
)("MusterRollNotFound", { tenantId: Schema.String, musterRollId: Schema.String }) {
  static readonly code = "MUSTER_ROLL_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = MusterRollNotFound.code
  readonly category = MusterRollNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No muster roll ${this.musterRollId} exists in ${this.tenantId}; check the id.`
  }
}

/**
 * The muster roll cannot be changed in its current state (it is approved,
 * or the change belongs to another step of WF-MR).
 *
 * @since 0.1.0
 * @category errors
 */
export class MusterRollNotEditable extends Schema.TaggedError<MusterRollNotEditable>(
  "@karya/core/attendance/MusterRollNotEditable",
)("MusterRollNotEditable", { musterRollNumber: Schema.String, state: Schema.String, change: Schema.String }) {
  static readonly code = "MUSTER_ROLL_NOT_EDITABLE"
  static readonly category = "rule"
  readonly code = MusterRollNotEditable.code
  readonly category = MusterRollNotEditable.category
  readonly retryable = false
  override get message(): string {
    return `${this.musterRollNumber} is ${this.state}, where ${this.change} is not allowed.`
  }
}

/**
 * Why a week cannot have a muster roll on a register today, if it cannot
 * (MR-1): the start is not a Monday, the week has no day in the register's
 * window, or it starts after today.
 *
 * @since 0.1.0
 * @category guards
 */
export const weekProblem = (options: {
  readonly register: AttendanceRegister.AttendanceRegister
  readonly startDate: LocalDate.LocalDate
  readonly today: LocalDate.LocalDate
}): StartNotMonday | MusterRollOutsideRegister | MusterRollInFuture | undefined => {
  const { register, startDate, today } = options
  if (!Week.isMonday(startDate)) {
    return new StartNotMonday({ startDate, mondayBefore: Week.weekOf(startDate).firstDate })
  }
  const week = Week.weekOf(startDate)
  if (
    LocalDate.isAfter(week.firstDate, register.endDate) ||
    LocalDate.isBefore(week.lastDate, register.startDate)
  ) {
    return new MusterRollOutsideRegister({
      weekStart: startDate,
      registerNumber: register.number,
      startDate: register.startDate,
      endDate: register.endDate,
    })
  }
  return LocalDate.isAfter(startDate, today)
    ? new MusterRollInFuture({ weekStart: startDate, today })
    : undefined
}

// First ENTRY and last EXIT per attendee and local day, whatever the order of the logs (ATT-5).
const entriesAndExits = (
  logs: ReadonlyArray<AttendanceLog>,
  timeZone: TimeZone,
): ReadonlyMap<string, DayRule.EntryAndExit> => {
  const days = new Map<string, { firstEntry: DateTime.Utc | undefined; lastExit: DateTime.Utc | undefined }>()
  for (const log of logs) {
    const key = JSON.stringify([log.wageSeekerId, LocalDate.fromInstant(log.at, timeZone)])
    const day = days.get(key) ?? { firstEntry: undefined, lastExit: undefined }
    const millis = DateTime.toEpochMillis(log.at)
    if (
      log.type === "ENTRY" &&
      (day.firstEntry === undefined || millis < DateTime.toEpochMillis(day.firstEntry))
    ) {
      day.firstEntry = log.at
    }
    if (
      log.type === "EXIT" &&
      (day.lastExit === undefined || millis > DateTime.toEpochMillis(day.lastExit))
    ) {
      day.lastExit = log.at
    }
    days.set(key, day)
  }
  return days
}

/**
 * What the computation of rows needs (MR-3): the register, its logs (of any
 * order, re-sends included), the week, the tenant's day rule and time zone,
 * and the skill of each attendee.
 *
 * @since 0.1.0
 * @category models
 */
export interface RowsRequest {
  readonly register: AttendanceRegister.AttendanceRegister
  readonly logs: ReadonlyArray<AttendanceLog>
  readonly week: Week.Week
  readonly rule: DayRule.DayRule
  readonly timeZone: TimeZone
  readonly skillOf: (wageSeekerId: string) => SkillCode | undefined
}

/**
 * The attendees of the week (MR-3): each wage seeker with an enrolment
 * sharing a day with both the week and the register window, in order of
 * first enrolment.
 *
 * @since 0.1.0
 * @category conversions
 */
export const attendeesOfWeek = (
  register: AttendanceRegister.AttendanceRegister,
  week: Week.Week,
): ReadonlyArray<string> => {
  const from = LocalDate.isAfter(register.startDate, week.firstDate) ? register.startDate : week.firstDate
  const to = LocalDate.isBefore(register.endDate, week.lastDate) ? register.endDate : week.lastDate
  if (LocalDate.isAfter(from, to)) return []
  const ids = register.attendees
    .filter((attendee) => AttendanceRegister.isEnrolledDuring(attendee, { from, to }))
    .map((attendee) => attendee.wageSeekerId)
  return [...new Set(ids)]
}

/**
 * Computes the rows of a muster roll from the logs (MR-3, ATT-5): every
 * attendee of the week, with no logs too (total 0); day values 0, 0.5 or 1;
 * actual attendance the sum of the seven; no modified totals.
 *
 * @since 0.1.0
 * @category math
 */
export const computeRows = (request: RowsRequest): ReadonlyArray<MusterRollRow> => {
  const { register, week, rule, timeZone } = request
  const days = entriesAndExits(
    request.logs.filter((log) => log.registerId === register.id && log.tenantId === register.tenantId),
    timeZone,
  )
  const dates = Week.datesOf(week)
  return attendeesOfWeek(register, week).map((wageSeekerId) => {
    const dayValues = dates.map((date) => {
      const counts =
        AttendanceRegister.containsDate(register, date) &&
        AttendanceRegister.enrolmentOn(register, wageSeekerId, date) !== undefined
      const day = days.get(JSON.stringify([wageSeekerId, date]))
      return counts && day !== undefined ? DayRule.dayValue(day, { rule, timeZone }) : DayRule.absentDay
    })
    const skillCode = request.skillOf(wageSeekerId)
    return {
      wageSeekerId,
      ...(skillCode === undefined ? {} : { skillCode }),
      dayValues,
      actualAttendance: Quantity.sum(dayValues),
    }
  })
}

/**
 * A row's effective attendance (MR-4): the modified total if set, else the
 * actual attendance.
 *
 * @since 0.1.0
 * @category math
 */
export const effectiveAttendance = (row: MusterRollRow): Quantity.Quantity =>
  row.modifiedAttendance ?? row.actualAttendance

/**
 * Person-days of a muster roll (MR-6): Σ effective attendance.
 *
 * @since 0.1.0
 * @category math
 */
export const personDays = (musterRoll: Pick<MusterRoll, "rows">): Quantity.Quantity =>
  Quantity.sum(musterRoll.rows.map(effectiveAttendance))

/**
 * The largest modified total: the seven days of a week (MR-4).
 *
 * @since 0.1.0
 * @category models
 */
export const modifiedAttendanceMax: Quantity.Quantity = Quantity.makeUnsafe(String(Week.daysPerWeek))

/**
 * Reads a modified total (MR-4): a decimal string from 0 to 7 in steps of
 * 0.5; anything else is `MODIFIED_ATTENDANCE_INVALID`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const modifiedAttendanceFrom = (
  value: string,
  options: { readonly wageSeekerId: string },
): Result.Result<Quantity.Quantity, ModifiedAttendanceInvalid> => {
  const parsed = Quantity.fromString(value)
  const isValid =
    Result.isSuccess(parsed) &&
    !Quantity.isLessThan(modifiedAttendanceMax, parsed.success) &&
    parsed.success.times(2).isInteger()
  return isValid
    ? Result.succeed(Quantity.makeUnsafe(Quantity.toCanonicalString(parsed.success)))
    : Result.fail(new ModifiedAttendanceInvalid({ wageSeekerId: options.wageSeekerId, value }))
}

const replaceRow = (
  musterRoll: MusterRoll,
  wageSeekerId: string,
  change: (row: MusterRollRow) => MusterRollRow,
): Result.Result<MusterRoll, AttendeeNotOnMusterRoll> => {
  const index = musterRoll.rows.findIndex((row) => row.wageSeekerId === wageSeekerId)
  if (index < 0) {
    return Result.fail(new AttendeeNotOnMusterRoll({ wageSeekerId, musterRollNumber: musterRoll.number }))
  }
  const rows = musterRoll.rows.map((row, position) => (position === index ? change(row) : row))
  return Result.succeed({ ...musterRoll, rows, version: musterRoll.version + 1 })
}

/**
 * Sets a row's modified total (MR-4); the next version of the muster roll.
 *
 * @since 0.1.0
 * @category constructors
 */
export const setModifiedAttendance = (
  musterRoll: MusterRoll,
  request: { readonly wageSeekerId: string; readonly value: string },
): Result.Result<MusterRoll, ModifiedAttendanceInvalid | AttendeeNotOnMusterRoll> => {
  const value = modifiedAttendanceFrom(request.value, { wageSeekerId: request.wageSeekerId })
  if (Result.isFailure(value)) return Result.fail(value.failure)
  return replaceRow(musterRoll, request.wageSeekerId, (row) => ({
    ...row,
    modifiedAttendance: value.success,
  }))
}

/**
 * Sets a row's skill (MR-3); the next version of the muster roll.
 *
 * @since 0.1.0
 * @category constructors
 */
export const chooseSkill = (
  musterRoll: MusterRoll,
  request: { readonly wageSeekerId: string; readonly skillCode: SkillCode },
): Result.Result<MusterRoll, AttendeeNotOnMusterRoll> =>
  replaceRow(musterRoll, request.wageSeekerId, (row) => ({ ...row, skillCode: request.skillCode }))

/**
 * The wage seekers whose rows have no skill (MR-3).
 *
 * @since 0.1.0
 * @category conversions
 */
export const wageSeekersWithoutSkill = (musterRoll: Pick<MusterRoll, "rows">): ReadonlyArray<string> =>
  musterRoll.rows.filter((row) => row.skillCode === undefined).map((row) => row.wageSeekerId)

/**
 * Checks that every row has a skill, which approval requires (MR-3).
 *
 * @since 0.1.0
 * @category guards
 */
export const skillProblem = (musterRoll: MusterRoll): SkillMissing | undefined => {
  const [first, ...rest] = wageSeekersWithoutSkill(musterRoll)
  return first === undefined
    ? undefined
    : new SkillMissing({ musterRollNumber: musterRoll.number, wageSeekerIds: [first, ...rest] })
}

/**
 * Whether every row's actual attendance is the sum of its seven day values
 * and every day value is 0, 0.5 or 1 (MR-3, ATT-5); asserted before a
 * muster roll is stored.
 *
 * @since 0.1.0
 * @category predicates
 */
export const hasConsistentRows = (musterRoll: Pick<MusterRoll, "rows">): boolean =>
  musterRoll.rows.every(
    (row) =>
      row.dayValues.length === Week.daysPerWeek &&
      row.dayValues.every(
        (value) =>
          Quantity.equals(value, DayRule.absentDay) ||
          Quantity.equals(value, DayRule.halfDay) ||
          Quantity.equals(value, DayRule.fullDay),
      ) &&
      Quantity.equals(row.actualAttendance, Quantity.sum(row.dayValues)),
  )

/**
 * Asserts `hasConsistentRows` (house rule 7); a failure is a defect.
 *
 * @since 0.1.0
 * @category guards
 */
export const assertConsistentRows = (musterRoll: Pick<MusterRoll, "rows">): void =>
  assert(hasConsistentRows(musterRoll), "each day is 0, 0.5 or 1 and the actual total is the sum of the days")

/**
 * The public transparency view of a muster roll (PRIV-4): numbers and
 * counts only, no person's id or name.
 *
 * @since 0.1.0
 * @category models
 */
export const PublicMusterRollSummary = Schema.Struct({
  tenantId: Schema.String,
  musterRollNumber: Schema.String,
  workOrderId: Schema.String,
  week: Week.Week,
  wageSeekers: Schema.Int,
  personDays: Quantity.Quantity,
})

/**
 * @since 0.1.0
 * @category models
 */
export type PublicMusterRollSummary = typeof PublicMusterRollSummary.Type

/**
 * Projects a muster roll for the public view (PRIV-4): the wage seekers
 * counted are those with effective attendance above 0.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toPublicSummary = (musterRoll: MusterRoll): PublicMusterRollSummary => ({
  tenantId: musterRoll.tenantId,
  musterRollNumber: musterRoll.number,
  workOrderId: musterRoll.workOrderId,
  week: { firstDate: musterRoll.week.firstDate, lastDate: musterRoll.week.lastDate },
  wageSeekers: musterRoll.rows.filter((row) => !Quantity.isZero(effectiveAttendance(row))).length,
  personDays: personDays(musterRoll),
})
