/**
 * Issue 3, acceptance point 4: one project driven end to end through the
 * works half of the core with the real use cases of every module, composed
 * with the wiring layers (estimates → contracts, registries → contracts,
 * attendance → contracts, rates → measurement, measurement → estimates):
 * SOR setup, rate analysis, estimate, work order, two weekly measurement
 * entries and a time extension, asserting every number, number format and
 * date along the way.
 */
import { assert, describe, it } from "@effect/vitest"
import {
  Attendance,
  Config,
  Contracts,
  Estimates,
  Measurement,
  Money,
  Persistence,
  Rates,
  Registries,
  Time,
  type Workflow,
} from "@karya/core"
import {
  attendanceTestLayer,
  contractsActors,
  contractsConfiguration,
  plusMeasurementRow,
  ratesLayerMemory,
  sampleOrganisationInput,
} from "@karya/core/testing"
import { DateTime, Effect, Layer, Option } from "effect"
import { TestClock } from "effect/testing"

const configuration = contractsConfiguration
const tenantId = configuration.tenantId
const settings = { tenantId: configuration.tenantId }
const amount = Money.Amount.makeUnsafe
const quantity = Money.Quantity.makeUnsafe
const date = Time.LocalDate.makeUnsafe
const text = (value: Money.Amount.Amount) => Money.Amount.toDecimalString(value, { scale: 2 })
const quantityText = (value: Money.Quantity.Quantity) => Money.Quantity.toCanonicalString(value)
const at = (iso: string) => TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(iso)))

const actor = (userId: string, role: string): Workflow.Actor.Actor => ({
  userId,
  grants: [{ role, tenantId }],
})
const people = {
  ...contractsActors,
  registrar: actor("registrar", "ORGANISATION_REGISTRAR"),
  estimateCreator: actor("junior-engineer", "ESTIMATE_CREATOR"),
  estimateVerifier: actor("executive-engineer", "ESTIMATE_VERIFIER"),
  sanctioner: actor("municipal-engineer", "TECHNICAL_SANCTIONER"),
  estimateApprover: actor("executive-officer", "ESTIMATE_APPROVER"),
}

/** Every repository in memory, one `IdSequence` (the same Layer value is built once). */
const repositories = Layer.mergeAll(
  ratesLayerMemory,
  Estimates.ProjectRepository.layerMemory,
  Estimates.EstimateRepository.layerMemory,
  Estimates.EstimateTemplateRepository.layerMemory,
  Contracts.WorkOrderRepository.layerMemory,
  Contracts.WorkOrderRevisionRepository.layerMemory,
  Contracts.ProjectClosureRepository.layerMemory,
  Measurement.MeasurementBookRepository.layerMemory,
  Measurement.MeasurementEntryRepository.layerMemory,
  attendanceTestLayer(),
  Config.TenantSettings.layerMemory([configuration]),
  Persistence.UnitOfWork.layerMemory,
)

/** The ports between modules, each implemented by the module that owns the data. */
const wiring = Layer.mergeAll(
  Contracts.ApprovedEstimates.layerFromEstimates,
  Contracts.Organisations.layerFromRegistries,
  Contracts.MusterRollStatus.layerFromAttendance,
  Contracts.AttendanceRegisters.layerFromAttendance,
  Measurement.RateAnalysisContent.layerFromRates,
  Measurement.EstimateLineMeasurements.layerFromMeasurement,
)

const worksLayer = Layer.provideMerge(wiring, repositories)

const labourSor = (description: string) =>
  Effect.gen(function* () {
    const sor = yield* Rates.ScheduleOfRates.createSor({
      ...settings,
      input: { sorType: "L", unit: "NOS", description, rateDefinedForQuantity: quantity("1") },
    })
    yield* Rates.ScheduleOfRates.addRate({
      ...settings,
      sorId: sor.id,
      heads: [{ head: "LA", amount: amount("352") }],
      effectiveFrom: date("2024-01-01"),
    })
    return sor
  })

const estimateAction = (estimate: Estimates.Estimate.Estimate, action: string, who: Workflow.Actor.Actor) =>
  Estimates.EstimateWorkflow.takeEstimateAction({
    tenantId,
    actor: who,
    estimateId: estimate.id,
    version: estimate.version,
    action,
  })

const workOrderAction = (workOrder: Contracts.WorkOrder.WorkOrder, type: string, who: Workflow.Actor.Actor) =>
  Contracts.WorkOrderWorkflow.takeWorkOrderAction({
    tenantId,
    workOrderId: workOrder.workOrderId,
    version: workOrder.version,
    type,
    actor: who,
  })

const recordEntry = (options: {
  readonly bookId: string
  readonly periodEnd: string
  readonly lines: ReadonlyArray<{
    readonly lineId: string
    readonly rows: ReadonlyArray<Measurement.MeasurementEntry.EntryRow>
  }>
}) =>
  Measurement.MeasurementRecording.createEntry({
    tenantId,
    bookId: options.bookId,
    action: "SUBMIT",
    actor: people.measurer,
    content: {
      periodEnd: date(options.periodEnd),
      entryDate: date(options.periodEnd),
      lines: options.lines,
    },
  })

const entryAction = (
  entry: Measurement.MeasurementEntry.MeasurementEntry,
  type: string,
  who: Workflow.Actor.Actor,
) =>
  Measurement.MeasurementRecording.takeEntryAction({
    tenantId,
    entryId: entry.entryId,
    version: entry.version,
    type,
    actor: who,
  })

const approveEntry = (entry: Measurement.MeasurementEntry.MeasurementEntry) =>
  Effect.flatMap(entryAction(entry, "VERIFY_AND_FORWARD", people.measurementVerifier), (verified) =>
    entryAction(verified, "APPROVE", people.measurementApprover),
  )

/** SOR setup and rate analysis (SOR-2, RA-5): earth work at ₹113.77 per CUM. */
const setUpRates = Effect.gen(function* () {
  const male = yield* labourSor("Male mulia")
  const female = yield* labourSor("Female mulia")
  const earthWork = yield* Rates.ScheduleOfRates.createSor({
    ...settings,
    input: {
      sorType: "W",
      subType: "EW",
      variant: "BS",
      unit: "CUM",
      description: "Earth work in excavation in ordinary soil",
      rateDefinedForQuantity: quantity("1"),
    },
  })
  assert.deepStrictEqual([male.code, female.code, earthWork.code], ["SOR_000001", "SOR_000002", "SOR_000003"])
  const analysed = yield* Rates.RateAnalysisMaintenance.createRateAnalysis({
    ...settings,
    sorId: earthWork.id,
    input: {
      analysisQuantity: quantity("1"),
      basicLines: [
        { sorId: male.id, quantity: quantity("0.16") },
        { sorId: female.id, quantity: quantity("0.16") },
      ],
      additionalCharges: [],
    },
    effectiveFrom: date("2024-01-01"),
  })
  assert.strictEqual(analysed.analysis.code, "CMP_000001")
  assert.strictEqual(text(analysed.result.rate), "113.77")
  const published = yield* Rates.ScheduleOfRates.rateOnDate({
    tenantId,
    sorId: earthWork.id,
    date: date("2024-06-03"),
  })
  assert.strictEqual(text(published.rate.rate), "113.77")
  return { male, female, earthWork }
})

/** A project and its estimate, drafted, submitted, verified, sanctioned and approved (EST-1..6). */
const approvedEstimate = (earthWork: Rates.Sor.Sor) =>
  Effect.gen(function* () {
    const project = yield* Estimates.ProjectRegistration.createProject({
      tenantId,
      input: {
        name: "Pond renovation, ward 5",
        projectType: "POND",
        location: "DK-W5",
        estimatedCost: amount("25000"),
      },
    })
    assert.strictEqual(project.number, "PJ/2024-25/000001")
    const drafted = yield* Estimates.EstimateDrafting.draftEstimate({
      tenantId,
      actor: people.estimateCreator,
      projectId: project.id,
      name: "Pond renovation",
      lines: [
        {
          category: "sor",
          sorId: earthWork.id,
          measurements: [
            {
              name: "pond bed",
              sign: "plus",
              number: Money.Measurement.makeFactorUnsafe("1"),
              length: Money.Measurement.makeFactorUnsafe("20"),
              breadth: Money.Measurement.makeFactorUnsafe("10"),
              depth: Money.Measurement.makeFactorUnsafe("0.5"),
            },
          ],
        },
        {
          category: "nonSor",
          description: "Project signboard",
          unit: "NOS",
          rate: Money.Rate.makeUnsafe("1500"),
          measurements: [{ name: "boards", sign: "plus", number: Money.Measurement.makeFactorUnsafe("2") }],
        },
      ],
      enteredOverheads: [],
      action: "SAVE_AS_DRAFT",
    })
    assert.strictEqual(drafted.number, "ES/2024-25/000001")
    assert.strictEqual(drafted.workflow.state, "DRAFTED")
    assert.strictEqual(drafted.estimateDate, "2024-06-03")
    const [earthLine, boardLine] = drafted.lines
    assert.strictEqual(earthLine?.category, "sor")
    assert.strictEqual(earthLine && quantityText(earthLine.quantity), "100")
    assert.strictEqual(earthLine && text(earthLine.amount), "11377.00")
    assert.strictEqual(boardLine && text(boardLine.amount), "3000.00")
    // EST-3: SC 7.5% and GST 18% of the base 14,377.00, TST ₹5,000 lump sum.
    assert.deepStrictEqual(
      drafted.overheads.map((overhead) => [overhead.code, text(overhead.amount)]),
      [
        ["SC", "1078.28"],
        ["GST", "2587.86"],
        ["TST", "5000.00"],
      ],
    )
    assert.strictEqual(text(drafted.totals.total), "23043.14")
    assert.strictEqual(text(drafted.totals.workOrderValue), "23043.00")
    let estimate = drafted
    const steps = [
      ["SUBMIT", people.estimateCreator, "PENDING_FOR_VERIFICATION"],
      ["VERIFY_AND_FORWARD", people.estimateVerifier, "PENDING_FOR_TECHNICAL_SANCTION"],
      ["TECHNICAL_SANCTION", people.sanctioner, "PENDING_FOR_APPROVAL"],
      ["APPROVE", people.estimateApprover, "APPROVED"],
    ] as const
    for (const [action, who, state] of steps) {
      estimate = yield* estimateAction(estimate, action, who)
      assert.strictEqual(estimate.workflow.state, state, action)
    }
    return { project, estimate }
  })

describe("Works end to end (issue 3)", () => {
  it.effect(
    "TE-4: SOR → rate analysis → estimate → work order → two weekly measurements → time extension, every number and date asserted",
    () =>
      Effect.gen(function* () {
        // Monday 3 June 2024, 11:00 in India: rates, project and estimate.
        yield* at("2024-06-03T05:30:00Z")
        const { male, female, earthWork } = yield* setUpRates
        const { project, estimate } = yield* approvedEstimate(earthWork)
        const earthLineId = estimate.lines[0]?.id ?? ""
        const boardLineId = estimate.lines[1]?.id ?? ""

        // WO-1: the estimate reaches contracts through the estimates wiring, only once approved.
        const asContracts = yield* Contracts.ApprovedEstimates.approvedEstimate({
          tenantId,
          estimateId: estimate.id,
        })
        assert.strictEqual(asContracts.estimateNumber, "ES/2024-25/000001")
        assert.strictEqual(asContracts.projectId, project.id)
        assert.deepStrictEqual(
          asContracts.overheads.map((overhead) => [overhead.code, overhead.isWorkOrderValue]),
          [
            ["SC", true],
            ["GST", true],
            ["TST", true],
          ],
        )

        // The CBO, registered in the registries (ORG-1).
        const cbo = yield* Registries.OrganisationUseCases.registerOrganisation({
          tenantId,
          actor: people.registrar,
          organisation: sampleOrganisationInput(),
        })
        const standing = yield* Contracts.Organisations.standingOf({ tenantId, organisationId: cbo.id })
        assert.deepStrictEqual(
          Option.getOrUndefined(Option.map(standing, (found) => [found.type, found.status, found.validTo])),
          ["CBO", "active", date("2027-05-09")],
        )

        // Wednesday 5 June: the work order is created; Thursday 6 June verified and approved.
        yield* at("2024-06-05T05:30:00Z")
        const created = yield* Contracts.WorkOrderIssue.createWorkOrder({
          tenantId,
          actor: people.creator,
          content: {
            estimates: [{ estimateId: estimate.id }],
            organisationId: cbo.id,
            officerInCharge: people.officerInCharge,
            completionPeriodDays: 30,
            termsAndConditions: ["Work as per the schedule of rates"],
          },
        })
        assert.strictEqual(created.number, "WO/2024-25/000001")
        assert.strictEqual(text(created.amount), "23043.00")
        assert.strictEqual(created.cboRole, "IA")
        assert.strictEqual(created.workflow.state, "PENDING_FOR_VERIFICATION")
        yield* at("2024-06-06T06:00:00Z")
        const verified = yield* workOrderAction(created, "VERIFY_AND_FORWARD", people.verifier)
        const issued = yield* workOrderAction(verified, "APPROVE", people.approver)
        assert.strictEqual(issued.workflow.state, "PENDING_FOR_ACCEPTANCE")
        assert.strictEqual(issued.issueDate, "2024-06-06")
        assert.strictEqual(issued.acceptanceDueDate, "2024-06-13")

        // Monday 10 June: the CBO accepts; start = acceptance date, end = start + 30 days (WO-6).
        yield* at("2024-06-10T04:00:00Z")
        const accepted = yield* workOrderAction(issued, "ACCEPT", people.cboAdmin)
        assert.strictEqual(accepted.workflow.state, "ACCEPTED")
        assert.strictEqual(accepted.startDate, "2024-06-10")
        assert.strictEqual(accepted.endDate, "2024-07-10")
        const register = yield* Contracts.AttendanceRegisters.AttendanceRegisters.use((registers) =>
          registers.registerOf(accepted),
        )
        assert.deepStrictEqual(
          Option.map(register, (found) => [found.startDate, found.endDate, found.status]),
          Option.some([date("2024-06-10"), date("2024-07-10"), "open"]),
        )
        const attendanceRegister = Option.getOrThrow(
          yield* Attendance.AttendanceRegisterUseCases.registerOfWorkOrder({
            tenantId,
            workOrderId: accepted.workOrderId,
          }),
        )
        assert.deepStrictEqual(
          [
            attendanceRegister.number,
            attendanceRegister.organisationId,
            attendanceRegister.startDate,
            attendanceRegister.endDate,
            attendanceRegister.status,
            attendanceRegister.version,
          ],
          ["WR/2024-25/000001", cbo.id, date("2024-06-10"), date("2024-07-10"), "ACTIVE", 1],
        )
        assert.deepStrictEqual(
          attendanceRegister.staff.map((member) => [member.userId, member.from]),
          cbo.staff.map((member) => [member.userId, date("2024-06-10")]),
        )
        const book = Option.getOrThrow(
          yield* Measurement.MeasurementBookRepository.findBookOfWorkOrder({
            tenantId,
            workOrderId: accepted.workOrderId,
          }),
        )
        assert.strictEqual(book.number, "MB/2024-25/000001")
        assert.deepStrictEqual([book.startDate, book.endDate], [date("2024-06-10"), date("2024-07-10")])
        assert.deepStrictEqual(
          book.lines.map((line) => [line.lineId, quantityText(line.estimatedQuantity), line.rateDate]),
          [
            [earthLineId, "100", date("2024-06-03")],
            [boardLineId, "2", date("2024-06-03")],
          ],
        )

        // Week 1, Monday 10 – Sunday 16 June, measured on Monday 17 June and approved (MB-2..5).
        yield* at("2024-06-17T05:30:00Z")
        const first = yield* recordEntry({
          bookId: book.bookId,
          periodEnd: "2024-06-16",
          lines: [
            { lineId: earthLineId, rows: [plusMeasurementRow("4", "10")] },
            { lineId: boardLineId, rows: [plusMeasurementRow("1")] },
          ],
        })
        assert.strictEqual(first.number, "MB/2024-25/000001/01")
        assert.deepStrictEqual([first.periodStart, first.periodEnd], [date("2024-06-10"), date("2024-06-16")])
        assert.strictEqual(Time.LocalDate.dayOfWeek(first.periodStart), 1)
        assert.strictEqual(Time.LocalDate.dayOfWeek(first.periodEnd), 7)
        assert.strictEqual(text(first.amount), "6050.80")
        // Pending approval, the entry already counts toward what a revision may not go below (EST-7).
        const pending = yield* Estimates.MeasuredQuantities.MeasuredQuantities.use((port) =>
          port.measuredOf(tenantId, [earthLineId, boardLineId]),
        )
        assert.strictEqual(quantityText(pending.get(earthLineId) ?? Money.Quantity.zero), "40")
        const firstApproved = yield* approveEntry(first)
        assert.strictEqual(firstApproved.workflow.state, "APPROVED")

        // MB-8 through the rates wiring: the labour of 40 CUM of earth work.
        const utilization = yield* Measurement.UtilizationStatement.generateStatement({
          tenantId,
          entryId: first.entryId,
        })
        assert.deepStrictEqual(
          utilization.consolidated.map((item) => [
            item.kind,
            item.itemCode,
            item.description,
            quantityText(item.quantity),
            text(item.cost),
          ]),
          [
            ["labour", male.code, "Male mulia", "6.4", "2252.80"],
            ["labour", female.code, "Female mulia", "6.4", "2252.80"],
          ],
        )
        assert.strictEqual(text(utilization.totals.labour), "4505.60")

        // Week 2, Monday 17 – Sunday 23 June, measured on Monday 24 June and approved.
        yield* at("2024-06-24T05:30:00Z")
        const second = yield* recordEntry({
          bookId: book.bookId,
          periodEnd: "2024-06-23",
          lines: [
            { lineId: earthLineId, rows: [plusMeasurementRow("5", "7")] },
            { lineId: boardLineId, rows: [plusMeasurementRow("1")] },
          ],
        })
        assert.strictEqual(second.number, "MB/2024-25/000001/02")
        assert.deepStrictEqual(
          [second.periodStart, second.periodEnd],
          [date("2024-06-17"), date("2024-06-23")],
        )
        assert.deepStrictEqual(
          second.lines.map((line) => [
            quantityText(line.currentQuantity),
            quantityText(line.cumulativeQuantity),
            text(line.amount),
          ]),
          [
            ["35", "75", "3981.95"],
            ["1", "2", "1500.00"],
          ],
        )
        assert.strictEqual(text(second.amount), "5481.95")
        const secondApproved = yield* approveEntry(second)
        assert.strictEqual(secondApproved.workflow.state, "APPROVED")
        const measured = yield* Estimates.MeasuredQuantities.MeasuredQuantities.use((port) =>
          port.measuredOf(tenantId, [earthLineId, boardLineId]),
        )
        assert.deepStrictEqual(
          [...measured].map(([lineId, value]) => [lineId, quantityText(value)]),
          [
            [earthLineId, "75"],
            [boardLineId, "2"],
          ],
        )

        // TE-1: no muster roll yet, so no time extension.
        const extension = {
          tenantId,
          workOrderId: accepted.workOrderId,
          extensionDays: 10,
          reason: "monsoon rains stopped work",
          actor: people.cboAdmin,
        }
        const refused = yield* Effect.flip(Contracts.TimeExtensionRequests.requestTimeExtension(extension))
        assert.strictEqual(refused.code, "TE_NO_MUSTER_ROLL")

        // The CBO's first muster roll (week of 10 June), on the register opened at acceptance, by its admin.
        const cboOwner = actor(
          Option.getOrThrow(Option.fromUndefinedOr(attendanceRegister.staff[0])).userId,
          "ORG_ADMIN",
        )
        const musterRoll = yield* Attendance.MusterRollUseCases.createMusterRoll({
          tenantId,
          actor: cboOwner,
          registerId: attendanceRegister.id,
          weekStart: date("2024-06-10"),
        })
        assert.deepStrictEqual(
          [musterRoll.week.firstDate, musterRoll.week.lastDate],
          [date("2024-06-10"), date("2024-06-16")],
        )
        assert.strictEqual(
          yield* Contracts.MusterRollStatus.progressOf({
            tenantId,
            workOrderId: accepted.workOrderId,
            workOrderNumber: accepted.number,
          }),
          "firstSubmitted",
        )

        // TE-2: requested on 24 June; revised end = 10 July + 10 days.
        const requested = yield* Contracts.TimeExtensionRequests.requestTimeExtension(extension)
        assert.strictEqual(requested.number, "TE/2024-25/000001")
        assert.strictEqual(requested.workOrderNumber, "WO/2024-25/000001")
        assert.strictEqual(requested.startDate, "2024-06-10")
        assert.deepStrictEqual(requested.change, {
          kind: "timeExtension",
          baseEndDate: date("2024-07-10"),
          extensionDays: 10,
          reason: "monsoon rains stopped work",
          revisedEndDate: date("2024-07-20"),
        })

        // TE-3, TE-4: verified and approved on 25 June; order, register and book end on 20 July.
        yield* at("2024-06-25T05:30:00Z")
        const revisionAction = (
          revision: Contracts.WorkOrderRevision.WorkOrderRevision,
          type: string,
          who: Workflow.Actor.Actor,
        ) =>
          Contracts.RevisionDecisions.takeRevisionAction({
            tenantId,
            revisionId: revision.revisionId,
            version: revision.version,
            type,
            actor: who,
          })
        const verifiedExtension = yield* revisionAction(requested, "VERIFY_AND_FORWARD", people.verifier)
        const approvedExtension = yield* revisionAction(verifiedExtension, "APPROVE", people.approver)
        assert.strictEqual(approvedExtension.workflow.state, "APPROVED")
        const extended = yield* Contracts.WorkOrderRepository.WorkOrderRepository.use((orders) =>
          Effect.option(orders.get({ tenantId, id: accepted.workOrderId })),
        )
        assert.deepStrictEqual(
          Option.getOrUndefined(
            Option.map(extended, (found) => [found.number, found.startDate, found.endDate]),
          ),
          [accepted.number, date("2024-06-10"), date("2024-07-20")],
        )
        const extendedRegister = yield* Contracts.AttendanceRegisters.AttendanceRegisters.use((registers) =>
          registers.registerOf(accepted),
        )
        assert.deepStrictEqual(
          Option.map(extendedRegister, (found) => found.endDate),
          Option.some(date("2024-07-20")),
        )
        const storedRegister =
          yield* Attendance.AttendanceRegisterRepository.AttendanceRegisterRepository.use((stored) =>
            stored.get({ tenantId, id: attendanceRegister.id }),
          )
        assert.deepStrictEqual(
          [storedRegister.number, storedRegister.endDate, storedRegister.status, storedRegister.version],
          [attendanceRegister.number, date("2024-07-20"), "ACTIVE", 2],
        )
        const extendedBook = yield* Measurement.MeasurementBookRepository.MeasurementBookRepository.use(
          (books) => Effect.option(books.get({ tenantId, id: book.bookId })),
        )
        assert.deepStrictEqual(
          Option.map(extendedBook, (found) => found.endDate),
          Option.some(date("2024-07-20")),
        )
      }).pipe(Effect.provide(worksLayer)),
  )
})
