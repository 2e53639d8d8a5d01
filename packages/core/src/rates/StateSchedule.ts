/**
 * The schedule of rates as a tenant reads it (TEN-1, SOR-4, RATE-3): in
 * MUKTA the schedule is a state master, kept at the state tenant (`od`) and
 * used by every ULB under it (`od.dhenkanal`, …). A read lookup tries the
 * tenant asked for first and then its state tenant, so a ULB's own record
 * wins over the state's (a ULB can override a state SOR), and a state tenant
 * reads only itself. Another state's records, and a sibling ULB's, are never
 * found. Writes are not routed through here: they stay in the tenant given.
 *
 * This is the one place the fallback lives; the rates use cases and other
 * modules read SORs, rate windows and analyses through it.
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import { stateTenantOf, type TenantId } from "../config/TenantId.js"
import { RateRepository } from "./RateRepository.js"
import type { Sor } from "./Sor.js"
import type { SorRate } from "./SorRate.js"
import { SorNotFound, SorRepository } from "./SorRepository.js"

/**
 * The tenants a read of `tenantId` looks in, in order: the tenant itself,
 * then its state tenant when it is a ULB (TEN-1).
 *
 * @since 0.1.0
 * @category conversions
 */
export const lookupTenantsOf = (tenantId: TenantId): ReadonlyArray<TenantId> => {
  const state = stateTenantOf(tenantId)
  return state === tenantId ? [tenantId] : [tenantId, state]
}

/**
 * The first record a lookup finds, trying the tenant then its state tenant.
 *
 * @since 0.1.0
 * @category constructors
 */
export const firstFound = <A, E, R>(
  tenantId: TenantId,
  lookup: (tenantId: TenantId) => Effect.Effect<Option.Option<A>, E, R>,
): Effect.Effect<Option.Option<A>, E, R> =>
  Effect.gen(function* () {
    for (const candidate of lookupTenantsOf(tenantId)) {
      const found = yield* lookup(candidate)
      if (Option.isSome(found)) return found
    }
    return Option.none<A>()
  })

/**
 * The first non-empty list a lookup returns, trying the tenant then its
 * state tenant; empty when neither holds anything.
 *
 * @since 0.1.0
 * @category constructors
 */
export const firstNonEmpty = <A, E, R>(
  tenantId: TenantId,
  lookup: (tenantId: TenantId) => Effect.Effect<ReadonlyArray<A>, E, R>,
): Effect.Effect<ReadonlyArray<A>, E, R> =>
  Effect.map(
    firstFound(tenantId, (candidate) =>
      Effect.map(lookup(candidate), (rows) => (rows.length === 0 ? Option.none() : Option.some(rows))),
    ),
    Option.getOrElse((): ReadonlyArray<A> => []),
  )

/**
 * The SOR with an id as the tenant sees it (its own, else its state's);
 * `SOR_NOT_FOUND` names the tenant asked for.
 *
 * @since 0.1.0
 * @category constructors
 */
export const sorOf = (request: {
  readonly tenantId: TenantId
  readonly sorId: string
}): Effect.Effect<Sor, SorNotFound, SorRepository> =>
  SorRepository.use((repository) =>
    Effect.flatMap(
      firstFound(request.tenantId, (candidate) => Effect.option(repository.get(candidate, request.sorId))),
      Option.match({
        onNone: () => Effect.fail(new SorNotFound({ tenantId: request.tenantId, reference: request.sorId })),
        onSome: Effect.succeed,
      }),
    ),
  )

/**
 * The SOR with a code as the tenant sees it: the ULB's own SOR with that
 * code wins over the state's.
 *
 * @since 0.1.0
 * @category constructors
 */
export const sorByCode = (request: {
  readonly tenantId: TenantId
  readonly code: string
}): Effect.Effect<Option.Option<Sor>, never, SorRepository> =>
  SorRepository.use((repository) =>
    firstFound(request.tenantId, (candidate) => repository.findByCode(candidate, request.code)),
  )

/**
 * The rate windows of an SOR as the tenant sees them, ordered by start
 * date: the tenant's own windows for the SOR, else its state's.
 *
 * @since 0.1.0
 * @category constructors
 */
export const windowsOf = (request: {
  readonly tenantId: TenantId
  readonly sorId: string
}): Effect.Effect<ReadonlyArray<SorRate>, never, RateRepository> =>
  RateRepository.use((repository) =>
    firstNonEmpty(request.tenantId, (candidate) => repository.windowsOf(candidate, request.sorId)),
  )

/**
 * Every stored version of a rate window as the tenant sees it, oldest first
 * (RATE-4): the tenant's own, else its state's.
 *
 * @since 0.1.0
 * @category constructors
 */
export const versionsOf = (request: {
  readonly tenantId: TenantId
  readonly rateId: string
}): Effect.Effect<ReadonlyArray<SorRate>, never, RateRepository> =>
  RateRepository.use((repository) =>
    firstNonEmpty(request.tenantId, (candidate) => repository.versionsOf(candidate, request.rateId)),
  )
