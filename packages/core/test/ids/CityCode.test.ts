import { describe, expect, it } from "@effect/vitest"
import { Ids } from "@karya/core"
import { Schema } from "effect"

const { CityCode } = Ids

describe("CityCode", () => {
  it("ID-2: a city code is 1 to cityCodeLengthMax capital letters or digits (at the limit and past it)", () => {
    const is = Schema.is(CityCode.CityCode)
    expect(is("DK")).toBe(true)
    expect(is("B2")).toBe(true)
    expect(is("A".repeat(CityCode.cityCodeLengthMax))).toBe(true)
    expect(is("A".repeat(CityCode.cityCodeLengthMax + 1))).toBe(false)
    expect(is("")).toBe(false)
    expect(is("dk")).toBe(false)
    expect(is("D-K")).toBe(false)
    expect(() => CityCode.makeUnsafe("dk")).toThrow(/capital letters or digits, for example DK/)
  })
})
