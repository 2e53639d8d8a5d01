/**
 * A schedule-of-rates item (SOR-1..4): a code (ID-2 `SOR_000197`), a type,
 * sub type and variant, a unit, a description, the quantity its rate is
 * defined for and a status. Labour items are also the wage-seeker skills
 * (SOR-4): unit NOS, rate defined for 1, and the daily wage is the item's
 * effective rate.
 *
 * Decision (SOR-2 is silent on how descriptions compare): two descriptions
 * are the same when they match ignoring case and runs of white space, so
 * "Earth work  in soil" duplicates "earth work in soil".
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { type SorMasters, SorType } from "../config/TenantConfiguration.js"
import { TenantId } from "../config/TenantId.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import * as Quantity from "../money/Quantity.js"
import { type Classification, classificationProblems, labourUnit } from "./SorMasters.js"

/**
 * Longest SOR description in characters (SOR-2): the printed schedule's
 * longest item text fits well within it.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptionLengthMax = 2048

/**
 * Whether an SOR is in use.
 *
 * @since 0.1.0
 * @category models
 */
export const SorStatus = Schema.Literals(["active", "inactive"])

/**
 * @since 0.1.0
 * @category models
 */
export type SorStatus = typeof SorStatus.Type

/**
 * A stored SOR.
 *
 * @since 0.1.0
 * @category models
 */
export const Sor = Schema.Struct({
  id: EntityId,
  tenantId: TenantId,
  code: HumanNumber,
  sorType: SorType,
  subType: Schema.optionalKey(Schema.String),
  variant: Schema.optionalKey(Schema.String),
  unit: Schema.String,
  description: Schema.String,
  /** The quantity of the unit the rate is for (1000 for a rate per 1000 bricks): a whole number ≥ 1. */
  rateDefinedForQuantity: Quantity.Quantity,
  status: SorStatus,
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Sor = typeof Sor.Type

/**
 * What a clerk enters to create an SOR.
 *
 * @since 0.1.0
 * @category models
 */
export interface SorInput extends Classification {
  readonly description: string
  readonly rateDefinedForQuantity: Quantity.Quantity
}

/**
 * Problem codes of an SOR's own fields (SOR-2, SOR-4).
 *
 * @since 0.1.0
 * @category errors
 */
export const sorProblemCodes = {
  descriptionEmpty: "SOR_DESCRIPTION_EMPTY",
  descriptionTooLong: "SOR_DESCRIPTION_TOO_LONG",
  rateDefinedForQuantityInvalid: "SOR_RATE_DEFINED_FOR_QUANTITY_INVALID",
  labourUnitNotNos: "LABOUR_SOR_UNIT_NOT_NOS",
  labourQuantityNotOne: "LABOUR_SOR_QUANTITY_NOT_ONE",
} as const

const one = Quantity.makeUnsafe("1")

const descriptionProblems = (description: string): ReadonlyArray<FieldProblem> => {
  if (description.trim() === "") {
    return [
      {
        field: "description",
        code: sorProblemCodes.descriptionEmpty,
        message: "describe the item as the schedule prints it",
      },
    ]
  }
  return description.length > descriptionLengthMax
    ? [
        {
          field: "description",
          code: sorProblemCodes.descriptionTooLong,
          message: `shorten the description to at most ${descriptionLengthMax} characters`,
          limit: String(descriptionLengthMax),
        },
      ]
    : []
}

const labourProblems = (input: SorInput): ReadonlyArray<FieldProblem> =>
  input.sorType !== "L"
    ? []
    : [
        ...(input.unit === labourUnit
          ? []
          : [
              {
                field: "unit",
                code: sorProblemCodes.labourUnitNotNos,
                message: `a labour SOR is a skill paid per day: its unit is ${labourUnit}`,
              },
            ]),
        ...(Quantity.equals(input.rateDefinedForQuantity, one)
          ? []
          : [
              {
                field: "rateDefinedForQuantity",
                code: sorProblemCodes.labourQuantityNotOne,
                message: "a labour SOR's rate is the wage for one day: its rate is defined for quantity 1",
                limit: "1",
              },
            ]),
      ]

/**
 * Every problem with an SOR input (ERR-3): classification against the masters
 * (SOR-1), description and rate-defined-for quantity (SOR-2), labour rules
 * (SOR-4).
 *
 * @since 0.1.0
 * @category predicates
 */
export const inputProblems = (masters: SorMasters, input: SorInput): ReadonlyArray<FieldProblem> => [
  ...classificationProblems(masters, input),
  ...descriptionProblems(input.description),
  ...(input.rateDefinedForQuantity.isInteger() && !input.rateDefinedForQuantity.lessThan(1)
    ? []
    : [
        {
          field: "rateDefinedForQuantity",
          code: sorProblemCodes.rateDefinedForQuantityInvalid,
          message: "enter the whole quantity the rate is for, 1 or more (1000 for a rate per 1000 bricks)",
          limit: "1",
        },
      ]),
  ...labourProblems(input),
]

/**
 * The description as compared for duplicates (SOR-2): lower case, white
 * space collapsed and trimmed.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toDescriptionKey = (description: string): string =>
  description.trim().replace(/\s+/g, " ").toLowerCase()

/**
 * Whether two SORs would be duplicates if both were active (SOR-2): same
 * type, sub type, variant and description.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isSameItem = (
  left: Classification & { readonly description: string },
  right: Classification & { readonly description: string },
): boolean =>
  left.sorType === right.sorType &&
  left.subType === right.subType &&
  left.variant === right.variant &&
  toDescriptionKey(left.description) === toDescriptionKey(right.description)

/**
 * @since 0.1.0
 * @category predicates
 */
export const isWorks = (sor: Sor): boolean => sor.sorType === "W"

/**
 * @since 0.1.0
 * @category predicates
 */
export const isActive = (sor: Sor): boolean => sor.status === "active"

/**
 * An active SOR with the same type, sub type, variant and description exists
 * (SOR-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class SorDuplicate extends Schema.TaggedError<SorDuplicate>("@karya/core/rates/SorDuplicate")(
  "SorDuplicate",
  {
    existingCode: Schema.String,
    description: Schema.String,
  },
) {
  static readonly code = "SOR_DUPLICATE"
  static readonly category = "conflict"
  readonly code = SorDuplicate.code
  readonly category = SorDuplicate.category
  readonly retryable = false
  override get message(): string {
    return `An active SOR ${this.existingCode} already has this type, sub type, variant and description ("${this.description}"); use ${this.existingCode} or change the description.`
  }
}

/**
 * The SOR is a basic line of an active works SOR's rate analysis (SOR-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class SorReferenced extends Schema.TaggedError<SorReferenced>("@karya/core/rates/SorReferenced")(
  "SorReferenced",
  {
    sorCode: Schema.String,
    /** The active works SORs whose analyses use it. */
    referencingCodes: Schema.Array(Schema.String),
  },
) {
  static readonly code = "SOR_REFERENCED"
  static readonly category = "rule"
  readonly code = SorReferenced.code
  readonly category = SorReferenced.category
  readonly retryable = false
  override get message(): string {
    return `${this.sorCode} cannot be made inactive: the rate analyses of ${this.referencingCodes.join(", ")} use it; edit those analyses first.`
  }
}

/**
 * The SOR cannot be used for this: a works SOR where a basic one is needed,
 * an inactive one, or not a labour SOR where a skill is needed.
 *
 * @since 0.1.0
 * @category errors
 */
export const sorUseProblemCodes = {
  inactive: "SOR_INACTIVE",
  notBasic: "SOR_NOT_BASIC",
  notWorks: "SOR_NOT_WORKS",
  notLabour: "SOR_NOT_LABOUR",
  worksRateFromAnalysis: "WORKS_RATE_FROM_ANALYSIS",
} as const
