/**
 * `@karya/core`: the pure domain of public-works and wage-payment programmes.
 * Each module follows one spec file; see README.md for the public API.
 *
 * @since 0.1.0
 */
export * as Config from "./config/index.js"
export * as Errors from "./errors/index.js"
export * as Ids from "./ids/index.js"
export * as Money from "./money/index.js"
export * as Time from "./time/index.js"
export { version } from "./Version.js"
export * as Workflow from "./workflow/index.js"
