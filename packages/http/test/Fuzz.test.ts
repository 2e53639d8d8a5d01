/**
 * REL-3: random and malformed requests to every endpoint (paths, query
 * strings, headers, bodies) never answer 500, always answer a problem+json
 * when they fail, and a refused request writes nothing to any store.
 */
import { assert, it } from "@effect/vitest"
import { sampleOrganisationInput, sampleWageSeekerInput } from "@karya/core/testing"
import { Effect } from "effect"
import * as fc from "fast-check"
import { sampleBill } from "./support/Bills.js"
import { makeHarness, otherTenantId, tenantId } from "./support/Harness.js"

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

interface Endpoint {
  readonly method: "GET" | "POST"
  readonly path: (parameter: string) => string
  readonly sample?: Json
  readonly query?: ReadonlyArray<string>
}

const asJson = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json

const endpoints: ReadonlyArray<Endpoint> = [
  { method: "GET", path: () => "/v1/health" },
  { method: "POST", path: () => "/v1/wage-seekers", sample: asJson(sampleWageSeekerInput()) },
  { method: "GET", path: () => "/v1/wage-seekers", query: ["number", "limit", "cursor"] },
  { method: "GET", path: (id) => `/v1/wage-seekers/${id}` },
  { method: "POST", path: () => "/v1/organisations", sample: asJson(sampleOrganisationInput()) },
  {
    method: "GET",
    path: () => "/v1/organisations",
    query: ["number", "externalRegistrationId", "limit", "cursor"],
  },
  { method: "GET", path: (id) => `/v1/organisations/${id}` },
  { method: "POST", path: () => "/v1/bills", sample: asJson(sampleBill("bill-fuzz", "WB/2024-25/000099")) },
  { method: "GET", path: (id) => `/v1/bills/${id}` },
  { method: "GET", path: () => "/v1/payment-instructions", query: ["status", "limit", "cursor"] },
  { method: "GET", path: (number) => `/v1/payment-instructions/${number}` },
  {
    method: "POST",
    path: (number) => `/v1/payment-instructions/${number}/actions`,
    sample: { action: "RESUBMIT", version: 1, comment: "retry" },
  },
  { method: "GET", path: () => "/v1/funds/register", query: ["financialYear", "headOfAccount"] },
  { method: "POST", path: () => "/v1/jit/runs" },
  { method: "GET", path: () => "/openapi.json" },
  { method: "GET", path: (segment) => `/v1/${segment}` },
]

const pathsOf = (sample: Json): ReadonlyArray<ReadonlyArray<string | number>> => {
  const paths: Array<ReadonlyArray<string | number>> = []
  const walk = (value: Json, path: ReadonlyArray<string | number>) => {
    paths.push(path)
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(item as Json, [...path, index])
    } else if (value !== null && typeof value === "object")
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key])
  }
  walk(sample, [])
  return paths
}

const valueAt = (value: Json, path: ReadonlyArray<string | number>): Json | undefined =>
  path.reduce<Json | undefined>(
    (current, key) =>
      current !== null && typeof current === "object"
        ? (current as Record<string | number, Json>)[key]
        : undefined,
    value,
  )

const replaceAt = (
  value: Json,
  path: ReadonlyArray<string | number>,
  replacement: Json | undefined,
): Json | undefined => {
  const [head, ...rest] = path
  if (head === undefined) return replacement
  if (Array.isArray(value)) {
    const copy = [...value] as Array<Json>
    const next = replaceAt(copy[head as number] as Json, rest, replacement)
    if (next === undefined) copy.splice(head as number, 1)
    else copy[head as number] = next
    return copy
  }
  if (value !== null && typeof value === "object") {
    const copy: Record<string, Json> = { ...(value as Record<string, Json>) }
    const next = replaceAt(copy[head as string] as Json, rest, replacement)
    if (next === undefined) delete copy[head as string]
    else copy[head as string] = next
    return copy
  }
  return value
}

/** A value of the same JSON type as `original`, so that the body still decodes and the domain rules decide. */
const sameType = (original: Json | undefined): fc.Arbitrary<Json> =>
  typeof original === "string"
    ? fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.stringMatching(/^\d{1,20}$/),
        fc.constantFrom("", "0", "-1", "2024-02-30"),
      )
    : typeof original === "number"
      ? fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double())
      : typeof original === "boolean"
        ? fc.boolean()
        : Array.isArray(original)
          ? fc.constant([])
          : (fc.jsonValue() as fc.Arbitrary<Json>)

/** A JSON value with one field replaced (by any JSON or by a value of its type), or removed, at any depth. */
const mutated = (sample: Json): fc.Arbitrary<Json> => {
  const paths = pathsOf(sample)
  return fc.nat({ max: paths.length - 1 }).chain((pick) => {
    const path = paths[pick] ?? []
    const original = valueAt(sample, path)
    return fc
      .oneof(
        sameType(original),
        sameType(original),
        fc.jsonValue() as fc.Arbitrary<Json>,
        fc.constant(undefined),
      )
      .map((replacement) => replaceAt(sample, path, replacement) ?? null)
  })
}

const headerText = fc.stringMatching(/^[\x20-\x7e]{0,40}$/)

const bodyOf = (endpoint: Endpoint): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 60 }),
    ...(endpoint.sample === undefined
      ? []
      : [
          fc.constant(JSON.stringify(endpoint.sample)),
          mutated(endpoint.sample).map((value) => JSON.stringify(value)),
          mutated(endpoint.sample)
            .chain((once) => mutated(once))
            .map((value) => JSON.stringify(value)),
        ]),
  )

const requestArbitrary = (knownParameters: ReadonlyArray<string>) =>
  fc.constantFrom(...endpoints).chain((endpoint) =>
    fc.record({
      endpoint: fc.constant(endpoint),
      parameter: fc.oneof(
        fc.constantFrom(...knownParameters),
        fc.string({ maxLength: 30 }).map(encodeURIComponent),
        fc.constantFrom("%2e%2e", "..", "%00", "%", "a%ZZ", "PI-DK%2F2024-25%2F000001%2F..", "x".repeat(300)),
      ),
      query: fc.array(
        fc.tuple(
          fc.oneof(fc.constantFrom(...(endpoint.query ?? ["limit"])), fc.string({ maxLength: 10 })),
          fc.oneof(
            fc.string({ maxLength: 20 }),
            fc.integer().map(String),
            fc.constantFrom("0", "101", "-1", "1e3", ""),
          ),
        ),
        { maxLength: 4 },
      ),
      token: fc.constantFrom("all", "all", "all", "viewer", "none", "garbage", "otherTenant"),
      tenantHeader: fc.oneof(
        fc.constant(undefined),
        fc.constantFrom(tenantId, otherTenantId, "od"),
        headerText,
      ),
      idempotencyKey: fc.oneof(fc.constant(undefined), headerText),
      contentType: fc.constantFrom(
        "application/json",
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/json; charset=utf-8",
      ),
      body: bodyOf(endpoint),
    }),
  )

type FuzzRequest = ReturnType<typeof requestArbitrary> extends fc.Arbitrary<infer R> ? R : never

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

it.effect(
  "REL-3 API-3 random and malformed requests to every endpoint never answer 500 and a refused one writes nothing",
  () =>
    Effect.gen(function* () {
      const { send, token, writes } = yield* makeHarness
      const all = yield* token({ roles: allRoles })
      const tokens: Record<string, string | undefined> = {
        all,
        viewer: yield* token({ roles: ["VIEWER"] }),
        otherTenant: yield* token({ roles: allRoles, tenants: [otherTenantId] }),
        garbage: "eyJhbGciOiJub25lIn0.e30.",
        none: undefined,
      }
      const bill = yield* send({ method: "POST", path: "/v1/bills", token: all, body: sampleBill() })
      assert.strictEqual(bill.status, 201, bill.text)
      const [pi] = (bill.json as { paymentInstructions: ReadonlyArray<{ number: string }> })
        .paymentInstructions
      const known = [encodeURIComponent(pi?.number ?? ""), "bill-0001", "nobody"]
      const context = yield* Effect.context<never>()
      const statuses = new Map<number, number>()
      const check = (request: FuzzRequest) =>
        Effect.gen(function* () {
          const before = yield* writes
          const search = new URLSearchParams(
            request.query.map(([key, value]): [string, string] => [key, value]),
          ).toString()
          const headers: Record<string, string> = { "content-type": request.contentType }
          if (request.idempotencyKey !== undefined) headers["idempotency-key"] = request.idempotencyKey
          const response = yield* send({
            method: request.endpoint.method,
            path: `${request.endpoint.path(request.parameter)}${search === "" ? "" : `?${search}`}`,
            headers,
            ...(tokens[request.token] === undefined ? {} : { token: tokens[request.token] as string }),
            ...(request.tenantHeader === undefined ? {} : { tenant: request.tenantHeader }),
            ...(request.body === undefined || request.endpoint.method === "GET"
              ? {}
              : { rawBody: request.body }),
          })
          const after = yield* writes
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
          const summary = `${request.endpoint.method} ${request.endpoint.path(request.parameter)} -> ${response.status} ${response.text.slice(0, 300)}`
          assert.notStrictEqual(response.status, 500, summary)
          assert.isBelow(response.status, 500, summary)
          assert.notMatch(response.text, /\bat [\w.<>]+ \(|node_modules|SELECT |INSERT /, summary)
          if (response.status >= 400) {
            assert.strictEqual(after, before, `a refused request wrote: ${summary}`)
            assert.strictEqual(response.headers.get("content-type"), "application/problem+json", summary)
            const problem = response.json as { status?: number; code?: string }
            assert.strictEqual(problem.status, response.status, summary)
            assert.isString(problem.code, summary)
          }
        })
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(requestArbitrary(known), (request) =>
            Effect.runPromiseWith(context)(check(request)),
          ),
          { numRuns: 1000 },
        ),
      )
      for (const status of [200, 400, 401, 403, 404]) assert.isTrue(statuses.has(status), `no ${status} seen`)
    }),
  60_000,
)
