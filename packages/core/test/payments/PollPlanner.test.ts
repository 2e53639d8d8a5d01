import { assert, describe, it } from "@effect/vitest"
import { test } from "@fast-check/vitest"
import { Config, Ids, Payments, Time } from "@karya/core"
import { samplePaymentInstruction } from "@karya/core/testing"
import { DateTime } from "effect"
import * as fc from "fast-check"

const { PollPlanner, StatusMachine } = Payments
type Pi = Payments.PaymentInstruction.PaymentInstruction

const machine = StatusMachine.paymentInstructionMachine
const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const configuration = Config.TenantConfiguration.mukta({ tenantId, cityCode: "DK" })
const base = samplePaymentInstruction({
  tenantId,
  number: "PI-DK/2024-25/000001",
  billId: "bill-1",
  paymentIds: ["BN-DK/000001", "BN-DK/000002"],
})
const local = (text: string) => DateTime.makeUnsafe(`${text}+05:30`)
const advice = {
  financialYear: "2024",
  adviceId: "38",
  adviceDate: "2024-06-12",
  onlineBillReference: "REF",
  tokenNumber: "4",
  tokenDate: "2024-06-12",
}

const inStatus = (status: Pi["status"], change: Partial<Pi> = {}): Pi => ({ ...base, status, ...change })
const paid = (voucherDate: string): Pi =>
  inStatus("Completed", {
    references: { advice },
    beneficiaries: base.beneficiaries.map((beneficiary) => ({
      ...beneficiary,
      status: "PaymentSuccessful",
      payment: { voucherNumber: "1", voucherDate, utrNumber: "U", utrDate: voucherDate, endToEndId: "E" },
    })),
  })

const plan = (
  paymentInstructions: ReadonlyArray<Pi>,
  instant: DateTime.Utc,
  cursor?: DateTime.Utc,
  checks: ReadonlyArray<Payments.PollPlanner.CheckMade> = [],
) =>
  PollPlanner.plan({
    machine,
    paymentInstructions,
    instant,
    timeZone: configuration.timeZone,
    schedule: configuration.jitSchedule,
    virtualAllotmentCursors: [{ headOfAccount: "SC", cursor }],
    checks,
  })

const services = (calls: ReadonlyArray<Payments.PollPlanner.PlannedCall>) => calls.map((call) => call.service)

describe("PollPlanner", () => {
  it("PI-P-1: MUKTA's schedule: re-push Pending PIs at 21:00; VA, PIS, PD, FD, FTPS, FTFPS at 22:00; PAG at 22:15, local time", () => {
    const pis = [
      inStatus("Pending", { number: Ids.HumanNumber.makeUnsafe("PI-DK/2024-25/000001") }),
      inStatus("Initiated", { number: Ids.HumanNumber.makeUnsafe("PI-DK/2024-25/000002") }),
      inStatus("Approved", { number: Ids.HumanNumber.makeUnsafe("PI-DK/2024-25/000003") }),
      inStatus("InProcess", { number: Ids.HumanNumber.makeUnsafe("PI-DK/2024-25/000004") }),
    ]
    assert.deepStrictEqual(services(plan(pis, local("2024-06-10T20:59:59"))), [])
    assert.deepStrictEqual(services(plan(pis, local("2024-06-10T21:00:00"))), ["PI"])
    assert.deepStrictEqual(services(plan(pis, local("2024-06-10T22:00:00"))), ["VA", "PI", "PIS", "PD"])
    assert.deepStrictEqual(services(plan(pis, local("2024-06-10T22:15:00"))), [
      "VA",
      "PI",
      "PIS",
      "PAG",
      "PD",
    ])
    assert.deepStrictEqual<unknown>(plan(pis, local("2024-06-10T22:15:00"))[3], {
      service: "PAG",
      paymentInstructionNumber: "PI-DK/2024-25/000003",
    })
    assert.strictEqual(configuration.jitSchedule.paymentAdvice, "22:15")
  })

  it("PI-P-1: a call made since today's time is not due again; a PI Declined by a JIT error and a final PI are not polled", () => {
    const calledAt = local("2024-06-10T22:01:00")
    const called = inStatus("Initiated", { lastCalls: { PIS: calledAt } })
    assert.deepStrictEqual(plan([called], local("2024-06-10T23:00:00"), calledAt), [])
    assert.deepStrictEqual(services(plan([called], local("2024-06-11T22:00:00"), calledAt)), ["VA", "PIS"])
    const yesterday = inStatus("Initiated", { lastCalls: { PIS: local("2024-06-09T22:01:00") } })
    assert.deepStrictEqual(services(plan([yesterday], local("2024-06-10T22:30:00"), calledAt)), ["PIS"])
    assert.deepStrictEqual(
      plan(
        [inStatus("Declined", { declineReason: "jitError" }), inStatus("Rejected")],
        local("2024-06-10T23:00:00"),
        calledAt,
      ),
      [],
    )
    assert.deepStrictEqual(
      services(
        plan([inStatus("Declined", { declineReason: "duplicate" })], local("2024-06-10T23:00:00"), calledAt),
      ),
      ["PIS"],
    )
    assert.deepStrictEqual(
      services(plan([inStatus("New")], local("2024-06-10T21:30:00"), calledAt)),
      ["PI"],
      "New PIs, blocked by funds or never pushed, go with the re-push",
    )
  })

  it("PI-P-1: a status check that found nothing new (the PI unwritten) is not due again until the next day's time", () => {
    const completed = paid("2024-06-11")
    const night = local("2024-06-12T22:00:00")
    const checkedAt = local("2024-06-12T22:00:05")
    const fd = { paymentInstructionNumber: base.number, service: "FD" as const, at: checkedAt }
    assert.deepStrictEqual(services(plan([completed], local("2024-06-12T22:01:00"), night)), ["FD"])
    assert.deepStrictEqual(plan([completed], local("2024-06-12T22:01:00"), night, [fd]), [])
    assert.deepStrictEqual(plan([completed], local("2024-06-12T23:59:00"), night, [fd]), [])
    assert.deepStrictEqual(
      services(plan([completed], local("2024-06-13T22:00:00"), local("2024-06-13T22:00:00"), [fd])),
      ["FD"],
    )
    const otherPi = { ...fd, paymentInstructionNumber: "PI-DK/2024-25/000099" }
    const otherService = { ...fd, service: "PD" as const }
    assert.deepStrictEqual(
      services(plan([completed], local("2024-06-12T22:01:00"), night, [otherPi, otherService])),
      ["FD"],
      "a check counts for its own PI and service only",
    )
    const yesterday = { ...fd, at: local("2024-06-11T22:00:05") }
    assert.deepStrictEqual(services(plan([completed], local("2024-06-12T22:01:00"), night, [yesterday])), [
      "FD",
    ])
  })

  it("PI-P-1: the time of day is the tenant's local time (TIME-1)", () => {
    const pending = inStatus("Pending")
    assert.deepStrictEqual(services(plan([pending], DateTime.makeUnsafe("2024-06-10T15:29:59Z"))), [])
    assert.deepStrictEqual(services(plan([pending], DateTime.makeUnsafe("2024-06-10T15:30:00Z"))), ["PI"])
    assert.isTrue(
      PollPlanner.isSlotDue({
        instant: DateTime.makeUnsafe("2024-06-10T22:00:00Z"),
        timeOfDay: "22:00",
        timeZone: Time.TimeZone.makeUnsafe("UTC"),
        lastCallAt: undefined,
      }),
    )
  })

  it("PI-P-1: FD is asked for each voucher date of a Completed PI's paid beneficiaries, during failureDetailsPollingDaysMax days", () => {
    const completed = paid("2024-06-11")
    const calls = plan([completed], local("2024-06-12T22:00:00"), local("2024-06-12T22:00:00"))
    assert.deepStrictEqual(calls, [
      { service: "FD", paymentInstructionNumber: base.number, voucherDate: "2024-06-11" },
    ])
    const horizon = Time.LocalDate.addDays(
      Time.LocalDate.makeUnsafe("2024-06-11"),
      PollPlanner.failureDetailsPollingDaysMax,
    )
    assert.strictEqual(
      plan([completed], local(`${horizon}T22:00:00`), local(`${horizon}T22:00:00`)).length,
      1,
    )
    const after = Time.LocalDate.addDays(horizon, 1)
    assert.deepStrictEqual(plan([completed], local(`${after}T22:00:00`), local(`${after}T22:00:00`)), [])
    const failedOnly = {
      ...completed,
      beneficiaries: completed.beneficiaries.map((beneficiary) => ({
        ...beneficiary,
        status: "PaymentFailed" as const,
      })),
    }
    assert.deepStrictEqual(plan([failedOnly], local("2024-06-12T22:00:00"), local("2024-06-12T22:00:00")), [])
  })

  it("PI-P-1: a user refresh makes the calls that apply now at any time, including the re-push of a corrected Declined PI", () => {
    const today = Time.LocalDate.makeUnsafe("2024-06-10")
    assert.deepStrictEqual(
      PollPlanner.refreshCalls({
        machine,
        paymentInstruction: inStatus("Declined", { declineReason: "jitError" }),
        today,
      }),
      [{ service: "PI", paymentInstructionNumber: base.number }],
    )
    assert.deepStrictEqual(
      PollPlanner.refreshCalls({ machine, paymentInstruction: inStatus("Rejected"), today }),
      [],
    )
    const revised: Pi = {
      ...inStatus("Completed", {
        kind: "revised",
        references: { treasuryBill: { billReference: "R", tokenNumber: "1", tokenDate: "2024-06-10" } },
      }),
      beneficiaries: paid("2024-06-09").beneficiaries,
    }
    assert.deepStrictEqual(
      services(PollPlanner.refreshCalls({ machine, paymentInstruction: revised, today })),
      ["FTFPS"],
    )
  })

  const statusArbitrary = fc.constantFrom(...Payments.PaymentInstruction.PiStatus.literals)
  test.prop([fc.array(statusArbitrary, { maxLength: 8 }), fc.integer({ min: 0, max: 24 * 60 - 1 })])(
    "PI-P-1: planning is idempotent: once the planned calls are made, planning again at the same instant gives nothing",
    (statuses, minute) => {
      const instant = DateTime.add(local("2024-06-10T00:00:00"), { minutes: minute })
      const pis = statuses.map((status, index) =>
        inStatus(status, {
          number: Ids.HumanNumber.makeUnsafe(`PI-DK/2024-25/${String(index + 1).padStart(6, "0")}`),
          ...(status === "Declined" ? { declineReason: index % 2 === 0 ? "duplicate" : "jitError" } : {}),
        }),
      )
      const calls = plan(pis, instant)
      for (const call of calls) {
        if (call.service !== "VA")
          assert.isTrue(
            StatusMachine.canCall(
              machine,
              pis.find((pi) => pi.number === call.paymentInstructionNumber) ?? base,
              call.service,
            ),
          )
      }
      const made = pis.map((pi) => ({
        ...pi,
        lastCalls: Object.fromEntries(
          calls
            .filter((call) => call.service !== "VA" && call.paymentInstructionNumber === pi.number)
            .map((call) => [call.service, instant]),
        ),
      }))
      const cursor = calls.some((call) => call.service === "VA") ? instant : undefined
      assert.deepStrictEqual(plan(made, instant, cursor), [])
    },
  )
})
