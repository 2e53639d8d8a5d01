/**
 * The library of estimate templates (EST-10): creating a template (SOR items
 * must be active SORs of the tenant), activating and deactivating it, and
 * starting an estimate's lines from an active template.
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as EntityId from "../ids/EntityId.js"
import type { Rate } from "../money/Rate.js"
import { failOnProblems, issueNumberOf } from "../rates/ScheduleOfRates.js"
import * as Sor from "../rates/Sor.js"
import { SorRepository } from "../rates/SorRepository.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import { pricingProblemCodes } from "./EstimatePricing.js"
import {
  type EstimateTemplate,
  type TemplateItem,
  templateProblemCodes,
  templateProblems,
  toLineInputs,
} from "./EstimateTemplate.js"
import { EstimateTemplateRepository } from "./EstimateTemplateRepository.js"

/**
 * What a clerk enters for a template item.
 *
 * @since 0.1.0
 * @category models
 */
export type TemplateItemInput =
  | { readonly category: "sor"; readonly sorId: string }
  | { readonly category: "nonSor"; readonly description: string; readonly unit: string; readonly rate: Rate }

const resolveItems = Effect.fn("Estimates.resolveTemplateItems")(function* (
  tenantId: TenantId,
  items: ReadonlyArray<TemplateItemInput>,
) {
  const sors = yield* SorRepository
  const problems: Array<FieldProblem> = []
  const resolved: Array<TemplateItem> = []
  for (const [index, item] of items.entries()) {
    if (item.category === "nonSor") {
      resolved.push({
        category: "nonSor",
        description: item.description.trim(),
        unit: item.unit.trim(),
        rate: item.rate,
      })
      continue
    }
    const sor = yield* sors.get({ tenantId, id: item.sorId }).pipe(
      Effect.map(Option.some),
      Effect.catchTag("SorNotFound", () => Effect.succeed(Option.none<Sor.Sor>())),
    )
    if (Option.isSome(sor) && Sor.isActive(sor.value))
      resolved.push({ category: "sor", sorId: sor.value.id, sorCode: sor.value.code })
    else
      problems.push({
        field: `items[${index}].sorId`,
        code: pricingProblemCodes.sorUnknown,
        message: `${item.sorId} is not an active SOR of this tenant`,
      })
  }
  return { resolved, problems }
})

/**
 * Creates a template (EST-10), numbered from the `estimateTemplate` series
 * (`TMP_000004`), active.
 *
 * @since 0.1.0
 * @category constructors
 */
export const createEstimateTemplate = Effect.fn("Estimates.createEstimateTemplate")(function* (request: {
  readonly tenantId: TenantId
  readonly projectType: string
  readonly name: string
  readonly description: string
  readonly items: ReadonlyArray<TemplateItemInput>
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const { resolved, problems } = yield* resolveItems(configuration.tenantId, request.items)
  yield* failOnProblems("estimate template", [...templateProblems(request), ...problems])
  const template: EstimateTemplate = {
    id: yield* EntityId.make,
    tenantId: configuration.tenantId,
    code: yield* issueNumberOf(configuration, "estimateTemplate"),
    projectType: request.projectType.trim(),
    name: request.name.trim(),
    description: request.description.trim(),
    isActive: true,
    items: resolved,
    version: 1,
  }
  yield* (yield* EstimateTemplateRepository).insert({ aggregate: template })
  return template
})

/**
 * Activates or deactivates a template (EST-10); an unchanged flag returns the
 * template as it is.
 *
 * @since 0.1.0
 * @category constructors
 */
export const setTemplateStatus = Effect.fn("Estimates.setTemplateStatus")(function* (request: {
  readonly tenantId: TenantId
  readonly templateId: string
  readonly version: number
  readonly status: "active" | "inactive"
}) {
  const repository = yield* EstimateTemplateRepository
  const template = yield* repository.get({ tenantId: request.tenantId, id: request.templateId })
  if (template.version !== request.version) {
    return yield* Effect.fail(
      new StaleVersion({
        entityId: template.code,
        expectedVersion: request.version,
        actualVersion: template.version,
      }),
    )
  }
  const isActive = request.status === "active"
  if (template.isActive === isActive) return template
  const next: EstimateTemplate = { ...template, isActive, version: template.version + 1 }
  yield* repository.update({ aggregate: next, expectedVersion: template.version })
  return next
})

/**
 * The lines an estimate starts with from an active template (EST-10); the
 * clerk then measures and edits them freely before `draftEstimate`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const startFromTemplate = Effect.fn("Estimates.startFromTemplate")(function* (request: {
  readonly tenantId: TenantId
  readonly templateId: string
}) {
  const template = yield* (yield* EstimateTemplateRepository).get({
    tenantId: request.tenantId,
    id: request.templateId,
  })
  yield* failOnProblems(
    "estimate template",
    template.isActive
      ? []
      : [
          {
            field: "templateId",
            code: templateProblemCodes.templateInactive,
            message: `${template.code} is inactive; choose an active template`,
          },
        ],
  )
  return { templateCode: template.code, lines: toLineInputs(template) }
})
