/**
 * PI-1's refusal: a bill already has an original PI that is not Rejected.
 * The PI store's `originalOfBill` rule raises it when a second original PI
 * of a bill is stored (the loser of a race learns the holder's number), and
 * `PaymentInstructionIssue.createFromBill` raises it, with the holder's
 * status, when it finds one first.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { PiStatus } from "./PaymentInstruction.js"

/**
 * PI-1: the bill already has an original PI that is not Rejected.
 *
 * @since 0.1.0
 * @category errors
 */
export class PiExists extends Schema.TaggedError<PiExists>("@karya/core/payments/PiExists")("PiExists", {
  billNumber: Schema.String,
  paymentInstructionNumber: Schema.String,
  /** The holder's status, when the refusal read it. */
  status: Schema.optional(PiStatus),
}) {
  static readonly code = "PI_EXISTS"
  static readonly category = "conflict"
  readonly code = PiExists.code
  readonly category = PiExists.category
  readonly retryable = false
  override get message(): string {
    const status = this.status === undefined ? "" : ` (${this.status})`
    return `Bill ${this.billNumber} already has payment instruction ${this.paymentInstructionNumber}${status}; a new one can be raised only after JIT rejects it.`
  }
}
