import { assert, describe, it } from "@effect/vitest"
import { Config, Ids, Money, Payments, Time } from "@karya/core"
import { jitReplies } from "@karya/core/testing"
import { DateTime, Result, Schema } from "effect"

const { StatusMachine, JitOutcome, PaymentInstruction, JitCodes } = Payments
type Pi = Payments.PaymentInstruction.PaymentInstruction
type Row = Payments.StatusMachine.Transition
type BeneficiaryStatus = Payments.Beneficiary.BeneficiaryStatus

const machine = StatusMachine.paymentInstructionMachine
const at = DateTime.makeUnsafe("2024-06-12T16:30:00Z")
const sanction = {
  sanctionId: "920",
  headOfAccount: "221705789358641045908",
  financialYear: Time.FinancialYear.makeUnsafe("2024-25"),
  ssuAllotmentId: "937",
  allotmentSerialNumber: "10",
}
const advice = {
  financialYear: "2024",
  adviceId: "38",
  adviceDate: "2024-06-12",
  onlineBillReference: "202411171279",
  tokenNumber: "4",
  tokenDate: "2024-06-12",
}
const treasuryBill = { billReference: "202411239244", tokenNumber: "35", tokenDate: "2024-06-20" }
const payment = {
  voucherNumber: "22171",
  voucherDate: "2024-06-13",
  utrNumber: "RBI504",
  utrDate: "2024-06-13",
  endToEndId: "EP1",
}

const basePi = (kind: "original" | "revised"): Pi =>
  PaymentInstruction.build({
    id: Ids.EntityId.makeUnsafe("0f8fad5b-d9cb-469f-a165-70867728950e"),
    tenantId: Config.TenantId.makeUnsafe("od.dhenkanal"),
    number: Ids.HumanNumber.makeUnsafe(kind === "original" ? "PI-DK/2024-25/000001" : "PI-DK/2024-25/000002"),
    date: Time.LocalDate.makeUnsafe("2024-06-10"),
    bill: {
      billId: "bill-1",
      billNumber: "WB/2024-25/000012",
      billType: "wage",
      workOrderNumber: "WO/2024-25/000051",
    },
    origin:
      kind === "original"
        ? { _tag: "Bill" }
        : {
            _tag: "Revision",
            originalNumber: Ids.HumanNumber.makeUnsafe("PI-DK/2024-25/000001"),
            originalDate: Time.LocalDate.makeUnsafe("2024-06-10"),
            originalBillReference: "202411171279",
            failedNumber: Ids.HumanNumber.makeUnsafe("PI-DK/2024-25/000001"),
            failedBillReference: "202411171279",
          },
    jitCodes: JitCodes.muktaJitCodes({
      ddoCode: "OLSHUD001",
      granteeCode: "GOHUDULBMPL0036",
      ssuId: "1621",
    }),
    grossAmount: Money.Amount.makeUnsafe("600"),
    purpose: "WB/2024-25/000012",
    beneficiaries: ["100", "200", "300"].map((amount, index) => ({
      paymentId: Ids.HumanNumber.makeUnsafe(`BN-DK/00000${index + 1}`),
      draft: {
        payeeKind: "individual" as const,
        name: `Wage Seeker ${index + 1}`,
        bankAccount: {
          accountNumber: `10000000000${index + 1}`,
          ifsc: "SBIN0000041",
          accountType: "Saving" as const,
        },
        mobile: `987654321${index + 1}`,
        address: "Ward 3",
        amount: Money.Amount.makeUnsafe(amount),
        purpose: "MR/2024-25/000030",
        billLines: [
          { lineId: `line-${index}`, payeeId: `IND-${index}`, amount: Money.Amount.makeUnsafe(amount) },
        ] as const,
      },
    })),
  })

// The beneficiaries a PI in the row's status has (a consistent life so far).
const statusesBefore = (row: Row): ReadonlyArray<BeneficiaryStatus> => {
  switch (row.from) {
    case "New":
    case "Pending":
      return ["PaymentPending", "PaymentPending", "PaymentPending"]
    case "Declined":
      if (row.guard !== "declinedAsDuplicate") return ["PaymentPending", "PaymentPending", "PaymentPending"]
      return row.kind === "original"
        ? ["PaymentInitiated", "PaymentInitiated", "PaymentInitiated"]
        : ["PaymentInProcess", "PaymentInProcess", "PaymentInProcess"]
    case "Initiated":
    case "Approved":
      return ["PaymentInitiated", "PaymentInitiated", "PaymentInitiated"]
    case "InProcess":
      return row.kind === "original" || row.service !== "FTPS"
        ? ["PaymentSuccessful", "PaymentInProcess", "PaymentInProcess"]
        : ["PaymentSuccessful", "PaymentInProcess", "PaymentInProcess"]
    default:
      return ["PaymentSuccessful", "PaymentSuccessful", "PaymentFailed"]
  }
}

const piFor = (row: Row): Pi => {
  const base = basePi(row.kind)
  const before = statusesBefore(row)
  const hasAdvice = ["InProcess", "Completed"].includes(row.from) && row.kind === "original"
  return {
    ...base,
    status: row.from,
    ...(row.from === "Declined"
      ? { declineReason: row.guard === "declinedAsDuplicate" ? "duplicate" : "jitError" }
      : {}),
    header: row.kind === "original" ? { ...base.header, sanction } : base.header,
    references: {
      ...(["Approved", "InProcess", "Completed"].includes(row.from)
        ? { jitPaymentInstructionId: "858", jitPaymentInstructionDate: "2024-06-11 16:03:04" }
        : {}),
      ...(hasAdvice ? { advice } : {}),
      ...(row.kind === "revised" && row.from === "Completed" ? { treasuryBill } : {}),
    },
    beneficiaries: base.beneficiaries.map((beneficiary, index) => {
      const status = before[index] ?? "PaymentPending"
      return status === "PaymentSuccessful" || status === "PaymentFailed"
        ? { ...beneficiary, status, payment }
        : { ...beneficiary, status }
    }),
  }
}

// Which beneficiaries a success reply names, by index.
const namedFor = (row: Row): ReadonlyArray<number> => {
  if (row.beneficiaries === "markNamedFailed") return [0]
  if (row.completion === "someInProcess") return [1]
  return [0, 1, 2]
}

const exchangeFor = (row: Row, pi: Pi): Payments.JitOutcome.JitExchange => {
  const named = namedFor(row).map((index) => pi.beneficiaries[index]?.paymentId ?? "")
  const outcome = (() => {
    switch (row.event) {
      case "NO_RESPONSE":
        return JitOutcome.noResponse("timeout", "no reply in 30 s")
      case "ERROR":
        return JitOutcome.error([
          { code: "TV0003", message: "Invalid creditor IFSC for BenefId BN-DK/000002" },
        ])
      case "DUPLICATE":
        return JitOutcome.error([{ code: "PV0073", message: "Duplicate Payment Information Id" }])
      case "REJECTED":
        return JitOutcome.rejected([
          { code: "", message: `This Bill Number ${pi.number} is rejected by SSU angul_op` },
        ])
      case "SUCCESS":
        return undefined
    }
  })()
  const voucher = {
    voucherNumber: "22180",
    voucherDate: "2024-06-14",
    billReference: "202411239244",
    tokenNumber: "35",
    tokenDate: "2024-06-20",
  }
  const replies = {
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
    FD: () =>
      JitOutcome.success(
        jitReplies.failed(pi, named, {
          failureReason: "Account does not exist",
          challanNumber: "86581",
          challanDate: "2024-06-16",
        }),
      ),
    FTFPS: () =>
      JitOutcome.success(
        jitReplies.failed(pi, named, {
          failureReason: "Account does not exist",
          challanNumber: "86581",
          challanDate: "2024-06-16",
        }),
      ),
  }
  const request = { billNumber: pi.number } as never
  return {
    _tag: row.service,
    request,
    outcome: outcome ?? replies[row.service](),
  } as Payments.JitOutcome.JitExchange
}

const expectedStatuses = (
  row: Row,
  before: ReadonlyArray<BeneficiaryStatus>,
): ReadonlyArray<BeneficiaryStatus> => {
  const named = new Set(namedFor(row))
  switch (row.beneficiaries) {
    case "unchanged":
      return before
    case "setPaymentPending":
      return before.map(() => "PaymentPending")
    case "setPaymentInitiated":
      return before.map(() => "PaymentInitiated")
    case "setPaymentInProcess":
      return before.map(() => "PaymentInProcess")
    case "setNotApplicable":
      return before.map(() => "NotApplicable")
    case "markNamedSuccessful":
      return before.map((status, index) => (named.has(index) ? "PaymentSuccessful" : status))
    case "markNamedFailed":
      return before.map((status, index) => (named.has(index) ? "PaymentFailed" : status))
  }
}

const messageFor = (row: Row): string => {
  const text = {
    ERROR: "Invalid creditor IFSC for BenefId BN-DK/000002",
    DUPLICATE: "Duplicate Payment Information Id",
    REJECTED: "This Bill Number PI-DK/2024-25/000001 is rejected by SSU angul_op",
  }
  if (row.message === "noResponse") return `On call of ${row.service} API: No response is received.`
  if (row.message === "updated")
    return `On call of ${row.service} API: Response is received and updated successfully`
  return `On call of ${row.service} API: ${row.event === "NO_RESPONSE" || row.event === "SUCCESS" ? "" : text[row.event]}`
}

const rowName = (row: Row): string =>
  `${row.rule}: ${row.kind} ${row.service} from ${row.from}${row.guard ? ` (${row.guard})` : ""} on ${row.event}${row.completion ? ` with ${row.completion}` : ""} → ${row.to}, beneficiaries ${row.beneficiaries}, funds ${row.funds}`

describe("StatusMachine table", () => {
  it("PI-S-10: the table is checked data: decoding its encoding gives it back", () => {
    const encoded = Schema.encodeSync(StatusMachine.StatusMachine)(machine)
    assert.deepStrictEqual(Schema.decodeUnknownSync(StatusMachine.StatusMachine)(encoded), machine)
    assert.isAtLeast(machine.transitions.length, 50)
  })

  it("PI-S-10: a table with two rows for one call is refused when decoded", () => {
    const [first] = machine.transitions
    const encoded = Schema.encodeSync(StatusMachine.StatusMachine)(machine)
    const broken = { ...encoded, transitions: [...encoded.transitions, encoded.transitions[0]] }
    assert.isDefined(first)
    assert.throws(() => Schema.decodeUnknownSync(StatusMachine.StatusMachine)(broken))
    const guardless = {
      ...encoded,
      transitions: encoded.transitions.map((row) => ({ ...row, completion: undefined })),
    }
    assert.throws(() =>
      Schema.decodeUnknownSync(StatusMachine.StatusMachine)(JSON.parse(JSON.stringify(guardless))),
    )
    const wrongDecline = {
      ...encoded,
      transitions: encoded.transitions.map((row) => ({ ...row, declineReason: "duplicate" })),
    }
    assert.throws(() => Schema.decodeUnknownSync(StatusMachine.StatusMachine)(wrongDecline))
  })

  for (const row of machine.transitions) {
    it(rowName(row), () => {
      const before = piFor(row)
      const result = StatusMachine.transition(machine, before, { exchange: exchangeFor(row, before), at })
      assert.isTrue(Result.isSuccess(result), "the row applies")
      const applied = Result.getOrThrow(result)
      const after = applied.paymentInstruction
      assert.deepStrictEqual(applied.transition, row)
      assert.strictEqual(after.status, row.to)
      assert.strictEqual(after.declineReason, row.declineReason)
      assert.deepStrictEqual(
        after.beneficiaries.map((beneficiary) => beneficiary.status),
        expectedStatuses(
          row,
          before.beneficiaries.map((beneficiary) => beneficiary.status),
        ),
      )
      assert.strictEqual(after.number, before.number)
      assert.strictEqual(after.version, before.version + 1)
      const funds = applied.commands.filter((command) => command.type !== "NotifyBeneficiary")
      const expectedFunds = { none: [], bookExpense: ["BookExpense"], reverseExpense: ["ReverseExpense"] }[
        row.funds
      ]
      assert.deepStrictEqual(
        funds.map((command) => command.type),
        expectedFunds,
      )
      for (const command of applied.commands) {
        if (command.type !== "NotifyBeneficiary")
          assert.strictEqual(Money.Amount.toCanonicalString(command.amount), "600")
      }
      assert.strictEqual(applied.message, messageFor(row))
      assert.strictEqual(applied.entry.message, applied.message)
      assert.strictEqual(applied.entry.event, row.event)
      const notified = applied.commands.flatMap((command) =>
        command.type === "NotifyBeneficiary" ? [command.kind] : [],
      )
      const newlyPaid = after.beneficiaries.filter(
        (beneficiary, index) =>
          beneficiary.status !== before.beneficiaries[index]?.status &&
          (beneficiary.status === "PaymentSuccessful" || beneficiary.status === "PaymentFailed"),
      )
      assert.strictEqual(notified.length, newlyPaid.length, "one SMS per beneficiary newly paid or failed")
    })
  }

  it("PI-S-1, PI-S-3, PI-S-4, PI-S-8: success rows store the JIT references of their reply", () => {
    const find = (service: string, from: string, event = "SUCCESS") =>
      machine.transitions.find(
        (row) =>
          row.service === service &&
          row.from === from &&
          row.event === event &&
          row.guard === undefined &&
          row.completion !== "someInProcess",
      )
    const stored = (row: Row | undefined) => {
      assert.isDefined(row)
      const before = piFor(row as Row)
      return Result.getOrThrow(
        StatusMachine.transition(machine, before, { exchange: exchangeFor(row as Row, before), at }),
      ).paymentInstruction
    }
    assert.strictEqual(
      stored(find("PI", "New")).references.pushAcknowledgement?.billNumber,
      "PI-DK/2024-25/000001",
    )
    const approved = stored(find("PIS", "Initiated"))
    assert.strictEqual(approved.references.jitPaymentInstructionId, "858")
    assert.deepStrictEqual(stored(find("PAG", "Approved")).references.advice, advice)
    const completed = stored(find("FTPS", "InProcess"))
    assert.deepStrictEqual(completed.references.treasuryBill, treasuryBill)
    assert.deepStrictEqual(completed.beneficiaries[1]?.payment, {
      voucherNumber: "22180",
      voucherDate: "2024-06-14",
      utrNumber: "RBI221801",
      utrDate: "2024-06-14",
      endToEndId: "EP221800001",
    })
    const failed = stored(find("FD", "Completed"))
    assert.deepStrictEqual(failed.beneficiaries[0]?.failure, {
      failureReason: "Account does not exist",
      challanNumber: "86581",
      challanDate: "2024-06-16",
      utrNumber: "RBI504",
    })
  })

  const statuses = Payments.PaymentInstruction.PiStatus.literals
  const outcomes = ["noResponse", "error", "duplicate", "rejected", "success"] as const
  it("PI-S-10: every call the table does not list for a status is refused with PI_INVALID_TRANSITION and changes nothing; every listed call is handled for every outcome", () => {
    let refused = 0
    let handled = 0
    for (const kind of ["original", "revised"] as const) {
      for (const from of statuses) {
        for (const guard of from === "Declined"
          ? (["declinedByJitError", "declinedAsDuplicate"] as const)
          : [undefined]) {
          for (const service of Payments.JitService.paymentInstructionServices) {
            for (const outcome of outcomes) {
              const event = {
                noResponse: "NO_RESPONSE",
                error: "ERROR",
                duplicate: "DUPLICATE",
                rejected: "REJECTED",
                success: "SUCCESS",
              }[outcome] as Row["event"]
              const row: Row = {
                rule: "",
                kind,
                service,
                from,
                ...(guard ? { guard } : {}),
                event,
                to: from,
                beneficiaries: "unchanged",
                funds: "none",
                references: "none",
                message: "updated",
                whenNothingNew: "record",
              }
              const before = piFor(row)
              const result = StatusMachine.transition(machine, before, {
                exchange: exchangeFor(row, before),
                at,
              })
              if (StatusMachine.canCall(machine, before, service)) {
                assert.isTrue(
                  Result.isSuccess(result),
                  `${kind} ${service} from ${from} ${guard ?? ""} on ${outcome} is handled`,
                )
                handled += 1
              } else {
                assert.isTrue(Result.isFailure(result))
                if (Result.isFailure(result)) {
                  assert.strictEqual(result.failure.code, "PI_INVALID_TRANSITION")
                  assert.deepStrictEqual(
                    result.failure.allowedServices,
                    StatusMachine.allowedServices(machine, before),
                  )
                  assert.include(result.failure.message, service)
                }
                refused += 1
              }
            }
          }
        }
      }
    }
    assert.isAbove(refused, 400)
    assert.isAbove(handled, 50)
  })

  it("PI-S-10: PAG on a Pending PI is refused, naming the calls that apply", () => {
    const pending = { ...basePi("original"), status: "Pending" as const }
    const refusal = StatusMachine.checkCall(machine, pending, "PAG")
    assert.isTrue(Result.isFailure(refusal))
    if (Result.isFailure(refusal)) {
      assert.strictEqual(
        refusal.failure.message,
        "The PAG call cannot be made on original payment instruction PI-DK/2024-25/000001 while it is Pending; the calls that apply now are PI.",
      )
    }
    const rejected = StatusMachine.invalidTransition(machine, { ...pending, status: "Rejected" }, "PIS")
    assert.include(rejected.message, "no JIT call applies to it any more")
    assert.isFalse(rejected.retryable)
  })
})
