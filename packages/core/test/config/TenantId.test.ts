import { describe, expect, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Config } from "@karya/core"

const { TenantId } = Config

const stateCode = fc.stringMatching(/^[a-z]{2,4}$/)
const ulbName = fc.stringMatching(/^[a-z0-9_]{2,12}$/)

describe("TenantId", () => {
  it("TEN-1: a ULB tenant belongs to its state tenant", () => {
    const dhenkanal = TenantId.makeUnsafe("od.dhenkanal")
    expect(TenantId.stateTenantOf(dhenkanal)).toBe("od")
    expect(TenantId.isStateTenant(dhenkanal)).toBe(false)
    expect(TenantId.isStateTenant(TenantId.makeUnsafe("od"))).toBe(true)
    expect(TenantId.stateTenantOf(TenantId.makeUnsafe("od"))).toBe("od")
  })

  it("TEN-1: malformed tenant ids are refused", () => {
    for (const text of ["", "OD", "od.", "od.Dhenkanal", "od.dhenkanal.x", "o"]) {
      expect(() => TenantId.makeUnsafe(text)).toThrow(/not a tenant id/)
    }
  })

  test.prop([stateCode, ulbName, ulbName])(
    "TEN-1: a grant reaches its own tenant and, from the state tenant, every ULB under it, and nothing else",
    (state, ulb, otherUlb) => {
      const record = TenantId.makeUnsafe(`${state}.${ulb}`)
      const sameUlb = TenantId.makeUnsafe(`${state}.${ulb}`)
      const stateTenant = TenantId.makeUnsafe(state)
      const otherTenant = TenantId.makeUnsafe(`${state}.${otherUlb}`)
      const otherState = TenantId.makeUnsafe(`${state}x.${ulb}`)
      expect(TenantId.reaches({ holder: sameUlb, record })).toBe(true)
      expect(TenantId.reaches({ holder: stateTenant, record })).toBe(true)
      expect(TenantId.reaches({ holder: otherTenant, record })).toBe(ulb === otherUlb)
      expect(TenantId.reaches({ holder: otherState, record })).toBe(false)
      expect(TenantId.reaches({ holder: TenantId.makeUnsafe(`${state}x`), record })).toBe(false)
    },
  )
})
