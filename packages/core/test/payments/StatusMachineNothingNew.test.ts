/**
 * The status machine's rule for status checks that find nothing new (issue
 * 11; PI-S-3..PI-S-6, PI-S-8 checks, PI-S-11 history): a check whose reply
 * the PI already records changes no version, appends no entry and has no
 * command; any reply that changes something is recorded exactly as the
 * recorded transition would be. PIs are drawn in every status with
 * beneficiaries consistent with it, and calls with every outcome.
 */
import { assert, describe, it } from "@effect/vitest"
import { test } from "@fast-check/vitest"
import { Config, Payments, Time } from "@karya/core"
import { jitReplies, samplePaymentInstruction } from "@karya/core/testing"
import { DateTime, Result, Schema } from "effect"
import * as fc from "fast-check"

const { StatusMachine, JitOutcome } = Payments
type Pi = Payments.PaymentInstruction.PaymentInstruction
type Service = Payments.JitService.PaymentInstructionService
type BeneficiaryStatus = Payments.Beneficiary.BeneficiaryStatus
type Exchange = Payments.JitOutcome.JitExchange

const machine = StatusMachine.paymentInstructionMachine
const at = DateTime.makeUnsafe("2024-06-12T16:30:00Z")
const seed = 20_261_207
const statusChecks: ReadonlyArray<Service> = ["PIS", "PAG", "PD", "FD", "FTPS", "FTFPS"]
const isStatusCheck = (service: Service): boolean => statusChecks.includes(service)

const original = samplePaymentInstruction({
  tenantId: Config.TenantId.makeUnsafe("od.dhenkanal"),
  number: "PI-DK/2024-25/000001",
  billId: "bill-1",
  paymentIds: ["BN-DK/000001", "BN-DK/000002"],
})
const sanction = {
  sanctionId: "920",
  headOfAccount: "221705789358641045908",
  financialYear: Time.FinancialYear.makeUnsafe("2024-25"),
  ssuAllotmentId: "937",
  allotmentSerialNumber: "10",
}
const revised: Pi = {
  ...original,
  kind: "revised",
  origin: {
    _tag: "Revision",
    originalNumber: original.number,
    originalDate: original.date,
    originalBillReference: "202411171279",
    failedNumber: original.number,
    failedBillReference: "202411171279",
  },
}
const payment = {
  voucherNumber: "22171",
  voucherDate: "2024-06-13",
  utrNumber: "RBI504",
  utrDate: "2024-06-13",
  endToEndId: "EP1",
}
const failure = {
  failureReason: "Account does not exist",
  challanNumber: "86581",
  challanDate: "2024-06-16",
  utrNumber: "RBI504",
}
const advice = {
  financialYear: "2024",
  adviceId: "38",
  adviceDate: "2024-06-12",
  onlineBillReference: "202411171279",
  tokenNumber: "4",
  tokenDate: "2024-06-12",
}

// The beneficiary statuses a PI of a kind and status can have after a
// consistent life, each a choice per beneficiary.
const beneficiaryChoices = (
  kind: Pi["kind"],
  status: Pi["status"],
  declineReason: Pi["declineReason"],
): ReadonlyArray<BeneficiaryStatus> => {
  switch (status) {
    case "New":
    case "Pending":
      return ["PaymentPending"]
    case "Declined":
      if (declineReason === "jitError") return ["PaymentPending"]
      return kind === "original" ? ["PaymentInitiated"] : ["PaymentInProcess"]
    case "Initiated":
    case "Approved":
      return ["PaymentInitiated"]
    case "Rejected":
      return ["NotApplicable"]
    case "InProcess":
      return ["PaymentInProcess", "PaymentSuccessful"]
    case "Completed":
      return ["PaymentSuccessful", "PaymentFailed"]
  }
}

const withBeneficiary = (beneficiary: Pi["beneficiaries"][number], status: BeneficiaryStatus) => {
  if (status === "PaymentSuccessful") return { ...beneficiary, status, payment }
  if (status === "PaymentFailed") return { ...beneficiary, status, payment, failure }
  return { ...beneficiary, status }
}

const piArbitrary: fc.Arbitrary<Pi> = fc
  .record({
    kind: fc.constantFrom("original" as const, "revised" as const),
    status: fc.constantFrom(...Payments.PaymentInstruction.PiStatus.literals),
    declineReason: fc.constantFrom("jitError" as const, "duplicate" as const),
    picks: fc.tuple(fc.nat(), fc.nat()),
    treasuryBill: fc.boolean(),
  })
  .filter(
    ({ kind, status }) => kind === "original" || !["Initiated", "Approved", "Rejected"].includes(status),
  )
  .map(({ kind, status, declineReason, picks, treasuryBill }): Pi => {
    const base = kind === "original" ? { ...original, header: { ...original.header, sanction } } : revised
    const reason = status === "Declined" ? declineReason : undefined
    const choices = beneficiaryChoices(kind, status, reason)
    const statuses = picks.map((pick) => choices[pick % choices.length] ?? "PaymentPending")
    // An In Process PI has someone still in process (else it is Completed).
    if (status === "InProcess" && !statuses.includes("PaymentInProcess")) statuses[0] = "PaymentInProcess"
    const isAdvised = kind === "original" && ["InProcess", "Completed"].includes(status)
    const { declineReason: _, ...rest } = base
    return {
      ...rest,
      ...(reason === undefined ? {} : { declineReason: reason }),
      status,
      beneficiaries: base.beneficiaries.map((beneficiary, index) =>
        withBeneficiary(beneficiary, statuses[index] ?? "PaymentPending"),
      ),
      references: {
        ...(["Approved", "InProcess", "Completed"].includes(status) && kind === "original"
          ? { jitPaymentInstructionId: "858", jitPaymentInstructionDate: "2024-06-11 16:03:04" }
          : {}),
        ...(isAdvised ? { advice } : {}),
        ...(kind === "revised" && (status === "Completed" || treasuryBill)
          ? { treasuryBill: { billReference: "202411239244", tokenNumber: "35", tokenDate: "2024-06-20" } }
          : {}),
      },
    }
  })

const outcomeKinds = ["noResponse", "error", "duplicate", "rejected", "success"] as const

interface CallChoice {
  readonly service: Service
  readonly outcome: (typeof outcomeKinds)[number]
  /** Which of the PI's beneficiaries a payment or failure reply names. */
  readonly named: ReadonlyArray<number>
  readonly unknown: boolean
  readonly otherPisRowsOnly: boolean
}

const callArbitrary: fc.Arbitrary<CallChoice> = fc.record({
  service: fc.constantFrom(...Payments.JitService.paymentInstructionServices),
  outcome: fc.constantFrom(...outcomeKinds),
  named: fc.subarray([0, 1]),
  unknown: fc.boolean(),
  otherPisRowsOnly: fc.boolean(),
})

// Status checks answered with anything but a JIT error, naming only the
// PI's own beneficiaries.
const checkArbitrary: fc.Arbitrary<CallChoice> = fc.record({
  service: fc.constantFrom(...statusChecks),
  outcome: fc.constantFrom("noResponse" as const, "rejected" as const, "success" as const),
  named: fc.subarray([0, 1]),
  unknown: fc.constant(false),
  otherPisRowsOnly: fc.boolean(),
})

const exchangeOf = (pi: Pi, call: CallChoice): Exchange => {
  const named = [
    ...call.named.map((index) => pi.beneficiaries[index]?.paymentId ?? ""),
    ...(call.unknown ? ["BN-DK/999999"] : []),
  ]
  const voucher = {
    voucherNumber: "22180",
    voucherDate: "2024-06-14",
    billReference: "202411239244",
    tokenNumber: "35",
    tokenDate: "2024-06-20",
  }
  const failed = {
    failureReason: "Account does not exist",
    challanNumber: "86581",
    challanDate: "2024-06-16",
  }
  const failures = call.otherPisRowsOnly
    ? [{ billNumber: "PI-DK/2024-25/999999", billReference: "OTHER", beneficiaries: [] }]
    : jitReplies.failed(pi, named, failed)
  const success = {
    PI: () => JitOutcome.success(jitReplies.acknowledgement(pi)),
    COR: () => JitOutcome.success(jitReplies.acknowledgement(pi)),
    PIS: () =>
      JitOutcome.success(
        jitReplies.instructionStatus(pi, {
          jitPaymentInstructionId: "858",
          jitPaymentInstructionDate: "2024-06-11 16:03:04",
        }),
      ),
    PAG: () => JitOutcome.success(jitReplies.advice(pi, advice)),
    PD: () => JitOutcome.success(jitReplies.paid(pi, named, voucher)),
    FTPS: () => JitOutcome.success(jitReplies.paid(pi, named, voucher)),
    FD: () => JitOutcome.success(failures),
    FTFPS: () => JitOutcome.success(failures),
  }
  const outcome = {
    noResponse: () => JitOutcome.noResponse("emptyReply", ""),
    error: () => JitOutcome.error([{ code: "TR9999", message: "Internal error" }]),
    duplicate: () => JitOutcome.error([{ code: "PV0073", message: "Duplicate Payment Information Id" }]),
    rejected: () => JitOutcome.rejected([{ code: "", message: `This Bill Number ${pi.number} is rejected` }]),
    success: success[call.service],
  }[call.outcome]()
  return { _tag: call.service, request: { billNumber: pi.number } as never, outcome } as Exchange
}

// A reply that repeats what the PI records: no response, or a payment or
// failure reply naming exactly the beneficiaries already paid or failed.
const echoOf = (pi: Pi, service: Service, kind: "noResponse" | "reply"): Exchange => {
  const indexes = (status: BeneficiaryStatus) =>
    pi.beneficiaries.flatMap((beneficiary, index) => (beneficiary.status === status ? [index] : []))
  const named =
    service === "FD" || service === "FTFPS" ? indexes("PaymentFailed") : indexes("PaymentSuccessful")
  // An FTPS reply also carries the revised PI's treasury bill: it repeats the
  // PI only once the PI has it.
  const isPaymentReply =
    ["PD", "FD", "FTFPS"].includes(service) ||
    (service === "FTPS" && pi.references.treasuryBill !== undefined)
  return exchangeOf(pi, {
    service,
    outcome: kind === "reply" && isPaymentReply ? "success" : "noResponse",
    named,
    unknown: false,
    otherPisRowsOnly: false,
  })
}

describe("StatusMachine: status checks that find nothing new", () => {
  it("PI-S-11 PI-S-10: the rule is data: status checks skip a call that is nothing new; pushes and JIT errors are always recorded", () => {
    for (const row of machine.transitions) {
      const expected = isStatusCheck(row.service) && row.event !== "ERROR" ? "skip" : "record"
      assert.strictEqual(row.whenNothingNew, expected, `${row.service} from ${row.from} on ${row.event}`)
    }
    const encoded = Schema.encodeSync(StatusMachine.StatusMachine)(machine)
    const skippingPush = {
      ...encoded,
      transitions: encoded.transitions.map((row) => ({ ...row, whenNothingNew: "skip" })),
    }
    assert.throws(() => Schema.decodeUnknownSync(StatusMachine.StatusMachine)(skippingPush))
  })

  test.prop([piArbitrary, checkArbitrary], { seed, numRuns: 400 })(
    "PI-S-3 PI-S-4 PI-S-5 PI-S-6 PI-S-8: a status check applied twice changes nothing the second time (idempotent)",
    (pi, call) => {
      const exchange = exchangeOf(pi, call)
      // JIT errors are always recorded (PI-S-11), and so are anomalies (JIT-W-8).
      fc.pre(isStatusCheck(call.service) && StatusMachine.eventOf(exchange).type !== "ERROR" && !call.unknown)
      const first = StatusMachine.apply(machine, pi, { exchange, at })
      fc.pre(Result.isSuccess(first))
      const once = Result.getOrThrow(first).paymentInstruction
      const second = StatusMachine.apply(machine, once, { exchange, at })
      if (Result.isFailure(second)) {
        assert.strictEqual(second.failure.code, "PI_INVALID_TRANSITION", "the PI moved past the service")
        return
      }
      const applied = Result.getOrThrow(second)
      assert.strictEqual(applied._tag, "NothingNew")
      assert.strictEqual(applied.paymentInstruction, once, "the very same PI")
    },
  )

  test.prop([piArbitrary, fc.constantFrom("noResponse" as const, "reply" as const)], { seed, numRuns: 300 })(
    "PI-S-3 PI-S-4 PI-S-5 PI-S-6 PI-S-8: for any PI, a check whose reply equals what it records yields no new version, no history entry and no command",
    (pi, kind) => {
      for (const service of StatusMachine.allowedServices(machine, pi).filter(isStatusCheck)) {
        const exchange = echoOf(pi, service, kind)
        const applied = Result.getOrThrow(StatusMachine.apply(machine, pi, { exchange, at }))
        assert.strictEqual(applied._tag, "NothingNew", `${service} on a ${pi.kind} ${pi.status} PI`)
        assert.strictEqual(applied.paymentInstruction, pi)
        assert.notProperty(applied, "entry")
        assert.notProperty(applied, "commands")
        // The recorded transition would have added a version: the skip is the rule's.
        const recorded = Result.getOrThrow(StatusMachine.transition(machine, pi, { exchange, at }))
        assert.strictEqual(recorded.paymentInstruction.version, pi.version + 1)
      }
    },
  )

  test.prop([piArbitrary, callArbitrary], { seed, numRuns: 400 })(
    "PI-S-1..PI-S-8 PI-S-11: a call that changes anything, a push, a JIT error or an anomaly is recorded exactly as the transition says",
    (pi, call) => {
      const exchange = exchangeOf(pi, call)
      const applied = StatusMachine.apply(machine, pi, { exchange, at })
      const transitioned = StatusMachine.transition(machine, pi, { exchange, at })
      assert.strictEqual(Result.isSuccess(applied), Result.isSuccess(transitioned))
      if (Result.isFailure(applied) || Result.isFailure(transitioned)) return
      const result = Result.getOrThrow(applied)
      const recorded = Result.getOrThrow(transitioned)
      const mustRecord =
        !isStatusCheck(call.service) ||
        recorded.entry.event === "ERROR" ||
        recorded.entry.anomalies.length > 0 ||
        !StatusMachine.isSameRecord(pi, recorded.paymentInstruction)
      assert.strictEqual(result._tag, mustRecord ? "Recorded" : "NothingNew")
      if (result._tag === "Recorded") {
        const { _tag: _, ...rest } = result
        assert.deepStrictEqual(rest, recorded)
      }
    },
  )

  it("PI-S-6: a failure reported for the first time is recorded with its SMS; reported again it is nothing new", () => {
    const completed: Pi = {
      ...original,
      header: { ...original.header, sanction },
      status: "Completed",
      references: { advice },
      beneficiaries: original.beneficiaries.map((beneficiary) =>
        withBeneficiary(beneficiary, "PaymentSuccessful"),
      ),
    }
    const call: CallChoice = {
      service: "FD",
      outcome: "success",
      named: [1],
      unknown: false,
      otherPisRowsOnly: false,
    }
    const first = Result.getOrThrow(
      StatusMachine.apply(machine, completed, { exchange: exchangeOf(completed, call), at }),
    )
    assert.strictEqual(first._tag, "Recorded")
    if (first._tag !== "Recorded") return
    assert.strictEqual(first.paymentInstruction.version, completed.version + 1)
    assert.deepStrictEqual(
      first.commands.map((command) => command.type),
      ["NotifyBeneficiary"],
    )
    const again = Result.getOrThrow(
      StatusMachine.apply(machine, first.paymentInstruction, { exchange: exchangeOf(completed, call), at }),
    )
    assert.strictEqual(again._tag, "NothingNew")
    const quiet = Result.getOrThrow(
      StatusMachine.apply(machine, completed, {
        exchange: exchangeOf(completed, { ...call, otherPisRowsOnly: true }),
        at,
      }),
    )
    assert.strictEqual(quiet._tag, "NothingNew", "a day's rows that are all of other PIs")
  })
})
