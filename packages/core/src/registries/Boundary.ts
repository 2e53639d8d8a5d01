/**
 * Administrative boundaries (BND-1): one hierarchy per state, state →
 * district → ULB → ward → locality. Each node has our code, a name and
 * optionally its LGD (Local Government Directory) code. A project's location
 * is a locality; KPIs filter by district and ULB by walking up the hierarchy
 * (`pathOf`, `ancestorAt`).
 *
 * Decisions where the spec is silent:
 * - the hierarchy of a state is kept under the state tenant (`od`), whose
 *   `tenantId` each node carries; a node also has an id (ID-4) besides its
 *   code, which is unique in the state;
 * - the state node's code is the state tenant id, and a ULB node's code is
 *   the ULB's tenant id (`od.dhenkanal`), so tenancy (TEN-1) and geography
 *   name a ULB the same way;
 * - every level has exactly one parent level: a node's parent is at the level
 *   right above it;
 * - an LGD code is 1 to 10 digits (LGD codes are numeric).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { stateTenantOf, TenantId } from "../config/TenantId.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { EntityId } from "../ids/EntityId.js"
import { assert } from "../internal/assert.js"
import { nameProblems } from "./BankAccount.js"

/**
 * The levels of the hierarchy, top first.
 *
 * @since 0.1.0
 * @category models
 */
export const levels = ["state", "district", "ulb", "ward", "locality"] as const

/**
 * @since 0.1.0
 * @category models
 */
export const BoundaryLevel = Schema.Literals(levels)

/**
 * @since 0.1.0
 * @category models
 */
export type BoundaryLevel = typeof BoundaryLevel.Type

/**
 * A boundary node.
 *
 * @since 0.1.0
 * @category models
 */
export const Boundary = Schema.Struct({
  id: EntityId,
  /** The state tenant whose hierarchy holds the node (TEN-1): a node's code is unique within it. */
  tenantId: TenantId,
  code: Schema.String,
  name: Schema.String,
  level: BoundaryLevel,
  /** The parent's code; absent only on the state node. */
  parentCode: Schema.optionalKey(Schema.String),
  lgdCode: Schema.optionalKey(Schema.String),
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type Boundary = typeof Boundary.Type

/**
 * Problem code: the code has characters other than letters, digits, `_ . -`
 * or is longer than 64 characters.
 *
 * @since 0.1.0
 * @category errors
 */
export const boundaryCodeInvalidCode = "BOUNDARY_CODE_INVALID"

/**
 * Problem code: a state or ULB node's code is not the matching tenant id.
 *
 * @since 0.1.0
 * @category errors
 */
export const boundaryCodeNotTenantCode = "BOUNDARY_CODE_NOT_TENANT"

/**
 * Problem code: the parent is missing, unknown, or not at the level above.
 *
 * @since 0.1.0
 * @category errors
 */
export const boundaryParentInvalidCode = "BOUNDARY_PARENT_INVALID"

/**
 * Problem code: the LGD code is not 1 to 10 digits.
 *
 * @since 0.1.0
 * @category errors
 */
export const lgdCodeInvalidCode = "LGD_CODE_INVALID"

/**
 * A boundary with this code already exists in the state's hierarchy.
 *
 * @since 0.1.0
 * @category errors
 */
export class BoundaryExists extends Schema.TaggedError<BoundaryExists>(
  "@karya/core/registries/BoundaryExists",
)("BoundaryExists", { stateTenantId: Schema.String, boundaryCode: Schema.String }) {
  static readonly code = "BOUNDARY_EXISTS"
  static readonly category = "conflict"
  readonly code = BoundaryExists.code
  readonly category = BoundaryExists.category
  readonly retryable = false
  override get message(): string {
    return `The boundary ${this.boundaryCode} already exists in ${this.stateTenantId}; choose another code or edit the existing boundary.`
  }
}

/**
 * No boundary has this code in the state's hierarchy.
 *
 * @since 0.1.0
 * @category errors
 */
export class BoundaryNotFound extends Schema.TaggedError<BoundaryNotFound>(
  "@karya/core/registries/BoundaryNotFound",
)("BoundaryNotFound", { stateTenantId: Schema.String, boundaryCode: Schema.String }) {
  static readonly code = "BOUNDARY_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = BoundaryNotFound.code
  readonly category = BoundaryNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No boundary ${this.boundaryCode} exists in ${this.stateTenantId}; check the code or add the boundary first.`
  }
}

/**
 * The level right above a level; `undefined` for the state.
 *
 * @since 0.1.0
 * @category conversions
 */
export const parentLevelOf = (level: BoundaryLevel): BoundaryLevel | undefined => {
  const index = levels.indexOf(level)
  return index <= 0 ? undefined : levels[index - 1]
}

const codePattern = /^[A-Za-z0-9_.-]{1,64}$/
const lgdPattern = /^\d{1,10}$/

const tenantCodeProblems = (boundary: Boundary): ReadonlyArray<FieldProblem> => {
  const isTenantOfState =
    Schema.is(TenantId)(boundary.code) && stateTenantOf(boundary.code) === boundary.tenantId
  const problem = (expected: string): ReadonlyArray<FieldProblem> => [
    { field: "code", code: boundaryCodeNotTenantCode, message: expected },
  ]
  if (boundary.level === "state" && boundary.code !== boundary.tenantId) {
    return problem(`a state's code is its tenant id: use ${boundary.tenantId}`)
  }
  if (boundary.level === "ulb" && (!isTenantOfState || boundary.code === boundary.tenantId)) {
    return problem(
      `a ULB's code is its tenant id under ${boundary.tenantId}, such as ${boundary.tenantId}.dhenkanal`,
    )
  }
  return []
}

const parentProblems = (boundary: Boundary, parent: Boundary | undefined): ReadonlyArray<FieldProblem> => {
  const expectedLevel = parentLevelOf(boundary.level)
  if (expectedLevel === undefined) {
    return boundary.parentCode === undefined
      ? []
      : [
          {
            field: "parentCode",
            code: boundaryParentInvalidCode,
            message: "a state has no parent; remove it",
          },
        ]
  }
  if (parent === undefined || parent.level !== expectedLevel) {
    const message = `a ${boundary.level}'s parent is an existing ${expectedLevel} of ${boundary.tenantId}; ${boundary.parentCode === undefined ? "name one" : `${boundary.parentCode} is not one`}`
    return [{ field: "parentCode", code: boundaryParentInvalidCode, message }]
  }
  return []
}

/**
 * Every problem of a new boundary (BND-1), given its parent as found in the
 * hierarchy (or `undefined` when none was found).
 *
 * @since 0.1.0
 * @category guards
 */
export const problemsOf = (boundary: Boundary, parent: Boundary | undefined): ReadonlyArray<FieldProblem> => [
  ...(codePattern.test(boundary.code)
    ? tenantCodeProblems(boundary)
    : [
        {
          field: "code",
          code: boundaryCodeInvalidCode,
          message: "use 1 to 64 letters, digits, and _ . - only",
        },
      ]),
  ...nameProblems(boundary.name, "name"),
  ...parentProblems(boundary, parent),
  ...(boundary.lgdCode === undefined || lgdPattern.test(boundary.lgdCode)
    ? []
    : [{ field: "lgdCode", code: lgdCodeInvalidCode, message: "an LGD code is 1 to 10 digits" }]),
]

/**
 * The path from the state down to a node, given a way to look nodes up by
 * code: `[state, district, ulb, ward, locality]` for a locality. `undefined`
 * when a node on the way is missing. Walks at most one step per level.
 *
 * @since 0.1.0
 * @category conversions
 */
export const pathOf = (
  node: Boundary,
  lookup: (code: string) => Boundary | undefined,
): ReadonlyArray<Boundary> | undefined => {
  const path: Array<Boundary> = [node]
  let current = node
  for (let step = 0; step < levels.length && current.parentCode !== undefined; step += 1) {
    const parent = lookup(current.parentCode)
    if (parent === undefined) return undefined
    path.unshift(parent)
    current = parent
  }
  assert(current.parentCode === undefined, "a path ends at a node without parent within the level count")
  return path
}

/**
 * The node's ancestor (or itself) at a level, on a path from `pathOf`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const ancestorAt = (path: ReadonlyArray<Boundary>, level: BoundaryLevel): Boundary | undefined =>
  path.find((node) => node.level === level)
