/**
 * Supervision bills: the SC charge per source bill (BILL-S-1), which bills
 * count for each CBO role (BILL-S-2), runs on demand and on schedule with
 * each bill supervised once (BILL-S-3), approved on creation (BILL-4), by
 * example and by properties over random runs.
 */
import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Bills, type Config, Ids, Money } from "@karya/core"
import { type BillFixtureState, sampleBill } from "@karya/core/testing"
import { Effect, Exit, Result } from "effect"
import {
  allBills,
  amount,
  cbo,
  configuration,
  creator,
  date,
  inBills,
  refusedUnchanged,
  runExit,
  system,
  tenantId,
  text,
  wageSeekers,
  withConfiguration,
} from "./BillsFixtures.js"

const { SupervisionBill } = Bills

const storeBill = (options: {
  readonly workOrderId: string
  readonly type: Bills.Bill.BillType
  readonly grossAmount: string
  readonly state?: BillFixtureState
}) =>
  Effect.gen(function* () {
    const id = yield* Ids.EntityId.make
    const bill = sampleBill({
      id,
      tenantId,
      workOrderId: options.workOrderId,
      type: options.type,
      state: options.state ?? "APPROVED",
      sourceDocuments: [],
      payees: [wageSeekers[0]],
      grossAmount: amount(options.grossAmount),
    })
    yield* Bills.BillRepository.BillRepository.use((repository) => repository.insert({ aggregate: bill }))
    return bill
  })

const supervise = (
  workOrderId: string,
  settings: Config.TenantConfiguration.TenantConfiguration = configuration,
) => SupervisionBill.generate({ tenantId, actor: system, workOrderId }).pipe(withConfiguration(settings))

const generatedBill = (run: Bills.SupervisionBill.SupervisionRun): Bills.Bill.Bill => {
  assert.strictEqual(run._tag, "Generated")
  if (run._tag !== "Generated") throw new Error("expected a supervision bill")
  return run.outcome.bill
}

describe("SupervisionBill", () => {
  it("BILL-S-1: the charge is gross × rate rounded to the rupee: ₹2,333 → ₹175, ₹11,800 → ₹885", () => {
    const rate = Result.getOrThrow(SupervisionBill.supervisionRateOn(configuration, date("2024-06-10")))
    assert.strictEqual(Money.Percentage.toCanonicalString(rate), "7.5")
    const charge = (gross: string) =>
      text(
        SupervisionBill.chargeOf({
          grossAmount: amount(gross),
          rate,
          scale: configuration.roundingScales.billLineAmount,
        }),
      )
    assert.strictEqual(charge("2333"), "175")
    assert.strictEqual(charge("11800"), "885")
    assert.strictEqual(charge("6"), "0")
  })

  it.effect(
    "BILL-S-2: an IA order's wage bill of 2,333 and purchase bill of 11,800 earn 175 + 885 = 1,060",
    () =>
      inBills()(
        Effect.gen(function* () {
          const wage = yield* storeBill({ workOrderId: "wo-ia", type: "wage", grossAmount: "2333" })
          const purchase = yield* storeBill({ workOrderId: "wo-ia", type: "purchase", grossAmount: "11800" })
          const run = yield* supervise("wo-ia")
          const bill = generatedBill(run)
          assert.strictEqual(bill.number, "SB/2024-25/000001")
          assert.strictEqual(bill.type, "supervision")
          assert.strictEqual(bill.workflow.state, "APPROVED")
          assert.deepStrictEqual(
            bill.details.map((detail) => detail.payee),
            [cbo],
          )
          const chargeBySource = new Map(
            bill.details[0].lines.map((line) => [
              line.kind === "payable" ? line.sourceDocument?.id : undefined,
              `${line.headCode} ${text(line.amount)}`,
            ]),
          )
          assert.deepStrictEqual(
            chargeBySource,
            new Map([
              [wage.id, "SC 175"],
              [purchase.id, "SC 885"],
            ]),
          )
          assert.strictEqual(text(bill.grossAmount), "1060")
          assert.strictEqual(text(bill.netAmount), "1060")
          assert.sameMembers(
            bill.sourceDocuments.map((document) => document.id),
            [wage.id, purchase.id],
          )
          assert.deepStrictEqual(bill.period, { startDate: "2024-06-04", endDate: "2024-06-10" })
          const events = run._tag === "Generated" ? run.outcome.events : []
          assert.deepStrictEqual(
            events.map((event) => event.billNumber),
            [bill.number],
          )
        }),
      ),
  )

  it.effect("BILL-S-2: the same order with an IP earns only on the wage bill: 175", () =>
    inBills()(
      Effect.gen(function* () {
        yield* storeBill({ workOrderId: "wo-ip", type: "wage", grossAmount: "2333" })
        yield* storeBill({ workOrderId: "wo-ip", type: "purchase", grossAmount: "11800" })
        const bill = generatedBill(yield* supervise("wo-ip"))
        assert.strictEqual(text(bill.grossAmount), "175")
        assert.strictEqual(bill.sourceDocuments.length, 1)
      }),
    ),
  )

  it.effect(
    "BILL-S-3: each bill is supervised once; a run with nothing left says so and stores nothing",
    () =>
      inBills()(
        Effect.gen(function* () {
          yield* storeBill({ workOrderId: "wo-ia", type: "wage", grossAmount: "2333" })
          yield* storeBill({
            workOrderId: "wo-ia",
            type: "purchase",
            grossAmount: "5000",
            state: "PENDING_FOR_VERIFICATION",
          })
          const first = generatedBill(yield* supervise("wo-ia"))
          assert.strictEqual(first.sourceDocuments.length, 1)
          const before = yield* allBills
          const again = yield* supervise("wo-ia")
          assert.strictEqual(again._tag, "NothingToSupervise")
          assert.include(again._tag === "NothingToSupervise" ? again.message : "", "no approved bill left")
          assert.deepStrictEqual(yield* allBills, before)
          const later = yield* storeBill({ workOrderId: "wo-ia", type: "wage", grossAmount: "1000" })
          const second = generatedBill(yield* supervise("wo-ia"))
          assert.deepStrictEqual(
            second.sourceDocuments.map((document) => document.id),
            [later.id],
          )
          assert.strictEqual(second.number, "SB/2024-25/000002")
        }),
      ),
  )

  it.effect("BILL-S-3: a charge that rounds to ₹0 makes no bill and says so", () =>
    inBills()(
      Effect.gen(function* () {
        yield* storeBill({ workOrderId: "wo-ia", type: "wage", grossAmount: "6" })
        const run = yield* supervise("wo-ia")
        assert.strictEqual(run._tag === "NothingToSupervise" && run.reason, "chargeRoundsToZero")
        assert.strictEqual((yield* allBills).length, 1)
      }),
    ),
  )

  it.effect("BILL-S-1: the SC rate is the overhead in force on the bill date (CONF-2)", () =>
    inBills()(
      Effect.gen(function* () {
        const [supervision, ...others] = configuration.overheads
        assert.strictEqual(supervision?.code, "SC")
        if (supervision === undefined) return
        const revised: Config.TenantConfiguration.TenantConfiguration = {
          ...configuration,
          overheads: [
            {
              ...supervision,
              effectivePeriod: { effectiveFrom: date("2020-04-01"), effectiveTo: date("2024-06-09") },
            },
            { ...supervision, value: amount("10"), effectivePeriod: { effectiveFrom: date("2024-06-10") } },
            ...others,
          ],
        }
        yield* storeBill({ workOrderId: "wo-ia", type: "wage", grossAmount: "2333" })
        const bill = generatedBill(yield* supervise("wo-ia", revised))
        assert.strictEqual(text(bill.grossAmount), "233")
      }),
    ),
  )

  it.effect(
    "BILL-S-1: without an SC percentage in force the run is refused (SUPERVISION_CHARGE_NOT_CONFIGURED)",
    () =>
      inBills()(
        Effect.gen(function* () {
          yield* storeBill({ workOrderId: "wo-ia", type: "wage", grossAmount: "2333" })
          const withoutSupervision = {
            ...configuration,
            overheads: configuration.overheads.filter((overhead) => overhead.code !== "SC"),
          }
          const { error, before, after } = yield* refusedUnchanged(supervise("wo-ia", withoutSupervision))
          assert.strictEqual(error.code, "SUPERVISION_CHARGE_NOT_CONFIGURED")
          assert.include(error.message, "2024-06-10")
          assert.deepStrictEqual(after, before)
        }),
      ),
  )

  it.effect(
    "BILL-S-3: the scheduled run supervises every order with unsupervised bills and reports refusals",
    () =>
      inBills()(
        Effect.gen(function* () {
          yield* storeBill({ workOrderId: "wo-ia", type: "wage", grossAmount: "2333" })
          yield* storeBill({ workOrderId: "wo-ip", type: "purchase", grossAmount: "11800" })
          yield* storeBill({ workOrderId: "wo-orphan", type: "wage", grossAmount: "1000" })
          const scheduled = yield* SupervisionBill.generateDue({ tenantId, actor: system })
          assert.deepStrictEqual(
            scheduled.runs.map((run) => [run.workOrderId, run._tag]),
            [
              ["wo-ia", "Generated"],
              ["wo-ip", "NothingToSupervise"],
            ],
          )
          assert.deepStrictEqual(
            scheduled.refusals.map((refusal) => [refusal.workOrderId, refusal.error.code]),
            [["wo-orphan", "PAYEE_NOT_FOUND"]],
          )
          assert.strictEqual(scheduled.summary, "1 supervision bill made; 1 work order refused.")
          const quiet = yield* SupervisionBill.generateDue({ tenantId, actor: system })
          assert.strictEqual(quiet.refusals.length, 1)
        }),
      ),
  )

  it.effect("BILL-S-3: a scheduled run with nothing to supervise makes nothing and says so", () =>
    inBills()(
      Effect.gen(function* () {
        yield* storeBill({ workOrderId: "wo-ia", type: "wage", grossAmount: "2333", state: "APPROVED" })
        yield* SupervisionBill.generateDue({ tenantId, actor: system })
        const before = yield* allBills
        const scheduled = yield* SupervisionBill.generateDue({ tenantId, actor: system })
        assert.deepStrictEqual(
          scheduled.runs.map((run) => run._tag),
          ["NothingToSupervise"],
        )
        assert.strictEqual(
          scheduled.summary,
          "Nothing to supervise: no work order has an approved bill left to supervise.",
        )
        assert.deepStrictEqual(yield* allBills, before)
      }),
    ),
  )

  it.effect(
    "BILL-S-3: a scheduled run reads approvedBillsPerRunMax approved bills unless a test provides a limit",
    () =>
      Effect.gen(function* () {
        assert.strictEqual(
          yield* SupervisionBill.ApprovedBillsPerRunMax,
          SupervisionBill.approvedBillsPerRunMax,
        )
      }),
  )

  // Two approved bills of one order; the tests provide a limit of that size,
  // since reaching the production one would store 20,000 bills in memory.
  const twoApproved = Effect.gen(function* () {
    yield* storeBill({ workOrderId: "wo-ia", type: "wage", grossAmount: "2333" })
    yield* storeBill({ workOrderId: "wo-ia", type: "wage", grossAmount: "1000" })
  })

  it.effect(
    "BILL-S-3: a scheduled run over exactly approvedBillsPerRunMax approved bills supervises them",
    () =>
      inBills()(
        Effect.gen(function* () {
          yield* twoApproved
          const scheduled = yield* SupervisionBill.generateDue({ tenantId, actor: system }).pipe(
            Effect.provideService(SupervisionBill.ApprovedBillsPerRunMax, 2),
          )
          assert.deepStrictEqual(
            scheduled.runs.map((run) => [run.workOrderId, run._tag]),
            [["wo-ia", "Generated"]],
          )
        }),
      ),
  )

  it.effect(
    "BILL-S-3: a scheduled run over one approved bill past approvedBillsPerRunMax is refused with APPROVED_BILLS_PER_RUN_EXCEEDED and makes nothing",
    () =>
      inBills()(
        Effect.gen(function* () {
          yield* twoApproved
          const { error, before, after } = yield* refusedUnchanged(
            SupervisionBill.generateDue({ tenantId, actor: system }).pipe(
              Effect.provideService(SupervisionBill.ApprovedBillsPerRunMax, 1),
            ),
          )
          assert.strictEqual(error.code, "APPROVED_BILLS_PER_RUN_EXCEEDED")
          assert.isTrue(
            error instanceof SupervisionBill.ApprovedBillsPerRunExceeded &&
              error.category === "rule" &&
              error.limit === 1,
          )
          assert.include(error.message, "run supervision for each work order")
          assert.deepStrictEqual(after, before)
        }),
      ),
  )

  it.effect(
    "BILL-S-3: a supervision run on demand may be started by a bill creator; others are refused",
    () =>
      inBills()(
        Effect.gen(function* () {
          yield* storeBill({ workOrderId: "wo-ia", type: "wage", grossAmount: "2333" })
          const refused = yield* Effect.flip(
            SupervisionBill.generate({
              tenantId,
              workOrderId: "wo-ia",
              actor: { userId: "x", grants: [{ role: "BILL_VERIFIER", tenantId }] },
            }),
          )
          assert.strictEqual(refused.code, "ROLE_NOT_ALLOWED")
          const run = yield* SupervisionBill.generate({ tenantId, workOrderId: "wo-ia", actor: creator })
          assert.strictEqual(run._tag, "Generated")
          const unknown = yield* Effect.flip(supervise("wo-none"))
          assert.strictEqual(unknown.code, "WORK_ORDER_TERMS_NOT_FOUND")
        }),
      ),
  )

  const step = fc.oneof(
    fc.record({
      kind: fc.constant("bill" as const),
      workOrderId: fc.constantFrom("wo-ia", "wo-ip"),
      type: fc.constantFrom("wage" as const, "purchase" as const),
      state: fc.constantFrom<BillFixtureState>(
        "APPROVED",
        "APPROVED",
        "PENDING_FOR_VERIFICATION",
        "REJECTED",
      ),
      gross: fc.integer({ min: 0, max: 50_000 }),
    }),
    fc.record({
      kind: fc.constant("supervise" as const),
      workOrderId: fc.constantFrom("wo-ia", "wo-ip", "due"),
    }),
  )

  test.prop([fc.array(step, { maxLength: 12 })])(
    "BILL-S-3 / BILL-S-2 / BILL-2: in random runs each bill is supervised at most once, IP orders never supervise purchase bills",
    async (steps) => {
      const program = Effect.gen(function* () {
        for (const drawn of steps) {
          if (drawn.kind === "bill") {
            yield* storeBill({ ...drawn, grossAmount: String(drawn.gross) })
          } else if (drawn.workOrderId === "due") {
            yield* SupervisionBill.generateDue({ tenantId, actor: system })
          } else {
            yield* supervise(drawn.workOrderId)
          }
        }
        return yield* allBills
      })
      const exit = await runExit(inBills()(program))
      assert.isTrue(Exit.isSuccess(exit))
      if (!Exit.isSuccess(exit)) return
      const bills = exit.value
      const byId = new Map<string, Bills.Bill.Bill>(bills.map((bill) => [bill.id, bill]))
      const supervisions = bills.filter((bill) => bill.type === "supervision")
      const supervised = supervisions.flatMap((bill) => bill.sourceDocuments.map((document) => document.id))
      assert.strictEqual(new Set(supervised).size, supervised.length)
      for (const supervision of supervisions) {
        assert.deepStrictEqual(Bills.Bill.invariantBreaks(supervision), [])
        for (const document of supervision.sourceDocuments) {
          const source = byId.get(document.id)
          assert.isDefined(source)
          assert.isTrue(source !== undefined && Bills.Bill.isApproved(source))
          assert.strictEqual(source?.workOrderId, supervision.workOrderId)
          if (supervision.workOrderId === "wo-ip") assert.strictEqual(source?.type, "wage")
        }
      }
      const remaining = Bills.SupervisionBill.supervisableBills({ bills, cboRole: "IA" })
      assert.isTrue(remaining.every((bill) => !supervised.includes(bill.id)))
      for (const workOrderId of ["wo-ia", "wo-ip"]) {
        assert.isFalse(Bills.Bill.billedOnWorkOrder(bills, workOrderId).greaterThan(amount("1000000")))
      }
    },
  )
})
