/**
 * MUKTA's configuration (Odisha's urban wage scheme), written as the plain
 * data a tenant would write: decimal strings for money and percentages,
 * `yyyy-MM-dd` dates, `HH:mm` times. It is the default for every section of a
 * tenant configuration (CONF-1); the tenant supplies its own `tenantId` and
 * `cityCode`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as IdSeries from "../ids/IdSeries.js"
import * as Rounding from "../money/Rounding.js"
import { muktaWorkflows } from "../workflow/MuktaWorkflows.js"
import { WorkflowDefinition } from "../workflow/WorkflowDefinition.js"

const entries = (
  pairs: ReadonlyArray<readonly [string, string]>,
): ReadonlyArray<{ readonly code: string; readonly name: string }> =>
  pairs.map(([code, name]) => ({ code, name }))

const worksSubTypes: ReadonlyArray<readonly [string, string]> = [
  ["EW", "Earth work"],
  ["CC", "Cement concrete"],
  ["RC", "RCC"],
  ["MB", "Masonry brick"],
  ["MS", "Masonry stone"],
  ["PL", "Plastering"],
  ["WC", "White/colour washing"],
  ["FL", "Flooring"],
  ["PA", "Painting"],
  ["RD", "Road"],
  ["WD", "Wood"],
  ["RF", "Roofing"],
  ["DI", "Dismantling"],
  ["PB", "Paver block"],
  ["SC", "Site clearance"],
  ["PF", "Pile foundation"],
  ["IW", "Iron"],
  ["BI", "Other building items"],
]

// Overheads are effective from the start of FY 2020-21, before MUKTA's first
// work orders; a tenant changing a value adds a new window (CONF-2).
const overheadsEffectiveFrom = "2020-04-01"

/**
 * Every configuration section with MUKTA's values, as a tenant would write it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const muktaSections = {
  timeZone: "Asia/Kolkata",
  idFormats: Schema.encodeSync(IdSeries.SeriesFormats)(IdSeries.muktaDefaults),
  roundingScales: Rounding.muktaRoundingScales,
  workOrder: { cboRoleThreshold: "1500000", acceptanceSlaDays: 7, overdueAcceptance: "markOverdue" },
  attendanceDayRule: { fullDayHours: 8, halfDayHours: 4, roundOff: false, hourResolution: "minute" },
  labourCessPercentage: "1",
  overheads: [
    {
      code: "SC",
      description: "Supervision charge",
      accountHead: "SC",
      kind: "percentage",
      value: "7.5",
      isAutoCalculated: true,
      isWorkOrderValue: true,
      effectivePeriod: { effectiveFrom: overheadsEffectiveFrom },
    },
    {
      code: "GST",
      description: "Goods and services tax",
      accountHead: "GST",
      kind: "percentage",
      value: "18",
      isAutoCalculated: true,
      isWorkOrderValue: true,
      effectivePeriod: { effectiveFrom: overheadsEffectiveFrom },
    },
    {
      code: "TST",
      description: "Testing charges",
      accountHead: "TST",
      kind: "lumpsum",
      value: "5000",
      isAutoCalculated: true,
      isWorkOrderValue: true,
      effectivePeriod: { effectiveFrom: overheadsEffectiveFrom },
    },
    {
      code: "REW",
      description: "Royalty on earth work",
      accountHead: "REW",
      kind: "lumpsum",
      value: "0",
      isAutoCalculated: false,
      isWorkOrderValue: false,
      effectivePeriod: { effectiveFrom: overheadsEffectiveFrom },
    },
  ],
  deductionHeads: [
    {
      code: "LC",
      description: "Labour cess",
      calculation: { kind: "percentage", percentage: "1" },
      appliesTo: "everyPayee",
    },
    {
      code: "ITTDS",
      description: "Income tax deducted at source (individuals)",
      calculation: { kind: "percentage", percentage: "1" },
      appliesTo: "individuals",
    },
    {
      code: "ITTDSOTI",
      description: "Income tax deducted at source (other than individuals)",
      calculation: { kind: "percentage", percentage: "2" },
      appliesTo: "otherThanIndividuals",
    },
    {
      code: "GSTTDS",
      description: "GST deducted at source",
      calculation: { kind: "percentage", percentage: "2" },
      appliesTo: "everyPayee",
    },
    {
      code: "ROM",
      description: "Royalty on minerals",
      calculation: { kind: "lumpsum" },
      appliesTo: "everyPayee",
    },
    {
      code: "DMF",
      description: "District mineral fund",
      calculation: { kind: "lumpsum" },
      appliesTo: "everyPayee",
    },
    {
      code: "EMF",
      description: "Environment management fund",
      calculation: { kind: "lumpsum" },
      appliesTo: "everyPayee",
    },
    {
      code: "ECB",
      description: "ECB deduction (lump sum)",
      calculation: { kind: "lumpsum" },
      appliesTo: "everyPayee",
    },
  ],
  headsOfAccountOrder: [
    { code: "221705789358641045908", name: "MUKTA - SC Component" },
    { code: "221705796358641045908", name: "MUKTA - ST Component" },
    { code: "221705800358641045908", name: "MUKTA - General Component" },
  ],
  jitSchedule: {
    rePushPending: "21:00",
    virtualAllotment: "22:00",
    paymentInstructionStatus: "22:00",
    paymentAdvice: "22:15",
    paymentDetails: "22:00",
    failureDetails: "22:00",
    failedTransactionPaymentStatus: "22:00",
    failedTransactionFailureStatus: "22:00",
  },
  revisedPaymentWindow: { sameFinancialYearDays: 90, nextFinancialYearLastMonthDay: "04-30" },
  revisionLimits: { estimateRevisionsMax: 2, timeExtensionsMax: 2 },
  wageSeekers: { sharedBankAccounts: "allowed" },
  bills: { materialCheck: "warn" },
  features: { milestones: "disabled", negotiation: "disabled" },
  measurementAfterEnd: "refused",
  // The tenant's own DDO, grantee and SSU codes are not known until it is set
  // up; pushing is refused with PI_CONFIG_MISSING until they are (PI-V-1).
  jitCodes: {
    ddoCode: "",
    granteeCode: "",
    schemeCode: "13145",
    ssuId: "",
    departmentCode: "MUKTA",
    externalApplicationName: "MUKTA",
  },
  notificationTemplates: {
    schemeName: "MUKTA",
    templates: {
      paymentSuccessful:
        "Payment of Rs. {amount} for {scheme}, transaction {utr} is made to your registered bank account. Contact your bank if not credited within 72 hours.",
      paymentFailed:
        "Payment of Rs. {amount} for {scheme}, transaction {utr} has failed. Contact the {scheme} cell at your ULB.",
      workOrderApprovedToCreator: "Work order {workOrderNumber} under {scheme} is approved.",
      workOrderApprovedToCbo:
        "Work order {workOrderNumber} under {scheme} is issued to your organisation. Accept it by {acceptanceDueDate}.",
      workOrderRejected: "Work order {workOrderNumber} under {scheme} is rejected.",
      timeExtensionSentBack:
        "Time extension {timeExtensionNumber} of work order {workOrderNumber} is sent back for correction.",
      timeExtensionApproved:
        "Time extension {timeExtensionNumber} of work order {workOrderNumber} is approved.",
      timeExtensionRejected:
        "Time extension {timeExtensionNumber} of work order {workOrderNumber} is rejected.",
      measurementApproved: "Measurement {measurementNumber} under {scheme} is approved.",
      measurementRejected: "Measurement {measurementNumber} under {scheme} is rejected.",
      musterRollSentBack: "Muster roll {musterRollNumber} under {scheme} is sent back for correction.",
      musterRollApproved: "Muster roll {musterRollNumber} under {scheme} is approved.",
    },
  },
  sorMasters: {
    types: [
      { code: "M", name: "Material" },
      { code: "L", name: "Labour" },
      { code: "E", name: "Machinery" },
      { code: "W", name: "Works" },
    ],
    subTypes: [
      ...worksSubTypes.map(([code, name]) => ({ code, name, sorType: "W" as const })),
      { code: "MT", name: "Material", sorType: "M" },
      { code: "LB", name: "Labour", sorType: "L" },
      { code: "MC", name: "Machinery", sorType: "E" },
    ],
    variants: entries([
      ["BS", "Basic"],
      ["PL", "Foundation and plinth"],
      ["GF", "Ground floor"],
      ["SG", "Super structure (ground)"],
      ["SS", "Super structure"],
      ["ST", "Super structure (top)"],
      ["FN", "Excavation"],
    ]),
    units: entries([
      ["CUM", "Cubic metre"],
      ["QNTL", "Quintal"],
      ["MT", "Metric tonne"],
      ["NOS", "Numbers"],
      ["KG", "Kilogram"],
      ["LTR", "Litre"],
      ["SQM", "Square metre"],
      ["HOUR", "Hour"],
      ["EACH", "Each"],
      ["MTR", "Metre"],
      ["KL", "Kilolitre"],
    ]),
    heads: entries([
      ["LA", "Labour basic"],
      ["MA", "Material basic"],
      ["MHA", "Machinery basic"],
      ["CA", "Conveyance"],
      ["RA", "Royalty"],
      ["DMF", "District mineral fund"],
      ["EMF", "Environment management fund"],
      ["ADC", "Additional charges"],
      ["LC", "Labour cess"],
    ]),
  },
  workflows: Object.values(muktaWorkflows).map((definition) =>
    Schema.encodeSync(WorkflowDefinition)(definition),
  ),
} as const
