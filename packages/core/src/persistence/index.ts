/**
 * Persistence ports (spec 10-architecture.md, DB-5..DB-7, API-4): the unit
 * of work that makes a use case one transaction, the tamper-evident audit
 * log, the transactional outbox and its worker, and idempotency keys.
 *
 * @since 0.1.0
 */
import { AuditLogUnavailable } from "./AuditLog.js"
import { IdempotencyKeyReused, IdempotencyKeysUnavailable } from "./IdempotencyKeys.js"
import { OutboxUnavailable } from "./Outbox.js"
import { CursorInvalid, PageSizeInvalid } from "./Page.js"
import { StoreUnavailable } from "./StoreUnavailable.js"
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
  IdempotencyKeyReused,
  IdempotencyKeysUnavailable,
  StoreUnavailable,
  CursorInvalid,
  PageSizeInvalid,
] as const
