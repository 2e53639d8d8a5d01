/**
 * Internal identity (ID-4): every record is identified by a UUID, separate
 * from its human-readable number. New ids are version-4 UUIDs drawn from
 * Effect's `Random` service, never `Math.random` or `crypto`, so a test that
 * seeds `Random` gets the same ids every run. Provide a cryptographically
 * secure `Random` in production (Effect's default is not one).
 *
 * @since 0.1.0
 */
import { Effect, Random, Schema } from "effect"

const canonical = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/**
 * A UUID in canonical form: lowercase hexadecimal, hyphenated 8-4-4-4-12,
 * RFC 9562 variant, versions 1 to 8 (records imported from elsewhere may
 * carry other versions than the v4 ids made here).
 *
 * @since 0.1.0
 * @category models
 */
export const EntityId = Schema.String.check(
  Schema.makeFilter((text: string) =>
    canonical.test(text)
      ? undefined
      : `"${text}" is not an id: write a UUID in lowercase, such as 0f8fad5b-d9cb-469f-a165-70867728950e`,
  ),
).pipe(Schema.brand("EntityId"))

/**
 * @since 0.1.0
 * @category models
 */
export type EntityId = typeof EntityId.Type

/**
 * Decodes an id, throwing when malformed. For constants and tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (text: string): EntityId => Schema.decodeUnknownSync(EntityId)(text)

// 8 draws of 16 bits give the 128 bits of a UUID.
const groupsPerId = 8

const hex = (value: number, width: number): string => value.toString(16).padStart(width, "0")

const toUuidText = (groups: ReadonlyArray<number>): string => {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = groups
  // Version 4 in the top nibble of the 7th byte, variant 10 in the top bits of the 9th.
  const version = (d & 0x0fff) | 0x4000
  const variant = (e & 0x3fff) | 0x8000
  return `${hex(a, 4)}${hex(b, 4)}-${hex(c, 4)}-${hex(version, 4)}-${hex(variant, 4)}-${hex(f, 4)}${hex(g, 4)}${hex(h, 4)}`
}

/**
 * A new version-4 UUID from the `Random` service (ID-4).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<EntityId> = Effect.map(
  Effect.all(Array.from({ length: groupsPerId }, () => Random.nextIntBetween(0, 0xffff))),
  (groups) => toUuidText(groups) as EntityId,
)
