import { assert, describe, it } from "@effect/vitest"
import { fc } from "@fast-check/vitest"
import { Attendance, Config, Registries, Time, type Workflow } from "@karya/core"
import {
  AttendanceLogRepositorySuite,
  attendanceTestLayer,
  entryAndExitInputs,
  sampleBoundaryRequests,
  sampleWageSeekerInput,
} from "@karya/core/testing"
import { DateTime, Effect, Layer, Option } from "effect"
import { TestClock } from "effect/testing"

const { AttendanceLogRepository, AttendanceLogUseCases, AttendanceRegisterUseCases } = Attendance

AttendanceLogRepositorySuite("AttendanceLogRepository.layerMemory", AttendanceLogRepository.layerMemory)

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")
const configuration = Config.TenantConfiguration.mukta({ tenantId: dhenkanal, cityCode: "DK" })
const tenantId = dhenkanal
/** The attendance and registries ports in memory, with the tenant's configuration. */
const layer = (tenant: Config.TenantConfiguration.TenantConfiguration = configuration) =>
  Layer.merge(attendanceTestLayer(), Config.TenantSettings.layerMemory([tenant]))
const date = Time.LocalDate.makeUnsafe
const india = Time.TimeZone.india
const cboAdmin: Workflow.Actor.Actor = {
  userId: "cbo-admin",
  grants: [{ role: "ORG_ADMIN", tenantId: dhenkanal }],
}
const registrar: Workflow.Actor.Actor = {
  userId: "registrar",
  grants: [{ role: "WAGE_SEEKER_REGISTRAR", tenantId: dhenkanal }],
}

// Register 3–30 June; A enrolled from 3 June, B from 5 June, C registered but not enrolled.
const setUp = Effect.gen(function* () {
  yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T06:00:00Z")))
  yield* Effect.forEach(sampleBoundaryRequests(dhenkanal), Registries.BoundaryUseCases.addBoundary)
  const [a = "", b = "", c = ""] = yield* Effect.forEach(
    ["AAA0000001", "AAA0000002", "AAA0000003"],
    (documentNumber) =>
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
    staff: [{ userId: "cbo-admin" }, { userId: "mate", from: date("2024-06-10") }],
  })
  yield* AttendanceRegisterUseCases.enrolAttendees({
    tenantId,
    actor: cboAdmin,
    registerId: register.id,
    enrolments: [
      { wageSeekerId: a, enrolledOn: date("2024-06-03") },
      { wageSeekerId: b, enrolledOn: date("2024-06-05") },
    ],
  })
  return { register, a, b, c }
})

const dayOf = (
  registerId: string,
  wageSeekerId: string,
  day: string,
  times: { entry: string; exit: string } = { entry: "09:00", exit: "17:30" },
) =>
  entryAndExitInputs({
    tenantId: dhenkanal,
    registerId,
    wageSeekerId,
    date: date(day),
    timeZone: india,
    ...times,
  })

const record = (logs: ReadonlyArray<Attendance.AttendanceLog.AttendanceLogInput>, actor = cboAdmin) =>
  AttendanceLogUseCases.recordAttendanceLogs({ tenantId, actor, logs })

const storedOf = (logs: ReadonlyArray<Attendance.AttendanceLog.AttendanceLogInput>) =>
  AttendanceLogUseCases.storedLogsOf({
    tenantId: dhenkanal,
    clientReferenceIds: logs.map((log) => log.clientReferenceId),
  })

// Runs a request whose reads miss every stored log, as a request that looked
// just before a concurrent one stored the same logs would (ATT-4).
const lookingBeforeAConcurrentWrite = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  AttendanceLogRepository.AttendanceLogRepository.use((store) =>
    Effect.provideService(effect, AttendanceLogRepository.AttendanceLogRepository, {
      ...store,
      find: () => Effect.succeed({ items: [], nextCursor: Option.none() }),
    }),
  )

// A refused request stores none of its logs, not even the valid ones (ERR-2).
const refusedStoringNothing = (
  logs: ReadonlyArray<Attendance.AttendanceLog.AttendanceLogInput>,
  actor = cboAdmin,
) =>
  Effect.gen(function* () {
    const before = yield* storedOf(logs)
    const error = yield* Effect.flip(record(logs, actor))
    assert.deepStrictEqual(yield* storedOf(logs), before)
    return error
  })

describe("AttendanceLog", () => {
  it.effect("ATT-3: logs are stored with their marker and returned in request order", () =>
    Effect.gen(function* () {
      const { register, a, b } = yield* setUp
      const logs = [...dayOf(register.id, a, "2024-06-10"), ...dayOf(register.id, b, "2024-06-10")]
      const recorded = yield* record(logs)
      assert.strictEqual(recorded.createdCount, 4)
      assert.deepStrictEqual(
        recorded.logs.map((log) => [
          log.clientReferenceId,
          log.type,
          log.markedBy,
          DateTime.formatIso(log.recordedAt),
        ]),
        logs.map((log) => [log.clientReferenceId, log.type, "cbo-admin", "2024-06-10T06:00:00.000Z"]),
      )
      assert.strictEqual(
        DateTime.formatIso(recorded.logs[0]?.at ?? DateTime.makeUnsafe(0)),
        "2024-06-10T03:30:00.000Z",
      )
    }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "ATT-4: re-sending a log with the same client reference id returns the stored log and stores nothing new",
    () =>
      Effect.gen(function* () {
        const { register, a } = yield* setUp
        const logs = dayOf(register.id, a, "2024-06-10")
        const first = yield* record(logs)
        const [entry = logs[0], exit = logs[1]] = logs
        if (entry === undefined || exit === undefined) return assert.fail("two logs")
        const changed = { ...exit, at: DateTime.makeUnsafe(DateTime.toEpochMillis(exit.at) + 3_600_000) }
        const again = yield* record([changed, entry, entry])
        assert.strictEqual(again.createdCount, 0)
        assert.deepStrictEqual(again.logs, [first.logs[1], first.logs[0], first.logs[0]])
        const inOneRequest = dayOf(register.id, a, "2024-06-11")
        const twice = yield* record([...inOneRequest, ...inOneRequest])
        assert.strictEqual(twice.createdCount, 2)
        assert.deepStrictEqual(twice.logs.slice(2), twice.logs.slice(0, 2))
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "ATT-4: logs a concurrent request stored after this one looked are returned as stored, never stored twice",
    () =>
      Effect.gen(function* () {
        const { register, a } = yield* setUp
        const logs = dayOf(register.id, a, "2024-06-10")
        const first = yield* record(logs)
        const later = dayOf(register.id, a, "2024-06-11")
        const racing = yield* lookingBeforeAConcurrentWrite(record([...logs, ...later]))
        assert.strictEqual(racing.createdCount, later.length)
        assert.deepStrictEqual(racing.logs.slice(0, logs.length), first.logs)
        assert.strictEqual((yield* storedOf([...logs, ...later])).length, logs.length + later.length)
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "ATT-4: offline devices re-sending any mix of logs, in any order, leave exactly one stored log per reference",
    () =>
      Effect.gen(function* () {
        const { register, a, b } = yield* setUp
        const days = ["2024-06-05", "2024-06-06", "2024-06-07", "2024-06-10"]
        const all = days.flatMap((day) => [...dayOf(register.id, a, day), ...dayOf(register.id, b, day)])
        const batches = fc.sample(
          fc.array(fc.shuffledSubarray(all, { minLength: 1 }), { minLength: 1, maxLength: 6 }),
          {
            numRuns: 1,
            seed: 42,
          },
        )[0] ?? [all]
        let created = 0
        for (const batch of [...batches, all]) created += (yield* record(batch)).createdCount
        const stored = yield* storedOf(all)
        assert.strictEqual(created, all.length)
        assert.strictEqual(stored.length, all.length)
        assert.sameMembers(
          stored.map((log) => log.clientReferenceId),
          all.map((log) => log.clientReferenceId),
        )
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "ATT-3: a log outside the register window (as a local date in the tenant's zone) is LOG_OUTSIDE_REGISTER",
    () =>
      Effect.gen(function* () {
        const { register, a } = yield* setUp
        const before = yield* refusedStoringNothing([
          ...dayOf(register.id, a, "2024-06-10"),
          ...dayOf(register.id, a, "2024-06-02"),
        ])
        assert.strictEqual(before.code, "LOG_OUTSIDE_REGISTER")
        const [template] = dayOf(register.id, a, "2024-06-30")
        if (template === undefined) return assert.fail("a log")
        const lateNight = {
          ...template,
          at: DateTime.makeUnsafe("2024-06-30T18:00:00Z"),
          clientReferenceId: "late",
        }
        const nextDay = {
          ...template,
          at: DateTime.makeUnsafe("2024-06-30T18:30:00Z"),
          clientReferenceId: "next",
        }
        const inside = yield* record([lateNight])
        assert.strictEqual(inside.createdCount, 1, "23:30 on 30 June in India is inside the register")
        const after = yield* refusedStoringNothing([nextDay])
        assert.strictEqual(after.code, "LOG_OUTSIDE_REGISTER")
        assert.include(after.message, "2024-07-01")
      }).pipe(Effect.provide(layer())),
  )

  it.effect("ATT-3: a log of an attendee not enrolled, or outside their enrolment, is refused", () =>
    Effect.gen(function* () {
      const { register, a, b, c } = yield* setUp
      const notEnrolled = yield* refusedStoringNothing([
        ...dayOf(register.id, a, "2024-06-10"),
        ...dayOf(register.id, c, "2024-06-10"),
      ])
      assert.strictEqual(notEnrolled.code, "ATTENDEE_NOT_ENROLLED")
      const early = yield* refusedStoringNothing(dayOf(register.id, b, "2024-06-04"))
      assert.strictEqual(early.code, "LOG_OUTSIDE_ENROLMENT")
      yield* AttendanceRegisterUseCases.deEnrolAttendee({
        tenantId,
        actor: cboAdmin,
        registerId: register.id,
        wageSeekerId: b,
        deEnrolledOn: date("2024-06-07"),
      })
      const afterDeEnrolment = yield* refusedStoringNothing(dayOf(register.id, b, "2024-06-08"))
      assert.strictEqual(afterDeEnrolment.code, "LOG_OUTSIDE_ENROLMENT")
      assert.strictEqual((yield* record(dayOf(register.id, b, "2024-06-07"))).createdCount, 2)
    }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "ATT-3: a log marked by someone not active staff of the register on its day is NOT_REGISTER_STAFF",
    () =>
      Effect.gen(function* () {
        const { register, a } = yield* setUp
        const mate = { userId: "mate", grants: [] }
        const beforeService = yield* refusedStoringNothing(dayOf(register.id, a, "2024-06-07"), mate)
        assert.strictEqual(beforeService.code, "NOT_REGISTER_STAFF")
        assert.strictEqual((yield* record(dayOf(register.id, a, "2024-06-10"), mate)).createdCount, 2)
        const stranger = yield* refusedStoringNothing(dayOf(register.id, a, "2024-06-11"), {
          userId: "stranger",
          grants: [],
        })
        assert.strictEqual(stranger.code, "NOT_REGISTER_STAFF")
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "ATT-3: logs of an unknown or inactive register, or of several registers or tenants in one request, are refused",
    () =>
      Effect.gen(function* () {
        const { register, a } = yield* setUp
        const unknown = yield* refusedStoringNothing(dayOf("no-register", a, "2024-06-10"))
        assert.strictEqual(unknown.code, "ATTENDANCE_REGISTER_NOT_FOUND")
        const span = yield* refusedStoringNothing([
          ...dayOf(register.id, a, "2024-06-10"),
          ...dayOf("other-register", a, "2024-06-11"),
        ])
        assert.strictEqual(span.code, "LOGS_SPAN_REGISTERS")
        const otherTenant = dayOf(register.id, a, "2024-06-12").map((log) => ({
          ...log,
          tenantId: Config.TenantId.makeUnsafe("od.cuttack"),
        }))
        const tenants = yield* refusedStoringNothing(otherTenant)
        assert.strictEqual(tenants.code, "LOGS_SPAN_REGISTERS")
        yield* AttendanceRegisterUseCases.closeAttendanceRegister({ tenantId, registerId: register.id })
        const inactive = yield* refusedStoringNothing(dayOf(register.id, a, "2024-06-10"))
        assert.strictEqual(inactive.code, "ATTENDANCE_REGISTER_INACTIVE")
      }).pipe(Effect.provide(layer())),
  )

  it.effect("ATT-3 / ATT-4: a request has 1 to logsPerRequestMax logs, each with a client reference id", () =>
    Effect.gen(function* () {
      const { register, a } = yield* setUp
      const empty = yield* Effect.flip(record([]))
      assert.strictEqual(empty.code, "VALIDATION_FAILED")
      const [entry] = dayOf(register.id, a, "2024-06-10")
      if (entry === undefined) return assert.fail("a log")
      const blank = yield* refusedStoringNothing([{ ...entry, clientReferenceId: " " }])
      assert.strictEqual(blank.code, "VALIDATION_FAILED")
      const many = Array.from({ length: Attendance.AttendanceLog.logsPerRequestMax + 1 }, (_, index) => ({
        ...entry,
        clientReferenceId: `ref-${index}`,
      }))
      const tooMany = yield* refusedStoringNothing(many)
      assert.strictEqual(tooMany.code, "VALIDATION_FAILED")
      const atLimit = many.slice(0, Attendance.AttendanceLog.logsPerRequestMax)
      assert.strictEqual((yield* record(atLimit)).createdCount, Attendance.AttendanceLog.logsPerRequestMax)
    }).pipe(Effect.provide(layer())),
  )
})
