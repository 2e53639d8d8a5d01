/**
 * The store of rate analyses (RA-1, RA-6, RA-7, SOR-3): versioned records
 * (DB-4), tenant-scoped (TEN-1), on the one store shape of
 * `Persistence.AggregateStore`. A works SOR has at most one active analysis:
 * the `activeAnalysis` unique rule refuses a second with
 * `RATE_ANALYSIS_EXISTS`, so an edit (RA-6) makes the old analysis inactive
 * before it inserts the new one; run in `UnitOfWork.transaction`, the two
 * writes are one transaction (DB-5).
 *
 * - by id: `get({ tenantId, id })` (or `RATE_ANALYSIS_NOT_FOUND`);
 * - the active analysis of a works SOR: `findFirst` with
 *   `where: { sorId, status: "active" }`;
 * - every analysis of a works SOR, oldest first (RA-6 history): `find` with
 *   `where: { sorId }` in insertion order;
 * - the active analyses, by code (RA-7): `find` (or `findAll` for the
 *   revision job) with `where: { status: "active" }`, `orderBy: "code"`;
 * - the active analyses with a basic line naming an SOR (SOR-3): `find` with
 *   `where: { basicSorIds: sorId, status: "active" }`, `orderBy: "code"`.
 *
 * @since 0.1.0
 */
import { Context, type Layer, Schema } from "effect"
import { fromProblems } from "../errors/ValidationFailed.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { analysisExistsCode, RateAnalysis } from "./RateAnalysis.js"

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
 * How rate analyses are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<RateAnalysis>()({
  name: "RateAnalysis",
  plural: "RateAnalyses",
  schema: RateAnalysis,
  idOf: (analysis) => analysis.id,
  columns: {
    code: { type: "text", of: (analysis) => analysis.code, sortable: true },
    sorId: { type: "text", of: (analysis) => analysis.sorId },
    sorCode: { type: "text", of: (analysis) => analysis.sorCode },
    status: { type: "text", of: (analysis) => analysis.status },
    effectiveFrom: {
      type: "date",
      of: (analysis) => analysis.effectivePeriod.effectiveFrom,
      sortable: true,
    },
    effectiveTo: { type: "date", of: (analysis) => analysis.effectivePeriod.effectiveTo ?? null },
    basicSorIds: { type: "textList", of: (analysis) => analysis.basicLines.map((line) => line.sorId) },
  },
  uniques: {
    activeAnalysis: {
      scope: "tenant",
      keyOf: (analysis) => (analysis.status === "active" ? analysis.sorId : undefined),
      conflict: ({ aggregate }) =>
        fromProblems(`rate analysis of ${aggregate.sorCode}`, [
          {
            field: "sorId",
            code: analysisExistsCode,
            message: `${aggregate.sorCode} already has an active analysis; edit it instead`,
          },
        ]),
    },
  },
  notFound: (key) => new RateAnalysisNotFound({ tenantId: key.tenantId, reference: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type RateAnalysisRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

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

/**
 * An in-memory rate analysis store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<RateAnalysisRepository> = AggregateStore.layerMemory(
  RateAnalysisRepository,
  descriptor,
)
