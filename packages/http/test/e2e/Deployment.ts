/**
 * The end-to-end harness: a whole Karya deployment over real sockets, as
 * `karya serve` wires it (`KaryaApp`): the REST API on a free loopback port,
 * core's use cases, the stores on PostgreSQL (embedded PGlite, or a fresh
 * `karya_test_<uuid>` database on the `DATABASE_URL` server, dropped after),
 * the undici JIT client with the real RSA/AES crypto talking to the JIT
 * simulator server on another loopback port.
 *
 * Business time is moved by hand (`DemoClock.makeAdjustable`, speed 0) through
 * the tenant's daily JIT slots; sockets, sleeps and timeouts stay real. The
 * deployment starts at 20:50 IST on `startDate` and ingests the ULB's
 * allotments with the 22:00 VA run of that day, as the nightly schedule does.
 * Everything a test does goes through the API: `api(persona, …)` with the
 * personas of the demo, `runJit()` is `POST /v1/jit/runs`.
 */
import { createServer } from "node:net"
import {
  JitCrypto,
  type JitSimulator,
  type JitSimulatorScenario,
  JitSimulatorServer,
} from "@karya/adapters-jit"
import { sampleLabourSkillCodes } from "@karya/core/testing"
import type { ApiSchemas } from "@karya/http"
import { Effect, Layer, Redacted, type Scope } from "effect"
import * as Auth from "../../src/Auth.js"
import * as Demo from "../../src/Demo.js"
import * as DemoClock from "../../src/DemoClock.js"
import * as KaryaApp from "../../src/KaryaApp.js"
import { serverDatabase } from "../support/ServerDatabase.js"

/** The databases a deployment can run on. */
export type DatabaseKind = "pglite" | "postgres"

/** PGlite always; server Postgres when `DATABASE_URL` is set. */
export const availableDatabases = (): ReadonlyArray<DatabaseKind> =>
  process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === ""
    ? ["pglite"]
    : ["pglite", "postgres"]

const settings = Demo.demoConfiguration
export const tenantId = Demo.demoTenant.tenantId

/** The persona a request is made as (the demo's personas). */
export type Persona = "registrar" | "organisationRegistrar" | "accountant" | "paymentOfficer" | "viewer"

const personaSubjects: Record<Persona, string> = {
  registrar: "registrar.dhenkanal",
  organisationRegistrar: "cbo-admin.dhenkanal",
  accountant: "accountant.dhenkanal",
  paymentOfficer: "payment-officer.dhenkanal",
  viewer: "viewer.dhenkanal",
}

/** The first business day: the deployment starts at 20:50 IST on it. */
export const startDate = "2024-06-10"
const dayMs = 24 * 3600 * 1000
const startDayMs = Date.parse(`${startDate}T00:00:00+05:30`)
const startMs = Date.parse(`${startDate}T20:50:00+05:30`)

/** The sanction VA reports: sanction 920 of MUKTA's first head of account, allotted in FY 2024-25. */
export const sanctions = Demo.demoScenario("2024-04-15").sanctions

/** A scenario with the ULB's sanction and the given knobs (every other knob off). */
export const scenario = (knobs: JitSimulatorScenario.Scenario = {}): JitSimulatorScenario.Scenario => ({
  sanctions,
  ...knobs,
})

/** An API reply. */
export interface Reply {
  readonly status: number
  readonly json: unknown
}

/** A running deployment. */
export interface Deployment {
  readonly database: DatabaseKind
  /** `http://127.0.0.1:<port>` of the REST API. */
  readonly baseUrl: string
  /**
   * One request as a persona; never fails (the reply carries the status).
   * Each request has its own `Idempotency-Key` unless `headers` names one.
   */
  readonly request: (
    persona: Persona,
    method: string,
    path: string,
    body?: unknown,
    headers?: Readonly<Record<string, string>>,
  ) => Effect.Effect<Reply>
  /** One request as a persona that must answer 2xx; its JSON body. */
  readonly api: <A = Record<string, unknown>>(
    persona: Persona,
    method: string,
    path: string,
    body?: unknown,
  ) => Effect.Effect<A>
  /** Moves business time forward to `localTime` (IST, `HH:mm`) of `startDate` + `dayOffset` days. */
  readonly advanceTo: (localTime: string, dayOffset: number) => Effect.Effect<void>
  /** Business time now, in Unix milliseconds. */
  readonly nowMs: () => number
  /** The day offset (from `startDate`) of business time now. */
  readonly dayOffset: () => number
  /** `POST /v1/jit/runs` as the payment officer: the JIT calls due now, made now. */
  readonly runJit: () => Effect.Effect<typeof ApiSchemas.JitRunView.Encoded>
  /**
   * The next night's three runs, one minute after each daily slot (21:00
   * re-push; 22:00 VA and polls; 22:15 PAG) of the day after business time
   * now; every call made.
   */
  readonly night: () => Effect.Effect<ReadonlyArray<typeof ApiSchemas.JitRunCall.Encoded>>
  readonly simulator: JitSimulator.JitSimulator
}

/** A free TCP port on the loopback interface. */
export const freePort: Effect.Effect<number> = Effect.promise(
  () =>
    new Promise<number>((resolve, reject) => {
      const server = createServer()
      server.once("error", reject)
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        server.close(() => resolve(port))
      })
    }),
)

const slotTimes = ["21:01", "22:01", "22:16"] as const

// One RSA key pair for every deployment of a test file: generating one takes a while.
const keyPair = JitCrypto.generateRsaKeyPair()

/**
 * Starts a deployment on `database` with the simulator on `initial`
 * (default: accept everything); it stops when the scope closes.
 */
export const deployment = (
  database: DatabaseKind,
  initial: JitSimulatorScenario.Scenario = scenario(),
): Effect.Effect<Deployment, never, Scope.Scope> =>
  Effect.gen(function* () {
    const realClock = yield* Effect.clockWith(Effect.succeed)
    const clock = DemoClock.makeAdjustable({ startMs, speed: 0, realClock })
    return yield* clock.provide(
      Effect.gen(function* () {
        const simulator = yield* JitSimulatorServer.make({ scenario: initial, keyPair })
        const url = process.env.DATABASE_URL
        const choice: KaryaApp.DatabaseChoice =
          database === "postgres" && url !== undefined && url !== ""
            ? yield* serverDatabase(url)
            : { kind: "embedded" }
        const config: KaryaApp.AppConfig = {
          database: choice,
          jit: {
            baseUrl: simulator.url,
            clientId: simulator.clientId,
            clientSecret: Redacted.make(simulator.clientSecret),
            jitPublicKeyPem: simulator.publicKeyPem,
            timeout: "10 seconds",
          },
          // No test here registers an Aadhaar number: nothing listens there.
          aadhaar: { baseUrl: "http://127.0.0.1:9", subAuaCode: "E2E" },
          tenants: [settings],
          labourSkillCodes: sampleLabourSkillCodes,
          secrets: {
            fieldKey: Redacted.make("e2e-field-key: test only"),
            searchKey: Redacted.make("e2e-search-key: test only"),
            tokenSecret: Redacted.make("e2e-token-secret: test only, at least 32 bytes"),
          },
        }
        const ports = yield* Layer.build(
          KaryaApp.portsLayer(config).pipe(Layer.provideMerge(KaryaApp.databaseLayer(config.database))),
        ).pipe(Effect.orDie)
        const port = yield* freePort
        yield* Layer.build(
          KaryaApp.httpLayer({ port, host: "127.0.0.1", logRequests: false }).pipe(
            Layer.provide(Layer.succeedContext(ports)),
          ),
        ).pipe(Effect.orDie)
        const baseUrl = `http://127.0.0.1:${port}`
        const tokens = new Map<string, string>()
        for (const persona of Demo.personas) {
          const token = yield* Auth.issueToken({
            sub: persona.sub,
            tenants: [tenantId],
            roles: [...persona.roles],
            // Real time (the security clock), however far the business clock moves.
            validForSeconds: 3600,
          }).pipe(Effect.provideContext(ports))
          tokens.set(persona.sub, token)
        }
        let requests = 0
        const request = (
          persona: Persona,
          method: string,
          path: string,
          body?: unknown,
          headers: Readonly<Record<string, string>> = {},
        ) =>
          Effect.promise(async (): Promise<Reply> => {
            requests += 1
            const response = await fetch(`${baseUrl}${path}`, {
              method,
              headers: {
                authorization: `Bearer ${tokens.get(personaSubjects[persona]) ?? ""}`,
                "content-type": "application/json",
                "idempotency-key": `e2e-${requests}`,
                ...headers,
              },
              ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            })
            const text = await response.text()
            return { status: response.status, json: text === "" ? undefined : (JSON.parse(text) as unknown) }
          })
        const api = <A = Record<string, unknown>>(
          persona: Persona,
          method: string,
          path: string,
          body?: unknown,
        ): Effect.Effect<A> =>
          Effect.flatMap(request(persona, method, path, body), (reply) =>
            reply.status < 300
              ? Effect.succeed(reply.json as A)
              : Effect.die(
                  new Error(`${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.json)}`),
                ),
          )
        const nowMs = () => clock.clock.currentTimeMillisUnsafe()
        const advanceTo = (localTime: string, dayOffset: number) =>
          Effect.suspend(() => {
            const [hours, minutes] = localTime.split(":").map(Number)
            const targetMs = startDayMs + dayOffset * dayMs + ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000
            const current = nowMs()
            if (targetMs < current)
              return Effect.die(
                new Error(`advanceTo ${localTime} +${dayOffset}: business time never goes back`),
              )
            clock.advance(targetMs - current)
            return Effect.void
          })
        const dayOffset = () => Math.floor((nowMs() - startDayMs) / dayMs)
        const runJit = () =>
          api<typeof ApiSchemas.JitRunView.Encoded>("paymentOfficer", "POST", "/v1/jit/runs")
        const night = () =>
          Effect.gen(function* () {
            const day = dayOffset() + 1
            const calls: Array<typeof ApiSchemas.JitRunCall.Encoded> = []
            for (const time of slotTimes) {
              yield* advanceTo(time, day)
              calls.push(...(yield* runJit()).calls)
            }
            return calls
          })
        // The first night's VA run (22:00): the ULB's allotments arrive.
        yield* advanceTo("22:01", 0)
        yield* runJit()
        return {
          database,
          baseUrl,
          request,
          api,
          advanceTo,
          nowMs,
          dayOffset,
          runJit,
          night,
          simulator: simulator.simulator,
        } satisfies Deployment
      }),
    )
  })

/** The local (IST) date of business day `startDate` + `offset`. */
export const dateOf = (offset: number): string =>
  new Date(startDayMs + offset * dayMs + 6 * 3600 * 1000).toISOString().slice(0, 10)

/** A URL path segment for a PI number (they contain `/`). */
export const piPath = (number: string) => `/v1/payment-instructions/${encodeURIComponent(number)}`

/** A wage bill `race-bill-{bill}` of one wage seeker (₹1,000), dated `billDate`. */
export const oneSeekerBill = (billDate: string, bill: number) => ({
  billId: `race-bill-${bill}`,
  billNumber: `WB/2024-25/RACE${String(bill).padStart(3, "0")}`,
  billType: "wage",
  workOrderNumber: "WO/2024-25/RACE001",
  billDate,
  totalAmount: "1000",
  details: [
    {
      lineId: `race-line-${bill}`,
      payee: {
        payeeId: `IND-RACE-${bill}`,
        kind: "individual",
        name: `Wage Seeker Race ${bill}`,
        bankAccount: {
          accountNumber: `8001000${String(bill).padStart(4, "0")}`,
          ifsc: "SBIN0000041",
          accountType: "Saving",
        },
        mobile: `94371${String(bill).padStart(5, "0")}`,
        address: "Ward 1, Dhenkanal",
      },
      amount: "1000",
      purpose: `MR/2024-25/RACE${bill}`,
    },
  ],
})
