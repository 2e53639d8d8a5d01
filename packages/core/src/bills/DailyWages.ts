/**
 * The daily-wages port (BILL-W-2): the daily wage of a skill (a labour SOR
 * code, SOR-4) effective on a date (RATE-3, CONF-2). Wage-bill generation
 * reads it for the muster roll's start date. `layerFromRates` implements it
 * over the rates module's effective-dated labour rates; `layerMemory` over a
 * fixed list.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import { reaches, TenantId } from "../config/TenantId.js"
import * as Rate from "../money/Rate.js"
import type { RateRepository } from "../rates/RateRepository.js"
import { dailyWage } from "../rates/ScheduleOfRates.js"
import type { SorRepository } from "../rates/SorRepository.js"
import * as EffectivePeriod from "../time/EffectivePeriod.js"
import type { LocalDate } from "../time/LocalDate.js"

/**
 * No daily wage is in force for these skills on the date (BILL-W-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class DailyWageNotFound extends Schema.TaggedError<DailyWageNotFound>(
  "@karya/core/bills/DailyWageNotFound",
)("DailyWageNotFound", {
  tenantId: Schema.String,
  skillCodes: Schema.NonEmptyArray(Schema.String),
  date: Schema.String,
}) {
  static readonly code = "DAILY_WAGE_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = DailyWageNotFound.code
  readonly category = DailyWageNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No daily wage is in force on ${this.date} in ${this.tenantId} for the skill${this.skillCodes.length === 1 ? "" : "s"} ${this.skillCodes.join(", ")}; ask the rates administrator to publish the labour rate effective on that date, then generate the wage bill again.`
  }
}

/**
 * A request for the daily wage of a skill on a date.
 *
 * @since 0.1.0
 * @category models
 */
export interface DailyWageQuery {
  readonly tenantId: TenantId
  /** The labour SOR code of the skill. */
  readonly skillCode: string
  readonly date: LocalDate
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface DailyWagesShape {
  /** The skill's daily wage in force on the date, if one is. */
  readonly dailyWageOn: (query: DailyWageQuery) => Effect.Effect<Option.Option<Rate.Rate>>
}

/**
 * The daily-wages port.
 *
 * @since 0.1.0
 * @category services
 */
export class DailyWages extends Context.Service<DailyWages, DailyWagesShape>()(
  "@karya/core/bills/DailyWages",
) {}

/**
 * One published daily wage: a skill's rate for a window, in a tenant (a
 * state tenant's wage applies to its ULBs).
 *
 * @since 0.1.0
 * @category models
 */
export const DailyWage = Schema.Struct({
  tenantId: TenantId,
  skillCode: Schema.NonEmptyString,
  effectivePeriod: EffectivePeriod.EffectivePeriod,
  dailyWage: Rate.Rate,
})

/**
 * @since 0.1.0
 * @category models
 */
export type DailyWage = typeof DailyWage.Type

/**
 * An in-memory port over a fixed list of daily wages; the first entry that
 * reaches the tenant, names the skill and is in force on the date wins.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (dailyWages: ReadonlyArray<DailyWage>): Layer.Layer<DailyWages> =>
  Layer.succeed(
    DailyWages,
    DailyWages.of({
      dailyWageOn: (query) =>
        Effect.succeed(
          Option.fromNullishOr(
            dailyWages.find(
              (entry) =>
                reaches({ holder: entry.tenantId, record: query.tenantId }) &&
                entry.skillCode === query.skillCode &&
                EffectivePeriod.containsDate(entry.effectivePeriod, query.date),
            )?.dailyWage,
          ),
        ),
    }),
  )

/**
 * The port over the rates module (SOR-4, RATE-3, BILL-W-2): the daily wage
 * of a skill is the rate, on the date, of the tenant's labour SOR whose code
 * is the skill (`Rates.ScheduleOfRates.dailyWage`). A code that is not a
 * labour SOR of the tenant, or a labour SOR with no rate on the date, has no
 * daily wage, which wage-bill generation reports as `DAILY_WAGE_NOT_FOUND`
 * naming the skills and the date.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromRates: Layer.Layer<DailyWages, never, SorRepository | RateRepository> = Layer.effect(
  DailyWages,
  Effect.map(Effect.context<SorRepository | RateRepository>(), (rates) =>
    DailyWages.of({
      dailyWageOn: (query) =>
        dailyWage(query).pipe(
          Effect.map((found) => Option.some(found.wage)),
          Effect.catchTags({
            ValidationFailed: () => Effect.succeed(Option.none<Rate.Rate>()),
            NoRateForDate: () => Effect.succeed(Option.none<Rate.Rate>()),
          }),
          // The port has no failure channel: an unreachable rates store is
          // a defect here, as the registries' stores are for `Payees`.
          Effect.orDie,
          Effect.provideContext(rates),
        ),
    }),
  ),
)
