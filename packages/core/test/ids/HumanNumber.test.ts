import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Config, Ids, Time } from "@karya/core"
import { timeZoneArbitrary } from "@karya/core/testing"
import { DateTime, Effect, Exit, Layer, Schema } from "effect"
import { TestClock } from "effect/testing"

const { CityCode, HumanNumber, IdFormat, IdSequence, IdSeries } = Ids
const { FinancialYear, TimeZone } = Time

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")
const hourMs = 60 * 60 * 1000

const requestFor = (
  series: Ids.IdSeries.Series,
  overrides: Partial<Ids.HumanNumber.IssueRequest> = {},
): Ids.HumanNumber.IssueRequest => ({
  tenantId: dhenkanal,
  cityCode: CityCode.makeUnsafe("DK"),
  series,
  idFormat: IdSeries.muktaDefaults[series],
  timeZone: TimeZone.india,
  ...overrides,
})

const setClock = (iso: string) => TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(iso)))

const issueMany = (request: Ids.HumanNumber.IssueRequest, count: number) =>
  Effect.all(Array.from({ length: count }, () => HumanNumber.issueNumber(request)))

const padded = (sequence: number) => String(sequence).padStart(6, "0")

const consecutive = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index)

describe("HumanNumber", () => {
  it.effect("ID-2: issues the spec's payment instruction number, per ULB and FY", () =>
    Effect.gen(function* () {
      yield* setClock("2022-10-01T06:00:00Z")
      const numbers = yield* issueMany(requestFor("paymentInstruction"), 23)
      assert.strictEqual(numbers[0], "PI-DK/2022-23/000001")
      assert.strictEqual(numbers[22], "PI-DK/2022-23/000023")
      const otherUlb = yield* HumanNumber.issueNumber(
        requestFor("paymentInstruction", {
          tenantId: Config.TenantId.makeUnsafe("od.jatni"),
          cityCode: CityCode.makeUnsafe("JT"),
        }),
      )
      assert.strictEqual(otherUlb, "PI-JT/2022-23/000001")
      assert.strictEqual(yield* HumanNumber.issueNumber(requestFor("organisation")), "VO-2022-23-000001")
      assert.strictEqual(yield* HumanNumber.issueNumber(requestFor("beneficiaryPayment")), "BN-DK/000001")
      assert.isTrue(numbers.every(Schema.is(HumanNumber.HumanNumber)))
    }).pipe(Effect.provide(IdSequence.layerMemory)),
  )

  it.effect("ID-1: the FY of a number is taken in the tenant's zone at the issuing instant", () =>
    Effect.gen(function* () {
      yield* setClock("2024-03-31T19:00:00Z")
      assert.strictEqual(yield* HumanNumber.issueNumber(requestFor("workOrder")), "WO/2024-25/000001")
      const inUtc = requestFor("workOrder", {
        tenantId: Config.TenantId.makeUnsafe("od.utc"),
        timeZone: TimeZone.makeUnsafe("UTC"),
      })
      assert.strictEqual(yield* HumanNumber.issueNumber(inUtc), "WO/2023-24/000001")
    }).pipe(Effect.provide(IdSequence.layerMemory)),
  )

  it.effect("ID-1: the FY sequence restarts at 1 April 00:00 local, not a millisecond earlier", () =>
    Effect.gen(function* () {
      yield* setClock("2024-03-31T18:29:59.999Z")
      assert.strictEqual(yield* HumanNumber.issueNumber(requestFor("musterRoll")), "MR/2023-24/000001")
      assert.strictEqual(yield* HumanNumber.issueNumber(requestFor("musterRoll")), "MR/2023-24/000002")
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* HumanNumber.issueNumber(requestFor("musterRoll")), "MR/2024-25/000001")
    }).pipe(Effect.provide(IdSequence.layerMemory)),
  )

  it.effect("ID-1: a {yyyy} sequence restarts on 1 January local", () =>
    Effect.gen(function* () {
      yield* setClock("2024-12-31T18:29:59.999Z")
      assert.strictEqual(yield* HumanNumber.issueNumber(requestFor("rateRevisionJob")), "JOB-2024-000001")
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* HumanNumber.issueNumber(requestFor("rateRevisionJob")), "JOB-2025-000001")
      yield* setClock("2025-04-01T06:00:00Z")
      assert.strictEqual(yield* HumanNumber.issueNumber(requestFor("rateRevisionJob")), "JOB-2025-000002")
    }).pipe(Effect.provide(IdSequence.layerMemory)),
  )

  it.effect("ID-1: entries are numbered within their measurement book from 01", () =>
    Effect.gen(function* () {
      yield* setClock("2023-11-15T06:00:00Z")
      const entryOf = (parentNumber: string) =>
        HumanNumber.issueEntryNumber({
          ...requestFor("measurementEntry"),
          parentNumber: HumanNumber.makeUnsafe(parentNumber),
        })
      assert.strictEqual(yield* entryOf("MB/2023-24/000091"), "MB/2023-24/000091/01")
      assert.strictEqual(yield* entryOf("MB/2023-24/000091"), "MB/2023-24/000091/02")
      assert.strictEqual(yield* entryOf("MB/2023-24/000092"), "MB/2023-24/000092/01")
      yield* setClock("2024-05-15T06:00:00Z")
      assert.strictEqual(yield* entryOf("MB/2023-24/000091"), "MB/2023-24/000091/03")
    }).pipe(Effect.provide(IdSequence.layerMemory)),
  )

  it.effect("ID-1: an entry format is refused by issueNumber and a plain format by issueEntryNumber", () =>
    Effect.gen(function* () {
      const entryExit = yield* Effect.exit(HumanNumber.issueNumber(requestFor("measurementEntry")))
      assert.isTrue(Exit.isFailure(entryExit))
      assert.match(String(entryExit), /issue such numbers with their parent number/)
      const plainExit = yield* Effect.exit(
        HumanNumber.issueEntryNumber({
          ...requestFor("measurementBook"),
          parentNumber: HumanNumber.makeUnsafe("MB/2023-24/000091"),
        }),
      )
      assert.isTrue(Exit.isFailure(plainExit))
      const failure = yield* Effect.flip(
        HumanNumber.issueEntryNumber({
          ...requestFor("measurementBook"),
          parentNumber: HumanNumber.makeUnsafe("MB/2023-24/000091"),
        }),
      )
      assert.strictEqual(failure.code, "ID_FORMAT_INVALID")
      assert.match(failure.message, /its format needs \{entry:N\}/)
    }).pipe(Effect.provide(IdSequence.layerMemory)),
  )

  it.effect("ID-2: the number after the last one a format can print is ID_SEQUENCE_EXHAUSTED", () =>
    Effect.gen(function* () {
      const request = requestFor("estimateTemplate", { idFormat: IdFormat.makeUnsafe("TMP_{seq:1}") })
      const numbers = yield* issueMany(request, 9)
      assert.strictEqual(numbers[8], "TMP_9")
      const failure = yield* Effect.flip(HumanNumber.issueNumber(request))
      assert.strictEqual(failure.code, "ID_SEQUENCE_EXHAUSTED")
      assert.deepInclude(failure, { sequence: 10, sequenceMax: 9 })
    }).pipe(Effect.provide(IdSequence.layerMemory)),
  )

  it.effect("ID-3: 200 concurrent requests get 200 distinct numbers with no gaps", () =>
    Effect.gen(function* () {
      yield* setClock("2023-06-01T06:00:00Z")
      const numbers = yield* Effect.all(
        Array.from({ length: 200 }, () => HumanNumber.issueNumber(requestFor("wageBill"))),
        { concurrency: "unbounded" },
      )
      assert.deepStrictEqual(
        [...numbers].sort(),
        consecutive(1, 200).map((sequence) => `WB/2023-24/${padded(sequence)}`),
      )
    }).pipe(Effect.provide(IdSequence.layerMemory)),
  )

  it("ID-4: a human number is text of letters, digits and / - _ . only", () => {
    const is = Schema.is(HumanNumber.HumanNumber)
    assert.isTrue(is("MB/2023-24/000091/01"))
    assert.isTrue(is("SOR_000197"))
    assert.isFalse(is(""))
    assert.isFalse(is("MB 91"))
    assert.isFalse(is("x".repeat(IdFormat.numberLengthMax + 1)))
    assert.isTrue(is("x".repeat(IdFormat.numberLengthMax)))
    assert.throws(() => HumanNumber.makeUnsafe("PI DK"), /not a document number/)
  })

  test.prop(
    [
      fc.integer({ min: 1990, max: 2088 }),
      timeZoneArbitrary,
      fc.integer({ min: 1, max: 48 * hourMs }),
      fc.integer({ min: 0, max: 48 * hourMs }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 4 }),
    ],
    { numRuns: 60 },
  )(
    "ID-1: around 1 April 00:00 local, FY series restart at 1 and other series continue",
    async (startYear, timeZone, beforeMs, afterMs, countBefore, countAfter) => {
      const financialYear = FinancialYear.fromStartYear(startYear)
      const boundaryMs = DateTime.toEpochMillis(FinancialYear.startInstant(financialYear, timeZone))
      const series = [
        "paymentInstruction",
        "project",
        "beneficiaryPayment",
        "scheduleOfRates",
        "rateRevisionJob",
      ] as const
      const issueAll = (count: number) =>
        Effect.forEach(series, (name) => issueMany(requestFor(name, { timeZone }), count))
      const program = Effect.gen(function* () {
        yield* TestClock.setTime(boundaryMs - beforeMs)
        const before = yield* issueAll(countBefore)
        yield* TestClock.setTime(boundaryMs + afterMs)
        const after = yield* issueAll(countAfter)
        return { before, after }
      })
      const { before, after } = await Effect.runPromise(
        program.pipe(Effect.provide(Layer.merge(TestClock.layer(), IdSequence.layerMemory))),
      )
      const previousLabel = FinancialYear.previous(financialYear)
      const year = startYear
      const expected = (count: number, from: number, label: string) => ({
        paymentInstruction: consecutive(1, count).map((n) => `PI-DK/${label}/${padded(n)}`),
        project: consecutive(1, count).map((n) => `PJ/${label}/${padded(n)}`),
        beneficiaryPayment: consecutive(from, count).map((n) => `BN-DK/${padded(n)}`),
        scheduleOfRates: consecutive(from, count).map((n) => `SOR_${padded(n)}`),
        rateRevisionJob: consecutive(from, count).map((n) => `JOB-${year}-${padded(n)}`),
      })
      assert.deepStrictEqual(before, Object.values(expected(countBefore, 1, previousLabel)))
      assert.deepStrictEqual(after, Object.values(expected(countAfter, countBefore + 1, financialYear)))
    },
  )
})
