/**
 * Estimate templates (EST-10): a code (ID-2 `TMP_…`), project type, name,
 * description, active flag and an ordered list of SOR and NON-SOR items
 * without quantities. An estimate started from a template gets one line per
 * item with no measurements, and is then edited freely.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import * as Rate from "../money/Rate.js"
import { descriptionLengthMax, type LineInput, nonSorRatePlacesMax } from "./EstimateLine.js"

/**
 * Most items of one template; a template is a starting point, not a full
 * schedule.
 *
 * @since 0.1.0
 * @category models
 */
export const itemsMax = 200

/**
 * One item of a template.
 *
 * @since 0.1.0
 * @category models
 */
export const TemplateItem = Schema.Union([
  Schema.Struct({ category: Schema.Literal("sor"), sorId: EntityId, sorCode: HumanNumber }),
  Schema.Struct({
    category: Schema.Literal("nonSor"),
    description: Schema.String,
    unit: Schema.String,
    rate: Rate.Rate,
  }),
])

/**
 * @since 0.1.0
 * @category models
 */
export type TemplateItem = typeof TemplateItem.Type

/**
 * A stored template.
 *
 * @since 0.1.0
 * @category models
 */
export const EstimateTemplate = Schema.Struct({
  id: EntityId,
  tenantId: TenantId,
  code: HumanNumber,
  projectType: Schema.String,
  name: Schema.String,
  description: Schema.String,
  isActive: Schema.Boolean,
  items: Schema.Array(TemplateItem),
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type EstimateTemplate = typeof EstimateTemplate.Type

/**
 * Problem codes of templates (EST-10).
 *
 * @since 0.1.0
 * @category errors
 */
export const templateProblemCodes = {
  nameEmpty: "TEMPLATE_NAME_EMPTY",
  projectTypeEmpty: "TEMPLATE_PROJECT_TYPE_EMPTY",
  itemsEmpty: "TEMPLATE_ITEMS_EMPTY",
  itemsTooMany: "TEMPLATE_ITEMS_TOO_MANY",
  itemDescriptionInvalid: "TEMPLATE_ITEM_DESCRIPTION_INVALID",
  itemRatePlacesExceeded: "TEMPLATE_ITEM_RATE_PLACES_EXCEEDED",
  templateInactive: "TEMPLATE_INACTIVE",
} as const

/**
 * Every problem with a template's own fields (ERR-3); SOR items are checked
 * against the schedule by the use case.
 *
 * @since 0.1.0
 * @category predicates
 */
export const templateProblems = (input: {
  readonly name: string
  readonly projectType: string
  readonly items: ReadonlyArray<
    { readonly category: "sor" } | Extract<TemplateItem, { readonly category: "nonSor" }>
  >
}): ReadonlyArray<FieldProblem> => [
  ...(input.name.trim() === ""
    ? [{ field: "name", code: templateProblemCodes.nameEmpty, message: "name the template" }]
    : []),
  ...(input.projectType.trim() === ""
    ? [
        {
          field: "projectType",
          code: templateProblemCodes.projectTypeEmpty,
          message: "choose the project type the template is for",
        },
      ]
    : []),
  ...(input.items.length === 0
    ? [{ field: "items", code: templateProblemCodes.itemsEmpty, message: "add at least one item" }]
    : []),
  ...(input.items.length > itemsMax
    ? [
        {
          field: "items",
          code: templateProblemCodes.itemsTooMany,
          message: `a template holds at most ${itemsMax} items`,
          limit: String(itemsMax),
        },
      ]
    : []),
  ...input.items.flatMap((item, index) =>
    item.category === "sor"
      ? []
      : [
          ...(item.description.trim() === "" ||
          item.description.length > descriptionLengthMax ||
          item.unit.trim() === ""
            ? [
                {
                  field: `items[${index}]`,
                  code: templateProblemCodes.itemDescriptionInvalid,
                  message: `give the item a description of 1 to ${descriptionLengthMax} characters and a unit`,
                },
              ]
            : []),
          ...(item.rate.decimalPlaces() > nonSorRatePlacesMax
            ? [
                {
                  field: `items[${index}].rate`,
                  code: templateProblemCodes.itemRatePlacesExceeded,
                  message: `enter the rate with at most ${nonSorRatePlacesMax} decimal places`,
                  limit: String(nonSorRatePlacesMax),
                },
              ]
            : []),
        ],
  ),
]

/**
 * The lines an estimate started from a template begins with (EST-10): one per
 * item, in order, with no measurements.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toLineInputs = (template: EstimateTemplate): ReadonlyArray<LineInput> =>
  template.items.map((item) =>
    item.category === "sor"
      ? { category: "sor", sorId: item.sorId, measurements: [] }
      : {
          category: "nonSor",
          description: item.description,
          unit: item.unit,
          rate: item.rate,
          measurements: [],
        },
  )
