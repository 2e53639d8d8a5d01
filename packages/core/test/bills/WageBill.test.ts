/**
 * Wage bills: generated from an approved muster roll (BILL-W-1), paid at the
 * daily wage of each skill on the muster roll's start date (BILL-W-2), with
 * the labour cess on the exact wage (BILL-W-3), approved on creation with the
 * event payments builds a PI from (BILL-4), bounded by the contract and
 * billed once (BILL-2), by example and by properties.
 */
import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Bills, Config, Money } from "@karya/core"
import { Effect, Exit, Schema } from "effect"
import {
  allBills,
  amount,
  configuration,
  creator,
  date,
  department,
  inBills,
  musterRoll,
  quantity,
  refusedUnchanged,
  runExit,
  skilled,
  stranger,
  system,
  tenantId,
  text,
  unskilled,
  wageSeekers,
  withConfiguration,
} from "./BillsFixtures.js"

const { WageBill } = Bills

const generate = (source: Bills.WageBillSource.WageBillSource, actor = system) =>
  WageBill.generate({ tenantId, source, actor })

describe("WageBill", () => {
  it("BILL-W-3: 5.5 days × ₹345 = ₹1,897.50 → net 1898, cess 19 (18.975), gross 1917", () => {
    const wage = WageBill.wageOf({
      effectiveAttendance: quantity("5.5"),
      dailyWage: Money.Rate.makeUnsafe("345"),
      labourCessPercentage: configuration.labourCessPercentage,
      scale: configuration.roundingScales.billLineAmount,
    })
    assert.strictEqual(text(wage.wageAmount), "1897.5")
    assert.strictEqual(text(wage.netAmount), "1898")
    assert.strictEqual(text(wage.labourCessAmount), "19")
    assert.strictEqual(text(wage.grossAmount), "1917")
  })

  it.effect(
    "BILL-W-1 / BILL-W-3 / BILL-4: the muster roll's wage bill pays each attendee and is approved at once",
    () =>
      inBills()(
        Effect.gen(function* () {
          const outcome = yield* generate(
            musterRoll([
              ["ws-1", unskilled, "5.5"],
              ["ws-2", skilled, "7"],
              ["ws-3", unskilled, "0"],
            ]),
          )
          const { bill } = outcome
          assert.strictEqual(bill.number, "WB/2024-25/000001")
          assert.strictEqual(bill.type, "wage")
          assert.strictEqual(bill.billDate, "2024-06-10")
          assert.deepStrictEqual(bill.period, { startDate: "2024-06-03", endDate: "2024-06-09" })
          assert.strictEqual(bill.payer, "od.dhenkanal")
          assert.strictEqual(bill.workflow.state, "APPROVED")
          assert.deepStrictEqual(
            bill.details.map((detail) => [detail.payee.id, text(detail.grossAmount), text(detail.netAmount)]),
            [
              ["ws-1", "1917", "1898"],
              ["ws-2", "3182", "3150"],
            ],
          )
          const [sabita] = bill.details
          assert.deepStrictEqual(
            sabita?.lines.map((line) => [line.kind, line.headCode, text(line.amount)]),
            [
              ["payable", "WEG", "1917"],
              ["deduction", "LC", "19"],
            ],
          )
          assert.strictEqual(text(bill.grossAmount), "5099")
          assert.strictEqual(text(bill.netAmount), "5048")
          assert.deepStrictEqual(bill.sourceDocuments, [
            { kind: "musterRoll", id: "mr-1", number: "MR/2024-25/000030" },
          ])
          assert.deepStrictEqual(yield* allBills, [bill])
          assert.strictEqual(outcome.events.length, 1)
          assert.deepStrictEqual(outcome.warnings, [])
        }),
      ),
  )

  it.effect("BILL-4 / BILL-3: BillApproved carries the bill whole and the cess paid to its department", () =>
    inBills()(
      Effect.gen(function* () {
        const { bill, events } = yield* generate(
          musterRoll([
            ["ws-1", unskilled, "5.5"],
            ["ws-2", skilled, "7"],
          ]),
        )
        const [approved] = events
        assert.strictEqual(approved?.type, "BillApproved")
        assert.strictEqual(approved?.billNumber, bill.number)
        assert.deepStrictEqual(approved?.bill, bill)
        assert.deepStrictEqual(
          approved?.departmentDeductions.map((deduction) => [
            deduction.headCode,
            deduction.department.id,
            text(deduction.amount),
          ]),
          [["LC", department("LC").id, "51"]],
        )
        assert.isDefined(approved)
        if (approved === undefined) return
        const codec = Bills.BillApproved.BillApproved
        const encoded = Schema.encodeSync(codec)(approved)
        assert.strictEqual(encoded.bill.details[0].grossAmount, "1917")
        assert.deepStrictEqual(Schema.decodeUnknownSync(codec)(encoded), approved)
      }),
    ),
  )

  it.effect("BILL-W-2: the daily wage is the skill's rate on the muster roll's start date", () =>
    inBills({
      dailyWages: [
        {
          tenantId: configuration.tenantId,
          skillCode: unskilled,
          effectivePeriod: { effectiveFrom: date("2024-04-01"), effectiveTo: date("2024-06-03") },
          dailyWage: Money.Rate.makeUnsafe("345"),
        },
        {
          tenantId: configuration.tenantId,
          skillCode: unskilled,
          effectivePeriod: { effectiveFrom: date("2024-06-04") },
          dailyWage: Money.Rate.makeUnsafe("400"),
        },
      ],
    })(
      Effect.gen(function* () {
        const { bill } = yield* generate(musterRoll([["ws-1", unskilled, "2"]]))
        assert.strictEqual(text(bill.details[0].netAmount), "690")
      }),
    ),
  )

  it.effect(
    "BILL-W-2: a skill without a daily wage on the date is refused naming the skills, changing nothing",
    () =>
      inBills()(
        Effect.gen(function* () {
          const { error, before, after } = yield* refusedUnchanged(
            generate(
              musterRoll([
                ["ws-1", "SOR_UNKNOWN", "3"],
                ["ws-2", "SOR_OTHER", "3"],
              ]),
            ),
          )
          assert.strictEqual(error.code, "DAILY_WAGE_NOT_FOUND")
          assert.deepStrictEqual(error._tag === "DailyWageNotFound" && error.skillCodes, [
            "SOR_UNKNOWN",
            "SOR_OTHER",
          ])
          assert.include(error.message, "2024-06-03")
          assert.deepStrictEqual(after, before)
        }),
      ),
  )

  it.effect(
    "BILL-W-1: a muster roll whose attendees are all at zero makes no bill (MUSTER_ROLL_ZERO_AMOUNT)",
    () =>
      inBills()(
        Effect.gen(function* () {
          const { error, after } = yield* refusedUnchanged(
            generate(
              musterRoll([
                ["ws-1", unskilled, "0"],
                ["ws-2", skilled, "0"],
              ]),
            ),
          )
          assert.strictEqual(error.code, "MUSTER_ROLL_ZERO_AMOUNT")
          assert.include(error.message, "MR/2024-25/000030")
          assert.deepStrictEqual(after, [])
          const empty = yield* Effect.flip(generate(musterRoll([])))
          assert.strictEqual(empty.code, "MUSTER_ROLL_ZERO_AMOUNT")
        }),
      ),
  )

  it.effect("BILL-W-1: wages that round to ₹0 are left out; if all do, MUSTER_ROLL_ZERO_AMOUNT", () =>
    inBills({
      dailyWages: [
        {
          tenantId: configuration.tenantId,
          skillCode: "SOR_TINY",
          effectivePeriod: { effectiveFrom: date("2024-04-01") },
          dailyWage: Money.Rate.makeUnsafe("0.4"),
        },
      ],
    })(
      Effect.gen(function* () {
        const error = yield* Effect.flip(generate(musterRoll([["ws-1", "SOR_TINY", "1"]])))
        assert.strictEqual(error.code, "MUSTER_ROLL_ZERO_AMOUNT")
        const { bill } = yield* generate(
          musterRoll([
            ["ws-1", "SOR_TINY", "1"],
            ["ws-2", "SOR_TINY", "7"],
          ]),
        )
        assert.deepStrictEqual(
          bill.details.map((detail) => [detail.payee.id, detail.lines.length, text(detail.grossAmount)]),
          [["ws-2", 1, "3"]],
        )
      }),
    ),
  )

  it.effect("BILL-2: a muster roll is billed once (DUPLICATE_BILL names the earlier bill)", () =>
    inBills()(
      Effect.gen(function* () {
        const first = yield* generate(musterRoll([["ws-1", unskilled, "5.5"]]))
        const { error, before, after } = yield* refusedUnchanged(
          generate(musterRoll([["ws-1", unskilled, "5.5"]])),
        )
        assert.strictEqual(error.code, "DUPLICATE_BILL")
        assert.include(error.message, first.bill.number)
        assert.include(error.message, "MR/2024-25/000030")
        assert.deepStrictEqual(after, before)
      }),
    ),
  )

  it.effect(
    "BILL-2: a wage bill that would take the order above its amount is refused (BILL_EXCEEDS_CONTRACT)",
    () =>
      inBills()(
        Effect.gen(function* () {
          yield* generate(
            musterRoll([["ws-1", unskilled, "5.5"]], { workOrderId: "wo-small", musterRollId: "mr-a" }),
          )
          const { error, before, after } = yield* refusedUnchanged(
            generate(
              musterRoll([["ws-2", unskilled, "5.5"]], { workOrderId: "wo-small", musterRollId: "mr-b" }),
            ),
          )
          assert.strictEqual(error.code, "BILL_EXCEEDS_CONTRACT")
          assert.include(error.message, "₹3,000.00")
          assert.include(error.message, "₹1,917.00")
          assert.include(error.message, "₹1,083.00")
          assert.deepStrictEqual(after, before)
        }),
      ),
  )

  it.effect("BILL-1: a refused request leaves the number series untouched; the next bill is 000001", () =>
    inBills()(
      Effect.gen(function* () {
        const refused = yield* Effect.flip(generate(musterRoll([["ws-1", unskilled, "5.5"]]), stranger))
        assert.strictEqual(refused.code, "ROLE_NOT_ALLOWED")
        const { bill } = yield* generate(musterRoll([["ws-1", unskilled, "5.5"]]), creator)
        assert.strictEqual(bill.number, "WB/2024-25/000001")
      }),
    ),
  )

  it.effect("BILL-W-1: every input problem is reported together (ERR-3), nothing stored", () =>
    inBills()(
      Effect.gen(function* () {
        const source = musterRoll(
          [
            ["ws-1", unskilled, "1"],
            ["ws-1", unskilled, "2"],
          ],
          {
            tenantId: Config.TenantId.makeUnsafe("od.cuttack"),
            period: { startDate: date("2024-06-09"), endDate: date("2024-06-03") },
          },
        )
        const { error, after } = yield* refusedUnchanged(generate(source))
        assert.strictEqual(error.code, "VALIDATION_FAILED")
        assert.deepStrictEqual(
          error._tag === "ValidationFailed" && error.problems.map((problem) => [problem.field, problem.code]),
          [
            ["tenantId", "TENANT_MISMATCH"],
            ["period.endDate", "PERIOD_END_BEFORE_START"],
            ["attendees[1].wageSeekerId", "ATTENDEE_DUPLICATE"],
          ],
        )
        assert.deepStrictEqual(after, [])
      }),
    ),
  )

  it.effect(
    "BILL-W-1: unknown work order, unregistered wage seeker and missing cess department are typed refusals",
    () =>
      Effect.gen(function* () {
        const unknownOrder = yield* Effect.flip(
          inBills()(generate(musterRoll([["ws-1", unskilled, "1"]], { workOrderId: "wo-none" }))),
        )
        assert.strictEqual(unknownOrder.code, "WORK_ORDER_TERMS_NOT_FOUND")
        assert.include(unknownOrder.message, "wo-none")
        const unknownSeeker = yield* Effect.flip(
          inBills()(
            generate(
              musterRoll([
                ["ws-9", unskilled, "1"],
                ["ws-8", unskilled, "1"],
              ]),
            ),
          ),
        )
        assert.strictEqual(unknownSeeker.code, "PAYEE_NOT_FOUND")
        assert.include(unknownSeeker.message, "ws-9, ws-8")
        const noBoard = yield* Effect.flip(
          inBills({ headDepartments: [] })(generate(musterRoll([["ws-1", unskilled, "1"]]))),
        )
        assert.strictEqual(noBoard.code, "DEDUCTION_DEPARTMENT_MISSING")
        assert.include(noBoard.message, "LC")
      }),
  )

  it.effect(
    "BILL-4: a tenant without the bill workflow cannot submit wage bills (BILL_WORKFLOW_NOT_CONFIGURED)",
    () =>
      inBills()(
        Effect.gen(function* () {
          const withoutBill = {
            ...configuration,
            workflows: configuration.workflows.filter((definition) => definition.code !== "bill") as never,
          }
          const error = yield* Effect.flip(
            WageBill.generate({
              tenantId,
              source: musterRoll([["ws-1", unskilled, "1"]]),
              actor: system,
            }).pipe(withConfiguration(withoutBill)),
          )
          assert.strictEqual(error.code, "BILL_WORKFLOW_NOT_CONFIGURED")
          assert.deepStrictEqual(yield* allBills, [])
        }),
      ),
  )

  it("BILL-W-1: a muster roll carries at most attendeesMax attendees (decoded at the boundary)", () => {
    const { attendeesMax, WageBillSource } = Bills.WageBillSource
    const rowsOf = (count: number) =>
      Array.from({ length: count }, (_, index) => [`ws-${index}`, unskilled, "1"] as const)
    const encode = Schema.encodeSync(WageBillSource)
    const decode = Schema.decodeUnknownExit(WageBillSource)
    const atLimit = encode(musterRoll(rowsOf(attendeesMax)))
    assert.isTrue(Exit.isSuccess(decode(atLimit)))
    const extra = { wageSeekerId: "ws-extra", skillCode: unskilled, effectiveAttendance: "1" }
    assert.isTrue(Exit.isFailure(decode({ ...atLimit, attendees: [...atLimit.attendees, extra] })))
  })

  test.prop([
    fc.array(
      fc.record({
        seeker: fc.constantFrom(...wageSeekers.map((seeker) => seeker.id)),
        skill: fc.constantFrom(unskilled, skilled),
        halfDays: fc.integer({ min: 0, max: 14 }),
      }),
      { maxLength: 4 },
    ),
  ])(
    "BILL-2 / BILL-W-3: every wage bill keeps gross = net + cess per detail, whole rupees, totals adding up",
    async (rows) => {
      const unique = [...new Map(rows.map((row) => [row.seeker, row])).values()]
      const source = musterRoll(unique.map((row) => [row.seeker, row.skill, String(row.halfDays / 2)]))
      const exit = await runExit(inBills()(generate(source)))
      const paying = unique.filter((row) => row.halfDays > 0)
      if (paying.length === 0) {
        assert.isTrue(Exit.isFailure(exit))
        return
      }
      assert.isTrue(Exit.isSuccess(exit))
      if (!Exit.isSuccess(exit)) return
      const { bill } = exit.value
      assert.deepStrictEqual(Bills.Bill.invariantBreaks(bill), [])
      assert.strictEqual(bill.details.length, paying.length)
      for (const detail of bill.details) {
        const cess = Money.Amount.sum(
          detail.lines.filter((line) => line.kind === "deduction").map((line) => line.amount),
        )
        assert.isTrue(detail.grossAmount.equals(detail.netAmount.plus(cess)))
        assert.isTrue(detail.grossAmount.isInteger() && detail.netAmount.isInteger() && cess.isInteger())
      }
      assert.isFalse(bill.grossAmount.greaterThan(amount("1000000")))
    },
  )
})
