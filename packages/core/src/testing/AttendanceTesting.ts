/**
 * Test support for the attendance module (spec 05-attendance-bills.md
 * ATT-1..ATT-5, MR-1..MR-6): a test Layer with every attendance and
 * registries port in memory, sample registers and muster rolls, a fast-check
 * arbitrary of attendance logs for a register's week, and the conformance
 * suites every implementation of the attendance store ports must pass.
 * Suites draw fresh tenants and ids for each test.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { DateTime, Effect, Layer, Option } from "effect"
import * as fc from "fast-check"
import type * as AttendanceLog from "../attendance/AttendanceLog.js"
import * as AttendanceLogRepository from "../attendance/AttendanceLogRepository.js"
import type * as AttendanceRegister from "../attendance/AttendanceRegister.js"
import * as AttendanceRegisterRepository from "../attendance/AttendanceRegisterRepository.js"
import * as Attendance from "../attendance/index.js"
import type * as MusterRoll from "../attendance/MusterRoll.js"
import * as MusterRollRepository from "../attendance/MusterRollRepository.js"
import type * as TenantId from "../config/TenantId.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import type * as AadhaarGateway from "../registries/AadhaarGateway.js"
import * as LocalDate from "../time/LocalDate.js"
import type { TimeZone } from "../time/TimeZone.js"
import * as Week from "../time/Week.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import { type ConformanceLaw, registerConformanceLaws } from "./ConformanceLaws.js"
import { freshTenants, registriesTestLayer } from "./RegistriesTesting.js"

/**
 * Every attendance and registries port in memory, plus the `IdSequence`.
 *
 * @since 0.1.0
 * @category testing
 */
export const attendanceTestLayer = (
  options: {
    readonly aadhaarScript?: AadhaarGateway.AadhaarScript
    readonly labourSkillCodes?: ReadonlyArray<string>
  } = {},
) => Layer.mergeAll(registriesTestLayer(options), Attendance.layerMemory)

/**
 * An attendance register record (ATT-1), active, for suites and pure tests.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleAttendanceRegister = (options: {
  readonly id: EntityId.EntityId
  readonly tenantId: TenantId.TenantId
  readonly number?: string
  readonly workOrderId?: string
  readonly startDate: LocalDate.LocalDate
  readonly endDate: LocalDate.LocalDate
  readonly staff?: ReadonlyArray<AttendanceRegister.RegisterStaff>
  readonly attendees?: ReadonlyArray<AttendanceRegister.Attendee>
}): AttendanceRegister.AttendanceRegister => ({
  id: options.id,
  tenantId: options.tenantId,
  number: HumanNumber.makeUnsafe(options.number ?? "WR/2024-25/000001"),
  version: 1,
  workOrderId: options.workOrderId ?? `work-order-${options.id}`,
  organisationId: "organisation-1",
  startDate: options.startDate,
  endDate: options.endDate,
  status: "ACTIVE",
  staff: options.staff ?? [{ userId: "cbo-admin", from: options.startDate }],
  attendees: options.attendees ?? [],
})

const minutesPerDay = 24 * 60

/**
 * Random attendance logs of a register's attendees over a week: each log an
 * ENTRY or EXIT at a random minute of a random day of the week (local, in
 * `timeZone`), with a unique client reference id, marked by `markedBy`.
 *
 * @since 0.1.0
 * @category testing
 */
export const attendanceLogsArbitrary = (options: {
  readonly register: AttendanceRegister.AttendanceRegister
  readonly week: Week.Week
  readonly timeZone: TimeZone
  readonly markedBy: string
  readonly logsMax: number
}): fc.Arbitrary<ReadonlyArray<AttendanceLog.AttendanceLog>> => {
  const attendeeIds = [...new Set(options.register.attendees.map((attendee) => attendee.wageSeekerId))]
  const dates = Week.datesOf(options.week)
  const recordedAt = DateTime.makeUnsafe("2024-01-01T00:00:00.000Z")
  const logArbitrary = fc.record({
    wageSeekerId: fc.constantFrom(...attendeeIds),
    date: fc.constantFrom(...dates),
    minute: fc.integer({ min: 0, max: minutesPerDay - 1 }),
    type: fc.constantFrom<"ENTRY" | "EXIT">("ENTRY", "EXIT"),
  })
  return fc.array(logArbitrary, { maxLength: options.logsMax }).map((drawn) =>
    drawn.map(
      (log, index): AttendanceLog.AttendanceLog => ({
        id: EntityId.makeUnsafe(`00000000-0000-4000-8000-${String(index).padStart(12, "0")}`),
        tenantId: options.register.tenantId,
        registerId: options.register.id,
        wageSeekerId: log.wageSeekerId,
        type: log.type,
        at: DateTime.makeUnsafe(
          DateTime.toEpochMillis(LocalDate.startInstant(log.date, options.timeZone)) + log.minute * 60_000,
        ),
        markedBy: options.markedBy,
        clientReferenceId: `log-${index}`,
        recordedAt,
      }),
    ),
  )
}

/**
 * A muster roll record (MR-1) in the workflow's start state, for suites.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleMusterRoll = (options: {
  readonly id: EntityId.EntityId
  readonly tenantId: TenantId.TenantId
  readonly number: string
  readonly registerId: string
  readonly week: Week.Week
  readonly rows?: ReadonlyArray<MusterRoll.MusterRollRow>
}): MusterRoll.MusterRoll => ({
  id: options.id,
  tenantId: options.tenantId,
  number: HumanNumber.makeUnsafe(options.number),
  version: 1,
  registerId: options.registerId,
  registerNumber: "WR/2024-25/000001",
  workOrderId: "work-order-1",
  organisationId: "organisation-1",
  week: options.week,
  rows: options.rows ?? [],
  workflow: WorkflowSnapshot.initial({
    entityId: options.id,
    tenantId: options.tenantId,
    definitionCode: "muster-roll",
  }),
  computedAt: DateTime.makeUnsafe("2024-04-08T00:00:00.000Z"),
})

const suiteStart = LocalDate.makeUnsafe("2024-04-01")
const suiteEnd = LocalDate.makeUnsafe("2024-06-30")

const attendanceRegisterRepositoryLaws: ReadonlyArray<
  ConformanceLaw<AttendanceRegisterRepository.AttendanceRegisterRepository>
> = [
  [
    "ATT-1 / TEN-1: a register is found by id, work order and number in its tenant only",
    Effect.gen(function* () {
      const repository = yield* AttendanceRegisterRepository.AttendanceRegisterRepository
      const { ulb } = yield* freshTenants
      const register = sampleAttendanceRegister({
        id: yield* EntityId.make,
        tenantId: ulb,
        startDate: suiteStart,
        endDate: suiteEnd,
      })
      yield* repository.insert(register)
      assert.deepStrictEqual(
        Option.getOrUndefined(yield* repository.findById({ tenantId: ulb, id: register.id })),
        register,
      )
      const byOrder = yield* repository.findByWorkOrderId({
        tenantId: ulb,
        workOrderId: register.workOrderId,
      })
      assert.strictEqual(Option.getOrUndefined(byOrder)?.id, register.id)
      assert.isTrue(Option.isSome(yield* repository.findByNumber({ tenantId: ulb, number: register.number })))
      const { ulb: other } = yield* freshTenants
      assert.isTrue(Option.isNone(yield* repository.findById({ tenantId: other, id: register.id })))
    }),
  ],
  [
    "ATT-1: one register per work order; DB-4: a stale update changes nothing",
    Effect.gen(function* () {
      const repository = yield* AttendanceRegisterRepository.AttendanceRegisterRepository
      const { ulb } = yield* freshTenants
      const register = sampleAttendanceRegister({
        id: yield* EntityId.make,
        tenantId: ulb,
        startDate: suiteStart,
        endDate: suiteEnd,
      })
      yield* repository.insert(register)
      const second = {
        ...register,
        id: yield* EntityId.make,
        number: HumanNumber.makeUnsafe("WR/2024-25/000002"),
      }
      const exists = yield* Effect.flip(repository.insert(second))
      assert.strictEqual(exists._tag, "AttendanceRegisterExists")
      const extended = { ...register, endDate: LocalDate.makeUnsafe("2024-07-31"), version: 2 }
      yield* repository.update({ register: extended, expectedVersion: 1 })
      const stale = yield* Effect.flip(
        repository.update({ register: { ...register, version: 2 }, expectedVersion: 1 }),
      )
      assert.strictEqual(stale._tag, "StaleVersion")
      const stored = yield* repository.findById({ tenantId: ulb, id: register.id })
      assert.strictEqual(Option.getOrUndefined(stored)?.endDate, "2024-07-31")
    }),
  ],
]

/**
 * Registers the conformance tests of an `AttendanceRegisterRepository`
 * implementation (ATT-1, TEN-1, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const AttendanceRegisterRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<AttendanceRegisterRepository.AttendanceRegisterRepository, E>,
): void => registerConformanceLaws(name, layer, attendanceRegisterRepositoryLaws)

const suiteLog = (options: {
  readonly tenantId: TenantId.TenantId
  readonly registerId: string
  readonly clientReferenceId: string
  readonly millis: number
  readonly id: EntityId.EntityId
}): AttendanceLog.AttendanceLog => ({
  id: options.id,
  tenantId: options.tenantId,
  registerId: options.registerId,
  wageSeekerId: "wage-seeker-1",
  type: "ENTRY",
  at: DateTime.makeUnsafe(options.millis),
  markedBy: "cbo-admin",
  clientReferenceId: options.clientReferenceId,
  recordedAt: DateTime.makeUnsafe(options.millis),
})

const attendanceLogRepositoryLaws: ReadonlyArray<
  ConformanceLaw<AttendanceLogRepository.AttendanceLogRepository>
> = [
  [
    "ATT-4: a log whose client reference id is stored is not stored again; the stored one is returned",
    Effect.gen(function* () {
      const repository = yield* AttendanceLogRepository.AttendanceLogRepository
      const { ulb } = yield* freshTenants
      const registerId = yield* EntityId.make
      const base = { tenantId: ulb, registerId, millis: 1_711_929_600_000 }
      const first = suiteLog({ ...base, clientReferenceId: "ref-1", id: yield* EntityId.make })
      const resent = suiteLog({
        ...base,
        clientReferenceId: "ref-1",
        id: yield* EntityId.make,
        millis: base.millis + 60_000,
      })
      const other = suiteLog({ ...base, clientReferenceId: "ref-2", id: yield* EntityId.make })
      assert.deepStrictEqual(yield* repository.insertMany({ tenantId: ulb, logs: [first] }), [first])
      const stored = yield* repository.insertMany({
        tenantId: ulb,
        logs: [resent, other, { ...other, id: resent.id }],
      })
      assert.deepStrictEqual(stored, [first, other, other])
      const found = yield* repository.findByClientReferenceIds({
        tenantId: ulb,
        clientReferenceIds: ["ref-1", "ref-2", "ref-3"],
      })
      assert.strictEqual(found.length, 2)
      const { ulb: otherTenant } = yield* freshTenants
      assert.deepStrictEqual(
        yield* repository.findByClientReferenceIds({
          tenantId: otherTenant,
          clientReferenceIds: ["ref-1"],
        }),
        [],
      )
    }),
  ],
  [
    "MR-3: a register's logs between two instants, both included, ordered by instant",
    Effect.gen(function* () {
      const repository = yield* AttendanceLogRepository.AttendanceLogRepository
      const { ulb } = yield* freshTenants
      const registerId = yield* EntityId.make
      const at = (clientReferenceId: string, millis: number) =>
        Effect.map(EntityId.make, (id) =>
          suiteLog({ tenantId: ulb, registerId, clientReferenceId, millis, id }),
        )
      const logs = [
        yield* at("c", 3_000),
        yield* at("a", 1_000),
        yield* at("b", 2_000),
        yield* at("d", 4_000),
      ]
      const elsewhere = suiteLog({
        tenantId: ulb,
        registerId: "other-register",
        clientReferenceId: "e",
        millis: 2_000,
        id: yield* EntityId.make,
      })
      yield* repository.insertMany({ tenantId: ulb, logs: [...logs, elsewhere] })
      const between = yield* repository.findByRegisterBetween({
        tenantId: ulb,
        registerId,
        from: DateTime.makeUnsafe(1_000),
        to: DateTime.makeUnsafe(3_000),
      })
      assert.deepStrictEqual(
        between.map((log) => log.clientReferenceId),
        ["a", "b", "c"],
      )
    }),
  ],
]

/**
 * Registers the conformance tests of an `AttendanceLogRepository`
 * implementation (ATT-3, ATT-4, MR-3, TEN-1).
 *
 * @since 0.1.0
 * @category testing
 */
export const AttendanceLogRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<AttendanceLogRepository.AttendanceLogRepository, E>,
): void => registerConformanceLaws(name, layer, attendanceLogRepositoryLaws)

const musterRollRepositoryLaws: ReadonlyArray<ConformanceLaw<MusterRollRepository.MusterRollRepository>> = [
  [
    "MR-2: one muster roll per register and week, the refusal naming the existing number",
    Effect.gen(function* () {
      const repository = yield* MusterRollRepository.MusterRollRepository
      const { ulb } = yield* freshTenants
      const registerId = yield* EntityId.make
      const week = Week.weekOf(suiteStart)
      const first = sampleMusterRoll({
        id: yield* EntityId.make,
        tenantId: ulb,
        number: "MR/2024-25/000001",
        registerId,
        week,
      })
      yield* repository.insert(first)
      const second = sampleMusterRoll({
        id: yield* EntityId.make,
        tenantId: ulb,
        number: "MR/2024-25/000002",
        registerId,
        week,
      })
      const duplicate = yield* Effect.flip(repository.insert(second))
      assert.strictEqual(duplicate._tag, "DuplicateMusterRoll")
      if (duplicate._tag === "DuplicateMusterRoll")
        assert.strictEqual(duplicate.existingMusterRollNumber, first.number)
      assert.isTrue(Option.isNone(yield* repository.findById({ tenantId: ulb, id: second.id })))
      const nextWeek = { ...second, week: Week.next(week) }
      yield* repository.insert(nextWeek)
      const ofRegister = yield* repository.findByRegister({ tenantId: ulb, registerId })
      assert.deepStrictEqual(
        ofRegister.map((each) => each.number),
        [first.number, second.number],
      )
    }),
  ],
  [
    "MR-2 / TEN-1 / DB-4: found by id, number and week in its tenant; a stale update changes nothing",
    Effect.gen(function* () {
      const repository = yield* MusterRollRepository.MusterRollRepository
      const { ulb } = yield* freshTenants
      const registerId = yield* EntityId.make
      const week = Week.weekOf(suiteStart)
      const musterRoll = sampleMusterRoll({
        id: yield* EntityId.make,
        tenantId: ulb,
        number: "MR/2024-25/000001",
        registerId,
        week,
      })
      yield* repository.insert(musterRoll)
      assert.deepStrictEqual(
        Option.getOrUndefined(yield* repository.findById({ tenantId: ulb, id: musterRoll.id })),
        musterRoll,
      )
      assert.isTrue(
        Option.isSome(yield* repository.findByNumber({ tenantId: ulb, number: musterRoll.number })),
      )
      const byWeek = yield* repository.findByRegisterAndWeek({
        tenantId: ulb,
        registerId,
        weekStart: week.firstDate,
      })
      assert.strictEqual(Option.getOrUndefined(byWeek)?.id, musterRoll.id)
      const { ulb: other } = yield* freshTenants
      assert.isTrue(Option.isNone(yield* repository.findById({ tenantId: other, id: musterRoll.id })))
      yield* repository.update({ musterRoll: { ...musterRoll, version: 2 }, expectedVersion: 1 })
      const stale = yield* Effect.flip(
        repository.update({ musterRoll: { ...musterRoll, version: 2 }, expectedVersion: 1 }),
      )
      assert.strictEqual(stale._tag, "StaleVersion")
    }),
  ],
]

/**
 * Registers the conformance tests of a `MusterRollRepository`
 * implementation (MR-2, TEN-1, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const MusterRollRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<MusterRollRepository.MusterRollRepository, E>,
): void => registerConformanceLaws(name, layer, musterRollRepositoryLaws)

/**
 * The log requests of a day's ENTRY and EXIT for one attendee, at local
 * `HH:mm` times in the time zone (for examples such as ATT-5's checks).
 *
 * @since 0.1.0
 * @category testing
 */
export const entryAndExitInputs = (options: {
  readonly tenantId: TenantId.TenantId
  readonly registerId: string
  readonly wageSeekerId: string
  readonly date: LocalDate.LocalDate
  readonly entry: string
  readonly exit: string
  readonly timeZone: TimeZone
}): ReadonlyArray<AttendanceLog.AttendanceLogInput> => {
  const at = (time: string) => {
    const [hours = 0, minutes = 0] = time.split(":").map(Number)
    return DateTime.makeUnsafe(
      DateTime.toEpochMillis(LocalDate.startInstant(options.date, options.timeZone)) +
        (hours * 60 + minutes) * 60_000,
    )
  }
  const base = {
    tenantId: options.tenantId,
    registerId: options.registerId,
    wageSeekerId: options.wageSeekerId,
  }
  const reference = `${options.wageSeekerId}-${options.date}`
  return [
    { ...base, type: "ENTRY", at: at(options.entry), clientReferenceId: `${reference}-entry` },
    { ...base, type: "EXIT", at: at(options.exit), clientReferenceId: `${reference}-exit` },
  ]
}
