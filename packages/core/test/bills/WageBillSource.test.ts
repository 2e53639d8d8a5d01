/**
 * The wage-bill source of an approved muster roll: `fromMusterRollApproved`
 * maps the attendance module's `MusterRollApproved` event onto what wage-bill
 * generation reads (MR-5 → BILL-W-1), by example and by properties.
 */
import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { type Attendance, Bills, Money, Time } from "@karya/core"
import { localDateArbitrary } from "@karya/core/testing"
import { DateTime, Schema } from "effect"
import { date, quantity, skilled, tenantId, unskilled } from "./BillsFixtures.js"

const { WageBillSource } = Bills
const days = Money.Quantity.toCanonicalString

const event = (
  attendees: Attendance.MusterRollApproved.MusterRollApproved["attendees"],
  weekStart = date("2024-06-03"),
): Attendance.MusterRollApproved.MusterRollApproved => ({
  type: "MusterRollApproved",
  tenantId,
  musterRollId: "mr-1",
  musterRollNumber: "MR/2024-25/000030",
  workOrderId: "wo-ia",
  registerId: "register-1",
  registerNumber: "WR/2024-25/000004",
  organisationId: "org-cbo",
  period: Time.Week.weekOf(weekStart),
  approvedAt: DateTime.makeUnsafe("2024-06-10T06:30:00.000Z"),
  approvedBy: "approver",
  attendees,
  personDays: Money.Quantity.sum(attendees.map((attendee) => attendee.effectiveAttendance)),
})

const attendee = (wageSeekerId: string, skillCode: string, effective: string, actual = effective) => ({
  wageSeekerId,
  skillCode,
  effectiveAttendance: quantity(effective),
  actualAttendance: quantity(actual),
})

// Effective attendance is 0 to 7 days in steps of half a day (MR-4).
const halfDays = fc.integer({ min: 0, max: 14 }).map((count) => quantity(String(count / 2)))

const attendeesArbitrary = fc.uniqueArray(
  fc.record({
    wageSeekerId: fc.uuid(),
    skillCode: fc.constantFrom(unskilled, skilled),
    effectiveAttendance: halfDays,
    actualAttendance: halfDays,
  }),
  { selector: (row) => row.wageSeekerId, maxLength: 40 },
)

describe("WageBillSource", () => {
  it("MR-5 / BILL-W-1: the approved muster roll's week, work order and every attendee's skill and effective attendance carry over", () => {
    const source = WageBillSource.fromMusterRollApproved(
      event([
        attendee("ws-1", unskilled, "5.5"),
        attendee("ws-2", skilled, "4.5", "0"),
        attendee("ws-3", unskilled, "0"),
      ]),
    )
    assert.deepStrictEqual(Schema.encodeSync(WageBillSource.WageBillSource)(source), {
      tenantId: "od.dhenkanal",
      musterRollId: "mr-1",
      musterRollNumber: "MR/2024-25/000030",
      workOrderId: "wo-ia",
      period: { startDate: "2024-06-03", endDate: "2024-06-09" },
      attendees: [
        { wageSeekerId: "ws-1", skillCode: unskilled, effectiveAttendance: "5.5" },
        { wageSeekerId: "ws-2", skillCode: skilled, effectiveAttendance: "4.5" },
        { wageSeekerId: "ws-3", skillCode: unskilled, effectiveAttendance: "0" },
      ],
    })
  })

  test.prop([attendeesArbitrary, localDateArbitrary({ min: date("2020-01-01"), max: date("2030-12-31") })])(
    "MR-4 / MR-6 / BILL-W-1: the source lists every attendee in order with the effective (never the actual) attendance, its period is the week, and it decodes",
    (attendees, day) => {
      const approved = event(attendees, Time.Week.weekOf(day).firstDate)
      const source = WageBillSource.fromMusterRollApproved(approved)
      assert.isTrue(Schema.is(WageBillSource.WageBillSource)(source))
      assert.deepStrictEqual(source.period, {
        startDate: approved.period.firstDate,
        endDate: approved.period.lastDate,
      })
      assert.strictEqual(Time.LocalDate.dayOfWeek(source.period.startDate), 1)
      assert.deepStrictEqual(
        source.attendees.map((row) => [row.wageSeekerId, row.skillCode, days(row.effectiveAttendance)]),
        attendees.map((row) => [row.wageSeekerId, row.skillCode, days(row.effectiveAttendance)]),
      )
      const sourceDays = Money.Quantity.sum(source.attendees.map((row) => row.effectiveAttendance))
      assert.strictEqual(days(sourceDays), days(approved.personDays))
    },
  )
})
