/**
 * A project (minimal, parent of estimates): a number (ID-2 `PJ/…`), its
 * tenant, name, project type, location, estimated cost and status. Closure
 * (CLOSE-1) moves it to `closed`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import * as Amount from "../money/Amount.js"

/**
 * Longest project name in characters: room for a scheme, a ward and a road
 * in one name, still short enough to head a report's line.
 *
 * @since 0.1.0
 * @category models
 */
export const nameLengthMax = 256

/**
 * A stored project.
 *
 * @since 0.1.0
 * @category models
 */
export const Project = Schema.Struct({
  id: EntityId,
  tenantId: TenantId,
  number: HumanNumber,
  name: Schema.String,
  /** The tenant's project type code (also the key of estimate templates, EST-10). */
  projectType: Schema.String,
  /** The boundary code of the site (ward, locality). */
  location: Schema.String,
  estimatedCost: Amount.Amount,
  status: Schema.Literals(["active", "closed"]),
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Project = typeof Project.Type

/**
 * What a clerk enters to create a project.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProjectInput {
  readonly name: string
  readonly projectType: string
  readonly location: string
  readonly estimatedCost: Amount.Amount
}

/**
 * Problem codes of a project.
 *
 * @since 0.1.0
 * @category errors
 */
export const projectProblemCodes = {
  nameEmpty: "PROJECT_NAME_EMPTY",
  nameTooLong: "PROJECT_NAME_TOO_LONG",
  projectTypeEmpty: "PROJECT_TYPE_EMPTY",
  locationEmpty: "PROJECT_LOCATION_EMPTY",
  costPlacesExceeded: "PROJECT_COST_PLACES_EXCEEDED",
} as const

const required = (
  value: string,
  field: string,
  code: string,
  message: string,
): ReadonlyArray<FieldProblem> => (value.trim() === "" ? [{ field, code, message }] : [])

/**
 * Every problem with a project input (ERR-3).
 *
 * @since 0.1.0
 * @category predicates
 */
export const inputProblems = (input: ProjectInput): ReadonlyArray<FieldProblem> => [
  ...required(input.name, "name", projectProblemCodes.nameEmpty, "enter the project's name"),
  ...(input.name.length > nameLengthMax
    ? [
        {
          field: "name",
          code: projectProblemCodes.nameTooLong,
          message: `shorten the name to at most ${nameLengthMax} characters`,
          limit: String(nameLengthMax),
        },
      ]
    : []),
  ...required(
    input.projectType,
    "projectType",
    projectProblemCodes.projectTypeEmpty,
    "choose the project type",
  ),
  ...required(input.location, "location", projectProblemCodes.locationEmpty, "choose the project's location"),
  ...(input.estimatedCost.decimalPlaces() > 2
    ? [
        {
          field: "estimatedCost",
          code: projectProblemCodes.costPlacesExceeded,
          message: "enter the cost in rupees and paise (at most 2 places)",
          limit: "2",
        },
      ]
    : []),
]

/**
 * Whether the project's name contains `fragment`, ignoring case: the name
 * search of API-5, which no store column answers; applied to the projects a
 * `find` returns.
 *
 * @since 0.1.0
 * @category predicates
 */
export const hasNameContaining = (project: Project, fragment: string): boolean =>
  project.name.toLowerCase().includes(fragment.toLowerCase())
