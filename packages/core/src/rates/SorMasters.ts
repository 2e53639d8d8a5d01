/**
 * The masters of the schedule of rates (SOR-1, RATE-1): SOR types, sub
 * types, variants, units of measurement and rate heads, as tenant data with
 * MUKTA's values as defaults. A state changes a master by supplying its own
 * lists, never by changing code.
 *
 * The four type codes are fixed because rules depend on them: Material (M),
 * Labour (L), Machinery (E) and Works (W). The masters name them and list the
 * sub types, variants, units and heads a tenant accepts.
 *
 * Decision (the kernel's `TenantConfiguration` has no SOR section yet): the
 * rates use cases take the masters as an explicit `masters` field beside the
 * configuration.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { FieldProblem } from "../errors/FieldProblem.js"

/**
 * The four SOR types (SOR-1): Material, Labour, Machinery (E for equipment),
 * Works.
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
 * The basic types: the SORs a rate analysis may compose (RA-1).
 *
 * @since 0.1.0
 * @category models
 */
export const basicSorTypes: ReadonlyArray<SorType> = ["M", "L", "E"]

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
 * The masters of one tenant.
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
 * Head codes the rules name (RATE-1, RA-4, RA-8).
 *
 * @since 0.1.0
 * @category models
 */
export const heads = {
  labourBasic: "LA",
  materialBasic: "MA",
  machineryBasic: "MHA",
  conveyance: "CA",
  royalty: "RA",
  districtMineralFund: "DMF",
  environmentManagementFund: "EMF",
  additionalCharges: "ADC",
  labourCess: "LC",
} as const

/**
 * Units a labour SOR must have (SOR-4): wages are per day, counted in NOS.
 *
 * @since 0.1.0
 * @category models
 */
export const labourUnit = "NOS"

const entries = (pairs: ReadonlyArray<readonly [string, string]>): ReadonlyArray<MasterEntry> =>
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

/**
 * MUKTA's masters (SOR-1, RATE-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const muktaSorMasters: SorMasters = {
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
}

/**
 * Problem codes of an SOR's classification (SOR-1).
 *
 * @since 0.1.0
 * @category errors
 */
export const classificationProblemCodes = {
  typeUnknown: "SOR_TYPE_UNKNOWN",
  subTypeUnknown: "SOR_SUB_TYPE_UNKNOWN",
  subTypeRequired: "SOR_SUB_TYPE_REQUIRED",
  variantUnknown: "SOR_VARIANT_UNKNOWN",
  variantRequired: "SOR_VARIANT_REQUIRED",
  unitUnknown: "SOR_UNIT_UNKNOWN",
} as const

/**
 * What classifies an SOR: type, sub type, variant and unit (SOR-1).
 *
 * @since 0.1.0
 * @category models
 */
export interface Classification {
  readonly sorType: SorType
  readonly subType?: string | undefined
  readonly variant?: string | undefined
  readonly unit: string
}

const hasCode = (list: ReadonlyArray<{ readonly code: string }>, code: string): boolean =>
  list.some((entry) => entry.code === code)

const subTypeProblems = (
  masters: SorMasters,
  classification: Classification,
): ReadonlyArray<FieldProblem> => {
  const { subType, sorType } = classification
  if (subType === undefined) {
    return sorType === "W"
      ? [
          {
            field: "subType",
            code: classificationProblemCodes.subTypeRequired,
            message: "choose the works item's sub type (earth work EW, plastering PL, …)",
          },
        ]
      : []
  }
  return masters.subTypes.some((entry) => entry.code === subType && entry.sorType === sorType)
    ? []
    : [
        {
          field: "subType",
          code: classificationProblemCodes.subTypeUnknown,
          message: `${subType} is not a sub type of SOR type ${sorType} in this tenant's masters; choose one listed there`,
        },
      ]
}

const variantProblems = (
  masters: SorMasters,
  classification: Classification,
): ReadonlyArray<FieldProblem> => {
  const { variant, sorType } = classification
  if (variant === undefined) {
    return sorType === "W"
      ? [
          {
            field: "variant",
            code: classificationProblemCodes.variantRequired,
            message: "choose the works item's variant (basic BS, ground floor GF, …)",
          },
        ]
      : []
  }
  return hasCode(masters.variants, variant)
    ? []
    : [
        {
          field: "variant",
          code: classificationProblemCodes.variantUnknown,
          message: `${variant} is not a variant in this tenant's masters; choose one listed there`,
        },
      ]
}

/**
 * Every problem with an SOR's classification against the masters (SOR-1): an
 * unknown type, sub type, variant or unit, and a works item without sub type
 * or variant.
 *
 * @since 0.1.0
 * @category predicates
 */
export const classificationProblems = (
  masters: SorMasters,
  classification: Classification,
): ReadonlyArray<FieldProblem> => [
  ...(hasCode(masters.types, classification.sorType)
    ? []
    : [
        {
          field: "sorType",
          code: classificationProblemCodes.typeUnknown,
          message: `SOR type ${classification.sorType} is not enabled in this tenant's masters`,
        },
      ]),
  ...subTypeProblems(masters, classification),
  ...variantProblems(masters, classification),
  ...(hasCode(masters.units, classification.unit)
    ? []
    : [
        {
          field: "unit",
          code: classificationProblemCodes.unitUnknown,
          message: `${classification.unit} is not a unit of measurement in this tenant's masters; choose one listed there (CUM, NOS, …)`,
        },
      ]),
]

/**
 * Whether a head code is one of the tenant's rate heads (RATE-1).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isHead = (masters: SorMasters, code: string): boolean => hasCode(masters.heads, code)
