/**
 * Utilization statements (MB-8): for a measurement entry, the labour,
 * material and machinery consumed = Σ over its SOR lines of current
 * quantity × the line's rate-analysis content per unit (RA-8), with the
 * quantity and cost of each component item per line, a consolidation per
 * item across the entry, and totals per kind. Material utilized bounds
 * purchase bills (BILL-P-4); labour utilized is shown beside muster-roll
 * wages for the same period, so the statement carries the entry's period.
 *
 * Rounding: each line's item quantity is rounded to the tenant's quantity
 * scale and each cost to its measurement-book amount scale (the scales of
 * the entry itself); consolidations and totals are exact sums of those.
 * NON-SOR lines have no analysis and lines measuring 0 consume nothing, so
 * neither appears. A line's analysis is read as of the date its rate was
 * taken for (its estimate's), so the content matches the rate paid.
 *
 * @since 0.1.0
 */
import { Effect, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import { timesExact } from "../internal/Decimal.js"
import * as Amount from "../money/Amount.js"
import * as Quantity from "../money/Quantity.js"
import * as Rounding from "../money/Rounding.js"
import type { Scale } from "../money/Scale.js"
import type { LocalDate } from "../time/LocalDate.js"
import { type BookLine, lineFor, type MeasurementBook } from "./MeasurementBook.js"
import { findBookOfWorkOrder, getBook } from "./MeasurementBookRepository.js"
import { type MeasurementEntry, statusOf } from "./MeasurementEntry.js"
import { entriesOfBook, getEntry } from "./MeasurementEntryRepository.js"
import { type ComponentKind, type ContentItem, RateAnalysisContent } from "./RateAnalysisContent.js"

/**
 * An SOR line of the entry has no rate analysis on its rate date, so its
 * consumption cannot be stated.
 *
 * @since 0.1.0
 * @category errors
 */
export class UtilizationAnalysisMissing extends Schema.TaggedError<UtilizationAnalysisMissing>(
  "@karya/core/measurement/UtilizationAnalysisMissing",
)("UtilizationAnalysisMissing", {
  entryNumber: Schema.String,
  sorCode: Schema.String,
  date: Schema.String,
}) {
  static readonly code = "UTILIZATION_ANALYSIS_MISSING"
  static readonly category = "rule"
  readonly code = UtilizationAnalysisMissing.code
  readonly category = UtilizationAnalysisMissing.category
  readonly retryable = false
  override get message(): string {
    return `The utilization statement of ${this.entryNumber} needs the rate analysis of ${this.sorCode} on ${this.date}, and there is none; ask the SOR administrator to add it, then generate the statement again.`
  }
}

/**
 * One component item consumed, for a line or consolidated.
 *
 * @since 0.1.0
 * @category models
 */
export interface ItemConsumption {
  readonly kind: ComponentKind
  readonly itemCode: string
  readonly description: string
  readonly unit: string
  readonly quantity: Quantity.Quantity
  readonly cost: Amount.Amount
}

/**
 * What one SOR line of the entry consumed.
 *
 * @since 0.1.0
 * @category models
 */
export interface LineUtilization {
  readonly lineId: string
  readonly sorCode: string
  readonly description: string
  readonly currentQuantity: Quantity.Quantity
  readonly items: ReadonlyArray<ItemConsumption>
}

/**
 * An entry's utilization statement.
 *
 * @since 0.1.0
 * @category models
 */
export interface UtilizationStatement {
  readonly entryNumber: string
  readonly periodStart: LocalDate
  readonly periodEnd: LocalDate
  readonly lines: ReadonlyArray<LineUtilization>
  /** One row per component item across the entry, in order of first appearance. */
  readonly consolidated: ReadonlyArray<ItemConsumption>
  readonly totals: Readonly<Record<ComponentKind, Amount.Amount>>
}

/**
 * The scales a statement rounds to.
 *
 * @since 0.1.0
 * @category models
 */
export interface UtilizationScales {
  readonly quantityScale: Scale
  readonly amountScale: Scale
}

const consumptionOf = (
  item: ContentItem,
  quantity: Quantity.Quantity,
  scales: UtilizationScales,
): ItemConsumption => ({
  kind: item.kind,
  itemCode: item.itemCode,
  description: item.description,
  unit: item.unit,
  quantity: Rounding.round(timesExact(quantity, item.quantityPerUnit) as Quantity.Quantity, {
    scale: scales.quantityScale,
    mode: "halfAwayFromZero",
  }),
  cost: Rounding.round(timesExact(quantity, item.costPerUnit) as Amount.Amount, {
    scale: scales.amountScale,
    mode: "halfAwayFromZero",
  }),
})

const consolidate = (lines: ReadonlyArray<LineUtilization>): ReadonlyArray<ItemConsumption> => {
  const byItem = new Map<string, ItemConsumption>()
  for (const item of lines.flatMap((line) => line.items)) {
    const key = `${item.kind}:${item.itemCode}`
    const earlier = byItem.get(key)
    byItem.set(
      key,
      earlier === undefined
        ? item
        : {
            ...earlier,
            quantity: Quantity.add(earlier.quantity, item.quantity),
            cost: Amount.add(earlier.cost, item.cost),
          },
    )
  }
  return [...byItem.values()]
}

const totalOf = (items: ReadonlyArray<ItemConsumption>, kind: ComponentKind): Amount.Amount =>
  Amount.sum(items.filter((item) => item.kind === kind).map((item) => item.cost))

/**
 * The SOR lines of an entry that consume something: measured above 0, with
 * their book line.
 *
 * @since 0.1.0
 * @category conversions
 */
export const consumingLines = (
  book: Pick<MeasurementBook, "lines">,
  entry: Pick<MeasurementEntry, "lines">,
): ReadonlyArray<{
  readonly line: BookLine & { readonly sorCode: string }
  readonly quantity: Quantity.Quantity
}> =>
  entry.lines.flatMap((measured) => {
    const line = lineFor(book, measured.lineId)
    if (line === undefined || line.sorCode === undefined || Quantity.isZero(measured.currentQuantity))
      return []
    return [{ line: { ...line, sorCode: line.sorCode }, quantity: measured.currentQuantity }]
  })

/**
 * The utilization statement of an entry (MB-8) from the content per unit of
 * each consuming line (keyed by book line id; `consumingLines` lists them).
 *
 * @since 0.1.0
 * @category math
 */
export const statementOf = (request: {
  readonly book: Pick<MeasurementBook, "lines">
  readonly entry: Pick<MeasurementEntry, "lines" | "number" | "periodStart" | "periodEnd">
  readonly contents: ReadonlyMap<string, ReadonlyArray<ContentItem>>
  readonly scales: UtilizationScales
}): UtilizationStatement => {
  const lines = consumingLines(request.book, request.entry).map(({ line, quantity }) => ({
    lineId: line.lineId,
    sorCode: line.sorCode,
    description: line.description,
    currentQuantity: quantity,
    items: (request.contents.get(line.lineId) ?? []).map((item) =>
      consumptionOf(item, quantity, request.scales),
    ),
  }))
  const consolidated = consolidate(lines)
  return {
    entryNumber: request.entry.number,
    periodStart: request.entry.periodStart,
    periodEnd: request.entry.periodEnd,
    lines,
    consolidated,
    totals: {
      labour: totalOf(consolidated, "labour"),
      material: totalOf(consolidated, "material"),
      machinery: totalOf(consolidated, "machinery"),
    },
  }
}

/**
 * Generates the utilization statement of an entry (MB-8), reading each SOR
 * line's content from `RateAnalysisContent` as of the line's rate date.
 *
 * @since 0.1.0
 * @category constructors
 */
export const generateStatement = Effect.fn("Measurement.generateUtilizationStatement")(function* (request: {
  readonly tenantId: TenantId
  readonly entryId: string
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const entry = yield* getEntry(request)
  const book = yield* getBook({ tenantId: entry.tenantId, bookId: entry.bookId })
  const contentPort = yield* RateAnalysisContent
  const contents = new Map<string, ReadonlyArray<ContentItem>>()
  for (const { line } of consumingLines(book, entry)) {
    const content = yield* contentPort.contentOf({
      tenantId: book.tenantId,
      sorCode: line.sorCode,
      on: line.rateDate,
    })
    if (Option.isNone(content)) {
      const date = line.rateDate
      return yield* new UtilizationAnalysisMissing({ entryNumber: entry.number, sorCode: line.sorCode, date })
    }
    contents.set(line.lineId, content.value)
  }
  const scales = {
    quantityScale: configuration.roundingScales.quantity,
    amountScale: configuration.roundingScales.measurementBookAmount,
  }
  return statementOf({ book, entry, contents, scales })
})

/**
 * The material utilized on a work order so far (MB-8, BILL-P-4): Σ of the
 * material totals of the utilization statements of its book's approved
 * entries; zero before the book opens or before an entry is approved.
 * Pending, rejected and cancelled entries utilize nothing yet.
 *
 * @since 0.1.0
 * @category constructors
 */
export const materialUtilizedOf = Effect.fn("Measurement.materialUtilizedOf")(function* (request: {
  readonly tenantId: TenantId
  readonly workOrderId: string
}) {
  const book = yield* findBookOfWorkOrder(request)
  if (Option.isNone(book)) return Amount.zero
  const entries = yield* entriesOfBook({ tenantId: request.tenantId, bookId: book.value.bookId })
  const approved = entries.filter((entry) => statusOf(entry) === "approved")
  const statements = yield* Effect.forEach(approved, (entry) =>
    generateStatement({ tenantId: request.tenantId, entryId: entry.entryId }),
  )
  return Amount.sum(statements.map((statement) => statement.totals.material))
})
