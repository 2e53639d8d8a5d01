/**
 * The event of a bill's approval (BILL-4 → PI-1): it carries the approved
 * bill whole (every detail with its payee id and kind, gross, net and lines,
 * each deduction line with the department payee it is remitted to) and the
 * deductions gathered per head and department, so the payments module can
 * build the bill's payment instruction from this value alone (PI-2: one
 * beneficiary per payable detail and one department beneficiary per
 * deduction head). Use cases return it; the caller hands it to payments in
 * the transaction that stores the bill (or writes it to an outbox).
 *
 * @since 0.1.0
 */
import { type DateTime, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { assert } from "../internal/assert.js"
import * as Amount from "../money/Amount.js"
import * as Bill from "./Bill.js"

/**
 * One deduction head of the bill, summed over its details, with the
 * department it is paid to.
 *
 * @since 0.1.0
 * @category models
 */
export const DepartmentDeduction = Schema.Struct({
  headCode: Schema.NonEmptyString,
  department: Bill.Payee,
  amount: Amount.Amount,
})

/**
 * A bill was approved and is now payable.
 *
 * @since 0.1.0
 * @category models
 */
export const BillApproved = Schema.Struct({
  type: Schema.Literal("BillApproved"),
  tenantId: TenantId,
  billId: Schema.String,
  billNumber: Schema.String,
  approvedAt: Schema.DateTimeUtc,
  bill: Bill.Bill,
  departmentDeductions: Schema.Array(DepartmentDeduction),
})

/**
 * @since 0.1.0
 * @category models
 */
export type BillApproved = typeof BillApproved.Type

/**
 * The event of an approved bill. Only an approved bill has one.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromBill = (bill: Bill.Bill, approvedAt: DateTime.Utc): BillApproved => {
  assert(Bill.isApproved(bill), "only an approved bill emits BillApproved")
  return {
    type: "BillApproved",
    tenantId: bill.tenantId,
    billId: bill.id,
    billNumber: bill.number,
    approvedAt,
    bill,
    departmentDeductions: Bill.departmentDeductions(bill),
  }
}
