/**
 * Prices an estimate's lines (EST-1..5): reads each SOR line's SOR and its
 * rate on the estimate date (RATE-3; `NO_RATE_FOR_DATE` when none), keeps the
 * unit rate of a line carried from the previous version (EST-7), measures
 * every line (QTY-2..4), computes the overheads in force on the estimate date
 * (EST-3) and the totals (EST-4, EST-5). Every problem of the request is
 * reported at once (ERR-3); nothing is written here.
 *
 * @since 0.1.0
 */
import { Effect, Option, Result } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import { overheadsEffectiveOn } from "../config/TenantConfiguration.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { within } from "../errors/FieldProblem.js"
import * as EntityId from "../ids/EntityId.js"
import { assert } from "../internal/assert.js"
import * as Quantity from "../money/Quantity.js"
import { failOnProblems } from "../rates/ScheduleOfRates.js"
import * as Sor from "../rates/Sor.js"
import * as SorRate from "../rates/SorRate.js"
import * as StateSchedule from "../rates/StateSchedule.js"
import type { LocalDate } from "../time/LocalDate.js"
import { type Estimate, type EstimateTotals, linesMax, totalsOf } from "./Estimate.js"
import * as EstimateLine from "./EstimateLine.js"
import {
  type EnteredOverhead,
  enteredProblems,
  type OverheadLine,
  overheadLines,
} from "./EstimateOverhead.js"

/**
 * Problem codes of pricing (EST-1).
 *
 * @since 0.1.0
 * @category errors
 */
export const pricingProblemCodes = {
  linesTooMany: "ESTIMATE_LINES_TOO_MANY",
  sorUnknown: "SOR_UNKNOWN",
  sorInactive: Sor.sorUseProblemCodes.inactive,
} as const

/**
 * What pricing produces.
 *
 * @since 0.1.0
 * @category models
 */
export interface Priced {
  readonly lines: ReadonlyArray<EstimateLine.EstimateLine>
  readonly overheads: ReadonlyArray<OverheadLine>
  readonly totals: EstimateTotals
}

type SorInput = Extract<EstimateLine.LineInput, { readonly category: "sor" }>

type LineBase = Pick<
  EstimateLine.SorLine,
  "category" | "sorId" | "sorCode" | "description" | "unit" | "rate" | "rateDate" | "rateDefinedForQuantity"
>

type BaseResult = Result.Result<LineBase, FieldProblem>

const baseOf = (line: LineBase): BaseResult =>
  Result.succeed({
    category: line.category,
    sorId: line.sorId,
    sorCode: line.sorCode,
    description: line.description,
    unit: line.unit,
    rate: line.rate,
    rateDate: line.rateDate,
    rateDefinedForQuantity: line.rateDefinedForQuantity,
  })

const problemOf = (problem: FieldProblem): BaseResult => Result.fail(problem)

const carriedSorLine = (
  previous: Estimate | undefined,
  input: SorInput,
): EstimateLine.SorLine | undefined => {
  const line = previous?.lines.find((candidate) => candidate.id === input.previousLineId)
  return line !== undefined && EstimateLine.isSorLine(line) && line.sorId === input.sorId ? line : undefined
}

const sorLineBase = Effect.fn("Estimates.sorLineBase")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly input: SorInput
  readonly field: string
  readonly estimateDate: LocalDate
  readonly previous: Estimate | undefined
}) {
  const { configuration, input, field } = request
  const carried = carriedSorLine(request.previous, input)
  if (carried !== undefined) return baseOf(carried)
  // A ULB prices from its own schedule, else its state's (TEN-1).
  const found = yield* Effect.option(
    StateSchedule.sorOf({ tenantId: configuration.tenantId, sorId: input.sorId }),
  )
  if (Option.isNone(found)) {
    return problemOf({
      field: `${field}.sorId`,
      code: pricingProblemCodes.sorUnknown,
      message: `${input.sorId} is not an SOR of this tenant; choose an item from the schedule`,
    })
  }
  const sor = found.value
  if (!Sor.isActive(sor)) {
    return problemOf({
      field: `${field}.sorId`,
      code: pricingProblemCodes.sorInactive,
      message: `${sor.code} is inactive; choose an active item`,
    })
  }
  const rate = yield* StateSchedule.rateOn({
    tenantId: configuration.tenantId,
    sor,
    date: request.estimateDate,
  })
  return baseOf({
    category: "sor",
    sorId: sor.id,
    sorCode: sor.code,
    description: sor.description,
    unit: sor.unit,
    rate: SorRate.toRate(rate),
    rateDate: request.estimateDate,
    rateDefinedForQuantity: sor.rateDefinedForQuantity,
  })
})

const one = Quantity.makeUnsafe("1")

const priceLine = Effect.fn("Estimates.priceLine")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly input: EstimateLine.LineInput
  readonly field: string
  readonly estimateDate: LocalDate
  readonly previous: Estimate | undefined
}) {
  const { configuration, input, field } = request
  const scales = configuration.roundingScales
  const problems: Array<FieldProblem> = [...EstimateLine.lineInputProblems(input, field)]
  const base: BaseResult | undefined =
    input.category === "sor" ? yield* sorLineBase({ ...request, input }) : undefined
  if (base !== undefined && Result.isFailure(base)) problems.push(base.failure)
  const quantity = EstimateLine.quantityOf({ measurements: input.measurements, scales })
  if (Result.isFailure(quantity)) problems.push(...within(field, quantity.failure.problems))
  if (Result.isFailure(quantity) || problems.length > 0) return Result.fail(problems)
  const measured = {
    id: yield* EntityId.make,
    measurements: input.measurements,
    quantity: quantity.success,
    ...(input.previousLineId === undefined
      ? {}
      : { previousLineId: EntityId.makeUnsafe(input.previousLineId) }),
  }
  if (input.category === "nonSor") {
    const amount = EstimateLine.amountOf({
      rate: input.rate,
      quantity: quantity.success,
      rateDefinedForQuantity: one,
      scales,
    })
    const line: EstimateLine.NonSorLine = {
      category: "nonSor",
      description: input.description.trim(),
      unit: input.unit.trim(),
      rate: input.rate,
      ...measured,
      amount,
    }
    return Result.succeed<EstimateLine.EstimateLine>(line)
  }
  assert(base !== undefined && Result.isSuccess(base), "an SOR line without problems has its SOR and rate")
  const amount = EstimateLine.amountOf({
    rate: base.success.rate,
    quantity: quantity.success,
    rateDefinedForQuantity: base.success.rateDefinedForQuantity,
    scales,
  })
  const line: EstimateLine.SorLine = { ...base.success, ...measured, amount }
  return Result.succeed<EstimateLine.EstimateLine>(line)
})

/**
 * Prices a request's lines and overheads on the estimate date, or fails
 * with every problem at once (`VALIDATION_FAILED`), or `NO_RATE_FOR_DATE`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const price = Effect.fn("Estimates.price")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly lines: ReadonlyArray<EstimateLine.LineInput>
  readonly enteredOverheads: ReadonlyArray<EnteredOverhead>
  readonly estimateDate: LocalDate
  /** The version being revised, whose carried lines keep their unit rate (EST-7). */
  readonly previous?: Estimate
  /** Problems of the request's other fields, reported with the lines' (ERR-3). */
  readonly otherProblems?: ReadonlyArray<FieldProblem>
}) {
  const { configuration } = request
  const scale = configuration.roundingScales.estimateAmount
  const { overheads } = overheadsEffectiveOn(configuration, request.estimateDate)
  const problems: Array<FieldProblem> = [
    ...(request.otherProblems ?? []),
    ...enteredProblems({ overheads, entered: request.enteredOverheads, scale }),
  ]
  if (request.lines.length > linesMax) {
    problems.push({
      field: "lines",
      code: pricingProblemCodes.linesTooMany,
      message: `an estimate holds at most ${linesMax} lines`,
      limit: String(linesMax),
    })
  }
  const lines: Array<EstimateLine.EstimateLine> = []
  for (const [index, input] of request.lines.slice(0, linesMax).entries()) {
    const priced = yield* priceLine({
      configuration,
      input,
      field: `lines[${index}]`,
      estimateDate: request.estimateDate,
      previous: request.previous,
    })
    if (Result.isSuccess(priced)) lines.push(priced.success)
    else problems.push(...priced.failure)
  }
  yield* failOnProblems("estimate", problems)
  const base = totalsOf({ lines, overheads: [], scale }).lineAmount
  const overheadList = overheadLines({ overheads, base, entered: request.enteredOverheads, scale })
  const priced: Priced = {
    lines,
    overheads: overheadList,
    totals: totalsOf({ lines, overheads: overheadList, scale }),
  }
  return priced
})
