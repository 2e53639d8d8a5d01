/**
 * A treasury for tests of core's JIT use cases against the real wire: core's
 * in-memory payments stores, the real JIT client (`JitClient.layer`, undici,
 * real RSA/AES) pointed at the real JIT simulator server on a loopback port
 * (SIM-3), both on the test's `Clock`. Time is moved with `TestClock` to the
 * tenant's daily JIT slots (PI-P-1) and the run is `JitRun.runDueCalls`.
 *
 * @since 0.1.0
 */
import {
  JitClient,
  JitCrypto,
  type JitSimulator,
  JitSimulatorScenario,
  JitSimulatorServer,
} from "@karya/adapters-jit"
import { Config, Payments } from "@karya/core"
import { muktaPaymentsConfiguration, paymentsMemoryLayer } from "@karya/core/testing"
import { DateTime, type Duration, Effect, Layer, Redacted } from "effect"
import { TestClock } from "effect/testing"

// One RSA key pair for every test: generating one takes a while.
const keyPair = JitCrypto.generateRsaKeyPair()

export const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
export const settings = muktaPaymentsConfiguration({ tenantId, cityCode: "DK" })
export const headOfAccount = settings.headsOfAccountOrder[0].code

/**
 * The sanction the simulator's VA reports: sanction 920 of the tenant's first
 * head of account (MUKTA SC component), allotted in FY 2024-25.
 */
export const sanctions: ReadonlyArray<JitSimulatorScenario.Sanction> = [
  {
    ...(JitSimulatorScenario.defaultSanctions[0] as JitSimulatorScenario.Sanction),
    headOfAccount,
    allotments: [
      { ssuAllotmentId: "860", date: "2024-04-15", amount: "10000000.00", kind: "Initial Allotment" },
    ],
  },
]

/** A scenario with the tenant's sanction. */
export const scenario = (knobs: JitSimulatorScenario.Scenario = {}): JitSimulatorScenario.Scenario => ({
  sanctions,
  ...knobs,
})

/**
 * Core's in-memory stores, the simulator server and the real client pointed
 * at it.
 */
export type Services =
  | Layer.Success<typeof paymentsMemoryLayer>
  | Config.TenantSettings.TenantSettings
  | Payments.JitGateway.JitGateway
  | JitSimulatorServer.JitSimulatorServer

export const layer = (
  knobs: JitSimulatorScenario.Scenario = {},
  client: { readonly timeout?: Duration.Input } = {},
): Layer.Layer<Services> => {
  const server = JitSimulatorServer.layer({ scenario: scenario(knobs), keyPair })
  const gateway = Layer.unwrap(
    Effect.gen(function* () {
      const running = yield* JitSimulatorServer.JitSimulatorServer
      return JitClient.layer({
        baseUrl: running.url,
        clientId: running.clientId,
        clientSecret: Redacted.make(running.clientSecret),
        jitPublicKeyPem: running.publicKeyPem,
        ...(client.timeout === undefined ? {} : { timeout: client.timeout }),
      })
    }),
  )
  return Layer.mergeAll(
    paymentsMemoryLayer,
    Config.TenantSettings.layerMemory([settings]),
    Layer.provideMerge(gateway, server),
  )
}

/** The epoch millis of a local (IST) date and time of the tenant. */
export const localMillis = (date: string, time: string): number =>
  DateTime.toEpochMillis(DateTime.makeUnsafe(`${date}T${time}:00+05:30`))

/** Moves the test clock to a local date and time (never backwards). */
export const setLocal = (date: string, time: string) => TestClock.setTime(localMillis(date, time))

/** The tenant's daily slots (MUKTA): re-push 21:00, VA and polls 22:00, PAG 22:15. */
export const slots = ["21:00", "22:00", "22:15"] as const

/** One run at a local date and time. */
type RunError = Effect.Error<ReturnType<typeof Payments.JitRun.runDueCalls>>

export const runAt = (
  date: string,
  time: string,
): Effect.Effect<ReadonlyArray<Payments.JitRun.RunEntry>, RunError, Services> =>
  Effect.gen(function* () {
    yield* setLocal(date, time)
    return yield* Payments.JitRun.runDueCalls({ tenantId })
  })

/** The night's runs at each slot (one minute after it); every entry made. */
export const night = (
  date: string,
): Effect.Effect<ReadonlyArray<Payments.JitRun.RunEntry>, RunError, Services> =>
  Effect.gen(function* () {
    const entries: Array<Payments.JitRun.RunEntry> = []
    for (const slot of slots) {
      const [hours, minutes] = slot.split(":")
      entries.push(...(yield* runAt(date, `${hours}:${String(Number(minutes) + 1).padStart(2, "0")}`)))
    }
    return entries
  })

/** The services a run called, with each call's event (or error code). */
export const calledServices = (entries: ReadonlyArray<Payments.JitRun.RunEntry>) =>
  entries.map((entry) =>
    entry.call.service === "VA"
      ? "VA"
      : `${entry.call.service}:${entry.result._tag === "Success" ? entry.result.success.event : entry.result.failure.code}`,
  )

export const simulator = Effect.map(JitSimulatorServer.JitSimulatorServer, (running) => running.simulator)

/** The calls the simulator answered, optionally of one service. */
export const simulatorCalls = (service?: JitSimulator.CallRecord["service"]) =>
  Effect.flatMap(simulator, (sim) =>
    Effect.map(sim.state, (state) =>
      service === undefined ? state.calls : state.calls.filter((call) => call.service === service),
    ),
  )

/** A PI as stored now. */
export const current = (
  paymentInstructionNumber: string,
): Effect.Effect<
  Payments.PaymentInstruction.PaymentInstruction,
  Effect.Error<ReturnType<typeof Payments.PaymentInstructionIssue.load>>,
  Services
> => Payments.PaymentInstructionIssue.load(tenantId, paymentInstructionNumber)

/** The fund register's entries of a PI of one kind. */
export const registerEntries = (
  paymentInstructionNumber: string,
  kind: Payments.FundRegister.TransactionKind,
): Effect.Effect<
  ReadonlyArray<Payments.FundRegister.RegisterTransaction>,
  Effect.Error<ReturnType<typeof Payments.FundRegisterBook.transactions>>,
  Services
> =>
  Effect.map(Payments.FundRegisterBook.transactions(tenantId, {}), (transactions) =>
    transactions.filter(
      (transaction) =>
        transaction.kind === kind &&
        transaction.source._tag === "PaymentInstruction" &&
        transaction.source.paymentInstructionNumber === paymentInstructionNumber,
    ),
  )

const wageSeeker = (index: number, amount: string) => ({
  lineId: `MR-line-${index}`,
  payee: {
    payeeId: `IND-2024-25-00000${index}`,
    kind: "individual",
    name: `Wage Seeker ${index}`,
    bankAccount: { accountNumber: `10000000000${index}`, ifsc: "SBIN0000041", accountType: "Saving" },
    mobile: `987654321${index}`,
    address: `Ward ${index}, Dhenkanal`,
  },
  amount,
  purpose: "MR/2024-25/000030",
})

/** An approved wage bill of three wage seekers and the labour cess department. */
export const wageBill = (billId = "9b2c6f0e-wage-bill"): Payments.PayableBill.PayableBill =>
  Payments.PayableBill.makeUnsafe({
    tenantId,
    billId,
    billNumber: `WB/2024-25/${billId.slice(-6)}`,
    billType: "wage",
    workOrderNumber: "WO/2024-25/000051",
    billDate: "2024-06-10",
    totalAmount: "4185",
    details: [
      wageSeeker(1, "1898"),
      wageSeeker(2, "1380"),
      wageSeeker(3, "822"),
      {
        lineId: "MR-line-cess",
        payee: {
          payeeId: "DEPT-OBOCWWB",
          kind: "department",
          name: "Odisha Building Welfare Board",
          bankAccount: { accountNumber: "30987654321", ifsc: "UBIN0561789", accountType: "Current" },
          mobile: "",
          address: "Bhubaneswar",
        },
        amount: "85",
        purpose: "Labour cess",
        deductionHead: "LC",
      },
    ],
  })

/** The beneficiaries' statuses of a PI. */
export const statuses = (pi: Payments.PaymentInstruction.PaymentInstruction) =>
  pi.beneficiaries.map((beneficiary) => beneficiary.status)
