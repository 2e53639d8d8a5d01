import { assert, describe, it } from "@effect/vitest"
import { Errors, Payments } from "@karya/core"

describe("payments errors", () => {
  it("ERR-1: every payments error class's code is its class name in SCREAMING_SNAKE_CASE, and codes are unique", () => {
    const codes = Payments.errorClasses.map((errorClass) => errorClass.code)
    for (const errorClass of Payments.errorClasses)
      assert.strictEqual(Errors.DomainError.codeOfClassName(errorClass.name), errorClass.code)
    assert.strictEqual(new Set(codes).size, codes.length)
  })

  it("PI-V-1..PI-V-10, PI-1, PI-S-10: every refusal code of spec 06 has its own error class", () => {
    const codes = new Set<string>(Payments.errorClasses.map((errorClass) => errorClass.code))
    const spec = [
      "PI_EXISTS",
      "PI_CONFIG_MISSING",
      "INSUFFICIENT_FUNDS",
      "PI_NUMBER_DUPLICATE",
      "PI_COUNT_MISMATCH",
      "PI_NET_MISMATCH",
      "PI_GROSS_BELOW_NET",
      "PI_ZERO_AMOUNT",
      "PI_NO_BENEFICIARY",
      "BENEFICIARY_INVALID",
      "PI_DUPLICATE_ACCOUNT",
      "BENEFICIARY_NOT_IN_ORIGINAL",
      "PI_INVALID_TRANSITION",
    ]
    for (const code of spec) assert.isTrue(codes.has(code), code)
  })

  it("ERR-1: store, lease and lookup failures say what to do and whether a retry helps", () => {
    const { PaymentInstructionRepository, FundRegisterBook, PaymentInstructionLease } = Payments
    const errors = [
      new PaymentInstructionRepository.PaymentInstructionStoreUnavailable({
        tenantId: "od.dhenkanal",
        reason: "connection refused",
      }),
      new PaymentInstructionRepository.PaymentInstructionNotFound({
        tenantId: "od.dhenkanal",
        paymentInstructionNumber: "PI-DK/2024-25/000009",
      }),
      new FundRegisterBook.FundRegisterUnavailable({ tenantId: "od.dhenkanal", reason: "timeout" }),
      new PaymentInstructionLease.PaymentInstructionBusy({
        tenantId: "od.dhenkanal",
        subject: "PI-DK/2024-25/000001",
        expiresAtMs: 0,
      }),
      new PaymentInstructionLease.PaymentInstructionLeaseUnavailable({
        tenantId: "od.dhenkanal",
        reason: "down",
      }),
    ]
    assert.deepStrictEqual(
      errors.map((error) => error.retryable),
      [true, false, true, true, true],
    )
    for (const error of errors) {
      assert.isTrue(Errors.DomainError.isDomainError(error))
      assert.isAbove(error.message.length, 20)
    }
    assert.include(errors[1]?.message ?? "", "PI-DK/2024-25/000009")
  })
})
