/**
 * Replaying a payment instruction's history (PI-S-11): the PI as created,
 * then each entry applied in order by the same functions the use cases use
 * (the status machine for JIT calls), must give the stored PI exactly. Each
 * JIT call entry also records the statuses it left; replay checks that the
 * machine still leaves the same ones, so a history that was tampered with,
 * or a machine changed under stored PIs, is reported instead of silently
 * rewriting the past.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { assert } from "../internal/assert.js"
import type { HistoryEntry, JitCalled } from "./HistoryEntry.js"
import type { BankAccount } from "./PayableBill.js"
import type { PaymentInstruction, SanctionUsed } from "./PaymentInstruction.js"
import * as StatusMachine from "./StatusMachine.js"

/**
 * A stored history does not rebuild its PI.
 *
 * @since 0.1.0
 * @category errors
 */
export class PiHistoryInvalid extends Schema.TaggedError<PiHistoryInvalid>(
  "@karya/core/payments/PiHistoryInvalid",
)("PiHistoryInvalid", {
  paymentInstructionNumber: Schema.String,
  entryIndex: Schema.Number,
  problem: Schema.String,
}) {
  static readonly code = "PI_HISTORY_INVALID"
  static readonly category = "rule"
  readonly code = PiHistoryInvalid.code
  readonly category = PiHistoryInvalid.category
  readonly retryable = false
  override get message(): string {
    return `The history of payment instruction ${this.paymentInstructionNumber} does not replay at entry ${this.entryIndex}: ${this.problem}. Report this to the administrator; the PI must not be changed until it is resolved.`
  }
}

/**
 * The PI with the sanction chosen for a push (PI-F-3), one version more.
 *
 * @since 0.1.0
 * @category constructors
 */
export const withSanction = (
  paymentInstruction: PaymentInstruction,
  sanction: SanctionUsed,
): PaymentInstruction => ({
  ...paymentInstruction,
  header: { ...paymentInstruction.header, sanction },
  version: paymentInstruction.version + 1,
})

/**
 * The PI with a beneficiary's bank account corrected, one version more;
 * `undefined` when no beneficiary has the payment id.
 *
 * @since 0.1.0
 * @category constructors
 */
export const withCorrectedAccount = (
  paymentInstruction: PaymentInstruction,
  correction: { readonly paymentId: string; readonly bankAccount: BankAccount },
): PaymentInstruction | undefined =>
  paymentInstruction.beneficiaries.some((beneficiary) => beneficiary.paymentId === correction.paymentId)
    ? {
        ...paymentInstruction,
        beneficiaries: paymentInstruction.beneficiaries.map((beneficiary) =>
          beneficiary.paymentId === correction.paymentId
            ? { ...beneficiary, bankAccount: correction.bankAccount }
            : beneficiary,
        ),
        version: paymentInstruction.version + 1,
      }
    : undefined

const sameStatuses = (entry: JitCalled, after: PaymentInstruction): string | undefined => {
  if (entry.status !== after.status)
    return `the call left status ${entry.status}, replay gives ${after.status}`
  if (entry.declineReason !== after.declineReason) return "the decline reason differs"
  const statuses = Object.fromEntries(
    after.beneficiaries.map((beneficiary) => [beneficiary.paymentId, beneficiary.status]),
  )
  return JSON.stringify(statuses) === JSON.stringify(entry.beneficiaryStatuses)
    ? undefined
    : "beneficiary statuses differ"
}

const applyCall = (
  machine: StatusMachine.StatusMachine,
  paymentInstruction: PaymentInstruction,
  entry: JitCalled,
): Result.Result<PaymentInstruction, string> => {
  const applied = StatusMachine.transition(machine, paymentInstruction, {
    exchange: entry.exchange,
    at: entry.at,
  })
  if (Result.isFailure(applied)) return Result.fail(applied.failure.message)
  const after = applied.success.paymentInstruction
  const problem =
    sameStatuses(entry, after) ??
    (applied.success.message === entry.message ? undefined : "the message differs")
  return problem === undefined ? Result.succeed(after) : Result.fail(problem)
}

/**
 * Applies one entry after the first to a PI.
 *
 * @since 0.1.0
 * @category constructors
 */
export const applyEntry = (
  machine: StatusMachine.StatusMachine,
  paymentInstruction: PaymentInstruction,
  entry: HistoryEntry,
): Result.Result<PaymentInstruction, string> => {
  switch (entry._tag) {
    case "Created":
      return Result.fail("a PI is created once, by its first entry")
    case "SanctionChosen":
      return Result.succeed(withSanction(paymentInstruction, entry.sanction))
    case "BeneficiaryCorrected": {
      const corrected = withCorrectedAccount(paymentInstruction, entry)
      return corrected === undefined
        ? Result.fail(`no beneficiary ${entry.paymentId}`)
        : Result.succeed(corrected)
    }
    case "RepaymentRaised":
      return Result.succeed({ ...paymentInstruction, version: paymentInstruction.version + 1 })
    case "JitCalled":
      return applyCall(machine, paymentInstruction, entry)
  }
}

/**
 * Rebuilds a PI from its history (PI-S-11).
 *
 * @since 0.1.0
 * @category constructors
 */
export const replay = (
  machine: StatusMachine.StatusMachine,
  history: ReadonlyArray<HistoryEntry>,
): Result.Result<PaymentInstruction, PiHistoryInvalid> => {
  const [first, ...rest] = history
  if (first === undefined || first._tag !== "Created") {
    return Result.fail(
      new PiHistoryInvalid({
        paymentInstructionNumber: "",
        entryIndex: 0,
        problem: "the first entry must create the PI",
      }),
    )
  }
  let current = first.paymentInstruction
  for (const [index, entry] of rest.entries()) {
    const next = applyEntry(machine, current, entry)
    if (Result.isFailure(next)) {
      return Result.fail(
        new PiHistoryInvalid({
          paymentInstructionNumber: current.number,
          entryIndex: index + 1,
          problem: next.failure,
        }),
      )
    }
    assert(next.success.version === current.version + 1, "each history entry adds one version")
    current = next.success
  }
  return Result.succeed(current)
}
