/**
 * Test support for the contracts module (spec 04 WO, TE, CLOSE): sample
 * records, a fresh tenant per test, snapshots in a given workflow state,
 * fast-check arbitraries for approved estimates, and the store fixtures of
 * the contracts aggregates (`contractsStoreFixtures`), which every
 * implementation of their stores passes through `AggregateStoreSuite`
 * (`WorkOrderRepositorySuite`, `WorkOrderRevisionRepositorySuite`,
 * `ProjectClosureRepositorySuite`). Each law works in fresh tenants, so the
 * suites also pass against a database that keeps its state.
 *
 * @since 0.1.0
 */
import { assert } from "@effect/vitest"
import { DateTime, Effect, Layer, Option } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import * as TenantConfiguration from "../config/TenantConfiguration.js"
import * as TenantId from "../config/TenantId.js"
import * as TenantSettings from "../config/TenantSettings.js"
import type { ApprovedEstimate } from "../contracts/ApprovedEstimates.js"
import * as ApprovedEstimates from "../contracts/ApprovedEstimates.js"
import * as AttendanceRegisters from "../contracts/AttendanceRegisters.js"
import * as Contracts from "../contracts/index.js"
import * as MusterRollStatus from "../contracts/MusterRollStatus.js"
import type { OrganisationStanding } from "../contracts/Organisations.js"
import * as Organisations from "../contracts/Organisations.js"
import type { ProjectClosure } from "../contracts/ProjectClosure.js"
import * as ProjectClosureRepository from "../contracts/ProjectClosureRepository.js"
import type { WorkOrder } from "../contracts/WorkOrder.js"
import * as WorkOrderIssue from "../contracts/WorkOrderIssue.js"
import * as WorkOrderRepository from "../contracts/WorkOrderRepository.js"
import type { WorkOrderRevision } from "../contracts/WorkOrderRevision.js"
import * as WorkOrderRevisionRepository from "../contracts/WorkOrderRevisionRepository.js"
import * as WorkOrderWorkflow from "../contracts/WorkOrderWorkflow.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import * as IdSequence from "../ids/IdSequence.js"
import * as MeasurementModule from "../measurement/index.js"
import * as MeasurementBookRepository from "../measurement/MeasurementBookRepository.js"
import * as MeasurementEntryRepository from "../measurement/MeasurementEntryRepository.js"
import * as RateAnalysisContent from "../measurement/RateAnalysisContent.js"
import * as Amount from "../money/Amount.js"
import * as Measurement from "../money/Measurement.js"
import * as Quantity from "../money/Quantity.js"
import * as Rate from "../money/Rate.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { pageSizeMax } from "../persistence/Page.js"
import * as LocalDate from "../time/LocalDate.js"
import type { Actor } from "../workflow/Actor.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import { type AggregateSeed, type AggregateStoreFixture, AggregateStoreSuite } from "./AggregateStoreSuite.js"
import type { ConformanceLaw } from "./ConformanceLaws.js"
import { quantityArbitrary, rateArbitrary } from "./MoneyArbitraries.js"

/**
 * A new tenant for one test (`od.suite_<uuid>`), so tests never see each
 * other's records.
 *
 * @since 0.1.0
 * @category testing
 */
export const freshContractsTenant: Effect.Effect<TenantId.TenantId> = Effect.map(EntityId.make, (id) =>
  TenantId.makeUnsafe(`od.suite_${id.replaceAll("-", "_")}`),
)

/**
 * The instant sample records are stamped with.
 *
 * @since 0.1.0
 * @category testing
 */
export const contractsSampleInstant: DateTime.Utc = DateTime.makeUnsafe("2024-06-03T05:30:00.000Z")

/**
 * A snapshot that entered `state` in one step from the start: enough for a
 * stored record in that state (the suites do not replay workflows).
 *
 * @since 0.1.0
 * @category testing
 */
export const workflowSnapshotIn = (options: {
  readonly entityId: string
  readonly tenantId: TenantId.TenantId
  readonly definitionCode: string
  readonly state: string
}): WorkflowSnapshot.WorkflowSnapshot =>
  WorkflowSnapshot.fromTimeline({
    entityId: options.entityId,
    tenantId: options.tenantId,
    definitionCode: options.definitionCode,
    timeline: [
      {
        action: "SUITE",
        from: "start",
        to: options.state,
        status: options.state,
        actorId: "suite",
        assignees: [],
        documents: [],
        at: contractsSampleInstant,
      },
    ],
  })

/**
 * A stored work order for repository tests: one SOR line per line id, in
 * the given workflow state, optionally cancelled.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleWorkOrder = (options: {
  readonly tenantId: TenantId.TenantId
  readonly workOrderId: EntityId.EntityId
  readonly number: string
  readonly projectId: string
  readonly organisationId?: string
  readonly estimateId?: string
  readonly lineIds: ReadonlyArray<string>
  readonly state?: string
  readonly cancelled?: "cancelled" | "notCancelled"
}): WorkOrder => ({
  workOrderId: options.workOrderId,
  tenantId: options.tenantId,
  number: HumanNumber.makeUnsafe(options.number),
  projectId: options.projectId,
  organisationId: options.organisationId ?? "cbo-1",
  cboRole: "IA",
  officerInChargeId: "officer-1",
  completionPeriodDays: 30,
  termsAndConditions: [],
  lines: options.lineIds.map((lineId) => ({
    estimateId: options.estimateId ?? "estimate-1",
    lineId,
    category: "SOR" as const,
    sorCode: "SOR_000001",
    description: `line ${lineId}`,
    unit: "CUM",
    quantity: Quantity.makeUnsafe("10"),
    rate: Rate.makeUnsafe("100"),
    amount: Amount.makeUnsafe("1000"),
    rateDate: LocalDate.makeUnsafe("2024-04-01"),
  })),
  overheads: [],
  amount: Amount.makeUnsafe(String(1000 * options.lineIds.length)),
  milestones: [],
  workflow: workflowSnapshotIn({
    entityId: options.workOrderId,
    tenantId: options.tenantId,
    definitionCode: "work-order",
    state: options.state ?? "PENDING_FOR_VERIFICATION",
  }),
  ...(options.cancelled === "cancelled"
    ? {
        cancellation: {
          cause: "officerDecision" as const,
          at: contractsSampleInstant,
          actorId: "suite",
          reason: "suite",
        },
      }
    : {}),
  version: 1,
})

/**
 * A stored time extension for repository tests.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleTimeExtension = (options: {
  readonly tenantId: TenantId.TenantId
  readonly revisionId: EntityId.EntityId
  readonly workOrderId: string
  readonly number: string
  readonly state?: string
}): WorkOrderRevision => ({
  revisionId: options.revisionId,
  tenantId: options.tenantId,
  number: HumanNumber.makeUnsafe(options.number),
  workOrderId: options.workOrderId,
  workOrderNumber: "WO/2024-25/000001",
  projectId: "project-1",
  organisationId: "cbo-1",
  startDate: LocalDate.makeUnsafe("2024-06-03"),
  change: {
    kind: "timeExtension",
    baseEndDate: LocalDate.makeUnsafe("2024-07-03"),
    extensionDays: 10,
    reason: "rain",
    revisedEndDate: LocalDate.makeUnsafe("2024-07-13"),
  },
  workflow: workflowSnapshotIn({
    entityId: options.revisionId,
    tenantId: options.tenantId,
    definitionCode: "time-extension",
    state: options.state ?? "PENDING_FOR_VERIFICATION",
  }),
  version: 1,
})

/**
 * A stored project closure request for repository tests.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleClosure = (options: {
  readonly tenantId: TenantId.TenantId
  readonly closureId: EntityId.EntityId
  readonly projectId: string
  readonly state?: string
}): ProjectClosure => ({
  closureId: options.closureId,
  tenantId: options.tenantId,
  projectId: options.projectId,
  checklist: {
    assetisationRequestRaised: true,
    finalBillApproved: true,
    siteInspectionDone: true,
    siteHandoverDone: true,
  },
  workflow: workflowSnapshotIn({
    entityId: options.closureId,
    tenantId: options.tenantId,
    definitionCode: "project-closure",
    state: options.state ?? "PENDING_FOR_VERIFICATION",
  }),
  version: 1,
})

/**
 * An active CBO of the tenant, valid from 2020 with no end.
 *
 * @since 0.1.0
 * @category testing
 */
export const sampleOrganisationStanding = (options: {
  readonly tenantId: TenantId.TenantId
  readonly organisationId: string
}): OrganisationStanding => ({
  organisationId: options.organisationId,
  tenantId: options.tenantId,
  name: `CBO ${options.organisationId}`,
  type: "CBO",
  status: "active",
  validFrom: LocalDate.makeUnsafe("2020-04-01"),
})

const lineArbitrary = (estimateId: string, index: number) =>
  fc
    .record({
      quantity: quantityArbitrary({ scaleMax: 4, integerDigitsMax: 4 }),
      rate: rateArbitrary({ scaleMax: 2, integerDigitsMax: 5 }),
      category: fc.constantFrom("SOR" as const, "NON-SOR" as const),
    })
    .map(({ quantity, rate, category }) => ({
      lineId: `${estimateId}-L${index}`,
      category,
      ...(category === "SOR" ? { sorCode: `SOR_${String(index).padStart(6, "0")}` } : {}),
      description: `item ${index}`,
      unit: "CUM",
      quantity,
      rate,
      amount: Measurement.lineAmount({ rate, quantity, scale: 2 }),
    }))

const overheadArbitrary = (estimateId: string, index: number) =>
  fc
    .record({
      amount: rateArbitrary({ scaleMax: 2, integerDigitsMax: 6 }),
      isWorkOrderValue: fc.boolean(),
    })
    .map(({ amount, isWorkOrderValue }) => ({
      lineId: `${estimateId}-O${index}`,
      code: `OH${index}`,
      description: `overhead ${index}`,
      amount: Amount.makeUnsafe(Rate.toCanonicalString(amount)),
      isWorkOrderValue,
    }))

/**
 * Approved estimates of one project with 1 to `linesMax` SOR and NON-SOR
 * lines (amount = rate × quantity at 2 places) and up to 4 overheads, some
 * work-order value.
 *
 * @since 0.1.0
 * @category testing
 */
export const approvedEstimateArbitrary = (options: {
  readonly tenantId: TenantId.TenantId
  readonly estimateId: string
  readonly projectId: string
  readonly linesMax: number
}): fc.Arbitrary<ApprovedEstimate> =>
  fc
    .record({
      lineCount: fc.integer({ min: 1, max: options.linesMax }),
      overheadCount: fc.integer({ min: 0, max: 4 }),
    })
    .chain(({ lineCount, overheadCount }) =>
      fc.record({
        lines: fc.tuple(
          ...Array.from({ length: lineCount }, (_, index) => lineArbitrary(options.estimateId, index)),
        ),
        overheads:
          overheadCount === 0
            ? fc.constant([])
            : fc.tuple(
                ...Array.from({ length: overheadCount }, (_, index) =>
                  overheadArbitrary(options.estimateId, index),
                ),
              ),
      }),
    )
    .map(({ lines, overheads }) => ({
      estimateId: options.estimateId,
      estimateNumber: `ES/2024-25/${options.estimateId}`,
      projectId: options.projectId,
      tenantId: options.tenantId,
      rateDate: LocalDate.makeUnsafe("2024-04-01"),
      lines,
      overheads,
    }))

/**
 * A UUID made from a seed index, for the store fixtures: ids unique within
 * a tenant, with no randomness (house rule 11).
 *
 * @since 0.1.0
 * @category testing
 */
export const seededEntityId = (index: number): EntityId.EntityId =>
  EntityId.makeUnsafe(`00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`)

/**
 * A six-digit document number suffix from a seed index that repeats every
 * seven indexes, so the fixtures' number orders have ties.
 *
 * @since 0.1.0
 * @category testing
 */
export const seededSerial = (index: number): string => String(index % 7).padStart(6, "0")

const pick = <T>(values: ReadonlyArray<T>, index: number): T => values[index % values.length] as T

// Amounts that repeat and sort differently as text and as values
// (`999.99` < `1000`, `1250.50` equals `1250.5`).
const fixtureAmounts = ["1000", "1250.50", "999.99", "15000", "0", "1250.5"]
const fixtureStart = LocalDate.makeUnsafe("2024-06-03")

const freshIds = Effect.all({
  tenantId: freshContractsTenant,
  first: EntityId.make,
  second: EntityId.make,
  third: EntityId.make,
})

const workOrderLaws: ReadonlyArray<ConformanceLaw<WorkOrderRepository.WorkOrderRepository>> = [
  [
    "TEN-1: an order is found by id and number in its tenant only",
    Effect.gen(function* () {
      const { tenantId, first } = yield* freshIds
      const other = yield* freshContractsTenant
      const repository = yield* WorkOrderRepository.WorkOrderRepository
      const workOrder = sampleWorkOrder({
        tenantId,
        workOrderId: first,
        number: "WO/2024-25/000001",
        projectId: "p",
        lineIds: ["l1"],
      })
      yield* repository.insert({ aggregate: workOrder })
      assert.deepStrictEqual(yield* repository.get({ tenantId, id: first }), workOrder)
      assert.deepStrictEqual(
        yield* AggregateStore.findFirst(repository, { tenantId, where: { number: workOrder.number } }),
        Option.some(workOrder),
      )
      const elsewhere = yield* Effect.flip(repository.get({ tenantId: other, id: first }))
      assert.strictEqual(elsewhere.code, "WORK_ORDER_NOT_FOUND")
      assert.isTrue(
        Option.isNone(
          yield* AggregateStore.findFirst(repository, {
            tenantId: other,
            where: { number: workOrder.number },
          }),
        ),
      )
      assert.deepStrictEqual((yield* repository.find({ tenantId: other, limit: pageSizeMax })).items, [])
    }),
  ],
  [
    "DB-4: an update at the expected version stores the next; a stale one changes nothing",
    Effect.gen(function* () {
      const { tenantId, first } = yield* freshIds
      const repository = yield* WorkOrderRepository.WorkOrderRepository
      const workOrder = sampleWorkOrder({
        tenantId,
        workOrderId: first,
        number: "WO/2024-25/000001",
        projectId: "p",
        lineIds: ["l1"],
      })
      yield* repository.insert({ aggregate: workOrder })
      const next = { ...workOrder, projectId: "q", version: 2 }
      yield* repository.update({ aggregate: next, expectedVersion: 1 })
      const stale = yield* Effect.flip(
        repository.update({ aggregate: { ...next, projectId: "r" }, expectedVersion: 1 }),
      )
      assert.strictEqual(stale.code, "STALE_VERSION")
      assert.deepStrictEqual(yield* repository.get({ tenantId, id: first }), next)
      const missing = sampleWorkOrder({
        tenantId,
        workOrderId: yield* EntityId.make,
        number: "WO/2024-25/000009",
        projectId: "p",
        lineIds: [],
      })
      const notFound = yield* Effect.flip(
        repository.update({ aggregate: { ...missing, version: 2 }, expectedVersion: 1 }),
      )
      assert.strictEqual(notFound.code, "WORK_ORDER_NOT_FOUND")
    }),
  ],
  [
    "WO-2: the holders of lines are the active orders, never rejected or cancelled ones",
    Effect.gen(function* () {
      const { tenantId, first, second, third } = yield* freshIds
      const repository = yield* WorkOrderRepository.WorkOrderRepository
      const base = { tenantId, projectId: "p" }
      yield* repository.insert({
        aggregate: sampleWorkOrder({
          ...base,
          workOrderId: first,
          number: "WO/2024-25/000001",
          lineIds: ["a", "b"],
          state: "ACCEPTED",
        }),
      })
      yield* repository.insert({
        aggregate: sampleWorkOrder({
          ...base,
          workOrderId: second,
          number: "WO/2024-25/000002",
          lineIds: ["c"],
          state: "REJECTED",
        }),
      })
      yield* repository.insert({
        aggregate: sampleWorkOrder({
          ...base,
          workOrderId: third,
          number: "WO/2024-25/000003",
          lineIds: ["d"],
          state: "ACCEPTED",
          cancelled: "cancelled",
        }),
      })
      const holders = yield* WorkOrderRepository.activeHoldersOfLines({
        tenantId,
        lineIds: ["b", "c", "d", "x"],
      })
      assert.deepStrictEqual(holders, [
        { lineId: "b", workOrderId: first, workOrderNumber: "WO/2024-25/000001" },
      ])
    }),
  ],
  [
    "WO-1: search combines project, organisation, estimate and status, ordered by number",
    Effect.gen(function* () {
      const { tenantId, first, second, third } = yield* freshIds
      const repository = yield* WorkOrderRepository.WorkOrderRepository
      yield* repository.insert({
        aggregate: sampleWorkOrder({
          tenantId,
          workOrderId: second,
          number: "WO/2024-25/000002",
          projectId: "p",
          lineIds: ["a"],
          state: "ACCEPTED",
        }),
      })
      yield* repository.insert({
        aggregate: sampleWorkOrder({
          tenantId,
          workOrderId: first,
          number: "WO/2024-25/000001",
          projectId: "p",
          organisationId: "cbo-2",
          lineIds: ["b"],
        }),
      })
      yield* repository.insert({
        aggregate: sampleWorkOrder({
          tenantId,
          workOrderId: third,
          number: "WO/2024-25/000003",
          projectId: "q",
          estimateId: "e2",
          lineIds: ["c"],
        }),
      })
      const search = (
        where: AggregateStore.Query<keyof typeof WorkOrderRepository.descriptor.columns>["where"],
      ) =>
        Effect.map(repository.find({ tenantId, where, orderBy: "number", limit: pageSizeMax }), (page) =>
          page.items.map((order) => order.number),
        )
      assert.deepStrictEqual(yield* search({ projectId: "p" }), ["WO/2024-25/000001", "WO/2024-25/000002"])
      assert.deepStrictEqual(yield* search({ organisationId: "cbo-2" }), ["WO/2024-25/000001"])
      assert.deepStrictEqual(yield* search({ estimateIds: "e2" }), ["WO/2024-25/000003"])
      assert.deepStrictEqual(yield* search({ projectId: "p", status: "accepted" }), ["WO/2024-25/000002"])
      assert.deepStrictEqual(yield* search({ status: "inWorkflow" }), [
        "WO/2024-25/000001",
        "WO/2024-25/000003",
      ])
    }),
  ],
]

const workOrderStates = ["PENDING_FOR_VERIFICATION", "PENDING_FOR_ACCEPTANCE", "ACCEPTED", "REJECTED"]

/**
 * The `index`-th work order of a tenant for the store suite: statuses,
 * projects, organisations, estimates, held lines (none for some), amounts
 * and dates (none for some) that repeat every few indexes.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeFixtureWorkOrder = ({ tenantId, index }: AggregateSeed): WorkOrder => {
  const workOrder = sampleWorkOrder({
    tenantId,
    workOrderId: seededEntityId(index),
    number: `WO/2024-25/${seededSerial(index)}`,
    projectId: `project-${index % 3}`,
    organisationId: `cbo-${index % 4}`,
    estimateId: `estimate-${index % 2}`,
    lineIds: index % 5 === 4 ? [] : [`line-${index}`, `line-shared-${index % 3}`],
    state: pick(workOrderStates, index),
    cancelled: index % 6 === 5 ? "cancelled" : "notCancelled",
  })
  const issueDate = LocalDate.addDays(fixtureStart, index % 9)
  const dates =
    index % 3 === 0
      ? {}
      : {
          issueDate,
          acceptanceDueDate: LocalDate.addDays(issueDate, 7),
          startDate: LocalDate.addDays(issueDate, 2),
          endDate: LocalDate.addDays(issueDate, 32),
        }
  return { ...workOrder, amount: Amount.makeUnsafe(pick(fixtureAmounts, index)), ...dates }
}

/**
 * Work orders for `AggregateStoreSuite`, with the contracts module's own
 * laws (TEN-1, DB-4, WO-1, WO-2).
 *
 * @since 0.1.0
 * @category testing
 */
export const workOrderStoreFixture: AggregateStoreFixture<
  WorkOrderRepository.WorkOrderRepository,
  WorkOrder,
  keyof typeof WorkOrderRepository.descriptor.columns,
  never,
  WorkOrderRepository.WorkOrderNotFound,
  never
> = {
  port: WorkOrderRepository.WorkOrderRepository,
  descriptor: WorkOrderRepository.descriptor,
  make: makeFixtureWorkOrder,
  revise: (workOrder) => ({
    ...workOrder,
    version: workOrder.version + 1,
    projectId: `${workOrder.projectId}-r${workOrder.version + 1}`,
    amount: Amount.add(workOrder.amount, Amount.makeUnsafe("1")),
  }),
  laws: workOrderLaws,
}

/**
 * Registers the conformance tests of a `WorkOrderRepository`
 * implementation: the `AggregateStore` laws and the work orders' own.
 *
 * @since 0.1.0
 * @category testing
 */
export const WorkOrderRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<WorkOrderRepository.WorkOrderRepository, E>,
): void => AggregateStoreSuite(name, layer, workOrderStoreFixture)

const workOrderRevisionLaws: ReadonlyArray<
  ConformanceLaw<WorkOrderRevisionRepository.WorkOrderRevisionRepository>
> = [
  [
    "TE-2: revisions are found by id in their tenant and listed per work order in the order raised",
    Effect.gen(function* () {
      const { tenantId, first, second, third } = yield* freshIds
      const other = yield* freshContractsTenant
      const repository = yield* WorkOrderRevisionRepository.WorkOrderRevisionRepository
      const one = sampleTimeExtension({
        tenantId,
        revisionId: first,
        workOrderId: "wo-1",
        number: "TE/2024-25/000002",
      })
      const two = sampleTimeExtension({
        tenantId,
        revisionId: second,
        workOrderId: "wo-1",
        number: "TE/2024-25/000001",
      })
      const elsewhere = sampleTimeExtension({
        tenantId,
        revisionId: third,
        workOrderId: "wo-2",
        number: "TE/2024-25/000003",
      })
      yield* Effect.forEach([one, two, elsewhere], (aggregate) => repository.insert({ aggregate }))
      assert.deepStrictEqual(yield* repository.get({ tenantId, id: first }), one)
      const notFound = yield* Effect.flip(repository.get({ tenantId: other, id: first }))
      assert.strictEqual(notFound.code, "WORK_ORDER_REVISION_NOT_FOUND")
      const ofWorkOrder = (key: { readonly tenantId: TenantId.TenantId; readonly workOrderId: string }) =>
        Effect.map(
          repository.find({
            tenantId: key.tenantId,
            where: { workOrderId: key.workOrderId },
            limit: pageSizeMax,
          }),
          (page) => page.items,
        )
      assert.deepStrictEqual(yield* ofWorkOrder({ tenantId, workOrderId: "wo-1" }), [one, two])
      assert.deepStrictEqual(yield* ofWorkOrder({ tenantId: other, workOrderId: "wo-1" }), [])
    }),
  ],
  [
    "DB-4: a stale update fails and changes nothing",
    Effect.gen(function* () {
      const { tenantId, first, second } = yield* freshIds
      const repository = yield* WorkOrderRevisionRepository.WorkOrderRevisionRepository
      const revision = sampleTimeExtension({
        tenantId,
        revisionId: first,
        workOrderId: "wo-1",
        number: "TE/2024-25/000001",
      })
      yield* repository.insert({ aggregate: revision })
      const next = { ...revision, version: 2 }
      yield* repository.update({ aggregate: next, expectedVersion: 1 })
      const stale = yield* Effect.flip(
        repository.update({
          aggregate: { ...next, number: HumanNumber.makeUnsafe("X") },
          expectedVersion: 1,
        }),
      )
      assert.strictEqual(stale.code, "STALE_VERSION")
      assert.deepStrictEqual(yield* repository.get({ tenantId, id: first }), next)
      const missing = sampleTimeExtension({
        tenantId,
        revisionId: second,
        workOrderId: "wo-1",
        number: "TE/2024-25/000009",
      })
      const notFound = yield* Effect.flip(
        repository.update({ aggregate: { ...missing, version: 2 }, expectedVersion: 1 }),
      )
      assert.strictEqual(notFound.code, "WORK_ORDER_REVISION_NOT_FOUND")
    }),
  ],
]

const revisionStates = ["PENDING_FOR_VERIFICATION", "APPROVED", "REJECTED", "PENDING_FOR_APPROVAL"]

/**
 * The `index`-th revised work order of a tenant for the store suite: time
 * extensions of varying days and, every third, a scope revision, of a few
 * work orders, in repeating states.
 *
 * @since 0.1.0
 * @category testing
 */
export const makeFixtureRevision = ({ tenantId, index }: AggregateSeed): WorkOrderRevision => {
  const revision = sampleTimeExtension({
    tenantId,
    revisionId: seededEntityId(index),
    workOrderId: `wo-${index % 3}`,
    number: `TE/2024-25/${seededSerial(index)}`,
    state: pick(revisionStates, index),
  })
  const baseEndDate = LocalDate.addDays(fixtureStart, 30 + (index % 5))
  const extensionDays = 1 + (index % 4)
  const change: WorkOrderRevision["change"] =
    index % 3 === 2
      ? {
          kind: "scope",
          revisedEstimateId: `estimate-${index}`,
          revisedEstimateNumber: `ES/2024-25/${seededSerial(index)}`,
          lines: [],
          overheads: [],
          amount: Amount.makeUnsafe(pick(fixtureAmounts, index)),
          cboRole: "IA",
        }
      : {
          kind: "timeExtension",
          baseEndDate,
          extensionDays,
          reason: "rain",
          revisedEndDate: LocalDate.addDays(baseEndDate, extensionDays),
        }
  return { ...revision, projectId: `project-${index % 2}`, organisationId: `cbo-${index % 4}`, change }
}

/**
 * Revised work orders for `AggregateStoreSuite`, with the contracts
 * module's own laws (TE-2, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const workOrderRevisionStoreFixture: AggregateStoreFixture<
  WorkOrderRevisionRepository.WorkOrderRevisionRepository,
  WorkOrderRevision,
  keyof typeof WorkOrderRevisionRepository.descriptor.columns,
  never,
  WorkOrderRevisionRepository.WorkOrderRevisionNotFound,
  never
> = {
  port: WorkOrderRevisionRepository.WorkOrderRevisionRepository,
  descriptor: WorkOrderRevisionRepository.descriptor,
  make: makeFixtureRevision,
  revise: (revision) => ({
    ...revision,
    version: revision.version + 1,
    organisationId: `${revision.organisationId}-r${revision.version + 1}`,
  }),
  laws: workOrderRevisionLaws,
}

/**
 * Registers the conformance tests of a `WorkOrderRevisionRepository`
 * implementation: the `AggregateStore` laws and the revisions' own.
 *
 * @since 0.1.0
 * @category testing
 */
export const WorkOrderRevisionRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<WorkOrderRevisionRepository.WorkOrderRevisionRepository, E>,
): void => AggregateStoreSuite(name, layer, workOrderRevisionStoreFixture)

const projectClosureLaws: ReadonlyArray<ConformanceLaw<ProjectClosureRepository.ProjectClosureRepository>> = [
  [
    "CLOSE-1: closures are found by id in their tenant and listed per project",
    Effect.gen(function* () {
      const { tenantId, first, second } = yield* freshIds
      const other = yield* freshContractsTenant
      const repository = yield* ProjectClosureRepository.ProjectClosureRepository
      const closure = sampleClosure({ tenantId, closureId: first, projectId: "p" })
      const elsewhere = sampleClosure({ tenantId, closureId: second, projectId: "q", state: "REJECTED" })
      yield* Effect.forEach([closure, elsewhere], (aggregate) => repository.insert({ aggregate }))
      assert.deepStrictEqual(yield* repository.get({ tenantId, id: first }), closure)
      const notFound = yield* Effect.flip(repository.get({ tenantId: other, id: first }))
      assert.strictEqual(notFound.code, "PROJECT_CLOSURE_NOT_FOUND")
      const ofProject = (key: { readonly tenantId: TenantId.TenantId; readonly projectId: string }) =>
        Effect.map(
          repository.find({
            tenantId: key.tenantId,
            where: { projectId: key.projectId },
            limit: pageSizeMax,
          }),
          (page) => page.items,
        )
      assert.deepStrictEqual(yield* ofProject({ tenantId, projectId: "p" }), [closure])
      assert.deepStrictEqual(yield* ofProject({ tenantId: other, projectId: "p" }), [])
      assert.deepStrictEqual(
        yield* ProjectClosureRepository.standingClosureOf({ tenantId, projectId: "q" }),
        Option.none(),
        "a rejected request does not stand",
      )
    }),
  ],
  [
    "DB-4: a stale update fails and changes nothing",
    Effect.gen(function* () {
      const { tenantId, first, second } = yield* freshIds
      const repository = yield* ProjectClosureRepository.ProjectClosureRepository
      const closure = sampleClosure({ tenantId, closureId: first, projectId: "p" })
      yield* repository.insert({ aggregate: closure })
      const next = { ...closure, version: 2 }
      yield* repository.update({ aggregate: next, expectedVersion: 1 })
      const stale = yield* Effect.flip(
        repository.update({ aggregate: { ...next, projectId: "z" }, expectedVersion: 1 }),
      )
      assert.strictEqual(stale.code, "STALE_VERSION")
      assert.deepStrictEqual(yield* repository.get({ tenantId, id: first }), next)
      const missing = sampleClosure({ tenantId, closureId: second, projectId: "p" })
      const notFound = yield* Effect.flip(
        repository.update({ aggregate: { ...missing, version: 2 }, expectedVersion: 1 }),
      )
      assert.strictEqual(notFound.code, "PROJECT_CLOSURE_NOT_FOUND")
    }),
  ],
]

const closureStates = ["PENDING_FOR_VERIFICATION", "APPROVED", "REJECTED"]

/**
 * Project closure requests for `AggregateStoreSuite`, with the contracts
 * module's own laws (CLOSE-1, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const projectClosureStoreFixture: AggregateStoreFixture<
  ProjectClosureRepository.ProjectClosureRepository,
  ProjectClosure,
  keyof typeof ProjectClosureRepository.descriptor.columns,
  never,
  ProjectClosureRepository.ProjectClosureNotFound,
  never
> = {
  port: ProjectClosureRepository.ProjectClosureRepository,
  descriptor: ProjectClosureRepository.descriptor,
  make: ({ tenantId, index }) =>
    sampleClosure({
      tenantId,
      closureId: seededEntityId(index),
      projectId: `project-${index % 3}`,
      state: pick(closureStates, index),
    }),
  revise: (closure) => ({
    ...closure,
    version: closure.version + 1,
    projectId: `${closure.projectId}-r${closure.version + 1}`,
  }),
  laws: projectClosureLaws,
}

/**
 * Registers the conformance tests of a `ProjectClosureRepository`
 * implementation: the `AggregateStore` laws and the closures' own.
 *
 * @since 0.1.0
 * @category testing
 */
export const ProjectClosureRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<ProjectClosureRepository.ProjectClosureRepository, E>,
): void => AggregateStoreSuite(name, layer, projectClosureStoreFixture)

/**
 * The contracts module's store fixtures, one per aggregate.
 *
 * @since 0.1.0
 * @category testing
 */
export const contractsStoreFixtures = [
  workOrderStoreFixture,
  workOrderRevisionStoreFixture,
  projectClosureStoreFixture,
] as const

/**
 * What the contracts and measurement use cases read from other modules, for
 * a test: approved estimates, organisations, muster-roll progress (default:
 * the first submitted) and rate-analysis contents.
 *
 * @since 0.1.0
 * @category testing
 */
export interface ContractsWorld {
  readonly estimates: ReadonlyArray<ApprovedEstimate>
  readonly organisations: ReadonlyArray<OrganisationStanding>
  readonly musterRolls?: {
    readonly known: ReadonlyArray<MusterRollStatus.KnownProgress>
    readonly otherwise: MusterRollStatus.MusterRollProgress
  }
  readonly rateAnalysisContents?: ReadonlyArray<RateAnalysisContent.KnownContent>
  /** The tenants' configurations (default: the fixtures' tenant, `contractsConfiguration`). */
  readonly configurations?: ReadonlyArray<TenantConfiguration.TenantConfiguration>
}

/**
 * Every port the contracts and measurement use cases need, in memory: the
 * five repositories, the id sequence, attendance registers, the tenant
 * settings and the upstream ports serving `world`.
 *
 * @since 0.1.0
 * @category testing
 */
export const contractsTestLayer = (world: ContractsWorld) =>
  Layer.mergeAll(
    Contracts.layerMemory,
    MeasurementModule.layerMemory,
    IdSequence.layerMemory,
    AttendanceRegisters.layerMemory,
    ApprovedEstimates.layerMemory(world.estimates),
    Organisations.layerMemory(world.organisations),
    MusterRollStatus.layerMemory(world.musterRolls ?? { known: [], otherwise: "firstSubmitted" }),
    RateAnalysisContent.layerMemory(world.rateAnalysisContents ?? []),
    TenantSettings.layerMemory(world.configurations ?? [contractsConfiguration]),
  )

// The most records of a kind `storedContractsState` reads: a test's tenant
// holds a few.
const storedRecordsMax = 100

/**
 * Everything the contracts and measurement repositories hold for some work
 * orders of a tenant: the orders, their revisions, registers, books and
 * entries, and the closures of their projects. Comparing it before and
 * after a refused request proves the request changed nothing (ERR-2).
 *
 * @since 0.1.0
 * @category testing
 */
export const storedContractsState = (tenantId: TenantId.TenantId) =>
  Effect.gen(function* () {
    const workOrders = yield* WorkOrderRepository.WorkOrderRepository.use((repository) =>
      AggregateStore.findAll(repository, { tenantId, orderBy: "number" }, { itemsMax: storedRecordsMax }),
    )
    const projectIds = [...new Set(workOrders.map((workOrder) => workOrder.projectId))]
    const perOrder = yield* Effect.forEach(workOrders, (workOrder) =>
      Effect.all({
        revisions: WorkOrderRevisionRepository.WorkOrderRevisionRepository.use((repository) =>
          AggregateStore.findAll(
            repository,
            { tenantId, where: { workOrderId: workOrder.workOrderId } },
            { itemsMax: storedRecordsMax },
          ),
        ),
        register: AttendanceRegisters.AttendanceRegisters.use((registers) => registers.registerOf(workOrder)),
      }),
    )
    const closures = yield* Effect.forEach(projectIds, (projectId) =>
      ProjectClosureRepository.ProjectClosureRepository.use((repository) =>
        AggregateStore.findAll(
          repository,
          { tenantId, where: { projectId } },
          { itemsMax: storedRecordsMax },
        ),
      ),
    )
    const books = yield* MeasurementBookRepository.MeasurementBookRepository.use((repository) =>
      AggregateStore.findAll(repository, { tenantId, orderBy: "number" }, { itemsMax: storedRecordsMax }),
    )
    const entries = yield* Effect.forEach(books, MeasurementEntryRepository.entriesOfBook)
    return { workOrders, perOrder, closures, books, entries }
  })

/**
 * The tenant of the contracts fixtures: Dhenkanal, Odisha.
 *
 * @since 0.1.0
 * @category testing
 */
export const contractsTenantId: TenantId.TenantId = TenantId.makeUnsafe("od.dhenkanal")

/**
 * MUKTA's configuration for the fixtures' tenant.
 *
 * @since 0.1.0
 * @category testing
 */
export const contractsConfiguration: TenantConfiguration.TenantConfiguration = TenantConfiguration.mukta({
  tenantId: contractsTenantId,
  cityCode: "DK",
})

const actorWith = (userId: string, roles: ReadonlyArray<string>): Actor => ({
  userId,
  grants: roles.map((role) => ({ role, tenantId: contractsTenantId })),
})

/**
 * The people of the fixtures, each holding the roles of their part in the
 * MUKTA workflows (WF-WO, WF-TE, WF-MB, WF-CLOSE) in the fixtures' tenant.
 *
 * @since 0.1.0
 * @category testing
 */
export const contractsActors = {
  creator: actorWith("junior-engineer", ["WORK_ORDER_CREATOR"]),
  officerInCharge: actorWith("assistant-engineer", ["OFFICER_IN_CHARGE"]),
  verifier: actorWith("executive-engineer", ["WORK_ORDER_VERIFIER"]),
  approver: actorWith("municipal-engineer", ["WORK_ORDER_APPROVER"]),
  cboAdmin: actorWith("cbo-president", ["ORG_ADMIN"]),
  measurer: actorWith("site-engineer", ["MB_CREATOR"]),
  measurementVerifier: actorWith("measurement-verifier", ["MB_VERIFIER"]),
  measurementApprover: actorWith("measurement-approver", ["MB_APPROVER"]),
} as const

/**
 * The approved estimate of the fixtures (project `pj-1`): earth work, 9 CUM
 * at ₹113.77 (₹1,023.93), and a signboard, 2 NOS at ₹1,500; SC, GST and TST
 * work-order value, REW not.
 *
 * @since 0.1.0
 * @category testing
 */
export const contractsEstimate: ApprovedEstimate = {
  estimateId: "es-1",
  estimateNumber: "ES/2024-25/000001",
  projectId: "pj-1",
  tenantId: contractsTenantId,
  rateDate: LocalDate.makeUnsafe("2024-04-01"),
  lines: [
    {
      lineId: "es-1-earth",
      category: "SOR",
      sorCode: "SOR_000197",
      description: "Earth work in ordinary soil",
      unit: "CUM",
      quantity: Quantity.makeUnsafe("9"),
      rate: Rate.makeUnsafe("113.77"),
      amount: Amount.makeUnsafe("1023.93"),
    },
    {
      lineId: "es-1-board",
      category: "NON-SOR",
      description: "Project signboard",
      unit: "NOS",
      quantity: Quantity.makeUnsafe("2"),
      rate: Rate.makeUnsafe("1500"),
      amount: Amount.makeUnsafe("3000"),
    },
  ],
  overheads: [
    {
      lineId: "es-1-sc",
      code: "SC",
      description: "Supervision charge",
      amount: Amount.makeUnsafe("301.79"),
      isWorkOrderValue: true,
    },
    {
      lineId: "es-1-gst",
      code: "GST",
      description: "GST",
      amount: Amount.makeUnsafe("724.31"),
      isWorkOrderValue: true,
    },
    {
      lineId: "es-1-tst",
      code: "TST",
      description: "Testing",
      amount: Amount.makeUnsafe("5000"),
      isWorkOrderValue: true,
    },
    {
      lineId: "es-1-rew",
      code: "REW",
      description: "Royalty on earth work",
      amount: Amount.makeUnsafe("500"),
      isWorkOrderValue: false,
    },
  ],
}

/**
 * The CBO of the fixtures: active, valid from 2020 with no end.
 *
 * @since 0.1.0
 * @category testing
 */
export const contractsCbo: OrganisationStanding = sampleOrganisationStanding({
  tenantId: contractsTenantId,
  organisationId: "cbo-1",
})

/**
 * The instant the fixtures' stories start: Monday 3 June 2024, 11:00 in
 * India (a Monday, so the first measurement week is whole).
 *
 * @since 0.1.0
 * @category testing
 */
export const contractsStartMillis: number = DateTime.toEpochMillis(
  DateTime.makeUnsafe("2024-06-03T05:30:00.000Z"),
)

/**
 * A work order's content for the fixtures: the lines of `estimateId` (all
 * of them unless `lineIds`), the CBO, the fixtures' officer-in-charge, 30
 * days, one term.
 *
 * @since 0.1.0
 * @category testing
 */
export const workOrderContent = (options: {
  readonly estimateId?: string
  readonly lineIds?: ReadonlyArray<string>
  readonly organisationId?: string
}): WorkOrderIssue.WorkOrderContent => ({
  estimates: [
    {
      estimateId: options.estimateId ?? contractsEstimate.estimateId,
      ...(options.lineIds === undefined ? {} : { lineIds: options.lineIds }),
    },
  ],
  organisationId: options.organisationId ?? contractsCbo.organisationId,
  officerInCharge: contractsActors.officerInCharge,
  completionPeriodDays: 30,
  termsAndConditions: ["Work as per the schedule of rates"],
})

/**
 * Creates a work order in the fixtures' tenant and takes it through
 * verification, approval and the CBO's acceptance (WF-WO), at the clock's
 * current instant. Returns the accepted order.
 *
 * @since 0.1.0
 * @category testing
 */
export const acceptWorkOrder = (content: WorkOrderIssue.WorkOrderContent) =>
  Effect.gen(function* () {
    const created = yield* WorkOrderIssue.createWorkOrder({
      tenantId: contractsTenantId,
      actor: contractsActors.creator,
      content,
    })
    let workOrder = created
    const steps = [
      ["VERIFY_AND_FORWARD", contractsActors.verifier],
      ["APPROVE", contractsActors.approver],
      ["ACCEPT", contractsActors.cboAdmin],
    ] as const
    for (const [type, actor] of steps) {
      workOrder = yield* WorkOrderWorkflow.takeWorkOrderAction({
        tenantId: contractsTenantId,
        workOrderId: workOrder.workOrderId,
        version: workOrder.version,
        type,
        actor,
      })
    }
    return workOrder
  })

/**
 * The services `contractsTestLayer` provides.
 *
 * @since 0.1.0
 * @category testing
 */
export type ContractsServices = Layer.Success<ReturnType<typeof contractsTestLayer>>

/**
 * Runs a test story in a fresh `contractsTestLayer(world)` with the clock
 * set to `contractsStartMillis` (11:00 on Monday 3 June 2024 in India).
 *
 * @since 0.1.0
 * @category testing
 */
export const contractsStory =
  (world: ContractsWorld) =>
  <A, E>(body: Effect.Effect<A, E, ContractsServices>): Effect.Effect<A, E> =>
    Effect.andThen(TestClock.setTime(contractsStartMillis), body).pipe(
      Effect.provide(contractsTestLayer(world)),
    )

/**
 * Checks a fast-check property whose body is an Effect (a use-case story),
 * running each case with the services of the calling test (so `TestClock`
 * and `it.effect`'s test services apply). A failing case fails the test with
 * fast-check's shrunk counterexample.
 *
 * @since 0.1.0
 * @category testing
 */
export const checkEffectProperty = <A>(
  arbitrary: fc.Arbitrary<A>,
  property: (value: A) => Effect.Effect<unknown, unknown>,
  parameters: { readonly numRuns: number },
): Effect.Effect<void> =>
  Effect.flatMap(Effect.context<never>(), (context) =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(arbitrary, async (value) => {
          await Effect.runPromiseWith(context)(property(value))
        }),
        { numRuns: parameters.numRuns },
      ),
    ),
  )
