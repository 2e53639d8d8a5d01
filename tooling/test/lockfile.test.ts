import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { completeLockfile, type Lockfile, missingPlatformEntries, platformOf } from "../lockfile.js"

const lockfile = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "..", "package-lock.json"), "utf8"),
) as Lockfile

describe("package-lock.json", () => {
  it("TECH-1: every optional platform build is locked, so `npm ci` installs on a fresh clone (run `npm run lockfile:complete` after `npm install` if this fails)", () => {
    expect(missingPlatformEntries(lockfile).map((missing) => missing.path)).toEqual([])
  })

  it("TECH-1: the Node 24 binary comes from the locked node package", () => {
    expect(lockfile.packages["node_modules/node"]?.version).toMatch(/^24\./)
  })

  it("reads the platform of a build from its name", () => {
    expect(platformOf("@rollup/rollup-linux-arm64-musl")).toEqual({
      os: ["linux"],
      cpu: ["arm64"],
      libc: ["musl"],
    })
    expect(platformOf("@rollup/rollup-linux-arm-gnueabihf")).toEqual({
      os: ["linux"],
      cpu: ["arm"],
      libc: ["glibc"],
    })
    expect(platformOf("@rollup/rollup-win32-x64-gnu")).toEqual({ os: ["win32"], cpu: ["x64"] })
    expect(platformOf("@turbo/windows-64")).toEqual({ os: ["win32"], cpu: ["x64"] })
    expect(platformOf("@biomejs/cli-darwin-arm64")).toEqual({ os: ["darwin"], cpu: ["arm64"] })
    expect(platformOf("fsevents")).toBeUndefined()
  })

  it("completes a lockfile that lacks a platform build, and leaves a complete one as it is", () => {
    const partial: Lockfile = {
      packages: {
        "": { name: "x" },
        "node_modules/rollup": {
          version: "4.0.0",
          dev: true,
          optionalDependencies: {
            "@rollup/rollup-darwin-arm64": "4.0.0",
            "@rollup/rollup-linux-x64-gnu": "4.0.0",
          },
        },
        "node_modules/@rollup/rollup-linux-x64-gnu": { version: "4.0.0", dev: true, optional: true },
      },
    }
    const completed = completeLockfile(partial)
    expect(completed.packages["node_modules/@rollup/rollup-darwin-arm64"]).toEqual({
      version: "4.0.0",
      dev: true,
      optional: true,
      os: ["darwin"],
      cpu: ["arm64"],
    })
    expect(Object.keys(completed.packages)).toEqual([
      "",
      "node_modules/@rollup/rollup-darwin-arm64",
      "node_modules/@rollup/rollup-linux-x64-gnu",
      "node_modules/rollup",
    ])
    expect(missingPlatformEntries(completed)).toEqual([])
    expect(completeLockfile(completed)).toEqual(completed)
  })
})
