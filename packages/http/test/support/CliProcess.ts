/**
 * The `karya` executable as a child process, run from the sources on this
 * process's Node (the project's Node 24, `SourceResolve.mjs` resolving the
 * `.js` imports to `.ts`). The child sees only the environment a test gives
 * it (plus `PATH`), never the test run's own (`DATABASE_URL`, …).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const hooks = fileURLToPath(new URL("./SourceResolve.mjs", import.meta.url))
const mainSource = fileURLToPath(new URL("../../src/main.ts", import.meta.url))

/** How long a CLI run may take before the test gives up on it (a cold start on a busy machine takes seconds). */
export const cliRunMsMax = 60_000

const argumentsOf = (args: ReadonlyArray<string>) => [
  "--conditions=@karya/source",
  "--import",
  hooks,
  mainSource,
  ...args,
]

const spawnCli = (options: {
  readonly args: ReadonlyArray<string>
  readonly env: Readonly<Record<string, string>>
}): ChildProcess =>
  spawn(process.execPath, argumentsOf(options.args), {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  })

/** What a finished run printed and its exit code. */
export interface CliOutcome {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI to its end (killed after `cliRunMsMax`). */
export const runCli = (options: {
  readonly args: ReadonlyArray<string>
  readonly env: Readonly<Record<string, string>>
}): Promise<CliOutcome> =>
  new Promise((resolve, reject) => {
    const child = spawnCli(options)
    let stdout = ""
    let stderr = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8")
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8")
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), cliRunMsMax)
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })

/** A CLI process that runs until stopped (a server). */
export interface RunningCli {
  /** Resolves with everything printed so far once stdout contains `text`; rejects if the process ends first. */
  readonly waitFor: (text: string) => Promise<string>
  /** Stops the process (SIGTERM) and resolves once it has exited. */
  readonly stop: () => Promise<void>
}

/** Starts the CLI; the caller stops it. */
export const startCli = (options: {
  readonly args: ReadonlyArray<string>
  readonly env: Readonly<Record<string, string>>
}): RunningCli => {
  const child = spawnCli(options)
  let stdout = ""
  let stderr = ""
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()))
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8")
  })
  const waitFor = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "${text}" within ${cliRunMsMax} ms:\n${stdout}\n${stderr}`)),
        cliRunMsMax,
      )
      const check = () => {
        if (!stdout.includes(text)) return
        clearTimeout(timer)
        resolve(stdout)
      }
      child.stdout?.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8")
        check()
      })
      void exited.then(() => {
        clearTimeout(timer)
        reject(new Error(`the CLI exited before printing "${text}":\n${stdout}\n${stderr}`))
      })
      check()
    })
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM")
    await exited
  }
  return { waitFor, stop }
}
