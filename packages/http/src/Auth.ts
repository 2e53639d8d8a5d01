/**
 * Bearer-token authentication and per-endpoint roles (API-2, TEN-1).
 *
 * A request carries `Authorization: Bearer <JWT>` whose claims are `sub`
 * (the user id), `tenants` (the tenants the user works in: ULBs such as
 * `od.dhenkanal`, or a state `od` that reaches every ULB under it) and
 * `roles`. The token is either Karya's own, HS256 signed with the server's
 * secret (configuration `KARYA_JWT_SECRET`, never from source, REL-4: the
 * demo, tests, deployments without an identity provider), or, when
 * `KARYA_JWKS_URL` is set, one of the state's identity provider, RS256 or
 * ES256 signed with a key of its key set, whose claim names are
 * configurable (`KARYA_JWT_CLAIM_*`); then only those are accepted.
 *
 * Every token must expire: without `exp` it is refused, and so is one
 * valid for longer than the maximum lifetime (`KARYA_JWT_MAX_LIFETIME`,
 * default 12 hours, from `iat`, or from now without `iat`). `exp`, `nbf`
 * and `iat` are checked on real time, with a small skew
 * (`KARYA_JWT_CLOCK_SKEW`, default one minute): the fiber's `Clock`, or
 * the {@link SecurityClock} when the process runs a business clock of its
 * own (the demo).
 *
 * The request's tenant is its `X-Tenant-Id` header, or the token's only
 * tenant when the header is absent. 401 without a token or with one that
 * does not verify (bad signature or algorithm, wrong issuer or audience,
 * expired, no expiry, too long-lived, malformed claims); 503 when the
 * identity provider's key set cannot be read; 403 when the
 * tenant is not reached by the token or the token holds none of the
 * endpoint's roles. The handlers read the caller as `CurrentPrincipal`, with
 * an `Actor` holding each role in each of the token's tenants, which the
 * core use cases check again (WF-2, PRIV-1).
 *
 * Roles (MUKTA personas; the registries' and bills' role names where they
 * exist): `WAGE_SEEKER_REGISTRAR` and `ORG_ADMIN` register wage seekers,
 * `ORGANISATION_REGISTRAR` organisations, `BILL_APPROVER` records approved
 * bills for payment, `PAYMENT_OFFICER` (the ULB accountant) acts on payment
 * instructions and runs JIT, `VIEWER` reads; the unmask roles
 * `VIEW_WS_UNMASKED`, `VIEW_ORG_UNMASKED`, `VIEW_DED_UNMASKED` unmask
 * sensitive fields (PRIV-1).
 *
 * @since 0.1.0
 */
import { Config, Workflow } from "@karya/core"
import {
  Clock,
  Context,
  Duration,
  Effect,
  Config as EffectConfig,
  Layer,
  Option,
  Redacted,
  Schema,
} from "effect"
import { HttpServerRequest } from "effect/http"
import { HttpApiMiddleware, HttpApiSecurity } from "effect/http-api"
import {
  createRemoteJWKSet,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
} from "jose"
import * as Problem from "./Problem.js"
import * as ProblemCodes from "./ProblemCodes.js"

type TenantId = Config.TenantId.TenantId
type Actor = Workflow.Actor.Actor

/**
 * The roles the API's endpoints ask for.
 *
 * @since 0.1.0
 * @category models
 */
export const Roles = {
  wageSeekerRegistrar: "WAGE_SEEKER_REGISTRAR",
  organisationAdmin: "ORG_ADMIN",
  organisationRegistrar: "ORGANISATION_REGISTRAR",
  billApprover: "BILL_APPROVER",
  paymentOfficer: "PAYMENT_OFFICER",
  viewer: "VIEWER",
  viewWageSeekersUnmasked: "VIEW_WS_UNMASKED",
  viewOrganisationsUnmasked: "VIEW_ORG_UNMASKED",
  viewDepartmentBeneficiariesUnmasked: "VIEW_DED_UNMASKED",
} as const

/**
 * The roles that may read: every role of {@link Roles}.
 *
 * @since 0.1.0
 * @category models
 */
export const readerRoles: ReadonlyArray<string> = Object.values(Roles)

/**
 * The claims of a Karya token.
 *
 * @since 0.1.0
 * @category models
 */
export const Claims = Schema.Struct({
  sub: Schema.NonEmptyString,
  tenants: Schema.Array(Schema.String),
  roles: Schema.Array(Schema.String),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Claims = typeof Claims.Type

/**
 * The authenticated caller of a request, in the request's tenant.
 *
 * @since 0.1.0
 * @category models
 */
export interface Principal {
  readonly userId: string
  readonly tenantId: TenantId
  readonly roles: ReadonlyArray<string>
  /** Every role granted in every tenant of the token, for the core use cases. */
  readonly actor: Actor
}

/**
 * The caller of the current request.
 *
 * @since 0.1.0
 * @category services
 */
export class CurrentPrincipal extends Context.Service<CurrentPrincipal, Principal>()(
  "@karya/http/Auth/CurrentPrincipal",
) {}

/**
 * The roles an endpoint asks for (any one of them); an endpoint without the
 * annotation only needs a verified token that reaches the tenant.
 *
 * @since 0.1.0
 * @category annotations
 */
export class RequiredRoles extends Context.Service<RequiredRoles, ReadonlyArray<string>>()(
  "@karya/http/Auth/RequiredRoles",
) {}

/**
 * The names of the claims that hold the user id, the tenants and the roles
 * of an identity provider's token. A name is first looked up as a claim of
 * its own (`https://karya.example/roles`); if there is none, a dotted name
 * is followed into nested claims (`realm_access.roles`). The tenants and
 * the roles may be a list of strings or a single string.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClaimNames {
  readonly userId: string
  readonly tenants: string
  readonly roles: string
}

/**
 * Karya's own claim names (`sub`, `tenants`, `roles`): those of the tokens
 * it issues, and the default for an identity provider's.
 *
 * @since 0.1.0
 * @category models
 */
export const claimNamesDefault: ClaimNames = { userId: "sub", tenants: "tenants", roles: "roles" }

/**
 * The issuer Karya writes into its tokens.
 *
 * @since 0.1.0
 * @category models
 */
export const issuerDefault = "karya"

/**
 * The longest a token may be valid for, from its issue (`iat`) to its
 * expiry (`exp`), unless configured: 12 hours, a working day and more.
 *
 * @since 0.1.0
 * @category models
 */
export const maxLifetimeDefault: Duration.Duration = Duration.hours(12)

/**
 * How far the clocks of the token's signer and of the server may differ
 * when `exp`, `nbf` and `iat` are checked, unless configured: one minute.
 *
 * @since 0.1.0
 * @category models
 */
export const clockSkewDefault: Duration.Duration = Duration.minutes(1)

/**
 * How long the server waits for the identity provider's key set before it
 * answers 503.
 *
 * @since 0.1.0
 * @category models
 */
export const keySetTimeout: Duration.Duration = Duration.seconds(5)

/**
 * How tokens are checked, apart from the HS256 secret.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenOptions {
  /**
   * The key set (JWKS) of the state's identity provider: when set, only its
   * RS256 and ES256 tokens are accepted, and Karya's own HS256 tokens are not.
   */
  readonly jwksUrl?: URL
  /**
   * The issuer (`iss`) required. Karya's own tokens carry `karya` unless
   * set; an identity provider's issuer is checked only when set.
   */
  readonly issuer?: string
  /** The audience (`aud`) required, when set (and written into Karya's own tokens). */
  readonly audience?: string
  /** The claim names of the identity provider's tokens (Karya's own always use the defaults). */
  readonly claimNames?: Partial<ClaimNames>
  /** The longest validity accepted (default {@link maxLifetimeDefault}). */
  readonly maxLifetime?: Duration.Input
  /** The clock skew allowed (default {@link clockSkewDefault}). */
  readonly clockSkew?: Duration.Input
}

/**
 * The token settings: the HS256 secret and how tokens are checked.
 *
 * @since 0.1.0
 * @category models
 */
export interface AuthSettingsShape {
  /** Signs and verifies Karya's own HS256 tokens (demo, tests, deployments without an identity provider). */
  readonly secret: Redacted.Redacted<string>
  readonly jwksUrl: URL | undefined
  readonly issuer: string | undefined
  readonly audience: string | undefined
  readonly claimNames: ClaimNames
  readonly maxLifetime: Duration.Duration
  readonly clockSkew: Duration.Duration
}

/**
 * The token settings.
 *
 * @since 0.1.0
 * @category services
 */
export class AuthSettings extends Context.Service<AuthSettings, AuthSettingsShape>()(
  "@karya/http/Auth/AuthSettings",
) {}

/**
 * The token options from the environment (REL-4): `KARYA_JWKS_URL`,
 * `KARYA_JWT_ISSUER`, `KARYA_JWT_AUDIENCE`, `KARYA_JWT_CLAIM_USER_ID`,
 * `KARYA_JWT_CLAIM_TENANTS`, `KARYA_JWT_CLAIM_ROLES`,
 * `KARYA_JWT_MAX_LIFETIME` and `KARYA_JWT_CLOCK_SKEW` (durations, e.g.
 * "8 hours"), all optional.
 *
 * @since 0.1.0
 * @category config
 */
export const config: EffectConfig.Config<TokenOptions> = EffectConfig.all({
  jwksUrl: EffectConfig.option(EffectConfig.URL("KARYA_JWKS_URL")),
  issuer: EffectConfig.option(EffectConfig.NonEmptyString("KARYA_JWT_ISSUER")),
  audience: EffectConfig.option(EffectConfig.NonEmptyString("KARYA_JWT_AUDIENCE")),
  claimNames: EffectConfig.all({
    userId: EffectConfig.NonEmptyString("KARYA_JWT_CLAIM_USER_ID").pipe(
      EffectConfig.withDefault(claimNamesDefault.userId),
    ),
    tenants: EffectConfig.NonEmptyString("KARYA_JWT_CLAIM_TENANTS").pipe(
      EffectConfig.withDefault(claimNamesDefault.tenants),
    ),
    roles: EffectConfig.NonEmptyString("KARYA_JWT_CLAIM_ROLES").pipe(
      EffectConfig.withDefault(claimNamesDefault.roles),
    ),
  }),
  maxLifetime: EffectConfig.Duration("KARYA_JWT_MAX_LIFETIME").pipe(
    EffectConfig.withDefault(maxLifetimeDefault),
  ),
  clockSkew: EffectConfig.Duration("KARYA_JWT_CLOCK_SKEW").pipe(EffectConfig.withDefault(clockSkewDefault)),
}).pipe(
  EffectConfig.map(
    ({ jwksUrl, issuer, audience, ...rest }): TokenOptions => ({
      ...rest,
      ...Option.match(jwksUrl, { onNone: () => ({}), onSome: (url) => ({ jwksUrl: url }) }),
      ...Option.match(issuer, { onNone: () => ({}), onSome: (value) => ({ issuer: value }) }),
      ...Option.match(audience, { onNone: () => ({}), onSome: (value) => ({ audience: value }) }),
    }),
  ),
)

/**
 * The settings of a secret and options.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeSettings = (
  options: TokenOptions & { readonly secret: Redacted.Redacted<string> },
): AuthSettingsShape => ({
  secret: options.secret,
  jwksUrl: options.jwksUrl,
  issuer: options.issuer,
  audience: options.audience,
  claimNames: { ...claimNamesDefault, ...options.claimNames },
  maxLifetime: Duration.fromInputUnsafe(options.maxLifetime ?? maxLifetimeDefault),
  clockSkew: Duration.fromInputUnsafe(options.clockSkew ?? clockSkewDefault),
})

/**
 * Token settings from configuration: `KARYA_JWT_SECRET` (redacted) and the
 * options of {@link config}.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSettingsConfig: Layer.Layer<AuthSettings, EffectConfig.ConfigError> = Layer.effect(
  AuthSettings,
  Effect.gen(function* () {
    const secret = yield* EffectConfig.Redacted("KARYA_JWT_SECRET")
    const options = yield* config
    return AuthSettings.of(makeSettings({ ...options, secret }))
  }),
)

/**
 * Token settings given directly (tests, demos, `KaryaApp`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSettings = (
  settings: TokenOptions & { readonly secret: Redacted.Redacted<string> },
): Layer.Layer<AuthSettings> => Layer.succeed(AuthSettings, AuthSettings.of(makeSettings(settings)))

/**
 * The clock tokens are checked and issued against, when it is not the
 * fiber's `Clock`. Security runs on real time: a process whose `Clock` is
 * business time running fast (the demo's `DemoClock`) sets this to the real
 * clock, so that its tokens neither expire early nor live long. Unset (the
 * default), the fiber's `Clock` is used, which tests control with
 * `TestClock`.
 *
 * @since 0.1.0
 * @category references
 */
export const SecurityClock: Context.Reference<Option.Option<Clock.Clock>> = Context.Reference<
  Option.Option<Clock.Clock>
>("@karya/http/Auth/SecurityClock", { defaultValue: Option.none })

/** Now, in Unix milliseconds, on the security clock. */
const securityNowMillis: Effect.Effect<number> = Effect.flatMap(SecurityClock, (clock) =>
  Option.isSome(clock) ? clock.value.currentTimeMillis : Clock.currentTimeMillis,
)

const keyOf = (secret: Redacted.Redacted<string>): Uint8Array =>
  new TextEncoder().encode(Redacted.value(secret))

/**
 * Issues a token for a user (demos and tests): HS256, issued now by the
 * security clock, valid for `validForSeconds` (default one hour).
 *
 * @since 0.1.0
 * @category constructors
 */
export const issueToken = Effect.fn("Auth.issueToken")(function* (
  claims: Claims & { readonly validForSeconds?: number },
) {
  const settings = yield* AuthSettings
  const nowSeconds = Math.floor((yield* securityNowMillis) / 1000)
  const token = new SignJWT({ tenants: [...claims.tenants], roles: [...claims.roles] })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer ?? issuerDefault)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + (claims.validForSeconds ?? 3600))
  if (settings.audience !== undefined) token.setAudience(settings.audience)
  return yield* Effect.promise(() => token.sign(keyOf(settings.secret)))
})

/**
 * Thrown by the key set when the identity provider's keys cannot be read
 * (no answer, not 200, not a key set), as opposed to a token whose key is
 * not among them.
 */
class KeySetUnreadable extends Error {}

/** The identity provider's key set, fetched and cached by `jose`. */
const remoteKeySet = (url: URL): JWTVerifyGetKey => {
  const keySet = createRemoteJWKSet(url, { timeoutDuration: Duration.toMillis(keySetTimeout) })
  return async (header, token) => {
    try {
      return await keySet(header, token)
    } catch (error) {
      if (
        error instanceof joseErrors.JWKSNoMatchingKey ||
        error instanceof joseErrors.JWKSMultipleMatchingKeys
      )
        throw error
      throw new KeySetUnreadable(url.origin, { cause: error })
    }
  }
}

/** The algorithms of an identity provider's tokens (never HS256 or `none`). */
const identityProviderAlgorithms = ["RS256", "ES256"]

const problemOfFailedVerification = (error: unknown) =>
  error instanceof joseErrors.JWTExpired
    ? Problem.of(ProblemCodes.tokenExpired)
    : error instanceof joseErrors.JWTClaimValidationFailed && error.claim === "nbf"
      ? Problem.of(ProblemCodes.tokenNotYetValid)
      : Problem.of(ProblemCodes.tokenInvalid)

/** A claim by its own name, else by its dotted path into nested claims. */
const claimAt = (payload: JWTPayload, name: string): unknown =>
  Object.hasOwn(payload, name)
    ? payload[name]
    : name
        .split(".")
        .reduce<unknown>(
          (value, key) =>
            typeof value === "object" && value !== null && Object.hasOwn(value, key)
              ? (value as Record<string, unknown>)[key]
              : undefined,
          payload,
        )

const listOf = (value: unknown): unknown => (typeof value === "string" ? [value] : value)

const decodeClaims = Schema.decodeUnknownOption(Claims)

/**
 * The expiry rules of API-2 on a verified payload: `exp` is required; the
 * token may be valid for at most `maxLifetime` from its issue (`exp - iat`,
 * or `exp - now` when it has no `iat`); an `iat` later than now (beyond the
 * clock skew) is not valid yet.
 */
const checkValidity = (payload: JWTPayload, nowMillis: number, settings: AuthSettingsShape) => {
  const nowSeconds = Math.floor(nowMillis / 1000)
  const maxLifetimeSeconds = Duration.toSeconds(settings.maxLifetime)
  if (payload.exp === undefined) return Effect.fail(Problem.of(ProblemCodes.tokenExpiryMissing))
  if (payload.iat !== undefined && payload.iat > nowSeconds + Duration.toSeconds(settings.clockSkew))
    return Effect.fail(Problem.of(ProblemCodes.tokenNotYetValid))
  if (payload.exp - (payload.iat ?? nowSeconds) > maxLifetimeSeconds)
    return Effect.fail(
      Problem.of(ProblemCodes.tokenLifetimeTooLong, {
        detail: `The bearer token is valid for longer than this server allows (${Duration.format(settings.maxLifetime)}); sign in again for a shorter-lived token.`,
      }),
    )
  return Effect.void
}

/**
 * A token verifier of settings: Karya's own HS256 tokens, or, with
 * `jwksUrl`, the identity provider's RS256 and ES256 tokens (its key set
 * fetched once and cached). The signature, the algorithm, the issuer and
 * audience when configured, `exp` (required), `nbf` and the lifetime are
 * checked against the security clock ({@link SecurityClock}); 401 when a
 * check fails, 503 when the identity provider's keys cannot be read.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeVerifier = (
  settings: AuthSettingsShape,
): ((token: string) => Effect.Effect<Claims, Problem.Unauthorized | Problem.Unavailable>) => {
  const keySet = settings.jwksUrl === undefined ? undefined : remoteKeySet(settings.jwksUrl)
  const claimNames = keySet === undefined ? claimNamesDefault : settings.claimNames
  return Effect.fn("Auth.verifyToken")(function* (token: string) {
    if (token.trim() === "") return yield* Problem.of(ProblemCodes.tokenMissing)
    const nowMillis = yield* securityNowMillis
    const options: JWTVerifyOptions = {
      currentDate: new Date(nowMillis),
      clockTolerance: Duration.toSeconds(settings.clockSkew),
      ...(settings.audience === undefined ? {} : { audience: settings.audience }),
    }
    const verified = yield* Effect.tryPromise({
      try: () =>
        keySet === undefined
          ? jwtVerify(token, keyOf(settings.secret), {
              ...options,
              algorithms: ["HS256"],
              issuer: settings.issuer ?? issuerDefault,
            })
          : jwtVerify(token, keySet, {
              ...options,
              algorithms: identityProviderAlgorithms,
              ...(settings.issuer === undefined ? {} : { issuer: settings.issuer }),
            }),
      catch: (error) => error,
    }).pipe(
      Effect.catch((error) =>
        error instanceof KeySetUnreadable
          ? Effect.andThen(
              Effect.logWarning(
                `API-2: the identity provider's key set at ${error.message} could not be read`,
                error.cause,
              ),
              Effect.fail(Problem.of(ProblemCodes.identityProviderUnavailable)),
            )
          : Effect.fail(problemOfFailedVerification(error)),
      ),
    )
    yield* checkValidity(verified.payload, nowMillis, settings)
    const claims = decodeClaims({
      sub: claimAt(verified.payload, claimNames.userId),
      tenants: listOf(claimAt(verified.payload, claimNames.tenants)),
      roles: listOf(claimAt(verified.payload, claimNames.roles)),
    })
    if (Option.isNone(claims))
      return yield* Problem.of(ProblemCodes.tokenInvalid, {
        detail: `The bearer token does not name your user, ULBs and roles (claims ${claimNames.userId}, ${claimNames.tenants}, ${claimNames.roles}); ask your administrator.`,
      })
    return claims.value
  })
}

const tenantHeader = "x-tenant-id"

const decodeTenantId = Schema.decodeUnknownOption(Config.TenantId.TenantId)

/**
 * The tenant a request acts in: its `X-Tenant-Id` header, or the token's
 * only tenant. A tenant the token does not reach is a 403.
 *
 * @since 0.1.0
 * @category constructors
 */
export const resolveTenant = (
  claims: Claims,
  header: string | undefined,
): Effect.Effect<TenantId, Problem.BadRequest | Problem.Forbidden> => {
  const tokenTenants = claims.tenants.flatMap((tenant) => Option.toArray(decodeTenantId(tenant)))
  if (header === undefined || header === "") {
    const [only, ...others] = tokenTenants
    if (only === undefined || others.length > 0)
      return Effect.fail(
        Problem.badRequest(
          [Problem.fieldError(ProblemCodes.tenantRequired, "headers.x-tenant-id")],
          ProblemCodes.tenantRequired.message,
        ),
      )
    return Effect.succeed(only)
  }
  const tenant = decodeTenantId(header)
  if (Option.isNone(tenant))
    return Effect.fail(
      Problem.badRequest([
        Problem.fieldError(
          ProblemCodes.tenantInvalid,
          "headers.x-tenant-id",
          `"${header.slice(0, 64)}" is not a tenant id (od, od.dhenkanal).`,
        ),
      ]),
    )
  const reached = tokenTenants.some((holder) => Config.TenantId.reaches({ holder, record: tenant.value }))
  return reached
    ? Effect.succeed(tenant.value)
    : Effect.fail(
        Problem.of(ProblemCodes.tenantNotAllowed, {
          detail: `You do not work in ${tenant.value}; choose one of your ULBs.`,
        }),
      )
}

/**
 * The principal of verified claims in a tenant.
 *
 * @since 0.1.0
 * @category constructors
 */
export const principalOf = (claims: Claims, tenantId: TenantId): Principal => {
  const tenants = claims.tenants.flatMap((tenant) => Option.toArray(decodeTenantId(tenant)))
  return {
    userId: claims.sub,
    tenantId,
    roles: claims.roles,
    actor: {
      userId: claims.sub,
      grants: tenants.flatMap((grantTenant) => claims.roles.map((role) => ({ role, tenantId: grantTenant }))),
    },
  }
}

/**
 * Whether the principal holds any of the roles in its tenant.
 *
 * @since 0.1.0
 * @category predicates
 */
export const holdsAny = (principal: Principal, roles: ReadonlyArray<string>): boolean =>
  Workflow.Actor.holdsAnyRole(principal.actor, { roles, tenantId: principal.tenantId })

/**
 * The bearer-token middleware: provides `CurrentPrincipal`.
 *
 * @since 0.1.0
 * @category middleware
 */
export class Authentication extends HttpApiMiddleware.Service<
  Authentication,
  { provides: CurrentPrincipal }
>()("@karya/http/Auth/Authentication", {
  security: { bearer: HttpApiSecurity.bearer },
  error: [Problem.errorSchemas[0], Problem.errorSchemas[1], Problem.errorSchemas[2], Problem.errorSchemas[6]],
}) {}

/**
 * The middleware's implementation, verifying with `AuthSettings`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Authentication, never, AuthSettings> = Layer.effect(
  Authentication,
  Effect.gen(function* () {
    const verify = makeVerifier(yield* AuthSettings)
    return Authentication.of({
      bearer: (httpEffect, { credential, endpoint }) =>
        Effect.gen(function* () {
          const claims = yield* verify(Redacted.value(credential))
          const request = yield* HttpServerRequest.HttpServerRequest
          const tenantId = yield* resolveTenant(claims, request.headers[tenantHeader])
          const principal = principalOf(claims, tenantId)
          const required = Context.getOption(endpoint.annotations, RequiredRoles)
          if (Option.isSome(required) && !holdsAny(principal, required.value)) {
            return yield* Problem.of(ProblemCodes.roleNotAllowed, {
              detail: `This needs one of the roles ${required.value.join(", ")} in ${tenantId}; ask your administrator.`,
            })
          }
          return yield* Effect.provideService(httpEffect, CurrentPrincipal, principal)
        }),
    })
  }),
)
