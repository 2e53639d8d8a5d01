import { assert, describe, it } from "@effect/vitest"
import { Config, Ids, Money, Payments, Time } from "@karya/core"
import {
  layerScriptedJitGateway,
  muktaPaymentsConfiguration,
  paymentsMemoryLayer,
  ScriptedJitCalls,
  samplePaymentInstruction,
} from "@karya/core/testing"
import { DateTime, Effect, Exit, Layer, Option, Result } from "effect"
import { TestClock } from "effect/testing"

const { PushValidation, JitCodes, JitRun, PaymentInstructionIssue } = Payments
type Pi = Payments.PaymentInstruction.PaymentInstruction

const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const jitCodes = JitCodes.muktaJitCodes({
  ddoCode: "OLSHUD001",
  granteeCode: "GOHUDULBMPL0036",
  ssuId: "1621",
})
const valid = samplePaymentInstruction({
  tenantId,
  number: "PI-DK/2024-25/000001",
  billId: "bill-1",
  paymentIds: ["BN-DK/000001", "BN-DK/000002"],
})
const context: Payments.PushValidation.ValidationContext = {
  jitCodes,
  funds: { status: "covered" },
  isNumberTaken: false,
  scale: 2,
}

const codesOf = (
  pi: Pi,
  overrides: Partial<Payments.PushValidation.ValidationContext> = {},
): ReadonlyArray<string> =>
  PushValidation.refusalReasons(pi, { ...context, ...overrides }).map((reason) => reason.code)

const withBeneficiary = (pi: Pi, index: number, change: Partial<Pi["beneficiaries"][number]>): Pi => ({
  ...pi,
  beneficiaries: pi.beneficiaries.map((beneficiary, at) =>
    at === index ? { ...beneficiary, ...change } : beneficiary,
  ),
})

describe("PushValidation", () => {
  it("PI-V-1..PI-V-10: a well-formed PI with funds passes every check", () => {
    assert.deepStrictEqual(codesOf(valid), [])
    assert.isTrue(Result.isSuccess(PushValidation.validate(valid, context)))
  })

  it("PI-V-1: missing DDO, SSU or scheme codes are PI_CONFIG_MISSING naming them; a revised PI needs the department code", () => {
    const refused = PushValidation.refusalReasons(valid, {
      ...context,
      jitCodes: { ...jitCodes, ddoCode: "", ssuId: " " },
    })
    assert.deepStrictEqual(
      refused.map((reason) => reason.code),
      ["PI_CONFIG_MISSING"],
    )
    const [missing] = refused
    assert.deepStrictEqual(missing?._tag === "PiConfigMissing" ? missing.missing : [], ["ddoCode", "ssuId"])
    assert.deepStrictEqual(
      codesOf({ ...valid, kind: "revised" }, { jitCodes: { ...jitCodes, departmentCode: "" } }),
      ["PI_CONFIG_MISSING"],
    )
    assert.deepStrictEqual(
      codesOf({ ...valid, kind: "revised" }, { jitCodes: { ...jitCodes, ddoCode: "" } }),
      [],
    )
  })

  it("PI-V-2: insufficient funds in the chosen sanction is INSUFFICIENT_FUNDS, and says the payment is blocked", () => {
    const refused = PushValidation.refusalReasons(valid, {
      ...context,
      funds: { status: "insufficient", sanctionId: "920" },
    })
    assert.deepStrictEqual(
      refused.map((reason) => reason.code),
      ["INSUFFICIENT_FUNDS"],
    )
    assert.include(refused[0]?.message ?? "", "Payment blocked: insufficient funds")
    assert.include(refused[0]?.message ?? "", "sanction 920")
    assert.isTrue(refused[0]?.retryable)
    assert.deepStrictEqual(codesOf(valid, { funds: { status: "notRequired" } }), [])
  })

  it("PI-V-3: a number another PI of the tenant has is PI_NUMBER_DUPLICATE", () => {
    assert.deepStrictEqual(codesOf(valid, { isNumberTaken: true }), ["PI_NUMBER_DUPLICATE"])
  })

  it("PI-V-4: a header count that differs from the beneficiaries is PI_COUNT_MISMATCH", () => {
    assert.deepStrictEqual(codesOf({ ...valid, header: { ...valid.header, beneficiaryCount: 3 } }), [
      "PI_COUNT_MISMATCH",
    ])
  })

  it("PI-V-5: a net amount that is not Σ beneficiary amounts is PI_NET_MISMATCH", () => {
    assert.deepStrictEqual(
      codesOf({ ...valid, header: { ...valid.header, netAmount: Money.Amount.makeUnsafe("499.99") } }),
      ["PI_NET_MISMATCH"],
    )
  })

  it("PI-V-6: gross below net is PI_GROSS_BELOW_NET; a zero gross or net is PI_ZERO_AMOUNT", () => {
    assert.deepStrictEqual(
      codesOf({ ...valid, header: { ...valid.header, grossAmount: Money.Amount.makeUnsafe("499") } }),
      ["PI_GROSS_BELOW_NET"],
    )
    assert.deepStrictEqual(
      codesOf({ ...valid, header: { ...valid.header, grossAmount: Money.Amount.makeUnsafe("600") } }),
      [],
    )
    const empty: Pi = {
      ...valid,
      beneficiaries: [],
      header: {
        ...valid.header,
        beneficiaryCount: 0,
        netAmount: Money.Amount.zero,
        grossAmount: Money.Amount.zero,
      },
    }
    assert.deepStrictEqual(codesOf(empty), ["PI_ZERO_AMOUNT", "PI_ZERO_AMOUNT", "PI_NO_BENEFICIARY"])
  })

  it("PI-V-7: a PI without beneficiaries is PI_NO_BENEFICIARY", () => {
    const empty: Pi = {
      ...valid,
      beneficiaries: [],
      header: { ...valid.header, beneficiaryCount: 0, netAmount: Money.Amount.zero },
    }
    assert.include(codesOf(empty), "PI_NO_BENEFICIARY")
  })

  it("PI-V-8: a zero amount, an account of 8 or 19 digits, a malformed IFSC and an empty name are BENEFICIARY_INVALID naming the payment id and field", () => {
    const account = (accountNumber: string, ifsc = "SBIN0000041") => ({
      bankAccount: { accountNumber, ifsc, accountType: "Saving" as const },
    })
    const cases: ReadonlyArray<readonly [Partial<Pi["beneficiaries"][number]>, string]> = [
      [{ amount: Money.Amount.zero }, "amount"],
      [{ amount: Money.Amount.makeUnsafe("250.005") }, "amount"],
      [account("12345678"), "accountNumber"],
      [account("1234567890123456789"), "accountNumber"],
      [account("12345678A0"), "accountNumber"],
      [account("123456789", "SBIN1000041"), "ifsc"],
      [account("123456789", "sbin0000041"), "ifsc"],
      [{ name: "" }, "name"],
    ]
    for (const [change, field] of cases) {
      const refused = PushValidation.refusalReasons(withBeneficiary(valid, 1, change), context).filter(
        (reason) => reason._tag === "BeneficiaryInvalid",
      )
      assert.strictEqual(refused.length, 1, field)
      const [reason] = refused
      if (reason?._tag === "BeneficiaryInvalid") {
        assert.strictEqual(reason.code, "BENEFICIARY_INVALID")
        assert.strictEqual(reason.paymentId, "BN-DK/000002")
        assert.strictEqual(reason.field, field)
        assert.include(reason.message, "BN-DK/000002")
      }
    }
    assert.deepStrictEqual(
      codesOf(withBeneficiary(valid, 1, account("123456789"))),
      [],
      "9 digits is the fewest allowed",
    )
    assert.deepStrictEqual(
      codesOf(withBeneficiary(valid, 1, account("123456789012345678"))),
      [],
      "18 digits is the most allowed",
    )
  })

  it("PI-V-9: two beneficiaries sharing account number and IFSC are PI_DUPLICATE_ACCOUNT naming both", () => {
    const shared = withBeneficiary(valid, 1, {
      bankAccount: valid.beneficiaries[0]?.bankAccount ?? {
        accountNumber: "",
        ifsc: "",
        accountType: "Saving",
      },
    })
    const refused = PushValidation.refusalReasons(shared, context)
    assert.deepStrictEqual(
      refused.map((reason) => reason.code),
      ["PI_DUPLICATE_ACCOUNT"],
    )
    assert.deepStrictEqual(refused[0]?._tag === "PiDuplicateAccount" ? refused[0].paymentIds : [], [
      "BN-DK/000001",
      "BN-DK/000002",
    ])
  })

  it("PI-V-10: a revised PI's beneficiary not in the original PI is BENEFICIARY_NOT_IN_ORIGINAL naming the payment id", () => {
    const original = samplePaymentInstruction({
      tenantId,
      number: "PI-DK/2024-25/000001",
      billId: "bill-1",
      paymentIds: ["BN-DK/000001", "BN-DK/000003"],
    })
    const revised: Pi = {
      ...valid,
      kind: "revised",
      number: Ids.HumanNumber.makeUnsafe("PI-DK/2024-25/000009"),
    }
    const refused = PushValidation.refusalReasons(revised, { ...context, original })
    assert.deepStrictEqual(
      refused.map((reason) => reason.code),
      ["BENEFICIARY_NOT_IN_ORIGINAL"],
    )
    assert.include(refused[0]?.message ?? "", "BN-DK/000002")
    assert.deepStrictEqual(codesOf(revised, { original: valid }), [])
  })

  it("PI-V-1..PI-V-10: every failure of a PI is reported together in one PAYMENT_INSTRUCTION_REFUSED (ERR-3)", () => {
    const broken: Pi = withBeneficiary(
      {
        ...valid,
        header: { ...valid.header, beneficiaryCount: 5, grossAmount: Money.Amount.makeUnsafe("1") },
      },
      0,
      { amount: Money.Amount.zero },
    )
    const result = PushValidation.validate(broken, {
      ...context,
      jitCodes: { ...jitCodes, schemeCode: "" },
      funds: { status: "insufficient" },
      isNumberTaken: true,
    })
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result)) {
      const refusal = result.failure
      assert.strictEqual(refusal.code, "PAYMENT_INSTRUCTION_REFUSED")
      assert.deepStrictEqual(refusal.codes, [
        "PI_CONFIG_MISSING",
        "INSUFFICIENT_FUNDS",
        "PI_NUMBER_DUPLICATE",
        "PI_COUNT_MISMATCH",
        "PI_NET_MISMATCH",
        "PI_GROSS_BELOW_NET",
        "BENEFICIARY_INVALID",
      ])
      assert.isFalse(refusal.retryable)
      assert.include(refusal.message, "7 problems")
      for (const reason of refusal.reasons) assert.include(refusal.message, reason.code)
    }
  })

  it("PI-V-8: a PI may have at most beneficiariesPerPaymentInstructionMax beneficiaries (PI_TOO_MANY_BENEFICIARIES one past it)", () => {
    const limit = PushValidation.beneficiariesPerPaymentInstructionMax
    const many = (count: number): Pi => {
      const beneficiaries = Array.from({ length: count }, (_, index) => ({
        ...(valid.beneficiaries[0] as Pi["beneficiaries"][number]),
        paymentId: Ids.HumanNumber.makeUnsafe(`BN-DK/${String(index).padStart(6, "0")}`),
        bankAccount: {
          accountNumber: String(100_000_000 + index),
          ifsc: "SBIN0000041",
          accountType: "Saving" as const,
        },
      }))
      const netAmount = Money.Amount.sum(beneficiaries.map((beneficiary) => beneficiary.amount))
      return {
        ...valid,
        beneficiaries,
        header: { ...valid.header, beneficiaryCount: count, netAmount, grossAmount: netAmount },
      }
    }
    assert.deepStrictEqual(codesOf(many(limit)), [])
    assert.deepStrictEqual(codesOf(many(limit + 1)), ["PI_TOO_MANY_BENEFICIARIES"])
  })

  it.effect("PI-V-2: a push refused before the call (no funds) calls no one and changes nothing", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T05:00:00Z")))
      const bill = Payments.PayableBill.makeUnsafe({
        tenantId,
        billId: "bill-9",
        billNumber: "WB/2024-25/000012",
        billType: "wage",
        workOrderNumber: "WO/2024-25/000051",
        billDate: "2024-06-10",
        totalAmount: "100",
        details: [
          {
            lineId: "l1",
            payee: {
              payeeId: "IND-1",
              kind: "individual",
              name: "A",
              bankAccount: { accountNumber: "1234", ifsc: "bad", accountType: "Saving" },
              mobile: "",
              address: "",
            },
            amount: "100",
            purpose: "MR",
          },
        ],
      })
      const pi = yield* PaymentInstructionIssue.createFromBill(bill)
      const exit = yield* Effect.exit(JitRun.push({ tenantId, paymentInstructionNumber: pi.number }))
      const error = Option.getOrUndefined(Exit.findErrorOption(exit))
      assert.strictEqual(error?.code, "PAYMENT_INSTRUCTION_REFUSED")
      assert.deepStrictEqual(error?._tag === "PaymentInstructionRefused" ? error.codes : [], [
        "INSUFFICIENT_FUNDS",
        "BENEFICIARY_INVALID",
        "BENEFICIARY_INVALID",
      ])
      const script = yield* ScriptedJitCalls
      assert.deepStrictEqual(yield* script.calls, [])
      const repository = yield* Payments.PaymentInstructionRepository.PaymentInstructionRepository
      assert.deepStrictEqual(
        yield* Effect.option(repository.get({ tenantId: tenantId, id: pi.number })),
        Option.some(pi),
      )
      assert.strictEqual(
        (yield* Payments.PaymentInstructionRepository.historyOf({ tenantId: tenantId, number: pi.number }))
          .length,
        1,
      )
      assert.strictEqual(Time.LocalDate.makeUnsafe(pi.date), "2024-06-10")
    }).pipe(
      Effect.provide(
        Layer.mergeAll(
          paymentsMemoryLayer,
          layerScriptedJitGateway(),
          Config.TenantSettings.layerMemory([muktaPaymentsConfiguration({ tenantId, cityCode: "DK" })]),
        ),
      ),
    ),
  )
})
