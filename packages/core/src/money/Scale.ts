/**
 * A scale: the number of decimal places a value is rounded to or written
 * with (MONEY-3). Every rounding and every fixed-place conversion names its
 * scale explicitly; scales are tenant settings (see `Rounding.RoundingScales`).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { assert } from "../internal/assert.js"

/**
 * Largest scale Karya rounds to or writes. Rules name 0 (whole rupees),
 * 2 (paise) and 4 (quantities); 10 leaves room for a state's finer units
 * while keeping fixed-place strings short.
 *
 * @since 0.1.0
 * @category models
 */
export const scaleMax = 10

/**
 * A whole number of decimal places from 0 to {@link scaleMax}.
 *
 * @since 0.1.0
 * @category models
 */
export const Scale = Schema.Int.check(
  Schema.makeFilter((places: number) =>
    places >= 0 && places <= scaleMax
      ? undefined
      : `a scale is a whole number of decimal places from 0 to ${scaleMax}, not ${places}`,
  ),
)

/**
 * @since 0.1.0
 * @category models
 */
export type Scale = typeof Scale.Type

/**
 * Whether a number is a valid scale.
 *
 * @since 0.1.0
 * @category guards
 */
export const isScale = (places: number): places is Scale =>
  Number.isInteger(places) && places >= 0 && places <= scaleMax

/**
 * Asserts that a scale passed by code is valid: a bad scale is a defect in
 * the caller, never bad input (configuration decodes scales with the schema).
 *
 * @since 0.1.0
 * @category guards
 */
export const assertScale = (places: number): void => {
  assert(Number.isInteger(places), "a scale is a whole number of places")
  assert(places >= 0, "a scale is at least 0")
  assert(places <= scaleMax, `a scale is at most ${scaleMax}`)
}
