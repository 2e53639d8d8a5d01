/**
 * The Node.js check the `karya` executable makes first (TECH-1): its
 * dependencies (undici, `@effect/platform-node`) need Node 22.19 or newer
 * and fail on older versions with an error that names none of this (Node 20:
 * `createZstdDecompress is not a function`). This module imports nothing, so
 * it runs on any Node; `main.ts` loads the rest of the CLI only once it
 * passes.
 *
 * @since 0.1.0
 */

/**
 * The oldest Node.js the CLI runs on: `engines.node` of the package.
 *
 * @since 0.1.0
 * @category models
 */
export const nodeVersionMin = "22.19.0"

const partsOf = (version: string): ReadonlyArray<number> =>
  version
    .replace(/^v/, "")
    .split(".")
    .slice(0, 3)
    .map((part) => Number.parseInt(part, 10) || 0)

/**
 * Whether `version` (`process.versions.node`) is at least `minimum`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isAtLeast = (options: { readonly version: string; readonly minimum: string }): boolean => {
  const version = partsOf(options.version)
  const minimum = partsOf(options.minimum)
  for (const index of [0, 1, 2]) {
    const have = version[index] ?? 0
    const need = minimum[index] ?? 0
    if (have !== need) return have > need
  }
  return true
}

/**
 * The message for a Node.js too old to run the CLI, or `undefined` when it
 * is new enough.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toVersionProblem = (options: {
  readonly version: string
  readonly executable: string
}): string | undefined =>
  isAtLeast({ version: options.version, minimum: nodeVersionMin })
    ? undefined
    : [
        `karya needs Node.js ${nodeVersionMin} or newer (Node 24 LTS recommended); this is Node ${options.version} (${options.executable}).`,
        "In the Karya repository, run it with the project's Node (the `node` dev dependency, Node 24):",
        "  npm start -- <command> [flags]          e.g. npm start -- serve --help",
        "  node_modules/.bin/node packages/http/dist/main.js <command> [flags]",
        "Elsewhere, install Node 24 (e.g. `nvm install 24`) and run karya with it.",
      ].join("\n")
