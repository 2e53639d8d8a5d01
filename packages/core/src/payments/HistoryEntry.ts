/**
 * The entries of a payment instruction's append-only history (PI-S-11):
 * its creation, the sanction chosen before a push, a corrected beneficiary
 * account, and every JIT call with its request, outcome, JIT error codes and
 * messages, anomalies and the statuses it left. Replaying the entries from
 * the first rebuilds the PI exactly (`PaymentInstructionHistory.replay`).
 *
 * Requests hold no secrets: JIT credentials and keys never reach the domain
 * (they live in the JIT client), and the Aadhaar field of a PI request is
 * always empty (AAD-4).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { HumanNumber } from "../ids/HumanNumber.js"
import { BeneficiaryStatus } from "./Beneficiary.js"
import { JitErrorMessage, JitExchange } from "./JitOutcome.js"
import { BankAccount } from "./PayableBill.js"
import { DeclineReason, PaymentInstruction, PiStatus, SanctionUsed } from "./PaymentInstruction.js"

/**
 * The status-machine events (house rule 5: the spec's names): what an
 * outcome means for the PI.
 *
 * @since 0.1.0
 * @category models
 */
export const PiEventType = Schema.Literals(["NO_RESPONSE", "ERROR", "DUPLICATE", "REJECTED", "SUCCESS"])

/**
 * @since 0.1.0
 * @category models
 */
export type PiEventType = typeof PiEventType.Type

/**
 * The PI was built (version 1). It holds the whole PI as built.
 *
 * @since 0.1.0
 * @category models
 */
export const Created = Schema.TaggedStruct("Created", {
  at: Schema.DateTimeUtc,
  paymentInstruction: PaymentInstruction,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Created = typeof Created.Type

/**
 * The sanction chosen for a push (PI-F-3); recorded with the push it was
 * chosen for.
 *
 * @since 0.1.0
 * @category models
 */
export const SanctionChosen = Schema.TaggedStruct("SanctionChosen", {
  at: Schema.DateTimeUtc,
  sanction: SanctionUsed,
})

/**
 * @since 0.1.0
 * @category models
 */
export type SanctionChosen = typeof SanctionChosen.Type

/**
 * A beneficiary's bank account corrected before a re-push (PI-S-1: the user
 * corrects the cause of a decline).
 *
 * @since 0.1.0
 * @category models
 */
export const BeneficiaryCorrected = Schema.TaggedStruct("BeneficiaryCorrected", {
  at: Schema.DateTimeUtc,
  paymentId: HumanNumber,
  bankAccount: BankAccount,
  /** Who corrected it. */
  userId: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type BeneficiaryCorrected = typeof BeneficiaryCorrected.Type

/**
 * A repayment raised for the PI's failed payments: the revised (or new
 * original) PI's number. It moves the failed PI's version, so two
 * concurrent raises of one failure cannot both commit (REL-2, WF-4).
 *
 * @since 0.1.0
 * @category models
 */
export const RepaymentRaised = Schema.TaggedStruct("RepaymentRaised", {
  at: Schema.DateTimeUtc,
  raisedNumber: HumanNumber,
  kind: Schema.Literals(["revised", "original"]),
})

/**
 * @since 0.1.0
 * @category models
 */
export type RepaymentRaised = typeof RepaymentRaised.Type

/**
 * One JIT call (PI-S-11).
 *
 * @since 0.1.0
 * @category models
 */
export const JitCalled = Schema.TaggedStruct("JitCalled", {
  at: Schema.DateTimeUtc,
  exchange: JitExchange,
  event: PiEventType,
  jitErrors: Schema.Array(JitErrorMessage),
  /** Reply content the PI could not apply, such as an unknown `benfId` (JIT-W-8). */
  anomalies: Schema.Array(Schema.String),
  status: PiStatus,
  declineReason: Schema.optionalKey(DeclineReason),
  /** Payment id → status after the call, for every beneficiary. */
  beneficiaryStatuses: Schema.Record(Schema.String, BeneficiaryStatus),
  /** The message shown to the user (PI-S-12). */
  message: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type JitCalled = typeof JitCalled.Type

/**
 * Any history entry.
 *
 * @since 0.1.0
 * @category models
 */
export const HistoryEntry = Schema.Union([
  Created,
  SanctionChosen,
  BeneficiaryCorrected,
  RepaymentRaised,
  JitCalled,
])

/**
 * @since 0.1.0
 * @category models
 */
export type HistoryEntry = typeof HistoryEntry.Type
