import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Attendance, Config, Errors, Ids, Registries, Time, type Workflow } from "@karya/core"
import {
  AttendanceRegisterRepositorySuite,
  attendanceTestLayer,
  sampleAttendanceRegister,
  sampleBoundaryRequests,
  sampleWageSeekerInput,
} from "@karya/core/testing"
import { DateTime, Effect, Layer, Option, Result } from "effect"
import { TestClock } from "effect/testing"

const { AttendanceRegister, AttendanceRegisterRepository, AttendanceRegisterUseCases } = Attendance

AttendanceRegisterRepositorySuite(
  "AttendanceRegisterRepository.layerMemory",
  AttendanceRegisterRepository.layerMemory,
)

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")
const configuration = Config.TenantConfiguration.mukta({ tenantId: dhenkanal, cityCode: "DK" })
const tenantId = dhenkanal
/** The attendance and registries ports in memory, with the tenant's configuration. */
const layer = (tenant: Config.TenantConfiguration.TenantConfiguration = configuration) =>
  Layer.merge(attendanceTestLayer(), Config.TenantSettings.layerMemory([tenant]))
const date = Time.LocalDate.makeUnsafe
const cboAdmin: Workflow.Actor.Actor = {
  userId: "cbo-admin",
  grants: [{ role: "ORG_ADMIN", tenantId: dhenkanal }],
}
const registrar: Workflow.Actor.Actor = {
  userId: "registrar",
  grants: [{ role: "WAGE_SEEKER_REGISTRAR", tenantId: dhenkanal }],
}

const setToday = (iso: string) => TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(iso)))

const epics = ["AAA0000001", "AAA0000002", "AAA0000003"]

// Monday 10 June 2024, 11:30 in Dhenkanal; three registered wage seekers; a register 3–30 June.
const setUp = Effect.gen(function* () {
  yield* setToday("2024-06-10T06:00:00Z")
  yield* Effect.forEach(sampleBoundaryRequests(dhenkanal), Registries.BoundaryUseCases.addBoundary)
  const wageSeekers = yield* Effect.forEach(epics, (documentNumber) =>
    Effect.map(
      Registries.WageSeekerUseCases.registerWageSeeker({
        tenantId,
        actor: registrar,
        wageSeeker: sampleWageSeekerInput({ identity: { documentType: "EPIC", documentNumber } }),
      }),
      (registered) => registered.wageSeeker.id,
    ),
  )
  const register = yield* AttendanceRegisterUseCases.createAttendanceRegister({
    tenantId,
    workOrderId: "wo-1",
    organisationId: "org-1",
    startDate: date("2024-06-03"),
    endDate: date("2024-06-30"),
    staff: [{ userId: "cbo-admin" }],
  })
  return { wageSeekers, register }
})

const stored = (registerId: string) =>
  AttendanceRegisterUseCases.getAttendanceRegister({ tenantId: dhenkanal, registerId })

const enrol = (
  registerId: string,
  enrolments: ReadonlyArray<Attendance.AttendanceRegister.Enrolment>,
  actor = cboAdmin,
) => AttendanceRegisterUseCases.enrolAttendees({ tenantId, actor, registerId, enrolments })

// A refused request leaves the register exactly as it was (ERR-2).
const refusedUnchanged = <E extends { readonly code: string }, R>(
  registerId: string,
  request: Effect.Effect<unknown, E, R>,
) =>
  Effect.gen(function* () {
    const before = yield* stored(registerId)
    const error = yield* Effect.flip(request)
    assert.deepStrictEqual(yield* stored(registerId), before)
    return error
  })

describe("AttendanceRegister", () => {
  it.effect(
    "ATT-1: a work order's register is numbered WR/{fy}/{seq:6}, active, with staff and no attendees; one per order",
    () =>
      Effect.gen(function* () {
        const { register } = yield* setUp
        assert.strictEqual(register.number, "WR/2024-25/000001")
        assert.deepStrictEqual([register.status, register.version, register.attendees], ["ACTIVE", 1, []])
        assert.deepStrictEqual(register.staff, [{ userId: "cbo-admin", from: date("2024-06-03") }])
        const again = yield* Effect.flip(
          AttendanceRegisterUseCases.createAttendanceRegister({
            tenantId,
            workOrderId: "wo-1",
            organisationId: "org-1",
            startDate: date("2024-06-03"),
            endDate: date("2024-06-30"),
            staff: [],
          }),
        )
        assert.strictEqual(again.code, "ATTENDANCE_REGISTER_EXISTS")
        const invalid = yield* Effect.flip(
          AttendanceRegisterUseCases.createAttendanceRegister({
            tenantId,
            workOrderId: "wo-2",
            organisationId: "org-1",
            startDate: date("2024-06-30"),
            endDate: date("2024-06-03"),
            staff: [{ userId: "a" }, { userId: "a", from: date("2024-06-10"), to: date("2024-06-09") }],
          }),
        )
        assert.deepStrictEqual(
          invalid instanceof Errors.ValidationFailed
            ? invalid.problems.map((problem) => `${problem.field}:${problem.code}`)
            : [],
          [
            "endDate:REGISTER_WINDOW_INVALID",
            "staff[1].userId:STAFF_DUPLICATE",
            "staff[1].to:STAFF_PERIOD_INVALID",
          ],
        )
        const none = yield* AttendanceRegisterUseCases.registerOfWorkOrder({
          tenantId: dhenkanal,
          workOrderId: "wo-2",
        })
        assert.strictEqual(none._tag, "None")
        const next = yield* AttendanceRegisterUseCases.createAttendanceRegister({
          tenantId,
          workOrderId: "wo-2",
          organisationId: "org-1",
          startDate: date("2024-06-03"),
          endDate: date("2024-06-03"),
          staff: [{ userId: "x", from: date("2024-06-03"), to: date("2024-06-03") }],
        })
        assert.strictEqual(next.number, "WR/2024-25/000002", "a refused request leaves no gap in the series")
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "ATT-1: a register a concurrent request opened for the order after this one looked is refused by the store, naming its number",
    () =>
      Effect.gen(function* () {
        const { register } = yield* setUp
        // The request's own check reads nothing, as it would just before the concurrent insert.
        const again = yield* Effect.flip(
          AttendanceRegisterRepository.AttendanceRegisterRepository.use((store) =>
            Effect.provideService(
              AttendanceRegisterUseCases.createAttendanceRegister({
                tenantId,
                workOrderId: "wo-1",
                organisationId: "org-1",
                startDate: date("2024-06-03"),
                endDate: date("2024-06-30"),
                staff: [],
              }),
              AttendanceRegisterRepository.AttendanceRegisterRepository,
              { ...store, find: () => Effect.succeed({ items: [], nextCursor: Option.none() }) },
            ),
          ),
        )
        assert.isTrue(
          again instanceof AttendanceRegister.AttendanceRegisterExists &&
            again.existingRegisterNumber === register.number &&
            again.existingRegisterId === register.id,
        )
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "ATT-2: enrolment refuses duplicates, the already enrolled, dates outside the register, and non-staff, changing nothing",
    () =>
      Effect.gen(function* () {
        const { register, wageSeekers } = yield* setUp
        const [first = "", second = "", third = ""] = wageSeekers
        const enrolled = yield* enrol(register.id, [
          { wageSeekerId: first, enrolledOn: date("2024-06-03") },
          { wageSeekerId: second, enrolledOn: date("2024-06-05") },
        ])
        assert.deepStrictEqual(enrolled.attendees, [
          { wageSeekerId: first, enrolledOn: date("2024-06-03") },
          { wageSeekerId: second, enrolledOn: date("2024-06-05") },
        ])
        assert.strictEqual(enrolled.version, 2)
        const duplicate = yield* refusedUnchanged(
          register.id,
          enrol(register.id, [
            { wageSeekerId: third, enrolledOn: date("2024-06-05") },
            { wageSeekerId: third, enrolledOn: date("2024-06-06") },
          ]),
        )
        assert.strictEqual(duplicate.code, "DUPLICATE_ATTENDEE")
        const already = yield* refusedUnchanged(
          register.id,
          enrol(register.id, [
            { wageSeekerId: third, enrolledOn: date("2024-06-05") },
            { wageSeekerId: first, enrolledOn: date("2024-06-10") },
          ]),
        )
        assert.strictEqual(already.code, "ALREADY_ENROLLED")
        const outside = yield* refusedUnchanged(
          register.id,
          enrol(register.id, [{ wageSeekerId: third, enrolledOn: date("2024-07-01") }]),
        )
        assert.strictEqual(outside.code, "ENROLMENT_OUTSIDE_REGISTER")
        const before = yield* refusedUnchanged(
          register.id,
          enrol(register.id, [{ wageSeekerId: third, enrolledOn: date("2024-06-02") }]),
        )
        assert.strictEqual(before.code, "ENROLMENT_OUTSIDE_REGISTER")
        const stranger = { userId: "stranger", grants: cboAdmin.grants }
        const notStaff = yield* refusedUnchanged(
          register.id,
          enrol(register.id, [{ wageSeekerId: third, enrolledOn: date("2024-06-10") }], stranger),
        )
        assert.strictEqual(notStaff.code, "NOT_REGISTER_STAFF")
        const unknown = yield* refusedUnchanged(
          register.id,
          enrol(register.id, [{ wageSeekerId: "nobody", enrolledOn: date("2024-06-10") }]),
        )
        assert.strictEqual(unknown.code, "WAGE_SEEKER_NOT_FOUND")
        const empty = yield* refusedUnchanged(register.id, enrol(register.id, []))
        assert.strictEqual(empty.code, "VALIDATION_FAILED")
        const tooMany = Array.from(
          { length: AttendanceRegisterUseCases.enrolmentsPerRequestMax + 1 },
          (_, index) => ({
            wageSeekerId: `w-${index}`,
            enrolledOn: date("2024-06-10"),
          }),
        )
        const large = yield* refusedUnchanged(register.id, enrol(register.id, tooMany))
        assert.isTrue(large instanceof Errors.ValidationFailed && large.problems[0]?.limit === "500")
        const missing = yield* Effect.flip(
          enrol("no-register", [{ wageSeekerId: third, enrolledOn: date("2024-06-10") }]),
        )
        assert.strictEqual(missing.code, "ATTENDANCE_REGISTER_NOT_FOUND")
      }).pipe(Effect.provide(layer())),
  )

  it.effect("ATT-2: a register that has ended or is closed takes no enrolment", () =>
    Effect.gen(function* () {
      const { register, wageSeekers } = yield* setUp
      const [first = ""] = wageSeekers
      yield* setToday("2024-07-01T06:00:00Z")
      const ended = yield* refusedUnchanged(
        register.id,
        enrol(register.id, [{ wageSeekerId: first, enrolledOn: date("2024-06-28") }]),
      )
      assert.strictEqual(ended.code, "ATTENDANCE_REGISTER_ENDED")
      yield* setToday("2024-06-10T06:00:00Z")
      const closed = yield* AttendanceRegisterUseCases.closeAttendanceRegister({
        tenantId,
        registerId: register.id,
      })
      assert.strictEqual(closed.status, "INACTIVE")
      const inactive = yield* refusedUnchanged(
        register.id,
        enrol(register.id, [{ wageSeekerId: first, enrolledOn: date("2024-06-10") }]),
      )
      assert.strictEqual(inactive.code, "ATTENDANCE_REGISTER_INACTIVE")
      const deEnrol = yield* Effect.flip(
        AttendanceRegisterUseCases.deEnrolAttendee({
          tenantId,
          actor: cboAdmin,
          registerId: register.id,
          wageSeekerId: first,
          deEnrolledOn: date("2024-06-10"),
        }),
      )
      assert.strictEqual(deEnrol.code, "ATTENDANCE_REGISTER_INACTIVE")
    }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "ATT-2: de-enrolment is inside the register and on or after the enrolment; a wage seeker may be enrolled again later",
    () =>
      Effect.gen(function* () {
        const { register, wageSeekers } = yield* setUp
        const [first = "", second = ""] = wageSeekers
        yield* enrol(register.id, [{ wageSeekerId: first, enrolledOn: date("2024-06-05") }])
        const deEnrol = (wageSeekerId: string, deEnrolledOn: string) =>
          AttendanceRegisterUseCases.deEnrolAttendee({
            tenantId,
            actor: cboAdmin,
            registerId: register.id,
            wageSeekerId,
            deEnrolledOn: date(deEnrolledOn),
          })
        const beforeEnrolment = yield* refusedUnchanged(register.id, deEnrol(first, "2024-06-04"))
        assert.isTrue(
          beforeEnrolment instanceof AttendanceRegister.DeEnrolmentInvalid &&
            beforeEnrolment.reason === "beforeEnrolment",
        )
        const outside = yield* refusedUnchanged(register.id, deEnrol(first, "2024-07-01"))
        assert.isTrue(
          outside instanceof AttendanceRegister.DeEnrolmentInvalid && outside.reason === "outsideRegister",
        )
        assert.include(outside.message, "outside the register")
        const notEnrolled = yield* refusedUnchanged(register.id, deEnrol(second, "2024-06-10"))
        assert.strictEqual(notEnrolled.code, "ATTENDEE_NOT_ENROLLED")
        const done = yield* deEnrol(first, "2024-06-07")
        assert.deepStrictEqual(done.attendees, [
          { wageSeekerId: first, enrolledOn: date("2024-06-05"), deEnrolledOn: date("2024-06-07") },
        ])
        const overlapping = yield* refusedUnchanged(
          register.id,
          enrol(register.id, [{ wageSeekerId: first, enrolledOn: date("2024-06-07") }]),
        )
        assert.strictEqual(overlapping.code, "ALREADY_ENROLLED")
        const again = yield* enrol(register.id, [{ wageSeekerId: first, enrolledOn: date("2024-06-08") }])
        assert.strictEqual(AttendanceRegister.enrolmentsOf(again, first).length, 2)
        assert.strictEqual(
          AttendanceRegister.enrolmentOn(again, first, date("2024-06-06"))?.enrolledOn,
          "2024-06-05",
        )
        assert.strictEqual(
          AttendanceRegister.enrolmentOn(again, first, date("2024-06-07"))?.deEnrolledOn,
          "2024-06-07",
        )
        assert.strictEqual(
          AttendanceRegister.enrolmentOn(again, first, date("2024-06-20"))?.enrolledOn,
          "2024-06-08",
        )
        assert.isUndefined(AttendanceRegister.enrolmentOn(again, second, date("2024-06-20")))
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "ATT-1 / TE-4: a time extension moves the register's end later, and only later; staff are added by staff",
    () =>
      Effect.gen(function* () {
        const { register } = yield* setUp
        const extended = yield* AttendanceRegisterUseCases.extendAttendanceRegister({
          tenantId,
          workOrderId: "wo-1",
          endDate: date("2024-07-15"),
        })
        assert.deepStrictEqual([extended.endDate, extended.version], ["2024-07-15", 2])
        const earlier = yield* refusedUnchanged(
          register.id,
          AttendanceRegisterUseCases.extendAttendanceRegister({
            tenantId,
            workOrderId: "wo-1",
            endDate: date("2024-07-15"),
          }),
        )
        assert.strictEqual(earlier.code, "VALIDATION_FAILED")
        const unknown = yield* Effect.flip(
          AttendanceRegisterUseCases.extendAttendanceRegister({
            tenantId,
            workOrderId: "wo-9",
            endDate: date("2024-07-15"),
          }),
        )
        assert.strictEqual(unknown.code, "ATTENDANCE_REGISTER_NOT_FOUND")
        const member = { userId: "mate-1", from: date("2024-06-10"), to: date("2024-06-20") }
        const added = yield* AttendanceRegisterUseCases.addRegisterStaff({
          tenantId,
          actor: cboAdmin,
          registerId: register.id,
          staff: member,
        })
        assert.isTrue(AttendanceRegister.isStaffOn(added, "mate-1", date("2024-06-15")))
        assert.isFalse(AttendanceRegister.isStaffOn(added, "mate-1", date("2024-06-21")))
        const twice = yield* refusedUnchanged(
          register.id,
          AttendanceRegisterUseCases.addRegisterStaff({
            tenantId,
            actor: cboAdmin,
            registerId: register.id,
            staff: member,
          }),
        )
        assert.strictEqual(twice.code, "VALIDATION_FAILED")
        yield* setToday("2024-06-25T06:00:00Z")
        const expired = yield* refusedUnchanged(
          register.id,
          AttendanceRegisterUseCases.addRegisterStaff({
            tenantId,
            actor: { userId: "mate-1", grants: [] },
            registerId: register.id,
            staff: { userId: "mate-2", from: date("2024-06-25") },
          }),
        )
        assert.strictEqual(expired.code, "NOT_REGISTER_STAFF")
      }).pipe(Effect.provide(layer())),
  )

  const registerArbitrary = fc.constant(
    sampleAttendanceRegister({
      id: Ids.EntityId.makeUnsafe("00000000-0000-4000-8000-000000000001"),
      tenantId: dhenkanal,
      startDate: date("2024-06-03"),
      endDate: date("2024-06-30"),
      attendees: [{ wageSeekerId: "w-1", enrolledOn: date("2024-06-03"), deEnrolledOn: date("2024-06-09") }],
    }),
  )
  const enrolmentsArbitrary = fc.array(
    fc.record({
      wageSeekerId: fc.constantFrom("w-1", "w-2", "w-3", "w-4"),
      enrolledOn: fc
        .integer({ min: -3, max: 30 })
        .map((days) => Time.LocalDate.addDays(date("2024-06-03"), days)),
    }),
    { minLength: 1, maxLength: 5 },
  )

  test.prop([registerArbitrary, enrolmentsArbitrary])(
    "ATT-2: an enrolment request applies completely or not at all, and never changes the register it was given",
    (register, enrolments) => {
      const copy = structuredClone(register)
      const result = AttendanceRegister.enrol(register, { enrolments, today: date("2024-06-10") })
      assert.deepStrictEqual(register, copy)
      if (Result.isSuccess(result)) {
        assert.deepStrictEqual(result.success.attendees, [...register.attendees, ...enrolments])
        assert.strictEqual(result.success.version, register.version + 1)
      } else {
        assert.include(
          ["DUPLICATE_ATTENDEE", "ALREADY_ENROLLED", "ENROLMENT_OUTSIDE_REGISTER"],
          result.failure.code,
        )
      }
    },
  )
})
