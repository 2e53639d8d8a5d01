/**
 * ERR-2, ERR-3, API-3, REL-3: bad input never gives a 500. Random JSON
 * bodies (NUL and lone surrogates in strings and keys, huge numbers, deep
 * nesting, wrong types, malformed JSON) posted to every write endpoint are
 * answered with a 2xx or a 4xx problem, never a 5xx; a refused one writes
 * nothing, and one with unsafe text is a 400 naming every such field.
 */
import { assert, describe, it } from "@effect/vitest"
import { sampleOrganisationInput, sampleWageSeekerInput } from "@karya/core/testing"
import { Effect } from "effect"
import * as fc from "fast-check"
import { sampleBill } from "./support/Bills.js"
import { makeHarness } from "./support/Harness.js"

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

interface ProblemJson {
  readonly status: number
  readonly code: string
  readonly errors: ReadonlyArray<{ readonly field: string; readonly code: string }>
}

const asJson = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json

interface WriteEndpoint {
  readonly name: string
  readonly path: (piNumber: string) => string
  readonly sample: Json
}

const writeEndpoints: ReadonlyArray<WriteEndpoint> = [
  { name: "wage seeker", path: () => "/v1/wage-seekers", sample: asJson(sampleWageSeekerInput()) },
  { name: "organisation", path: () => "/v1/organisations", sample: asJson(sampleOrganisationInput()) },
  {
    name: "bill",
    path: () => "/v1/bills",
    sample: asJson(sampleBill("bill-bad-input", "WB/2024-25/000077")),
  },
  {
    name: "PI action",
    path: (piNumber) => `/v1/payment-instructions/${encodeURIComponent(piNumber)}/actions`,
    sample: { action: "REFRESH", version: 1, comment: "check" },
  },
]

const encoder = new TextEncoder()
const decoder = new TextDecoder("utf-8", { ignoreBOM: true })

/** What the server reads of a body: its UTF-8 bytes, decoded. */
const asReceived = (body: string): string => decoder.decode(encoder.encode(body))

/** Independent of `UnsafeText`: text that does not survive UTF-8, or holds a control character other than tab and line breaks. */
const isUnsafe = (text: string): boolean =>
  asReceived(text) !== text ||
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(text)

/** How many strings and keys of a JSON value are unsafe. */
const unsafeCount = (value: unknown): number => {
  let count = 0
  const stack: Array<unknown> = [value]
  while (stack.length > 0) {
    const current = stack.pop()
    if (typeof current === "string") count += isUnsafe(current) ? 1 : 0
    else if (Array.isArray(current)) stack.push(...current)
    else if (current !== null && typeof current === "object")
      for (const [key, item] of Object.entries(current)) {
        count += isUnsafe(key) ? 1 : 0
        stack.push(item)
      }
  }
  return count
}

const parsed = (body: string): { readonly ok: boolean; readonly value?: unknown } => {
  try {
    return { ok: true, value: JSON.parse(body) }
  } catch {
    return { ok: false }
  }
}

// ------------------------------------------------------------ arbitraries

/** Code units, often the ones the stores cannot keep. */
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "\u0000",
      "\u0001",
      "\u001b",
      "\u007f",
      "\u0085",
      "\ud800",
      "\udfff",
      "\t",
      "\n",
      "😀",
      "ଅ",
    ),
  },
)

const text = fc.string({ unit, maxLength: 12 })

const hugeNumber = fc.constantFrom(
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  5e-324,
  -0,
  2 ** 31,
  -(2 ** 63),
)

const deep = fc
  .tuple(fc.integer({ min: 1, max: 3000 }), fc.oneof(fc.constant<Json>(1), text as fc.Arbitrary<Json>))
  .map(([depth, leaf]) => {
    let value: Json = leaf
    for (let level = 0; level < depth; level++) value = level % 2 === 0 ? [value] : { a: value }
    return value
  })

const anyJson = fc.jsonValue({ stringUnit: unit, maxDepth: 4 }) as fc.Arbitrary<Json>

const pathsOf = (sample: Json): ReadonlyArray<ReadonlyArray<string | number>> => {
  const paths: Array<ReadonlyArray<string | number>> = []
  const walk = (value: Json, path: ReadonlyArray<string | number>) => {
    paths.push(path)
    if (Array.isArray(value))
      for (const [index, item] of value.entries()) walk(item as Json, [...path, index])
    else if (value !== null && typeof value === "object")
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key])
  }
  walk(sample, [])
  return paths
}

const replaceAt = (value: Json, path: ReadonlyArray<string | number>, replacement: Json): Json => {
  const [head, ...rest] = path
  if (head === undefined) return replacement
  if (Array.isArray(value)) {
    const copy = [...value] as Array<Json>
    copy[head as number] = replaceAt(copy[head as number] as Json, rest, replacement)
    return copy
  }
  if (value !== null && typeof value === "object")
    return { ...value, [head]: replaceAt((value as Record<string, Json>)[head] as Json, rest, replacement) }
  return value
}

/** The sample with one to three fields, at any depth, replaced by unsafe text, a huge number, deep nesting or a value of another type; or a key added. */
const mutated = (sample: Json): fc.Arbitrary<Json> => {
  const paths = pathsOf(sample)
  const once = (value: Json) =>
    fc
      .tuple(
        fc.constantFrom(...paths),
        fc.oneof(text, hugeNumber, deep, anyJson, fc.constantFrom<Json>(null, true, [], {}, "")),
        fc.option(text, { nil: undefined }),
      )
      .map(([path, replacement, key]) =>
        key === undefined
          ? replaceAt(value, path, replacement as Json)
          : replaceAt(value, [...path, key], replacement as Json),
      )
  return fc
    .integer({ min: 1, max: 3 })
    .chain((times) =>
      Array.from({ length: times - 1 }).reduce<fc.Arbitrary<Json>>(
        (arbitrary) => arbitrary.chain(once),
        once(sample),
      ),
    )
}

const malformed = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    "[1,]",
    "{'a':1}",
    '{"a":}',
    "NaN",
    "undefined",
    '{"a":1}}',
    "\u0000",
    '"\\ud800',
    '{"a":"\u0000"}',
  ),
  fc.string({ unit, maxLength: 30 }),
)

/** A body as sent: JSON of a mutated sample or of any value, a number field written as `1e999`, deep nesting, or malformed text. */
const bodyOf = (endpoint: WriteEndpoint): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 5, arbitrary: mutated(endpoint.sample).map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: anyJson.map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: deep.map((value) => JSON.stringify(value)) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("1e999", "-1e999", "123456789012345678901234567890", "1.0000000000000000000001")
        .map((number) => JSON.stringify(endpoint.sample).replace(/:\s*(\d+)/, `:${number}`)),
    },
    { weight: 1, arbitrary: malformed },
  )

const allRoles = [
  "WAGE_SEEKER_REGISTRAR",
  "ORGANISATION_REGISTRAR",
  "BILL_APPROVER",
  "PAYMENT_OFFICER",
  "VIEWER",
  "VIEW_WS_UNMASKED",
  "VIEW_ORG_UNMASKED",
  "VIEW_DED_UNMASKED",
]

describe("bad input", () => {
  it.effect(
    "ERR-2 ERR-3 API-3 REL-3 random JSON bodies to every write endpoint never answer 5xx; a refused one is a problem and writes nothing; unsafe text is a 400 naming every such field first",
    () =>
      Effect.gen(function* () {
        const { send, token, writes } = yield* makeHarness
        const all = yield* token({ roles: allRoles })
        const bill = yield* send({ method: "POST", path: "/v1/bills", token: all, body: sampleBill() })
        assert.strictEqual(bill.status, 201, bill.text)
        const [pi] = (bill.json as { paymentInstructions: ReadonlyArray<{ number: string }> })
          .paymentInstructions
        const piNumber = pi?.number ?? ""
        const context = yield* Effect.context<never>()
        const seen = new Map<number, number>()
        const check = (endpoint: WriteEndpoint, body: string) =>
          Effect.gen(function* () {
            const before = yield* writes
            const response = yield* send({
              method: "POST",
              path: endpoint.path(piNumber),
              token: all,
              rawBody: body,
            })
            const after = yield* writes
            seen.set(response.status, (seen.get(response.status) ?? 0) + 1)
            const summary = `${endpoint.name} ${body.slice(0, 200)} -> ${response.status} ${response.text.slice(0, 300)}`
            assert.isAtLeast(response.status, 200, summary)
            assert.isBelow(response.status, 500, summary)
            if (response.status >= 400) {
              assert.strictEqual(response.headers.get("content-type"), "application/problem+json", summary)
              assert.strictEqual((response.json as ProblemJson).status, response.status, summary)
              assert.strictEqual(after, before, `a refused request wrote: ${summary}`)
            }
            const received = parsed(asReceived(body))
            if (!received.ok) assert.strictEqual(response.status, 400, summary)
            const unsafe = received.ok ? unsafeCount(received.value) : 0
            if (unsafe > 0) {
              assert.strictEqual(response.status, 400, summary)
              const problem = response.json as ProblemJson
              const codes = problem.errors.map((error) => error.code)
              const named = Math.min(unsafe, 100)
              assert.deepStrictEqual(
                codes.slice(0, named),
                Array.from({ length: named }, () => "TEXT_UNSAFE"),
                summary,
              )
              assert.notInclude(codes.slice(named), "TEXT_UNSAFE", summary)
            }
          })
        const request = fc
          .constantFrom(...writeEndpoints)
          .chain((endpoint) => fc.tuple(fc.constant(endpoint), bodyOf(endpoint)))
        yield* Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(request, ([endpoint, body]) =>
              Effect.runPromiseWith(context)(check(endpoint, body)),
            ),
            { seed: 11_007, numRuns: 400 },
          ),
        )
        for (const status of [400, 422])
          assert.isTrue(seen.has(status), `no ${status} seen: ${[...seen.keys()]}`)
      }),
    180_000,
  )

  it.effect(
    "ERR-2 API-3 malformed JSON to every write endpoint is a 400 REQUEST_INVALID and writes nothing",
    () =>
      Effect.gen(function* () {
        const { send, token, writes } = yield* makeHarness
        const all = yield* token({ roles: allRoles })
        for (const endpoint of writeEndpoints)
          for (const body of ["{", "[1,]", "{'a':1}", '{"name":}', "NaN", '{"a":1}}', '"\\ud800', "\u0000"]) {
            const response = yield* send({
              method: "POST",
              path: endpoint.path("PI-DK/2024-25/000001"),
              token: all,
              rawBody: body,
            })
            assert.strictEqual(response.status, 400, `${endpoint.name} ${body} -> ${response.text}`)
            assert.strictEqual((response.json as ProblemJson).code, "REQUEST_INVALID")
          }
        assert.strictEqual(yield* writes, 0)
      }),
  )
})
