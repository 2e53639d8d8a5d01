/**
 * The wiring layers between the works modules, on the cases the end-to-end
 * story does not reach: refusals and absences.
 */
import { assert, describe, it } from "@effect/vitest"
import {
  Attendance,
  Config,
  Contracts,
  Estimates,
  Ids,
  Measurement,
  Money,
  Rates,
  Registries,
  Time,
} from "@karya/core"
import {
  attendanceTestLayer,
  contractsConfiguration,
  ratesLayerMemory,
  sampleOrganisationInput,
  sampleWorkOrder,
} from "@karya/core/testing"
import { DateTime, Effect, Exit, Layer, Option } from "effect"
import { TestClock } from "effect/testing"

const configuration = contractsConfiguration
const tenantId = configuration.tenantId
const otherTenant = Config.TenantId.makeUnsafe("od.puri")
const date = Time.LocalDate.makeUnsafe
const layer = Layer.provideMerge(
  Layer.mergeAll(
    Contracts.ApprovedEstimates.layerFromEstimates,
    Contracts.Organisations.layerFromRegistries,
    Contracts.MusterRollStatus.layerFromAttendance,
    Measurement.RateAnalysisContent.layerFromRates,
    Measurement.EstimateLineMeasurements.layerFromMeasurement,
    Contracts.AttendanceRegisters.layerFromAttendance,
  ),
  Layer.mergeAll(
    ratesLayerMemory,
    Contracts.WorkOrderRepository.layerMemory,
    Estimates.ProjectRepository.layerMemory,
    Estimates.EstimateRepository.layerMemory,
    Measurement.MeasurementBookRepository.layerMemory,
    Measurement.MeasurementEntryRepository.layerMemory,
    attendanceTestLayer(),
    Config.TenantSettings.layerMemory([configuration]),
  ),
)

describe("Works wiring", () => {
  it.effect(
    "WO-1: only an approved estimate of the tenant reaches contracts; a draft is APPROVED_ESTIMATE_NOT_FOUND",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-03T05:30:00Z")))
        const project = yield* Estimates.ProjectRegistration.createProject({
          tenantId,
          input: {
            name: "Drain",
            projectType: "DRAIN",
            location: "W1",
            estimatedCost: Money.Amount.makeUnsafe("5000"),
          },
        })
        const draft = yield* Estimates.EstimateDrafting.draftEstimate({
          tenantId,
          actor: { userId: "je", grants: [{ role: "ESTIMATE_CREATOR", tenantId }] },
          projectId: project.id,
          name: "Drain",
          lines: [
            {
              category: "nonSor",
              description: "Sign board",
              unit: "NOS",
              rate: Money.Rate.makeUnsafe("1000"),
              measurements: [
                { name: "boards", sign: "plus", number: Money.Measurement.makeFactorUnsafe("1") },
              ],
            },
          ],
          enteredOverheads: [],
          action: "SAVE_AS_DRAFT",
        })
        for (const key of [
          { tenantId, estimateId: draft.id },
          { tenantId: otherTenant, estimateId: draft.id },
          { tenantId, estimateId: "unknown" },
        ]) {
          const refused = yield* Effect.flip(Contracts.ApprovedEstimates.approvedEstimate(key))
          assert.strictEqual(refused.code, "APPROVED_ESTIMATE_NOT_FOUND")
        }
        const converted = Contracts.ApprovedEstimates.fromEstimate(draft)
        assert.deepStrictEqual(
          converted.overheads.map((overhead) => overhead.lineId),
          draft.overheads.map((overhead) =>
            Contracts.ApprovedEstimates.overheadLineIdOf({ estimateId: draft.id, code: overhead.code }),
          ),
        )
        assert.deepStrictEqual(
          converted.lines.map((line) => [line.category, line.sorCode]),
          [["NON-SOR", undefined]],
        )
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "WO-1: an organisation's standing maps its status and validity; one of another tenant is unknown",
    () =>
      Effect.gen(function* () {
        const cbo = yield* Registries.OrganisationUseCases.registerOrganisation({
          tenantId,
          actor: { userId: "registrar", grants: [{ role: "ORGANISATION_REGISTRAR", tenantId }] },
          organisation: sampleOrganisationInput(),
        })
        const elsewhere = yield* Contracts.Organisations.standingOf({
          tenantId: otherTenant,
          organisationId: cbo.id,
        })
        assert.isTrue(Option.isNone(elsewhere))
        const { effectiveTo: _open, ...openValidity } = cbo.validity
        const debarred = Contracts.Organisations.fromOrganisation({
          ...cbo,
          status: "DEBARRED",
          validity: openValidity,
        })
        assert.deepStrictEqual(
          [debarred.status, debarred.validFrom, debarred.validTo],
          ["debarred", date("2022-05-10"), undefined],
        )
        assert.strictEqual(
          Contracts.Organisations.fromOrganisation({ ...cbo, status: "INACTIVE" }).status,
          "inactive",
        )
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "MB-8: an unknown SOR, an unknown tenant and a basic SOR without a rate on the date have no content",
    () =>
      Effect.gen(function* () {
        const male = yield* Rates.ScheduleOfRates.createSor({
          tenantId,
          input: {
            sorType: "L",
            unit: "NOS",
            description: "Male mulia",
            rateDefinedForQuantity: Money.Quantity.makeUnsafe("1"),
          },
        })
        yield* Rates.ScheduleOfRates.addRate({
          tenantId,
          sorId: male.id,
          heads: [{ head: "LA", amount: Money.Amount.makeUnsafe("352") }],
          effectiveFrom: date("2024-01-01"),
        })
        const contentOf = (key: Measurement.RateAnalysisContent.ContentKey) =>
          Measurement.RateAnalysisContent.RateAnalysisContent.use((port) => port.contentOf(key))
        const own = yield* contentOf({ tenantId, sorCode: male.code, on: date("2024-06-01") })
        assert.deepStrictEqual(
          Option.getOrUndefined(own)?.map((item) => [
            item.kind,
            item.itemCode,
            item.unit,
            Money.Quantity.toCanonicalString(item.quantityPerUnit),
            Money.Amount.toCanonicalString(item.costPerUnit),
          ]),
          [["labour", male.code, "NOS", "1", "352"]],
        )
        assert.isTrue(
          Option.isNone(yield* contentOf({ tenantId, sorCode: male.code, on: date("2023-12-31") })),
        )
        assert.isTrue(
          Option.isNone(yield* contentOf({ tenantId, sorCode: "SOR_999999", on: date("2024-06-01") })),
        )
        assert.isTrue(
          Option.isNone(
            yield* contentOf({ tenantId: otherTenant, sorCode: male.code, on: date("2024-06-01") }),
          ),
        )
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "TE-1: a work order without a register or muster roll has none created; nothing measured is absent",
    () =>
      Effect.gen(function* () {
        const progress = yield* Contracts.MusterRollStatus.progressOf({
          tenantId,
          workOrderId: "wo-unknown",
          workOrderNumber: "WO/2024-25/000009",
        })
        assert.strictEqual(progress, "noneCreated")
        assert.strictEqual(Contracts.MusterRollStatus.progressFromMusterRolls([]), "noneCreated")
        const measured = yield* Estimates.MeasuredQuantities.MeasuredQuantities.use((port) =>
          port.measuredOf(tenantId, ["line-unknown"]),
        )
        assert.strictEqual(measured.size, 0)
      }).pipe(Effect.provide(layer)),
  )

  it.effect(
    "TE-4: the attendance layer opens, extends and closes the real register; registerOf reads number and project from the order",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T04:00:00Z")))
        const cbo = yield* Registries.OrganisationUseCases.registerOrganisation({
          tenantId,
          actor: { userId: "registrar", grants: [{ role: "ORGANISATION_REGISTRAR", tenantId }] },
          organisation: sampleOrganisationInput(),
        })
        const workOrderId = Ids.EntityId.makeUnsafe("00000000-0000-4000-8000-000000000001")
        const workOrder = sampleWorkOrder({
          tenantId,
          workOrderId,
          number: "WO/2024-25/000007",
          projectId: "project-7",
          organisationId: cbo.id,
          lineIds: ["line-1"],
        })
        yield* Contracts.WorkOrderRepository.WorkOrderRepository.use((orders) =>
          orders.insert({ aggregate: workOrder }),
        )
        const key = { tenantId, workOrderId }
        const registers = yield* Contracts.AttendanceRegisters.AttendanceRegisters
        const stored = Attendance.AttendanceRegisterUseCases.registerOfWorkOrder(key)
        const state = Effect.map(
          stored,
          Option.map((found) => [found.endDate, found.status, found.version]),
        )

        yield* registers.extendTo({ ...key, endDate: date("2024-07-20") })
        yield* registers.close(key)
        assert.isTrue(Option.isNone(yield* stored))
        assert.isTrue(Option.isNone(yield* registers.registerOf(key)))

        yield* registers.open({
          ...key,
          workOrderNumber: workOrder.number,
          projectId: workOrder.projectId,
          organisationId: cbo.id,
          startDate: date("2024-06-10"),
          endDate: date("2024-07-10"),
        })
        const opened = Option.getOrThrow(yield* stored)
        assert.strictEqual(opened.number, "WR/2024-25/000001")
        assert.deepStrictEqual(
          opened.staff.map((member) => member.userId),
          cbo.staff.map((member) => member.userId),
        )
        assert.deepStrictEqual(
          yield* registers.registerOf(key),
          Option.some({
            ...key,
            workOrderNumber: workOrder.number,
            projectId: "project-7",
            organisationId: cbo.id,
            startDate: date("2024-06-10"),
            endDate: date("2024-07-10"),
            status: "open" as const,
          }),
        )
        yield* registers.extendTo({ ...key, endDate: date("2024-07-10") })
        assert.deepStrictEqual(yield* state, Option.some([date("2024-07-10"), "ACTIVE", 1]))
        yield* registers.extendTo({ ...key, endDate: date("2024-07-20") })
        assert.deepStrictEqual(yield* state, Option.some([date("2024-07-20"), "ACTIVE", 2]))
        yield* registers.close(key)
        yield* registers.close(key)
        assert.deepStrictEqual(yield* state, Option.some([date("2024-07-20"), "INACTIVE", 3]))
        assert.deepStrictEqual(
          Option.map(yield* registers.registerOf(key), (found) => [found.endDate, found.status]),
          Option.some([date("2024-07-20"), "closed"]),
        )

        // A register whose work order contracts does not hold is none; an unknown tenant is a defect.
        const orphan = { tenantId, workOrderId: "wo-orphan" }
        yield* registers.open({
          ...orphan,
          workOrderNumber: "WO/2024-25/000008",
          projectId: "project-8",
          organisationId: cbo.id,
          startDate: date("2024-06-10"),
          endDate: date("2024-07-10"),
        })
        assert.isTrue(Option.isNone(yield* registers.registerOf(orphan)))
        const elsewhere = yield* Effect.exit(
          registers.open({
            tenantId: otherTenant,
            workOrderId: "wo-elsewhere",
            workOrderNumber: "WO/2024-25/000009",
            projectId: "project-9",
            organisationId: cbo.id,
            startDate: date("2024-06-10"),
            endDate: date("2024-07-10"),
          }),
        )
        assert.isTrue(Exit.hasDies(elsewhere))
      }).pipe(Effect.provide(layer)),
  )

  it("ATT-1: register staff are the CBO's active staff employed in the window, from the later start", () => {
    const member = (
      userId: string,
      period: { readonly from: string; readonly to?: string },
      status: "ACTIVE" | "INACTIVE",
    ): Registries.Organisation.StaffMember => ({
      userId,
      name: userId,
      mobileNumber: "9861000000",
      role: "MANAGER",
      employedFrom: date(period.from),
      ...(period.to === undefined ? {} : { employedTo: date(period.to) }),
      status,
    })
    const organisation = {
      staff: [
        member("long-serving", { from: "2022-05-10" }, "ACTIVE"),
        member("joins-later", { from: "2024-06-20", to: "2024-12-31" }, "ACTIVE"),
        member("left-before", { from: "2022-05-10", to: "2024-06-09" }, "ACTIVE"),
        member("joins-after", { from: "2024-07-11" }, "ACTIVE"),
        member("inactive", { from: "2022-05-10" }, "INACTIVE"),
      ],
    }
    assert.deepStrictEqual(
      Contracts.AttendanceRegisters.registerStaffOf(organisation, {
        startDate: date("2024-06-10"),
        endDate: date("2024-07-10"),
      }),
      [
        { userId: "long-serving", from: date("2024-06-10") },
        { userId: "joins-later", from: date("2024-06-20"), to: date("2024-12-31") },
      ],
    )
  })
})
