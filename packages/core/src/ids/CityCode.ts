/**
 * A ULB's city code (ID-2), the short code printed inside human numbers by
 * the `{ulb}` token: `DK` for Dhenkanal in `PI-DK/2022-23/000023`. It is a
 * tenant setting.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The longest city code: 10 characters. MUKTA's codes have two or three
 * letters; the bound keeps printed numbers short and makes `{ulb}` a token of
 * bounded width, so parsing a number stays linear.
 *
 * @since 0.1.0
 * @category models
 */
export const cityCodeLengthMax = 10

const shape = new RegExp(`^[A-Z0-9]{1,${cityCodeLengthMax}}$`)

/**
 * A city code: 1 to `cityCodeLengthMax` capital letters or digits.
 *
 * @since 0.1.0
 * @category models
 */
export const CityCode = Schema.String.check(
  Schema.makeFilter((text: string) =>
    shape.test(text)
      ? undefined
      : `"${text}" is not a city code: write 1 to ${cityCodeLengthMax} capital letters or digits, for example DK`,
  ),
).pipe(Schema.brand("CityCode"))

/**
 * @since 0.1.0
 * @category models
 */
export type CityCode = typeof CityCode.Type

/**
 * Decodes a city code, throwing when malformed. For constants and tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (text: string): CityCode => Schema.decodeUnknownSync(CityCode)(text)
