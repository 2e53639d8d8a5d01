/**
 * The repository port of projects: tenant-scoped, versioned, searched by
 * type, status and name. Every implementation passes `ProjectRepositorySuite`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import * as VersionedTable from "../rates/VersionedTable.js"
import type { StaleVersion } from "../workflow/WorkflowEngine.js"
import type { Project } from "./Project.js"

/**
 * No project with this id in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class ProjectNotFound extends Schema.TaggedError<ProjectNotFound>(
  "@karya/core/estimates/ProjectNotFound",
)("ProjectNotFound", { tenantId: Schema.String, projectId: Schema.String }) {
  static readonly code = "PROJECT_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = ProjectNotFound.code
  readonly category = ProjectNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No project ${this.projectId} exists in ${this.tenantId}; choose a project from the list.`
  }
}

/**
 * Search criteria; every given one must match. `nameContains` ignores case.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProjectCriteria {
  readonly projectType?: string
  readonly status?: Project["status"]
  readonly nameContains?: string
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProjectRepositoryShape {
  readonly insert: (project: Project) => Effect.Effect<void>
  readonly update: (project: Project) => Effect.Effect<void, StaleVersion>
  readonly get: (tenantId: TenantId, projectId: string) => Effect.Effect<Project, ProjectNotFound>
  readonly findByNumber: (tenantId: TenantId, number: string) => Effect.Effect<Option.Option<Project>>
  /** Matching projects ordered by number. */
  readonly search: (tenantId: TenantId, criteria: ProjectCriteria) => Effect.Effect<ReadonlyArray<Project>>
}

/**
 * The project repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class ProjectRepository extends Context.Service<ProjectRepository, ProjectRepositoryShape>()(
  "@karya/core/estimates/ProjectRepository",
) {}

const matches = (project: Project, criteria: ProjectCriteria): boolean =>
  (criteria.projectType === undefined || project.projectType === criteria.projectType) &&
  (criteria.status === undefined || project.status === criteria.status) &&
  (criteria.nameContains === undefined ||
    project.name.toLowerCase().includes(criteria.nameContains.toLowerCase()))

/**
 * An in-memory project repository (tests and embedding).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<ProjectRepository> = Layer.effect(
  ProjectRepository,
  Effect.map(VersionedTable.make<Project>(), (table) =>
    ProjectRepository.of({
      insert: (project) => Effect.orDie(table.write({ inserts: [project], updates: [] })),
      update: (project) => table.write({ inserts: [], updates: [project] }),
      get: (tenantId, projectId) =>
        Effect.flatMap(table.find(tenantId, projectId), (found) =>
          Option.match(found, {
            onNone: () => Effect.fail(new ProjectNotFound({ tenantId, projectId })),
            onSome: Effect.succeed,
          }),
        ),
      findByNumber: (tenantId, number) =>
        Effect.map(table.rows(tenantId), (rows) =>
          Option.fromNullishOr(rows.find((project) => project.number === number)),
        ),
      search: (tenantId, criteria) =>
        Effect.map(table.rows(tenantId), (rows) =>
          rows
            .filter((project) => matches(project, criteria))
            .sort((left, right) => (left.number < right.number ? -1 : left.number > right.number ? 1 : 0)),
        ),
    }),
  ),
)
