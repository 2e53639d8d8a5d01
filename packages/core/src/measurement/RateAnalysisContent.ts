/**
 * The labour, material and machinery content of a works SOR per unit
 * (RA-8), as the measurement module reads it for utilization statements
 * (MB-8): an anti-corruption port in front of the rates module. For one SOR
 * on one date it lists each component item (the basic labour, material or
 * machinery SOR) with its quantity and cost per one unit of the works SOR.
 *
 * The rates module provides the production layer; `layerMemory` serves a
 * fixed list of effective-dated contents for tests and embedding.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Ref, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { Amount } from "../money/Amount.js"
import { Quantity } from "../money/Quantity.js"
import * as EffectivePeriod from "../time/EffectivePeriod.js"
import type { LocalDate } from "../time/LocalDate.js"

/**
 * The kind of a component item (RA-8).
 *
 * @since 0.1.0
 * @category models
 */
export const ComponentKind = Schema.Literals(["labour", "material", "machinery"])

/**
 * @since 0.1.0
 * @category models
 */
export type ComponentKind = typeof ComponentKind.Type

/**
 * One component item of a works SOR, per one unit of the works SOR.
 *
 * @since 0.1.0
 * @category models
 */
export const ContentItem = Schema.Struct({
  kind: ComponentKind,
  /** The basic SOR of the item (a labour, material or machinery SOR code). */
  itemCode: Schema.NonEmptyString,
  description: Schema.String,
  unit: Schema.String,
  quantityPerUnit: Quantity,
  costPerUnit: Amount,
})

/**
 * @since 0.1.0
 * @category models
 */
export type ContentItem = typeof ContentItem.Type

/**
 * What a lookup names: the tenant, the works SOR and the date its analysis
 * is read for (CONF-2).
 *
 * @since 0.1.0
 * @category models
 */
export interface ContentKey {
  readonly tenantId: TenantId
  readonly sorCode: string
  readonly on: LocalDate
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateAnalysisContentShape {
  /** The SOR's content per unit on the date, or none when it has no analysis then. */
  readonly contentOf: (key: ContentKey) => Effect.Effect<Option.Option<ReadonlyArray<ContentItem>>>
}

/**
 * The rate-analysis content port.
 *
 * @since 0.1.0
 * @category services
 */
export class RateAnalysisContent extends Context.Service<RateAnalysisContent, RateAnalysisContentShape>()(
  "@karya/core/measurement/RateAnalysisContent",
) {}

/**
 * A works SOR's content in one effective window, as `layerMemory` keeps it.
 *
 * @since 0.1.0
 * @category models
 */
export const KnownContent = Schema.Struct({
  tenantId: TenantId,
  sorCode: Schema.NonEmptyString,
  effectivePeriod: EffectivePeriod.EffectivePeriod,
  items: Schema.Array(ContentItem),
})

/**
 * @since 0.1.0
 * @category models
 */
export type KnownContent = typeof KnownContent.Type

/**
 * An in-memory port serving fixed contents (kept in a `Ref`): the content of
 * the SOR in the tenant whose window contains the date.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (contents: ReadonlyArray<KnownContent>): Layer.Layer<RateAnalysisContent> =>
  Layer.effect(
    RateAnalysisContent,
    Effect.map(Ref.make(contents), (stored) =>
      RateAnalysisContent.of({
        contentOf: (key) =>
          Effect.map(Ref.get(stored), (all) =>
            Option.map(
              Option.fromNullishOr(
                all.find(
                  (content) =>
                    content.tenantId === key.tenantId &&
                    content.sorCode === key.sorCode &&
                    EffectivePeriod.containsDate(content.effectivePeriod, key.on),
                ),
              ),
              (content) => content.items,
            ),
          ),
      }),
    ),
  )
