/**
 * Test support for bills (spec 05-attendance-bills.md BILL-1..4): the
 * `BillRepository` conformance suite every implementation runs (memory,
 * PGlite, server Postgres), bill fixtures with workflow snapshots in a chosen
 * state, a fast-check arbitrary of sound bills of every type (for the
 * payments module's properties too), and one Layer with every bills port in
 * memory. Suite tests draw fresh ids, so they also pass against a database
 * that keeps its rows between runs.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { DateTime, Effect, Exit, Layer, Result } from "effect"
import * as fc from "fast-check"
import * as Bill from "../bills/Bill.js"
import * as BillRepository from "../bills/BillRepository.js"
import * as BillWorkflow from "../bills/BillWorkflow.js"
import * as DailyWages from "../bills/DailyWages.js"
import * as Bills from "../bills/index.js"
import * as MeasurementEntries from "../bills/MeasurementEntries.js"
import * as Payees from "../bills/Payees.js"
import * as WorkOrderTerms from "../bills/WorkOrderTerms.js"
import * as TenantId from "../config/TenantId.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import * as IdSequence from "../ids/IdSequence.js"
import * as Amount from "../money/Amount.js"
import { sha256Hex } from "../persistence/internal/CanonicalJson.js"
import * as LocalDate from "../time/LocalDate.js"
import type { Actor } from "../workflow/Actor.js"
import { muktaWorkflows } from "../workflow/MuktaWorkflows.js"
import * as WorkflowEngine from "../workflow/WorkflowEngine.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import { type AggregateSeed, type AggregateStoreFixture, AggregateStoreSuite } from "./AggregateStoreSuite.js"
import type { ConformanceLaw } from "./ConformanceLaws.js"

/**
 * The workflow states fixtures can put a bill in.
 *
 * @since 0.1.0
 * @category testing
 */
export type BillFixtureState = "APPROVED" | "PENDING_FOR_VERIFICATION" | "REJECTED"

/**
 * The instant fixture transitions are dated.
 *
 * @since 0.1.0
 * @category testing
 */
export const billFixtureInstant: DateTime.Utc = DateTime.makeUnsafe("2024-06-10T06:30:00.000Z")

const everyBillRole = (tenantId: TenantId.TenantId): Actor => ({
  userId: "bills-fixture",
  grants: ["SYSTEM", "BILL_CREATOR", "BILL_VERIFIER", "BILL_APPROVER"].map((role) => ({ role, tenantId })),
})

const purchasePaths: Readonly<Record<BillFixtureState, ReadonlyArray<string>>> = {
  PENDING_FOR_VERIFICATION: ["SUBMIT"],
  APPROVED: ["SUBMIT", "VERIFY_AND_FORWARD", "APPROVE"],
  REJECTED: ["SUBMIT", "VERIFY_AND_FORWARD", "REJECT"],
}

/**
 * A bill's workflow snapshot in a state, reached through the MUKTA workflow
 * its type follows (WF-BILL for wage and supervision bills, which know only
 * APPROVED; WF-PB for the others).
 *
 * @since 0.1.0
 * @category testing
 */
export const billSnapshotIn = (options: {
  readonly entityId: string
  readonly tenantId: TenantId.TenantId
  readonly type: Bill.BillType
  readonly state: BillFixtureState
}): WorkflowSnapshot.WorkflowSnapshot => {
  const isGenerated = BillWorkflow.workflowCodeOf(options.type) === BillWorkflow.billWorkflowCode
  const definition = isGenerated ? muktaWorkflows.bill : muktaWorkflows.purchaseBill
  const path = isGenerated ? ["SUBMIT"] : purchasePaths[options.state]
  let snapshot = WorkflowSnapshot.initial({
    entityId: options.entityId,
    tenantId: options.tenantId,
    definitionCode: definition.code,
  })
  for (const action of path) {
    const event = {
      type: action,
      actor: everyBillRole(options.tenantId),
      version: snapshot.version,
      at: billFixtureInstant,
      ...(action === "REJECT" ? { comment: "rejected by the fixture" } : {}),
    }
    snapshot = Result.getOrThrow(WorkflowEngine.transition(definition, snapshot, event))
  }
  return snapshot
}

/**
 * A department payee for each deduction head fixtures use.
 *
 * @since 0.1.0
 * @category testing
 */
export const billDepartmentOfHead = (headCode: string): Bill.Payee => ({
  id: `department-${headCode.toLowerCase()}`,
  kind: "department",
  name: `Department receiving ${headCode}`,
  deducteeType: "otherThanIndividual",
})

/**
 * A sound bill (BILL-2) for fixtures: one detail per payee given, each with a
 * payable line of `grossAmount` and, when `deductionAmount` is given, an LC
 * deduction.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleBill = (options: {
  readonly id: EntityId.EntityId
  readonly tenantId: TenantId.TenantId
  readonly workOrderId: string
  readonly type: Bill.BillType
  readonly state: BillFixtureState
  readonly sourceDocuments: ReadonlyArray<Bill.SourceDocument>
  readonly payees: readonly [Bill.Payee, ...Array<Bill.Payee>]
  readonly grossAmount: Amount.Amount
  readonly deductionAmount?: Amount.Amount
  readonly billDate?: LocalDate.LocalDate
}): Bill.Bill => {
  const deduction = options.deductionAmount
  const lines: readonly [Bill.BillLine, ...Array<Bill.BillLine>] = [
    { kind: "payable", headCode: Bill.wageHeadCode, amount: options.grossAmount },
    ...(deduction === undefined || Amount.isZero(deduction)
      ? []
      : [
          {
            kind: "deduction" as const,
            headCode: Bill.labourCessHeadCode,
            amount: deduction,
            department: billDepartmentOfHead(Bill.labourCessHeadCode),
          },
        ]),
  ]
  const [firstPayee, ...otherPayees] = options.payees
  const details: readonly [Bill.BillDetail, ...Array<Bill.BillDetail>] = [
    Bill.makeDetail({ payee: firstPayee, lines }),
    ...otherPayees.map((payee) => Bill.makeDetail({ payee, lines })),
  ]
  const billDate = options.billDate ?? LocalDate.makeUnsafe("2024-06-10")
  return {
    id: options.id,
    tenantId: options.tenantId,
    number: HumanNumber.makeUnsafe(`FX/${options.id.slice(0, 8)}`),
    type: options.type,
    billDate,
    workOrderId: options.workOrderId,
    period: { startDate: LocalDate.addDays(billDate, -6), endDate: billDate },
    payer: options.tenantId,
    details,
    ...Bill.totalsOf(details),
    sourceDocuments: options.sourceDocuments,
    workflow: billSnapshotIn({
      entityId: options.id,
      tenantId: options.tenantId,
      type: options.type,
      state: options.state,
    }),
    version: 1,
  }
}

/**
 * Whole-rupee amounts up to ₹1,00,00,000 as bigints (exact and quick to split).
 */
const rupeesArbitrary = fc.bigInt({ min: 0n, max: 10_000_000n })

const amountOfRupees = (rupees: bigint): Amount.Amount => Amount.makeUnsafe(rupees.toString())

const payableHeadOf: Readonly<Record<Bill.BillType, ReadonlyArray<string>>> = {
  wage: [Bill.wageHeadCode],
  purchase: [Bill.materialCostHeadCode, Bill.gstHeadCode],
  supervision: [Bill.supervisionChargeHeadCode],
  contractorRunning: [Bill.measuredWorkHeadCode],
  contractorFinal: [Bill.measuredWorkHeadCode],
  advance: [Bill.advanceHeadCode],
}

const deductionHeads = ["LC", "ITTDS", "ITTDSOTI", "GSTTDS", "ROM"] as const

const detailArbitrary = (type: Bill.BillType, payee: Bill.Payee): fc.Arbitrary<Bill.BillDetail> =>
  fc
    .record({
      payables: fc.tuple(
        rupeesArbitrary,
        fc.array(rupeesArbitrary, { maxLength: payableHeadOf[type].length - 1 }),
      ),
      shares: fc.array(fc.tuple(fc.constantFrom(...deductionHeads), fc.integer({ min: 0, max: 100 })), {
        maxLength: 3,
      }),
      recoveryShare: fc.integer({ min: 0, max: 100 }),
    })
    .map(({ payables, shares, recoveryShare }) => {
      const [firstRupees, otherRupees] = payables
      const gross = [firstRupees, ...otherRupees].reduce((sum, rupees) => sum + rupees, 0n)
      const heads = [...new Map(shares).entries()]
      const slots = BigInt(heads.length + 1)
      const deductions = heads.map(
        ([headCode, share]): Bill.BillLine => ({
          kind: "deduction",
          headCode,
          amount: amountOfRupees((gross * BigInt(share)) / 100n / slots),
          department: billDepartmentOfHead(headCode),
        }),
      )
      const isContractor = type === "contractorRunning" || type === "contractorFinal"
      const recoveries: ReadonlyArray<Bill.BillLine> = isContractor
        ? [
            {
              kind: "recovery",
              headCode: Bill.retentionMoneyHeadCode,
              amount: amountOfRupees((gross * BigInt(recoveryShare)) / 100n / slots),
            },
          ]
        : []
      const payableOf = (rupees: bigint, index: number): Bill.BillLine => ({
        kind: "payable",
        headCode: payableHeadOf[type][index] ?? Bill.wageHeadCode,
        amount: amountOfRupees(rupees),
      })
      const otherLines = [
        ...otherRupees.map((rupees, index) => payableOf(rupees, index + 1)),
        ...deductions,
        ...recoveries,
      ]
      return Bill.makeDetail({ payee, lines: [payableOf(firstRupees, 0), ...otherLines] })
    })

const payeeArbitrary: fc.Arbitrary<Bill.Payee> = fc.record({
  id: fc.uuid(),
  kind: fc.constantFrom("individual", "organisation"),
  name: fc.constantFrom("Sabita Nayak", "Maa Tarini SHG", "Kalinga Traders", "Rama Behera"),
  deducteeType: fc.constantFrom("individual", "otherThanIndividual"),
})

/**
 * Sound bills (BILL-2) of every type, in a random workflow state allowed by
 * their type, with 1 to 5 details of whole-rupee lines.
 *
 * @since 0.1.0
 * @category testing
 */
export const billArbitrary = (options: {
  readonly tenantId: TenantId.TenantId
  readonly types?: ReadonlyArray<Bill.BillType>
  readonly states?: ReadonlyArray<BillFixtureState>
}): fc.Arbitrary<Bill.Bill> =>
  fc
    .record({
      id: fc.uuid({ version: 4 }),
      type: fc.constantFrom(...(options.types ?? Bill.BillType.literals)),
      state: fc.constantFrom(
        ...(options.states ?? (["APPROVED", "PENDING_FOR_VERIFICATION", "REJECTED"] as const)),
      ),
      workOrderId: fc.constantFrom("wo-1", "wo-2"),
      payees: fc.uniqueArray(payeeArbitrary, { minLength: 1, maxLength: 5, selector: (payee) => payee.id }),
      sequence: fc.integer({ min: 1, max: 999_999 }),
    })
    .chain((drawn) =>
      fc.tuple(...drawn.payees.map((payee) => detailArbitrary(drawn.type, payee))).map((details) => {
        const [first, ...rest] = details
        assert.isDefined(first, "a bill has a detail per payee, and at least one payee")
        const id = EntityId.makeUnsafe(drawn.id)
        const state =
          BillWorkflow.workflowCodeOf(drawn.type) === BillWorkflow.billWorkflowCode ? "APPROVED" : drawn.state
        const billDate = LocalDate.makeUnsafe("2024-06-10")
        const bill: Bill.Bill = {
          id,
          tenantId: options.tenantId,
          number: HumanNumber.makeUnsafe(`XB/2024-25/${String(drawn.sequence).padStart(6, "0")}`),
          type: drawn.type,
          billDate,
          workOrderId: drawn.workOrderId,
          period: { startDate: LocalDate.addDays(billDate, -6), endDate: billDate },
          payer: options.tenantId,
          details: [first, ...rest],
          ...Bill.totalsOf(details),
          sourceDocuments: [],
          workflow: billSnapshotIn({ entityId: id, tenantId: options.tenantId, type: drawn.type, state }),
          version: 1,
        }
        return bill
      }),
    )

/**
 * What the memory ports of bills start with.
 *
 * @since 0.1.0
 * @category testing
 */
export interface BillsSeed {
  readonly dailyWages: ReadonlyArray<DailyWages.DailyWage>
  readonly workOrders: ReadonlyArray<WorkOrderTerms.Terms>
  readonly payees: ReadonlyArray<Payees.RegisteredPayee>
  readonly headDepartments: ReadonlyArray<Payees.HeadDepartment>
  readonly measurementEntries: ReadonlyArray<MeasurementEntries.ApprovedEntry>
}

/**
 * Every port the bill use cases need, in memory: an empty bill repository
 * and number sequence, and the input ports over `seed`.
 *
 * @since 0.1.0
 * @category testing
 */
export const billsLayerMemory = (
  seed: BillsSeed,
): Layer.Layer<
  | BillRepository.BillRepository
  | IdSequence.IdSequence
  | DailyWages.DailyWages
  | WorkOrderTerms.WorkOrderTerms
  | Payees.Payees
  | MeasurementEntries.MeasurementEntries
> =>
  Layer.mergeAll(
    Bills.layerMemory,
    IdSequence.layerMemory,
    DailyWages.layerMemory(seed.dailyWages),
    WorkOrderTerms.layerMemory(seed.workOrders),
    Payees.layerMemory({ payees: seed.payees, headDepartments: seed.headDepartments }),
    MeasurementEntries.layerMemory(seed.measurementEntries),
  )

const suiteTenant = TenantId.makeUnsafe("od.billsuite")
const otherTenant = TenantId.makeUnsafe("od.billsuiteother")

const suitePayee: Bill.Payee = {
  id: "suite-wage-seeker",
  kind: "individual",
  name: "Suite Wage Seeker",
  deducteeType: "individual",
}

const freshBill = (options: {
  readonly workOrderId: string
  readonly type?: Bill.BillType
  readonly state?: BillFixtureState
  readonly sourceDocuments?: ReadonlyArray<Bill.SourceDocument>
  readonly tenantId?: TenantId.TenantId
}) =>
  Effect.map(EntityId.make, (id) =>
    sampleBill({
      id,
      tenantId: options.tenantId ?? suiteTenant,
      workOrderId: options.workOrderId,
      type: options.type ?? "purchase",
      state: options.state ?? "PENDING_FOR_VERIFICATION",
      sourceDocuments: options.sourceDocuments ?? [],
      payees: [suitePayee],
      grossAmount: Amount.makeUnsafe("1917"),
      deductionAmount: Amount.makeUnsafe("19"),
    }),
  )

const freshDocument = (kind: Bill.SourceDocument["kind"]) =>
  Effect.map(EntityId.make, (id): Bill.SourceDocument => ({ kind, id, number: `DOC/${id.slice(0, 8)}` }))

const withState = (bill: Bill.Bill, state: BillFixtureState): Bill.Bill => ({
  ...bill,
  workflow: billSnapshotIn({ entityId: bill.id, tenantId: bill.tenantId, type: bill.type, state }),
  version: bill.version + 1,
})

const repository = BillRepository.BillRepository

const idsOf = (bills: ReadonlyArray<Bill.Bill>): ReadonlySet<string> => new Set(bills.map((bill) => bill.id))

const billRepositoryLaws: ReadonlyArray<ConformanceLaw<BillRepository.BillRepository>> = [
  [
    "BILL-2: queries by work order, source document and type find the tenant's bills",
    Effect.gen(function* () {
      const store = yield* repository
      const workOrderId = yield* EntityId.make
      const musterRoll = yield* freshDocument("musterRoll")
      const wage = yield* freshBill({
        workOrderId,
        type: "wage",
        state: "APPROVED",
        sourceDocuments: [musterRoll],
      })
      const purchase = yield* freshBill({ workOrderId, type: "purchase" })
      const otherOrder = yield* freshBill({
        workOrderId: yield* EntityId.make,
        type: "wage",
        state: "APPROVED",
      })
      const foreign = yield* freshBill({
        workOrderId,
        tenantId: otherTenant,
        type: "wage",
        state: "APPROVED",
      })
      for (const bill of [wage, purchase, otherOrder, foreign]) yield* store.insert({ aggregate: bill })
      const ofOrder = yield* BillRepository.billsOfWorkOrder({ tenantId: suiteTenant, workOrderId })
      assert.deepStrictEqual(idsOf(ofOrder), new Set([wage.id, purchase.id]))
      const ofDocument = yield* BillRepository.billsOfSourceDocument({
        tenantId: suiteTenant,
        sourceDocument: musterRoll,
      })
      assert.deepStrictEqual(
        ofDocument.map((bill) => bill.id),
        [wage.id],
      )
      const wages = yield* store.find({
        tenantId: suiteTenant,
        where: { type: "wage", id: [wage.id, purchase.id, otherOrder.id, foreign.id] },
        limit: 10,
      })
      assert.deepStrictEqual(idsOf(wages.items), new Set([wage.id, otherOrder.id]))
    }),
  ],
  [
    "BILL-2: a source document is held by one active bill; a rejected bill frees it",
    Effect.gen(function* () {
      const store = yield* repository
      const workOrderId = yield* EntityId.make
      const invoice = yield* freshDocument("invoice")
      const first = yield* freshBill({ workOrderId, sourceDocuments: [invoice] })
      yield* store.insert({ aggregate: first })
      const second = yield* freshBill({ workOrderId, sourceDocuments: [invoice] })
      const duplicate = yield* Effect.flip(store.insert({ aggregate: second }))
      assert.strictEqual(duplicate._tag, "DuplicateBill")
      if (duplicate._tag === "DuplicateBill") {
        assert.strictEqual(duplicate.code, "DUPLICATE_BILL")
        assert.strictEqual(duplicate.existingBillId, first.id)
        assert.strictEqual(duplicate.sourceNumber, invoice.number)
      }
      assert.strictEqual(
        (yield* Effect.flip(store.get({ tenantId: suiteTenant, id: second.id }))).code,
        "BILL_NOT_FOUND",
      )
      yield* store.update({ aggregate: withState(first, "REJECTED"), expectedVersion: 1 })
      yield* store.insert({ aggregate: second })
      const holders = yield* BillRepository.billsOfSourceDocument({
        tenantId: suiteTenant,
        sourceDocument: invoice,
      })
      assert.strictEqual(holders.filter(Bill.isActive).length, 1)
    }),
  ],
  [
    "BILL-2: of concurrent bills for one source document exactly one is stored",
    Effect.gen(function* () {
      const store = yield* repository
      const workOrderId = yield* EntityId.make
      const musterRoll = yield* freshDocument("musterRoll")
      const bills = yield* Effect.all(
        Array.from({ length: 10 }, () =>
          freshBill({ workOrderId, type: "wage", state: "APPROVED", sourceDocuments: [musterRoll] }),
        ),
      )
      const exits = yield* Effect.all(
        bills.map((bill) => Effect.exit(store.insert({ aggregate: bill }))),
        { concurrency: "unbounded" },
      )
      assert.strictEqual(exits.filter(Exit.isSuccess).length, 1)
      const holders = yield* BillRepository.billsOfSourceDocument({
        tenantId: suiteTenant,
        sourceDocument: musterRoll,
      })
      assert.strictEqual(holders.length, 1)
    }),
  ],
]

// Deterministic ids and keys of a fixture seed (the suite draws the tenants).
const seedHex = (seed: AggregateSeed, salt: string): string =>
  sha256Hex(`${seed.tenantId}/${seed.index}/${salt}`)

const seedEntityId = (seed: AggregateSeed, salt: string): EntityId.EntityId => {
  const hex = seedHex(seed, salt)
  return EntityId.makeUnsafe(
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
  )
}

const fixtureTypes: ReadonlyArray<Bill.BillType> = ["wage", "purchase", "contractorRunning", "supervision"]
const fixtureGrossAmounts = ["1917", "250.50", "99.99", "1917.00", "12000"]
const fixtureDates = ["2024-06-10", "2024-05-31", "2025-01-02", "2024-06-10", "2023-12-31"]

const pick = <T>(values: ReadonlyArray<T>, index: number): T => values[index % values.length] as T

// The `index`-th bill of a tenant: active (it holds its source documents),
// one source document, or two on every other index (BILL-2 claims each).
const makeBill = (seed: AggregateSeed): Bill.Bill => {
  const documents: ReadonlyArray<Bill.SourceDocument> = Array.from(
    { length: 1 + (seed.index % 2) },
    (_, position) => ({
      kind: position === 0 ? "musterRoll" : "invoice",
      id: seedHex(seed, `source-${position}`).slice(0, 24),
      number: `DOC/${seed.index}/${position}`,
    }),
  )
  return sampleBill({
    id: seedEntityId(seed, "id"),
    tenantId: seed.tenantId,
    workOrderId: `WO-${seed.index % 3}`,
    type: pick(fixtureTypes, seed.index),
    state: "PENDING_FOR_VERIFICATION",
    sourceDocuments: documents,
    payees: [{ ...suitePayee, id: `payee-${seed.index % 4}` }],
    grossAmount: Amount.makeUnsafe(pick(fixtureGrossAmounts, seed.index)),
    deductionAmount: Amount.makeUnsafe(seed.index % 2 === 0 ? "19" : "0"),
    billDate: LocalDate.makeUnsafe(pick(fixtureDates, seed.index)),
  })
}

/**
 * The bill store's fixture for `AggregateStoreSuite`: the generic laws plus
 * the bill's own (BILL-2's queries and one active bill per source document).
 *
 * @since 0.1.0
 * @category testing
 */
export const billStoreFixture: AggregateStoreFixture<
  BillRepository.BillRepository,
  Bill.Bill,
  keyof typeof BillRepository.descriptor.columns,
  BillRepository.DuplicateBill,
  BillRepository.BillNotFound,
  never
> = {
  port: BillRepository.BillRepository,
  descriptor: BillRepository.descriptor,
  make: makeBill,
  revise: (bill) => ({
    ...bill,
    version: bill.version + 1,
    billDate: LocalDate.addDays(bill.billDate, 7),
    workOrderId: `${bill.workOrderId}-r${bill.version + 1}`,
  }),
  clash: (holder, seed) => ({
    ...makeBill(seed),
    version: seed.version,
    sourceDocuments: holder.sourceDocuments,
  }),
  laws: billRepositoryLaws,
}

/**
 * Registers the `BillRepository` conformance tests for one implementation:
 * `AggregateStoreSuite` with `billStoreFixture` (ARCH-3, BILL-2, TEN-1, DB-4,
 * REL-5).
 *
 * @since 0.1.0
 * @category testing
 */
export const BillRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<BillRepository.BillRepository, E>,
): void => AggregateStoreSuite(name, layer, billStoreFixture)

/**
 * The bills module's store fixtures, for the suites that run every store.
 *
 * @since 0.1.0
 * @category testing
 */
export const billsStoreFixtures = [billStoreFixture] as const
