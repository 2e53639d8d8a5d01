import { assert, describe, it } from "@effect/vitest"
import { Payments } from "@karya/core"

const { JitErrorCatalogue } = Payments

describe("JitErrorCatalogue", () => {
  it("PI-E-1: each JIT code maps to its category and the action offered", () => {
    const expected: ReadonlyArray<readonly [string, Payments.JitErrorCatalogue.ErrorCategory, string]> = [
      ["EX0005", "technical", "retry later"],
      ["FV0059", "technical", "retry later"],
      ["TR9999", "technical", "retry later"],
      ["PV0007", "correctable", "correct the beneficiary or header and re-push"],
      ["TV0133", "correctable", "correct the beneficiary or header and re-push"],
      ["TR0001", "correctable", "correct the beneficiary or header and re-push"],
      ["PV0073", "duplicate", "reconcile"],
      ["TR0003", "duplicate", "reconcile"],
      ["TV0004", "duplicate", "reconcile"],
      ["FV0006", "investigate", "investigate"],
      ["TR0007", "investigate", "investigate"],
      ["0", "processed", "none"],
    ]
    for (const [code, category, action] of expected) {
      const classification = JitErrorCatalogue.classify(code)
      assert.deepStrictEqual(
        [classification.category, classification.offeredAction],
        [category, action],
        code,
      )
    }
    assert.strictEqual(JitErrorCatalogue.classify(" tv0003 ").description, "invalid creditor IFSC")
  })

  it("PI-E-1: the catalogue lists every code of the spec once: 16 technical, 17 to correct, 3 duplicates, 7 to investigate, and 0", () => {
    const count = (category: Payments.JitErrorCatalogue.ErrorCategory) =>
      JitErrorCatalogue.catalogue.filter((entry) => entry.category === category).length
    assert.deepStrictEqual(
      ["technical", "correctable", "duplicate", "investigate", "processed"].map((category) =>
        count(category as Payments.JitErrorCatalogue.ErrorCategory),
      ),
      [16, 17, 3, 7, 1],
    )
    const codes = JitErrorCatalogue.catalogue.map((entry) => entry.code)
    assert.strictEqual(new Set(codes).size, codes.length)
  })

  it("PI-E-1: an unknown code is investigated; a reply's errors are acted on correction first, retry last", () => {
    assert.deepStrictEqual(JitErrorCatalogue.classify("340"), {
      code: "340",
      category: "investigate",
      offeredAction: "investigate",
      description: "not in the JIT error catalogue",
    })
    assert.strictEqual(
      JitErrorCatalogue.categoryOf([
        { code: "TR9999", message: "" },
        { code: "TV0003", message: "" },
      ]),
      "correctable",
    )
    assert.strictEqual(JitErrorCatalogue.categoryOf([{ code: "TR9999", message: "" }]), "technical")
    assert.strictEqual(
      JitErrorCatalogue.categoryOf([
        { code: "TR9999", message: "" },
        { code: "TV0004", message: "" },
      ]),
      "duplicate",
    )
    assert.strictEqual(JitErrorCatalogue.categoryOf([]), "investigate")
  })
})
