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
 */
import { builtinModules } from "node:module"
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

const importsOf = (text: string): ReadonlyArray<string> =>
  ts.preProcessFile(text, true, true).importedFiles.map((imported) => imported.fileName)

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

const checkGlobals = (file: SourceFile): ReadonlyArray<string> => {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true)
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

/** Every ARCH-1 violation in a set of source files. */
export const findViolations = (files: ReadonlyArray<SourceFile>): ReadonlyArray<Violation> =>
  files.flatMap((file) => {
    const importProblems = importsOf(file.text).flatMap((specifier) => checkImport(file, specifier))
    const globalProblems =
      file.packageName === "@karya/core" && !isTestPath(file.path) ? checkGlobals(file) : []
    return [...importProblems, ...globalProblems].map((rule) => ({ path: file.path, rule }))
  })
