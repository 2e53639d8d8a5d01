/**
 * Measurement books, entries and utilization statements (spec
 * 04-contracts-measurement.md MB-1..9).
 *
 * @since 0.1.0
 */

import { Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as MeasurementBookRepositoryModule from "./MeasurementBookRepository.js"
import * as MeasurementBookRepository from "./MeasurementBookRepository.js"
import { MeasurementBookNotFound } from "./MeasurementBookRepository.js"
import { MbEmpty, MbExceedsEstimate } from "./MeasurementEntry.js"
import * as MeasurementEntryRepositoryModule from "./MeasurementEntryRepository.js"
import * as MeasurementEntryRepository from "./MeasurementEntryRepository.js"
import { EntriesPerBookExceeded, MeasurementEntryNotFound } from "./MeasurementEntryRepository.js"
import { MbNotEditable, MbPreviousInWorkflow, MeasurementBookNotOpen } from "./MeasurementRecording.js"
import { UtilizationAnalysisMissing } from "./UtilizationStatement.js"

export * as ActionRequest from "./ActionRequest.js"
export * as EstimateLineMeasurements from "./EstimateLineMeasurements.js"
export * as MeasurementBook from "./MeasurementBook.js"
export * as MeasurementBookLifecycle from "./MeasurementBookLifecycle.js"
export * as MeasurementBookRepository from "./MeasurementBookRepository.js"
export * as MeasurementEntry from "./MeasurementEntry.js"
export * as MeasurementEntryRepository from "./MeasurementEntryRepository.js"
export * as MeasurementPeriod from "./MeasurementPeriod.js"
export * as MeasurementRecording from "./MeasurementRecording.js"
export * as RateAnalysisContent from "./RateAnalysisContent.js"
export * as UtilizationStatement from "./UtilizationStatement.js"

/**
 * The error classes this module defines (code registry).
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [
  MbExceedsEstimate,
  MbEmpty,
  MbPreviousInWorkflow,
  MbNotEditable,
  MeasurementBookNotOpen,
  MeasurementBookNotFound,
  MeasurementEntryNotFound,
  UtilizationAnalysisMissing,
  EntriesPerBookExceeded,
] as const

/**
 * The module's aggregate stores (measurement books, measurement entries):
 * every implementation serves them from this list
 * (`AggregateStore.layerMemoryAll`, `PgAggregateStore.layerAll`).
 *
 * @since 0.1.0
 * @category layers
 */
export const stores = [
  AggregateStore.register(
    MeasurementBookRepositoryModule.MeasurementBookRepository,
    MeasurementBookRepositoryModule.descriptor,
  ),
  AggregateStore.register(
    MeasurementEntryRepositoryModule.MeasurementEntryRepository,
    MeasurementEntryRepositoryModule.descriptor,
  ),
] as const

/**
 * Every measurement store in memory: measurement books and entries. The
 * rate-analysis content it reads is the rates module's (`Karya.layerMemory`
 * wires it), or `RateAnalysisContent.layerMemory`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<
  MeasurementBookRepository.MeasurementBookRepository | MeasurementEntryRepository.MeasurementEntryRepository
> = Layer.mergeAll(MeasurementBookRepository.layerMemory, MeasurementEntryRepository.layerMemory)
