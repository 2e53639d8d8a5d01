import { assert, describe, it } from "@effect/vitest"
import { test } from "@fast-check/vitest"
import { Config, Ids, Payments, Time } from "@karya/core"
import { localDateArbitrary, samplePaymentInstruction } from "@karya/core/testing"
import * as fc from "fast-check"

const { RevisedPaymentInstruction } = Payments
type Pi = Payments.PaymentInstruction.PaymentInstruction

const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const window = Config.TenantConfiguration.mukta({ tenantId, cityCode: "DK" }).revisedPaymentWindow
const date = Time.LocalDate.makeUnsafe
const within = (originalDate: string, today: string) =>
  RevisedPaymentInstruction.isWithinWindow({ originalDate: date(originalDate), today: date(today), window })

const failedPi = samplePaymentInstruction({
  tenantId,
  number: "PI-DK/2024-25/000001",
  billId: "bill-1",
  paymentIds: ["BN-DK/000001", "BN-DK/000002"],
})
const completed: Pi = {
  ...failedPi,
  status: "Completed",
  beneficiaries: failedPi.beneficiaries.map((beneficiary) => ({ ...beneficiary, status: "PaymentFailed" })),
}
const raisedCarrying = (
  number: string,
  paymentIds: ReadonlyArray<string>,
  status: Pi["status"] = "New",
  beneficiaryStatus: Payments.Beneficiary.BeneficiaryStatus = "PaymentPending",
): Pi => ({
  ...completed,
  id: Ids.EntityId.makeUnsafe("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
  number: Ids.HumanNumber.makeUnsafe(number),
  status,
  origin: { _tag: "Repayment", failedNumber: completed.number },
  beneficiaries: completed.beneficiaries
    .filter((beneficiary) => paymentIds.includes(beneficiary.paymentId))
    .map((beneficiary) => ({ ...beneficiary, status: beneficiaryStatus })),
})

describe("RevisedPaymentInstruction", () => {
  it("PI-S-9: in the original PI's FY a revised PI may be raised until its date + 90 days; in the next FY until 30 April; never later", () => {
    assert.isTrue(within("2024-06-10", "2024-09-08"), "+90 days")
    assert.isFalse(within("2024-06-10", "2024-09-09"), "+91 days")
    assert.isTrue(within("2024-03-20", "2024-04-30"), "next FY, 30 April")
    assert.isFalse(within("2024-03-20", "2024-05-01"), "next FY, 1 May, though within 90 days")
    assert.isFalse(within("2023-12-01", "2024-03-31"), "same FY, 121 days: only +90 applies")
    assert.isTrue(within("2023-12-01", "2024-02-29"), "same FY, 90 days")
    assert.isFalse(within("2023-12-01", "2024-03-01"), "same FY, 91 days")
    assert.isTrue(within("2024-01-15", "2024-04-20"), "next FY before 30 April, though 96 days")
    assert.isFalse(within("2023-03-20", "2024-04-10"), "two FYs later")
  })

  it("PI-S-9: the window lengths are tenant settings", () => {
    const longer = { sameFinancialYearDays: 120, nextFinancialYearLastMonthDay: "06-30" }
    assert.isTrue(
      RevisedPaymentInstruction.isWithinWindow({
        originalDate: date("2024-06-10"),
        today: date("2024-10-08"),
        window: longer,
      }),
    )
    assert.isTrue(
      RevisedPaymentInstruction.isWithinWindow({
        originalDate: date("2024-03-10"),
        today: date("2024-06-30"),
        window: longer,
      }),
    )
    const marchEnd = { sameFinancialYearDays: 10, nextFinancialYearLastMonthDay: "01-31" }
    assert.strictEqual(
      RevisedPaymentInstruction.windowEnd({
        originalDate: date("2024-03-10"),
        today: date("2024-05-01"),
        window: marchEnd,
      }),
      "2025-01-31",
    )
  })

  test.prop([
    localDateArbitrary({ min: date("2020-01-01"), max: date("2030-12-31") }),
    fc.integer({ min: 0, max: 800 }),
  ])(
    "PI-S-9: the window is open exactly when (same FY) the PI is at most 90 days old, or (the next FY) it is on or before 30 April",
    (originalDate, days) => {
      const today = Time.LocalDate.addDays(originalDate, days)
      const isOpen = RevisedPaymentInstruction.isWithinWindow({ originalDate, today, window })
      const originalYear = Time.FinancialYear.ofDate(originalDate)
      const nextYear = Time.FinancialYear.next(originalYear)
      const graceEnd = Time.LocalDate.fromParts({
        year: Time.FinancialYear.startYear(nextYear),
        month: 4,
        day: 30,
      })
      const expected = Time.FinancialYear.contains(originalYear, today)
        ? days <= 90
        : Time.FinancialYear.contains(nextYear, today) && !Time.LocalDate.isAfter(today, graceEnd)
      assert.strictEqual(isOpen, expected)
      if (days > 365 + 30) assert.isFalse(isOpen)
    },
  )

  it("PI-S-7: a repayment carries exactly the failed beneficiaries no other PI raised from the failed PI carries; a rejected repayment releases them", () => {
    const all = RevisedPaymentInstruction.failuresToRepay({ failed: completed, raisedFrom: [], carrying: [] })
    assert.deepStrictEqual(
      all.map((beneficiary) => beneficiary.paymentId),
      ["BN-DK/000001", "BN-DK/000002"],
    )
    const first = raisedCarrying("PI-DK/2024-25/000002", ["BN-DK/000001"])
    const left = RevisedPaymentInstruction.failuresToRepay({
      failed: completed,
      raisedFrom: [first],
      carrying: [first],
    })
    assert.deepStrictEqual(
      left.map((beneficiary) => beneficiary.paymentId),
      ["BN-DK/000002"],
      "a later failure gets its own",
    )
    const failedAgain = raisedCarrying("PI-DK/2024-25/000002", ["BN-DK/000001"], "Completed", "PaymentFailed")
    assert.deepStrictEqual(
      RevisedPaymentInstruction.failuresToRepay({
        failed: completed,
        raisedFrom: [failedAgain],
        carrying: [failedAgain],
      }).map((beneficiary) => beneficiary.paymentId),
      ["BN-DK/000002"],
      "a failure of the revised PI is repaid from the revised PI, not again from the original",
    )
    const rejected = raisedCarrying("PI-DK/2024-25/000002", ["BN-DK/000001"], "Rejected", "NotApplicable")
    assert.strictEqual(
      RevisedPaymentInstruction.failuresToRepay({
        failed: completed,
        raisedFrom: [rejected],
        carrying: [rejected],
      }).length,
      2,
    )
  })

  it("PI-S-10: a payment id another PI is paying or has paid is never carried again, whichever PI it was raised from", () => {
    const elsewhere = {
      ...raisedCarrying("PI-DK/2024-25/000007", ["BN-DK/000002"], "Completed", "PaymentSuccessful"),
      origin: { _tag: "Bill" as const },
    }
    assert.deepStrictEqual(
      RevisedPaymentInstruction.failuresToRepay({
        failed: completed,
        raisedFrom: [],
        carrying: [completed, elsewhere],
      }).map((beneficiary) => beneficiary.paymentId),
      ["BN-DK/000001"],
    )
  })

  it("PI-S-7: a revised PI's beneficiary keeps its payment id and carries the corrected account, the account as first sent and as last sent", () => {
    const corrected = { accountNumber: "222222222222", ifsc: "UTIB0000123", accountType: "Saving" as const }
    const original: Pi = {
      ...completed,
      beneficiaries: completed.beneficiaries.map((beneficiary) => ({
        ...beneficiary,
        bankAccount: { ...beneficiary.bankAccount, accountNumber: "111111111111" },
      })),
    }
    const [draft] = RevisedPaymentInstruction.repaymentDrafts({
      kind: "revised",
      failures: completed.beneficiaries.slice(0, 1),
      original,
      corrections: new Map([["BN-DK/000001", corrected]]),
    })
    assert.strictEqual(draft?.paymentId, "BN-DK/000001")
    assert.deepStrictEqual(draft?.draft.bankAccount, corrected)
    assert.strictEqual(draft?.draft.originalBankAccount?.accountNumber, "111111111111")
    assert.strictEqual(draft?.draft.currentBankAccount?.accountNumber, "000000000035")
    const [plain] = RevisedPaymentInstruction.repaymentDrafts({
      kind: "original",
      failures: completed.beneficiaries.slice(1),
      original,
      corrections: new Map(),
    })
    assert.strictEqual(plain?.draft.originalBankAccount, undefined)
    assert.strictEqual(plain?.draft.bankAccount.accountNumber, "000000000038")
  })
})
