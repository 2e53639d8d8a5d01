import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { describe, expect, it } from "vitest"
import { findViolations, type PackageName, type SourceFile } from "../architecture.js"

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

const coreFile = (text: string, path = "packages/core/src/money/Amount.ts"): SourceFile => ({
  packageName: "@karya/core",
  path,
  text,
  declaredDependencies: ["effect", "decimal.js"],
})

describe("ARCH-1: dependencies point inward", () => {
  it("ARCH-1: the repository's sources have no violation", () => {
    const sources = repositorySources()
    expect(sources.some((file) => file.packageName === "@karya/core")).toBe(true)
    expect(findViolations(sources)).toEqual([])
  })

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
