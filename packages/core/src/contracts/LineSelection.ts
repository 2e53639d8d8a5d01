/**
 * Choosing the estimate lines a work order is made of (WO-1, WO-2): every
 * line of an estimate, or a chosen subset, from one or several approved
 * estimates of one project. Overhead lines are carried only when their
 * overhead is work-order value: with every line chosen the others are left
 * out; naming one explicitly is a problem to correct.
 *
 * Decisions where the spec is silent: the estimates combined in one order
 * must belong to the same project (an order, its closure and its time
 * extensions are per project); an order needs at least one SOR or NON-SOR
 * line (overheads alone measure nothing).
 *
 * @since 0.1.0
 */
import type { FieldProblem } from "../errors/FieldProblem.js"
import type { ApprovedEstimate } from "./ApprovedEstimates.js"
import type { WorkOrderLine, WorkOrderOverhead } from "./WorkOrder.js"

/**
 * Which lines of one estimate to take: `lineIds` absent means every line
 * (SOR, NON-SOR and work-order-value overheads).
 *
 * @since 0.1.0
 * @category models
 */
export interface EstimateChoice {
  readonly estimateId: string
  readonly lineIds?: ReadonlyArray<string> | undefined
}

/**
 * Problem code: a chosen line is not a line of the estimate.
 *
 * @since 0.1.0
 * @category errors
 */
export const lineNotInEstimateCode = "LINE_NOT_IN_ESTIMATE"

/**
 * Problem code: a line is chosen twice.
 *
 * @since 0.1.0
 * @category errors
 */
export const lineChosenTwiceCode = "LINE_CHOSEN_TWICE"

/**
 * Problem code: a chosen overhead line is not work-order value (WO-2).
 *
 * @since 0.1.0
 * @category errors
 */
export const overheadNotWorkOrderValueCode = "OVERHEAD_NOT_WORK_ORDER_VALUE"

/**
 * Problem code: no SOR or NON-SOR line is chosen.
 *
 * @since 0.1.0
 * @category errors
 */
export const linesNoneChosenCode = "LINES_NONE_CHOSEN"

/**
 * Problem code: an estimate is chosen twice.
 *
 * @since 0.1.0
 * @category errors
 */
export const estimateChosenTwiceCode = "ESTIMATE_CHOSEN_TWICE"

/**
 * Problem code: the estimates combined belong to different projects.
 *
 * @since 0.1.0
 * @category errors
 */
export const estimateOfOtherProjectCode = "ESTIMATE_OF_OTHER_PROJECT"

/**
 * The lines and overheads taken, and the problems found.
 *
 * @since 0.1.0
 * @category models
 */
export interface Selection {
  readonly lines: ReadonlyArray<WorkOrderLine>
  readonly overheads: ReadonlyArray<WorkOrderOverhead>
  readonly problems: ReadonlyArray<FieldProblem>
}

const lineOf = (estimate: ApprovedEstimate, line: ApprovedEstimate["lines"][number]): WorkOrderLine => ({
  estimateId: estimate.estimateId,
  lineId: line.lineId,
  category: line.category,
  ...(line.sorCode === undefined ? {} : { sorCode: line.sorCode }),
  description: line.description,
  unit: line.unit,
  quantity: line.quantity,
  rate: line.rate,
  amount: line.amount,
  rateDate: estimate.rateDate,
})

const overheadOf = (
  estimate: ApprovedEstimate,
  overhead: ApprovedEstimate["overheads"][number],
): WorkOrderOverhead => ({
  estimateId: estimate.estimateId,
  lineId: overhead.lineId,
  code: overhead.code,
  description: overhead.description,
  amount: overhead.amount,
})

const everyLine = (estimate: ApprovedEstimate): Selection => ({
  lines: estimate.lines.map((line) => lineOf(estimate, line)),
  overheads: estimate.overheads
    .filter((overhead) => overhead.isWorkOrderValue)
    .map((overhead) => overheadOf(estimate, overhead)),
  problems: [],
})

const chosenLine = (
  estimate: ApprovedEstimate,
  lineId: string,
  field: string,
): {
  readonly line?: WorkOrderLine
  readonly overhead?: WorkOrderOverhead
  readonly problem?: FieldProblem
} => {
  const line = estimate.lines.find((candidate) => candidate.lineId === lineId)
  if (line !== undefined) return { line: lineOf(estimate, line) }
  const overhead = estimate.overheads.find((candidate) => candidate.lineId === lineId)
  if (overhead === undefined) {
    const message = `line ${lineId} is not a line of estimate ${estimate.estimateNumber}`
    return { problem: { field, code: lineNotInEstimateCode, message } }
  }
  if (!overhead.isWorkOrderValue) {
    const message = `overhead ${overhead.code} of estimate ${estimate.estimateNumber} is not work-order value, so it is not carried into a work order; remove it`
    return { problem: { field, code: overheadNotWorkOrderValueCode, message } }
  }
  return { overhead: overheadOf(estimate, overhead) }
}

/**
 * The lines chosen from one estimate, with problems under `field`
 * (`estimates[0]`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const selectLines = (estimate: ApprovedEstimate, choice: EstimateChoice, field: string): Selection => {
  if (choice.lineIds === undefined) return everyLine(estimate)
  const lines: Array<WorkOrderLine> = []
  const overheads: Array<WorkOrderOverhead> = []
  const problems: Array<FieldProblem> = []
  choice.lineIds.forEach((lineId, index) => {
    const lineField = `${field}.lineIds[${index}]`
    if (choice.lineIds?.indexOf(lineId) !== index) {
      const message = `line ${lineId} is chosen more than once`
      problems.push({ field: lineField, code: lineChosenTwiceCode, message })
      return
    }
    const chosen = chosenLine(estimate, lineId, lineField)
    if (chosen.line !== undefined) lines.push(chosen.line)
    if (chosen.overhead !== undefined) overheads.push(chosen.overhead)
    if (chosen.problem !== undefined) problems.push(chosen.problem)
  })
  return { lines, overheads, problems }
}

const projectProblems = (estimates: ReadonlyArray<ApprovedEstimate>): ReadonlyArray<FieldProblem> =>
  estimates.flatMap((estimate, index) =>
    index > 0 && estimate.projectId !== estimates[0]?.projectId
      ? [
          {
            field: `estimates[${index}].estimateId`,
            code: estimateOfOtherProjectCode,
            message: `estimate ${estimate.estimateNumber} belongs to project ${estimate.projectId}, not ${estimates[0]?.projectId}; a work order combines estimates of one project`,
          },
        ]
      : [],
  )

const repeatProblems = (choices: ReadonlyArray<EstimateChoice>): ReadonlyArray<FieldProblem> =>
  choices.flatMap((choice, index) =>
    choices.findIndex((other) => other.estimateId === choice.estimateId) === index
      ? []
      : [
          {
            field: `estimates[${index}].estimateId`,
            code: estimateChosenTwiceCode,
            message: `estimate ${choice.estimateId} is chosen more than once; choose its lines in one entry`,
          },
        ],
  )

/**
 * The lines chosen from every estimate (each paired with its choice, in the
 * request's order), with every problem of the choice.
 *
 * @since 0.1.0
 * @category constructors
 */
export const selectFromEstimates = (
  chosen: ReadonlyArray<{ readonly estimate: ApprovedEstimate; readonly choice: EstimateChoice }>,
): Selection => {
  const selections = chosen.map(({ estimate, choice }, index) =>
    selectLines(estimate, choice, `estimates[${index}]`),
  )
  const lines = selections.flatMap((selection) => selection.lines)
  const problems = [
    ...repeatProblems(chosen.map(({ choice }) => choice)),
    ...projectProblems(chosen.map(({ estimate }) => estimate)),
    ...selections.flatMap((selection) => selection.problems),
  ]
  if (lines.length === 0) {
    const message = "choose at least one SOR or NON-SOR line from an approved estimate"
    problems.push({ field: "estimates", code: linesNoneChosenCode, message })
  }
  return { lines, overheads: selections.flatMap((selection) => selection.overheads), problems }
}
