/**
 * The one table of the environment the `karya` commands read (issue 11):
 * `Environment.read` is a pure function from an environment record to a
 * command's settings or to every problem at once, so each check is tested
 * here without a process; `Cli.test.ts` runs the process.
 */
import { generateKeyPairSync } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { JitCrypto } from "@karya/adapters-jit"
import { Duration, Effect, Redacted, Result } from "effect"
import { HttpServer } from "effect/http"
import * as Environment from "../src/Environment.js"
import * as KaryaApp from "../src/KaryaApp.js"

const jitKey = JitCrypto.generateRsaKeyPair().publicKeyPem
const key32 = "k".repeat(Environment.secretKeyBytesMin)

/** An environment `karya serve` starts with. */
const serveEnvironment: Readonly<Record<string, string>> = {
  DATABASE_URL: "postgres://karya:pw@127.0.0.1:5432/karya",
  KARYA_TENANTS: "od.dhenkanal:DK,od.cuttack:CTC",
  KARYA_JWT_SECRET: key32,
  KARYA_FIELD_KEY: `${key32}-field`,
  KARYA_SEARCH_KEY: `${key32}-search`,
  JIT_BASE_URL: "https://jitfs.example.gov.in",
  JIT_CLIENT_ID: "karya-od",
  JIT_CLIENT_SECRET: "short-is-fine",
  JIT_PUBLIC_KEY_PEM: jitKey,
  AADHAAR_GATEWAY_URL: "https://aadhaar.example.gov.in/verify",
  AADHAAR_SUB_AUA_CODE: "OD001",
}

const settingsOf = <C extends Environment.CommandName>(
  command: C,
  environment: Readonly<Record<string, string | undefined>>,
): Environment.SettingsOf<C> => {
  const settings = Environment.read(command, environment)
  if (Result.isFailure(settings)) throw new Error(Environment.toReport(command, settings.failure))
  return settings.success
}

const problemsOf = (
  command: Environment.CommandName,
  environment: Readonly<Record<string, string | undefined>>,
): ReadonlyArray<Environment.EnvironmentProblem> => {
  const settings = Environment.read(command, environment)
  return Result.isFailure(settings) ? settings.failure : []
}

const messageOf = (problems: ReadonlyArray<Environment.EnvironmentProblem>, variable: string) =>
  problems.find((problem) => problem.variable === variable)?.message ?? ""

describe("Environment", () => {
  it("REL-4: serve's settings from a complete environment: secrets redacted, the JIT key parsed, defaults filled", () => {
    const settings = settingsOf("serve", serveEnvironment)
    assert.strictEqual(settings.host, "127.0.0.1")
    assert.strictEqual(settings.port, 8080)
    assert.isTrue(Redacted.isRedacted(settings.tokenSecret))
    assert.strictEqual(Redacted.value(settings.tokenSecret), key32)
    assert.isTrue(Redacted.isRedacted(settings.databaseUrl))
    assert.isTrue(Redacted.isRedacted(settings.jitClientSecret))
    assert.strictEqual(settings.jitPublicKeyPem, jitKey)
    assert.isTrue(Duration.equals(settings.jitSessionTtl, Duration.minutes(30)))
    assert.isTrue(Duration.equals(settings.jitTimeout, Duration.seconds(30)))
    assert.strictEqual(settings.aadhaarApiKey, undefined)
    assert.notInclude(String(settings.tokenSecret), key32)
  })

  it("REL-4: every problem is reported at once, in table order, each naming its variable", () => {
    const problems = problemsOf("serve", {})
    assert.deepStrictEqual(
      problems.map((problem) => problem.variable),
      [
        "DATABASE_URL",
        "KARYA_TENANTS",
        "KARYA_JWT_SECRET",
        "KARYA_FIELD_KEY",
        "KARYA_SEARCH_KEY",
        "JIT_BASE_URL",
        "JIT_CLIENT_ID",
        "JIT_CLIENT_SECRET",
        "JIT_PUBLIC_KEY_PEM",
        "AADHAAR_GATEWAY_URL",
        "AADHAAR_SUB_AUA_CODE",
      ],
    )
    for (const problem of problems) assert.include(problem.message, "required")
    assert.deepStrictEqual(problemsOf("serve", { ...serveEnvironment, KARYA_JWT_SECRET: "  " }), [
      { variable: "KARYA_JWT_SECRET", message: "is not set; it is required" },
    ])
  })

  it("REL-4: a key shorter than 32 bytes refuses to start, naming the variable and the minimum; 32 bytes is enough", () => {
    const problems = problemsOf("serve", {
      ...serveEnvironment,
      KARYA_JWT_SECRET: "short",
      KARYA_FIELD_KEY: "fk",
      KARYA_SEARCH_KEY: "k".repeat(Environment.secretKeyBytesMin - 1),
    })
    assert.deepStrictEqual(
      problems.map((problem) => problem.variable),
      ["KARYA_JWT_SECRET", "KARYA_FIELD_KEY", "KARYA_SEARCH_KEY"],
    )
    assert.include(messageOf(problems, "KARYA_JWT_SECRET"), "is 5 bytes")
    assert.include(messageOf(problems, "KARYA_JWT_SECRET"), "at least 32 bytes")
    assert.include(messageOf(problems, "KARYA_SEARCH_KEY"), "is 31 bytes")
    // Bytes, not characters: 11 three-byte characters are 33 bytes.
    assert.deepStrictEqual(problemsOf("serve", { ...serveEnvironment, KARYA_FIELD_KEY: "ଓ".repeat(11) }), [])
    // The secret itself is never echoed.
    assert.notInclude(Environment.toReport("serve", problems), "short")
  })

  it("REL-4: the JIT public key parses with real newlines or with literal \\n, and both give the same PEM", () => {
    const escaped = jitKey.trimEnd().replaceAll("\n", "\\n")
    assert.notInclude(escaped, "\n")
    assert.strictEqual(
      settingsOf("serve", { ...serveEnvironment, JIT_PUBLIC_KEY_PEM: escaped }).jitPublicKeyPem,
      jitKey,
    )
    const jsonQuoted = JSON.stringify(jitKey)
    assert.strictEqual(
      settingsOf("serve", { ...serveEnvironment, JIT_PUBLIC_KEY_PEM: jsonQuoted }).jitPublicKeyPem,
      jitKey,
    )
    // The normalised PEM encrypts: what the JIT client does with it at login.
    const pem = settingsOf("serve", { ...serveEnvironment, JIT_PUBLIC_KEY_PEM: escaped }).jitPublicKeyPem
    assert.isString(JitCrypto.encryptRsa({ publicKeyPem: pem, plaintext: new Uint8Array(32) }))
  })

  it("REL-4: a JIT public key that does not parse, or is not RSA, is refused with how to pass it", () => {
    const garbled = problemsOf("serve", {
      ...serveEnvironment,
      JIT_PUBLIC_KEY_PEM: "-----BEGIN PUBLIC KEY-----\\nnot a key\\n-----END PUBLIC KEY-----",
    })
    assert.deepStrictEqual(
      garbled.map((problem) => problem.variable),
      ["JIT_PUBLIC_KEY_PEM"],
    )
    assert.include(messageOf(garbled, "JIT_PUBLIC_KEY_PEM"), "is not a PEM public key")
    assert.include(messageOf(garbled, "JIT_PUBLIC_KEY_PEM"), "real newlines")
    const ecKey = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .publicKey.export({ type: "spki", format: "pem" })
      .toString()
    assert.include(
      messageOf(
        problemsOf("serve", { ...serveEnvironment, JIT_PUBLIC_KEY_PEM: ecKey }),
        "JIT_PUBLIC_KEY_PEM",
      ),
      "RSA",
    )
  })

  it("REL-4: URLs must parse and be http(s); the database URL postgres(ql)", () => {
    const problems = problemsOf("serve", {
      ...serveEnvironment,
      JIT_BASE_URL: "jitfs.example.gov.in",
      AADHAAR_GATEWAY_URL: "ftp://aadhaar.example.gov.in",
      DATABASE_URL: "http://karya:topsecret@db.internal:5432/karya",
    })
    assert.deepStrictEqual(
      problems.map((problem) => problem.variable),
      ["DATABASE_URL", "JIT_BASE_URL", "AADHAAR_GATEWAY_URL"],
    )
    assert.include(messageOf(problems, "JIT_BASE_URL"), "is not a URL")
    assert.include(messageOf(problems, "AADHAAR_GATEWAY_URL"), "http: or https:")
    assert.include(messageOf(problems, "DATABASE_URL"), "postgres: or postgresql:")
    // The database URL may hold a password: it is never echoed.
    assert.notInclude(Environment.toReport("serve", problems), "topsecret")
    assert.strictEqual(
      Redacted.value(settingsOf("migrate", { DATABASE_URL: "postgresql://db.internal/karya" }).databaseUrl),
      "postgresql://db.internal/karya",
    )
  })

  it("ID-2: each tenant's city code comes from KARYA_TENANTS (tenantId:CITYCODE), never from the tenant id", () => {
    const tenants = settingsOf("serve", serveEnvironment).tenants
    assert.deepStrictEqual(
      tenants.map((tenant) => [tenant.tenantId, tenant.cityCode]),
      [
        ["od.dhenkanal", "DK"],
        ["od.cuttack", "CTC"],
      ],
    )
    const problems = problemsOf("serve", { ...serveEnvironment, KARYA_TENANTS: "od.dhenkanal,od.cuttack:ct" })
    const message = messageOf(problems, "KARYA_TENANTS")
    assert.include(message, `has "od.dhenkanal", which is not tenantId:CITYCODE`)
    assert.include(message, `has "od.cuttack:ct"`)
    assert.include(message, "capital letters or digits")
    assert.include(
      messageOf(problemsOf("serve", { ...serveEnvironment, KARYA_TENANTS: " , " }), "KARYA_TENANTS"),
      "names no tenant",
    )
  })

  it("REL-4: durations must be positive and finite", () => {
    assert.isTrue(
      Duration.equals(
        settingsOf("serve", { ...serveEnvironment, JIT_TIMEOUT: "5 seconds" }).jitTimeout,
        Duration.seconds(5),
      ),
    )
    const problems = problemsOf("serve", {
      ...serveEnvironment,
      JIT_TIMEOUT: "soon",
      AADHAAR_TIMEOUT: "0 seconds",
    })
    assert.deepStrictEqual(
      problems.map((problem) => problem.variable),
      ["JIT_TIMEOUT", "AADHAAR_TIMEOUT"],
    )
  })

  it("the servers listen on 127.0.0.1 unless HOST says otherwise; PORT defaults to 8080", () => {
    assert.strictEqual(settingsOf("serve", serveEnvironment).host, "127.0.0.1")
    assert.strictEqual(settingsOf("jit-sim", {}).host, "127.0.0.1")
    assert.strictEqual(settingsOf("demo", {}).host, "127.0.0.1")
    assert.strictEqual(settingsOf("demo", { HOST: "0.0.0.0", PORT: "9090" }).host, "0.0.0.0")
    assert.strictEqual(settingsOf("demo", { HOST: "0.0.0.0", PORT: "9090" }).port, 9090)
    assert.strictEqual(settingsOf("jit-sim", { HOST: "localhost" }).host, "localhost")
    assert.deepStrictEqual(
      problemsOf("demo", { HOST: "my host", PORT: "70000" }).map((problem) => problem.variable),
      ["HOST", "PORT"],
    )
  })

  it("a command reads only its own variables: migrate needs DATABASE_URL alone, the demo and jit-sim no secret", () => {
    assert.deepStrictEqual(
      problemsOf("migrate", {}).map((problem) => problem.variable),
      ["DATABASE_URL"],
    )
    assert.deepStrictEqual(problemsOf("demo", {}), [])
    assert.deepStrictEqual(problemsOf("jit-sim", {}), [])
    assert.deepStrictEqual(
      Environment.variablesOf("jit-sim").map((variable) => variable.name),
      ["HOST"],
    )
  })

  it("the refusal names each variable and the flag that sets it", () => {
    const report = Environment.toReport(
      "serve",
      problemsOf("serve", { ...serveEnvironment, DATABASE_URL: undefined }),
    )
    assert.strictEqual(
      report,
      [
        "karya serve cannot start: 1 setting to fix.",
        "  DATABASE_URL (or --database-url) is not set; it is required",
        "`karya serve --help` lists every variable.",
      ].join("\n"),
    )
  })

  it("help lists every variable of the table with its meaning, its default and whether it is secret", () => {
    const help = Environment.toHelp(undefined)
    const lines = help.split("\n")
    assert.strictEqual(lines[0], "ENVIRONMENT")
    const rows = Object.values(Environment.variables) as ReadonlyArray<
      Environment.Variable<unknown, Environment.CommandName>
    >
    assert.strictEqual(lines.length, rows.length + 1)
    for (const variable of rows) {
      const line = lines.find((text) => text.trimStart().startsWith(`${variable.name} `)) ?? ""
      assert.include(line, variable.meaning)
      assert.include(line, variable.whenUnset)
      assert.strictEqual(line.includes("; secret"), variable.kind === "secret", variable.name)
    }
    assert.include(help, "default 127.0.0.1")
    assert.include(Environment.toHelp("serve"), "KARYA_JWT_SECRET")
    assert.notInclude(Environment.toHelp("migrate"), "KARYA_JWT_SECRET")
  })

  it.effect("the API's server listens on 127.0.0.1 when no host is given", () =>
    Effect.gen(function* () {
      const server = yield* HttpServer.HttpServer
      assert.match(HttpServer.formatAddress(server.address), /^http:\/\/127\.0\.0\.1:\d+$/)
    }).pipe(Effect.provide(KaryaApp.serverLayer({ port: 0 }))),
  )

  it("a client reaches a server on a wildcard address through loopback", () => {
    assert.strictEqual(KaryaApp.urlOf({ host: "0.0.0.0", port: 8080 }), "http://127.0.0.1:8080")
    assert.strictEqual(KaryaApp.urlOf({ host: "::", port: 8080 }), "http://[::1]:8080")
    assert.strictEqual(KaryaApp.urlOf({ host: "10.0.0.5", port: 80 }), "http://10.0.0.5:80")
  })
})
