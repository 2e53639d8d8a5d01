/**
 * Negotiated work-order values (WO-9, an optional feature of base Works).
 * A lump-sum negotiation applies one percentage above or below to the whole
 * contract; an item-rate negotiation gives, per line, a negotiated amount or
 * a percentage above or below the line's amount (lines not named keep their
 * amount). The contract amount is then the sum of the negotiated values
 * (`WorkOrderAmount`).
 *
 * Decisions where the spec is silent: overhead lines are lines of the
 * contract, so an item-rate negotiation may name them too; a percentage below
 * may not exceed 100 (a value never goes negative, MONEY-4).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as Amount from "../money/Amount.js"
import * as Percentage from "../money/Percentage.js"

/**
 * A percentage above or below a value.
 *
 * @since 0.1.0
 * @category models
 */
export const Adjustment = Schema.Struct({
  direction: Schema.Literals(["above", "below"]),
  percentage: Percentage.Percentage,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Adjustment = typeof Adjustment.Type

/**
 * A line's negotiated value: an amount, or an adjustment of its amount.
 *
 * @since 0.1.0
 * @category models
 */
export const NegotiatedValue = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("amount"), amount: Amount.Amount }),
  Schema.Struct({ kind: Schema.Literal("adjustment"), adjustment: Adjustment }),
])

/**
 * @since 0.1.0
 * @category models
 */
export type NegotiatedValue = typeof NegotiatedValue.Type

/**
 * A negotiation: lump-sum or item-rate.
 *
 * @since 0.1.0
 * @category models
 */
export const Negotiation = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("lumpSum"), adjustment: Adjustment }),
  Schema.Struct({
    kind: Schema.Literal("itemRate"),
    lines: Schema.Array(Schema.Struct({ lineId: Schema.NonEmptyString, value: NegotiatedValue })),
  }),
])

/**
 * @since 0.1.0
 * @category models
 */
export type Negotiation = typeof Negotiation.Type

/**
 * A priced line of a contract: its id and amount.
 *
 * @since 0.1.0
 * @category models
 */
export interface PricedLine {
  readonly lineId: string
  readonly amount: Amount.Amount
}

/**
 * Problem code: a percentage below of more than 100.
 *
 * @since 0.1.0
 * @category errors
 */
export const adjustmentBelowZeroCode = "ADJUSTMENT_BELOW_ZERO"

/**
 * Problem code: an item-rate negotiation names a line the order does not have.
 *
 * @since 0.1.0
 * @category errors
 */
export const negotiatedLineUnknownCode = "NEGOTIATED_LINE_UNKNOWN"

/**
 * Problem code: an item-rate negotiation names a line twice.
 *
 * @since 0.1.0
 * @category errors
 */
export const negotiatedLineDuplicateCode = "NEGOTIATED_LINE_DUPLICATE"

const hundredPercent = Percentage.makeUnsafe("100")

const adjustmentProblems = (adjustment: Adjustment, field: string): ReadonlyArray<FieldProblem> =>
  adjustment.direction === "below" && Percentage.compare(adjustment.percentage, hundredPercent) > 0
    ? [
        {
          field,
          code: adjustmentBelowZeroCode,
          message: "a value can be negotiated at most 100% below; enter a smaller percentage",
          limit: "100",
        },
      ]
    : []

/**
 * The field problems of a negotiation over the order's lines, with paths
 * under `negotiation`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const negotiationProblems = (
  negotiation: Negotiation,
  lineIds: ReadonlySet<string>,
): ReadonlyArray<FieldProblem> => {
  if (negotiation.kind === "lumpSum")
    return adjustmentProblems(negotiation.adjustment, "negotiation.adjustment")
  return negotiation.lines.flatMap((line, index) => {
    const field = `negotiation.lines[${index}]`
    const problems: Array<FieldProblem> = []
    if (!lineIds.has(line.lineId)) {
      const message = `line ${line.lineId} is not a line of this work order`
      problems.push({ field: `${field}.lineId`, code: negotiatedLineUnknownCode, message })
    }
    if (negotiation.lines.findIndex((other) => other.lineId === line.lineId) !== index) {
      const message = `line ${line.lineId} is negotiated more than once; keep one value`
      problems.push({ field: `${field}.lineId`, code: negotiatedLineDuplicateCode, message })
    }
    if (line.value.kind === "adjustment") problems.push(...adjustmentProblems(line.value.adjustment, field))
    return problems
  })
}

/**
 * A value moved by an adjustment, exact: value × (1 ± percentage ÷ 100). A
 * percentage below of more than 100 is a defect: validate first.
 *
 * @since 0.1.0
 * @category math
 */
export const adjust = (value: Amount.Amount, adjustment: Adjustment): Amount.Amount => {
  const share = Percentage.percentOf({ percentage: adjustment.percentage, base: value })
  return adjustment.direction === "above"
    ? Amount.add(value, share)
    : Amount.subtract({ minuend: value, subtrahend: share })
}

const negotiatedLineAmount = (line: PricedLine, value: NegotiatedValue | undefined): Amount.Amount => {
  if (value === undefined) return line.amount
  return value.kind === "amount" ? value.amount : adjust(line.amount, value.adjustment)
}

/**
 * The exact sum of the negotiated values of the lines (WO-9), or their plain
 * sum without a negotiation. Not rounded: `WorkOrderAmount` rounds the total.
 *
 * @since 0.1.0
 * @category math
 */
export const negotiatedTotal = (
  lines: ReadonlyArray<PricedLine>,
  negotiation: Negotiation | undefined,
): Amount.Amount => {
  if (negotiation === undefined) return Amount.sum(lines.map((line) => line.amount))
  if (negotiation.kind === "lumpSum") {
    return adjust(Amount.sum(lines.map((line) => line.amount)), negotiation.adjustment)
  }
  const values = new Map(negotiation.lines.map((line) => [line.lineId, line.value]))
  return Amount.sum(lines.map((line) => negotiatedLineAmount(line, values.get(line.lineId))))
}
