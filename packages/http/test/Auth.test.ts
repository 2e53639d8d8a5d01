import { assert, it } from "@effect/vitest"
import { Auth, DemoClock } from "@karya/http"
import { Clock, Context, Effect, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { SignJWT } from "jose"
import { makeHarness, makeHarnessWith, otherTenantId, secret, tenantId } from "./support/Harness.js"

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

/** A token signed with the harness's secret, with exactly these claims. */
const signed = (claims: Record<string, unknown>) =>
  Effect.promise(() =>
    new SignJWT({ sub: "user-1", iss: Auth.issuerDefault, tenants: [tenantId], roles: ["VIEWER"], ...claims })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(Redacted.value(secret))),
  )

const nowSeconds = Effect.map(Clock.currentTimeMillis, (millis) => Math.floor(millis / 1000))

it.effect("API-2 a token without exp is a 401 TOKEN_EXPIRY_MISSING that says the token has no expiry", () =>
  Effect.gen(function* () {
    const { send } = yield* makeHarness
    const now = yield* nowSeconds
    for (const claims of [{ iat: now }, {}]) {
      const response = yield* send({ path: "/v1/payment-instructions", token: yield* signed(claims) })
      assert.strictEqual(response.status, 401)
      assert.strictEqual(response.headers.get("content-type"), "application/problem+json")
      assert.strictEqual(problemOf(response.json).code, "TOKEN_EXPIRY_MISSING")
      assert.include(problemOf(response.json).detail, "has no expiry")
    }
    const expiring = yield* signed({ iat: now, exp: now + 60 })
    assert.strictEqual((yield* send({ path: "/v1/payment-instructions", token: expiring })).status, 200)
  }),
)

it.effect(
  "API-2 a token valid for longer than the maximum lifetime (12 hours) is a 401 TOKEN_LIFETIME_TOO_LONG, from iat or else from now",
  () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const now = yield* nowSeconds
      const cases: ReadonlyArray<readonly [string, string, number]> = [
        ["12 hours from iat", yield* token({ roles: ["VIEWER"], validForSeconds: 12 * 3600 }), 200],
        [
          "12 hours and a second from iat",
          yield* token({ roles: ["VIEWER"], validForSeconds: 12 * 3600 + 1 }),
          401,
        ],
        [
          "issued 11 hours ago, 2 hours left",
          yield* signed({ iat: now - 11 * 3600, exp: now + 2 * 3600 }),
          401,
        ],
        ["no iat, 12 hours from now", yield* signed({ exp: now + 12 * 3600 }), 200],
        ["no iat, 13 hours from now", yield* signed({ exp: now + 13 * 3600 }), 401],
      ]
      for (const [label, bearer, status] of cases) {
        const response = yield* send({ path: "/v1/payment-instructions", token: bearer })
        assert.strictEqual(response.status, status, label)
        if (status === 401) {
          assert.strictEqual(problemOf(response.json).code, "TOKEN_LIFETIME_TOO_LONG", label)
          assert.include(problemOf(response.json).detail, "12h", label)
        }
      }
    }),
)

it.effect(
  "API-2 the maximum lifetime and the clock skew are configurable (KARYA_JWT_MAX_LIFETIME, KARYA_JWT_CLOCK_SKEW)",
  () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarnessWith((context) =>
        Context.add(
          context,
          Auth.AuthSettings,
          Auth.makeSettings({ secret, maxLifetime: "1 hour", clockSkew: "0 seconds" }),
        ),
      )
      const hour = yield* token({ roles: ["VIEWER"], validForSeconds: 3600 })
      const twoHours = yield* token({ roles: ["VIEWER"], validForSeconds: 7200 })
      assert.strictEqual((yield* send({ path: "/v1/payment-instructions", token: hour })).status, 200)
      const tooLong = yield* send({ path: "/v1/payment-instructions", token: twoHours })
      assert.strictEqual(problemOf(tooLong.json).code, "TOKEN_LIFETIME_TOO_LONG")
      yield* TestClock.adjust("3601 seconds")
      const expired = yield* send({ path: "/v1/payment-instructions", token: hour })
      assert.strictEqual(problemOf(expired.json).code, "TOKEN_EXPIRED", "no skew: a second after exp")
    }),
)

it.effect(
  "API-2 exp is checked with a minute's clock skew on the Effect clock; nbf and iat later than that are 401 TOKEN_NOT_YET_VALID",
  () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const now = yield* nowSeconds
      const notYet = yield* signed({ iat: now, nbf: now + 120, exp: now + 3600 })
      const nearlyNow = yield* signed({ iat: now, nbf: now + 30, exp: now + 3600 })
      const issuedLater = yield* signed({ iat: now + 120, exp: now + 3600 })
      assert.strictEqual(
        problemOf((yield* send({ path: "/v1/payment-instructions", token: notYet })).json).code,
        "TOKEN_NOT_YET_VALID",
      )
      assert.strictEqual(
        problemOf((yield* send({ path: "/v1/payment-instructions", token: issuedLater })).json).code,
        "TOKEN_NOT_YET_VALID",
      )
      assert.strictEqual((yield* send({ path: "/v1/payment-instructions", token: nearlyNow })).status, 200)
      const minute = yield* token({ roles: ["VIEWER"], validForSeconds: 60 })
      yield* TestClock.adjust("110 seconds")
      assert.strictEqual(
        (yield* send({ path: "/v1/payment-instructions", token: minute })).status,
        200,
        "50 seconds after exp: within the skew",
      )
      yield* TestClock.adjust("20 seconds")
      const expired = yield* send({ path: "/v1/payment-instructions", token: minute })
      assert.strictEqual(problemOf(expired.json).code, "TOKEN_EXPIRED", "70 seconds after exp")
    }),
)

it.effect(
  "API-2 tokens are issued and checked on the real clock (SecurityClock), not on the demo's fast business clock",
  () =>
    Effect.gen(function* () {
      const { token } = yield* makeHarness
      // The test clock stands for real time; business time runs on a DemoClock over it.
      const realClock = yield* Effect.clockWith(Effect.succeed)
      const business = DemoClock.makeAdjustable({
        // Business time stands ten days ahead: a token issued on it would not be valid yet.
        startMs: realClock.currentTimeMillisUnsafe() + 10 * 24 * 3600 * 1000,
        speed: 0,
        realClock,
      })
      const verify = Auth.makeVerifier(Auth.makeSettings({ secret }))
      const viewer = yield* business.provide(token({ roles: ["VIEWER"], validForSeconds: 3600 }))
      business.advance(30 * 24 * 3600 * 1000)
      const later = yield* business.provide(verify(viewer))
      assert.strictEqual(later.sub, "user-1", "30 business days later, no real time later")
      // Without the security clock, the business clock expires it (the bug of issue 11).
      const leaked = yield* verify(viewer).pipe(
        Effect.provideService(Clock.Clock, business.clock),
        Effect.flip,
      )
      assert.strictEqual(leaked.code, "TOKEN_EXPIRED")
      yield* TestClock.adjust("2 hours")
      const expired = yield* business.provide(verify(viewer)).pipe(Effect.flip)
      assert.strictEqual(expired.code, "TOKEN_EXPIRED", "two real hours later")
    }),
)
