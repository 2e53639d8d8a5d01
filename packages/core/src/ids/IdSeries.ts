/**
 * The number series of a tenant and their formats (ID-2): which format each
 * kind of document is numbered with, as Schema-validated data with MUKTA's
 * defaults (CONF-1). The configuration module embeds `SeriesFormats` in the
 * tenant configuration.
 *
 * Sequences are scoped per (tenant, series, scope) (ID-1): FY-bearing series
 * restart at 1 every 1 April 00:00 local, and since a tenant is one ULB the
 * payment instruction series runs per ULB. Original and revised payment
 * instructions share the one `paymentInstruction` series.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as IdFormat from "./IdFormat.js"

/**
 * MUKTA's default format of every series (ID-2), as text.
 *
 * @since 0.1.0
 * @category models
 */
export const muktaFormatTexts = {
  project: "PJ/{fy}/{seq:6}",
  estimate: "ES/{fy}/{seq:6}",
  revisedEstimate: "RE/{fy}/{seq:6}",
  workOrder: "WO/{fy}/{seq:6}",
  timeExtension: "TE/{fy}/{seq:6}",
  revisedWorkOrder: "RW/{fy}/{seq:6}",
  measurementBook: "MB/{fy}/{seq:6}",
  measurementEntry: "{mbNumber}/{entry:2}",
  attendanceRegister: "WR/{fy}/{seq:6}",
  musterRoll: "MR/{fy}/{seq:6}",
  wageBill: "WB/{fy}/{seq:6}",
  purchaseBill: "PB/{fy}/{seq:6}",
  supervisionBill: "SB/{fy}/{seq:6}",
  paymentInstruction: "PI-{ulb}/{fy}/{seq:6}",
  beneficiaryPayment: "BN-{ulb}/{seq:6}",
  organisation: "VO-{fy}-{seq:6}",
  wageSeeker: "IND-{fy}-{seq:6}",
  scheduleOfRates: "SOR_{seq:6}",
  rateAnalysis: "CMP_{seq:6}",
  estimateTemplate: "TMP_{seq:6}",
  rateRevisionJob: "JOB-{yyyy}-{seq:6}",
} as const

/**
 * The name of a number series: `project`, `paymentInstruction`, ….
 *
 * @since 0.1.0
 * @category models
 */
export type Series = keyof typeof muktaFormatTexts

/**
 * Every series, in the order of ID-2.
 *
 * @since 0.1.0
 * @category models
 */
export const allSeries = Object.keys(muktaFormatTexts) as ReadonlyArray<Series>

/**
 * A series name.
 *
 * @since 0.1.0
 * @category models
 */
export const Series = Schema.Literals(allSeries as [Series, ...Array<Series>])

/**
 * The series numbered within a parent number (`{entry:N}`): measurement
 * entries within their measurement book.
 *
 * @since 0.1.0
 * @category models
 */
export const entrySeries = "measurementEntry" satisfies Series

const StandaloneFormat = IdFormat.IdFormat.check(
  Schema.makeFilter((format) =>
    IdFormat.isEntryFormat(format)
      ? `"${format}" numbers entries within a parent number; only the ${entrySeries} series may use {entry:N}`
      : undefined,
  ),
)

const EntryFormat = IdFormat.IdFormat.check(
  Schema.makeFilter((format) =>
    IdFormat.isEntryFormat(format)
      ? undefined
      : `"${format}" must number entries within their measurement book: write it with {entry:N} and a parent token, such as {mbNumber}/{entry:2}`,
  ),
)

const duplicateProblems = (formats: Readonly<Record<Series, string>>): ReadonlyArray<Schema.FilterIssue> => {
  const firstSeriesOf = new Map<string, Series>()
  const problems: Array<Schema.FilterIssue> = []
  for (const series of allSeries) {
    const earlier = firstSeriesOf.get(formats[series])
    if (earlier === undefined) firstSeriesOf.set(formats[series], series)
    else {
      problems.push({
        path: [series],
        issue: `uses the same format as ${earlier}, so both would print the same numbers; give each series its own format`,
      })
    }
  }
  return problems
}

/**
 * The format of every series (ID-2). Each value is a valid format; only
 * `measurementEntry` numbers within a parent (`{entry:N}`); no two series
 * share a format.
 *
 * @since 0.1.0
 * @category models
 */
export const SeriesFormats = Schema.Struct({
  project: StandaloneFormat,
  estimate: StandaloneFormat,
  revisedEstimate: StandaloneFormat,
  workOrder: StandaloneFormat,
  timeExtension: StandaloneFormat,
  revisedWorkOrder: StandaloneFormat,
  measurementBook: StandaloneFormat,
  measurementEntry: EntryFormat,
  attendanceRegister: StandaloneFormat,
  musterRoll: StandaloneFormat,
  wageBill: StandaloneFormat,
  purchaseBill: StandaloneFormat,
  supervisionBill: StandaloneFormat,
  paymentInstruction: StandaloneFormat,
  beneficiaryPayment: StandaloneFormat,
  organisation: StandaloneFormat,
  wageSeeker: StandaloneFormat,
  scheduleOfRates: StandaloneFormat,
  rateAnalysis: StandaloneFormat,
  estimateTemplate: StandaloneFormat,
  rateRevisionJob: StandaloneFormat,
}).check(Schema.makeFilter(duplicateProblems))

/**
 * @since 0.1.0
 * @category models
 */
export type SeriesFormats = typeof SeriesFormats.Type

/**
 * MUKTA's default formats (ID-2).
 *
 * @since 0.1.0
 * @category constructors
 */
export const muktaDefaults: SeriesFormats = Schema.decodeUnknownSync(SeriesFormats)(muktaFormatTexts)
