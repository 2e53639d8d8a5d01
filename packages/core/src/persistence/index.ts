/**
 * Persistence ports (spec 10-architecture.md, DB-5..DB-7, API-4): the unit
 * of work that makes a use case one transaction, the tamper-evident audit
 * log, the transactional outbox and its worker, and idempotency keys.
 *
 * @since 0.1.0
 */
import { Layer } from "effect"
import * as AuditLog from "./AuditLog.js"
import { AuditLogUnavailable } from "./AuditLog.js"
import * as IdempotencyKeys from "./IdempotencyKeys.js"
import {
  IdempotencyKeyInProgress,
  IdempotencyKeyReused,
  IdempotencyKeysUnavailable,
} from "./IdempotencyKeys.js"
import * as Outbox from "./Outbox.js"
import { OutboxUnavailable } from "./Outbox.js"
import { CursorInvalid, PageSizeInvalid } from "./Page.js"
import { StoreUnavailable } from "./StoreUnavailable.js"
import * as UnitOfWork from "./UnitOfWork.js"
import { UnitOfWorkUnavailable } from "./UnitOfWork.js"

export * as AggregateStore from "./AggregateStore.js"
export * as AuditLog from "./AuditLog.js"
export * as IdempotencyKeys from "./IdempotencyKeys.js"
export * as Outbox from "./Outbox.js"
export * as OutboxWorker from "./OutboxWorker.js"
export * as Page from "./Page.js"
export * as StaleVersion from "./StaleVersion.js"
export * as StoreUnavailable from "./StoreUnavailable.js"
export * as UnitOfWork from "./UnitOfWork.js"

/**
 * The error classes this module defines (code registry).
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [
  UnitOfWorkUnavailable,
  AuditLogUnavailable,
  OutboxUnavailable,
  IdempotencyKeyInProgress,
  IdempotencyKeyReused,
  IdempotencyKeysUnavailable,
  StoreUnavailable,
  CursorInvalid,
  PageSizeInvalid,
] as const

/**
 * The unit of work, audit log, outbox and idempotency keys in memory
 * (DB-5, DB-6, DB-7, API-4). Nothing is durable and a transaction does not
 * roll back: for tests, demos and embedding in one process.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<
  UnitOfWork.UnitOfWork | AuditLog.AuditLog | Outbox.Outbox | IdempotencyKeys.IdempotencyKeys
> = Layer.mergeAll(
  UnitOfWork.layerMemory,
  AuditLog.layerMemory,
  Outbox.layerMemory,
  IdempotencyKeys.layerMemory,
)
