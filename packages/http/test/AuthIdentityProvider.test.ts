/**
 * Tokens of the state's identity provider (`KARYA_JWKS_URL`): RS256 and
 * ES256 tokens verified against its key set, served by a local JWKS server
 * on 127.0.0.1; the time is the test clock's, given to jose as `currentDate`.
 */
import { assert, it } from "@effect/vitest"
import { Config } from "@karya/core"
import { Auth, ProblemCodes } from "@karya/http"
import { Clock, ConfigProvider, Context, Duration, Effect } from "effect"
import { UnsecuredJWT } from "jose"
import { makeHarnessWith, secret, tenantId } from "./support/Harness.js"
import * as IdentityProvider from "./support/IdentityProvider.js"

const problemOf = (json: unknown) => json as { status: number; code: string; detail: string }

const nowSeconds = Effect.map(Clock.currentTimeMillis, (millis) => Math.floor(millis / 1000))

const identityProviderSettings = (jwksUrl: URL, claimNames?: Partial<Auth.ClaimNames>) =>
  Auth.makeSettings({
    secret,
    jwksUrl,
    issuer: IdentityProvider.issuer,
    audience: IdentityProvider.audience,
    ...(claimNames === undefined ? {} : { claimNames }),
  })

/** A harness whose server accepts the identity provider's tokens of `jwksUrl`. */
const harnessOf = (jwksUrl: URL, claimNames?: Partial<Auth.ClaimNames>) =>
  makeHarnessWith((context) =>
    Context.add(context, Auth.AuthSettings, identityProviderSettings(jwksUrl, claimNames)),
  )

const keys = Effect.all({
  rsa: IdentityProvider.keyPair("RS256", "rsa-1"),
  ec: IdentityProvider.keyPair("ES256", "ec-1"),
})

const karyaClaims = { sub: "payment-officer.dhenkanal", tenants: [tenantId], roles: ["PAYMENT_OFFICER"] }

it.effect(
  "API-2 the identity provider's RS256 and ES256 tokens are accepted and give the principal of Karya's own token",
  () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { rsa, ec } = yield* keys
        const jwksUrl = yield* IdentityProvider.serveKeySet({ keys: [rsa.jwk, ec.jwk] })
        const { send } = yield* harnessOf(jwksUrl)
        const now = yield* nowSeconds
        const own = yield* Auth.makeVerifier(Auth.makeSettings({ secret }))(
          yield* Auth.issueToken(karyaClaims).pipe(Effect.provide(Auth.layerSettings({ secret }))),
        )
        const expected = Auth.principalOf(own, Config.TenantId.makeUnsafe(tenantId))
        const verify = Auth.makeVerifier(identityProviderSettings(jwksUrl))
        for (const key of [rsa, ec]) {
          const token = yield* IdentityProvider.sign(key, now, karyaClaims)
          assert.deepStrictEqual(Auth.principalOf(yield* verify(token), expected.tenantId), expected, key.alg)
          const read = yield* send({ path: "/v1/payment-instructions", token })
          assert.strictEqual(read.status, 200, `${key.alg}: ${JSON.stringify(read.json)}`)
          const run = yield* send({ method: "POST", path: "/v1/jit/runs", token })
          assert.strictEqual(run.status, 200, `${key.alg}: the payment officer runs JIT`)
        }
      }),
    ),
)

it.effect(
  "API-2 the claim names are configurable: a nested roles claim, a namespaced tenants claim of one string",
  () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { rsa } = yield* keys
        const jwksUrl = yield* IdentityProvider.serveKeySet({ keys: [rsa.jwk] })
        const claimNames = {
          userId: "preferred_username",
          tenants: "https://karya.od.example/tenants",
          roles: "realm_access.roles",
        }
        const { send } = yield* harnessOf(jwksUrl, claimNames)
        const token = yield* IdentityProvider.sign(rsa, yield* nowSeconds, {
          sub: "5f0c2a9e-7c41-4d3b-9a55-1d2f0b6c8e11",
          preferred_username: "viewer.dhenkanal",
          "https://karya.od.example/tenants": tenantId,
          realm_access: { roles: ["VIEWER", "offline_access"] },
        })
        const claims = yield* Auth.makeVerifier(identityProviderSettings(jwksUrl, claimNames))(token)
        assert.deepStrictEqual(claims, {
          sub: "viewer.dhenkanal",
          tenants: [tenantId],
          roles: ["VIEWER", "offline_access"],
        })
        const read = yield* send({ path: "/v1/payment-instructions", token })
        assert.strictEqual(read.status, 200)
        const run = yield* send({ method: "POST", path: "/v1/jit/runs", token })
        assert.strictEqual(run.status, 403, "a viewer does not run JIT")
        // With Karya's claim names the same token names no tenants: 401.
        const unmapped = yield* Auth.makeVerifier(identityProviderSettings(jwksUrl))(token).pipe(Effect.flip)
        assert.strictEqual(unmapped.code, ProblemCodes.tokenInvalid.code)
      }),
    ),
)

it.effect(
  "API-2 with KARYA_JWKS_URL: another key, HS256, none, expired, no exp, too long-lived, another issuer or audience are 401",
  () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { rsa, ec } = yield* keys
        const stranger = yield* IdentityProvider.keyPair("RS256", "rsa-1")
        const jwksUrl = yield* IdentityProvider.serveKeySet({ keys: [rsa.jwk, ec.jwk] })
        const { send, token: karyaToken } = yield* harnessOf(jwksUrl)
        const now = yield* nowSeconds
        const claims = { sub: "viewer.dhenkanal", tenants: [tenantId], roles: ["VIEWER"] }
        const cases: ReadonlyArray<readonly [string, string, string]> = [
          [
            "signed by another key under a known kid",
            yield* IdentityProvider.sign(stranger, now, claims),
            "TOKEN_INVALID",
          ],
          [
            "signed by another key under an unknown kid",
            yield* IdentityProvider.sign(stranger, now, claims, { kid: "rsa-2" }),
            "TOKEN_INVALID",
          ],
          ["HS256 (Karya's own token)", yield* karyaToken({ roles: ["VIEWER"] }), "TOKEN_INVALID"],
          [
            "alg none",
            new UnsecuredJWT({ ...claims })
              .setIssuer(IdentityProvider.issuer)
              .setAudience(IdentityProvider.audience)
              .setIssuedAt(now)
              .setExpirationTime(now + 3600)
              .encode(),
            "TOKEN_INVALID",
          ],
          [
            "expired",
            yield* IdentityProvider.sign(ec, now, { ...claims, iat: now - 7200, exp: now - 3600 }),
            "TOKEN_EXPIRED",
          ],
          [
            "without exp",
            yield* IdentityProvider.sign(ec, now, { ...claims, exp: undefined }),
            "TOKEN_EXPIRY_MISSING",
          ],
          [
            "valid for 13 hours",
            yield* IdentityProvider.sign(rsa, now, { ...claims, exp: now + 13 * 3600 }),
            "TOKEN_LIFETIME_TOO_LONG",
          ],
          [
            "of another issuer",
            yield* IdentityProvider.sign(rsa, now, { ...claims, iss: "https://sso.other.example" }),
            "TOKEN_INVALID",
          ],
          [
            "for another audience",
            yield* IdentityProvider.sign(rsa, now, { ...claims, aud: "another-app" }),
            "TOKEN_INVALID",
          ],
        ]
        for (const [label, token, code] of cases) {
          const response = yield* send({ path: "/v1/payment-instructions", token })
          assert.strictEqual(response.status, 401, label)
          assert.strictEqual(response.headers.get("content-type"), "application/problem+json", label)
          assert.strictEqual(problemOf(response.json).code, code, label)
        }
        const accepted = yield* send({
          path: "/v1/payment-instructions",
          token: yield* IdentityProvider.sign(rsa, now, claims),
        })
        assert.strictEqual(accepted.status, 200, "the same claims, signed by the provider's key")
      }),
    ),
)

it.effect(
  "API-2 an identity provider whose key set cannot be read is a 503 IDENTITY_PROVIDER_UNAVAILABLE without driver text",
  () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { rsa } = yield* keys
        const now = yield* nowSeconds
        const token = yield* IdentityProvider.sign(rsa, now, {
          sub: "viewer.dhenkanal",
          tenants: [tenantId],
          roles: ["VIEWER"],
        })
        const unreachable = yield* IdentityProvider.unreachableKeySet
        const failing = yield* IdentityProvider.serveKeySet({ status: 502 })
        for (const jwksUrl of [unreachable, failing]) {
          const { send } = yield* harnessOf(jwksUrl)
          const response = yield* send({ path: "/v1/payment-instructions", token })
          assert.strictEqual(response.status, 503, jwksUrl.href)
          assert.strictEqual(response.headers.get("content-type"), "application/problem+json")
          const problem = problemOf(response.json)
          assert.strictEqual(problem.code, "IDENTITY_PROVIDER_UNAVAILABLE")
          assert.strictEqual(problem.detail, ProblemCodes.identityProviderUnavailable.detail)
          assert.notMatch(JSON.stringify(response.json), /ECONNREFUSED|fetch|upstream|127\.0\.0\.1/)
        }
      }),
    ),
)

const optionsOf = (env: Record<string, string>) =>
  Effect.gen(function* () {
    return yield* Auth.config
  }).pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env })))

it.effect("API-2 Auth.config reads KARYA_JWKS_URL, the issuer, audience, claim names and durations", () =>
  Effect.gen(function* () {
    const options = yield* optionsOf({
      KARYA_JWKS_URL: "https://sso.od.example/certs",
      KARYA_JWT_AUDIENCE: "karya-api",
      KARYA_JWT_CLAIM_ROLES: "realm_access.roles",
      KARYA_JWT_MAX_LIFETIME: "8 hours",
    })
    const settings = Auth.makeSettings({ ...options, secret })
    assert.strictEqual(settings.jwksUrl?.href, "https://sso.od.example/certs")
    assert.strictEqual(settings.issuer, undefined)
    assert.strictEqual(settings.audience, "karya-api")
    assert.deepStrictEqual(settings.claimNames, {
      userId: "sub",
      tenants: "tenants",
      roles: "realm_access.roles",
    })
    assert.strictEqual(Duration.toSeconds(settings.maxLifetime), 8 * 3600)
    const defaults = Auth.makeSettings({ ...(yield* optionsOf({})), secret })
    assert.strictEqual(defaults.jwksUrl, undefined)
    assert.deepStrictEqual(defaults.claimNames, Auth.claimNamesDefault)
    assert.strictEqual(Duration.toSeconds(defaults.maxLifetime), 12 * 3600)
    assert.strictEqual(Duration.toSeconds(defaults.clockSkew), 60)
  }),
)
