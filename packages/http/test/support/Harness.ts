/**
 * The test harness of the REST API: every port in memory (scripted JIT
 * gateway), one MUKTA ULB (`od.dhenkanal`) with its boundaries, a token
 * issuer, and a client that serves web requests in the test's fiber, so
 * the test clock and the stores are the handlers'.
 */

import { Config, Ids, Payments, Persistence, Registries } from "@karya/core"
import {
  layerScriptedJitGateway,
  muktaPaymentsConfiguration,
  sampleBoundaryRequests,
  sampleLabourSkillCodes,
} from "@karya/core/testing"
import { Auth, KaryaServer } from "@karya/http"
import { Context, DateTime, Effect, Layer, Redacted, Ref } from "effect"
import { TestClock } from "effect/testing"

export const tenantId = "od.dhenkanal"
export const otherTenantId = "od.angul"
export const settings = muktaPaymentsConfiguration({ tenantId, cityCode: "DK" })
export const otherSettings = muktaPaymentsConfiguration({ tenantId: otherTenantId, cityCode: "AN" })

export const secret = Redacted.make("karya-test-secret-that-is-long-enough-for-hs256")

export const dependencies = Layer.mergeAll(
  KaryaServer.memoryPorts,
  layerScriptedJitGateway(),
  Registries.LabourSkills.layerMemory(sampleLabourSkillCodes),
  Registries.AadhaarGateway.layerMemory((request) => ({ ret: "y", uidToken: `token-${request.txn}` })),
  Config.TenantSettings.layerMemory([settings, otherSettings]),
  Auth.layerSettings({ secret }),
  KaryaServer.layerServices,
)

export const now = "2024-06-10T06:00:00Z"

export interface Request {
  readonly method?: string
  readonly path: string
  readonly token?: string
  readonly tenant?: string
  readonly body?: unknown
  /** A raw body, sent as it is (a stream is sent without a length, chunked, unless the headers give one). */
  readonly rawBody?: string | ReadableStream<Uint8Array>
  readonly headers?: Record<string, string>
}

type Dependencies = Layer.Success<typeof dependencies>

const counting = <S extends object>(
  service: S,
  methods: ReadonlyArray<keyof S>,
  writes: Ref.Ref<number>,
): S => {
  const wrapped = { ...service } as Record<PropertyKey, unknown>
  for (const method of methods) {
    const original = service[method] as unknown as (
      ...args: ReadonlyArray<unknown>
    ) => Effect.Effect<unknown, unknown>
    wrapped[method as PropertyKey] = (...args: ReadonlyArray<unknown>) =>
      Effect.tap(original(...args), () => Ref.update(writes, (count) => count + 1))
  }
  return wrapped as S
}

/** Wraps every store's write methods so that each successful write is counted. */
const countingWrites = (context: Context.Context<Dependencies>, writes: Ref.Ref<number>) => {
  const wrap =
    <I extends Dependencies, S extends object>(key: Context.Key<I, S>, methods: ReadonlyArray<keyof S>) =>
    (current: Context.Context<Dependencies>) =>
      Context.add(current, key, counting(Context.get(current, key), methods, writes))
  return [
    wrap(Payments.PaymentInstructionRepository.PaymentInstructionRepository, ["insert", "update"]),
    wrap(Payments.SanctionRepository.SanctionRepository, ["insert", "update"]),
    wrap(Payments.RegisterTransactionRepository.RegisterTransactionRepository, ["insert", "update"]),
    wrap(Payments.SanctionBalanceRepository.SanctionBalanceRepository, ["insert", "update"]),
    wrap(Payments.VirtualAllotmentCursorRepository.VirtualAllotmentCursorRepository, ["insert", "update"]),
    wrap(Payments.Notifier.Notifier, ["send"]),
    wrap(Registries.WageSeekerRepository.WageSeekerRepository, ["insert", "update"]),
    wrap(Registries.OrganisationRepository.OrganisationRepository, ["insert", "update"]),
    wrap(Registries.UnmaskedReadLog.UnmaskedReadLog, ["record"]),
    wrap(Persistence.IdempotencyKeys.IdempotencyKeys, ["remember"]),
    wrap(Ids.IdSequence.IdSequence, ["next"]),
  ].reduce((current, apply) => apply(current), context)
}

/**
 * A harness: the client, the dependencies' context (to read the stores) and
 * the count of store writes so far.
 */
export const makeHarnessWith = (
  override: (context: Context.Context<Dependencies>) => Context.Context<Dependencies>,
  server: KaryaServer.Options = {},
) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe(now)))
    const writeCount = yield* Ref.make(0)
    const context = override(countingWrites(yield* Layer.build(dependencies), writeCount))
    const serve = yield* KaryaServer.testClient(
      KaryaServer.layerWith(server).pipe(Layer.provide(Layer.succeedContext(context))),
    )
    yield* Effect.forEach(
      sampleBoundaryRequests(Config.TenantId.makeUnsafe(tenantId)),
      Registries.BoundaryUseCases.addBoundary,
    ).pipe(Effect.provideContext(context), Effect.orDie)
    const send = (request: Request) => {
      const headers: Record<string, string> = { ...request.headers }
      if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`
      if (request.tenant !== undefined) headers["x-tenant-id"] = request.tenant
      const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body))
      if (body !== undefined && headers["content-type"] === undefined)
        headers["content-type"] = "application/json"
      return serve(
        new globalThis.Request(`http://karya.test${request.path}`, {
          method: request.method ?? "GET",
          headers,
          ...(body === undefined ? {} : { body }),
          ...(typeof body === "object" ? { duplex: "half" } : {}),
        }),
      )
    }
    const token = (claims: {
      readonly roles: ReadonlyArray<string>
      readonly tenants?: ReadonlyArray<string>
      readonly sub?: string
      readonly validForSeconds?: number
    }) =>
      Auth.issueToken({
        sub: claims.sub ?? "user-1",
        tenants: claims.tenants ?? [tenantId],
        roles: claims.roles,
        ...(claims.validForSeconds === undefined ? {} : { validForSeconds: claims.validForSeconds }),
      }).pipe(Effect.provide(Auth.layerSettings({ secret })))
    const use = <A, E>(effect: Effect.Effect<A, E, Dependencies>) =>
      effect.pipe(Effect.provideContext(context))
    return { send, token, context, use, writes: Ref.get(writeCount) }
  })

export const makeHarness = makeHarnessWith((context) => context)
