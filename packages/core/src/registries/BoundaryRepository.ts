/**
 * The store of boundary hierarchies (BND-1), one per state tenant:
 * versioned nodes (DB-4) kept under the state tenant (TEN-1), on the one
 * store shape of `Persistence.AggregateStore`. A node's code is unique within
 * its state: the `code` unique rule refuses a second with `BOUNDARY_EXISTS`.
 * Every query names the state tenant.
 *
 * - by code: `findFirst(repository, { tenantId: state, where: { code } })`;
 * - the children of a node, by code: `find` with `where: { parentCode }`,
 *   `orderBy: "code"`;
 * - by LGD code: `findFirst` with `where: { lgdCode }`;
 * - the nodes of a level: `find` with `where: { level }`.
 *
 * @since 0.1.0
 */
import { Context, type Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { Boundary, BoundaryExists, BoundaryNotFound } from "./Boundary.js"

/**
 * How boundaries are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<Boundary>()({
  name: "Boundary",
  plural: "Boundaries",
  schema: Boundary,
  idOf: (boundary) => boundary.id,
  columns: {
    code: { type: "text", of: (boundary) => boundary.code, sortable: true },
    level: { type: "text", of: (boundary) => boundary.level },
    parentCode: { type: "text", of: (boundary) => boundary.parentCode ?? null },
    lgdCode: { type: "text", of: (boundary) => boundary.lgdCode ?? null },
  },
  uniques: {
    code: {
      scope: "tenant",
      keyOf: (boundary) => boundary.code,
      conflict: ({ aggregate }) =>
        new BoundaryExists({ stateTenantId: aggregate.tenantId, boundaryCode: aggregate.code }),
    },
  },
  // `get` looks a node up by its id; lookups by code go through `findFirst`.
  notFound: (key) => new BoundaryNotFound({ stateTenantId: key.tenantId, boundaryCode: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type BoundaryRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The boundary repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class BoundaryRepository extends Context.Service<BoundaryRepository, BoundaryRepositoryShape>()(
  "@karya/core/registries/BoundaryRepository",
) {}

/**
 * An in-memory boundary store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<BoundaryRepository> = AggregateStore.layerMemory(
  BoundaryRepository,
  descriptor,
)
