/**
 * The JIT-FS client (spec 07 JIT-W-1..JIT-W-5): core's `JitGateway` port
 * over HTTPS with undici, JIT's encryption (`JitCrypto`) and wire format
 * (`JitWire`).
 *
 * - Logs in lazily (JIT-W-2) and re-uses the session for at most
 *   `sessionTtl` (30 minutes unless configured), measured with Effect's
 *   `Clock`; concurrent callers share one login in flight.
 * - Encrypts every call under the session key with a fresh request key
 *   (JIT-W-3), and when JIT answers "No valid session encryption key" logs in
 *   again and retries that call exactly once (JIT-W-4).
 * - Classifies every reply in one function, {@link classifyReply} (JIT-W-5);
 *   the port never fails: every transport, crypto or protocol failure is the
 *   outcome `NoResponse`.
 * - Never logs or returns the client secret, the keys or the auth token
 *   (REL-4): they live in `Redacted` values and no outcome detail names them.
 *
 * Every tenant's calls go through the one JIT registration of the
 * configuration; the tenant id is kept for the port's signature.
 *
 * @since 0.1.0
 */
import type { Payments } from "@karya/core"
import { Payments as CorePayments } from "@karya/core"
import { Clock, Config, Duration, Effect, Layer, Option, Redacted, Ref, Schema, Semaphore } from "effect"
import { Agent, request } from "undici"
import { decryptAes, decryptJson, encryptAes, encryptJson, encryptRsa, generateAesKey } from "./JitCrypto.js"
import * as JitWire from "./JitWire.js"

type JitService = Payments.JitService.JitService
type ReplyOf = Payments.JitOutcome.ReplyOf
type RequestOf = Payments.JitGateway.RequestOf
type JitOutcome<A> = Payments.JitOutcome.JitOutcome<A>
type NoResponse = Payments.JitOutcome.NoResponse

const Outcome = CorePayments.JitOutcome

// ---------------------------------------------------------------- config

/**
 * The client's configuration. The secret is `Redacted`; the public key is
 * JIT's RSA-2048 key in PEM.
 *
 * @since 0.1.0
 * @category models
 */
export interface JitClientConfig {
  /** JIT's host, e.g. `https://jitfs.example.gov.in` (a path prefix is kept). */
  readonly baseUrl: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  readonly jitPublicKeyPem: string
  /** How long a session is re-used (JIT-W-4); default 30 minutes. */
  readonly sessionTtl?: Duration.Input | undefined
  /** The timeout of each HTTP call (JIT-W-5); default 30 seconds. */
  readonly timeout?: Duration.Input | undefined
}

/**
 * The default session lifetime (JIT-W-4).
 *
 * @since 0.1.0
 * @category models
 */
export const defaultSessionTtl: Duration.Duration = Duration.minutes(30)

/**
 * The default call timeout (JIT-W-5).
 *
 * @since 0.1.0
 * @category models
 */
export const defaultTimeout: Duration.Duration = Duration.seconds(30)

/**
 * The authentication endpoint (JIT-W-1).
 *
 * @since 0.1.0
 * @category models
 */
export const authenticatePath = "/webservices/jitfs/v1.0/authenticate"

/**
 * The endpoint of every service (JIT-W-1); the service is named inside the
 * encrypted payload.
 *
 * @since 0.1.0
 * @category models
 */
export const servicePath = "/webservices/jitfs/v1.0/get-jit-service-data"

/**
 * JIT's message when the session key has expired or is unknown (JIT-W-4).
 *
 * @since 0.1.0
 * @category models
 */
export const sessionKeyMissingMessage = /no\s+valid\s+session\s+encryption\s+key/i

// ---------------------------------------------------------------- classification

/**
 * What came back from one service call, before classification: a transport
 * failure, a timeout, or an HTTP reply with its body and the request key it
 * should decrypt under.
 *
 * @since 0.1.0
 * @category models
 */
export type RawReply =
  | { readonly _tag: "TransportFailed"; readonly detail: string }
  | { readonly _tag: "TimedOut"; readonly detail: string }
  | {
      readonly _tag: "Received"
      readonly status: number
      readonly body: string
      readonly rek: Uint8Array
    }

const PlainErrorBody = Schema.Struct({
  errorMsg: Schema.optionalKey(Schema.NullOr(Schema.String)),
  errorMsgs: Schema.optionalKey(Schema.NullOr(Schema.Array(JitWire.WireErrorMessage))),
})

type Envelope = {
  readonly errors: ReadonlyArray<Payments.JitOutcome.JitErrorMessage>
  readonly data: ReadonlyArray<unknown>
}

const decodeEnvelope = Schema.decodeUnknownOption(JitWire.ResponseEnvelope)
const decodePlainError = Schema.decodeUnknownOption(PlainErrorBody)

const parseJson = (text: string): Option.Option<unknown> => {
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return Option.none()
  }
}

/**
 * The JIT envelope of a reply body: the body decrypted under the REK
 * (JIT-W-3); failing that, a plain JSON or text error body, which JIT sends
 * when it cannot use the request's keys (e.g. an expired session).
 */
const envelopeOf = (body: string, rek: Uint8Array): Option.Option<Envelope> => {
  let decrypted: unknown
  try {
    decrypted = decryptJson({ key: rek, ciphertext: body })
  } catch {
    decrypted = undefined
  }
  if (decrypted !== undefined) {
    return Option.map(decodeEnvelope(decrypted), (envelope) => ({
      errors: JitWire.errorsOf(envelope),
      data: envelope.data,
    }))
  }
  const plain = Option.flatMap(parseJson(body), (json) =>
    Option.orElse(
      Option.map(decodeEnvelope(json), (envelope) => ({
        errors: JitWire.errorsOf(envelope),
        data: envelope.data,
      })),
      () =>
        Option.map(decodePlainError(json), (value) => ({
          errors: JitWire.errorsOf(value),
          data: [] as ReadonlyArray<unknown>,
        })),
    ),
  )
  if (Option.isSome(plain) && plain.value.errors.length > 0) return plain
  if (sessionKeyMissingMessage.test(body)) {
    return Option.some({ errors: [{ code: "", message: body.trim().slice(0, 500) }], data: [] })
  }
  return Option.none()
}

const isSuccessStatus = (status: number): boolean => status >= 200 && status < 300

const acknowledged = (
  acknowledgement: Payments.JitService.PushAcknowledgement,
): Option.Option<Payments.JitOutcome.JitError> =>
  acknowledgement.successCode.trim() === "0"
    ? Option.none()
    : Option.some(
        Outcome.error([{ code: acknowledgement.successCode, message: acknowledgement.successDescription }]),
      )

/**
 * Classifies one reply into the call's outcome (JIT-W-5), the only place the
 * client decides one:
 * - transport failure, timeout, a non-2xx status without a JIT body, or a
 *   body that does not decrypt to a JIT envelope → `NoResponse`;
 * - `errorMsg` or `errorMsgs` → `Error` with every code and message kept; a
 *   PIS error saying the bill "is rejected" → `Rejected`;
 * - no error and empty `data` → `NoResponse` (`emptyReply`);
 * - data rows that do not match the service's rows → `NoResponse`
 *   (`undecryptable`);
 * - PI and COR: a first row whose `successCode` is not "0" → `Error` with
 *   that code and `sucessDescrp`;
 * - otherwise `Success` with the domain reply.
 *
 * No detail names a key, token or secret.
 *
 * @since 0.1.0
 * @category classification
 */
export const classifyReply = <S extends JitService>(
  service: S,
  raw: RawReply,
): Effect.Effect<JitOutcome<ReplyOf[S]>> => {
  switch (raw._tag) {
    case "TransportFailed":
      return Effect.succeed(Outcome.noResponse("transport", raw.detail))
    case "TimedOut":
      return Effect.succeed(Outcome.noResponse("timeout", raw.detail))
    case "Received":
      break
  }
  const envelope = envelopeOf(raw.body, raw.rek)
  if (Option.isNone(envelope)) {
    return Effect.succeed(
      isSuccessStatus(raw.status)
        ? Outcome.noResponse("undecryptable", `the ${service} reply does not decrypt to a JIT envelope`)
        : Outcome.noResponse("httpStatus", `HTTP ${raw.status} without a JIT reply to ${service}`),
    )
  }
  const { errors, data } = envelope.value
  const [head, ...rest] = errors
  if (head !== undefined) {
    const all: readonly [Payments.JitOutcome.JitErrorMessage, ...Array<Payments.JitOutcome.JitErrorMessage>] =
      [head, ...rest]
    return Effect.succeed(
      service === "PIS" && Outcome.isRejection(all) ? Outcome.rejected(all) : Outcome.error(all),
    )
  }
  if (data.length === 0) {
    return Effect.succeed(
      Outcome.noResponse("emptyReply", `JIT returned neither error nor data for ${service}`),
    )
  }
  const decode = JitWire.decodeReply[service] as (
    rows: ReadonlyArray<unknown>,
  ) => Effect.Effect<ReplyOf[S], Schema.SchemaError>
  return decode(data).pipe(
    Effect.map((reply): JitOutcome<ReplyOf[S]> => {
      if (service === "PI" || service === "COR") {
        const refused = acknowledged(reply as Payments.JitService.PushAcknowledgement)
        if (Option.isSome(refused)) return refused.value
      }
      return Outcome.success(reply)
    }),
    Effect.catch((issue) =>
      Effect.succeed(
        Outcome.noResponse(
          "undecryptable",
          `the ${service} reply's rows do not match JIT-W-7: ${issue.message}`,
        ),
      ),
    ),
  )
}

/**
 * Whether an outcome is JIT's "No valid session encryption key" (JIT-W-4).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isSessionKeyMissing = (outcome: JitOutcome<unknown>): boolean =>
  outcome._tag === "Error" && outcome.errors.some((item) => sessionKeyMissingMessage.test(item.message))

// ---------------------------------------------------------------- transport

type Failed = Extract<RawReply, { readonly _tag: "TransportFailed" | "TimedOut" }>

const timeoutCodes = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"])

const failedOf = (cause: unknown): Failed => {
  const code =
    typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string"
      ? cause.code
      : "UNKNOWN"
  const message = cause instanceof Error ? cause.message : String(cause)
  return timeoutCodes.has(code)
    ? { _tag: "TimedOut", detail: `JIT did not answer in time (${code})` }
    : { _tag: "TransportFailed", detail: `${code}: ${message}`.slice(0, 300) }
}

const noResponseOf = (failed: Failed): NoResponse =>
  failed._tag === "TimedOut"
    ? Outcome.noResponse("timeout", failed.detail)
    : Outcome.noResponse("transport", failed.detail)

interface Session {
  readonly authToken: Redacted.Redacted<string>
  readonly sessionKey: Redacted.Redacted<Uint8Array>
  readonly expiresAt: number
}

const LoginReply = Schema.Struct({ authToken: Schema.String, sek: Schema.String })
const decodeLoginReply = Schema.decodeUnknownOption(LoginReply)

/**
 * The client's `JitGateway`, with its connection pool closed when the scope
 * closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function* (config: JitClientConfig) {
  const timeoutMillis = Duration.toMillis(config.timeout ?? defaultTimeout)
  const sessionTtlMillis = Duration.toMillis(config.sessionTtl ?? defaultSessionTtl)
  const baseUrl = config.baseUrl.replace(/\/+$/, "")
  const agent = yield* Effect.acquireRelease(
    Effect.sync(
      () =>
        new Agent({
          connect: { timeout: timeoutMillis },
          headersTimeout: timeoutMillis,
          bodyTimeout: timeoutMillis,
        }),
    ),
    (pool) => Effect.promise(() => pool.destroy()),
  )

  const post = (path: string, headers: Record<string, string>, body: string) =>
    Effect.tryPromise({
      try: async (signal) => {
        const response = await request(`${baseUrl}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body,
          dispatcher: agent,
          headersTimeout: timeoutMillis,
          bodyTimeout: timeoutMillis,
          signal,
        })
        return { status: response.statusCode, body: await response.body.text() }
      },
      catch: failedOf,
    })

  const login: Effect.Effect<Session, NoResponse> = Effect.gen(function* () {
    const appKey = generateAesKey()
    const reply = yield* post(
      authenticatePath,
      { clientId: config.clientId, clientSecret: Redacted.value(config.clientSecret) },
      JSON.stringify({ appKey: encryptRsa({ publicKeyPem: config.jitPublicKeyPem, plaintext: appKey }) }),
    ).pipe(Effect.mapError(noResponseOf))
    if (!isSuccessStatus(reply.status)) {
      return yield* Effect.fail(
        Outcome.noResponse("httpStatus", `JIT refused the login (HTTP ${reply.status})`),
      )
    }
    const parsed = Option.flatMap(parseJson(reply.body), decodeLoginReply)
    if (Option.isNone(parsed)) {
      return yield* Effect.fail(
        Outcome.noResponse("undecryptable", "the login reply is not {authToken, sek}"),
      )
    }
    let sessionKey: Uint8Array
    try {
      sessionKey = decryptAes({ key: appKey, ciphertext: parsed.value.sek })
    } catch {
      return yield* Effect.fail(Outcome.noResponse("undecryptable", "the login reply's sek does not decrypt"))
    }
    if (sessionKey.length !== 32) {
      return yield* Effect.fail(
        Outcome.noResponse("undecryptable", "the login reply's sek is not a 32-byte key"),
      )
    }
    const now = yield* Clock.currentTimeMillis
    yield* Effect.logDebug("JIT login succeeded")
    return {
      authToken: Redacted.make(parsed.value.authToken),
      sessionKey: Redacted.make(sessionKey),
      expiresAt: now + sessionTtlMillis,
    }
  })

  const sessionRef = yield* Ref.make<Option.Option<Session>>(Option.none())
  const loginLock = yield* Semaphore.make(1)

  /** The live session, logging in when there is none or it expired (one login at a time). */
  const currentSession: Effect.Effect<Session, NoResponse> = loginLock.withPermit(
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const held = yield* Ref.get(sessionRef)
      if (Option.isSome(held) && now < held.value.expiresAt) return held.value
      const fresh = yield* login
      yield* Ref.set(sessionRef, Option.some(fresh))
      return fresh
    }),
  )

  const forget = (stale: Session) =>
    Ref.update(sessionRef, (held) => (Option.isSome(held) && held.value === stale ? Option.none() : held))

  const callOnce = <S extends JitService>(
    service: S,
    envelope: { readonly serviceId: S; readonly params: unknown },
    session: Session,
  ): Effect.Effect<JitOutcome<ReplyOf[S]>> => {
    const sessionKey = Redacted.value(session.sessionKey)
    const rek = generateAesKey()
    const body = JSON.stringify({
      params: encryptJson({ key: sessionKey, value: envelope }),
      rek: encryptAes({ key: sessionKey, plaintext: rek }),
    })
    return post(servicePath, { authToken: Redacted.value(session.authToken) }, body).pipe(
      Effect.map((reply): RawReply => ({ _tag: "Received", status: reply.status, body: reply.body, rek })),
      Effect.catch((failed) => Effect.succeed<RawReply>(failed)),
      Effect.flatMap((raw) => classifyReply(service, raw)),
    )
  }

  const call = <S extends JitService>(
    service: S,
    request: RequestOf[S],
  ): Effect.Effect<JitOutcome<ReplyOf[S]>> =>
    Effect.gen(function* () {
      const envelope = JitWire.requestEnvelope(service, request)
      const first = yield* currentSession
      const outcome = yield* callOnce(service, envelope, first)
      if (!isSessionKeyMissing(outcome)) return outcome
      yield* Effect.logDebug("JIT session key expired; logging in again")
      yield* forget(first)
      const second = yield* currentSession
      return yield* callOnce(service, envelope, second)
    }).pipe(
      Effect.catch((noResponse) => Effect.succeed<JitOutcome<ReplyOf[S]>>(noResponse)),
      Effect.tap((outcome) =>
        Effect.logDebug("JIT call").pipe(
          Effect.annotateLogs({
            jitService: service,
            jitOutcome: outcome._tag,
            ...(outcome._tag === "NoResponse" ? { jitNoResponse: outcome.cause } : {}),
          }),
        ),
      ),
    )

  return CorePayments.JitGateway.JitGateway.of({
    virtualAllotments: (_tenantId, request) => call("VA", request),
    pushPaymentInstruction: (_tenantId, request) => call("PI", request),
    paymentInstructionStatus: (_tenantId, request) => call("PIS", request),
    paymentAdvice: (_tenantId, request) => call("PAG", request),
    paymentDetails: (_tenantId, request) => call("PD", request),
    failureDetails: (_tenantId, request) => call("FD", request),
    pushCorrection: (_tenantId, request) => call("COR", request),
    failedTransactionPaymentStatus: (_tenantId, request) => call("FTPS", request),
    failedTransactionFailureStatus: (_tenantId, request) => call("FTFPS", request),
  })
})

/**
 * The JIT client as the `JitGateway` layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (config: JitClientConfig): Layer.Layer<Payments.JitGateway.JitGateway> =>
  Layer.effect(CorePayments.JitGateway.JitGateway)(make(config))

/**
 * The JIT client as the `JitGateway` layer, its configuration read from a
 * `Config` (e.g. {@link config}).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Wrap<JitClientConfig>,
): Layer.Layer<Payments.JitGateway.JitGateway, Config.ConfigError> =>
  Layer.effect(CorePayments.JitGateway.JitGateway)(
    Effect.gen(function* () {
      const resolved: JitClientConfig = yield* Config.unwrap(options)
      return yield* make(resolved)
    }),
  )

/**
 * The configuration from the environment: `JIT_BASE_URL`, `JIT_CLIENT_ID`,
 * `JIT_CLIENT_SECRET`, `JIT_PUBLIC_KEY_PEM`, and optionally
 * `JIT_SESSION_TTL` and `JIT_TIMEOUT` (durations, e.g. "30 minutes").
 *
 * @since 0.1.0
 * @category config
 */
export const config: Config.Config<JitClientConfig> = Config.all({
  baseUrl: Config.String("JIT_BASE_URL"),
  clientId: Config.String("JIT_CLIENT_ID"),
  clientSecret: Config.Redacted("JIT_CLIENT_SECRET"),
  jitPublicKeyPem: Config.String("JIT_PUBLIC_KEY_PEM"),
  sessionTtl: Config.Duration("JIT_SESSION_TTL").pipe(Config.withDefault(defaultSessionTtl)),
  timeout: Config.Duration("JIT_TIMEOUT").pipe(Config.withDefault(defaultTimeout)),
})
