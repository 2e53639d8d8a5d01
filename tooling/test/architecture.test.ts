import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { describe, expect, it } from "vitest"
import {
  coreModuleCycles,
  coreModuleImports,
  findViolations,
  type PackageName,
  type SourceFile,
} from "../architecture.js"

const repositoryRoot = join(import.meta.dirname, "..", "..")

const packageDirectories: Record<PackageName, string> = {
  "@karya/core": "packages/core",
  "@karya/adapters-postgres": "packages/adapters-postgres",
  "@karya/adapters-jit": "packages/adapters-jit",
  "@karya/http": "packages/http",
  "@karya/examples": "examples",
}

const typeScriptFilesUnder = (directory: string): ReadonlyArray<string> => {
  const found: Array<string> = []
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      if (entry === "node_modules" || entry === "dist" || entry === "coverage") continue
      const path = join(current, entry)
      if (statSync(path).isDirectory()) walk(path)
      else if (/\.m?ts$/.test(entry) && !entry.endsWith(".d.ts")) found.push(path)
    }
  }
  walk(directory)
  return found
}

const declaredDependenciesOf = (directory: string): ReadonlyArray<string> => {
  const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"))
  const rootManifest = JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8"))
  return [
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.devDependencies ?? {}),
    // Root dev dependencies (vitest, fast-check, tsup…) serve every package's tests and build config.
    ...Object.keys(rootManifest.devDependencies ?? {}),
  ]
}

const repositorySources = (): ReadonlyArray<SourceFile> =>
  Object.entries(packageDirectories).flatMap(([packageName, directory]) => {
    const absolute = join(repositoryRoot, directory)
    const declaredDependencies = declaredDependenciesOf(absolute)
    return typeScriptFilesUnder(absolute).map((path) => ({
      packageName: packageName as PackageName,
      path: relative(repositoryRoot, path),
      text: readFileSync(path, "utf8"),
      declaredDependencies,
    }))
  })

/**
 * The tests that read the whole repository parse every TypeScript file (about
 * 400 files, 3 MB): a second alone, several on a machine shared with other
 * builds, so they get more than vitest's default 5 s.
 */
const repositoryReadMs = 60_000

const coreFile = (text: string, path = "packages/core/src/money/Amount.ts"): SourceFile => ({
  packageName: "@karya/core",
  path,
  text,
  declaredDependencies: ["effect", "decimal.js"],
})

describe("ARCH-1: dependencies point inward", () => {
  it(
    "ARCH-1: the repository's sources have no violation",
    () => {
      const sources = repositorySources()
      expect(sources.some((file) => file.packageName === "@karya/core")).toBe(true)
      expect(findViolations(sources)).toEqual([])
    },
    repositoryReadMs,
  )

  it("ARCH-1: core may not import Node built-ins, I/O packages or adapters", () => {
    const violations = findViolations([
      coreFile(
        [
          'import { readFileSync } from "node:fs"',
          'import * as http from "http"',
          'import { request } from "undici"',
          'import { HttpClient } from "effect/unstable/http"',
          'import { x } from "@karya/adapters-jit"',
          'const lazy = await import("node:net")',
        ].join("\n"),
      ),
    ])
    expect(violations.map((violation) => violation.rule)).toEqual([
      'core imports the Node built-in "node:fs"',
      'core imports the Node built-in "http"',
      'core imports "undici"',
      '"undici" is not declared in package.json',
      'core imports the I/O module "effect/unstable/http"',
      "@karya/core may not import @karya/adapters-jit",
      'core imports the Node built-in "node:net"',
    ])
  })

  it("ARCH-1: core may not read the clock, randomness, the process or the network", () => {
    const violations = findViolations([
      coreFile(
        [
          "const now = Date.now()",
          "const today = new Date()",
          "const roll = Math.random()",
          'const reply = fetch("http://x")',
          "const home = process.env.HOME",
          "const parsed = new Date(0)",
          "const options = { fetch: 1, process: 2 }",
          "// Date.now() in a comment is fine",
        ].join("\n"),
      ),
    ])
    expect(violations.map((violation) => violation.rule)).toEqual([
      "core reads Date.now",
      "core reads the clock with new Date()",
      "core reads Math.random",
      "core uses the global fetch",
      "core uses the global process",
    ])
  })

  it("ARCH-1: adapters import core only through its public entry, and never the http package", () => {
    const adapterFile: SourceFile = {
      packageName: "@karya/adapters-jit",
      path: "packages/adapters-jit/src/JitClient.ts",
      text: [
        'import { Money } from "@karya/core"',
        'import { x } from "@karya/core/internal/assert"',
        'import { y } from "@karya/core/testing"',
        'import { z } from "@karya/http"',
        'import { w } from "../../core/src/money/Amount.js"',
      ].join("\n"),
      declaredDependencies: ["@karya/core"],
    }
    expect(findViolations([adapterFile]).map((violation) => violation.rule)).toEqual([
      '"@karya/core/internal/assert" is not a public entry usable here (import "@karya/core")',
      '"@karya/core/testing" is not a public entry usable here (import "@karya/core")',
      "@karya/adapters-jit may not import @karya/http",
      'relative import "../../core/src/money/Amount.js" leaves its package',
    ])
  })
})

describe("ARCH-1: core's modules import one another without a cycle", () => {
  it("ARCH-1: an import cycle between core modules is a violation, reported with its path", () => {
    const violations = findViolations([
      coreFile('import { TenantId } from "../config/TenantId.js"', "packages/core/src/ids/IdSequence.ts"),
      coreFile('export * as IdSeries from "../ids/IdSeries.js"', "packages/core/src/config/index.ts"),
      coreFile('import type { Series } from "../ids/IdSeries.js"', "packages/core/src/workflow/Actor.ts"),
      coreFile(
        'import * as AuditLog from "../persistence/AuditLog.js"',
        "packages/core/src/payments/JitRun.ts",
      ),
      coreFile('import type { Bill } from "../bills/Bill.js"', "packages/core/src/persistence/Outbox.ts"),
      coreFile('const notifier = await import("../payments/Notifier.js")', "packages/core/src/bills/Bill.ts"),
    ])
    expect(violations).toEqual([
      {
        path: "packages/core/src/bills/Bill.ts",
        rule: [
          "import cycle between core modules: bills → payments → persistence → bills",
          '(bills/Bill.ts imports "../payments/Notifier.js";',
          'payments/JitRun.ts imports "../persistence/AuditLog.js";',
          'persistence/Outbox.ts imports "../bills/Bill.js")',
        ].join(" "),
      },
      {
        path: "packages/core/src/config/index.ts",
        rule: [
          "import cycle between core modules: config → ids → config",
          '(config/index.ts imports "../ids/IdSeries.js";',
          'ids/IdSequence.ts imports "../config/TenantId.js")',
        ].join(" "),
      },
    ])
  })

  it("ARCH-1: a module that imports the package entry closes a cycle through it", () => {
    const violations = findViolations([
      coreFile('export * as Money from "./money/index.js"', "packages/core/src/index.ts"),
      coreFile('import { Money } from "../index.js"', "packages/core/src/money/Amount.ts"),
    ])
    expect(violations.map((violation) => violation.rule)).toEqual([
      'import cycle between core modules: index → money → index (index.ts imports "./money/index.js"; money/Amount.ts imports "../index.js")',
    ])
  })

  it("ARCH-1: imports inside a module, imports one way and core's tests make no cycle", () => {
    const sources = [
      coreFile('import { Rate } from "./Rate.js"\nimport { assert } from "../internal/assert.js"'),
      coreFile('import { Amount } from "./Amount.js"', "packages/core/src/money/Rate.ts"),
      coreFile('import { Amount } from "../money/Amount.js"', "packages/core/src/bills/Bill.ts"),
      coreFile('import { Bill } from "../../src/bills/Bill.js"', "packages/core/test/money/Amount.test.ts"),
    ]
    expect(coreModuleImports(sources).map((edge) => `${edge.from} → ${edge.to}`)).toEqual([
      "money → internal",
      "bills → money",
    ])
    expect(findViolations(sources)).toEqual([])
  })

  it(
    "ARCH-1: the repository's core modules form no import cycle",
    () => {
      const imports = coreModuleImports(repositorySources())
      // The graph is really read: payments' use cases import persistence's ports.
      expect(imports).toContainEqual(expect.objectContaining({ from: "payments", to: "persistence" }))
      expect(coreModuleCycles(imports).map((cycle) => cycle.join(" → "))).toEqual([])
    },
    repositoryReadMs,
  )
})
