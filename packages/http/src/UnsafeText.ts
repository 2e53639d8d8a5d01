/**
 * Text the stores cannot keep, refused at the API's boundary (ERR-2,
 * ERR-3, API-3). PostgreSQL cannot store a NUL character in `text` or
 * `jsonb`, and an unpaired UTF-16 surrogate is not Unicode: it cannot be
 * written as UTF-8 or read back as the same string. Every string of a
 * request (path parameters, query parameters, header values, and every
 * string and key of a JSON body at any depth) is checked before any
 * handler runs; a request with such text is a 400 `REQUEST_INVALID` that
 * lists every offending field with the field code `TEXT_UNSAFE` (the shape
 * of every other field problem), followed by the body's other problems, so
 * the whole request is reported at once (ERR-3).
 *
 * Refused: U+0000, the other C0 control characters except tab, line feed
 * and carriage return (U+0001..U+0008, U+000B, U+000C, U+000E..U+001F),
 * DEL (U+007F), the C1 control characters (U+0080..U+009F), and unpaired
 * surrogates. No clerk types a control character on purpose: they come
 * from corrupt pastes or from attacks on logs, terminals and exported
 * files, and the bank files of JIT-FS do not carry them. Tab and line
 * breaks stay allowed (addresses and comments span lines), and so does
 * every other character: Odia and Devanagari need their joiners (U+200C,
 * U+200D).
 *
 * A body whose bytes are not UTF-8 is refused the same way (field `""`):
 * read leniently, each broken sequence would become U+FFFD and be stored in
 * place of what was sent.
 *
 * Field paths follow `Problem.fieldErrorsOf`: `path.`, `query.` and
 * `headers.` prefixes, body fields bare (`details[2].payee.name`).
 *
 * @since 0.1.0
 */
import { Effect, Layer, Schema } from "effect"
import { HttpMethod, HttpRouter, HttpServerRequest } from "effect/http"
import { type HttpApiEndpoint, HttpApiMiddleware } from "effect/http-api"
import * as Problem from "./Problem.js"
import * as ProblemCodes from "./ProblemCodes.js"

/**
 * What makes a character unsafe.
 *
 * @since 0.1.0
 * @category models
 */
export type Reason = "nul" | "control" | "surrogate"

/**
 * The first unsafe character of a string: its position (0-based, in UTF-16
 * code units), its code unit and why it is refused.
 *
 * @since 0.1.0
 * @category models
 */
export interface Unsafe {
  readonly index: number
  readonly codeUnit: number
  readonly reason: Reason
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff

/**
 * The first character of `text` the stores cannot keep, if any (see the
 * module's description for the characters refused).
 *
 * @since 0.1.0
 * @category guards
 */
export const firstUnsafe = (text: string): Unsafe | undefined => {
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index)
    if (unit < 0x20) {
      if (unit === 0x09 || unit === 0x0a || unit === 0x0d) continue
      return { index, codeUnit: unit, reason: unit === 0 ? "nul" : "control" }
    }
    if (unit < 0x7f) continue
    if (unit <= 0x9f) return { index, codeUnit: unit, reason: "control" }
    if (isHighSurrogate(unit)) {
      if (isLowSurrogate(text.charCodeAt(index + 1))) {
        index++
        continue
      }
      return { index, codeUnit: unit, reason: "surrogate" }
    }
    if (isLowSurrogate(unit)) return { index, codeUnit: unit, reason: "surrogate" }
  }
  return undefined
}

const codePoint = (unit: number): string => `U+${unit.toString(16).toUpperCase().padStart(4, "0")}`

/**
 * What a clerk reads about an unsafe character.
 *
 * @since 0.1.0
 * @category formatting
 */
export const messageOf = (unsafe: Unsafe): string => {
  const at = `at character ${unsafe.index + 1}`
  switch (unsafe.reason) {
    case "nul":
      return `Contains a NUL character (U+0000) ${at}, which cannot be stored; remove it and send the text again.`
    case "control":
      return `Contains the control character ${codePoint(unsafe.codeUnit)} ${at}, which cannot be stored; remove it (only tab and line breaks are allowed).`
    case "surrogate":
      return `Contains a broken character (an unpaired UTF-16 surrogate, ${codePoint(unsafe.codeUnit)}) ${at}; retype the text or send it as valid UTF-8.`
  }
}

/**
 * A key or text as it appears in a field path: unsafe characters written
 * as `\uXXXX`, so that the path itself can be shown and stored.
 */
const printable = (text: string): string => {
  let printed = ""
  let rest = text
  for (let unsafe = firstUnsafe(rest); unsafe !== undefined; unsafe = firstUnsafe(rest)) {
    printed += `${rest.slice(0, unsafe.index)}\\u${unsafe.codeUnit.toString(16).padStart(4, "0")}`
    rest = rest.slice(unsafe.index + 1)
  }
  return printed + rest
}

interface Segment {
  readonly parent: Segment | undefined
  readonly key: string | number
}

const pathOf = (root: string, segment: Segment | undefined): string => {
  const keys: Array<string | number> = []
  for (let current = segment; current !== undefined; current = current.parent) keys.push(current.key)
  return keys
    .reverse()
    .reduce<string>(
      (field, key) =>
        typeof key === "number"
          ? `${field}[${key}]`
          : field === ""
            ? printable(key)
            : `${field}.${printable(key)}`,
      root,
    )
}

/**
 * Every unsafe string of a JSON value, at any depth, as field problems: one
 * per string or key, in document order, each field prefixed by `root` (a
 * request slot, `""` for the body). The walk uses no recursion, so any
 * nesting the JSON parser accepted is walked.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fieldErrorsOf = (value: unknown, root = ""): Array<Problem.FieldError> => {
  const errors: Array<Problem.FieldError> = []
  const stack: Array<{ readonly value: unknown; readonly at: Segment | undefined }> = [
    { value, at: undefined },
  ]
  const report = (at: Segment | undefined, unsafe: Unsafe) =>
    errors.push(Problem.fieldError(ProblemCodes.textUnsafe, pathOf(root, at), messageOf(unsafe)))
  while (stack.length > 0) {
    const { value: current, at } = stack.pop() as (typeof stack)[number]
    if (typeof current === "string") {
      const unsafe = firstUnsafe(current)
      if (unsafe !== undefined) report(at, unsafe)
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        stack.push({ value: current[index], at: { parent: at, key: index } })
    } else if (current !== null && typeof current === "object") {
      const entries = Object.entries(current)
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index] as [string, unknown]
        const child: Segment = { parent: at, key }
        const unsafeKey = firstUnsafe(key)
        // A key is reported before its value; the stack runs in reverse.
        stack.push({ value: item, at: child })
        if (unsafeKey !== undefined) stack.push({ value: key, at: child })
      }
    }
  }
  return errors
}

/**
 * Most field problems one 400 lists; the detail gives the total.
 *
 * @since 0.1.0
 * @category models
 */
export const listedMax = 100

/**
 * The 400 of a request with unsafe text, listing the unsafe fields, then
 * the request's other problems (at most `listedMax` in all).
 *
 * @since 0.1.0
 * @category constructors
 */
export const problemOf = (
  errors: ReadonlyArray<Problem.FieldError>,
  others: ReadonlyArray<Problem.FieldError> = [],
): Problem.BadRequest => {
  const count = errors.length
  const listed = [...errors, ...others].slice(0, listedMax)
  const fields = count === 1 ? "1 field contains" : `${count} fields contain`
  const more =
    others.length === 0
      ? ""
      : ` The request has ${others.length} other problem${others.length === 1 ? "" : "s"}.`
  return Problem.badRequest(
    listed,
    `${fields} a character that cannot be stored (a NUL, a control character or a broken character); remove ${count === 1 ? "it" : "them"} and send the request again.${more}${count + others.length > listedMax ? ` The first ${listedMax} problems are listed.` : ""}`,
  )
}

const isJson = (contentType: string | undefined): boolean =>
  (contentType ?? "application/json").split(";")[0]?.trim().toLowerCase() === "application/json"

const utf8 = new TextDecoder("utf-8", { fatal: true })
const lossyUtf8 = new TextDecoder("utf-8")

/**
 * The field problem of a body whose bytes are not UTF-8 (a surrogate
 * written as bytes, a cut sequence): the platform would read each broken
 * sequence as U+FFFD and store that in place of the text sent.
 *
 * @since 0.1.0
 * @category constructors
 */
export const notUtf8: Problem.FieldError = Problem.fieldError(
  ProblemCodes.textUnsafe,
  "",
  "The body is not valid UTF-8: it holds a broken character (such as an unpaired surrogate written as bytes); send the request as UTF-8 text.",
)

interface Body {
  /** The body as JSON, `undefined` when it is empty or does not parse (the payload decoder reports that). */
  readonly json: unknown
  /** `notUtf8` when its bytes are not UTF-8, then every unsafe string and key. */
  readonly errors: ReadonlyArray<Problem.FieldError>
}

const bodyOf = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.map(Effect.orDie(request.arrayBuffer), (buffer): Body => {
    let text: string
    let encoding: ReadonlyArray<Problem.FieldError> = []
    try {
      text = utf8.decode(buffer)
    } catch {
      text = lossyUtf8.decode(buffer)
      encoding = [notUtf8]
    }
    if (text === "") return { json: undefined, errors: encoding }
    try {
      const json: unknown = JSON.parse(text)
      return { json, errors: [...encoding, ...fieldErrorsOf(json)] }
    } catch {
      return { json: undefined, errors: encoding }
    }
  })

/**
 * The body's other problems, so that one 400 lists the whole request
 * (ERR-3): the body decoded with the endpoint's JSON payload Schema, as the
 * payload decoder would, leaving out the fields already named as unsafe.
 */
const schemaErrorsOf = (
  endpoint: HttpApiEndpoint.Top,
  json: unknown,
  unsafe: ReadonlyArray<Problem.FieldError>,
) => {
  const payload = endpoint.payload.get("application/json")
  if (
    json === undefined ||
    payload === undefined ||
    !("schemas" in payload) ||
    payload.encoding._tag !== "Json"
  )
    return Effect.succeed([])
  const schema = Schema.Union(payload.schemas) as unknown as Schema.Codec<unknown, unknown>
  const named = new Set(unsafe.map((error) => error.field))
  return Schema.decodeUnknownEffect(schema, { errors: "all" })(json).pipe(
    Effect.as<ReadonlyArray<Problem.FieldError>>([]),
    Effect.catch((error) =>
      Effect.succeed(
        Problem.fieldErrorsOf(error.issue, "Payload").filter((problem) => !named.has(problem.field)),
      ),
    ),
  )
}

/**
 * The middleware that refuses a request with unsafe text (see the module's
 * description). It runs after `Auth.Authentication`, before the request is
 * decoded; it reads the body only for an endpoint with a payload (the
 * payload decoder then reads the same, cached, text).
 *
 * @since 0.1.0
 * @category middleware
 */
export class UnsafeTextGuard extends HttpApiMiddleware.Service<UnsafeTextGuard>()(
  "@karya/http/UnsafeText/UnsafeTextGuard",
  { error: [Problem.errorSchemas[0]] },
) {}

/**
 * The guard's implementation.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<UnsafeTextGuard> = Layer.succeed(
  UnsafeTextGuard,
  UnsafeTextGuard.of((httpEffect, { endpoint }) =>
    Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const route = yield* HttpRouter.RouteContext
      const query = yield* HttpServerRequest.ParsedSearchParams
      const readsBody =
        endpoint.payload.size > 0 &&
        HttpMethod.hasBody(request.method) &&
        isJson(request.headers["content-type"])
      const body = readsBody ? yield* bodyOf(request) : { json: undefined, errors: [] }
      const errors = [
        ...fieldErrorsOf(route.params, "path"),
        ...fieldErrorsOf(query, "query"),
        ...fieldErrorsOf(request.headers, "headers"),
        ...body.errors,
      ]
      if (errors.length === 0) return yield* httpEffect
      return yield* problemOf(errors, yield* schemaErrorsOf(endpoint, body.json, body.errors))
    }),
  ),
)
