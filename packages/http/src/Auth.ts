/**
 * Bearer-token authentication and per-endpoint roles (API-2, TEN-1).
 *
 * A request carries `Authorization: Bearer <JWT>`, an HS256 token signed
 * with the server's secret (configuration `KARYA_JWT_SECRET`, never from
 * source, REL-4) whose claims are `sub` (the user id), `tenants` (the
 * tenants the user works in: ULBs such as `od.dhenkanal`, or a state `od`
 * that reaches every ULB under it) and `roles`.
 *
 * The request's tenant is its `X-Tenant-Id` header, or the token's only
 * tenant when the header is absent. 401 without a token or with one that
 * does not verify (bad signature, expired, malformed claims); 403 when the
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
import { Clock, Context, Effect, Config as EffectConfig, Layer, Option, Redacted, Schema } from "effect"
import { HttpServerRequest } from "effect/http"
import { HttpApiMiddleware, HttpApiSecurity } from "effect/http-api"
import { errors as joseErrors, jwtVerify, SignJWT } from "jose"
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
 * The token settings: the HS256 secret and the issuer written and checked.
 *
 * @since 0.1.0
 * @category models
 */
export interface AuthSettingsShape {
  readonly secret: Redacted.Redacted<string>
  readonly issuer: string
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
 * The issuer Karya writes into its tokens.
 *
 * @since 0.1.0
 * @category models
 */
export const issuerDefault = "karya"

/**
 * Token settings from configuration: `KARYA_JWT_SECRET` (redacted) and
 * `KARYA_JWT_ISSUER` (default `karya`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSettingsConfig: Layer.Layer<AuthSettings, EffectConfig.ConfigError> = Layer.effect(
  AuthSettings,
  Effect.gen(function* () {
    const secret = yield* EffectConfig.Redacted("KARYA_JWT_SECRET")
    const issuer = yield* EffectConfig.String("KARYA_JWT_ISSUER").pipe(
      EffectConfig.withDefault(issuerDefault),
    )
    return AuthSettings.of({ secret, issuer })
  }),
)

/**
 * Token settings given directly (tests, demos).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSettings = (settings: {
  readonly secret: Redacted.Redacted<string>
  readonly issuer?: string
}): Layer.Layer<AuthSettings> =>
  Layer.succeed(
    AuthSettings,
    AuthSettings.of({ secret: settings.secret, issuer: settings.issuer ?? issuerDefault }),
  )

const keyOf = (secret: Redacted.Redacted<string>): Uint8Array =>
  new TextEncoder().encode(Redacted.value(secret))

/**
 * Issues a token for a user (demos and tests): HS256, issued now by the
 * Effect clock, valid for `validForSeconds` (default one hour).
 *
 * @since 0.1.0
 * @category constructors
 */
export const issueToken = Effect.fn("Auth.issueToken")(function* (
  claims: Claims & { readonly validForSeconds?: number },
) {
  const settings = yield* AuthSettings
  const nowSeconds = Math.floor((yield* Clock.currentTimeMillis) / 1000)
  return yield* Effect.promise(() =>
    new SignJWT({ tenants: [...claims.tenants], roles: [...claims.roles] })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.sub)
      .setIssuer(settings.issuer)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + (claims.validForSeconds ?? 3600))
      .sign(keyOf(settings.secret)),
  )
})

const decodeClaims = Schema.decodeUnknownOption(Claims)

/**
 * Verifies a token and decodes its claims; fails with 401 otherwise.
 *
 * @since 0.1.0
 * @category constructors
 */
export const verifyToken = Effect.fn("Auth.verifyToken")(function* (token: string) {
  const settings = yield* AuthSettings
  if (token.trim() === "") return yield* Problem.of(ProblemCodes.tokenMissing)
  const now = yield* Clock.currentTimeMillis
  const verified = yield* Effect.tryPromise({
    try: () =>
      jwtVerify(token, keyOf(settings.secret), {
        algorithms: ["HS256"],
        issuer: settings.issuer,
        currentDate: new Date(now),
      }),
    catch: (error) =>
      error instanceof joseErrors.JWTExpired
        ? Problem.of(ProblemCodes.tokenExpired)
        : Problem.of(ProblemCodes.tokenInvalid),
  })
  const claims = decodeClaims(verified.payload)
  if (Option.isNone(claims)) return yield* Problem.of(ProblemCodes.tokenInvalid)
  return claims.value
})

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
  error: [Problem.errorSchemas[0], Problem.errorSchemas[1], Problem.errorSchemas[2]],
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
    const settings = yield* AuthSettings
    return Authentication.of({
      bearer: (httpEffect, { credential, endpoint }) =>
        Effect.gen(function* () {
          const claims = yield* verifyToken(Redacted.value(credential)).pipe(
            Effect.provideService(AuthSettings, settings),
          )
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
