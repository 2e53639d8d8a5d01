/**
 * The audit log port (DB-6): an append-only, tamper-evident record of who
 * did what to which subject. Each tenant's rows form a hash chain: row `n`
 * stores `sequence = n`, the hash of row `n - 1` (`previousHash`; the first
 * row takes `genesisHash`) and a SHA-256 over the canonical JSON of its own
 * content with that previous hash. Changing, removing or reordering any row
 * breaks the chain at that row, and `verify` names the first broken link.
 *
 * The chain rule lives here and nowhere else (ARCH-4): adapters store rows
 * built by `nextEntry` and verify with `verifyEntries`/`verifyByPages`; the
 * hash is the pure `@noble/hashes` SHA-256, so core needs no hashing
 * service. An append takes the tenant's chain head under a lock, so
 * concurrent appends still give consecutive sequences. Appends run inside
 * the use case's `UnitOfWork.transaction` (DB-5). Every implementation
 * passes `AuditLogSuite` from `@karya/core/testing`.
 *
 * @since 0.1.0
 */
import { Context, DateTime, Effect, Layer, Option, Schema } from "effect"
import { TenantId } from "../ids/TenantId.js"
import { canonicalJson, sha256Hex } from "./internal/CanonicalJson.js"

/**
 * Rows one `list` call returns at most: a page small enough for one query
 * and one response, large enough that verifying a year of a ULB's actions
 * takes few round trips.
 *
 * @since 0.1.0
 * @category models
 */
export const listLimitMax = 1000

/**
 * The `previousHash` of a tenant's first row: 64 zero digits.
 *
 * @since 0.1.0
 * @category models
 */
export const genesisHash = "0".repeat(64)

/**
 * A SHA-256 as 64 lower-case hexadecimal digits.
 *
 * @since 0.1.0
 * @category models
 */
export const ChainHash = Schema.String.check(Schema.isPattern(/^[0-9a-f]{64}$/))

/**
 * What a use case records: the tenant, who acted, the action, its subject
 * (an id or number), the instant (read from `Clock`) and free JSON details.
 *
 * @since 0.1.0
 * @category models
 */
export const AuditRecord = Schema.Struct({
  tenantId: TenantId,
  actor: Schema.NonEmptyString,
  action: Schema.NonEmptyString,
  subject: Schema.String,
  at: Schema.DateTimeUtc,
  details: Schema.Json,
})

/**
 * @since 0.1.0
 * @category models
 */
export type AuditRecord = typeof AuditRecord.Type

/**
 * A stored row: the record with its place in the tenant's chain.
 *
 * @since 0.1.0
 * @category models
 */
export const AuditEntry = Schema.Struct({
  ...AuditRecord.fields,
  sequence: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  previousHash: ChainHash,
  hash: ChainHash,
})

/**
 * @since 0.1.0
 * @category models
 */
export type AuditEntry = typeof AuditEntry.Type

/**
 * The last row of a tenant's chain: its sequence and hash (`sequence` 0 and
 * `genesisHash` for an empty chain).
 *
 * @since 0.1.0
 * @category models
 */
export interface ChainHead {
  readonly sequence: number
  readonly hash: string
}

/**
 * The head of an empty chain.
 *
 * @since 0.1.0
 * @category models
 */
export const genesisHead: ChainHead = { sequence: 0, hash: genesisHash }

/**
 * Which check a row failed: its sequence is not the next one, its
 * `previousHash` is not the previous row's hash, or its hash does not match
 * its content.
 *
 * @since 0.1.0
 * @category models
 */
export type BrokenLinkReason = "sequence" | "previousHash" | "hash"

/**
 * The outcome of `verify`: the chain is intact over `rows` rows, or its
 * first broken link is at `sequence`.
 *
 * @since 0.1.0
 * @category models
 */
export type Verification =
  | { readonly _tag: "Intact"; readonly rows: number }
  | { readonly _tag: "Broken"; readonly sequence: number; readonly reason: BrokenLinkReason }

/**
 * Where `list` starts (after which sequence; 0 for the start) and how many
 * rows it returns at most (capped at `listLimitMax`).
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions {
  readonly afterSequence: number
  readonly limit: number
}

/**
 * The audit store could not be reached; nothing was recorded, so the use
 * case's transaction fails as a whole and can be retried.
 *
 * @since 0.1.0
 * @category errors
 */
export class AuditLogUnavailable extends Schema.TaggedError<AuditLogUnavailable>(
  "@karya/core/persistence/AuditLogUnavailable",
)("AuditLogUnavailable", { tenantId: Schema.String, reason: Schema.String }) {
  static readonly code = "AUDIT_LOG_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = AuditLogUnavailable.code
  readonly category = AuditLogUnavailable.category
  readonly retryable = true
  override get message(): string {
    return `The audit log of ${this.tenantId} is unavailable (${this.reason}); the action was not saved, try again shortly.`
  }
}

/**
 * The hashed content of a row: every field but `hash`, the instant as ISO
 * text.
 *
 * @since 0.1.0
 * @category conversions
 */
export const hashedContentOf = (
  record: AuditRecord,
  link: { readonly sequence: number; readonly previousHash: string },
): Schema.Json => ({
  tenantId: record.tenantId,
  sequence: link.sequence,
  actor: record.actor,
  action: record.action,
  subject: record.subject,
  at: DateTime.formatIso(record.at),
  details: record.details,
  previousHash: link.previousHash,
})

/**
 * The hash of a row: SHA-256 (hex) of the canonical JSON of its content and
 * previous hash.
 *
 * @since 0.1.0
 * @category conversions
 */
export const hashOf = (
  record: AuditRecord,
  link: { readonly sequence: number; readonly previousHash: string },
): string => sha256Hex(canonicalJson(hashedContentOf(record, link)))

/**
 * The row that follows a chain head.
 *
 * @since 0.1.0
 * @category constructors
 */
export const nextEntry = (head: ChainHead, record: AuditRecord): AuditEntry => {
  const link = { sequence: head.sequence + 1, previousHash: head.hash }
  return {
    tenantId: record.tenantId,
    actor: record.actor,
    action: record.action,
    subject: record.subject,
    at: record.at,
    details: record.details,
    ...link,
    hash: hashOf(record, link),
  }
}

/**
 * The check a row fails after a head, if any (one condition per check).
 *
 * @since 0.1.0
 * @category guards
 */
export const brokenLinkOf = (head: ChainHead, entry: AuditEntry): Option.Option<BrokenLinkReason> => {
  if (entry.sequence !== head.sequence + 1) return Option.some("sequence")
  if (entry.previousHash !== head.hash) return Option.some("previousHash")
  if (entry.hash !== hashOf(entry, entry)) return Option.some("hash")
  return Option.none()
}

/**
 * Verifies consecutive rows after a head: the new head, or the first broken
 * link. A broken sequence is reported as the sequence that was expected.
 *
 * @since 0.1.0
 * @category guards
 */
export const verifyEntries = (
  entries: ReadonlyArray<AuditEntry>,
  head: ChainHead = genesisHead,
):
  | { readonly _tag: "Intact"; readonly head: ChainHead }
  | { readonly _tag: "Broken"; readonly sequence: number; readonly reason: BrokenLinkReason } => {
  let current = head
  for (const entry of entries) {
    const broken = brokenLinkOf(current, entry)
    if (Option.isSome(broken)) return { _tag: "Broken", sequence: current.sequence + 1, reason: broken.value }
    current = { sequence: entry.sequence, hash: entry.hash }
  }
  return { _tag: "Intact", head: current }
}

/**
 * Verifies a tenant's whole chain page by page through `list`, so a long log
 * is never read into memory at once.
 *
 * @since 0.1.0
 * @category constructors
 */
export const verifyByPages = <E, R>(
  list: (options: ListOptions) => Effect.Effect<ReadonlyArray<AuditEntry>, E, R>,
): Effect.Effect<Verification, E, R> =>
  Effect.gen(function* () {
    let head = genesisHead
    while (true) {
      const page = yield* list({ afterSequence: head.sequence, limit: listLimitMax })
      const outcome = verifyEntries(page, head)
      if (outcome._tag === "Broken") return outcome
      head = outcome.head
      if (page.length < listLimitMax) return { _tag: "Intact", rows: head.sequence } as const
    }
  })

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface AuditLogShape {
  /** Appends a record to its tenant's chain and returns the stored row. */
  readonly append: (record: AuditRecord) => Effect.Effect<AuditEntry, AuditLogUnavailable>
  /** A tenant's rows after `afterSequence`, in sequence order, at most `limit` (≤ `listLimitMax`). */
  readonly list: (
    tenantId: TenantId,
    options: ListOptions,
  ) => Effect.Effect<ReadonlyArray<AuditEntry>, AuditLogUnavailable>
  /** Checks a tenant's whole chain and reports the first broken link. */
  readonly verify: (tenantId: TenantId) => Effect.Effect<Verification, AuditLogUnavailable>
}

/**
 * The audit log port.
 *
 * @since 0.1.0
 * @category services
 */
export class AuditLog extends Context.Service<AuditLog, AuditLogShape>()(
  "@karya/core/persistence/AuditLog",
) {}

/**
 * Appends a record to the audit log (DB-6).
 *
 * @since 0.1.0
 * @category constructors
 */
export const append = (record: AuditRecord): Effect.Effect<AuditEntry, AuditLogUnavailable, AuditLog> =>
  AuditLog.use((auditLog) => auditLog.append(record))

/**
 * The number of rows `list` returns for a requested limit: at least 0, at
 * most `listLimitMax`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const boundedLimit = (limit: number): number => Math.max(0, Math.min(listLimitMax, Math.floor(limit)))

/**
 * An in-memory audit log: each tenant's rows in one array, appended one at
 * a time inside one synchronous step (so appends are atomic and O(1)).
 * Tests and single-process demos only.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<AuditLog> = Layer.effect(
  AuditLog,
  Effect.sync(() => {
    const chains = new Map<TenantId, Array<AuditEntry>>()
    const list: AuditLogShape["list"] = (tenantId, options) =>
      Effect.sync(() => {
        const rows = chains.get(tenantId) ?? []
        // Sequences are 1, 2, 3… per tenant: the rows after `afterSequence` start at that index.
        const start = Math.max(0, Math.floor(options.afterSequence))
        return rows.slice(start, start + boundedLimit(options.limit))
      })
    return AuditLog.of({
      append: (record) =>
        Effect.sync(() => {
          const rows = chains.get(record.tenantId) ?? []
          const last = rows.at(-1)
          const entry = nextEntry(last === undefined ? genesisHead : last, record)
          rows.push(entry)
          chains.set(record.tenantId, rows)
          return entry
        }),
      list,
      verify: (tenantId) => verifyByPages((options) => list(tenantId, options)),
    })
  }),
)
