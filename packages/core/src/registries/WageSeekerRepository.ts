/**
 * The store of wage seekers (IND-1..IND-3): versioned records (DB-4) with
 * their history, tenant-scoped (TEN-1), on the one store shape of
 * `Persistence.AggregateStore`. One wage seeker per identity document (type
 * and search key) within a state (IND-2) is the `identity` unique rule: an
 * insert or update that would break it fails with `WAGE_SEEKER_EXISTS`
 * naming the holder. Searches by sensitive numbers take their keyed-hash
 * search keys (PRIV-2), which are columns; the numbers never are.
 *
 * - by id: `get({ tenantId, id })` (or `WAGE_SEEKER_NOT_FOUND`);
 * - by ids: `find({ tenantId, where: { id: ids }, limit })`;
 * - by number: `findFirst(repository, { tenantId, where: { number } })`;
 * - by identity document anywhere in the state: `findFirst` with
 *   `reach: "state"` and `where: { identityDocumentType, identitySearchKey }`;
 * - by bank account: `find` with `where: { bankAccountSearchKey }`, `orderBy: "number"`;
 * - history: `history({ tenantId, id, limit })`, oldest first.
 *
 * @since 0.1.0
 */
import { Context, type Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { WageSeeker, WageSeekerExists, WageSeekerHistoryEntry, WageSeekerNotFound } from "./WageSeeker.js"

/**
 * How wage seekers are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<WageSeeker>()({
  name: "WageSeeker",
  schema: WageSeeker,
  idOf: (wageSeeker) => wageSeeker.id,
  columns: {
    number: { type: "text", of: (wageSeeker) => wageSeeker.number, sortable: true },
    identityDocumentType: { type: "text", of: (wageSeeker) => wageSeeker.identity.documentType },
    identitySearchKey: { type: "text", of: (wageSeeker) => wageSeeker.identity.searchKey },
    bankAccountSearchKey: { type: "text", of: (wageSeeker) => wageSeeker.bankAccount.searchKey },
  },
  uniques: {
    identity: {
      scope: "state",
      keyOf: (wageSeeker) => `${wageSeeker.identity.documentType}:${wageSeeker.identity.searchKey}`,
      conflict: ({ aggregate, holder }) =>
        new WageSeekerExists({
          documentType: aggregate.identity.documentType,
          existingWageSeekerId: holder.id,
          existingTenantId: holder.tenantId,
        }),
    },
  },
  notFound: (key) => new WageSeekerNotFound({ tenantId: key.tenantId, wageSeekerId: key.id }),
  history: { schema: WageSeekerHistoryEntry },
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type WageSeekerRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The wage seeker repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class WageSeekerRepository extends Context.Service<WageSeekerRepository, WageSeekerRepositoryShape>()(
  "@karya/core/registries/WageSeekerRepository",
) {}

/**
 * The wage seeker store's registration (port and descriptor): its module lists
 * it in `stores`, and an implementation that serves only some stores
 * (`PgStores.persisted`) names it, never its position in that list.
 *
 * @since 0.1.0
 * @category layers
 */
export const registration = AggregateStore.register(WageSeekerRepository, descriptor)

/**
 * An in-memory wage seeker store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<WageSeekerRepository> = AggregateStore.layerMemory(
  WageSeekerRepository,
  descriptor,
)
