/**
 * The `karya` command line (effect/cli, TECH-8):
 *
 * - `karya demo [--port N] [--until-complete]`: the demo of `npm start`
 *   (embedded PGlite, the JIT simulator, demo data, a fast clock);
 * - `karya serve --database-url URL [--port N]`: the API and the JIT
 *   schedule on server PostgreSQL, the real clock, JIT-FS and the Aadhaar
 *   gateway from the environment (`JIT_*`, `AADHAAR_*`), keys from
 *   `KARYA_FIELD_KEY`, `KARYA_SEARCH_KEY`, `KARYA_JWT_SECRET` (REL-4), the
 *   request body limit from `KARYA_BODY_LIMIT_BYTES` (default 1 MiB);
 *   the JIT run is fired once a minute by pg-boss from whichever process is
 *   free;
 * - `karya migrate --database-url URL`: applies the pending migrations (DB-1);
 * - `karya jit-sim [--port N]`: the JIT-FS simulator as a process, printing
 *   its client id, secret and public key.
 *
 * @since 0.1.0
 */
import { AadhaarClient, JitClient, JitSimulatorServer } from "@karya/adapters-jit"
import { PgDatabase, PgJobSchedule } from "@karya/adapters-postgres"
import { Config } from "@karya/core"
import { Console, Effect, Config as EffectConfig, Layer, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as BodyLimit from "./BodyLimit.js"
import * as Demo from "./Demo.js"
import * as JitScheduler from "./JitScheduler.js"
import * as KaryaApp from "./KaryaApp.js"

const port = Flag.Int("port").pipe(
  Flag.withDescription("The port to listen on (default: $PORT, else 8080)"),
  Flag.optional,
)

const databaseUrl = Flag.Redacted("database-url").pipe(
  Flag.withDescription("postgres://user@host:port/database of the PostgreSQL server (15+)"),
)

const portOf = (flag: Option.Option<number>): number =>
  Option.getOrElse(flag, () => Number(process.env.PORT ?? "8080"))

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
  (flags) => Effect.asVoid(Demo.run({ port: portOf(flags.port), untilComplete: flags.untilComplete, print })),
).pipe(Command.withDescription("Run the demo deployment on embedded PostgreSQL with the JIT simulator"))

const serveConfig = EffectConfig.all({
  jit: JitClient.config,
  aadhaar: AadhaarClient.config,
  fieldKey: EffectConfig.Redacted("KARYA_FIELD_KEY"),
  searchKey: EffectConfig.Redacted("KARYA_SEARCH_KEY"),
  tokenSecret: EffectConfig.Redacted("KARYA_JWT_SECRET"),
  tenants: EffectConfig.String("KARYA_TENANTS").pipe(EffectConfig.withDefault(Demo.demoTenant.tenantId)),
  bodyLimitBytes: BodyLimit.config, // KARYA_BODY_LIMIT_BYTES
})

const serve = Command.make("serve", { port, databaseUrl }, (flags) =>
  Effect.scoped(
    Effect.gen(function* () {
      const resolved = yield* serveConfig
      const tenants = resolved.tenants
        .split(",")
        .map((tenantId) => tenantId.trim())
        .filter((tenantId) => tenantId !== "")
        .map(
          (tenantId): Config.TenantConfiguration.TenantConfiguration => ({
            ...Config.TenantConfiguration.mukta({ tenantId, cityCode: tenantId.slice(-2).toUpperCase() }),
            jitCodes: Demo.demoConfiguration.jitCodes,
          }),
        )
      const config: KaryaApp.AppConfig = {
        database: { kind: "server", url: flags.databaseUrl },
        jit: resolved.jit,
        aadhaar: resolved.aadhaar,
        tenants,
        labourSkillCodes: Demo.muktaLabourSkillCodes,
        secrets: {
          fieldKey: resolved.fieldKey,
          searchKey: resolved.searchKey,
          tokenSecret: resolved.tokenSecret,
        },
      }
      const ports = yield* Layer.build(
        KaryaApp.portsLayer(config).pipe(Layer.provideMerge(KaryaApp.databaseLayer(config.database))),
      )
      yield* Layer.build(
        KaryaApp.httpLayer({ port: portOf(flags.port), bodyLimitBytes: resolved.bodyLimitBytes }).pipe(
          Layer.provide(Layer.succeedContext(ports)),
        ),
      )
      const smsGateway = KaryaApp.printingSmsGateway(print)
      const runOnce = JitScheduler.runOnce({
        tenants: tenants.map((configuration) => ({ tenantId: configuration.tenantId })),
        smsGateway,
      }).pipe(Effect.provideContext(ports))
      yield* PgJobSchedule.make({
        url: flags.databaseUrl,
        queue: "karya-jit-run",
        cron: "* * * * *",
        timeZone: "Asia/Kolkata",
        work: () => Effect.runPromise(Effect.asVoid(runOnce)),
      })
      yield* print(`karya serve: listening on ${portOf(flags.port)}; the JIT run fires every minute`)
      return yield* Effect.never
    }),
  ),
).pipe(Command.withDescription("Serve the API and the JIT schedule on server PostgreSQL"))

const migrate = Command.make("migrate", { databaseUrl }, (flags) =>
  PgDatabase.migrate.pipe(
    Effect.provide(PgDatabase.layerServer({ url: flags.databaseUrl, migrate: false })),
    Effect.andThen(print("migrations applied")),
  ),
).pipe(Command.withDescription("Apply the pending database migrations"))

const jitSim = Command.make("jit-sim", { port }, (flags) =>
  Effect.scoped(
    Effect.gen(function* () {
      const server = yield* JitSimulatorServer.make({ port: Option.getOrElse(flags.port, () => 0) })
      yield* print(`JIT-FS simulator on ${server.url}`)
      yield* print(`JIT_BASE_URL=${server.url}`)
      yield* print(`JIT_CLIENT_ID=${server.clientId}`)
      yield* print(`JIT_CLIENT_SECRET=${server.clientSecret}`)
      yield* print(`JIT_PUBLIC_KEY_PEM=${JSON.stringify(server.publicKeyPem)}`)
      return yield* Effect.never
    }),
  ),
).pipe(Command.withDescription("Run the JIT-FS simulator on a loopback port"))

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
