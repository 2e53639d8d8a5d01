/**
 * Purchase bills: MC and GST lines (BILL-P-1), system-computed deductions
 * (BILL-P-2), the contract bound (BILL-P-3), the material check (BILL-P-4)
 * and the WF-PB path to approval and its event (BILL-4), by example and by
 * properties.
 */
import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Bills, type Config } from "@karya/core"
import { Effect, Exit, Result, Schema } from "effect"
import {
  allBills,
  amount,
  approver,
  company,
  configuration,
  creator,
  date,
  department,
  inBills,
  proprietor,
  refusedUnchanged,
  runExit,
  tenantId,
  text,
  verifier,
  withConfiguration,
} from "./BillsFixtures.js"

const { PurchaseBill, BillWorkflow } = Bills

const content = (
  overrides: Partial<Bills.PurchaseBill.PurchaseBillContent> = {},
): Bills.PurchaseBill.PurchaseBillContent => ({
  workOrderId: "wo-ia",
  vendorId: proprietor.id,
  invoice: { number: "INV-204", date: date("2024-06-05") },
  materialCostAmount: amount("10000"),
  gstAmount: amount("1800"),
  deductions: [],
  ...overrides,
})

const raise = (
  overrides: Partial<Bills.PurchaseBill.PurchaseBillContent> = {},
  options: { readonly configuration?: Config.TenantConfiguration.TenantConfiguration } = {},
) =>
  PurchaseBill.raise({
    tenantId,
    actor: creator,
    content: content(overrides),
  }).pipe(withConfiguration(options.configuration ?? configuration))

// A tenant that refuses a purchase bill above the material utilized (BILL-P-4).
const refusing: Config.TenantConfiguration.TenantConfiguration = {
  ...configuration,
  bills: { materialCheck: "refuse" },
}

const act = (bill: Bills.Bill.Bill, action: string, actor = verifier, comment?: string) =>
  BillWorkflow.takeAction({
    tenantId,
    billId: bill.id,
    action,
    actor,
    version: bill.version,
    ...(comment === undefined ? {} : { comment }),
  })

const linesOf = (bill: Bills.Bill.Bill) =>
  bill.details.flatMap((detail) =>
    detail.lines.map((line) => `${line.kind} ${line.headCode} ${text(line.amount)}`),
  )

describe("PurchaseBill", () => {
  it("BILL-P-2: MC 10,000 + GST 1,800 → gross 11,800; LC 118, ITTDS 118, GSTTDS 236 → net 11,328", () => {
    const amounts = Result.getOrThrow(
      PurchaseBill.amountsOf({
        content: content(),
        vendor: proprietor,
        heads: configuration.deductionHeads,
        scale: configuration.roundingScales.billLineAmount,
      }),
    )
    assert.strictEqual(text(amounts.grossAmount), "11800")
    assert.deepStrictEqual(
      amounts.deductions.map((deduction) => [deduction.headCode, text(deduction.amount)]),
      [
        ["LC", "118"],
        ["ITTDS", "118"],
        ["GSTTDS", "236"],
      ],
    )
    assert.strictEqual(text(amounts.deductionAmount), "472")
    assert.strictEqual(text(amounts.netAmount), "11328")
  })

  it.effect(
    "BILL-P-1 / BILL-P-2 / BILL-3: the raised bill pays the vendor net and each head to its department",
    () =>
      inBills()(
        Effect.gen(function* () {
          const { bill, events, warnings } = yield* raise()
          assert.strictEqual(bill.number, "PB/2024-25/000001")
          assert.strictEqual(bill.type, "purchase")
          assert.deepStrictEqual(bill.invoice, { number: "INV-204", date: "2024-06-05" })
          assert.deepStrictEqual(bill.period, { startDate: "2024-06-05", endDate: "2024-06-10" })
          assert.deepStrictEqual(linesOf(bill), [
            "payable MC 10000",
            "payable GST 1800",
            "deduction LC 118",
            "deduction ITTDS 118",
            "deduction GSTTDS 236",
          ])
          assert.deepStrictEqual(
            bill.details[0].lines.flatMap((line) => (line.kind === "deduction" ? [line.department.id] : [])),
            [department("LC").id, department("ITTDS").id, department("GSTTDS").id],
          )
          assert.strictEqual(text(bill.grossAmount), "11800")
          assert.strictEqual(text(bill.netAmount), "11328")
          assert.strictEqual(bill.workflow.state, "PENDING_FOR_VERIFICATION")
          assert.deepStrictEqual(events, [])
          assert.deepStrictEqual(warnings, [])
        }),
      ),
  )

  it("BILL-P-2: a vendor other than an individual pays ITTDSOTI 2% instead of ITTDS", () => {
    const amounts = Result.getOrThrow(
      PurchaseBill.amountsOf({
        content: content({ vendorId: company.id }),
        vendor: company,
        heads: configuration.deductionHeads,
        scale: 0,
      }),
    )
    assert.deepStrictEqual(
      amounts.deductions.map((deduction) => [deduction.headCode, text(deduction.amount)]),
      [
        ["LC", "118"],
        ["ITTDSOTI", "236"],
        ["GSTTDS", "236"],
      ],
    )
    assert.strictEqual(text(amounts.netAmount), "11210")
  })

  it("BILL-P-1 / BILL-P-2: MC and GST are rounded to the rupee and zero lines dropped; typed percentage figures are ignored, lump sums kept", () => {
    const amounts = Result.getOrThrow(
      PurchaseBill.amountsOf({
        content: content({
          materialCostAmount: amount("999.5"),
          gstAmount: amount("0.4"),
          deductions: [
            { headCode: "LC", amount: amount("5000") },
            { headCode: "ROM", amount: amount("120") },
          ],
        }),
        vendor: proprietor,
        heads: configuration.deductionHeads,
        scale: 0,
      }),
    )
    assert.deepStrictEqual(
      amounts.payableLines.map((line) => [line.headCode, text(line.amount)]),
      [["MC", "1000"]],
    )
    assert.deepStrictEqual(
      amounts.deductions.map((deduction) => [deduction.headCode, text(deduction.amount)]),
      [
        ["LC", "10"],
        ["ITTDS", "10"],
        ["GSTTDS", "20"],
        ["ROM", "120"],
      ],
    )
    assert.strictEqual(text(amounts.netAmount), "840")
  })

  it.effect(
    "BILL-P-2: deductions that leave the vendor nothing are refused (PURCHASE_NET_NOT_POSITIVE), nothing stored",
    () =>
      inBills()(
        Effect.gen(function* () {
          const { error, after } = yield* refusedUnchanged(
            raise({ deductions: [{ headCode: "ROM", amount: amount("11328") }] }),
          )
          assert.strictEqual(error.code, "PURCHASE_NET_NOT_POSITIVE")
          assert.include(error.message, "₹11,800.00")
          assert.include(error.message, "₹11,800.00")
          assert.deepStrictEqual(after, [])
          const empty = yield* Effect.flip(
            raise({ materialCostAmount: amount("0"), gstAmount: amount("0.2") }),
          )
          assert.strictEqual(empty.code, "PURCHASE_NET_NOT_POSITIVE")
        }),
      ),
  )

  it.effect("BILL-P-2: entered deductions are checked all together (ERR-3)", () =>
    inBills()(
      Effect.gen(function* () {
        const onlyIndividuals: Config.TenantConfiguration.TenantConfiguration = {
          ...configuration,
          deductionHeads: [
            ...configuration.deductionHeads,
            {
              code: "WCF",
              description: "Welfare fund (individuals)",
              calculation: { kind: "lumpsum" },
              appliesTo: "individuals",
            },
          ],
        }
        const { error, after } = yield* refusedUnchanged(
          raise(
            {
              vendorId: company.id,
              invoice: { number: "INV-9", date: date("2024-06-11") },
              deductions: [
                { headCode: "XYZ", amount: amount("1") },
                { headCode: "ROM", amount: amount("10.5") },
                { headCode: "ROM", amount: amount("10") },
                { headCode: "WCF", amount: amount("10") },
                { headCode: "GSTTDS", amount: amount("0.75") },
              ],
            },
            { configuration: onlyIndividuals },
          ),
        )
        assert.strictEqual(error.code, "VALIDATION_FAILED")
        assert.deepStrictEqual(
          error._tag === "ValidationFailed" && error.problems.map((problem) => [problem.field, problem.code]),
          [
            ["invoice.date", "INVOICE_DATE_IN_FUTURE"],
            ["deductions[0].headCode", "DEDUCTION_HEAD_UNKNOWN"],
            ["deductions[1].amount", "BILL_AMOUNT_PLACES_EXCEEDED"],
            ["deductions[2].headCode", "DEDUCTION_HEAD_REPEATED"],
            ["deductions[3].headCode", "DEDUCTION_HEAD_NOT_APPLICABLE"],
          ],
        )
        assert.deepStrictEqual(after, [])
      }),
    ),
  )

  it.effect(
    "BILL-P-3: gross may not exceed the work-order amount less what is billed (BILL_EXCEEDS_CONTRACT)",
    () =>
      inBills()(
        Effect.gen(function* () {
          yield* raise({
            workOrderId: "wo-small",
            materialCostAmount: amount("2000"),
            gstAmount: amount("0"),
          })
          const { error, before, after } = yield* refusedUnchanged(
            raise({
              workOrderId: "wo-small",
              invoice: { number: "INV-205", date: date("2024-06-05") },
              materialCostAmount: amount("1001"),
              gstAmount: amount("0"),
            }),
          )
          assert.strictEqual(error.code, "BILL_EXCEEDS_CONTRACT")
          assert.include(error.message, "at most ₹1,000.00")
          assert.deepStrictEqual(after, before)
          const exact = yield* raise({
            workOrderId: "wo-small",
            invoice: { number: "INV-206", date: date("2024-06-05") },
            materialCostAmount: amount("1000"),
            gstAmount: amount("0"),
          })
          assert.strictEqual(text(exact.bill.grossAmount), "1000")
        }),
      ),
  )

  it.effect(
    "BILL-P-4: above the material utilized and unbilled, the bill is returned with a warning by default",
    () =>
      inBills()(
        Effect.gen(function* () {
          assert.strictEqual(configuration.bills.materialCheck, "warn", "MUKTA's setting warns")
          yield* raise({ materialCostAmount: amount("40000"), gstAmount: amount("0") })
          const { bill, warnings } = yield* raise({
            invoice: { number: "INV-300", date: date("2024-06-05") },
          })
          assert.strictEqual(bill.workflow.state, "PENDING_FOR_VERIFICATION")
          assert.deepStrictEqual(
            warnings.map((warning) => [warning.field, warning.code]),
            [["materialCostAmount", "MATERIAL_NOT_UTILIZED"]],
          )
          assert.include(warnings[0]?.message ?? "", "₹50,000.00 utilized, ₹40,000.00 already billed")
        }),
      ),
  )

  it.effect(
    "BILL-P-4: with the tenant setting, the same bill is refused (MATERIAL_NOT_UTILIZED), nothing stored",
    () =>
      inBills()(
        Effect.gen(function* () {
          yield* raise(
            { materialCostAmount: amount("40000"), gstAmount: amount("0") },
            { configuration: refusing },
          )
          const { error, before, after } = yield* refusedUnchanged(
            raise({ invoice: { number: "INV-300", date: date("2024-06-05") } }, { configuration: refusing }),
          )
          assert.strictEqual(error.code, "MATERIAL_NOT_UTILIZED")
          assert.include(error.message, "WO/2024-25/wo-ia")
          assert.deepStrictEqual(after, before)
          const fits = yield* raise(
            {
              invoice: { number: "INV-301", date: date("2024-06-05") },
              materialCostAmount: amount("10000"),
              gstAmount: amount("0"),
            },
            { configuration: refusing },
          )
          assert.deepStrictEqual(fits.warnings, [])
        }),
      ),
  )

  it.effect("BILL-4: a purchase bill follows WF-PB and its approval emits BillApproved", () =>
    inBills()(
      Effect.gen(function* () {
        const raised = yield* raise()
        const verified = yield* act(raised.bill, "VERIFY_AND_FORWARD", verifier)
        assert.strictEqual(verified.bill.workflow.state, "PENDING_FOR_APPROVAL")
        assert.strictEqual(verified.bill.version, 2)
        assert.deepStrictEqual(verified.events, [])
        const approved = yield* act(verified.bill, "APPROVE", approver)
        assert.strictEqual(approved.bill.workflow.state, "APPROVED")
        const [event] = approved.events
        assert.strictEqual(event?.billNumber, "PB/2024-25/000001")
        assert.deepStrictEqual(event?.bill, approved.bill)
        assert.deepStrictEqual(
          event?.departmentDeductions.map((deduction) => [deduction.headCode, text(deduction.amount)]),
          [
            ["LC", "118"],
            ["ITTDS", "118"],
            ["GSTTDS", "236"],
          ],
        )
        assert.deepStrictEqual(yield* allBills, [approved.bill])
      }),
    ),
  )

  it.effect(
    "BILL-4: a refused action (wrong role, stale version, reject without comment) changes nothing",
    () =>
      inBills()(
        Effect.gen(function* () {
          const { bill } = yield* raise()
          const wrongRole = yield* refusedUnchanged(act(bill, "VERIFY_AND_FORWARD", creator))
          assert.strictEqual(wrongRole.error.code, "ROLE_NOT_ALLOWED")
          assert.deepStrictEqual(wrongRole.after, wrongRole.before)
          const verified = yield* act(bill, "VERIFY_AND_FORWARD", verifier)
          const stale = yield* refusedUnchanged(act(bill, "SEND_BACK", verifier))
          assert.strictEqual(stale.error.code, "STALE_VERSION")
          assert.deepStrictEqual(stale.after, stale.before)
          const silent = yield* refusedUnchanged(act(verified.bill, "REJECT", approver))
          assert.strictEqual(silent.error.code, "VALIDATION_FAILED")
          assert.deepStrictEqual(silent.after, silent.before)
          const unknown = yield* Effect.flip(
            BillWorkflow.takeAction({
              tenantId,
              billId: "no-such-bill",
              action: "APPROVE",
              actor: approver,
              version: 0,
            }),
          )
          assert.strictEqual(unknown.code, "BILL_NOT_FOUND")
        }),
      ),
  )

  it.effect(
    "BILL-2: an invoice is billed once (DUPLICATE_BILL, whatever its case); a rejected bill frees it",
    () =>
      inBills()(
        Effect.gen(function* () {
          const first = yield* raise()
          const { error, before, after } = yield* refusedUnchanged(
            raise({ invoice: { number: " inv-204 ", date: date("2024-06-05") } }),
          )
          assert.strictEqual(error.code, "DUPLICATE_BILL")
          assert.include(error.message, first.bill.number)
          assert.deepStrictEqual(after, before)
          const otherVendor = yield* raise({ vendorId: company.id })
          assert.strictEqual(otherVendor.bill.number, "PB/2024-25/000002")
          const verified = yield* act(first.bill, "VERIFY_AND_FORWARD", verifier)
          const rejected = yield* act(verified.bill, "REJECT", approver, "wrong vendor GSTIN")
          assert.isTrue(Bills.Bill.isRejected(rejected.bill))
          assert.deepStrictEqual(rejected.events, [])
          const again = yield* raise()
          assert.strictEqual(again.bill.number, "PB/2024-25/000003")
        }),
      ),
  )

  it.effect(
    "WF-4: an action on a bill names the bill's own version, as on every workflow entity; the workflow snapshot's version is refused when they differ",
    () =>
      inBills()(
        Effect.gen(function* () {
          const { bill } = yield* raise()
          // Two stored changes that are not workflow moves: the bill's version runs ahead of its snapshot's.
          const repository = yield* Bills.BillRepository.BillRepository
          yield* repository.update({ aggregate: { ...bill, version: 2 }, expectedVersion: 1 })
          yield* repository.update({ aggregate: { ...bill, version: 3 }, expectedVersion: 2 })
          const stored = yield* repository.get({ tenantId, id: bill.id })
          assert.notStrictEqual(stored.version, stored.workflow.version)
          const bySnapshot = yield* refusedUnchanged(
            BillWorkflow.takeAction({
              tenantId,
              billId: bill.id,
              action: "VERIFY_AND_FORWARD",
              actor: verifier,
              version: stored.workflow.version,
            }),
          )
          assert.strictEqual(bySnapshot.error.code, "STALE_VERSION")
          assert.deepStrictEqual(bySnapshot.after, bySnapshot.before)
          const verified = yield* act(stored, "VERIFY_AND_FORWARD", verifier)
          assert.strictEqual(verified.bill.version, stored.version + 1)
          assert.strictEqual(verified.bill.workflow.state, "PENDING_FOR_APPROVAL")
        }),
      ),
  )

  it.effect("BILL-P-1: a vendor that is not registered, or an unknown work order, is a typed refusal", () =>
    inBills()(
      Effect.gen(function* () {
        const vendor = yield* Effect.flip(raise({ vendorId: "org-ghost" }))
        assert.strictEqual(vendor.code, "PAYEE_NOT_FOUND")
        assert.include(vendor.message, "organisation org-ghost")
        const order = yield* Effect.flip(raise({ workOrderId: "wo-ghost" }))
        assert.strictEqual(order.code, "WORK_ORDER_TERMS_NOT_FOUND")
        assert.deepStrictEqual(yield* allBills, [])
      }),
    ),
  )

  it("BILL-P-2: a purchase bill enters at most enteredDeductionsMax deductions (decoded at the boundary)", () => {
    const { enteredDeductionsMax, PurchaseBillContent } = PurchaseBill
    const withDeductions = (count: number) => ({
      ...Schema.encodeSync(PurchaseBillContent)(content()),
      deductions: Array.from({ length: count }, () => ({ headCode: "ROM", amount: "1" })),
    })
    const decode = Schema.decodeUnknownExit(PurchaseBillContent)
    assert.isTrue(Exit.isSuccess(decode(withDeductions(enteredDeductionsMax))))
    assert.isTrue(Exit.isFailure(decode(withDeductions(enteredDeductionsMax + 1))))
  })

  test.prop([
    fc.array(
      fc.record({
        materialCost: fc.integer({ min: 0, max: 2_500 }),
        paise: fc.integer({ min: 0, max: 99 }),
        gstPercent: fc.constantFrom(0, 5, 12, 18, 28),
        rom: fc.integer({ min: 0, max: 600 }),
        vendor: fc.constantFrom(proprietor.id, company.id),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  ])(
    "BILL-2 / BILL-P-2 / BILL-P-3: every purchase bill keeps gross = net + deductions, net > 0, whole rupees, within the order",
    async (bills) => {
      const program = Effect.gen(function* () {
        for (const [index, drawn] of bills.entries()) {
          const materialCost = amount(`${drawn.materialCost}.${String(drawn.paise).padStart(2, "0")}`)
          const gst = amount(String(Math.floor((drawn.materialCost * drawn.gstPercent) / 100)))
          yield* Effect.exit(
            raise({
              workOrderId: "wo-small",
              vendorId: drawn.vendor,
              invoice: { number: `INV-${index}`, date: date("2024-06-01") },
              materialCostAmount: materialCost,
              gstAmount: gst,
              deductions: drawn.rom === 0 ? [] : [{ headCode: "ROM", amount: amount(String(drawn.rom)) }],
            }),
          )
        }
        return yield* allBills
      })
      const exit = await runExit(inBills()(program))
      assert.isTrue(Exit.isSuccess(exit))
      if (!Exit.isSuccess(exit)) return
      for (const bill of exit.value) {
        assert.deepStrictEqual(Bills.Bill.invariantBreaks(bill), [])
        assert.isTrue(bill.netAmount.greaterThan(0))
        assert.isTrue(bill.details.every((detail) => detail.lines.every((line) => line.amount.isInteger())))
      }
      assert.isFalse(Bills.Bill.billedOnWorkOrder(exit.value, "wo-small").greaterThan(amount("3000")))
    },
  )
})
