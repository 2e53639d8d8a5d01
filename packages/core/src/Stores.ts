/**
 * Every aggregate store of core, from the modules' `stores` lists: one list
 * that every store implementation serves whole (ARCH-3). A module adds its
 * list here once; an aggregate joins its module's list.
 *
 * @since 0.1.0
 */
import type { Layer } from "effect"
import { stores as attendanceStores } from "./attendance/index.js"
import { stores as billStores } from "./bills/index.js"
import { stores as contractsStores } from "./contracts/index.js"
import { stores as estimateStores } from "./estimates/index.js"
import { stores as measurementStores } from "./measurement/index.js"
import { stores as paymentStores } from "./payments/index.js"
import * as AggregateStore from "./persistence/AggregateStore.js"
import { stores as rateStores } from "./rates/index.js"
import { stores as registryStores } from "./registries/index.js"

/**
 * Every registered store.
 *
 * @since 0.1.0
 * @category layers
 */
export const all = [
  ...registryStores,
  ...rateStores,
  ...estimateStores,
  ...contractsStores,
  ...measurementStores,
  ...billStores,
  ...attendanceStores,
  ...paymentStores,
] as const

/**
 * Every registered store in memory, in one layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<AggregateStore.ServicesOf<typeof all>> =
  AggregateStore.layerMemoryAll(all)
