/**
 * Projects, estimates, overheads, templates and revisions (spec
 * 03-rates-estimates.md EST-1..10).
 *
 * - `Project`, `ProjectRepository`, `ProjectRegistration`: projects, the
 *   parents of estimates.
 * - `EstimateLine`, `EstimateOverhead`, `Estimate`: SOR, NON-SOR and overhead
 *   lines, measurement rows, totals and work-order value (EST-1..5).
 * - `EstimatePricing`, `EstimateDrafting`, `EstimateWorkflow`,
 *   `EstimateRepository`: drafting, editing and the estimate workflow
 *   (EST-6, WF-EST).
 * - `EstimateRevision`, `MeasuredQuantities`: revised estimates and deviation
 *   statements with their measurement guards (EST-7, EST-8).
 * - `AnalysisStatement`: labour, material and machinery statements (EST-9).
 * - `EstimateTemplate`, `EstimateTemplateRepository`, `TemplateLibrary`:
 *   templates (EST-10).
 *
 * @since 0.1.0
 */

import { Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { EstimateBelowAnalysis } from "./AnalysisStatement.js"
import * as EstimateRepositoryModule from "./EstimateRepository.js"
import * as EstimateRepository from "./EstimateRepository.js"
import { EstimateNotFound } from "./EstimateRepository.js"
import {
  DeviationTotalChanged,
  EstimateNotRevisable,
  EstimateVersionsExceeded,
  MeasuredLineRemoved,
  QtyBelowMeasured,
  RevisionInWorkflow,
  RevisionLimitReached,
  UnitRateChanged,
} from "./EstimateRevision.js"
import * as EstimateTemplateRepositoryModule from "./EstimateTemplateRepository.js"
import * as EstimateTemplateRepository from "./EstimateTemplateRepository.js"
import { EstimateTemplateExists, EstimateTemplateNotFound } from "./EstimateTemplateRepository.js"
import {
  EstimateEmpty,
  EstimateNotEditable,
  EstimateWorkflowNotConfigured,
  LineQuantityZero,
} from "./EstimateWorkflow.js"
import * as ProjectRepositoryModule from "./ProjectRepository.js"
import * as ProjectRepository from "./ProjectRepository.js"
import { ProjectNotFound } from "./ProjectRepository.js"

export * as AnalysisStatement from "./AnalysisStatement.js"
export * as Estimate from "./Estimate.js"
export * as EstimateDrafting from "./EstimateDrafting.js"
export * as EstimateLine from "./EstimateLine.js"
export * as EstimateOverhead from "./EstimateOverhead.js"
export * as EstimatePricing from "./EstimatePricing.js"
export * as EstimateRepository from "./EstimateRepository.js"
export * as EstimateRevision from "./EstimateRevision.js"
export * as EstimateTemplate from "./EstimateTemplate.js"
export * as EstimateTemplateRepository from "./EstimateTemplateRepository.js"
export * as EstimateWorkflow from "./EstimateWorkflow.js"
export * as MeasuredQuantities from "./MeasuredQuantities.js"
export * as Project from "./Project.js"
export * as ProjectRegistration from "./ProjectRegistration.js"
export * as ProjectRepository from "./ProjectRepository.js"
export * as TemplateLibrary from "./TemplateLibrary.js"

/**
 * The error classes this module defines (code registry).
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [
  LineQuantityZero,
  EstimateEmpty,
  EstimateBelowAnalysis,
  EstimateNotEditable,
  EstimateWorkflowNotConfigured,
  RevisionInWorkflow,
  RevisionLimitReached,
  EstimateVersionsExceeded,
  EstimateNotRevisable,
  UnitRateChanged,
  QtyBelowMeasured,
  MeasuredLineRemoved,
  DeviationTotalChanged,
  ProjectNotFound,
  EstimateNotFound,
  EstimateTemplateNotFound,
  EstimateTemplateExists,
] as const

/**
 * The module's aggregate stores (projects, estimates, estimate templates):
 * every implementation serves them from this list
 * (`AggregateStore.layerMemoryAll`, `PgAggregateStore.layerAll`).
 *
 * @since 0.1.0
 * @category layers
 */
export const stores = [
  ProjectRepositoryModule.registration,
  AggregateStore.register(EstimateRepositoryModule.EstimateRepository, EstimateRepositoryModule.descriptor),
  AggregateStore.register(
    EstimateTemplateRepositoryModule.EstimateTemplateRepository,
    EstimateTemplateRepositoryModule.descriptor,
  ),
] as const

/**
 * Every estimates store in memory: projects, estimates and estimate
 * templates. The `MeasuredQuantities` port it reads is the measurement
 * books' (`Karya.layerMemory` wires it), or `MeasuredQuantities.layerMemory`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<
  | ProjectRepository.ProjectRepository
  | EstimateRepository.EstimateRepository
  | EstimateTemplateRepository.EstimateTemplateRepository
> = Layer.mergeAll(
  ProjectRepository.layerMemory,
  EstimateRepository.layerMemory,
  EstimateTemplateRepository.layerMemory,
)
