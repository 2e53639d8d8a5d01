/**
 * The labour, material and machinery content of a works SOR per unit
 * (RA-8), as the measurement module reads it for utilization statements
 * (MB-8): an anti-corruption port in front of the rates module. For one SOR
 * on one date it lists each component item (the basic labour, material or
 * machinery SOR) with its quantity and cost per one unit of the works SOR.
 *
 * `layerFromRates` implements the port over the rates module
 * (`Rates.RateAnalysisMaintenance.contentPerUnitOf`); `layerMemory` serves
 * a fixed list of effective-dated contents for tests and embedding.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Ref, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { configurationOf, type TenantSettings } from "../config/TenantSettings.js"
import { Amount } from "../money/Amount.js"
import * as Quantity from "../money/Quantity.js"
import type { Scale } from "../money/Scale.js"
import * as RateAnalysis from "../rates/RateAnalysis.js"
import { contentPerUnitOf } from "../rates/RateAnalysisMaintenance.js"
import type { RateAnalysisRepository } from "../rates/RateAnalysisRepository.js"
import type { RateRepository } from "../rates/RateRepository.js"
import type { SorRepository } from "../rates/SorRepository.js"
import * as StateSchedule from "../rates/StateSchedule.js"
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
  quantityPerUnit: Quantity.Quantity,
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

const itemFromRates = Effect.fn("Measurement.contentItemFromRates")(function* (
  item: RateAnalysis.ContentItem,
  options: { readonly tenantId: TenantId; readonly quantityScale: Scale },
) {
  const quantityPerUnit =
    item.source === "basicLine"
      ? RateAnalysis.divideRounded({
          dividend: item.quantity,
          divisor: item.analysisQuantity,
          scale: options.quantityScale,
        })
      : Quantity.zero
  const sor =
    item.sorId === undefined
      ? Option.none()
      : yield* Effect.option(StateSchedule.sorOf({ tenantId: options.tenantId, sorId: item.sorId ?? "" }))
  const content: ContentItem = {
    kind: item.kind,
    itemCode: item.code,
    description: Option.match(sor, {
      onNone: () => `additional charge on ${item.code}`,
      onSome: (found) => found.description,
    }),
    unit: Option.match(sor, { onNone: () => "", onSome: (found) => found.unit }),
    quantityPerUnit,
    costPerUnit: item.amountPerUnit,
  }
  return content
})

const contentFromRates = Effect.fn("Measurement.contentFromRates")(function* (key: ContentKey) {
  const configuration = yield* configurationOf(key.tenantId)
  // The schedule of rates is read as the ULB sees it: its own, else its state's (TEN-1).
  const sor = yield* StateSchedule.sorByCode({ tenantId: key.tenantId, code: key.sorCode })
  if (Option.isNone(sor)) return Option.none<ReadonlyArray<ContentItem>>()
  const content = yield* contentPerUnitOf({ tenantId: key.tenantId, sorId: sor.value.id, date: key.on })
  const options = { tenantId: key.tenantId, quantityScale: configuration.roundingScales.quantity }
  const items = yield* Effect.forEach(content.items, (item) => itemFromRates(item, options))
  return Option.some<ReadonlyArray<ContentItem>>(items)
})

/**
 * The port over the rates module (RA-8): the content per unit of the
 * tenant's SOR with the code, as `Rates.RateAnalysisMaintenance.contentPerUnitOf`
 * gives it on the date (a works SOR's from its active analysis, a basic SOR
 * is its own content). Each item's quantity per unit is q ÷ Qa rounded
 * half away from zero to the tenant's quantity scale; its cost per unit is
 * the analysis's amount per unit; description and unit are the basic SOR's
 * (an analysis-level charge has no quantity and no unit).
 *
 * An SOR unknown in the tenant, a works SOR without an active analysis, a
 * basic SOR with no rate on the date, or a tenant `TenantSettings` does not
 * know has no content (`UTILIZATION_ANALYSIS_MISSING` for the statement).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromRates: Layer.Layer<
  RateAnalysisContent,
  never,
  SorRepository | RateRepository | RateAnalysisRepository | TenantSettings
> = Layer.effect(
  RateAnalysisContent,
  Effect.map(
    Effect.context<SorRepository | RateRepository | RateAnalysisRepository | TenantSettings>(),
    (rates) =>
      RateAnalysisContent.of({
        contentOf: (key) =>
          contentFromRates(key).pipe(
            Effect.catchTags({
              TenantNotServed: () => Effect.succeed(Option.none()),
              SorNotFound: () => Effect.succeed(Option.none()),
              RateAnalysisNotFound: () => Effect.succeed(Option.none()),
              NoRateForDate: () => Effect.succeed(Option.none()),
            }),
            // The port has no failure channel: an unreachable rates store
            // is a defect here, as the registries' stores are for `Payees`.
            Effect.orDie,
            Effect.provideContext(rates),
          ),
      }),
  ),
)
