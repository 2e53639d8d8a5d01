/**
 * Analysis statements of an estimate (EST-9): from its SOR lines and the
 * content per unit of their SORs (RA-8), the labour, material and machinery
 * statements: per SOR line the component items with quantity (line quantity
 * × q ÷ Qa, rounded to the quantity scale) and amount (line quantity × the
 * item's amount per unit, rounded to the estimate scale), a consolidation per
 * component item across the estimate, and totals. Submitting an estimate is
 * blocked when its total is below labour + material + machinery
 * (`ESTIMATE_BELOW_ANALYSIS`).
 *
 * Content is read on each line's rate date, so the statement analyses the
 * rates the estimate was priced with.
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import * as Amount from "../money/Amount.js"
import * as Quantity from "../money/Quantity.js"
import type { RoundingScales } from "../money/Rounding.js"
import { type ContentKind, type ContentPerUnit, itemAmount, itemQuantity } from "../rates/RateAnalysis.js"
import { contentPerUnitOf } from "../rates/RateAnalysisMaintenance.js"
import { type EstimateLine, isSorLine, type SorLine } from "./EstimateLine.js"
import { EstimateRepository } from "./EstimateRepository.js"

/**
 * One component item of a statement.
 *
 * @since 0.1.0
 * @category models
 */
export interface StatementItem {
  /** The basic SOR's code, or the head of an analysis-level charge. */
  readonly code: string
  readonly source: "basicLine" | "additionalCharge"
  readonly quantity: Quantity.Quantity
  readonly amount: Amount.Amount
}

/**
 * The items of one kind behind one SOR line.
 *
 * @since 0.1.0
 * @category models
 */
export interface LineStatement {
  readonly lineId: string
  readonly sorCode: string
  readonly lineQuantity: Quantity.Quantity
  readonly items: ReadonlyArray<StatementItem>
}

/**
 * The statement of one kind (labour, material or machinery).
 *
 * @since 0.1.0
 * @category models
 */
export interface Statement {
  readonly kind: ContentKind
  readonly lines: ReadonlyArray<LineStatement>
  /** One row per component item across the estimate, in order of first use. */
  readonly consolidated: ReadonlyArray<StatementItem>
  readonly total: Amount.Amount
}

/**
 * The three statements of an estimate and their sum (EST-9).
 *
 * @since 0.1.0
 * @category models
 */
export interface AnalysisStatements {
  readonly labour: Statement
  readonly material: Statement
  readonly machinery: Statement
  /** labour + material + machinery. */
  readonly total: Amount.Amount
}

const consolidate = (lines: ReadonlyArray<LineStatement>): ReadonlyArray<StatementItem> => {
  const rows: Array<StatementItem> = []
  for (const item of lines.flatMap((line) => line.items)) {
    const index = rows.findIndex((row) => row.code === item.code && row.source === item.source)
    const row = rows[index]
    if (row === undefined) rows.push(item)
    else
      rows[index] = {
        ...row,
        quantity: Quantity.add(row.quantity, item.quantity),
        amount: Amount.add(row.amount, item.amount),
      }
  }
  return rows
}

const statementOf = (
  kind: ContentKind,
  options: {
    readonly lines: ReadonlyArray<{ readonly line: SorLine; readonly content: ContentPerUnit }>
    readonly scales: RoundingScales
  },
): Statement => {
  const lines = options.lines.map(({ line, content }) => ({
    lineId: line.id,
    sorCode: line.sorCode,
    lineQuantity: line.quantity,
    items: content.items
      .filter((item) => item.kind === kind)
      .map((item) => ({
        code: item.code,
        source: item.source,
        quantity: itemQuantity({ item, quantity: line.quantity, scale: options.scales.quantity }),
        amount: itemAmount({ item, quantity: line.quantity, scale: options.scales.estimateAmount }),
      })),
  }))
  const consolidated = consolidate(lines)
  return { kind, lines, consolidated, total: Amount.sum(consolidated.map((item) => item.amount)) }
}

/**
 * The statements of SOR lines with their content per unit (EST-9). Pure.
 *
 * @since 0.1.0
 * @category math
 */
export const statementsOf = (options: {
  readonly lines: ReadonlyArray<{ readonly line: SorLine; readonly content: ContentPerUnit }>
  readonly scales: RoundingScales
}): AnalysisStatements => {
  const labour = statementOf("labour", options)
  const material = statementOf("material", options)
  const machinery = statementOf("machinery", options)
  return { labour, material, machinery, total: Amount.sum([labour.total, material.total, machinery.total]) }
}

/**
 * The statements of priced lines: reads each SOR line's content on its rate
 * date (RA-8; a works SOR without an active analysis is
 * `RATE_ANALYSIS_NOT_FOUND`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const statementsOfLines = Effect.fn("Estimates.statementsOfLines")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly lines: ReadonlyArray<EstimateLine>
}) {
  const withContent: Array<{ readonly line: SorLine; readonly content: ContentPerUnit }> = []
  for (const line of request.lines.filter(isSorLine)) {
    const content = yield* contentPerUnitOf({
      tenantId: request.configuration.tenantId,
      sorId: line.sorId,
      date: line.rateDate,
    })
    withContent.push({ line, content })
  }
  return statementsOf({ lines: withContent, scales: request.configuration.roundingScales })
})

/**
 * The analysis statements of a stored estimate (EST-9).
 *
 * @since 0.1.0
 * @category constructors
 */
export const analysisStatementsOf = Effect.fn("Estimates.analysisStatementsOf")(function* (request: {
  readonly tenantId: TenantId
  readonly estimateId: string
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const estimate = yield* (yield* EstimateRepository).get({
    tenantId: configuration.tenantId,
    id: request.estimateId,
  })
  return yield* statementsOfLines({ configuration, lines: estimate.lines })
})

/**
 * The estimate total is below labour + material + machinery (EST-9).
 *
 * @since 0.1.0
 * @category errors
 */
export class EstimateBelowAnalysis extends Schema.TaggedError<EstimateBelowAnalysis>(
  "@karya/core/estimates/EstimateBelowAnalysis",
)("EstimateBelowAnalysis", {
  estimateNumber: Schema.String,
  total: Schema.String,
  analysisTotal: Schema.String,
}) {
  static readonly code = "ESTIMATE_BELOW_ANALYSIS"
  static readonly category = "rule"
  readonly code = EstimateBelowAnalysis.code
  readonly category = EstimateBelowAnalysis.category
  readonly retryable = false
  override get message(): string {
    return `${this.estimateNumber} totals ₹${this.total}, less than its labour, material and machinery content ₹${this.analysisTotal}; correct the quantities or rates before submitting.`
  }
}
