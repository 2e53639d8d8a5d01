/**
 * Test support for the measurement module (spec 04 MB): sample books and
 * entries, fast-check arbitraries for measurement rows, and the store
 * fixtures of books and entries (`measurementStoreFixtures`), which every
 * implementation of their stores passes through `AggregateStoreSuite`
 * (`MeasurementBookRepositorySuite`, `MeasurementEntryRepositorySuite`).
 * Each law works in fresh tenants, so the suites also pass against a
 * database that keeps its state.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { Effect, type Layer, Option } from "effect"
import * as fc from "fast-check"
import type * as TenantId from "../config/TenantId.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import type { MeasurementBook } from "../measurement/MeasurementBook.js"
import * as MeasurementBookRepository from "../measurement/MeasurementBookRepository.js"
import type { EntryRow, MeasurementEntry } from "../measurement/MeasurementEntry.js"
import * as MeasurementEntryRepository from "../measurement/MeasurementEntryRepository.js"
import * as MeasurementRecording from "../measurement/MeasurementRecording.js"
import * as Amount from "../money/Amount.js"
import * as Measurement from "../money/Measurement.js"
import * as Quantity from "../money/Quantity.js"
import * as Rate from "../money/Rate.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { pageSizeMax } from "../persistence/Page.js"
import * as LocalDate from "../time/LocalDate.js"
import { type AggregateSeed, type AggregateStoreFixture, AggregateStoreSuite } from "./AggregateStoreSuite.js"
import type { ConformanceLaw } from "./ConformanceLaws.js"
import {
  contractsActors,
  contractsSampleInstant,
  contractsTenantId,
  freshContractsTenant,
  seededEntityId,
  seededSerial,
  workflowSnapshotIn,
} from "./ContractsTesting.js"

/**
 * A stored measurement book for repository tests: one SOR line per line id,
 * estimated 10 at ₹100.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleBook = (options: {
  readonly tenantId: TenantId.TenantId
  readonly bookId: EntityId.EntityId
  readonly number: string
  readonly workOrderId: string
  readonly projectId: string
  readonly estimateId?: string
  readonly lineIds: ReadonlyArray<string>
  readonly status?: MeasurementBook["status"]
}): MeasurementBook => ({
  bookId: options.bookId,
  tenantId: options.tenantId,
  number: HumanNumber.makeUnsafe(options.number),
  workOrderId: options.workOrderId,
  workOrderNumber: "WO/2024-25/000001",
  projectId: options.projectId,
  startDate: LocalDate.makeUnsafe("2024-06-03"),
  endDate: LocalDate.makeUnsafe("2024-07-03"),
  lines: options.lineIds.map((lineId) => ({
    lineId,
    previousLineIds: [],
    estimateId: options.estimateId ?? "estimate-1",
    category: "SOR" as const,
    sorCode: "SOR_000001",
    description: `line ${lineId}`,
    unit: "CUM",
    estimatedQuantity: Quantity.makeUnsafe("10"),
    rate: Rate.makeUnsafe("100"),
    rateDate: LocalDate.makeUnsafe("2024-04-01"),
  })),
  status: options.status ?? "open",
  version: 1,
})

/**
 * A stored measurement entry for repository tests: one line measured 1.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleEntry = (options: {
  readonly tenantId: TenantId.TenantId
  readonly entryId: EntityId.EntityId
  readonly bookId: string
  readonly number: string
  readonly lineId: string
  readonly state?: string
}): MeasurementEntry => ({
  entryId: options.entryId,
  tenantId: options.tenantId,
  bookId: options.bookId,
  number: HumanNumber.makeUnsafe(options.number),
  periodStart: LocalDate.makeUnsafe("2024-06-03"),
  periodEnd: LocalDate.makeUnsafe("2024-06-09"),
  entryDate: LocalDate.makeUnsafe("2024-06-09"),
  lines: [
    {
      lineId: options.lineId,
      rows: [{ sign: "plus", number: Measurement.makeFactorUnsafe("1") }],
      currentQuantity: Quantity.makeUnsafe("1"),
      cumulativeQuantity: Quantity.makeUnsafe("1"),
      amount: Amount.makeUnsafe("100"),
    },
  ],
  amount: Amount.makeUnsafe("100"),
  photos: [],
  pageReferences: [],
  workflow: workflowSnapshotIn({
    entityId: options.entryId,
    tenantId: options.tenantId,
    definitionCode: "measurement-entry",
    state: options.state ?? "PENDING_FOR_VERIFICATION",
  }),
  version: 1,
})

/**
 * Plus rows measuring whole quantities: N from 1 to `numberMax`, L from
 * 0.5 to 5 in halves (so quantities stay exact and small).
 *
 * @since 0.1.0
 * @category testing
 */
export const plusRowArbitrary = (options: { readonly numberMax: number }): fc.Arbitrary<EntryRow> =>
  fc
    .record({
      number: fc.integer({ min: 1, max: options.numberMax }),
      halves: fc.integer({ min: 1, max: 10 }),
    })
    .map(({ number, halves }) => ({
      sign: "plus" as const,
      number: Measurement.makeFactorUnsafe(String(number)),
      length: Measurement.makeFactorUnsafe(String(halves / 2)),
    }))

const freshIds = Effect.all({
  tenantId: freshContractsTenant,
  first: EntityId.make,
  second: EntityId.make,
  third: EntityId.make,
})

const pick = <T>(values: ReadonlyArray<T>, index: number): T => values[index % values.length] as T

// Amounts that repeat and sort differently as text and as values
// (`99.5` < `100`, `1250.50` equals `1250.5`).
const fixtureAmounts = ["100", "1250.50", "99.5", "0", "1250.5", "15000"]
const fixtureStart = LocalDate.makeUnsafe("2024-06-03")

type BookWhere = AggregateStore.Query<keyof typeof MeasurementBookRepository.descriptor.columns>["where"]

const measurementBookLaws: ReadonlyArray<
  ConformanceLaw<MeasurementBookRepository.MeasurementBookRepository>
> = [
  [
    "MB-1: a book is found by id, work order and number in its tenant only",
    Effect.gen(function* () {
      const { tenantId, first } = yield* freshIds
      const other = yield* freshContractsTenant
      const repository = yield* MeasurementBookRepository.MeasurementBookRepository
      const book = sampleBook({
        tenantId,
        bookId: first,
        number: "MB/2024-25/000001",
        workOrderId: "wo-1",
        projectId: "p",
        lineIds: ["a"],
      })
      yield* repository.insert({ aggregate: book })
      const findFirst = (query: { readonly tenantId: TenantId.TenantId; readonly where: BookWhere }) =>
        AggregateStore.findFirst(repository, query)
      assert.deepStrictEqual(yield* repository.get({ tenantId, id: first }), book)
      assert.deepStrictEqual(
        yield* findFirst({ tenantId, where: { workOrderId: "wo-1" } }),
        Option.some(book),
      )
      assert.deepStrictEqual(
        yield* findFirst({ tenantId, where: { number: book.number } }),
        Option.some(book),
      )
      const notFound = yield* Effect.flip(repository.get({ tenantId: other, id: first }))
      assert.strictEqual(notFound.code, "MEASUREMENT_BOOK_NOT_FOUND")
      assert.isTrue(Option.isNone(yield* findFirst({ tenantId: other, where: { workOrderId: "wo-1" } })))
      assert.deepStrictEqual((yield* repository.find({ tenantId: other, limit: pageSizeMax })).items, [])
    }),
  ],
  [
    "DB-4: a stale update fails and changes nothing",
    Effect.gen(function* () {
      const { tenantId, first, second } = yield* freshIds
      const repository = yield* MeasurementBookRepository.MeasurementBookRepository
      const book = sampleBook({
        tenantId,
        bookId: first,
        number: "MB/2024-25/000001",
        workOrderId: "wo-1",
        projectId: "p",
        lineIds: ["a"],
      })
      yield* repository.insert({ aggregate: book })
      const next = { ...book, status: "closed" as const, version: 2 }
      yield* repository.update({ aggregate: next, expectedVersion: 1 })
      const stale = yield* Effect.flip(
        repository.update({ aggregate: { ...next, status: "open" }, expectedVersion: 1 }),
      )
      assert.strictEqual(stale.code, "STALE_VERSION")
      assert.deepStrictEqual(yield* repository.get({ tenantId, id: first }), next)
      const missing = sampleBook({
        tenantId,
        bookId: second,
        number: "MB/2024-25/000002",
        workOrderId: "wo-2",
        projectId: "p",
        lineIds: [],
      })
      const notFound = yield* Effect.flip(
        repository.update({ aggregate: { ...missing, version: 2 }, expectedVersion: 1 }),
      )
      assert.strictEqual(notFound.code, "MEASUREMENT_BOOK_NOT_FOUND")
    }),
  ],
  [
    "MB-1: search combines project, estimate, line and status, ordered by number",
    Effect.gen(function* () {
      const { tenantId, first, second, third } = yield* freshIds
      const repository = yield* MeasurementBookRepository.MeasurementBookRepository
      yield* repository.insert({
        aggregate: sampleBook({
          tenantId,
          bookId: first,
          number: "MB/2024-25/000002",
          workOrderId: "wo-1",
          projectId: "p",
          lineIds: ["a"],
        }),
      })
      yield* repository.insert({
        aggregate: sampleBook({
          tenantId,
          bookId: second,
          number: "MB/2024-25/000001",
          workOrderId: "wo-2",
          projectId: "p",
          lineIds: ["b"],
          status: "cancelled",
        }),
      })
      yield* repository.insert({
        aggregate: sampleBook({
          tenantId,
          bookId: third,
          number: "MB/2024-25/000003",
          workOrderId: "wo-3",
          projectId: "q",
          estimateId: "e2",
          lineIds: ["c"],
        }),
      })
      const search = (where: BookWhere) =>
        Effect.map(repository.find({ tenantId, where, orderBy: "number", limit: pageSizeMax }), (page) =>
          page.items.map((book) => book.number),
        )
      assert.deepStrictEqual(yield* search({ projectId: "p" }), ["MB/2024-25/000001", "MB/2024-25/000002"])
      assert.deepStrictEqual(yield* search({ estimateIds: "e2" }), ["MB/2024-25/000003"])
      assert.deepStrictEqual(yield* search({ lineIds: ["b", "c"] }), [
        "MB/2024-25/000001",
        "MB/2024-25/000003",
      ])
      assert.deepStrictEqual(yield* search({ projectId: "p", status: "open" }), ["MB/2024-25/000002"])
    }),
  ],
]

const bookStatuses: ReadonlyArray<MeasurementBook["status"]> = ["open", "cancelled", "closed"]

/**
 * The `index`-th measurement book of a tenant for the store suite: one per
 * work order, with projects, estimates, lines (none for some), statuses and
 * dates that repeat every few indexes.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeFixtureBook = ({ tenantId, index }: AggregateSeed): MeasurementBook => {
  const startDate = LocalDate.addDays(fixtureStart, index % 5)
  return {
    ...sampleBook({
      tenantId,
      bookId: seededEntityId(index),
      number: `MB/2024-25/${seededSerial(index)}`,
      workOrderId: `wo-${index}`,
      projectId: `project-${index % 3}`,
      estimateId: `estimate-${index % 2}`,
      lineIds: index % 5 === 4 ? [] : [`line-${index}`, `line-shared-${index % 3}`],
      status: pick(bookStatuses, index),
    }),
    startDate,
    endDate: LocalDate.addDays(startDate, 30 + (index % 4)),
  }
}

/**
 * Measurement books for `AggregateStoreSuite`, with the measurement
 * module's own laws (MB-1, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const measurementBookStoreFixture: AggregateStoreFixture<
  MeasurementBookRepository.MeasurementBookRepository,
  MeasurementBook,
  keyof typeof MeasurementBookRepository.descriptor.columns,
  never,
  MeasurementBookRepository.MeasurementBookNotFound,
  never
> = {
  port: MeasurementBookRepository.MeasurementBookRepository,
  descriptor: MeasurementBookRepository.descriptor,
  make: makeFixtureBook,
  revise: (book) => ({
    ...book,
    version: book.version + 1,
    status: book.status === "open" ? "closed" : "open",
    endDate: LocalDate.addDays(book.endDate, 7),
  }),
  laws: measurementBookLaws,
}

/**
 * Registers the conformance tests of a `MeasurementBookRepository`
 * implementation: the `AggregateStore` laws and the books' own.
 *
 * @since 0.1.0
 * @category testing
 */
export const MeasurementBookRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<MeasurementBookRepository.MeasurementBookRepository, E>,
): void => AggregateStoreSuite(name, layer, measurementBookStoreFixture)

const measurementEntryLaws: ReadonlyArray<
  ConformanceLaw<MeasurementEntryRepository.MeasurementEntryRepository>
> = [
  [
    "MB-7: entries are found by id in their tenant and listed per book in number order",
    Effect.gen(function* () {
      const { tenantId, first, second, third } = yield* freshIds
      const other = yield* freshContractsTenant
      const repository = yield* MeasurementEntryRepository.MeasurementEntryRepository
      const later = sampleEntry({
        tenantId,
        entryId: first,
        bookId: "b1",
        number: "MB/2024-25/000001/02",
        lineId: "a",
      })
      const earlier = sampleEntry({
        tenantId,
        entryId: second,
        bookId: "b1",
        number: "MB/2024-25/000001/01",
        lineId: "a",
      })
      const elsewhere = sampleEntry({
        tenantId,
        entryId: third,
        bookId: "b2",
        number: "MB/2024-25/000002/01",
        lineId: "a",
      })
      yield* Effect.forEach([later, earlier, elsewhere], (aggregate) => repository.insert({ aggregate }))
      assert.deepStrictEqual(yield* repository.get({ tenantId, id: first }), later)
      const notFound = yield* Effect.flip(repository.get({ tenantId: other, id: first }))
      assert.strictEqual(notFound.code, "MEASUREMENT_ENTRY_NOT_FOUND")
      assert.deepStrictEqual(yield* MeasurementEntryRepository.entriesOfBook({ tenantId, bookId: "b1" }), [
        earlier,
        later,
      ])
      assert.deepStrictEqual(
        yield* MeasurementEntryRepository.entriesOfBook({ tenantId: other, bookId: "b1" }),
        [],
      )
    }),
  ],
  [
    "DB-4: a stale update fails and changes nothing",
    Effect.gen(function* () {
      const { tenantId, first, second } = yield* freshIds
      const repository = yield* MeasurementEntryRepository.MeasurementEntryRepository
      const entry = sampleEntry({
        tenantId,
        entryId: first,
        bookId: "b1",
        number: "MB/2024-25/000001/01",
        lineId: "a",
      })
      yield* repository.insert({ aggregate: entry })
      const next = { ...entry, pageReferences: ["page 4"], version: 2 }
      yield* repository.update({ aggregate: next, expectedVersion: 1 })
      const stale = yield* Effect.flip(
        repository.update({ aggregate: { ...next, pageReferences: [] }, expectedVersion: 1 }),
      )
      assert.strictEqual(stale.code, "STALE_VERSION")
      assert.deepStrictEqual(yield* repository.get({ tenantId, id: first }), next)
      const missing = sampleEntry({
        tenantId,
        entryId: second,
        bookId: "b1",
        number: "MB/2024-25/000001/09",
        lineId: "a",
      })
      const notFound = yield* Effect.flip(
        repository.update({ aggregate: { ...missing, version: 2 }, expectedVersion: 1 }),
      )
      assert.strictEqual(notFound.code, "MEASUREMENT_ENTRY_NOT_FOUND")
    }),
  ],
]

const entryStates = ["DRAFTED", "PENDING_FOR_VERIFICATION", "APPROVED", "REJECTED"]

/**
 * The `index`-th measurement entry of a tenant for the store suite: entries
 * of a few books, in repeating states (cancelled for some), periods, dates
 * and amounts.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeFixtureEntry = ({ tenantId, index }: AggregateSeed): MeasurementEntry => {
  const periodStart = LocalDate.addDays(fixtureStart, 7 * (index % 5))
  const periodEnd = LocalDate.addDays(periodStart, 6)
  return {
    ...sampleEntry({
      tenantId,
      entryId: seededEntityId(index),
      bookId: `book-${index % 3}`,
      number: `MB/2024-25/000001/${String(index % 7).padStart(2, "0")}`,
      lineId: `line-${index % 2}`,
      state: pick(entryStates, index),
    }),
    periodStart,
    periodEnd,
    entryDate: LocalDate.addDays(periodEnd, index % 2),
    amount: Amount.makeUnsafe(pick(fixtureAmounts, index)),
    ...(index % 6 === 5 ? { cancelledAt: contractsSampleInstant } : {}),
  }
}

/**
 * Measurement entries for `AggregateStoreSuite`, with the measurement
 * module's own laws (MB-7, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const measurementEntryStoreFixture: AggregateStoreFixture<
  MeasurementEntryRepository.MeasurementEntryRepository,
  MeasurementEntry,
  keyof typeof MeasurementEntryRepository.descriptor.columns,
  never,
  MeasurementEntryRepository.MeasurementEntryNotFound,
  never
> = {
  port: MeasurementEntryRepository.MeasurementEntryRepository,
  descriptor: MeasurementEntryRepository.descriptor,
  make: makeFixtureEntry,
  revise: (entry) => ({
    ...entry,
    version: entry.version + 1,
    amount: Amount.add(entry.amount, Amount.makeUnsafe("1")),
    pageReferences: [...entry.pageReferences, `page ${entry.version + 1}`],
  }),
  laws: measurementEntryLaws,
}

/**
 * Registers the conformance tests of a `MeasurementEntryRepository`
 * implementation: the `AggregateStore` laws and the entries' own.
 *
 * @since 0.1.0
 * @category testing
 */
export const MeasurementEntryRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<MeasurementEntryRepository.MeasurementEntryRepository, E>,
): void => AggregateStoreSuite(name, layer, measurementEntryStoreFixture)

/**
 * The measurement module's store fixtures, one per aggregate.
 *
 * @since 0.1.0
 * @category testing
 */
export const measurementStoreFixtures = [measurementBookStoreFixture, measurementEntryStoreFixture] as const

/**
 * Rows measuring `number` × `length` (a plus row), for short fixtures.
 *
 * @since 0.1.0
 * @category testing
 */
export const plusMeasurementRow = (number: string, length?: string): EntryRow => ({
  sign: "plus",
  number: Measurement.makeFactorUnsafe(number),
  ...(length === undefined ? {} : { length: Measurement.makeFactorUnsafe(length) }),
})

/**
 * Records a new entry in a book of the fixtures' tenant as the fixtures'
 * measurer (`SUBMIT` unless told), dated on its period's end.
 *
 * @since 0.1.0
 * @category testing
 */
export const recordMeasurementEntry = (options: {
  readonly bookId: string
  readonly periodEnd: string
  readonly lines: ReadonlyArray<{ readonly lineId: string; readonly rows: ReadonlyArray<EntryRow> }>
  readonly action?: string
}) =>
  MeasurementRecording.createEntry({
    tenantId: contractsTenantId,
    bookId: options.bookId,
    action: options.action ?? "SUBMIT",
    actor: contractsActors.measurer,
    content: {
      periodEnd: LocalDate.makeUnsafe(options.periodEnd),
      entryDate: LocalDate.makeUnsafe(options.periodEnd),
      lines: options.lines,
    },
  })

/**
 * Takes a submitted entry through verification and approval (WF-MB).
 *
 * @since 0.1.0
 * @category testing
 */
export const approveMeasurementEntry = (entry: MeasurementEntry) =>
  Effect.gen(function* () {
    const verified = yield* MeasurementRecording.takeEntryAction({
      tenantId: entry.tenantId,
      entryId: entry.entryId,
      version: entry.version,
      type: "VERIFY_AND_FORWARD",
      actor: contractsActors.measurementVerifier,
    })
    return yield* MeasurementRecording.takeEntryAction({
      tenantId: entry.tenantId,
      entryId: entry.entryId,
      version: verified.version,
      type: "APPROVE",
      actor: contractsActors.measurementApprover,
    })
  })
