/**
 * Test support for the attendance module (spec 05-attendance-bills.md
 * ATT-1..ATT-5, MR-1..MR-6): a test Layer with every attendance and
 * registries port in memory, sample registers and muster rolls, a fast-check
 * arbitrary of attendance logs for a register's week, and the store
 * fixtures (`attendanceStoreFixtures`) with which every implementation of
 * the attendance stores passes `AggregateStoreSuite` and the stores' own
 * laws. The laws draw fresh tenants and ids for each test.
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
import * as Quantity from "../money/Quantity.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type * as AadhaarGateway from "../registries/AadhaarGateway.js"
import * as LocalDate from "../time/LocalDate.js"
import type { TimeZone } from "../time/TimeZone.js"
import * as Week from "../time/Week.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import * as AggregateStoreSuite from "./AggregateStoreSuite.js"
import type { ConformanceLaw } from "./ConformanceLaws.js"
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
        version: 1,
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

// A UUID (the EntityId Schema) from a fixture seed's index.
const seedId = (index: number): EntityId.EntityId =>
  EntityId.makeUnsafe(`00000000-0000-4000-8000-${String(index).padStart(12, "0")}`)

const pick = <T>(values: ReadonlyArray<T>, index: number): T => values[index % values.length] as T

const registerDates: ReadonlyArray<readonly [start: string, end: string]> = [
  ["2024-04-01", "2024-06-30"],
  ["2024-03-04", "2024-04-28"],
  ["2024-05-06", "2024-09-29"],
]

/**
 * The `index`-th register of a tenant: its own work order (the `workOrder`
 * rule), numbers, organisations, statuses and dates repeating every few
 * indexes.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeAttendanceRegister = (seed: AggregateStoreSuite.AggregateSeed) => {
  const [startDate, endDate] = pick(registerDates, seed.index)
  return {
    ...sampleAttendanceRegister({
      id: seedId(seed.index),
      tenantId: seed.tenantId,
      number: `WR/2024-25/${String(seed.index % 4).padStart(6, "0")}`,
      workOrderId: `work-order-${seed.index}`,
      startDate: LocalDate.makeUnsafe(startDate),
      endDate: LocalDate.makeUnsafe(endDate),
    }),
    organisationId: `organisation-${seed.index % 3}`,
    status: seed.index % 2 === 0 ? ("ACTIVE" as const) : ("INACTIVE" as const),
  }
}

// A lookup by id as an option (the port fails with ATTENDANCE_REGISTER_NOT_FOUND).
const findRegisterById = (
  repository: AttendanceRegisterRepository.AttendanceRegisterRepositoryShape,
  key: AggregateStore.Key,
) =>
  repository.get(key).pipe(
    Effect.map(Option.some),
    Effect.catchTag("AttendanceRegisterNotFound", () =>
      Effect.succeed(Option.none<AttendanceRegister.AttendanceRegister>()),
    ),
  )

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
      yield* repository.insert({ aggregate: register })
      assert.deepStrictEqual(
        Option.getOrUndefined(yield* findRegisterById(repository, { tenantId: ulb, id: register.id })),
        register,
      )
      const byOrder = yield* AggregateStore.findFirst(repository, {
        tenantId: ulb,
        where: { workOrderId: register.workOrderId },
      })
      assert.strictEqual(Option.getOrUndefined(byOrder)?.id, register.id)
      assert.isTrue(
        Option.isSome(
          yield* AggregateStore.findFirst(repository, { tenantId: ulb, where: { number: register.number } }),
        ),
      )
      const { ulb: other } = yield* freshTenants
      assert.isTrue(Option.isNone(yield* findRegisterById(repository, { tenantId: other, id: register.id })))
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
      yield* repository.insert({ aggregate: register })
      const second = {
        ...register,
        id: yield* EntityId.make,
        number: HumanNumber.makeUnsafe("WR/2024-25/000002"),
      }
      const exists = yield* Effect.flip(repository.insert({ aggregate: second }))
      assert.strictEqual(exists._tag, "AttendanceRegisterExists")
      const extended = { ...register, endDate: LocalDate.makeUnsafe("2024-07-31"), version: 2 }
      yield* repository.update({ aggregate: extended, expectedVersion: 1 })
      const stale = yield* Effect.flip(
        repository.update({ aggregate: { ...register, version: 2 }, expectedVersion: 1 }),
      )
      assert.strictEqual(stale._tag, "StaleVersion")
      const stored = yield* findRegisterById(repository, { tenantId: ulb, id: register.id })
      assert.strictEqual(Option.getOrUndefined(stored)?.endDate, "2024-07-31")
    }),
  ],
]

/**
 * The attendance registers of `AggregateStoreSuite`, with the register
 * store's own laws (ATT-1, TEN-1, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const attendanceRegisterFixture: AggregateStoreSuite.AggregateStoreFixture<
  AttendanceRegisterRepository.AttendanceRegisterRepository,
  AttendanceRegister.AttendanceRegister,
  keyof typeof AttendanceRegisterRepository.descriptor.columns,
  AttendanceRegister.AttendanceRegisterExists,
  AttendanceRegister.AttendanceRegisterNotFound,
  never
> = {
  port: AttendanceRegisterRepository.AttendanceRegisterRepository,
  descriptor: AttendanceRegisterRepository.descriptor,
  make: makeAttendanceRegister,
  revise: (register) => ({
    ...register,
    version: register.version + 1,
    endDate: LocalDate.addDays(register.endDate, 7),
    status: register.status === "ACTIVE" ? "INACTIVE" : "ACTIVE",
  }),
  clash: (holder, seed) => ({
    ...makeAttendanceRegister(seed),
    version: seed.version,
    workOrderId: holder.workOrderId,
  }),
  laws: attendanceRegisterRepositoryLaws,
}

/**
 * Registers the conformance tests of an `AttendanceRegisterRepository`
 * implementation: the `AggregateStore` laws and the register's own (ATT-1,
 * TEN-1, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const AttendanceRegisterRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<AttendanceRegisterRepository.AttendanceRegisterRepository, E>,
): void => AggregateStoreSuite.AggregateStoreSuite(name, layer, attendanceRegisterFixture)

const suiteLog = (options: {
  readonly tenantId: TenantId.TenantId
  readonly registerId: string
  readonly clientReferenceId: string
  readonly millis: number
  readonly id: EntityId.EntityId
}): AttendanceLog.AttendanceLog => ({
  id: options.id,
  tenantId: options.tenantId,
  version: 1,
  registerId: options.registerId,
  wageSeekerId: "wage-seeker-1",
  type: "ENTRY",
  at: DateTime.makeUnsafe(options.millis),
  markedBy: "cbo-admin",
  clientReferenceId: options.clientReferenceId,
  recordedAt: DateTime.makeUnsafe(options.millis),
})

const logEpochMillis = DateTime.toEpochMillis(DateTime.makeUnsafe("2024-04-01T03:30:00.000Z"))

/**
 * The `index`-th log of a tenant: its own client reference id (the
 * `clientReference` rule), of one of three registers, at instants that
 * repeat every seven indexes.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeAttendanceLog = (seed: AggregateStoreSuite.AggregateSeed): AttendanceLog.AttendanceLog => ({
  ...suiteLog({
    tenantId: seed.tenantId,
    registerId: `register-${seed.index % 3}`,
    clientReferenceId: `log-${seed.index}`,
    millis: logEpochMillis + ((seed.index * 5) % 7) * 3_600_000,
    id: seedId(seed.index),
  }),
  type: seed.index % 2 === 0 ? "ENTRY" : "EXIT",
})

// Stores a log or returns the one stored under its client reference id, as
// the use case does (ATT-4).
const storeOrStored = (
  repository: AttendanceLogRepository.AttendanceLogRepositoryShape,
  log: AttendanceLog.AttendanceLog,
) =>
  repository.insert({ aggregate: log }).pipe(
    Effect.as(log),
    Effect.catchTag("LogAlreadyRecorded", (clash) =>
      repository.get({ tenantId: log.tenantId, id: clash.existingLogId }),
    ),
  )

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
      assert.deepStrictEqual(yield* Effect.forEach([first], (log) => storeOrStored(repository, log)), [first])
      const stored = yield* Effect.forEach([resent, other, { ...other, id: resent.id }], (log) =>
        storeOrStored(repository, log),
      )
      assert.deepStrictEqual(stored, [first, other, other])
      const found = yield* repository.find({
        tenantId: ulb,
        where: { clientReferenceId: ["ref-1", "ref-2", "ref-3"] },
        limit: 3,
      })
      assert.strictEqual(found.items.length, 2)
      const { ulb: otherTenant } = yield* freshTenants
      const elsewhere = yield* repository.find({
        tenantId: otherTenant,
        where: { clientReferenceId: ["ref-1"] },
        limit: 1,
      })
      assert.deepStrictEqual(elsewhere.items, [])
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
      for (const log of [...logs, elsewhere]) yield* repository.insert({ aggregate: log })
      const between = yield* AggregateStore.findAll(
        repository,
        {
          tenantId: ulb,
          where: {
            registerId,
            at: {
              from: DateTime.formatIso(DateTime.makeUnsafe(1_000)),
              to: DateTime.formatIso(DateTime.makeUnsafe(3_000)),
            },
          },
          orderBy: "at",
        },
        { itemsMax: logs.length },
      )
      assert.deepStrictEqual(
        between.map((log) => log.clientReferenceId),
        ["a", "b", "c"],
      )
    }),
  ],
]

/**
 * The attendance logs of `AggregateStoreSuite`, with the log store's own
 * laws (ATT-4, MR-3).
 *
 * @since 0.1.0
 * @category testing
 */
export const attendanceLogFixture: AggregateStoreSuite.AggregateStoreFixture<
  AttendanceLogRepository.AttendanceLogRepository,
  AttendanceLog.AttendanceLog,
  keyof typeof AttendanceLogRepository.descriptor.columns,
  AttendanceLog.LogAlreadyRecorded,
  AttendanceLog.AttendanceLogNotFound,
  never
> = {
  port: AttendanceLogRepository.AttendanceLogRepository,
  descriptor: AttendanceLogRepository.descriptor,
  make: makeAttendanceLog,
  // Logs are immutable in the domain; the store still keeps versions (DB-4).
  revise: (log) => ({
    ...log,
    version: log.version + 1,
    registerId: `${log.registerId}-moved`,
    at: DateTime.add(log.at, { minutes: 1 }),
  }),
  clash: (holder, seed) => ({
    ...makeAttendanceLog(seed),
    version: seed.version,
    clientReferenceId: holder.clientReferenceId,
  }),
  laws: attendanceLogRepositoryLaws,
}

/**
 * Registers the conformance tests of an `AttendanceLogRepository`
 * implementation: the `AggregateStore` laws and the log store's own (ATT-4,
 * MR-3, TEN-1).
 *
 * @since 0.1.0
 * @category testing
 */
export const AttendanceLogRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<AttendanceLogRepository.AttendanceLogRepository, E>,
): void => AggregateStoreSuite.AggregateStoreSuite(name, layer, attendanceLogFixture)

const dayValueTexts = ["0", "0.5", "1"]

/**
 * The `index`-th muster roll of a tenant: of one of two registers, its week
 * the `index / 2`-th after the suite's start (the `week` rule), one row
 * whose person-days repeat every three indexes.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeMusterRoll = (seed: AggregateStoreSuite.AggregateSeed): MusterRoll.MusterRoll => {
  const dayValue = Quantity.makeUnsafe(pick(dayValueTexts, seed.index))
  const dayValues = Array.from({ length: Week.daysPerWeek }, () => dayValue)
  return sampleMusterRoll({
    id: seedId(seed.index),
    tenantId: seed.tenantId,
    number: `MR/2024-25/${String(seed.index % 4).padStart(6, "0")}`,
    registerId: `register-${seed.index % 2}`,
    week: Week.weekOf(LocalDate.addDays(suiteStart, Week.daysPerWeek * Math.floor(seed.index / 2))),
    rows: [{ wageSeekerId: "wage-seeker-1", dayValues, actualAttendance: Quantity.sum(dayValues) }],
  })
}

// A lookup by id as an option (the port fails with MUSTER_ROLL_NOT_FOUND).
const findMusterRollById = (
  repository: MusterRollRepository.MusterRollRepositoryShape,
  key: AggregateStore.Key,
) =>
  repository.get(key).pipe(
    Effect.map(Option.some),
    Effect.catchTag("MusterRollNotFound", () => Effect.succeed(Option.none<MusterRoll.MusterRoll>())),
  )

const musterRollRepositoryLaws: ReadonlyArray<ConformanceLaw<MusterRollRepository.MusterRollRepository>> = [
  [
    "MR-2: one muster roll per register and week, the refusal naming the existing muster roll",
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
      yield* repository.insert({ aggregate: first })
      const second = sampleMusterRoll({
        id: yield* EntityId.make,
        tenantId: ulb,
        number: "MR/2024-25/000002",
        registerId,
        week,
      })
      const duplicate = yield* Effect.flip(repository.insert({ aggregate: second }))
      assert.strictEqual(duplicate._tag, "DuplicateMusterRoll")
      if (duplicate._tag === "DuplicateMusterRoll")
        assert.strictEqual(duplicate.existingMusterRollId, first.id)
      assert.isTrue(Option.isNone(yield* findMusterRollById(repository, { tenantId: ulb, id: second.id })))
      const nextWeek = { ...second, week: Week.next(week) }
      yield* repository.insert({ aggregate: nextWeek })
      const ofRegister = yield* repository.find({
        tenantId: ulb,
        where: { registerId },
        orderBy: "weekStart",
        limit: 10,
      })
      assert.deepStrictEqual(
        ofRegister.items.map((each) => each.number),
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
      yield* repository.insert({ aggregate: musterRoll })
      assert.deepStrictEqual(
        Option.getOrUndefined(yield* findMusterRollById(repository, { tenantId: ulb, id: musterRoll.id })),
        musterRoll,
      )
      assert.isTrue(
        Option.isSome(
          yield* AggregateStore.findFirst(repository, {
            tenantId: ulb,
            where: { number: musterRoll.number },
          }),
        ),
      )
      const byWeek = yield* AggregateStore.findFirst(repository, {
        tenantId: ulb,
        where: { registerId, weekStart: week.firstDate },
      })
      assert.strictEqual(Option.getOrUndefined(byWeek)?.id, musterRoll.id)
      const { ulb: other } = yield* freshTenants
      assert.isTrue(
        Option.isNone(yield* findMusterRollById(repository, { tenantId: other, id: musterRoll.id })),
      )
      yield* repository.update({ aggregate: { ...musterRoll, version: 2 }, expectedVersion: 1 })
      const stale = yield* Effect.flip(
        repository.update({ aggregate: { ...musterRoll, version: 2 }, expectedVersion: 1 }),
      )
      assert.strictEqual(stale._tag, "StaleVersion")
    }),
  ],
]

/**
 * The muster rolls of `AggregateStoreSuite`, with the muster roll store's
 * own laws (MR-2, TEN-1, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const musterRollFixture: AggregateStoreSuite.AggregateStoreFixture<
  MusterRollRepository.MusterRollRepository,
  MusterRoll.MusterRoll,
  keyof typeof MusterRollRepository.descriptor.columns,
  MusterRoll.DuplicateMusterRoll,
  MusterRoll.MusterRollNotFound,
  never
> = {
  port: MusterRollRepository.MusterRollRepository,
  descriptor: MusterRollRepository.descriptor,
  make: makeMusterRoll,
  revise: (musterRoll) => ({
    ...musterRoll,
    version: musterRoll.version + 1,
    rows: musterRoll.rows.map((row) => ({ ...row, modifiedAttendance: Quantity.makeUnsafe("6.5") })),
  }),
  clash: (holder, seed) => ({
    ...makeMusterRoll(seed),
    version: seed.version,
    registerId: holder.registerId,
    week: holder.week,
  }),
  laws: musterRollRepositoryLaws,
}

/**
 * Registers the conformance tests of a `MusterRollRepository`
 * implementation: the `AggregateStore` laws and the muster roll's own
 * (MR-2, TEN-1, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const MusterRollRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<MusterRollRepository.MusterRollRepository, E>,
): void => AggregateStoreSuite.AggregateStoreSuite(name, layer, musterRollFixture)

/**
 * The attendance module's store fixtures (registers, logs, muster rolls),
 * for running `AggregateStoreSuite` on every implementation.
 *
 * @since 0.1.0
 * @category testing
 */
export const attendanceStoreFixtures = [
  attendanceRegisterFixture,
  attendanceLogFixture,
  musterRollFixture,
] as const

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
