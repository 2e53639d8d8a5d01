/**
 * The work-order amount (WO-3): Σ of the chosen SOR and NON-SOR lines'
 * amounts plus the work-order-value overheads carried, rounded half away
 * from zero to the rupee. When every line of an estimate is chosen this is
 * the estimate's work-order value (EST-5). With a negotiation (WO-9) the sum
 * is of the negotiated values, rounded the same way.
 *
 * Without a negotiation the amount never exceeds the estimates' total
 * (EST-4) rounded to the rupee: the chosen lines and carried overheads are a
 * part of that total, and rounding is monotone.
 *
 * @since 0.1.0
 */
import * as Amount from "../money/Amount.js"
import * as Rounding from "../money/Rounding.js"
import type { Scale } from "../money/Scale.js"
import type { ApprovedEstimate } from "./ApprovedEstimates.js"
import { type Negotiation, negotiatedTotal } from "./Negotiation.js"
import type { WorkOrderLine, WorkOrderOverhead } from "./WorkOrder.js"

/**
 * Decimal places of a work-order amount: whole rupees, as WO-3 and EST-5
 * state (not a tenant scale: the rule names the rupee).
 *
 * @since 0.1.0
 * @category models
 */
export const workOrderAmountScale: Scale = 0

/**
 * The amount of a work order's lines and overheads (WO-3), negotiated when a
 * negotiation is given (WO-9), rounded to the rupee.
 *
 * @since 0.1.0
 * @category math
 */
export const amountOf = (contract: {
  readonly lines: ReadonlyArray<Pick<WorkOrderLine, "lineId" | "amount">>
  readonly overheads: ReadonlyArray<Pick<WorkOrderOverhead, "lineId" | "amount">>
  readonly negotiation?: Negotiation | undefined
}): Amount.Amount =>
  Rounding.round(negotiatedTotal([...contract.lines, ...contract.overheads], contract.negotiation), {
    scale: workOrderAmountScale,
    mode: "halfAwayFromZero",
  })

/**
 * An estimate's total (EST-4): Σ SOR, NON-SOR and overhead amounts, exact.
 *
 * @since 0.1.0
 * @category math
 */
export const estimateTotal = (estimate: Pick<ApprovedEstimate, "lines" | "overheads">): Amount.Amount =>
  Amount.add(
    Amount.sum(estimate.lines.map((line) => line.amount)),
    Amount.sum(estimate.overheads.map((overhead) => overhead.amount)),
  )
