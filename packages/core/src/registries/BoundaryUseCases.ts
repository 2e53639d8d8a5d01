/**
 * Use cases of the boundary registry (BND-1): add a node to a state's
 * hierarchy, and read a node's path from the state down (what KPIs use to
 * filter by district and ULB).
 *
 * @since 0.1.0
 */
import { Effect, Option, Schema } from "effect"
import { stateTenantOf, TenantId } from "../config/TenantId.js"
import type { ValidationFailed } from "../errors/ValidationFailed.js"
import * as EntityId from "../ids/EntityId.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import * as Boundary from "./Boundary.js"
import { BoundaryRepository } from "./BoundaryRepository.js"
import { refuseProblems } from "./internal/Refusal.js"

/**
 * A request to add a boundary: the tenant adding it (the node goes to that
 * tenant's state hierarchy), its code, name, level, parent and LGD code.
 *
 * @since 0.1.0
 * @category models
 */
export const AddBoundaryRequest = Schema.Struct({
  tenantId: TenantId,
  code: Schema.String,
  name: Schema.String,
  level: Boundary.BoundaryLevel,
  parentCode: Schema.optionalKey(Schema.String),
  lgdCode: Schema.optionalKey(Schema.String),
})

/**
 * @since 0.1.0
 * @category models
 */
export type AddBoundaryRequest = typeof AddBoundaryRequest.Type

/**
 * Adds a boundary to its state's hierarchy (BND-1): every problem of the
 * request is reported at once, and a refused request stores nothing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const addBoundary: (
  request: AddBoundaryRequest,
) => Effect.Effect<
  Boundary.Boundary,
  ValidationFailed | Boundary.BoundaryExists | StoreUnavailable,
  BoundaryRepository
> = Effect.fn("addBoundary")(function* (request: AddBoundaryRequest) {
  const repository = yield* BoundaryRepository
  const stateTenantId = stateTenantOf(request.tenantId)
  const parentCode = request.parentCode?.trim()
  const lgdCode = request.lgdCode?.trim()
  const boundary: Boundary.Boundary = {
    id: yield* EntityId.make,
    tenantId: stateTenantId,
    code: request.code.trim(),
    name: request.name.trim(),
    level: request.level,
    ...(parentCode === undefined || parentCode === "" ? {} : { parentCode }),
    ...(lgdCode === undefined || lgdCode === "" ? {} : { lgdCode }),
    version: 1,
  }
  const parent =
    boundary.parentCode === undefined
      ? Option.none()
      : yield* AggregateStore.findFirst(repository, {
          tenantId: stateTenantId,
          where: { code: boundary.parentCode },
        })
  yield* refuseProblems("boundary", Boundary.problemsOf(boundary, Option.getOrUndefined(parent)))
  yield* repository.insert({ aggregate: boundary })
  return boundary
})

/**
 * The path from the state down to a boundary (BND-1):
 * `[state, district, ulb, ward, locality]` for a locality.
 *
 * @since 0.1.0
 * @category conversions
 */
export const boundaryPath: (query: {
  readonly tenantId: TenantId
  readonly code: string
}) => Effect.Effect<
  ReadonlyArray<Boundary.Boundary>,
  Boundary.BoundaryNotFound | StoreUnavailable,
  BoundaryRepository
> = Effect.fn("boundaryPath")(function* (query: { readonly tenantId: TenantId; readonly code: string }) {
  const repository = yield* BoundaryRepository
  const stateTenantId = stateTenantOf(query.tenantId)
  const path: Array<Boundary.Boundary> = []
  let code: string | undefined = query.code
  for (let step = 0; step < Boundary.levels.length && code !== undefined; step += 1) {
    const found: Option.Option<Boundary.Boundary> = yield* AggregateStore.findFirst(repository, {
      tenantId: stateTenantId,
      where: { code },
    })
    if (Option.isNone(found)) {
      return yield* Effect.fail(new Boundary.BoundaryNotFound({ stateTenantId, boundaryCode: code }))
    }
    path.unshift(found.value)
    code = found.value.parentCode
  }
  return path
})
