import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const repositoryRoot = join(import.meta.dirname, "..", "..")
const read = (path: string) => readFileSync(join(repositoryRoot, path), "utf8")

const typeScriptBlocks = (markdown: string): ReadonlyArray<string> =>
  [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "")

describe("package documentation", () => {
  it("ARCH-2: every example of the core README is type-checked and run from examples/core-modules.ts", () => {
    const blocks = typeScriptBlocks(read("packages/core/README.md"))
    const examples = read("examples/core-modules.ts")
    expect(blocks.length).toBeGreaterThanOrEqual(7)
    for (const block of blocks) {
      for (const line of block.split("\n").filter((text) => text.trim() !== "")) {
        expect(examples, `README line missing from examples/core-modules.ts: ${line}`).toContain(line)
      }
    }
  })

  it("ARCH-2: the core README documents every module the package entry exports", () => {
    const entry = read("packages/core/src/index.ts")
    const modules = [...entry.matchAll(/export \* as (\w+) from/g)].map((match) => match[1] ?? "")
    const readme = read("packages/core/README.md")
    expect(modules.length).toBeGreaterThanOrEqual(6)
    for (const module of modules) expect(readme).toMatch(new RegExp(`\\| \`${module}\` +\\|`))
  })

  it("every package has a README with an example", () => {
    for (const name of ["core", "adapters-postgres", "adapters-jit", "http"]) {
      expect(read(`packages/${name}/README.md`)).toMatch(/```ts\n[\s\S]*import [\s\S]*from "@karya\//)
    }
  })
})
