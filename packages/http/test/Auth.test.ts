import { assert, it } from "@effect/vitest"
import { Auth } from "@karya/http"
import { Effect, Redacted } from "effect"
import { makeHarness, otherTenantId, tenantId } from "./support/Harness.js"

const problemOf = (json: unknown) =>
  json as { status: number; code: string; type: string; title: string; detail: string }

it.effect("API-2 a request without a bearer token is a 401 problem", () =>
  Effect.gen(function* () {
    const { send } = yield* makeHarness
    const response = yield* send({ path: "/v1/payment-instructions" })
    assert.strictEqual(response.status, 401)
    assert.strictEqual(response.headers.get("content-type"), "application/problem+json")
    assert.strictEqual(problemOf(response.json).code, "TOKEN_MISSING")
  }),
)

it.effect("API-2 a token signed with another secret, or not a JWT at all, is a 401 TOKEN_INVALID", () =>
  Effect.gen(function* () {
    const { send } = yield* makeHarness
    const forged = yield* Auth.issueToken({
      sub: "mallory",
      tenants: [tenantId],
      roles: ["PAYMENT_OFFICER"],
    }).pipe(
      Effect.provide(
        Auth.layerSettings({ secret: Redacted.make("another-secret-of-enough-length-to-sign") }),
      ),
    )
    for (const token of [forged, "not-a-jwt", "a.b.c"]) {
      const response = yield* send({ path: "/v1/payment-instructions", token })
      assert.strictEqual(response.status, 401)
      assert.strictEqual(problemOf(response.json).code, "TOKEN_INVALID")
    }
  }),
)

it.effect("API-2 an expired token is a 401 TOKEN_EXPIRED (checked against the Effect clock)", () =>
  Effect.gen(function* () {
    const { send, token } = yield* makeHarness
    const expired = yield* token({ roles: ["VIEWER"], validForSeconds: -60 })
    const response = yield* send({ path: "/v1/payment-instructions", token: expired })
    assert.strictEqual(response.status, 401)
    assert.strictEqual(problemOf(response.json).code, "TOKEN_EXPIRED")
  }),
)

it.effect("API-2 a token with several tenants and no X-Tenant-Id header is a 400 TENANT_REQUIRED", () =>
  Effect.gen(function* () {
    const { send, token } = yield* makeHarness
    const twoUlbs = yield* token({ roles: ["VIEWER"], tenants: [tenantId, otherTenantId] })
    const response = yield* send({ path: "/v1/payment-instructions", token: twoUlbs })
    assert.strictEqual(response.status, 400)
    assert.strictEqual(problemOf(response.json).code, "REQUEST_INVALID")
  }),
)

it.effect(
  "API-2 TEN-1 a tenant the token does not reach is a 403; the token's only tenant is the default",
  () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const viewer = yield* token({ roles: ["VIEWER"] })
      const elsewhere = yield* send({
        path: "/v1/payment-instructions",
        token: viewer,
        tenant: otherTenantId,
      })
      assert.strictEqual(elsewhere.status, 403)
      assert.strictEqual(problemOf(elsewhere.json).code, "TENANT_NOT_ALLOWED")
      const home = yield* send({ path: "/v1/payment-instructions", token: viewer })
      assert.strictEqual(home.status, 200)
      const stateWide = yield* token({ roles: ["VIEWER"], tenants: ["od"] })
      const anyUlb = yield* send({
        path: "/v1/payment-instructions",
        token: stateWide,
        tenant: otherTenantId,
      })
      assert.strictEqual(anyUlb.status, 200)
    }),
)

it.effect("API-2 an endpoint's roles: a viewer may read PIs but not run JIT (403 ROLE_NOT_ALLOWED)", () =>
  Effect.gen(function* () {
    const { send, token } = yield* makeHarness
    const viewer = yield* token({ roles: ["VIEWER"] })
    const response = yield* send({ method: "POST", path: "/v1/jit/runs", token: viewer })
    assert.strictEqual(response.status, 403)
    assert.strictEqual(problemOf(response.json).code, "ROLE_NOT_ALLOWED")
    const officer = yield* token({ roles: ["PAYMENT_OFFICER"] })
    const run = yield* send({ method: "POST", path: "/v1/jit/runs", token: officer })
    assert.strictEqual(run.status, 200)
  }),
)
