/**
 * The store of boundary hierarchies (BND-1), one per state tenant: nodes by
 * code, children of a node, and a node by its LGD code. A node's code is
 * unique within its state (`BOUNDARY_EXISTS`). Every implementation passes
 * `BoundaryRepositorySuite` from `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Ref, Result } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import { type Boundary, BoundaryExists } from "./Boundary.js"
import { modifyOrFail } from "./internal/MemoryStore.js"
import type { RegistryUnavailable } from "./RegistryUnavailable.js"

/**
 * The port's operations. Every query names the state tenant.
 *
 * @since 0.1.0
 * @category models
 */
export interface BoundaryRepositoryShape {
  /** Adds a node at version 1; fails when its code is taken in the state. */
  readonly insert: (boundary: Boundary) => Effect.Effect<void, BoundaryExists | RegistryUnavailable>
  /** Replaces a node whose stored version is `expectedVersion` (DB-4). */
  readonly update: (request: {
    readonly boundary: Boundary
    readonly expectedVersion: number
  }) => Effect.Effect<void, StaleVersion | RegistryUnavailable>
  readonly findByCode: (query: {
    readonly stateTenantId: TenantId
    readonly code: string
  }) => Effect.Effect<Option.Option<Boundary>, RegistryUnavailable>
  readonly findByLgdCode: (query: {
    readonly stateTenantId: TenantId
    readonly lgdCode: string
  }) => Effect.Effect<Option.Option<Boundary>, RegistryUnavailable>
  /** The children of a node, ordered by code. */
  readonly childrenOf: (query: {
    readonly stateTenantId: TenantId
    readonly parentCode: string
  }) => Effect.Effect<ReadonlyArray<Boundary>, RegistryUnavailable>
}

/**
 * The boundary repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class BoundaryRepository extends Context.Service<BoundaryRepository, BoundaryRepositoryShape>()(
  "@karya/core/registries/BoundaryRepository",
) {}

const keyOf = (stateTenantId: string, code: string): string => JSON.stringify([stateTenantId, code])

const make = Effect.map(Ref.make<ReadonlyMap<string, Boundary>>(new Map()), (nodes) =>
  BoundaryRepository.of({
    insert: (boundary) =>
      modifyOrFail(nodes, (current) => {
        const key = keyOf(boundary.stateTenantId, boundary.code)
        return current.has(key)
          ? Result.fail(
              new BoundaryExists({ stateTenantId: boundary.stateTenantId, boundaryCode: boundary.code }),
            )
          : Result.succeed([undefined, new Map(current).set(key, boundary)] as const)
      }),
    update: ({ boundary, expectedVersion }) =>
      modifyOrFail(nodes, (current) => {
        const key = keyOf(boundary.stateTenantId, boundary.code)
        const actualVersion = current.get(key)?.version ?? 0
        return actualVersion === expectedVersion
          ? Result.succeed([undefined, new Map(current).set(key, boundary)] as const)
          : Result.fail(new StaleVersion({ entityId: boundary.code, expectedVersion, actualVersion }))
      }),
    findByCode: ({ stateTenantId, code }) =>
      Effect.map(Ref.get(nodes), (current) =>
        Option.fromUndefinedOr(current.get(keyOf(stateTenantId, code))),
      ),
    findByLgdCode: ({ stateTenantId, lgdCode }) =>
      Effect.map(Ref.get(nodes), (current) =>
        Option.fromUndefinedOr(
          [...current.values()].find(
            (node) => node.stateTenantId === stateTenantId && node.lgdCode === lgdCode,
          ),
        ),
      ),
    childrenOf: ({ stateTenantId, parentCode }) =>
      Effect.map(Ref.get(nodes), (current) =>
        [...current.values()]
          .filter((node) => node.stateTenantId === stateTenantId && node.parentCode === parentCode)
          .toSorted((left, right) => (left.code < right.code ? -1 : left.code > right.code ? 1 : 0)),
      ),
  }),
)

/**
 * An in-memory boundary store: nodes in a `Ref`, each write atomic.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<BoundaryRepository> = Layer.effect(BoundaryRepository, make)
