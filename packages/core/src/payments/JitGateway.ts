/**
 * The JIT-FS gateway port (ARCH-3, spec 07 JIT-W-1..JIT-W-8): one method per
 * JIT service, each taking the domain request and returning the call's
 * outcome (`JitOutcome`: no response, error, rejected, success). The port
 * never fails: every transport, crypto or protocol failure is the outcome
 * `NoResponse`, which the status machine knows how to continue from.
 *
 * The JIT client (`@karya/adapters-jit`) implements it over HTTPS with
 * JIT's encryption and classifies each reply (JIT-W-5); the JIT simulator
 * implements JIT's side; `@karya/core/testing` has a scripted fake,
 * `layerScriptedJitGateway`.
 *
 * @since 0.1.0
 */
import { Context, Effect } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { JitExchange, JitOutcome, ReplyOf } from "./JitOutcome.js"
import type {
  CorrectionRequest,
  FailedTransactionFailureStatusRequest,
  FailedTransactionPaymentStatusRequest,
  FailureDetailsRequest,
  PaymentAdviceRequest,
  PaymentDetailsRequest,
  PaymentInstructionRequest,
  PaymentInstructionStatusRequest,
  VirtualAllotmentRequest,
} from "./JitService.js"

/**
 * The request type of each service.
 *
 * @since 0.1.0
 * @category models
 */
export interface RequestOf {
  readonly VA: VirtualAllotmentRequest
  readonly PI: PaymentInstructionRequest
  readonly PIS: PaymentInstructionStatusRequest
  readonly PAG: PaymentAdviceRequest
  readonly PD: PaymentDetailsRequest
  readonly FD: FailureDetailsRequest
  readonly COR: CorrectionRequest
  readonly FTPS: FailedTransactionPaymentStatusRequest
  readonly FTFPS: FailedTransactionFailureStatusRequest
}

/**
 * A call of one service: the tenant whose credentials are used, and the
 * request.
 *
 * @since 0.1.0
 * @category models
 */
export type GatewayMethod<S extends keyof RequestOf> = (
  tenantId: TenantId,
  request: RequestOf[S],
) => Effect.Effect<JitOutcome<ReplyOf[S]>>

/**
 * The port's operations, one per JIT service.
 *
 * @since 0.1.0
 * @category models
 */
export interface JitGatewayShape {
  /** VA: allotments of a head of account since the cursor. */
  readonly virtualAllotments: GatewayMethod<"VA">
  /** PI: push an original payment instruction. */
  readonly pushPaymentInstruction: GatewayMethod<"PI">
  /** PIS: the SSU's decision on a pushed PI. */
  readonly paymentInstructionStatus: GatewayMethod<"PIS">
  /** PAG: the treasury's payment advice. */
  readonly paymentAdvice: GatewayMethod<"PAG">
  /** PD: the beneficiaries paid. */
  readonly paymentDetails: GatewayMethod<"PD">
  /** FD: the beneficiaries whose payment failed, for the vouchers of a day. */
  readonly failureDetails: GatewayMethod<"FD">
  /** COR: push a revised payment instruction (correction bill). */
  readonly pushCorrection: GatewayMethod<"COR">
  /** FTPS: the beneficiaries a revised PI paid. */
  readonly failedTransactionPaymentStatus: GatewayMethod<"FTPS">
  /** FTFPS: the beneficiaries whose payment by a revised PI failed. */
  readonly failedTransactionFailureStatus: GatewayMethod<"FTFPS">
}

/**
 * The JIT-FS gateway port.
 *
 * @since 0.1.0
 * @category services
 */
export class JitGateway extends Context.Service<JitGateway, JitGatewayShape>()(
  "@karya/core/payments/JitGateway",
) {}

/**
 * The method of each payment-instruction service.
 *
 * @since 0.1.0
 * @category models
 */
export const methodOf = {
  PI: "pushPaymentInstruction",
  PIS: "paymentInstructionStatus",
  PAG: "paymentAdvice",
  PD: "paymentDetails",
  FD: "failureDetails",
  COR: "pushCorrection",
  FTPS: "failedTransactionPaymentStatus",
  FTFPS: "failedTransactionFailureStatus",
} as const satisfies Record<Exclude<keyof RequestOf, "VA">, keyof JitGatewayShape>

/**
 * A request of a payment-instruction service, tagged by service.
 *
 * @since 0.1.0
 * @category models
 */
export type TaggedRequest = {
  readonly [S in keyof typeof methodOf]: { readonly _tag: S; readonly request: RequestOf[S] }
}[keyof typeof methodOf]

/**
 * Calls the service a tagged request names and pairs the request with its
 * outcome, as the PI history records it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const exchange = (
  tenantId: TenantId,
  tagged: TaggedRequest,
): Effect.Effect<JitExchange, never, JitGateway> =>
  JitGateway.use((gateway): Effect.Effect<JitExchange> => {
    switch (tagged._tag) {
      case "PI":
        return Effect.map(gateway.pushPaymentInstruction(tenantId, tagged.request), (outcome) => ({
          ...tagged,
          outcome,
        }))
      case "PIS":
        return Effect.map(gateway.paymentInstructionStatus(tenantId, tagged.request), (outcome) => ({
          ...tagged,
          outcome,
        }))
      case "PAG":
        return Effect.map(gateway.paymentAdvice(tenantId, tagged.request), (outcome) => ({
          ...tagged,
          outcome,
        }))
      case "PD":
        return Effect.map(gateway.paymentDetails(tenantId, tagged.request), (outcome) => ({
          ...tagged,
          outcome,
        }))
      case "FD":
        return Effect.map(gateway.failureDetails(tenantId, tagged.request), (outcome) => ({
          ...tagged,
          outcome,
        }))
      case "COR":
        return Effect.map(gateway.pushCorrection(tenantId, tagged.request), (outcome) => ({
          ...tagged,
          outcome,
        }))
      case "FTPS":
        return Effect.map(gateway.failedTransactionPaymentStatus(tenantId, tagged.request), (outcome) => ({
          ...tagged,
          outcome,
        }))
      case "FTFPS":
        return Effect.map(gateway.failedTransactionFailureStatus(tenantId, tagged.request), (outcome) => ({
          ...tagged,
          outcome,
        }))
    }
  })
