/**
 * Test support for the measurement module (spec 04 MB): sample books and
 * entries, fast-check arbitraries for measurement rows, and the conformance
 * suites every implementation of the measurement repositories runs with its
 * own Layer (`MeasurementBookRepositorySuite`,
 * `MeasurementEntryRepositorySuite`). Each suite test works in a fresh
 * tenant, so the suites also pass against a database that keeps its state.
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
import * as LocalDate from "../time/LocalDate.js"
import {
  type ConformanceCase,
  contractsActors,
  contractsTenantId,
  freshContractsTenant,
  registerConformanceSuite,
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

const measurementBookRepositoryCase1: ConformanceCase<MeasurementBookRepository.MeasurementBookRepository> = [
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
    yield* repository.insert(book)
    assert.deepStrictEqual(yield* repository.findById({ tenantId, bookId: first }), Option.some(book))
    assert.deepStrictEqual(
      yield* repository.findByWorkOrder({ tenantId, workOrderId: "wo-1" }),
      Option.some(book),
    )
    assert.deepStrictEqual(
      yield* repository.findByNumber({ tenantId, number: book.number }),
      Option.some(book),
    )
    assert.isTrue(Option.isNone(yield* repository.findById({ tenantId: other, bookId: first })))
    assert.isTrue(Option.isNone(yield* repository.findByWorkOrder({ tenantId: other, workOrderId: "wo-1" })))
    assert.deepStrictEqual(yield* repository.search({ tenantId: other, criteria: {} }), [])
  }),
]

const measurementBookRepositoryCase2: ConformanceCase<MeasurementBookRepository.MeasurementBookRepository> = [
  "DB-4: a stale update or a repeated insert fails and changes nothing",
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
    yield* repository.insert(book)
    assert.strictEqual((yield* Effect.flip(repository.insert(book))).code, "STALE_VERSION")
    const next = { ...book, status: "closed" as const, version: 2 }
    yield* repository.update({ book: next, expectedVersion: 1 })
    const stale = yield* Effect.flip(
      repository.update({ book: { ...next, status: "open" }, expectedVersion: 1 }),
    )
    assert.strictEqual(stale.code, "STALE_VERSION")
    assert.deepStrictEqual(yield* repository.findById({ tenantId, bookId: first }), Option.some(next))
    const missing = sampleBook({
      tenantId,
      bookId: second,
      number: "MB/2024-25/000002",
      workOrderId: "wo-2",
      projectId: "p",
      lineIds: [],
    })
    const notFound = yield* Effect.flip(
      repository.update({ book: { ...missing, version: 2 }, expectedVersion: 1 }),
    )
    assert.strictEqual(notFound.code, "MEASUREMENT_BOOK_NOT_FOUND")
  }),
]

const measurementBookRepositoryCase3: ConformanceCase<MeasurementBookRepository.MeasurementBookRepository> = [
  "MB-1: search combines project, estimate, line and status, ordered by number",
  Effect.gen(function* () {
    const { tenantId, first, second, third } = yield* freshIds
    const repository = yield* MeasurementBookRepository.MeasurementBookRepository
    yield* repository.insert(
      sampleBook({
        tenantId,
        bookId: first,
        number: "MB/2024-25/000002",
        workOrderId: "wo-1",
        projectId: "p",
        lineIds: ["a"],
      }),
    )
    yield* repository.insert(
      sampleBook({
        tenantId,
        bookId: second,
        number: "MB/2024-25/000001",
        workOrderId: "wo-2",
        projectId: "p",
        lineIds: ["b"],
        status: "cancelled",
      }),
    )
    yield* repository.insert(
      sampleBook({
        tenantId,
        bookId: third,
        number: "MB/2024-25/000003",
        workOrderId: "wo-3",
        projectId: "q",
        estimateId: "e2",
        lineIds: ["c"],
      }),
    )
    const numbers = (books: ReadonlyArray<MeasurementBook>) => books.map((book) => book.number)
    const search = (criteria: MeasurementBookRepository.BookCriteria) =>
      repository.search({ tenantId, criteria })
    assert.deepStrictEqual(numbers(yield* search({ projectId: "p" })), [
      "MB/2024-25/000001",
      "MB/2024-25/000002",
    ])
    assert.deepStrictEqual(numbers(yield* search({ estimateId: "e2" })), ["MB/2024-25/000003"])
    assert.deepStrictEqual(numbers(yield* search({ lineIds: ["b", "c"] })), [
      "MB/2024-25/000001",
      "MB/2024-25/000003",
    ])
    assert.deepStrictEqual(numbers(yield* search({ projectId: "p", status: "open" })), ["MB/2024-25/000002"])
  }),
]

/**
 * Registers the `MeasurementBookRepository` conformance tests for one
 * implementation.
 *
 * @since 0.1.0
 * @category testing
 */
export const MeasurementBookRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<MeasurementBookRepository.MeasurementBookRepository, E>,
): void => {
  registerConformanceSuite(name, layer, [
    measurementBookRepositoryCase1,
    measurementBookRepositoryCase2,
    measurementBookRepositoryCase3,
  ])
}

const measurementEntryRepositoryCase1: ConformanceCase<MeasurementEntryRepository.MeasurementEntryRepository> =
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
      yield* Effect.forEach([later, earlier, elsewhere], repository.insert)
      assert.deepStrictEqual(yield* repository.findById({ tenantId, entryId: first }), Option.some(later))
      assert.isTrue(Option.isNone(yield* repository.findById({ tenantId: other, entryId: first })))
      assert.deepStrictEqual(yield* repository.ofBook({ tenantId, bookId: "b1" }), [earlier, later])
      assert.deepStrictEqual(yield* repository.ofBook({ tenantId: other, bookId: "b1" }), [])
    }),
  ]

const measurementEntryRepositoryCase2: ConformanceCase<MeasurementEntryRepository.MeasurementEntryRepository> =
  [
    "DB-4: a stale update or a repeated insert fails and changes nothing",
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
      yield* repository.insert(entry)
      assert.strictEqual((yield* Effect.flip(repository.insert(entry))).code, "STALE_VERSION")
      const next = { ...entry, pageReferences: ["page 4"], version: 2 }
      yield* repository.update({ entry: next, expectedVersion: 1 })
      const stale = yield* Effect.flip(
        repository.update({ entry: { ...next, pageReferences: [] }, expectedVersion: 1 }),
      )
      assert.strictEqual(stale.code, "STALE_VERSION")
      assert.deepStrictEqual(yield* repository.findById({ tenantId, entryId: first }), Option.some(next))
      const missing = sampleEntry({
        tenantId,
        entryId: second,
        bookId: "b1",
        number: "MB/2024-25/000001/09",
        lineId: "a",
      })
      const notFound = yield* Effect.flip(
        repository.update({ entry: { ...missing, version: 2 }, expectedVersion: 1 }),
      )
      assert.strictEqual(notFound.code, "MEASUREMENT_ENTRY_NOT_FOUND")
    }),
  ]

/**
 * Registers the `MeasurementEntryRepository` conformance tests for one
 * implementation.
 *
 * @since 0.1.0
 * @category testing
 */
export const MeasurementEntryRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<MeasurementEntryRepository.MeasurementEntryRepository, E>,
): void => {
  registerConformanceSuite(name, layer, [measurementEntryRepositoryCase1, measurementEntryRepositoryCase2])
}

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
