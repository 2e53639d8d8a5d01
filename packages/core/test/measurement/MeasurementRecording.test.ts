import { assert, describe, it } from "@effect/vitest"
import { Ids, Measurement, Money, Time } from "@karya/core"
import {
  acceptWorkOrder,
  approveMeasurementEntry,
  checkEffectProperty,
  contractsActors,
  contractsCbo,
  contractsEstimate,
  contractsStory,
  contractsTenantId,
  plusMeasurementRow,
  recordMeasurementEntry,
  storedContractsState,
  workOrderContent,
} from "@karya/core/testing"
import { DateTime, Effect } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"

const { MeasurementRecording, MeasurementEntry } = Measurement
const tenantId = contractsTenantId
const story = contractsStory({ estimates: [contractsEstimate], organisations: [contractsCbo] })
const setInstant = (iso: string) => TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(iso)))
const openBook = Effect.gen(function* () {
  const accepted = yield* acceptWorkOrder(workOrderContent({}))
  const book = yield* Measurement.MeasurementBookRepository.getBookOfWorkOrder(accepted)
  yield* setInstant("2024-07-03T12:00:00Z")
  return book
})
const earth = (number: string, length?: string) => [
  { lineId: "es-1-earth", rows: [plusMeasurementRow(number, length)] },
]
type Entry = Measurement.MeasurementEntry.MeasurementEntry
type Actor = typeof contractsActors.measurer
const act = (entry: Entry, type: string, actor: Actor, comment?: string) =>
  MeasurementRecording.takeEntryAction({
    tenantId,
    entryId: entry.entryId,
    version: entry.version,
    type,
    actor,
    ...(comment === undefined ? {} : { comment }),
  })
const edit = (entry: Entry, action: string, lines: ReturnType<typeof earth>, periodEnd = entry.periodEnd) =>
  MeasurementRecording.editEntry({
    tenantId,
    entryId: entry.entryId,
    version: entry.version,
    action,
    actor: contractsActors.measurer,
    content: { periodEnd, entryDate: periodEnd, lines },
  })
const reject = (entry: Entry) =>
  Effect.flatMap(act(entry, "VERIFY_AND_FORWARD", contractsActors.measurementVerifier), (verified) =>
    act(verified, "REJECT", contractsActors.measurementApprover, "measurements do not match the site"),
  )
const refusedWithoutChange = <A, E extends { readonly code: string }, R>(attempt: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const before = yield* storedContractsState(tenantId)
    const error = yield* Effect.flip(attempt)
    assert.deepStrictEqual(yield* storedContractsState(tenantId), before, `${error.code} changed nothing`)
    return error
  })

describe("MeasurementRecording", () => {
  it.effect(
    "MB-1: the book of an accepted order spans its dates with its SOR and NON-SOR lines, quantities and rates",
    () =>
      story(
        Effect.gen(function* () {
          const book = yield* openBook
          assert.deepStrictEqual(
            [book.startDate, book.endDate, book.workOrderNumber],
            ["2024-06-03", "2024-07-03", "WO/2024-25/000001"],
          )
          assert.deepStrictEqual(
            book.lines.map((line) => [
              line.category,
              line.sorCode,
              Money.Quantity.toCanonicalString(line.estimatedQuantity),
              Money.Rate.toCanonicalString(line.rate),
            ]),
            [
              ["SOR", "SOR_000197", "9", "113.77"],
              ["NON-SOR", undefined, "2", "1500"],
            ],
          )
        }),
      ),
  )

  it.effect(
    "MB-3: the worked example: approved 6 of 9, then N 2 × L 1.5 is accepted (9) and N 3 × L 1.5 refused (10.5)",
    () =>
      story(
        Effect.gen(function* () {
          const book = yield* openBook
          yield* approveMeasurementEntry(
            yield* recordMeasurementEntry({
              bookId: book.bookId,
              periodEnd: "2024-06-09",
              lines: earth("6"),
            }),
          )
          const refused = yield* refusedWithoutChange(
            recordMeasurementEntry({
              bookId: book.bookId,
              periodEnd: "2024-06-16",
              lines: earth("3", "1.5"),
            }),
          )
          assert.strictEqual(refused.code, "MB_EXCEEDS_ESTIMATE")
          assert.include(
            refused.message,
            "Earth work in ordinary soil (es-1-earth) would reach 10.5, above its estimated quantity 9.00",
          )
          const accepted = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-16",
            lines: earth("2", "1.5"),
          })
          const line = accepted.lines.find((each) => each.lineId === "es-1-earth")
          assert.deepStrictEqual(
            [line?.currentQuantity.toString(), line?.cumulativeQuantity.toString()],
            ["3", "9"],
          )
          assert.strictEqual(accepted.periodStart, "2024-06-10")
        }),
      ),
  )

  it.effect(
    "MB-2: periods run from the start date week by week; bad periods and dates are reported together",
    () =>
      story(
        Effect.gen(function* () {
          const book = yield* openBook
          yield* setInstant("2024-06-12T05:30:00Z")
          const error = yield* refusedWithoutChange(
            MeasurementRecording.createEntry({
              tenantId,
              bookId: book.bookId,
              action: "SUBMIT",
              actor: contractsActors.measurer,
              content: {
                periodEnd: Time.LocalDate.makeUnsafe("2024-06-12"),
                entryDate: Time.LocalDate.makeUnsafe("2024-06-13"),
                lines: earth("1"),
              },
            }),
          )
          assert.strictEqual(error.code, "VALIDATION_FAILED")
          if (error._tag === "ValidationFailed") {
            assert.deepStrictEqual(
              error.problems.map((problem) => problem.field),
              ["periodEnd", "entryDate"],
            )
          }
          const first = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-09",
            lines: earth("1"),
          })
          assert.deepStrictEqual([first.periodStart, first.periodEnd], ["2024-06-03", "2024-06-09"])
        }),
      ),
  )

  it.effect(
    "MB-4: one entry in the workflow at a time (MB_PREVIOUS_IN_WORKFLOW); after its rejection a new one measures the period again",
    () =>
      story(
        Effect.gen(function* () {
          const book = yield* openBook
          const drafted = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-09",
            lines: [],
            action: "SAVE_AS_DRAFT",
          })
          assert.strictEqual(MeasurementEntry.statusOf(drafted), "drafted")
          const second = yield* refusedWithoutChange(
            recordMeasurementEntry({ bookId: book.bookId, periodEnd: "2024-06-16", lines: earth("1") }),
          )
          assert.strictEqual(second.code, "MB_PREVIOUS_IN_WORKFLOW")
          assert.include(
            second.message,
            `${drafted.number} of measurement book ${book.number} is still DRAFTED`,
          )
          const submitted = yield* edit(drafted, "SUBMIT", earth("2"))
          yield* reject(submitted)
          const again = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-09",
            lines: earth("1"),
          })
          assert.strictEqual(again.periodStart, "2024-06-03")
          assert.strictEqual(
            again.lines[0]?.cumulativeQuantity.toString(),
            "1",
            "a rejected entry never counts (MB-6)",
          )
        }),
      ),
  )

  it.effect("MB-4: an entry must measure something to be submitted (MB_EMPTY); a draft may be empty", () =>
    story(
      Effect.gen(function* () {
        const book = yield* openBook
        const empty = yield* refusedWithoutChange(
          recordMeasurementEntry({ bookId: book.bookId, periodEnd: "2024-06-09", lines: earth("0") }),
        )
        assert.strictEqual(empty.code, "MB_EMPTY")
        const drafted = yield* recordMeasurementEntry({
          bookId: book.bookId,
          periodEnd: "2024-06-09",
          lines: [],
          action: "SAVE_AS_DRAFT",
        })
        const submitEmpty = yield* refusedWithoutChange(act(drafted, "SUBMIT", contractsActors.measurer))
        assert.strictEqual(submitEmpty.code, "MB_EMPTY")
        assert.include(submitEmpty.message, `${drafted.number} measures nothing`)
      }),
    ),
  )

  it.effect("MB-5: the entry amount is Σ current quantity × rate with each line rounded to 2 places", () =>
    story(
      Effect.gen(function* () {
        const book = yield* openBook
        const entry = yield* recordMeasurementEntry({
          bookId: book.bookId,
          periodEnd: "2024-06-09",
          lines: [...earth("0.3333"), { lineId: "es-1-board", rows: [plusMeasurementRow("1")] }],
        })
        // 0.3333 × 113.77 = 37.919541 → 37.92; 1 × 1,500 = 1,500
        assert.deepStrictEqual(
          entry.lines.map((line) => Money.Amount.toCanonicalString(line.amount)),
          ["37.92", "1500"],
        )
        assert.strictEqual(Money.Amount.toCanonicalString(entry.amount), "1537.92")
      }),
    ),
  )

  it.effect(
    "MB-6: an entry is edited only while with its creator (MB_NOT_EDITABLE); edits recompute it",
    () =>
      story(
        Effect.gen(function* () {
          const book = yield* openBook
          const drafted = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-09",
            lines: earth("1"),
            action: "SAVE_AS_DRAFT",
          })
          const redrafted = yield* edit(drafted, "SAVE_AS_DRAFT", earth("2"))
          assert.strictEqual(redrafted.lines[0]?.currentQuantity.toString(), "2")
          const submitted = yield* edit(redrafted, "SUBMIT", earth("3"))
          const notEditable = yield* refusedWithoutChange(edit(submitted, "RE_SUBMIT", earth("4")))
          assert.strictEqual(notEditable.code, "MB_NOT_EDITABLE")
          const sentBack = yield* act(submitted, "SEND_BACK", contractsActors.measurementVerifier)
          const resubmitted = yield* edit(sentBack, "RE_SUBMIT", earth("4"))
          assert.strictEqual(resubmitted.workflow.state, "PENDING_FOR_VERIFICATION")
          assert.strictEqual(Money.Amount.toCanonicalString(resubmitted.amount), "455.08")
          const stale = yield* Effect.flip(edit(submitted, "RE_SUBMIT", earth("4")))
          assert.strictEqual(stale.code, "STALE_VERSION")
          const approved = yield* approveMeasurementEntry(resubmitted)
          assert.strictEqual(
            (yield* Effect.flip(edit(approved, "RE_SUBMIT", earth("1")))).code,
            "MB_NOT_EDITABLE",
          )
          const missing = yield* Effect.flip(
            MeasurementRecording.takeEntryAction({
              tenantId,
              entryId: "00000000-0000-4000-8000-000000000000",
              version: 1,
              type: "APPROVE",
              actor: contractsActors.measurementApprover,
            }),
          )
          assert.strictEqual(missing.code, "MEASUREMENT_ENTRY_NOT_FOUND")
        }),
      ),
  )

  it.effect(
    "MB-6: WF-MB paths: draft, submit, send back to creator or verifier, resubmit, verify and approve",
    () =>
      story(
        Effect.gen(function* () {
          const book = yield* openBook
          const { measurer, measurementVerifier, measurementApprover } = contractsActors
          let entry = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-09",
            lines: earth("1"),
            action: "SAVE_AS_DRAFT",
          })
          const states = [entry.workflow.state]
          const step = (next: Entry) => {
            states.push(next.workflow.state)
            entry = next
          }
          step(yield* act(entry, "SAVE_AS_DRAFT", measurer))
          step(yield* act(entry, "SUBMIT", measurer))
          step(yield* act(entry, "SEND_BACK", measurementVerifier))
          step(yield* act(entry, "RE_SUBMIT", measurer))
          step(yield* act(entry, "VERIFY_AND_FORWARD", measurementVerifier))
          step(yield* act(entry, "SEND_BACK", measurementApprover))
          step(yield* act(entry, "VERIFY_AND_FORWARD", measurementVerifier))
          step(yield* act(entry, "SEND_BACK_TO_ORIGINATOR", measurementApprover))
          step(yield* act(entry, "RE_SUBMIT", measurer))
          step(yield* act(entry, "VERIFY_AND_FORWARD", measurementVerifier))
          const wrongRole = yield* Effect.flip(act(entry, "APPROVE", measurementVerifier))
          assert.strictEqual(wrongRole.code, "ROLE_NOT_ALLOWED")
          step(yield* act(entry, "APPROVE", measurementApprover))
          assert.deepStrictEqual(states, [
            "DRAFTED",
            "DRAFTED",
            "PENDING_FOR_VERIFICATION",
            "PENDING_FOR_CORRECTION",
            "PENDING_FOR_VERIFICATION",
            "PENDING_FOR_APPROVAL",
            "PENDING_FOR_VERIFICATION",
            "PENDING_FOR_APPROVAL",
            "PENDING_FOR_CORRECTION",
            "PENDING_FOR_VERIFICATION",
            "PENDING_FOR_APPROVAL",
            "APPROVED",
          ])
          assert.strictEqual(
            (yield* Effect.flip(act(entry, "REJECT", measurementApprover, "late"))).code,
            "ACTION_NOT_ALLOWED",
          )
        }),
      ),
  )

  it.effect(
    "MB-7: entries are numbered …/01, …/02 in order within their book; a rejected entry keeps its number",
    () =>
      story(
        Effect.gen(function* () {
          const book = yield* openBook
          const first = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-09",
            lines: earth("1"),
          })
          assert.strictEqual(first.number, "MB/2024-25/000001/01")
          yield* reject(first)
          const second = yield* recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-09",
            lines: earth("1"),
          })
          assert.strictEqual(second.number, "MB/2024-25/000001/02")
          const entries = yield* Measurement.MeasurementEntryRepository.entriesOfBook(book)
          assert.deepStrictEqual(
            entries.map((entry) => [entry.number, MeasurementEntry.statusOf(entry)]),
            [
              ["MB/2024-25/000001/01", "rejected"],
              ["MB/2024-25/000001/02", "pending"],
            ],
          )
        }),
      ),
  )

  it.effect(
    "MB-9: up to 5 JPG or PNG photos and page references of the physical book are kept as references",
    () =>
      story(
        Effect.gen(function* () {
          const book = yield* openBook
          const photos = Array.from({ length: MeasurementEntry.photosPerEntryMax }, (_, index) => ({
            reference: `filestore-${index}`,
            contentType: index % 2 === 0 ? ("image/jpeg" as const) : ("image/png" as const),
          }))
          const create = (photoList: typeof photos) =>
            MeasurementRecording.createEntry({
              tenantId,
              bookId: book.bookId,
              action: "SUBMIT",
              actor: contractsActors.measurer,
              content: {
                periodEnd: Time.LocalDate.makeUnsafe("2024-06-09"),
                entryDate: Time.LocalDate.makeUnsafe("2024-06-09"),
                lines: earth("1"),
                photos: photoList,
                pageReferences: ["Book 12, pages 3-4"],
              },
            })
          const tooMany = yield* refusedWithoutChange(
            create([...photos, { reference: "filestore-5", contentType: "image/png" }]),
          )
          assert.strictEqual(tooMany.code, "VALIDATION_FAILED")
          if (tooMany._tag === "ValidationFailed")
            assert.strictEqual(tooMany.problems[0]?.code, MeasurementRecording.photosTooManyCode)
          const entry = yield* create(photos)
          assert.deepStrictEqual(entry.photos, photos)
          assert.deepStrictEqual(entry.pageReferences, ["Book 12, pages 3-4"])
          const pages = yield* Effect.flip(
            MeasurementRecording.editEntry({
              tenantId,
              entryId: entry.entryId,
              version: entry.version,
              action: "RE_SUBMIT",
              actor: contractsActors.measurer,
              content: {
                periodEnd: entry.periodEnd,
                entryDate: entry.entryDate,
                lines: earth("1"),
                pageReferences: Array.from({ length: 21 }, () => "p"),
              },
            }),
          )
          assert.strictEqual(pages.code, "MB_NOT_EDITABLE")
        }),
      ),
  )

  it.effect(
    "MB-3: on random measurement sequences each line's cumulative never exceeds its estimate and equals Σ approved current quantities; rejected entries never count",
    () =>
      checkEffectProperty(
        fc.array(
          fc.record({
            earthHalves: fc.integer({ min: 0, max: 8 }),
            boardCount: fc.integer({ min: 0, max: 1 }),
            outcome: fc.constantFrom("approve" as const, "reject" as const),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (steps) =>
          story(
            Effect.gen(function* () {
              const book = yield* openBook
              const estimated = { "es-1-earth": 9, "es-1-board": 2 }
              const model = { "es-1-earth": 0, "es-1-board": 0 }
              for (const [index, step] of steps.entries()) {
                const periodEnd = Time.LocalDate.addDays(Time.LocalDate.makeUnsafe("2024-06-09"), 7 * index)
                const current = { "es-1-earth": step.earthHalves / 2, "es-1-board": step.boardCount }
                // A zero factor counts as 1 (QTY-2), so a line measuring nothing has no rows.
                const lines = [
                  {
                    lineId: "es-1-earth",
                    rows: step.earthHalves === 0 ? [] : [plusMeasurementRow(String(step.earthHalves), "0.5")],
                  },
                  {
                    lineId: "es-1-board",
                    rows: step.boardCount === 0 ? [] : [plusMeasurementRow(String(step.boardCount))],
                  },
                ]
                const attempt = yield* Effect.exit(
                  recordMeasurementEntry({ bookId: book.bookId, periodEnd, lines }),
                )
                const exceeds = (["es-1-earth", "es-1-board"] as const).some(
                  (line) => model[line] + current[line] > estimated[line],
                )
                const isEmpty = current["es-1-earth"] === 0 && current["es-1-board"] === 0
                if (attempt._tag === "Failure") {
                  const error = yield* Effect.flip(Effect.suspend(() => attempt))
                  assert.strictEqual(error.code, exceeds ? "MB_EXCEEDS_ESTIMATE" : "MB_EMPTY")
                  continue
                }
                assert.isFalse(
                  exceeds || isEmpty,
                  "an accepted entry stays within every estimate and measures something",
                )
                const recorded = attempt.value
                for (const line of recorded.lines) {
                  const lineId = line.lineId as keyof typeof model
                  assert.strictEqual(
                    Number(line.cumulativeQuantity.toString()),
                    model[lineId] + current[lineId],
                  )
                }
                if (step.outcome === "approve") {
                  yield* approveMeasurementEntry(recorded)
                  model["es-1-earth"] += current["es-1-earth"]
                  model["es-1-board"] += current["es-1-board"]
                } else yield* reject(recorded)
              }
              const entries = yield* Measurement.MeasurementEntryRepository.entriesOfBook(book)
              const approved = MeasurementEntry.approvedQuantities(
                yield* Measurement.MeasurementBookRepository.getBook(book),
                entries,
              )
              for (const lineId of ["es-1-earth", "es-1-board"] as const) {
                assert.strictEqual(Number(approved.get(lineId)?.toString()), model[lineId])
                assert.isAtMost(model[lineId], estimated[lineId])
              }
            }),
          ),
        { numRuns: 40 },
      ),
  )

  // `count` more rejected entries in the book, stored through the port:
  // recording and rejecting a thousand entries would read the book's
  // entries a thousand times.
  const storeRejectedCopies = (rejected: Entry, count: number) =>
    Effect.gen(function* () {
      const repository = yield* Measurement.MeasurementEntryRepository.MeasurementEntryRepository
      for (let index = 1; index <= count; index += 1) {
        yield* repository.insert({
          aggregate: {
            ...rejected,
            entryId: Ids.EntityId.makeUnsafe(`00000000-0000-4000-8000-${String(index).padStart(12, "0")}`),
            number: Ids.HumanNumber.makeUnsafe(`${rejected.number}-${index}`),
          },
        })
      }
    })

  it.effect(
    "MB-7: a book holding entriesPerBookMax − 1 entries takes one more; past that, ENTRIES_PER_BOOK_EXCEEDED stores nothing",
    () =>
      story(
        Effect.gen(function* () {
          const { entriesPerBookMax } = Measurement.MeasurementEntryRepository
          const book = yield* openBook
          const record = recordMeasurementEntry({
            bookId: book.bookId,
            periodEnd: "2024-06-09",
            lines: earth("1"),
          })
          const rejected = yield* reject(yield* record)
          yield* storeRejectedCopies(rejected, entriesPerBookMax - 2)
          yield* reject(yield* record)
          const entriesOf = Measurement.MeasurementEntryRepository.entriesOfBook({
            tenantId,
            bookId: book.bookId,
          })
          const before = yield* entriesOf
          assert.strictEqual(before.length, entriesPerBookMax)
          const refused = yield* Effect.flip(record)
          assert.strictEqual(refused.code, "ENTRIES_PER_BOOK_EXCEEDED")
          assert.isTrue(
            refused instanceof Measurement.MeasurementEntryRepository.EntriesPerBookExceeded &&
              refused.category === "rule" &&
              refused.limit === entriesPerBookMax &&
              refused.bookNumber === book.number,
          )
          assert.deepStrictEqual(yield* entriesOf, before)
        }),
      ),
  )
})
