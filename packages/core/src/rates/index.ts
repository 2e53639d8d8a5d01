/**
 * Schedule of rates, effective-dated rates and rate analysis (spec
 * 03-rates-estimates.md SOR-1..4, RATE-1..5, RA-1..8).
 *
 * - `SorMasters`: types, sub types, variants, units and rate heads (SOR-1).
 * - `Sor`, `SorRepository`: SOR items, duplicate and deactivation guards
 *   (SOR-2..4).
 * - `SorRate`, `RateRepository`: effective-dated rates by head, windows that
 *   never overlap, the rate on a date, history (RATE-1..5).
 * - `ScheduleOfRates`: the SOR and rate use cases.
 * - `RateAnalysis`, `RateAnalysisRepository`, `RateAnalysisMaintenance`:
 *   compositions, head-by-head derivation, labour cess, content per unit
 *   (RA-1..6, RA-8).
 * - `StateSchedule`: read lookups a ULB makes in its own schedule, then in
 *   its state's (TEN-1).
 * - `RateRevisionJob`, `RateRevisionJobRepository`, `RateRevision`:
 *   rate-revision jobs (RA-7).
 *
 * @since 0.1.0
 */
import { Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as RateAnalysisRepository from "./RateAnalysisRepository.js"
import * as RateAnalysisRepositoryModule from "./RateAnalysisRepository.js"
import { RateAnalysisNotFound } from "./RateAnalysisRepository.js"
import * as RateRepository from "./RateRepository.js"
import * as RateRepositoryModule from "./RateRepository.js"
import { RateNotFound } from "./RateRepository.js"
import { ActiveAnalysesPerRevisionExceeded } from "./RateRevision.js"
import * as RateRevisionJobRepository from "./RateRevisionJobRepository.js"
import * as RateRevisionJobRepositoryModule from "./RateRevisionJobRepository.js"
import { RateRevisionJobNotFound } from "./RateRevisionJobRepository.js"
import { SorDuplicate, SorReferenced } from "./Sor.js"
import { NoRateForDate, RateBeforeCurrent, RateUnchanged } from "./SorRate.js"
import * as SorRepository from "./SorRepository.js"
import * as SorRepositoryModule from "./SorRepository.js"
import { SorNotFound } from "./SorRepository.js"

export * as RateAnalysis from "./RateAnalysis.js"
export * as RateAnalysisMaintenance from "./RateAnalysisMaintenance.js"
export * as RateAnalysisRepository from "./RateAnalysisRepository.js"
export * as RateRepository from "./RateRepository.js"
export * as RateRevision from "./RateRevision.js"
export * as RateRevisionJob from "./RateRevisionJob.js"
export * as RateRevisionJobRepository from "./RateRevisionJobRepository.js"
export * as ScheduleOfRates from "./ScheduleOfRates.js"
export * as Sor from "./Sor.js"
export * as SorMasters from "./SorMasters.js"
export * as SorRate from "./SorRate.js"
export * as SorRepository from "./SorRepository.js"
export * as StateSchedule from "./StateSchedule.js"

/**
 * The error classes this module defines (code registry).
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [
  SorDuplicate,
  SorReferenced,
  RateBeforeCurrent,
  NoRateForDate,
  RateUnchanged,
  SorNotFound,
  RateNotFound,
  RateAnalysisNotFound,
  RateRevisionJobNotFound,
  ActiveAnalysesPerRevisionExceeded,
] as const

/**
 * Every rates store in memory: schedules of rates, rate windows, rate
 * analyses and rate-revision jobs.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<
  | SorRepository.SorRepository
  | RateRepository.RateRepository
  | RateAnalysisRepository.RateAnalysisRepository
  | RateRevisionJobRepository.RateRevisionJobRepository
> = Layer.mergeAll(
  SorRepository.layerMemory,
  RateRepository.layerMemory,
  RateAnalysisRepository.layerMemory,
  RateRevisionJobRepository.layerMemory,
)

/**
 * The module's aggregate stores (SORs, rate windows, rate analyses,
 * rate-revision jobs): every implementation serves them from this list
 * (`AggregateStore.layerMemoryAll`, `PgAggregateStore.layerAll`).
 *
 * @since 0.1.0
 * @category layers
 */
export const stores = [
  AggregateStore.register(SorRepositoryModule.SorRepository, SorRepositoryModule.descriptor),
  AggregateStore.register(RateRepositoryModule.RateRepository, RateRepositoryModule.descriptor),
  AggregateStore.register(
    RateAnalysisRepositoryModule.RateAnalysisRepository,
    RateAnalysisRepositoryModule.descriptor,
  ),
  AggregateStore.register(
    RateRevisionJobRepositoryModule.RateRevisionJobRepository,
    RateRevisionJobRepositoryModule.descriptor,
  ),
] as const
