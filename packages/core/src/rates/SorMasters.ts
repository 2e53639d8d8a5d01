/**
 * The rules of the masters of the schedule of rates (SOR-1, RATE-1): the
 * basic SOR types, the head codes the rules name, and checking an SOR's
 * classification against a tenant's masters. The masters themselves (SOR
 * types, sub types, variants, units of measurement and rate heads) are tenant
 * data, the `sorMasters` section of its configuration
 * (`Config.TenantConfiguration.SorMasters`, MUKTA's values as defaults): a
 * state changes a master by supplying its own lists, never by changing code.
 *
 * The four type codes are fixed because rules depend on them: Material (M),
 * Labour (L), Machinery (E) and Works (W).
 *
 * @since 0.1.0
 */
import type { SorMasters, SorType } from "../config/TenantConfiguration.js"
import type { FieldProblem } from "../errors/FieldProblem.js"

/**
 * The basic types: the SORs a rate analysis may compose (RA-1).
 *
 * @since 0.1.0
 * @category models
 */
export const basicSorTypes: ReadonlyArray<SorType> = ["M", "L", "E"]

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
