/**
 * The event of an approved muster roll (MR-5 → BILL-W-1): everything a wage
 * bill needs, as plain data, so the bills module can consume it without
 * reading the attendance store: the muster roll, its work order, register
 * and CBO, the week, and per attendee the wage seeker, the skill (labour SOR
 * code; its effective rate on `period.firstDate` is the daily wage,
 * BILL-W-2) and the effective attendance (MR-4) as an exact quantity.
 *
 * Every row of the muster roll is listed, including those with effective
 * attendance 0: the wage bill keeps only attendees above 0 and makes no bill
 * when all are 0 (BILL-W-1). Each attendee has a skill, because approval
 * requires one (MR-3).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { assert } from "../internal/assert.js"
import * as Quantity from "../money/Quantity.js"
import { SkillCode } from "../registries/LabourSkills.js"
import * as Week from "../time/Week.js"
import * as MusterRoll from "./MusterRoll.js"

/**
 * One attendee of an approved muster roll.
 *
 * @since 0.1.0
 * @category models
 */
export const ApprovedAttendee = Schema.Struct({
  wageSeekerId: Schema.String,
  skillCode: SkillCode,
  /** Modified total if set, else actual (MR-4); 0 to 7 in steps of 0.5. */
  effectiveAttendance: Quantity.Quantity,
  actualAttendance: Quantity.Quantity,
})

/**
 * @since 0.1.0
 * @category models
 */
export type ApprovedAttendee = typeof ApprovedAttendee.Type

/**
 * The `MusterRollApproved` event (MR-5).
 *
 * @since 0.1.0
 * @category models
 */
export const MusterRollApproved = Schema.Struct({
  type: Schema.Literal("MusterRollApproved"),
  tenantId: TenantId,
  musterRollId: Schema.String,
  musterRollNumber: Schema.String,
  workOrderId: Schema.String,
  registerId: Schema.String,
  registerNumber: Schema.String,
  /** The CBO that executes the work order. */
  organisationId: Schema.String,
  /** The week, Monday to Sunday. */
  period: Week.Week,
  approvedAt: Schema.DateTimeUtc,
  approvedBy: Schema.String,
  attendees: Schema.Array(ApprovedAttendee),
  /** Σ effective attendance (MR-6). */
  personDays: Quantity.Quantity,
})

/**
 * @since 0.1.0
 * @category models
 */
export type MusterRollApproved = typeof MusterRollApproved.Type

/**
 * The event of a muster roll just approved. Every row must have a skill
 * (checked before approval, MR-3); a row without one here is a defect.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromMusterRoll = (
  musterRoll: MusterRoll.MusterRoll,
  approval: { readonly approvedAt: MusterRollApproved["approvedAt"]; readonly approvedBy: string },
): MusterRollApproved => ({
  type: "MusterRollApproved",
  tenantId: musterRoll.tenantId,
  musterRollId: musterRoll.id,
  musterRollNumber: musterRoll.number,
  workOrderId: musterRoll.workOrderId,
  registerId: musterRoll.registerId,
  registerNumber: musterRoll.registerNumber,
  organisationId: musterRoll.organisationId,
  period: { firstDate: musterRoll.week.firstDate, lastDate: musterRoll.week.lastDate },
  approvedAt: approval.approvedAt,
  approvedBy: approval.approvedBy,
  attendees: musterRoll.rows.map((row) => {
    assert(row.skillCode !== undefined, "an approved muster roll's rows all have a skill")
    return {
      wageSeekerId: row.wageSeekerId,
      skillCode: row.skillCode,
      effectiveAttendance: MusterRoll.effectiveAttendance(row),
      actualAttendance: row.actualAttendance,
    }
  }),
  personDays: MusterRoll.personDays(musterRoll),
})
