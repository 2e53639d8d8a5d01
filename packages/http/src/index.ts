/**
 * `@karya/http`: Karya's REST API and the `karya` CLI. This release holds the
 * kernel summary that `npm start` prints; see README.md for what comes.
 *
 * @since 0.1.0
 */
export * as KernelSummary from "./KernelSummary.js"
