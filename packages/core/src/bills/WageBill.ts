/**
 * Wage bills (BILL-W-1..3): one per approved muster roll, generated
 * automatically and approved on creation (BILL-4, WF-BILL). Its beneficiaries
 * are the attendees with effective attendance above zero; each is paid
 * effective attendance × the daily wage of their skill on the muster roll's
 * start date, rounded to the rupee, and the labour cess on that exact wage is
 * deducted and remitted to the cess department (BILL-3).
 *
 * Decisions where the spec is silent:
 * - an attendee whose wage rounds to ₹0 (a few paise) is left out, since a
 *   payment instruction refuses a zero beneficiary (PI-V-8); if every wage
 *   rounds to zero the muster roll is refused like an all-zero one
 *   (`MUSTER_ROLL_ZERO_AMOUNT`).
 * - a cess that rounds to ₹0 is dropped, as zero lines are on purchase bills
 *   (BILL-P-1), and then no cess department is needed.
 *
 * @since 0.1.0
 */
import { Effect, Option, Schema } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf, type TenantNotServed, type TenantSettings } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as Validation from "../errors/ValidationFailed.js"
import type { IdSequence } from "../ids/IdSequence.js"
import { assert } from "../internal/assert.js"
import * as Amount from "../money/Amount.js"
import * as Percentage from "../money/Percentage.js"
import type * as Quantity from "../money/Quantity.js"
import * as Rate from "../money/Rate.js"
import * as Rounding from "../money/Rounding.js"
import type { Scale } from "../money/Scale.js"
import * as LocalDate from "../time/LocalDate.js"
import type { Actor } from "../workflow/Actor.js"
import * as Bill from "./Bill.js"
import type { BillRepository } from "./BillRepository.js"
import * as BillSubmission from "./BillSubmission.js"
import type { BillOutcome } from "./BillWorkflow.js"
import { DailyWageNotFound, DailyWages } from "./DailyWages.js"
import { billRoundingMode } from "./Deduction.js"
import * as Payees from "./Payees.js"
import type { WageBillAttendee, WageBillSource } from "./WageBillSource.js"
import * as WorkOrderTerms from "./WorkOrderTerms.js"

/**
 * Every attendee of the muster roll has zero effective attendance (or a
 * wage that rounds to zero), so no wage bill is made (BILL-W-1).
 *
 * @since 0.1.0
 * @category errors
 */
export class MusterRollZeroAmount extends Schema.TaggedError<MusterRollZeroAmount>(
  "@karya/core/bills/MusterRollZeroAmount",
)("MusterRollZeroAmount", { musterRollNumber: Schema.String }) {
  static readonly code = "MUSTER_ROLL_ZERO_AMOUNT"
  static readonly category = "rule"
  readonly code = MusterRollZeroAmount.code
  readonly category = MusterRollZeroAmount.category
  readonly retryable = false
  override get message(): string {
    return `Muster roll ${this.musterRollNumber} pays nothing: no attendee has attendance above zero, so no wage bill was made; if attendance was missed, correct the muster roll's attendance.`
  }
}

/**
 * Problem code: the muster roll belongs to another tenant than the configuration (TEN-1).
 *
 * @since 0.1.0
 * @category errors
 */
export const tenantMismatchCode = "TENANT_MISMATCH"

/**
 * Problem code: a wage seeker appears twice on the muster roll.
 *
 * @since 0.1.0
 * @category errors
 */
export const attendeeDuplicateCode = "ATTENDEE_DUPLICATE"

/**
 * Problem code: the muster roll's period ends before it starts.
 *
 * @since 0.1.0
 * @category errors
 */
export const periodEndBeforeStartCode = "PERIOD_END_BEFORE_START"

/**
 * The amounts of one attendee (BILL-W-3): the exact wage, net payable (the
 * wage rounded), labour cess (on the exact wage, rounded) and gross = net + cess.
 *
 * @since 0.1.0
 * @category models
 */
export interface WageAmounts {
  readonly wageAmount: Amount.Amount
  readonly netAmount: Amount.Amount
  readonly labourCessAmount: Amount.Amount
  readonly grossAmount: Amount.Amount
}

/**
 * An attendee's wage amounts (BILL-W-3). 5.5 days × ₹345 = ₹1,897.50 →
 * net ₹1,898, cess ₹19 (18.975), gross ₹1,917.
 *
 * @since 0.1.0
 * @category math
 */
export const wageOf = (options: {
  readonly effectiveAttendance: Quantity.Quantity
  readonly dailyWage: Rate.Rate
  readonly labourCessPercentage: Percentage.Percentage
  readonly scale: Scale
}): WageAmounts => {
  const rounding = { scale: options.scale, mode: billRoundingMode }
  const wageAmount = Rate.multiply(options.dailyWage, options.effectiveAttendance)
  const netAmount = Rounding.round(wageAmount, rounding)
  const labourCessAmount = Rounding.round(
    Percentage.percentOf({ percentage: options.labourCessPercentage, base: wageAmount }),
    rounding,
  )
  return { wageAmount, netAmount, labourCessAmount, grossAmount: Amount.add(netAmount, labourCessAmount) }
}

/**
 * A wage seeker's detail (BILL-W-3): a WEG payable line of the gross and, when
 * the cess is above zero, an LC deduction line paid to the cess department.
 *
 * @since 0.1.0
 * @category constructors
 */
export const wageDetailOf = (options: {
  readonly payee: Bill.Payee
  readonly amounts: WageAmounts
  readonly cessDepartment: Bill.Payee | undefined
}): Bill.BillDetail => {
  const { amounts, cessDepartment } = options
  const payable: Bill.BillLine = { kind: "payable", headCode: Bill.wageHeadCode, amount: amounts.grossAmount }
  const cess: ReadonlyArray<Bill.BillLine> =
    Amount.isZero(amounts.labourCessAmount) || cessDepartment === undefined
      ? []
      : [
          {
            kind: "deduction",
            headCode: Bill.labourCessHeadCode,
            amount: amounts.labourCessAmount,
            department: cessDepartment,
          },
        ]
  return Bill.makeDetail({ payee: options.payee, lines: [payable, ...cess] })
}

const sourceProblems = (
  configuration: TenantConfiguration,
  source: WageBillSource,
): ReadonlyArray<FieldProblem> => {
  const problems: Array<FieldProblem> = []
  if (source.tenantId !== configuration.tenantId) {
    const message = `the muster roll belongs to ${source.tenantId}, not ${configuration.tenantId}; generate its bill in its own ULB`
    problems.push({ field: "tenantId", code: tenantMismatchCode, message })
  }
  if (LocalDate.isBefore(source.period.endDate, source.period.startDate)) {
    const message = `the period ends on ${source.period.endDate}, before it starts on ${source.period.startDate}`
    problems.push({ field: "period.endDate", code: periodEndBeforeStartCode, message })
  }
  source.attendees.forEach((attendee, index) => {
    if (source.attendees.findIndex((other) => other.wageSeekerId === attendee.wageSeekerId) !== index) {
      const message = `wage seeker ${attendee.wageSeekerId} appears more than once; list each attendee once`
      problems.push({ field: `attendees[${index}].wageSeekerId`, code: attendeeDuplicateCode, message })
    }
  })
  return problems
}

const dailyWagesOf = Effect.fn(function* (
  source: WageBillSource,
  skillCodes: ReadonlyArray<string>,
): Effect.fn.Return<ReadonlyMap<string, Rate.Rate>, DailyWageNotFound, DailyWages> {
  const dailyWages = yield* DailyWages
  const date = source.period.startDate
  const found = new Map<string, Rate.Rate>()
  const missing: Array<string> = []
  for (const skillCode of new Set(skillCodes)) {
    const rate = yield* dailyWages.dailyWageOn({ tenantId: source.tenantId, skillCode, date })
    if (Option.isSome(rate)) found.set(skillCode, rate.value)
    else missing.push(skillCode)
  }
  const [first, ...rest] = missing
  if (first !== undefined) {
    return yield* new DailyWageNotFound({ tenantId: source.tenantId, skillCodes: [first, ...rest], date })
  }
  return found
})

/**
 * What generating a wage bill needs: the tenant's configuration, the
 * approved muster roll and who submits it (the system user, usually).
 *
 * @since 0.1.0
 * @category models
 */
export interface WageBillRequest {
  readonly tenantId: TenantId
  readonly source: WageBillSource
  readonly actor: Actor
}

/**
 * The ways generating a wage bill can be refused.
 *
 * @since 0.1.0
 * @category errors
 */
export type WageBillError =
  | TenantNotServed
  | Validation.ValidationFailed
  | MusterRollZeroAmount
  | WorkOrderTerms.WorkOrderTermsNotFound
  | DailyWageNotFound
  | Payees.PayeeNotFound
  | Payees.DeductionDepartmentMissing
  | BillSubmission.SubmissionError

interface WageRow {
  readonly attendee: WageBillAttendee
  readonly amounts: WageAmounts
}

// The attendees paid something, with their amounts (BILL-W-3); `dailyWages`
// has the wage of every skill (dailyWagesOf fails otherwise).
const paidRowsOf = (
  configuration: TenantConfiguration,
  attending: ReadonlyArray<WageBillAttendee>,
  dailyWages: ReadonlyMap<string, Rate.Rate>,
): ReadonlyArray<WageRow> =>
  attending.flatMap((attendee) => {
    const dailyWage = dailyWages.get(attendee.skillCode)
    assert(dailyWage !== undefined, "every skill of the muster roll has its daily wage")
    const amounts = wageOf({
      effectiveAttendance: attendee.effectiveAttendance,
      dailyWage,
      labourCessPercentage: configuration.labourCessPercentage,
      scale: configuration.roundingScales.billLineAmount,
    })
    return Amount.isZero(amounts.grossAmount) ? [] : [{ attendee, amounts }]
  })

const wageDetailsOf = Effect.fn(function* (
  source: WageBillSource,
  rows: ReadonlyArray<WageRow>,
): Effect.fn.Return<
  ReadonlyArray<Bill.BillDetail>,
  Payees.PayeeNotFound | Payees.DeductionDepartmentMissing,
  Payees.Payees
> {
  const payees = yield* Payees.payeesOf({
    tenantId: source.tenantId,
    kind: "individual",
    payeeIds: rows.map((row) => row.attendee.wageSeekerId),
  })
  const payeeById = new Map(payees.map((payee) => [payee.id, payee]))
  const hasCess = rows.some((row) => !Amount.isZero(row.amounts.labourCessAmount))
  const departments = hasCess
    ? yield* Payees.departmentsFor({ tenantId: source.tenantId, headCodes: [Bill.labourCessHeadCode] })
    : new Map<string, Bill.Payee>()
  const cessDepartment = departments.get(Bill.labourCessHeadCode)
  return rows.map((row) => {
    const payee = payeeById.get(row.attendee.wageSeekerId)
    assert(payee !== undefined, "every paid attendee has a payee (payeesOf)")
    return wageDetailOf({ payee, amounts: row.amounts, cessDepartment })
  })
})

/**
 * Generates and approves the wage bill of an approved muster roll
 * (BILL-W-1..3, BILL-4) and returns it with its `BillApproved` event.
 *
 * @since 0.1.0
 * @category constructors
 */
export const generate = Effect.fn("Bills.WageBill.generate")(function* (
  request: WageBillRequest,
): Effect.fn.Return<
  BillOutcome,
  WageBillError,
  BillRepository | IdSequence | DailyWages | WorkOrderTerms.WorkOrderTerms | Payees.Payees | TenantSettings
> {
  const configuration = yield* configurationOf(request.tenantId)
  const { source } = request
  const [problem, ...problems] = sourceProblems(configuration, source)
  if (problem !== undefined) return yield* Validation.fromProblems("wage bill", [problem, ...problems])
  const zero = new MusterRollZeroAmount({ musterRollNumber: source.musterRollNumber })
  const attending = source.attendees.filter((attendee) => !attendee.effectiveAttendance.isZero())
  if (attending.length === 0) return yield* zero
  const terms = yield* WorkOrderTerms.termsOf({ tenantId: source.tenantId, workOrderId: source.workOrderId })
  const dailyWages = yield* dailyWagesOf(
    source,
    attending.map((attendee) => attendee.skillCode),
  )
  const rows = paidRowsOf(configuration, attending, dailyWages)
  const [first, ...rest] = yield* wageDetailsOf(source, rows)
  if (first === undefined) return yield* zero
  return yield* BillSubmission.submit({
    configuration,
    actor: request.actor,
    terms,
    draft: {
      type: "wage",
      period: source.period,
      details: [first, ...rest],
      sourceDocuments: [{ kind: "musterRoll", id: source.musterRollId, number: source.musterRollNumber }],
    },
  })
})
