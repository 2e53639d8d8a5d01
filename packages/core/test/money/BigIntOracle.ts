/**
 * An independent model of decimal arithmetic for the money properties: a
 * decimal string becomes an integer number of units at a fixed scale
 * (`"12.5"` at scale 2 is 1250n), and everything is BigInt arithmetic, which
 * shares no code with decimal.js.
 */

/** `"-12.5"` at scale 3 → -12500n; the text must have at most `scale` places. */
export const toUnits = (text: string, scale: number): bigint => {
  const negative = text.startsWith("-")
  const [integer = "0", fraction = ""] = (negative ? text.slice(1) : text).split(".")
  if (fraction.length > scale) throw new Error(`${text} has more than ${scale} places`)
  const units = BigInt(integer + fraction.padEnd(scale, "0"))
  return negative ? -units : units
}

/** 1250n at scale 2 → `"12.50"`; -5n at scale 0 → `"-5"`. */
export const fromUnits = (units: bigint, scale: number): string => {
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0")
  const integer = digits.slice(0, digits.length - scale)
  const fraction = digits.slice(digits.length - scale)
  const magnitude = scale === 0 ? integer : `${integer}.${fraction}`
  return negative ? `-${magnitude}` : magnitude
}

/** Rounds units at `fromScale` to `toScale` places, half away from zero. */
export const roundUnits = (units: bigint, options: { fromScale: number; toScale: number }): bigint => {
  if (options.toScale >= options.fromScale) return units * 10n ** BigInt(options.toScale - options.fromScale)
  const divisor = 10n ** BigInt(options.fromScale - options.toScale)
  const magnitude = units < 0n ? -units : units
  const quotient = magnitude / divisor
  const rounded = 2n * (magnitude % divisor) >= divisor ? quotient + 1n : quotient
  return units < 0n ? -rounded : rounded
}

/** Places of a decimal string: `"12.50"` → 2. */
export const placesOf = (text: string): number => text.split(".")[1]?.length ?? 0
