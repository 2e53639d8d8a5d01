/**
 * The JIT simulator's scenario (spec 07 SIM-2): plain JSON data, decoded with
 * Schema, so a test, a demo and `karya jit-sim` can share one file. Every
 * knob is optional; the empty scenario `{}` accepts everything and moves each
 * PI through JIT's life cycle on the first poll of each step.
 *
 * Knobs with `times` apply that many times and are then spent; without
 * `times` they apply for ever. Knobs with `billNumbers` apply only to those
 * PI (or correction) numbers; without it to every one.
 *
 * @since 0.1.0
 */
import { Payments } from "@karya/core"
import { Schema } from "effect"

/**
 * A JIT service code, as the simulator routes it: core's list of services.
 *
 * @since 0.1.0
 * @category models
 */
export const SimulatedService = Payments.JitService.JitService

/**
 * @since 0.1.0
 * @category models
 */
export type SimulatedService = typeof SimulatedService.Type

/**
 * One allotment of a sanction, as VA reports it.
 *
 * @since 0.1.0
 * @category models
 */
export const Allotment = Schema.Struct({
  ssuAllotmentId: Schema.String,
  /** `allotmentDate`, `yyyy-MM-dd`. */
  date: Schema.String,
  /** `allotmentAmount`, a decimal string. */
  amount: Schema.String,
  /** `allotmentTxnType`. */
  kind: Schema.Literals(["Initial Allotment", "Additional allotment", "Allotment withdrawal"]),
  /** `allotmentTxnSlNo`; defaults to the allotment's position in its sanction. */
  serialNumber: Schema.optionalKey(Schema.String),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Allotment = typeof Allotment.Type

/**
 * A sanction (master allotment) of a head of account for one DDO and grantee.
 *
 * @since 0.1.0
 * @category models
 */
export const Sanction = Schema.Struct({
  /** `mstAllotmentDistId`. */
  sanctionId: Schema.String,
  /** `hoa`. */
  headOfAccount: Schema.String,
  ddoCode: Schema.String,
  /** `granteeAgCode`. */
  granteeCode: Schema.String,
  granteeName: Schema.optionalKey(Schema.String),
  schemeCode: Schema.String,
  schemeName: Schema.optionalKey(Schema.String),
  ssuId: Schema.String,
  ssuOffice: Schema.optionalKey(Schema.String),
  allotments: Schema.Array(Allotment),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Sanction = typeof Sanction.Type

/**
 * Chooses a beneficiary by account number or by payment id (`benefId`,
 * case-insensitively).
 *
 * @since 0.1.0
 * @category models
 */
export const BeneficiaryMatch = Schema.Struct({
  accountNumber: Schema.optionalKey(Schema.String),
  paymentId: Schema.optionalKey(Schema.String),
})

/**
 * @since 0.1.0
 * @category models
 */
export type BeneficiaryMatch = typeof BeneficiaryMatch.Type

/**
 * Holds a step back: it happens on the first poll after `polls` polls that
 * found it not done, and not before `seconds` of the simulator's clock have
 * passed since the previous step. Both default to 0.
 *
 * @since 0.1.0
 * @category models
 */
export const Delay = Schema.Struct({
  polls: Schema.optionalKey(Schema.Int),
  seconds: Schema.optionalKey(Schema.Number),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Delay = typeof Delay.Type

/**
 * Declines pushes with one JIT error code (a code of core's
 * `JitErrorCatalogue`, e.g. "TV0003" invalid creditor IFSC). A declined
 * push is not held, so a corrected re-push under the same number is accepted.
 *
 * @since 0.1.0
 * @category models
 */
export const Decline = Schema.Struct({
  errorCode: Schema.String,
  errorMessage: Schema.optionalKey(Schema.String),
  times: Schema.optionalKey(Schema.Int),
  billNumbers: Schema.optionalKey(Schema.Array(Schema.String)),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Decline = typeof Decline.Type

/**
 * How a response is dropped: the connection is closed without a reply
 * (`noReply`), the reply comes only after `timeoutMs` of the simulator's
 * clock (`timeout`), or the reply is not decryptable (`garbage`). The request
 * is processed first (JIT received it, the reply was lost) unless
 * `beforeProcessing` is set.
 *
 * @since 0.1.0
 * @category models
 */
export const DropResponse = Schema.Struct({
  service: Schema.Union([SimulatedService, Schema.Literal("authenticate")]),
  mode: Schema.Literals(["noReply", "timeout", "garbage"]),
  times: Schema.optionalKey(Schema.Int),
  timeoutMs: Schema.optionalKey(Schema.Int),
  beforeProcessing: Schema.optionalKey(Schema.Boolean),
})

/**
 * @since 0.1.0
 * @category models
 */
export type DropResponse = typeof DropResponse.Type

/**
 * A beneficiary whose payment fails: paid by the voucher (PD or FTPS), then
 * returned by the bank and reported by FD or FTFPS with `reason`. `times`
 * counts payments failed (default: every payment that matches).
 *
 * @since 0.1.0
 * @category models
 */
export const FailBeneficiary = Schema.Struct({
  accountNumber: Schema.optionalKey(Schema.String),
  paymentId: Schema.optionalKey(Schema.String),
  reason: Schema.String,
  times: Schema.optionalKey(Schema.Int),
})

/**
 * @since 0.1.0
 * @category models
 */
export type FailBeneficiary = typeof FailBeneficiary.Type

/**
 * The scenario.
 *
 * @since 0.1.0
 * @category models
 */
export const Scenario = Schema.Struct({
  /** The client id and secret the simulator accepts (defaults `karya-sim` / `karya-sim-secret`). */
  clientId: Schema.optionalKey(Schema.String),
  clientSecret: Schema.optionalKey(Schema.String),
  /** How long a session key stays valid (default 1800 s, JIT-W-4). */
  sessionTtlSeconds: Schema.optionalKey(Schema.Number),
  /** The simulator's local time zone as an offset from UTC (default +330, IST). */
  utcOffsetMinutes: Schema.optionalKey(Schema.Int),
  /** The sanctions VA reports (default: one MUKTA sanction like the fixtures'). */
  sanctions: Schema.optionalKey(Schema.Array(Sanction)),
  /** Decline a push whose net amount exceeds its known sanction's balance (default true). */
  enforceAllotments: Schema.optionalKey(Schema.Boolean),
  /** The code of an insufficient-allotment decline (default "TR0006", bill objected). */
  insufficientAllotmentCode: Schema.optionalKey(Schema.String),
  /** Decline PI pushes as if the allotment were insufficient, whatever the balance. */
  insufficientAllotment: Schema.optionalKey(
    Schema.Struct({
      times: Schema.optionalKey(Schema.Int),
      billNumbers: Schema.optionalKey(Schema.Array(Schema.String)),
    }),
  ),
  declinePi: Schema.optionalKey(Decline),
  declineCorrection: Schema.optionalKey(Decline),
  /** Answer PI pushes with PV0073 duplicate payment information id, holding the PI as received. */
  duplicatePaymentInformation: Schema.optionalKey(
    Schema.Struct({
      times: Schema.optionalKey(Schema.Int),
      billNumbers: Schema.optionalKey(Schema.Array(Schema.String)),
    }),
  ),
  /** The SSU rejects the bill: PIS answers "This Bill Number … is rejected by SSU …". */
  rejectAtPis: Schema.optionalKey(
    Schema.Struct({
      times: Schema.optionalKey(Schema.Int),
      billNumbers: Schema.optionalKey(Schema.Array(Schema.String)),
    }),
  ),
  dropResponses: Schema.optionalKey(Schema.Array(DropResponse)),
  failBeneficiaries: Schema.optionalKey(Schema.Array(FailBeneficiary)),
  /** Whether failing beneficiaries are listed as paid in PD/FTPS before FD reports them (default true, as JIT does). */
  failuresListedInPaymentDetails: Schema.optionalKey(Schema.Boolean),
  /** Partial PD: these beneficiaries are paid only after `afterPolls` more PD (or FTPS) polls. */
  partialPaymentDetails: Schema.optionalKey(
    Schema.Struct({
      beneficiaries: Schema.Array(BeneficiaryMatch),
      afterPolls: Schema.Int,
    }),
  ),
  /** The next service calls answer "No valid session encryption key" and end the session (default times 1). */
  expireSession: Schema.optionalKey(Schema.Struct({ times: Schema.optionalKey(Schema.Int) })),
  /** PIS: the SSU approves after this delay from the push. */
  delayApproval: Schema.optionalKey(Delay),
  /** PAG: the treasury advises after this delay from approval. */
  delayAdvice: Schema.optionalKey(Delay),
  /** PD / FTPS: the voucher is paid after this delay from advice (or from the correction's push). */
  delayPayment: Schema.optionalKey(Delay),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Scenario = typeof Scenario.Type

/**
 * The scenario that accepts everything.
 *
 * @since 0.1.0
 * @category constructors
 */
export const acceptAll: Scenario = {}

/**
 * Decodes a scenario from unknown JSON data.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = Schema.decodeUnknownEffect(Scenario)

/**
 * Decodes a scenario from unknown JSON data, throwing on invalid data (for
 * the CLI and plain-Promise callers).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeSync = Schema.decodeUnknownSync(Scenario)

/**
 * The sanction VA reports when the scenario names none: the fixtures' MUKTA
 * sanction 920 of ANGUL MUNICIPALITY, with 100000.00 allotted.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultSanctions: ReadonlyArray<Sanction> = [
  {
    sanctionId: "920",
    headOfAccount: "132217058003586410459082112",
    ddoCode: "OLSHUD001",
    granteeCode: "GOHUDULBMPL0036",
    granteeName: "ANGUL MUNICIPALITY",
    schemeCode: "13145",
    schemeName: "Mukhyamantri Karma Tatpara Abhiyan (MUKTA)",
    ssuId: "1621",
    ssuOffice: "angul_op",
    allotments: [
      { ssuAllotmentId: "860", date: "2023-05-10", amount: "100000.00", kind: "Initial Allotment" },
    ],
  },
]
