/**
 * Deductions from configured heads (BILL-P-2, BILL-C-1, BILL-3): the tenant's
 * deduction heads (`TenantConfiguration.deductionHeads`) decide what is
 * withheld from a payee's gross. A percentage head that applies to the
 * payee's deductee type is computed by the system on the gross and rounded
 * to the bill-line scale (a figure the clerk typed for it is ignored); a
 * lump-sum head takes the amount entered. Zero deductions are dropped. Each
 * deduction is paid to the department that receives its head (BILL-3).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { DeductionHead as DeductionHeadSchema } from "../config/TenantConfiguration.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { assert } from "../internal/assert.js"
import * as Amount from "../money/Amount.js"
import * as Percentage from "../money/Percentage.js"
import * as Rounding from "../money/Rounding.js"
import type { Scale } from "../money/Scale.js"
import type { DeductionLine, Payee } from "./Bill.js"

/**
 * A deduction head as the tenant configures it.
 *
 * @since 0.1.0
 * @category models
 */
export type DeductionHead = typeof DeductionHeadSchema.Type

/**
 * A deduction a clerk entered: a head and an amount.
 *
 * @since 0.1.0
 * @category models
 */
export const EnteredDeduction = Schema.Struct({ headCode: Schema.NonEmptyString, amount: Amount.Amount })

/**
 * @since 0.1.0
 * @category models
 */
export type EnteredDeduction = typeof EnteredDeduction.Type

/**
 * A computed deduction: a head and its amount, before it is given its department.
 *
 * @since 0.1.0
 * @category models
 */
export interface Deduction {
  readonly headCode: string
  readonly amount: Amount.Amount
}

/**
 * Problem code: an entered deduction names a head the tenant does not configure.
 *
 * @since 0.1.0
 * @category errors
 */
export const deductionHeadUnknownCode = "DEDUCTION_HEAD_UNKNOWN"

/**
 * Problem code: the same head is entered twice.
 *
 * @since 0.1.0
 * @category errors
 */
export const deductionHeadRepeatedCode = "DEDUCTION_HEAD_REPEATED"

/**
 * Problem code: a lump-sum head entered does not apply to the payee's deductee type.
 *
 * @since 0.1.0
 * @category errors
 */
export const deductionHeadNotApplicableCode = "DEDUCTION_HEAD_NOT_APPLICABLE"

/**
 * Problem code: an entered amount has more places than bill lines keep
 * (MONEY-3: whole rupees in MUKTA).
 *
 * @since 0.1.0
 * @category errors
 */
export const billAmountPlacesExceededCode = "BILL_AMOUNT_PLACES_EXCEEDED"

/**
 * The rounding of every bill line (MONEY-2).
 *
 * @since 0.1.0
 * @category models
 */
export const billRoundingMode: Rounding.RoundingMode = "halfAwayFromZero"

/**
 * Whether a head applies to a payee (BILL-P-2): `everyPayee`, or the payee's
 * deductee type.
 *
 * @since 0.1.0
 * @category predicates
 */
export const appliesTo = (head: DeductionHead, payee: Payee): boolean =>
  head.appliesTo === "everyPayee" ||
  (head.appliesTo === "individuals"
    ? payee.deducteeType === "individual"
    : payee.deducteeType !== "individual")

/**
 * The problems of an entered amount at the bill-line scale: none when it
 * has at most `scale` places.
 *
 * @since 0.1.0
 * @category constructors
 */
export const placesProblems = (options: {
  readonly field: string
  readonly amount: Amount.Amount
  readonly scale: Scale
}): ReadonlyArray<FieldProblem> =>
  options.amount.decimalPlaces() <= options.scale
    ? []
    : [
        {
          field: options.field,
          code: billAmountPlacesExceededCode,
          message: `bill amounts are kept to ${options.scale} decimal places; enter ${Amount.toCanonicalString(Rounding.round(options.amount, { scale: options.scale, mode: billRoundingMode }))} or another amount with at most ${options.scale} places`,
          limit: String(options.scale),
        },
      ]

const entryProblems = (
  entry: EnteredDeduction,
  index: number,
  options: {
    readonly field: string
    readonly heads: ReadonlyArray<DeductionHead>
    readonly entered: ReadonlyArray<EnteredDeduction>
    readonly payee: Payee
    readonly scale: Scale
  },
): ReadonlyArray<FieldProblem> => {
  const field = `${options.field}[${index}]`
  const head = options.heads.find((candidate) => candidate.code === entry.headCode)
  if (head === undefined) {
    const known = options.heads.map((candidate) => candidate.code).join(", ")
    const message = `${entry.headCode} is not a deduction head of this ULB; choose one of ${known}`
    return [{ field: `${field}.headCode`, code: deductionHeadUnknownCode, message }]
  }
  if (options.entered.findIndex((other) => other.headCode === entry.headCode) !== index) {
    const message = `${entry.headCode} is entered more than once; enter each head once with its total`
    return [{ field: `${field}.headCode`, code: deductionHeadRepeatedCode, message }]
  }
  if (head.calculation.kind === "percentage") return []
  if (!appliesTo(head, options.payee)) {
    const message = `${entry.headCode} applies only to ${head.appliesTo === "individuals" ? "individuals" : "payees other than individuals"}, and ${options.payee.name} is not one; remove it`
    return [{ field: `${field}.headCode`, code: deductionHeadNotApplicableCode, message }]
  }
  return placesProblems({ field: `${field}.amount`, amount: entry.amount, scale: options.scale })
}

/**
 * Every problem of the deductions a clerk entered (ERR-3): unknown or
 * repeated heads, lump sums that do not apply to the payee or carry more
 * places than the bill-line scale. Figures entered for percentage heads are
 * not checked: the system computes those heads.
 *
 * @since 0.1.0
 * @category constructors
 */
export const enteredProblems = (options: {
  readonly field: string
  readonly heads: ReadonlyArray<DeductionHead>
  readonly entered: ReadonlyArray<EnteredDeduction>
  readonly payee: Payee
  readonly scale: Scale
}): ReadonlyArray<FieldProblem> =>
  options.entered.flatMap((entry, index) => entryProblems(entry, index, options))

/**
 * The deductions of a payee's gross, in the order of the configured heads
 * (BILL-P-2): percentage heads that apply, computed on the gross and rounded
 * to `scale`; lump-sum heads at the amount entered; zero ones dropped. The
 * entered deductions have passed `enteredProblems`.
 *
 * @since 0.1.0
 * @category math
 */
export const deductionsOf = (options: {
  readonly grossAmount: Amount.Amount
  readonly heads: ReadonlyArray<DeductionHead>
  readonly entered: ReadonlyArray<EnteredDeduction>
  readonly payee: Payee
  readonly scale: Scale
}): ReadonlyArray<Deduction> =>
  options.heads.flatMap((head) => {
    if (!appliesTo(head, options.payee)) return []
    const amount =
      head.calculation.kind === "percentage"
        ? Rounding.round(
            Percentage.percentOf({ percentage: head.calculation.percentage, base: options.grossAmount }),
            {
              scale: options.scale,
              mode: billRoundingMode,
            },
          )
        : (options.entered.find((entry) => entry.headCode === head.code)?.amount ?? Amount.zero)
    return Amount.isZero(amount) ? [] : [{ headCode: head.code, amount }]
  })

/**
 * The deduction lines of computed deductions, each paid to the department of
 * its head (BILL-3); `departments` has one for every head.
 *
 * @since 0.1.0
 * @category constructors
 */
export const linesOf = (
  deductions: ReadonlyArray<Deduction>,
  departments: ReadonlyMap<string, Payee>,
): ReadonlyArray<DeductionLine> =>
  deductions.map((deduction) => {
    const department = departments.get(deduction.headCode)
    assert(department !== undefined, "every deduction head has its department (Payees.departmentsFor)")
    return { kind: "deduction", headCode: deduction.headCode, amount: deduction.amount, department }
  })
