/**
 * The store of project closure requests (CLOSE-1): versioned aggregates
 * (DB-4), tenant-scoped (TEN-1), on the one store shape of
 * `Persistence.AggregateStore`.
 *
 * - by id: `get({ tenantId, id })` (or `PROJECT_CLOSURE_NOT_FOUND`), or
 *   `getClosure({ tenantId, closureId })`;
 * - a project's requests: `find` with `where: { projectId }`, narrowed by
 *   the derived `status` (`inWorkflow`, `approved`, `rejected`); the one
 *   that stands (TE-1, CLOSE-1): `standingClosureOf`.
 *
 * @since 0.1.0
 */
import { Context, type Effect, type Layer, type Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import { ProjectClosure, standingStatuses, statusOf } from "./ProjectClosure.js"

/**
 * No closure request with the id exists in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class ProjectClosureNotFound extends Schema.TaggedError<ProjectClosureNotFound>(
  "@karya/core/contracts/ProjectClosureNotFound",
)("ProjectClosureNotFound", {
  tenantId: Schema.String,
  closureId: Schema.String,
}) {
  static readonly code = "PROJECT_CLOSURE_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = ProjectClosureNotFound.code
  readonly category = ProjectClosureNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No project closure request ${this.closureId} exists in ${this.tenantId}; search for it again.`
  }
}

/**
 * How closure requests are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<ProjectClosure>()({
  name: "ProjectClosure",
  schema: ProjectClosure,
  idOf: (closure) => closure.closureId,
  columns: {
    projectId: { type: "text", of: (closure) => closure.projectId },
    status: { type: "text", of: statusOf },
  },
  uniques: {},
  notFound: (key) => new ProjectClosureNotFound({ tenantId: key.tenantId, closureId: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type ProjectClosureRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The project-closure repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class ProjectClosureRepository extends Context.Service<
  ProjectClosureRepository,
  ProjectClosureRepositoryShape
>()("@karya/core/contracts/ProjectClosureRepository") {}

/**
 * An in-memory store of closure requests.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<ProjectClosureRepository> = AggregateStore.layerMemory(
  ProjectClosureRepository,
  descriptor,
)

/**
 * The closure request, or `PROJECT_CLOSURE_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getClosure = (key: {
  readonly tenantId: TenantId
  readonly closureId: string
}): Effect.Effect<ProjectClosure, ProjectClosureNotFound | StoreUnavailable, ProjectClosureRepository> =>
  ProjectClosureRepository.use((repository) => repository.get({ tenantId: key.tenantId, id: key.closureId }))

/**
 * The project's standing closure request (in the workflow or approved), if
 * any: the first raised.
 *
 * @since 0.1.0
 * @category constructors
 */
export const standingClosureOf = (key: {
  readonly tenantId: TenantId
  readonly projectId: string
}): Effect.Effect<Option.Option<ProjectClosure>, StoreUnavailable, ProjectClosureRepository> =>
  ProjectClosureRepository.use((repository) =>
    AggregateStore.findFirst(repository, {
      tenantId: key.tenantId,
      where: { projectId: key.projectId, status: standingStatuses },
    }),
  )
