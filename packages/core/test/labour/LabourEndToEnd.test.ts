/**
 * The labour half of Karya end to end (issue 4), through the public API
 * only: wage seekers registered (one with Aadhaar through a fake gateway)
 * and enrolled on a work order's register, a week of attendance synced from
 * an offline device that re-sends, the muster roll created, verified and
 * approved, its wage bill generated; then a purchase bill and a supervision
 * bill for the same work order. Every bill is asserted line by line with
 * the spec's numbers: MUKTA's unskilled wage of ₹345 before 1 January 2024
 * (SOR-4), 5.5 days → net 1898, cess 19, gross 1917 (BILL-W-3); MC 10,000 +
 * GST 1,800 → net 11,328 (BILL-P-2); 7.5% supervision on both (BILL-S-2).
 *
 * The work order comes from the contracts module, which is not finished: its
 * terms are seeded into `WorkOrderTerms.layerMemory`, and its register is
 * created with `createAttendanceRegister`.
 */
import { assert, describe, it } from "@effect/vitest"
import {
  Attendance,
  Bills,
  Config,
  Money,
  Persistence,
  Rates,
  Registries,
  Time,
  type Workflow,
} from "@karya/core"
import {
  attendanceTestLayer,
  entryAndExitInputs,
  ratesLayerMemory,
  sampleBoundaryRequests,
  sampleOrganisationInput,
  sampleWageSeekerInput,
} from "@karya/core/testing"
import { DateTime, Effect, Layer, Schema } from "effect"
import { TestClock } from "effect/testing"

const { AttendanceLogUseCases, AttendanceRegisterUseCases, MusterRollUseCases } = Attendance
const { BillWorkflow, PurchaseBill, SupervisionBill, WageBill, WageBillSource } = Bills

const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const configuration = Config.TenantConfiguration.mukta({ tenantId, cityCode: "DK" })
const date = Time.LocalDate.makeUnsafe
const amount = Money.Amount.makeUnsafe
const rupees = Money.Amount.toCanonicalString
const india = Time.TimeZone.india

const workOrderId = "work-order-dhenkanal-ward-1-drain"
const aadhaar = `23456789012${Registries.Aadhaar.verhoeffCheckDigit("23456789012")}`

// Skills are labour SOR codes (SOR-4): the first two the fresh schedule issues.
const unskilledCode = "SOR_000001"
const semiSkilledCode = "SOR_000002"

const departmentPayee = (id: string, name: string): Bills.Bill.Payee => ({
  id,
  kind: "department",
  name,
  deducteeType: "otherThanIndividual",
})
const welfareBoard = departmentPayee(
  "dept-ocwwb",
  "Odisha Building and Other Construction Workers' Welfare Board",
)
const incomeTax = departmentPayee("dept-income-tax", "Income Tax Department")
const gstDepartment = departmentPayee("dept-ctgst", "Commercial Taxes and GST, Odisha")

// The department of each deduction head is tenant data (BILL-3); the welfare board is a state body.
const headDepartments: ReadonlyArray<Bills.Payees.HeadDepartment> = [
  { tenantId: Config.TenantId.makeUnsafe("od"), headCode: "LC", department: welfareBoard },
  { tenantId, headCode: "ITTDS", department: incomeTax },
  { tenantId, headCode: "ITTDSOTI", department: incomeTax },
  { tenantId, headCode: "GSTTDS", department: gstDepartment },
]

// Registries with a fake Aadhaar gateway (it says yes and records each call), attendance,
// rates, and the bills ports wired to them.
const labourLayer = (gatewayCalls: Array<Registries.AadhaarGateway.AadhaarAuthenticationRequest>) =>
  Layer.mergeAll(
    Bills.DailyWages.layerFromRates,
    Bills.Payees.layerFromRegistries(headDepartments),
    Bills.BillRepository.layerMemory,
  ).pipe(
    Layer.provideMerge(
      Layer.mergeAll(
        attendanceTestLayer({
          labourSkillCodes: [unskilledCode, semiSkilledCode],
          aadhaarScript: (request) => {
            gatewayCalls.push(request)
            return { ret: "y", uidToken: `vault-${request.txn}` }
          },
        }),
        ratesLayerMemory,
        Config.TenantSettings.layerMemory([configuration]),
      ),
    ),
  )

const actor = (userId: string, ...roles: ReadonlyArray<string>): Workflow.Actor.Actor => ({
  userId,
  grants: roles.map((role) => ({ role, tenantId })),
})
const registrar = actor("registrar", "WAGE_SEEKER_REGISTRAR", "ORGANISATION_REGISTRAR")
const musterRollVerifier = actor("junior-engineer", "MUSTER_ROLL_VERIFIER")
const musterRollApprover = actor("executive-officer", "MUSTER_ROLL_APPROVER")
const billVerifier = actor("accountant", "BILL_VERIFIER")
const billApprover = actor("commissioner", "BILL_APPROVER")
const system = BillWorkflow.systemActor(tenantId)

const setTime = (iso: string) => TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(iso)))

// MUKTA's labour rates (SOR-4): ₹345 and ₹385 a day, raised to ₹352 and ₹392 on 1 January 2024.
const publishLabourRates = Effect.gen(function* () {
  const settings = { tenantId: configuration.tenantId }
  const wages = [
    ["Unskilled labour (mulia)", "345", "352"],
    ["Semi-skilled labour", "385", "392"],
  ] as const
  return yield* Effect.forEach(wages, ([description, before, after]) =>
    Effect.gen(function* () {
      const sor = yield* Rates.ScheduleOfRates.createSor({
        ...settings,
        input: {
          sorType: "L",
          unit: Rates.SorMasters.labourUnit,
          description,
          rateDefinedForQuantity: Money.Quantity.makeUnsafe("1"),
        },
      })
      const rate = (rupeesPerDay: string, effectiveFrom: string) =>
        Rates.ScheduleOfRates.addRate({
          ...settings,
          sorId: sor.id,
          heads: [{ head: "LA", amount: amount(rupeesPerDay) }],
          effectiveFrom: date(effectiveFrom),
        })
      yield* rate(before, "2023-04-01")
      yield* rate(after, "2024-01-01")
      return sor.code
    }),
  )
})

const wageSeekerForm = (options: {
  readonly identity: Registries.WageSeeker.WageSeekerInput["identity"]
  readonly name: string
  readonly skill: string
  readonly accountNumber: string
}) =>
  sampleWageSeekerInput({
    identity: options.identity,
    name: options.name,
    skills: [options.skill],
    bankAccount: {
      ...sampleWageSeekerInput().bankAccount,
      holderName: options.name,
      accountNumber: options.accountNumber,
      accountNumberConfirmation: options.accountNumber,
    },
  })

// 1 December 2023: the ULB's boundaries, labour rates, the CBO, a vendor and three wage seekers.
const registerEveryone = Effect.gen(function* () {
  yield* setTime("2023-12-01T04:30:00Z")
  yield* Effect.forEach(sampleBoundaryRequests(tenantId), Registries.BoundaryUseCases.addBoundary)
  assert.deepStrictEqual(yield* publishLabourRates, [unskilledCode, semiSkilledCode])
  const organisation = (input: Registries.Organisation.OrganisationInput) =>
    Registries.OrganisationUseCases.registerOrganisation({
      tenantId,
      actor: registrar,
      organisation: input,
    })
  const cbo = yield* organisation(sampleOrganisationInput())
  const vendor = yield* organisation(
    sampleOrganisationInput({
      name: "Kalinga Traders",
      type: "VENDOR",
      subType: "SUPPLIER",
      externalRegistrationId: "GST/DKL/2021/0311",
      owner: { name: "Bikash Sahu", mobileNumber: "9861055555" },
      contactPerson: { name: "Bikash Sahu", mobileNumber: "9861055555" },
      staff: [],
      // A proprietorship trades on its owner's PAN (holder status P): deducted as an individual.
      taxIdentifiers: { pan: "AFKPS1234C" },
    }),
  )
  const wageSeeker = (form: Registries.WageSeeker.WageSeekerInput) =>
    Effect.map(
      Registries.WageSeekerUseCases.registerWageSeeker({ tenantId, actor: registrar, wageSeeker: form }),
      (registered) => registered.wageSeeker,
    )
  const sabita = yield* wageSeeker(
    wageSeekerForm({
      identity: { documentType: "AADHAAR", documentNumber: aadhaar },
      name: "Sabita Nayak",
      skill: unskilledCode,
      accountNumber: "123456787621",
    }),
  )
  const rama = yield* wageSeeker(
    wageSeekerForm({
      identity: { documentType: "EPIC", documentNumber: "ORB1234568" },
      name: "Rama Behera",
      skill: semiSkilledCode,
      accountNumber: "223456787622",
    }),
  )
  const gita = yield* wageSeeker(
    wageSeekerForm({
      identity: { documentType: "EPIC", documentNumber: "ORB1234569" },
      name: "Gita Sahoo",
      skill: unskilledCode,
      accountNumber: "323456787623",
    }),
  )
  return { cbo, vendor, sabita, rama, gita }
})

// The work order's terms as the contracts module will hand them to bills: ₹2,50,000, CBO as IA.
const workOrderTerms = (cbo: Registries.Organisation.Organisation): Bills.WorkOrderTerms.Terms => ({
  tenantId,
  workOrderId,
  workOrderNumber: "WO/2023-24/000007",
  amount: amount("250000"),
  organisationId: cbo.id,
  cboRole: "IA",
  materialUtilizedAmount: amount("15000"),
  milestones: "none",
})

const workDays = (
  registerId: string,
  wageSeekerId: string,
  days: ReadonlyArray<readonly [string, string, string]>,
): ReadonlyArray<Attendance.AttendanceLog.AttendanceLogInput> =>
  days.flatMap(([day, entry, exit]) =>
    entryAndExitInputs({ tenantId, registerId, wageSeekerId, date: date(day), entry, exit, timeZone: india }),
  )

// The week of Monday 11 December 2023, captured offline and synced twice, with re-sends (ATT-4).
const recordTheWeek = (options: {
  readonly registerId: string
  readonly cboAdmin: Workflow.Actor.Actor
  readonly sabitaId: string
  readonly ramaId: string
}) =>
  Effect.gen(function* () {
    const { registerId } = options
    const record = (logs: ReadonlyArray<Attendance.AttendanceLog.AttendanceLogInput>) =>
      AttendanceLogUseCases.recordAttendanceLogs({ tenantId, actor: options.cboAdmin, logs })
    const full = (day: string) => [day, "09:00", "17:30"] as const
    const wednesdaySync = [
      ...workDays(registerId, options.sabitaId, [full("2023-12-11"), full("2023-12-12"), full("2023-12-13")]),
      ...workDays(registerId, options.ramaId, [full("2023-12-11"), full("2023-12-12"), full("2023-12-13")]),
    ]
    const sundaySync = [
      ...workDays(registerId, options.sabitaId, [
        full("2023-12-14"),
        full("2023-12-15"),
        ["2023-12-16", "09:00", "13:00"],
      ]),
      ...workDays(registerId, options.ramaId, [full("2023-12-14")]),
    ]
    yield* setTime("2023-12-13T13:00:00Z")
    assert.strictEqual((yield* record(wednesdaySync)).createdCount, 12)
    // The device got no acknowledgement on Wednesday, so on Sunday it sends everything again.
    yield* setTime("2023-12-17T13:00:00Z")
    const resent = yield* record([...wednesdaySync, ...sundaySync])
    assert.strictEqual(resent.createdCount, sundaySync.length)
    yield* setTime("2023-12-18T03:00:00Z")
    const again = yield* record(sundaySync)
    assert.strictEqual(again.createdCount, 0, "ATT-4: a re-send is a no-op")
    assert.deepStrictEqual(again.logs, resent.logs.slice(wednesdaySync.length))
    const stored = yield* Attendance.AttendanceLogRepository.AttendanceLogRepository.use((repository) =>
      Persistence.AggregateStore.findAll(
        repository,
        {
          tenantId,
          where: {
            registerId,
            at: {
              from: DateTime.formatIso(Time.LocalDate.startInstant(date("2023-12-11"), india)),
              to: DateTime.formatIso(Time.LocalDate.endInstant(date("2023-12-17"), india)),
            },
          },
          orderBy: "at",
        },
        { itemsMax: Attendance.MusterRollUseCases.logsPerMusterRollMax },
      ),
    )
    assert.strictEqual(stored.length, wednesdaySync.length + sundaySync.length, "never a duplicate")
  })

// Monday 18 December: the CBO creates the muster roll, the ULB verifies it, and on Tuesday approves it.
const approveTheWeek = (options: { readonly registerId: string; readonly cboAdmin: Workflow.Actor.Actor }) =>
  Effect.gen(function* () {
    yield* setTime("2023-12-18T05:30:00Z")
    const created = yield* MusterRollUseCases.createMusterRoll({
      tenantId,
      actor: options.cboAdmin,
      registerId: options.registerId,
      weekStart: date("2023-12-11"),
    })
    assert.strictEqual(created.number, "MR/2023-24/000001")
    assert.strictEqual(created.workflow.state, "PENDING_FOR_VERIFICATION")
    yield* setTime("2023-12-18T09:30:00Z")
    const verified = yield* MusterRollUseCases.takeMusterRollAction({
      tenantId,
      actor: musterRollVerifier,
      musterRollId: created.id,
      version: created.version,
      action: "VERIFY_AND_FORWARD",
    })
    assert.strictEqual(verified.musterRoll.workflow.state, "PENDING_FOR_APPROVAL")
    yield* setTime("2023-12-19T05:30:00Z")
    const { approved } = yield* MusterRollUseCases.approveMusterRoll({
      tenantId,
      actor: musterRollApprover,
      musterRollId: created.id,
      version: verified.musterRoll.version,
    })
    return approved
  })

// Each line of a bill: payee, kind, head, amount, and the department a deduction is paid to
// or the source document a payable line pays for.
const linesOf = (bill: Bills.Bill.Bill) =>
  bill.details.flatMap((detail) =>
    detail.lines.map((line) => [
      detail.payee.name,
      line.kind,
      line.headCode,
      rupees(line.amount),
      line.kind === "deduction"
        ? line.department.id
        : line.kind === "payable"
          ? (line.sourceDocument?.number ?? "")
          : "",
    ]),
  )

const totalsOf = (bill: Bills.Bill.Bill) =>
  bill.details.map((detail) => [detail.payee.name, rupees(detail.grossAmount), rupees(detail.netAmount)])

const assertWageBill = (
  outcome: Bills.BillWorkflow.BillOutcome,
  approved: Attendance.MusterRollApproved.MusterRollApproved,
) => {
  const { bill } = outcome
  assert.strictEqual(bill.number, "WB/2023-24/000001")
  assert.deepStrictEqual(
    [bill.type, bill.billDate, bill.workOrderId, bill.payer],
    ["wage", "2023-12-19", workOrderId, tenantId],
  )
  assert.deepStrictEqual(bill.period, { startDate: "2023-12-11", endDate: "2023-12-17" })
  assert.strictEqual(bill.workflow.state, "APPROVED", "BILL-4: approved on creation")
  assert.deepStrictEqual(bill.sourceDocuments, [
    { kind: "musterRoll", id: approved.musterRollId, number: "MR/2023-24/000001" },
  ])
  assert.deepStrictEqual(linesOf(bill), [
    ["Sabita Nayak", "payable", "WEG", "1917", ""],
    ["Sabita Nayak", "deduction", "LC", "19", welfareBoard.id],
    ["Rama Behera", "payable", "WEG", "1555", ""],
    ["Rama Behera", "deduction", "LC", "15", welfareBoard.id],
  ])
  assert.deepStrictEqual(totalsOf(bill), [
    ["Sabita Nayak", "1917", "1898"],
    ["Rama Behera", "1555", "1540"],
  ])
  assert.deepStrictEqual([rupees(bill.grossAmount), rupees(bill.netAmount)], ["3472", "3438"])
  const [event] = outcome.events
  assert.strictEqual(event?.billNumber, bill.number)
  assert.deepStrictEqual(
    event?.departmentDeductions.map((deduction) => [
      deduction.headCode,
      deduction.department.id,
      rupees(deduction.amount),
    ]),
    [["LC", welfareBoard.id, "34"]],
  )
}

const raiseAndApprovePurchaseBill = (options: {
  readonly cboAdmin: Workflow.Actor.Actor
  readonly vendorId: string
}) =>
  Effect.gen(function* () {
    yield* setTime("2023-12-20T05:30:00Z")
    const raised = yield* PurchaseBill.raise({
      tenantId,
      actor: options.cboAdmin,
      content: {
        workOrderId,
        vendorId: options.vendorId,
        invoice: { number: "KT/2023/0417", date: date("2023-12-15") },
        materialCostAmount: amount("10000"),
        gstAmount: amount("1800"),
        deductions: [],
      },
    })
    assert.deepStrictEqual(raised.warnings, [], "BILL-P-4: within the material utilized")
    assert.deepStrictEqual(raised.events, [], "BILL-4: a purchase bill waits for WF-PB")
    const act = (bill: Bills.Bill.Bill, action: string, who: Workflow.Actor.Actor) =>
      BillWorkflow.takeAction({
        tenantId,
        billId: bill.id,
        action,
        actor: who,
        version: bill.version,
      })
    const verified = yield* act(raised.bill, "VERIFY_AND_FORWARD", billVerifier)
    yield* setTime("2023-12-21T05:30:00Z")
    return yield* act(verified.bill, "APPROVE", billApprover)
  })

const assertPurchaseBill = (outcome: Bills.BillWorkflow.BillOutcome) => {
  const { bill } = outcome
  assert.strictEqual(bill.number, "PB/2023-24/000001")
  assert.deepStrictEqual(
    [bill.type, bill.billDate, bill.workflow.state],
    ["purchase", "2023-12-20", "APPROVED"],
  )
  assert.deepStrictEqual(bill.invoice, { number: "KT/2023/0417", date: "2023-12-15" })
  assert.deepStrictEqual(bill.period, { startDate: "2023-12-15", endDate: "2023-12-20" })
  assert.deepStrictEqual(linesOf(bill), [
    ["Kalinga Traders", "payable", "MC", "10000", ""],
    ["Kalinga Traders", "payable", "GST", "1800", ""],
    ["Kalinga Traders", "deduction", "LC", "118", welfareBoard.id],
    ["Kalinga Traders", "deduction", "ITTDS", "118", incomeTax.id],
    ["Kalinga Traders", "deduction", "GSTTDS", "236", gstDepartment.id],
  ])
  assert.deepStrictEqual(totalsOf(bill), [["Kalinga Traders", "11800", "11328"]])
  assert.deepStrictEqual(
    outcome.events.map((event) => [event.billNumber, DateTime.formatIso(event.approvedAt)]),
    [["PB/2023-24/000001", "2023-12-21T05:30:00.000Z"]],
  )
}

const assertSupervisionBill = (
  run: Bills.SupervisionBill.SupervisionRun,
  cbo: Registries.Organisation.Organisation,
) => {
  assert.strictEqual(run._tag, "Generated")
  if (run._tag !== "Generated") return
  const { bill, events } = run.outcome
  assert.strictEqual(bill.number, "SB/2023-24/000001")
  assert.deepStrictEqual(
    [bill.type, bill.billDate, bill.workflow.state],
    ["supervision", "2023-12-22", "APPROVED"],
  )
  assert.deepStrictEqual(bill.details[0]?.payee, {
    id: cbo.id,
    kind: "organisation",
    name: "Maa Tarini Mission Shakti Group",
    deducteeType: "otherThanIndividual",
  })
  // 7.5% of the wage bill's ₹3,472 is ₹260.40 → 260; of the purchase bill's ₹11,800, 885.
  assert.deepStrictEqual(linesOf(bill), [
    ["Maa Tarini Mission Shakti Group", "payable", "SC", "260", "WB/2023-24/000001"],
    ["Maa Tarini Mission Shakti Group", "payable", "SC", "885", "PB/2023-24/000001"],
  ])
  assert.deepStrictEqual(totalsOf(bill), [["Maa Tarini Mission Shakti Group", "1145", "1145"]])
  assert.deepStrictEqual(bill.period, { startDate: "2023-12-11", endDate: "2023-12-20" })
  assert.strictEqual(events[0]?.billNumber, bill.number)
}

// Monday 4 December 2023: the work order's register, kept by the CBO's admin, and its enrolments (ATT-1, ATT-2).
const openRegister = (options: {
  readonly cbo: Registries.Organisation.Organisation
  readonly cboAdmin: Workflow.Actor.Actor
  readonly wageSeekerIds: ReadonlyArray<string>
}) =>
  Effect.gen(function* () {
    yield* setTime("2023-12-04T04:30:00Z")
    const register = yield* AttendanceRegisterUseCases.createAttendanceRegister({
      tenantId,
      workOrderId,
      organisationId: options.cbo.id,
      startDate: date("2023-12-04"),
      endDate: date("2024-03-31"),
      staff: [{ userId: options.cboAdmin.userId }],
    })
    assert.strictEqual(register.number, "WR/2023-24/000001")
    const enrolled = yield* AttendanceRegisterUseCases.enrolAttendees({
      tenantId,
      actor: options.cboAdmin,
      registerId: register.id,
      enrolments: options.wageSeekerIds.map((wageSeekerId) => ({
        wageSeekerId,
        enrolledOn: date("2023-12-04"),
      })),
    })
    assert.strictEqual(enrolled.attendees.length, options.wageSeekerIds.length)
    return register
  })

// The wage bill of the approved week, a purchase bill and the supervision bill of the work order.
const billTheWorkOrder = (options: {
  readonly approved: Attendance.MusterRollApproved.MusterRollApproved
  readonly cboAdmin: Workflow.Actor.Actor
  readonly cbo: Registries.Organisation.Organisation
  readonly vendorId: string
}) =>
  Effect.gen(function* () {
    const source = WageBillSource.fromMusterRollApproved(options.approved)
    assertWageBill(yield* WageBill.generate({ tenantId, source, actor: system }), options.approved)
    // The approval event delivered twice makes one bill (BILL-2).
    const twice = yield* Effect.flip(WageBill.generate({ tenantId, source, actor: system }))
    assert.strictEqual(twice.code, "DUPLICATE_BILL")
    assert.include(twice.message, "WB/2023-24/000001")
    assertPurchaseBill(yield* raiseAndApprovePurchaseBill(options))
    yield* setTime("2023-12-22T05:30:00Z")
    const supervised = yield* SupervisionBill.generate({ tenantId, actor: system, workOrderId })
    assertSupervisionBill(supervised, options.cbo)
    const nothingLeft = yield* SupervisionBill.generate({ tenantId, actor: system, workOrderId })
    assert.strictEqual(nothingLeft._tag, "NothingToSupervise", "BILL-S-3: each bill is supervised once")
    const bills = yield* Bills.BillRepository.billsOfWorkOrder({ tenantId, workOrderId })
    assert.strictEqual(rupees(Bills.Bill.billedOnWorkOrder(bills, workOrderId)), "16417", "BILL-2")
  })

describe("Labour end to end", () => {
  it.effect(
    "IND-1 / AAD-2 / ATT-2 / ATT-4 / MR-5 / BILL-W-2 / BILL-W-3 / BILL-P-2 / BILL-S-2: from registration to wage, purchase and supervision bills, line by line",
    () => {
      const gatewayCalls: Array<Registries.AadhaarGateway.AadhaarAuthenticationRequest> = []
      return Effect.gen(function* () {
        const { cbo, vendor, sabita, rama, gita } = yield* registerEveryone
        assert.deepStrictEqual(
          gatewayCalls.map((call) => [call.uid, call.name, call.dob]),
          [[aadhaar, "Sabita Nayak", "1990-06-15"]],
          "AAD-2: only the Aadhaar registration asks the gateway",
        )
        assert.deepStrictEqual(
          [sabita.number, rama.number, gita.number],
          ["IND-2023-24-000001", "IND-2023-24-000002", "IND-2023-24-000003"],
        )
        const cboAdminId = cbo.staff[0]?.userId ?? ""
        const cboAdmin = actor(cboAdminId, "ORG_ADMIN")
        const register = yield* openRegister({ cbo, cboAdmin, wageSeekerIds: [sabita.id, rama.id, gita.id] })
        yield* recordTheWeek({ registerId: register.id, cboAdmin, sabitaId: sabita.id, ramaId: rama.id })
        const approved = yield* approveTheWeek({ registerId: register.id, cboAdmin })
        assert.deepStrictEqual(
          Schema.encodeSync(Attendance.MusterRollApproved.MusterRollApproved)(approved).attendees.map(
            (row) => [row.wageSeekerId, row.skillCode, row.effectiveAttendance],
          ),
          [
            [sabita.id, unskilledCode, "5.5"],
            [rama.id, semiSkilledCode, "4"],
            [gita.id, unskilledCode, "0"],
          ],
        )
        yield* billTheWorkOrder({ approved, cboAdmin, cbo, vendorId: vendor.id }).pipe(
          Effect.provide(Bills.WorkOrderTerms.layerMemory([workOrderTerms(cbo)])),
        )
      }).pipe(Effect.provide(labourLayer(gatewayCalls)))
    },
  )
})
