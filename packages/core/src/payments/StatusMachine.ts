/**
 * The JIT status machine of payment instructions (PI-S-1..PI-S-10), as data
 * (house rule 5): a table of transitions, one row per (PI kind, service,
 * status left, guard, event, completion guard), each naming the status
 * entered, the effect on beneficiaries, on the fund register and on the PI's
 * stored JIT references, and the message shown; and the list of arrows a
 * beneficiary's status may move along. `transition` is the one function that
 * reads the table. It is pure: it returns the next PI, the history entry to
 * append and the commands for the use case (book or reverse an expense,
 * notify a beneficiary); a call the table does not list for the PI's status
 * is refused with `PI_INVALID_TRANSITION` (PI-S-10) and nothing changes.
 *
 * Guards are named, never code in the table: `declinedByJitError` and
 * `declinedAsDuplicate` tell the two kinds of Declined PI apart (PI-S-2);
 * `someInProcess` and `noneInProcess` pick the status a PD or FTPS reply
 * leaves, judged after the reply's beneficiaries are applied (PI-S-5).
 *
 * Decisions where the spec is silent (each a row of the table):
 * - A push answered "duplicate payment information id" (PI-S-2) means JIT
 *   holds the PI: its beneficiaries become Payment Initiated and the expense
 *   is booked then, as for an accepted push (PI-F-4). Booking at the first
 *   sign of acceptance keeps the register from promising the same money to
 *   another PI; a later PIS rejection reverses it.
 * - A revised PI's push answered "duplicate" is Declined (duplicate), its
 *   beneficiaries Payment In Process, and FTPS polls it as if In Process,
 *   mirroring PI-S-2 (revised PIs have no PIS).
 * - A reply that names a beneficiary already in the status it would set
 *   changes nothing (polls repeat); one naming a beneficiary whose status has
 *   no arrow to it, or an unknown `benfId`, is an anomaly recorded in the
 *   history that changes nothing (JIT-W-8).
 * - FD answers in bulk for a day's vouchers: a PI takes only the rows naming
 *   its number or its treasury bill reference.
 * - A status check (PIS, PAG, PD, FD, FTPS, FTFPS) answered with no
 *   response, or with a reply that leaves everything the PI records as it
 *   was (status, decline reason, beneficiaries, JIT references) and notes
 *   no anomaly, is nothing new: it
 *   changes no version and appends no history entry, and has no command,
 *   audit record or SMS (issue 11: the nightly FD check of a Completed PI
 *   used to add a version and an entry every night, so a client holding the
 *   version got `STALE_VERSION` for nothing). This narrows PI-S-11's "every
 *   JIT call is recorded" to every call that changes the PI; each row says
 *   so as data (`whenNothingNew`), and `apply` is what the use case calls.
 *   Pushes are always recorded: each attempt to send a PI is evidence for
 *   PI-S-2 and PI-P-2. A JIT error is recorded, since its codes are what
 *   PI-S-11 keeps and PI-E-1 acts on; a reply with an anomaly is recorded
 *   (JIT-W-8).
 *
 * @since 0.1.0
 */
import { type DateTime, Result, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { HumanNumber } from "../ids/HumanNumber.js"
import { assert } from "../internal/assert.js"
import type { Amount } from "../money/Amount.js"
import { Beneficiary, BeneficiaryStatus, isNamedBy } from "./Beneficiary.js"
import { type JitCalled, type PiEventType, PiEventType as PiEventTypeSchema } from "./HistoryEntry.js"
import {
  errorText,
  isDuplicatePaymentInformation,
  isRejection,
  type JitErrorMessage,
  type JitExchange,
} from "./JitOutcome.js"
import { type PaymentInstructionService, PaymentInstructionService as ServiceSchema } from "./JitService.js"
import {
  billReferenceOf,
  DeclineReason,
  JitReferences,
  type PaymentInstruction,
  PiKind,
  PiStatus,
  type SanctionUsed,
} from "./PaymentInstruction.js"

/**
 * A guard on the PI before the call.
 *
 * @since 0.1.0
 * @category models
 */
export const GuardName = Schema.Literals(["declinedByJitError", "declinedAsDuplicate"])

/**
 * @since 0.1.0
 * @category models
 */
export type GuardName = typeof GuardName.Type

/**
 * A guard on the beneficiaries after a payment reply (PI-S-5).
 *
 * @since 0.1.0
 * @category models
 */
export const CompletionGuard = Schema.Literals(["someInProcess", "noneInProcess"])

/**
 * @since 0.1.0
 * @category models
 */
export type CompletionGuard = typeof CompletionGuard.Type

/**
 * What a transition does to the beneficiaries: set every one to a status, or
 * move those a reply names.
 *
 * @since 0.1.0
 * @category models
 */
export const BeneficiaryEffect = Schema.Literals([
  "unchanged",
  "setPaymentPending",
  "setPaymentInitiated",
  "setPaymentInProcess",
  "setNotApplicable",
  "markNamedSuccessful",
  "markNamedFailed",
])

/**
 * @since 0.1.0
 * @category models
 */
export type BeneficiaryEffect = typeof BeneficiaryEffect.Type

/**
 * What a transition does to the fund register (PI-F-4).
 *
 * @since 0.1.0
 * @category models
 */
export const FundEffect = Schema.Literals(["none", "bookExpense", "reverseExpense"])

/**
 * @since 0.1.0
 * @category models
 */
export type FundEffect = typeof FundEffect.Type

/**
 * Which JIT references of the PI a transition stores.
 *
 * @since 0.1.0
 * @category models
 */
export const ReferenceEffect = Schema.Literals([
  "none",
  "storePushAcknowledgement",
  "storeJitPaymentInstruction",
  "storeAdvice",
  "storeTreasuryBill",
])

/**
 * @since 0.1.0
 * @category models
 */
export type ReferenceEffect = typeof ReferenceEffect.Type

/**
 * Which of the three messages of PI-S-12 a transition shows.
 *
 * @since 0.1.0
 * @category models
 */
export const MessageKind = Schema.Literals(["noResponse", "jitError", "updated"])

/**
 * @since 0.1.0
 * @category models
 */
export type MessageKind = typeof MessageKind.Type

/**
 * What a row does with a call that is nothing new (the PI records what the
 * reply says, and the reply notes no anomaly): `record` it as any other call
 * (a new version and history entry), or `skip` it (the PI stays as it is).
 *
 * @since 0.1.0
 * @category models
 */
export const NothingNewEffect = Schema.Literals(["record", "skip"])

/**
 * @since 0.1.0
 * @category models
 */
export type NothingNewEffect = typeof NothingNewEffect.Type

/**
 * One row of the table.
 *
 * @since 0.1.0
 * @category models
 */
export const Transition = Schema.Struct({
  /** The spec rule the row encodes. */
  rule: Schema.String,
  kind: PiKind,
  service: ServiceSchema,
  from: PiStatus,
  guard: Schema.optionalKey(GuardName),
  event: PiEventTypeSchema,
  completion: Schema.optionalKey(CompletionGuard),
  to: PiStatus,
  /** Present exactly when `to` is Declined. */
  declineReason: Schema.optionalKey(DeclineReason),
  beneficiaries: BeneficiaryEffect,
  funds: FundEffect,
  references: ReferenceEffect,
  message: MessageKind,
  /** What a call that is nothing new does (status checks skip it; pushes and JIT errors are recorded). */
  whenNothingNew: NothingNewEffect,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Transition = typeof Transition.Type

/**
 * A move a beneficiary's status may make.
 *
 * @since 0.1.0
 * @category models
 */
export const BeneficiaryArrow = Schema.Struct({ from: BeneficiaryStatus, to: BeneficiaryStatus })

/**
 * @since 0.1.0
 * @category models
 */
export type BeneficiaryArrow = typeof BeneficiaryArrow.Type

const keyOf = (row: Transition): string => [row.kind, row.service, row.from, row.event].join("|")

const rowProblems = (row: Transition, index: number): ReadonlyArray<Schema.FilterIssue> => {
  const problems: Array<string> = []
  if ((row.to === "Declined") !== (row.declineReason !== undefined)) {
    problems.push("a row names a decline reason exactly when it enters Declined")
  }
  if (row.guard !== undefined && row.from !== "Declined") problems.push("only a Declined PI is guarded")
  if (row.event === "REJECTED" && row.service !== "PIS") problems.push("only PIS can be REJECTED")
  if (row.completion !== undefined && row.beneficiaries !== "markNamedSuccessful") {
    problems.push("only a payment reply has a completion guard")
  }
  if (row.whenNothingNew === "skip" && (row.service === "PI" || row.service === "COR")) {
    problems.push("every push is recorded, even one that changes nothing")
  }
  if (row.whenNothingNew === "skip" && row.event === "ERROR") {
    problems.push("a JIT error is always recorded, with its codes and messages (PI-S-11)")
  }
  if (row.whenNothingNew === "skip" && row.funds !== "none" && row.to === row.from) {
    problems.push("a row that books or reverses an expense changes the status, so it is never skipped")
  }
  return problems.map((issue) => ({ path: ["transitions", index], issue }))
}

const groupProblems = (rows: ReadonlyArray<Transition>): ReadonlyArray<Schema.FilterIssue> => {
  const groups = new Map<string, Array<Transition>>()
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row])
  const problems: Array<Schema.FilterIssue> = []
  for (const [key, group] of groups) {
    const cases = group.map((row) => `${row.guard ?? "-"}/${row.completion ?? "-"}`)
    const isExclusive =
      new Set(cases).size === cases.length &&
      (group.length === 1 || group.every((row) => row.guard !== undefined || row.completion !== undefined))
    if (!isExclusive) problems.push({ path: ["transitions"], issue: `rows for ${key} overlap` })
  }
  return problems
}

/**
 * The status machine: transitions and beneficiary arrows, checked so that at
 * most one row applies to any call.
 *
 * @since 0.1.0
 * @category models
 */
export const StatusMachine = Schema.Struct({
  transitions: Schema.NonEmptyArray(Transition),
  beneficiaryArrows: Schema.NonEmptyArray(BeneficiaryArrow),
}).check(
  Schema.makeFilter((machine) => [
    ...machine.transitions.flatMap((row, index) => rowProblems(row, index)),
    ...groupProblems(machine.transitions),
  ]),
)

/**
 * @since 0.1.0
 * @category models
 */
export type StatusMachine = typeof StatusMachine.Type

type RowInput = Omit<Transition, "kind" | "service" | "from" | "rule" | "whenNothingNew">

const pollUnchanged = (from: Transition["from"], guard?: GuardName): ReadonlyArray<RowInput> =>
  (["NO_RESPONSE", "ERROR"] as const).map((event) => ({
    event,
    ...(guard === undefined ? {} : { guard }),
    to: from,
    ...(guard === "declinedAsDuplicate" ? { declineReason: "duplicate" as const } : {}),
    beneficiaries: "unchanged",
    funds: "none",
    references: "none",
    message: event === "NO_RESPONSE" ? "noResponse" : "jitError",
  }))

const pushRows = (kind: Transition["kind"]): ReadonlyArray<RowInput> => [
  {
    event: "NO_RESPONSE",
    to: "Pending",
    beneficiaries: "setPaymentPending",
    funds: "none",
    references: "none",
    message: "noResponse",
  },
  {
    event: "ERROR",
    to: "Declined",
    declineReason: "jitError",
    beneficiaries: "setPaymentPending",
    funds: "none",
    references: "none",
    message: "jitError",
  },
  kind === "original"
    ? {
        event: "DUPLICATE",
        to: "Declined",
        declineReason: "duplicate",
        beneficiaries: "setPaymentInitiated",
        funds: "bookExpense",
        references: "none",
        message: "jitError",
      }
    : {
        event: "DUPLICATE",
        to: "Declined",
        declineReason: "duplicate",
        beneficiaries: "setPaymentInProcess",
        funds: "none",
        references: "none",
        message: "jitError",
      },
  kind === "original"
    ? {
        event: "SUCCESS",
        to: "Initiated",
        beneficiaries: "setPaymentInitiated",
        funds: "bookExpense",
        references: "storePushAcknowledgement",
        message: "updated",
      }
    : {
        event: "SUCCESS",
        to: "InProcess",
        beneficiaries: "setPaymentInProcess",
        funds: "none",
        references: "storePushAcknowledgement",
        message: "updated",
      },
]

const paymentRows = (references: ReferenceEffect): ReadonlyArray<RowInput> =>
  (["someInProcess", "noneInProcess"] as const).map((completion) => ({
    event: "SUCCESS",
    completion,
    to: completion === "someInProcess" ? "InProcess" : "Completed",
    beneficiaries: "markNamedSuccessful",
    funds: "none",
    references,
    message: "updated",
  }))

const failureRows: ReadonlyArray<RowInput> = [
  {
    event: "SUCCESS",
    to: "Completed",
    beneficiaries: "markNamedFailed",
    funds: "none",
    references: "none",
    message: "updated",
  },
]

interface Section {
  readonly rule: string
  readonly kind: Transition["kind"]
  readonly service: PaymentInstructionService
  /** For every row of the section but JIT errors, which are always recorded. */
  readonly whenNothingNew: NothingNewEffect
  readonly from: ReadonlyArray<readonly [Transition["from"], GuardName?]>
  readonly rows: (from: Transition["from"], guard?: GuardName) => ReadonlyArray<RowInput>
}

// The table, section by section in the order of the spec. Each section lists
// the statuses a service may be called from and the rows for each.
const sections: ReadonlyArray<Section> = [
  {
    rule: "PI-S-1",
    kind: "original",
    service: "PI",
    whenNothingNew: "record",
    from: [["New"], ["Pending"], ["Declined", "declinedByJitError"]],
    rows: (_, guard) => pushRows("original").map((row) => (guard === undefined ? row : { ...row, guard })),
  },
  {
    rule: "PI-S-3",
    kind: "original",
    service: "PIS",
    whenNothingNew: "skip",
    from: [["Initiated"], ["Declined", "declinedAsDuplicate"]],
    rows: (from, guard) => [
      ...pollUnchanged(from, guard),
      {
        event: "REJECTED",
        ...(guard === undefined ? {} : { guard }),
        to: "Rejected",
        beneficiaries: "setNotApplicable",
        funds: "reverseExpense",
        references: "none",
        message: "jitError",
      },
      {
        event: "SUCCESS",
        ...(guard === undefined ? {} : { guard }),
        to: "Approved",
        beneficiaries: "unchanged",
        funds: "none",
        references: "storeJitPaymentInstruction",
        message: "updated",
      },
    ],
  },
  {
    rule: "PI-S-4",
    kind: "original",
    service: "PAG",
    whenNothingNew: "skip",
    from: [["Approved"]],
    rows: (from) => [
      ...pollUnchanged(from),
      {
        event: "SUCCESS",
        to: "InProcess",
        beneficiaries: "setPaymentInProcess",
        funds: "none",
        references: "storeAdvice",
        message: "updated",
      },
    ],
  },
  {
    rule: "PI-S-5",
    kind: "original",
    service: "PD",
    whenNothingNew: "skip",
    from: [["InProcess"]],
    rows: (from) => [...pollUnchanged(from), ...paymentRows("none")],
  },
  {
    rule: "PI-S-6",
    kind: "original",
    service: "FD",
    whenNothingNew: "skip",
    from: [["Completed"]],
    rows: (from) => [...pollUnchanged(from), ...failureRows],
  },
  {
    rule: "PI-S-7",
    kind: "revised",
    service: "COR",
    whenNothingNew: "record",
    from: [["New"], ["Pending"], ["Declined", "declinedByJitError"]],
    rows: (_, guard) => pushRows("revised").map((row) => (guard === undefined ? row : { ...row, guard })),
  },
  {
    rule: "PI-S-8",
    kind: "revised",
    service: "FTPS",
    whenNothingNew: "skip",
    from: [["InProcess"], ["Declined", "declinedAsDuplicate"]],
    rows: (from, guard) => [
      ...pollUnchanged(from, guard),
      ...paymentRows("storeTreasuryBill").map((row) => (guard === undefined ? row : { ...row, guard })),
    ],
  },
  {
    rule: "PI-S-8",
    kind: "revised",
    service: "FTFPS",
    whenNothingNew: "skip",
    from: [["Completed"]],
    rows: (from) => [...pollUnchanged(from), ...failureRows],
  },
]

const muktaTransitions = sections.flatMap((section) =>
  section.from.flatMap(([from, guard]) =>
    section.rows(from, guard).map(
      (row): Transition => ({
        rule: section.rule,
        kind: section.kind,
        service: section.service,
        from,
        ...row,
        // JIT's error codes are what PI-S-11 keeps and PI-E-1 acts on.
        whenNothingNew: row.event === "ERROR" ? "record" : section.whenNothingNew,
      }),
    ),
  ),
)

/**
 * The status machine of spec 06, as checked data.
 *
 * @since 0.1.0
 * @category constructors
 */
export const paymentInstructionMachine: StatusMachine = Schema.decodeUnknownSync(StatusMachine)({
  transitions: muktaTransitions,
  beneficiaryArrows: [
    { from: "PaymentPending", to: "PaymentInitiated" },
    { from: "PaymentPending", to: "PaymentInProcess" },
    { from: "PaymentInitiated", to: "PaymentInProcess" },
    { from: "PaymentInitiated", to: "NotApplicable" },
    { from: "PaymentInProcess", to: "PaymentSuccessful" },
    { from: "PaymentSuccessful", to: "PaymentFailed" },
  ],
})

/**
 * A call the table does not list for the PI's status (PI-S-10), such as PAG
 * on a Pending PI; nothing was called or changed.
 *
 * @since 0.1.0
 * @category errors
 */
export class PiInvalidTransition extends Schema.TaggedError<PiInvalidTransition>(
  "@karya/core/payments/PiInvalidTransition",
)("PiInvalidTransition", {
  paymentInstructionNumber: Schema.String,
  kind: Schema.String,
  service: Schema.String,
  status: Schema.String,
  /** The services that may be called now; empty when the PI is final. */
  allowedServices: Schema.Array(Schema.String),
}) {
  static readonly code = "PI_INVALID_TRANSITION"
  static readonly category = "rule"
  readonly code = PiInvalidTransition.code
  readonly category = PiInvalidTransition.category
  readonly retryable = false
  override get message(): string {
    const allowed =
      this.allowedServices.length === 0
        ? "no JIT call applies to it any more"
        : `the calls that apply now are ${this.allowedServices.join(", ")}`
    return `The ${this.service} call cannot be made on ${this.kind} payment instruction ${this.paymentInstructionNumber} while it is ${this.status}; ${allowed}.`
  }
}

/**
 * The event an exchange is for the machine, with JIT's errors.
 *
 * @since 0.1.0
 * @category models
 */
export interface PiEvent {
  readonly type: PiEventType
  readonly errors: ReadonlyArray<JitErrorMessage>
}

const successEvent = (exchange: JitExchange): PiEvent => {
  if (exchange.outcome._tag !== "Success") return { type: "NO_RESPONSE", errors: [] }
  const reply: unknown = exchange.outcome.reply
  if (Array.isArray(reply))
    return reply.length === 0 ? { type: "NO_RESPONSE", errors: [] } : { type: "SUCCESS", errors: [] }
  if (exchange._tag === "PI" || exchange._tag === "COR") {
    const acknowledgement = exchange.outcome.reply
    return acknowledgement.successCode.trim() === "0"
      ? { type: "SUCCESS", errors: [] }
      : {
          type: "ERROR",
          errors: [{ code: acknowledgement.successCode, message: acknowledgement.successDescription }],
        }
  }
  return { type: "SUCCESS", errors: [] }
}

/**
 * What an exchange means for the machine (JIT-W-5): no response; a push
 * error saying the PI is a duplicate is DUPLICATE (PI-S-2); a PIS error
 * saying the bill is rejected is REJECTED; any other error (and a
 * `Rejected` outcome of another service) is ERROR; an acknowledgement whose
 * `successCode` is not "0" is ERROR; a reply with data is SUCCESS and one
 * with empty data is NO_RESPONSE.
 *
 * @since 0.1.0
 * @category conversions
 */
export const eventOf = (exchange: JitExchange): PiEvent => {
  const outcome = exchange.outcome
  switch (outcome._tag) {
    case "NoResponse":
      return { type: "NO_RESPONSE", errors: [] }
    case "Rejected":
      return { type: exchange._tag === "PIS" ? "REJECTED" : "ERROR", errors: outcome.errors }
    case "Error": {
      const isPush = exchange._tag === "PI" || exchange._tag === "COR"
      if (isPush && isDuplicatePaymentInformation(outcome.errors))
        return { type: "DUPLICATE", errors: outcome.errors }
      if (exchange._tag === "PIS" && isRejection(outcome.errors))
        return { type: "REJECTED", errors: outcome.errors }
      return { type: "ERROR", errors: outcome.errors }
    }
    case "Success":
      return successEvent(exchange)
  }
}

const guardHolds = (guard: GuardName | undefined, paymentInstruction: PaymentInstruction): boolean => {
  if (guard === undefined) return true
  const isDuplicate = paymentInstruction.declineReason === "duplicate"
  return guard === "declinedAsDuplicate" ? isDuplicate : !isDuplicate
}

const rowsFor = (
  machine: StatusMachine,
  paymentInstruction: PaymentInstruction,
  service: PaymentInstructionService,
): ReadonlyArray<Transition> =>
  machine.transitions.filter(
    (row) =>
      row.kind === paymentInstruction.kind &&
      row.service === service &&
      row.from === paymentInstruction.status &&
      guardHolds(row.guard, paymentInstruction),
  )

/**
 * The services that may be called on the PI now, in life-cycle order.
 *
 * @since 0.1.0
 * @category conversions
 */
export const allowedServices = (
  machine: StatusMachine,
  paymentInstruction: PaymentInstruction,
): ReadonlyArray<PaymentInstructionService> =>
  ServiceSchema.literals.filter((service) => rowsFor(machine, paymentInstruction, service).length > 0)

/**
 * Whether the service may be called on the PI now (PI-S-10).
 *
 * @since 0.1.0
 * @category predicates
 */
export const canCall = (
  machine: StatusMachine,
  paymentInstruction: PaymentInstruction,
  service: PaymentInstructionService,
): boolean => rowsFor(machine, paymentInstruction, service).length > 0

/**
 * The refusal of a call the table does not list.
 *
 * @since 0.1.0
 * @category constructors
 */
export const invalidTransition = (
  machine: StatusMachine,
  paymentInstruction: PaymentInstruction,
  service: PaymentInstructionService,
): PiInvalidTransition =>
  new PiInvalidTransition({
    paymentInstructionNumber: paymentInstruction.number,
    kind: paymentInstruction.kind,
    service,
    status: paymentInstruction.status,
    allowedServices: allowedServices(machine, paymentInstruction),
  })

/**
 * Refuses a call the table does not list (PI-S-10); checked before the call
 * is made, so a refused call reaches no one.
 *
 * @since 0.1.0
 * @category guards
 */
export const checkCall = (
  machine: StatusMachine,
  paymentInstruction: PaymentInstruction,
  service: PaymentInstructionService,
): Result.Result<void, PiInvalidTransition> =>
  canCall(machine, paymentInstruction, service)
    ? Result.void
    : Result.fail(invalidTransition(machine, paymentInstruction, service))

/**
 * Whether a beneficiary may move from one status to another (staying is
 * always allowed).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isBeneficiaryArrow = (
  machine: StatusMachine,
  move: { readonly from: BeneficiaryStatus; readonly to: BeneficiaryStatus },
): boolean =>
  move.from === move.to ||
  machine.beneficiaryArrows.some((arrow) => arrow.from === move.from && arrow.to === move.to)

/**
 * A command the use case runs with the new PI (DB-5).
 *
 * @since 0.1.0
 * @category models
 */
export type PaymentCommand =
  | {
      readonly type: "BookExpense" | "ReverseExpense"
      readonly tenantId: TenantId
      readonly paymentInstructionNumber: HumanNumber
      readonly sanction: SanctionUsed
      readonly amount: Amount
      readonly at: DateTime.Utc
    }
  | {
      readonly type: "NotifyBeneficiary"
      readonly kind: "paymentSuccessful" | "paymentFailed"
      readonly tenantId: TenantId
      readonly paymentInstructionNumber: HumanNumber
      readonly beneficiary: Beneficiary
    }

/**
 * A call applied: the next PI, the history entry, the commands, the row used
 * and the message for the user (PI-S-12).
 *
 * @since 0.1.0
 * @category models
 */
export interface Transitioned {
  readonly paymentInstruction: PaymentInstruction
  readonly entry: JitCalled
  readonly commands: ReadonlyArray<PaymentCommand>
  readonly transition: Transition
  readonly message: string
}

// ------------------------------------------------------------ beneficiaries

interface BeneficiaryUpdate {
  readonly beneficiaries: ReadonlyArray<Beneficiary>
  readonly anomalies: ReadonlyArray<string>
}

const setAll = (
  machine: StatusMachine,
  beneficiaries: ReadonlyArray<Beneficiary>,
  status: BeneficiaryStatus,
): BeneficiaryUpdate => ({
  beneficiaries: beneficiaries.map((beneficiary) => {
    assert(
      isBeneficiaryArrow(machine, { from: beneficiary.status, to: status }),
      `a transition moves beneficiaries only along the arrows (${beneficiary.status} to ${status})`,
    )
    return beneficiary.status === status ? beneficiary : { ...beneficiary, status }
  }),
  anomalies: [],
})

interface NamedChange {
  readonly paymentId: string
  readonly apply: (beneficiary: Beneficiary) => Beneficiary
}

const markNamed = (
  machine: StatusMachine,
  beneficiaries: ReadonlyArray<Beneficiary>,
  options: {
    readonly to: BeneficiaryStatus
    readonly changes: ReadonlyArray<NamedChange>
    readonly service: string
  },
): BeneficiaryUpdate => {
  const next = [...beneficiaries]
  const anomalies: Array<string> = []
  for (const change of options.changes) {
    const index = next.findIndex((beneficiary) => isNamedBy(beneficiary, change.paymentId))
    const current = next[index]
    if (current === undefined) {
      anomalies.push(
        `${options.service} named the unknown beneficiary "${change.paymentId}"; nothing was changed for it`,
      )
    } else if (current.status !== options.to) {
      if (isBeneficiaryArrow(machine, { from: current.status, to: options.to }))
        next[index] = change.apply(current)
      else
        anomalies.push(
          `${options.service} named ${current.paymentId}, which is ${current.status}; it cannot become ${options.to}`,
        )
    }
  }
  return { beneficiaries: next, anomalies }
}

const paidChanges = (exchange: JitExchange): ReadonlyArray<NamedChange> => {
  if ((exchange._tag !== "PD" && exchange._tag !== "FTPS") || exchange.outcome._tag !== "Success") return []
  return exchange.outcome.reply.flatMap((row) =>
    row.beneficiaries.map((paid) => ({
      paymentId: paid.paymentId,
      apply: (beneficiary: Beneficiary): Beneficiary => ({
        ...beneficiary,
        status: "PaymentSuccessful",
        payment: {
          voucherNumber: row.voucherNumber,
          voucherDate: row.voucherDate,
          utrNumber: paid.utrNumber,
          utrDate: paid.utrDate,
          endToEndId: paid.endToEndId,
        },
      }),
    })),
  )
}

const isRowOf = (
  paymentInstruction: PaymentInstruction,
  row: { readonly billNumber: string; readonly billReference: string },
): boolean => {
  const reference = billReferenceOf(paymentInstruction)
  return (
    row.billNumber.trim().toUpperCase() === paymentInstruction.number.toUpperCase() ||
    (reference !== undefined && row.billReference.trim() === reference)
  )
}

const failedChanges = (
  paymentInstruction: PaymentInstruction,
  exchange: JitExchange,
): ReadonlyArray<NamedChange> => {
  if ((exchange._tag !== "FD" && exchange._tag !== "FTFPS") || exchange.outcome._tag !== "Success") return []
  return exchange.outcome.reply
    .filter((row) => isRowOf(paymentInstruction, row))
    .flatMap((row) =>
      row.beneficiaries.map((failed) => ({
        paymentId: failed.paymentId,
        apply: (beneficiary: Beneficiary): Beneficiary => ({
          ...beneficiary,
          status: "PaymentFailed",
          failure: {
            failureReason: failed.failureReason.trim(),
            challanNumber: failed.challanNumber,
            challanDate: failed.challanDate,
            utrNumber: failed.utrNumber,
          },
        }),
      })),
    )
}

const applyBeneficiaryEffect = (
  machine: StatusMachine,
  effect: BeneficiaryEffect,
  paymentInstruction: PaymentInstruction,
  exchange: JitExchange,
): BeneficiaryUpdate => {
  const beneficiaries = paymentInstruction.beneficiaries
  switch (effect) {
    case "unchanged":
      return { beneficiaries, anomalies: [] }
    case "setPaymentPending":
      return setAll(machine, beneficiaries, "PaymentPending")
    case "setPaymentInitiated":
      return setAll(machine, beneficiaries, "PaymentInitiated")
    case "setPaymentInProcess":
      return setAll(machine, beneficiaries, "PaymentInProcess")
    case "setNotApplicable":
      return setAll(machine, beneficiaries, "NotApplicable")
    case "markNamedSuccessful":
      return markNamed(machine, beneficiaries, {
        to: "PaymentSuccessful",
        changes: paidChanges(exchange),
        service: exchange._tag,
      })
    case "markNamedFailed":
      return markNamed(machine, beneficiaries, {
        to: "PaymentFailed",
        changes: failedChanges(paymentInstruction, exchange),
        service: exchange._tag,
      })
  }
}

// ------------------------------------------------------------ references

const applyReferenceEffect = (
  effect: ReferenceEffect,
  paymentInstruction: PaymentInstruction,
  exchange: JitExchange,
): PaymentInstruction["references"] => {
  const references = paymentInstruction.references
  if (exchange.outcome._tag !== "Success") return references
  switch (effect) {
    case "none":
      return references
    case "storePushAcknowledgement":
      assert(exchange._tag === "PI" || exchange._tag === "COR", "a push acknowledgement comes from PI or COR")
      return { ...references, pushAcknowledgement: exchange.outcome.reply }
    case "storeJitPaymentInstruction": {
      assert(exchange._tag === "PIS", "JIT's payment instruction id comes from PIS")
      const reply = exchange.outcome.reply
      return {
        ...references,
        jitPaymentInstructionId: reply.jitPaymentInstructionId,
        jitPaymentInstructionDate: reply.jitPaymentInstructionDate,
      }
    }
    case "storeAdvice": {
      assert(exchange._tag === "PAG", "the advice comes from PAG")
      const { beneficiaries: _, billNumber: __, ...advice } = exchange.outcome.reply
      return { ...references, advice }
    }
    case "storeTreasuryBill": {
      assert(exchange._tag === "FTPS", "a revised PI's treasury bill comes from FTPS")
      const [row] = exchange.outcome.reply
      return row === undefined
        ? references
        : {
            ...references,
            treasuryBill: {
              billReference: row.billReference,
              tokenNumber: row.tokenNumber,
              tokenDate: row.tokenDate,
            },
          }
    }
  }
}

// ------------------------------------------------------------ transition

const messageOf = (row: Transition, service: PaymentInstructionService, event: PiEvent): string => {
  switch (row.message) {
    case "noResponse":
      return `On call of ${service} API: No response is received.`
    case "jitError":
      return `On call of ${service} API: ${errorText(event.errors)}`
    case "updated":
      return `On call of ${service} API: Response is received and updated successfully`
  }
}

const completionHolds = (
  completion: CompletionGuard | undefined,
  beneficiaries: ReadonlyArray<Beneficiary>,
): boolean => {
  if (completion === undefined) return true
  const someInProcess = beneficiaries.some((beneficiary) => beneficiary.status === "PaymentInProcess")
  return completion === "someInProcess" ? someInProcess : !someInProcess
}

const commandsOf = (
  row: Transition,
  before: PaymentInstruction,
  after: PaymentInstruction,
  at: DateTime.Utc,
): ReadonlyArray<PaymentCommand> => {
  const funds: ReadonlyArray<PaymentCommand> =
    row.funds === "none"
      ? []
      : [
          {
            type: row.funds === "bookExpense" ? "BookExpense" : "ReverseExpense",
            tenantId: after.tenantId,
            paymentInstructionNumber: after.number,
            sanction: sanctionOf(after),
            amount: after.header.grossAmount,
            at,
          },
        ]
  const notices = after.beneficiaries.flatMap((beneficiary, index): ReadonlyArray<PaymentCommand> => {
    const previous = before.beneficiaries[index]
    const kind =
      beneficiary.status === "PaymentSuccessful"
        ? "paymentSuccessful"
        : beneficiary.status === "PaymentFailed"
          ? "paymentFailed"
          : undefined
    return kind === undefined || previous?.status === beneficiary.status
      ? []
      : [
          {
            type: "NotifyBeneficiary",
            kind,
            tenantId: after.tenantId,
            paymentInstructionNumber: after.number,
            beneficiary,
          },
        ]
  })
  return [...funds, ...notices]
}

const sanctionOf = (paymentInstruction: PaymentInstruction): SanctionUsed => {
  const sanction = paymentInstruction.header.sanction
  assert(
    sanction !== undefined,
    "an original PI's fund effects follow a push with a sanction chosen (PI-F-3)",
  )
  return sanction
}

const entryOf = (
  options: {
    readonly exchange: JitExchange
    readonly at: DateTime.Utc
    readonly event: PiEvent
    readonly message: string
  },
  after: PaymentInstruction,
  anomalies: ReadonlyArray<string>,
): JitCalled => ({
  _tag: "JitCalled",
  at: options.at,
  exchange: options.exchange,
  event: options.event.type,
  jitErrors: options.event.errors,
  anomalies,
  status: after.status,
  ...(after.declineReason === undefined ? {} : { declineReason: after.declineReason }),
  beneficiaryStatuses: Object.fromEntries(
    after.beneficiaries.map((beneficiary) => [beneficiary.paymentId, beneficiary.status]),
  ),
  message: options.message,
})

/**
 * Applies one JIT call to a PI (PI-S-1..PI-S-10): finds the table's row for
 * the PI's kind and status, the call's service and the event its outcome
 * is, applies the row's effects and returns the next PI (one version more),
 * the history entry, the commands and the message. A call the table does not
 * list is refused with `PI_INVALID_TRANSITION`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const transition = (
  machine: StatusMachine,
  paymentInstruction: PaymentInstruction,
  call: { readonly exchange: JitExchange; readonly at: DateTime.Utc },
): Result.Result<Transitioned, PiInvalidTransition> => {
  const service = call.exchange._tag
  const event = eventOf(call.exchange)
  const candidates = rowsFor(machine, paymentInstruction, service).filter((row) => row.event === event.type)
  const [first] = candidates
  if (first === undefined) return Result.fail(invalidTransition(machine, paymentInstruction, service))
  assert(
    candidates.every((row) => row.beneficiaries === first.beneficiaries),
    "the rows of one call differ only in their completion guard",
  )
  const update = applyBeneficiaryEffect(machine, first.beneficiaries, paymentInstruction, call.exchange)
  const chosen = candidates.filter((row) => completionHolds(row.completion, update.beneficiaries))
  const [row] = chosen
  assert(row !== undefined && chosen.length === 1, "exactly one row of a checked table applies to a call")
  const { declineReason: _, ...rest } = paymentInstruction
  const after: PaymentInstruction = {
    ...rest,
    ...(row.declineReason === undefined ? {} : { declineReason: row.declineReason }),
    status: row.to,
    beneficiaries: update.beneficiaries,
    references: applyReferenceEffect(row.references, paymentInstruction, call.exchange),
    lastCalls: { ...paymentInstruction.lastCalls, [service]: call.at },
    version: paymentInstruction.version + 1,
  }
  const message = messageOf(row, service, event)
  return Result.succeed({
    paymentInstruction: after,
    entry: entryOf({ ...call, event, message }, after, update.anomalies),
    commands: commandsOf(row, paymentInstruction, after, call.at),
    transition: row,
    message,
  })
}

// ------------------------------------------------------------ nothing new

const isSameBeneficiaries = Schema.toEquivalence(Schema.Array(Beneficiary))
const isSameReferences = Schema.toEquivalence(JitReferences)

/**
 * Whether a PI records the same as another: status, decline reason,
 * beneficiaries (with their payments and failures) and JIT references;
 * what a status check compares its reply's effect against. The version and
 * the last calls are bookkeeping of the calls, not what JIT said.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isSameRecord = (left: PaymentInstruction, right: PaymentInstruction): boolean =>
  left.status === right.status &&
  left.declineReason === right.declineReason &&
  isSameBeneficiaries(left.beneficiaries, right.beneficiaries) &&
  isSameReferences(left.references, right.references)

/**
 * A call that is nothing new for a row that skips it: the PI as it was (the
 * very same value), the row that matched, the event and the message for
 * the user (PI-S-12).
 *
 * @since 0.1.0
 * @category models
 */
export interface NothingNew {
  readonly _tag: "NothingNew"
  readonly paymentInstruction: PaymentInstruction
  readonly event: PiEvent
  readonly transition: Transition
  readonly message: string
}

/**
 * What a call does to a PI: a transition to record, or nothing new.
 *
 * @since 0.1.0
 * @category models
 */
export type Applied = ({ readonly _tag: "Recorded" } & Transitioned) | NothingNew

/**
 * Applies one JIT call as the use case does: the row's transition, unless
 * the row skips a call that is nothing new (`whenNothingNew: "skip"`, the
 * status checks) and this one is: the PI then records the same as before
 * and the reply noted no anomaly, so there is no new version, no history
 * entry and no command (issue 11). A call the table does not list is
 * refused with `PI_INVALID_TRANSITION`, as by `transition`. Replaying a
 * history uses `transition`: every recorded entry is applied.
 *
 * @since 0.1.0
 * @category constructors
 */
export const apply = (
  machine: StatusMachine,
  paymentInstruction: PaymentInstruction,
  call: { readonly exchange: JitExchange; readonly at: DateTime.Utc },
): Result.Result<Applied, PiInvalidTransition> =>
  Result.map(transition(machine, paymentInstruction, call), (transitioned): Applied => {
    const isNothingNew =
      transitioned.transition.whenNothingNew === "skip" &&
      transitioned.entry.anomalies.length === 0 &&
      isSameRecord(paymentInstruction, transitioned.paymentInstruction)
    if (!isNothingNew) return { _tag: "Recorded", ...transitioned }
    assert(transitioned.commands.length === 0, "a call that changes nothing has no command")
    return {
      _tag: "NothingNew",
      paymentInstruction,
      event: eventOf(call.exchange),
      transition: transitioned.transition,
      message: transitioned.message,
    }
  })
