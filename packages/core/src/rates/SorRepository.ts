/**
 * The repository port of SORs (SOR-1..4): tenant-scoped (TEN-1), versioned
 * (DB-4), searchable by the fields the schedule is searched on (type, sub
 * type, variant, status, code). Rules stay in the core: the duplicate guard
 * (SOR-2) searches active items of one classification and compares
 * descriptions itself. Every implementation passes `SorRepositorySuite`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { SorType } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import type { StaleVersion } from "../workflow/WorkflowEngine.js"
import type { Sor, SorStatus } from "./Sor.js"
import * as VersionedTable from "./VersionedTable.js"

/**
 * No SOR with this id or code in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class SorNotFound extends Schema.TaggedError<SorNotFound>("@karya/core/rates/SorNotFound")(
  "SorNotFound",
  {
    tenantId: Schema.String,
    /** The id or code asked for. */
    reference: Schema.String,
  },
) {
  static readonly code = "SOR_NOT_FOUND"
  static readonly category = "notFound"
  readonly code = SorNotFound.code
  readonly category = SorNotFound.category
  readonly retryable = false
  override get message(): string {
    return `No SOR ${this.reference} exists in ${this.tenantId}; check the code or choose an item from the schedule.`
  }
}

/**
 * Search criteria; every given criterion must match (API-5).
 *
 * @since 0.1.0
 * @category models
 */
export interface SorCriteria {
  readonly sorType?: SorType
  readonly subType?: string
  readonly variant?: string
  readonly status?: SorStatus
  readonly codes?: ReadonlyArray<string>
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface SorRepositoryShape {
  /** Stores a new SOR (version 1). */
  readonly insert: (sor: Sor) => Effect.Effect<void>
  /** Stores the next version of an SOR; `STALE_VERSION` unless the stored version is one less. */
  readonly update: (sor: Sor) => Effect.Effect<void, StaleVersion>
  readonly get: (tenantId: TenantId, id: string) => Effect.Effect<Sor, SorNotFound>
  readonly findByCode: (tenantId: TenantId, code: string) => Effect.Effect<Option.Option<Sor>>
  /** The SORs matching every given criterion, ordered by code. */
  readonly search: (tenantId: TenantId, criteria: SorCriteria) => Effect.Effect<ReadonlyArray<Sor>>
}

/**
 * The SOR repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class SorRepository extends Context.Service<SorRepository, SorRepositoryShape>()(
  "@karya/core/rates/SorRepository",
) {}

const matches = (sor: Sor, criteria: SorCriteria): boolean =>
  (criteria.sorType === undefined || sor.sorType === criteria.sorType) &&
  (criteria.subType === undefined || sor.subType === criteria.subType) &&
  (criteria.variant === undefined || sor.variant === criteria.variant) &&
  (criteria.status === undefined || sor.status === criteria.status) &&
  (criteria.codes === undefined || criteria.codes.includes(sor.code))

const byCode = (left: Sor, right: Sor): number =>
  left.code < right.code ? -1 : left.code > right.code ? 1 : 0

/**
 * An in-memory SOR repository (tests and embedding).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<SorRepository> = Layer.effect(
  SorRepository,
  Effect.map(VersionedTable.make<Sor>(), (table) =>
    SorRepository.of({
      insert: (sor) => Effect.orDie(table.write({ inserts: [sor], updates: [] })),
      update: (sor) => table.write({ inserts: [], updates: [sor] }),
      get: (tenantId, id) =>
        Effect.flatMap(table.find(tenantId, id), (found) =>
          Option.match(found, {
            onNone: () => Effect.fail(new SorNotFound({ tenantId, reference: id })),
            onSome: Effect.succeed,
          }),
        ),
      findByCode: (tenantId, code) =>
        Effect.map(table.rows(tenantId), (rows) =>
          Option.fromNullishOr(rows.find((sor) => sor.code === code)),
        ),
      search: (tenantId, criteria) =>
        Effect.map(table.rows(tenantId), (rows) => rows.filter((sor) => matches(sor, criteria)).sort(byCode)),
    }),
  ),
)
