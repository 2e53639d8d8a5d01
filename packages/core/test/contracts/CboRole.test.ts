import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Config, Contracts, Money } from "@karya/core"
import { amountArbitrary } from "@karya/core/testing"
import { Result } from "effect"

const { CboRole } = Contracts
const threshold = Config.TenantConfiguration.mukta({ tenantId: "od.dhenkanal", cityCode: "DK" }).workOrder
  .cboRoleThreshold
const amount = Money.Amount.makeUnsafe

const rank = (role: Contracts.CboRole.CboRole): number => (role === "IA" ? 0 : 1)

describe("CboRole", () => {
  it("WO-4: MUKTA's threshold is ₹15,00,000, read from the tenant configuration", () => {
    assert.strictEqual(Money.Amount.toCanonicalString(threshold), "1500000")
  })

  it("WO-4: ₹14,99,999 is IA and changeable, ₹15,00,000 is IA, ₹15,00,001 is IP and locked", () => {
    const below = { amount: amount("1499999"), threshold }
    assert.strictEqual(CboRole.defaultRole(below), "IA")
    assert.isTrue(CboRole.isRoleChangeable(below))
    assert.deepStrictEqual(CboRole.decideRole({ ...below, requested: "IP" }), Result.succeed("IP"))
    const at = { amount: amount("1500000"), threshold }
    assert.strictEqual(CboRole.defaultRole(at), "IA")
    assert.isTrue(CboRole.isRoleChangeable(at))
    assert.deepStrictEqual(CboRole.decideRole({ ...at, requested: "IP" }), Result.succeed("IP"))
    const above = { amount: amount("1500001"), threshold }
    assert.strictEqual(CboRole.defaultRole(above), "IP")
    assert.isFalse(CboRole.isRoleChangeable(above))
    assert.deepStrictEqual(CboRole.decideRole({ ...above, requested: "IP" }), Result.succeed("IP"))
    const locked = CboRole.decideRole({ ...above, requested: "IA" })
    assert.isTrue(Result.isFailure(locked))
    if (Result.isFailure(locked)) {
      assert.strictEqual(locked.failure.code, "CBO_ROLE_LOCKED")
      assert.strictEqual(locked.failure.requestedRole, "IA")
      assert.include(locked.failure.message, "₹15,00,001.00 is above ₹15,00,000.00")
    }
  })

  it("WO-4: without a request the role is the default, and the threshold is the tenant's", () => {
    const bhopal = Money.Amount.makeUnsafe("2000000")
    assert.deepStrictEqual(
      CboRole.decideRole({ amount: amount("1800000"), threshold: bhopal }),
      Result.succeed("IA"),
    )
    assert.deepStrictEqual(CboRole.decideRole({ amount: amount("1800000"), threshold }), Result.succeed("IP"))
  })

  test.prop([
    amountArbitrary({ scaleMax: 2, integerDigitsMax: 8 }),
    amountArbitrary({ scaleMax: 2, integerDigitsMax: 8 }),
  ])(
    "WO-4: the role decision is monotone in the amount (a larger amount is never IA where a smaller is IP)",
    (first, second) => {
      const [smaller, larger] = Money.Amount.isLessThan(first, second) ? [first, second] : [second, first]
      const smallerRole = CboRole.defaultRole({ amount: smaller, threshold })
      const largerRole = CboRole.defaultRole({ amount: larger, threshold })
      assert.isTrue(rank(smallerRole) <= rank(largerRole))
      assert.isTrue(
        !CboRole.isRoleChangeable({ amount: smaller, threshold })
          ? !CboRole.isRoleChangeable({ amount: larger, threshold })
          : true,
      )
    },
  )

  test.prop([
    amountArbitrary({ scaleMax: 0, integerDigitsMax: 8 }),
    fc.constantFrom("IA" as const, "IP" as const),
  ])(
    "WO-4: a requested role is granted exactly when the amount is at or below the threshold or the role is IP",
    (orderAmount, requested) => {
      const decided = CboRole.decideRole({ amount: orderAmount, threshold, requested })
      const isAbove = Money.Amount.isGreaterThan(orderAmount, threshold)
      assert.strictEqual(Result.isSuccess(decided), !isAbove || requested === "IP")
    },
  )
})
