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
 * modules read SORs, rate windows and analyses through it. The reads of one
 * tenant's rate windows (`windowInForce`, `latestWindow`) live here too: a
 * window's dates are store columns, so the rate on a date is one range query
 * rather than a scan of the SOR's windows.
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import { stateTenantOf, type TenantId } from "../config/TenantId.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import type { Page, PageRequest } from "../persistence/Page.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import * as EffectivePeriod from "../time/EffectivePeriod.js"
import type { LocalDate } from "../time/LocalDate.js"
import { RateRepository } from "./RateRepository.js"
import type { Sor } from "./Sor.js"
import { NoRateForDate, type SorRate } from "./SorRate.js"
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
 * The first tenant, of the tenant and then its state tenant, that holds a
 * record a lookup finds: the tenant whose list (of windows, of analyses) a
 * read shows.
 *
 * @since 0.1.0
 * @category constructors
 */
export const holderOf = <E, R>(
  tenantId: TenantId,
  holds: (tenantId: TenantId) => Effect.Effect<Option.Option<unknown>, E, R>,
): Effect.Effect<Option.Option<TenantId>, E, R> =>
  firstFound(tenantId, (candidate) => Effect.map(holds(candidate), Option.as(candidate)))

const emptyPage = <A>(): Page<A> => ({ items: [], nextCursor: Option.none() })

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
}): Effect.Effect<Sor, SorNotFound | StoreUnavailable, SorRepository> =>
  SorRepository.use((repository) =>
    Effect.flatMap(
      firstFound(request.tenantId, (candidate) =>
        repository.get({ tenantId: candidate, id: request.sorId }).pipe(
          Effect.map(Option.some),
          Effect.catchTag("SorNotFound", () => Effect.succeed(Option.none<Sor>())),
        ),
      ),
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
}): Effect.Effect<Option.Option<Sor>, StoreUnavailable, SorRepository> =>
  SorRepository.use((repository) =>
    firstFound(request.tenantId, (candidate) =>
      AggregateStore.findFirst(repository, { tenantId: candidate, where: { code: request.code } }),
    ),
  )

/**
 * The tenant's own window of an SOR in force on a date (RATE-3): the window
 * with the latest start on or before the date, if it has not ended by then
 * (windows of one SOR never overlap, RATE-2).
 *
 * @since 0.1.0
 * @category constructors
 */
export const windowInForce = (request: {
  readonly tenantId: TenantId
  readonly sorId: string
  readonly date: LocalDate
}): Effect.Effect<Option.Option<SorRate>, StoreUnavailable, RateRepository> =>
  RateRepository.use((repository) =>
    Effect.map(
      AggregateStore.findFirst(repository, {
        tenantId: request.tenantId,
        where: { sorId: request.sorId, effectiveFrom: { to: request.date } },
        orderBy: "effectiveFrom",
        direction: "descending",
      }),
      Option.filter((window) => EffectivePeriod.containsDate(window.effectivePeriod, request.date)),
    ),
  )

/**
 * The tenant's own latest window of an SOR (the "current rate" of RATE-2).
 *
 * @since 0.1.0
 * @category constructors
 */
export const latestWindow = (request: {
  readonly tenantId: TenantId
  readonly sorId: string
}): Effect.Effect<Option.Option<SorRate>, StoreUnavailable, RateRepository> =>
  RateRepository.use((repository) =>
    AggregateStore.findFirst(repository, {
      tenantId: request.tenantId,
      where: { sorId: request.sorId },
      orderBy: "effectiveFrom",
      direction: "descending",
    }),
  )

// The tenant whose windows of the SOR a read shows: its own, else its state's.
const windowsHolderOf = (request: { readonly tenantId: TenantId; readonly sorId: string }) =>
  RateRepository.use((repository) =>
    holderOf(request.tenantId, (candidate) =>
      AggregateStore.findFirst(repository, { tenantId: candidate, where: { sorId: request.sorId } }),
    ),
  )

/**
 * The rate of an SOR on a date as the tenant sees it (RATE-3): in the
 * tenant's own windows of the SOR, else its state's; `NO_RATE_FOR_DATE`
 * names the SOR's code and the date.
 *
 * @since 0.1.0
 * @category constructors
 */
export const rateOn = (request: {
  readonly tenantId: TenantId
  readonly sor: Pick<Sor, "id" | "code">
  readonly date: LocalDate
}): Effect.Effect<SorRate, NoRateForDate | StoreUnavailable, RateRepository> =>
  Effect.gen(function* () {
    const holder = yield* windowsHolderOf({ tenantId: request.tenantId, sorId: request.sor.id })
    const found = Option.isNone(holder)
      ? Option.none<SorRate>()
      : yield* windowInForce({ tenantId: holder.value, sorId: request.sor.id, date: request.date })
    if (Option.isSome(found)) return found.value
    return yield* Effect.fail(new NoRateForDate({ sorCode: request.sor.code, date: request.date }))
  })

/**
 * A page of the rate windows of an SOR as the tenant sees them, ordered by
 * start date: the tenant's own windows for the SOR, else its state's.
 *
 * @since 0.1.0
 * @category constructors
 */
export const windowsOf = (
  request: { readonly tenantId: TenantId; readonly sorId: string } & PageRequest,
): Effect.Effect<Page<SorRate>, AggregateStore.PageFailure, RateRepository> =>
  Effect.gen(function* () {
    const holder = yield* windowsHolderOf(request)
    if (Option.isNone(holder)) return emptyPage<SorRate>()
    const repository = yield* RateRepository
    return yield* repository.find({
      tenantId: holder.value,
      where: { sorId: request.sorId },
      orderBy: "effectiveFrom",
      limit: request.limit,
      cursor: request.cursor,
    })
  })

/**
 * A page of the stored versions of a rate window as the tenant sees it,
 * oldest first (RATE-4): the tenant's own window, else its state's.
 *
 * @since 0.1.0
 * @category constructors
 */
export const versionsOf = (
  request: { readonly tenantId: TenantId; readonly rateId: string } & PageRequest,
): Effect.Effect<Page<SorRate>, AggregateStore.PageFailure, RateRepository> =>
  Effect.gen(function* () {
    const repository = yield* RateRepository
    const holder = yield* holderOf(request.tenantId, (candidate) =>
      repository.get({ tenantId: candidate, id: request.rateId }).pipe(
        Effect.map(Option.some),
        Effect.catchTag("RateNotFound", () => Effect.succeed(Option.none<SorRate>())),
      ),
    )
    if (Option.isNone(holder)) return emptyPage<SorRate>()
    return yield* repository.history({
      tenantId: holder.value,
      id: request.rateId,
      limit: request.limit,
      cursor: request.cursor,
    })
  })
