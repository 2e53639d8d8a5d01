/**
 * The store of estimate templates (EST-10): versioned records (DB-4),
 * tenant-scoped (TEN-1), on the one store shape of
 * `Persistence.AggregateStore`. A code names one template of the tenant:
 * the `code` unique rule refuses a second holder with
 * `ESTIMATE_TEMPLATE_EXISTS`.
 *
 * - by id: `get({ tenantId, id })` (or `ESTIMATE_TEMPLATE_NOT_FOUND`);
 * - by code: `findFirst(repository, { tenantId, where: { code } })`;
 * - by project type and active flag, in code order: `find` with
 *   `where: { projectType, isActive }`, `orderBy: "code"`.
 *
 * @since 0.1.0
 */
import { Context, type Layer, Schema } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { EstimateTemplate } from "./EstimateTemplate.js"

/**
 * No template with this id in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class EstimateTemplateNotFound extends Schema.TaggedError<EstimateTemplateNotFound>(
  "@karya/core/estimates/EstimateTemplateNotFound",
)("EstimateTemplateNotFound", { tenantId: Schema.String, templateId: Schema.String }) {
  static readonly code = "ESTIMATE_TEMPLATE_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = EstimateTemplateNotFound.code
  readonly category = EstimateTemplateNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No estimate template ${this.templateId} exists in ${this.tenantId}; choose a template from the list.`
  }
}

/**
 * Another template of the tenant already has this code (EST-10).
 *
 * @since 0.1.0
 * @category errors
 */
export class EstimateTemplateExists extends Schema.TaggedError<EstimateTemplateExists>(
  "@karya/core/estimates/EstimateTemplateExists",
)("EstimateTemplateExists", { templateCode: Schema.String, existingTemplateId: Schema.String }) {
  static readonly code = "ESTIMATE_TEMPLATE_EXISTS"
  static readonly category = "conflict"
  readonly code = EstimateTemplateExists.code
  readonly category = EstimateTemplateExists.category
  readonly retryable = false
  override get message(): string {
    return `The estimate template ${this.templateCode} already exists (id ${this.existingTemplateId}); open it instead of creating it again.`
  }
}

/**
 * How estimate templates are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<EstimateTemplate>()({
  name: "EstimateTemplate",
  schema: EstimateTemplate,
  idOf: (template) => template.id,
  columns: {
    code: { type: "text", of: (template) => template.code, sortable: true },
    projectType: { type: "text", of: (template) => template.projectType },
    isActive: { type: "boolean", of: (template) => template.isActive },
  },
  uniques: {
    code: {
      scope: "tenant",
      keyOf: (template) => template.code,
      conflict: ({ aggregate, holder }) =>
        new EstimateTemplateExists({ templateCode: aggregate.code, existingTemplateId: holder.id }),
    },
  },
  notFound: (key) => new EstimateTemplateNotFound({ tenantId: key.tenantId, templateId: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type EstimateTemplateRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The estimate template repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class EstimateTemplateRepository extends Context.Service<
  EstimateTemplateRepository,
  EstimateTemplateRepositoryShape
>()("@karya/core/estimates/EstimateTemplateRepository") {}

/**
 * An in-memory estimate template store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<EstimateTemplateRepository> = AggregateStore.layerMemory(
  EstimateTemplateRepository,
  descriptor,
)
