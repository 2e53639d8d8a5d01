/**
 * The `karya` executable as a process (issue 11), run from the sources on
 * the project's Node (`support/CliProcess.ts`): a server configured wrong
 * refuses to start with every problem and no stack trace; `--help` lists the
 * environment; `jit-sim` prints settings that work when pasted into a shell.
 */
import { execFileSync } from "node:child_process"
import { assert, describe, it } from "@effect/vitest"
import { JitClient, JitCrypto } from "@karya/adapters-jit"
import { Config } from "@karya/core"
import { Effect, Result } from "effect"
import { toShellExports } from "../src/Cli.js"
import * as Environment from "../src/Environment.js"
import { cliRunMsMax, runCli, startCli } from "./support/CliProcess.js"

const testMsMax = 2 * cliRunMsMax

const key32 = "k".repeat(Environment.secretKeyBytesMin)

/** Everything `karya serve` needs but the JIT settings, which `jit-sim` prints. */
const serveEnvironmentWithoutJit: Readonly<Record<string, string>> = {
  DATABASE_URL: "postgres://karya@127.0.0.1:5432/karya",
  KARYA_TENANTS: "od.dhenkanal:DK",
  KARYA_JWT_SECRET: key32,
  KARYA_FIELD_KEY: key32,
  KARYA_SEARCH_KEY: key32,
  AADHAAR_GATEWAY_URL: "https://aadhaar.example.gov.in/verify",
  AADHAAR_SUB_AUA_CODE: "OD001",
}

const jitNames = ["JIT_BASE_URL", "JIT_CLIENT_ID", "JIT_CLIENT_SECRET", "JIT_PUBLIC_KEY_PEM"] as const

/** What a POSIX shell has in the JIT variables after running `script`. */
const pastedIntoShell = (script: string): Record<string, string> => {
  const printed = execFileSync("/bin/sh", [
    "-c",
    `${script}\nprintf '%s\\0' ${jitNames.map((name) => `"$${name}"`).join(" ")}`,
  ]).toString("utf8")
  const values = printed.split("\0")
  return Object.fromEntries(jitNames.map((name, index) => [name, values[index] ?? ""]))
}

describe("the karya executable", () => {
  it("jit-sim's exports give a shell back every value as it was: newlines, quotes and all", () => {
    const server = {
      url: "http://127.0.0.1:8099",
      clientId: "it's-me",
      clientSecret: `a"b$c\\d'e`,
      publicKeyPem: "-----BEGIN PUBLIC KEY-----\nAB'CD\n-----END PUBLIC KEY-----\n",
    }
    assert.deepStrictEqual(pastedIntoShell(toShellExports(server)), {
      JIT_BASE_URL: server.url,
      JIT_CLIENT_ID: server.clientId,
      JIT_CLIENT_SECRET: server.clientSecret,
      JIT_PUBLIC_KEY_PEM: server.publicKeyPem.trimEnd(),
    })
  })

  it("REL-4: karya serve with short secrets and a JIT key that does not parse exits 78, every problem listed, no stack trace", {
    timeout: testMsMax,
  }, async () => {
    const outcome = await runCli({
      args: ["serve"],
      env: {
        ...serveEnvironmentWithoutJit,
        KARYA_JWT_SECRET: "short",
        KARYA_FIELD_KEY: "fk",
        JIT_BASE_URL: "http://127.0.0.1:9",
        JIT_CLIENT_ID: "karya",
        JIT_CLIENT_SECRET: "secret",
        JIT_PUBLIC_KEY_PEM: "-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----",
      },
    })
    assert.strictEqual(outcome.code, Environment.startupRefusedExitCode, outcome.stderr)
    assert.include(outcome.stderr, "karya serve cannot start: 3 settings to fix.")
    assert.include(outcome.stderr, "KARYA_JWT_SECRET is 5 bytes; a key must be at least 32 bytes")
    assert.include(outcome.stderr, "KARYA_FIELD_KEY is 2 bytes; a key must be at least 32 bytes")
    assert.include(outcome.stderr, "JIT_PUBLIC_KEY_PEM is not a PEM public key")
    assert.notMatch(outcome.stderr, /^\s+at /m)
    assert.notInclude(outcome.stdout, "listening")
  })

  it("karya --help lists every variable of the environment table", { timeout: testMsMax }, async () => {
    const outcome = await runCli({ args: ["--help"], env: {} })
    assert.strictEqual(outcome.code, 0, outcome.stderr)
    assert.include(outcome.stdout, "ENVIRONMENT")
    for (const variable of Object.values(Environment.variables)) assert.include(outcome.stdout, variable.name)
    assert.include(outcome.stdout, Environment.toHelp(undefined))
  })

  it("JIT-W-2: jit-sim listens on 127.0.0.1 and prints exports that, pasted into a shell, pass serve's checks and log in to the simulator", {
    timeout: testMsMax,
  }, async () => {
    const simulator = startCli({ args: ["jit-sim"], env: {} })
    try {
      const printed = await simulator.waitFor("# the simulator runs until Ctrl+C")
      assert.match(printed, /^export JIT_BASE_URL='http:\/\/127\.0\.0\.1:\d+'$/m)
      const pasted = pastedIntoShell(printed)
      assert.include(pasted.JIT_PUBLIC_KEY_PEM, "-----BEGIN PUBLIC KEY-----\n")
      const settings = Environment.read("serve", { ...serveEnvironmentWithoutJit, ...pasted })
      if (Result.isFailure(settings)) assert.fail(Environment.toReport("serve", settings.failure))
      const config: JitClient.JitClientConfig = {
        baseUrl: settings.success.jitBaseUrl,
        clientId: settings.success.jitClientId,
        clientSecret: settings.success.jitClientSecret,
        jitPublicKeyPem: settings.success.jitPublicKeyPem,
        timeout: "10 seconds",
      }
      const allotments = (jitPublicKeyPem: string) =>
        Effect.runPromise(
          Effect.scoped(
            Effect.gen(function* () {
              const gateway = yield* JitClient.make({ ...config, jitPublicKeyPem })
              return yield* gateway.virtualAllotments(Config.TenantId.makeUnsafe("od.dhenkanal"), {
                headOfAccount: "0000",
                fromDateTime: "2024-04-01 00:00:00",
                ddoCode: "OLSHUD001",
                granteeCode: "GOHUDULBMPL0036",
              })
            }),
          ),
        )
      // The simulator has no allotments to give: the empty VA reply comes
      // only after a login it could read, sealed under the session key.
      const loggedIn = { _tag: "NoResponse", cause: "emptyReply" } as const
      const withPastedKey = await allotments(config.jitPublicKeyPem)
      assert.deepInclude(withPastedKey, loggedIn)
      // The check can fail: under another key the simulator cannot read the login.
      const withOtherKey = await allotments(JitCrypto.generateRsaKeyPair().publicKeyPem)
      assert.notDeepInclude(withOtherKey, loggedIn, JSON.stringify(withOtherKey))
    } finally {
      await simulator.stop()
    }
  })
})
