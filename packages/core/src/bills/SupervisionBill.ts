/**
 * Supervision bills (BILL-S-1..3): the CBO earns the supervision charge (the
 * SC overhead effective on the bill date, 7.5% in MUKTA) on the bills of its
 * work order not yet supervised: approved wage and purchase bills when it is
 * the Implementation Agency, approved wage bills only when it is the
 * Implementation Partner. Each source bill gives one payable line, its gross
 * × the rate rounded to the rupee, payee the CBO organisation; each source
 * bill is supervised at most once (BILL-2). Supervision bills are approved on
 * creation (BILL-4, WF-BILL).
 *
 * Decisions where the spec is silent:
 * - a supervision bill carries no deductions (no head is configured for it).
 * - its period runs from the earliest start to the latest end of the periods
 *   of the bills it supervises.
 * - when every source bill's charge rounds to ₹0 nothing is made (a zero
 *   payment is refused by JIT, PI-V-6) and the run says so.
 * - the scheduled run (`generateDue`) treats each work order on its own: one
 *   order's refusal is reported with the others' bills, never hiding them.
 *
 * @since 0.1.0
 */
import { Context, Effect, Option, Result, Schema } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import { overheadsEffectiveOn } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf, type TenantNotServed, type TenantSettings } from "../config/TenantSettings.js"
import type { CboRole } from "../contracts/CboRole.js"
import type { IdSequence } from "../ids/IdSequence.js"
import { assert } from "../internal/assert.js"
import * as Amount from "../money/Amount.js"
import * as Percentage from "../money/Percentage.js"
import * as Rounding from "../money/Rounding.js"
import type { Scale } from "../money/Scale.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import * as BusinessClock from "../time/BusinessClock.js"
import * as LocalDate from "../time/LocalDate.js"
import type { Actor } from "../workflow/Actor.js"
import * as Bill from "./Bill.js"
import { BillRepository, billsOfWorkOrder } from "./BillRepository.js"
import * as BillSubmission from "./BillSubmission.js"
import type { BillOutcome } from "./BillWorkflow.js"
import { billRoundingMode } from "./Deduction.js"
import * as Payees from "./Payees.js"
import * as WorkOrderTerms from "./WorkOrderTerms.js"

/**
 * The tenant has no percentage SC overhead in force on the bill date, so the
 * supervision charge cannot be computed (BILL-S-1, CONF-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class SupervisionChargeNotConfigured extends Schema.TaggedError<SupervisionChargeNotConfigured>(
  "@karya/core/bills/SupervisionChargeNotConfigured",
)("SupervisionChargeNotConfigured", { tenantId: Schema.String, date: Schema.String }) {
  static readonly code = "SUPERVISION_CHARGE_NOT_CONFIGURED"
  static readonly category = "rule"
  readonly code = SupervisionChargeNotConfigured.code
  readonly category = SupervisionChargeNotConfigured.category
  readonly retryable = false
  override get message(): string {
    return `${this.tenantId} has no percentage supervision charge (overhead ${Bill.supervisionChargeHeadCode}) in force on ${this.date}, so no supervision bill can be made; ask the administrator to configure the SC overhead for that date.`
  }
}

/**
 * The supervision charge rate in force on a date: the percentage SC overhead
 * (BILL-S-1, CONF-2).
 *
 * @since 0.1.0
 * @category conversions
 */
export const supervisionRateOn = (
  configuration: TenantConfiguration,
  date: LocalDate.LocalDate,
): Result.Result<Percentage.Percentage, SupervisionChargeNotConfigured> => {
  const overhead = overheadsEffectiveOn(configuration, date).overheads.find(
    (candidate) => candidate.code === Bill.supervisionChargeHeadCode && candidate.kind === "percentage",
  )
  const rate =
    overhead === undefined ? undefined : Percentage.fromString(Amount.toCanonicalString(overhead.value))
  return rate !== undefined && Result.isSuccess(rate)
    ? Result.succeed(rate.success)
    : Result.fail(new SupervisionChargeNotConfigured({ tenantId: configuration.tenantId, date }))
}

/**
 * The bills of a work order that earn supervision now (BILL-S-2): approved
 * wage bills, and approved purchase bills when the CBO is the Implementation
 * Agency, that no active supervision bill lists yet.
 *
 * @since 0.1.0
 * @category conversions
 */
export const supervisableBills = (options: {
  readonly bills: ReadonlyArray<Bill.Bill>
  readonly cboRole: CboRole
}): ReadonlyArray<Bill.Bill> => {
  const supervised = new Set(
    options.bills
      .filter((bill) => bill.type === "supervision" && Bill.isActive(bill))
      .flatMap((bill) => bill.sourceDocuments.filter((document) => document.kind === "bill"))
      .map((document) => document.id),
  )
  const types: ReadonlyArray<Bill.BillType> = options.cboRole === "IA" ? ["wage", "purchase"] : ["wage"]
  return options.bills.filter(
    (bill) => types.includes(bill.type) && Bill.isApproved(bill) && !supervised.has(bill.id),
  )
}

/**
 * The supervision charge on one bill (BILL-S-1): gross × rate, rounded to
 * `scale`. ₹2,333 at 7.5% → ₹175; ₹11,800 → ₹885.
 *
 * @since 0.1.0
 * @category math
 */
export const chargeOf = (options: {
  readonly grossAmount: Amount.Amount
  readonly rate: Percentage.Percentage
  readonly scale: Scale
}): Amount.Amount =>
  Rounding.round(Percentage.percentOf({ percentage: options.rate, base: options.grossAmount }), {
    scale: options.scale,
    mode: billRoundingMode,
  })

/**
 * The payable lines of a supervision bill: one per source bill (BILL-S-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const linesOf = (options: {
  readonly sources: ReadonlyArray<Bill.Bill>
  readonly rate: Percentage.Percentage
  readonly scale: Scale
}): ReadonlyArray<Bill.BillLine> =>
  options.sources.map((source) => ({
    kind: "payable",
    headCode: Bill.supervisionChargeHeadCode,
    amount: chargeOf({ grossAmount: source.grossAmount, rate: options.rate, scale: options.scale }),
    sourceDocument: { kind: "bill", id: source.id, number: source.number },
  }))

const periodOf = (sources: ReadonlyArray<Bill.Bill>): Bill.BillPeriod => {
  const starts = sources.map((source) => source.period.startDate).sort(LocalDate.compare)
  const ends = sources.map((source) => source.period.endDate).sort(LocalDate.compare)
  const [startDate] = starts
  const endDate = ends.at(-1)
  assert(startDate !== undefined && endDate !== undefined, "a supervision bill has source bills")
  return { startDate, endDate }
}

/**
 * The result of supervising one work order (BILL-S-3): a bill, or nothing
 * and why.
 *
 * @since 0.1.0
 * @category models
 */
export type SupervisionRun =
  | { readonly _tag: "Generated"; readonly workOrderId: string; readonly outcome: BillOutcome }
  | {
      readonly _tag: "NothingToSupervise"
      readonly workOrderId: string
      readonly reason: "noUnsupervisedBills" | "chargeRoundsToZero"
      readonly message: string
    }

/**
 * What supervising a work order needs.
 *
 * @since 0.1.0
 * @category models
 */
export interface SupervisionRequest {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly workOrderId: string
}

/**
 * The ways supervising a work order can be refused.
 *
 * @since 0.1.0
 * @category errors
 */
export type SupervisionError =
  | TenantNotServed
  | WorkOrderTerms.WorkOrderTermsNotFound
  | SupervisionChargeNotConfigured
  | Payees.PayeeNotFound
  | BillSubmission.SubmissionError

const nothing = (
  workOrderId: string,
  reason: "noUnsupervisedBills" | "chargeRoundsToZero",
): SupervisionRun => ({
  _tag: "NothingToSupervise",
  workOrderId,
  reason,
  message:
    reason === "noUnsupervisedBills"
      ? `Work order ${workOrderId} has no approved bill left to supervise; no supervision bill was made.`
      : `The supervision charge on the unsupervised bills of work order ${workOrderId} rounds to ₹0; no supervision bill was made.`,
})

/**
 * Generates the supervision bill of a work order on demand (BILL-S-1..3):
 * approved on creation with its `BillApproved` event, or nothing when no
 * bill is left to supervise.
 *
 * @since 0.1.0
 * @category constructors
 */
export const generate = Effect.fn("Bills.SupervisionBill.generate")(function* (
  request: SupervisionRequest,
): Effect.fn.Return<
  SupervisionRun,
  SupervisionError,
  BillRepository | IdSequence | WorkOrderTerms.WorkOrderTerms | Payees.Payees | TenantSettings
> {
  const configuration = yield* configurationOf(request.tenantId)
  const { workOrderId } = request
  const tenantId = configuration.tenantId
  const terms = yield* WorkOrderTerms.termsOf({ tenantId, workOrderId })
  const bills = yield* billsOfWorkOrder({ tenantId, workOrderId })
  const sources = supervisableBills({ bills, cboRole: terms.cboRole })
  if (sources.length === 0) return nothing(workOrderId, "noUnsupervisedBills")
  const today = yield* BusinessClock.today(configuration.timeZone)
  const rate = yield* Effect.fromResult(supervisionRateOn(configuration, today))
  const [first, ...rest] = linesOf({ sources, rate, scale: configuration.roundingScales.billLineAmount })
  assert(first !== undefined, "a supervision bill has a line per source bill")
  const lines: readonly [Bill.BillLine, ...Array<Bill.BillLine>] = [first, ...rest]
  if (lines.every((line) => Amount.isZero(line.amount))) return nothing(workOrderId, "chargeRoundsToZero")
  const [organisation] = yield* Payees.payeesOf({
    tenantId,
    kind: "organisation",
    payeeIds: [terms.organisationId],
  })
  assert(organisation !== undefined, "payeesOf finds every payee it is asked for")
  const outcome = yield* BillSubmission.submit({
    configuration,
    actor: request.actor,
    terms,
    draft: {
      type: "supervision",
      period: periodOf(sources),
      details: [Bill.makeDetail({ payee: organisation, lines })],
      sourceDocuments: sources.map((source) => ({ kind: "bill", id: source.id, number: source.number })),
    },
  })
  return { _tag: "Generated", workOrderId, outcome }
})

/**
 * What a scheduled supervision run produced (BILL-S-3): the runs of every
 * work order with approved wage or purchase bills, the refusals by work
 * order, and a summary that says when nothing was made.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduledSupervision {
  readonly runs: ReadonlyArray<SupervisionRun>
  readonly refusals: ReadonlyArray<{ readonly workOrderId: string; readonly error: SupervisionError }>
  readonly summary: string
}

/**
 * The most approved wage and purchase bills one scheduled supervision run
 * reads to find its work orders (BILL-S-3): a ULB approves a few hundred
 * bills a month, well below this. Approved bills stay approved once
 * supervised, so nothing at intake bounds them: a run past it is refused
 * with `APPROVED_BILLS_PER_RUN_EXCEEDED` before it makes anything, and the
 * work orders are supervised one by one (`generate`).
 *
 * @since 0.1.0
 * @category constants
 */
export const approvedBillsPerRunMax = 20_000

/**
 * The limit `generateDue` applies, `approvedBillsPerRunMax` unless provided:
 * the rule's tests provide a small one, to reach the limit without storing
 * 20,000 bills in memory.
 *
 * @since 0.1.0
 * @category services
 */
export const ApprovedBillsPerRunMax = Context.Reference<number>(
  "@karya/core/bills/SupervisionBill/ApprovedBillsPerRunMax",
  { defaultValue: () => approvedBillsPerRunMax },
)

/**
 * The tenant has more approved wage and purchase bills than one scheduled
 * supervision run reads (BILL-S-3, `approvedBillsPerRunMax`): the run makes
 * nothing.
 *
 * @since 0.1.0
 * @category errors
 */
export class ApprovedBillsPerRunExceeded extends Schema.TaggedError<ApprovedBillsPerRunExceeded>(
  "@karya/core/bills/ApprovedBillsPerRunExceeded",
)("ApprovedBillsPerRunExceeded", { limit: Schema.Number }) {
  static readonly code = "APPROVED_BILLS_PER_RUN_EXCEEDED"
  static readonly category = "rule"
  readonly code = ApprovedBillsPerRunExceeded.code
  readonly category = ApprovedBillsPerRunExceeded.category
  readonly retryable = false
  override get message(): string {
    return `The tenant has more than ${this.limit} approved wage and purchase bills, the most one scheduled supervision run reads; run supervision for each work order instead.`
  }
}

/**
 * Supervises every work order of the tenant that has approved wage or
 * purchase bills (BILL-S-3, the tenant's schedule).
 *
 * @since 0.1.0
 * @category constructors
 */
export const generateDue = Effect.fn("Bills.SupervisionBill.generateDue")(function* (request: {
  readonly tenantId: TenantId
  readonly actor: Actor
}): Effect.fn.Return<
  ScheduledSupervision,
  ApprovedBillsPerRunExceeded | TenantNotServed | StoreUnavailable,
  BillRepository | IdSequence | WorkOrderTerms.WorkOrderTerms | Payees.Payees | TenantSettings
> {
  const configuration = yield* configurationOf(request.tenantId)
  const tenantId = configuration.tenantId
  const repository = yield* BillRepository
  const limit = yield* ApprovedBillsPerRunMax
  const approved = yield* AggregateStore.findAllWithin(
    repository,
    { tenantId, where: { type: ["wage", "purchase"], workflowState: Bill.approvedState } },
    { itemsMax: limit },
  )
  if (Option.isNone(approved)) return yield* new ApprovedBillsPerRunExceeded({ limit })
  const workOrderIds = [...new Set(approved.value.map((bill) => bill.workOrderId))].sort()
  const runs: Array<SupervisionRun> = []
  const refusals: Array<{ readonly workOrderId: string; readonly error: SupervisionError }> = []
  for (const workOrderId of workOrderIds) {
    const result = yield* Effect.result(generate({ ...request, workOrderId }))
    if (Result.isSuccess(result)) runs.push(result.success)
    else refusals.push({ workOrderId, error: result.failure })
  }
  const generated = runs.filter((run) => run._tag === "Generated").length
  const summary =
    generated === 0 && refusals.length === 0
      ? "Nothing to supervise: no work order has an approved bill left to supervise."
      : `${generated} supervision bill${generated === 1 ? "" : "s"} made; ${refusals.length} work order${refusals.length === 1 ? "" : "s"} refused.`
  return { runs, refusals, summary }
})
