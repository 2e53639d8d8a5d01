/**
 * Registering projects, the parents of estimates: validates every field at
 * once (ERR-3) and numbers the project from the tenant's `project` series
 * (ID-2 `PJ/2023-24/000012`).
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import * as EntityId from "../ids/EntityId.js"
import { failOnProblems, issueNumberOf } from "../rates/ScheduleOfRates.js"
import { inputProblems, type Project, type ProjectInput } from "./Project.js"
import { ProjectRepository } from "./ProjectRepository.js"

/**
 * Creates a project.
 *
 * @since 0.1.0
 * @category constructors
 */
export const createProject = Effect.fn("Estimates.createProject")(function* (request: {
  readonly tenantId: TenantId
  readonly input: ProjectInput
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const { input } = request
  yield* failOnProblems("project", inputProblems(input))
  const project: Project = {
    id: yield* EntityId.make,
    tenantId: configuration.tenantId,
    number: yield* issueNumberOf(configuration, "project"),
    name: input.name.trim(),
    projectType: input.projectType.trim(),
    location: input.location.trim(),
    estimatedCost: input.estimatedCost,
    status: "active",
    version: 1,
  }
  yield* (yield* ProjectRepository).insert({ aggregate: project })
  return project
})
