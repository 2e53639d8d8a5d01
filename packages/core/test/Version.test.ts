import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { version } from "@karya/core"

describe("version", () => {
  it("TECH-2: the exported version is the package.json version", () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, "..", "package.json"), "utf8"))
    expect(version).toBe(manifest.version)
    expect(version).toMatch(/^\d+\.\d+\.\d+$/)
  })
})
