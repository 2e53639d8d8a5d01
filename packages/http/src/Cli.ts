/**
 * The `karya` command line (effect/cli, TECH-8):
 *
 * - `karya demo [--port N] [--until-complete]`: the demo of `npm start`
 *   (embedded PGlite, the JIT simulator, demo data, a fast clock);
 * - `karya serve [--database-url URL] [--port N]`: the API and the JIT
 *   schedule on server PostgreSQL, the real clock, JIT-FS and the Aadhaar
 *   gateway from the environment (`JIT_*`, `AADHAAR_*`), keys from
 *   `KARYA_FIELD_KEY`, `KARYA_SEARCH_KEY`, `KARYA_JWT_SECRET` (REL-4), the
 *   bearer tokens' options from `KARYA_JWKS_URL` and `KARYA_JWT_*` (API-2), the
 *   request body limit from `KARYA_BODY_LIMIT_BYTES` (default 1 MiB);
 *   the JIT run is fired once a minute by pg-boss from whichever process is
 *   free;
 * - `karya migrate [--database-url URL]`: applies the pending migrations (DB-1);
 * - `karya jit-sim [--port N]`: the JIT-FS simulator as a process, printing
 *   the settings of a client as shell `export` lines to paste.
 *
 * Every command reads its environment through `Environment` first (one
 * table, which `--help` prints): settings that are wrong stop the command
 * before it starts, with every problem listed. The servers listen on
 * `HOST`, 127.0.0.1 unless it says otherwise.
 *
 * @since 0.1.0
 */
import { JitSimulatorServer } from "@karya/adapters-jit"
import { PgDatabase, PgJobSchedule } from "@karya/adapters-postgres"
import { Cause, Console, Effect, Layer, Option, Redacted } from "effect"
import { CliOutput, Command, Flag } from "effect/cli"
import * as Auth from "./Auth.js"
import * as Demo from "./Demo.js"
import * as Environment from "./Environment.js"
import * as JitScheduler from "./JitScheduler.js"
import * as KaryaApp from "./KaryaApp.js"

const port = Flag.Int("port").pipe(
  Flag.withDescription(`The port to listen on (overrides ${Environment.variables.port.name}; default 8080)`),
  Flag.optional,
)

const databaseUrl = Flag.Redacted("database-url").pipe(
  Flag.withDescription(
    `postgres://user@host:port/database of the PostgreSQL server (15+); overrides ${Environment.variables.databaseUrl.name}`,
  ),
  Flag.optional,
)

/** The flags that override variables, as the variables' text. */
const overridesOf = (flags: {
  readonly port?: Option.Option<number>
  readonly databaseUrl?: Option.Option<Redacted.Redacted<string>>
}): Record<string, string | undefined> => ({
  [Environment.variables.port.name]: Option.getOrUndefined(Option.map(flags.port ?? Option.none(), String)),
  [Environment.variables.databaseUrl.name]: Option.getOrUndefined(
    Option.map(flags.databaseUrl ?? Option.none(), Redacted.value),
  ),
})

const print = (line: string) => Console.log(line)

const demo = Command.make(
  "demo",
  {
    port,
    untilComplete: Flag.Boolean("until-complete").pipe(
      Flag.withDescription("Exit once the demo PI and its revision are Completed"),
      Flag.withDefault(false),
    ),
  },
  (flags) =>
    Effect.gen(function* () {
      const settings = yield* Environment.load("demo", overridesOf(flags))
      yield* Demo.run({
        port: settings.port,
        host: settings.host,
        untilComplete: flags.untilComplete,
        print,
      })
    }),
).pipe(Command.withDescription("Run the demo deployment on embedded PostgreSQL with the JIT simulator"))

/** The deployment `karya serve` runs, from its checked settings. */
const appConfigOf = (
  settings: Environment.SettingsOf<"serve">,
  auth: Auth.TokenOptions,
): KaryaApp.AppConfig => ({
  database: { kind: "server", url: settings.databaseUrl },
  jit: {
    baseUrl: settings.jitBaseUrl,
    clientId: settings.jitClientId,
    clientSecret: settings.jitClientSecret,
    jitPublicKeyPem: settings.jitPublicKeyPem,
    sessionTtl: settings.jitSessionTtl,
    timeout: settings.jitTimeout,
  },
  aadhaar: {
    baseUrl: settings.aadhaarGatewayUrl,
    subAuaCode: settings.aadhaarSubAuaCode,
    apiKey: settings.aadhaarApiKey,
    timeout: settings.aadhaarTimeout,
  },
  // Until tenants bring their own JIT codes, every tenant uses the demo's.
  tenants: settings.tenants.map((configuration) => ({
    ...configuration,
    jitCodes: Demo.demoConfiguration.jitCodes,
  })),
  labourSkillCodes: Demo.muktaLabourSkillCodes,
  secrets: {
    fieldKey: settings.fieldKey,
    searchKey: settings.searchKey,
    tokenSecret: settings.tokenSecret,
  },
  auth,
})

/** A scheduled run's failures, printed: pg-boss would otherwise swallow them. */
const reportRun = <E, R>(run: Effect.Effect<Effect.Success<ReturnType<typeof JitScheduler.runOnce>>, E, R>) =>
  run.pipe(
    Effect.tap(({ summaries }) =>
      Effect.forEach(
        summaries.filter((summary) => summary.failure !== undefined),
        (summary) =>
          Console.error(`karya serve: the JIT run of ${summary.tenantId} failed: ${summary.failure}`),
        { discard: true },
      ),
    ),
    Effect.tapCause((cause) => Console.error(`karya serve: the JIT run failed: ${Cause.pretty(cause)}`)),
    Effect.asVoid,
  )

const serve = Command.make("serve", { port, databaseUrl }, (flags) =>
  Effect.scoped(
    Effect.gen(function* () {
      const settings = yield* Environment.load("serve", overridesOf(flags))
      // The bearer tokens\' options (KARYA_JWKS_URL, KARYA_JWT_*), checked by Auth.
      const auth = yield* Auth.config
      const config = appConfigOf(settings, auth)
      const ports = yield* Layer.build(
        KaryaApp.portsLayer(config).pipe(Layer.provideMerge(KaryaApp.databaseLayer(config.database))),
      )
      yield* Layer.build(
        KaryaApp.httpLayer({
          port: settings.port,
          host: settings.host,
          bodyLimitBytes: settings.bodyLimitBytes,
        }).pipe(Layer.provide(Layer.succeedContext(ports))),
      )
      const smsGateway = KaryaApp.printingSmsGateway(print)
      const runOnce = JitScheduler.runOnce({
        tenants: config.tenants.map((configuration) => ({ tenantId: configuration.tenantId })),
        smsGateway,
      }).pipe(Effect.provideContext(ports))
      yield* PgJobSchedule.make({
        url: settings.databaseUrl,
        queue: "karya-jit-run",
        cron: "* * * * *",
        timeZone: "Asia/Kolkata",
        work: () => Effect.runPromise(reportRun(runOnce)),
      })
      yield* print(
        `karya serve: listening on ${KaryaApp.urlOf({ host: settings.host, port: settings.port })}; the JIT run fires every minute`,
      )
      return yield* Effect.never
    }),
  ),
).pipe(Command.withDescription("Serve the API and the JIT schedule on server PostgreSQL"))

const migrate = Command.make("migrate", { databaseUrl }, (flags) =>
  Effect.gen(function* () {
    const settings = yield* Environment.load("migrate", overridesOf(flags))
    yield* PgDatabase.migrate.pipe(
      Effect.provide(PgDatabase.layerServer({ url: settings.databaseUrl, migrate: false })),
    )
    yield* print("migrations applied")
  }),
).pipe(Command.withDescription("Apply the pending database migrations"))

/**
 * The settings a JIT client needs to reach a simulator, as POSIX shell
 * `export` lines: each value in single quotes, so the PEM keeps its real
 * newlines when pasted (and `karya serve` reads it as it is).
 *
 * @since 0.1.0
 * @category conversions
 */
export const toShellExports = (server: {
  readonly url: string
  readonly clientId: string
  readonly clientSecret: string
  readonly publicKeyPem: string
}): string => {
  const quoted = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`
  return [
    [Environment.variables.jitBaseUrl.name, server.url],
    [Environment.variables.jitClientId.name, server.clientId],
    [Environment.variables.jitClientSecret.name, server.clientSecret],
    [Environment.variables.jitPublicKeyPem.name, server.publicKeyPem.trimEnd()],
  ]
    .map(([name, value]) => `export ${name}=${quoted(value ?? "")}`)
    .join("\n")
}

const jitSim = Command.make(
  "jit-sim",
  {
    port: Flag.Int("port").pipe(
      Flag.withDescription("The port to listen on (default: one the system chooses)"),
      Flag.withDefault(0),
    ),
  },
  (flags) =>
    Effect.scoped(
      Effect.gen(function* () {
        const settings = yield* Environment.load("jit-sim", {})
        const server = yield* JitSimulatorServer.make({ port: flags.port, host: settings.host })
        yield* print(`# JIT-FS simulator on ${server.url}; paste these lines into the shell of karya serve:`)
        // A wildcard HOST binds every interface; clients here reach it on loopback.
        yield* print(
          toShellExports({ ...server, url: KaryaApp.urlOf({ host: settings.host, port: server.port }) }),
        )
        yield* print("# the simulator runs until Ctrl+C")
        return yield* Effect.never
      }),
    ),
).pipe(Command.withDescription("Run the JIT-FS simulator (on 127.0.0.1 unless HOST says otherwise)"))

const commandOf = (path: ReadonlyArray<string>): Environment.CommandName | undefined =>
  Environment.commandNames.find((name) => name === path[1])

/**
 * The help of the `karya` commands: effect/cli's, followed by the
 * ENVIRONMENT section of the command (every variable under `karya --help`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHelp: Layer.Layer<never> = Layer.suspend(() => {
  const base = CliOutput.defaultFormatter()
  return CliOutput.layer({
    ...base,
    formatHelpDoc: (doc) => {
      const path = doc.commandPath ?? []
      const command = commandOf(path)
      const section =
        path.length <= 1
          ? Environment.toHelp(undefined)
          : command === undefined
            ? ""
            : Environment.toHelp(command)
      return section === "" ? base.formatHelpDoc(doc) : `${base.formatHelpDoc(doc)}\n\n${section}`
    },
  })
})

/**
 * The `karya` command.
 *
 * @since 0.1.0
 * @category constructors
 */
export const karya = Command.make("karya").pipe(
  Command.withDescription("Karya: public-works wage payments (API, JIT schedule, tools)"),
  Command.withSubcommands([demo, serve, migrate, jitSim]),
)
