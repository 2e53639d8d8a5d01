import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const repositoryRoot = join(import.meta.dirname, "..", "..")
const readJson = (path: string) => JSON.parse(readFileSync(join(repositoryRoot, path), "utf8"))

const publishedPackages = ["core", "adapters-postgres", "adapters-jit", "http"] as const

describe("toolchain", () => {
  it("TECH-1: tests run on Node 24 LTS, brought by the pinned node package whatever the system Node is", () => {
    expect(Number(process.versions.node.split(".")[0])).toBe(24)
    const manifest = readJson("package.json")
    expect(manifest.devDependencies.node).toMatch(/^\^24\./)
    expect(manifest.engines.node).toBe(">=22.19")
    for (const name of publishedPackages) {
      expect(readJson(`packages/${name}/package.json`).engines.node).toBe(">=22.19")
    }
  })

  it("TECH-2: TypeScript is strict with exact optional properties and unchecked index access", () => {
    const { compilerOptions } = readJson("tsconfig.json")
    expect(compilerOptions).toMatchObject({
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      module: "NodeNext",
    })
  })

  it("TECH-2: every package is ESM with an exports map of types and import entries built by tsup", () => {
    for (const name of publishedPackages) {
      const manifest = readJson(`packages/${name}/package.json`)
      expect(manifest.type).toBe("module")
      expect(manifest.name).toBe(`@karya/${name}`)
      expect(manifest.exports["."]).toEqual({
        "@karya/source": "./src/index.ts",
        types: "./dist/index.d.ts",
        import: "./dist/index.js",
      })
      expect(manifest.scripts.build).toBe("rm -rf dist && tsup && tsc -p tsconfig.build.json")
    }
    expect(readJson("packages/core/package.json").exports["./internal/*"]).toBeNull()
  })

  it("TECH-2: npm workspaces and turbo pipelines for build, typecheck, lint and test", () => {
    const manifest = readJson("package.json")
    expect(manifest.workspaces).toEqual(
      expect.arrayContaining(publishedPackages.map((name) => `packages/${name}`)),
    )
    const turbo = readJson("turbo.json")
    expect(Object.keys(turbo.tasks)).toEqual(expect.arrayContaining(["build", "typecheck", "lint", "test"]))
    expect(turbo.tasks.build.outputs).toEqual(["dist/**"])
    expect(turbo.tasks.build.dependsOn).toEqual(["^build"])
  })
})
