/**
 * Pages of a store's answer (API-5): at most `pageSizeMax` items in a stable
 * order, and an opaque keyset cursor that continues after the last item, so
 * a list never loads more than a page and never repeats or skips an item when
 * others are written meanwhile.
 *
 * The cursor is the base64url of the last item's sort key (its order value
 * and its insertion sequence); callers treat it as opaque text.
 *
 * @since 0.1.0
 */
import { Effect, Option, Result, Schema } from "effect"
import { Base64Url } from "effect/encoding"

/**
 * The most items one page holds: a list endpoint answers a clerk's screen,
 * and a batch job pages through larger sets (API-5).
 *
 * @since 0.1.0
 * @category models
 */
export const pageSizeMax = 100

/**
 * The page size when a request names none (API-5).
 *
 * @since 0.1.0
 * @category models
 */
export const pageSizeDefault = 10

/**
 * One page: the items, and the cursor of the next page when there is one.
 *
 * @since 0.1.0
 * @category models
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly nextCursor: Option.Option<string>
}

/**
 * What a caller asks of a page: how many items (1..`pageSizeMax`), after
 * which cursor.
 *
 * @since 0.1.0
 * @category models
 */
export interface PageRequest {
  readonly limit: number
  readonly cursor?: string | undefined
}

/**
 * The cursor given does not come from an earlier page of this store.
 *
 * @since 0.1.0
 * @category errors
 */
export class CursorInvalid extends Schema.TaggedError<CursorInvalid>("@karya/core/persistence/CursorInvalid")(
  "CursorInvalid",
  { cursor: Schema.String },
) {
  static readonly code = "CURSOR_INVALID"
  static readonly category = "badInput"
  readonly code = CursorInvalid.code
  readonly category = CursorInvalid.category
  readonly retryable = false
  override get message(): string {
    return "The cursor is not the nextCursor of an earlier page; start again from the first page."
  }
}

/**
 * A page size outside 1..`pageSizeMax`.
 *
 * @since 0.1.0
 * @category errors
 */
export class PageSizeInvalid extends Schema.TaggedError<PageSizeInvalid>(
  "@karya/core/persistence/PageSizeInvalid",
)("PageSizeInvalid", { limit: Schema.Number, limitMax: Schema.Number }) {
  static readonly code = "PAGE_SIZE_INVALID"
  static readonly category = "badInput"
  readonly code = PageSizeInvalid.code
  readonly category = PageSizeInvalid.category
  readonly retryable = false
  override get message(): string {
    return `A page holds 1 to ${this.limitMax} items; ask for a limit in that range (asked ${this.limit}).`
  }
}

/**
 * A sort key as a cursor carries it: the order column's value (absent when
 * the order is insertion order) and the insertion sequence.
 *
 * @since 0.1.0
 * @category models
 */
export const SortKey = Schema.Tuple([
  Schema.Union([Schema.String, Schema.Number, Schema.Boolean]),
  Schema.Int,
])

/**
 * @since 0.1.0
 * @category models
 */
export type SortKey = typeof SortKey.Type

const decodeSortKey = Schema.decodeUnknownOption(Schema.fromJsonString(SortKey))

/**
 * Writes a cursor.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toCursor = (key: SortKey): string => Base64Url.encode(JSON.stringify(key))

/**
 * Reads a cursor written by `toCursor`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromCursor = (cursor: string): Effect.Effect<SortKey, CursorInvalid> => {
  const text = Base64Url.decodeString(cursor)
  if (Result.isFailure(text)) return Effect.fail(new CursorInvalid({ cursor }))
  const key = decodeSortKey(text.success)
  return Option.isSome(key) ? Effect.succeed(key.value) : Effect.fail(new CursorInvalid({ cursor }))
}

/**
 * Checks a page request's limit (house rule 8: a limit past its maximum is a
 * coded error, not a silent cap).
 *
 * @since 0.1.0
 * @category guards
 */
export const checkLimit = (limit: number): Effect.Effect<void, PageSizeInvalid> =>
  Number.isInteger(limit) && limit >= 1 && limit <= pageSizeMax
    ? Effect.void
    : Effect.fail(new PageSizeInvalid({ limit, limitMax: pageSizeMax }))
