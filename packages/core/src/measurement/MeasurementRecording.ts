/**
 * Recording measurements (MB-2..7, MB-9): creating an entry in a book,
 * editing it while it is with its creator, and taking workflow actions on
 * it (WF-MB). Use cases are Effects over the repositories and `IdSequence`;
 * a refused request changes nothing (ERR-2): every check runs before the
 * entry number is issued or anything is written.
 *
 * Checks, in order: the book is open (`MEASUREMENT_BOOK_NOT_OPEN`); for a new
 * entry, no other entry of the book is in the workflow
 * (`MB_PREVIOUS_IN_WORKFLOW`); for an edit, the version (`STALE_VERSION`) and
 * that the entry is with its creator (`MB_NOT_EDITABLE`); every field problem
 * of the content at once (`VALIDATION_FAILED`: period and date, MB-2; lines
 * and rows; photos and page references, MB-9); the cumulative caps
 * (`MB_EXCEEDS_ESTIMATE`, MB-3); the workflow action (WF-2); and, when the
 * action moves the entry on from its creator (submitting, verifying,
 * approving), that it measures something (`MB_EMPTY`, MB-4) and, again, the
 * caps against the book as it is now.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { ValidationFailed } from "../errors/ValidationFailed.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import * as BusinessClock from "../time/BusinessClock.js"
import * as LocalDate from "../time/LocalDate.js"
import { rolesActingIn, type WorkflowDefinition } from "../workflow/WorkflowDefinition.js"
import { transition } from "../workflow/WorkflowEngine.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import { type ActionFields, checkVersion, definitionOf, eventOf } from "./ActionRequest.js"
import { lineFor, type MeasurementBook } from "./MeasurementBook.js"
import { getBook } from "./MeasurementBookRepository.js"
import {
  approvedQuantities,
  checkNotEmpty,
  checkWithinEstimate,
  creatorRole,
  type EntryLine,
  entryAmount,
  isInWorkflow,
  type LineMeasurement,
  type MbExceedsEstimate,
  type MeasurementEntry,
  measureLines,
  type Photo,
  pageReferencesPerEntryMax,
  photosPerEntryMax,
  rejectedState,
  workflowCode,
} from "./MeasurementEntry.js"
import {
  EntriesPerBookExceeded,
  entriesOfBook,
  entriesPerBookMax,
  getEntry,
  MeasurementEntryRepository,
} from "./MeasurementEntryRepository.js"
import { nextPeriodStart, periodProblems } from "./MeasurementPeriod.js"

/**
 * The book is cancelled or closed, so nothing may be recorded in it.
 *
 * @since 0.1.0
 * @category errors
 */
export class MeasurementBookNotOpen extends Schema.TaggedError<MeasurementBookNotOpen>(
  "@karya/core/measurement/MeasurementBookNotOpen",
)("MeasurementBookNotOpen", {
  bookNumber: Schema.String,
  status: Schema.Literals(["cancelled", "closed"]),
}) {
  static readonly code = "MEASUREMENT_BOOK_NOT_OPEN"
  static readonly category = "rule"
  readonly code = MeasurementBookNotOpen.code
  readonly category = MeasurementBookNotOpen.category
  readonly retryable = false
  override get message(): string {
    const cause =
      this.status === "cancelled" ? "was cancelled with its work order" : "was closed with its project"
    return `Measurement book ${this.bookNumber} ${cause}; no measurement can be recorded or changed in it.`
  }
}

/**
 * Another entry of the book is still in the workflow (MB-4).
 *
 * @since 0.1.0
 * @category errors
 */
export class MbPreviousInWorkflow extends Schema.TaggedError<MbPreviousInWorkflow>(
  "@karya/core/measurement/MbPreviousInWorkflow",
)("MbPreviousInWorkflow", {
  bookNumber: Schema.String,
  entryNumber: Schema.String,
  state: Schema.String,
}) {
  static readonly code = "MB_PREVIOUS_IN_WORKFLOW"
  static readonly category = "rule"
  readonly code = MbPreviousInWorkflow.code
  readonly category = MbPreviousInWorkflow.category
  readonly retryable = false
  override get message(): string {
    return `Entry ${this.entryNumber} of measurement book ${this.bookNumber} is still ${this.state}; get it approved (or rejected) before recording a new entry.`
  }
}

/**
 * The entry is not with its creator, so it cannot be edited (MB-6).
 *
 * @since 0.1.0
 * @category errors
 */
export class MbNotEditable extends Schema.TaggedError<MbNotEditable>("@karya/core/measurement/MbNotEditable")(
  "MbNotEditable",
  {
    entryNumber: Schema.String,
    state: Schema.String,
  },
) {
  static readonly code = "MB_NOT_EDITABLE"
  static readonly category = "rule"
  readonly code = MbNotEditable.code
  readonly category = MbNotEditable.category
  readonly retryable = false
  override get message(): string {
    return `Measurement entry ${this.entryNumber} is ${this.state}; it can be edited only while drafted or sent back to its creator.`
  }
}

/**
 * Problem code: more photos than `photosPerEntryMax` (MB-9).
 *
 * @since 0.1.0
 * @category errors
 */
export const photosTooManyCode = "PHOTOS_TOO_MANY"

/**
 * Problem code: more page references than `pageReferencesPerEntryMax`.
 *
 * @since 0.1.0
 * @category errors
 */
export const pageReferencesTooManyCode = "PAGE_REFERENCES_TOO_MANY"

/**
 * What an entry measures: the period's end (its start follows MB-2), the
 * date measured, the lines with their rows, and the photos and page
 * references of the physical book (MB-9).
 *
 * @since 0.1.0
 * @category models
 */
export interface EntryContent {
  readonly periodEnd: LocalDate.LocalDate
  readonly entryDate: LocalDate.LocalDate
  readonly lines: ReadonlyArray<LineMeasurement>
  readonly photos?: ReadonlyArray<Photo> | undefined
  readonly pageReferences?: ReadonlyArray<string> | undefined
}

interface Draft {
  readonly periodStart: LocalDate.LocalDate
  readonly periodEnd: LocalDate.LocalDate
  readonly entryDate: LocalDate.LocalDate
  readonly lines: ReadonlyArray<EntryLine>
  readonly amount: MeasurementEntry["amount"]
  readonly photos: ReadonlyArray<Photo>
  readonly pageReferences: ReadonlyArray<string>
}

const attachmentProblems = (content: EntryContent): ReadonlyArray<FieldProblem> => [
  ...((content.photos?.length ?? 0) > photosPerEntryMax
    ? [
        {
          field: "photos",
          code: photosTooManyCode,
          message: `attach at most ${photosPerEntryMax} photos (JPG or PNG) of the book to one entry`,
          limit: String(photosPerEntryMax),
        },
      ]
    : []),
  ...((content.pageReferences?.length ?? 0) > pageReferencesPerEntryMax
    ? [
        {
          field: "pageReferences",
          code: pageReferencesTooManyCode,
          message: `give at most ${pageReferencesPerEntryMax} page references`,
          limit: String(pageReferencesPerEntryMax),
        },
      ]
    : []),
]

const draftOf = (request: {
  readonly book: MeasurementBook
  readonly entries: ReadonlyArray<MeasurementEntry>
  readonly content: EntryContent
  readonly configuration: TenantConfiguration
  readonly today: LocalDate.LocalDate
}): Result.Result<Draft, ValidationFailed | MbExceedsEstimate> => {
  const { book, content, configuration } = request
  const periodStart = nextPeriodStart(book, request.entries)
  const scales = configuration.roundingScales
  const measured = measureLines({
    book,
    approved: approvedQuantities(book, request.entries),
    measurements: content.lines,
    quantityScale: scales.quantity,
    amountScale: scales.measurementBookAmount,
  })
  const problems = [
    ...periodProblems({
      ...content,
      book,
      periodStart,
      today: request.today,
      measurementAfterEnd: configuration.measurementAfterEnd,
    }),
    ...(Result.isFailure(measured) ? measured.failure : []),
    ...attachmentProblems(content),
  ]
  const [first, ...rest] = problems
  if (first !== undefined)
    return Result.fail(new ValidationFailed({ subject: "measurement entry", problems: [first, ...rest] }))
  const lines = Result.getOrElse(measured, () => [])
  const within = checkWithinEstimate(book, lines)
  if (Result.isFailure(within)) return Result.fail(within.failure)
  return Result.succeed({
    periodStart,
    periodEnd: content.periodEnd,
    entryDate: content.entryDate,
    lines,
    amount: entryAmount(lines),
    photos: content.photos ?? [],
    pageReferences: content.pageReferences ?? [],
  })
}

const checkOpen = (book: MeasurementBook): Result.Result<void, MeasurementBookNotOpen> =>
  book.status === "open"
    ? Result.void
    : Result.fail(new MeasurementBookNotOpen({ bookNumber: book.number, status: book.status }))

// Whether entering `state` moves the entry on from its creator: any state but
// the creator's own (drafted, sent back) and rejection.
const isAdvance = (definition: WorkflowDefinition, state: string): boolean =>
  state !== rejectedState && !rolesActingIn(definition, state).includes(creatorRole)

const checkAdvance = (request: {
  readonly definition: WorkflowDefinition
  readonly state: string
  readonly book: MeasurementBook
  readonly entryNumber?: string | undefined
  readonly lines: ReadonlyArray<EntryLine>
}) =>
  isAdvance(request.definition, request.state)
    ? Result.andThen(
        checkNotEmpty({
          bookNumber: request.book.number,
          entryNumber: request.entryNumber,
          lines: request.lines,
        }),
        () => checkWithinEstimate(request.book, request.lines),
      )
    : Result.void

const clockOf = (configuration: TenantConfiguration) =>
  Effect.map(BusinessClock.currentInstant, (at) => ({
    at,
    today: LocalDate.fromInstant(at, configuration.timeZone),
  }))

/**
 * A request to record a new entry in a book: `action` is the workflow action
 * taken from the start (MUKTA: `SAVE_AS_DRAFT` or `SUBMIT`).
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateEntryRequest extends ActionFields {
  readonly tenantId: TenantId
  readonly bookId: string
  readonly action: string
  readonly content: EntryContent
}

/**
 * Records a new entry (MB-2..5, MB-7): numbered `…/01`, `…/02` within its
 * book, with its period, lines, cumulative quantities and amount.
 *
 * @since 0.1.0
 * @category constructors
 */
export const createEntry = Effect.fn("Measurement.createEntry")(function* (request: CreateEntryRequest) {
  const configuration = yield* configurationOf(request.tenantId)
  const book = yield* getBook(request)
  yield* Effect.fromResult(checkOpen(book))
  const entryRepository = yield* MeasurementEntryRepository
  const entries = yield* entriesOfBook({ tenantId: book.tenantId, bookId: book.bookId })
  const pending = entries.find(isInWorkflow)
  if (pending !== undefined) {
    const state = pending.workflow.state
    return yield* new MbPreviousInWorkflow({ bookNumber: book.number, entryNumber: pending.number, state })
  }
  if (entries.length >= entriesPerBookMax)
    return yield* new EntriesPerBookExceeded({ bookNumber: book.number, limit: entriesPerBookMax })
  const { at, today } = yield* clockOf(configuration)
  const draft = yield* Effect.fromResult(
    draftOf({ book, entries, content: request.content, configuration, today }),
  )
  const definition = definitionOf(configuration, workflowCode)
  const entryId = yield* EntityId.make
  const initial = WorkflowSnapshot.initial({
    entityId: entryId,
    tenantId: book.tenantId,
    definitionCode: definition.code,
  })
  const event = eventOf(request, { type: request.action, version: initial.version, at })
  const moved = yield* Effect.fromResult(transition(definition, initial, event))
  yield* Effect.fromResult(checkAdvance({ definition, state: moved.state, book, lines: draft.lines }))
  const number = yield* HumanNumber.issueEntryNumber({
    tenantId: book.tenantId,
    cityCode: configuration.cityCode,
    series: "measurementEntry",
    idFormat: configuration.idFormats.measurementEntry,
    timeZone: configuration.timeZone,
    parentNumber: book.number,
  })
  const entry: MeasurementEntry = {
    entryId,
    tenantId: book.tenantId,
    bookId: book.bookId,
    number,
    ...draft,
    workflow: moved,
    version: 1,
  }
  yield* entryRepository.insert({ aggregate: entry })
  return entry
})

/**
 * A request to change an entry's content while it is with its creator,
 * with the workflow action taken (MUKTA: `SAVE_AS_DRAFT` or `SUBMIT` from
 * drafted, `RE_SUBMIT` when sent back).
 *
 * @since 0.1.0
 * @category models
 */
export interface EditEntryRequest extends ActionFields {
  readonly tenantId: TenantId
  readonly entryId: string
  readonly version: number
  readonly action: string
  readonly content: EntryContent
}

const loadForChange = Effect.fn("Measurement.loadEntryForChange")(function* (request: {
  readonly tenantId: TenantId
  readonly entryId: string
  readonly version: number
}) {
  const entry = yield* getEntry(request)
  yield* Effect.fromResult(
    checkVersion({
      entityId: entry.number,
      requestedVersion: request.version,
      currentVersion: entry.version,
    }),
  )
  const book = yield* getBook({ tenantId: entry.tenantId, bookId: entry.bookId })
  yield* Effect.fromResult(checkOpen(book))
  const entries = yield* entriesOfBook({ tenantId: book.tenantId, bookId: book.bookId })
  return { entry, book, others: entries.filter((other) => other.entryId !== entry.entryId) }
})

/**
 * Edits an entry while it is with its creator (MB-6), recomputing its
 * period start, quantities and amount, and takes the action.
 *
 * @since 0.1.0
 * @category constructors
 */
export const editEntry = Effect.fn("Measurement.editEntry")(function* (request: EditEntryRequest) {
  const configuration = yield* configurationOf(request.tenantId)
  const { entry, book, others } = yield* loadForChange(request)
  const definition = definitionOf(configuration, workflowCode)
  if (!rolesActingIn(definition, entry.workflow.state).includes(creatorRole)) {
    return yield* new MbNotEditable({ entryNumber: entry.number, state: entry.workflow.state })
  }
  const { at, today } = yield* clockOf(configuration)
  const draft = yield* Effect.fromResult(
    draftOf({ book, entries: others, content: request.content, configuration, today }),
  )
  const event = eventOf(request, { type: request.action, version: entry.workflow.version, at })
  const moved = yield* Effect.fromResult(transition(definition, entry.workflow, event))
  const state = moved.state
  yield* Effect.fromResult(
    checkAdvance({ definition, state, book, entryNumber: entry.number, lines: draft.lines }),
  )
  const next: MeasurementEntry = { ...entry, ...draft, workflow: moved, version: entry.version + 1 }
  yield* MeasurementEntryRepository.use((repository) =>
    repository.update({ aggregate: next, expectedVersion: entry.version }),
  )
  return next
})

/**
 * A workflow action on an entry without changing its content (verify, send
 * back, approve, reject, …).
 *
 * @since 0.1.0
 * @category models
 */
export interface EntryActionRequest extends ActionFields {
  readonly tenantId: TenantId
  readonly entryId: string
  readonly version: number
  readonly type: string
}

// The entry's lines measured again against the book as it is now (a scope
// revision may have changed line ids and estimated quantities, TE-5).
const remeasured = (
  book: MeasurementBook,
  others: ReadonlyArray<MeasurementEntry>,
  entry: MeasurementEntry,
  configuration: TenantConfiguration,
) =>
  measureLines({
    book,
    approved: approvedQuantities(book, others),
    measurements: entry.lines.flatMap((line) => {
      const bookLine = lineFor(book, line.lineId)
      return bookLine === undefined ? [] : [{ lineId: bookLine.lineId, rows: line.rows }]
    }),
    quantityScale: configuration.roundingScales.quantity,
    amountScale: configuration.roundingScales.measurementBookAmount,
  })

/**
 * Takes a workflow action on an entry (WF-MB). Moving it on from its
 * creator checks again that it measures something and stays within every
 * line's estimated quantity; approving fixes its cumulative quantities.
 *
 * @since 0.1.0
 * @category constructors
 */
export const takeEntryAction = Effect.fn("Measurement.takeEntryAction")(function* (
  request: EntryActionRequest,
) {
  const configuration = yield* configurationOf(request.tenantId)
  const { entry, book, others } = yield* loadForChange(request)
  const definition = definitionOf(configuration, workflowCode)
  const { at } = yield* clockOf(configuration)
  const event = eventOf(request, { type: request.type, version: entry.workflow.version, at })
  const moved = yield* Effect.fromResult(transition(definition, entry.workflow, event))
  const state = moved.state
  const measured = remeasured(book, others, entry, configuration)
  const lines = Result.isSuccess(measured) && isAdvance(definition, state) ? measured.success : entry.lines
  yield* Effect.fromResult(checkAdvance({ definition, state, book, entryNumber: entry.number, lines }))
  const next: MeasurementEntry = {
    ...entry,
    lines,
    amount: entryAmount(lines),
    workflow: moved,
    version: entry.version + 1,
  }
  yield* MeasurementEntryRepository.use((repository) =>
    repository.update({ aggregate: next, expectedVersion: entry.version }),
  )
  return next
})
