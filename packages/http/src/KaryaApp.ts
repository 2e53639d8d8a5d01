/**
 * A Karya deployment wired from its adapters: the stores on PostgreSQL
 * (embedded PGlite or a server), the JIT-FS and Aadhaar clients over undici,
 * the privacy ports on Node's crypto, SMS through the transactional outbox,
 * and the REST API on Node's HTTP server. `npm start` (the demo) and
 * `karya serve` both build their process from here, so the tests that use
 * this module run exactly what a state deploys.
 *
 * No business rule lives here: every rule is in `@karya/core`; this module
 * only chooses implementations of its ports.
 *
 * @since 0.1.0
 */
import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { AadhaarClient, JitClient } from "@karya/adapters-jit"
import {
  PgAuditLog,
  PgDatabase,
  PgIdempotencyKeys,
  PgIdSequence,
  PgOutbox,
  PgPaymentInstructionLease,
  PgStores,
  PgUnitOfWork,
} from "@karya/adapters-postgres"
import type { Bills, Ids } from "@karya/core"
import { Config, Payments, type Persistence, Registries } from "@karya/core"
import { Effect, Layer, type Redacted } from "effect"
import { HttpRouter, type HttpServerError } from "effect/http"
import type { SqlClient } from "effect/sql"
import * as Auth from "./Auth.js"
import * as Environment from "./Environment.js"
import * as KaryaServer from "./KaryaServer.js"
import * as NodeSecrets from "./NodeSecrets.js"

/**
 * Where the data lives: embedded PGlite (in memory, or in `dataDir`), or a
 * PostgreSQL server.
 *
 * @since 0.1.0
 * @category models
 */
export type DatabaseChoice =
  | { readonly kind: "embedded"; readonly dataDir?: string }
  | { readonly kind: "server"; readonly url: Redacted.Redacted<string>; readonly maxConnections?: number }

/**
 * Everything a deployment is configured with. Secrets are `Redacted`
 * (REL-4).
 *
 * @since 0.1.0
 * @category models
 */
export interface AppConfig {
  readonly database: DatabaseChoice
  readonly jit: JitClient.JitClientConfig
  readonly aadhaar: AadhaarClient.AadhaarClientConfig
  /** The configuration of every tenant served (TEN-1, CONF-1). */
  readonly tenants: ReadonlyArray<Config.TenantConfiguration.TenantConfiguration>
  readonly labourSkillCodes: ReadonlyArray<string>
  readonly secrets: {
    /** Seals Aadhaar and bank account numbers at rest (PRIV-2). */
    readonly fieldKey: Redacted.Redacted<string>
    /** Keys the search hashes of sensitive numbers (PRIV-2). */
    readonly searchKey: Redacted.Redacted<string>
    /** Signs and verifies the API's bearer tokens (API-2). */
    readonly tokenSecret: Redacted.Redacted<string>
  }
  /**
   * How bearer tokens are checked: the state's identity provider, issuer,
   * audience, claim names, maximum lifetime and clock skew (API-2; default:
   * Karya's own HS256 tokens of at most 12 hours).
   */
  readonly auth?: Auth.TokenOptions
}

/**
 * The stores a deployment keeps in its database.
 *
 * @since 0.1.0
 * @category models
 */
export type Stores =
  | Payments.PaymentInstructionRepository.PaymentInstructionRepository
  | Payments.SanctionRepository.SanctionRepository
  | Payments.RegisterTransactionRepository.RegisterTransactionRepository
  | Payments.SanctionBalanceRepository.SanctionBalanceRepository
  | Payments.VirtualAllotmentCursorRepository.VirtualAllotmentCursorRepository
  | Bills.BillRepository.BillRepository
  | Registries.WageSeekerRepository.WageSeekerRepository
  | Registries.OrganisationRepository.OrganisationRepository
  | Payments.PaymentInstructionLease.PaymentInstructionLease
  | Payments.PaymentInstructionChecks.PaymentInstructionChecks
  | Ids.IdSequence.IdSequence
  | Persistence.UnitOfWork.UnitOfWork
  | Persistence.IdempotencyKeys.IdempotencyKeys
  | Persistence.AuditLog.AuditLog
  | Persistence.Outbox.Outbox
  | Payments.Notifier.Notifier
  | Registries.SensitiveFieldCipher.SensitiveFieldCipher

/**
 * Every port of a deployment: the stores, the gateways, the privacy ports,
 * the reference data, the tenants served and the token settings.
 *
 * @since 0.1.0
 * @category models
 */
export type Ports =
  | Stores
  | Payments.JitGateway.JitGateway
  | Registries.AadhaarGateway.AadhaarGateway
  | Registries.KeyedHash.KeyedHash
  | Registries.BoundaryRepository.BoundaryRepository
  | Registries.LabourSkills.LabourSkills
  | Registries.UnmaskedReadLog.UnmaskedReadLog
  | Config.TenantSettings.TenantSettings
  | Auth.AuthSettings

/**
 * The database of a choice, migrated (DB-1).
 *
 * @since 0.1.0
 * @category layers
 */
export const databaseLayer = (choice: DatabaseChoice) =>
  choice.kind === "embedded"
    ? PgDatabase.layerPglite(choice.dataDir === undefined ? {} : { dataDir: choice.dataDir })
    : PgDatabase.layerServer({
        url: choice.url,
        ...(choice.maxConnections === undefined ? {} : { maxConnections: choice.maxConnections }),
      })

/**
 * Every store on the database, SMS through the outbox included.
 *
 * @since 0.1.0
 * @category layers
 */
export const storesLayer = (
  config: Pick<AppConfig, "secrets">,
): Layer.Layer<Stores, never, SqlClient.SqlClient> =>
  Layer.mergeAll(
    PgStores.layer,
    PgPaymentInstructionLease.layer,
    PgIdSequence.layer,
    PgUnitOfWork.layer,
    PgIdempotencyKeys.layer,
    PgAuditLog.layer,
    Payments.Notifier.layerOutbox.pipe(Layer.provideMerge(PgOutbox.layer)),
  ).pipe(Layer.provideMerge(NodeSecrets.layerCipher(config.secrets.fieldKey)))

/**
 * The ports the API and the JIT run use, on the database the layer is given.
 *
 * @since 0.1.0
 * @category layers
 */
export const portsLayer = (config: AppConfig): Layer.Layer<Ports, never, SqlClient.SqlClient> =>
  Layer.mergeAll(
    storesLayer(config),
    JitClient.layer(config.jit),
    AadhaarClient.layer(config.aadhaar),
    NodeSecrets.layerKeyedHash(config.secrets.searchKey),
    // Boundaries have no table yet: listed after `storesLayer`, whose
    // `Stores.all` includes them, the memory store is the one served.
    Registries.BoundaryRepository.layerMemory,
    Registries.LabourSkills.layerMemory(config.labourSkillCodes),
    Registries.UnmaskedReadLog.layerMemory,
    Config.TenantSettings.layerMemory(config.tenants),
    Auth.layerSettings({ ...config.auth, secret: config.secrets.tokenSecret }),
  )

/**
 * The REST API served on `port` of `host` (API-1): `/v1`, `/openapi.json`,
 * `/docs`. `host` defaults to loopback (`Environment.hostDefault`); serving
 * the network is a choice (`HOST=0.0.0.0`).
 *
 * @since 0.1.0
 * @category layers
 */
export const httpLayer = (options: {
  readonly port: number
  readonly host?: string
  /** Log every request (default true; the demo turns it off to keep its story readable). */
  readonly logRequests?: boolean
  /** The most bytes of a request body read (default `BodyLimit.defaultBytes`, 1 MiB); a larger body is a 413. */
  readonly bodyLimitBytes?: number
}): Layer.Layer<never, HttpServerError.ServeError, Ports> =>
  HttpRouter.serve(
    KaryaServer.layerWith(
      options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes },
    ),
    { disableLogger: options.logRequests === false },
  ).pipe(Layer.provide(serverLayer(options)))

/**
 * Node's HTTP server on `port` of `host`, loopback unless `host` says
 * otherwise (`Environment.hostDefault`).
 *
 * @since 0.1.0
 * @category layers
 */
export const serverLayer = (options: { readonly port: number; readonly host?: string }) =>
  NodeHttpServer.layer(createServer, { port: options.port, host: options.host ?? Environment.hostDefault })

/**
 * An SMS gateway for demos and development: it prints each SMS once per
 * event id (NOTIF-1) instead of sending it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const printingSmsGateway = (
  print: (line: string) => Effect.Effect<void>,
): Payments.Notifier.NotifierShape => {
  const sent = new Set<string>()
  return {
    send: (message) =>
      Effect.suspend(() => {
        if (sent.has(message.eventId)) return Effect.succeed("alreadySent" as const)
        sent.add(message.eventId)
        return Effect.as(print(`SMS to ******${message.mobile.slice(-4)}: ${message.text}`), "sent" as const)
      }),
  }
}

/**
 * The base URL a client on this machine reaches a server listening on
 * `host` and `port` by: loopback for the wildcard addresses, brackets
 * around an IPv6 address.
 *
 * @since 0.1.0
 * @category conversions
 */
export const urlOf = (options: { readonly host: string; readonly port: number }): string => {
  const host = options.host === "0.0.0.0" ? "127.0.0.1" : options.host === "::" ? "::1" : options.host
  return `http://${host.includes(":") ? `[${host}]` : host}:${options.port}`
}
