/**
 * Attendance registers (ATT-1, ATT-2): one per work order, numbered (ID-2
 * `WR/…`), with the order's start and end dates (the end moves with time
 * extensions, TE-4), staff (CBO members allowed to mark attendance, each
 * with a period of service) and attendees (wage seekers, each with an
 * enrolment date and an optional de-enrolment date).
 *
 * The pure functions here decide enrolment and de-enrolment and answer who
 * may mark attendance when; the use cases load, call them and store.
 *
 * Decisions where the spec is silent:
 * - an enrolment covers its enrolment date to its de-enrolment date, both
 *   included; a de-enrolment date on or after the enrolment date is "after
 *   enrolment";
 * - a wage seeker de-enrolled may be enrolled again from a later date; each
 *   enrolment is kept, so the register shows the attendee's whole history;
 * - "register ended" means today (tenant's zone) is after its end date;
 * - a register is `INACTIVE` once closed (work order closed or cancelled);
 *   an inactive register takes no enrolments and no logs.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import * as LocalDate from "../time/LocalDate.js"

/**
 * A member of the register's staff with a period of service (ATT-1).
 *
 * @since 0.1.0
 * @category models
 */
export const RegisterStaff = Schema.Struct({
  userId: Schema.String,
  from: LocalDate.LocalDate,
  to: Schema.optionalKey(LocalDate.LocalDate),
})

/**
 * @since 0.1.0
 * @category models
 */
export type RegisterStaff = typeof RegisterStaff.Type

/**
 * One enrolment of a wage seeker (ATT-1).
 *
 * @since 0.1.0
 * @category models
 */
export const Attendee = Schema.Struct({
  wageSeekerId: Schema.String,
  enrolledOn: LocalDate.LocalDate,
  deEnrolledOn: Schema.optionalKey(LocalDate.LocalDate),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Attendee = typeof Attendee.Type

/**
 * An attendance register as stored: versioned (DB-4), tenant-scoped (TEN-1).
 *
 * @since 0.1.0
 * @category models
 */
export const AttendanceRegister = Schema.Struct({
  id: EntityId,
  tenantId: TenantId,
  /** `WR/2023-24/000310` (ID-2). */
  number: HumanNumber,
  version: Schema.Int,
  workOrderId: Schema.String,
  /** The CBO executing the work order. */
  organisationId: Schema.String,
  startDate: LocalDate.LocalDate,
  endDate: LocalDate.LocalDate,
  status: Schema.Literals(["ACTIVE", "INACTIVE"]),
  staff: Schema.Array(RegisterStaff),
  attendees: Schema.Array(Attendee),
})

/**
 * @since 0.1.0
 * @category models
 */
export type AttendanceRegister = typeof AttendanceRegister.Type

/**
 * The same wage seeker appears twice in one enrolment request (ATT-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class DuplicateAttendee extends Schema.TaggedError<DuplicateAttendee>(
  "@karya/core/attendance/DuplicateAttendee",
)("DuplicateAttendee", { wageSeekerId: Schema.String }) {
  static readonly code = "DUPLICATE_ATTENDEE"
  static readonly category = "badInput"
  readonly code = DuplicateAttendee.code
  readonly category = DuplicateAttendee.category
  readonly retryable = false
  override get message(): string {
    return `Wage seeker ${this.wageSeekerId} is listed more than once in this enrolment; list each wage seeker once.`
  }
}

/**
 * The wage seeker is already enrolled and active on the register (ATT-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class AlreadyEnrolled extends Schema.TaggedError<AlreadyEnrolled>(
  "@karya/core/attendance/AlreadyEnrolled",
)("AlreadyEnrolled", {
  wageSeekerId: Schema.String,
  registerNumber: Schema.String,
  enrolledOn: Schema.String,
}) {
  static readonly code = "ALREADY_ENROLLED"
  static readonly category = "conflict"
  readonly code = AlreadyEnrolled.code
  readonly category = AlreadyEnrolled.category
  readonly retryable = false
  override get message(): string {
    return `Wage seeker ${this.wageSeekerId} is already enrolled on ${this.registerNumber} since ${this.enrolledOn}; de-enrol first, or remove them from this request.`
  }
}

/**
 * The enrolment date is outside the register's window (ATT-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class EnrolmentOutsideRegister extends Schema.TaggedError<EnrolmentOutsideRegister>(
  "@karya/core/attendance/EnrolmentOutsideRegister",
)("EnrolmentOutsideRegister", {
  wageSeekerId: Schema.String,
  enrolledOn: Schema.String,
  startDate: Schema.String,
  endDate: Schema.String,
}) {
  static readonly code = "ENROLMENT_OUTSIDE_REGISTER"
  static readonly category = "rule"
  readonly code = EnrolmentOutsideRegister.code
  readonly category = EnrolmentOutsideRegister.category
  readonly retryable = false
  override get message(): string {
    return `Wage seeker ${this.wageSeekerId} cannot be enrolled on ${this.enrolledOn}: the register runs from ${this.startDate} to ${this.endDate}; choose a date inside it.`
  }
}

/**
 * The de-enrolment date is outside the register's window or before the
 * enrolment (ATT-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class DeEnrolmentInvalid extends Schema.TaggedError<DeEnrolmentInvalid>(
  "@karya/core/attendance/DeEnrolmentInvalid",
)("DeEnrolmentInvalid", {
  wageSeekerId: Schema.String,
  deEnrolledOn: Schema.String,
  reason: Schema.Literals(["outsideRegister", "beforeEnrolment"]),
  limitDate: Schema.String,
}) {
  static readonly code = "DE_ENROLMENT_INVALID"
  static readonly category = "rule"
  readonly code = DeEnrolmentInvalid.code
  readonly category = DeEnrolmentInvalid.category
  readonly retryable = false
  override get message(): string {
    return this.reason === "beforeEnrolment"
      ? `Wage seeker ${this.wageSeekerId} cannot be de-enrolled on ${this.deEnrolledOn}, before their enrolment on ${this.limitDate}; choose a later date.`
      : `Wage seeker ${this.wageSeekerId} cannot be de-enrolled on ${this.deEnrolledOn}: it is outside the register (which ends ${this.limitDate}); choose a date inside it.`
  }
}

/**
 * The wage seeker has no enrolment on the register (ATT-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class AttendeeNotEnrolled extends Schema.TaggedError<AttendeeNotEnrolled>(
  "@karya/core/attendance/AttendeeNotEnrolled",
)("AttendeeNotEnrolled", { wageSeekerId: Schema.String, registerNumber: Schema.String }) {
  static readonly code = "ATTENDEE_NOT_ENROLLED"
  static readonly category = "rule"
  readonly code = AttendeeNotEnrolled.code
  readonly category = AttendeeNotEnrolled.category
  readonly retryable = false
  override get message(): string {
    return `Wage seeker ${this.wageSeekerId} is not enrolled on ${this.registerNumber}; enrol them first.`
  }
}

/**
 * The register has ended: today is after its end date (ATT-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class AttendanceRegisterEnded extends Schema.TaggedError<AttendanceRegisterEnded>(
  "@karya/core/attendance/AttendanceRegisterEnded",
)("AttendanceRegisterEnded", { registerNumber: Schema.String, endDate: Schema.String }) {
  static readonly code = "ATTENDANCE_REGISTER_ENDED"
  static readonly category = "rule"
  readonly code = AttendanceRegisterEnded.code
  readonly category = AttendanceRegisterEnded.category
  readonly retryable = false
  override get message(): string {
    return `${this.registerNumber} ended on ${this.endDate}; nobody can be enrolled any more. Extend the work order (time extension) to continue.`
  }
}

/**
 * The register is inactive (closed) (ATT-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class AttendanceRegisterInactive extends Schema.TaggedError<AttendanceRegisterInactive>(
  "@karya/core/attendance/AttendanceRegisterInactive",
)("AttendanceRegisterInactive", { registerNumber: Schema.String }) {
  static readonly code = "ATTENDANCE_REGISTER_INACTIVE"
  static readonly category = "rule"
  readonly code = AttendanceRegisterInactive.code
  readonly category = AttendanceRegisterInactive.category
  readonly retryable = false
  override get message(): string {
    return `${this.registerNumber} is closed; it takes no enrolments and no attendance.`
  }
}

/**
 * No register has this id in the tenant (ATT-3: unknown register).
 *
 * @since 0.1.0
 * @category errors
 */
export class AttendanceRegisterNotFound extends Schema.TaggedError<AttendanceRegisterNotFound>(
  "@karya/core/attendance/AttendanceRegisterNotFound",
)("AttendanceRegisterNotFound", { tenantId: Schema.String, registerId: Schema.String }) {
  static readonly code = "ATTENDANCE_REGISTER_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = AttendanceRegisterNotFound.code
  readonly category = AttendanceRegisterNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No attendance register ${this.registerId} exists in ${this.tenantId}; check the register.`
  }
}

/**
 * The work order already has an attendance register (ATT-1: one per order).
 *
 * @since 0.1.0
 * @category errors
 */
export class AttendanceRegisterExists extends Schema.TaggedError<AttendanceRegisterExists>(
  "@karya/core/attendance/AttendanceRegisterExists",
)("AttendanceRegisterExists", {
  workOrderId: Schema.String,
  existingRegisterId: Schema.String,
  /** Named by the use cases; the store's own refusal knows only the holder's id. */
  existingRegisterNumber: Schema.optionalKey(Schema.String),
}) {
  static readonly code = "ATTENDANCE_REGISTER_EXISTS"
  static readonly category = "conflict"
  readonly code = AttendanceRegisterExists.code
  readonly category = AttendanceRegisterExists.category
  readonly retryable = false
  override get message(): string {
    return `Work order ${this.workOrderId} already has the attendance register ${this.existingRegisterNumber ?? this.existingRegisterId}; use it.`
  }
}

/**
 * The user is not active staff of the register on the date (ATT-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class NotRegisterStaff extends Schema.TaggedError<NotRegisterStaff>(
  "@karya/core/attendance/NotRegisterStaff",
)("NotRegisterStaff", { userId: Schema.String, registerNumber: Schema.String, date: Schema.String }) {
  static readonly code = "NOT_REGISTER_STAFF"
  static readonly category = "forbidden"
  readonly code = NotRegisterStaff.code
  readonly category = NotRegisterStaff.category
  readonly retryable = false
  override get message(): string {
    return `User ${this.userId} is not staff of ${this.registerNumber} on ${this.date}, so cannot act on it; ask the CBO's admin to add them to the register's staff.`
  }
}

/**
 * Whether a local date is inside the register's window, both ends included.
 *
 * @since 0.1.0
 * @category predicates
 */
export const containsDate = (register: AttendanceRegister, date: LocalDate.LocalDate): boolean =>
  !LocalDate.isBefore(date, register.startDate) && !LocalDate.isAfter(date, register.endDate)

const coversDate = (
  period: { readonly from: LocalDate.LocalDate; readonly to: LocalDate.LocalDate | undefined },
  date: LocalDate.LocalDate,
): boolean =>
  !LocalDate.isBefore(date, period.from) && (period.to === undefined || !LocalDate.isAfter(date, period.to))

/**
 * Whether the user is staff of the register on the date (ATT-1, ATT-3).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isStaffOn = (register: AttendanceRegister, userId: string, date: LocalDate.LocalDate): boolean =>
  register.staff.some(
    (member) => member.userId === userId && coversDate({ from: member.from, to: member.to }, date),
  )

/**
 * The enrolments of a wage seeker on the register, oldest first.
 *
 * @since 0.1.0
 * @category conversions
 */
export const enrolmentsOf = (register: AttendanceRegister, wageSeekerId: string): ReadonlyArray<Attendee> =>
  register.attendees.filter((attendee) => attendee.wageSeekerId === wageSeekerId)

/**
 * The enrolment of a wage seeker covering a date, if any (ATT-3).
 *
 * @since 0.1.0
 * @category conversions
 */
export const enrolmentOn = (
  register: AttendanceRegister,
  wageSeekerId: string,
  date: LocalDate.LocalDate,
): Attendee | undefined =>
  enrolmentsOf(register, wageSeekerId).find((attendee) =>
    coversDate({ from: attendee.enrolledOn, to: attendee.deEnrolledOn }, date),
  )

/**
 * Whether an enrolment shares at least one day with a period.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isEnrolledDuring = (
  attendee: Attendee,
  period: { readonly from: LocalDate.LocalDate; readonly to: LocalDate.LocalDate },
): boolean =>
  !LocalDate.isAfter(attendee.enrolledOn, period.to) &&
  (attendee.deEnrolledOn === undefined || !LocalDate.isBefore(attendee.deEnrolledOn, period.from))

/**
 * Why the register takes no changes today, if it does not: inactive or
 * ended (ATT-2).
 *
 * @since 0.1.0
 * @category guards
 */
export const openProblem = (
  register: AttendanceRegister,
  today: LocalDate.LocalDate,
): AttendanceRegisterInactive | AttendanceRegisterEnded | undefined => {
  if (register.status === "INACTIVE")
    return new AttendanceRegisterInactive({ registerNumber: register.number })
  return LocalDate.isAfter(today, register.endDate)
    ? new AttendanceRegisterEnded({ registerNumber: register.number, endDate: register.endDate })
    : undefined
}

/**
 * A request to enrol one wage seeker from a date.
 *
 * @since 0.1.0
 * @category models
 */
export interface Enrolment {
  readonly wageSeekerId: string
  readonly enrolledOn: LocalDate.LocalDate
}

/**
 * The ways enrolment is refused (ATT-2).
 *
 * @since 0.1.0
 * @category errors
 */
export type EnrolmentError =
  | DuplicateAttendee
  | AlreadyEnrolled
  | EnrolmentOutsideRegister
  | AttendanceRegisterInactive
  | AttendanceRegisterEnded

const enrolmentProblem = (register: AttendanceRegister, enrolment: Enrolment): EnrolmentError | undefined => {
  if (!containsDate(register, enrolment.enrolledOn)) {
    return new EnrolmentOutsideRegister({
      wageSeekerId: enrolment.wageSeekerId,
      enrolledOn: enrolment.enrolledOn,
      startDate: register.startDate,
      endDate: register.endDate,
    })
  }
  const active = enrolmentsOf(register, enrolment.wageSeekerId).find(
    (attendee) =>
      attendee.deEnrolledOn === undefined || !LocalDate.isBefore(attendee.deEnrolledOn, enrolment.enrolledOn),
  )
  return active === undefined
    ? undefined
    : new AlreadyEnrolled({
        wageSeekerId: enrolment.wageSeekerId,
        registerNumber: register.number,
        enrolledOn: active.enrolledOn,
      })
}

/**
 * Enrols wage seekers (ATT-2): no one twice in the request
 * (`DUPLICATE_ATTENDEE`); the register active and not ended; each
 * enrolment date inside the window (`ENROLMENT_OUTSIDE_REGISTER`); nobody
 * already enrolled and active (`ALREADY_ENROLLED`). All or nothing: the
 * first refusal, in request order, refuses the whole request. The result is
 * the next version of the register.
 *
 * @since 0.1.0
 * @category constructors
 */
export const enrol = (
  register: AttendanceRegister,
  request: { readonly enrolments: ReadonlyArray<Enrolment>; readonly today: LocalDate.LocalDate },
): Result.Result<AttendanceRegister, EnrolmentError> => {
  const ids = request.enrolments.map((enrolment) => enrolment.wageSeekerId)
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index)
  if (duplicate !== undefined) return Result.fail(new DuplicateAttendee({ wageSeekerId: duplicate }))
  const closed = openProblem(register, request.today)
  if (closed !== undefined) return Result.fail(closed)
  for (const enrolment of request.enrolments) {
    const problem = enrolmentProblem(register, enrolment)
    if (problem !== undefined) return Result.fail(problem)
  }
  const added = request.enrolments.map((enrolment) => ({
    wageSeekerId: enrolment.wageSeekerId,
    enrolledOn: enrolment.enrolledOn,
  }))
  return Result.succeed({
    ...register,
    attendees: [...register.attendees, ...added],
    version: register.version + 1,
  })
}

/**
 * The ways de-enrolment is refused (ATT-2).
 *
 * @since 0.1.0
 * @category errors
 */
export type DeEnrolmentError = AttendeeNotEnrolled | DeEnrolmentInvalid | AttendanceRegisterInactive

/**
 * De-enrols a wage seeker from a date (ATT-2): their open enrolment ends on
 * `deEnrolledOn`, which must be inside the register's window and on or
 * after the enrolment date.
 *
 * @since 0.1.0
 * @category constructors
 */
export const deEnrol = (
  register: AttendanceRegister,
  request: { readonly wageSeekerId: string; readonly deEnrolledOn: LocalDate.LocalDate },
): Result.Result<AttendanceRegister, DeEnrolmentError> => {
  if (register.status === "INACTIVE") {
    return Result.fail(new AttendanceRegisterInactive({ registerNumber: register.number }))
  }
  const open = register.attendees.findIndex(
    (attendee) => attendee.wageSeekerId === request.wageSeekerId && attendee.deEnrolledOn === undefined,
  )
  const attendee = register.attendees[open]
  if (attendee === undefined) {
    return Result.fail(
      new AttendeeNotEnrolled({ wageSeekerId: request.wageSeekerId, registerNumber: register.number }),
    )
  }
  const { deEnrolledOn, wageSeekerId } = request
  if (!containsDate(register, deEnrolledOn)) {
    const limitDate = LocalDate.isBefore(deEnrolledOn, register.startDate)
      ? register.startDate
      : register.endDate
    return Result.fail(
      new DeEnrolmentInvalid({ wageSeekerId, deEnrolledOn, reason: "outsideRegister", limitDate }),
    )
  }
  if (LocalDate.isBefore(deEnrolledOn, attendee.enrolledOn)) {
    const limitDate = attendee.enrolledOn
    return Result.fail(
      new DeEnrolmentInvalid({ wageSeekerId, deEnrolledOn, reason: "beforeEnrolment", limitDate }),
    )
  }
  const attendees = register.attendees.map((each, index) =>
    index === open ? { ...each, deEnrolledOn } : each,
  )
  return Result.succeed({ ...register, attendees, version: register.version + 1 })
}
