/**
 * ARCH-1 (spec 10-architecture.md): dependencies point inward.
 *
 * - `@karya/core` imports no adapter, no Node built-in, no network or database
 *   client, and reads no clock, randomness, process or network global: time and
 *   randomness come only through the Effect services it declares.
 * - Adapters import `@karya/core` only through its public entries and never
 *   each other or the http package; `@karya/http` imports core and adapters;
 *   examples import public entries only. No package reaches into another
 *   package's files by a relative path.
 * - Every bare import of a package's source is declared in its package.json, so
 *   `npm ci` on a new machine is enough.
 * - Core's modules (`packages/core/src/<module>/`) import one another without a
 *   cycle: each cycle is reported with its path (`config → ids → config`) and
 *   the import that makes each step.
 */
import { builtinModules } from "node:module"
import { posix } from "node:path"
import ts from "typescript"

export type PackageName =
  | "@karya/core"
  | "@karya/adapters-postgres"
  | "@karya/adapters-jit"
  | "@karya/http"
  | "@karya/examples"

export interface SourceFile {
  readonly packageName: PackageName
  /** Path relative to the repository root. */
  readonly path: string
  readonly text: string
  /** Packages the file's package.json declares (dependencies, devDependencies, peerDependencies). */
  readonly declaredDependencies: ReadonlyArray<string>
}

export interface Violation {
  readonly path: string
  readonly rule: string
}

const karyaEntriesAllowed: Record<PackageName, ReadonlyArray<string>> = {
  "@karya/core": [],
  "@karya/adapters-postgres": ["@karya/core"],
  "@karya/adapters-jit": ["@karya/core"],
  "@karya/http": ["@karya/core", "@karya/adapters-postgres", "@karya/adapters-jit"],
  "@karya/examples": ["@karya/core", "@karya/adapters-postgres", "@karya/adapters-jit", "@karya/http"],
}

/** Public entries of `@karya/core` besides the root; `./testing` only from tests. */
const coreSubpathsPublic = ["@karya/core/testing"]

/** Packages core must never import: they perform I/O. */
const ioPackages = [
  "undici",
  "pg",
  "msw",
  "@electric-sql/pglite",
  "@electric-sql/pglite-socket",
  "@effect/platform-node",
  "@effect/platform-node-shared",
  "@effect/sql-pg",
]

/** Effect modules that perform I/O; core may use the rest of `effect`. */
const effectIoModules = [
  // Effect 4.1 publishes these as `effect/<module>`; the `unstable/` spellings are kept for older releases.
  "effect/http",
  "effect/http-api",
  "effect/socket",
  "effect/sql",
  "effect/unstable/http",
  "effect/unstable/socket",
  "effect/unstable/sql",
  "effect/FileSystem",
]

/** Globals core must not touch (ARCH-1: no network, file, clock or randomness). */
const forbiddenGlobalCalls = ["Date.now", "Math.random", "performance.now"]
const forbiddenGlobalNames = [
  "fetch",
  "process",
  "XMLHttpRequest",
  "WebSocket",
  "crypto",
  "require",
  "setTimeout",
]

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]))

/** The bare package name of a specifier (`effect/Schema` → `effect`, `@a/b/c` → `@a/b`). */
export const packageOf = (specifier: string): string => {
  const parts = specifier.split("/")
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier)
}

const parse = (file: SourceFile): ts.SourceFile =>
  ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true)

/**
 * Every module specifier a file names, in source order: imports (also
 * type-only), re-exports (also `export * as X from`, which
 * `ts.preProcessFile` misses), `import x = require(…)`, dynamic `import(…)`,
 * `require(…)` and `import("…")` types.
 */
const importsOf = (source: ts.SourceFile): ReadonlyArray<string> => {
  const specifiers: Array<string> = []
  const visit = (node: ts.Node): void => {
    const specifier = specifierOf(node)
    if (specifier !== undefined) specifiers.push(specifier)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return specifiers
}

const specifierOf = (node: ts.Node): string | undefined => {
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
    return node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)
      ? node.moduleSpecifier.text
      : undefined
  }
  if (ts.isExternalModuleReference(node)) {
    return ts.isStringLiteral(node.expression) ? node.expression.text : undefined
  }
  if (ts.isImportTypeNode(node)) {
    const argument = node.argument
    return ts.isLiteralTypeNode(argument) && ts.isStringLiteral(argument.literal)
      ? argument.literal.text
      : undefined
  }
  const isLoad =
    ts.isCallExpression(node) &&
    (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
      (ts.isIdentifier(node.expression) && node.expression.text === "require"))
  const first = isLoad ? node.arguments[0] : undefined
  return first !== undefined && ts.isStringLiteralLike(first) ? first.text : undefined
}

const isTestPath = (path: string): boolean => /(^|\/)test\//.test(path) || /\.test\.ts$/.test(path)

const checkImport = (file: SourceFile, specifier: string): ReadonlyArray<string> => {
  if (specifier.startsWith(".")) {
    const depth = file.path.split("/").length
    const escapes = specifier.split("/").filter((segment) => segment === "..").length >= depth - 2
    return escapes && file.packageName !== "@karya/examples"
      ? [`relative import "${specifier}" leaves its package`]
      : []
  }
  if (builtins.has(specifier)) {
    // Core's tests may read fixtures from disk; its sources may not.
    const isCoreSource = file.packageName === "@karya/core" && !isTestPath(file.path)
    return isCoreSource ? [`core imports the Node built-in "${specifier}"`] : []
  }
  const name = packageOf(specifier)
  if (name.startsWith("@karya/")) return checkKaryaImport(file, specifier)
  const problems: Array<string> = []
  if (file.packageName === "@karya/core" && ioPackages.includes(name))
    problems.push(`core imports "${specifier}"`)
  if (file.packageName === "@karya/core" && effectIoModules.some((module) => specifier.startsWith(module))) {
    problems.push(`core imports the I/O module "${specifier}"`)
  }
  if (!file.declaredDependencies.includes(name)) problems.push(`"${name}" is not declared in package.json`)
  return problems
}

const checkKaryaImport = (file: SourceFile, specifier: string): ReadonlyArray<string> => {
  const name = packageOf(specifier)
  // A package's tests use its own public entries, as its users do; its sources never import themselves.
  const isOwnEntryFromTest = name === file.packageName && isTestPath(file.path)
  if (!isOwnEntryFromTest && !karyaEntriesAllowed[file.packageName].includes(name)) {
    return [`${file.packageName} may not import ${name}`]
  }
  if (specifier === name) return []
  if (coreSubpathsPublic.includes(specifier) && isTestPath(file.path)) return []
  return [`"${specifier}" is not a public entry usable here (import "${name}")`]
}

const checkGlobals = (source: ts.SourceFile): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && forbiddenGlobalCalls.includes(node.getText(source))) {
      problems.push(`core reads ${node.getText(source)}`)
    } else if (
      ts.isNewExpression(node) &&
      node.expression.getText(source) === "Date" &&
      !node.arguments?.length
    ) {
      problems.push("core reads the clock with new Date()")
    } else if (ts.isIdentifier(node) && forbiddenGlobalNames.includes(node.text) && isGlobalReference(node)) {
      problems.push(`core uses the global ${node.text}`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return problems
}

const isGlobalReference = (node: ts.Identifier): boolean => {
  const parent = node.parent
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false
  if (ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) {
    return parent.name !== node
  }
  return !(ts.isImportSpecifier(parent) || ts.isBindingElement(parent) || ts.isVariableDeclaration(parent))
}

const coreSourceRoot = "packages/core/src/"

/**
 * The core module of a path under `packages/core/src/` (`…/src/ids/IdSeries.ts`
 * → `ids`). A file at the root (`index.ts`, `Version.ts`) is a node of its own,
 * so a module importing the package entry closes a cycle through it.
 */
const coreModuleOf = (path: string): string | undefined => {
  const normalised = posix.normalize(path.replaceAll("\\", "/"))
  if (`${normalised}/` === coreSourceRoot) return "index"
  if (!normalised.startsWith(coreSourceRoot)) return undefined
  const segments = normalised.slice(coreSourceRoot.length).split("/")
  const first = segments[0] as string
  // A root file is named without its extension: `index.ts` imports as `./index.js`.
  return segments.length === 1 ? first.replace(/\.[cm]?[jt]s$/, "") : first
}

/**
 * One import from a file of a core module into another module.
 */
export interface ModuleImport {
  readonly from: string
  readonly to: string
  readonly path: string
  readonly specifier: string
}

/**
 * The imports between core's modules (relative imports whose target lies in
 * another module). Every module counts, `testing` and the `index.ts` barrels
 * too: nothing is left out of the graph.
 */
export const coreModuleImports = (files: ReadonlyArray<SourceFile>): ReadonlyArray<ModuleImport> =>
  files.flatMap((file) => moduleImportsOf(file, importsOf(parse(file))))

const moduleImportsOf = (
  file: SourceFile,
  specifiers: ReadonlyArray<string>,
): ReadonlyArray<ModuleImport> => {
  const from = coreModuleOf(file.path)
  if (file.packageName !== "@karya/core" || from === undefined) return []
  return specifiers
    .filter((specifier) => specifier.startsWith("."))
    .flatMap((specifier) => {
      const to = coreModuleOf(posix.join(posix.dirname(file.path.replaceAll("\\", "/")), specifier))
      return to === undefined || to === from ? [] : [{ from, to, path: file.path, specifier }]
    })
}

/**
 * The shortest path of modules from `start` to `goal` (both included), by
 * breadth-first search over `next`; undefined when `goal` is unreachable.
 */
const shortestPath = (
  next: ReadonlyMap<string, ReadonlyArray<string>>,
  start: string,
  goal: string,
): ReadonlyArray<string> | undefined => {
  const previous = new Map<string, string>([[start, start]])
  const queue = [start]
  for (let index = 0; index < queue.length; index += 1) {
    const module = queue[index] as string
    if (module === goal) {
      const path = [goal]
      while (path[0] !== start) path.unshift(previous.get(path[0] as string) as string)
      return path
    }
    for (const neighbour of next.get(module) ?? []) {
      if (previous.has(neighbour)) continue
      previous.set(neighbour, module)
      queue.push(neighbour)
    }
  }
  return undefined
}

/**
 * The import cycles between core's modules: for each import from A to B, the
 * shortest way back from B to A, each cycle once (written from its
 * alphabetically first module), so every import that closes a cycle shows up
 * in at least one reported cycle.
 */
export const coreModuleCycles = (
  imports: ReadonlyArray<ModuleImport>,
): ReadonlyArray<ReadonlyArray<string>> => {
  const next = new Map<string, Array<string>>()
  for (const edge of imports) {
    const targets = next.get(edge.from) ?? []
    if (!targets.includes(edge.to)) next.set(edge.from, [...targets, edge.to].sort())
  }
  const cycles = new Map<string, ReadonlyArray<string>>()
  for (const from of [...next.keys()].sort()) {
    for (const to of next.get(from) ?? []) {
      const back = shortestPath(next, to, from)
      if (back === undefined) continue
      const modules = [from, ...back.slice(0, -1)]
      const first = modules.indexOf([...modules].sort()[0] as string)
      const rotated = [...modules.slice(first), ...modules.slice(0, first)]
      cycles.set(rotated.join(" "), [...rotated, rotated[0] as string])
    }
  }
  return [...cycles.values()]
}

const cycleViolation = (cycle: ReadonlyArray<string>, imports: ReadonlyArray<ModuleImport>): Violation => {
  const steps = cycle.slice(1).map((to, index) => {
    const from = cycle[index]
    return imports.find((edge) => edge.from === from && edge.to === to) as ModuleImport
  })
  const via = steps.map((edge) => `${edge.path.slice(coreSourceRoot.length)} imports "${edge.specifier}"`)
  return {
    path: steps[0]?.path ?? coreSourceRoot,
    rule: `import cycle between core modules: ${cycle.join(" → ")} (${via.join("; ")})`,
  }
}

/** Every ARCH-1 violation in a set of source files. */
export const findViolations = (files: ReadonlyArray<SourceFile>): ReadonlyArray<Violation> => {
  const imports: Array<ModuleImport> = []
  const fileViolations = files.flatMap((file) => {
    // Each file is parsed once: its imports feed both the per-file checks and the module graph.
    const source = parse(file)
    const specifiers = importsOf(source)
    imports.push(...moduleImportsOf(file, specifiers))
    const importProblems = specifiers.flatMap((specifier) => checkImport(file, specifier))
    const globalProblems =
      file.packageName === "@karya/core" && !isTestPath(file.path) ? checkGlobals(source) : []
    return [...importProblems, ...globalProblems].map((rule) => ({ path: file.path, rule }))
  })
  const cycleViolations = coreModuleCycles(imports).map((cycle) => cycleViolation(cycle, imports))
  return [...fileViolations, ...cycleViolations]
}
