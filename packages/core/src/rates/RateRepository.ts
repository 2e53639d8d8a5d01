/**
 * The store of SOR rate windows (RATE-1..5): versioned records (DB-4),
 * tenant-scoped (TEN-1), on the one store shape of
 * `Persistence.AggregateStore`. Each write appends the version it stores to
 * the window's history, so every version stays readable (RATE-4). A window's
 * dates are columns, so the rate on a date is a range query: the window of
 * the SOR with the latest start on or before the date, if it has not ended
 * (windows of one SOR never overlap, RATE-2). One window per SOR and start
 * date is the `windowStart` unique rule: a second one fails with
 * `RATE_BEFORE_CURRENT`.
 *
 * - by id: `get({ tenantId, id })` (or `RATE_NOT_FOUND`);
 * - the windows of an SOR by start: `find` with `where: { sorId }`,
 *   `orderBy: "effectiveFrom"`;
 * - the window in force on a date: `findFirst` with `where: { sorId,
 *   effectiveFrom: { to: date } }`, `orderBy: "effectiveFrom"`,
 *   `direction: "descending"`, then `EffectivePeriod.containsDate`;
 * - the versions of a window (RATE-4): `history({ tenantId, id, limit })`,
 *   oldest first; writers pass the stored version as its entry
 *   (`history: [rate]`).
 *
 * Closing the open window and adding the next are two writes, the update
 * first, so a stale one writes nothing; run in `UnitOfWork.transaction`,
 * they are one transaction (DB-5).
 *
 * @since 0.1.0
 */
import { Context, type Layer, Schema } from "effect"
import * as Amount from "../money/Amount.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { RateBeforeCurrent, SorRate } from "./SorRate.js"

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
 * How rate windows are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<SorRate>()({
  name: "SorRate",
  schema: SorRate,
  idOf: (rate) => rate.id,
  columns: {
    sorId: { type: "text", of: (rate) => rate.sorId },
    sorCode: { type: "text", of: (rate) => rate.sorCode },
    effectiveFrom: { type: "date", of: (rate) => rate.effectivePeriod.effectiveFrom, sortable: true },
    effectiveTo: { type: "date", of: (rate) => rate.effectivePeriod.effectiveTo ?? null },
    rate: { type: "numeric", of: (rate) => Amount.toCanonicalString(rate.rate) },
    source: { type: "text", of: (rate) => rate.source },
  },
  uniques: {
    windowStart: {
      scope: "tenant",
      keyOf: (rate) => `${rate.sorId}/${rate.effectivePeriod.effectiveFrom}`,
      conflict: ({ aggregate }) =>
        new RateBeforeCurrent({
          sorCode: aggregate.sorCode,
          effectiveFrom: aggregate.effectivePeriod.effectiveFrom,
          currentEffectiveFrom: aggregate.effectivePeriod.effectiveFrom,
        }),
    },
  },
  notFound: (key) => new RateNotFound({ tenantId: key.tenantId, rateId: key.id }),
  history: { schema: SorRate },
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type RateRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

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
 * An in-memory rate window store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<RateRepository> = AggregateStore.layerMemory(RateRepository, descriptor)
