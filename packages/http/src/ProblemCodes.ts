/**
 * The catalogue of the REST API's own problem codes (API-3): every code the
 * HTTP layer raises by itself (request decoding, sign-in, tenancy, routing,
 * paging) is defined here once, with its status and its default detail, and
 * every use refers to the entry. Domain errors bring their own codes and
 * categories (core's `errorClasses`); `Problem`
 * maps their category to a status.
 *
 * Two kinds of entries:
 *
 * - a problem code is the `code` of a whole response, with its status;
 * - a field code is the `code` of one entry of `errors[]`, and always rides in
 *   a 400 `REQUEST_INVALID` problem.
 *
 * A code is never renamed or reused (house rule 6); a test checks that the
 * codes are unique and that none takes a core code by accident.
 *
 * @since 0.1.0
 */
import { type Errors, Persistence, Workflow } from "@karya/core"

/**
 * The statuses the API answers problems with, and their titles.
 *
 * @since 0.1.0
 * @category models
 */
export const titles = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  500: "Internal Server Error",
  503: "Service Unavailable",
} as const

/**
 * @since 0.1.0
 * @category models
 */
export type Status = keyof typeof titles

/**
 * A problem code of the HTTP layer: the code, its status and the detail a
 * response carries unless the use names a more precise one.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProblemCode<S extends Status = Status> {
  readonly code: string
  readonly status: S
  readonly detail: string
}

/**
 * A field code of the HTTP layer: the code of one `errors[]` entry of a 400
 * `REQUEST_INVALID` problem, with its default message.
 *
 * @since 0.1.0
 * @category models
 */
export interface FieldCode {
  readonly code: string
  readonly message: string
}

const problemCode = <const S extends Status>(entry: ProblemCode<S>): ProblemCode<S> => entry

// ------------------------------------------------------------ requests

/**
 * 400: the path, query, headers or body do not decode; `errors[]` lists every
 * field problem (ERR-3).
 *
 * @since 0.1.0
 * @category models
 */
export const requestInvalid = problemCode({
  code: "REQUEST_INVALID",
  status: 400,
  detail: "The request could not be read; send a well-formed JSON request.",
})

/**
 * 413: the request body is larger than the server's body limit (ERR-2,
 * REL-3): answered by the router before the body is read whole; the
 * response's detail names the limit (`BodyLimit`).
 *
 * @since 0.1.0
 * @category models
 */
export const bodyTooLarge = problemCode({
  code: "BODY_TOO_LARGE",
  status: 413,
  detail:
    "The request body is larger than this server accepts; send a smaller request (for example, split a large bill), or ask your administrator to raise the limit.",
})

/**
 * 415: a body of another content type than JSON.
 *
 * @since 0.1.0
 * @category models
 */
export const contentTypeUnsupported = problemCode({
  code: "CONTENT_TYPE_UNSUPPORTED",
  status: 415,
  detail: "Send the body as application/json.",
})

/**
 * 404: no endpoint answers the path.
 *
 * @since 0.1.0
 * @category models
 */
export const routeNotFound = problemCode({
  code: "ROUTE_NOT_FOUND",
  status: 404,
  detail: "There is no such resource; see /docs for the API.",
})

/**
 * 500: an unexpected failure; the detail says nothing about it (REL-3).
 *
 * @since 0.1.0
 * @category models
 */
export const internalError = problemCode({
  code: "INTERNAL_ERROR",
  status: 500,
  detail:
    "Something went wrong on our side and nothing was changed; try again, and report the time of the request if it keeps failing.",
})

/**
 * Field code: text the stores cannot keep (ERR-2): a NUL character, another
 * control character than tab, line feed and carriage return, or a broken
 * (unpaired UTF-16 surrogate) character, in any string of the path, query,
 * headers or body (`UnsafeText`).
 *
 * @since 0.1.0
 * @category models
 */
export const textUnsafe: FieldCode = {
  code: "TEXT_UNSAFE",
  message:
    "The text contains a character that cannot be stored (a NUL, a control character or a broken character); retype it without that character.",
}

// ------------------------------------------------------------ sign-in and tenancy (API-2)

/**
 * 401: no bearer token.
 *
 * @since 0.1.0
 * @category models
 */
export const tokenMissing = problemCode({
  code: "TOKEN_MISSING",
  status: 401,
  detail: "Sign in: send the header Authorization: Bearer <token>.",
})

/**
 * 401: the token's validity has ended.
 *
 * @since 0.1.0
 * @category models
 */
export const tokenExpired = problemCode({
  code: "TOKEN_EXPIRED",
  status: 401,
  detail: "Your sign-in has expired; sign in again.",
})

/**
 * 401: the token does not verify, or its claims do not decode.
 *
 * @since 0.1.0
 * @category models
 */
export const tokenInvalid = problemCode({
  code: "TOKEN_INVALID",
  status: 401,
  detail: "The bearer token is not valid; sign in again.",
})

/**
 * 401: the token carries no expiry (`exp`): every token must end (API-2).
 *
 * @since 0.1.0
 * @category models
 */
export const tokenExpiryMissing = problemCode({
  code: "TOKEN_EXPIRY_MISSING",
  status: 401,
  detail: "The bearer token has no expiry (exp); sign in again for a token that expires.",
})

/**
 * 401: the token is valid for longer than the server's maximum lifetime
 * (`KARYA_JWT_MAX_LIFETIME`).
 *
 * @since 0.1.0
 * @category models
 */
export const tokenLifetimeTooLong = problemCode({
  code: "TOKEN_LIFETIME_TOO_LONG",
  status: 401,
  detail:
    "The bearer token is valid for longer than this server allows; sign in again for a shorter-lived token.",
})

/**
 * 401: the token's validity has not begun (`nbf`, or `iat`, later than now
 * beyond the allowed clock skew).
 *
 * @since 0.1.0
 * @category models
 */
export const tokenNotYetValid = problemCode({
  code: "TOKEN_NOT_YET_VALID",
  status: 401,
  detail:
    "The bearer token is not valid yet; check the clock of the computer that signed you in, and sign in again.",
})

/**
 * 503: the identity provider's key set (`KARYA_JWKS_URL`) cannot be read,
 * so no token can be checked; nothing was changed.
 *
 * @since 0.1.0
 * @category models
 */
export const identityProviderUnavailable = problemCode({
  code: "IDENTITY_PROVIDER_UNAVAILABLE",
  status: 503,
  detail:
    "Your sign-in cannot be checked right now (the identity service does not answer); nothing was changed, try again in a few minutes.",
})

/**
 * 403: the token does not reach the tenant the request names.
 *
 * @since 0.1.0
 * @category models
 */
export const tenantNotAllowed = problemCode({
  code: "TENANT_NOT_ALLOWED",
  status: 403,
  detail: "You do not work in this ULB; choose one of your ULBs.",
})

/**
 * 403: the principal holds none of the endpoint's roles. The code is core's
 * `ROLE_NOT_ALLOWED` (WF-2), on purpose: a role refused by the endpoint and
 * one refused by a workflow action mean the same to the caller.
 *
 * @since 0.1.0
 * @category models
 */
export const roleNotAllowed = problemCode({
  code: Workflow.WorkflowEngine.RoleNotAllowed.code,
  status: 403,
  detail: "This needs a role you do not hold in this ULB; ask your administrator.",
})

/**
 * Field code: a token of several tenants and no `X-Tenant-Id` header.
 *
 * @since 0.1.0
 * @category models
 */
export const tenantRequired: FieldCode = {
  code: "TENANT_REQUIRED",
  message: "Name the ULB you act in with the X-Tenant-Id header.",
}

/**
 * Field code: an `X-Tenant-Id` header that is not a tenant id.
 *
 * @since 0.1.0
 * @category models
 */
export const tenantInvalid: FieldCode = {
  code: "TENANT_INVALID",
  message: "X-Tenant-Id is not a tenant id (od, od.dhenkanal).",
}

// ------------------------------------------------------------ lists and actions

/**
 * Field code: a `cursor` not written by the API (API-5).
 *
 * @since 0.1.0
 * @category models
 */
export const cursorInvalid: FieldCode = {
  // Core's code on purpose: a store refuses a cursor it did not write, and
  // the list endpoint reports it on `query.cursor`.
  code: Persistence.Page.CursorInvalid.code,
  message: "cursor is the nextCursor of an earlier page",
}

/**
 * Field code: a search without any criterion (API-5).
 *
 * @since 0.1.0
 * @category models
 */
export const searchCriterionRequired: FieldCode = {
  code: "SEARCH_CRITERION_REQUIRED",
  message: "Search by at least one criterion.",
}

/**
 * Field code: a `CORRECT` action without any corrected bank account (PI-S-1).
 *
 * @since 0.1.0
 * @category models
 */
export const correctionsRequired: FieldCode = {
  code: "CORRECTIONS_REQUIRED",
  message: "Give at least one corrected bank account.",
}

// ------------------------------------------------------------ registry

/**
 * Every problem code of the catalogue.
 *
 * @since 0.1.0
 * @category models
 */
export const problemCodes: ReadonlyArray<ProblemCode> = [
  requestInvalid,
  bodyTooLarge,
  contentTypeUnsupported,
  routeNotFound,
  internalError,
  tokenMissing,
  tokenExpired,
  tokenInvalid,
  tokenExpiryMissing,
  tokenLifetimeTooLong,
  tokenNotYetValid,
  identityProviderUnavailable,
  tenantNotAllowed,
  roleNotAllowed,
]

/**
 * Every field code of the catalogue.
 *
 * @since 0.1.0
 * @category models
 */
export const fieldCodes: ReadonlyArray<FieldCode> = [
  textUnsafe,
  tenantRequired,
  tenantInvalid,
  cursorInvalid,
  searchCriterionRequired,
  correctionsRequired,
]

/**
 * The error classes the HTTP layer defines (code registry, as each core
 * module keeps one): their status comes from their category. None today:
 * an unserved tenant is core's `Config.TenantSettings.TenantNotServed`.
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses: ReadonlyArray<Errors.DomainError.DomainErrorClass> = []
