/**
 * The store of SORs (SOR-1..4): versioned records (DB-4), tenant-scoped
 * (TEN-1), on the one store shape of `Persistence.AggregateStore`. Rules
 * stay in the core: the duplicate guard (SOR-2) looks for an active item of
 * the same classification and description key (its `SOR_DUPLICATE` names
 * the existing code, which a store's conflict cannot know, so it stays a
 * use-case check).
 *
 * - by id: `get({ tenantId, id })` (or `SOR_NOT_FOUND`);
 * - by code: `findFirst(repository, { tenantId, where: { code } })`;
 * - the schedule: `find` with `where: { sorType, subType, variant, status, code }`
 *   (`code` a list for several), `orderBy: "code"`;
 * - an active duplicate (SOR-2): `findFirst` with `where: { sorType,
 *   subType, variant, descriptionKey, status: "active" }` (`null` for an
 *   absent sub type or variant).
 *
 * @since 0.1.0
 */
import { Context, type Layer, Schema } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { Sor, toDescriptionKey } from "./Sor.js"

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
 * How SORs are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<Sor>()({
  name: "Sor",
  schema: Sor,
  idOf: (sor) => sor.id,
  columns: {
    code: { type: "text", of: (sor) => sor.code, sortable: true },
    sorType: { type: "text", of: (sor) => sor.sorType },
    subType: { type: "text", of: (sor) => sor.subType ?? null },
    variant: { type: "text", of: (sor) => sor.variant ?? null },
    unit: { type: "text", of: (sor) => sor.unit },
    /** The description as SOR-2 compares it (`Sor.toDescriptionKey`). */
    descriptionKey: { type: "text", of: (sor) => toDescriptionKey(sor.description) },
    status: { type: "text", of: (sor) => sor.status },
  },
  uniques: {},
  notFound: (key) => new SorNotFound({ tenantId: key.tenantId, reference: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type SorRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The SOR repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class SorRepository extends Context.Service<SorRepository, SorRepositoryShape>()(
  "@karya/core/rates/SorRepository",
) {}

/**
 * An in-memory SOR store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<SorRepository> = AggregateStore.layerMemory(SorRepository, descriptor)
