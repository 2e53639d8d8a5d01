/**
 * Use cases that create payment instructions (PI-1, PI-2, PI-S-7, PI-S-9)
 * and correct them before a re-push (PI-S-1): they read and write the PI
 * repository, issue numbers from the tenant's series, and call no one.
 *
 * - `createFromApprovedBill`: BILL-4 → PI-1: the PI of a bill the bills
 *   module approved, made from its `PayableBill` view with the work order's
 *   number and the payees' accounts looked up (`PayeeAccounts`); it then
 *   goes on as `createFromBill`.
 * - `createFromBill`: the one original PI of an approved bill, numbered
 *   `PI-{ulb}/{fy}/{seq:6}` with a `BN-{ulb}/{seq:6}` payment id per
 *   beneficiary. A bill whose PI exists and is not Rejected is refused with
 *   `PI_EXISTS`.
 * - `raiseRepayment`: after failures of a Completed PI, a revised PI within
 *   the window, or a new original PI outside it (PI-S-9), carrying exactly
 *   the failures not yet being repaid, with corrected accounts.
 * - `correctBeneficiary`: a beneficiary's bank account corrected on a PI not
 *   yet held by JIT (New, or Declined by a JIT error).
 *
 * Numbers are issued inside the use case, so a database adapter that runs it
 * in one transaction leaves no gap when it fails (ID-3). A refused request
 * issues no number and writes nothing (ERR-2).
 *
 * @since 0.1.0
 */
import { Effect, Schema } from "effect"
import * as Bill from "../bills/Bill.js"
import * as WorkOrderTerms from "../bills/WorkOrderTerms.js"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as Validation from "../errors/ValidationFailed.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import type * as IdSequence from "../ids/IdSequence.js"
import { assert } from "../internal/assert.js"
import * as Amount from "../money/Amount.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as AuditLog from "../persistence/AuditLog.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import * as UnitOfWork from "../persistence/UnitOfWork.js"
import * as BusinessClock from "../time/BusinessClock.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import { type BeneficiaryDraft, draftsFromBill } from "./Beneficiary.js"
import type { BeneficiaryCorrected, Created, RepaymentRaised } from "./HistoryEntry.js"
import {
  type BankAccount,
  BillNotApproved,
  fromApprovedBill,
  type PayableBill,
  payeesPaidBy,
  toReference,
} from "./PayableBill.js"
import { accountsOf } from "./PayeeAccounts.js"
import * as PaymentInstruction from "./PaymentInstruction.js"
import { PiExists } from "./PiExists.js"

export { PiExists } from "./PiExists.js"

import { withCorrectedAccount } from "./PaymentInstructionHistory.js"
import {
  insertCreated,
  type PaymentInstructionNotFound,
  PaymentInstructionRepository,
  paymentInstructionsOfBillMax,
  updateAppending,
} from "./PaymentInstructionRepository.js"
import type { PiNumberDuplicate } from "./PushValidation.js"
import { failuresToRepay, isWithinWindow, repaymentDrafts } from "./RevisedPaymentInstruction.js"

/**
 * The bill already has `paymentInstructionsOfBillMax` PIs (originals,
 * revised and repayment PIs alike): no further PI is stored for it.
 *
 * @since 0.1.0
 * @category errors
 */
export class PaymentInstructionsOfBillExceeded extends Schema.TaggedError<PaymentInstructionsOfBillExceeded>(
  "@karya/core/payments/PaymentInstructionsOfBillExceeded",
)("PaymentInstructionsOfBillExceeded", { billNumber: Schema.String, limit: Schema.Number }) {
  static readonly code = "PAYMENT_INSTRUCTIONS_OF_BILL_EXCEEDED"
  static readonly category = "rule"
  readonly code = PaymentInstructionsOfBillExceeded.code
  readonly category = PaymentInstructionsOfBillExceeded.category
  readonly retryable = false
  override get message(): string {
    return `Bill ${this.billNumber} already has ${this.limit} payment instructions, the most one bill may have; its payments keep failing or being rejected, so check the payees' bank accounts with the treasury before raising another.`
  }
}

// Every PI of a bill, oldest first.
const paymentInstructionsOfBill = (bill: { readonly tenantId: TenantId; readonly billId: string }) =>
  Effect.flatMap(PaymentInstructionRepository, (repository) =>
    AggregateStore.findAll(
      repository,
      { tenantId: bill.tenantId, where: { billId: bill.billId } },
      { itemsMax: paymentInstructionsOfBillMax },
    ),
  )

// Refuses one more PI of a bill that has `paymentInstructionsOfBillMax`:
// the intake that keeps every read of a bill's PIs within it.
const checkRoomOnBill = (
  bill: { readonly billNumber: string },
  ofBill: ReadonlyArray<PaymentInstruction.PaymentInstruction>,
) =>
  ofBill.length >= paymentInstructionsOfBillMax
    ? Effect.fail(
        new PaymentInstructionsOfBillExceeded({
          billNumber: bill.billNumber,
          limit: paymentInstructionsOfBillMax,
        }),
      )
    : Effect.void

/**
 * PI-S-7: the PI has no failed beneficiary left to repay.
 *
 * @since 0.1.0
 * @category errors
 */
export class NothingToRepay extends Schema.TaggedError<NothingToRepay>("@karya/core/payments/NothingToRepay")(
  "NothingToRepay",
  { paymentInstructionNumber: Schema.String, status: Schema.String },
) {
  static readonly code = "NOTHING_TO_REPAY"
  static readonly category = "rule"
  readonly code = NothingToRepay.code
  readonly category = NothingToRepay.category
  readonly retryable = false
  override get message(): string {
    return this.status === "Completed"
      ? `Payment instruction ${this.paymentInstructionNumber} has no failed beneficiary that is not already being repaid.`
      : `Payment instruction ${this.paymentInstructionNumber} is ${this.status}; failed payments are repaid once it is Completed and its failure details have arrived.`
  }
}

/**
 * PI-S-1: the PI's beneficiaries cannot be corrected now (JIT may hold it).
 *
 * @since 0.1.0
 * @category errors
 */
export class PiNotCorrectable extends Schema.TaggedError<PiNotCorrectable>(
  "@karya/core/payments/PiNotCorrectable",
)("PiNotCorrectable", { paymentInstructionNumber: Schema.String, status: Schema.String }) {
  static readonly code = "PI_NOT_CORRECTABLE"
  static readonly category = "rule"
  readonly code = PiNotCorrectable.code
  readonly category = PiNotCorrectable.category
  readonly retryable = false
  override get message(): string {
    return `Payment instruction ${this.paymentInstructionNumber} is ${this.status}; a beneficiary can be corrected only before JIT holds the PI (New, or Declined by a JIT error).`
  }
}

/**
 * Problem code: a correction names a payment id the PI does not pay.
 *
 * @since 0.1.0
 * @category models
 */
export const correctionUnknownCode = "CORRECTION_PAYMENT_ID_UNKNOWN"

const issueNumbers = (
  configuration: TenantConfiguration,
  count: number,
): Effect.Effect<
  { readonly number: HumanNumber.HumanNumber; readonly paymentIds: ReadonlyArray<HumanNumber.HumanNumber> },
  HumanNumber.IssueError,
  IdSequence.IdSequence
> =>
  Effect.gen(function* () {
    const request = {
      tenantId: configuration.tenantId,
      cityCode: configuration.cityCode,
      timeZone: configuration.timeZone,
    }
    const number = yield* HumanNumber.issueNumber({
      ...request,
      series: "paymentInstruction",
      idFormat: configuration.idFormats.paymentInstruction,
    })
    const paymentIds = yield* Effect.forEach(Array.from({ length: count }), () =>
      HumanNumber.issueNumber({
        ...request,
        series: "beneficiaryPayment",
        idFormat: configuration.idFormats.beneficiaryPayment,
      }),
    )
    return { number, paymentIds }
  })

const insertNew = (
  configuration: TenantConfiguration,
  request: Omit<PaymentInstruction.BuildRequest, "id" | "tenantId" | "number" | "date" | "jitCodes">,
  number: HumanNumber.HumanNumber,
  actor: string,
): Effect.Effect<
  PaymentInstruction.PaymentInstruction,
  PiNumberDuplicate | PiExists | StoreUnavailable | AuditLog.AuditLogUnavailable,
  PaymentInstructionRepository | AuditLog.AuditLog
> =>
  Effect.gen(function* () {
    const at = yield* BusinessClock.currentInstant
    const paymentInstruction = PaymentInstruction.build({
      ...request,
      id: yield* EntityId.make,
      tenantId: configuration.tenantId,
      number,
      date: yield* BusinessClock.today(configuration.timeZone),
      jitCodes: configuration.jitCodes,
    })
    const created: Created = { _tag: "Created", at, paymentInstruction }
    yield* insertCreated(paymentInstruction, created)
    // DB-5: the audit record commits with the PI it records.
    yield* AuditLog.append({
      tenantId: paymentInstruction.tenantId,
      actor,
      action: "PI_CREATED",
      subject: paymentInstruction.number,
      at,
      details: {
        kind: paymentInstruction.kind,
        billNumber: paymentInstruction.bill.billNumber,
        beneficiaries: paymentInstruction.beneficiaries.length,
      },
    })
    return paymentInstruction
  })

/**
 * Who an audit record names when a use case is not given a user: the system.
 *
 * @since 0.1.0
 * @category models
 */
export const systemActor = "system"

// A request that lost the race for a bill's original PI (PI-1) learns the
// winner's number from the store; it reads the winner, committed by then,
// to tell the clerk its status too.
const withHolderStatus =
  (tenantId: TenantId) =>
  (refused: PiExists): Effect.Effect<never, PiExists | StoreUnavailable, PaymentInstructionRepository> =>
    refused.status !== undefined
      ? Effect.fail(refused)
      : loadPaymentInstruction(tenantId, refused.paymentInstructionNumber).pipe(
          Effect.catchTag("PaymentInstructionNotFound", () => Effect.fail(refused)),
          Effect.flatMap((holder) => Effect.fail(new PiExists({ ...refused, status: holder.status }))),
        )

/**
 * Creates the original PI of an approved bill (PI-1..PI-4, BILL-4).
 *
 * @since 0.1.0
 * @category constructors
 */
export const createFromBill = Effect.fn("Payments.createFromBill")(function* (
  bill: PayableBill,
  options: { readonly actor?: string } = {},
) {
  const configuration = yield* configurationOf(bill.tenantId)
  const ofBill = yield* paymentInstructionsOfBill(bill)
  const existing = ofBill.find((pi) => pi.origin._tag === "Bill" && pi.status !== "Rejected")
  if (existing !== undefined) {
    return yield* new PiExists({
      billNumber: bill.billNumber,
      paymentInstructionNumber: existing.number,
      status: existing.status,
    })
  }
  yield* checkRoomOnBill(bill, ofBill)
  const drafts = draftsFromBill(bill)
  const { number, paymentIds } = yield* issueNumbers(configuration, drafts.length)
  return yield* insertNew(
    configuration,
    {
      bill: toReference(bill),
      origin: { _tag: "Bill" },
      grossAmount: bill.totalAmount,
      purpose: bill.billNumber,
      beneficiaries: drafts.map((draft, index) => {
        const paymentId = paymentIds[index]
        assert(paymentId !== undefined, "one payment id is issued per beneficiary")
        return { draft, paymentId }
      }),
    },
    number,
    options.actor ?? systemActor,
  ).pipe(Effect.catchTag("PiExists", withHolderStatus(bill.tenantId)))
}, UnitOfWork.transaction)

/**
 * Creates the original PI of a bill the bills module approved (BILL-4 →
 * PI-1): hand it `BillApproved.bill` (or the bill of a `BillOutcome`) in the
 * transaction that stored the approval. A bill that is not approved is
 * refused with `BILL_NOT_APPROVED` before anything is read; then the work
 * order's number (`Bills.WorkOrderTerms`) and the payees' accounts
 * (`PayeeAccounts`) make its `PayableBill` view, paid as `createFromBill`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const createFromApprovedBill = Effect.fn("Payments.createFromApprovedBill")(function* (request: {
  readonly bill: Bill.Bill
  readonly actor?: string
}) {
  const { bill } = request
  if (!Bill.isApproved(bill)) {
    return yield* new BillNotApproved({ billNumber: bill.number, state: bill.workflow.state })
  }
  const terms = yield* WorkOrderTerms.termsOf({ tenantId: bill.tenantId, workOrderId: bill.workOrderId })
  const accounts = yield* accountsOf({ tenantId: bill.tenantId, payees: payeesPaidBy(bill) })
  const payable = yield* Effect.fromResult(
    fromApprovedBill({ bill, workOrderNumber: terms.workOrderNumber, accounts }),
  )
  return yield* createFromBill(payable, request.actor === undefined ? {} : { actor: request.actor })
}, UnitOfWork.transaction)

const loadPaymentInstruction = (
  tenantId: TenantId,
  paymentInstructionNumber: string,
): Effect.Effect<
  PaymentInstruction.PaymentInstruction,
  PaymentInstructionNotFound | StoreUnavailable,
  PaymentInstructionRepository
> =>
  Effect.flatMap(PaymentInstructionRepository, (repository) =>
    repository.get({ tenantId, id: paymentInstructionNumber }),
  )

/**
 * Loads a PI of the tenant by number, or fails with `PAYMENT_INSTRUCTION_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const load = loadPaymentInstruction

const correctionProblems = (
  corrections: ReadonlyArray<{ readonly paymentId: string }>,
  carried: ReadonlySet<string>,
): ReadonlyArray<FieldProblem> =>
  corrections.flatMap((correction, index) =>
    carried.has(correction.paymentId)
      ? []
      : [
          {
            field: `corrections[${index}].paymentId`,
            code: correctionUnknownCode,
            message: `${correction.paymentId} is not a failed beneficiary this repayment carries; correct only those`,
          },
        ],
  )

const revisionOrigin = (
  failed: PaymentInstruction.PaymentInstruction,
  original: PaymentInstruction.PaymentInstruction,
): PaymentInstruction.Revision => {
  const originalBillReference = original.references.advice?.onlineBillReference
  const failedBillReference = PaymentInstruction.billReferenceOf(failed)
  assert(
    originalBillReference !== undefined && failedBillReference !== undefined,
    "a Completed PI and its original have their treasury bill references (PI-S-4, PI-S-8)",
  )
  return {
    _tag: "Revision",
    originalNumber: original.number,
    originalDate: original.date,
    originalBillReference,
    failedNumber: failed.number,
    failedBillReference,
  }
}

// Every PI carrying any failed payment id: each payment id is carried by
// its original PI and at most one PI per round of failures after it.
const carryingAny = (tenantId: TenantId, failed: PaymentInstruction.PaymentInstruction) =>
  Effect.flatMap(PaymentInstructionRepository, (repository) => {
    const paymentIds = failed.beneficiaries
      .filter((beneficiary) => beneficiary.status === "PaymentFailed")
      .map((beneficiary) => beneficiary.paymentId)
    return paymentIds.length === 0
      ? Effect.succeed([])
      : AggregateStore.findAll(
          repository,
          { tenantId, where: { paymentIds } },
          { itemsMax: paymentInstructionsOfBillMax * paymentIds.length },
        )
  })

/**
 * A bank account correction for a failed beneficiary.
 *
 * @since 0.1.0
 * @category models
 */
export interface Correction {
  readonly paymentId: string
  readonly bankAccount: BankAccount
}

/**
 * Raises the PI that repays a Completed PI's failed beneficiaries (PI-S-7,
 * PI-S-9): a revised PI within the revised-PI window, a new original PI
 * after it. Returns which kind was raised.
 *
 * @since 0.1.0
 * @category constructors
 */
export const raiseRepayment = Effect.fn("Payments.raiseRepayment")(function* (request: {
  readonly tenantId: TenantId
  readonly failedNumber: string
  readonly corrections: ReadonlyArray<Correction>
  /** The version of the failed PI the user saw (WF-4); a different one is `STALE_VERSION`. */
  readonly expectedVersion?: number
  /** Who raises it, for the audit log. */
  readonly actor?: string
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const repository = yield* PaymentInstructionRepository
  const failed = yield* loadPaymentInstruction(request.tenantId, request.failedNumber)
  if (request.expectedVersion !== undefined && failed.version !== request.expectedVersion) {
    return yield* new StaleVersion({
      entityId: failed.number,
      expectedVersion: request.expectedVersion,
      actualVersion: failed.version,
    })
  }
  const failures =
    failed.status === "Completed"
      ? failuresToRepay({
          failed,
          raisedFrom: yield* AggregateStore.findAll(
            repository,
            { tenantId: request.tenantId, where: { failedNumber: failed.number } },
            { itemsMax: paymentInstructionsOfBillMax },
          ),
          carrying: yield* carryingAny(request.tenantId, failed),
        })
      : []
  if (failures.length === 0)
    return yield* new NothingToRepay({ paymentInstructionNumber: failed.number, status: failed.status })
  const [problem, ...problems] = correctionProblems(
    request.corrections,
    new Set(failures.map((failure) => failure.paymentId)),
  )
  if (problem !== undefined)
    return yield* Validation.fromProblems(`repayment of ${failed.number}`, [problem, ...problems])
  yield* checkRoomOnBill(
    failed.bill,
    yield* paymentInstructionsOfBill({ tenantId: request.tenantId, billId: failed.bill.billId }),
  )
  const original =
    failed.origin._tag === "Revision"
      ? yield* loadPaymentInstruction(request.tenantId, failed.origin.originalNumber)
      : failed
  const today = yield* BusinessClock.today(configuration.timeZone)
  const kind = isWithinWindow({
    originalDate: original.date,
    today,
    window: configuration.revisedPaymentWindow,
  })
    ? "revised"
    : "original"
  const corrections = new Map(
    request.corrections.map((correction) => [correction.paymentId, correction.bankAccount]),
  )
  const beneficiaries = repaymentDrafts({ kind, failures, original, corrections })
  const { number } = yield* issueNumbers(configuration, 0)
  // REL-2: the failed PI records the repayment and moves a version in the
  // same transaction, so two concurrent raises of one failure cannot both
  // commit: the second finds the version changed (STALE_VERSION), rolls back.
  const raisedEntry: RepaymentRaised = {
    _tag: "RepaymentRaised",
    at: yield* BusinessClock.currentInstant,
    raisedNumber: HumanNumber.makeUnsafe(number),
    kind,
  }
  yield* updateAppending(
    { ...failed, version: failed.version + 1 },
    { expectedVersion: failed.version, appended: [raisedEntry] },
  )
  const paymentInstruction = yield* insertNew(
    configuration,
    {
      bill: failed.bill,
      origin:
        kind === "revised"
          ? revisionOrigin(failed, original)
          : { _tag: "Repayment", failedNumber: failed.number },
      grossAmount: Amount.sum(
        beneficiaries.map(({ draft }: { readonly draft: BeneficiaryDraft }) => draft.amount),
      ),
      purpose: failed.header.purpose,
      beneficiaries,
    },
    number,
    request.actor ?? systemActor,
  )
  return { kind, paymentInstruction } as const
}, UnitOfWork.transaction)

/**
 * Corrects a beneficiary's bank account before a re-push (PI-S-1): allowed
 * on a New PI or one Declined by a JIT error, decided on `expectedVersion`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const correctBeneficiary = Effect.fn("Payments.correctBeneficiary")(function* (request: {
  readonly tenantId: TenantId
  readonly paymentInstructionNumber: string
  readonly paymentId: string
  readonly bankAccount: BankAccount
  readonly userId: string
  readonly expectedVersion: number
}) {
  const current = yield* loadPaymentInstruction(request.tenantId, request.paymentInstructionNumber)
  if (current.version !== request.expectedVersion) {
    return yield* new StaleVersion({
      entityId: current.number,
      expectedVersion: request.expectedVersion,
      actualVersion: current.version,
    })
  }
  const isCorrectable =
    current.status === "New" || (current.status === "Declined" && current.declineReason === "jitError")
  if (!isCorrectable)
    return yield* new PiNotCorrectable({ paymentInstructionNumber: current.number, status: current.status })
  const corrected = withCorrectedAccount(current, request)
  if (corrected === undefined) {
    return yield* Validation.fromProblems(`correction of ${current.number}`, [
      {
        field: "paymentId",
        code: correctionUnknownCode,
        message: `${current.number} has no beneficiary ${request.paymentId}`,
      },
    ])
  }
  const entry: BeneficiaryCorrected = {
    _tag: "BeneficiaryCorrected",
    at: yield* BusinessClock.currentInstant,
    paymentId: HumanNumber.makeUnsafe(request.paymentId),
    bankAccount: request.bankAccount,
    userId: request.userId,
  }
  yield* updateAppending(corrected, { expectedVersion: current.version, appended: [entry] })
  yield* AuditLog.append({
    tenantId: current.tenantId,
    actor: request.userId,
    action: "PI_BENEFICIARY_CORRECTED",
    subject: current.number,
    at: entry.at,
    details: { paymentId: request.paymentId },
  })
  return corrected
}, UnitOfWork.transaction)
