/**
 * The outcome of a JIT-FS call (spec 06 status machine, 07 JIT-W-5, JIT-W-8).
 * Every call ends in exactly one of four outcomes:
 * - `NoResponse`: transport failure, timeout, a non-2xx status without a JIT
 *   body, an undecryptable reply, or a reply with neither error nor data;
 * - `Error`: JIT returned `errorMsg` or `errorMsgs`; every code and message
 *   is kept (a message without a code has code "");
 * - `Rejected`: a PIS error saying the bill "is rejected" by the SSU;
 * - `Success`: data returned.
 *
 * The JIT client classifies the wire reply into this model and decides
 * nothing else. The rules that turn an outcome into a status-machine event
 * live here, so a client that reports a PIS rejection as a plain `Error`, or a
 * PI acknowledgement with a non-zero `successCode` as a `Success`, still
 * drives the machine correctly ({@link eventOf}).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import {
  CorrectionRequest,
  FailedTransactionFailureStatusRequest,
  FailedTransactionPaymentStatusRequest,
  FailureDetailsRequest,
  FailureDetailsRow,
  PaymentAdviceReply,
  PaymentAdviceRequest,
  PaymentDetailsRequest,
  PaymentDetailsRow,
  PaymentInstructionRequest,
  type PaymentInstructionService,
  PaymentInstructionStatusReply,
  PaymentInstructionStatusRequest,
  PushAcknowledgement,
  VirtualAllotmentRow,
} from "./JitService.js"

/**
 * One JIT error: `errorCode` and `errorMsg`.
 *
 * @since 0.1.0
 * @category models
 */
export const JitErrorMessage = Schema.Struct({ code: Schema.String, message: Schema.String })

/**
 * @since 0.1.0
 * @category models
 */
export type JitErrorMessage = typeof JitErrorMessage.Type

/**
 * Why no response was received.
 *
 * @since 0.1.0
 * @category models
 */
export const NoResponseCause = Schema.Literals([
  "transport",
  "timeout",
  "httpStatus",
  "undecryptable",
  "emptyReply",
])

/**
 * @since 0.1.0
 * @category models
 */
export type NoResponseCause = typeof NoResponseCause.Type

/**
 * No response was received; `detail` is for the operator (never a secret).
 *
 * @since 0.1.0
 * @category models
 */
export const NoResponse = Schema.TaggedStruct("NoResponse", { cause: NoResponseCause, detail: Schema.String })

/**
 * @since 0.1.0
 * @category models
 */
export type NoResponse = typeof NoResponse.Type

/**
 * JIT answered with one or more errors.
 *
 * @since 0.1.0
 * @category models
 */
export const JitError = Schema.TaggedStruct("Error", { errors: Schema.NonEmptyArray(JitErrorMessage) })

/**
 * @since 0.1.0
 * @category models
 */
export type JitError = typeof JitError.Type

/**
 * PIS only: the SSU rejected the bill.
 *
 * @since 0.1.0
 * @category models
 */
export const Rejected = Schema.TaggedStruct("Rejected", { errors: Schema.NonEmptyArray(JitErrorMessage) })

/**
 * @since 0.1.0
 * @category models
 */
export type Rejected = typeof Rejected.Type

/**
 * JIT returned data.
 *
 * @since 0.1.0
 * @category models
 */
export interface Success<A> {
  readonly _tag: "Success"
  readonly reply: A
}

/**
 * The outcome of a call whose successful reply is an `A`.
 *
 * @since 0.1.0
 * @category models
 */
export type JitOutcome<A> = NoResponse | JitError | Rejected | Success<A>

/**
 * The outcome Schema for a reply Schema.
 *
 * @since 0.1.0
 * @category models
 */
export const JitOutcome = <S extends Schema.Top>(reply: S) =>
  Schema.Union([NoResponse, JitError, Rejected, Schema.TaggedStruct("Success", { reply })])

/**
 * @since 0.1.0
 * @category constructors
 */
export const noResponse = (cause: NoResponseCause, detail: string): NoResponse => ({
  _tag: "NoResponse",
  cause,
  detail,
})

/**
 * @since 0.1.0
 * @category constructors
 */
export const error = (errors: readonly [JitErrorMessage, ...Array<JitErrorMessage>]): JitError => ({
  _tag: "Error",
  errors,
})

/**
 * @since 0.1.0
 * @category constructors
 */
export const rejected = (errors: readonly [JitErrorMessage, ...Array<JitErrorMessage>]): Rejected => ({
  _tag: "Rejected",
  errors,
})

/**
 * @since 0.1.0
 * @category constructors
 */
export const success = <A>(reply: A): Success<A> => ({ _tag: "Success", reply })

/**
 * The reply Schema of every service.
 *
 * @since 0.1.0
 * @category models
 */
export const replySchemas = {
  VA: Schema.Array(VirtualAllotmentRow),
  PI: PushAcknowledgement,
  PIS: PaymentInstructionStatusReply,
  PAG: PaymentAdviceReply,
  PD: Schema.Array(PaymentDetailsRow),
  FD: Schema.Array(FailureDetailsRow),
  COR: PushAcknowledgement,
  FTPS: Schema.Array(PaymentDetailsRow),
  FTFPS: Schema.Array(FailureDetailsRow),
} as const

/**
 * The reply type of each service.
 *
 * @since 0.1.0
 * @category models
 */
export type ReplyOf = { readonly [S in keyof typeof replySchemas]: (typeof replySchemas)[S]["Type"] }

const exchange = <const S extends PaymentInstructionService, R extends Schema.Top>(service: S, request: R) =>
  Schema.TaggedStruct(service, {
    request,
    outcome: JitOutcome(replySchemas[service]),
  })

/**
 * One call of a payment-instruction service: its request and outcome,
 * tagged by service. The PI history records exchanges (PI-S-11) and the
 * status machine reads them.
 *
 * @since 0.1.0
 * @category models
 */
export const JitExchange = Schema.Union([
  exchange("PI", PaymentInstructionRequest),
  exchange("PIS", PaymentInstructionStatusRequest),
  exchange("PAG", PaymentAdviceRequest),
  exchange("PD", PaymentDetailsRequest),
  exchange("FD", FailureDetailsRequest),
  exchange("COR", CorrectionRequest),
  exchange("FTPS", FailedTransactionPaymentStatusRequest),
  exchange("FTFPS", FailedTransactionFailureStatusRequest),
])

/**
 * @since 0.1.0
 * @category models
 */
export type JitExchange = typeof JitExchange.Type

/**
 * JIT's error code for a push whose payment information id it already holds
 * (PI-E-1, PI-S-2).
 *
 * @since 0.1.0
 * @category models
 */
export const duplicatePaymentInformationCode = "PV0073"

const duplicateMessage = /duplicate\s+payment\s+info(rmation)?\s+id/i
const rejectionMessage = /\bis\s+rejected\b/i

/**
 * Whether a push error says an earlier attempt reached JIT (PI-S-2): code
 * PV0073, or the words "duplicate payment information id".
 *
 * @since 0.1.0
 * @category predicates
 */
export const isDuplicatePaymentInformation = (errors: ReadonlyArray<JitErrorMessage>): boolean =>
  errors.some(
    (item) => item.code.trim() === duplicatePaymentInformationCode || duplicateMessage.test(item.message),
  )

/**
 * Whether a PIS error says the SSU rejected the bill (JIT-W-5: "This Bill
 * Number … is rejected by SSU …").
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRejection = (errors: ReadonlyArray<JitErrorMessage>): boolean =>
  errors.some((item) => rejectionMessage.test(item.message))

/**
 * The text of JIT's errors for the user (PI-S-12): the messages joined by
 * "; ", or the codes when JIT sent no message.
 *
 * @since 0.1.0
 * @category conversions
 */
export const errorText = (errors: ReadonlyArray<JitErrorMessage>): string =>
  errors.map((item) => (item.message.trim() === "" ? item.code.trim() : item.message.trim())).join("; ")
