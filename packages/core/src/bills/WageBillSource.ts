/**
 * What wage-bill generation reads from an approved muster roll (MR-5,
 * BILL-W-1): the muster roll's id and number, its work order, its week, and
 * each attendee's wage seeker id, skill (a labour SOR code) and effective
 * attendance (MR-4). `fromMusterRollApproved` maps the attendance module's
 * `MusterRollApproved` event onto it.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { MusterRollApproved } from "../attendance/MusterRollApproved.js"
import { TenantId } from "../config/TenantId.js"
import * as Quantity from "../money/Quantity.js"
import { BillPeriod } from "./Bill.js"

/**
 * Most attendees one muster roll may carry: far more than any register
 * (MUKTA registers hold tens of wage seekers), small enough that one bill
 * and its payment instruction stay within one JIT request.
 *
 * @since 0.1.0
 * @category models
 */
export const attendeesMax = 1000

/**
 * One attendee of the approved muster roll.
 *
 * @since 0.1.0
 * @category models
 */
export const WageBillAttendee = Schema.Struct({
  wageSeekerId: Schema.NonEmptyString,
  /** The labour SOR code of the attendee's skill (MR-3, SOR-4). */
  skillCode: Schema.NonEmptyString,
  /** Modified total if the verifier set one, else actual (MR-4), in days. */
  effectiveAttendance: Quantity.Quantity,
})

/**
 * @since 0.1.0
 * @category models
 */
export type WageBillAttendee = typeof WageBillAttendee.Type

/**
 * An approved muster roll, as wage-bill generation reads it.
 *
 * @since 0.1.0
 * @category models
 */
export const WageBillSource = Schema.Struct({
  tenantId: TenantId,
  musterRollId: Schema.NonEmptyString,
  /** `MR/2024-25/000030` (ID-2). */
  musterRollNumber: Schema.NonEmptyString,
  workOrderId: Schema.NonEmptyString,
  /** The muster roll's week, Monday to Sunday (MR-1). */
  period: BillPeriod,
  attendees: Schema.Array(WageBillAttendee).check(
    Schema.isMaxLength(attendeesMax, { message: `a muster roll lists at most ${attendeesMax} attendees` }),
  ),
})

/**
 * @since 0.1.0
 * @category models
 */
export type WageBillSource = typeof WageBillSource.Type

/**
 * The wage-bill source of an approved muster roll (MR-5 → BILL-W-1): the
 * muster roll, its work order, its week as the bill period and every
 * attendee with their skill and effective attendance, zeros included (the
 * wage bill leaves them out). Pure: it reads nothing else.
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromMusterRollApproved = (event: MusterRollApproved): WageBillSource => ({
  tenantId: event.tenantId,
  musterRollId: event.musterRollId,
  musterRollNumber: event.musterRollNumber,
  workOrderId: event.workOrderId,
  period: { startDate: event.period.firstDate, endDate: event.period.lastDate },
  attendees: event.attendees.map((attendee) => ({
    wageSeekerId: attendee.wageSeekerId,
    skillCode: attendee.skillCode,
    effectiveAttendance: attendee.effectiveAttendance,
  })),
})
