/**
 * The store of projects (EST-1), the parents of estimates: versioned records
 * (DB-4), tenant-scoped (TEN-1), on the one store shape of
 * `Persistence.AggregateStore`. Numbers are issued once by the `project`
 * series (ID-2), so no unique rule of the store is needed for them.
 *
 * - by id: `get({ tenantId, id })` (or `PROJECT_NOT_FOUND`);
 * - by number: `findFirst(repository, { tenantId, where: { number } })`;
 * - by type and status, in number order: `find` with
 *   `where: { projectType, status }`, `orderBy: "number"`; a name fragment
 *   is no column (API-5's fuzzy names): `Project.hasNameContaining` sifts a page;
 * - estimated cost and location are columns for the KPIs.
 *
 * @since 0.1.0
 */
import { Context, type Layer, Schema } from "effect"
import * as Amount from "../money/Amount.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { Project } from "./Project.js"

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
 * How projects are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<Project>()({
  name: "Project",
  schema: Project,
  idOf: (project) => project.id,
  columns: {
    number: { type: "text", of: (project) => project.number, sortable: true },
    projectType: { type: "text", of: (project) => project.projectType },
    location: { type: "text", of: (project) => project.location },
    status: { type: "text", of: (project) => project.status },
    estimatedCost: {
      type: "numeric",
      of: (project) => Amount.toCanonicalString(project.estimatedCost),
      sortable: true,
    },
  },
  uniques: {},
  notFound: (key) => new ProjectNotFound({ tenantId: key.tenantId, projectId: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type ProjectRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The project repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class ProjectRepository extends Context.Service<ProjectRepository, ProjectRepositoryShape>()(
  "@karya/core/estimates/ProjectRepository",
) {}

/**
 * The project store's registration (port and descriptor): its module lists
 * it in `stores`, and an implementation that serves only some stores
 * (`PgStores.persisted`) names it, never its position in that list.
 *
 * @since 0.1.0
 * @category layers
 */
export const registration = AggregateStore.register(ProjectRepository, descriptor)

/**
 * An in-memory project store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<ProjectRepository> = AggregateStore.layerMemory(
  ProjectRepository,
  descriptor,
)
