/**
 * Cursor pagination of lists (API-5): `limit` items per page (default 10,
 * at most 100) after an opaque `cursor`. Every list reads one page from its
 * store (`fromStore`: one bounded query, the store's keyset cursor), so a
 * page never repeats or skips an item when others are added meanwhile, and
 * no list loads more than a page.
 *
 * @since 0.1.0
 */
import type { Persistence } from "@karya/core"
import { Effect, Option } from "effect"
import { limitDefault } from "./ApiSchemas.js"
import * as Problem from "./Problem.js"
import * as ProblemCodes from "./ProblemCodes.js"

const invalidCursor = () =>
  Problem.badRequest([Problem.fieldError(ProblemCodes.cursorInvalid, "query.cursor")])

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
