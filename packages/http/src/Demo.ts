/**
 * `npm start`: a whole Karya deployment in one process, for a newcomer to
 * watch wage payments flow. It starts embedded PostgreSQL (PGlite) with the
 * migrations applied, the JIT-FS simulator on a loopback port (the real
 * encrypted protocol, its own key pair), a fake Aadhaar gateway, and the
 * REST API on `PORT`; it prints a token per persona; it records demo data
 * for one ULB through the API (three wage seekers, a CBO, an approved wage
 * bill) after pulling the ULB's allotments from the simulator; and it runs
 * the JIT schedule on a fast clock, so the bill's PI moves Initiated →
 * Approved → In Process → Completed in well under a minute. The simulator
 * fails one wage seeker's credit (account closed); the demo's payment
 * officer then revises the PI with a corrected account through the API, and
 * the revised PI is paid in turn.
 *
 * Everything a user sees here is what `karya serve` runs; only the clock,
 * the simulator and the data are the demo's.
 *
 * @since 0.1.0
 */
import { randomUUID } from "node:crypto"
import { AadhaarSimulator, JitSimulatorServer } from "@karya/adapters-jit"
import { Config, Payments, Persistence, Registries } from "@karya/core"
import { Clock, Deferred, Effect, Fiber, Layer, Redacted } from "effect"
import * as Auth from "./Auth.js"
import * as DemoClock from "./DemoClock.js"
import * as Environment from "./Environment.js"
import * as JitScheduler from "./JitScheduler.js"
import * as KaryaApp from "./KaryaApp.js"

/**
 * The demo ULB.
 *
 * @since 0.1.0
 * @category models
 */
export const demoTenant = { tenantId: "od.dhenkanal", cityCode: "DK" } as const

/**
 * The demo ULB's configuration: MUKTA's, with the JIT codes the simulator
 * knows.
 *
 * @since 0.1.0
 * @category constructors
 */
export const demoConfiguration: Config.TenantConfiguration.TenantConfiguration = {
  ...Config.TenantConfiguration.mukta(demoTenant),
  jitCodes: Payments.JitCodes.muktaJitCodes({
    ddoCode: "OLSHUD001",
    granteeCode: "GOHUDULBMPL0036",
    ssuId: "1621",
  }),
}

/**
 * MUKTA's four labour skill levels: the skill codes of the demo (and, until
 * the schedule of rates provides them, of `karya serve`).
 *
 * @since 0.1.0
 * @category models
 */
export const muktaLabourSkillCodes: ReadonlyArray<string> = [
  "LAB_UNSKILLED",
  "LAB_SEMI_SKILLED",
  "LAB_SKILLED",
  "LAB_HIGHLY_SKILLED",
]

/**
 * The demo ULB's boundaries: the state, a district, the ULB, a ward and a
 * locality in it.
 *
 * @since 0.1.0
 * @category models
 */
export const demoBoundaries = (
  tenantId: Config.TenantId.TenantId,
): ReadonlyArray<Registries.BoundaryUseCases.AddBoundaryRequest> => {
  const state = Config.TenantId.stateTenantOf(tenantId)
  return [
    { tenantId, code: state, name: "Odisha", level: "state", lgdCode: "21" },
    {
      tenantId,
      code: "OD_DISTRICT_DHENKANAL",
      name: "Dhenkanal",
      level: "district",
      parentCode: state,
      lgdCode: "374",
    },
    {
      tenantId,
      code: tenantId,
      name: "Dhenkanal Municipality",
      level: "ulb",
      parentCode: "OD_DISTRICT_DHENKANAL",
      lgdCode: "800220",
    },
    { tenantId, code: "WARD_01", name: "Ward 1", level: "ward", parentCode: tenantId },
    { tenantId, code: "LOC_01_A", name: "Kunjakanta", level: "locality", parentCode: "WARD_01" },
  ]
}

/**
 * The demo personas and the roles their tokens carry.
 *
 * @since 0.1.0
 * @category models
 */
export const personas = [
  { sub: "registrar.dhenkanal", label: "Wage seeker registrar", roles: [Auth.Roles.wageSeekerRegistrar] },
  { sub: "cbo-admin.dhenkanal", label: "Organisation registrar", roles: [Auth.Roles.organisationRegistrar] },
  { sub: "accountant.dhenkanal", label: "Bill approver (accountant)", roles: [Auth.Roles.billApprover] },
  {
    sub: "payment-officer.dhenkanal",
    label: "Payment officer",
    roles: [Auth.Roles.paymentOfficer, Auth.Roles.viewDepartmentBeneficiariesUnmasked],
  },
  { sub: "viewer.dhenkanal", label: "Viewer", roles: [Auth.Roles.viewer] },
] as const

const wageSeekers = [
  {
    name: "Sabita Nayak",
    mobile: "9437012345",
    account: "123456787621",
    ifsc: "ICIC0001247",
    epic: "ABC1234567",
  },
  {
    name: "Ramesh Behera",
    mobile: "9437012346",
    account: "223456789012",
    ifsc: "SBIN0001234",
    epic: "ABC1234568",
  },
  {
    name: "Kuni Sahu",
    mobile: "9437012347",
    account: "323456789013",
    ifsc: "UTIB0000123",
    epic: "ABC1234569",
  },
] as const

/** The account the simulator reports as closed, and the one it is corrected to. */
const closedAccount = { failed: "223456789012", corrected: "223456789099", ifsc: "SBIN0001234" } as const

/**
 * The simulator's scenario for the demo: the ULB's sanction with an initial
 * allotment, and one wage seeker's credit failing (account closed).
 *
 * @since 0.1.0
 * @category constructors
 */
export const demoScenario = (allotmentDate: string) => ({
  sanctions: [
    {
      sanctionId: "920",
      headOfAccount: demoConfiguration.headsOfAccountOrder[0]?.code ?? "",
      ddoCode: demoConfiguration.jitCodes.ddoCode,
      granteeCode: demoConfiguration.jitCodes.granteeCode,
      schemeCode: demoConfiguration.jitCodes.schemeCode,
      ssuId: demoConfiguration.jitCodes.ssuId,
      allotments: [
        {
          ssuAllotmentId: "860",
          date: allotmentDate,
          amount: "500000.00",
          kind: "Initial Allotment" as const,
        },
      ],
    },
  ],
  failBeneficiaries: [{ accountNumber: closedAccount.failed, reason: "Account closed", times: 1 }],
})

/**
 * The options of a demo run.
 *
 * @since 0.1.0
 * @category models
 */
export interface DemoOptions {
  readonly port: number
  /** The address the API listens on (default loopback, `Environment.hostDefault`). */
  readonly host?: string
  readonly database?: KaryaApp.DatabaseChoice
  /** Business milliseconds per real millisecond (default 3 hours per second). */
  readonly speed?: number
  /** Real milliseconds between scheduler ticks (default 500). */
  readonly tickMs?: number
  /** Stop once the revised PI is Completed (tests, CI); else serve until interrupted. */
  readonly untilComplete?: boolean
  readonly print: (line: string) => Effect.Effect<void>
}

/**
 * What the demo ended with (when `untilComplete`).
 *
 * @since 0.1.0
 * @category models
 */
export interface DemoOutcome {
  readonly original: { readonly number: string; readonly status: string; readonly failed: number }
  readonly revised: { readonly number: string; readonly status: string }
  readonly transitions: ReadonlyArray<string>
  readonly smsSent: number
}

const speedDefault = 3 * 3600
/** The printed tokens' validity, in real seconds (under the default maximum lifetime of 12 hours). */
const tokenValidForSeconds = 3600
const tickMsDefault = 200
const ist = "Asia/Kolkata"

/** 20:50 in the ULB's zone on the real day: ten minutes before the day's first JIT slot. */
const demoStartMs = (realMs: number): number => {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: ist }).format(realMs)
  return Date.parse(`${day}T20:50:00+05:30`)
}

const api = (baseUrl: string, token: string) => (method: string, path: string, body?: unknown) =>
  Effect.promise(async () => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "idempotency-key": `demo:${randomUUID()}`,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, json: text === "" ? undefined : (JSON.parse(text) as unknown) }
  }).pipe(
    Effect.flatMap((reply) =>
      reply.status < 300
        ? Effect.succeed(reply.json as Record<string, unknown>)
        : Effect.die(
            new Error(`demo: ${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.json)}`),
          ),
    ),
  )

/**
 * Runs the demo.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run = (options: DemoOptions): Effect.Effect<DemoOutcome> =>
  Effect.scoped(
    Effect.gen(function* () {
      const realClock = yield* Effect.clockWith(Effect.succeed)
      const startMs = demoStartMs(realClock.currentTimeMillisUnsafe())
      // Business time stands at 20:50 while the deployment starts and the demo
      // data is recorded, then runs fast once the schedule starts.
      const clock = DemoClock.makeAdjustable({ startMs, speed: 0, realClock })
      // Business time for the domain, real time for security: the tokens the
      // demo prints expire on the real clock (API-2).
      return yield* clock.provide(
        runOnClock(options, startMs, () => clock.setSpeed(options.speed ?? speedDefault)),
      )
    }),
  )

const runOnClock = (options: DemoOptions, startMs: number, startFastClock: () => void) =>
  Effect.gen(function* () {
    const tenantId = Config.TenantId.makeUnsafe(demoTenant.tenantId)
    const host = options.host ?? Environment.hostDefault
    const allotmentDate = new Intl.DateTimeFormat("en-CA", { timeZone: ist }).format(startMs)
    const simulator = yield* JitSimulatorServer.make({ scenario: demoScenario(allotmentDate) })
    const aadhaar = yield* AadhaarSimulator.serve(
      AadhaarSimulator.make(AadhaarSimulator.always({ kind: "valid" })),
      {},
    )
    const config: KaryaApp.AppConfig = {
      database: options.database ?? { kind: "embedded" },
      jit: {
        baseUrl: simulator.url,
        clientId: simulator.clientId,
        clientSecret: Redacted.make(simulator.clientSecret),
        jitPublicKeyPem: simulator.publicKeyPem,
      },
      aadhaar: { baseUrl: aadhaar.url, subAuaCode: "DEMO" },
      tenants: [demoConfiguration],
      labourSkillCodes: muktaLabourSkillCodes,
      secrets: {
        fieldKey: Redacted.make("demo-field-key: not for production"),
        searchKey: Redacted.make("demo-search-key: not for production"),
        tokenSecret: Redacted.make("demo-token-secret: not for production, at least 32 bytes"),
      },
    }
    const ports = yield* Layer.build(
      KaryaApp.portsLayer(config).pipe(Layer.provideMerge(KaryaApp.databaseLayer(config.database))),
    ).pipe(Effect.orDie)
    yield* Layer.build(
      KaryaApp.httpLayer({ port: options.port, host, logRequests: false }).pipe(
        Layer.provide(Layer.succeedContext(ports)),
      ),
    ).pipe(Effect.orDie)
    const baseUrl = KaryaApp.urlOf({ host, port: options.port })
    yield* Effect.forEach(demoBoundaries(tenantId), Registries.BoundaryUseCases.addBoundary).pipe(
      Effect.provideContext(ports),
      Effect.orDie,
    )
    const tokens = yield* Effect.forEach(personas, (persona) =>
      Effect.map(
        Auth.issueToken({
          sub: persona.sub,
          tenants: [demoTenant.tenantId],
          roles: [...persona.roles],
          validForSeconds: tokenValidForSeconds,
        }),
        (token) => ({ ...persona, token }),
      ),
    ).pipe(Effect.provideContext(ports))
    const tokenOf = (sub: string) => tokens.find((persona) => persona.sub === sub)?.token ?? ""
    yield* options.print(`Karya demo: the API is on ${baseUrl}/v1, its docs on ${baseUrl}/docs`)
    yield* options.print(`JIT-FS simulator on ${simulator.url}; tenant ${demoTenant.tenantId}`)
    for (const persona of tokens)
      yield* options.print(`token for ${persona.label} (${persona.sub}): ${persona.token}`)
    yield* options.print(
      `the tokens are valid for ${tokenValidForSeconds / 3600} hour of real time; restart the demo for new ones`,
    )

    // Funds: the ULB's allotment, pulled from the treasury as the nightly VA call would.
    for (const head of demoConfiguration.headsOfAccountOrder) {
      yield* Payments.JitRun.ingestVirtualAllotments({ tenantId, headOfAccount: head.code }).pipe(
        Effect.provideContext(ports),
        Effect.orDie,
      )
    }
    // Payees and the approved wage bill, through the API.
    const registrar = api(baseUrl, tokenOf("registrar.dhenkanal"))
    for (const [index, seeker] of wageSeekers.entries()) {
      yield* registrar("POST", "/v1/wage-seekers", {
        identity: { documentType: "EPIC", documentNumber: seeker.epic },
        name: seeker.name,
        dateOfBirth: `199${index}-06-15`,
        gender: index === 1 ? "MALE" : "FEMALE",
        guardian: { name: `Guardian of ${seeker.name}`, relationship: "FATHER" },
        mobileNumber: seeker.mobile,
        skills: [muktaLabourSkillCodes[0]],
        address: {
          wardCode: "WARD_01",
          localityCode: "LOC_01_A",
          street: "Gandhi Marg",
          doorNumber: `12/${index + 1}`,
          pinCode: "759001",
        },
        bankAccount: {
          holderName: seeker.name,
          accountNumber: seeker.account,
          accountNumberConfirmation: seeker.account,
          accountType: "SAVINGS",
          ifsc: seeker.ifsc,
        },
      })
    }
    yield* api(baseUrl, tokenOf("cbo-admin.dhenkanal"))("POST", "/v1/organisations", demoOrganisation)
    const bill = yield* api(baseUrl, tokenOf("accountant.dhenkanal"))(
      "POST",
      "/v1/bills",
      demoBill(allotmentDate),
    )
    yield* options.print(`wage bill ${String(bill.billNumber)} recorded; its PI waits for the 21:00 push`)

    const transitions: Array<string> = []
    const lastStatus = new Map<string, string>()
    const done = yield* Deferred.make<DemoOutcome>()
    let smsSent = 0
    const smsGateway = KaryaApp.printingSmsGateway((line) => {
      smsSent += 1
      return options.print(`  ${line}`)
    })
    const officer = api(baseUrl, tokenOf("payment-officer.dhenkanal"))
    const watch = Effect.gen(function* () {
      const repository = yield* Payments.PaymentInstructionRepository.PaymentInstructionRepository
      const all = yield* Persistence.AggregateStore.findAll(
        repository,
        { tenantId, where: { status: Payments.PaymentInstruction.PiStatus.literals } },
        { itemsMax: Payments.PaymentInstructionRepository.plannedPaymentInstructionsMax },
      )
      const now = yield* Clock.currentTimeMillis
      const at = new Intl.DateTimeFormat("en-GB", {
        timeZone: ist,
        dateStyle: "short",
        timeStyle: "short",
      }).format(now)
      for (const pi of all) {
        const before = lastStatus.get(pi.number)
        if (before === pi.status) continue
        lastStatus.set(pi.number, pi.status)
        const line = `${pi.kind === "revised" ? "revised " : ""}PI ${pi.number}: ${before ?? "created"} → ${pi.status}`
        transitions.push(line)
        yield* options.print(`[${at} IST] ${line}`)
      }
      const original = all.find((pi) => pi.kind === "original")
      const revised = all.find((pi) => pi.kind === "revised")
      const failed =
        original?.beneficiaries.filter((beneficiary) => beneficiary.status === "PaymentFailed") ?? []
      if (
        original !== undefined &&
        original.status === "Completed" &&
        failed.length > 0 &&
        revised === undefined
      ) {
        yield* options.print(
          `payment officer: ${failed.length} credit failed (account closed); revising ${original.number} with a corrected account`,
        )
        yield* officer("POST", `/v1/payment-instructions/${encodeURIComponent(original.number)}/actions`, {
          action: "REVISE",
          version: original.version,
          comment: "Account closed; paid to the wage seeker's new account",
          corrections: failed.map((beneficiary) => ({
            paymentId: beneficiary.paymentId,
            bankAccount: {
              accountNumber: closedAccount.corrected,
              ifsc: closedAccount.ifsc,
              accountType: "Saving",
            },
          })),
        })
      }
      if (original !== undefined && revised !== undefined && revised.status === "Completed") {
        yield* Deferred.succeed(done, {
          original: { number: original.number, status: original.status, failed: failed.length },
          revised: { number: revised.number, status: revised.status },
          transitions,
          smsSent,
        })
      }
    }).pipe(Effect.provideContext(ports))
    startFastClock()
    const scheduler = yield* JitScheduler.inProcess({
      tenants: [{ tenantId }],
      smsGateway,
      interval: options.tickMs ?? tickMsDefault,
      onRun: () => watch,
    }).pipe(Effect.provideContext(ports), Effect.forkScoped)
    const outcome = yield* Deferred.await(done)
    yield* options.print(
      `demo complete: ${outcome.original.number} Completed (${outcome.original.failed} failed credit re-paid by ${outcome.revised.number}, Completed); ${outcome.smsSent} SMS`,
    )
    if (options.untilComplete === true) {
      yield* Fiber.interrupt(scheduler)
      return outcome
    }
    yield* options.print("the API keeps serving; press Ctrl+C to stop")
    return yield* Effect.never
  })

const demoOrganisation = {
  name: "Maa Tarini Mission Shakti Group",
  type: "CBO",
  subType: "MSG",
  registeredDepartment: "Mission Shakti",
  registeredOn: "2022-05-10",
  externalRegistrationId: "MS/DKL/2022/0042",
  validity: { effectiveFrom: "2022-05-10", effectiveTo: "2030-05-09" },
  documents: ["doc-registration-certificate"],
  headOfficeAddress: { street: "Station Road", locality: "Kunjakanta", city: "Dhenkanal", pinCode: "759001" },
  billingAddress: { street: "Station Road", locality: "Kunjakanta", city: "Dhenkanal", pinCode: "759001" },
  owner: { name: "Kuni Behera", mobileNumber: "9861012345" },
  contactPerson: { name: "Kuni Behera", mobileNumber: "9861012345" },
  totalMembers: 12,
  bankAccount: {
    holderName: "Maa Tarini MSG",
    accountNumber: "30412345678",
    accountNumberConfirmation: "30412345678",
    accountType: "SAVINGS",
    ifsc: "SBIN0001234",
  },
  taxIdentifiers: { pan: "AAPFU0939F", gstin: "27AAPFU0939F1ZV" },
  staff: [],
}

const demoBill = (billDate: string) => ({
  billId: "demo-wage-bill-1",
  billNumber: "WB/DEMO/000001",
  billType: "wage",
  workOrderNumber: "WO/DEMO/000001",
  billDate,
  totalAmount: "3150",
  details: [
    ...wageSeekers.map((seeker, index) => ({
      lineId: `line-${index + 1}`,
      payee: {
        payeeId: `WS-${index + 1}`,
        kind: "individual",
        name: seeker.name,
        bankAccount: { accountNumber: seeker.account, ifsc: seeker.ifsc, accountType: "Saving" },
        mobile: seeker.mobile,
        address: "Ward 1, Dhenkanal",
      },
      amount: "1000",
      purpose: "MR/DEMO/000001",
    })),
    {
      lineId: "line-cess",
      payee: {
        payeeId: "DEPT-LC",
        kind: "department",
        name: "Odisha Building Welfare Board",
        bankAccount: { accountNumber: "99887766554433", ifsc: "UTIB0000123", accountType: "Current" },
        mobile: "",
        address: "Bhubaneswar",
      },
      amount: "150",
      purpose: "Labour cess",
      deductionHead: "LC",
    },
  ],
})
