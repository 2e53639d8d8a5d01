/**
 * The Aadhaar Yes/No gateway port (AAD-2, AAD-3 of 07-integrations.md): the
 * demographic authentication of a wage seeker's Aadhaar number through the
 * state's AUA/KUA (Odisha: OCAC). The HTTP client lives in
 * `@karya/adapters-jit`; core only states the request, the two answers
 * (`y` valid with an optional vault token, `n` invalid) and the failure
 * (error or no response: the check could not be made).
 *
 * Core always checks the number locally first (AAD-1, `Aadhaar.fromString`),
 * so the gateway never receives a malformed number. The request carries the
 * number only to the gateway; it is never logged (AAD-2).
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Schema } from "effect"
import { LocalDate } from "../time/LocalDate.js"

/**
 * A demographic Yes/No request (AAD-2). Consent is always `"Y"`: a request
 * without consent cannot be built.
 *
 * @since 0.1.0
 * @category models
 */
export const AadhaarAuthenticationRequest = Schema.Struct({
  uid: Schema.String,
  uidType: Schema.Literals(["A", "V", "T", "E"]),
  consent: Schema.Literal("Y"),
  /** Our unique transaction id. */
  txn: Schema.String,
  name: Schema.String,
  dob: LocalDate,
  gender: Schema.Literals(["M", "F", "T"]),
})

/**
 * @since 0.1.0
 * @category models
 */
export type AadhaarAuthenticationRequest = typeof AadhaarAuthenticationRequest.Type

/**
 * The gateway's answer: `y` (details match; keep the vault token when one is
 * given) or `n` (details do not match).
 *
 * @since 0.1.0
 * @category models
 */
export type AadhaarAnswer =
  | { readonly ret: "y"; readonly uidToken?: string }
  | { readonly ret: "n"; readonly errorCode?: string }

/**
 * The Aadhaar check could not be made (gateway error or no response). The
 * clerk may try again or use another identity document (AAD-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class AadhaarCheckFailed extends Schema.TaggedError<AadhaarCheckFailed>(
  "@karya/core/registries/AadhaarCheckFailed",
)("AadhaarCheckFailed", {
  /** Our transaction id of the attempt. */
  txn: Schema.String,
  /** The gateway's error code or `no response`; never the Aadhaar number. */
  reason: Schema.String,
}) {
  static readonly code = "AADHAAR_CHECK_FAILED"
  static readonly category = "unavailable"
  readonly code = AadhaarCheckFailed.code
  readonly category = AadhaarCheckFailed.category
  readonly retryable = true
  override get message(): string {
    return `The Aadhaar check could not be made (${this.reason}, transaction ${this.txn}); nothing was saved. Try again, or choose another identity document.`
  }
}

/**
 * The gateway answered "n": the Aadhaar details do not match (AAD-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class AadhaarNotVerified extends Schema.TaggedError<AadhaarNotVerified>(
  "@karya/core/registries/AadhaarNotVerified",
)("AadhaarNotVerified", {
  /** Our transaction id of the attempt. */
  txn: Schema.String,
}) {
  static readonly code = "AADHAAR_NOT_VERIFIED"
  static readonly category = "rule"
  readonly code = AadhaarNotVerified.code
  readonly category = AadhaarNotVerified.category
  readonly retryable = false
  override get message(): string {
    return `Aadhaar details do not match (transaction ${this.txn}); enter a valid Aadhaar or choose another identity document. The name, date of birth and gender must be as on the Aadhaar card.`
  }
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface AadhaarGatewayShape {
  readonly authenticate: (
    request: AadhaarAuthenticationRequest,
  ) => Effect.Effect<AadhaarAnswer, AadhaarCheckFailed>
}

/**
 * The Aadhaar gateway port.
 *
 * @since 0.1.0
 * @category services
 */
export class AadhaarGateway extends Context.Service<AadhaarGateway, AadhaarGatewayShape>()(
  "@karya/core/registries/AadhaarGateway",
) {}

/**
 * What a scripted gateway answers to a request: an answer, or `"checkFailed"`
 * for an error or no response.
 *
 * @since 0.1.0
 * @category models
 */
export type AadhaarScript = (request: AadhaarAuthenticationRequest) => AadhaarAnswer | "checkFailed"

/**
 * An in-memory gateway that answers as the test's script says.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (script: AadhaarScript): Layer.Layer<AadhaarGateway> =>
  Layer.succeed(
    AadhaarGateway,
    AadhaarGateway.of({
      authenticate: (request) =>
        Effect.suspend(() => {
          const answer = script(request)
          return answer === "checkFailed"
            ? Effect.fail(new AadhaarCheckFailed({ txn: request.txn, reason: "no response" }))
            : Effect.succeed(answer)
        }),
    }),
  )
