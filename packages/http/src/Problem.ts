/**
 * Every error of the REST API as an `application/problem+json` body (API-3,
 * RFC 9457): `type`, `title`, `status`, `code` (the domain code), `detail`
 * and `errors[]` (field, code, message).
 *
 * - 400 malformed requests: a Schema decode failure of the path, query,
 *   headers or body, listing every field problem at once (ERR-3);
 * - 401 no or an invalid token, 403 a tenant or role the token lacks;
 * - a domain error's status follows from its category, in one table
 *   (`statusOfCategory`): 404 an unknown record, 409 `STALE_VERSION`,
 *   duplicates and `IDEMPOTENCY_KEY_REUSED`, 422 bad values or a domain rule
 *   refused the request, 503 a store or gateway is unavailable (retrying may
 *   help);
 * - 413 a body over the body limit, answered by the router (`BodyLimit`);
 * - 500 anything unexpected, with a generic message.
 *
 * The HTTP layer's own codes, with their statuses and details, are in
 * `ProblemCodes`.
 *
 * A response never carries a stack trace, SQL text or an internal message:
 * domain errors contribute their clerk-facing message, everything else a
 * fixed sentence.
 *
 * @since 0.1.0
 */
import { Errors } from "@karya/core"
import { Cause, Effect, Layer, Schema, type SchemaIssue } from "effect"
import { HttpRouter, HttpServerError, HttpServerResponse } from "effect/http"
import { HttpApiError, HttpApiMiddleware, HttpApiSchema } from "effect/http-api"
import * as ProblemCodes from "./ProblemCodes.js"

/**
 * One problem with one field of the request.
 *
 * @since 0.1.0
 * @category models
 */
export const FieldError = Schema.Struct({
  field: Schema.String,
  code: Schema.String,
  message: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type FieldError = typeof FieldError.Type

const problemFields = {
  type: Schema.String,
  title: Schema.String,
  status: Schema.Int,
  code: Schema.String,
  detail: Schema.String,
  errors: Schema.Array(FieldError),
}

/**
 * The body of every problem response.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProblemBody {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly code: string
  readonly detail: string
  readonly errors: ReadonlyArray<FieldError>
}

const problemJson = HttpApiSchema.asJson({ contentType: "application/problem+json" })

/**
 * The base URI of the problem types: `{typeBase}{code in kebab case}`.
 *
 * @since 0.1.0
 * @category models
 */
export const typeBase = "https://karya.dev/problems/"

const typeOf = (code: string): string => `${typeBase}${code.toLowerCase().replaceAll("_", "-")}`

/**
 * 400: the request is malformed.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequest extends Schema.Error<BadRequest>("@karya/http/Problem/BadRequest")(problemFields, {
  httpApiStatus: 400,
}) {}

/**
 * 401: no bearer token, or one that does not verify.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized extends Schema.Error<Unauthorized>("@karya/http/Problem/Unauthorized")(
  problemFields,
  { httpApiStatus: 401 },
) {}

/**
 * 403: the token does not reach the tenant, or lacks the endpoint's roles.
 *
 * @since 0.1.0
 * @category errors
 */
export class Forbidden extends Schema.Error<Forbidden>("@karya/http/Problem/Forbidden")(problemFields, {
  httpApiStatus: 403,
}) {}

/**
 * 404: no such record in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends Schema.Error<NotFound>("@karya/http/Problem/NotFound")(problemFields, {
  httpApiStatus: 404,
}) {}

/**
 * 409: a stale version, a duplicate, or an idempotency key reused with a
 * different body.
 *
 * @since 0.1.0
 * @category errors
 */
export class Conflict extends Schema.Error<Conflict>("@karya/http/Problem/Conflict")(problemFields, {
  httpApiStatus: 409,
}) {}

/**
 * 422: a domain rule refused the request; nothing was changed.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unprocessable extends Schema.Error<Unprocessable>("@karya/http/Problem/Unprocessable")(
  problemFields,
  { httpApiStatus: 422 },
) {}

/**
 * 500: an unexpected failure; the body says nothing about it.
 *
 * @since 0.1.0
 * @category errors
 */
export class Internal extends Schema.Error<Internal>("@karya/http/Problem/Internal")(problemFields, {
  httpApiStatus: 500,
}) {}

/**
 * 503: a store or gateway is unavailable; nothing was changed, retry later.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unavailable extends Schema.Error<Unavailable>("@karya/http/Problem/Unavailable")(problemFields, {
  httpApiStatus: 503,
}) {}

/**
 * Any problem.
 *
 * @since 0.1.0
 * @category models
 */
export type Problem =
  | BadRequest
  | Unauthorized
  | Forbidden
  | NotFound
  | Conflict
  | Unprocessable
  | Internal
  | Unavailable

/**
 * The error schemas of every endpoint, as `application/problem+json`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const errorSchemas = [
  BadRequest.pipe(problemJson),
  Unauthorized.pipe(problemJson),
  Forbidden.pipe(problemJson),
  NotFound.pipe(problemJson),
  Conflict.pipe(problemJson),
  Unprocessable.pipe(problemJson),
  Unavailable.pipe(problemJson),
  Internal.pipe(problemJson),
] as const

const classes = {
  400: BadRequest,
  401: Unauthorized,
  403: Forbidden,
  404: NotFound,
  409: Conflict,
  422: Unprocessable,
  500: Internal,
  503: Unavailable,
} as const

/**
 * The statuses a problem of an endpoint can have (a 415 is answered by the
 * router, before any endpoint: see `layerRouterProblems`).
 *
 * @since 0.1.0
 * @category models
 */
export type EndpointStatus = keyof typeof classes

/**
 * The problem class of each status.
 *
 * @since 0.1.0
 * @category models
 */
export type ProblemOf<S extends EndpointStatus> = InstanceType<(typeof classes)[S]>

/**
 * The status of each category of domain error (API-3), the one table that
 * gives a domain error its status. `badInput` is a 422, like `rule`: the
 * request was read, and its values are wrong; 400 is kept for a request
 * that does not decode at all (`REQUEST_INVALID`).
 *
 * @since 0.1.0
 * @category models
 */
export const statusOfCategory: { readonly [C in Errors.ErrorCategory.ErrorCategory]: EndpointStatus } = {
  badInput: 422,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  rule: 422,
  unavailable: 503,
}

/**
 * Builds a problem of a status.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <S extends EndpointStatus>(
  status: S,
  problem: { readonly code: string; readonly detail: string; readonly errors?: ReadonlyArray<FieldError> },
): ProblemOf<S> =>
  new classes[status]({
    type: typeOf(problem.code),
    title: ProblemCodes.titles[status],
    status,
    code: problem.code,
    detail: problem.detail,
    errors: problem.errors ?? [],
  }) as ProblemOf<S>

/**
 * The problem of a catalogued code, with its default detail unless a more
 * precise one is given.
 *
 * @since 0.1.0
 * @category constructors
 */
export const of = <S extends EndpointStatus>(
  problemCode: ProblemCodes.ProblemCode<S>,
  options?: { readonly detail?: string; readonly errors?: ReadonlyArray<FieldError> },
): ProblemOf<S> =>
  make(problemCode.status, {
    code: problemCode.code,
    detail: options?.detail ?? problemCode.detail,
    errors: options?.errors ?? [],
  })

/**
 * One field problem of a catalogued field code, with its default message
 * unless a more precise one is given.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fieldError = (
  fieldCode: ProblemCodes.FieldCode,
  field: string,
  message?: string,
): FieldError => ({
  field,
  code: fieldCode.code,
  message: message ?? fieldCode.message,
})

/**
 * The unexpected failure, as a problem.
 *
 * @since 0.1.0
 * @category constructors
 */
export const internal = (): Problem => of(ProblemCodes.internalError)

const slotPrefixes: Readonly<Record<string, string>> = {
  Params: "path",
  Query: "query",
  Headers: "headers",
  Payload: "",
}

/**
 * The field problems of a Schema issue, each field prefixed by its request
 * slot (`path.`, `query.`, `headers.`; body fields bare).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fieldErrorsOf = (issue: SchemaIssue.Issue, slot: string): ReadonlyArray<FieldError> => {
  const prefix = slotPrefixes[slot] ?? ""
  const problems = Errors.Validation.problemsFromIssue(issue)
  return problems.map((problem) => ({
    field: Errors.FieldProblem.joinPath(prefix, problem.field),
    code: problem.code,
    message: problem.message,
  }))
}

/**
 * A malformed request (400), listing every field problem.
 *
 * @since 0.1.0
 * @category constructors
 */
export const badRequest = (errors: ReadonlyArray<FieldError>, detail?: string): BadRequest =>
  of(ProblemCodes.requestInvalid, {
    detail:
      detail ??
      `The request has ${errors.length} problem${errors.length === 1 ? "" : "s"}; correct ${errors.length === 1 ? "it" : "them"} and send it again.`,
    errors,
  })

interface WithProblems {
  readonly problems: ReadonlyArray<{
    readonly field: string
    readonly code: string
    readonly message: string
  }>
}

interface WithReasons {
  readonly reasons: ReadonlyArray<{ readonly code: string; readonly message: string }>
}

const hasProblems = (error: object): error is WithProblems =>
  Array.isArray((error as { problems?: unknown }).problems)

const hasReasons = (error: object): error is WithReasons =>
  Array.isArray((error as { reasons?: unknown }).reasons)

const fieldErrorsOfDomain = (error: Errors.DomainError.DomainError): ReadonlyArray<FieldError> => {
  if (hasProblems(error)) return error.problems.map(({ field, code, message }) => ({ field, code, message }))
  if (hasReasons(error))
    return error.reasons.map((reason) => ({
      field:
        (reason as { field?: unknown }).field === undefined
          ? ""
          : String((reason as { field?: unknown }).field),
      code: reason.code,
      message: reason.message,
    }))
  return []
}

const isProblem = (error: unknown): error is Problem =>
  Object.values(classes).some((problemClass) => error instanceof problemClass)

/**
 * Any failure as a problem: a problem stays as it is; a Karya domain error
 * (ERR-1) takes the status of its category (`statusOfCategory`) and keeps
 * its code, message and field problems; anything else, a value with a code
 * but no known category included, is a 500 that says nothing about it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromError = (error: unknown): Problem => {
  if (isProblem(error)) return error
  if (Errors.DomainError.isDomainError(error)) {
    return make(statusOfCategory[error.category], {
      code: error.code,
      detail: error.message,
      errors: fieldErrorsOfDomain(error),
    })
  }
  return internal()
}

/**
 * Maps every failure of a handler to a problem (see {@link fromError}).
 *
 * @since 0.1.0
 * @category combinators
 */
export const orProblem = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, Problem, R> =>
  Effect.mapError(effect, fromError)

/**
 * The middleware that renders request decoding failures as 400 problems
 * listing every field, and turns any defect into a generic 500 problem
 * (REL-3: no stack trace or internal message ever leaves the server).
 *
 * @since 0.1.0
 * @category middleware
 */
export class ProblemMiddleware extends HttpApiMiddleware.Service<ProblemMiddleware>()(
  "@karya/http/Problem/ProblemMiddleware",
  { error: [BadRequest.pipe(problemJson), Internal.pipe(problemJson)] },
) {}

const fromSchemaError = (error: HttpApiError.HttpApiSchemaError): Problem => {
  if (error.kind === "Body" || error.kind === "ResponseHeaders") return internal()
  const cause = error.cause as unknown
  const issue = Schema.isSchemaError(cause) ? cause.issue : undefined
  if (issue === undefined) return badRequest([], ProblemCodes.requestInvalid.detail)
  return badRequest(fieldErrorsOf(issue, error.kind))
}

/**
 * Whether a failure is the platform's refusal to read a request body past
 * the body limit (`HttpIncomingMessage.MaxBodySize`).
 *
 * @since 0.1.0
 * @category guards
 */
export const isBodyTooLarge = (error: unknown): boolean =>
  HttpServerError.isHttpServerError(error) &&
  error.reason._tag === "RequestParseError" &&
  error.reason.reason === "BodyTooLarge"

/**
 * Whether a cause holds a body read past the body limit, as a failure or,
 * as `HttpApiBuilder` reads payloads, as a defect.
 *
 * @since 0.1.0
 * @category guards
 */
export const hasBodyTooLarge = (cause: Cause.Cause<unknown>): boolean =>
  cause.reasons.some(
    (reason) =>
      (reason._tag === "Die" && isBodyTooLarge(reason.defect)) ||
      (reason._tag === "Fail" && isBodyTooLarge(reason.error)),
  )

/**
 * The problem middleware's implementation.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerProblemMiddleware: Layer.Layer<ProblemMiddleware> = Layer.succeed(
  ProblemMiddleware,
  ProblemMiddleware.of((httpEffect) =>
    httpEffect.pipe(
      Effect.catchIf(
        (error): error is HttpApiError.HttpApiSchemaError & typeof error =>
          HttpApiError.HttpApiSchemaError.is(error),
        (error) => Effect.fail(fromSchemaError(error)),
      ),
      Effect.catchCause((cause) => {
        if (Cause.hasInterruptsOnly(cause)) return Effect.failCause(cause)
        // A body read past the body limit: the router answers it with a 413 (`BodyLimit`).
        if (hasBodyTooLarge(cause)) return Effect.failCause(cause)
        const failure = Cause.findErrorOption(cause)
        if (failure._tag === "Some") return Effect.fail(failure.value)
        return Effect.andThen(
          Effect.logError("Unexpected defect in a request", cause),
          Effect.fail(internal() as never),
        )
      }),
    ),
  ),
)

/**
 * A problem response written directly (for responses outside the API's
 * endpoints: an unknown route, an unsupported content type, a body over
 * the limit), with the code's default detail unless a more precise one is
 * given.
 *
 * @since 0.1.0
 * @category constructors
 */
export const response = (
  problemCode: ProblemCodes.ProblemCode,
  options?: { readonly detail?: string; readonly headers?: Readonly<Record<string, string>> },
): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe(
    {
      type: typeOf(problemCode.code),
      title: ProblemCodes.titles[problemCode.status],
      status: problemCode.status,
      code: problemCode.code,
      detail: options?.detail ?? problemCode.detail,
      errors: [],
    } satisfies ProblemBody,
    {
      status: problemCode.status,
      contentType: "application/problem+json",
      ...(options?.headers === undefined ? {} : { headers: options.headers }),
    },
  )

const isRouteNotFound = (error: unknown): boolean =>
  HttpServerError.isHttpServerError(error) && error.reason._tag === "RouteNotFound"

/**
 * The router-wide middleware that answers what no endpoint answers as a
 * problem too: an unknown route is a 404 `ROUTE_NOT_FOUND`, a body of an
 * unsupported content type a 415 `CONTENT_TYPE_UNSUPPORTED`.
 *
 * @since 0.1.0
 * @category middleware
 */
export const layerRouterProblems = HttpRouter.middleware(
  (httpEffect) =>
    httpEffect.pipe(
      Effect.catchIf(isRouteNotFound, () => Effect.succeed(response(ProblemCodes.routeNotFound))),
      Effect.map((answer) =>
        answer.status === ProblemCodes.contentTypeUnsupported.status
          ? response(ProblemCodes.contentTypeUnsupported)
          : answer,
      ),
    ),
  { global: true },
)
