/**
 * The JIT-FS simulator (spec 07 SIM-1, SIM-2): one stateful implementation of
 * JIT's two endpoints (JIT-W-1), its crypto with its own RSA key pair
 * (JIT-W-2, JIT-W-3) and its envelopes (JIT-W-5..7), scripted by a
 * {@link JitSimulatorScenario.Scenario}. It keeps sanctions and allotments,
 * received PIs with their beneficiaries, approvals, advices, vouchers,
 * payments and failures in a `Ref`, and moves each PI through JIT's life
 * cycle as it is polled: PI push → PIS (the SSU approves) → PAG (the
 * treasury advises) → PD (the voucher pays each beneficiary) → FD (bank
 * returns, by voucher date); a correction (COR) → FTPS → FTFPS.
 *
 * `handle` is the whole server: a request (path, headers, body text) in, a
 * response (status, headers, body text, or a dropped connection) out. The
 * msw handlers and the loopback server (SIM-3) only carry bytes to it.
 * Time comes from Effect's `Clock`, so `TestClock` and the demo's fast clock
 * drive sessions and delays; delays can also be counted in polls.
 *
 * Decisions where JIT's behaviour is not documented:
 * - An unknown `authToken` is answered HTTP 401 with the plain JSON
 *   `{"errorMsg": "No valid session encryption key"}` (no REK can be read);
 *   an expired session's call is answered HTTP 200, encrypted under the REK,
 *   with that `errorMsg`.
 * - A push of a PI number JIT holds is answered PV0073 "Duplicate Payment
 *   Information Id" whatever its content; a declined push is not held.
 * - PIS, PAG, PD, FTPS before their step happened answer no error and empty
 *   `data` (a no-response for the client, so core polls again).
 * - Insufficient allotment declines with `insufficientAllotmentCode`
 *   (default TR0006 "bill objected"): core's catalogue has no code of its own
 *   for it.
 *
 * @since 0.1.0
 */
import { randomBytes } from "node:crypto"
import { Clock, Duration, Effect, Ref } from "effect"
import * as JitCrypto from "./JitCrypto.js"
import * as JitSimulatorScenario from "./JitSimulatorScenario.js"

// ---------------------------------------------------------------- models

/**
 * The path of JIT's login endpoint.
 *
 * @since 0.1.0
 * @category models
 */
export const authenticatePath = "/webservices/jitfs/v1.0/authenticate"

/**
 * The path of JIT's one service endpoint.
 *
 * @since 0.1.0
 * @category models
 */
export const serviceDataPath = "/webservices/jitfs/v1.0/get-jit-service-data"

/**
 * JIT's message for a missing or expired session (JIT-W-4).
 *
 * @since 0.1.0
 * @category models
 */
export const noValidSessionMessage = "No valid session encryption key"

/**
 * A request as the simulator sees it. Header names are matched
 * case-insensitively.
 *
 * @since 0.1.0
 * @category models
 */
export interface SimulatorRequest {
  readonly path: string
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: string
}

/**
 * A response: status, headers and body text; `abort` closes the connection
 * without a reply (the `noReply` drop).
 *
 * @since 0.1.0
 * @category models
 */
export interface SimulatorResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly abort?: boolean
}

/**
 * A beneficiary JIT holds.
 *
 * @since 0.1.0
 * @category models
 */
export interface HeldBeneficiary {
  readonly paymentId: string
  readonly name: string
  readonly accountNumber: string
  readonly ifsc: string
  /** The amount as the push wrote it. */
  readonly amount: string
}

/**
 * A beneficiary's payment by a voucher, and its bank return if it failed.
 *
 * @since 0.1.0
 * @category models
 */
export interface Payment {
  readonly paymentId: string
  readonly accountNumber: string
  readonly ifsc: string
  readonly utrNumber: string
  readonly utrDate: string
  readonly endToEndId: string
  /** The payment shows (in PD/FTPS, and its failure in FD/FTFPS) from this payment poll on. */
  readonly fromPoll: number
  readonly failure?: { readonly reason: string; readonly challanNumber: string; readonly challanDate: string }
}

/**
 * A voucher paying a bill.
 *
 * @since 0.1.0
 * @category models
 */
export interface Voucher {
  readonly voucherNumber: string
  readonly voucherDate: string
  readonly billReference: string
  readonly tokenNumber: string
  readonly tokenDate: string
  readonly payments: ReadonlyArray<Payment>
}

/**
 * A bill JIT holds: an original PI (PI) or a correction (COR).
 *
 * @since 0.1.0
 * @category models
 */
export interface HeldBill {
  readonly kind: "original" | "correction"
  /** Our number (`jitBillNo` / `jitCorBillNo`). */
  readonly number: string
  readonly date: string
  /** JIT's own number for it ("PI-1621/2023-24/000001"). */
  readonly jitNumber: string
  readonly ssuId: string
  readonly sanctionId: string
  readonly grossAmount: string
  readonly netAmount: string
  readonly schemeCode: string
  readonly beneficiaries: ReadonlyArray<HeldBeneficiary>
  readonly receivedAtMs: number
  readonly rejected: boolean
  readonly statusPolls: number
  readonly advicePolls: number
  readonly paymentPolls: number
  readonly approval?: { readonly id: string; readonly date: string; readonly atMs: number }
  readonly advice?: {
    readonly adviceId: string
    readonly adviceDate: string
    readonly billReference: string
    readonly tokenNumber: string
    readonly tokenDate: string
    readonly financialYear: string
    readonly atMs: number
  }
  readonly voucher?: Voucher
  /** Corrections: the original's bill reference, number and date as COR named them. */
  readonly original?: { readonly billReference: string; readonly number: string; readonly date: string }
}

/**
 * One call the simulator answered, for tests and the demo's log.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallRecord {
  readonly service: JitSimulatorScenario.SimulatedService | "authenticate" | "unknown"
  readonly atMs: number
  readonly outcome: "success" | "error" | "empty" | "dropped" | "unauthorised" | "invalid"
}

/**
 * The simulator's state.
 *
 * @since 0.1.0
 * @category models
 */
export interface SimulatorState {
  readonly scenario: JitSimulatorScenario.Scenario
  /** How many times each counted knob was applied, by knob key. */
  readonly spent: Readonly<Record<string, number>>
  readonly sessions: Readonly<
    Record<string, { readonly sessionKey: Uint8Array; readonly expiresAtMs: number; readonly ended: boolean }>
  >
  readonly bills: Readonly<Record<string, HeldBill>>
  readonly corrections: Readonly<Record<string, HeldBill>>
  readonly sequence: number
  readonly calls: ReadonlyArray<CallRecord>
  /** The original bills whose voucher of a date pays a beneficiary that fails: what FD looks at. */
  readonly failingBills: Readonly<Record<string, ReadonlyArray<string>>>
  /** The original bills by their advice's bill reference: what PD asks with. */
  readonly billsByReference: Readonly<Record<string, string>>
  /** The net amount of the held, unrejected bills of each sanction (a decimal string). */
  readonly committedBySanction: Readonly<Record<string, string>>
}

/**
 * A running simulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface JitSimulator {
  /** The simulator's RSA public key (SPKI PEM): the client's "JIT public key". */
  readonly publicKeyPem: string
  readonly clientId: string
  readonly clientSecret: string
  readonly handle: (request: SimulatorRequest) => Effect.Effect<SimulatorResponse>
  readonly state: Effect.Effect<SimulatorState>
  /** Replaces the scenario; knob counts start again. */
  readonly setScenario: (scenario: JitSimulatorScenario.Scenario) => Effect.Effect<void>
}

/**
 * The client id and secret accepted when the scenario names none.
 *
 * @since 0.1.0
 * @category models
 */
export const defaultCredentials = { clientId: "karya-sim", clientSecret: "karya-sim-secret" } as const

// ---------------------------------------------------------------- helpers

type Params = Readonly<Record<string, unknown>>
type Envelope = Readonly<Record<string, unknown>>

const field = (params: Params, ...names: ReadonlyArray<string>): string => {
  for (const name of names) {
    const value = params[name]
    if (typeof value === "string") return value
    if (typeof value === "number" || typeof value === "boolean") return String(value)
  }
  return ""
}

const list = (params: Params, ...names: ReadonlyArray<string>): ReadonlyArray<Params> => {
  for (const name of names) {
    const value = params[name]
    if (Array.isArray(value))
      return value.filter((item): item is Params => typeof item === "object" && item !== null)
  }
  return []
}

const headerOf = (headers: SimulatorRequest["headers"], name: string): string | undefined => {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value
  return undefined
}

const pathOf = (path: string): string => {
  const noQuery = path.split("?")[0] ?? ""
  return noQuery.replace(/^[a-z]+:\/\/[^/]+/i, "").replace(/\/+$/, "")
}

const amountPattern = /^\s*(-?)(\d+)(?:\.(\d{1,2}))?\s*$/

/** A decimal string in hundredths; `undefined` when it is not a decimal with at most 2 places. */
const toHundredths = (text: string): bigint | undefined => {
  const match = amountPattern.exec(text)
  if (match === null) return undefined
  const value = BigInt(match[2] ?? "0") * 100n + BigInt((match[3] ?? "").padEnd(2, "0"))
  return match[1] === "-" ? -value : value
}

const fromHundredths = (value: bigint): string => {
  const sign = value < 0n ? "-" : ""
  const magnitude = value < 0n ? -value : value
  return `${sign}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, "0")}`
}

const localParts = (ms: number, offsetMinutes: number) => {
  const iso = new Date(ms + offsetMinutes * 60_000).toISOString()
  const date = iso.slice(0, 10)
  const year = Number(iso.slice(0, 4))
  const month = Number(iso.slice(5, 7))
  const startYear = month >= 4 ? year : year - 1
  return {
    date,
    dateTime: `${date} ${iso.slice(11, 19)}`,
    financialYearStart: String(startYear),
    financialYearLabel: `${startYear}-${String((startYear + 1) % 100).padStart(2, "0")}`,
  }
}

const sameId = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase()

const matches = (
  match: { readonly accountNumber?: string; readonly paymentId?: string },
  beneficiary: { readonly paymentId: string; readonly accountNumber: string },
): boolean =>
  (match.paymentId !== undefined && sameId(match.paymentId, beneficiary.paymentId)) ||
  (match.accountNumber !== undefined && match.accountNumber.trim() === beneficiary.accountNumber.trim())

const namesBill = (knob: { readonly billNumbers?: ReadonlyArray<string> }, number: string): boolean =>
  knob.billNumbers === undefined || knob.billNumbers.some((item) => item.trim() === number.trim())

const delayPassed = (
  delay: JitSimulatorScenario.Delay | undefined,
  polls: number,
  sinceMs: number,
  nowMs: number,
): boolean => polls > (delay?.polls ?? 0) && nowMs - sinceMs >= (delay?.seconds ?? 0) * 1000

// ---------------------------------------------------------------- the step

/** The mutable working copy of one request's transaction. */
interface Draft {
  scenario: JitSimulatorScenario.Scenario
  spent: Record<string, number>
  sessions: Record<string, { sessionKey: Uint8Array; expiresAtMs: number; ended: boolean }>
  bills: Record<string, HeldBill>
  corrections: Record<string, HeldBill>
  sequence: number
  calls: Array<CallRecord>
  failingBills: Record<string, ReadonlyArray<string>>
  billsByReference: Record<string, string>
  committedBySanction: Record<string, string>
}

interface Context {
  readonly draft: Draft
  readonly nowMs: number
  readonly local: ReturnType<typeof localParts>
}

/** Whether a counted knob still applies; `consume` spends one use. */
const available = (draft: Draft, key: string, times: number | undefined): boolean =>
  (draft.spent[key] ?? 0) < (times ?? Number.POSITIVE_INFINITY)

const consume = (draft: Draft, key: string): void => {
  draft.spent[key] = (draft.spent[key] ?? 0) + 1
}

const nextSequence = (draft: Draft): number => {
  draft.sequence += 1
  return draft.sequence
}

type Reply =
  | { readonly _tag: "data"; readonly data: ReadonlyArray<unknown> }
  | { readonly _tag: "message"; readonly message: string }
  | {
      readonly _tag: "codes"
      readonly errors: ReadonlyArray<{ readonly code: string; readonly message: string }>
    }

const data = (rows: ReadonlyArray<unknown>): Reply => ({ _tag: "data", data: rows })
const message = (text: string): Reply => ({ _tag: "message", message: text })
const codes = (code: string, text: string): Reply => ({ _tag: "codes", errors: [{ code, message: text }] })

const envelopeOf = (serviceId: string, reply: Reply): Envelope => {
  switch (reply._tag) {
    case "data":
      return { serviceId, errorMsg: null, data: reply.data }
    case "message":
      return { serviceId, errorMsg: reply.message, data: [] }
    case "codes":
      return {
        serviceId,
        errorMsgs: reply.errors.map((error) => ({ errorCode: error.code, errorMsg: error.message })),
        data: [],
      }
  }
}

const outcomeOf = (reply: Reply): CallRecord["outcome"] =>
  reply._tag === "data" ? (reply.data.length === 0 ? "empty" : "success") : "error"

const sanctionsOf = (scenario: JitSimulatorScenario.Scenario) =>
  scenario.sanctions ?? JitSimulatorScenario.defaultSanctions

const signed = (allotment: JitSimulatorScenario.Allotment): bigint => {
  const amount = toHundredths(allotment.amount) ?? 0n
  return allotment.kind === "Allotment withdrawal" ? -amount : amount
}

const availableBalance = (draft: Draft, sanctionId: string): bigint | undefined => {
  const sanction = sanctionsOf(draft.scenario).find((item) => item.sanctionId === sanctionId)
  if (sanction === undefined) return undefined
  const allotted = sanction.allotments.reduce((sum, allotment) => sum + signed(allotment), 0n)
  return allotted - (toHundredths(draft.committedBySanction[sanctionId] ?? "0") ?? 0n)
}

/** Adds a bill's net amount to (or, `sign` -1, takes it from) its sanction's committed total. */
const commit = (draft: Draft, bill: HeldBill, sign: 1n | -1n): void => {
  const committed = toHundredths(draft.committedBySanction[bill.sanctionId] ?? "0") ?? 0n
  draft.committedBySanction[bill.sanctionId] = fromHundredths(
    committed + sign * (toHundredths(bill.netAmount) ?? 0n),
  )
}

const ssuOfficeOf = (draft: Draft, ssuId: string): string =>
  sanctionsOf(draft.scenario).find((sanction) => sanction.ssuId === ssuId)?.ssuOffice ?? `ssu_${ssuId}`

// VA --------------------------------------------------------------------------

const virtualAllotment = (context: Context, params: Params): Reply => {
  const hoa = field(params, "hoa").trim()
  const ddoCode = field(params, "ddoCode").trim()
  const granteeCode = field(params, "granteCode", "granteeCode").trim()
  const fromDate = field(params, "fromDate").trim().slice(0, 10)
  const rows = sanctionsOf(context.draft.scenario)
    .filter(
      (sanction) =>
        sanction.headOfAccount === hoa &&
        sanction.ddoCode === ddoCode &&
        (granteeCode === "" || sanction.granteeCode === granteeCode),
    )
    .flatMap((sanction) => {
      let running = 0n
      return sanction.allotments.map((allotment, index) => {
        running += signed(allotment)
        return {
          allotment,
          row: {
            ddoCode: sanction.ddoCode,
            schemeCode: sanction.schemeCode,
            schemeName: sanction.schemeName ?? "",
            granteeAgCode: sanction.granteeCode,
            granteeName: sanction.granteeName ?? "",
            ssuId: sanction.ssuId,
            ssuOffice: sanction.ssuOffice ?? `ssu_${sanction.ssuId}`,
            allotmentDate: allotment.date,
            allotmentTxnSlNo: allotment.serialNumber ?? String(index),
            allotmentAmount: fromHundredths(toHundredths(allotment.amount) ?? 0n),
            availableBalance: fromHundredths(running),
            allotmentTxnType: allotment.kind,
            mstAllotmentDistId: sanction.sanctionId,
            ssuAllotmentId: allotment.ssuAllotmentId,
          },
        }
      })
    })
    .filter((item) => fromDate === "" || item.allotment.date >= fromDate)
    .map((item) => item.row)
  return data(rows)
}

// PI --------------------------------------------------------------------------

const duplicateReply = (number: string): Reply =>
  codes("PV0073", `Duplicate Payment Information Id ${number} is already received in JIT-FS`)

const jitNumberOf = (context: Context, ssuId: string): string =>
  `PI-${ssuId}/${context.local.financialYearLabel}/${String(nextSequence(context.draft)).padStart(6, "0")}`

const heldBeneficiaries = (params: Params): ReadonlyArray<HeldBeneficiary> =>
  list(params, "beneficiaryDetails", "beneficiaryDtls").map((item) => ({
    paymentId: field(item, "benefId"),
    name: field(item, "benefName"),
    accountNumber: field(item, "benfAcctNo"),
    ifsc: field(item, "benfBankIfscCode"),
    amount: field(item, "benfAmount"),
  }))

const hold = (context: Context, params: Params): HeldBill => {
  const number = field(params, "jitBillNo")
  const ssuId = field(params, "ssuIaId")
  const bill: HeldBill = {
    kind: "original",
    number,
    date: field(params, "jitBillDate"),
    jitNumber: jitNumberOf(context, ssuId),
    ssuId,
    sanctionId: field(params, "mstAllotmentDistId"),
    grossAmount: field(params, "billGrossAmount"),
    netAmount: field(params, "billNetAmount"),
    schemeCode: field(params, "schemeCode"),
    beneficiaries: heldBeneficiaries(params),
    receivedAtMs: context.nowMs,
    rejected: false,
    statusPolls: 0,
    advicePolls: 0,
    paymentPolls: 0,
  }
  context.draft.bills[number] = bill
  commit(context.draft, bill, 1n)
  return bill
}

const paymentInstruction = (context: Context, params: Params): Reply => {
  const { draft } = context
  const scenario = draft.scenario
  const number = field(params, "jitBillNo").trim()
  if (number === "") return message("jitBillNo is required")
  if (draft.bills[number] !== undefined) return duplicateReply(number)
  const decline = scenario.declinePi
  if (decline !== undefined && namesBill(decline, number) && available(draft, "declinePi", decline.times)) {
    consume(draft, "declinePi")
    return codes(
      decline.errorCode,
      decline.errorMessage ?? `Payment Instruction ${number} is declined with ${decline.errorCode}`,
    )
  }
  const duplicate = scenario.duplicatePaymentInformation
  if (
    duplicate !== undefined &&
    namesBill(duplicate, number) &&
    available(draft, "duplicatePaymentInformation", duplicate.times)
  ) {
    consume(draft, "duplicatePaymentInformation")
    hold(context, params)
    return duplicateReply(number)
  }
  const beneficiaries = heldBeneficiaries(params)
  const count = field(params, "billNumberOfBenf").trim()
  if (count !== "" && Number(count) !== beneficiaries.length)
    return codes("FV0005", `Header count ${count} does not match ${beneficiaries.length} beneficiaries`)
  const net = toHundredths(field(params, "billNetAmount"))
  const total = beneficiaries.reduce<bigint | undefined>((sum, beneficiary) => {
    const amount = toHundredths(beneficiary.amount)
    return sum === undefined || amount === undefined ? undefined : sum + amount
  }, 0n)
  if (net === undefined || total === undefined || total !== net)
    return codes(
      "FV0006",
      `Net amount ${field(params, "billNetAmount")} does not match the beneficiaries' total`,
    )
  const insufficientCode = scenario.insufficientAllotmentCode ?? "TR0006"
  const insufficientText = `Insufficient available balance in allotment ${field(params, "mstAllotmentDistId")} for bill ${number}`
  const forced = scenario.insufficientAllotment
  if (
    forced !== undefined &&
    namesBill(forced, number) &&
    available(draft, "insufficientAllotment", forced.times)
  ) {
    consume(draft, "insufficientAllotment")
    return codes(insufficientCode, insufficientText)
  }
  const balance = availableBalance(draft, field(params, "mstAllotmentDistId"))
  if ((scenario.enforceAllotments ?? true) && balance !== undefined && net > balance)
    return codes(insufficientCode, insufficientText)
  const bill = hold(context, params)
  return data([
    {
      jitBillNo: bill.jitNumber,
      jitBillDate: context.local.date,
      ssuIaId: bill.ssuId,
      successCode: "0",
      sucessDescrp:
        "Jit Bill is received successfully ,Payment Instruction will be generated after Bill is submitted by SSU in JIT-FS",
    },
  ])
}

// PIS / PAG ---------------------------------------------------------------------

const rejection = (draft: Draft, bill: HeldBill): Reply =>
  message(`This Bill Number ${bill.jitNumber} is rejected by SSU ${ssuOfficeOf(draft, bill.ssuId)}`)

const paymentInstructionStatus = (context: Context, params: Params): Reply => {
  const { draft, nowMs } = context
  const number = field(params, "jitBillNo").trim()
  const found = draft.bills[number]
  if (found === undefined) return message(`No Bill found with Bill Number ${number}`)
  if (found.rejected) return rejection(draft, found)
  let bill = found
  if (bill.approval === undefined) {
    bill = { ...bill, statusPolls: bill.statusPolls + 1 }
    if (delayPassed(draft.scenario.delayApproval, bill.statusPolls, bill.receivedAtMs, nowMs)) {
      const reject = draft.scenario.rejectAtPis
      if (
        reject !== undefined &&
        namesBill(reject, number) &&
        available(draft, "rejectAtPis", reject.times)
      ) {
        consume(draft, "rejectAtPis")
        bill = { ...bill, rejected: true }
        draft.bills[number] = bill
        commit(draft, bill, -1n)
        return rejection(draft, bill)
      }
      bill = {
        ...bill,
        approval: { id: String(nextSequence(draft)), date: context.local.dateTime, atMs: nowMs },
      }
    }
    draft.bills[number] = bill
  }
  if (bill.approval === undefined) return data([])
  return data([
    {
      pmtInstId: bill.approval.id,
      payInstDate: bill.approval.date,
      jitBillNumber: bill.jitNumber,
      jitBillDate: bill.date.slice(0, 10),
      billNetAmount: bill.netAmount,
      billGrossAmount: bill.grossAmount,
      totalNumberOfBeneficiary: String(bill.beneficiaries.length),
      schemeCode: bill.schemeCode,
      ssuIaId: bill.ssuId,
    },
  ])
}

const billReferenceOf = (context: Context): string =>
  `${context.local.financialYearStart}${String(nextSequence(context.draft)).padStart(8, "0")}`

const paymentAdvice = (context: Context, params: Params): Reply => {
  const { draft, nowMs } = context
  const number = field(params, "billNo").trim()
  const found = draft.bills[number]
  if (found === undefined) return message(`No Bill found with Bill Number ${number}`)
  if (found.rejected) return rejection(draft, found)
  if (found.approval === undefined) return data([])
  let bill = found
  if (bill.advice === undefined) {
    bill = { ...bill, advicePolls: bill.advicePolls + 1 }
    if (delayPassed(draft.scenario.delayAdvice, bill.advicePolls, found.approval.atMs, nowMs))
      bill = {
        ...bill,
        advice: {
          adviceId: String(nextSequence(draft)),
          adviceDate: context.local.date,
          billReference: billReferenceOf(context),
          tokenNumber: String(nextSequence(draft)),
          tokenDate: context.local.date,
          financialYear: context.local.financialYearStart,
          atMs: nowMs,
        },
      }
    draft.bills[number] = bill
    if (bill.advice !== undefined) draft.billsByReference[bill.advice.billReference] = number
  }
  const advice = bill.advice
  if (advice === undefined) return data([])
  return data([
    {
      billNo: bill.jitNumber,
      ssuIaId: bill.ssuId,
      finYear: advice.financialYear,
      adviceId: advice.adviceId,
      adviceDate: advice.adviceDate,
      onlineBillRefNo: advice.billReference,
      tokenNumber: advice.tokenNumber,
      tokenDate: advice.tokenDate,
      benfList: bill.beneficiaries.map((beneficiary) => ({
        benfName: beneficiary.name,
        benfAccountNo: beneficiary.accountNumber,
        benfBankIfscCode: beneficiary.ifsc,
        amount: beneficiary.amount,
        benfId: beneficiary.paymentId,
      })),
    },
  ])
}

// PD / FTPS ---------------------------------------------------------------------

const pay = (
  context: Context,
  bill: HeldBill,
  references: { readonly billReference: string; readonly tokenNumber: string; readonly tokenDate: string },
): Voucher => {
  const { draft } = context
  const voucherNumber = String(nextSequence(draft))
  const partial = draft.scenario.partialPaymentDetails
  const payments = bill.beneficiaries.map((beneficiary): Payment => {
    const sequence = nextSequence(draft)
    const failIndex = (draft.scenario.failBeneficiaries ?? []).findIndex(
      (fail, index) =>
        matches(fail, beneficiary) && available(draft, `failBeneficiaries.${index}`, fail.times),
    )
    const fail = draft.scenario.failBeneficiaries?.[failIndex]
    if (fail !== undefined) consume(draft, `failBeneficiaries.${failIndex}`)
    const deferred = partial?.beneficiaries.some((match) => matches(match, beneficiary)) === true
    return {
      paymentId: beneficiary.paymentId,
      accountNumber: beneficiary.accountNumber,
      ifsc: beneficiary.ifsc,
      utrNumber: `RBI${sequence}`,
      utrDate: context.local.date,
      endToEndId: `EP1122${context.local.date.replaceAll("-", "")}${String(sequence).padStart(10, "0")}`,
      fromPoll: bill.paymentPolls + (deferred ? (partial?.afterPolls ?? 0) : 0),
      ...(fail === undefined
        ? {}
        : {
            failure: {
              reason: fail.reason,
              challanNumber: String(nextSequence(draft)),
              challanDate: context.local.date,
            },
          }),
    }
  })
  return { voucherNumber, voucherDate: context.local.date, ...references, payments }
}

/** Polls a bill's payment; the bill as it is after the poll. */
const pollPayment = (
  context: Context,
  bill: HeldBill,
  sinceMs: number,
  references: () => {
    readonly billReference: string
    readonly tokenNumber: string
    readonly tokenDate: string
  },
): HeldBill => {
  const polled = { ...bill, paymentPolls: bill.paymentPolls + 1 }
  if (polled.voucher !== undefined) return polled
  if (!delayPassed(context.draft.scenario.delayPayment, polled.paymentPolls, sinceMs, context.nowMs))
    return polled
  return { ...polled, voucher: pay(context, polled, references()) }
}

const shown = (bill: HeldBill, payment: Payment): boolean => bill.paymentPolls >= payment.fromPoll

const paidRows = (draft: Draft, bill: HeldBill, voucher: Voucher) =>
  voucher.payments
    .filter(
      (payment) =>
        shown(bill, payment) &&
        (payment.failure === undefined || (draft.scenario.failuresListedInPaymentDetails ?? true)),
    )
    .map((payment) => ({
      benfAcctNo: payment.accountNumber,
      benfBankIfscCode: payment.ifsc,
      utrNo: payment.utrNumber,
      utrDate: payment.utrDate,
      endToEndId: payment.endToEndId,
      benfId: payment.paymentId,
    }))

const failedRows = (bill: HeldBill, voucher: Voucher, originalBillReference: string) =>
  voucher.payments.flatMap((payment) =>
    payment.failure === undefined || !shown(bill, payment)
      ? []
      : [
          {
            benfAcctNo: payment.accountNumber,
            benfBankIfscCode: payment.ifsc,
            utrNo: payment.utrNumber,
            utrDate: payment.utrDate,
            endToEndId: payment.endToEndId,
            orgBillRefNumber: originalBillReference,
            challanNumber: payment.failure.challanNumber,
            challanDate: payment.failure.challanDate,
            failedReason: payment.failure.reason,
            benfId: payment.paymentId,
          },
        ],
  )

const hasFailure = (payment: Payment): boolean => payment.failure !== undefined

const paymentStatusText = "Paid by RBI eKuber,please check with your bank"

const paymentDetails = (context: Context, params: Params): Reply => {
  const { draft } = context
  const reference = field(params, "billRefNo").trim()
  const number = draft.billsByReference[reference]
  const found = number === undefined ? undefined : draft.bills[number]
  if (found === undefined || found.advice === undefined) return data([])
  const advice = found.advice
  const bill = pollPayment(context, found, advice.atMs, () => advice)
  draft.bills[bill.number] = bill
  if (found.voucher === undefined && bill.voucher?.payments.some(hasFailure) === true) {
    const date = bill.voucher.voucherDate
    draft.failingBills[date] = [...(draft.failingBills[date] ?? []), bill.number]
  }
  if (bill.voucher === undefined) return data([])
  const rows = paidRows(draft, bill, bill.voucher)
  if (rows.length === 0) return data([])
  return data([
    {
      billNumber: bill.jitNumber,
      billDate: bill.date.slice(0, 10),
      voucherNo: bill.voucher.voucherNumber,
      voucherDate: bill.voucher.voucherDate,
      billRefNo: bill.voucher.billReference,
      paymentStatus: paymentStatusText,
      tokenNumber: bill.voucher.tokenNumber,
      tokenDate: bill.voucher.tokenDate,
      benfDtls: rows,
    },
  ])
}

const failureDetails = (context: Context, params: Params): Reply => {
  const voucherDate = field(params, "voucherDate").trim().slice(0, 10)
  // FD answers for a whole day's vouchers; only the bills with a failing
  // payment that day are looked at, so 10,000 FD calls stay cheap (NFR-5).
  const numbers = context.draft.failingBills[voucherDate] ?? []
  const rows = numbers.flatMap((number) => {
    const bill = context.draft.bills[number]
    const voucher = bill?.voucher
    if (bill === undefined || voucher === undefined || voucher.voucherDate !== voucherDate) return []
    const failed = failedRows(bill, voucher, voucher.billReference)
    return failed.length === 0
      ? []
      : [
          {
            billNumber: bill.jitNumber,
            billDate: bill.date.slice(0, 10),
            voucherNo: voucher.voucherNumber,
            voucherDate: voucher.voucherDate,
            billRefNo: voucher.billReference,
            tokenNumber: voucher.tokenNumber,
            tokenDate: voucher.tokenDate,
            benfDtls: failed,
          },
        ]
  })
  return data(rows)
}

// COR / FTPS / FTFPS --------------------------------------------------------------

const correction = (context: Context, params: Params): Reply => {
  const { draft } = context
  const number = field(params, "jitCorBillNo").trim()
  if (number === "") return message("jitCorBillNo is required")
  if (draft.corrections[number] !== undefined) return duplicateReply(number)
  const decline = draft.scenario.declineCorrection
  if (
    decline !== undefined &&
    namesBill(decline, number) &&
    available(draft, "declineCorrection", decline.times)
  ) {
    consume(draft, "declineCorrection")
    return codes(
      decline.errorCode,
      decline.errorMessage ?? `Correction ${number} is declined with ${decline.errorCode}`,
    )
  }
  const originalReference = field(params, "jitOrgBillRefNo")
  const originalNumber = field(params, "jitOrgBillNo")
  const original = Object.values(draft.bills).find(
    (bill) => bill.advice?.billReference === originalReference || bill.number === originalNumber,
  )
  const amountOf = (paymentId: string): string => {
    const known = [...Object.values(draft.bills), ...Object.values(draft.corrections)]
      .flatMap((bill) => bill.beneficiaries)
      .find((beneficiary) => sameId(beneficiary.paymentId, paymentId))
    return known?.amount ?? "0.00"
  }
  const beneficiaries = list(params, "beneficiaryDtls", "beneficiaryDetails").map(
    (item): HeldBeneficiary => ({
      paymentId: field(item, "benefId"),
      name: "",
      accountNumber: field(item, "correctedAccountNo"),
      ifsc: field(item, "correctedIfsc").trim(),
      amount: amountOf(field(item, "benefId")),
    }),
  )
  const total = beneficiaries.reduce((sum, beneficiary) => sum + (toHundredths(beneficiary.amount) ?? 0n), 0n)
  const ssuId = original?.ssuId ?? sanctionsOf(draft.scenario)[0]?.ssuId ?? "0"
  const bill: HeldBill = {
    kind: "correction",
    number,
    date: field(params, "jitCorBillDate"),
    jitNumber: jitNumberOf(context, ssuId),
    ssuId,
    sanctionId: original?.sanctionId ?? "",
    grossAmount: fromHundredths(total),
    netAmount: fromHundredths(total),
    schemeCode: original?.schemeCode ?? "",
    beneficiaries,
    receivedAtMs: context.nowMs,
    rejected: false,
    statusPolls: 0,
    advicePolls: 0,
    paymentPolls: 0,
    original: {
      billReference: originalReference,
      number: originalNumber,
      date: field(params, "jitOrgBillDate"),
    },
  }
  draft.corrections[number] = bill
  return data([
    {
      jitCorBillNo: bill.jitNumber,
      jitCorBillDate: bill.date,
      successCode: "0",
      sucessDescrp:
        "Jit Correction Bill is received successfully ,Forwarded to Treasury officer to generate Return adjust Bill ",
    },
  ])
}

const failedTransactionPaymentStatus = (context: Context, params: Params): Reply => {
  const { draft } = context
  const number = field(params, "jitCorBillNo").trim()
  const found = draft.corrections[number]
  if (found === undefined) return message(`No Correction Bill found with Bill Number ${number}`)
  const bill = pollPayment(context, found, found.receivedAtMs, () => ({
    billReference: billReferenceOf(context),
    tokenNumber: String(nextSequence(draft)),
    tokenDate: context.local.date,
  }))
  draft.corrections[number] = bill
  if (bill.voucher === undefined) return data([])
  const rows = paidRows(draft, bill, bill.voucher)
  if (rows.length === 0) return data([])
  return data([
    {
      jitCorBillNo: bill.jitNumber,
      jitCorBillDate: bill.date,
      jitOrgBillRefNo: bill.original?.billReference ?? "",
      voucherNo: bill.voucher.voucherNumber,
      voucherDate: bill.voucher.voucherDate,
      billRefNo: bill.voucher.billReference,
      paymentStatus: paymentStatusText,
      tokenNumber: bill.voucher.tokenNumber,
      tokenDate: bill.voucher.tokenDate,
      benfDtls: rows,
    },
  ])
}

const failedTransactionFailureStatus = (context: Context, params: Params): Reply => {
  const number = field(params, "jitCorBillNo").trim()
  const bill = context.draft.corrections[number]
  if (bill === undefined) return message(`No Correction Bill found with Bill Number ${number}`)
  const voucher = bill.voucher
  if (voucher === undefined) return data([])
  const failed = failedRows(bill, voucher, bill.original?.billReference ?? "")
  if (failed.length === 0) return data([])
  return data([
    {
      jitCorBillNo: bill.jitNumber,
      jitCorBillDate: bill.date,
      billRefNo: voucher.billReference,
      tokenNumber: voucher.tokenNumber,
      tokenDate: voucher.tokenDate,
      benfDtls: failed,
    },
  ])
}

const services: Readonly<
  Record<JitSimulatorScenario.SimulatedService, (context: Context, params: Params) => Reply>
> = {
  VA: virtualAllotment,
  PI: paymentInstruction,
  PIS: paymentInstructionStatus,
  PAG: paymentAdvice,
  PD: paymentDetails,
  FD: failureDetails,
  COR: correction,
  FTPS: failedTransactionPaymentStatus,
  FTFPS: failedTransactionFailureStatus,
}

const isService = (value: string): value is JitSimulatorScenario.SimulatedService =>
  Object.hasOwn(services, value)

// ---------------------------------------------------------------- transport

const jsonHeaders = { "content-type": "application/json" } as const
const textHeaders = { "content-type": "text/plain;charset=UTF-8" } as const

const json = (status: number, value: unknown): SimulatorResponse => ({
  status,
  headers: jsonHeaders,
  body: JSON.stringify(value),
})

/** A base64 body that is not whole AES blocks: no key decrypts it. */
const garbageBody = "R2FyYmFnZSByZXBseSBmcm9tIHRoZSBzaW11bGF0b3I="

interface Outcome {
  readonly response: SimulatorResponse
  readonly delayMs: number
}

interface Randomness {
  readonly authToken: string
  readonly sessionKey: Uint8Array
}

const parseJson = (text: string): Params | undefined => {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Params)
      : undefined
  } catch {
    return undefined
  }
}

const tryOrUndefined = <A>(f: () => A): A | undefined => {
  try {
    return f()
  } catch {
    return undefined
  }
}

const findDrop = (draft: Draft, service: JitSimulatorScenario.SimulatedService | "authenticate") => {
  const drops = draft.scenario.dropResponses ?? []
  const index = drops.findIndex(
    (drop, position) => drop.service === service && available(draft, `dropResponses.${position}`, drop.times),
  )
  const drop = drops[index]
  if (drop === undefined) return undefined
  consume(draft, `dropResponses.${index}`)
  return drop
}

const applyDrop = (
  drop: JitSimulatorScenario.DropResponse | undefined,
  response: SimulatorResponse,
): Outcome => {
  if (drop === undefined) return { response, delayMs: 0 }
  switch (drop.mode) {
    case "noReply":
      return { response: { status: 0, headers: {}, body: "", abort: true }, delayMs: 0 }
    case "timeout":
      return { response, delayMs: drop.timeoutMs ?? 120_000 }
    case "garbage":
      return { response: { status: 200, headers: textHeaders, body: garbageBody }, delayMs: 0 }
  }
}

const record = (context: Context, service: CallRecord["service"], outcome: CallRecord["outcome"]): void => {
  context.draft.calls.push({ service, atMs: context.nowMs, outcome })
}

const authenticate = (
  context: Context,
  request: SimulatorRequest,
  keys: { readonly privateKeyPem: string },
  random: Randomness,
): Outcome => {
  const { draft } = context
  const scenario = draft.scenario
  const drop = findDrop(draft, "authenticate")
  if (drop?.beforeProcessing === true) {
    record(context, "authenticate", "dropped")
    return applyDrop(drop, json(500, {}))
  }
  const clientId = headerOf(request.headers, "clientId")
  const clientSecret = headerOf(request.headers, "clientSecret")
  if (
    clientId !== (scenario.clientId ?? defaultCredentials.clientId) ||
    clientSecret !== (scenario.clientSecret ?? defaultCredentials.clientSecret)
  ) {
    record(context, "authenticate", "unauthorised")
    return { response: json(401, { errorMsg: "Invalid client credentials" }), delayMs: 0 }
  }
  const appKeyText = field(parseJson(request.body) ?? {}, "appKey")
  const appKey = tryOrUndefined(() =>
    JitCrypto.decryptRsa({ privateKeyPem: keys.privateKeyPem, ciphertext: appKeyText }),
  )
  if (appKey === undefined || appKey.length !== JitCrypto.aesKeyBytes) {
    record(context, "authenticate", "invalid")
    return { response: json(400, { errorMsg: "Invalid appKey" }), delayMs: 0 }
  }
  draft.sessions[random.authToken] = {
    sessionKey: random.sessionKey,
    expiresAtMs: context.nowMs + (scenario.sessionTtlSeconds ?? 1800) * 1000,
    ended: false,
  }
  record(context, "authenticate", drop === undefined ? "success" : "dropped")
  return applyDrop(
    drop,
    json(200, {
      authToken: random.authToken,
      sek: JitCrypto.encryptAes({ key: appKey, plaintext: random.sessionKey }),
    }),
  )
}

const serviceData = (context: Context, request: SimulatorRequest): Outcome => {
  const { draft } = context
  const token = headerOf(request.headers, "authToken") ?? ""
  const session = draft.sessions[token]
  if (session === undefined) {
    record(context, "unknown", "unauthorised")
    return { response: json(401, { errorMsg: noValidSessionMessage }), delayMs: 0 }
  }
  const body = parseJson(request.body) ?? {}
  const rek = tryOrUndefined(() =>
    JitCrypto.decryptAes({ key: session.sessionKey, ciphertext: field(body, "rek") }),
  )
  if (rek === undefined || rek.length !== JitCrypto.aesKeyBytes) {
    record(context, "unknown", "invalid")
    return { response: { status: 400, headers: textHeaders, body: "Invalid request key" }, delayMs: 0 }
  }
  const reply = (serviceId: string, value: Reply): SimulatorResponse => ({
    status: 200,
    headers: textHeaders,
    body: JitCrypto.encryptJson({ key: rek, value: envelopeOf(serviceId, value) }),
  })
  const envelope = tryOrUndefined(() =>
    JitCrypto.decryptJson({ key: session.sessionKey, ciphertext: field(body, "params") }),
  )
  if (typeof envelope !== "object" || envelope === null || Array.isArray(envelope)) {
    record(context, "unknown", "invalid")
    return { response: reply("", message("Invalid request parameters")), delayMs: 0 }
  }
  const serviceId = field(envelope as Params, "serviceId", "serviceID")
    .trim()
    .toUpperCase()
  const params = (envelope as Params).params
  if (!isService(serviceId)) {
    record(context, "unknown", "invalid")
    return { response: reply(serviceId, message(`Invalid serviceId ${serviceId}`)), delayMs: 0 }
  }
  const expire = draft.scenario.expireSession
  if (
    session.ended ||
    context.nowMs >= session.expiresAtMs ||
    (expire !== undefined && available(draft, "expireSession", expire.times ?? 1))
  ) {
    if (!session.ended && context.nowMs < session.expiresAtMs) consume(draft, "expireSession")
    draft.sessions[token] = { ...session, ended: true }
    record(context, serviceId, "error")
    return { response: reply(serviceId, message(noValidSessionMessage)), delayMs: 0 }
  }
  const drop = findDrop(draft, serviceId)
  if (drop?.beforeProcessing === true) {
    record(context, serviceId, "dropped")
    return applyDrop(drop, reply(serviceId, data([])))
  }
  const paramsObject =
    typeof params === "object" && params !== null && !Array.isArray(params) ? (params as Params) : {}
  const result = services[serviceId](context, paramsObject)
  record(context, serviceId, drop === undefined ? outcomeOf(result) : "dropped")
  return applyDrop(drop, reply(serviceId, result))
}

const toDraft = (state: SimulatorState): Draft => ({
  scenario: state.scenario,
  spent: { ...state.spent },
  sessions: { ...state.sessions },
  bills: { ...state.bills },
  corrections: { ...state.corrections },
  sequence: state.sequence,
  calls: [...state.calls],
  failingBills: { ...state.failingBills },
  billsByReference: { ...state.billsByReference },
  committedBySanction: { ...state.committedBySanction },
})

/**
 * The state itself as the draft, for a state only its simulator holds:
 * copying 10,000 bills and every call record on each request would make a
 * night of 10,000 PIs quadratic (NFR-5). The simulator hands out copies.
 */
const inPlaceDraft = (state: SimulatorState): Draft => state as Draft

/**
 * The simulator's whole behaviour as a function of its state: the outcome
 * of one request and the state after it. Exposed for property tests.
 *
 * @since 0.1.0
 * @category conversions
 */
export const step = (options: {
  readonly state: SimulatorState
  readonly request: SimulatorRequest
  readonly nowMs: number
  readonly privateKeyPem: string
  readonly random: Randomness
  /** Updates the given state instead of a copy (the simulator's own, never shared). */
  readonly inPlace?: boolean
}): readonly [Outcome, SimulatorState] => {
  const draft = options.inPlace === true ? inPlaceDraft(options.state) : toDraft(options.state)
  const context: Context = {
    draft,
    nowMs: options.nowMs,
    local: localParts(options.nowMs, draft.scenario.utcOffsetMinutes ?? 330),
  }
  const path = pathOf(options.request.path)
  const outcome =
    path === authenticatePath
      ? authenticate(context, options.request, { privateKeyPem: options.privateKeyPem }, options.random)
      : path === serviceDataPath
        ? serviceData(context, options.request)
        : { response: json(404, { errorMsg: `No such endpoint ${path}` }), delayMs: 0 }
  return [outcome, draft]
}

/**
 * The empty state for a scenario.
 *
 * @since 0.1.0
 * @category constructors
 */
export const initialState = (scenario: JitSimulatorScenario.Scenario): SimulatorState => ({
  scenario,
  spent: {},
  sessions: {},
  bills: {},
  corrections: {},
  sequence: 0,
  calls: [],
  failingBills: {},
  billsByReference: {},
  committedBySanction: {},
})

/**
 * Makes a simulator with its own RSA key pair (or the one given).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: {
    readonly scenario?: JitSimulatorScenario.Scenario
    readonly keyPair?: { readonly publicKeyPem: string; readonly privateKeyPem: string }
  } = {},
): Effect.Effect<JitSimulator> =>
  Effect.gen(function* () {
    const scenario = options.scenario ?? JitSimulatorScenario.acceptAll
    const keyPair = options.keyPair ?? JitCrypto.generateRsaKeyPair()
    const ref = yield* Ref.make(initialState(scenario))
    const handle = (request: SimulatorRequest): Effect.Effect<SimulatorResponse> =>
      Effect.gen(function* () {
        const nowMs = yield* Clock.currentTimeMillis
        const random: Randomness = {
          authToken: randomBytes(24).toString("hex"),
          sessionKey: JitCrypto.generateAesKey(),
        }
        const outcome = yield* Ref.modify(ref, (state) =>
          step({ state, request, nowMs, privateKeyPem: keyPair.privateKeyPem, random, inPlace: true }),
        )
        if (outcome.delayMs > 0) yield* Effect.sleep(Duration.millis(outcome.delayMs))
        return outcome.response
      })
    const current = yield* Ref.get(ref)
    return {
      publicKeyPem: keyPair.publicKeyPem,
      clientId: current.scenario.clientId ?? defaultCredentials.clientId,
      clientSecret: current.scenario.clientSecret ?? defaultCredentials.clientSecret,
      handle,
      state: Effect.map(Ref.get(ref), (state): SimulatorState => toDraft(state)),
      setScenario: (next) => Ref.update(ref, (state) => ({ ...state, scenario: next, spent: {} })),
    }
  })
