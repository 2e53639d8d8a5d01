/**
 * `@karya/core`: the pure domain of public-works and wage-payment programmes.
 * Each module follows one spec file; see README.md for the public API.
 *
 * @since 0.1.0
 */
export * as Attendance from "./attendance/index.js"
export * as Bills from "./bills/index.js"
export * as Config from "./config/index.js"
export * as Contracts from "./contracts/index.js"
export * as Errors from "./errors/index.js"
export * as Estimates from "./estimates/index.js"
export * as Ids from "./ids/index.js"
export * as Karya from "./Karya.js"
export * as Measurement from "./measurement/index.js"
export * as Money from "./money/index.js"
export * as Payments from "./payments/index.js"
export * as Persistence from "./persistence/index.js"
export * as Rates from "./rates/index.js"
export * as Registries from "./registries/index.js"
export * as Stores from "./Stores.js"
export * as Time from "./time/index.js"
export { version } from "./Version.js"
export * as Workflow from "./workflow/index.js"
