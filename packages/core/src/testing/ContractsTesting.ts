/**
 * Test support for the contracts module (spec 04 WO, TE, CLOSE): sample
 * records, a fresh tenant per test, snapshots in a given workflow state,
 * fast-check arbitraries for approved estimates, and the conformance suites
 * every implementation of the contracts repositories runs with its own
 * Layer (`WorkOrderRepositorySuite`, `WorkOrderRevisionRepositorySuite`,
 * `ProjectClosureRepositorySuite`). Each suite test works in a fresh tenant,
 * so the suites also pass against a database that keeps its state.
 *
 * @since 0.1.0
 */
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Exit, Layer, Option } from "effect"
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
import * as LocalDate from "../time/LocalDate.js"
import type { Actor } from "../workflow/Actor.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
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
 * One conformance test: its name and its body, run against the Layer under
 * test.
 *
 * @since 0.1.0
 * @category testing
 */
export type ConformanceCase<R> = readonly [name: string, body: Effect.Effect<void, unknown, R>]

/**
 * Registers conformance tests in a `describe` block, each run against
 * `layer` (a fresh build per test).
 *
 * @since 0.1.0
 * @category testing
 */
export const registerConformanceSuite = <R, E>(
  name: string,
  layer: Layer.Layer<R, E>,
  cases: ReadonlyArray<ConformanceCase<R>>,
): void => {
  describe(name, () => {
    for (const [caseName, body] of cases) it.effect(caseName, () => body.pipe(Effect.provide(layer)))
  })
}

const freshIds = Effect.all({
  tenantId: freshContractsTenant,
  first: EntityId.make,
  second: EntityId.make,
  third: EntityId.make,
})

const workOrderRepositoryCase1: ConformanceCase<WorkOrderRepository.WorkOrderRepository> = [
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
    yield* repository.insert(workOrder)
    assert.deepStrictEqual(
      yield* repository.findById({ tenantId, workOrderId: first }),
      Option.some(workOrder),
    )
    assert.deepStrictEqual(
      yield* repository.findByNumber({ tenantId, number: workOrder.number }),
      Option.some(workOrder),
    )
    assert.isTrue(Option.isNone(yield* repository.findById({ tenantId: other, workOrderId: first })))
    assert.isTrue(
      Option.isNone(yield* repository.findByNumber({ tenantId: other, number: workOrder.number })),
    )
    assert.deepStrictEqual(yield* repository.search({ tenantId: other, criteria: {} }), [])
  }),
]

const workOrderRepositoryCase2: ConformanceCase<WorkOrderRepository.WorkOrderRepository> = [
  "DB-4: inserting an existing id is STALE_VERSION and keeps the stored order",
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
    yield* repository.insert(workOrder)
    const again = yield* Effect.exit(repository.insert({ ...workOrder, projectId: "changed" }))
    assert.isTrue(Exit.isFailure(again))
    assert.deepStrictEqual(
      yield* repository.findById({ tenantId, workOrderId: first }),
      Option.some(workOrder),
    )
  }),
]

const workOrderRepositoryCase3: ConformanceCase<WorkOrderRepository.WorkOrderRepository> = [
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
    yield* repository.insert(workOrder)
    const next = { ...workOrder, projectId: "q", version: 2 }
    yield* repository.update({ workOrder: next, expectedVersion: 1 })
    const stale = yield* Effect.flip(
      repository.update({ workOrder: { ...next, projectId: "r" }, expectedVersion: 1 }),
    )
    assert.strictEqual(stale.code, "STALE_VERSION")
    assert.deepStrictEqual(yield* repository.findById({ tenantId, workOrderId: first }), Option.some(next))
    const missing = sampleWorkOrder({
      tenantId,
      workOrderId: yield* EntityId.make,
      number: "WO/2024-25/000009",
      projectId: "p",
      lineIds: [],
    })
    const notFound = yield* Effect.flip(
      repository.update({ workOrder: { ...missing, version: 2 }, expectedVersion: 1 }),
    )
    assert.strictEqual(notFound.code, "WORK_ORDER_NOT_FOUND")
  }),
]

const workOrderRepositoryCase4: ConformanceCase<WorkOrderRepository.WorkOrderRepository> = [
  "WO-2: the holders of lines are the active orders, never rejected or cancelled ones",
  Effect.gen(function* () {
    const { tenantId, first, second, third } = yield* freshIds
    const repository = yield* WorkOrderRepository.WorkOrderRepository
    const base = { tenantId, projectId: "p" }
    yield* repository.insert(
      sampleWorkOrder({
        ...base,
        workOrderId: first,
        number: "WO/2024-25/000001",
        lineIds: ["a", "b"],
        state: "ACCEPTED",
      }),
    )
    yield* repository.insert(
      sampleWorkOrder({
        ...base,
        workOrderId: second,
        number: "WO/2024-25/000002",
        lineIds: ["c"],
        state: "REJECTED",
      }),
    )
    yield* repository.insert(
      sampleWorkOrder({
        ...base,
        workOrderId: third,
        number: "WO/2024-25/000003",
        lineIds: ["d"],
        state: "ACCEPTED",
        cancelled: "cancelled",
      }),
    )
    const holders = yield* repository.activeHoldersOfLines({ tenantId, lineIds: ["b", "c", "d", "x"] })
    assert.deepStrictEqual(holders, [
      { lineId: "b", workOrderId: first, workOrderNumber: "WO/2024-25/000001" },
    ])
  }),
]

const workOrderRepositoryCase5: ConformanceCase<WorkOrderRepository.WorkOrderRepository> = [
  "WO-1: search combines project, organisation, estimate and status, ordered by number",
  Effect.gen(function* () {
    const { tenantId, first, second, third } = yield* freshIds
    const repository = yield* WorkOrderRepository.WorkOrderRepository
    yield* repository.insert(
      sampleWorkOrder({
        tenantId,
        workOrderId: second,
        number: "WO/2024-25/000002",
        projectId: "p",
        lineIds: ["a"],
        state: "ACCEPTED",
      }),
    )
    yield* repository.insert(
      sampleWorkOrder({
        tenantId,
        workOrderId: first,
        number: "WO/2024-25/000001",
        projectId: "p",
        organisationId: "cbo-2",
        lineIds: ["b"],
      }),
    )
    yield* repository.insert(
      sampleWorkOrder({
        tenantId,
        workOrderId: third,
        number: "WO/2024-25/000003",
        projectId: "q",
        estimateId: "e2",
        lineIds: ["c"],
      }),
    )
    const numbers = (orders: ReadonlyArray<WorkOrder>) => orders.map((order) => order.number)
    const search = (criteria: WorkOrderRepository.WorkOrderCriteria) =>
      repository.search({ tenantId, criteria })
    assert.deepStrictEqual(numbers(yield* search({ projectId: "p" })), [
      "WO/2024-25/000001",
      "WO/2024-25/000002",
    ])
    assert.deepStrictEqual(numbers(yield* search({ organisationId: "cbo-2" })), ["WO/2024-25/000001"])
    assert.deepStrictEqual(numbers(yield* search({ estimateId: "e2" })), ["WO/2024-25/000003"])
    assert.deepStrictEqual(numbers(yield* search({ projectId: "p", status: "accepted" })), [
      "WO/2024-25/000002",
    ])
    assert.deepStrictEqual(numbers(yield* search({ status: "inWorkflow" })), [
      "WO/2024-25/000001",
      "WO/2024-25/000003",
    ])
  }),
]

/**
 * Registers the `WorkOrderRepository` conformance tests for one
 * implementation.
 *
 * @since 0.1.0
 * @category testing
 */
export const WorkOrderRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<WorkOrderRepository.WorkOrderRepository, E>,
): void => {
  registerConformanceSuite(name, layer, [
    workOrderRepositoryCase1,
    workOrderRepositoryCase2,
    workOrderRepositoryCase3,
    workOrderRepositoryCase4,
    workOrderRepositoryCase5,
  ])
}

const workOrderRevisionRepositoryCase1: ConformanceCase<WorkOrderRevisionRepository.WorkOrderRevisionRepository> =
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
      yield* Effect.forEach([one, two, elsewhere], repository.insert)
      assert.deepStrictEqual(yield* repository.findById({ tenantId, revisionId: first }), Option.some(one))
      assert.isTrue(Option.isNone(yield* repository.findById({ tenantId: other, revisionId: first })))
      assert.deepStrictEqual(yield* repository.ofWorkOrder({ tenantId, workOrderId: "wo-1" }), [one, two])
      assert.deepStrictEqual(yield* repository.ofWorkOrder({ tenantId: other, workOrderId: "wo-1" }), [])
    }),
  ]

const workOrderRevisionRepositoryCase2: ConformanceCase<WorkOrderRevisionRepository.WorkOrderRevisionRepository> =
  [
    "DB-4: a stale update or a repeated insert fails and changes nothing",
    Effect.gen(function* () {
      const { tenantId, first, second } = yield* freshIds
      const repository = yield* WorkOrderRevisionRepository.WorkOrderRevisionRepository
      const revision = sampleTimeExtension({
        tenantId,
        revisionId: first,
        workOrderId: "wo-1",
        number: "TE/2024-25/000001",
      })
      yield* repository.insert(revision)
      assert.strictEqual((yield* Effect.flip(repository.insert(revision))).code, "STALE_VERSION")
      const next = { ...revision, version: 2 }
      yield* repository.update({ revision: next, expectedVersion: 1 })
      const stale = yield* Effect.flip(
        repository.update({
          revision: { ...next, number: HumanNumber.makeUnsafe("X") },
          expectedVersion: 1,
        }),
      )
      assert.strictEqual(stale.code, "STALE_VERSION")
      assert.deepStrictEqual(yield* repository.findById({ tenantId, revisionId: first }), Option.some(next))
      const missing = sampleTimeExtension({
        tenantId,
        revisionId: second,
        workOrderId: "wo-1",
        number: "TE/2024-25/000009",
      })
      const notFound = yield* Effect.flip(
        repository.update({ revision: { ...missing, version: 2 }, expectedVersion: 1 }),
      )
      assert.strictEqual(notFound.code, "WORK_ORDER_REVISION_NOT_FOUND")
    }),
  ]

/**
 * Registers the `WorkOrderRevisionRepository` conformance tests for one
 * implementation.
 *
 * @since 0.1.0
 * @category testing
 */
export const WorkOrderRevisionRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<WorkOrderRevisionRepository.WorkOrderRevisionRepository, E>,
): void => {
  registerConformanceSuite(name, layer, [workOrderRevisionRepositoryCase1, workOrderRevisionRepositoryCase2])
}

const projectClosureRepositoryCase1: ConformanceCase<ProjectClosureRepository.ProjectClosureRepository> = [
  "CLOSE-1: closures are found by id in their tenant and listed per project",
  Effect.gen(function* () {
    const { tenantId, first, second } = yield* freshIds
    const other = yield* freshContractsTenant
    const repository = yield* ProjectClosureRepository.ProjectClosureRepository
    const closure = sampleClosure({ tenantId, closureId: first, projectId: "p" })
    const elsewhere = sampleClosure({ tenantId, closureId: second, projectId: "q", state: "REJECTED" })
    yield* Effect.forEach([closure, elsewhere], repository.insert)
    assert.deepStrictEqual(yield* repository.findById({ tenantId, closureId: first }), Option.some(closure))
    assert.isTrue(Option.isNone(yield* repository.findById({ tenantId: other, closureId: first })))
    assert.deepStrictEqual(yield* repository.ofProject({ tenantId, projectId: "p" }), [closure])
    assert.deepStrictEqual(yield* repository.ofProject({ tenantId: other, projectId: "p" }), [])
  }),
]

const projectClosureRepositoryCase2: ConformanceCase<ProjectClosureRepository.ProjectClosureRepository> = [
  "DB-4: a stale update or a repeated insert fails and changes nothing",
  Effect.gen(function* () {
    const { tenantId, first, second } = yield* freshIds
    const repository = yield* ProjectClosureRepository.ProjectClosureRepository
    const closure = sampleClosure({ tenantId, closureId: first, projectId: "p" })
    yield* repository.insert(closure)
    assert.strictEqual((yield* Effect.flip(repository.insert(closure))).code, "STALE_VERSION")
    const next = { ...closure, version: 2 }
    yield* repository.update({ closure: next, expectedVersion: 1 })
    const stale = yield* Effect.flip(
      repository.update({ closure: { ...next, projectId: "z" }, expectedVersion: 1 }),
    )
    assert.strictEqual(stale.code, "STALE_VERSION")
    assert.deepStrictEqual(yield* repository.findById({ tenantId, closureId: first }), Option.some(next))
    const missing = sampleClosure({ tenantId, closureId: second, projectId: "p" })
    const notFound = yield* Effect.flip(
      repository.update({ closure: { ...missing, version: 2 }, expectedVersion: 1 }),
    )
    assert.strictEqual(notFound.code, "PROJECT_CLOSURE_NOT_FOUND")
  }),
]

/**
 * Registers the `ProjectClosureRepository` conformance tests for one
 * implementation.
 *
 * @since 0.1.0
 * @category testing
 */
export const ProjectClosureRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<ProjectClosureRepository.ProjectClosureRepository, E>,
): void => {
  registerConformanceSuite(name, layer, [projectClosureRepositoryCase1, projectClosureRepositoryCase2])
}

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
      repository.search({ tenantId, criteria: {} }),
    )
    const projectIds = [...new Set(workOrders.map((workOrder) => workOrder.projectId))]
    const perOrder = yield* Effect.forEach(workOrders, (workOrder) =>
      Effect.all({
        revisions: WorkOrderRevisionRepository.WorkOrderRevisionRepository.use((repository) =>
          repository.ofWorkOrder(workOrder),
        ),
        register: AttendanceRegisters.AttendanceRegisters.use((registers) => registers.registerOf(workOrder)),
      }),
    )
    const closures = yield* Effect.forEach(projectIds, (projectId) =>
      ProjectClosureRepository.ProjectClosureRepository.use((repository) =>
        repository.ofProject({ tenantId, projectId }),
      ),
    )
    const books = yield* MeasurementBookRepository.MeasurementBookRepository.use((repository) =>
      repository.search({ tenantId, criteria: {} }),
    )
    const entries = yield* Effect.forEach(books, (book) =>
      MeasurementEntryRepository.MeasurementEntryRepository.use((repository) => repository.ofBook(book)),
    )
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
