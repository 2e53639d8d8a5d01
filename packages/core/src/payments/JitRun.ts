/**
 * Use cases that call JIT-FS (PI-S-1..PI-S-12, PI-F-1, PI-F-4, PI-P-1,
 * PI-P-2, NOTIF-1): push a PI, poll it with one service, refresh it on a
 * user's request, ingest virtual allotments, and run the calls the planner
 * finds due.
 *
 * Every call on a PI follows the same steps:
 * 1. the status machine must allow the service from the PI's status
 *    (`PI_INVALID_TRANSITION` otherwise, before anything is called);
 * 2. the PI's lease is taken (PI-P-2; `PAYMENT_INSTRUCTION_BUSY` when
 *    another call is in flight) and the PI is read again under it;
 * 3. for a push, the sanction is chosen and every PI-V check made; a refusal
 *    (`PAYMENT_INSTRUCTION_REFUSED` with every reason) calls no one and
 *    changes nothing;
 * 4. JIT is called; whatever the outcome, the machine decides the next PI;
 * 5. the fund register's expense or reversal is recorded first (each is
 *    recorded once, by the PI number), then the PI with its new history
 *    entries, then the SMS are sent (each once, by event id); but a status
 *    check whose reply the PI already records (`StatusMachine.apply` says
 *    `NothingNew`) writes none of these, only that the check was made
 *    (`PaymentInstructionChecks`, outside the PI), so the planner does not
 *    make it again before the next day's time (issue 11).
 * A run that dies between steps leaves a PI from which the next run
 * continues: the PI is never renumbered (a re-push of a Pending PI sends the
 * same number and JIT answers "duplicate", PI-S-2), and a repeated expense
 * or SMS is recorded or sent once.
 *
 * Pushes of one run are made one after another, so that each push's funds
 * check sees the expenses booked by the pushes before it (PI-V-2); polls run
 * concurrently, at most `jitCallsInFlightMax` at a time, one per PI.
 *
 * @since 0.1.0
 */
import { TZDate } from "@date-fns/tz"
import { DateTime, Effect, Option, Result } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import * as EntityId from "../ids/EntityId.js"
import { assert } from "../internal/assert.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as AuditLog from "../persistence/AuditLog.js"
import { StaleVersion } from "../persistence/StaleVersion.js"
import * as UnitOfWork from "../persistence/UnitOfWork.js"
import * as BusinessClock from "../time/BusinessClock.js"
import * as FinancialYear from "../time/FinancialYear.js"
import * as LocalDate from "../time/LocalDate.js"
import type { TimeZone } from "../time/TimeZone.js"
import * as FundRegister from "./FundRegister.js"
import * as FundRegisterBook from "./FundRegisterBook.js"
import type { HistoryEntry, PiEventType, SanctionChosen } from "./HistoryEntry.js"
import * as JitGateway from "./JitGateway.js"
import { errorText } from "./JitOutcome.js"
import { requestFor } from "./JitRequests.js"
import type { PaymentInstructionService } from "./JitService.js"
import * as Notification from "./Notification.js"
import { Notifier } from "./Notifier.js"
import type { PaymentInstruction, SanctionUsed } from "./PaymentInstruction.js"
import * as PaymentInstructionChecks from "./PaymentInstructionChecks.js"
import { withSanction } from "./PaymentInstructionHistory.js"
import { load } from "./PaymentInstructionIssue.js"
import { leaseDurationMsDefault, withLease } from "./PaymentInstructionLease.js"
import * as PaymentInstructionRepository from "./PaymentInstructionRepository.js"
import * as PollPlanner from "./PollPlanner.js"
import { type FundsCheck, validate } from "./PushValidation.js"
import * as StatusMachine from "./StatusMachine.js"

/**
 * How many JIT calls one tenant's run keeps in flight at once: enough for
 * 10,000 PIs a night in under a minute (NFR-5) without flooding JIT-FS.
 *
 * @since 0.1.0
 * @category models
 */
export const jitCallsInFlightMax = 16

const machine = StatusMachine.paymentInstructionMachine

/**
 * What one call did: the PI after it (absent for VA), the event its outcome
 * was, the message for the user (PI-S-12) and any anomalies.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallReport {
  readonly service: PaymentInstructionService | "VA"
  readonly paymentInstruction?: PaymentInstruction
  readonly event: PiEventType
  readonly message: string
  readonly anomalies: ReadonlyArray<string>
}

/**
 * Who makes a call, and on what (PI-P-2, WF-4):
 *
 * - `holder`: the lease holder, one per attempt (a scheduled run, or one
 *   request); a fresh id when not given, so two requests of one user never
 *   share a lease;
 * - `actor`: who the PI's history and the audit log name (the holder when
 *   not given);
 * - `expectedVersion`: the PI version the caller saw; checked again once
 *   the lease is held, so of concurrent callers at one version one makes
 *   the call and the others get `PAYMENT_INSTRUCTION_BUSY` or
 *   `STALE_VERSION` (409), never a second call.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallOptions {
  readonly holder?: string
  readonly actor?: string
  readonly expectedVersion?: number
}

const holderOf = (options: CallOptions) =>
  options.holder === undefined ? EntityId.make : Effect.succeed(options.holder)

// WF-4: the caller acts on the version it saw.
const checkVersion = (
  paymentInstruction: PaymentInstruction,
  expectedVersion: number | undefined,
): Effect.Effect<void, StaleVersion> =>
  expectedVersion === undefined || paymentInstruction.version === expectedVersion
    ? Effect.void
    : Effect.fail(
        new StaleVersion({
          entityId: paymentInstruction.number,
          expectedVersion,
          actualVersion: paymentInstruction.version,
        }),
      )

// Under the lease: who is recorded, and the version the caller saw.
interface Locked {
  readonly actor: string
  readonly expectedVersion: number | undefined
}

const lockedOf = (options: CallOptions, holder: string): Locked => ({
  actor: options.actor ?? holder,
  expectedVersion: options.expectedVersion,
})

const runFundCommands = (commands: ReadonlyArray<StatusMachine.PaymentCommand>, timeZone: TimeZone) =>
  Effect.gen(function* () {
    for (const command of commands) {
      if (command.type === "NotifyBeneficiary") continue
      const transaction = FundRegister.paymentInstructionTransaction({
        kind: command.type === "BookExpense" ? "expense" : "expenseReversal",
        tenantId: command.tenantId,
        paymentInstructionNumber: command.paymentInstructionNumber,
        sanction: command.sanction,
        amount: command.amount,
        date: LocalDate.fromInstant(command.at, timeZone),
        at: command.at,
      })
      yield* FundRegisterBook.append(command.tenantId, [transaction])
    }
  })

const sendNotifications = (
  commands: ReadonlyArray<StatusMachine.PaymentCommand>,
  configuration: TenantConfiguration,
) =>
  Effect.gen(function* () {
    const notifier = yield* Notifier
    for (const command of commands) {
      if (command.type !== "NotifyBeneficiary") continue
      const notification = Notification.paymentNotification(command)
      if (notification !== undefined)
        yield* notifier.send(Notification.render(configuration.notificationTemplates, notification))
    }
  })

// A status check that found nothing new: the PI, its version and history
// stay as they are, and no expense, SMS or audit record follows; the check
// itself is recorded outside the PI, for the planner (PI-P-1).
const recordNothingNew = (loaded: PaymentInstruction, applied: StatusMachine.NothingNew, at: DateTime.Utc) =>
  Effect.gen(function* () {
    yield* PaymentInstructionChecks.record({
      tenantId: loaded.tenantId,
      paymentInstructionNumber: loaded.number,
      service: applied.transition.service,
      at,
    })
    const report: CallReport = {
      service: applied.transition.service,
      paymentInstruction: loaded,
      event: applied.event.type,
      message: applied.message,
      anomalies: [],
    }
    return report
  })

const applyExchange = (
  loaded: PaymentInstruction,
  prepared: {
    readonly paymentInstruction: PaymentInstruction
    readonly appended: ReadonlyArray<HistoryEntry>
  },
  exchange: Parameters<typeof StatusMachine.transition>[2]["exchange"],
  configuration: TenantConfiguration,
  actor: string,
) =>
  Effect.gen(function* () {
    const at = yield* BusinessClock.currentInstant
    const applied = yield* Effect.fromResult(
      StatusMachine.apply(machine, prepared.paymentInstruction, { exchange, at }),
    )
    if (applied._tag === "NothingNew") {
      assert(prepared.appended.length === 0, "only a push prepares history entries, and a push is recorded")
      return yield* recordNothingNew(loaded, applied, at)
    }
    // DB-5: the fund register entries, the PI's new state with its history
    // and the SMS (outbox) messages commit together or not at all; the JIT
    // call itself is already over, outside the transaction.
    yield* UnitOfWork.transaction(
      Effect.gen(function* () {
        yield* runFundCommands(applied.commands, configuration.timeZone)
        yield* PaymentInstructionRepository.updateAppending(applied.paymentInstruction, {
          expectedVersion: loaded.version,
          appended: [...prepared.appended, applied.entry],
        })
        yield* sendNotifications(applied.commands, configuration)
        yield* AuditLog.append({
          tenantId: loaded.tenantId,
          actor,
          action: `JIT_${exchange._tag}_${applied.entry.event}`,
          subject: loaded.number,
          at,
          details: { from: loaded.status, to: applied.paymentInstruction.status, message: applied.message },
        })
      }),
    )
    const report: CallReport = {
      service: exchange._tag,
      paymentInstruction: applied.paymentInstruction,
      event: applied.entry.event,
      message: applied.message,
      anomalies: applied.entry.anomalies,
    }
    return report
  })

const isSameSanction = (left: SanctionUsed | undefined, right: SanctionUsed): boolean =>
  left !== undefined &&
  left.sanctionId === right.sanctionId &&
  left.headOfAccount === right.headOfAccount &&
  left.financialYear === right.financialYear &&
  left.ssuAllotmentId === right.ssuAllotmentId &&
  left.allotmentSerialNumber === right.allotmentSerialNumber

const fundsForPush = (pi: PaymentInstruction, configuration: TenantConfiguration) =>
  Effect.gen(function* () {
    if (pi.kind === "revised")
      return { paymentInstruction: pi, appended: [], funds: { status: "notRequired" } as FundsCheck }
    // The sanctions' balances, not their transactions: a push costs the same
    // however many expenses the register already holds (NFR-5).
    const reuses = pi.status === "Pending" && pi.header.sanction !== undefined
    if (reuses && pi.header.sanction !== undefined) {
      const sanctionId = pi.header.sanction.sanctionId
      const balances = yield* FundRegisterBook.balances(pi.tenantId, { sanctionId })
      const isCovered = FundRegister.balanceCovers(
        balances.find((balance) => balance.sanctionId === sanctionId),
        pi.header.grossAmount,
      )
      return {
        paymentInstruction: pi,
        appended: [],
        funds: (isCovered ? { status: "covered" } : { status: "insufficient", sanctionId }) as FundsCheck,
      }
    }
    const financialYear = yield* BusinessClock.currentFinancialYear(configuration.timeZone)
    // A sanction's transactions are all listed in its financial year, the
    // only year whose sanctions are candidates.
    const chosen = FundRegister.chooseSanctionByBalance({
      headsOfAccountOrder: configuration.headsOfAccountOrder,
      sanctions: yield* FundRegisterBook.sanctions(pi.tenantId, { financialYear }),
      balances: yield* FundRegisterBook.balances(pi.tenantId, { financialYear }),
      financialYear,
      grossAmount: pi.header.grossAmount,
    })
    if (chosen === undefined)
      return { paymentInstruction: pi, appended: [], funds: { status: "insufficient" } as FundsCheck }
    if (isSameSanction(pi.header.sanction, chosen))
      return { paymentInstruction: pi, appended: [], funds: { status: "covered" } as FundsCheck }
    const entry: SanctionChosen = {
      _tag: "SanctionChosen",
      at: yield* BusinessClock.currentInstant,
      sanction: chosen,
    }
    return {
      paymentInstruction: withSanction(pi, chosen),
      appended: [entry],
      funds: { status: "covered" } as FundsCheck,
    }
  })

const pushLocked = (
  tenantId: TenantId,
  paymentInstructionNumber: string,
  configuration: TenantConfiguration,
  locked: Locked,
) =>
  Effect.gen(function* () {
    const loaded = yield* load(tenantId, paymentInstructionNumber)
    yield* checkVersion(loaded, locked.expectedVersion)
    const service = loaded.kind === "original" ? "PI" : "COR"
    yield* Effect.fromResult(StatusMachine.checkCall(machine, loaded, service))
    const prepared = yield* fundsForPush(loaded, configuration)
    yield* Effect.fromResult(
      validate(prepared.paymentInstruction, {
        jitCodes: configuration.jitCodes,
        funds: prepared.funds,
        isNumberTaken: false,
        scale: configuration.roundingScales.paymentInstructionAmount,
        ...(loaded.origin._tag === "Revision"
          ? { original: yield* load(tenantId, loaded.origin.originalNumber) }
          : {}),
      }),
    )
    const request = requestFor(service, prepared.paymentInstruction, {
      jitCodes: configuration.jitCodes,
      scale: configuration.roundingScales.paymentInstructionAmount,
    })
    const exchange = yield* JitGateway.exchange(tenantId, request)
    return yield* applyExchange(loaded, prepared, exchange, configuration, locked.actor)
  })

const leaseFor = (tenantId: TenantId, subject: string, options: CallOptions) =>
  Effect.map(holderOf(options), (holder) => ({
    tenantId,
    subject,
    holder,
    durationMs: leaseDurationMsDefault,
  }))

/**
 * Pushes a PI (PI-S-1, PI-S-2, PI-S-7): an original PI with the PI service
 * (from New, Pending, or Declined by a JIT error), a revised PI with COR.
 * The PI keeps its number on every push.
 *
 * @since 0.1.0
 * @category constructors
 */
export const push = Effect.fn("Payments.push")(function* (
  request: { readonly tenantId: TenantId; readonly paymentInstructionNumber: string },
  options: CallOptions = {},
) {
  const configuration = yield* configurationOf(request.tenantId)
  const current = yield* load(request.tenantId, request.paymentInstructionNumber)
  yield* checkVersion(current, options.expectedVersion)
  yield* Effect.fromResult(
    StatusMachine.checkCall(machine, current, current.kind === "original" ? "PI" : "COR"),
  )
  const lease = yield* leaseFor(request.tenantId, current.number, options)
  return yield* withLease(
    lease,
    pushLocked(request.tenantId, current.number, configuration, lockedOf(options, lease.holder)),
  )
})

const pollLocked = (
  request: {
    readonly tenantId: TenantId
    readonly paymentInstructionNumber: string
    readonly service: PaymentInstructionService
    readonly voucherDate?: string
  },
  configuration: TenantConfiguration,
  locked: Locked,
) =>
  Effect.gen(function* () {
    const loaded = yield* load(request.tenantId, request.paymentInstructionNumber)
    yield* checkVersion(loaded, locked.expectedVersion)
    yield* Effect.fromResult(StatusMachine.checkCall(machine, loaded, request.service))
    const today = yield* BusinessClock.today(configuration.timeZone)
    const voucherDate = request.voucherDate ?? PollPlanner.voucherDatesToWatch(loaded, today)[0]
    const tagged = requestFor(request.service, loaded, {
      jitCodes: configuration.jitCodes,
      scale: configuration.roundingScales.paymentInstructionAmount,
      ...(voucherDate === undefined ? {} : { voucherDate }),
    })
    const exchange = yield* JitGateway.exchange(request.tenantId, tagged)
    return yield* applyExchange(
      loaded,
      { paymentInstruction: loaded, appended: [] },
      exchange,
      configuration,
      locked.actor,
    )
  })

/**
 * Calls one service for a PI (PI-S-3..PI-S-8): PIS, PAG, PD, FD (for one
 * voucher date; the first date still watched when none is given), FTPS or
 * FTFPS. A push service is delegated to `push`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const poll = Effect.fn("Payments.poll")(function* (
  request: {
    readonly tenantId: TenantId
    readonly paymentInstructionNumber: string
    readonly service: PaymentInstructionService
    readonly voucherDate?: string
  },
  options: CallOptions = {},
) {
  if (request.service === "PI" || request.service === "COR") return yield* push(request, options)
  const configuration = yield* configurationOf(request.tenantId)
  const current = yield* load(request.tenantId, request.paymentInstructionNumber)
  yield* checkVersion(current, options.expectedVersion)
  yield* Effect.fromResult(StatusMachine.checkCall(machine, current, request.service))
  const lease = yield* leaseFor(request.tenantId, current.number, options)
  return yield* withLease(lease, pollLocked(request, configuration, lockedOf(options, lease.holder)))
})

/**
 * Formats an instant as JIT's local date-time, `yyyy-MM-dd HH:mm:ss`, in the
 * tenant's zone (JIT-W-6, TIME-1).
 *
 * @since 0.1.0
 * @category conversions
 */
export const toJitDateTime = (instant: DateTime.Utc, timeZone: TimeZone): string => {
  const local = new TZDate(DateTime.toEpochMillis(instant), timeZone)
  const pad = (value: number) => String(value).padStart(2, "0")
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}`
}

const ingestLocked = (tenantId: TenantId, headOfAccount: string, configuration: TenantConfiguration) =>
  Effect.gen(function* () {
    const timeZone = configuration.timeZone
    const at = yield* BusinessClock.currentInstant
    const fallback = FinancialYear.startInstant(FinancialYear.ofInstant(at, timeZone), timeZone)
    const cursor = Option.getOrElse(
      yield* FundRegisterBook.virtualAllotmentCursor(tenantId, headOfAccount),
      () => fallback,
    )
    const outcome = yield* JitGateway.JitGateway.use((gateway) =>
      gateway.virtualAllotments(tenantId, {
        headOfAccount,
        fromDateTime: toJitDateTime(cursor, timeZone),
        ddoCode: configuration.jitCodes.ddoCode,
        granteeCode: configuration.jitCodes.granteeCode,
      }),
    )
    // JIT answering with no allotments (an empty reply) has nothing new since
    // the cursor: the cursor moves on. Any other failure keeps it, so the
    // next run asks again from the same point and nothing is lost.
    const isEmpty =
      (outcome._tag === "NoResponse" && outcome.cause === "emptyReply") ||
      (outcome._tag === "Success" && outcome.reply.length === 0)
    if (isEmpty) yield* FundRegisterBook.advanceVirtualAllotmentCursor(tenantId, headOfAccount, at)
    if (outcome._tag !== "Success" || outcome.reply.length === 0) {
      const isError = outcome._tag === "Error" || outcome._tag === "Rejected"
      const message = isError
        ? `On call of VA API: ${errorText(outcome.errors)}`
        : "On call of VA API: No response is received."
      const report: CallReport = {
        service: "VA",
        event: isError ? "ERROR" : "NO_RESPONSE",
        message,
        anomalies: [],
      }
      return report
    }
    const ingestion = FundRegister.ingest({
      tenantId,
      headOfAccount,
      rows: outcome.reply,
      existing: yield* FundRegisterBook.transactions(tenantId, { headOfAccount }),
      sanctions: yield* FundRegisterBook.sanctions(tenantId, {}),
      at,
    })
    yield* UnitOfWork.transaction(
      Effect.gen(function* () {
        yield* FundRegisterBook.addSanctions(tenantId, ingestion.sanctions)
        yield* FundRegisterBook.append(tenantId, ingestion.transactions)
        yield* FundRegisterBook.advanceVirtualAllotmentCursor(tenantId, headOfAccount, at)
      }),
    )
    const report: CallReport = {
      service: "VA",
      event: "SUCCESS",
      message: "On call of VA API: Response is received and updated successfully",
      anomalies: ingestion.anomalies,
    }
    return report
  })

/**
 * Pulls the virtual allotments of one head of account since its cursor and
 * records them in the fund register (PI-F-1). Allotments already recorded
 * are skipped; the cursor moves to this run's instant when JIT answered with
 * data or with an empty reply (nothing new), and stays when it did not answer
 * or answered with an error, so nothing is lost. With no cursor yet, the pull
 * starts at the current financial year.
 *
 * @since 0.1.0
 * @category constructors
 */
export const ingestVirtualAllotments = Effect.fn("Payments.ingestVirtualAllotments")(function* (
  request: { readonly tenantId: TenantId; readonly headOfAccount: string },
  options: CallOptions = {},
) {
  const configuration = yield* configurationOf(request.tenantId)
  const lease = yield* leaseFor(request.tenantId, `VA/${request.headOfAccount}`, options)
  return yield* withLease(lease, ingestLocked(request.tenantId, request.headOfAccount, configuration))
})

/**
 * Makes one planned call.
 *
 * @since 0.1.0
 * @category constructors
 */
type CallEffect = ReturnType<typeof ingestVirtualAllotments> | ReturnType<typeof poll>

export const performCall = (
  tenantId: TenantId,
  call: PollPlanner.PlannedCall,
  options: CallOptions = {},
): Effect.Effect<CallReport, Effect.Error<CallEffect>, Effect.Services<CallEffect>> =>
  call.service === "VA"
    ? ingestVirtualAllotments({ tenantId, headOfAccount: call.headOfAccount }, options)
    : poll(
        {
          tenantId,
          paymentInstructionNumber: call.paymentInstructionNumber,
          service: call.service,
          ...(call.voucherDate === undefined ? {} : { voucherDate: call.voucherDate }),
        },
        options,
      )

/**
 * A user's refresh of one PI (PI-P-1): the calls that apply to it now, made
 * one after another; empty when none applies (a final PI).
 *
 * @since 0.1.0
 * @category constructors
 */
export const refresh = Effect.fn("Payments.refresh")(function* (
  request: { readonly tenantId: TenantId; readonly paymentInstructionNumber: string },
  options: CallOptions = {},
) {
  const configuration = yield* configurationOf(request.tenantId)
  const current = yield* load(request.tenantId, request.paymentInstructionNumber)
  const today = yield* BusinessClock.today(configuration.timeZone)
  yield* checkVersion(current, options.expectedVersion)
  const calls = PollPlanner.refreshCalls({ machine, paymentInstruction: current, today })
  // One attempt holds each lease it takes; the version the caller saw is
  // checked by the first call, the later ones follow from it.
  const holder = yield* holderOf(options)
  return yield* Effect.forEach(calls, (call, index) =>
    performCall(request.tenantId, call, {
      holder,
      ...(options.actor === undefined ? {} : { actor: options.actor }),
      ...(index === 0 && options.expectedVersion !== undefined
        ? { expectedVersion: options.expectedVersion }
        : {}),
    }),
  )
})

/**
 * The outcome of one call of a run: its report, or why it was not made.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunEntry {
  readonly call: PollPlanner.PlannedCall
  readonly result: Result.Result<CallReport, { readonly code: string; readonly message: string }>
}

const statusesPlanned = machine.transitions
  .map((row) => row.from)
  .filter((status, index, all) => all.indexOf(status) === index)

const runEach = (tenantId: TenantId, calls: ReadonlyArray<PollPlanner.PlannedCall>, holder: string) =>
  Effect.forEach(calls, (call) =>
    Effect.map(
      Effect.result(performCall(tenantId, call, { holder })),
      (result): RunEntry => ({
        call,
        result: Result.mapError(result, (error) => ({ code: error.code, message: error.message })),
      }),
    ),
  )

// The checks that found nothing new since the start of today, local: every
// slot the planner compares with is today's, so an older check decides
// nothing.
const checksOfToday = (tenantId: TenantId, instant: DateTime.Utc, timeZone: TimeZone) =>
  Effect.gen(function* () {
    const from = PollPlanner.slotInstant({
      date: LocalDate.fromInstant(instant, timeZone),
      timeOfDay: "00:00",
      timeZone,
    })
    const found = yield* PaymentInstructionChecks.checkedSince({ tenantId, from })
    return found.map(
      (check): PollPlanner.CheckMade => ({
        paymentInstructionNumber: check.paymentInstructionNumber,
        service: check.service,
        at: check.checkedAt,
      }),
    )
  })

/**
 * The scheduled run (PI-P-1, PI-P-2): plans the calls due now and makes
 * them: VA first, then pushes one after another, then the polls of
 * different PIs concurrently (at most `jitCallsInFlightMax`), one PI's calls
 * in order. A call that fails or is refused is reported and the run goes on.
 *
 * @since 0.1.0
 * @category constructors
 */
export const runDueCalls = Effect.fn("Payments.runDueCalls")(function* (request: {
  readonly tenantId: TenantId
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const repository = yield* PaymentInstructionRepository.PaymentInstructionRepository
  const cursors = yield* Effect.forEach(configuration.headsOfAccountOrder, (head) =>
    Effect.map(FundRegisterBook.virtualAllotmentCursor(request.tenantId, head.code), (cursor) => ({
      headOfAccount: head.code,
      cursor: Option.getOrUndefined(cursor),
    })),
  )
  const instant = yield* BusinessClock.currentInstant
  const calls = PollPlanner.plan({
    machine,
    paymentInstructions: yield* AggregateStore.findAll(
      repository,
      { tenantId: request.tenantId, where: { status: statusesPlanned } },
      { itemsMax: PaymentInstructionRepository.plannedPaymentInstructionsMax },
    ),
    instant,
    timeZone: configuration.timeZone,
    schedule: configuration.jitSchedule,
    virtualAllotmentCursors: cursors,
    checks: yield* checksOfToday(request.tenantId, instant, configuration.timeZone),
  })
  const holder = yield* EntityId.make
  const isPushCall = (call: PollPlanner.PlannedCall) => call.service === "PI" || call.service === "COR"
  const allotments = yield* runEach(
    request.tenantId,
    calls.filter((call) => call.service === "VA"),
    holder,
  )
  const pushes = yield* runEach(request.tenantId, calls.filter(isPushCall), holder)
  const polls = calls.filter((call) => call.service !== "VA" && !isPushCall(call))
  const byPaymentInstruction = new Map<string, Array<PollPlanner.PlannedCall>>()
  for (const call of polls) {
    const key = call.service === "VA" ? "" : call.paymentInstructionNumber
    byPaymentInstruction.set(key, [...(byPaymentInstruction.get(key) ?? []), call])
  }
  const polled = yield* Effect.forEach(
    [...byPaymentInstruction.values()],
    (group) => runEach(request.tenantId, group, holder),
    { concurrency: jitCallsInFlightMax },
  )
  return [...allotments, ...pushes, ...polled.flat()]
})
