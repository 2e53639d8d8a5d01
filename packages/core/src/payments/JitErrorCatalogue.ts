/**
 * JIT-FS's error codes (PI-E-1): the category of each and the action offered
 * to the user. Technical failures are retried later; beneficiary or header
 * errors are corrected and the PI re-pushed under the same number;
 * duplicates are reconciled (PV0073 is the duplicate-push path of PI-S-2);
 * the rest are investigated. Code `0` means processed. A code the catalogue
 * does not know is investigated.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { JitErrorMessage } from "./JitOutcome.js"

/**
 * The category of a JIT error code.
 *
 * @since 0.1.0
 * @category models
 */
export const ErrorCategory = Schema.Literals([
  "technical",
  "correctable",
  "duplicate",
  "investigate",
  "processed",
])

/**
 * @since 0.1.0
 * @category models
 */
export type ErrorCategory = typeof ErrorCategory.Type

/**
 * The action offered for each category.
 *
 * @since 0.1.0
 * @category models
 */
export const offeredActions: Readonly<Record<ErrorCategory, string>> = {
  technical: "retry later",
  correctable: "correct the beneficiary or header and re-push",
  duplicate: "reconcile",
  investigate: "investigate",
  processed: "none",
}

/**
 * One catalogue entry.
 *
 * @since 0.1.0
 * @category models
 */
export interface CatalogueEntry {
  readonly code: string
  readonly category: ErrorCategory
  readonly description: string
}

const entries = (
  category: ErrorCategory,
  list: ReadonlyArray<readonly [string, string]>,
): ReadonlyArray<CatalogueEntry> => list.map(([code, description]) => ({ code, category, description }))

/**
 * Every code of PI-E-1.
 *
 * @since 0.1.0
 * @category models
 */
export const catalogue: ReadonlyArray<CatalogueEntry> = [
  ...entries("technical", [
    ["EX0005", "XML missing in zip"],
    ["EX0006", "signature file missing"],
    ["EX0007", "certificate revoked"],
    ["EX0008", "certificate expired"],
    ["EX0009", "certificate serial mismatch"],
    ["EX0010", "signature verification failed"],
    ["EX0030", "invalid zip"],
    ["EX0033", "invalid file naming"],
    ["EX0034", "public key unavailable"],
    ["EX0903", "XSD validation failure"],
    ["FV0004", "duplicate file"],
    ["FV0005", "header count mismatch"],
    ["FV0008", "department/service code mismatch"],
    ["FV0058", "invalid file name"],
    ["FV0059", "file date after CBD"],
    ["TR9999", "internal error"],
  ]),
  ...entries("correctable", [
    ["PV0007", "debtor account closed"],
    ["PV0008", "debtor account frozen"],
    ["PV0009", "debtor account inoperative"],
    ["PV0010", "debtor account dormant"],
    ["PV0014", "invalid debtor IFSC"],
    ["PV0070", "debtor and creditor IFSC equal"],
    ["TV0003", "invalid creditor IFSC"],
    ["TV0121", "creditor account closed"],
    ["TV0122", "creditor account frozen"],
    ["TV0123", "creditor account inoperative"],
    ["TV0124", "creditor account dormant"],
    ["TV0130", "creditor account invalid"],
    ["TV0133", "account type invalid"],
    ["TR0001", "previous-FY bill"],
    ["TR0002", "wrong bill HOA"],
    ["TR0004", "wrong object-breakup HOA"],
    ["TR0005", "wrong by-transfer HOA"],
  ]),
  ...entries("duplicate", [
    ["PV0073", "duplicate payment information id"],
    ["TR0003", "duplicate bill number"],
    ["TV0004", "duplicate end-to-end id"],
  ]),
  ...entries("investigate", [
    ["FV0006", "net amount mismatch"],
    ["FV0007", "e-payments subscription missing"],
    ["PV0072", "invalid payment information id format"],
    ["TV0002", "invalid currency"],
    ["TV0161", "invalid IIN"],
    ["TR0006", "bill objected"],
    ["TR0007", "payment failed"],
  ]),
  ...entries("processed", [["0", "processed"]]),
]

const byCode = new Map(catalogue.map((entry) => [entry.code, entry]))

/**
 * The classification of one JIT error: its catalogue entry, or
 * `investigate` for a code the catalogue does not know.
 *
 * @since 0.1.0
 * @category models
 */
export interface Classification {
  readonly code: string
  readonly category: ErrorCategory
  readonly offeredAction: string
  readonly description: string
}

/**
 * Classifies a JIT error code (PI-E-1).
 *
 * @since 0.1.0
 * @category conversions
 */
export const classify = (code: string): Classification => {
  const entry = byCode.get(code.trim().toUpperCase())
  const category = entry?.category ?? "investigate"
  return {
    code: code.trim(),
    category,
    offeredAction: offeredActions[category],
    description: entry?.description ?? "not in the JIT error catalogue",
  }
}

const precedence: ReadonlyArray<ErrorCategory> = [
  "correctable",
  "duplicate",
  "investigate",
  "technical",
  "processed",
]

/**
 * The category to act on for a reply's errors: what the user must do first.
 * Correction comes before everything (nothing passes until it is done), then
 * reconciliation, investigation, and a plain retry last.
 *
 * @since 0.1.0
 * @category conversions
 */
export const categoryOf = (errors: ReadonlyArray<JitErrorMessage>): ErrorCategory => {
  const categories = new Set(errors.map((error) => classify(error.code).category))
  return precedence.find((category) => categories.has(category)) ?? "investigate"
}
