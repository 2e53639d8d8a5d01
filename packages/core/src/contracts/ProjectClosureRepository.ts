/**
 * The project-closure repository port (ARCH-3, TEN-1, DB-4): closure
 * requests stored per tenant as versioned aggregates (an insert expects no
 * record with the id; an update names the version it was decided on, else
 * `STALE_VERSION` and nothing changes), listed per project in the order they
 * were raised (TE-1 and CLOSE-1 ask whether one stands).
 *
 * Every implementation passes `ProjectClosureRepositorySuite` from
 * `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import * as MemoryTable from "../measurement/MemoryTable.js"
import type { StaleVersion } from "../workflow/WorkflowEngine.js"
import type { ProjectClosure } from "./ProjectClosure.js"

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
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProjectClosureRepositoryShape {
  readonly insert: (closure: ProjectClosure) => Effect.Effect<void, StaleVersion>
  readonly update: (change: {
    readonly closure: ProjectClosure
    readonly expectedVersion: number
  }) => Effect.Effect<void, StaleVersion | ProjectClosureNotFound>
  readonly findById: (key: {
    readonly tenantId: TenantId
    readonly closureId: string
  }) => Effect.Effect<Option.Option<ProjectClosure>>
  /** Every closure request of a project, in the order they were raised. */
  readonly ofProject: (key: {
    readonly tenantId: TenantId
    readonly projectId: string
  }) => Effect.Effect<ReadonlyArray<ProjectClosure>>
}

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
 * The closure request, or `PROJECT_CLOSURE_NOT_FOUND`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const getClosure = (key: {
  readonly tenantId: TenantId
  readonly closureId: string
}): Effect.Effect<ProjectClosure, ProjectClosureNotFound, ProjectClosureRepository> =>
  ProjectClosureRepository.use((repository) =>
    Effect.flatMap(repository.findById(key), (found) =>
      Option.isSome(found)
        ? Effect.succeed(found.value)
        : Effect.fail(new ProjectClosureNotFound({ tenantId: key.tenantId, closureId: key.closureId })),
    ),
  )

/**
 * An in-memory repository: closures live in a `Ref` for as long as the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<ProjectClosureRepository> = Layer.effect(
  ProjectClosureRepository,
  Effect.map(
    MemoryTable.make<ProjectClosure>((closure) => closure.closureId),
    (table) =>
      ProjectClosureRepository.of({
        insert: table.insert,
        update: ({ closure, expectedVersion }) =>
          Effect.flatMap(table.update(closure, expectedVersion), (outcome) =>
            outcome === "updated"
              ? Effect.void
              : Effect.fail(
                  new ProjectClosureNotFound({ tenantId: closure.tenantId, closureId: closure.closureId }),
                ),
          ),
        findById: ({ tenantId, closureId }) => table.find(tenantId, closureId),
        ofProject: ({ tenantId, projectId }) =>
          Effect.map(table.ofTenant(tenantId), (all) =>
            all.filter((closure) => closure.projectId === projectId),
          ),
      }),
  ),
)
