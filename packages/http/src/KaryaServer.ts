/**
 * The server of `KaryaApi`: one handler per endpoint over core's use cases
 * and ports. `layer` is the routes (the API under `/v1`, `/openapi.json`,
 * `/docs`) needing only the ports, so a composition can provide memory,
 * PGlite or Postgres stores and the simulated or real JIT gateway;
 * `memoryPorts` is every port in memory, and `testClient` runs requests
 * against the routes in the calling fiber (no socket; the test's clock).
 *
 * Every handler maps its failures with `Problem.fromError` (API-3); writes
 * run in `UnitOfWork.transaction` (DB-5), creating POSTs through
 * `Idempotency.once` (API-4).
 *
 * @since 0.1.0
 */
import { Bills, Config, Ids, Payments, Persistence, Registries, Time, version } from "@karya/core"
import { Effect, Layer, Schema, type Scope } from "effect"
import {
  HttpRouter,
  HttpServer,
  HttpServerRequest,
  HttpServerRespondable,
  HttpServerResponse,
} from "effect/http"
import { HttpApiBuilder, HttpApiScalar } from "effect/http-api"
import * as ApiSchemas from "./ApiSchemas.js"
import * as Auth from "./Auth.js"
import * as BodyLimit from "./BodyLimit.js"
import * as Idempotency from "./Idempotency.js"
import { KaryaApi } from "./KaryaApi.js"
import * as Pagination from "./Pagination.js"
import * as Problem from "./Problem.js"
import * as ProblemCodes from "./ProblemCodes.js"
import * as UnsafeText from "./UnsafeText.js"
import * as Views from "./Views.js"

const { CurrentPrincipal } = Auth

const CreatedId = Schema.Struct({ id: Schema.String })

const criterionRequired = (criteria: ReadonlyArray<string>) =>
  Problem.badRequest(
    [
      Problem.fieldError(
        ProblemCodes.searchCriterionRequired,
        "query",
        `Search by at least one of ${criteria.join(", ")}.`,
      ),
    ],
    `Search by at least one of ${criteria.join(", ")}.`,
  )

/**
 * The core ports the handlers use: the composition provides them (memory,
 * PGlite or Postgres stores; the simulated or real JIT and Aadhaar
 * gateways), with `Config.TenantSettings` and `Auth.AuthSettings`.
 *
 * @since 0.1.0
 * @category models
 */
export type Ports =
  | Payments.PaymentInstructionRepository.PaymentInstructionRepository
  | Payments.SanctionRepository.SanctionRepository
  | Payments.RegisterTransactionRepository.RegisterTransactionRepository
  | Payments.SanctionBalanceRepository.SanctionBalanceRepository
  | Payments.VirtualAllotmentCursorRepository.VirtualAllotmentCursorRepository
  | Payments.PaymentInstructionLease.PaymentInstructionLease
  | Payments.PaymentInstructionChecks.PaymentInstructionChecks
  | Payments.Notifier.Notifier
  | Payments.JitGateway.JitGateway
  | Registries.WageSeekerRepository.WageSeekerRepository
  | Registries.OrganisationRepository.OrganisationRepository
  | Registries.BoundaryRepository.BoundaryRepository
  | Registries.KeyedHash.KeyedHash
  | Registries.SensitiveFieldCipher.SensitiveFieldCipher
  | Registries.UnmaskedReadLog.UnmaskedReadLog
  | Registries.LabourSkills.LabourSkills
  | Registries.AadhaarGateway.AadhaarGateway
  | Ids.IdSequence.IdSequence
  | Persistence.UnitOfWork.UnitOfWork
  | Persistence.IdempotencyKeys.IdempotencyKeys
  | Persistence.AuditLog.AuditLog

type Dependencies = Ports | Config.TenantSettings.TenantSettings

type Run = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
) => Effect.Effect<A, Problem.Problem, Exclude<R, Dependencies>>

/**
 * Captures the ports when the routes are built, so that each handler runs
 * with them and maps its failures to problems.
 */
const withPorts = <H>(build: (run: Run) => H): Effect.Effect<H, never, Dependencies> =>
  Effect.map(Effect.context<Dependencies>(), (context) =>
    build((effect) => effect.pipe(Problem.orProblem, Effect.provideContext(context))),
  )

// ------------------------------------------------------------ health

const HealthHandlers = HttpApiBuilder.group(KaryaApi, "health", (handlers) =>
  handlers.handle("health", () => Effect.succeed({ status: "ok" as const, version })),
)

// ------------------------------------------------------------ wage seekers

const viewWageSeeker = (principal: Auth.Principal, wageSeekerId: string) =>
  Registries.WageSeekerUseCases.viewWageSeeker({
    tenantId: principal.tenantId,
    wageSeekerId,
    actor: principal.actor,
  })

const WageSeekerHandlers = HttpApiBuilder.group(KaryaApi, "wageSeekers", (handlers) =>
  withPorts((run) =>
    handlers
      .handle("create", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* Config.TenantSettings.configurationOf(principal.tenantId)
          const created = yield* Idempotency.once({
            tenantId: principal.tenantId,
            key: headers["idempotency-key"],
            endpoint: "POST /v1/wage-seekers",
            request: Idempotency.jsonOf(ApiSchemas.WageSeekerCreate, payload),
            response: CreatedId,
            status: 201,
            run: Effect.map(
              Registries.WageSeekerUseCases.registerWageSeeker({
                tenantId: principal.tenantId,
                actor: principal.actor,
                wageSeeker: payload,
              }),
              (registered) => ({ id: registered.wageSeeker.id as string }),
            ),
          })
          return yield* viewWageSeeker(principal, created.id)
        }).pipe(run),
      )
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          if (query.number === undefined) return yield* criterionRequired(["number"])
          const repository = yield* Registries.WageSeekerRepository.WageSeekerRepository
          return yield* Pagination.fromStore(
            repository.find({
              tenantId: principal.tenantId,
              where: { number: query.number },
              orderBy: "number",
              ...Pagination.storeRequest(query),
            }),
            (wageSeeker) => viewWageSeeker(principal, wageSeeker.id),
          )
        }).pipe(run),
      )
      .handle("get", ({ params }) =>
        CurrentPrincipal.use((principal) => viewWageSeeker(principal, params.id)).pipe(run),
      ),
  ),
)

// ------------------------------------------------------------ organisations

const viewOrganisation = (principal: Auth.Principal, organisationId: string) =>
  Effect.map(
    Registries.OrganisationUseCases.viewOrganisation({
      tenantId: principal.tenantId,
      organisationId,
      actor: principal.actor,
    }),
    (view): ApiSchemas.OrganisationView => view,
  )

const OrganisationHandlers = HttpApiBuilder.group(KaryaApi, "organisations", (handlers) =>
  withPorts((run) =>
    handlers
      .handle("create", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* Config.TenantSettings.configurationOf(principal.tenantId)
          const created = yield* Idempotency.once({
            tenantId: principal.tenantId,
            key: headers["idempotency-key"],
            endpoint: "POST /v1/organisations",
            request: Idempotency.jsonOf(ApiSchemas.OrganisationCreate, payload),
            response: CreatedId,
            status: 201,
            run: Effect.map(
              Registries.OrganisationUseCases.registerOrganisation({
                tenantId: principal.tenantId,
                actor: principal.actor,
                organisation: payload,
              }),
              (organisation) => ({ id: organisation.id as string }),
            ),
          })
          return yield* viewOrganisation(principal, created.id)
        }).pipe(run),
      )
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const { number, externalRegistrationId } = query
          if (number === undefined && externalRegistrationId === undefined)
            return yield* criterionRequired(["number", "externalRegistrationId"])
          const repository = yield* Registries.OrganisationRepository.OrganisationRepository
          return yield* Pagination.fromStore(
            repository.find({
              tenantId: principal.tenantId,
              where: { number, externalRegistrationId },
              orderBy: "number",
              ...Pagination.storeRequest(query),
            }),
            (organisation) => viewOrganisation(principal, organisation.id),
          )
        }).pipe(run),
      )
      .handle("get", ({ params }) =>
        CurrentPrincipal.use((principal) => viewOrganisation(principal, params.id)).pipe(run),
      ),
  ),
)

// ------------------------------------------------------------ bills

const billViewOf = (principal: Auth.Principal, billId: string) =>
  Effect.gen(function* () {
    yield* Config.TenantSettings.configurationOf(principal.tenantId)
    const repository = yield* Payments.PaymentInstructionRepository.PaymentInstructionRepository
    const paymentInstructions = yield* Persistence.AggregateStore.findAll(
      repository,
      { tenantId: principal.tenantId, where: { billId } },
      { itemsMax: Payments.PaymentInstructionRepository.paymentInstructionsOfBillMax },
    )
    const [first] = paymentInstructions
    // The API knows a bill by the payment instructions it was recorded with: none means no such bill.
    if (first === undefined)
      return yield* new Bills.BillRepository.BillNotFound({ tenantId: principal.tenantId, billId })
    const payment = yield* Payments.BillPaymentStatus.forBill({ tenantId: principal.tenantId, billId })
    return Views.billView(first.bill, payment, paymentInstructions)
  })

const BillHandlers = HttpApiBuilder.group(KaryaApi, "bills", (handlers) =>
  withPorts((run) =>
    handlers
      .handle("create", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* Config.TenantSettings.configurationOf(principal.tenantId)
          const bill: Payments.PayableBill.PayableBill = { ...payload, tenantId: principal.tenantId }
          const created = yield* Idempotency.once({
            tenantId: principal.tenantId,
            key: headers["idempotency-key"],
            endpoint: "POST /v1/bills",
            request: Idempotency.jsonOf(ApiSchemas.BillCreate, payload),
            response: CreatedId,
            status: 201,
            run: Effect.map(
              Payments.PaymentInstructionIssue.createFromBill(bill, { actor: principal.userId }),
              () => ({
                id: bill.billId,
              }),
            ),
          })
          return yield* billViewOf(principal, created.id)
        }).pipe(run),
      )
      .handle("get", ({ params }) =>
        CurrentPrincipal.use((principal) => billViewOf(principal, params.id)).pipe(run),
      ),
  ),
)

// ------------------------------------------------------------ payment instructions

const detailOf = (principal: Auth.Principal, paymentInstructionNumber: string) =>
  Effect.gen(function* () {
    const pi = yield* Payments.PaymentInstructionIssue.load(principal.tenantId, paymentInstructionNumber)
    const history = yield* Payments.PaymentInstructionRepository.historyOf({
      tenantId: principal.tenantId,
      number: pi.number,
    })
    return yield* Views.paymentInstructionDetail(pi, history, principal)
  })

const act = (
  principal: Auth.Principal,
  paymentInstructionNumber: string,
  request: typeof ApiSchemas.PaymentInstructionActionRequest.Type,
) =>
  Effect.gen(function* () {
    yield* Config.TenantSettings.configurationOf(principal.tenantId)
    const tenantId = principal.tenantId
    const current = yield* Payments.PaymentInstructionIssue.load(tenantId, paymentInstructionNumber)
    const target = { tenantId, paymentInstructionNumber: current.number }
    // PI-P-2: each request is its own lease holder, and the version it saw
    // is checked once the lease is held (core decides; WF-4).
    const call = { actor: principal.userId, expectedVersion: request.version }
    switch (request.action) {
      case "REFRESH": {
        const reports = yield* Payments.JitRun.refresh(target, call)
        return {
          action: request.action,
          paymentInstruction: yield* detailOf(principal, current.number),
          messages: reports.map((report) => report.message),
        }
      }
      case "RESUBMIT": {
        const report = yield* Payments.JitRun.push(target, call)
        return {
          action: request.action,
          paymentInstruction: yield* detailOf(principal, current.number),
          messages: [report.message],
        }
      }
      case "CORRECT": {
        const corrections = request.corrections ?? []
        if (corrections.length === 0) {
          return yield* Problem.badRequest(
            [Problem.fieldError(ProblemCodes.correctionsRequired, "corrections")],
            "CORRECT needs at least one corrected bank account.",
          )
        }
        yield* Persistence.UnitOfWork.transaction(
          Effect.forEach(corrections, (correction, index) =>
            Payments.PaymentInstructionIssue.correctBeneficiary({
              tenantId,
              paymentInstructionNumber: current.number,
              paymentId: correction.paymentId,
              bankAccount: correction.bankAccount,
              userId: principal.userId,
              expectedVersion: request.version + index,
            }),
          ),
        )
        return {
          action: request.action,
          paymentInstruction: yield* detailOf(principal, current.number),
          messages: [
            `${corrections.length} bank account${corrections.length === 1 ? "" : "s"} of ${current.number} corrected; RESUBMIT pushes it again under its number.`,
          ],
        }
      }
      case "REVISE": {
        const raised = yield* Persistence.UnitOfWork.transaction(
          Payments.PaymentInstructionIssue.raiseRepayment({
            tenantId,
            failedNumber: current.number,
            corrections: request.corrections ?? [],
            expectedVersion: request.version,
            actor: principal.userId,
          }),
        )
        return {
          action: request.action,
          paymentInstruction: yield* detailOf(principal, current.number),
          raised: {
            kind: raised.kind,
            paymentInstruction: yield* detailOf(principal, raised.paymentInstruction.number),
          },
          messages: [
            `${raised.kind === "revised" ? "Revised" : "New original"} payment instruction ${raised.paymentInstruction.number} raised for the failed payments of ${current.number}.`,
          ],
        }
      }
    }
  })

const PaymentInstructionHandlers = HttpApiBuilder.group(KaryaApi, "paymentInstructions", (handlers) =>
  withPorts((run) =>
    handlers
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const repository = yield* Payments.PaymentInstructionRepository.PaymentInstructionRepository
          // One page in the store, oldest PI first (the order they were recorded in).
          return yield* Pagination.fromStore(
            repository.find({
              tenantId: principal.tenantId,
              where: { status: query.status },
              ...Pagination.storeRequest(query),
            }),
            (paymentInstruction) => Effect.succeed(Views.paymentInstructionSummary(paymentInstruction)),
          )
        }).pipe(run),
      )
      .handle("get", ({ params }) =>
        CurrentPrincipal.use((principal) => detailOf(principal, params.number)).pipe(run),
      )
      .handle("act", ({ params, payload }) =>
        CurrentPrincipal.use((principal) => act(principal, params.number, payload)).pipe(run),
      ),
  ),
)

// ------------------------------------------------------------ funds

const FundHandlers = HttpApiBuilder.group(KaryaApi, "funds", (handlers) =>
  withPorts((run) =>
    handlers.handle("register", ({ query }) =>
      Effect.gen(function* () {
        const principal = yield* CurrentPrincipal
        const settings = yield* Config.TenantSettings.configurationOf(principal.tenantId)
        const financialYear =
          query.financialYear ?? (yield* Time.BusinessClock.currentFinancialYear(settings.timeZone))
        const transactions = yield* Payments.FundRegisterBook.transactions(principal.tenantId, {
          financialYear,
        })
        const headsOfAccount =
          query.headOfAccount === undefined
            ? settings.headsOfAccountOrder.map((head) => head.code)
            : [query.headOfAccount]
        return Views.fundRegisterView(transactions, { financialYear, headsOfAccount })
      }).pipe(run),
    ),
  ),
)

// ------------------------------------------------------------ JIT

const runCallOf = (entry: Payments.JitRun.RunEntry): typeof ApiSchemas.JitRunCall.Type => {
  const subject =
    entry.call.service === "VA"
      ? { headOfAccount: entry.call.headOfAccount }
      : { paymentInstructionNumber: entry.call.paymentInstructionNumber }
  return entry.result._tag === "Success"
    ? {
        service: entry.call.service,
        ...subject,
        outcome: "called",
        event: entry.result.success.event,
        message: entry.result.success.message,
      }
    : {
        service: entry.call.service,
        ...subject,
        outcome: "refused",
        code: entry.result.failure.code,
        message: entry.result.failure.message,
      }
}

const JitHandlers = HttpApiBuilder.group(KaryaApi, "jit", (handlers) =>
  withPorts((run) =>
    handlers.handle("run", () =>
      Effect.gen(function* () {
        const principal = yield* CurrentPrincipal
        yield* Config.TenantSettings.configurationOf(principal.tenantId)
        const entries = yield* Payments.JitRun.runDueCalls({ tenantId: principal.tenantId })
        return { calls: entries.map(runCallOf) }
      }).pipe(run),
    ),
  ),
)

// ------------------------------------------------------------ layers

/**
 * The handlers of every group.
 *
 * @since 0.1.0
 * @category layers
 */
export const handlers = Layer.mergeAll(
  HealthHandlers,
  WageSeekerHandlers,
  OrganisationHandlers,
  BillHandlers,
  PaymentInstructionHandlers,
  FundHandlers,
  JitHandlers,
)

/**
 * The path of the OpenAPI 3.1 document.
 *
 * @since 0.1.0
 * @category models
 */
export const openapiPath = "/openapi.json"

/**
 * The path of the docs page.
 *
 * @since 0.1.0
 * @category models
 */
export const docsPath = "/docs"

/**
 * The options of the routes.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The most bytes of a request body the server reads (default `BodyLimit.defaultBytes`, 1 MiB); a larger body is a 413. */
  readonly bodyLimitBytes?: number
}

/**
 * The routes with their options: the API under `/v1`, its OpenAPI document
 * at `/openapi.json` and the Scalar docs page at `/docs`; an unknown route
 * is a 404 problem, a body over the limit a 413 (`BodyLimit`). Needs the
 * core ports, `Config.TenantSettings`, `Auth.AuthSettings`, the HTTP router
 * and the platform services.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWith = (options: Options) =>
  Layer.mergeAll(
    HttpApiBuilder.layer(KaryaApi, { openapiPath }).pipe(
      Layer.provide(handlers),
      Layer.provide(Auth.layer),
      Layer.provide(UnsafeText.layer),
      Layer.provide(Problem.layerProblemMiddleware),
    ),
    HttpApiScalar.layer(KaryaApi, { path: docsPath }),
    Problem.layerRouterProblems,
    BodyLimit.layer(options.bodyLimitBytes ?? BodyLimit.defaultBytes),
  )

/**
 * The routes with the default options (see {@link layerWith}).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = layerWith({})

/**
 * The stores the handlers use, in memory (tests, demos): payments,
 * registries, ID sequences, unit of work and idempotency keys. The JIT
 * gateway, the Aadhaar gateway and the labour skills come separately.
 *
 * @since 0.1.0
 * @category layers
 */
export const memoryPorts = Layer.mergeAll(
  Payments.PaymentInstructionRepository.layerMemory,
  Payments.SanctionRepository.layerMemory,
  Payments.RegisterTransactionRepository.layerMemory,
  Payments.SanctionBalanceRepository.layerMemory,
  Payments.VirtualAllotmentCursorRepository.layerMemory,
  Payments.PaymentInstructionLease.layerMemory,
  Payments.PaymentInstructionChecks.layerMemory,
  Payments.Notifier.layerMemory,
  Registries.WageSeekerRepository.layerMemory,
  Registries.OrganisationRepository.layerMemory,
  Registries.BoundaryRepository.layerMemory,
  Registries.KeyedHash.layerMemory,
  Registries.SensitiveFieldCipher.layerMemory,
  Registries.UnmaskedReadLog.layerMemory,
  Ids.IdSequence.layerMemory,
  Persistence.UnitOfWork.layerMemory,
  Persistence.IdempotencyKeys.layerMemory,
  Persistence.AuditLog.layerMemory,
)

/**
 * A response as a test reads it.
 *
 * @since 0.1.0
 * @category models
 */
export interface TestResponse {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  /** The body parsed as JSON, `undefined` when it is not JSON. */
  readonly json: unknown
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Builds the routes (with the ports in the context) and returns a function
 * that serves one web `Request` in the calling fiber, so the test's clock
 * and stores are the handlers'.
 *
 * @since 0.1.0
 * @category testing
 */
export const testClient = <E, R>(
  routes: Layer.Layer<never, E, R | HttpRouter.HttpRouter>,
): Effect.Effect<
  (request: Request) => Effect.Effect<TestResponse>,
  E,
  Scope.Scope | Exclude<R, HttpRouter.HttpRouter>
> =>
  Effect.gen(function* () {
    const app = yield* HttpRouter.toHttpEffect(routes)
    return (request: Request) =>
      app.pipe(
        Effect.catchCause((cause) => {
          const [error] = cause.reasons.flatMap((reason) => (reason._tag === "Fail" ? [reason.error] : []))
          return HttpServerRespondable.isRespondable(error)
            ? HttpServerRespondable.toResponse(error)
            : Effect.succeed(HttpServerResponse.empty({ status: 500 }))
        }),
        Effect.provideService(HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(request)),
        Effect.scoped,
        Effect.flatMap((response) =>
          Effect.promise(async () => {
            const web = HttpServerResponse.toWeb(response)
            const text = await web.text()
            return { status: web.status, headers: web.headers, text, json: parseJson(text) }
          }),
        ),
      ) as Effect.Effect<TestResponse>
  })

/**
 * The platform services the routes need, for tests and embedding.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerServices = HttpServer.layerServices
