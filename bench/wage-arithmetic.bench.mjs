// Wage arithmetic through @karya/core's Money (decimal.js, half away from zero)
// against a hand-written integer loop in paise producing the same total: the
// baseline NFR-1 names for muster rolls and wage bills. Prints the ratio.
import { Money } from "@karya/core"

const wageSeekers = 200_000
const dailyWagePaise = 34_500n
// Day values 0, 0.5 or 1 for seven days, as half-days (0, 1 or 2), deterministic.
const halfDaysOf = (index) => (index * 7919) % 15

const integerBaseline = () => {
  let totalPaise = 0n
  for (let index = 0; index < wageSeekers; index += 1) {
    const wageHalfPaise = BigInt(halfDaysOf(index)) * dailyWagePaise // wage × 2, in paise
    // Round the wage to the rupee, half away from zero: (2·wage + 100) / 200 rupees.
    const rupees = (wageHalfPaise + 100n) / 200n
    totalPaise += rupees * 100n
  }
  return totalPaise
}

const dailyWage = Money.Rate.makeUnsafe("345")
const halfDayQuantities = Array.from({ length: 15 }, (_, halfDays) =>
  Money.Quantity.makeUnsafe(String(halfDays / 2)),
)

const karyaMoney = () => {
  const wages = new Array(wageSeekers)
  for (let index = 0; index < wageSeekers; index += 1) {
    const wage = Money.Rate.multiply(dailyWage, halfDayQuantities[halfDaysOf(index)])
    wages[index] = Money.Rounding.round(wage, { scale: 0, mode: "halfAwayFromZero" })
  }
  return Money.Amount.sum(wages)
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
  const baseline = timeBest(integerBaseline, 5)
  const karya = timeBest(karyaMoney, 3)
  const karyaPaise = BigInt(Money.Amount.toCanonicalString(karya.result)) * 100n
  if (karyaPaise !== baseline.result)
    throw new Error(`totals differ: ${karyaPaise} vs ${baseline.result} paise`)
  console.log(
    `${wageSeekers} weekly wages, total ₹${Money.Inr.formatInr(karya.result, { denomination: "Unit", scale: 2 })}`,
  )
  console.log(`integer baseline ${baseline.best.toFixed(1)} ms, Money ${karya.best.toFixed(1)} ms`)
  console.log(`ratio Money / integer baseline: ${(karya.best / baseline.best).toFixed(1)}×`)
}
