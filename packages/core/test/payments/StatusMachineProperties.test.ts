import { afterAll, assert, describe } from "@effect/vitest"
import { test } from "@fast-check/vitest"
import { Config, Money, Payments, Persistence, Time } from "@karya/core"
import {
  jitReplies,
  layerScriptedJitGateway,
  muktaPaymentsConfiguration,
  payableBillArbitrary,
  paymentsMemoryLayer,
  ScriptedJitCalls,
} from "@karya/core/testing"
import { DateTime, Effect, Exit, Layer, Option, Result } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"

const {
  JitOutcome,
  JitRun,
  PaymentInstructionIssue,
  FundRegister,
  PaymentInstructionHistory,
  StatusMachine,
} = Payments
type Pi = Payments.PaymentInstruction.PaymentInstruction

const machine = StatusMachine.paymentInstructionMachine
const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const settings = muktaPaymentsConfiguration({ tenantId, cityCode: "DK" })
const headOfAccount = settings.headsOfAccountOrder[0].code
const start = DateTime.makeUnsafe("2025-02-20T05:00:00Z")
const allStatuses = Payments.PaymentInstruction.PiStatus.literals

const outcomeKinds = ["noResponse", "error", "duplicate", "rejected", "success"] as const
type OutcomeKind = (typeof outcomeKinds)[number]

const stepArbitrary = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      type: fc.constant("call" as const),
      pi: fc.nat(),
      service: fc.constantFrom(...Payments.JitService.paymentInstructionServices),
      // Mostly a call the PI's status allows, so PIs travel far; the rest are out of order.
      isAllowedService: fc.boolean().chain((allowed) => (allowed ? fc.constant(true) : fc.boolean())),
      outcome: fc.oneof(
        { weight: 4, arbitrary: fc.constant("success" as const) },
        { weight: 4, arbitrary: fc.constantFrom(...outcomeKinds) },
      ),
      named: fc.oneof(fc.constant("all" as const), fc.array(fc.nat(), { maxLength: 5 })),
      unknown: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant("raise" as const),
      pi: fc.nat(),
      correct: fc.boolean(),
      weeksLater: fc.constantFrom(0, 0, 0, 12),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("allot" as const),
      amount: fc.integer({ min: 1, max: 300_000 }),
      repeat: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("withdraw" as const),
      percent: fc.integer({ min: 0, max: 100 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant("wait" as const), hours: fc.integer({ min: 1, max: 24 * 30 }) }),
  },
)
type Step = typeof stepArbitrary extends fc.Arbitrary<infer S> ? S : never

const scenarioArbitrary = fc.record({
  bills: fc.array(payableBillArbitrary({ tenantId, payeesMax: 4 }), { minLength: 1, maxLength: 3 }),
  initialFunds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 })),
  // Half the scenarios first take the first bill's PI to Completed with some failures, so the
  // random steps also reach revised PIs and repayments.
  failFirst: fc.option(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  steps: fc.array(stepArbitrary, { minLength: 1, maxLength: 120 }),
})

const allPaymentInstructions = Effect.flatMap(
  Payments.PaymentInstructionRepository.PaymentInstructionRepository,
  (repository) =>
    Persistence.AggregateStore.findAll(
      repository,
      { tenantId: tenantId, where: { status: allStatuses } },
      { itemsMax: 1_000 },
    ),
)

const snapshot = Effect.gen(function* () {
  const register = Payments.FundRegisterBook
  return { pis: yield* allPaymentInstructions, transactions: yield* register.transactions(tenantId, {}) }
})
type Snapshot = Effect.Success<typeof snapshot>

const outcomeFor = (
  service: Payments.JitService.PaymentInstructionService,
  kind: OutcomeKind,
  pi: Pi,
  named: ReadonlyArray<string>,
) => {
  switch (kind) {
    case "noResponse":
      return JitOutcome.noResponse("timeout", "no reply")
    case "error":
      return JitOutcome.error([{ code: "TV0003", message: "Invalid creditor IFSC" }])
    case "duplicate":
      return JitOutcome.error([{ code: "PV0073", message: "Duplicate payment information id" }])
    case "rejected":
      return JitOutcome.rejected([
        { code: "", message: `This Bill Number ${pi.number} is rejected by SSU angul_op` },
      ])
    case "success": {
      const voucher = {
        voucherNumber: `V${pi.version}`,
        voucherDate: "2025-02-21",
        billReference: `REF-${pi.number}`,
        tokenNumber: "4",
        tokenDate: "2025-02-21",
      }
      const failure = {
        failureReason: "Account does not exist",
        challanNumber: "86581",
        challanDate: "2025-02-22",
      }
      switch (service) {
        case "PI":
        case "COR":
          return JitOutcome.success(jitReplies.acknowledgement(pi))
        case "PIS":
          return JitOutcome.success(
            jitReplies.instructionStatus(pi, {
              jitPaymentInstructionId: "858",
              jitPaymentInstructionDate: "2025-02-21 16:03:04",
            }),
          )
        case "PAG":
          return JitOutcome.success(
            jitReplies.advice(pi, {
              financialYear: "2025",
              adviceId: "38",
              adviceDate: "2025-02-21",
              onlineBillReference: `REF-${pi.number}`,
              tokenNumber: "4",
              tokenDate: "2025-02-21",
            }),
          )
        case "PD":
        case "FTPS":
          return JitOutcome.success(jitReplies.paid(pi, named, voucher))
        case "FD":
        case "FTFPS":
          return JitOutcome.success(jitReplies.failed(pi, named, failure))
      }
    }
  }
}

const callStep = (step: Extract<Step, { type: "call" }>, pis: ReadonlyArray<Pi>) =>
  Effect.gen(function* () {
    // Mostly one of the latest PIs that still has a call to make (repayments are the latest).
    const active = pis.filter((candidate) => StatusMachine.allowedServices(machine, candidate).length > 0)
    const pool = step.isAllowedService && active.length > 0 ? active : pis
    const pi = pool[pool.length - 1 - (step.pi % Math.min(pool.length, 2))]
    if (pi === undefined) return undefined
    const allowed = StatusMachine.allowedServices(machine, pi)
    const service = step.isAllowedService
      ? (allowed[step.pi % Math.max(allowed.length, 1)] ?? step.service)
      : step.service
    const indexes = step.named === "all" ? pi.beneficiaries.map((_, index) => index) : step.named
    const named = indexes.map(
      (index) => pi.beneficiaries[index % Math.max(pi.beneficiaries.length, 1)]?.paymentId ?? "BN-XX/999999",
    )
    const names = step.unknown ? [...named, "BN-XX/999999"] : named
    if (StatusMachine.canCall(machine, pi, service)) {
      const script = yield* ScriptedJitCalls
      yield* script.enqueue({ [service]: [outcomeFor(service, step.outcome, pi, names)] })
    }
    return yield* Effect.exit(JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service }))
  })

const allot = (rows: ReadonlyArray<Payments.JitService.VirtualAllotmentRow>) =>
  Effect.gen(function* () {
    const script = yield* ScriptedJitCalls
    yield* script.enqueue({ VA: [JitOutcome.success(rows)] })
    return yield* Effect.exit(JitRun.ingestVirtualAllotments({ tenantId, headOfAccount }))
  })

const sanctionToday = Effect.map(
  Time.BusinessClock.currentFinancialYear(Time.TimeZone.india),
  (year) => `S-${year}`,
)

const allotmentRow = (kind: Payments.JitService.AllotmentKind, amount: number, serial: number) =>
  Effect.gen(function* () {
    const today = yield* Time.BusinessClock.today(Time.TimeZone.india)
    return jitReplies.allotment({
      sanctionId: yield* sanctionToday,
      ssuAllotmentId: `VA-${serial}`,
      allotmentSerialNumber: String(serial),
      kind,
      amount: String(amount),
      allotmentDate: today,
    })
  })

const fundsStep = (
  step: Extract<Step, { type: "allot" | "withdraw" }>,
  serial: number,
  sent: Array<Payments.JitService.VirtualAllotmentRow>,
) =>
  Effect.gen(function* () {
    if (step.type === "allot") {
      const row = yield* allotmentRow(
        sent.length === 0 ? "initialAllotment" : "additionalAllotment",
        step.amount,
        serial,
      )
      const again = step.repeat && sent.length > 0 ? sent.slice(-1) : []
      sent.push(row)
      return yield* allot([row, ...again])
    }
    const register = Payments.FundRegisterBook
    const available = FundRegister.fundsAvailable(
      yield* register.transactions(tenantId, {}),
      yield* sanctionToday,
    )
    const amount = Math.floor((Number(Money.SignedAmount.toCanonicalString(available)) * step.percent) / 100)
    if (amount <= 0) return undefined
    return yield* allot([yield* allotmentRow("withdrawal", amount, serial)])
  })

const raiseStep = (step: Extract<Step, { type: "raise" }>, pis: ReadonlyArray<Pi>) => {
  // Mostly a PI with failures, so repayments happen; sometimes any PI.
  const withFailures = pis.filter((pi) =>
    pi.beneficiaries.some((beneficiary) => beneficiary.status === "PaymentFailed"),
  )
  const candidates = step.pi % 4 !== 0 && withFailures.length > 0 ? withFailures : pis
  const pi = candidates[step.pi % candidates.length]
  if (pi === undefined) return Effect.succeed(undefined)
  const failed = pi.beneficiaries.find((beneficiary) => beneficiary.status === "PaymentFailed")
  const corrections =
    step.correct && failed !== undefined
      ? [
          {
            paymentId: failed.paymentId,
            bankAccount: {
              accountNumber: "987654321012",
              ifsc: "UTIB0000123",
              accountType: "Saving" as const,
            },
          },
        ]
      : []
  return Effect.andThen(
    TestClock.adjust(`${step.weeksLater * 7} days`),
    Effect.exit(PaymentInstructionIssue.raiseRepayment({ tenantId, failedNumber: pi.number, corrections })),
  )
}

const arrows = new Set(machine.transitions.map((row) => `${row.kind}|${row.from}|${row.to}`))

const checkInvariants = (before: Snapshot, after: Snapshot) =>
  Effect.gen(function* () {
    // Nobody paid twice, nobody paid more than the bill's amount for them (PI-S-10).
    const paid = new Map<string, Money.Amount.Amount>()
    for (const pi of after.pis) {
      for (const beneficiary of pi.beneficiaries) {
        if (beneficiary.status !== "PaymentSuccessful") continue
        assert.isFalse(
          paid.has(beneficiary.paymentId),
          `${beneficiary.paymentId} is Payment Successful in one PI at most`,
        )
        paid.set(
          beneficiary.paymentId,
          Money.Amount.add(paid.get(beneficiary.paymentId) ?? Money.Amount.zero, beneficiary.amount),
        )
        const total = paid.get(beneficiary.paymentId) ?? Money.Amount.zero
        assert.isFalse(Money.Amount.isGreaterThan(total, Payments.Beneficiary.billAmountOf(beneficiary)))
      }
    }
    // Funds never negative; the register reconciles (PI-F-2).
    for (const sanctionId of new Set(after.transactions.map((transaction) => transaction.sanctionId))) {
      assert.isFalse(
        Money.SignedAmount.isNegative(FundRegister.fundsAvailable(after.transactions, sanctionId)),
        `sanction ${sanctionId} funds`,
      )
    }
    assert.isTrue(FundRegister.isReconciled(after.transactions))
    const keys = after.transactions.map((transaction) => transaction.key)
    assert.strictEqual(new Set(keys).size, keys.length)
    // Statuses move along the table's arrows; numbers never change; histories replay (PI-S-10, PI-S-11).
    for (const pi of after.pis) {
      const previous = before.pis.find(
        (candidate) => candidate.id === pi.id && candidate.kind === pi.kind && candidate.number === pi.number,
      )
      if (previous !== undefined && previous.status !== pi.status) {
        assert.isTrue(
          arrows.has(`${pi.kind}|${previous.status}|${pi.status}`),
          `${pi.kind} ${previous.status} → ${pi.status} is an arrow`,
        )
      }
      if (previous !== undefined) {
        pi.beneficiaries.forEach((beneficiary, index) => {
          const from = previous.beneficiaries[index]?.status ?? beneficiary.status
          assert.isTrue(
            StatusMachine.isBeneficiaryArrow(machine, { from, to: beneficiary.status }),
            `${from} → ${beneficiary.status}`,
          )
        })
      }
      const replayed = PaymentInstructionHistory.replay(
        machine,
        yield* Payments.PaymentInstructionRepository.historyOf({ tenantId: tenantId, number: pi.number }),
      )
      assert.deepStrictEqual(Result.getOrThrow(replayed), pi)
    }
    assert.strictEqual(new Set(after.pis.map((pi) => pi.number)).size, after.pis.length)
    for (const pi of before.pis) {
      assert.isTrue(
        after.pis.some((candidate) => candidate.id === pi.id && candidate.number === pi.number),
        "a PI keeps its number",
      )
    }
  })

const assertUnchangedWhenRefused = (
  exit: Exit.Exit<unknown, unknown> | undefined,
  before: Snapshot,
  after: Snapshot,
) => {
  if (exit === undefined || Exit.isSuccess(exit)) return
  const error = Option.getOrUndefined(Exit.findErrorOption(exit)) as { readonly code?: string } | undefined
  assert.include(
    ["PI_INVALID_TRANSITION", "PAYMENT_INSTRUCTION_REFUSED", "NOTHING_TO_REPAY", "VALIDATION_FAILED"],
    error?.code,
    `a refusal is typed: ${String(error?.code)}`,
  )
  assert.deepStrictEqual(after, before, "a refused request changes nothing")
}

const completeWithFailures = (failing: ReadonlyArray<number>) =>
  Effect.gen(function* () {
    yield* fundsStep({ type: "allot", amount: 1_000_000, repeat: false }, 999, [])
    const [first] = yield* allPaymentInstructions
    if (first === undefined) return
    const script = yield* ScriptedJitCalls
    for (const service of ["PI", "PIS", "PAG", "PD", "FD"] as const) {
      const pi = Option.getOrThrow(
        yield* Effect.flatMap(
          Payments.PaymentInstructionRepository.PaymentInstructionRepository,
          (repository) => Effect.option(repository.get({ tenantId: tenantId, id: first.number })),
        ),
      )
      const all = pi.beneficiaries.map((beneficiary) => beneficiary.paymentId)
      const named = service === "FD" ? failing.map((index) => all[index % all.length] ?? "") : all
      yield* script.enqueue({ [service]: [outcomeFor(service, "success", pi, named)] })
      yield* JitRun.poll({ tenantId, paymentInstructionNumber: pi.number, service })
    }
    yield* script.clear
  })

// The deep states the random walks reached (checked after all runs).
const reached = new Set<string>()

type Scenario = typeof scenarioArbitrary extends fc.Arbitrary<infer S> ? S : never

const runScenario = (scenario: Scenario) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(DateTime.toEpochMillis(start))
    const sent: Array<Payments.JitService.VirtualAllotmentRow> = []
    if (scenario.initialFunds > 0)
      yield* fundsStep({ type: "allot", amount: scenario.initialFunds, repeat: false }, 0, sent)
    for (const bill of scenario.bills) yield* PaymentInstructionIssue.createFromBill(bill)
    if (scenario.failFirst !== undefined) yield* completeWithFailures(scenario.failFirst)
    const script = yield* ScriptedJitCalls
    for (const [index, step] of scenario.steps.entries()) {
      const before = yield* snapshot
      const exit =
        step.type === "call"
          ? yield* callStep(step, before.pis)
          : step.type === "raise"
            ? yield* raiseStep(step, before.pis)
            : step.type === "wait"
              ? yield* Effect.as(TestClock.adjust(`${step.hours} hours`), undefined)
              : yield* fundsStep(step, index + 1, sent)
      yield* script.clear
      const after = yield* snapshot
      assertUnchangedWhenRefused(exit, before, after)
      yield* checkInvariants(before, after)
    }
    const finalPis = yield* allPaymentInstructions
    for (const pi of finalPis) reached.add(`${pi.kind}:${pi.status}`)
    if (finalPis.some((pi) => pi.kind === "revised")) reached.add("revisedRaised")
    if (finalPis.some((pi) => pi.origin._tag === "Repayment")) reached.add("repaymentRaised")
    const pushed = (yield* script.calls).filter((call) => call.service === "PI" || call.service === "COR")
    const numbers = new Set((yield* allPaymentInstructions).map((pi) => pi.number as string))
    for (const call of pushed) {
      const request = call.request as { readonly billNumber?: string; readonly correctionBillNumber?: string }
      assert.isTrue(
        numbers.has(request.billNumber ?? request.correctionBillNumber ?? ""),
        "every push sends the number of an existing PI",
      )
    }
  }).pipe(
    Effect.provide(
      Layer.mergeAll(
        paymentsMemoryLayer,
        layerScriptedJitGateway(),
        Config.TenantSettings.layerMemory([settings]),
      ),
    ),
  )

describe("StatusMachine properties", () => {
  // The scenario is an Effect over in-memory layers and TestClock; fast-check
  // drives it through a promise per generated scenario.
  test.prop([scenarioArbitrary], { numRuns: 150 })(
    "PI-S-10, PI-S-11, PI-F-2, PI-P-2: on random bills and random JIT outcomes (repeats, reordered polls, duplicates, no responses) nobody is paid twice or more than the bill, funds stay ≥ 0 and reconcile, statuses follow the table, histories replay and PI numbers never change",
    (scenario) => Effect.runPromise(runScenario(scenario).pipe(Effect.provide(TestClock.layer()))),
    120_000,
  )

  // The random walks must have travelled the whole life cycle, or the laws above prove little.
  afterAll(() => {
    const deep = [
      "original:Completed",
      "original:Rejected",
      "original:Declined",
      "revised:Completed",
      "revised:Declined",
      "repaymentRaised",
    ]
    if (reached.size === 0) return // the property was filtered out of this run
    for (const state of deep) assert.isTrue(reached.has(state), `some scenario reached ${state}`)
  })
})
