/**
 * The repository port of rate analyses (RA-1, RA-6, SOR-3): tenant-scoped,
 * versioned, written all-or-nothing (an edit deactivates the old analysis and
 * adds the new one in one write), queried by works SOR, by status and by the
 * basic SORs the analyses use. Every implementation passes
 * `RateAnalysisRepositorySuite`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { StaleVersion } from "../workflow/WorkflowEngine.js"
import type { RateAnalysis } from "./RateAnalysis.js"
import * as VersionedTable from "./VersionedTable.js"

/**
 * No rate analysis with this id, or no active analysis for this works SOR.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateAnalysisNotFound extends Schema.TaggedError<RateAnalysisNotFound>(
  "@karya/core/rates/RateAnalysisNotFound",
)("RateAnalysisNotFound", {
  tenantId: Schema.String,
  /** The analysis id, or the works SOR's code. */
  reference: Schema.String,
}) {
  static readonly code = "RATE_ANALYSIS_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = RateAnalysisNotFound.code
  readonly category = RateAnalysisNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No active rate analysis ${this.reference} exists in ${this.tenantId}; create the works item's rate analysis first.`
  }
}

/**
 * One all-or-nothing write of analyses.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateAnalysisWrite {
  readonly inserts: ReadonlyArray<RateAnalysis>
  readonly updates: ReadonlyArray<RateAnalysis>
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateAnalysisRepositoryShape {
  readonly save: (write: RateAnalysisWrite) => Effect.Effect<void, StaleVersion>
  readonly get: (tenantId: TenantId, id: string) => Effect.Effect<RateAnalysis, RateAnalysisNotFound>
  /** The active analysis of a works SOR, if any. */
  readonly activeForSor: (tenantId: TenantId, sorId: string) => Effect.Effect<Option.Option<RateAnalysis>>
  /** Every analysis of a works SOR, active and inactive, oldest first (RA-6 history). */
  readonly historyOfSor: (tenantId: TenantId, sorId: string) => Effect.Effect<ReadonlyArray<RateAnalysis>>
  /** Every active analysis of the tenant, ordered by code (RA-7). */
  readonly listActive: (tenantId: TenantId) => Effect.Effect<ReadonlyArray<RateAnalysis>>
  /** The active analyses with a basic line naming the SOR (SOR-3). */
  readonly activeUsing: (tenantId: TenantId, basicSorId: string) => Effect.Effect<ReadonlyArray<RateAnalysis>>
}

/**
 * The rate analysis repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class RateAnalysisRepository extends Context.Service<
  RateAnalysisRepository,
  RateAnalysisRepositoryShape
>()("@karya/core/rates/RateAnalysisRepository") {}

const byCode = (left: RateAnalysis, right: RateAnalysis): number =>
  left.code < right.code ? -1 : left.code > right.code ? 1 : 0

/**
 * An in-memory rate analysis repository (tests and embedding).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<RateAnalysisRepository> = Layer.effect(
  RateAnalysisRepository,
  Effect.map(VersionedTable.make<RateAnalysis>(), (table) => {
    const active = (tenantId: TenantId) =>
      Effect.map(table.rows(tenantId), (rows) => rows.filter((analysis) => analysis.status === "active"))
    return RateAnalysisRepository.of({
      save: (write) => table.write(write),
      get: (tenantId, id) =>
        Effect.flatMap(table.find(tenantId, id), (found) =>
          Option.match(found, {
            onNone: () => Effect.fail(new RateAnalysisNotFound({ tenantId, reference: id })),
            onSome: Effect.succeed,
          }),
        ),
      activeForSor: (tenantId, sorId) =>
        Effect.map(active(tenantId), (rows) =>
          Option.fromNullishOr(rows.find((analysis) => analysis.sorId === sorId)),
        ),
      historyOfSor: (tenantId, sorId) =>
        Effect.map(table.rows(tenantId), (rows) => rows.filter((analysis) => analysis.sorId === sorId)),
      listActive: (tenantId) => Effect.map(active(tenantId), (rows) => [...rows].sort(byCode)),
      activeUsing: (tenantId, basicSorId) =>
        Effect.map(active(tenantId), (rows) =>
          rows
            .filter((analysis) => analysis.basicLines.some((line) => line.sorId === basicSorId))
            .sort(byCode),
        ),
    })
  }),
)
