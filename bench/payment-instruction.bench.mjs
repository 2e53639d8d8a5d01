// NFR-2: a payment instruction of 10,000 beneficiaries builds and validates
// in under 200 ms. The bench builds the PI from an approved wage bill
// (beneficiary drafts with shared-account merging, PI-2/PI-3), then runs
// every pre-push check (PI-V-1..10), and prints the best time, its ratio to
// the 200 ms target, and its ratio to a hand-written baseline in the same
// process (integer paise sums and the same regex checks over plain objects).
import { Config, Ids, Money, Payments, Time } from "@karya/core"

const beneficiaries = 10_000
const targetMs = 200
const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const jitCodes = Payments.JitCodes.muktaJitCodes({
  ddoCode: "OLSHUD001",
  granteeCode: "GOHUDULBMPL0036",
  ssuId: "1621",
})
const scale = Config.TenantConfiguration.mukta({ tenantId, cityCode: "DK" }).roundingScales
  .paymentInstructionAmount

const accountOf = (index) => String(100_000_000_000 + index)
const amountOf = (index) => 300 + (index % 700)

const bill = Payments.PayableBill.makeUnsafe({
  tenantId,
  billId: "bill-bench",
  billNumber: "WB/2024-25/000001",
  billType: "wage",
  workOrderNumber: "WO/2024-25/000001",
  billDate: "2024-06-10",
  totalAmount: String(
    Array.from({ length: beneficiaries }, (_, index) => amountOf(index)).reduce((a, b) => a + b, 0),
  ),
  details: Array.from({ length: beneficiaries }, (_, index) => ({
    lineId: `line-${index}`,
    payee: {
      payeeId: `IND-2024-25-${String(index).padStart(6, "0")}`,
      kind: "individual",
      name: `Wage seeker ${index}`,
      bankAccount: { accountNumber: accountOf(index), ifsc: "ICIC0003892", accountType: "Saving" },
      mobile: "9999900036",
      address: "Ward 3 Dhenkanal",
    },
    amount: String(amountOf(index)),
    purpose: "MR/2024-25/000001",
  })),
})

const buildAndValidate = () => {
  const drafts = Payments.Beneficiary.draftsFromBill(bill)
  const pi = Payments.PaymentInstruction.build({
    id: "0f8fad5b-d9cb-469f-a165-70867728950e",
    tenantId,
    number: Ids.HumanNumber.makeUnsafe("PI-DK/2024-25/000001"),
    date: Time.LocalDate.makeUnsafe("2024-06-10"),
    bill: Payments.PayableBill.toReference(bill),
    origin: { _tag: "Bill" },
    jitCodes,
    grossAmount: bill.totalAmount,
    purpose: bill.billNumber,
    beneficiaries: drafts.map((draft, index) => ({
      draft,
      paymentId: Ids.HumanNumber.makeUnsafe(`BN-DK/${String(index + 1).padStart(6, "0")}`),
    })),
  })
  const result = Payments.PushValidation.validate(pi, {
    jitCodes,
    funds: { status: "covered" },
    isNumberTaken: false,
    scale,
  })
  if (result._tag !== "Success") throw new Error(`the bench PI is refused: ${result.failure.message}`)
  return pi
}

const ifscPattern = /^[A-Z]{4}0[A-Z0-9]{6}$/
const baseline = () => {
  const seen = new Set()
  let netPaise = 0
  for (const detail of bill.details) {
    const key = `${detail.payee.bankAccount.accountNumber}|${detail.payee.bankAccount.ifsc}`
    if (seen.has(key)) throw new Error("duplicate")
    seen.add(key)
    if (!ifscPattern.test(detail.payee.bankAccount.ifsc)) throw new Error("ifsc")
    if (!/^\d{9,18}$/.test(detail.payee.bankAccount.accountNumber)) throw new Error("account")
    netPaise += Number(detail.amount) * 100
  }
  return netPaise
}

const timeBest = (run, rounds) => {
  let best = Number.POSITIVE_INFINITY
  let result
  for (let round = 0; round < rounds; round += 1) {
    const started = process.hrtime.bigint()
    result = run()
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6)
  }
  return { best, result }
}

export const run = async () => {
  const base = timeBest(baseline, 5)
  const karya = timeBest(buildAndValidate, 5)
  const net = Money.Amount.toCanonicalString(karya.result.header.netAmount)
  if (BigInt(net) * 100n !== BigInt(base.result))
    throw new Error(`net differs: ${net} vs ${base.result} paise`)
  if (karya.result.beneficiaries.length !== beneficiaries) throw new Error("beneficiary count differs")
  console.log(`NFR-2: PI of ${beneficiaries} beneficiaries, net ₹${net}`)
  console.log(`build + validate best of 5: ${karya.best.toFixed(1)} ms (target ${targetMs} ms)`)
  console.log(`ratio to target: ${(karya.best / targetMs).toFixed(2)} (≤ 1 meets NFR-2)`)
  console.log(
    `hand-written baseline ${base.best.toFixed(1)} ms; ratio Karya / baseline: ${(karya.best / base.best).toFixed(1)}×`,
  )
}
