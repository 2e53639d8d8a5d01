/**
 * Cursor pagination of lists (API-5): `limit` items per page (default 10,
 * at most 100) after an opaque `cursor`, the base64url of the last item's
 * sort key (a JSON array of strings). Items are sorted by their key, so a
 * page never repeats or skips an item when others are added before it.
 *
 * @since 0.1.0
 */
import type { Persistence } from "@karya/core"
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

/**
 * What a list request asks of a store: its limit (default 10) and cursor.
 *
 * @since 0.1.0
 * @category constructors
 */
export const storeRequest = (query: {
  readonly limit?: number | undefined
  readonly cursor?: string | undefined
}): Persistence.Page.PageRequest => ({ limit: query.limit ?? limitDefault, cursor: query.cursor })

/**
 * A page read from a store (API-5: one bounded query per page), its items
 * turned into views; a cursor the store does not recognise is a 400 on
 * `query.cursor`, as for every list.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromStore = <A, B, E, R, E2, R2>(
  read: Effect.Effect<
    Persistence.Page.Page<A>,
    E | Persistence.Page.CursorInvalid | Persistence.Page.PageSizeInvalid,
    R
  >,
  view: (item: A) => Effect.Effect<B, E2, R2>,
): Effect.Effect<
  Page<B>,
  Exclude<E, Persistence.Page.CursorInvalid | Persistence.Page.PageSizeInvalid> | E2 | Problem.Problem,
  R | R2
> =>
  Effect.gen(function* () {
    const page = yield* (
      read as Effect.Effect<Persistence.Page.Page<A>, E | { readonly _tag: string }, R>
    ).pipe(
      Effect.catchIf(
        (error): error is Persistence.Page.CursorInvalid =>
          typeof error === "object" && error !== null && "_tag" in error && error._tag === "CursorInvalid",
        () => Effect.fail(invalidCursor()),
      ),
      // The API's own Schema bounds `limit` to 1..100, so the store cannot refuse it.
      Effect.catchIf(
        (error): error is Persistence.Page.PageSizeInvalid =>
          typeof error === "object" && error !== null && "_tag" in error && error._tag === "PageSizeInvalid",
        (error) => Effect.die(error),
      ),
    )
    const items = yield* Effect.forEach(page.items, view)
    return Option.match(page.nextCursor, {
      onNone: () => ({ items }),
      onSome: (nextCursor) => ({ items, nextCursor }),
    })
  }) as never
