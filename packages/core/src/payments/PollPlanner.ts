/**
 * The poll planner (PI-P-1): a pure function that, given a tenant's payment
 * instructions and an instant, returns the JIT calls due. Each service runs
 * daily at a local time of the tenant's JIT schedule (MUKTA: re-push Pending
 * PIs 21:00; VA, PIS, PD, FD, FTPS, FTFPS 22:00; PAG 22:15): a call is due
 * once the day's time has passed, if the PI has not had that call since. The
 * services that apply to a PI are read from the status machine's table, so
 * the planner and the machine cannot disagree. A user's refresh of one PI
 * (`refreshCalls`) makes the same calls at any time, and may also re-push a
 * PI Declined by a JIT error once the user has corrected it.
 *
 * Planning twice for the same instant, or again after the calls were made,
 * gives nothing new (NFR-5: a rerun makes no call that changes state). A
 * missed slot is made up later the same day; the next day's slot takes over
 * after midnight.
 *
 * A status check that found nothing new leaves the PI unwritten (issue 11),
 * so its `lastCalls` do not show it; the run passes those checks
 * (`PaymentInstructionChecks`) as `checks`, and a service counts as called
 * at the later of the two.
 *
 * Decisions where the spec is silent:
 * - New PIs (never pushed, or blocked by insufficient funds) are pushed by
 *   the re-push run with the Pending ones (PI-F-3: the next run retries).
 * - Failure details are asked for the voucher dates of a PI's paid
 *   beneficiaries during `failureDetailsPollingDaysMax` days after each
 *   voucher date; FD answers for a whole day's vouchers, so one call per
 *   voucher date.
 *
 * @since 0.1.0
 */
import { TZDate } from "@date-fns/tz"
import { DateTime, Schema } from "effect"
import type { JitSchedule as JitScheduleSchema } from "../config/TenantConfiguration.js"
import type { HumanNumber } from "../ids/HumanNumber.js"
import * as LocalDate from "../time/LocalDate.js"
import type { TimeZone } from "../time/TimeZone.js"
import type { JitService, PaymentInstructionService } from "./JitService.js"
import type { PaymentInstruction } from "./PaymentInstruction.js"
import * as StatusMachine from "./StatusMachine.js"

/**
 * The tenant's daily JIT times (`TenantConfiguration.jitSchedule`).
 *
 * @since 0.1.0
 * @category models
 */
export type JitSchedule = typeof JitScheduleSchema.Type

/**
 * How many days after a voucher date its failures are still asked for: bank
 * returns reach the treasury within days, and a month bounds the nightly FD
 * calls of a ULB.
 *
 * @since 0.1.0
 * @category models
 */
export const failureDetailsPollingDaysMax = 30

/**
 * A call to make.
 *
 * @since 0.1.0
 * @category models
 */
export type PlannedCall =
  | { readonly service: "VA"; readonly headOfAccount: string }
  | {
      readonly service: PaymentInstructionService
      readonly paymentInstructionNumber: HumanNumber
      /** FD only: the vouchers' date asked for. */
      readonly voucherDate?: string
    }

/**
 * The schedule entry of each service.
 *
 * @since 0.1.0
 * @category models
 */
export const scheduleEntryOf: Readonly<Record<JitService, keyof JitSchedule>> = {
  VA: "virtualAllotment",
  PI: "rePushPending",
  COR: "rePushPending",
  PIS: "paymentInstructionStatus",
  PAG: "paymentAdvice",
  PD: "paymentDetails",
  FD: "failureDetails",
  FTPS: "failedTransactionPaymentStatus",
  FTFPS: "failedTransactionFailureStatus",
}

/**
 * The instant a local time of day falls on a local date (TIME-1).
 *
 * @since 0.1.0
 * @category conversions
 */
export const slotInstant = (options: {
  readonly date: LocalDate.LocalDate
  readonly timeOfDay: string
  readonly timeZone: TimeZone
}): DateTime.Utc => {
  const { year, month, day } = LocalDate.toParts(options.date)
  const [hours = 0, minutes = 0] = options.timeOfDay.split(":").map(Number)
  return DateTime.makeUnsafe(
    new TZDate(year, month - 1, day, hours, minutes, 0, 0, options.timeZone).getTime(),
  )
}

/**
 * Whether a daily call is due: the day's time has passed and the last call
 * was before it.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isSlotDue = (options: {
  readonly instant: DateTime.Utc
  readonly timeOfDay: string
  readonly timeZone: TimeZone
  readonly lastCallAt: DateTime.Utc | undefined
}): boolean => {
  const slot = slotInstant({
    date: LocalDate.fromInstant(options.instant, options.timeZone),
    timeOfDay: options.timeOfDay,
    timeZone: options.timeZone,
  })
  return (
    DateTime.isGreaterThanOrEqualTo(options.instant, slot) &&
    (options.lastCallAt === undefined || DateTime.isLessThan(options.lastCallAt, slot))
  )
}

const decodeDate = Schema.decodeUnknownOption(LocalDate.LocalDate)

/**
 * The voucher dates of a PI's paid beneficiaries still asked for failures.
 *
 * @since 0.1.0
 * @category conversions
 */
export const voucherDatesToWatch = (
  paymentInstruction: PaymentInstruction,
  today: LocalDate.LocalDate,
): ReadonlyArray<string> => {
  const dates = paymentInstruction.beneficiaries.flatMap((beneficiary) => {
    const voucherDate = beneficiary.payment?.voucherDate
    if (beneficiary.status !== "PaymentSuccessful" || voucherDate === undefined) return []
    const decoded = decodeDate(voucherDate.trim())
    if (decoded._tag === "None") return []
    const age = LocalDate.daysBetween({ from: decoded.value, to: today })
    return age >= 0 && age <= failureDetailsPollingDaysMax ? [voucherDate] : []
  })
  return [...new Set(dates)]
}

const isPush = (service: PaymentInstructionService): boolean => service === "PI" || service === "COR"

/**
 * The calls that apply to a PI now, ignoring the time of day: what a user's
 * refresh makes (`"refresh"`), or what the daily runs make (`"scheduled"`,
 * which re-pushes only New and Pending PIs).
 *
 * @since 0.1.0
 * @category conversions
 */
export const callsFor = (options: {
  readonly machine: StatusMachine.StatusMachine
  readonly paymentInstruction: PaymentInstruction
  readonly today: LocalDate.LocalDate
  readonly mode: "scheduled" | "refresh"
}): ReadonlyArray<PlannedCall> => {
  const pi = options.paymentInstruction
  return StatusMachine.allowedServices(options.machine, pi).flatMap((service): ReadonlyArray<PlannedCall> => {
    const call = { service, paymentInstructionNumber: pi.number }
    if (isPush(service)) {
      return options.mode === "refresh" || pi.status === "New" || pi.status === "Pending" ? [call] : []
    }
    if (service !== "FD" && service !== "FTFPS") return [call]
    const dates = voucherDatesToWatch(pi, options.today)
    if (service === "FTFPS") return dates.length === 0 ? [] : [call]
    return dates.map((voucherDate) => ({ ...call, voucherDate }))
  })
}

/**
 * The calls a user's refresh of one PI makes (PI-P-1).
 *
 * @since 0.1.0
 * @category conversions
 */
export const refreshCalls = (options: {
  readonly machine: StatusMachine.StatusMachine
  readonly paymentInstruction: PaymentInstruction
  readonly today: LocalDate.LocalDate
}): ReadonlyArray<PlannedCall> => callsFor({ ...options, mode: "refresh" })

/**
 * A status check that found nothing new: the planner's other record of a
 * call, besides the PI's `lastCalls`.
 *
 * @since 0.1.0
 * @category models
 */
export interface CheckMade {
  readonly paymentInstructionNumber: string
  readonly service: PaymentInstructionService
  readonly at: DateTime.Utc
}

const laterOf = (
  left: DateTime.Utc | undefined,
  right: DateTime.Utc | undefined,
): DateTime.Utc | undefined =>
  left === undefined || (right !== undefined && DateTime.isLessThan(left, right)) ? right : left

/**
 * Plans the calls due at an instant (PI-P-1): VA for each head of account
 * whose cursor is before today's VA time, and for each PI the services its
 * status allows whose daily time has passed and which it has not had since.
 *
 * @since 0.1.0
 * @category constructors
 */
export const plan = (options: {
  readonly machine: StatusMachine.StatusMachine
  readonly paymentInstructions: ReadonlyArray<PaymentInstruction>
  readonly instant: DateTime.Utc
  readonly timeZone: TimeZone
  readonly schedule: JitSchedule
  /** Each head of account with its VA cursor (the last successful VA run). */
  readonly virtualAllotmentCursors: ReadonlyArray<{
    readonly headOfAccount: string
    readonly cursor: DateTime.Utc | undefined
  }>
  /** The checks that found nothing new (at least those since today's first slot). */
  readonly checks: ReadonlyArray<CheckMade>
}): ReadonlyArray<PlannedCall> => {
  const today = LocalDate.fromInstant(options.instant, options.timeZone)
  // One slot per time of day for the whole plan (the instant is the same for
  // every PI); `isSlotDue` with the slot computed once.
  const slots = new Map<string, DateTime.Utc>()
  const slotOf = (timeOfDay: string): DateTime.Utc => {
    const known = slots.get(timeOfDay)
    if (known !== undefined) return known
    const slot = slotInstant({ date: today, timeOfDay, timeZone: options.timeZone })
    slots.set(timeOfDay, slot)
    return slot
  }
  const due = (service: JitService, lastCallAt: DateTime.Utc | undefined): boolean => {
    const slot = slotOf(options.schedule[scheduleEntryOf[service]])
    return (
      DateTime.isGreaterThanOrEqualTo(options.instant, slot) &&
      (lastCallAt === undefined || DateTime.isLessThan(lastCallAt, slot))
    )
  }
  const allotments: ReadonlyArray<PlannedCall> = options.virtualAllotmentCursors
    .filter(({ cursor }) => due("VA", cursor))
    .map(({ headOfAccount }) => ({ service: "VA", headOfAccount }))
  const checked = new Map<string, DateTime.Utc>()
  const checkKeyOf = (paymentInstructionNumber: string, service: JitService) =>
    `${service} ${paymentInstructionNumber}`
  for (const check of options.checks) {
    const key = checkKeyOf(check.paymentInstructionNumber, check.service)
    const later = laterOf(checked.get(key), check.at)
    if (later !== undefined) checked.set(key, later)
  }
  const calls = options.paymentInstructions.flatMap((paymentInstruction) =>
    callsFor({ machine: options.machine, paymentInstruction, today, mode: "scheduled" }).filter(
      (call) =>
        call.service !== "VA" &&
        due(
          call.service,
          laterOf(
            paymentInstruction.lastCalls[call.service],
            checked.get(checkKeyOf(paymentInstruction.number, call.service)),
          ),
        ),
    ),
  )
  return [...allotments, ...calls]
}
