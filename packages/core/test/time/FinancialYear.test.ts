import { describe, expect, it } from "@effect/vitest"
import { test } from "@fast-check/vitest"
import { Time } from "@karya/core"
import {
  financialYearArbitrary,
  instantArbitrary,
  instantNearFinancialYearStartArbitrary,
  localDateArbitrary,
} from "@karya/core/testing"
import { DateTime, Result } from "effect"

const { FinancialYear, LocalDate, TimeZone } = Time

const indiaOffsetMs = (5 * 60 + 30) * 60 * 1000

// An independent FY computation for Asia/Kolkata (no DST, +05:30 since 1945):
// shift the UTC millis to local wall time and read the month; April starts a year.
const independentFinancialYearInIndia = (millis: number): string => {
  const local = new Date(millis + indiaOffsetMs)
  const year = local.getUTCFullYear()
  const start = local.getUTCMonth() + 1 >= 4 ? year : year - 1
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`
}

describe("FinancialYear", () => {
  it("TIME-2: the FY containing 2024-02-10 is 2023-24 and the one containing 2024-04-01 is 2024-25", () => {
    expect(FinancialYear.ofDate(LocalDate.makeUnsafe("2024-02-10"))).toBe("2023-24")
    expect(FinancialYear.ofDate(LocalDate.makeUnsafe("2024-03-31"))).toBe("2023-24")
    expect(FinancialYear.ofDate(LocalDate.makeUnsafe("2024-04-01"))).toBe("2024-25")
    expect(FinancialYear.ofDate(LocalDate.makeUnsafe("1999-12-31"))).toBe("1999-00")
    expect(FinancialYear.ofDate(LocalDate.makeUnsafe("2000-01-01"))).toBe("1999-00")
  })

  it("TIME-2: a FY runs from 1 April 00:00:00.000 to 31 March 23:59:59.999 local", () => {
    const financialYear = FinancialYear.makeUnsafe("2023-24")
    expect(FinancialYear.firstDate(financialYear)).toBe("2023-04-01")
    expect(FinancialYear.lastDate(financialYear)).toBe("2024-03-31")
    expect(DateTime.formatIso(FinancialYear.startInstant(financialYear, TimeZone.india))).toBe(
      "2023-03-31T18:30:00.000Z",
    )
    expect(DateTime.formatIso(FinancialYear.endInstant(financialYear, TimeZone.india))).toBe(
      "2024-03-31T18:29:59.999Z",
    )
    expect(FinancialYear.startYear(financialYear)).toBe(2023)
    expect(FinancialYear.label(financialYear)).toBe("2023-24")
  })

  it("TIME-1: the FY of an instant is taken in the tenant's zone, not UTC", () => {
    const instant = DateTime.makeUnsafe("2024-03-31T19:00:00Z")
    expect(FinancialYear.ofInstant(instant, TimeZone.india)).toBe("2024-25")
    expect(FinancialYear.ofInstant(instant, TimeZone.makeUnsafe("UTC"))).toBe("2023-24")
  })

  it("TIME-2: a label decodes only when its suffix is the next year's last two digits", () => {
    expect(Result.isSuccess(FinancialYear.fromLabel("2023-24"))).toBe(true)
    expect(Result.isSuccess(FinancialYear.fromLabel("1999-00"))).toBe(true)
    for (const label of ["2023-25", "2023-23", "23-24", "2023/24", "2023-2024", "0000-01", "9999-00"]) {
      const decoded = FinancialYear.fromLabel(label)
      expect(Result.isFailure(decoded), label).toBe(true)
      if (Result.isFailure(decoded)) {
        expect(decoded.failure.code).toBe("VALIDATION_FAILED")
        expect(decoded.failure.problems.length).toBe(1)
      }
    }
    const wrongSuffix = FinancialYear.fromLabel("2023-25")
    expect(Result.isFailure(wrongSuffix) && wrongSuffix.failure.message).toMatch(/write 2023-24/)
    expect(() => FinancialYear.makeUnsafe("2023-25")).toThrow(/2023-24/)
  })

  it("TIME-2: start years are limited so both ends of a FY are local dates", () => {
    expect(FinancialYear.firstDate(FinancialYear.makeUnsafe("0001-02"))).toBe("0001-04-01")
    expect(FinancialYear.lastDate(FinancialYear.makeUnsafe("9998-99"))).toBe("9999-03-31")
    expect(Result.isFailure(FinancialYear.fromLabel("9999-00"))).toBe(true)
    expect(() => FinancialYear.fromStartYear(FinancialYear.startYearMax + 1)).toThrow(/Invariant/)
  })

  it("TIME-2: next and previous cross the century", () => {
    const financialYear = FinancialYear.makeUnsafe("1999-00")
    expect(FinancialYear.next(financialYear)).toBe("2000-01")
    expect(FinancialYear.previous(financialYear)).toBe("1998-99")
    expect(FinancialYear.compare(financialYear, FinancialYear.next(financialYear))).toBe(-1)
    expect(FinancialYear.compare(financialYear, financialYear)).toBe(0)
    expect(FinancialYear.compare(FinancialYear.next(financialYear), financialYear)).toBe(1)
  })

  test.prop([instantNearFinancialYearStartArbitrary(TimeZone.india)], { numRuns: 500 })(
    "TIME-2: near every 1 April boundary the FY of an instant in India equals an independent computation",
    (instant) => {
      const millis = DateTime.toEpochMillis(instant)
      expect(FinancialYear.ofInstant(instant, TimeZone.india)).toBe(independentFinancialYearInIndia(millis))
    },
  )

  test.prop([instantArbitrary], { numRuns: 300 })(
    "TIME-2: the FY of any instant in India equals an independent computation",
    (instant) => {
      const millis = DateTime.toEpochMillis(instant)
      expect(FinancialYear.ofInstant(instant, TimeZone.india)).toBe(independentFinancialYearInIndia(millis))
    },
  )

  test.prop([financialYearArbitrary])(
    "TIME-2: a FY contains its first and last dates, not the days around them, and next follows on",
    (financialYear) => {
      const first = FinancialYear.firstDate(financialYear)
      const last = FinancialYear.lastDate(financialYear)
      expect(FinancialYear.contains(financialYear, first)).toBe(true)
      expect(FinancialYear.contains(financialYear, last)).toBe(true)
      expect(FinancialYear.contains(financialYear, LocalDate.addDays(first, -1))).toBe(false)
      expect(FinancialYear.contains(financialYear, LocalDate.addDays(last, 1))).toBe(false)
      expect(FinancialYear.firstDate(FinancialYear.next(financialYear))).toBe(LocalDate.addDays(last, 1))
      expect(FinancialYear.previous(FinancialYear.next(financialYear))).toBe(financialYear)
      expect(FinancialYear.fromLabel(FinancialYear.label(financialYear))).toEqual(
        Result.succeed(financialYear),
      )
    },
  )

  test.prop([localDateArbitrary()])("TIME-2: every date lies in the FY computed for it", (date) => {
    const financialYear = FinancialYear.ofDate(date)
    expect(FinancialYear.contains(financialYear, date)).toBe(true)
    expect(LocalDate.isBefore(date, FinancialYear.firstDate(financialYear))).toBe(false)
    expect(LocalDate.isAfter(date, FinancialYear.lastDate(financialYear))).toBe(false)
  })

  test.prop([instantNearFinancialYearStartArbitrary(TimeZone.india)])(
    "TIME-2: an instant is in a FY exactly when it lies between the FY's start and end instants",
    (instant) => {
      const financialYear = FinancialYear.ofInstant(instant, TimeZone.india)
      const millis = DateTime.toEpochMillis(instant)
      expect(millis).toBeGreaterThanOrEqual(
        DateTime.toEpochMillis(FinancialYear.startInstant(financialYear, TimeZone.india)),
      )
      expect(millis).toBeLessThanOrEqual(
        DateTime.toEpochMillis(FinancialYear.endInstant(financialYear, TimeZone.india)),
      )
    },
  )
})
