/**
 * A tenant's configuration (CONF-1, CONF-2): everything a state may want to
 * differ on, as data validated by a Schema, with MUKTA's values as defaults.
 * Another state embeds Karya by loading its own configuration, never by
 * changing code.
 *
 * Loading takes the tenant's own fields (`tenantId`, `cityCode`) and any
 * sections it overrides; a section given replaces MUKTA's section whole (no
 * deep merge, so what a tenant wrote is exactly what runs). The result is
 * decoded, then the rules that span fields are checked, and every problem is
 * reported at once as `VALIDATION_FAILED` with the field path of each (ERR-3).
 *
 * It is every setting of the tenant, for every module: besides the kernel's,
 * the optional contract features (WO-8, WO-9), whether measurement may run
 * past a work order's end (MB-2), the JIT-FS codes (PI-4, PI-V-1), the SMS
 * templates (NOTIF-1) and the SOR masters (SOR-1, RATE-1). The use cases read
 * it from the `TenantSettings` port, never from their request.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import type { FieldProblem } from "../errors/FieldProblem.js"
import type { ValidationFailed } from "../errors/ValidationFailed.js"
import * as Validation from "../errors/ValidationFailed.js"
import { CityCode } from "../ids/CityCode.js"
import * as IdSeries from "../ids/IdSeries.js"
import { assert } from "../internal/assert.js"
import { Amount } from "../money/Amount.js"
import { Percentage } from "../money/Percentage.js"
import * as Rounding from "../money/Rounding.js"
import * as EffectivePeriod from "../time/EffectivePeriod.js"
import type { LocalDate } from "../time/LocalDate.js"
import { TimeZone } from "../time/TimeZone.js"
import { WorkflowDefinition } from "../workflow/WorkflowDefinition.js"
import { muktaSections } from "./MuktaConfiguration.js"
import { NotificationTemplates } from "./NotificationTemplates.js"
import { TenantId } from "./TenantId.js"

const atLeast = (minimum: number, unit: string) =>
  Schema.makeFilter((value: number) => (value >= minimum ? undefined : `must be at least ${minimum} ${unit}`))

const WholeDays = Schema.Int.check(atLeast(1, "day"))
const WholeCount = Schema.Int.check(atLeast(0, ""))
const Hours = Schema.Finite.check(
  Schema.makeFilter((hours: number) =>
    hours > 0 && hours <= 24 ? undefined : "must be more than 0 and at most 24 hours",
  ),
)

/**
 * A local time of day written `HH:mm`; JIT calls run at local times (PI-P-1).
 *
 * @since 0.1.0
 * @category models
 */
export const LocalTimeOfDay = Schema.String.check(
  Schema.makeFilter((time: string) =>
    /^([01]\d|2[0-3]):[0-5]\d$/.test(time)
      ? undefined
      : `"${time}" is not a time of day written HH:mm (22:00)`,
  ),
)

/**
 * Work-order settings (WO-4, WO-6): the CBO role threshold (an amount at or
 * below it is Implementation Agency), the acceptance SLA and what happens to
 * an order not accepted in time.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkOrderSettings = Schema.Struct({
  cboRoleThreshold: Amount,
  acceptanceSlaDays: WholeDays,
  overdueAcceptance: Schema.Literals(["markOverdue", "cancel"]),
})

/**
 * The attendance day rule (ATT-5). MUKTA: a day of at least `fullDayHours`
 * worked hours counts 1, a shorter one 0.5. DIGIT's variant: `roundOff` with
 * `halfDayHours`, hours measured by clock hour.
 *
 * @since 0.1.0
 * @category models
 */
export const AttendanceDayRule = Schema.Struct({
  fullDayHours: Hours,
  halfDayHours: Hours,
  roundOff: Schema.Boolean,
  hourResolution: Schema.Literals(["minute", "clock-hour"]),
})

/**
 * An overhead master (EST-3), versioned by its effective period (CONF-2).
 * `value` is a percentage for `percentage` overheads and rupees for `lumpsum`.
 *
 * @since 0.1.0
 * @category models
 */
export const Overhead = Schema.Struct({
  code: Schema.NonEmptyString,
  description: Schema.NonEmptyString,
  accountHead: Schema.String,
  kind: Schema.Literals(["percentage", "lumpsum"]),
  value: Amount,
  isAutoCalculated: Schema.Boolean,
  isWorkOrderValue: Schema.Boolean,
  effectivePeriod: EffectivePeriod.EffectivePeriod,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Overhead = typeof Overhead.Type

/**
 * A deduction head of bills (BILL-P-2, BILL-3): percentage heads are computed
 * by the system on the bill's gross for the payees they apply to; lump-sum
 * heads take the amount entered.
 *
 * @since 0.1.0
 * @category models
 */
export const DeductionHead = Schema.Struct({
  code: Schema.NonEmptyString,
  description: Schema.NonEmptyString,
  calculation: Schema.Union([
    Schema.Struct({ kind: Schema.Literal("percentage"), percentage: Percentage }),
    Schema.Struct({ kind: Schema.Literal("lumpsum") }),
  ]),
  appliesTo: Schema.Literals(["everyPayee", "individuals", "otherThanIndividuals"]),
})

/**
 * A head of account that pays bills (PI-F-3).
 *
 * @since 0.1.0
 * @category models
 */
export const HeadOfAccount = Schema.Struct({ code: Schema.NonEmptyString, name: Schema.NonEmptyString })

/**
 * Daily local times of the JIT calls (PI-P-1).
 *
 * @since 0.1.0
 * @category models
 */
export const JitSchedule = Schema.Struct({
  rePushPending: LocalTimeOfDay,
  virtualAllotment: LocalTimeOfDay,
  paymentInstructionStatus: LocalTimeOfDay,
  paymentAdvice: LocalTimeOfDay,
  paymentDetails: LocalTimeOfDay,
  failureDetails: LocalTimeOfDay,
  failedTransactionPaymentStatus: LocalTimeOfDay,
  failedTransactionFailureStatus: LocalTimeOfDay,
})

/**
 * The revised-PI window (PI-S-9): days after the original PI in the same FY,
 * and the last day (`MM-dd`) of the next FY's grace period.
 *
 * @since 0.1.0
 * @category models
 */
export const RevisedPaymentWindow = Schema.Struct({
  sameFinancialYearDays: WholeDays,
  nextFinancialYearLastMonthDay: Schema.String.check(
    Schema.makeFilter((monthDay: string) =>
      /^(0[4-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(monthDay) ||
      /^0[1-3]-(0[1-9]|[12]\d|3[01])$/.test(monthDay)
        ? undefined
        : `"${monthDay}" is not a month and day written MM-dd (04-30)`,
    ),
  ),
})

/**
 * Wage-seeker registry settings (IND-2): whether several wage seekers may
 * share one bank account (a family account; MUKTA allows it and flags it).
 *
 * @since 0.1.0
 * @category models
 */
export const WageSeekerSettings = Schema.Struct({
  sharedBankAccounts: Schema.Literals(["allowed", "refused"]),
})

/**
 * Bill settings (BILL-P-4): whether a purchase bill above the material
 * utilized is a warning returned with the bill or a refusal.
 *
 * @since 0.1.0
 * @category models
 */
export const BillSettings = Schema.Struct({
  materialCheck: Schema.Literals(["warn", "refuse"]),
})

/**
 * The most time extensions a tenant may allow one work order (TE-1): MUKTA
 * allows 2. It is the intake rule behind the contracts module's
 * `approvedTimeExtensionsMax`, which must be at least this (asserted
 * there): no order ever has more approved extensions than its tenant
 * allows, so that read stays within its limit.
 *
 * @since 0.1.0
 * @category models
 */
export const timeExtensionsAllowedMax = 100

/**
 * How many times an estimate and a work order may be revised (EST-7, TE-1).
 *
 * @since 0.1.0
 * @category models
 */
export const RevisionLimits = Schema.Struct({
  estimateRevisionsMax: WholeCount,
  timeExtensionsMax: WholeCount.check(
    Schema.makeFilter((value: number) =>
      value <= timeExtensionsAllowedMax ? undefined : `must be at most ${timeExtensionsAllowedMax}`,
    ),
  ),
})

/**
 * The optional features of base Works a tenant turns on (WO-8 milestones,
 * WO-9 negotiation). MUKTA turns neither on.
 *
 * @since 0.1.0
 * @category models
 */
export const ContractFeatures = Schema.Struct({
  milestones: Schema.Literals(["enabled", "disabled"]),
  negotiation: Schema.Literals(["enabled", "disabled"]),
})

/**
 * @since 0.1.0
 * @category models
 */
export type ContractFeatures = typeof ContractFeatures.Type

/**
 * Whether a measurement entry may end after its work order's end date
 * (MB-2). MUKTA refuses it.
 *
 * @since 0.1.0
 * @category models
 */
export const MeasurementAfterEnd = Schema.Literals(["refused", "allowed"])

/**
 * @since 0.1.0
 * @category models
 */
export type MeasurementAfterEnd = typeof MeasurementAfterEnd.Type

/**
 * The JIT-FS codes of one tenant (PI-4, PI-V-1; spec 07 JIT-W-7 names:
 * `jitBillDdoCode`, `granteeAgCode`, `schemeCode`, `ssuIaId`,
 * `jitCorBillDeptCode`, `extAppName`). A code not yet known is the empty
 * string; pushing is then refused with `PI_CONFIG_MISSING`.
 *
 * @since 0.1.0
 * @category models
 */
export const JitCodes = Schema.Struct({
  ddoCode: Schema.String,
  granteeCode: Schema.String,
  schemeCode: Schema.String,
  ssuId: Schema.String,
  /** `jitCorBillDeptCode` of revised PIs (MUKTA: "MUKTA"). */
  departmentCode: Schema.String,
  /** `extAppName` of PD and FD requests (MUKTA: "MUKTA"). */
  externalApplicationName: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type JitCodes = typeof JitCodes.Type

/**
 * The four SOR types (SOR-1): Material, Labour, Machinery (E for equipment),
 * Works. The codes are fixed because rules depend on them.
 *
 * @since 0.1.0
 * @category models
 */
export const SorType = Schema.Literals(["M", "L", "E", "W"])

/**
 * @since 0.1.0
 * @category models
 */
export type SorType = typeof SorType.Type

/**
 * One entry of a master list: a code and its name.
 *
 * @since 0.1.0
 * @category models
 */
export const MasterEntry = Schema.Struct({ code: Schema.NonEmptyString, name: Schema.NonEmptyString })

/**
 * @since 0.1.0
 * @category models
 */
export type MasterEntry = typeof MasterEntry.Type

/**
 * The SOR masters of one tenant (SOR-1, RATE-1): the SOR types it enables,
 * sub types, variants, units and rate heads. Their rules are the rates
 * module's (`Rates.SorMasters`).
 *
 * @since 0.1.0
 * @category models
 */
export const SorMasters = Schema.Struct({
  types: Schema.Array(Schema.Struct({ code: SorType, name: Schema.NonEmptyString })),
  /** Sub types, each of one SOR type (earth work EW is a works sub type). */
  subTypes: Schema.Array(
    Schema.Struct({ code: Schema.NonEmptyString, name: Schema.NonEmptyString, sorType: SorType }),
  ),
  variants: Schema.Array(MasterEntry),
  units: Schema.Array(MasterEntry),
  /** Rate heads in display order (RATE-1); LC must be among them for works rates. */
  heads: Schema.Array(MasterEntry),
})

/**
 * @since 0.1.0
 * @category models
 */
export type SorMasters = typeof SorMasters.Type

/**
 * The whole configuration of one tenant.
 *
 * @since 0.1.0
 * @category models
 */
export const TenantConfiguration = Schema.Struct({
  tenantId: TenantId,
  cityCode: CityCode,
  timeZone: TimeZone,
  idFormats: IdSeries.SeriesFormats,
  roundingScales: Rounding.RoundingScales,
  workOrder: WorkOrderSettings,
  attendanceDayRule: AttendanceDayRule,
  labourCessPercentage: Percentage,
  overheads: Schema.Array(Overhead),
  deductionHeads: Schema.Array(DeductionHead),
  headsOfAccountOrder: Schema.NonEmptyArray(HeadOfAccount),
  jitSchedule: JitSchedule,
  revisedPaymentWindow: RevisedPaymentWindow,
  revisionLimits: RevisionLimits,
  wageSeekers: WageSeekerSettings,
  bills: BillSettings,
  features: ContractFeatures,
  measurementAfterEnd: MeasurementAfterEnd,
  jitCodes: JitCodes,
  notificationTemplates: NotificationTemplates,
  sorMasters: SorMasters,
  workflows: Schema.NonEmptyArray(WorkflowDefinition),
})

/**
 * The configuration of one tenant, a named type so that a value of it (the
 * result of `mukta`) can be named in emitted declarations.
 *
 * @since 0.1.0
 * @category models
 */
export interface TenantConfiguration extends Schema.Schema.Type<typeof TenantConfiguration> {}

/**
 * What a tenant writes: its own `tenantId` and `cityCode`, and any section it
 * overrides (the rest come from MUKTA, `muktaSections`).
 *
 * @since 0.1.0
 * @category models
 */
export type TenantConfigurationInput = { readonly tenantId: string; readonly cityCode: string } & {
  readonly [Section in keyof typeof muktaSections]?: unknown
}

const subject = "tenant configuration"

const isRecord = (input: unknown): input is Readonly<Record<string, unknown>> =>
  typeof input === "object" && input !== null && !Array.isArray(input)

const duplicateProblems = (field: string, codes: ReadonlyArray<string>): ReadonlyArray<FieldProblem> =>
  codes.flatMap((code, index) =>
    codes.indexOf(code) === index
      ? []
      : [
          {
            field: `${field}[${index}]`,
            code: codeDuplicateCode,
            message: `the code ${code} appears more than once; give each entry its own code`,
          },
        ],
  )

const overlappingOverheadProblems = (overheads: ReadonlyArray<Overhead>): ReadonlyArray<FieldProblem> =>
  overheads.flatMap((overhead, index) =>
    overheads
      .slice(0, index)
      .some(
        (earlier) =>
          earlier.code === overhead.code &&
          EffectivePeriod.overlaps(earlier.effectivePeriod, overhead.effectivePeriod),
      )
      ? [
          {
            field: `overheads[${index}].effectivePeriod`,
            code: overheadPeriodOverlapCode,
            message: `the overhead ${overhead.code} already has a window covering these dates; end the earlier window the day before this one starts`,
          },
        ]
      : [],
  )

/**
 * Problem code: two entries of a list share a code.
 *
 * @since 0.1.0
 * @category errors
 */
export const codeDuplicateCode = "CODE_DUPLICATE"

/**
 * Problem code: two windows of the same overhead overlap (CONF-2).
 *
 * @since 0.1.0
 * @category errors
 */
export const overheadPeriodOverlapCode = "OVERHEAD_PERIOD_OVERLAP"

/**
 * Problem code: the half-day threshold is not below the full-day threshold.
 *
 * @since 0.1.0
 * @category errors
 */
export const halfDayNotBelowFullDayCode = "HALF_DAY_NOT_BELOW_FULL_DAY"

/**
 * Problem code: the configuration is not an object with `tenantId` and `cityCode`.
 *
 * @since 0.1.0
 * @category errors
 */
export const configurationNotObjectCode = "CONFIGURATION_NOT_OBJECT"

const crossFieldProblems = (configuration: TenantConfiguration): ReadonlyArray<FieldProblem> => [
  ...duplicateProblems(
    "workflows",
    configuration.workflows.map((definition) => definition.code),
  ),
  ...duplicateProblems(
    "deductionHeads",
    configuration.deductionHeads.map((head) => head.code),
  ),
  ...duplicateProblems(
    "headsOfAccountOrder",
    configuration.headsOfAccountOrder.map((head) => head.code),
  ),
  ...overlappingOverheadProblems(configuration.overheads),
  ...(configuration.attendanceDayRule.halfDayHours < configuration.attendanceDayRule.fullDayHours
    ? []
    : [
        {
          field: "attendanceDayRule.halfDayHours",
          code: halfDayNotBelowFullDayCode,
          message: `half-day hours (${configuration.attendanceDayRule.halfDayHours}) must be fewer than full-day hours (${configuration.attendanceDayRule.fullDayHours})`,
        },
      ]),
]

const decodeConfiguration = Schema.decodeUnknownResult(TenantConfiguration)

/**
 * Loads a tenant's configuration over MUKTA's defaults, or fails with every
 * problem listed (CONF-1, ERR-3).
 *
 * @since 0.1.0
 * @category constructors
 */
export const load = (input: unknown): Result.Result<TenantConfiguration, ValidationFailed> => {
  if (!isRecord(input)) {
    return Result.fail(
      Validation.fromProblems(subject, [
        {
          field: "",
          code: configurationNotObjectCode,
          message: "the configuration must be an object with at least tenantId and cityCode",
        },
      ]),
    )
  }
  const decoded = decodeConfiguration({ ...muktaSections, ...input }, { errors: "all" })
  if (Result.isFailure(decoded)) {
    const [first, ...rest] = Validation.problemsFromIssue(decoded.failure.issue)
    assert(first !== undefined, "a failed decode reports at least one problem")
    return Result.fail(Validation.fromProblems(subject, [first, ...rest]))
  }
  const [first, ...rest] = crossFieldProblems(decoded.success)
  return first === undefined
    ? Result.succeed(decoded.success)
    : Result.fail(Validation.fromProblems(subject, [first, ...rest]))
}

/**
 * MUKTA's configuration for one ULB.
 *
 * @since 0.1.0
 * @category constructors
 */
export const mukta = (tenant: {
  readonly tenantId: string
  readonly cityCode: string
}): TenantConfiguration => Result.getOrThrow(load(tenant))

/**
 * The overheads in force on a date (CONF-2): the computation names the date
 * it was made for, and returns it with the overheads.
 *
 * @since 0.1.0
 * @category conversions
 */
export const overheadsEffectiveOn = (
  configuration: TenantConfiguration,
  date: LocalDate,
): { readonly effectiveOn: LocalDate; readonly overheads: ReadonlyArray<Overhead> } => ({
  effectiveOn: date,
  overheads: configuration.overheads.filter((overhead) =>
    EffectivePeriod.containsDate(overhead.effectivePeriod, date),
  ),
})

/**
 * The workflow definition the tenant uses for a code (WF-8).
 *
 * @since 0.1.0
 * @category conversions
 */
export const workflowOf = (
  configuration: TenantConfiguration,
  code: string,
): WorkflowDefinition | undefined => configuration.workflows.find((definition) => definition.code === code)
