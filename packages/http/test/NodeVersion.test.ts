/**
 * TECH-1: the `karya` executable checks the Node.js version before it loads
 * anything that needs Node 22.19+, so the system's Node 20 prints what to
 * run instead of crashing inside undici. The process test compiles
 * `main.ts` and `NodeVersion.ts` alone (TypeScript's transpiler, no bundle)
 * and runs them on a Node older than the minimum found on this machine; it
 * is skipped, saying so in its name, when there is none.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { delimiter, join } from "node:path"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"
import ts from "typescript"
import { isAtLeast, nodeVersionMin, toVersionProblem } from "../src/NodeVersion.js"

const sourceDirectory = fileURLToPath(new URL("../src/", import.meta.url))
const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  readonly engines: { readonly node: string }
}

/** A Node older than the minimum on this machine (`which -a node`, and the usual places), if any. */
const oldNode = (): { readonly path: string; readonly version: string } | undefined => {
  const onPath = (process.env.PATH ?? "").split(delimiter).map((directory) => join(directory, "node"))
  const candidates = [...new Set([...onPath, "/usr/bin/node", "/usr/local/bin/node", "/bin/node"])]
  for (const path of candidates.filter((candidate) => existsSync(candidate))) {
    const version =
      spawnSync(path, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout?.trim() ?? ""
    if (version !== "" && !isAtLeast({ version, minimum: nodeVersionMin })) return { path, version }
  }
  return undefined
}

const old = oldNode()

/** `main.ts` and `NodeVersion.ts` compiled to JavaScript in a fresh directory, without `CliMain`. */
const compiledEntry = (): { readonly main: string; readonly remove: () => void } => {
  const directory = mkdtempSync(join(tmpdir(), "karya-node-version-"))
  for (const name of ["main", "NodeVersion"]) {
    const source = readFileSync(join(sourceDirectory, `${name}.ts`), "utf8")
    const output = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText
    writeFileSync(join(directory, `${name}.js`), output)
  }
  writeFileSync(join(directory, "package.json"), JSON.stringify({ type: "module" }))
  return {
    main: join(directory, "main.js"),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  }
}

describe("NodeVersion", () => {
  it("TECH-1: the minimum is the package's engines.node", () => {
    const engines = packageJson.engines.node.replace(/^>=\s*/, "")
    assert.isTrue(isAtLeast({ version: engines, minimum: nodeVersionMin }))
    assert.isTrue(isAtLeast({ version: nodeVersionMin, minimum: engines }))
  })

  it("TECH-1: versions compare part by part, as numbers", () => {
    assert.isTrue(isAtLeast({ version: "24.21.0", minimum: "22.19.0" }))
    assert.isTrue(isAtLeast({ version: "22.19.0", minimum: "22.19.0" }))
    assert.isTrue(isAtLeast({ version: "22.100.0", minimum: "22.19.0" }))
    assert.isFalse(isAtLeast({ version: "22.18.9", minimum: "22.19.0" }))
    assert.isFalse(isAtLeast({ version: "20.20.2", minimum: "22.19.0" }))
    assert.isFalse(isAtLeast({ version: "v9.0.0", minimum: "22.19.0" }))
    assert.isUndefined(toVersionProblem({ version: process.versions.node, executable: process.execPath }))
    const problem = toVersionProblem({ version: "20.20.2", executable: "/usr/bin/node" }) ?? ""
    assert.include(problem, `karya needs Node.js ${nodeVersionMin} or newer`)
    assert.include(problem, "this is Node 20.20.2 (/usr/bin/node)")
    assert.include(problem, "npm start -- ")
  })

  it.skipIf(old === undefined)(
    old === undefined
      ? `TECH-1: an old Node prints what it needs (skipped: no Node older than ${nodeVersionMin} on this machine)`
      : `TECH-1: on Node ${old.version} (${old.path}) the executable says which Node it needs and how to run it, and exits 1`,
    { timeout: 30_000 },
    () => {
      const entry = compiledEntry()
      try {
        const onOld = spawnSync(old?.path ?? "", [entry.main, "serve"], { encoding: "utf8" })
        assert.strictEqual(onOld.status, 1, onOld.stderr)
        assert.include(onOld.stderr, `karya needs Node.js ${nodeVersionMin} or newer`)
        assert.include(onOld.stderr, `this is Node ${old?.version}`)
        assert.include(onOld.stderr, "npm start -- <command>")
        assert.notInclude(onOld.stderr, "createZstdDecompress")
        // The project's Node passes the check and goes on to load the CLI,
        // which this compiled copy leaves out on purpose.
        const onProject = spawnSync(process.execPath, [entry.main, "--help"], { encoding: "utf8" })
        assert.notInclude(onProject.stderr, "karya needs Node.js")
        assert.include(onProject.stderr, "CliMain.js")
      } finally {
        entry.remove()
      }
    },
  )
})
