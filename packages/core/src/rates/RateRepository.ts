/**
 * The repository port of SOR rate windows (RATE-1..5): tenant-scoped,
 * versioned, written all-or-nothing (closing the current window and adding
 * the next is one write, RATE-2, ERR-2), with every version of a window kept
 * readable (RATE-4). Every implementation passes `RateRepositorySuite`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { StaleVersion } from "../workflow/WorkflowEngine.js"
import { inOrder, type SorRate } from "./SorRate.js"
import * as VersionedTable from "./VersionedTable.js"

/**
 * No rate window with this id in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateNotFound extends Schema.TaggedError<RateNotFound>("@karya/core/rates/RateNotFound")(
  "RateNotFound",
  {
    tenantId: Schema.String,
    rateId: Schema.String,
  },
) {
  static readonly code = "RATE_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = RateNotFound.code
  readonly category = RateNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No rate ${this.rateId} exists in ${this.tenantId}; reload the SOR's rate history and choose a rate from it.`
  }
}

/**
 * One all-or-nothing write of rate windows: new windows (version 1) and next
 * versions of existing ones.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateWrite {
  readonly inserts: ReadonlyArray<SorRate>
  readonly updates: ReadonlyArray<SorRate>
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateRepositoryShape {
  /** Applies a write whole, or fails with `STALE_VERSION` and writes nothing. */
  readonly save: (write: RateWrite) => Effect.Effect<void, StaleVersion>
  readonly get: (tenantId: TenantId, rateId: string) => Effect.Effect<SorRate, RateNotFound>
  /** The current windows of one SOR, ordered by start date. */
  readonly windowsOf: (tenantId: TenantId, sorId: string) => Effect.Effect<ReadonlyArray<SorRate>>
  /** Every stored version of one window, oldest first (RATE-4). */
  readonly versionsOf: (tenantId: TenantId, rateId: string) => Effect.Effect<ReadonlyArray<SorRate>>
}

/**
 * The rate repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class RateRepository extends Context.Service<RateRepository, RateRepositoryShape>()(
  "@karya/core/rates/RateRepository",
) {}

/**
 * An in-memory rate repository (tests and embedding).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<RateRepository> = Layer.effect(
  RateRepository,
  Effect.map(VersionedTable.make<SorRate>(), (table) =>
    RateRepository.of({
      save: (write) => table.write(write),
      get: (tenantId, rateId) =>
        Effect.flatMap(table.find(tenantId, rateId), (found) =>
          Option.match(found, {
            onNone: () => Effect.fail(new RateNotFound({ tenantId, rateId })),
            onSome: Effect.succeed,
          }),
        ),
      windowsOf: (tenantId, sorId) =>
        Effect.map(table.rows(tenantId), (rows) => inOrder(rows.filter((rate) => rate.sorId === sorId))),
      versionsOf: (tenantId, rateId) => table.versions(tenantId, rateId),
    }),
  ),
)
