import { describe, expect, it } from "@effect/vitest"
import { test } from "@fast-check/vitest"
import { Time } from "@karya/core"
import { localDateArbitrary } from "@karya/core/testing"
import { Schema } from "effect"

const { LocalDate, Week } = Time

const date = LocalDate.makeUnsafe

describe("Week", () => {
  it("TIME-4: the week of a Wednesday runs from the Monday before to the Sunday after", () => {
    expect(Week.weekOf(date("2024-04-03"))).toEqual({ firstDate: "2024-04-01", lastDate: "2024-04-07" })
    expect(Week.weekOf(date("2024-04-01"))).toEqual({ firstDate: "2024-04-01", lastDate: "2024-04-07" })
    expect(Week.weekOf(date("2024-04-07"))).toEqual({ firstDate: "2024-04-01", lastDate: "2024-04-07" })
    expect(Week.weekOf(date("2024-12-31"))).toEqual({ firstDate: "2024-12-30", lastDate: "2025-01-05" })
    expect(Week.isMonday(date("2024-04-01"))).toBe(true)
    expect(Week.isMonday(date("2024-04-07"))).toBe(false)
  })

  it("TIME-4: a week lists its seven dates Monday first", () => {
    expect(Week.datesOf(Week.weekOf(date("2024-02-28")))).toEqual([
      "2024-02-26",
      "2024-02-27",
      "2024-02-28",
      "2024-02-29",
      "2024-03-01",
      "2024-03-02",
      "2024-03-03",
    ])
  })

  it("TIME-4: decoding refuses a week that does not start on Monday or end on the Sunday after", () => {
    const decode = Schema.decodeUnknownExit(Week.Week)
    expect(decode({ firstDate: "2024-04-01", lastDate: "2024-04-07" })._tag).toBe("Success")
    expect(String(decode({ firstDate: "2024-04-02", lastDate: "2024-04-08" }))).toMatch(/not a Monday/)
    expect(String(decode({ firstDate: "2024-04-01", lastDate: "2024-04-08" }))).toMatch(
      /ends on Sunday 2024-04-07/,
    )
  })

  test.prop([localDateArbitrary()])(
    "TIME-4: every date lies in its week, which starts on a Monday and ends on a Sunday",
    (day) => {
      const week = Week.weekOf(day)
      expect(LocalDate.dayOfWeek(week.firstDate)).toBe(1)
      expect(LocalDate.dayOfWeek(week.lastDate)).toBe(7)
      expect(Week.containsDate(week, day)).toBe(true)
      expect(Week.datesOf(week)).toContain(day)
      expect(LocalDate.daysBetween({ from: week.firstDate, to: week.lastDate })).toBe(6)
      expect(Schema.is(Week.Week)(week)).toBe(true)
    },
  )

  test.prop([localDateArbitrary()])("TIME-4: next and previous weeks are adjacent and inverse", (day) => {
    const week = Week.weekOf(day)
    expect(Week.next(week).firstDate).toBe(LocalDate.addDays(week.lastDate, 1))
    expect(Week.previous(week).lastDate).toBe(LocalDate.addDays(week.firstDate, -1))
    expect(Week.previous(Week.next(week))).toEqual(week)
    expect(Week.containsDate(Week.next(week), day)).toBe(false)
  })
})
