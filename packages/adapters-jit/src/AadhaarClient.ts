/**
 * The Aadhaar Yes/No client (spec 07 AAD-2, AAD-4): core's `AadhaarGateway`
 * port over HTTP to the state's AUA/KUA gateway (Odisha: OCAC), with undici.
 *
 * - the request is the AAD-2 demographic body: consent `"Y"`, `isPI "y"`,
 *   `isBio "n"`, `isOTP "n"` (biometric and OTP fields only when given), the
 *   sub-AUA code from configuration and core's transaction id `txn`;
 * - every reply is classified by one pure function, `classifyReply`:
 *   `ret "y"` is valid (with the vault token `uidToken` when given), `ret "n"`
 *   is invalid, and `status "ERROR"`, a non-2xx status, a transport error, a
 *   timeout (default 30 s) or an undecodable reply are `AadhaarCheckFailed`;
 * - the Aadhaar number travels only in the request body: it is never logged,
 *   never put in an error, a span or a log annotation (AAD-2, AAD-4), and the
 *   API key is `Redacted` (REL-4).
 *
 * @since 0.1.0
 */
import { Registries } from "@karya/core"
import { Config, Duration, Effect, Layer, Option, Redacted, Result, Schema } from "effect"
import { Agent, request as undiciRequest } from "undici"

type AadhaarAnswer = Registries.AadhaarGateway.AadhaarAnswer
type AadhaarAuthenticationRequest = Registries.AadhaarGateway.AadhaarAuthenticationRequest
const { AadhaarCheckFailed, AadhaarGateway } = Registries.AadhaarGateway
type AadhaarCheckFailed = Registries.AadhaarGateway.AadhaarCheckFailed

/**
 * The client's configuration. `baseUrl` is the gateway's authentication
 * endpoint (the full URL the request is posted to).
 *
 * @since 0.1.0
 * @category models
 */
export interface AadhaarClientConfig {
  readonly baseUrl: string
  readonly subAuaCode: string
  /** Sent as the `apiKeyHeader` header when given; never logged. */
  readonly apiKey?: Redacted.Redacted<string> | undefined
  /** Default `x-api-key`. */
  readonly apiKeyHeader?: string | undefined
  /** How long to wait for the whole reply; default 30 seconds. */
  readonly timeout?: Duration.Input | undefined
}

/**
 * The default wait for the gateway's reply.
 *
 * @since 0.1.0
 * @category models
 */
export const defaultTimeout: Duration.Duration = Duration.seconds(30)

/**
 * The optional biometric part of a request (AAD-2): the modality and the
 * registered device's data.
 *
 * @since 0.1.0
 * @category models
 */
export interface Biometric {
  readonly bioType: "FMR" | "FIR" | "IIR"
  readonly rdInfo: string
  readonly rdData: string
}

/**
 * The body posted to the gateway (AAD-2).
 *
 * @since 0.1.0
 * @category models
 */
export const RequestBody = Schema.Struct({
  uid: Schema.String,
  uidType: Schema.Literals(["A", "V", "T", "E"]),
  consent: Schema.Literal("Y"),
  subAuaCode: Schema.String,
  txn: Schema.String,
  isPI: Schema.Literal("y"),
  isBio: Schema.Literals(["y", "n"]),
  isOTP: Schema.Literals(["y", "n"]),
  name: Schema.String,
  dob: Schema.String,
  gender: Schema.Literals(["M", "F", "T"]),
  bioType: Schema.optionalKey(Schema.Literals(["FMR", "FIR", "IIR"])),
  rdInfo: Schema.optionalKey(Schema.String),
  rdData: Schema.optionalKey(Schema.String),
  otpValue: Schema.optionalKey(Schema.String),
})

/**
 * @since 0.1.0
 * @category models
 */
export type RequestBody = typeof RequestBody.Type

/**
 * Builds the AAD-2 body of a port request. Consent is always `"Y"` (the port
 * cannot express a request without it); `isBio`/`isOTP` are `"y"` only when
 * the biometric or OTP part is given.
 *
 * @since 0.1.0
 * @category constructors
 */
export const requestBody = (
  request: AadhaarAuthenticationRequest,
  options: {
    readonly subAuaCode: string
    readonly biometric?: Biometric | undefined
    readonly otpValue?: string | undefined
  },
): RequestBody => ({
  uid: request.uid,
  uidType: request.uidType,
  consent: "Y",
  subAuaCode: options.subAuaCode,
  txn: request.txn,
  isPI: "y",
  isBio: options.biometric === undefined ? "n" : "y",
  isOTP: options.otpValue === undefined ? "n" : "y",
  name: request.name,
  dob: request.dob,
  gender: request.gender,
  ...(options.biometric === undefined ? {} : options.biometric),
  ...(options.otpValue === undefined ? {} : { otpValue: options.otpValue }),
})

const OptionalText = Schema.optionalKey(Schema.NullOr(Schema.String))

/**
 * The gateway's reply (AAD-2). Every field is optional here: what is missing
 * is judged by `classifyReply`.
 *
 * @since 0.1.0
 * @category models
 */
export const ReplyBody = Schema.Struct({
  ret: OptionalText,
  err: OptionalText,
  status: OptionalText,
  errMsg: OptionalText,
  txn: OptionalText,
  responseCode: OptionalText,
  uidToken: OptionalText,
})

/**
 * @since 0.1.0
 * @category models
 */
export type ReplyBody = typeof ReplyBody.Type

/**
 * What came back from one call: an HTTP response, a transport error (refused,
 * reset, closed without a reply) or nothing within the timeout.
 *
 * @since 0.1.0
 * @category models
 */
export type Reply =
  | { readonly _tag: "Response"; readonly status: number; readonly body: string }
  | { readonly _tag: "TransportError" }
  | { readonly _tag: "Timeout" }

const decodeReply = Schema.decodeUnknownResult(Schema.fromJsonString(ReplyBody))

// A gateway error code is only carried when it looks like one, so no echoed
// personal data (or the number) can reach an error's reason.
const errorCodePattern = /^[A-Za-z0-9_.-]{1,16}$/
const safeCode = (code: string | null | undefined): string | undefined =>
  code !== null && code !== undefined && errorCodePattern.test(code) && !/\d{12}/.test(code)
    ? code
    : undefined

const present = (text: string | null | undefined): text is string =>
  text !== null && text !== undefined && text.trim() !== ""

/**
 * Classifies one reply (AAD-2): `ret "y"` is valid (keeping `uidToken`),
 * `ret "n"` invalid; `status "ERROR"`, a non-2xx status, a transport error,
 * a timeout, a reply for another transaction or anything undecodable is
 * `AadhaarCheckFailed`. The reason names only the cause and the gateway's
 * error code, never the number.
 *
 * @since 0.1.0
 * @category conversions
 */
export const classifyReply = (options: {
  readonly txn: string
  readonly reply: Reply
}): Result.Result<AadhaarAnswer, AadhaarCheckFailed> => {
  const { txn, reply } = options
  const failed = (reason: string) => Result.fail(new AadhaarCheckFailed({ txn, reason }))
  if (reply._tag === "Timeout") return failed("no response")
  if (reply._tag === "TransportError") return failed("no response (connection failed)")
  if (reply.status < 200 || reply.status > 299) return failed(`gateway HTTP status ${reply.status}`)
  const decoded = decodeReply(reply.body)
  if (Result.isFailure(decoded)) return failed("undecodable reply")
  const body = decoded.success
  const code = safeCode(body.err) ?? safeCode(body.responseCode)
  if (body.status?.toUpperCase() === "ERROR") {
    return failed(code === undefined ? "gateway error" : `gateway error ${code}`)
  }
  if (present(body.txn) && body.txn !== txn) return failed("reply for another transaction")
  const ret = body.ret?.toLowerCase()
  if (ret === "y") {
    return Result.succeed(present(body.uidToken) ? { ret: "y", uidToken: body.uidToken } : { ret: "y" })
  }
  if (ret === "n") {
    const errorCode = safeCode(body.err)
    return Result.succeed(errorCode === undefined ? { ret: "n" } : { ret: "n", errorCode })
  }
  return failed("undecodable reply")
}

const outcomeOf = (answer: AadhaarAnswer): string => (answer.ret === "y" ? "valid" : "invalid")

/**
 * Builds the gateway client on its own undici `Agent`, closed with the scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function* (config: AadhaarClientConfig) {
  const timeout = Duration.fromInputUnsafe(config.timeout ?? defaultTimeout)
  const timeoutMillis = Duration.toMillis(timeout)
  const agent = yield* Effect.acquireRelease(
    Effect.sync(
      () =>
        new Agent({
          headersTimeout: timeoutMillis,
          bodyTimeout: timeoutMillis,
          connectTimeout: timeoutMillis,
        }),
    ),
    (agent) => Effect.promise(() => agent.destroy()),
  )
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
    ...(config.apiKey === undefined
      ? {}
      : { [config.apiKeyHeader ?? "x-api-key"]: Redacted.value(config.apiKey) }),
  }
  const send = (body: RequestBody): Effect.Effect<Reply> =>
    Effect.tryPromise({
      try: async (signal) => {
        const response = await undiciRequest(config.baseUrl, {
          method: "POST",
          headers,
          body: JSON.stringify(body),
          dispatcher: agent,
          signal,
        })
        const text = await response.body.text()
        return { _tag: "Response", status: response.statusCode, body: text } satisfies Reply
      },
      // The cause is dropped on purpose: it may quote the request.
      catch: () => ({ _tag: "TransportError" }) satisfies Reply,
    }).pipe(
      Effect.match({ onFailure: (reply: Reply) => reply, onSuccess: (reply: Reply) => reply }),
      Effect.timeoutOrElse({ duration: timeout, orElse: () => Effect.succeed<Reply>({ _tag: "Timeout" }) }),
    )
  const authenticate = (request: AadhaarAuthenticationRequest) =>
    Effect.gen(function* () {
      const reply = yield* send(requestBody(request, { subAuaCode: config.subAuaCode }))
      const result = classifyReply({ txn: request.txn, reply })
      if (Result.isFailure(result)) {
        yield* Effect.logWarning(`Aadhaar check failed: ${result.failure.reason}`)
        return yield* Effect.fail(result.failure)
      }
      yield* Effect.logDebug(`Aadhaar check answered: ${outcomeOf(result.success)}`)
      return result.success
    }).pipe(
      Effect.annotateLogs({ aadhaarTxn: request.txn }),
      Effect.withSpan("AadhaarClient.authenticate", { attributes: { txn: request.txn } }),
    )
  return AadhaarGateway.of({ authenticate })
})

/**
 * The `AadhaarGateway` port over HTTP.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (config: AadhaarClientConfig): Layer.Layer<Registries.AadhaarGateway.AadhaarGateway> =>
  Layer.effect(AadhaarGateway, make(config))

/**
 * The configuration from the environment (REL-4): `AADHAAR_GATEWAY_URL`,
 * `AADHAAR_SUB_AUA_CODE`, optional `AADHAAR_API_KEY` (redacted) and
 * `AADHAAR_TIMEOUT` (a duration, default 30 seconds).
 *
 * @since 0.1.0
 * @category models
 */
export const config: Config.Config<AadhaarClientConfig> = Config.all({
  baseUrl: Config.String("AADHAAR_GATEWAY_URL"),
  subAuaCode: Config.String("AADHAAR_SUB_AUA_CODE"),
  apiKey: Config.option(Config.Redacted("AADHAAR_API_KEY")),
  timeout: Config.withDefault(Config.Duration("AADHAAR_TIMEOUT"), defaultTimeout),
}).pipe(Config.map(({ apiKey, ...rest }) => ({ ...rest, apiKey: Option.getOrUndefined(apiKey) })))

/**
 * The `AadhaarGateway` port over HTTP, configured from the environment.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: Layer.Layer<Registries.AadhaarGateway.AadhaarGateway, Config.ConfigError> =
  Layer.effect(
    AadhaarGateway,
    Effect.flatMap(config, (resolved) => make(resolved)),
  )
