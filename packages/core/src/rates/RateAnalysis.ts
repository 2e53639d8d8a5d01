/**
 * Rate analysis of works SORs (RA-1..5, RA-8): a composition of basic M, L
 * and E SORs per analysis quantity Qa, with additional charges, and the pure
 * calculator that derives the works rate head by head.
 *
 * - RA-2: each basic line contributes, for every head of the basic SOR's rate
 *   on the analysis date, head × q ÷ Qa rounded half away from zero to the
 *   rate-analysis scale, then ÷ the basic SOR's rate-defined-for quantity,
 *   rounded again; contributions are summed by head.
 * - RA-3: a fixed charge adds figure ÷ Qa (rounded) to its head; a percentage
 *   charge adds figure % of that head's running total (rounded). Charges apply
 *   in the order listed.
 * - RA-4: labour cess LC = the tenant's percentage of Σ other heads, rounded.
 * - RA-5: the per-unit rate is Σ heads; the works rate (per rate-defined-for
 *   quantity) multiplies every head by that quantity, so the stored rate is
 *   still Σ of its heads (RATE-1).
 * - RA-8: the content per unit: labour, material and machinery amounts and
 *   the items behind them.
 *
 * Decisions where the spec is silent: the content of a basic line is the kind
 * of its SOR (an L line is labour whatever its heads); an analysis-level
 * charge is labour when it adds to LA, machinery when it adds to MHA and
 * material otherwise; labour cess is a levy, not content. Heads are listed in
 * the order they first appear (lines, then charges), LC last.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { SorType } from "../config/TenantConfiguration.js"
import { TenantId } from "../config/TenantId.js"
import { EntityId } from "../ids/EntityId.js"
import { HumanNumber } from "../ids/HumanNumber.js"
import { assert } from "../internal/assert.js"
import { isKaryaDecimal, KaryaDecimal, plusExact, timesExact } from "../internal/Decimal.js"
import * as Amount from "../money/Amount.js"
import * as Percentage from "../money/Percentage.js"
import * as Quantity from "../money/Quantity.js"
import * as Rounding from "../money/Rounding.js"
import type { Scale } from "../money/Scale.js"
import * as EffectivePeriod from "../time/EffectivePeriod.js"
import type { LocalDate } from "../time/LocalDate.js"
import type { Sor } from "./Sor.js"
import { heads as headCodes } from "./SorMasters.js"
import type { HeadAmount, SorRate } from "./SorRate.js"

/**
 * One basic line: an M, L or E SOR and its quantity q per Qa (RA-1).
 *
 * @since 0.1.0
 * @category models
 */
export const BasicLine = Schema.Struct({ sorId: EntityId, sorCode: HumanNumber, quantity: Quantity.Quantity })

/**
 * @since 0.1.0
 * @category models
 */
export type BasicLine = typeof BasicLine.Type

/**
 * An additional charge (RA-1, RA-3): a fixed figure per Qa, or a percentage
 * of its head's running total.
 *
 * @since 0.1.0
 * @category models
 */
export const AdditionalCharge = Schema.Union([
  Schema.Struct({ head: Schema.String, calculation: Schema.Literal("fixed"), amount: Amount.Amount }),
  Schema.Struct({
    head: Schema.String,
    calculation: Schema.Literal("percentage"),
    percentage: Percentage.Percentage,
  }),
])

/**
 * @since 0.1.0
 * @category models
 */
export type AdditionalCharge = typeof AdditionalCharge.Type

/**
 * A stored rate analysis (composition) of one works SOR (RA-1, RA-6).
 *
 * @since 0.1.0
 * @category models
 */
export const RateAnalysis = Schema.Struct({
  id: EntityId,
  tenantId: TenantId,
  code: HumanNumber,
  sorId: EntityId,
  sorCode: HumanNumber,
  /** Qa: the quantity of the works SOR's unit the lines are for. */
  analysisQuantity: Quantity.Quantity,
  basicLines: Schema.Array(BasicLine),
  additionalCharges: Schema.Array(AdditionalCharge),
  effectivePeriod: EffectivePeriod.EffectivePeriod,
  status: Schema.Literals(["active", "inactive"]),
  /** The analysis this one replaced when edited (RA-6). */
  replacesAnalysisId: Schema.optionalKey(EntityId),
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type RateAnalysis = typeof RateAnalysis.Type

/**
 * Problem code: the works SOR already has an active analysis; change it by
 * editing (RA-6). A works SOR has at most one active analysis.
 *
 * @since 0.1.0
 * @category errors
 */
export const analysisExistsCode = "RATE_ANALYSIS_EXISTS"

/**
 * `dividend ÷ divisor` rounded half away from zero to `scale`, computed
 * exactly (an integer quotient and its remainder), so no intermediate digit
 * is lost before the one rounding the rule names (RA-2). Both operands are
 * non-negative and the divisor is not zero.
 *
 * @since 0.1.0
 * @category math
 */
export const divideRounded = <T extends Amount.Amount | Quantity.Quantity>(operands: {
  readonly dividend: T
  readonly divisor: Quantity.Quantity
  readonly scale: Scale
}): T => {
  const { dividend, divisor, scale } = operands
  assert(isKaryaDecimal(dividend) && !dividend.isNegative(), "the dividend is a non-negative decimal")
  assert(isKaryaDecimal(divisor) && divisor.greaterThan(0), "the divisor is positive")
  const shifted = timesExact(dividend, new KaryaDecimal(10).pow(scale))
  const whole = shifted.divToInt(divisor)
  const remainder = plusExact(shifted, timesExact(whole, divisor).negated())
  assert(!remainder.isNegative() && remainder.lessThan(divisor), "the remainder is below the divisor")
  const rounded = timesExact(remainder, new KaryaDecimal(2)).greaterThanOrEqualTo(divisor)
    ? whole.plus(1)
    : whole
  return rounded.dividedBy(new KaryaDecimal(10).pow(scale)) as T
}

/**
 * A basic SOR with its rate on the analysis date (RA-2).
 *
 * @since 0.1.0
 * @category models
 */
export interface BasicRate {
  readonly sor: Sor
  readonly rate: SorRate
}

/**
 * What one basic line contributed (RA-2).
 *
 * @since 0.1.0
 * @category models
 */
export interface LineContribution {
  readonly sorId: string
  readonly sorCode: string
  readonly sorType: SorType
  readonly quantity: Quantity.Quantity
  /** The window of the basic rate used (RATE-3 records the date). */
  readonly rateId: string
  readonly contributions: ReadonlyArray<HeadAmount>
  /** Σ contributions: the line's amount per unit of the works SOR. */
  readonly amount: Amount.Amount
}

/**
 * The result of analysing a works SOR's rate on a date (RA-2..5).
 *
 * @since 0.1.0
 * @category models
 */
export interface RateAnalysisResult {
  readonly analysisCode: string
  readonly sorId: string
  readonly sorCode: string
  readonly analysisDate: LocalDate
  readonly analysisQuantity: Quantity.Quantity
  readonly lines: ReadonlyArray<LineContribution>
  /** What each additional charge added, in the order listed (RA-3). */
  readonly charges: ReadonlyArray<HeadAmount>
  /** Heads per one unit of the works SOR, LC last (RA-4). */
  readonly headsPerUnit: ReadonlyArray<HeadAmount>
  readonly labourCess: Amount.Amount
  /** Σ heads per unit. */
  readonly ratePerUnit: Amount.Amount
  /** Heads per rate-defined-for quantity: what the works rate stores (RATE-5). */
  readonly heads: ReadonlyArray<HeadAmount>
  /** The works SOR's rate: Σ heads (RA-5). */
  readonly rate: Amount.Amount
}

type HeadTotals = Array<{ head: string; amount: Amount.Amount }>

const addTo = (totals: HeadTotals, entry: HeadAmount): void => {
  const found = totals.find((total) => total.head === entry.head)
  if (found === undefined) totals.push({ head: entry.head, amount: entry.amount })
  else found.amount = Amount.add(found.amount, entry.amount)
}

const lineContribution = (
  line: BasicLine,
  options: { readonly basic: BasicRate; readonly analysisQuantity: Quantity.Quantity; readonly scale: Scale },
): LineContribution => {
  const { basic, analysisQuantity, scale } = options
  const contributions = basic.rate.heads.map((entry) => {
    const perAnalysis = divideRounded({
      dividend: timesExact(entry.amount, line.quantity) as Amount.Amount,
      divisor: analysisQuantity,
      scale,
    })
    const amount = divideRounded({ dividend: perAnalysis, divisor: basic.sor.rateDefinedForQuantity, scale })
    return { head: entry.head, amount }
  })
  return {
    sorId: line.sorId,
    sorCode: line.sorCode,
    sorType: basic.sor.sorType,
    quantity: line.quantity,
    rateId: basic.rate.id,
    contributions,
    amount: Amount.sum(contributions.map((entry) => entry.amount)),
  }
}

const chargeAmount = (
  charge: AdditionalCharge,
  options: {
    readonly totals: HeadTotals
    readonly analysisQuantity: Quantity.Quantity
    readonly scale: Scale
  },
): Amount.Amount => {
  if (charge.calculation === "fixed") {
    return divideRounded({ dividend: charge.amount, divisor: options.analysisQuantity, scale: options.scale })
  }
  const base = options.totals.find((total) => total.head === charge.head)?.amount ?? Amount.zero
  return Rounding.round(Percentage.percentOf({ percentage: charge.percentage, base }), {
    scale: options.scale,
    mode: "halfAwayFromZero",
  })
}

const timesWhole = (amount: Amount.Amount, quantity: Quantity.Quantity): Amount.Amount =>
  timesExact(amount, quantity) as Amount.Amount

/**
 * Analyses a works SOR's rate on a date (RA-2..5). Pure and deterministic:
 * the same analysis, rates and settings give the same result. Every basic
 * line's rate must be given (the use case fails `NO_RATE_FOR_DATE` first).
 *
 * @since 0.1.0
 * @category math
 */
export const analyse = (options: {
  readonly analysis: RateAnalysis
  readonly worksSor: Sor
  readonly basicRates: ReadonlyMap<string, BasicRate>
  readonly labourCessPercentage: Percentage.Percentage
  readonly scale: Scale
  readonly analysisDate: LocalDate
}): RateAnalysisResult => {
  const { analysis, scale } = options
  assert(options.worksSor.id === analysis.sorId, "the analysis belongs to the works SOR")
  const totals: HeadTotals = []
  const lines = analysis.basicLines.map((line) => {
    const basic = options.basicRates.get(line.sorId)
    assert(basic !== undefined, "every basic line's rate on the analysis date is given")
    const contribution = lineContribution(line, { basic, analysisQuantity: analysis.analysisQuantity, scale })
    for (const entry of contribution.contributions) addTo(totals, entry)
    return contribution
  })
  const charges = analysis.additionalCharges.map((charge) => {
    const entry = {
      head: charge.head,
      amount: chargeAmount(charge, { totals, analysisQuantity: analysis.analysisQuantity, scale }),
    }
    addTo(totals, entry)
    return entry
  })
  const labourCess = Rounding.round(
    Percentage.percentOf({
      percentage: options.labourCessPercentage,
      base: Amount.sum(totals.map((total) => total.amount)),
    }),
    { scale, mode: "halfAwayFromZero" },
  )
  const headsPerUnit: ReadonlyArray<HeadAmount> = [
    ...totals,
    { head: headCodes.labourCess, amount: labourCess },
  ]
  const ratePerUnit = Amount.sum(headsPerUnit.map((entry) => entry.amount))
  const multiplier = options.worksSor.rateDefinedForQuantity
  const heads = headsPerUnit.map((entry) => ({
    head: entry.head,
    amount: timesWhole(entry.amount, multiplier),
  }))
  const rate = Amount.sum(heads.map((entry) => entry.amount))
  assert(Amount.equals(rate, timesWhole(ratePerUnit, multiplier)), "the works rate is Σ heads (RA-5)")
  return {
    analysisCode: analysis.code,
    sorId: analysis.sorId,
    sorCode: analysis.sorCode,
    analysisDate: options.analysisDate,
    analysisQuantity: analysis.analysisQuantity,
    lines,
    charges,
    headsPerUnit,
    labourCess,
    ratePerUnit,
    heads,
    rate,
  }
}

/**
 * The kinds of content of a works item (RA-8).
 *
 * @since 0.1.0
 * @category models
 */
export type ContentKind = "labour" | "material" | "machinery"

/**
 * One item of a works SOR's content per unit (RA-8): a basic line (its SOR,
 * q per Qa) or an analysis-level charge (no quantity), with its amount per
 * unit of the works SOR.
 *
 * @since 0.1.0
 * @category models
 */
export interface ContentItem {
  readonly kind: ContentKind
  readonly source: "basicLine" | "additionalCharge"
  /** The basic SOR's code, or the head of a charge. */
  readonly code: string
  /** The basic SOR's id; absent for a charge. */
  readonly sorId?: string
  /** q: the item's quantity per Qa (zero for a charge). */
  readonly quantity: Quantity.Quantity
  readonly analysisQuantity: Quantity.Quantity
  readonly amountPerUnit: Amount.Amount
}

/**
 * The labour, material and machinery content of one unit of a works SOR
 * (RA-8), as analysed on a date. Drives analysis statements (EST-9) and
 * utilization statements (MB-8).
 *
 * @since 0.1.0
 * @category models
 */
export interface ContentPerUnit {
  readonly sorId: string
  readonly sorCode: string
  readonly analysisCode: string
  readonly analysisDate: LocalDate
  readonly labour: Amount.Amount
  readonly material: Amount.Amount
  readonly machinery: Amount.Amount
  readonly items: ReadonlyArray<ContentItem>
}

const kindOfSorType: Readonly<Record<SorType, ContentKind>> = {
  L: "labour",
  M: "material",
  E: "machinery",
  W: "material",
}

const kindOfHead = (head: string): ContentKind =>
  head === headCodes.labourBasic ? "labour" : head === headCodes.machineryBasic ? "machinery" : "material"

const totalOf = (items: ReadonlyArray<ContentItem>, kind: ContentKind): Amount.Amount =>
  Amount.sum(items.filter((item) => item.kind === kind).map((item) => item.amountPerUnit))

/**
 * The content per unit of an analysed works SOR (RA-8).
 *
 * @since 0.1.0
 * @category conversions
 */
export const contentPerUnit = (result: RateAnalysisResult): ContentPerUnit => {
  const items: ReadonlyArray<ContentItem> = [
    ...result.lines.map((line) => ({
      kind: kindOfSorType[line.sorType],
      source: "basicLine" as const,
      code: line.sorCode,
      sorId: line.sorId,
      quantity: line.quantity,
      analysisQuantity: result.analysisQuantity,
      amountPerUnit: line.amount,
    })),
    ...result.charges.map((charge) => ({
      kind: kindOfHead(charge.head),
      source: "additionalCharge" as const,
      code: charge.head,
      quantity: Quantity.zero,
      analysisQuantity: result.analysisQuantity,
      amountPerUnit: charge.amount,
    })),
  ]
  return {
    sorId: result.sorId,
    sorCode: result.sorCode,
    analysisCode: result.analysisCode,
    analysisDate: result.analysisDate,
    labour: totalOf(items, "labour"),
    material: totalOf(items, "material"),
    machinery: totalOf(items, "machinery"),
    items,
  }
}

/**
 * The content of a basic (M, L or E) SOR used directly as an estimate or
 * contract line: the SOR itself, one of it per unit at its rate per unit.
 *
 * @since 0.1.0
 * @category conversions
 */
export const basicContentPerUnit = (options: {
  readonly sor: Sor
  readonly rate: SorRate
  readonly analysisDate: LocalDate
  readonly scale: Scale
}): ContentPerUnit => {
  const one = Quantity.makeUnsafe("1")
  const amountPerUnit = divideRounded({
    dividend: options.rate.rate,
    divisor: options.sor.rateDefinedForQuantity,
    scale: options.scale,
  })
  const item: ContentItem = {
    kind: kindOfSorType[options.sor.sorType],
    source: "basicLine",
    code: options.sor.code,
    sorId: options.sor.id,
    quantity: one,
    analysisQuantity: one,
    amountPerUnit,
  }
  return {
    sorId: options.sor.id,
    sorCode: options.sor.code,
    analysisCode: options.sor.code,
    analysisDate: options.analysisDate,
    labour: totalOf([item], "labour"),
    material: totalOf([item], "material"),
    machinery: totalOf([item], "machinery"),
    items: [item],
  }
}

/**
 * The quantity of a content item in `quantity` units of the works SOR:
 * quantity × q ÷ Qa, rounded to `scale` (EST-9, MB-8).
 *
 * @since 0.1.0
 * @category math
 */
export const itemQuantity = (options: {
  readonly item: ContentItem
  readonly quantity: Quantity.Quantity
  readonly scale: Scale
}): Quantity.Quantity =>
  divideRounded({
    dividend: timesExact(options.quantity, options.item.quantity) as Quantity.Quantity,
    divisor: options.item.analysisQuantity,
    scale: options.scale,
  })

/**
 * The amount of a content item in `quantity` units of the works SOR:
 * quantity × amount per unit, rounded to `scale` (EST-9, MB-8).
 *
 * @since 0.1.0
 * @category math
 */
export const itemAmount = (options: {
  readonly item: ContentItem
  readonly quantity: Quantity.Quantity
  readonly scale: Scale
}): Amount.Amount =>
  Rounding.round(timesExact(options.quantity, options.item.amountPerUnit) as Amount.Amount, {
    scale: options.scale,
    mode: "halfAwayFromZero",
  })
