/**
 * Use cases of attendance registers (ATT-1, ATT-2, TE-4): create the
 * register of a work order (called by the contracts module when a work order
 * is accepted), extend it with a time extension, close it, add staff, enrol
 * and de-enrol wage seekers. A refused request changes nothing (ERR-2).
 *
 * Decisions where the spec is silent:
 * - enrolment, de-enrolment and staff changes are made by the register's
 *   staff (the CBO's members): the actor must be staff of the register today
 *   (or on its last day, once it has ended) (`NOT_REGISTER_STAFF`);
 * - an enrolled wage seeker must be registered in the tenant
 *   (`WAGE_SEEKER_NOT_FOUND`);
 * - an extension may only move the end date later (TE-4).
 *
 * @since 0.1.0
 */
import { Effect, Option, Result } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { refuseProblems } from "../registries/internal/Refusal.js"
import { WageSeekerNotFound } from "../registries/WageSeeker.js"
import { WageSeekerRepository } from "../registries/WageSeekerRepository.js"
import * as BusinessClock from "../time/BusinessClock.js"
import * as LocalDate from "../time/LocalDate.js"
import type { Actor } from "../workflow/Actor.js"
import * as AttendanceRegister from "./AttendanceRegister.js"
import { AttendanceRegisterRepository } from "./AttendanceRegisterRepository.js"

/**
 * The most wage seekers one enrolment request may carry: a large gang
 * enrolled at once, in one screen.
 *
 * @since 0.1.0
 * @category models
 */
export const enrolmentsPerRequestMax = 500

/**
 * The most staff a register lists: its markers are the CBO's members who
 * mark attendance, a handful on any site, so 100 leaves room for the
 * largest CBO while keeping the staff checks of every log (ATT-3) short.
 *
 * @since 0.1.0
 * @category models
 */
export const staffPerRegisterMax = 100

/**
 * Problem codes of register requests.
 *
 * @since 0.1.0
 * @category errors
 */
export const problemCodes = {
  registerWindowInvalid: "REGISTER_WINDOW_INVALID",
  registerEndNotLater: "REGISTER_END_NOT_LATER",
  staffPeriodInvalid: "STAFF_PERIOD_INVALID",
  staffDuplicate: "STAFF_DUPLICATE",
  staffTooMany: "STAFF_TOO_MANY",
  enrolmentsMissing: "ENROLMENTS_MISSING",
  enrolmentsTooMany: "ENROLMENTS_TOO_MANY",
} as const

const staffProblems = (
  staff: ReadonlyArray<AttendanceRegister.RegisterStaff>,
  existing: ReadonlyArray<AttendanceRegister.RegisterStaff>,
): ReadonlyArray<FieldProblem> => {
  if (staff.length + existing.length > staffPerRegisterMax) {
    const message = `a register lists at most ${staffPerRegisterMax} staff`
    return [{ field: "staff", code: problemCodes.staffTooMany, message, limit: String(staffPerRegisterMax) }]
  }
  const ids = [...existing, ...staff].map((member) => member.userId)
  return staff.flatMap(
    (member, index): ReadonlyArray<FieldProblem> => [
      ...(member.userId.trim() === "" || ids.indexOf(member.userId) !== existing.length + index
        ? [
            {
              field: `staff[${index}].userId`,
              code: problemCodes.staffDuplicate,
              message: "name each staff user once",
            },
          ]
        : []),
      ...(member.to !== undefined && LocalDate.isBefore(member.to, member.from)
        ? [
            {
              field: `staff[${index}].to`,
              code: problemCodes.staffPeriodInvalid,
              message: "service ends before it starts",
            },
          ]
        : []),
    ],
  )
}

/**
 * A request to create a work order's register (ATT-1). Staff serve from the
 * register's start unless a date is given.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateAttendanceRegisterRequest {
  readonly tenantId: TenantId
  readonly workOrderId: string
  readonly organisationId: string
  readonly startDate: LocalDate.LocalDate
  readonly endDate: LocalDate.LocalDate
  readonly staff: ReadonlyArray<{
    readonly userId: string
    readonly from?: LocalDate.LocalDate
    readonly to?: LocalDate.LocalDate
  }>
}

/**
 * Creates the attendance register of a work order (ATT-1), numbered from the
 * `attendanceRegister` series, active, with no attendees. One per work
 * order (`ATTENDANCE_REGISTER_EXISTS`). For the contracts module, on a work
 * order's acceptance.
 *
 * @since 0.1.0
 * @category constructors
 */
export const createAttendanceRegister = Effect.fn("createAttendanceRegister")(function* (
  request: CreateAttendanceRegisterRequest,
) {
  const configuration = yield* configurationOf(request.tenantId)
  const staff = request.staff.map((member) => ({
    userId: member.userId.trim(),
    from: member.from ?? request.startDate,
    ...(member.to === undefined ? {} : { to: member.to }),
  }))
  yield* refuseProblems("attendance register", [
    ...(LocalDate.isBefore(request.endDate, request.startDate)
      ? [
          {
            field: "endDate",
            code: problemCodes.registerWindowInvalid,
            message: "the register ends before it starts",
          },
        ]
      : []),
    ...staffProblems(staff, []),
  ])
  const repository = yield* AttendanceRegisterRepository
  const existing = yield* registerOfWorkOrder({
    tenantId: configuration.tenantId,
    workOrderId: request.workOrderId,
  })
  if (Option.isSome(existing)) return yield* Effect.fail(registerExists(existing.value))
  const number = yield* HumanNumber.issueNumber({
    tenantId: configuration.tenantId,
    cityCode: configuration.cityCode,
    series: "attendanceRegister",
    idFormat: configuration.idFormats.attendanceRegister,
    timeZone: configuration.timeZone,
  })
  const register: AttendanceRegister.AttendanceRegister = {
    id: yield* EntityId.make,
    tenantId: configuration.tenantId,
    number,
    version: 1,
    workOrderId: request.workOrderId,
    organisationId: request.organisationId,
    startDate: request.startDate,
    endDate: request.endDate,
    status: "ACTIVE",
    staff,
    attendees: [],
  }
  yield* repository.insert({ aggregate: register }).pipe(
    // A concurrent request opened the order's register first: name it by its number too.
    Effect.catchTag("AttendanceRegisterExists", (clash) =>
      repository.get({ tenantId: register.tenantId, id: clash.existingRegisterId }).pipe(
        // A claim's holder is stored with it, and registers are never deleted.
        Effect.catchTag("AttendanceRegisterNotFound", (missing) => Effect.die(missing)),
        Effect.flatMap((holder) => Effect.fail(registerExists(holder))),
      ),
    ),
  )
  return register
})

const registerExists = (holder: AttendanceRegister.AttendanceRegister) =>
  new AttendanceRegister.AttendanceRegisterExists({
    workOrderId: holder.workOrderId,
    existingRegisterId: holder.id,
    existingRegisterNumber: holder.number,
  })

/**
 * The register of a work order, if it has one (ATT-1: one at most).
 *
 * @since 0.1.0
 * @category constructors
 */
export const registerOfWorkOrder = Effect.fn("registerOfWorkOrder")(function* (query: {
  readonly tenantId: TenantId
  readonly workOrderId: string
}) {
  const repository = yield* AttendanceRegisterRepository
  return yield* AggregateStore.findFirst(repository, {
    tenantId: query.tenantId,
    where: { workOrderId: query.workOrderId },
  })
})

/**
 * Loads a register or fails with `ATTENDANCE_REGISTER_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getAttendanceRegister = Effect.fn("getAttendanceRegister")(function* (query: {
  readonly tenantId: TenantId
  readonly registerId: string
}) {
  const repository = yield* AttendanceRegisterRepository
  return yield* repository.get({ tenantId: query.tenantId, id: query.registerId })
})

const store = Effect.fn("storeRegister")(function* (
  stored: AttendanceRegister.AttendanceRegister,
  next: AttendanceRegister.AttendanceRegister,
) {
  const repository = yield* AttendanceRegisterRepository
  yield* repository.update({ aggregate: next, expectedVersion: stored.version })
  return next
})

/**
 * Moves a register's end date to a work order's revised end date (TE-4), so
 * the CBO can record attendance for the extended period.
 *
 * @since 0.1.0
 * @category constructors
 */
export const extendAttendanceRegister = Effect.fn("extendAttendanceRegister")(function* (request: {
  readonly tenantId: TenantId
  readonly workOrderId: string
  readonly endDate: LocalDate.LocalDate
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const tenantId = configuration.tenantId
  const found = yield* registerOfWorkOrder({ tenantId, workOrderId: request.workOrderId })
  if (Option.isNone(found)) {
    return yield* Effect.fail(
      new AttendanceRegister.AttendanceRegisterNotFound({
        tenantId,
        registerId: `work order ${request.workOrderId}`,
      }),
    )
  }
  const register = found.value
  yield* refuseProblems(
    "register extension",
    LocalDate.isAfter(request.endDate, register.endDate)
      ? []
      : [
          {
            field: "endDate",
            code: problemCodes.registerEndNotLater,
            message: `an extension moves the end after ${register.endDate}`,
          },
        ],
  )
  return yield* store(register, { ...register, endDate: request.endDate, version: register.version + 1 })
})

/**
 * Closes a register (work order closed or cancelled): it becomes inactive
 * and takes no enrolments and no logs (ATT-3).
 *
 * @since 0.1.0
 * @category constructors
 */
export const closeAttendanceRegister = Effect.fn("closeAttendanceRegister")(function* (request: {
  readonly tenantId: TenantId
  readonly registerId: string
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const register = yield* getAttendanceRegister({
    tenantId: configuration.tenantId,
    registerId: request.registerId,
  })
  return yield* store(register, { ...register, status: "INACTIVE", version: register.version + 1 })
})

// The register's staff act on it; after it ends, its last day counts.
const requireStaff = Effect.fn("requireStaff")(function* (
  register: AttendanceRegister.AttendanceRegister,
  actor: Actor,
  timeZone: TenantConfiguration["timeZone"],
) {
  const today = yield* BusinessClock.today(timeZone)
  const date = LocalDate.isAfter(today, register.endDate) ? register.endDate : today
  if (!AttendanceRegister.isStaffOn(register, actor.userId, date)) {
    return yield* Effect.fail(
      new AttendanceRegister.NotRegisterStaff({
        userId: actor.userId,
        registerNumber: register.number,
        date,
      }),
    )
  }
  return today
})

/**
 * Adds a member of staff to a register (ATT-1): by current staff.
 *
 * @since 0.1.0
 * @category constructors
 */
export const addRegisterStaff = Effect.fn("addRegisterStaff")(function* (request: {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly registerId: string
  readonly staff: AttendanceRegister.RegisterStaff
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const { tenantId, timeZone } = configuration
  const register = yield* getAttendanceRegister({ tenantId, registerId: request.registerId })
  yield* requireStaff(register, request.actor, timeZone)
  const member = { ...request.staff, userId: request.staff.userId.trim() }
  yield* refuseProblems("register staff", staffProblems([member], register.staff))
  return yield* store(register, {
    ...register,
    staff: [...register.staff, member],
    version: register.version + 1,
  })
})

const enrolmentRequestProblems = (
  enrolments: ReadonlyArray<AttendanceRegister.Enrolment>,
): ReadonlyArray<FieldProblem> => {
  if (enrolments.length === 0) {
    return [
      {
        field: "enrolments",
        code: problemCodes.enrolmentsMissing,
        message: "enrol at least one wage seeker",
      },
    ]
  }
  return enrolments.length > enrolmentsPerRequestMax
    ? [
        {
          field: "enrolments",
          code: problemCodes.enrolmentsTooMany,
          message: `enrol at most ${enrolmentsPerRequestMax} wage seekers at once`,
          limit: String(enrolmentsPerRequestMax),
        },
      ]
    : []
}

const requireWageSeekers = Effect.fn("requireWageSeekers")(function* (
  tenantId: TenantId,
  ids: ReadonlyArray<string>,
) {
  const wageSeekers = yield* WageSeekerRepository
  const found = yield* AggregateStore.findByIds(wageSeekers, { tenantId, ids })
  const missing = ids.find((id) => !found.some((wageSeeker) => wageSeeker.id === id))
  if (missing !== undefined)
    return yield* Effect.fail(new WageSeekerNotFound({ tenantId, wageSeekerId: missing }))
})

/**
 * Enrols wage seekers on a register (ATT-2), all or none: the request is
 * 1 to `enrolmentsPerRequestMax` wage seekers, each registered in the
 * tenant; the actor is register staff; then `AttendanceRegister.enrol`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const enrolAttendees = Effect.fn("enrolAttendees")(function* (request: {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly registerId: string
  readonly enrolments: ReadonlyArray<AttendanceRegister.Enrolment>
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const { tenantId, timeZone } = configuration
  yield* refuseProblems("enrolment", enrolmentRequestProblems(request.enrolments))
  const register = yield* getAttendanceRegister({ tenantId, registerId: request.registerId })
  const today = yield* requireStaff(register, request.actor, timeZone)
  yield* requireWageSeekers(tenantId, [
    ...new Set(request.enrolments.map((enrolment) => enrolment.wageSeekerId)),
  ])
  const next = yield* Effect.fromResult(
    AttendanceRegister.enrol(register, { enrolments: request.enrolments, today }),
  )
  return yield* store(register, next)
})

/**
 * De-enrols a wage seeker from a date (ATT-2): by register staff; then
 * `AttendanceRegister.deEnrol`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const deEnrolAttendee = Effect.fn("deEnrolAttendee")(function* (request: {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly registerId: string
  readonly wageSeekerId: string
  readonly deEnrolledOn: LocalDate.LocalDate
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const { tenantId, timeZone } = configuration
  const register = yield* getAttendanceRegister({ tenantId, registerId: request.registerId })
  yield* requireStaff(register, request.actor, timeZone)
  const next = AttendanceRegister.deEnrol(register, request)
  if (Result.isFailure(next)) return yield* Effect.fail(next.failure)
  return yield* store(register, next.success)
})
