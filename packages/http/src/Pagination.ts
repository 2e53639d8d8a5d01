/**
 * Cursor pagination of lists (API-5): `limit` items per page (default 10,
 * at most 100) after an opaque `cursor`, the base64url of the last item's
 * sort key (a JSON array of strings). Items are sorted by their key, so a
 * page never repeats or skips an item when others are added before it.
 *
 * @since 0.1.0
 */
import { Effect, Option, Result, Schema } from "effect"
import { Base64Url } from "effect/encoding"
import { limitDefault } from "./ApiSchemas.js"
import * as Problem from "./Problem.js"
import * as ProblemCodes from "./ProblemCodes.js"

/**
 * A sort key: compared element by element.
 *
 * @since 0.1.0
 * @category models
 */
export type SortKey = ReadonlyArray<string>

/**
 * Writes a cursor.
 *
 * @since 0.1.0
 * @category conversions
 */
export const encodeCursor = (key: SortKey): string => Base64Url.encode(JSON.stringify(key))

const decodeKey = Schema.decodeUnknownOption(Schema.fromJsonString(Schema.Array(Schema.String)))

const invalidCursor = () =>
  Problem.badRequest([Problem.fieldError(ProblemCodes.cursorInvalid, "query.cursor")])

/**
 * Reads a cursor; a cursor not written by `encodeCursor` is a 400.
 *
 * @since 0.1.0
 * @category conversions
 */
export const decodeCursor = (cursor: string): Effect.Effect<SortKey, Problem.Problem> => {
  const text = Base64Url.decodeString(cursor)
  if (Result.isFailure(text)) return Effect.fail(invalidCursor())
  const key = decodeKey(text.success)
  return Option.isSome(key) ? Effect.succeed(key.value) : Effect.fail(invalidCursor())
}

/**
 * Compares two sort keys.
 *
 * @since 0.1.0
 * @category conversions
 */
export const compareKeys = (left: SortKey, right: SortKey): number => {
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const a = left[index] ?? ""
    const b = right[index] ?? ""
    if (a !== b) return a < b ? -1 : 1
  }
  return 0
}

/**
 * One page of items.
 *
 * @since 0.1.0
 * @category models
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly nextCursor?: string
}

/**
 * The page of `items` after the cursor, sorted by `keyOf`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const page = <A>(
  items: ReadonlyArray<A>,
  keyOf: (item: A) => SortKey,
  request: { readonly limit?: number; readonly cursor?: string },
): Effect.Effect<Page<A>, Problem.Problem> =>
  Effect.gen(function* () {
    const after = request.cursor === undefined ? undefined : yield* decodeCursor(request.cursor)
    const limit = request.limit ?? limitDefault
    const sorted = items
      .map((item) => ({ item, key: keyOf(item) }))
      .sort((left, right) => compareKeys(left.key, right.key))
      .filter((entry) => after === undefined || compareKeys(entry.key, after) > 0)
    const shown = sorted.slice(0, limit)
    const last = shown[shown.length - 1]
    return sorted.length > limit && last !== undefined
      ? { items: shown.map((entry) => entry.item), nextCursor: encodeCursor(last.key) }
      : { items: shown.map((entry) => entry.item) }
  })
