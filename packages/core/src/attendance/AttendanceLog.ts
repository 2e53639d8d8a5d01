/**
 * Attendance logs (ATT-3, ATT-4): an ENTRY or EXIT of one attendee at an
 * instant, marked by a member of the register's staff, carrying the client
 * reference id the capturing device gave it (logs may be captured offline).
 *
 * A log is refused when the register is unknown or inactive, the instant is
 * outside the register window (`LOG_OUTSIDE_REGISTER`) or outside the
 * attendee's enrolment (`LOG_OUTSIDE_ENROLMENT`), the attendee is not
 * enrolled, the marker is not staff of the register on the log's day
 * (`NOT_REGISTER_STAFF`), or the request's logs span more than one register
 * or tenant. Windows and enrolments are local dates, so a log's instant is
 * compared through its local date in the tenant's time zone (TIME-1).
 *
 * @since 0.1.0
 */
import { type DateTime, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { EntityId } from "../ids/EntityId.js"
import * as LocalDate from "../time/LocalDate.js"
import type { TimeZone } from "../time/TimeZone.js"
import * as AttendanceRegister from "./AttendanceRegister.js"

/**
 * @since 0.1.0
 * @category models
 */
export const AttendanceLogType = Schema.Literals(["ENTRY", "EXIT"])

/**
 * A log as stored. Logs are immutable: a correction is a muster roll's
 * modified total (MR-4), never an edited log, so a stored log stays at
 * version 1 (the version every stored aggregate carries, DB-4).
 *
 * @since 0.1.0
 * @category models
 */
export const AttendanceLog = Schema.Struct({
  id: EntityId,
  tenantId: TenantId,
  version: Schema.Int,
  registerId: Schema.String,
  wageSeekerId: Schema.String,
  type: AttendanceLogType,
  at: Schema.DateTimeUtc,
  /** The staff member's user id. */
  markedBy: Schema.String,
  /** The capturing device's id of the log; unique per tenant (ATT-4). */
  clientReferenceId: Schema.String,
  /** When the server stored it. */
  recordedAt: Schema.DateTimeUtc,
})

/**
 * @since 0.1.0
 * @category models
 */
export type AttendanceLog = typeof AttendanceLog.Type

/**
 * A log as a device sends it.
 *
 * @since 0.1.0
 * @category models
 */
export const AttendanceLogInput = Schema.Struct({
  tenantId: TenantId,
  registerId: Schema.String,
  wageSeekerId: Schema.String,
  type: AttendanceLogType,
  at: Schema.DateTimeUtc,
  clientReferenceId: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type AttendanceLogInput = typeof AttendanceLogInput.Type

/**
 * The most logs one request may carry: a week of a large register synced at
 * once (100 attendees × 7 days × 2 logs) with room to spare; larger syncs are
 * split by the device.
 *
 * @since 0.1.0
 * @category models
 */
export const logsPerRequestMax = 2000

/**
 * The longest client reference id, in characters (a UUID is 36).
 *
 * @since 0.1.0
 * @category models
 */
export const clientReferenceIdLengthMax = 64

/**
 * Problem codes of a log request.
 *
 * @since 0.1.0
 * @category errors
 */
export const problemCodes = {
  logsTooMany: "LOGS_TOO_MANY",
  logsMissing: "LOGS_MISSING",
  clientReferenceIdInvalid: "CLIENT_REFERENCE_ID_INVALID",
} as const

/**
 * The log's instant is outside the register's window (ATT-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class LogOutsideRegister extends Schema.TaggedError<LogOutsideRegister>(
  "@karya/core/attendance/LogOutsideRegister",
)("LogOutsideRegister", {
  clientReferenceId: Schema.String,
  date: Schema.String,
  startDate: Schema.String,
  endDate: Schema.String,
}) {
  static readonly code = "LOG_OUTSIDE_REGISTER"
  static readonly category = "rule"
  readonly code = LogOutsideRegister.code
  readonly category = LogOutsideRegister.category
  readonly retryable = false
  override get message(): string {
    return `Attendance on ${this.date} (log ${this.clientReferenceId}) is outside the register, which runs from ${this.startDate} to ${this.endDate}; check the device's date.`
  }
}

/**
 * The log's instant is outside the attendee's enrolment (ATT-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class LogOutsideEnrolment extends Schema.TaggedError<LogOutsideEnrolment>(
  "@karya/core/attendance/LogOutsideEnrolment",
)("LogOutsideEnrolment", {
  clientReferenceId: Schema.String,
  wageSeekerId: Schema.String,
  date: Schema.String,
}) {
  static readonly code = "LOG_OUTSIDE_ENROLMENT"
  static readonly category = "rule"
  readonly code = LogOutsideEnrolment.code
  readonly category = LogOutsideEnrolment.category
  readonly retryable = false
  override get message(): string {
    return `Wage seeker ${this.wageSeekerId} was not enrolled on ${this.date} (log ${this.clientReferenceId}); attendance counts only while enrolled.`
  }
}

/**
 * The logs of one request span more than one register or tenant (ATT-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class LogsSpanRegisters extends Schema.TaggedError<LogsSpanRegisters>(
  "@karya/core/attendance/LogsSpanRegisters",
)("LogsSpanRegisters", { registers: Schema.Array(Schema.String) }) {
  static readonly code = "LOGS_SPAN_REGISTERS"
  static readonly category = "badInput"
  readonly code = LogsSpanRegisters.code
  readonly category = LogsSpanRegisters.category
  readonly retryable = false
  override get message(): string {
    return `One request may carry logs of one register only; these span ${this.registers.join(", ")}. Send each register's logs separately.`
  }
}

/**
 * A log with this client reference id is already stored in the tenant
 * (ATT-4): the store's refusal of a second one. A request never sees it:
 * recording a log whose reference id is stored returns the stored log.
 *
 * @since 0.1.0
 * @category errors
 */
export class LogAlreadyRecorded extends Schema.TaggedError<LogAlreadyRecorded>(
  "@karya/core/attendance/LogAlreadyRecorded",
)("LogAlreadyRecorded", { clientReferenceId: Schema.String, existingLogId: Schema.String }) {
  static readonly code = "LOG_ALREADY_RECORDED"
  static readonly category = "conflict"
  readonly code = LogAlreadyRecorded.code
  readonly category = LogAlreadyRecorded.category
  readonly retryable = false
  override get message(): string {
    return `The log ${this.clientReferenceId} is already recorded (as ${this.existingLogId}); a resend changes nothing.`
  }
}

/**
 * No attendance log has this id in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class AttendanceLogNotFound extends Schema.TaggedError<AttendanceLogNotFound>(
  "@karya/core/attendance/AttendanceLogNotFound",
)("AttendanceLogNotFound", { tenantId: Schema.String, logId: Schema.String }) {
  static readonly code = "ATTENDANCE_LOG_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = AttendanceLogNotFound.code
  readonly category = AttendanceLogNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No attendance log ${this.logId} exists in ${this.tenantId}; check the id.`
  }
}

/**
 * The local date of a log in the tenant's time zone.
 *
 * @since 0.1.0
 * @category conversions
 */
export const dateOf = (log: { readonly at: DateTime.Utc }, timeZone: TimeZone): LocalDate.LocalDate =>
  LocalDate.fromInstant(log.at, timeZone)

/**
 * Problems of the request's shape: at least one log, at most
 * `logsPerRequestMax`, each client reference id 1 to
 * `clientReferenceIdLengthMax` characters.
 *
 * @since 0.1.0
 * @category guards
 */
export const requestProblems = (logs: ReadonlyArray<AttendanceLogInput>): ReadonlyArray<FieldProblem> => {
  if (logs.length === 0)
    return [{ field: "logs", code: problemCodes.logsMissing, message: "send at least one log" }]
  if (logs.length > logsPerRequestMax) {
    const message = `send at most ${logsPerRequestMax} logs per request`
    return [{ field: "logs", code: problemCodes.logsTooMany, message, limit: String(logsPerRequestMax) }]
  }
  return logs.flatMap((log, index) =>
    log.clientReferenceId.trim() === "" || log.clientReferenceId.length > clientReferenceIdLengthMax
      ? [
          {
            field: `logs[${index}].clientReferenceId`,
            code: problemCodes.clientReferenceIdInvalid,
            message: `give every log its device's reference id, 1 to ${clientReferenceIdLengthMax} characters`,
            limit: String(clientReferenceIdLengthMax),
          },
        ]
      : [],
  )
}

/**
 * Why the request's logs span registers, if they do (ATT-3).
 *
 * @since 0.1.0
 * @category guards
 */
export const spanProblem = (logs: ReadonlyArray<AttendanceLogInput>): LogsSpanRegisters | undefined => {
  const registers = [...new Set(logs.map((log) => `${log.tenantId}/${log.registerId}`))]
  return registers.length > 1 ? new LogsSpanRegisters({ registers }) : undefined
}

/**
 * The ways one log is refused against its register (ATT-3).
 *
 * @since 0.1.0
 * @category errors
 */
export type LogRefusal =
  | AttendanceRegister.AttendanceRegisterInactive
  | LogOutsideRegister
  | AttendanceRegister.AttendeeNotEnrolled
  | LogOutsideEnrolment
  | AttendanceRegister.NotRegisterStaff

/**
 * Why a log is refused against its register, if it is (ATT-3), in this
 * order: inactive register, outside the window, attendee never enrolled,
 * outside the enrolment, marker not staff on the log's day.
 *
 * @since 0.1.0
 * @category guards
 */
export const logProblem = (
  register: AttendanceRegister.AttendanceRegister,
  log: AttendanceLogInput,
  options: { readonly markedBy: string; readonly timeZone: TimeZone },
): LogRefusal | undefined => {
  const registerNumber = register.number
  if (register.status === "INACTIVE")
    return new AttendanceRegister.AttendanceRegisterInactive({ registerNumber })
  const date = dateOf(log, options.timeZone)
  const { clientReferenceId, wageSeekerId } = log
  if (!AttendanceRegister.containsDate(register, date)) {
    const { startDate, endDate } = register
    return new LogOutsideRegister({ clientReferenceId, date, startDate, endDate })
  }
  if (AttendanceRegister.enrolmentsOf(register, wageSeekerId).length === 0) {
    return new AttendanceRegister.AttendeeNotEnrolled({ wageSeekerId, registerNumber })
  }
  if (AttendanceRegister.enrolmentOn(register, wageSeekerId, date) === undefined) {
    return new LogOutsideEnrolment({ clientReferenceId, wageSeekerId, date })
  }
  return AttendanceRegister.isStaffOn(register, options.markedBy, date)
    ? undefined
    : new AttendanceRegister.NotRegisterStaff({ userId: options.markedBy, registerNumber, date })
}
