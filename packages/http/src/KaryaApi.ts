/**
 * The Karya REST API definition (API-1..API-6): JSON over HTTP under `/v1`,
 * resource nouns, the Schemas of `ApiSchemas`, every error a problem
 * (`Problem`), bearer-token authentication with per-endpoint roles (`Auth`),
 * and text the stores cannot keep refused once signed in (`UnsafeText`).
 * The OpenAPI 3.1 document (`/openapi.json`) and the docs page (`/docs`)
 * are generated from this value; `KaryaServer` implements it.
 *
 * | Endpoint | Roles |
 * | --- | --- |
 * | `GET /v1/health` | none (no token) |
 * | `POST /v1/wage-seekers`, `GET /v1/wage-seekers`, `GET /v1/wage-seekers/{id}` | registrar / readers |
 * | `POST /v1/organisations`, `GET /v1/organisations`, `GET /v1/organisations/{id}` | registrar / readers |
 * | `POST /v1/bills`, `GET /v1/bills/{id}` | `BILL_APPROVER` / readers |
 * | `GET /v1/payment-instructions`, `GET /v1/payment-instructions/{number}` | readers |
 * | `POST /v1/payment-instructions/{number}/actions` | `PAYMENT_OFFICER` |
 * | `GET /v1/funds/register` | readers |
 * | `POST /v1/jit/runs` | `PAYMENT_OFFICER` |
 *
 * PI numbers contain `/` (`PI-DK/2024-25/000001`): send them URL-encoded
 * (`PI-DK%2F2024-25%2F000001`).
 *
 * @since 0.1.0
 */
import type { Money } from "@karya/core"
import { Schema } from "effect"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import * as ApiSchemas from "./ApiSchemas.js"
import { Authentication, RequiredRoles, Roles, readerRoles } from "./Auth.js"
import * as Problem from "./Problem.js"
import { UnsafeTextGuard } from "./UnsafeText.js"

/**
 * The amounts of the API's bodies: core's exact decimals, written as
 * decimal strings (`"1916.00"`, API-6).
 *
 * @since 0.1.0
 * @category models
 */
export type Amount = Money.Amount.Amount | Money.SignedAmount.SignedAmount

const error = Problem.errorSchemas

const registrarsOfWageSeekers = [Roles.wageSeekerRegistrar, Roles.organisationAdmin]

const PathId = Schema.String.check(
  Schema.isMaxLength(128, { message: "at most 128 characters" }),
  Schema.isMinLength(1, { message: "not empty" }),
)

/**
 * `GET /v1/health`.
 *
 * @since 0.1.0
 * @category groups
 */
export class HealthGroup extends HttpApiGroup.make("health").add(
  HttpApiEndpoint.get("health", "/health", { success: ApiSchemas.Health, error }),
) {}

/**
 * The wage seeker registry (IND-1, PRIV-1).
 *
 * @since 0.1.0
 * @category groups
 */
export class WageSeekersGroup extends HttpApiGroup.make("wageSeekers")
  .add(
    HttpApiEndpoint.post("create", "/wage-seekers", {
      headers: ApiSchemas.idempotencyHeaders,
      payload: ApiSchemas.WageSeekerCreate,
      success: ApiSchemas.WageSeekerView.pipe(HttpApiSchema.status(201)),
      error,
    }).annotate(RequiredRoles, registrarsOfWageSeekers),
    HttpApiEndpoint.get("list", "/wage-seekers", {
      query: ApiSchemas.wageSeekerQuery,
      success: ApiSchemas.Page(ApiSchemas.WageSeekerView),
      error,
    }).annotate(RequiredRoles, readerRoles),
    HttpApiEndpoint.get("get", "/wage-seekers/:id", {
      params: { id: PathId },
      success: ApiSchemas.WageSeekerView,
      error,
    }).annotate(RequiredRoles, readerRoles),
  )
  .middleware(UnsafeTextGuard)
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({ title: "Wage seekers", description: "The wage seeker registry (IND-1..IND-4)" }),
  ) {}

/**
 * The organisation registry (ORG-1, PRIV-1).
 *
 * @since 0.1.0
 * @category groups
 */
export class OrganisationsGroup extends HttpApiGroup.make("organisations")
  .add(
    HttpApiEndpoint.post("create", "/organisations", {
      headers: ApiSchemas.idempotencyHeaders,
      payload: ApiSchemas.OrganisationCreate,
      success: ApiSchemas.OrganisationView.pipe(HttpApiSchema.status(201)),
      error,
    }).annotate(RequiredRoles, [Roles.organisationRegistrar]),
    HttpApiEndpoint.get("list", "/organisations", {
      query: ApiSchemas.organisationQuery,
      success: ApiSchemas.Page(ApiSchemas.OrganisationView),
      error,
    }).annotate(RequiredRoles, readerRoles),
    HttpApiEndpoint.get("get", "/organisations/:id", {
      params: { id: PathId },
      success: ApiSchemas.OrganisationView,
      error,
    }).annotate(RequiredRoles, readerRoles),
  )
  .middleware(UnsafeTextGuard)
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({ title: "Organisations", description: "CBOs and vendors (ORG-1..ORG-3)" }),
  ) {}

/**
 * Approved bills as payment sources (PI-1).
 *
 * @since 0.1.0
 * @category groups
 */
export class BillsGroup extends HttpApiGroup.make("bills")
  .add(
    HttpApiEndpoint.post("create", "/bills", {
      headers: ApiSchemas.idempotencyHeaders,
      payload: ApiSchemas.BillCreate,
      success: ApiSchemas.BillView.pipe(HttpApiSchema.status(201)),
      error,
    }).annotate(RequiredRoles, [Roles.billApprover]),
    HttpApiEndpoint.get("get", "/bills/:id", {
      params: { id: PathId },
      success: ApiSchemas.BillView,
      error,
    }).annotate(RequiredRoles, readerRoles),
  )
  .middleware(UnsafeTextGuard)
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({ title: "Bills", description: "Approved bills recorded for payment (PI-1, PI-2)" }),
  ) {}

/**
 * Payment instructions and their workflow actions (PI-S-*, API-6).
 *
 * @since 0.1.0
 * @category groups
 */
export class PaymentInstructionsGroup extends HttpApiGroup.make("paymentInstructions")
  .add(
    HttpApiEndpoint.get("list", "/payment-instructions", {
      query: ApiSchemas.paymentInstructionQuery,
      success: ApiSchemas.Page(ApiSchemas.PaymentInstructionSummary),
      error,
    }).annotate(RequiredRoles, readerRoles),
    HttpApiEndpoint.get("get", "/payment-instructions/:number", {
      params: { number: PathId },
      success: ApiSchemas.PaymentInstructionDetail,
      error,
    }).annotate(RequiredRoles, readerRoles),
    HttpApiEndpoint.post("act", "/payment-instructions/:number/actions", {
      params: { number: PathId },
      payload: ApiSchemas.PaymentInstructionActionRequest,
      success: ApiSchemas.PaymentInstructionActionResult,
      error,
    }).annotate(RequiredRoles, [Roles.paymentOfficer]),
  )
  .middleware(UnsafeTextGuard)
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Payment instructions",
      description: "PIs, their beneficiaries and history",
    }),
  ) {}

/**
 * The fund allocation register (PI-F-2).
 *
 * @since 0.1.0
 * @category groups
 */
export class FundsGroup extends HttpApiGroup.make("funds")
  .add(
    HttpApiEndpoint.get("register", "/funds/register", {
      query: ApiSchemas.fundRegisterQuery,
      success: ApiSchemas.FundRegisterView,
      error,
    }).annotate(RequiredRoles, readerRoles),
  )
  .middleware(UnsafeTextGuard)
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({ title: "Funds", description: "The fund allocation register (PI-F-2)" }),
  ) {}

/**
 * JIT runs on demand (PI-P-1).
 *
 * @since 0.1.0
 * @category groups
 */
export class JitGroup extends HttpApiGroup.make("jit")
  .add(
    HttpApiEndpoint.post("run", "/jit/runs", {
      success: ApiSchemas.JitRunView,
      error,
    }).annotate(RequiredRoles, [Roles.paymentOfficer]),
  )
  .middleware(UnsafeTextGuard)
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({ title: "JIT", description: "Run the due JIT-FS calls now (PI-P-1)" }),
  ) {}

/**
 * The Karya API.
 *
 * @since 0.1.0
 * @category api
 */
export class KaryaApi extends HttpApi.make("karya")
  .add(HealthGroup)
  .add(WageSeekersGroup)
  .add(OrganisationsGroup)
  .add(BillsGroup)
  .add(PaymentInstructionsGroup)
  .add(FundsGroup)
  .add(JitGroup)
  .prefix("/v1")
  .middleware(Problem.ProblemMiddleware)
  .annotate(HttpApi.HeadersParseOptions, {})
  .annotate(HttpApi.ParseOptions, { errors: "all" })
  .annotateMerge(
    OpenApi.annotations({
      title: "Karya API",
      version: "0.1.0",
      description:
        "Karya's REST API for public-works and wage-payment programmes (MUKTA): registries, bills, payment instructions, funds and JIT-FS.",
    }),
  ) {}
