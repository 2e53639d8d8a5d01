import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import { makeHarness } from "./support/Harness.js"

it.effect("API-1 GET /v1/health answers ok with the core version, without a token", () =>
  Effect.gen(function* () {
    const { send } = yield* makeHarness
    const response = yield* send({ path: "/v1/health" })
    assert.strictEqual(response.status, 200)
    assert.deepStrictEqual((response.json as { status: string }).status, "ok")
  }),
)

it.effect("API-1 the OpenAPI 3.1 document is served at /openapi.json and the docs page at /docs", () =>
  Effect.gen(function* () {
    const { send } = yield* makeHarness
    const document = yield* send({ path: "/openapi.json" })
    assert.strictEqual(document.status, 200)
    const json = document.json as { openapi: string; paths: Record<string, unknown> }
    assert.strictEqual(json.openapi, "3.1.0")
    assert.isTrue("/v1/payment-instructions/{number}/actions" in json.paths)
    const create = (
      json.paths["/v1/bills"] as {
        post: { responses: Record<string, { content?: object }>; security?: unknown }
      }
    ).post
    assert.containsAllKeys(create.responses, ["201", "400", "401", "403", "404", "409", "422", "500", "503"])
    assert.containsAllKeys(create.responses["400"]?.content ?? {}, ["application/problem+json"])
    assert.isDefined(create.security)
    const docs = yield* send({ path: "/docs" })
    assert.strictEqual(docs.status, 200)
    assert.include(docs.text, "<html")
  }),
)
