/**
 * The store of VA cursors (PI-F-1, ARCH-3, TEN-1) on the one store shape of
 * `Persistence.AggregateStore`: for each head of account of a tenant, when
 * virtual allotments were last pulled successfully, keyed by the head of
 * account. `FundRegisterBook.advanceVirtualAllotmentCursor` moves it over the
 * version it read, and never back.
 *
 * @since 0.1.0
 */
import { Context, DateTime, type Layer, Schema } from "effect"
import { TenantId } from "../ids/TenantId.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { FundRecordExists, FundRecordNotFound } from "./FundRegister.js"

/**
 * The VA cursor of one head of account.
 *
 * @since 0.1.0
 * @category models
 */
export const VirtualAllotmentCursor = Schema.Struct({
  tenantId: TenantId,
  headOfAccount: Schema.String,
  /** When VA was last pulled successfully; the next pull starts here. */
  lastRunAt: Schema.DateTimeUtc,
  version: Schema.Int,
})

/**
 * @since 0.1.0
 * @category models
 */
export type VirtualAllotmentCursor = typeof VirtualAllotmentCursor.Type

/**
 * How VA cursors are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<VirtualAllotmentCursor>()({
  name: "VirtualAllotmentCursor",
  schema: VirtualAllotmentCursor,
  idOf: (cursor) => cursor.headOfAccount,
  columns: {
    lastRunAt: { type: "timestamptz", of: (cursor) => DateTime.formatIso(cursor.lastRunAt) },
  },
  uniques: {},
  notFound: (key) =>
    new FundRecordNotFound({ tenantId: key.tenantId, record: "virtualAllotmentCursor", id: key.id }),
  duplicate: (key) =>
    new FundRecordExists({ tenantId: key.tenantId, record: "virtualAllotmentCursor", id: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type VirtualAllotmentCursorRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The VA cursor store port.
 *
 * @since 0.1.0
 * @category services
 */
export class VirtualAllotmentCursorRepository extends Context.Service<
  VirtualAllotmentCursorRepository,
  VirtualAllotmentCursorRepositoryShape
>()("@karya/core/payments/VirtualAllotmentCursorRepository") {}

/**
 * An in-memory VA cursor store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<VirtualAllotmentCursorRepository> = AggregateStore.layerMemory(
  VirtualAllotmentCursorRepository,
  descriptor,
)
