/**
 * Test support for the payments module (spec 06-payments.md): a scripted
 * JIT gateway, the in-memory layers of every payments port, the conformance
 * suites of the PI repository, the fund register, the PI lease, the
 * status checks found nothing new and the notifier, reply builders shaped like JIT's samples, a MUKTA tenant's
 * payment settings, and fast-check arbitraries for bank accounts and
 * payable bills.
 *
 * Each suite test works in a tenant of its own (`od.s_<uuid>`), so the
 * suites also pass against a database that keeps its state between runs.
 *
 * @since 0.1.0
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, DateTime, Effect, Exit, Layer, Option, Ref } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import { mukta, type TenantConfiguration } from "../config/TenantConfiguration.js"
import { makeUnsafe as makeTenantId, type TenantId } from "../config/TenantId.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import * as IdSequence from "../ids/IdSequence.js"
import * as Amount from "../money/Amount.js"
import * as SignedAmount from "../money/SignedAmount.js"
import * as FundRegister from "../payments/FundRegister.js"
import * as Book from "../payments/FundRegisterBook.js"
import type { Created, HistoryEntry } from "../payments/HistoryEntry.js"
import * as Payments from "../payments/index.js"
import { muktaJitCodes } from "../payments/JitCodes.js"
import { JitGateway, type JitGatewayShape, type RequestOf } from "../payments/JitGateway.js"
import { type JitOutcome, noResponse, type ReplyOf } from "../payments/JitOutcome.js"
import type {
  AllotmentKind,
  FailureDetailsRow,
  PaymentAdviceReply,
  PaymentDetailsRow,
  PaymentInstructionStatusReply,
  PushAcknowledgement,
  VirtualAllotmentRow,
} from "../payments/JitService.js"
import type * as Notification from "../payments/Notification.js"
import * as Notifier from "../payments/Notifier.js"
import type { BankAccount, PayableBill, PayableDetail } from "../payments/PayableBill.js"
import * as PaymentInstruction from "../payments/PaymentInstruction.js"
import * as PaymentInstructionChecks from "../payments/PaymentInstructionChecks.js"
import * as PaymentInstructionLease from "../payments/PaymentInstructionLease.js"
import * as PaymentInstructionRepository from "../payments/PaymentInstructionRepository.js"
import type * as PiExists from "../payments/PiExists.js"
import * as RegisterTransactionRepository from "../payments/RegisterTransactionRepository.js"
import * as SanctionBalanceRepository from "../payments/SanctionBalanceRepository.js"
import * as SanctionRepository from "../payments/SanctionRepository.js"
import * as VirtualAllotmentCursorRepository from "../payments/VirtualAllotmentCursorRepository.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as AuditLog from "../persistence/AuditLog.js"
import * as UnitOfWork from "../persistence/UnitOfWork.js"
import * as FinancialYear from "../time/FinancialYear.js"
import * as LocalDate from "../time/LocalDate.js"
import { type AggregateSeed, type AggregateStoreFixture, AggregateStoreSuite } from "./AggregateStoreSuite.js"
import { type ConformanceLaw, registerConformanceLaws } from "./ConformanceLaws.js"
import { checkEffectProperty } from "./ContractsTesting.js"

// ------------------------------------------------------------ scripted gateway

/**
 * One scripted reply of a service: an outcome, or a function of the request.
 *
 * @since 0.1.0
 * @category testing
 */
export type JitScriptStep<S extends keyof RequestOf> =
  | JitOutcome<ReplyOf[S]>
  | ((request: RequestOf[S]) => JitOutcome<ReplyOf[S]>)

/**
 * The replies of each service, used in order; a service whose replies are
 * used up answers `NoResponse` (transport), as a JIT that went quiet would.
 *
 * @since 0.1.0
 * @category testing
 */
export type JitGatewayScript = { readonly [S in keyof RequestOf]?: ReadonlyArray<JitScriptStep<S>> }

/**
 * A call the scripted gateway received.
 *
 * @since 0.1.0
 * @category testing
 */
export interface RecordedJitCall {
  readonly service: keyof RequestOf
  readonly tenantId: TenantId
  readonly request: RequestOf[keyof RequestOf]
  readonly outcome: JitOutcome<unknown>
}

/**
 * The scripted gateway's controls: the calls it received, and more replies.
 *
 * @since 0.1.0
 * @category testing
 */
export interface ScriptedJitCallsShape {
  readonly calls: Effect.Effect<ReadonlyArray<RecordedJitCall>>
  readonly enqueue: (script: JitGatewayScript) => Effect.Effect<void>
  /** Drops the replies not yet used. */
  readonly clear: Effect.Effect<void>
}

/**
 * The scripted gateway's controls.
 *
 * @since 0.1.0
 * @category testing
 */
export class ScriptedJitCalls extends Context.Service<ScriptedJitCalls, ScriptedJitCallsShape>()(
  "@karya/core/testing/ScriptedJitCalls",
) {}

type Queues = { readonly [S in keyof RequestOf]: ReadonlyArray<JitScriptStep<S>> }

const emptyQueues: Queues = { VA: [], PI: [], PIS: [], PAG: [], PD: [], FD: [], COR: [], FTPS: [], FTFPS: [] }

const appendScript = (queues: Queues, script: JitGatewayScript): Queues => ({
  VA: [...queues.VA, ...(script.VA ?? [])],
  PI: [...queues.PI, ...(script.PI ?? [])],
  PIS: [...queues.PIS, ...(script.PIS ?? [])],
  PAG: [...queues.PAG, ...(script.PAG ?? [])],
  PD: [...queues.PD, ...(script.PD ?? [])],
  FD: [...queues.FD, ...(script.FD ?? [])],
  COR: [...queues.COR, ...(script.COR ?? [])],
  FTPS: [...queues.FTPS, ...(script.FTPS ?? [])],
  FTFPS: [...queues.FTFPS, ...(script.FTFPS ?? [])],
})

const scriptedMethod =
  <S extends keyof RequestOf>(
    service: S,
    state: Ref.Ref<{ readonly queues: Queues; readonly calls: ReadonlyArray<RecordedJitCall> }>,
  ) =>
  (tenantId: TenantId, request: RequestOf[S]): Effect.Effect<JitOutcome<ReplyOf[S]>> =>
    Ref.modify(state, (current) => {
      const queue = current.queues[service] as ReadonlyArray<JitScriptStep<S>>
      const [step, ...rest] = queue
      const outcome: JitOutcome<ReplyOf[S]> =
        step === undefined
          ? noResponse("transport", `the script has no more ${service} replies`)
          : typeof step === "function"
            ? step(request)
            : step
      const call: RecordedJitCall = { service, tenantId, request, outcome }
      return [
        outcome,
        { queues: { ...current.queues, [service]: rest }, calls: [...current.calls, call] },
      ] as const
    })

/**
 * A JIT gateway that answers from a script and records every call, for
 * tests of the use cases; `ScriptedJitCalls` reads the calls and adds
 * replies.
 *
 * @since 0.1.0
 * @category testing
 */
export const layerScriptedJitGateway = (
  script: JitGatewayScript = {},
): Layer.Layer<JitGateway | ScriptedJitCalls> =>
  Layer.effectContext(
    Effect.gen(function* () {
      const state = yield* Ref.make({
        queues: appendScript(emptyQueues, script),
        calls: [] as ReadonlyArray<RecordedJitCall>,
      })
      const gateway: JitGatewayShape = {
        virtualAllotments: scriptedMethod("VA", state),
        pushPaymentInstruction: scriptedMethod("PI", state),
        paymentInstructionStatus: scriptedMethod("PIS", state),
        paymentAdvice: scriptedMethod("PAG", state),
        paymentDetails: scriptedMethod("PD", state),
        failureDetails: scriptedMethod("FD", state),
        pushCorrection: scriptedMethod("COR", state),
        failedTransactionPaymentStatus: scriptedMethod("FTPS", state),
        failedTransactionFailureStatus: scriptedMethod("FTFPS", state),
      }
      const controls = ScriptedJitCalls.of({
        calls: Effect.map(Ref.get(state), (current) => current.calls),
        enqueue: (more) =>
          Ref.update(state, (current) => ({ ...current, queues: appendScript(current.queues, more) })),
        clear: Ref.update(state, (current) => ({ ...current, queues: emptyQueues })),
      })
      return Context.make(JitGateway, JitGateway.of(gateway)).pipe(Context.add(ScriptedJitCalls, controls))
    }),
  )

/**
 * Every payments port in memory, with the ID sequences: the PI repository,
 * the fund register, the PI lease, the checks found nothing new and the
 * notifier (with `SentMessages`).
 *
 * @since 0.1.0
 * @category testing
 */
export const paymentsMemoryLayer: Layer.Layer<
  | AggregateStore.ServicesOf<typeof Payments.stores>
  | PaymentInstructionLease.PaymentInstructionLease
  | Notifier.Notifier
  | Notifier.SentMessages
  | IdSequence.IdSequence
  | UnitOfWork.UnitOfWork
  | AuditLog.AuditLog
> = Layer.mergeAll(Payments.layerMemory, IdSequence.layerMemory, UnitOfWork.layerMemory, AuditLog.layerMemory)

// ------------------------------------------------------------ settings and replies

/**
 * MUKTA's configuration of a ULB with the JIT codes the tests and the JIT
 * simulator know (a MUKTA tenant starts with empty codes, PI-V-1).
 *
 * @since 0.1.0
 * @category testing
 */
export const muktaPaymentsConfiguration = (tenant: {
  readonly tenantId: string
  readonly cityCode: string
}): TenantConfiguration => ({
  ...mukta(tenant),
  jitCodes: muktaJitCodes({ ddoCode: "OLSHUD001", granteeCode: "GOHUDULBMPL0036", ssuId: "1621" }),
})

/**
 * Replies shaped like JIT's samples (fixtures/jit/samples), built from a PI.
 *
 * @since 0.1.0
 * @category testing
 */
export const jitReplies = {
  /** A PI or COR acknowledgement with `successCode` "0". */
  acknowledgement: (pi: PaymentInstruction.PaymentInstruction): PushAcknowledgement => ({
    billNumber: pi.number,
    billDate: pi.date,
    successCode: "0",
    successDescription: "Jit Bill is received successfully",
  }),
  /** A PIS reply with JIT's payment instruction id. */
  instructionStatus: (
    pi: PaymentInstruction.PaymentInstruction,
    ids: { readonly jitPaymentInstructionId: string; readonly jitPaymentInstructionDate: string },
  ): PaymentInstructionStatusReply => ({
    ...ids,
    billNumber: pi.number,
    netAmount: pi.header.netAmount,
    grossAmount: pi.header.grossAmount,
    beneficiaryCount: pi.beneficiaries.length,
  }),
  /** A PAG reply listing every beneficiary. */
  advice: (
    pi: PaymentInstruction.PaymentInstruction,
    references: Omit<PaymentAdviceReply, "billNumber" | "beneficiaries">,
  ): PaymentAdviceReply => ({
    ...references,
    billNumber: pi.number,
    beneficiaries: pi.beneficiaries.map((beneficiary) => ({
      paymentId: beneficiary.paymentId,
      name: beneficiary.name,
      accountNumber: beneficiary.bankAccount.accountNumber,
      ifsc: beneficiary.bankAccount.ifsc,
      amount: beneficiary.amount,
    })),
  }),
  /** A PD or FTPS reply: one voucher paying the named payment ids. */
  paid: (
    pi: PaymentInstruction.PaymentInstruction,
    paymentIds: ReadonlyArray<string>,
    voucher: {
      readonly voucherNumber: string
      readonly voucherDate: string
      readonly billReference: string
      readonly tokenNumber?: string
      readonly tokenDate?: string
    },
  ): ReadonlyArray<PaymentDetailsRow> => [
    {
      billNumber: pi.number,
      voucherNumber: voucher.voucherNumber,
      voucherDate: voucher.voucherDate,
      billReference: voucher.billReference,
      paymentStatus: "Paid by RBI eKuber,please check with your bank",
      tokenNumber: voucher.tokenNumber ?? "4",
      tokenDate: voucher.tokenDate ?? voucher.voucherDate,
      beneficiaries: paymentIds.map((paymentId, index) => {
        const beneficiary = pi.beneficiaries.find((item) => item.paymentId === paymentId)
        return {
          paymentId,
          accountNumber: beneficiary?.bankAccount.accountNumber ?? "",
          ifsc: beneficiary?.bankAccount.ifsc ?? "",
          utrNumber: `RBI${voucher.voucherNumber}${index}`,
          utrDate: voucher.voucherDate,
          endToEndId: `EP${voucher.voucherNumber}${String(index).padStart(4, "0")}`,
        }
      }),
    },
  ],
  /** An FD or FTFPS reply: the named payment ids failed. */
  failed: (
    pi: PaymentInstruction.PaymentInstruction,
    paymentIds: ReadonlyArray<string>,
    failure: { readonly failureReason: string; readonly challanNumber: string; readonly challanDate: string },
  ): ReadonlyArray<FailureDetailsRow> => [
    {
      billNumber: pi.number,
      billReference: PaymentInstruction.billReferenceOf(pi) ?? "",
      beneficiaries: paymentIds.map((paymentId) => {
        const beneficiary = pi.beneficiaries.find((item) => item.paymentId === paymentId)
        return {
          paymentId,
          accountNumber: beneficiary?.bankAccount.accountNumber ?? "",
          ifsc: beneficiary?.bankAccount.ifsc ?? "",
          utrNumber: beneficiary?.payment?.utrNumber ?? "",
          utrDate: beneficiary?.payment?.utrDate ?? "",
          endToEndId: beneficiary?.payment?.endToEndId ?? "",
          originalBillReference: PaymentInstruction.billReferenceOf(pi) ?? "",
          ...failure,
        }
      }),
    },
  ],
  /** A VA row of a sanction. */
  allotment: (row: {
    readonly sanctionId: string
    readonly ssuAllotmentId: string
    readonly allotmentSerialNumber: string
    readonly kind: AllotmentKind
    readonly amount: string
    readonly allotmentDate: string
  }): VirtualAllotmentRow => ({
    ddoCode: "OLSHUD001",
    schemeCode: "13145",
    granteeCode: "GOHUDULBMPL0036",
    ssuId: "1621",
    allotmentDate: LocalDate.makeUnsafe(row.allotmentDate),
    allotmentSerialNumber: row.allotmentSerialNumber,
    amount: Amount.makeUnsafe(row.amount),
    availableBalance: Amount.makeUnsafe(row.amount),
    kind: row.kind,
    sanctionId: row.sanctionId,
    ssuAllotmentId: row.ssuAllotmentId,
  }),
}

// ------------------------------------------------------------ arbitraries

/**
 * Valid bank accounts (PI-V-8): 9 to 18 digits and a well-formed IFSC.
 *
 * @since 0.1.0
 * @category testing
 */
export const bankAccountArbitrary: fc.Arbitrary<BankAccount> = fc.record({
  accountNumber: fc.stringMatching(/^\d{9,18}$/),
  ifsc: fc.stringMatching(/^[A-Z]{4}0[A-Z0-9]{6}$/),
  accountType: fc.constantFrom("Saving" as const, "Current" as const),
})

/**
 * Approved wage-like bills of 1 to `payeesMax` wage seekers (some sharing a
 * bank account, as families do) and a labour-cess department detail, with
 * whole-rupee amounts; the total is the sum of the details.
 *
 * @since 0.1.0
 * @category testing
 */
export const payableBillArbitrary = (options: {
  readonly tenantId: TenantId
  readonly payeesMax: number
}): fc.Arbitrary<PayableBill> =>
  fc
    .record({
      billId: fc.uuid(),
      accounts: fc.array(bankAccountArbitrary, { minLength: 1, maxLength: options.payeesMax }),
      payees: fc.array(
        fc.record({
          amount: fc.integer({ min: 1, max: 99_999 }),
          accountIndex: fc.nat(),
          name: fc.string({ maxLength: 20 }),
        }),
        { minLength: 1, maxLength: options.payeesMax },
      ),
      cess: fc.integer({ min: 0, max: 9_999 }),
      cessAccount: bankAccountArbitrary,
    })
    .map(({ billId, accounts, payees, cess, cessAccount }) => {
      const details: Array<PayableDetail> = payees.map((payee, index) => ({
        lineId: `line-${index}`,
        payee: {
          payeeId: `IND-${index}`,
          kind: "individual",
          name: `Wage seeker ${payee.name} ${index}`,
          bankAccount: accounts[payee.accountIndex % accounts.length] ?? cessAccount,
          mobile: `98${String(index).padStart(8, "0")}`,
          address: "Ward 3",
        },
        amount: Amount.makeUnsafe(String(payee.amount)),
        purpose: "MR/2024-25/000001",
      }))
      details.push({
        lineId: "line-cess",
        payee: {
          payeeId: "DEPT-LC",
          kind: "department",
          name: "Odisha Building Welfare Board",
          bankAccount: cessAccount,
          mobile: "",
          address: "Bhubaneswar",
        },
        amount: Amount.makeUnsafe(String(cess)),
        purpose: "Labour cess",
        deductionHead: "LC",
      })
      return {
        tenantId: options.tenantId,
        billId,
        billNumber: "WB/2024-25/000001",
        billType: "wage" as const,
        workOrderNumber: "WO/2024-25/000001",
        billDate: LocalDate.makeUnsafe("2024-06-10"),
        totalAmount: Amount.sum(details.map((detail) => detail.amount)),
        details,
      }
    })

// ------------------------------------------------------------ suites

const freshTenant: Effect.Effect<TenantId> = Effect.map(EntityId.make, (id) =>
  makeTenantId(`od.s_${id.replaceAll("-", "")}`),
)

const at = DateTime.makeUnsafe("2024-06-10T05:00:00Z")

/**
 * A New PI of a tenant with two beneficiaries, for the repository suite.
 *
 * @since 0.1.0
 * @category testing
 */
export const samplePaymentInstruction = (options: {
  readonly tenantId: TenantId
  readonly number: string
  readonly billId: string
  readonly paymentIds: readonly [string, string]
  readonly id?: EntityId.EntityId
}): PaymentInstruction.PaymentInstruction => {
  const line = (lineId: string, accountNumber: string) => ({
    draft: {
      payeeKind: "individual" as const,
      name: "Test Beneficiary",
      bankAccount: { accountNumber, ifsc: "ICIC0003892", accountType: "Saving" as const },
      mobile: "9999900036",
      address: "Test Address",
      amount: Amount.makeUnsafe("250"),
      purpose: "Mukta Payment",
      billLines: [{ lineId, payeeId: lineId, amount: Amount.makeUnsafe("250") }] as const,
    },
  })
  return PaymentInstruction.build({
    id: options.id ?? EntityId.makeUnsafe("0f8fad5b-d9cb-469f-a165-70867728950e"),
    tenantId: options.tenantId,
    number: HumanNumber.makeUnsafe(options.number),
    date: LocalDate.makeUnsafe("2024-06-10"),
    bill: {
      billId: options.billId,
      billNumber: "WB/2024-25/000001",
      billType: "wage",
      workOrderNumber: "WO/2024-25/000001",
    },
    origin: { _tag: "Bill" },
    jitCodes: muktaJitCodes({ ddoCode: "OLSHUD001", granteeCode: "GOHUDULBMPL0036", ssuId: "1621" }),
    grossAmount: Amount.makeUnsafe("500"),
    purpose: "WB/2024-25/000001",
    beneficiaries: [
      { ...line("line-1", "000000000035"), paymentId: HumanNumber.makeUnsafe(options.paymentIds[0]) },
      { ...line("line-2", "000000000038"), paymentId: HumanNumber.makeUnsafe(options.paymentIds[1]) },
    ],
  })
}

const createdOf = (paymentInstruction: PaymentInstruction.PaymentInstruction): Created => ({
  _tag: "Created",
  at,
  paymentInstruction,
})

const noteOf = (paymentInstruction: PaymentInstruction.PaymentInstruction): HistoryEntry => ({
  _tag: "SanctionChosen",
  at,
  sanction: {
    sanctionId: "920",
    headOfAccount: "221705789358641045908",
    financialYear: FinancialYear.makeUnsafe("2024-25"),
    ssuAllotmentId: "937",
    allotmentSerialNumber: String(paymentInstruction.version),
  },
})

const bumped = (
  paymentInstruction: PaymentInstruction.PaymentInstruction,
): PaymentInstruction.PaymentInstruction => ({
  ...paymentInstruction,
  status: "Pending",
  version: paymentInstruction.version + 1,
})

const Repository = PaymentInstructionRepository.PaymentInstructionRepository
const Lease = PaymentInstructionLease.PaymentInstructionLease

type PiLaw = ConformanceLaw<PaymentInstructionRepository.PaymentInstructionRepository>

// Every PI of the tenant a query finds, oldest first (the suite's small sets).
const findAllOf = (
  tenantId: TenantId,
  where: AggregateStore.Query<keyof typeof PaymentInstructionRepository.descriptor.columns>["where"],
) =>
  Effect.flatMap(Repository, (repository) =>
    AggregateStore.findAll(repository, { tenantId, where }, { itemsMax: 100 }),
  )

const historyOf = (tenantId: TenantId, number: string) =>
  PaymentInstructionRepository.historyOf({ tenantId, number })

const storedIsFound = Effect.gen(function* () {
  const repository = yield* Repository
  const tenantId = yield* freshTenant
  const pi = samplePaymentInstruction({
    tenantId,
    number: "PI-DK/2024-25/000001",
    billId: "bill-1",
    paymentIds: ["BN-DK/000001", "BN-DK/000002"],
  })
  yield* PaymentInstructionRepository.insertCreated(pi, createdOf(pi))
  assert.deepStrictEqual(yield* repository.get({ tenantId, id: pi.number }), pi)
  assert.deepStrictEqual(yield* historyOf(tenantId, pi.number), [createdOf(pi)])
  assert.deepStrictEqual(yield* historyOf(tenantId, "PI-DK/2024-25/999999"), [])
})

const duplicateNumberRefused = Effect.gen(function* () {
  const repository = yield* Repository
  const tenantId = yield* freshTenant
  const pi = samplePaymentInstruction({
    tenantId,
    number: "PI-DK/2024-25/000001",
    billId: "bill-1",
    paymentIds: ["BN-DK/000001", "BN-DK/000002"],
  })
  yield* PaymentInstructionRepository.insertCreated(pi, createdOf(pi))
  const other = samplePaymentInstruction({
    tenantId,
    number: pi.number,
    billId: "bill-2",
    paymentIds: ["BN-DK/000003", "BN-DK/000004"],
    id: EntityId.makeUnsafe("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
  })
  const refused = yield* Effect.exit(PaymentInstructionRepository.insertCreated(other, createdOf(other)))
  assert.isTrue(Exit.isFailure(refused))
  assert.strictEqual(
    Exit.isFailure(refused) && Option.getOrUndefined(Exit.findErrorOption(refused))?._tag,
    "PiNumberDuplicate",
  )
  assert.deepStrictEqual(yield* repository.get({ tenantId, id: pi.number }), pi)
  assert.deepStrictEqual(yield* findAllOf(tenantId, { billId: "bill-2" }), [])
})

const tenantsLiveApart = Effect.gen(function* () {
  const repository = yield* Repository
  const first = yield* freshTenant
  const second = yield* freshTenant
  const mine = samplePaymentInstruction({
    tenantId: first,
    number: "PI-DK/2024-25/000001",
    billId: "bill-1",
    paymentIds: ["BN-DK/000001", "BN-DK/000002"],
  })
  const theirs = samplePaymentInstruction({
    tenantId: second,
    number: "PI-DK/2024-25/000001",
    billId: "bill-1",
    paymentIds: ["BN-DK/000001", "BN-DK/000002"],
  })
  yield* PaymentInstructionRepository.insertCreated(mine, createdOf(mine))
  yield* PaymentInstructionRepository.insertCreated(theirs, createdOf(theirs))
  assert.deepStrictEqual(yield* repository.get({ tenantId: first, id: mine.number }), mine)
  assert.deepStrictEqual(yield* repository.get({ tenantId: second, id: mine.number }), theirs)
  assert.strictEqual((yield* findAllOf(first, { billId: "bill-1" })).length, 1)
  assert.strictEqual((yield* findAllOf(second, { paymentIds: "BN-DK/000001" })).length, 1)
})

const updatesAppendHistory = Effect.gen(function* () {
  const repository = yield* Repository
  const tenantId = yield* freshTenant
  const pi = samplePaymentInstruction({
    tenantId,
    number: "PI-DK/2024-25/000001",
    billId: "bill-1",
    paymentIds: ["BN-DK/000001", "BN-DK/000002"],
  })
  yield* PaymentInstructionRepository.insertCreated(pi, createdOf(pi))
  const next = bumped(pi)
  yield* PaymentInstructionRepository.updateAppending(next, { expectedVersion: 1, appended: [noteOf(next)] })
  const stale = yield* Effect.exit(
    PaymentInstructionRepository.updateAppending(bumped(pi), {
      expectedVersion: 1,
      appended: [noteOf(next)],
    }),
  )
  assert.strictEqual(Option.getOrUndefined(Exit.findErrorOption(stale))?._tag, "StaleVersion")
  assert.deepStrictEqual(yield* repository.get({ tenantId, id: pi.number }), next)
  assert.deepStrictEqual(yield* historyOf(tenantId, pi.number), [createdOf(pi), noteOf(next)])
  const unknown = yield* Effect.exit(
    PaymentInstructionRepository.updateAppending(
      bumped({ ...pi, number: HumanNumber.makeUnsafe("PI-DK/2024-25/000404") }),
      { expectedVersion: 1, appended: [noteOf(next)] },
    ),
  )
  assert.strictEqual(Option.getOrUndefined(Exit.findErrorOption(unknown))?._tag, "PaymentInstructionNotFound")
})

const queriesFindInOrder = Effect.gen(function* () {
  const tenantId = yield* freshTenant
  const original = samplePaymentInstruction({
    tenantId,
    number: "PI-DK/2024-25/000001",
    billId: "bill-1",
    paymentIds: ["BN-DK/000001", "BN-DK/000002"],
  })
  const revised: PaymentInstruction.PaymentInstruction = {
    ...samplePaymentInstruction({
      tenantId,
      number: "PI-DK/2024-25/000002",
      billId: "bill-1",
      paymentIds: ["BN-DK/000001", "BN-DK/000009"],
      id: EntityId.makeUnsafe("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
    }),
    kind: "revised",
    origin: {
      _tag: "Revision",
      originalNumber: original.number,
      originalDate: original.date,
      originalBillReference: "202311171279",
      failedNumber: original.number,
      failedBillReference: "202311171279",
    },
  }
  yield* PaymentInstructionRepository.insertCreated(original, createdOf(original))
  yield* PaymentInstructionRepository.insertCreated(revised, createdOf(revised))
  const numbers = (list: ReadonlyArray<PaymentInstruction.PaymentInstruction>) => list.map((pi) => pi.number)
  assert.deepStrictEqual(numbers(yield* findAllOf(tenantId, { billId: "bill-1" })), [
    original.number,
    revised.number,
  ])
  assert.deepStrictEqual(numbers(yield* findAllOf(tenantId, { status: ["New"] })), [
    original.number,
    revised.number,
  ])
  assert.deepStrictEqual(numbers(yield* findAllOf(tenantId, { status: ["Completed"] })), [])
  assert.deepStrictEqual(numbers(yield* findAllOf(tenantId, { paymentIds: "BN-DK/000001" })), [
    original.number,
    revised.number,
  ])
  assert.deepStrictEqual(numbers(yield* findAllOf(tenantId, { paymentIds: "BN-DK/000009" })), [
    revised.number,
  ])
  assert.deepStrictEqual(numbers(yield* findAllOf(tenantId, { failedNumber: original.number })), [
    revised.number,
  ])
})

const paymentInstructionRepositoryLaws: ReadonlyArray<PiLaw> = [
  ["PI-S-11: a stored PI is found by number with its Created entry as history", storedIsFound],
  [
    "PI-V-3: a second PI with the same number in the tenant is refused and nothing changes",
    duplicateNumberRefused,
  ],
  ["TEN-1: PIs of two tenants with one number live apart", tenantsLiveApart],
  [
    "PI-S-11: an update on the current version appends its entries; a stale one changes nothing",
    updatesAppendHistory,
  ],
  [
    "PI-S-7: PIs are found by bill, status, payment id and the PI they repay, oldest first",
    queriesFindInOrder,
  ],
]

const seedNumber = (seed: AggregateSeed, offset: number): string =>
  String(seed.index * 2 + offset).padStart(6, "0")

const makePaymentInstruction = (seed: AggregateSeed): PaymentInstruction.PaymentInstruction =>
  samplePaymentInstruction({
    tenantId: seed.tenantId,
    number: `PI-DK/2024-25/${seedNumber(seed, 1)}`,
    billId: `bill-${seed.index}`,
    paymentIds: [`BN-DK/${seedNumber(seed, 1)}`, `BN-DK/${seedNumber(seed, 2)}`],
  })

/**
 * The payment instruction store's fixture for `AggregateStoreSuite`: the
 * generic laws plus the PI's own (PI-V-3, PI-S-7, PI-S-11, TEN-1, DB-4).
 *
 * @since 0.1.0
 * @category testing
 */
export const paymentInstructionStoreFixture: AggregateStoreFixture<
  PaymentInstructionRepository.PaymentInstructionRepository,
  PaymentInstruction.PaymentInstruction,
  keyof typeof PaymentInstructionRepository.descriptor.columns,
  PiExists.PiExists,
  PaymentInstructionRepository.PaymentInstructionNotFound,
  HistoryEntry
> = {
  port: PaymentInstructionRepository.PaymentInstructionRepository,
  descriptor: PaymentInstructionRepository.descriptor,
  make: makePaymentInstruction,
  // Each revision moves the status on (a column), as a JIT reply would.
  revise: (pi) => ({
    ...pi,
    version: pi.version + 1,
    status:
      PaymentInstruction.PiStatus.literals[pi.version % PaymentInstruction.PiStatus.literals.length] ?? "New",
  }),
  entry: (pi) => (pi.version === 1 ? createdOf(pi) : noteOf(pi)),
  // PI-1: another original PI of the holder's bill.
  clash: (holder, seed) => ({ ...makePaymentInstruction(seed), version: seed.version, bill: holder.bill }),
  laws: paymentInstructionRepositoryLaws,
}

/**
 * Registers the conformance tests of a `PaymentInstructionRepository`
 * implementation: `AggregateStoreSuite` with `paymentInstructionStoreFixture`.
 *
 * @since 0.1.0
 * @category testing
 */
export const PaymentInstructionRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<PaymentInstructionRepository.PaymentInstructionRepository, E>,
): void => AggregateStoreSuite(name, layer, paymentInstructionStoreFixture)

const transactionOf = (
  tenantId: TenantId,
  options: {
    readonly key: string
    readonly sanctionId: string
    readonly headOfAccount: string
    readonly financialYear: string
    readonly amount: string
  },
): FundRegister.RegisterTransaction => ({
  key: options.key,
  tenantId,
  financialYear: FinancialYear.makeUnsafe(options.financialYear),
  headOfAccount: options.headOfAccount,
  sanctionId: options.sanctionId,
  kind: "additionalAllotment",
  amount: Amount.makeUnsafe(options.amount),
  date: LocalDate.makeUnsafe("2024-06-10"),
  at,
  source: {
    _tag: "Allotment",
    ssuAllotmentId: options.key,
    allotmentSerialNumber: "1",
    availableBalance: Amount.makeUnsafe(options.amount),
  },
})

const sanctionOf = (
  tenantId: TenantId,
  sanctionId: string,
  headOfAccount: string,
): FundRegister.Sanction => ({
  tenantId,
  sanctionId,
  headOfAccount,
  financialYear: FinancialYear.makeUnsafe("2024-25"),
  ssuId: "1621",
  ddoCode: "OLSHUD001",
  granteeCode: "GOHUDULBMPL0036",
  schemeCode: "13145",
  version: 1,
})

const transactionsRecordedOnce = Effect.gen(function* () {
  const tenantId = yield* freshTenant
  const first = transactionOf(tenantId, {
    key: "a",
    sanctionId: "920",
    headOfAccount: "H1",
    financialYear: "2024-25",
    amount: "100",
  })
  const second = transactionOf(tenantId, {
    key: "b",
    sanctionId: "921",
    headOfAccount: "H2",
    financialYear: "2023-24",
    amount: "50",
  })
  assert.deepStrictEqual(yield* Book.append(tenantId, [first, second, first]), [first, second])
  assert.deepStrictEqual(yield* Book.append(tenantId, [second]), [])
  assert.deepStrictEqual(yield* Book.transactions(tenantId, {}), [first, second])
  assert.deepStrictEqual(yield* Book.transactions(tenantId, { headOfAccount: "H2" }), [second])
  assert.deepStrictEqual(
    yield* Book.transactions(tenantId, {
      financialYear: FinancialYear.makeUnsafe("2024-25"),
      sanctionId: "920",
    }),
    [first],
  )
  assert.deepStrictEqual(yield* Book.transactions(yield* freshTenant, {}), [])
})

const balanceText = (balance: FundRegister.SanctionBalance) => ({
  sanctionId: balance.sanctionId,
  allotments: Amount.toCanonicalString(balance.totals.allotments),
  withdrawals: Amount.toCanonicalString(balance.totals.withdrawals),
  expenses: Amount.toCanonicalString(balance.totals.expenses),
  reversals: Amount.toCanonicalString(balance.totals.reversals),
  fundsAvailable: SignedAmount.toCanonicalString(balance.totals.fundsAvailable),
  latestAllotment: balance.latestAllotment,
})

const balancesSumTheRegister = Effect.gen(function* () {
  const tenantId = yield* freshTenant
  const allotment = (
    key: string,
    options: {
      sanctionId: string
      headOfAccount: string
      financialYear: string
      amount: string
      serial: string
    },
  ): FundRegister.RegisterTransaction => {
    const base = transactionOf(tenantId, { key, ...options })
    return {
      ...base,
      kind: options.serial === "0" ? "initialAllotment" : "additionalAllotment",
      source: {
        _tag: "Allotment",
        ssuAllotmentId: `ssu-${key}`,
        allotmentSerialNumber: options.serial,
        availableBalance: base.amount,
      },
    }
  }
  const spend = (
    key: string,
    kind: "expense" | "expenseReversal" | "withdrawal",
    options: { sanctionId: string; headOfAccount: string; financialYear: string; amount: string },
  ): FundRegister.RegisterTransaction =>
    kind === "withdrawal"
      ? { ...allotment(key, { ...options, serial: "1" }), kind }
      : {
          ...transactionOf(tenantId, { key, ...options }),
          kind,
          source: { _tag: "PaymentInstruction", paymentInstructionNumber: key },
        }
  const h1 = { sanctionId: "920", headOfAccount: "H1", financialYear: "2024-25" }
  const h2 = { sanctionId: "921", headOfAccount: "H2", financialYear: "2024-25" }
  // Sanction 922 is listed in two financial years: the balance sums both.
  const spread = { sanctionId: "922", headOfAccount: "H1", financialYear: "2023-24" }
  const transactions = [
    allotment("a0", { ...h1, amount: "1000.50", serial: "0" }),
    spend("PI-1", "expense", { ...h1, amount: "250.25" }),
    allotment("b0", { ...h2, amount: "40", serial: "0" }),
    allotment("a2", { ...h1, amount: "10", serial: "2" }),
    allotment("a1", { ...h1, amount: "5", serial: "1" }),
    allotment("a2bis", { ...h1, amount: "1", serial: "2" }),
    spend("PI-2", "expense", { ...h2, amount: "40" }),
    spend("PI-2r", "expenseReversal", { ...h2, amount: "40" }),
    spend("w1", "withdrawal", { ...h1, amount: "100" }),
    allotment("c0", { ...spread, amount: "70", serial: "0" }),
    spend("PI-3", "expense", { ...spread, financialYear: "2024-25", amount: "20" }),
  ]
  yield* Book.append(tenantId, transactions.slice(0, 5))
  yield* Book.append(tenantId, transactions.slice(3))
  const queries: ReadonlyArray<Book.TransactionQuery> = [
    {},
    { sanctionId: "920" },
    { sanctionId: "922" },
    { headOfAccount: "H1" },
    { financialYear: FinancialYear.makeUnsafe("2024-25") },
    { financialYear: FinancialYear.makeUnsafe("2024-25"), headOfAccount: "H2" },
    { sanctionId: "unknown" },
  ]
  for (const query of queries) {
    const expected = FundRegister.balancesOf(yield* Book.transactions(tenantId, query)).map(balanceText)
    assert.deepStrictEqual((yield* Book.balances(tenantId, query)).map(balanceText), expected)
  }
  const [first] = (yield* Book.balances(tenantId, { sanctionId: "920" })).map(balanceText)
  assert.deepStrictEqual(first, {
    sanctionId: "920",
    allotments: "1016.5",
    withdrawals: "100",
    expenses: "250.25",
    reversals: "0",
    fundsAvailable: "666.25",
    latestAllotment: { ssuAllotmentId: "ssu-a2bis", allotmentSerialNumber: "2" },
  })
  assert.deepStrictEqual(yield* Book.balances(yield* freshTenant, {}), [])
})

const sanctionsVersioned = Effect.gen(function* () {
  const store = yield* SanctionRepository.SanctionRepository
  const tenantId = yield* freshTenant
  const first = sanctionOf(tenantId, "920", "H1")
  const second = sanctionOf(tenantId, "921", "H2")
  yield* Book.addSanctions(tenantId, [first, second])
  yield* Book.addSanctions(tenantId, [{ ...first, ssuId: "9999" }])
  assert.deepStrictEqual(yield* Book.sanctions(tenantId, {}), [first, second])
  assert.deepStrictEqual(yield* Book.sanctions(tenantId, { headOfAccount: "H2" }), [second])
  const updated = { ...first, sanctionedTotal: Amount.makeUnsafe("60000"), version: 2 }
  yield* store.update({ aggregate: updated, expectedVersion: 1 })
  const stale = yield* Effect.exit(
    store.update({
      aggregate: { ...first, sanctionedTotal: Amount.makeUnsafe("1"), version: 2 },
      expectedVersion: 1,
    }),
  )
  assert.strictEqual(Option.getOrUndefined(Exit.findErrorOption(stale))?._tag, "StaleVersion")
  const [stored] = yield* Book.sanctions(tenantId, { headOfAccount: "H1" })
  assert.strictEqual(stored && Amount.toCanonicalString(stored.sanctionedTotal ?? Amount.zero), "60000")
  assert.deepStrictEqual(yield* Book.sanctions(yield* freshTenant, {}), [])
})

const cursorMovesForward = Effect.gen(function* () {
  const tenantId = yield* freshTenant
  const later = DateTime.makeUnsafe("2024-06-11T16:30:00Z")
  assert.deepStrictEqual(yield* Book.virtualAllotmentCursor(tenantId, "H1"), Option.none())
  yield* Book.advanceVirtualAllotmentCursor(tenantId, "H1", later)
  yield* Book.advanceVirtualAllotmentCursor(tenantId, "H1", at)
  assert.deepStrictEqual(yield* Book.virtualAllotmentCursor(tenantId, "H1"), Option.some(later))
  assert.deepStrictEqual(yield* Book.virtualAllotmentCursor(tenantId, "H2"), Option.none())
  assert.deepStrictEqual(yield* Book.virtualAllotmentCursor(yield* freshTenant, "H1"), Option.none())
})

// ------------------------------------------------------------ register properties and races

// Where a generated transaction is listed: sanctions 920 and 921 in one year
// and head of account each, 922 in two years (its balance is then summed).
const listings = [
  { sanctionId: "920", headOfAccount: "H1", financialYear: "2024-25" },
  { sanctionId: "921", headOfAccount: "H2", financialYear: "2024-25" },
  { sanctionId: "922", headOfAccount: "H1", financialYear: "2023-24" },
  { sanctionId: "922", headOfAccount: "H1", financialYear: "2024-25" },
] as const

interface GeneratedTransaction {
  readonly key: number
  readonly listing: number
  readonly kind: FundRegister.TransactionKind
  readonly paise: number
  readonly serial: number
}

const generatedTransactionArbitrary: fc.Arbitrary<GeneratedTransaction> = fc.record({
  // Few keys, so a sequence repeats some (PI-F-1).
  key: fc.integer({ min: 0, max: 11 }),
  listing: fc.integer({ min: 0, max: listings.length - 1 }),
  kind: fc.constantFrom(...FundRegister.TransactionKind.literals),
  paise: fc.integer({ min: 0, max: 10_000_000 }),
  serial: fc.integer({ min: 0, max: 3 }),
})

// Random appends: transactions in batches of one to four.
const appendSequenceArbitrary = fc.array(
  fc.array(generatedTransactionArbitrary, { minLength: 1, maxLength: 4 }),
  { minLength: 1, maxLength: 5 },
)

const registerTransactionOf = (
  tenantId: TenantId,
  generated: GeneratedTransaction,
): FundRegister.RegisterTransaction => {
  const listing = listings[generated.listing] ?? listings[0]
  const base = transactionOf(tenantId, {
    key: `k${generated.key}`,
    ...listing,
    amount: `${Math.floor(generated.paise / 100)}.${String(generated.paise % 100).padStart(2, "0")}`,
  })
  const isAllotment = generated.kind !== "expense" && generated.kind !== "expenseReversal"
  return {
    ...base,
    kind: generated.kind,
    source: isAllotment
      ? {
          _tag: "Allotment",
          ssuAllotmentId: `ssu-${generated.key}`,
          allotmentSerialNumber: String(generated.serial),
          availableBalance: base.amount,
        }
      : { _tag: "PaymentInstruction", paymentInstructionNumber: `PI-${generated.key}` },
  }
}

const registerQueries: ReadonlyArray<Book.TransactionQuery> = [
  {},
  ...["920", "921", "922", "unknown"].map((sanctionId) => ({ sanctionId })),
  { headOfAccount: "H1" },
  { headOfAccount: "H2" },
  { financialYear: FinancialYear.makeUnsafe("2023-24") },
  { financialYear: FinancialYear.makeUnsafe("2024-25") },
  { financialYear: FinancialYear.makeUnsafe("2024-25"), headOfAccount: "H1" },
  { financialYear: FinancialYear.makeUnsafe("2024-25"), headOfAccount: "H1", sanctionId: "922" },
]

const matchesQuery = (transaction: FundRegister.RegisterTransaction, query: Book.TransactionQuery): boolean =>
  (query.financialYear === undefined || transaction.financialYear === query.financialYear) &&
  (query.headOfAccount === undefined || transaction.headOfAccount === query.headOfAccount) &&
  (query.sanctionId === undefined || transaction.sanctionId === query.sanctionId)

const balancesFollowAppends = (batches: ReadonlyArray<ReadonlyArray<GeneratedTransaction>>) =>
  Effect.gen(function* () {
    const tenantId = yield* freshTenant
    const expected: Array<FundRegister.RegisterTransaction> = []
    for (const batch of batches) {
      const transactions = batch.map((generated) => registerTransactionOf(tenantId, generated))
      const fresh = transactions.filter(
        (transaction, index) =>
          !expected.some((recorded) => recorded.key === transaction.key) &&
          transactions.findIndex((other) => other.key === transaction.key) === index,
      )
      assert.deepStrictEqual(yield* Book.append(tenantId, transactions), fresh, "the new keys are recorded")
      expected.push(...fresh)
    }
    assert.deepStrictEqual(yield* Book.transactions(tenantId, {}), expected, "each key once, in order")
    for (const query of registerQueries) {
      const listed = expected.filter((transaction) => matchesQuery(transaction, query))
      assert.deepStrictEqual(yield* Book.transactions(tenantId, query), listed, JSON.stringify(query))
      assert.deepStrictEqual(
        (yield* Book.balances(tenantId, query)).map(balanceText),
        FundRegister.balancesOf(listed).map(balanceText),
        `the balances of ${JSON.stringify(query)}`,
      )
    }
  })

// Each run is a handful of appends; on a database every one is a transaction.
const registerPropertyRuns = 12

const balancesAlwaysSumTheRegister = Effect.gen(function* () {
  const services = yield* Effect.context<FundRegisterServices>()
  yield* checkEffectProperty(
    appendSequenceArbitrary,
    (batches) => balancesFollowAppends(batches).pipe(Effect.provideContext(services)),
    { numRuns: registerPropertyRuns },
  )
})

const appendsRacing = 8

const allotmentOf = (tenantId: TenantId, index: number): FundRegister.RegisterTransaction => ({
  ...transactionOf(tenantId, {
    key: `allotment/920/ssu-${index}/1`,
    ...listings[0],
    amount: `${index + 1}00.25`,
  }),
  source: {
    _tag: "Allotment",
    ssuAllotmentId: `ssu-${index}`,
    allotmentSerialNumber: "1",
    availableBalance: Amount.makeUnsafe("1"),
  },
})

// Two rounds of racing appends: the first creates the balance, the second
// updates it; neither loses one.
const racingAppendsAllCount = Effect.gen(function* () {
  const tenantId = yield* freshTenant
  const allotments = Array.from({ length: 2 * appendsRacing }, (_, index) => allotmentOf(tenantId, index))
  for (const round of [allotments.slice(0, appendsRacing), allotments.slice(appendsRacing)]) {
    const recorded = yield* Effect.all(
      round.map((transaction) => Book.append(tenantId, [transaction])),
      { concurrency: "unbounded" },
    )
    assert.deepStrictEqual(
      recorded,
      round.map((transaction) => [transaction]),
      "every append records its own",
    )
  }
  const [balance] = yield* Book.balances(tenantId, { sanctionId: "920" })
  assert.strictEqual(
    balance && Amount.toCanonicalString(balance.totals.allotments),
    Amount.toCanonicalString(Amount.sum(allotments.map((transaction) => transaction.amount))),
    "the balance counts every allotment once",
  )
  assert.strictEqual((yield* Book.transactions(tenantId, { sanctionId: "920" })).length, 2 * appendsRacing)
})

const racingAppendsOfOneKey = Effect.gen(function* () {
  const tenantId = yield* freshTenant
  const allotment = allotmentOf(tenantId, 0)
  const recorded = yield* Effect.all(
    Array.from({ length: appendsRacing }, () => Book.append(tenantId, [allotment])),
    { concurrency: "unbounded" },
  )
  assert.strictEqual(recorded.filter((each) => each.length === 1).length, 1, "exactly one append records it")
  assert.deepStrictEqual(yield* Book.transactions(tenantId, {}), [allotment])
  assert.deepStrictEqual(
    (yield* Book.balances(tenantId, {})).map(balanceText),
    FundRegister.balancesOf([allotment]).map(balanceText),
    "the balance counts it once",
  )
})

/**
 * The stores the fund register's book-keeping needs to record transactions
 * (`FundRegisterBook.append`).
 *
 * @since 0.1.0
 * @category testing
 */
export type FundRegisterServices =
  | RegisterTransactionRepository.RegisterTransactionRepository
  | SanctionBalanceRepository.SanctionBalanceRepository
  | UnitOfWork.UnitOfWork

/**
 * Registers the fund register's laws over one implementation of its
 * transaction and balance stores and unit of work (PI-F-1, PI-F-2, PI-V-2,
 * TEN-1, DB-4, DB-5, REL-5): each key recorded once, also by racing
 * appends; the balances equal `FundRegister.balancesOf` of the transactions
 * for every query, after any sequence of appends; racing appends to one
 * sanction lose no update.
 *
 * @since 0.1.0
 * @category testing
 */
export const FundRegisterSuite = <E>(name: string, layer: Layer.Layer<FundRegisterServices, E>): void =>
  registerConformanceLaws(
    name,
    layer,
    [
      [
        "PI-F-1: a transaction is recorded once by its key; the register keeps the order recorded",
        transactionsRecordedOnce,
      ],
      [
        "PI-F-2: the balances of the sanctions are the sums of their transactions, with their latest allotment",
        balancesSumTheRegister,
      ],
      [
        "PI-F-2: after any sequence of appends the balances equal FundRegister.balancesOf of the transactions, for every query",
        balancesAlwaysSumTheRegister,
      ],
      [
        `PI-V-2 / REL-5: of ${appendsRacing} concurrent appends to one sanction none is lost from its balance`,
        racingAppendsAllCount,
      ],
      [
        `PI-F-1 / REL-5: of ${appendsRacing} concurrent appends of one key exactly one records it`,
        racingAppendsOfOneKey,
      ],
    ],
    { timeoutMs: registerLawTimeoutMs },
  )

// The property appends some sixty batches, each a transaction on a database.
const registerLawTimeoutMs = 60_000

// ------------------------------------------------------------ register store fixtures

const financialYearOf = (index: number) => FinancialYear.makeUnsafe(index % 2 === 0 ? "2024-25" : "2023-24")

/**
 * The sanction store's fixture for `AggregateStoreSuite`: the generic laws
 * plus PI-F-2's (added once, listed in the order first seen, updated on
 * their version).
 *
 * @since 0.1.0
 * @category testing
 */
export const sanctionStoreFixture: AggregateStoreFixture<
  SanctionRepository.SanctionRepository,
  FundRegister.Sanction,
  keyof typeof SanctionRepository.descriptor.columns,
  FundRegister.FundRecordExists,
  FundRegister.FundRecordNotFound,
  never
> = {
  port: SanctionRepository.SanctionRepository,
  descriptor: SanctionRepository.descriptor,
  make: (seed) => ({
    ...sanctionOf(seed.tenantId, String(900 + seed.index), `H${seed.index % 3}`),
    financialYear: financialYearOf(seed.index),
  }),
  revise: (sanction) => ({
    ...sanction,
    sanctionedTotal: Amount.makeUnsafe(`${1000 * sanction.version}.50`),
    version: sanction.version + 1,
  }),
  laws: [
    [
      "PI-F-2: sanctions are added once, listed in the order first seen, and updated on their version",
      sanctionsVersioned,
    ],
  ],
}

/**
 * The register transaction store's fixture for `AggregateStoreSuite` (a
 * repeated key is the store's duplicate, PI-F-1).
 *
 * @since 0.1.0
 * @category testing
 */
export const registerTransactionStoreFixture: AggregateStoreFixture<
  RegisterTransactionRepository.RegisterTransactionRepository,
  RegisterTransactionRepository.RecordedTransaction,
  keyof typeof RegisterTransactionRepository.descriptor.columns,
  FundRegister.FundRecordExists,
  FundRegister.FundRecordNotFound,
  never
> = {
  port: RegisterTransactionRepository.RegisterTransactionRepository,
  descriptor: RegisterTransactionRepository.descriptor,
  make: (seed) =>
    RegisterTransactionRepository.toRecorded({
      ...registerTransactionOf(seed.tenantId, {
        key: seed.index,
        listing: seed.index % listings.length,
        kind: FundRegister.TransactionKind.literals[seed.index % 5] ?? "expense",
        paise: 10_050 + seed.index,
        serial: seed.index % 3,
      }),
      key: `k${seed.index}`,
      date: LocalDate.makeUnsafe(`2024-06-1${seed.index % 3}`),
    }),
  revise: (transaction) => ({
    ...transaction,
    amount: Amount.add(transaction.amount, Amount.makeUnsafe("1")),
    version: transaction.version + 1,
  }),
}

/**
 * The sanction balance store's fixture for `AggregateStoreSuite`.
 *
 * @since 0.1.0
 * @category testing
 */
export const sanctionBalanceStoreFixture: AggregateStoreFixture<
  SanctionBalanceRepository.SanctionBalanceRepository,
  SanctionBalanceRepository.RunningBalance,
  keyof typeof SanctionBalanceRepository.descriptor.columns,
  FundRegister.FundRecordExists,
  FundRegister.FundRecordNotFound,
  never
> = {
  port: SanctionBalanceRepository.SanctionBalanceRepository,
  descriptor: SanctionBalanceRepository.descriptor,
  make: (seed) => ({
    tenantId: seed.tenantId,
    sanctionId: String(900 + seed.index),
    financialYear: financialYearOf(seed.index),
    headOfAccount: `H${seed.index % 3}`,
    allotments: Amount.makeUnsafe(`${1000 + seed.index}.25`),
    withdrawals: Amount.makeUnsafe(String(seed.index % 4)),
    expenses: Amount.makeUnsafe(`${seed.index * 300}`),
    reversals: Amount.zero,
    latestAllotment: { ssuAllotmentId: `ssu-${seed.index}`, allotmentSerialNumber: "0" },
    version: 1,
  }),
  revise: (balance) => ({
    ...balance,
    expenses: Amount.add(balance.expenses, Amount.makeUnsafe("10")),
    version: balance.version + 1,
  }),
}

/**
 * The VA cursor store's fixture for `AggregateStoreSuite`: the generic laws
 * plus PI-F-1's (the cursor starts empty and only moves forward).
 *
 * @since 0.1.0
 * @category testing
 */
export const virtualAllotmentCursorStoreFixture: AggregateStoreFixture<
  VirtualAllotmentCursorRepository.VirtualAllotmentCursorRepository,
  VirtualAllotmentCursorRepository.VirtualAllotmentCursor,
  keyof typeof VirtualAllotmentCursorRepository.descriptor.columns,
  FundRegister.FundRecordExists,
  FundRegister.FundRecordNotFound,
  never
> = {
  port: VirtualAllotmentCursorRepository.VirtualAllotmentCursorRepository,
  descriptor: VirtualAllotmentCursorRepository.descriptor,
  make: (seed) => ({
    tenantId: seed.tenantId,
    headOfAccount: `H${seed.index}`,
    lastRunAt: DateTime.add(at, { hours: seed.index % 4 }),
    version: 1,
  }),
  revise: (cursor) => ({
    ...cursor,
    lastRunAt: DateTime.add(cursor.lastRunAt, { hours: 1 }),
    version: cursor.version + 1,
  }),
  laws: [
    ["PI-F-1: the VA cursor of each head of account starts empty and only moves forward", cursorMovesForward],
  ],
}

/**
 * Registers the conformance tests of a `SanctionRepository` implementation.
 *
 * @since 0.1.0
 * @category testing
 */
export const SanctionRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<SanctionRepository.SanctionRepository, E>,
): void => AggregateStoreSuite(name, layer, sanctionStoreFixture)

/**
 * Registers the conformance tests of a `RegisterTransactionRepository`
 * implementation.
 *
 * @since 0.1.0
 * @category testing
 */
export const RegisterTransactionRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<RegisterTransactionRepository.RegisterTransactionRepository, E>,
): void => AggregateStoreSuite(name, layer, registerTransactionStoreFixture)

/**
 * Registers the conformance tests of a `SanctionBalanceRepository`
 * implementation.
 *
 * @since 0.1.0
 * @category testing
 */
export const SanctionBalanceRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<SanctionBalanceRepository.SanctionBalanceRepository, E>,
): void => AggregateStoreSuite(name, layer, sanctionBalanceStoreFixture)

/**
 * Registers the conformance tests of a `VirtualAllotmentCursorRepository`
 * implementation.
 *
 * @since 0.1.0
 * @category testing
 */
export const VirtualAllotmentCursorRepositorySuite = <E>(
  name: string,
  layer: Layer.Layer<VirtualAllotmentCursorRepository.VirtualAllotmentCursorRepository, E>,
): void => AggregateStoreSuite(name, layer, virtualAllotmentCursorStoreFixture)

const checksKeepTheLatest = Effect.gen(function* () {
  const tenantId = yield* freshTenant
  const other = yield* freshTenant
  const instant = (text: string) => DateTime.makeUnsafe(text)
  const check = (
    paymentInstructionNumber: string,
    service: PaymentInstructionChecks.Check["service"],
    text: string,
  ) => ({ tenantId, paymentInstructionNumber, service, at: instant(text) })
  yield* PaymentInstructionChecks.record(check("PI-DK/2024-25/000001", "FD", "2024-06-12T16:30:00.000Z"))
  yield* PaymentInstructionChecks.record(check("PI-DK/2024-25/000001", "FD", "2024-06-13T16:30:00.000Z"))
  yield* PaymentInstructionChecks.record(check("PI-DK/2024-25/000001", "FD", "2024-06-12T18:00:00.000Z"))
  yield* PaymentInstructionChecks.record(check("PI-DK/2024-25/000001", "FTFPS", "2024-06-11T16:30:00.000Z"))
  yield* PaymentInstructionChecks.record(check("PI-DK/2024-25/000002", "PD", "2024-06-13T16:31:00.000Z"))
  yield* PaymentInstructionChecks.record({
    ...check("PI-DK/2024-25/000001", "FD", "2024-06-14T16:30:00.000Z"),
    tenantId: other,
  })
  const listed = (found: ReadonlyArray<PaymentInstructionChecks.Check>) =>
    found
      .map((item) => `${item.paymentInstructionNumber} ${item.service} ${DateTime.formatIso(item.checkedAt)}`)
      .sort()
  const found = yield* PaymentInstructionChecks.checkedSince({
    tenantId,
    from: instant("2024-06-12T00:00:00.000Z"),
  })
  assert.deepStrictEqual(listed(found), [
    "PI-DK/2024-25/000001 FD 2024-06-13T16:30:00.000Z",
    "PI-DK/2024-25/000002 PD 2024-06-13T16:31:00.000Z",
  ])
  for (const item of found) assert.strictEqual(item.tenantId, tenantId)
  const latest = yield* PaymentInstructionChecks.checkedSince({
    tenantId,
    from: instant("2024-06-13T16:31:00.000Z"),
  })
  assert.deepStrictEqual(listed(latest), ["PI-DK/2024-25/000002 PD 2024-06-13T16:31:00.000Z"])
  const store = yield* PaymentInstructionChecks.PaymentInstructionChecks
  const moved = yield* store.get({ tenantId, id: "PI-DK/2024-25/000001/FD" })
  assert.strictEqual(
    moved.version,
    2,
    "the later check moved the record once; the earlier ones wrote nothing",
  )
})

// Concurrent checks of one PI and service: each retries once on a lost
// write, so the record ends at one of the instants and never moves back.
const concurrentChecksKeepALaterInstant = Effect.gen(function* () {
  const tenantId = yield* freshTenant
  const instants = Array.from({ length: 8 }, (_, index) => DateTime.add(at, { minutes: index }))
  yield* Effect.forEach(
    instants,
    (instant) =>
      PaymentInstructionChecks.record({
        tenantId,
        paymentInstructionNumber: "PI-DK/2024-25/000003",
        service: "PIS",
        at: instant,
      }),
    { concurrency: "unbounded" },
  )
  const store = yield* PaymentInstructionChecks.PaymentInstructionChecks
  const stored = yield* store.get({ tenantId, id: "PI-DK/2024-25/000003/PIS" })
  assert.isTrue(instants.some((instant) => DateTime.Equivalence(instant, stored.checkedAt)))
  yield* PaymentInstructionChecks.record({
    tenantId,
    paymentInstructionNumber: "PI-DK/2024-25/000003",
    service: "PIS",
    at: at,
  })
  const after = yield* store.get({ tenantId, id: "PI-DK/2024-25/000003/PIS" })
  assert.deepStrictEqual(after, stored, "an earlier check never moves the record back")
})

const checkServices = ["PIS", "PAG", "PD", "FD", "FTPS", "FTFPS"] as const

/**
 * The status check store's fixture for `AggregateStoreSuite`: the generic
 * laws plus PI-P-1's (a record keeps the latest instant per PI and
 * service, and lists by tenant and instant).
 *
 * @since 0.1.0
 * @category testing
 */
export const paymentInstructionCheckStoreFixture: AggregateStoreFixture<
  PaymentInstructionChecks.PaymentInstructionChecks,
  PaymentInstructionChecks.Check,
  keyof typeof PaymentInstructionChecks.descriptor.columns,
  PaymentInstructionChecks.PaymentInstructionCheckExists,
  PaymentInstructionChecks.PaymentInstructionCheckNotFound,
  never
> = {
  port: PaymentInstructionChecks.PaymentInstructionChecks,
  descriptor: PaymentInstructionChecks.descriptor,
  make: (seed) => ({
    tenantId: seed.tenantId,
    paymentInstructionNumber: `PI-DK/2024-25/${String(seed.index).padStart(6, "0")}`,
    service: checkServices[seed.index % checkServices.length] ?? "PIS",
    checkedAt: DateTime.add(at, { minutes: seed.index % 7 }),
    version: 1,
  }),
  revise: (check) => ({
    ...check,
    checkedAt: DateTime.add(check.checkedAt, { hours: 1 }),
    version: check.version + 1,
  }),
  laws: [
    [
      "PI-P-1: a check record keeps the latest instant per PI and service, and lists by tenant and instant",
      checksKeepTheLatest,
    ],
    [
      "PI-P-1: concurrent checks of one PI and service leave one of their instants",
      concurrentChecksKeepALaterInstant,
    ],
  ],
}

/**
 * Registers the conformance tests of a `PaymentInstructionChecks`
 * implementation (PI-P-1).
 *
 * @since 0.1.0
 * @category testing
 */
export const PaymentInstructionChecksSuite = <E>(
  name: string,
  layer: Layer.Layer<PaymentInstructionChecks.PaymentInstructionChecks, E>,
): void => AggregateStoreSuite(name, layer, paymentInstructionCheckStoreFixture)

/**
 * The payments module's store fixtures.
 *
 * @since 0.1.0
 * @category testing
 */
export const paymentsStoreFixtures = [
  paymentInstructionStoreFixture,
  sanctionStoreFixture,
  registerTransactionStoreFixture,
  sanctionBalanceStoreFixture,
  virtualAllotmentCursorStoreFixture,
  paymentInstructionCheckStoreFixture,
] as const

const leaseRequest = (tenantId: TenantId, holder: string, subject = "PI-DK/2024-25/000001") => ({
  tenantId,
  subject,
  holder,
  durationMs: 60_000,
})

const leaseIsExclusive = Effect.gen(function* () {
  const leases = yield* Lease
  const tenantId = yield* freshTenant
  const held = yield* leases.acquire(leaseRequest(tenantId, "run-1"))
  const refused = yield* Effect.exit(leases.acquire(leaseRequest(tenantId, "run-2")))
  assert.strictEqual(Option.getOrUndefined(Exit.findErrorOption(refused))?._tag, "PaymentInstructionBusy")
  yield* leases.release({ ...held, holder: "run-2" })
  assert.isTrue(Exit.isFailure(yield* Effect.exit(leases.acquire(leaseRequest(tenantId, "run-2")))))
  assert.strictEqual((yield* leases.acquire(leaseRequest(tenantId, "run-1"))).holder, "run-1")
  yield* leases.release(held)
  assert.strictEqual((yield* leases.acquire(leaseRequest(tenantId, "run-2"))).holder, "run-2")
})

const leaseExpires = Effect.gen(function* () {
  const leases = yield* Lease
  const tenantId = yield* freshTenant
  yield* leases.acquire(leaseRequest(tenantId, "crashed"))
  yield* TestClock.adjust("59999 millis")
  assert.isTrue(Exit.isFailure(yield* Effect.exit(leases.acquire(leaseRequest(tenantId, "next")))))
  yield* TestClock.adjust("1 millis")
  assert.strictEqual((yield* leases.acquire(leaseRequest(tenantId, "next"))).holder, "next")
})

const leasesAreIndependent = Effect.gen(function* () {
  const leases = yield* Lease
  const tenantId = yield* freshTenant
  yield* leases.acquire(leaseRequest(tenantId, "run-1"))
  yield* leases.acquire(leaseRequest(tenantId, "run-2", "PI-DK/2024-25/000002"))
  yield* leases.acquire(leaseRequest(yield* freshTenant, "run-3"))
  const contested = yield* Effect.all(
    Array.from({ length: 20 }, (_, index) =>
      Effect.exit(leases.acquire(leaseRequest(tenantId, `run-${index}`, "PI-DK/2024-25/000003"))),
    ),
    { concurrency: "unbounded" },
  )
  assert.strictEqual(contested.filter(Exit.isSuccess).length, 1)
})

/**
 * Registers the `PaymentInstructionLease` conformance tests for one
 * implementation (PI-P-2).
 *
 * @since 0.1.0
 * @category testing
 */
export const PaymentInstructionLeaseSuite = <E>(
  name: string,
  layer: Layer.Layer<PaymentInstructionLease.PaymentInstructionLease, E>,
): void => {
  describe(name, () => {
    it.effect("PI-P-2: while one run holds a PI's lease, another cannot take it; after release it can", () =>
      leaseIsExclusive.pipe(Effect.provide(layer)),
    )
    it.effect("PI-P-2: a crashed run's lease expires, so the next run continues", () =>
      leaseExpires.pipe(Effect.provide(layer)),
    )
    it.effect(
      "PI-P-2: leases of different PIs and tenants are independent; of concurrent takers exactly one wins",
      () => leasesAreIndependent.pipe(Effect.provide(layer)),
    )
  })
}

/**
 * Registers the `Notifier` conformance tests for one implementation
 * (NOTIF-1: one SMS per event id and tenant).
 *
 * @since 0.1.0
 * @category testing
 */
export const NotifierSuite = <E>(name: string, layer: Layer.Layer<Notifier.Notifier, E>): void => {
  describe(name, () => {
    it.effect("NOTIF-1: an event is sent once; the same event id again is not sent again", () =>
      Effect.gen(function* () {
        const notifier = yield* Notifier.Notifier
        const tenantId = yield* freshTenant
        const message: Notification.SmsMessage = {
          eventId: "paymentSuccessful/PI-DK/2024-25/000001/BN-DK/000001",
          tenantId,
          kind: "paymentSuccessful",
          mobile: "9999900036",
          text: "Payment of Rs. 250.00",
        }
        assert.strictEqual(yield* notifier.send(message), "sent")
        assert.strictEqual(yield* notifier.send({ ...message, text: "changed" }), "alreadySent")
        assert.strictEqual(yield* notifier.send({ ...message, tenantId: yield* freshTenant }), "sent")
        assert.strictEqual(
          yield* notifier.send({ ...message, eventId: "paymentFailed/PI-DK/2024-25/000001/BN-DK/000001" }),
          "sent",
        )
      }).pipe(Effect.provide(layer)),
    )
  })
}
