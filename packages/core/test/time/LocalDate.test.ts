import { describe, expect, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Time } from "@karya/core"
import { DateTime } from "effect"

const { LocalDate, TimeZone } = Time

const localDateArbitrary = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-12-31T00:00:00Z"), noInvalidDate: true })
  .map((instant) => LocalDate.makeUnsafe(instant.toISOString().slice(0, 10)))

describe("LocalDate", () => {
  it("TIME-1: an instant's local date is taken in the tenant's zone, not UTC", () => {
    const instant = DateTime.makeUnsafe("2024-03-31T19:00:00Z")
    expect(LocalDate.fromInstant(instant, TimeZone.india)).toBe("2024-04-01")
    expect(LocalDate.fromInstant(instant, TimeZone.makeUnsafe("UTC"))).toBe("2024-03-31")
  })

  it("TIME-3: a date starts at 00:00:00.000 and ends at 23:59:59.999 local", () => {
    const date = LocalDate.makeUnsafe("2024-04-01")
    expect(DateTime.formatIso(LocalDate.startInstant(date, TimeZone.india))).toBe("2024-03-31T18:30:00.000Z")
    expect(DateTime.formatIso(LocalDate.endInstant(date, TimeZone.india))).toBe("2024-04-01T18:29:59.999Z")
  })

  it("refuses impossible dates", () => {
    expect(() => LocalDate.makeUnsafe("2023-02-29")).toThrow(/not a calendar date/)
    expect(LocalDate.makeUnsafe("2024-02-29")).toBe("2024-02-29")
  })

  test.prop([localDateArbitrary, fc.integer({ min: -20000, max: 20000 })])(
    "TIME-5: adding n local days then subtracting n returns the same date",
    (date, days) => {
      const moved = LocalDate.addDays(date, days)
      expect(LocalDate.addDays(moved, -days)).toBe(date)
      expect(LocalDate.daysBetween({ from: date, to: moved })).toBe(days)
    },
  )

  it("TIME-5: day arithmetic is the same in a daylight-saving zone", () => {
    const date = LocalDate.makeUnsafe("2024-03-09")
    expect(LocalDate.addDays(date, 2)).toBe("2024-03-11")
    const newYork = TimeZone.makeUnsafe("America/New_York")
    expect(LocalDate.fromInstant(LocalDate.startInstant(LocalDate.addDays(date, 1), newYork), newYork)).toBe(
      "2024-03-10",
    )
  })
})
