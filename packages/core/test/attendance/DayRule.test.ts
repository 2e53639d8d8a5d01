import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Attendance, Config, Money, Time } from "@karya/core"
import { instantArbitrary, timeZoneArbitrary } from "@karya/core/testing"
import { DateTime, Result } from "effect"

const { DayRule } = Attendance

const mukta = Config.TenantConfiguration.mukta({ tenantId: "od.dhenkanal", cityCode: "DK" }).attendanceDayRule
const digitLoaded = Config.TenantConfiguration.load({
  tenantId: "od.dhenkanal",
  cityCode: "DK",
  attendanceDayRule: { fullDayHours: 8, halfDayHours: 4, roundOff: true, hourResolution: "clock-hour" },
})
const digit = Result.getOrThrow(digitLoaded).attendanceDayRule
const india = Time.TimeZone.india

const at = (time: string, date = "2024-06-10") => {
  const [hours = 0, minutes = 0] = time.split(":").map(Number)
  const start = DateTime.toEpochMillis(Time.LocalDate.startInstant(Time.LocalDate.makeUnsafe(date), india))
  return DateTime.makeUnsafe(start + (hours * 60 + minutes) * 60_000)
}

const dayValueText = (rule: Attendance.DayRule.DayRule, entry: string, exit: string): string =>
  Money.Quantity.toCanonicalString(
    DayRule.dayValue({ firstEntry: at(entry), lastExit: at(exit) }, { rule, timeZone: india }),
  )

describe("DayRule", () => {
  it("ATT-5: MUKTA (full day 8 hours, minute resolution): 09:00–18:00 → 1, 09:00–14:00 → 0.5, 09:00–09:00 → 0", () => {
    assert.deepStrictEqual(mukta, {
      fullDayHours: 8,
      halfDayHours: 4,
      roundOff: false,
      hourResolution: "minute",
    })
    assert.strictEqual(dayValueText(mukta, "09:00", "18:00"), "1")
    assert.strictEqual(dayValueText(mukta, "09:00", "14:00"), "0.5")
    assert.strictEqual(dayValueText(mukta, "09:00", "09:00"), "0")
    assert.strictEqual(dayValueText(mukta, "09:00", "17:00"), "1", "exactly the full-day hours count 1")
    assert.strictEqual(dayValueText(mukta, "09:00", "16:59"), "0.5")
    assert.strictEqual(dayValueText(mukta, "09:00", "09:01"), "0.5")
    assert.strictEqual(dayValueText(mukta, "14:00", "09:00"), "0", "an exit before the entry counts 0")
  })

  it("ATT-5: DIGIT's sample settings (half day 4, round off, clock hours): 09:00–13:00 → 0.5, 09:00–11:00 → 0.5, 09:00–15:00 → 1", () => {
    assert.strictEqual(dayValueText(digit, "09:00", "13:00"), "0.5")
    assert.strictEqual(dayValueText(digit, "09:00", "11:00"), "0.5")
    assert.strictEqual(dayValueText(digit, "09:00", "15:00"), "1")
    assert.strictEqual(dayValueText(digit, "09:00", "09:00"), "0")
    assert.strictEqual(dayValueText(digit, "09:59", "14:00"), "1", "clock hours: 14 − 9 = 5 > 4")
    assert.strictEqual(dayValueText(digit, "09:00", "13:59"), "0.5", "clock hours: 13 − 9 = 4, not above 4")
    assert.strictEqual(dayValueText(digit, "09:10", "09:50"), "0.5", "same clock hour, exit after entry")
  })

  it("ATT-5: a missing entry or exit counts 0", () => {
    for (const rule of [mukta, digit]) {
      const options = { rule, timeZone: india }
      assert.isTrue(
        Money.Quantity.isZero(DayRule.dayValue({ firstEntry: at("09:00"), lastExit: undefined }, options)),
      )
      assert.isTrue(
        Money.Quantity.isZero(DayRule.dayValue({ firstEntry: undefined, lastExit: at("18:00") }, options)),
      )
      assert.isTrue(
        Money.Quantity.isZero(DayRule.dayValue({ firstEntry: undefined, lastExit: undefined }, options)),
      )
    }
  })

  it("ATT-5: worked minutes are whole: minutes elapsed, or whole clock hours in the tenant's zone", () => {
    const entry = at("09:00")
    const exit = DateTime.makeUnsafe(DateTime.toEpochMillis(at("17:59")) + 59_999)
    assert.strictEqual(DayRule.workedMinutes({ entry, exit, hourResolution: "minute", timeZone: india }), 539)
    assert.strictEqual(
      DayRule.workedMinutes({ entry, exit, hourResolution: "clock-hour", timeZone: india }),
      480,
    )
    const utc = Time.TimeZone.makeUnsafe("UTC")
    assert.strictEqual(
      DayRule.workedMinutes({
        entry: at("09:00"),
        exit: at("09:30"),
        hourResolution: "clock-hour",
        timeZone: utc,
      }),
      60,
      "09:00 and 09:30 in India are 03:30 and 04:00 UTC: different clock hours there",
    )
  })

  const ruleArbitrary = fc.oneof(
    fc.constant(mukta),
    fc.constant(digit),
    fc.record({
      fullDayHours: fc.integer({ min: 2, max: 12 }),
      halfDayHours: fc.integer({ min: 1, max: 1 }),
      roundOff: fc.boolean(),
      hourResolution: fc.constantFrom<"minute" | "clock-hour">("minute", "clock-hour"),
    }),
  )

  test.prop([ruleArbitrary, instantArbitrary, fc.integer({ min: -600, max: 1440 }), timeZoneArbitrary])(
    "ATT-5: every day value is 0, 0.5 or 1, and 0 exactly when the exit is not after the entry",
    (rule, entry, minutes, timeZone) => {
      const exit = DateTime.makeUnsafe(DateTime.toEpochMillis(entry) + minutes * 60_000)
      const value = Money.Quantity.toCanonicalString(
        DayRule.dayValue({ firstEntry: entry, lastExit: exit }, { rule, timeZone }),
      )
      assert.include(["0", "0.5", "1"], value)
      assert.strictEqual(value === "0", minutes <= 0)
    },
  )

  test.prop([instantArbitrary, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 })])(
    "ATT-5: working longer never lowers the day value (minute resolution)",
    (entry, shorter, extra) => {
      const options = { rule: mukta, timeZone: india }
      const exitAfter = (minutes: number) =>
        DateTime.makeUnsafe(DateTime.toEpochMillis(entry) + minutes * 60_000)
      const short = DayRule.dayValue({ firstEntry: entry, lastExit: exitAfter(shorter) }, options)
      const long = DayRule.dayValue({ firstEntry: entry, lastExit: exitAfter(shorter + extra) }, options)
      assert.isFalse(Money.Quantity.isLessThan(long, short))
      assert.strictEqual(Money.Quantity.toCanonicalString(short), shorter >= 480 ? "1" : "0.5")
    },
  )
})
