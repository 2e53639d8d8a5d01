/**
 * Keeps package-lock.json installable with `npm ci` on every platform.
 *
 * The npm registry this project's machines reach serves only some platform
 * builds of packages with native binaries (rollup, Biome, turbo). npm then
 * writes a lockfile without entries for the builds it could not see, while
 * `npm ci` insists on an entry for every optional dependency and refuses to
 * install. This fills the missing entries with what npm itself would write:
 * the pinned version, `optional`, and the `os`/`cpu`/`libc` read from the
 * package's platform-named package, so npm skips them on other platforms and
 * fetches them by version where they apply.
 *
 * Run `npm run lockfile:complete` after any `npm install`; a repository test
 * fails while an entry is missing.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"

interface LockEntry {
  readonly version?: string
  readonly dev?: boolean
  readonly optional?: boolean
  readonly optionalDependencies?: Readonly<Record<string, string>>
  readonly [key: string]: unknown
}

export interface Lockfile {
  readonly packages: Readonly<Record<string, LockEntry>>
  readonly [key: string]: unknown
}

export interface PlatformEntry {
  readonly path: string
  readonly entry: LockEntry
}

const operatingSystems: Readonly<Record<string, string>> = {
  android: "android",
  darwin: "darwin",
  freebsd: "freebsd",
  linux: "linux",
  openbsd: "openbsd",
  openharmony: "openharmony",
  win32: "win32",
  windows: "win32",
}

const processors: Readonly<Record<string, string>> = {
  arm: "arm",
  arm64: "arm64",
  x64: "x64",
  "64": "x64",
  ia32: "ia32",
  loong64: "loong64",
  ppc64: "ppc64",
  riscv64: "riscv64",
  s390x: "s390x",
}

const libraries: Readonly<Record<string, string>> = {
  gnu: "glibc",
  gnueabihf: "glibc",
  musl: "musl",
  musleabihf: "musl",
}

/** The `os`, `cpu` and `libc` a platform build's name declares, e.g. `@rollup/rollup-linux-arm64-musl`. */
export const platformOf = (name: string): Readonly<Record<string, ReadonlyArray<string>>> | undefined => {
  const tokens = (name.split("/").pop() ?? name).split("-")
  const os = tokens.map((token) => operatingSystems[token]).find((value) => value !== undefined)
  const cpu = tokens.map((token) => processors[token]).find((value) => value !== undefined)
  if (os === undefined || cpu === undefined) return undefined
  const libc = tokens.map((token) => libraries[token]).find((value) => value !== undefined)
  // Windows builds named `-gnu` or `-msvc` are told apart by toolchain, not libc.
  const libcField = libc === undefined || os !== "linux" ? {} : { libc: [libc] }
  return { os: [os], cpu: [cpu], ...libcField }
}

/** Every optional platform build some locked package depends on but the lockfile lacks. */
export const missingPlatformEntries = (lockfile: Lockfile): ReadonlyArray<PlatformEntry> =>
  Object.entries(lockfile.packages).flatMap(([parentPath, parent]) =>
    Object.entries(parent.optionalDependencies ?? {}).flatMap(([name, version]) => {
      const path = `node_modules/${name}`
      const platform = platformOf(name)
      if (lockfile.packages[path] !== undefined || platform === undefined || parentPath === "") return []
      const devField = parent.dev === true ? { dev: true } : {}
      return [{ path, entry: { version, ...devField, optional: true, ...platform } }]
    }),
  )

/** The lockfile with every missing platform entry added, keys in npm's order. */
export const completeLockfile = (lockfile: Lockfile): Lockfile => {
  const added = Object.fromEntries(missingPlatformEntries(lockfile).map(({ path, entry }) => [path, entry]))
  const packages = Object.fromEntries(
    Object.entries({ ...lockfile.packages, ...added }).sort(([left], [right]) =>
      left === "" ? -1 : right === "" ? 1 : left.localeCompare(right, "en"),
    ),
  )
  return { ...lockfile, packages }
}

const isMain = process.argv[1] !== undefined && import.meta.filename === process.argv[1]
if (isMain) {
  const path = join(import.meta.dirname, "..", "package-lock.json")
  const lockfile = JSON.parse(readFileSync(path, "utf8")) as Lockfile
  const missing = missingPlatformEntries(lockfile)
  writeFileSync(path, `${JSON.stringify(completeLockfile(lockfile), null, 2)}\n`)
  console.log(`package-lock.json: added ${missing.length} optional platform entries`)
}
