/**
 * JIT-FS's wire format (spec 07 JIT-W-3, JIT-W-6, JIT-W-7): the decrypted
 * request and response envelopes, the params and data rows of every
 * service, and the translation between them and core's domain requests and
 * replies (`Payments.JitService`).
 *
 * Every wire value is a string; amounts go out with 2 decimals; dates are
 * `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` in local time (TIME-1). On input the
 * envelopes tolerate JIT's quirks: `serviceID` for `serviceId`, a leading or
 * trailing space in a service id, and `beneficiaryDetails` for
 * `beneficiaryDtls` (and back). Beneficiary ids (`benfId`) are kept exactly as
 * JIT wrote them; matching them to ours is core's job (JIT-W-8).
 *
 * The client (`JitClient`) and the JIT simulator share these Schemas, so both
 * sides speak one format.
 *
 * @since 0.1.0
 */
import type { Payments } from "@karya/core"
import { Payments as CorePayments } from "@karya/core"
import { Effect, Schema, SchemaTransformation } from "effect"

type RequestOf = Payments.JitGateway.RequestOf
type ReplyOf = Payments.JitOutcome.ReplyOf

const replySchemas = CorePayments.JitOutcome.replySchemas

// ---------------------------------------------------------------- scalars

/**
 * A wire date: `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss`, local time (JIT-W-6).
 *
 * @since 0.1.0
 * @category models
 */
export const WireDate = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/, {
    message: "a JIT date is yyyy-MM-dd or yyyy-MM-dd HH:mm:ss (JIT-W-6)",
  }),
)

/**
 * A wire amount: a non-negative decimal string (`"500"`, `"250.00"`). The
 * client always sends 2 decimals ({@link toWireAmount}); JIT's replies may
 * have fewer.
 *
 * @since 0.1.0
 * @category models
 */
export const WireAmount = Schema.String.check(
  Schema.isPattern(/^\d+(\.\d+)?$/, { message: "a JIT amount is a decimal string (JIT-W-6)" }),
)

/**
 * A wire count: a whole number as a string (`"2"`).
 *
 * @since 0.1.0
 * @category models
 */
export const WireCount = Schema.String.check(
  Schema.isPattern(/^\d+$/, { message: "a JIT count is a whole number as a string (JIT-W-6)" }),
)

/**
 * The decimal string with exactly 2 places that JIT expects (`"500"` →
 * `"500.00"`, `"12.5"` → `"12.50"`). It never rounds: a string with more
 * places, or one that is not a decimal, is returned unchanged (core's push
 * validation has refused it before it reaches the wire).
 *
 * @since 0.1.0
 * @category conversions
 */
export const toWireAmount = (amount: string): string => {
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(amount.trim())
  if (match === null) return amount
  return `${match[1]}.${(match[2] ?? "").padEnd(2, "0")}`
}

// ---------------------------------------------------------------- quirks

type WireObject = { readonly [key: string]: unknown }

const WireObject = Schema.Record(Schema.String, Schema.Unknown)

/**
 * Reads `canonical` under any of its aliases (the first alias present wins
 * when the canonical key is absent), so quirky input decodes like clean input.
 */
const withAliases =
  (aliases: Readonly<Record<string, ReadonlyArray<string>>>) =>
  (input: WireObject): WireObject => {
    const out: Record<string, unknown> = { ...input }
    for (const [canonical, names] of Object.entries(aliases)) {
      if (out[canonical] !== undefined) continue
      const found = names.find((name) => input[name] !== undefined)
      if (found !== undefined) out[canonical] = input[found]
    }
    return out
  }

/**
 * A struct that also accepts its keys under JIT's alternative spellings (and
 * any other normalisation `normalise` applies before the struct decodes).
 */
const tolerant = <S extends Schema.Struct<Schema.Struct.Fields>>(
  struct: S,
  normalise: (input: WireObject) => WireObject,
) =>
  WireObject.pipe(
    Schema.decodeTo(
      struct,
      SchemaTransformation.transform({
        decode: (input: WireObject) => normalise(input) as S["Encoded"],
        encode: (output: S["Encoded"]) => output as WireObject,
      }),
    ),
  )

/**
 * A service id as JIT may write it: with surrounding spaces (`" FTFPS"`).
 *
 * @since 0.1.0
 * @category models
 */
export const WireServiceId = Schema.String.pipe(
  Schema.decodeTo(
    CorePayments.JitService.JitService,
    SchemaTransformation.transform({
      decode: (text: string) => text.trim() as Payments.JitService.JitService,
      encode: (service: string) => service,
    }),
  ),
)

// ---------------------------------------------------------------- envelopes

/**
 * The decrypted request envelope `{serviceId, params}` (JIT-W-3). Accepts
 * `serviceID` and a space around the id; encodes the clean form.
 *
 * @since 0.1.0
 * @category models
 */
export const RequestEnvelope = tolerant(
  Schema.Struct({
    serviceId: WireServiceId,
    params: WireObject,
  }),
  withAliases({ serviceId: ["serviceID", "serviceid"] }),
)

/**
 * @since 0.1.0
 * @category models
 */
export type RequestEnvelope = typeof RequestEnvelope.Type

/**
 * One entry of `errorMsgs`: `{errorCode, errorMsg}` (either may be missing).
 *
 * @since 0.1.0
 * @category models
 */
export const WireErrorMessage = Schema.Struct({
  errorCode: Schema.optionalKey(Schema.NullOr(Schema.String)),
  errorMsg: Schema.optionalKey(Schema.NullOr(Schema.String)),
})

/**
 * @since 0.1.0
 * @category models
 */
export type WireErrorMessage = typeof WireErrorMessage.Type

/**
 * The decrypted response envelope `{serviceId, errorMsg, errorMsgs, data}`
 * (JIT-W-3). Accepts `serviceID` and a space around the id; a missing or
 * null `data` is an empty list.
 *
 * @since 0.1.0
 * @category models
 */
export const ResponseEnvelope = tolerant(
  Schema.Struct({
    serviceId: WireServiceId,
    errorMsg: Schema.optionalKey(Schema.NullOr(Schema.String)),
    errorMsgs: Schema.optionalKey(Schema.NullOr(Schema.Array(WireErrorMessage))),
    data: Schema.Array(Schema.Unknown),
  }),
  (input) => {
    const out = withAliases({ serviceId: ["serviceID", "serviceid"] })(input)
    return out.data === undefined || out.data === null ? { ...out, data: [] } : out
  },
)

/**
 * @since 0.1.0
 * @category models
 */
export type ResponseEnvelope = typeof ResponseEnvelope.Type

/**
 * The errors a response carries (JIT-W-5): `errorMsg` and every entry of
 * `errorMsgs`, each code and message kept (a message without a code has code
 * ""). Empty when the reply has no error.
 *
 * @since 0.1.0
 * @category conversions
 */
export const errorsOf = (envelope: {
  readonly errorMsg?: string | null | undefined
  readonly errorMsgs?: ReadonlyArray<WireErrorMessage> | null | undefined
}): ReadonlyArray<Payments.JitOutcome.JitErrorMessage> => {
  const errors: Array<Payments.JitOutcome.JitErrorMessage> = []
  if (typeof envelope.errorMsg === "string" && envelope.errorMsg.trim() !== "") {
    errors.push({ code: "", message: envelope.errorMsg })
  }
  for (const item of envelope.errorMsgs ?? []) {
    const code = item.errorCode ?? ""
    const message = item.errorMsg ?? ""
    if (code.trim() !== "" || message.trim() !== "") errors.push({ code, message })
  }
  return errors
}

// ---------------------------------------------------------------- VA

/**
 * VA params: `hoa, fromDate, ddoCode, granteCode`.
 *
 * @since 0.1.0
 * @category models
 */
export const VaParams = Schema.Struct({
  hoa: Schema.String,
  fromDate: WireDate,
  ddoCode: Schema.String,
  granteCode: Schema.String,
})

/**
 * The three allotment transaction types JIT writes.
 *
 * @since 0.1.0
 * @category models
 */
export const allotmentTxnTypes: Readonly<Record<Payments.JitService.AllotmentKind, string>> = {
  initialAllotment: "Initial Allotment",
  additionalAllotment: "Additional allotment",
  withdrawal: "Allotment withdrawal",
}

/**
 * One VA row.
 *
 * @since 0.1.0
 * @category models
 */
export const VaRow = Schema.Struct({
  ddoCode: Schema.String,
  schemeCode: Schema.String,
  granteeAgCode: Schema.String,
  ssuId: Schema.String,
  allotmentDate: WireDate,
  allotmentTxnSlNo: Schema.String,
  allotmentAmount: WireAmount,
  availableBalance: WireAmount,
  allotmentTxnType: Schema.String,
  mstAllotmentDistId: Schema.String,
  ssuAllotmentId: Schema.String,
})

// ---------------------------------------------------------------- PI

/**
 * One PI beneficiary (`beneficiaryDetails[]`). JIT's published sample spells
 * `pranNo` for `panNo`; both are accepted.
 *
 * @since 0.1.0
 * @category models
 */
export const PiBeneficiary = tolerant(
  Schema.Struct({
    benefId: Schema.String,
    benefName: Schema.String,
    benfAcctNo: Schema.String,
    benfBankIfscCode: Schema.String,
    benfMobileNo: Schema.String,
    benfEmailId: Schema.String,
    benfAddress: Schema.String,
    benfAccountType: Schema.String,
    benfAmount: WireAmount,
    panNo: Schema.String,
    adhaarNumber: Schema.String,
    purpose: Schema.String,
  }),
  withAliases({ panNo: ["pranNo"] }),
)

/**
 * PI params: the bill header and `beneficiaryDetails[]` (also accepted as
 * `beneficiaryDtls`).
 *
 * @since 0.1.0
 * @category models
 */
export const PiParams = tolerant(
  Schema.Struct({
    jitBillNo: Schema.String,
    jitBillDate: WireDate,
    jitBillDdoCode: Schema.String,
    granteeAgCode: Schema.String,
    schemeCode: Schema.String,
    hoa: Schema.String,
    ssuIaId: Schema.String,
    mstAllotmentDistId: Schema.String,
    ssuAllotmentId: Schema.String,
    allotmentTxnSlNo: Schema.String,
    billGrossAmount: WireAmount,
    billNetAmount: WireAmount,
    billNumberOfBenf: WireCount,
    purpose: Schema.String,
    beneficiaryDetails: Schema.Array(PiBeneficiary),
  }),
  withAliases({ beneficiaryDetails: ["beneficiaryDtls"] }),
)

/**
 * The PI acknowledgement row (`sucessDescrp` is JIT's spelling).
 *
 * @since 0.1.0
 * @category models
 */
export const PiRow = Schema.Struct({
  jitBillNo: Schema.String,
  jitBillDate: Schema.String,
  ssuIaId: Schema.optionalKey(Schema.String),
  successCode: Schema.String,
  sucessDescrp: Schema.optionalKey(Schema.NullOr(Schema.String)),
})

// ---------------------------------------------------------------- PIS

/**
 * PIS params: `jitBillNo, jitBillDate, ssuIaId`.
 *
 * @since 0.1.0
 * @category models
 */
export const PisParams = Schema.Struct({
  jitBillNo: Schema.String,
  jitBillDate: WireDate,
  ssuIaId: Schema.String,
})

/**
 * The PIS row.
 *
 * @since 0.1.0
 * @category models
 */
export const PisRow = Schema.Struct({
  pmtInstId: Schema.String,
  payInstDate: Schema.String,
  jitBillNumber: Schema.String,
  billNetAmount: WireAmount,
  billGrossAmount: WireAmount,
  totalNumberOfBeneficiary: WireCount,
})

// ---------------------------------------------------------------- PAG

/**
 * PAG params: `pmtInstId, pmtInstDate, billNo, billDate, ssuIaId`.
 *
 * @since 0.1.0
 * @category models
 */
export const PagParams = Schema.Struct({
  pmtInstId: Schema.String,
  pmtInstDate: WireDate,
  billNo: Schema.String,
  billDate: WireDate,
  ssuIaId: Schema.String,
})

/**
 * A PAG beneficiary (`benfList[]`).
 *
 * @since 0.1.0
 * @category models
 */
export const PagBeneficiary = Schema.Struct({
  benfName: Schema.String,
  benfAccountNo: Schema.String,
  benfBankIfscCode: Schema.String,
  amount: WireAmount,
  benfId: Schema.String,
})

/**
 * The PAG row.
 *
 * @since 0.1.0
 * @category models
 */
export const PagRow = Schema.Struct({
  billNo: Schema.String,
  finYear: Schema.String,
  adviceId: Schema.String,
  adviceDate: Schema.String,
  onlineBillRefNo: Schema.String,
  tokenNumber: Schema.String,
  tokenDate: Schema.String,
  benfList: Schema.Array(PagBeneficiary),
})

// ---------------------------------------------------------------- PD / FTPS

/**
 * PD params: `finYear, extAppName, billRefNo, tokenNumber, tokenDate`.
 *
 * @since 0.1.0
 * @category models
 */
export const PdParams = Schema.Struct({
  finYear: Schema.String,
  extAppName: Schema.String,
  billRefNo: Schema.String,
  tokenNumber: Schema.String,
  tokenDate: WireDate,
})

/**
 * A paid beneficiary (`benfDtls[]` of PD and FTPS).
 *
 * @since 0.1.0
 * @category models
 */
export const PaidBeneficiary = Schema.Struct({
  benfAcctNo: Schema.String,
  benfBankIfscCode: Schema.String,
  utrNo: Schema.String,
  utrDate: Schema.String,
  endToEndId: Schema.String,
  benfId: Schema.String,
})

/**
 * A PD row (one voucher).
 *
 * @since 0.1.0
 * @category models
 */
export const PdRow = Schema.Struct({
  billNumber: Schema.String,
  billDate: Schema.optionalKey(Schema.String),
  voucherNo: Schema.String,
  voucherDate: Schema.String,
  billRefNo: Schema.String,
  paymentStatus: Schema.String,
  tokenNumber: Schema.String,
  tokenDate: Schema.String,
  benfDtls: Schema.Array(PaidBeneficiary),
})

/**
 * An FTPS row: like PD, numbered by `jitCorBillNo`.
 *
 * @since 0.1.0
 * @category models
 */
export const FtpsRow = Schema.Struct({
  jitCorBillNo: Schema.String,
  jitCorBillDate: Schema.optionalKey(Schema.String),
  jitOrgBillRefNo: Schema.optionalKey(Schema.String),
  voucherNo: Schema.String,
  voucherDate: Schema.String,
  billRefNo: Schema.String,
  paymentStatus: Schema.String,
  tokenNumber: Schema.String,
  tokenDate: Schema.String,
  benfDtls: Schema.Array(PaidBeneficiary),
})

// ---------------------------------------------------------------- FD / FTFPS

/**
 * FD params: `finYear, extAppName, voucherDate`.
 *
 * @since 0.1.0
 * @category models
 */
export const FdParams = Schema.Struct({
  finYear: Schema.String,
  extAppName: Schema.String,
  voucherDate: WireDate,
})

/**
 * A failed beneficiary (`benfDtls[]` of FD and FTFPS).
 *
 * @since 0.1.0
 * @category models
 */
export const FailedBeneficiary = Schema.Struct({
  benfAcctNo: Schema.String,
  benfBankIfscCode: Schema.String,
  utrNo: Schema.String,
  utrDate: Schema.String,
  endToEndId: Schema.String,
  orgBillRefNumber: Schema.String,
  challanNumber: Schema.String,
  challanDate: Schema.String,
  failedReason: Schema.String,
  benfId: Schema.String,
})

/**
 * An FD row (one bill).
 *
 * @since 0.1.0
 * @category models
 */
export const FdRow = Schema.Struct({
  billNumber: Schema.String,
  billDate: Schema.optionalKey(Schema.String),
  voucherNo: Schema.optionalKey(Schema.String),
  voucherDate: Schema.optionalKey(Schema.String),
  billRefNo: Schema.String,
  tokenNumber: Schema.optionalKey(Schema.String),
  tokenDate: Schema.optionalKey(Schema.String),
  benfDtls: Schema.Array(FailedBeneficiary),
})

/**
 * An FTFPS row: like FD, numbered by `jitCorBillNo`.
 *
 * @since 0.1.0
 * @category models
 */
export const FtfpsRow = Schema.Struct({
  jitCorBillNo: Schema.String,
  jitCorBillDate: Schema.optionalKey(Schema.String),
  billRefNo: Schema.String,
  tokenNumber: Schema.optionalKey(Schema.String),
  tokenDate: Schema.optionalKey(Schema.String),
  benfDtls: Schema.Array(FailedBeneficiary),
})

// ---------------------------------------------------------------- COR

/**
 * A COR beneficiary (`beneficiaryDtls[]`).
 *
 * @since 0.1.0
 * @category models
 */
export const CorBeneficiary = Schema.Struct({
  benefId: Schema.String,
  jitCurBillRefNo: Schema.String,
  orgAccountNo: Schema.String,
  orgIfsc: Schema.String,
  correctedAccountNo: Schema.String,
  correctedIfsc: Schema.String,
  curAccountNo: Schema.String,
  curIfsc: Schema.String,
})

/**
 * COR params: the correction header and `beneficiaryDtls[]` (also accepted
 * as `beneficiaryDetails`, as JIT's published sample spells it).
 *
 * @since 0.1.0
 * @category models
 */
export const CorParams = tolerant(
  Schema.Struct({
    jitCorBillNo: Schema.String,
    jitCorBillDate: WireDate,
    jitCorBillDeptCode: Schema.String,
    jitOrgBillRefNo: Schema.String,
    jitOrgBillNo: Schema.String,
    jitOrgBillDate: WireDate,
    beneficiaryDtls: Schema.Array(CorBeneficiary),
  }),
  withAliases({ beneficiaryDtls: ["beneficiaryDetails"] }),
)

/**
 * The COR acknowledgement row.
 *
 * @since 0.1.0
 * @category models
 */
export const CorRow = Schema.Struct({
  jitCorBillNo: Schema.String,
  jitCorBillDate: Schema.String,
  successCode: Schema.String,
  sucessDescrp: Schema.optionalKey(Schema.NullOr(Schema.String)),
})

// ---------------------------------------------------------------- FTPS / FTFPS params

/**
 * FTPS params: the correction's numbers and the original's.
 *
 * @since 0.1.0
 * @category models
 */
export const FtpsParams = Schema.Struct({
  jitCorBillNo: Schema.String,
  jitCorBillDate: WireDate,
  jitCorBillDeptCode: Schema.String,
  jitOrgBillRefNo: Schema.String,
  jitOrgBillNo: Schema.String,
  jitOrgBillDate: WireDate,
})

/**
 * FTFPS params: `jitCorBillNo, jitCorBillDate, billRefNo, tokenNumber, tokenDate`.
 *
 * @since 0.1.0
 * @category models
 */
export const FtfpsParams = Schema.Struct({
  jitCorBillNo: Schema.String,
  jitCorBillDate: WireDate,
  billRefNo: Schema.String,
  tokenNumber: Schema.String,
  tokenDate: WireDate,
})

// ---------------------------------------------------------------- per service

/**
 * The params Schema of every service.
 *
 * @since 0.1.0
 * @category models
 */
export const paramsSchemas = {
  VA: VaParams,
  PI: PiParams,
  PIS: PisParams,
  PAG: PagParams,
  PD: PdParams,
  FD: FdParams,
  COR: CorParams,
  FTPS: FtpsParams,
  FTFPS: FtfpsParams,
} as const

/**
 * The data-row Schema of every service.
 *
 * @since 0.1.0
 * @category models
 */
export const rowSchemas = {
  VA: VaRow,
  PI: PiRow,
  PIS: PisRow,
  PAG: PagRow,
  PD: PdRow,
  FD: FdRow,
  COR: CorRow,
  FTPS: FtpsRow,
  FTFPS: FtfpsRow,
} as const

/**
 * The wire params of each service.
 *
 * @since 0.1.0
 * @category models
 */
export type ParamsOf = { readonly [S in keyof typeof paramsSchemas]: (typeof paramsSchemas)[S]["Type"] }

/**
 * The wire data row of each service.
 *
 * @since 0.1.0
 * @category models
 */
export type RowOf = { readonly [S in keyof typeof rowSchemas]: (typeof rowSchemas)[S]["Type"] }

// ---------------------------------------------------------------- encode

/**
 * Domain request → wire params, per service (JIT-W-6, JIT-W-7). Amounts go
 * out with 2 decimals; Aadhaar is never sent (AAD-4: `adhaarNumber` is "").
 *
 * @since 0.1.0
 * @category conversions
 */
export const encodeParams: { readonly [S in keyof RequestOf]: (request: RequestOf[S]) => ParamsOf[S] } = {
  VA: (request) => ({
    hoa: request.headOfAccount,
    fromDate: request.fromDateTime,
    ddoCode: request.ddoCode,
    granteCode: request.granteeCode,
  }),
  PI: (request) => ({
    jitBillNo: request.billNumber,
    jitBillDate: request.billDate,
    jitBillDdoCode: request.ddoCode,
    granteeAgCode: request.granteeCode,
    schemeCode: request.schemeCode,
    hoa: request.headOfAccount,
    ssuIaId: request.ssuId,
    mstAllotmentDistId: request.sanctionId,
    ssuAllotmentId: request.ssuAllotmentId,
    allotmentTxnSlNo: request.allotmentSerialNumber,
    billGrossAmount: toWireAmount(request.grossAmount),
    billNetAmount: toWireAmount(request.netAmount),
    billNumberOfBenf: String(request.beneficiaryCount),
    purpose: request.purpose,
    beneficiaryDetails: request.beneficiaries.map((beneficiary) => ({
      benefId: beneficiary.paymentId,
      benefName: beneficiary.name,
      benfAcctNo: beneficiary.accountNumber,
      benfBankIfscCode: beneficiary.ifsc,
      benfMobileNo: beneficiary.mobile,
      benfEmailId: beneficiary.email,
      benfAddress: beneficiary.address,
      benfAccountType: beneficiary.accountType,
      benfAmount: toWireAmount(beneficiary.amount),
      panNo: beneficiary.panNumber,
      adhaarNumber: "",
      purpose: beneficiary.purpose,
    })),
  }),
  PIS: (request) => ({
    jitBillNo: request.billNumber,
    jitBillDate: request.billDate,
    ssuIaId: request.ssuId,
  }),
  PAG: (request) => ({
    pmtInstId: request.jitPaymentInstructionId,
    pmtInstDate: request.jitPaymentInstructionDate,
    billNo: request.billNumber,
    billDate: request.billDate,
    ssuIaId: request.ssuId,
  }),
  PD: (request) => ({
    finYear: request.financialYear,
    extAppName: request.externalApplicationName,
    billRefNo: request.billReference,
    tokenNumber: request.tokenNumber,
    tokenDate: request.tokenDate,
  }),
  FD: (request) => ({
    finYear: request.financialYear,
    extAppName: request.externalApplicationName,
    voucherDate: request.voucherDate,
  }),
  COR: (request) => ({
    jitCorBillNo: request.correctionBillNumber,
    jitCorBillDate: request.correctionBillDate,
    jitCorBillDeptCode: request.departmentCode,
    jitOrgBillRefNo: request.originalBillReference,
    jitOrgBillNo: request.originalBillNumber,
    jitOrgBillDate: request.originalBillDate,
    beneficiaryDtls: request.beneficiaries.map((beneficiary) => ({
      benefId: beneficiary.paymentId,
      jitCurBillRefNo: beneficiary.currentBillReference,
      orgAccountNo: beneficiary.originalAccountNumber,
      orgIfsc: beneficiary.originalIfsc,
      correctedAccountNo: beneficiary.correctedAccountNumber,
      correctedIfsc: beneficiary.correctedIfsc,
      curAccountNo: beneficiary.currentAccountNumber,
      curIfsc: beneficiary.currentIfsc,
    })),
  }),
  FTPS: (request) => ({
    jitCorBillNo: request.correctionBillNumber,
    jitCorBillDate: request.correctionBillDate,
    jitCorBillDeptCode: request.departmentCode,
    jitOrgBillRefNo: request.originalBillReference,
    jitOrgBillNo: request.originalBillNumber,
    jitOrgBillDate: request.originalBillDate,
  }),
  FTFPS: (request) => ({
    jitCorBillNo: request.correctionBillNumber,
    jitCorBillDate: request.correctionBillDate,
    billRefNo: request.billReference,
    tokenNumber: request.tokenNumber,
    tokenDate: request.tokenDate,
  }),
}

/**
 * The decrypted request envelope of a domain request (JIT-W-3).
 *
 * @since 0.1.0
 * @category conversions
 */
export const requestEnvelope = <S extends keyof RequestOf>(
  service: S,
  request: RequestOf[S],
): { readonly serviceId: S; readonly params: ParamsOf[S] } => ({
  serviceId: service,
  params: encodeParams[service](request),
})

// ---------------------------------------------------------------- decode

const allotmentKindOf = (text: string): Payments.JitService.AllotmentKind | undefined => {
  const wanted = text.trim().toLowerCase()
  const found = Object.entries(allotmentTxnTypes).find(([, name]) => name.toLowerCase() === wanted)
  return found?.[0] as Payments.JitService.AllotmentKind | undefined
}

const rows = <S extends keyof typeof rowSchemas>(service: S, data: ReadonlyArray<unknown>) =>
  Schema.decodeUnknownEffect(Schema.Array(rowSchemas[service] as unknown as Schema.Codec<RowOf[S], unknown>))(
    data,
  )

const firstRow = <S extends keyof typeof rowSchemas>(service: S, data: ReadonlyArray<unknown>) =>
  Schema.decodeUnknownEffect(
    Schema.NonEmptyArray(rowSchemas[service] as unknown as Schema.Codec<RowOf[S], unknown>),
  )(data).pipe(Effect.map((items) => items[0]))

const domain = <S extends keyof ReplyOf>(
  service: S,
  encoded: unknown,
): Effect.Effect<ReplyOf[S], Schema.SchemaError> =>
  Schema.decodeUnknownEffect(replySchemas[service] as unknown as Schema.Codec<ReplyOf[S], unknown>)(encoded)

const paidRow = (
  billNumber: string,
  row: RowOf["PD"] | RowOf["FTPS"],
): Payments.JitService.PaymentDetailsRow => ({
  billNumber,
  voucherNumber: row.voucherNo,
  voucherDate: row.voucherDate,
  billReference: row.billRefNo,
  paymentStatus: row.paymentStatus,
  tokenNumber: row.tokenNumber,
  tokenDate: row.tokenDate,
  beneficiaries: row.benfDtls.map((item) => ({
    paymentId: item.benfId,
    accountNumber: item.benfAcctNo,
    ifsc: item.benfBankIfscCode,
    utrNumber: item.utrNo,
    utrDate: item.utrDate,
    endToEndId: item.endToEndId,
  })),
})

const failedRow = (
  billNumber: string,
  row: RowOf["FD"] | RowOf["FTFPS"],
): Payments.JitService.FailureDetailsRow => ({
  billNumber,
  billReference: row.billRefNo,
  beneficiaries: row.benfDtls.map((item) => ({
    paymentId: item.benfId,
    accountNumber: item.benfAcctNo,
    ifsc: item.benfBankIfscCode,
    utrNumber: item.utrNo,
    utrDate: item.utrDate,
    endToEndId: item.endToEndId,
    originalBillReference: item.orgBillRefNumber,
    challanNumber: item.challanNumber,
    challanDate: item.challanDate,
    failureReason: item.failedReason.trim(),
  })),
})

/**
 * Wire data rows → domain reply, per service (JIT-W-7). Rows are checked
 * against the service's row Schema, then the domain value is decoded with
 * core's reply Schema (amounts become `Amount`s, VA dates `LocalDate`s).
 * PI, PIS, PAG and COR read the first row. Fails with a `SchemaError` when a
 * row does not match; the client classifies that as an undecryptable reply.
 *
 * @since 0.1.0
 * @category conversions
 */
export const decodeReply: {
  readonly [S in keyof ReplyOf]: (
    data: ReadonlyArray<unknown>,
  ) => Effect.Effect<ReplyOf[S], Schema.SchemaError>
} = {
  VA: (data) =>
    rows("VA", data).pipe(
      Effect.flatMap((items) =>
        domain(
          "VA",
          items.map((row) => ({
            ddoCode: row.ddoCode,
            schemeCode: row.schemeCode,
            granteeCode: row.granteeAgCode,
            ssuId: row.ssuId,
            allotmentDate: row.allotmentDate.slice(0, 10),
            allotmentSerialNumber: row.allotmentTxnSlNo,
            amount: row.allotmentAmount,
            availableBalance: row.availableBalance,
            kind: allotmentKindOf(row.allotmentTxnType) ?? row.allotmentTxnType,
            sanctionId: row.mstAllotmentDistId,
            ssuAllotmentId: row.ssuAllotmentId,
          })),
        ),
      ),
    ),
  PI: (data) =>
    firstRow("PI", data).pipe(
      Effect.flatMap((row) =>
        domain("PI", {
          billNumber: row.jitBillNo,
          billDate: row.jitBillDate,
          successCode: row.successCode,
          successDescription: row.sucessDescrp ?? "",
        }),
      ),
    ),
  PIS: (data) =>
    firstRow("PIS", data).pipe(
      Effect.flatMap((row) =>
        domain("PIS", {
          jitPaymentInstructionId: row.pmtInstId,
          jitPaymentInstructionDate: row.payInstDate,
          billNumber: row.jitBillNumber,
          netAmount: row.billNetAmount,
          grossAmount: row.billGrossAmount,
          beneficiaryCount: Number(row.totalNumberOfBeneficiary),
        }),
      ),
    ),
  PAG: (data) =>
    firstRow("PAG", data).pipe(
      Effect.flatMap((row) =>
        domain("PAG", {
          billNumber: row.billNo,
          financialYear: row.finYear,
          adviceId: row.adviceId,
          adviceDate: row.adviceDate,
          onlineBillReference: row.onlineBillRefNo,
          tokenNumber: row.tokenNumber,
          tokenDate: row.tokenDate,
          beneficiaries: row.benfList.map((item) => ({
            paymentId: item.benfId,
            name: item.benfName,
            accountNumber: item.benfAccountNo,
            ifsc: item.benfBankIfscCode,
            amount: item.amount,
          })),
        }),
      ),
    ),
  PD: (data) =>
    rows("PD", data).pipe(
      Effect.flatMap((items) =>
        domain(
          "PD",
          items.map((row) => paidRow(row.billNumber, row)),
        ),
      ),
    ),
  FD: (data) =>
    rows("FD", data).pipe(
      Effect.flatMap((items) =>
        domain(
          "FD",
          items.map((row) => failedRow(row.billNumber, row)),
        ),
      ),
    ),
  COR: (data) =>
    firstRow("COR", data).pipe(
      Effect.flatMap((row) =>
        domain("COR", {
          billNumber: row.jitCorBillNo,
          billDate: row.jitCorBillDate,
          successCode: row.successCode,
          successDescription: row.sucessDescrp ?? "",
        }),
      ),
    ),
  FTPS: (data) =>
    rows("FTPS", data).pipe(
      Effect.flatMap((items) =>
        domain(
          "FTPS",
          items.map((row) => paidRow(row.jitCorBillNo, row)),
        ),
      ),
    ),
  FTFPS: (data) =>
    rows("FTFPS", data).pipe(
      Effect.flatMap((items) =>
        domain(
          "FTFPS",
          items.map((row) => failedRow(row.jitCorBillNo, row)),
        ),
      ),
    ),
}
