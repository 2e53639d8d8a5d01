import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Attendance, Config, Errors, Ids, Money, Registries, Time, type Workflow } from "@karya/core"
import {
  attendanceLogsArbitrary,
  attendanceTestLayer,
  entryAndExitInputs,
  MusterRollRepositorySuite,
  sampleAttendanceRegister,
  sampleBoundaryRequests,
  sampleWageSeekerInput,
} from "@karya/core/testing"
import { DateTime, Effect, Layer, Option, Result, Schema } from "effect"
import { TestClock } from "effect/testing"

const {
  AttendanceLogUseCases,
  AttendanceRegisterUseCases,
  MusterRoll,
  MusterRollApproved,
  MusterRollRepository,
} = Attendance
const { MusterRollUseCases } = Attendance

MusterRollRepositorySuite("MusterRollRepository.layerMemory", MusterRollRepository.layerMemory)

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")
const configuration = Config.TenantConfiguration.mukta({ tenantId: dhenkanal, cityCode: "DK" })
const tenantId = dhenkanal
/** The attendance and registries ports in memory, with the tenant's configuration. */
const layer = (tenant: Config.TenantConfiguration.TenantConfiguration = configuration) =>
  Layer.merge(attendanceTestLayer(), Config.TenantSettings.layerMemory([tenant]))
const digitConfiguration = Result.getOrThrow(
  Config.TenantConfiguration.load({
    tenantId: "od.dhenkanal",
    cityCode: "DK",
    attendanceDayRule: { fullDayHours: 8, halfDayHours: 4, roundOff: true, hourResolution: "clock-hour" },
  }),
)
const date = Time.LocalDate.makeUnsafe
const india = Time.TimeZone.india
const quantity = Money.Quantity.makeUnsafe
const text = (value: Money.Quantity.Quantity) => Money.Quantity.toCanonicalString(value)

const actor = (userId: string, role: string): Workflow.Actor.Actor => ({
  userId,
  grants: [{ role, tenantId: dhenkanal }],
})
const cboAdmin = actor("cbo-admin", "ORG_ADMIN")
const verifier = actor("verifier", "MUSTER_ROLL_VERIFIER")
const approver = actor("approver", "MUSTER_ROLL_APPROVER")
const registrar = actor("registrar", "WAGE_SEEKER_REGISTRAR")

const week = Time.Week.weekOf(date("2024-06-10"))

// The register's muster rolls, by week (a register of these tests has a few).
const musterRollsOf = (registerId: string) =>
  MusterRollRepository.MusterRollRepository.use((repository) =>
    repository.find({ tenantId: dhenkanal, where: { registerId }, orderBy: "weekStart", limit: 100 }),
  ).pipe(Effect.map((page) => page.items))

// Register 3–30 June; today Monday 17 June. A, B, C enrolled from 3 June; D (two skills) from 12 June.
const setUp = (options: { readonly tenant?: typeof configuration } = {}) =>
  Effect.gen(function* () {
    const tenant = options.tenant ?? configuration
    yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-17T06:00:00Z")))
    yield* Effect.forEach(sampleBoundaryRequests(dhenkanal), Registries.BoundaryUseCases.addBoundary)
    const people = [
      { documentNumber: "AAA0000001", skills: ["LAB_UNSKILLED"] },
      { documentNumber: "AAA0000002", skills: ["LAB_SKILLED"] },
      { documentNumber: "AAA0000003", skills: ["LAB_UNSKILLED"] },
      { documentNumber: "AAA0000004", skills: ["LAB_SEMI_SKILLED", "LAB_SKILLED"] },
    ]
    const [a = "", b = "", c = "", d = ""] = yield* Effect.forEach(people, ({ documentNumber, skills }) =>
      Effect.map(
        Registries.WageSeekerUseCases.registerWageSeeker({
          tenantId: tenant.tenantId,
          actor: registrar,
          wageSeeker: sampleWageSeekerInput({ identity: { documentType: "EPIC", documentNumber }, skills }),
        }),
        (registered) => registered.wageSeeker.id,
      ),
    )
    const register = yield* AttendanceRegisterUseCases.createAttendanceRegister({
      tenantId: tenant.tenantId,
      workOrderId: "wo-1",
      organisationId: "org-1",
      startDate: date("2024-06-03"),
      endDate: date("2024-06-30"),
      staff: [{ userId: "cbo-admin" }],
    })
    const enrolments = [a, b, c].map((wageSeekerId) => ({ wageSeekerId, enrolledOn: date("2024-06-03") }))
    yield* AttendanceRegisterUseCases.enrolAttendees({
      tenantId: tenant.tenantId,
      actor: cboAdmin,
      registerId: register.id,
      enrolments: [...enrolments, { wageSeekerId: d, enrolledOn: date("2024-06-12") }],
    })
    return { register, a, b, c, d, tenant }
  })

const logDays = (
  registerId: string,
  wageSeekerId: string,
  days: ReadonlyArray<readonly [string, string, string]>,
  tenant = configuration,
) =>
  AttendanceLogUseCases.recordAttendanceLogs({
    tenantId: tenant.tenantId,
    actor: cboAdmin,
    logs: days.flatMap(([day, entry, exit]) =>
      entryAndExitInputs({
        tenantId: dhenkanal,
        registerId,
        wageSeekerId,
        date: date(day),
        entry,
        exit,
        timeZone: india,
      }),
    ),
  })

const create = (
  registerId: string,
  extra: Partial<Attendance.MusterRollUseCases.CreateMusterRollRequest> = {},
) =>
  MusterRollUseCases.createMusterRoll({
    tenantId,
    actor: cboAdmin,
    registerId,
    weekStart: week.firstDate,
    ...extra,
  })

const rowOf = (musterRoll: Attendance.MusterRoll.MusterRoll, wageSeekerId: string) =>
  musterRoll.rows.find((row) => row.wageSeekerId === wageSeekerId)

const daysOf = (row: Attendance.MusterRoll.MusterRollRow | undefined) => row?.dayValues.map(text)

describe("MusterRoll computation", () => {
  it.effect(
    "MR-3 / ATT-5: rows hold each enrolled attendee's seven day values and total, with absentees at 0",
    () =>
      Effect.gen(function* () {
        const { register, a, b, c, d } = yield* setUp()
        yield* logDays(register.id, a, [
          ["2024-06-10", "09:00", "18:00"],
          ["2024-06-11", "09:00", "14:00"],
          ["2024-06-12", "09:00", "09:00"],
          ["2024-06-13", "08:30", "17:00"],
          ["2024-06-15", "09:00", "17:00"],
          ["2024-06-16", "10:00", "12:00"],
        ])
        yield* logDays(register.id, b, [["2024-06-12", "09:00", "17:00"]])
        yield* logDays(register.id, d, [["2024-06-12", "09:00", "12:00"]])
        const musterRoll = yield* create(register.id)
        assert.strictEqual(musterRoll.number, "MR/2024-25/000001")
        assert.deepStrictEqual(musterRoll.week, { firstDate: "2024-06-10", lastDate: "2024-06-16" })
        assert.deepStrictEqual(
          musterRoll.rows.map((row) => row.wageSeekerId),
          [a, b, c, d],
        )
        assert.deepStrictEqual(daysOf(rowOf(musterRoll, a)), ["1", "0.5", "0", "1", "0", "1", "0.5"])
        assert.strictEqual(text(rowOf(musterRoll, a)?.actualAttendance ?? quantity("99")), "4")
        assert.deepStrictEqual(daysOf(rowOf(musterRoll, b)), ["0", "0", "1", "0", "0", "0", "0"])
        assert.deepStrictEqual(daysOf(rowOf(musterRoll, c)), ["0", "0", "0", "0", "0", "0", "0"])
        assert.strictEqual(text(rowOf(musterRoll, c)?.actualAttendance ?? quantity("99")), "0")
        assert.deepStrictEqual(daysOf(rowOf(musterRoll, d)), ["0", "0", "0.5", "0", "0", "0", "0"])
        assert.strictEqual(rowOf(musterRoll, a)?.skillCode, "LAB_UNSKILLED")
        assert.strictEqual(rowOf(musterRoll, b)?.skillCode, "LAB_SKILLED")
        assert.isUndefined(
          rowOf(musterRoll, d)?.skillCode,
          "MR-3: a wage seeker with several skills has none until one is named",
        )
        assert.deepStrictEqual(musterRoll.workflow.state, "PENDING_FOR_VERIFICATION")
        assert.strictEqual(text(MusterRoll.personDays(musterRoll)), "5.5")
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "ATT-5: the tenant's day rule decides: DIGIT's variant counts 09:00–15:00 as 1 and 09:00–13:00 as 0.5",
    () =>
      Effect.gen(function* () {
        const { register, a, tenant } = yield* setUp({ tenant: digitConfiguration })
        yield* logDays(
          register.id,
          a,
          [
            ["2024-06-10", "09:00", "13:00"],
            ["2024-06-11", "09:00", "11:00"],
            ["2024-06-12", "09:00", "15:00"],
            ["2024-06-13", "09:00", "18:00"],
          ],
          tenant,
        )
        const musterRoll = yield* MusterRollUseCases.createMusterRoll({
          tenantId: tenant.tenantId,
          actor: cboAdmin,
          registerId: register.id,
          weekStart: week.firstDate,
        })
        assert.deepStrictEqual(daysOf(rowOf(musterRoll, a)), ["0.5", "0.5", "1", "1", "0", "0", "0"])
      }).pipe(Effect.provide(layer(digitConfiguration))),
  )

  it("MR-3 / ATT-5: days outside the register window or the attendee's enrolment count 0 whatever was logged", () => {
    const register = sampleAttendanceRegister({
      id: Ids.EntityId.makeUnsafe("00000000-0000-4000-8000-000000000001"),
      tenantId: dhenkanal,
      startDate: date("2024-06-12"),
      endDate: date("2024-06-14"),
      attendees: [
        { wageSeekerId: "w-1", enrolledOn: date("2024-06-12"), deEnrolledOn: date("2024-06-13") },
        { wageSeekerId: "w-2", enrolledOn: date("2024-06-14") },
        { wageSeekerId: "w-3", enrolledOn: date("2024-06-12"), deEnrolledOn: date("2024-06-12") },
      ],
    })
    const logs = ["w-1", "w-2", "w-3"].flatMap((wageSeekerId, person) =>
      Time.Week.datesOf(week).flatMap((day, index) =>
        entryAndExitInputs({
          tenantId: dhenkanal,
          registerId: register.id,
          wageSeekerId,
          date: day,
          entry: "09:00",
          exit: "18:00",
          timeZone: india,
        }).map((log, half) => ({
          ...log,
          id: Ids.EntityId.makeUnsafe(
            `00000000-0000-4000-8000-${String(person * 100 + index * 2 + half).padStart(12, "0")}`,
          ),
          version: 1,
          markedBy: "cbo-admin",
          recordedAt: DateTime.makeUnsafe(0),
        })),
      ),
    )
    const rows = MusterRoll.computeRows({
      register,
      logs,
      week,
      rule: configuration.attendanceDayRule,
      timeZone: india,
      skillOf: () => "LAB_UNSKILLED",
    })
    assert.deepStrictEqual(rows.map(daysOf), [
      ["0", "0", "1", "1", "0", "0", "0"],
      ["0", "0", "0", "0", "1", "0", "0"],
      ["0", "0", "1", "0", "0", "0", "0"],
    ])
    const later = MusterRoll.computeRows({
      register,
      logs,
      week: Time.Week.next(week),
      rule: configuration.attendanceDayRule,
      timeZone: india,
      skillOf: () => undefined,
    })
    assert.deepStrictEqual(later, [], "nobody is enrolled in a week outside the register")
  })

  const propertyRegister = sampleAttendanceRegister({
    id: Ids.EntityId.makeUnsafe("00000000-0000-4000-8000-000000000002"),
    tenantId: dhenkanal,
    startDate: date("2024-06-01"),
    endDate: date("2024-06-30"),
    attendees: ["w-1", "w-2", "w-3", "w-4"].map((wageSeekerId) => ({
      wageSeekerId,
      enrolledOn: date("2024-06-01"),
    })),
  })
  const logsArbitrary = attendanceLogsArbitrary({
    register: propertyRegister,
    week,
    timeZone: india,
    markedBy: "cbo-admin",
    logsMax: 60,
  })
  const rulesArbitrary = fc.constantFrom(
    configuration.attendanceDayRule,
    digitConfiguration.attendanceDayRule,
  )
  const rowsOf = (
    logs: ReadonlyArray<Attendance.AttendanceLog.AttendanceLog>,
    rule: Attendance.DayRule.DayRule,
  ) =>
    MusterRoll.computeRows({
      register: propertyRegister,
      logs,
      week,
      rule,
      timeZone: india,
      skillOf: () => "LAB_UNSKILLED",
    })

  test.prop([logsArbitrary, rulesArbitrary, fc.integer()])(
    "MR-3: the muster roll does not depend on the order of the logs",
    (logs, rule, seed) => {
      const shuffled = fc.sample(
        fc.shuffledSubarray([...logs], { minLength: logs.length, maxLength: logs.length }),
        {
          numRuns: 1,
          seed,
        },
      )[0]
      assert.deepStrictEqual(rowsOf(shuffled ?? logs, rule), rowsOf(logs, rule))
    },
  )

  test.prop([logsArbitrary, rulesArbitrary, fc.array(fc.nat(), { maxLength: 20 })])(
    "MR-3 / ATT-4: re-sent logs (duplicates) change nothing",
    (logs, rule, picks) => {
      const resent = picks
        .flatMap((pick) => (logs.length === 0 ? [] : [logs[pick % logs.length]]))
        .flatMap((log) => (log === undefined ? [] : [log]))
      assert.deepStrictEqual(rowsOf([...logs, ...resent], rule), rowsOf(logs, rule))
    },
  )

  test.prop([logsArbitrary, rulesArbitrary])(
    "MR-3 / ATT-5: every day value is 0, 0.5 or 1, the total is the sum of the days, and every attendee has a row",
    (logs, rule) => {
      const rows = rowsOf(logs, rule)
      assert.deepStrictEqual(
        rows.map((row) => row.wageSeekerId),
        ["w-1", "w-2", "w-3", "w-4"],
      )
      for (const row of rows) {
        assert.strictEqual(row.dayValues.length, 7)
        for (const value of row.dayValues) assert.include(["0", "0.5", "1"], text(value))
        assert.strictEqual(text(row.actualAttendance), text(Money.Quantity.sum(row.dayValues)))
      }
      assert.isTrue(MusterRoll.hasConsistentRows({ rows }))
      assert.strictEqual(
        text(MusterRoll.personDays({ rows })),
        text(Money.Quantity.sum(rows.map((row) => row.actualAttendance))),
      )
    },
  )
})

describe("MusterRoll creation", () => {
  it.effect(
    "MR-1: a muster roll starts on a Monday, overlaps the register and does not start after today",
    () =>
      Effect.gen(function* () {
        const { register } = yield* setUp()
        const tuesday = yield* Effect.flip(create(register.id, { weekStart: date("2024-06-11") }))
        assert.strictEqual(tuesday.code, "START_NOT_MONDAY")
        assert.isTrue(tuesday instanceof MusterRoll.StartNotMonday && tuesday.mondayBefore === "2024-06-10")
        const outside = yield* Effect.flip(create(register.id, { weekStart: date("2024-07-01") }))
        assert.strictEqual(outside.code, "MUSTER_ROLL_OUTSIDE_REGISTER")
        const before = yield* Effect.flip(create(register.id, { weekStart: date("2024-05-27") }))
        assert.strictEqual(before.code, "MUSTER_ROLL_OUTSIDE_REGISTER")
        const future = yield* Effect.flip(create(register.id, { weekStart: date("2024-06-24") }))
        assert.strictEqual(future.code, "MUSTER_ROLL_IN_FUTURE")
        assert.deepStrictEqual(
          yield* musterRollsOf(register.id),
          [],
          "ERR-2: a refused muster roll is not stored",
        )
        const partial = yield* create(register.id, { weekStart: date("2024-06-03") })
        assert.strictEqual(partial.number, "MR/2024-25/000001", "refusals leave no gap in the series")
        const current = yield* create(register.id, { weekStart: date("2024-06-17") })
        assert.strictEqual(current.week.lastDate, "2024-06-23")
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "MR-2: one muster roll per register and week: DUPLICATE_MUSTER_ROLL names the existing number and stores nothing",
    () =>
      Effect.gen(function* () {
        const { register } = yield* setUp()
        const first = yield* create(register.id)
        const before = yield* musterRollsOf(register.id)
        const duplicate = yield* Effect.flip(create(register.id))
        assert.strictEqual(duplicate.code, "DUPLICATE_MUSTER_ROLL")
        assert.isTrue(
          duplicate instanceof MusterRoll.DuplicateMusterRoll &&
            duplicate.existingMusterRollNumber === first.number,
        )
        assert.include(duplicate.message, first.number)
        assert.deepStrictEqual(yield* musterRollsOf(register.id), before)
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "MR-2: a week's muster roll stored by a concurrent request after this one looked is refused by the store, naming its number",
    () =>
      Effect.gen(function* () {
        const { register } = yield* setUp()
        const first = yield* create(register.id)
        const before = yield* musterRollsOf(register.id)
        // The request's own check reads nothing, as it would just before the concurrent insert.
        const duplicate = yield* Effect.flip(
          MusterRollRepository.MusterRollRepository.use((store) =>
            Effect.provideService(create(register.id), MusterRollRepository.MusterRollRepository, {
              ...store,
              find: () => Effect.succeed({ items: [], nextCursor: Option.none() }),
            }),
          ),
        )
        assert.isTrue(
          duplicate instanceof MusterRoll.DuplicateMusterRoll &&
            duplicate.existingMusterRollNumber === first.number &&
            duplicate.existingMusterRollId === first.id,
        )
        assert.deepStrictEqual(yield* musterRollsOf(register.id), before)
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "MR-5: the CBO creates and submits: the creator must be register staff holding the submitting role",
    () =>
      Effect.gen(function* () {
        const { register } = yield* setUp()
        const stranger = yield* Effect.flip(create(register.id, { actor: actor("stranger", "ORG_ADMIN") }))
        assert.strictEqual(stranger.code, "NOT_REGISTER_STAFF")
        const noRole = yield* Effect.flip(create(register.id, { actor: { userId: "cbo-admin", grants: [] } }))
        assert.strictEqual(noRole.code, "ROLE_NOT_ALLOWED")
        const missing = yield* Effect.flip(create("no-register"))
        assert.strictEqual(missing.code, "ATTENDANCE_REGISTER_NOT_FOUND")
        assert.deepStrictEqual(yield* musterRollsOf(register.id), [])
        const created = yield* create(register.id, { comment: "week 2", documents: ["photo-1"] })
        assert.deepStrictEqual(
          created.workflow.timeline.map((entry) => [
            entry.action,
            entry.to,
            entry.actorId,
            entry.comment,
            entry.documents,
          ]),
          [["SUBMIT", "PENDING_FOR_VERIFICATION", "cbo-admin", "week 2", ["photo-1"]]],
        )
      }).pipe(Effect.provide(layer())),
  )
})

// A week of eight logs: A on Monday to Wednesday, B on Monday. The tests
// provide a limit of that size, since reaching the production one would
// store 50,000 logs in memory.
const logWeekOfEight = (register: { readonly id: string }, a: string, b: string) =>
  Effect.gen(function* () {
    yield* logDays(register.id, a, [
      ["2024-06-10", "09:00", "17:00"],
      ["2024-06-11", "09:00", "17:00"],
      ["2024-06-12", "09:00", "17:00"],
    ])
    yield* logDays(register.id, b, [["2024-06-10", "09:00", "17:00"]])
  })

describe("MusterRoll limits", () => {
  it.effect(
    "MR-3: a muster roll is computed from logsPerMusterRollMax logs unless a test provides a limit",
    () =>
      Effect.gen(function* () {
        assert.strictEqual(
          yield* MusterRollUseCases.LogsPerMusterRollMax,
          MusterRollUseCases.logsPerMusterRollMax,
        )
      }),
  )

  it.effect("MR-3: a week of exactly logsPerMusterRollMax logs makes its muster roll", () =>
    Effect.gen(function* () {
      const { register, a, b } = yield* setUp()
      yield* logWeekOfEight(register, a, b)
      const musterRoll = yield* create(register.id).pipe(
        Effect.provideService(MusterRollUseCases.LogsPerMusterRollMax, 8),
      )
      assert.deepStrictEqual(daysOf(rowOf(musterRoll, a)), ["1", "1", "1", "0", "0", "0", "0"])
      assert.deepStrictEqual(daysOf(rowOf(musterRoll, b)), ["1", "0", "0", "0", "0", "0", "0"])
    }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "MR-3: a week of one log past logsPerMusterRollMax is refused with LOGS_PER_MUSTER_ROLL_EXCEEDED and stores nothing",
    () =>
      Effect.gen(function* () {
        const { register, a, b } = yield* setUp()
        yield* logWeekOfEight(register, a, b)
        const refused = yield* Effect.flip(
          create(register.id).pipe(Effect.provideService(MusterRollUseCases.LogsPerMusterRollMax, 7)),
        )
        assert.strictEqual(refused.code, "LOGS_PER_MUSTER_ROLL_EXCEEDED")
        assert.isTrue(
          refused instanceof MusterRoll.LogsPerMusterRollExceeded &&
            refused.category === "rule" &&
            refused.limit === 7 &&
            refused.registerNumber === register.number,
        )
        assert.include(refused.message, "more than 7 attendance logs")
        assert.deepStrictEqual(yield* musterRollsOf(register.id), [])
      }).pipe(Effect.provide(layer())),
  )
})

describe("MusterRoll review", () => {
  const base = (musterRoll: Attendance.MusterRoll.MusterRoll, who: Workflow.Actor.Actor) => ({
    tenantId,
    actor: who,
    musterRollId: musterRoll.id,
    version: musterRoll.version,
  })

  it.effect(
    "MR-4: a verifier sets a modified total of 0 to 7 in steps of 0.5; effective attendance uses it; anything else is refused",
    () =>
      Effect.gen(function* () {
        const { register, a } = yield* setUp()
        yield* logDays(register.id, a, [["2024-06-10", "09:00", "18:00"]])
        const created = yield* create(register.id)
        for (const value of ["7.5", "-1", "0.3", "abc", "", "1e1"]) {
          const refused = yield* Effect.flip(
            MusterRollUseCases.setModifiedAttendance({
              ...base(created, verifier),
              wageSeekerId: a,
              modifiedAttendance: value,
            }),
          )
          assert.strictEqual(refused.code, "MODIFIED_ATTENDANCE_INVALID", value)
        }
        const byCbo = yield* Effect.flip(
          MusterRollUseCases.setModifiedAttendance({
            ...base(created, cboAdmin),
            wageSeekerId: a,
            modifiedAttendance: "2",
          }),
        )
        assert.strictEqual(byCbo.code, "ROLE_NOT_ALLOWED")
        const unknown = yield* Effect.flip(
          MusterRollUseCases.setModifiedAttendance({
            ...base(created, verifier),
            wageSeekerId: "nobody",
            modifiedAttendance: "2",
          }),
        )
        assert.strictEqual(unknown.code, "ATTENDEE_NOT_ON_MUSTER_ROLL")
        assert.deepStrictEqual(
          yield* MusterRollUseCases.getMusterRoll({ tenantId: dhenkanal, musterRollId: created.id }),
          created,
        )
        const modified = yield* MusterRollUseCases.setModifiedAttendance({
          ...base(created, verifier),
          wageSeekerId: a,
          modifiedAttendance: "6.50",
        })
        const row = rowOf(modified, a)
        assert.strictEqual(text(row?.actualAttendance ?? quantity("99")), "1")
        assert.strictEqual(text(row?.modifiedAttendance ?? quantity("99")), "6.5")
        assert.strictEqual(row && text(MusterRoll.effectiveAttendance(row)), "6.5")
        assert.strictEqual(modified.version, created.version + 1)
        for (const value of ["0", "7", "3.5"])
          assert.isTrue(Result.isSuccess(MusterRoll.modifiedAttendanceFrom(value, { wageSeekerId: a })))
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "MR-4: recomputing from the logs discards modified totals and picks up new logs; a chosen skill is kept",
    () =>
      Effect.gen(function* () {
        const { register, a, d } = yield* setUp()
        const created = yield* create(register.id)
        const chosen = yield* MusterRollUseCases.chooseMusterRollSkill({
          ...base(created, verifier),
          wageSeekerId: d,
          skillCode: "LAB_SKILLED",
        })
        const modified = yield* MusterRollUseCases.setModifiedAttendance({
          ...base(chosen, verifier),
          wageSeekerId: a,
          modifiedAttendance: "3",
        })
        yield* logDays(register.id, a, [["2024-06-14", "09:00", "18:00"]])
        const recomputed = yield* MusterRollUseCases.recomputeMusterRoll(base(modified, verifier))
        assert.isUndefined(rowOf(recomputed, a)?.modifiedAttendance)
        assert.strictEqual(text(rowOf(recomputed, a)?.actualAttendance ?? quantity("99")), "1")
        assert.strictEqual(rowOf(recomputed, d)?.skillCode, "LAB_SKILLED")
        const byCbo = yield* Effect.flip(MusterRollUseCases.recomputeMusterRoll(base(recomputed, cboAdmin)))
        assert.strictEqual(byCbo.code, "ROLE_NOT_ALLOWED")
        const stale = yield* Effect.flip(MusterRollUseCases.recomputeMusterRoll(base(modified, verifier)))
        assert.strictEqual(stale.code, "STALE_VERSION")
        const notTheirs = yield* Effect.flip(
          MusterRollUseCases.chooseMusterRollSkill({
            ...base(recomputed, verifier),
            wageSeekerId: a,
            skillCode: "LAB_SKILLED",
          }),
        )
        assert.isTrue(
          notTheirs instanceof Errors.ValidationFailed &&
            notTheirs.problems[0]?.code === MusterRollUseCases.skillNotOfWageSeekerCode,
        )
        const namedAtCreation = yield* Effect.flip(
          create(register.id, { weekStart: date("2024-06-17"), skills: { [a]: "LAB_SKILLED" } }),
        )
        assert.strictEqual(namedAtCreation.code, "VALIDATION_FAILED")
        const named = yield* create(register.id, {
          weekStart: date("2024-06-17"),
          skills: { [d]: "LAB_SEMI_SKILLED" },
        })
        assert.strictEqual(rowOf(named, d)?.skillCode, "LAB_SEMI_SKILLED")
      }).pipe(Effect.provide(layer())),
  )

  it.effect(
    "MR-3 / MR-5: WF-MR takes every path to approval; a row without a skill blocks approval (SKILL_MISSING)",
    () =>
      Effect.gen(function* () {
        const { register, a, b, d } = yield* setUp()
        yield* logDays(register.id, a, [
          ["2024-06-10", "09:00", "18:00"],
          ["2024-06-11", "09:00", "13:00"],
        ])
        yield* logDays(register.id, b, [["2024-06-12", "09:00", "18:00"]])
        let musterRoll = yield* create(register.id)
        const act = (who: Workflow.Actor.Actor, action: string) =>
          MusterRollUseCases.takeMusterRollAction({
            ...base(musterRoll, who),
            action,
            ...(action.startsWith("SEND_BACK") ? { comment: "check" } : {}),
          })
        const states: Array<string> = [musterRoll.workflow.state]
        for (const [who, action] of [
          [verifier, "VERIFY_AND_FORWARD"],
          [approver, "SEND_BACK"],
          [verifier, "SEND_BACK_TO_CBO"],
          [cboAdmin, "RE_SUBMIT"],
          [verifier, "VERIFY_AND_FORWARD"],
          [approver, "SEND_BACK_TO_CBO"],
          [cboAdmin, "RE_SUBMIT"],
          [verifier, "VERIFY_AND_FORWARD"],
        ] as const) {
          const taken = yield* act(who, action)
          assert.deepStrictEqual(taken.events, [])
          musterRoll = taken.musterRoll
          states.push(musterRoll.workflow.state)
        }
        assert.deepStrictEqual(states, [
          "PENDING_FOR_VERIFICATION",
          "PENDING_FOR_APPROVAL",
          "PENDING_FOR_VERIFICATION",
          "PENDING_FOR_CORRECTION",
          "PENDING_FOR_VERIFICATION",
          "PENDING_FOR_APPROVAL",
          "PENDING_FOR_CORRECTION",
          "PENDING_FOR_VERIFICATION",
          "PENDING_FOR_APPROVAL",
        ])
        const notVerifiable = yield* Effect.flip(
          MusterRollUseCases.setModifiedAttendance({
            ...base(musterRoll, verifier),
            wageSeekerId: a,
            modifiedAttendance: "1",
          }),
        )
        assert.strictEqual(notVerifiable.code, "MUSTER_ROLL_NOT_EDITABLE")
        const reject = yield* Effect.flip(act(approver, "REJECT"))
        assert.strictEqual(
          reject.code,
          "ACTION_NOT_ALLOWED",
          "WF-MR: a muster roll is corrected, never rejected",
        )
        const missing = yield* Effect.flip(act(approver, "APPROVE"))
        assert.strictEqual(missing.code, "SKILL_MISSING")
        assert.isTrue(missing instanceof MusterRoll.SkillMissing && missing.wageSeekerIds.join() === d)
        assert.deepStrictEqual(
          yield* MusterRollUseCases.getMusterRoll({ tenantId: dhenkanal, musterRollId: musterRoll.id }),
          musterRoll,
        )
        musterRoll = yield* MusterRollUseCases.chooseMusterRollSkill({
          ...base(musterRoll, approver),
          wageSeekerId: d,
          skillCode: "LAB_SKILLED",
        })
        const byVerifier = yield* Effect.flip(act(verifier, "APPROVE"))
        assert.strictEqual(byVerifier.code, "ROLE_NOT_ALLOWED")
        yield* TestClock.adjust("2 hours")
        const approved = yield* MusterRollUseCases.approveMusterRoll(base(musterRoll, approver))
        assert.strictEqual(approved.musterRoll.workflow.state, "APPROVED")
        const approval = approved.musterRoll.workflow.timeline.at(-1)
        assert.deepStrictEqual(
          [approval?.action, approval?.from, approval?.to, approval?.actorId],
          ["APPROVE", musterRoll.workflow.state, "APPROVED", approver.userId],
        )
        assert.strictEqual(
          approved.musterRoll.workflow.timeline.length,
          musterRoll.workflow.timeline.length + 1,
        )
        assert.deepStrictEqual(
          yield* MusterRollUseCases.getMusterRoll({ tenantId: dhenkanal, musterRollId: musterRoll.id }),
          approved.musterRoll,
          "the approval's timeline entry is stored with the muster roll's snapshot",
        )
        const again = yield* Effect.flip(
          MusterRollUseCases.approveMusterRoll(base(approved.musterRoll, approver)),
        )
        assert.strictEqual(again.code, "ACTION_NOT_ALLOWED")
        const frozen = yield* Effect.flip(
          MusterRollUseCases.recomputeMusterRoll(base(approved.musterRoll, approver)),
        )
        assert.strictEqual(frozen.code, "MUSTER_ROLL_NOT_EDITABLE")
        const missingRoll = yield* Effect.flip(
          MusterRollUseCases.getMusterRoll({ tenantId: dhenkanal, musterRollId: "none" }),
        )
        assert.strictEqual(missingRoll.code, "MUSTER_ROLL_NOT_FOUND")
      }).pipe(Effect.provide(layer())),
  )

  it.effect("MR-5: approval emits MusterRollApproved with everything a wage bill needs", () =>
    Effect.gen(function* () {
      const { register, a, b, c, d } = yield* setUp()
      yield* logDays(register.id, a, [
        ["2024-06-10", "09:00", "18:00"],
        ["2024-06-11", "09:00", "13:00"],
      ])
      const created = yield* create(register.id, { skills: { [d]: "LAB_SEMI_SKILLED" } })
      const modified = yield* MusterRollUseCases.setModifiedAttendance({
        ...base(created, verifier),
        wageSeekerId: b,
        modifiedAttendance: "4.5",
      })
      const verified = yield* MusterRollUseCases.takeMusterRollAction({
        ...base(modified, verifier),
        action: "VERIFY_AND_FORWARD",
      })
      yield* TestClock.adjust("1 hour")
      const { approved } = yield* MusterRollUseCases.approveMusterRoll(base(verified.musterRoll, approver))
      assert.deepStrictEqual(Schema.encodeSync(MusterRollApproved.MusterRollApproved)(approved), {
        type: "MusterRollApproved",
        tenantId: "od.dhenkanal",
        musterRollId: created.id,
        musterRollNumber: "MR/2024-25/000001",
        workOrderId: "wo-1",
        registerId: register.id,
        registerNumber: "WR/2024-25/000001",
        organisationId: "org-1",
        period: { firstDate: "2024-06-10", lastDate: "2024-06-16" },
        approvedAt: DateTime.makeUnsafe("2024-06-17T07:00:00Z"),
        approvedBy: "approver",
        attendees: [
          {
            wageSeekerId: a,
            skillCode: "LAB_UNSKILLED",
            effectiveAttendance: "1.5",
            actualAttendance: "1.5",
          },
          { wageSeekerId: b, skillCode: "LAB_SKILLED", effectiveAttendance: "4.5", actualAttendance: "0" },
          { wageSeekerId: c, skillCode: "LAB_UNSKILLED", effectiveAttendance: "0", actualAttendance: "0" },
          { wageSeekerId: d, skillCode: "LAB_SEMI_SKILLED", effectiveAttendance: "0", actualAttendance: "0" },
        ],
        personDays: "6",
      })
      assert.isTrue(Schema.is(MusterRollApproved.MusterRollApproved)(approved))
    }).pipe(Effect.provide(layer())),
  )
})

describe("MusterRoll person-days", () => {
  it.effect(
    "MR-6: person-days = Σ effective attendance per muster roll; monthly totals add the muster rolls (KPI-14 style)",
    () =>
      Effect.gen(function* () {
        const { register, a, b, c } = yield* setUp()
        yield* logDays(register.id, a, [
          ["2024-06-03", "09:00", "18:00"],
          ["2024-06-04", "09:00", "18:00"],
          ["2024-06-05", "09:00", "18:00"],
          ["2024-06-06", "09:00", "18:00"],
          ["2024-06-07", "09:00", "18:00"],
          ["2024-06-08", "09:00", "18:00"],
          ["2024-06-10", "09:00", "18:00"],
          ["2024-06-11", "09:00", "18:00"],
          ["2024-06-12", "09:00", "18:00"],
        ])
        yield* logDays(register.id, b, [
          ["2024-06-03", "09:00", "18:00"],
          ["2024-06-04", "09:00", "18:00"],
          ["2024-06-05", "09:00", "18:00"],
          ["2024-06-06", "09:00", "18:00"],
          ["2024-06-07", "09:00", "18:00"],
          ["2024-06-08", "09:00", "13:00"],
          ["2024-06-10", "09:00", "13:00"],
        ])
        const firstWeek = yield* create(register.id, { weekStart: date("2024-06-03") })
        const secondWeek = yield* create(register.id)
        assert.deepStrictEqual(
          firstWeek.rows.map((row) => text(row.actualAttendance)),
          ["6", "5.5", "0"],
        )
        assert.strictEqual(text(MusterRoll.personDays(firstWeek)), "11.5")
        const corrected = yield* MusterRollUseCases.setModifiedAttendance({
          tenantId,
          actor: verifier,
          musterRollId: firstWeek.id,
          version: firstWeek.version,
          wageSeekerId: b,
          modifiedAttendance: "4.5",
        })
        assert.strictEqual(text(MusterRoll.personDays(corrected)), "10.5")
        assert.strictEqual(text(MusterRoll.personDays(secondWeek)), "3.5")
        const june = Money.Quantity.sum([corrected, secondWeek].map(MusterRoll.personDays))
        assert.strictEqual(text(june), "14")
        const summary = MusterRoll.toPublicSummary(corrected)
        assert.deepStrictEqual(Schema.encodeSync(MusterRoll.PublicMusterRollSummary)(summary), {
          tenantId: "od.dhenkanal",
          musterRollNumber: firstWeek.number,
          workOrderId: "wo-1",
          week: { firstDate: "2024-06-03", lastDate: "2024-06-09" },
          wageSeekers: 2,
          personDays: "10.5",
        })
        const published = JSON.stringify(Schema.encodeSync(MusterRoll.PublicMusterRollSummary)(summary))
        for (const personal of [a, b, c, "Sabita"])
          assert.notInclude(published, personal, "PRIV-4: no personal data")
      }).pipe(Effect.provide(layer())),
  )
})
