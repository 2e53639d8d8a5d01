/**
 * The record of unmasked reads (PRIV-3): every time a caller sees a
 * sensitive field unmasked (an account number, IFSC, mobile number), or the
 * system opens one to pay it (IND-4), one entry says who read what and when.
 * The use cases write the entry before they return the unmasked value, so a
 * read that cannot be recorded is not served. The database adapter appends
 * these entries to the tamper-evident audit log (DB-6).
 *
 * @since 0.1.0
 */
import { Context, DateTime, Effect, Layer, Ref, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import type { RegistryUnavailable } from "./RegistryUnavailable.js"

/**
 * One unmasked read: who (`actorId`), what (record kind, id and the fields
 * seen), why (`purpose`) and when.
 *
 * @since 0.1.0
 * @category models
 */
export const UnmaskedRead = Schema.Struct({
  tenantId: TenantId,
  actorId: Schema.String,
  recordKind: Schema.Literals(["wageSeeker", "organisation", "departmentBeneficiary"]),
  recordId: Schema.String,
  fields: Schema.NonEmptyArray(Schema.String),
  purpose: Schema.Literals(["view", "payment"]),
  at: Schema.DateTimeUtc,
})

/**
 * @since 0.1.0
 * @category models
 */
export type UnmaskedRead = typeof UnmaskedRead.Type

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface UnmaskedReadLogShape {
  /** Appends one entry. */
  readonly record: (entry: UnmaskedRead) => Effect.Effect<void, RegistryUnavailable>
  /** The entries of a tenant about one record, oldest first. */
  readonly entriesFor: (query: {
    readonly tenantId: TenantId
    readonly recordId: string
  }) => Effect.Effect<ReadonlyArray<UnmaskedRead>, RegistryUnavailable>
}

/**
 * The unmasked-read log port (PRIV-3).
 *
 * @since 0.1.0
 * @category services
 */
export class UnmaskedReadLog extends Context.Service<UnmaskedReadLog, UnmaskedReadLogShape>()(
  "@karya/core/registries/UnmaskedReadLog",
) {}

/**
 * An in-memory log: entries in a `Ref`, in the order recorded.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<UnmaskedReadLog> = Layer.effect(
  UnmaskedReadLog,
  Effect.map(Ref.make<ReadonlyArray<UnmaskedRead>>([]), (entries) =>
    UnmaskedReadLog.of({
      record: (entry) => Ref.update(entries, (current) => [...current, entry]),
      entriesFor: (query) =>
        Effect.map(Ref.get(entries), (current) =>
          current
            .filter((entry) => entry.tenantId === query.tenantId && entry.recordId === query.recordId)
            .toSorted((left, right) => DateTime.toEpochMillis(left.at) - DateTime.toEpochMillis(right.at)),
        ),
    }),
  ),
)
