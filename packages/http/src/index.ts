/**
 * `@karya/http`: Karya's REST API (Effect HttpApi, API-1..API-6) and the
 * `karya` CLI. `KaryaApi` is the API definition, `KaryaServer` its routes
 * over core's ports, `Auth` the bearer-token middleware, `Problem` the
 * problem+json errors and `ProblemCodes` the HTTP layer's own codes;
 * `BodyLimit` and `UnsafeText` refuse what the stores cannot take.
 *
 * @since 0.1.0
 */
export * as ApiSchemas from "./ApiSchemas.js"
export * as Auth from "./Auth.js"
export * as BodyLimit from "./BodyLimit.js"
export * as Demo from "./Demo.js"
export * as DemoClock from "./DemoClock.js"
export * as Environment from "./Environment.js"
export * as Idempotency from "./Idempotency.js"
export * as JitScheduler from "./JitScheduler.js"
export * as KaryaApi from "./KaryaApi.js"
export * as KaryaApp from "./KaryaApp.js"
export * as KaryaServer from "./KaryaServer.js"
export * as KernelSummary from "./KernelSummary.js"
export * as NodeSecrets from "./NodeSecrets.js"
export * as Pagination from "./Pagination.js"
export * as Problem from "./Problem.js"
export * as ProblemCodes from "./ProblemCodes.js"
export * as UnsafeText from "./UnsafeText.js"
export * as Views from "./Views.js"
