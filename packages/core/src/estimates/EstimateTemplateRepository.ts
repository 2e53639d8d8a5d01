/**
 * The repository port of estimate templates (EST-10): tenant-scoped,
 * versioned, searched by project type and active flag. Every implementation
 * passes `EstimateTemplateRepositorySuite`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import * as VersionedTable from "../rates/VersionedTable.js"
import type { StaleVersion } from "../workflow/WorkflowEngine.js"
import type { EstimateTemplate } from "./EstimateTemplate.js"

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
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface EstimateTemplateRepositoryShape {
  readonly insert: (template: EstimateTemplate) => Effect.Effect<void>
  readonly update: (template: EstimateTemplate) => Effect.Effect<void, StaleVersion>
  readonly get: (
    tenantId: TenantId,
    templateId: string,
  ) => Effect.Effect<EstimateTemplate, EstimateTemplateNotFound>
  readonly findByCode: (tenantId: TenantId, code: string) => Effect.Effect<Option.Option<EstimateTemplate>>
  /** Matching templates ordered by code. */
  readonly search: (
    tenantId: TenantId,
    criteria: { readonly projectType?: string; readonly isActive?: boolean },
  ) => Effect.Effect<ReadonlyArray<EstimateTemplate>>
}

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
 * An in-memory template repository (tests and embedding).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<EstimateTemplateRepository> = Layer.effect(
  EstimateTemplateRepository,
  Effect.map(VersionedTable.make<EstimateTemplate>(), (table) =>
    EstimateTemplateRepository.of({
      insert: (template) => Effect.orDie(table.write({ inserts: [template], updates: [] })),
      update: (template) => table.write({ inserts: [], updates: [template] }),
      get: (tenantId, templateId) =>
        Effect.flatMap(table.find(tenantId, templateId), (found) =>
          Option.match(found, {
            onNone: () => Effect.fail(new EstimateTemplateNotFound({ tenantId, templateId })),
            onSome: Effect.succeed,
          }),
        ),
      findByCode: (tenantId, code) =>
        Effect.map(table.rows(tenantId), (rows) =>
          Option.fromNullishOr(rows.find((template) => template.code === code)),
        ),
      search: (tenantId, criteria) =>
        Effect.map(table.rows(tenantId), (rows) =>
          rows
            .filter(
              (template) =>
                (criteria.projectType === undefined || template.projectType === criteria.projectType) &&
                (criteria.isActive === undefined || template.isActive === criteria.isActive),
            )
            .sort((left, right) => (left.code < right.code ? -1 : left.code > right.code ? 1 : 0)),
        ),
    }),
  ),
)
