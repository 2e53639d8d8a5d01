/**
 * The environment of the `karya` commands, read and checked in one place
 * before anything starts (REL-4, issue 11): one table, {@link variables}, of
 * every variable a command reads, each with its meaning, its default,
 * whether it is secret, the commands that read it and its check. `--help`
 * prints the table; {@link read} turns an environment record into a
 * command's settings, or into every problem at once, so a server configured
 * wrong refuses to start with a message naming each variable instead of
 * failing its first JIT run.
 *
 * To add a variable, add one row to {@link variables}: the settings of the
 * commands it names gain a field of the row's key, and `--help` lists it.
 *
 * @since 0.1.0
 */
import { createPublicKey } from "node:crypto"
import { isIP } from "node:net"
import { Config } from "@karya/core"
import { Data, Duration, Effect, Redacted, Result, Runtime } from "effect"
import * as BodyLimit from "./BodyLimit.js"

/**
 * The commands that read the environment.
 *
 * @since 0.1.0
 * @category models
 */
export type CommandName = "serve" | "migrate" | "jit-sim" | "demo"

/**
 * The commands that read the environment, in the order `--help` names them.
 *
 * @since 0.1.0
 * @category models
 */
export const commandNames: ReadonlyArray<CommandName> = ["serve", "migrate", "jit-sim", "demo"]

/**
 * One environment variable: what it means, what help shows for it unset
 * ("required", "optional" or "default …"), whether it is
 * a secret (never echoed), the command-line flag that overrides it, the
 * commands that read it, and `read`, which checks its text (`undefined` when
 * unset) and gives its value or a message a person can act on.
 *
 * @since 0.1.0
 * @category models
 */
export interface Variable<A, C extends CommandName> {
  readonly name: string
  readonly meaning: string
  readonly whenUnset: string
  readonly kind: "secret" | "plain"
  readonly flag: string | undefined
  readonly commands: ReadonlyArray<C>
  readonly read: (text: string | undefined) => Result.Result<A, string>
}

/**
 * How a variable's text is checked: its value, or why it is wrong.
 *
 * @since 0.1.0
 * @category models
 */
export type Check<A> = (text: string) => Result.Result<A, string>

interface VariableSpec<A, C extends CommandName> {
  readonly name: string
  readonly meaning: string
  readonly commands: ReadonlyArray<C>
  readonly check: Check<A>
  readonly kind?: "secret" | "plain"
  readonly flag?: string
}

const isUnset = (text: string | undefined): text is undefined | "" => text === undefined || text.trim() === ""

const rowOf = <A, C extends CommandName>(
  spec: VariableSpec<unknown, C>,
  whenUnset: string,
  read: (text: string | undefined) => Result.Result<A, string>,
): Variable<A, C> => ({
  name: spec.name,
  meaning: spec.meaning,
  whenUnset,
  kind: spec.kind ?? "plain",
  flag: spec.flag,
  commands: spec.commands,
  read,
})

/**
 * A variable that must be set.
 *
 * @since 0.1.0
 * @category constructors
 */
export const required = <A, const C extends CommandName>(spec: VariableSpec<A, C>): Variable<A, C> =>
  rowOf(spec, "required", (text) =>
    isUnset(text) ? Result.fail("is not set; it is required") : spec.check(text),
  )

/**
 * A variable whose unset value is `undefined`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const optional = <A, const C extends CommandName>(
  spec: VariableSpec<A, C>,
): Variable<A | undefined, C> =>
  rowOf(spec, "optional", (text) => (isUnset(text) ? Result.succeed(undefined) : spec.check(text)))

/**
 * A variable with a default: its text, checked like a given value, is used
 * when the variable is unset.
 *
 * @since 0.1.0
 * @category constructors
 */
export const withDefault = <A, const C extends CommandName>(
  spec: VariableSpec<A, C> & { readonly default: string },
): Variable<A, C> =>
  rowOf(spec, `default ${spec.default}`, (text) => spec.check(isUnset(text) ? spec.default : text))

// ---------------------------------------------------------------- checks

/**
 * The shortest key Karya accepts for the secrets it keys itself with
 * (`KARYA_JWT_SECRET`, `KARYA_FIELD_KEY`, `KARYA_SEARCH_KEY`): 32 bytes,
 * the 256 bits of HS256 and AES-256 (RFC 7518 §3.2 asks HS256 keys to be at
 * least as long as the hash).
 *
 * @since 0.1.0
 * @category models
 */
export const secretKeyBytesMin = 32

/**
 * The address the servers listen on unless `HOST` says otherwise: loopback,
 * so a development machine never serves the network by accident.
 *
 * @since 0.1.0
 * @category models
 */
export const hostDefault = "127.0.0.1"

const hostnameShape =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/

const urlOf = (
  text: string,
  protocols: ReadonlyArray<string>,
  example: string,
): Result.Result<URL, string> => {
  const url = URL.canParse(text.trim()) ? new URL(text.trim()) : undefined
  if (url === undefined) return Result.fail(`is not a URL; write it in full, e.g. ${example}`)
  if (!protocols.includes(url.protocol))
    return Result.fail(`must be a ${protocols.join(" or ")} URL, e.g. ${example}; it is ${url.protocol}`)
  return Result.succeed(url)
}

/**
 * PEM text as people pass it in an environment variable: real newlines, or
 * each newline written `\n` (a `JSON.stringify`ed PEM, a `.env` file), maybe
 * in the double quotes JSON left around it.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toPem = (text: string): string => {
  const trimmed = text.trim()
  const unquoted =
    trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed
  const withNewlines = unquoted.includes("\n") ? unquoted : unquoted.replaceAll("\\n", "\n")
  return withNewlines.endsWith("\n") ? withNewlines : `${withNewlines}\n`
}

/**
 * The checks of the table, for rows other modules add.
 *
 * @since 0.1.0
 * @category constructors
 */
export const checks = {
  /** Any non-blank text, trimmed. */
  text: (text: string): Result.Result<string, string> => Result.succeed(text.trim()),
  /** A credential someone else issued (JIT, Aadhaar): any non-blank text, redacted. */
  credential: (text: string): Result.Result<Redacted.Redacted<string>, string> =>
    Result.succeed(Redacted.make(text)),
  /** A key Karya keys itself with: at least {@link secretKeyBytesMin} bytes, redacted. */
  secretKey: (text: string): Result.Result<Redacted.Redacted<string>, string> => {
    const bytes = Buffer.byteLength(text, "utf8")
    return bytes >= secretKeyBytesMin
      ? Result.succeed(Redacted.make(text))
      : Result.fail(
          `is ${bytes} bytes; a key must be at least ${secretKeyBytesMin} bytes (make one with: openssl rand -base64 48)`,
        )
  },
  /** An http or https URL. */
  httpUrl: (text: string): Result.Result<string, string> =>
    Result.map(urlOf(text, ["http:", "https:"], "https://jitfs.example.gov.in"), () => text.trim()),
  /** A PostgreSQL connection URL, redacted (it may hold a password). */
  postgresUrl: (text: string): Result.Result<Redacted.Redacted<string>, string> =>
    Result.map(urlOf(text, ["postgres:", "postgresql:"], "postgres://karya@127.0.0.1:5432/karya"), () =>
      Redacted.make(text.trim()),
    ),
  /** A whole number from 1, e.g. a size in bytes. */
  positiveInteger: (text: string): Result.Result<number, string> => {
    const value = /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN
    return Number.isSafeInteger(value) && value >= 1
      ? Result.succeed(value)
      : Result.fail(`is "${text}"; write a whole number from 1, e.g. 1048576`)
  },
  /** A TCP port, 0 to 65535 (0: the system chooses). */
  port: (text: string): Result.Result<number, string> => {
    const port = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN
    return port >= 0 && port <= 65535
      ? Result.succeed(port)
      : Result.fail(`is "${text}"; write a port number from 0 to 65535`)
  },
  /** An IP address or a host name to listen on. */
  host: (text: string): Result.Result<string, string> =>
    isIP(text.trim()) !== 0 || hostnameShape.test(text.trim())
      ? Result.succeed(text.trim())
      : Result.fail(`is "${text}"; write an IP address or a host name, e.g. 127.0.0.1 or 0.0.0.0`),
  /** A positive duration, e.g. "30 seconds". */
  duration: (text: string): Result.Result<Duration.Duration, string> => {
    const duration = Duration.fromInput(text.trim() as Duration.Input)
    return duration._tag === "Some" &&
      Duration.isFinite(duration.value) &&
      Duration.isPositive(duration.value)
      ? Result.succeed(duration.value)
      : Result.fail(`is "${text}"; write a positive duration such as "30 seconds" or "30 minutes"`)
  },
  /** An RSA public key in PEM, real newlines or `\n` (see {@link toPem}); the normalised PEM. */
  rsaPublicKeyPem: (text: string): Result.Result<string, string> => {
    const pem = toPem(text)
    const how =
      'pass the PEM with its real newlines (JIT_PUBLIC_KEY_PEM="$(cat jit-public.pem)") or with each newline written \\n'
    try {
      const key = createPublicKey(pem)
      return key.asymmetricKeyType === "rsa"
        ? Result.succeed(pem)
        : Result.fail(`is a ${key.asymmetricKeyType ?? "non-RSA"} key; JIT-FS uses an RSA public key`)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return Result.fail(`is not a PEM public key (${reason}); ${how}`)
    }
  },
  /**
   * The tenants served: comma-separated `tenantId:CITYCODE` pairs, each
   * loaded as MUKTA's configuration with that city code (ID-2's `{ulb}`).
   */
  tenants: (
    text: string,
  ): Result.Result<ReadonlyArray<Config.TenantConfiguration.TenantConfiguration>, string> => {
    const entries = text
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== "")
    const configurations: Array<Config.TenantConfiguration.TenantConfiguration> = []
    const problems: Array<string> = []
    for (const entry of entries) {
      const [tenantId = "", cityCode, ...rest] = entry.split(":").map((part) => part.trim())
      if (cityCode === undefined || cityCode === "" || rest.length > 0) {
        problems.push(
          `has "${entry}", which is not tenantId:CITYCODE (the city code of ID-2's PI-{ulb}/…, e.g. od.dhenkanal:DK)`,
        )
        continue
      }
      const loaded = Config.TenantConfiguration.load({ tenantId, cityCode })
      if (Result.isSuccess(loaded)) configurations.push(loaded.success)
      else
        problems.push(
          `has "${entry}": ${loaded.failure.problems.map((problem) => problem.message).join("; ")}`,
        )
    }
    if (entries.length === 0)
      problems.push("names no tenant; write tenantId:CITYCODE pairs, e.g. od.dhenkanal:DK")
    return problems.length === 0 ? Result.succeed(configurations) : Result.fail(problems.join("; "))
  },
} as const

// ---------------------------------------------------------------- the table

const servers = ["serve", "jit-sim", "demo"] as const

/**
 * Every variable the commands read: one row each.
 *
 * @since 0.1.0
 * @category models
 */
export const variables = {
  host: withDefault({
    name: "HOST",
    meaning: "the address the server listens on (0.0.0.0: every interface)",
    default: hostDefault,
    commands: servers,
    check: checks.host,
  }),
  port: withDefault({
    name: "PORT",
    meaning: "the port the API listens on",
    default: "8080",
    flag: "--port",
    commands: ["serve", "demo"],
    check: checks.port,
  }),
  databaseUrl: required({
    name: "DATABASE_URL",
    meaning: "the PostgreSQL server (15+), postgres://user:password@host:port/database",
    kind: "secret",
    flag: "--database-url",
    commands: ["serve", "migrate"],
    check: checks.postgresUrl,
  }),
  tenants: required({
    name: "KARYA_TENANTS",
    meaning: "the ULBs served, as tenantId:CITYCODE pairs (ID-2), e.g. od.dhenkanal:DK,od.cuttack:CTC",
    commands: ["serve"],
    check: checks.tenants,
  }),
  tokenSecret: required({
    name: "KARYA_JWT_SECRET",
    meaning: `signs and verifies the API's bearer tokens (HS256, API-2); at least ${secretKeyBytesMin} bytes`,
    kind: "secret",
    commands: ["serve"],
    check: checks.secretKey,
  }),
  fieldKey: required({
    name: "KARYA_FIELD_KEY",
    meaning: `seals Aadhaar and bank account numbers at rest (PRIV-2); at least ${secretKeyBytesMin} bytes`,
    kind: "secret",
    commands: ["serve"],
    check: checks.secretKey,
  }),
  searchKey: required({
    name: "KARYA_SEARCH_KEY",
    meaning: `keys the search hashes of sensitive numbers (PRIV-2); at least ${secretKeyBytesMin} bytes`,
    kind: "secret",
    commands: ["serve"],
    check: checks.secretKey,
  }),
  jitBaseUrl: required({
    name: "JIT_BASE_URL",
    meaning: "JIT-FS's base URL, http(s)",
    commands: ["serve"],
    check: checks.httpUrl,
  }),
  jitClientId: required({
    name: "JIT_CLIENT_ID",
    meaning: "the client id JIT-FS issued",
    commands: ["serve"],
    check: checks.text,
  }),
  jitClientSecret: required({
    name: "JIT_CLIENT_SECRET",
    meaning: "the client secret JIT-FS issued",
    kind: "secret",
    commands: ["serve"],
    check: checks.credential,
  }),
  jitPublicKeyPem: required({
    name: "JIT_PUBLIC_KEY_PEM",
    meaning: "JIT-FS's RSA public key, PEM with real newlines or with \\n",
    commands: ["serve"],
    check: checks.rsaPublicKeyPem,
  }),
  jitSessionTtl: withDefault({
    name: "JIT_SESSION_TTL",
    meaning: "how long a JIT-FS session is re-used (JIT-W-4)",
    default: "30 minutes",
    commands: ["serve"],
    check: checks.duration,
  }),
  jitTimeout: withDefault({
    name: "JIT_TIMEOUT",
    meaning: "the timeout of each JIT-FS call (JIT-W-5)",
    default: "30 seconds",
    commands: ["serve"],
    check: checks.duration,
  }),
  bodyLimitBytes: withDefault({
    name: BodyLimit.environmentVariable,
    meaning: "the largest request body accepted, in bytes; a larger one is refused with 413 (API-3)",
    default: String(BodyLimit.defaultBytes),
    commands: ["serve"],
    check: checks.positiveInteger,
  }),
  aadhaarGatewayUrl: required({
    name: "AADHAAR_GATEWAY_URL",
    meaning: "the Aadhaar verification gateway's URL, http(s)",
    commands: ["serve"],
    check: checks.httpUrl,
  }),
  aadhaarSubAuaCode: required({
    name: "AADHAAR_SUB_AUA_CODE",
    meaning: "the sub-AUA code the gateway knows this deployment by",
    commands: ["serve"],
    check: checks.text,
  }),
  aadhaarApiKey: optional({
    name: "AADHAAR_API_KEY",
    meaning: "the gateway's API key, if it asks for one",
    kind: "secret",
    commands: ["serve"],
    check: checks.credential,
  }),
  aadhaarTimeout: withDefault({
    name: "AADHAAR_TIMEOUT",
    meaning: "the timeout of each Aadhaar gateway call",
    default: "30 seconds",
    commands: ["serve"],
    check: checks.duration,
  }),
} as const

type Variables = typeof variables
type CommandsOf<V> = V extends Variable<unknown, infer C> ? C : never
type ValueOf<V> = V extends Variable<infer A, CommandName> ? A : never

/**
 * The settings of a command: one field per variable it reads.
 *
 * @since 0.1.0
 * @category models
 */
export type SettingsOf<C extends CommandName> = {
  readonly [K in keyof Variables as C extends CommandsOf<Variables[K]> ? K : never]: ValueOf<Variables[K]>
}

/**
 * A variable whose value is wrong, and why.
 *
 * @since 0.1.0
 * @category models
 */
export interface EnvironmentProblem {
  readonly variable: string
  readonly message: string
}

/**
 * The variables a command reads, in table order.
 *
 * @since 0.1.0
 * @category models
 */
export const variablesOf = (command: CommandName): ReadonlyArray<Variable<unknown, CommandName>> =>
  Object.values(variables).filter((variable: Variable<unknown, CommandName>) =>
    variable.commands.includes(command),
  )

/**
 * A command's settings from an environment record, or every problem at
 * once. Pure: the caller passes `process.env` (with command-line flags laid
 * over it).
 *
 * @since 0.1.0
 * @category constructors
 */
export const read = <C extends CommandName>(
  command: C,
  environment: Readonly<Record<string, string | undefined>>,
): Result.Result<SettingsOf<C>, ReadonlyArray<EnvironmentProblem>> => {
  const settings: Record<string, unknown> = {}
  const problems: Array<EnvironmentProblem> = []
  for (const [key, variable] of Object.entries(variables) as Array<
    [string, Variable<unknown, CommandName>]
  >) {
    if (!variable.commands.includes(command)) continue
    const value = variable.read(environment[variable.name])
    if (Result.isSuccess(value)) settings[key] = value.success
    else problems.push({ variable: variable.name, message: value.failure })
  }
  return problems.length === 0 ? Result.succeed(settings as SettingsOf<C>) : Result.fail(problems)
}

/**
 * The message a command prints when it refuses to start: every problem, one
 * a line, naming the variable (and the flag that can set it).
 *
 * @since 0.1.0
 * @category conversions
 */
export const toReport = (command: CommandName, problems: ReadonlyArray<EnvironmentProblem>): string => {
  const flagOf = (name: string) => variablesOf(command).find((variable) => variable.name === name)?.flag
  const lines = problems.map((problem) => {
    const flag = flagOf(problem.variable)
    return `  ${problem.variable}${flag === undefined ? "" : ` (or ${flag})`} ${problem.message}`
  })
  const count = problems.length
  return [
    `karya ${command} cannot start: ${count} setting${count === 1 ? "" : "s"} to fix.`,
    ...lines,
    `\`karya ${command} --help\` lists every variable.`,
  ].join("\n")
}

/**
 * The ENVIRONMENT section of `--help`: the variables of a command (or of
 * every command), each with its meaning, default, whether it is secret and
 * the commands that read it.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toHelp = (command: CommandName | undefined): string => {
  const rows = command === undefined ? Object.values(variables) : variablesOf(command)
  const width = Math.max(...rows.map((variable) => variable.name.length))
  const lines = rows.map((variable: Variable<unknown, CommandName>) => {
    const notes = [
      variable.whenUnset,
      ...(variable.kind === "secret" ? ["secret"] : []),
      ...(variable.flag === undefined ? [] : [`flag ${variable.flag} overrides`]),
      ...(command === undefined ? [`read by ${variable.commands.join(", ")}`] : []),
    ]
    return `  ${variable.name.padEnd(width)}  ${variable.meaning} (${notes.join("; ")})`
  })
  return ["ENVIRONMENT", ...lines].join("\n")
}

/**
 * The exit code of a refused start: 78, sysexits' `EX_CONFIG`.
 *
 * @since 0.1.0
 * @category models
 */
export const startupRefusedExitCode = 78

/**
 * A command refused to start: its settings are wrong. The CLI prints the
 * message (no stack trace) and exits with 78 (`EX_CONFIG`).
 *
 * @since 0.1.0
 * @category errors
 */
export class StartupRefused extends Data.TaggedError("StartupRefused")<{
  readonly command: CommandName
  readonly problems: ReadonlyArray<EnvironmentProblem>
}> {
  override readonly [Runtime.errorExitCode] = startupRefusedExitCode
  override readonly [Runtime.errorReported] = false
  override get message(): string {
    return toReport(this.command, this.problems)
  }
}

/**
 * A command's settings from `process.env` with `overrides` (the command's
 * flags) laid over it; fails with {@link StartupRefused} listing every
 * problem.
 *
 * @since 0.1.0
 * @category constructors
 */
export const load = <C extends CommandName>(
  command: C,
  overrides: Readonly<Record<string, string | undefined>>,
): Effect.Effect<SettingsOf<C>, StartupRefused> =>
  Effect.suspend(() => {
    const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined))
    const settings = read(command, { ...process.env, ...given })
    return Result.isSuccess(settings)
      ? Effect.succeed(settings.success)
      : Effect.fail(new StartupRefused({ command, problems: settings.failure }))
  })
