/**
 * Shared fixtures of the bills tests: Dhenkanal's MUKTA configuration, a
 * registry of wage seekers, organisations and departments, daily wages, work
 * orders of each CBO role, the in-memory ports, the test instant (Monday
 * 10 June 2024, 12:00 IST) and helpers to read the whole bill store.
 */
import { Bills, Config, Money, Persistence, Time, type Workflow } from "@karya/core"
import { type BillsSeed, billsLayerMemory, withTenantConfiguration } from "@karya/core/testing"
import { DateTime, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"

export const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
export const configuration = Config.TenantConfiguration.mukta({ tenantId, cityCode: "DK" })
export const now = DateTime.makeUnsafe("2024-06-10T06:30:00.000Z")
export const today = Time.LocalDate.makeUnsafe("2024-06-10")
export const date = Time.LocalDate.makeUnsafe
export const amount = Money.Amount.makeUnsafe
export const quantity = Money.Quantity.makeUnsafe
export const text = Money.Amount.toCanonicalString

export const unskilled = "SOR_000197"
export const skilled = "SOR_000198"

const actor = (userId: string, role: string): Workflow.Actor.Actor => ({
  userId,
  grants: [{ role, tenantId }],
})
export const system = Bills.BillWorkflow.systemActor(tenantId)
export const creator = actor("je-1", "BILL_CREATOR")
export const verifier = actor("ee-1", "BILL_VERIFIER")
export const approver = actor("eo-1", "BILL_APPROVER")
export const stranger = actor("x-1", "ESTIMATE_CREATOR")

const individual = (id: string, name: string): Bills.Bill.Payee => ({
  id,
  kind: "individual",
  name,
  deducteeType: "individual",
})

export const wageSeekers = [
  individual("ws-1", "Sabita Nayak"),
  individual("ws-2", "Rama Behera"),
  individual("ws-3", "Gita Sahoo"),
  individual("ws-4", "Bijay Das"),
] as const

export const cbo: Bills.Bill.Payee = {
  id: "org-cbo",
  kind: "organisation",
  name: "Maa Tarini SHG",
  deducteeType: "otherThanIndividual",
}

/** A proprietorship: an organisation deducted as an individual (BILL-P-2's example). */
export const proprietor: Bills.Bill.Payee = {
  id: "org-kalinga",
  kind: "organisation",
  name: "Kalinga Traders",
  deducteeType: "individual",
}

export const company: Bills.Bill.Payee = {
  id: "org-utkal",
  kind: "organisation",
  name: "Utkal Cement Pvt Ltd",
  deducteeType: "otherThanIndividual",
}

export const department = (headCode: string): Bills.Bill.Payee => ({
  id: `dept-${headCode.toLowerCase()}`,
  kind: "department",
  name: `${headCode} receiving department`,
  deducteeType: "otherThanIndividual",
})

export const workOrder = (
  workOrderId: string,
  overrides: Partial<Bills.WorkOrderTerms.Terms> = {},
): Bills.WorkOrderTerms.Terms => ({
  tenantId,
  workOrderId,
  workOrderNumber: `WO/2024-25/${workOrderId}`,
  amount: amount("1000000"),
  organisationId: cbo.id,
  cboRole: "IA",
  materialUtilizedAmount: amount("50000"),
  milestones: "none",
  ...overrides,
})

export const headCodes = ["LC", "ITTDS", "ITTDSOTI", "GSTTDS", "ROM", "DMF", "EMF", "ECB"] as const

export const seed: BillsSeed = {
  dailyWages: [
    {
      tenantId: Config.TenantId.makeUnsafe("od"),
      skillCode: unskilled,
      effectivePeriod: { effectiveFrom: date("2024-04-01") },
      dailyWage: Money.Rate.makeUnsafe("345"),
    },
    {
      tenantId,
      skillCode: skilled,
      effectivePeriod: { effectiveFrom: date("2024-04-01") },
      dailyWage: Money.Rate.makeUnsafe("450"),
    },
  ],
  workOrders: [
    workOrder("wo-ia"),
    workOrder("wo-ip", { cboRole: "IP" }),
    workOrder("wo-small", { amount: amount("3000") }),
    workOrder("wo-milestones", { milestones: "incomplete" }),
    workOrder("wo-orphan", { organisationId: "org-unregistered" }),
  ],
  payees: [...wageSeekers, cbo, proprietor, company].map((payee) => ({ tenantId, payee })),
  headDepartments: headCodes.map((headCode) => ({
    // The welfare board is a state body: its entry in "od" serves every ULB (TEN-1).
    tenantId: headCode === "LC" ? Config.TenantId.makeUnsafe("od") : tenantId,
    headCode,
    department: department(headCode),
  })),
  measurementEntries: [],
}

export const layerOf = (overrides: Partial<BillsSeed> = {}) =>
  Layer.merge(billsLayerMemory({ ...seed, ...overrides }), Config.TenantSettings.layerMemory([configuration]))

/** Runs a request with another configuration of the tenant (a setting under test). */
export const withConfiguration = withTenantConfiguration

/** Runs a test body at the test instant with the in-memory ports. */
export const inBills =
  (overrides: Partial<BillsSeed> = {}) =>
  <A, E, R>(body: Effect.Effect<A, E, R>) =>
    Effect.gen(function* () {
      yield* TestClock.setTime(DateTime.toEpochMillis(now))
      return yield* body
    }).pipe(Effect.provide(layerOf(overrides)))

export const musterRoll = (
  attendees: ReadonlyArray<readonly [string, string, string]>,
  overrides: Partial<Bills.WageBillSource.WageBillSource> = {},
): Bills.WageBillSource.WageBillSource => ({
  tenantId,
  musterRollId: "mr-1",
  musterRollNumber: "MR/2024-25/000030",
  workOrderId: "wo-ia",
  period: { startDate: date("2024-06-03"), endDate: date("2024-06-09") },
  attendees: attendees.map(([wageSeekerId, skillCode, days]) => ({
    wageSeekerId,
    skillCode,
    effectiveAttendance: quantity(days),
  })),
  ...overrides,
})

const billTypes = Bills.Bill.BillType.literals

/** Every bill of the tenant, by type then order: the repository's whole state for the tenant. */
export const allBills = Effect.gen(function* () {
  const repository = yield* Bills.BillRepository.BillRepository
  const lists = yield* Effect.forEach(billTypes, (type) =>
    Persistence.AggregateStore.findAll(
      repository,
      { tenantId, where: { type }, orderBy: "billDate" },
      { itemsMax: Bills.BillRepository.billsPerWorkOrderMax },
    ),
  )
  return lists.flat()
})

/** Runs a request that must be refused, and checks it left the bill store as it was (ERR-2). */
export const refusedUnchanged = <A, E, R>(request: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const before = yield* allBills
    const error = yield* Effect.flip(request)
    const after = yield* allBills
    return { error, before, after }
  })

/** Runs a test program under a TestClock (for properties outside `it.effect`). */
export const runExit = <A, E>(program: Effect.Effect<A, E>) =>
  Effect.runPromiseExit(program.pipe(Effect.provide(TestClock.layer())))
