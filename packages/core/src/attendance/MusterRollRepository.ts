/**
 * The store of muster rolls (MR-1..MR-6): versioned (DB-4), tenant-scoped
 * (TEN-1), on the one store shape of `Persistence.AggregateStore`. One
 * muster roll per register and week (MR-2, REL-5) is the `week` unique
 * rule: a write that would break it fails with `DUPLICATE_MUSTER_ROLL`
 * naming the holder.
 *
 * - by id: `get({ tenantId, id })` (or `MUSTER_ROLL_NOT_FOUND`);
 * - by number: `findFirst(repository, { tenantId, where: { number } })`;
 * - a register's week: `findFirst` with `where: { registerId, weekStart }`;
 * - a register's muster rolls by week: `find` with `where: { registerId }`,
 *   `orderBy: "weekStart"`;
 * - KPIs (KPI-14, KPI-15): `state`, `weekStart` and `personDays` (MR-6) are
 *   columns.
 *
 * @since 0.1.0
 */
import { Context, type Layer } from "effect"
import * as Quantity from "../money/Quantity.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { DuplicateMusterRoll, MusterRoll, MusterRollNotFound, personDays } from "./MusterRoll.js"

/**
 * How muster rolls are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<MusterRoll>()({
  name: "MusterRoll",
  schema: MusterRoll,
  idOf: (musterRoll) => musterRoll.id,
  columns: {
    number: { type: "text", of: (musterRoll) => musterRoll.number, sortable: true },
    registerId: { type: "text", of: (musterRoll) => musterRoll.registerId },
    workOrderId: { type: "text", of: (musterRoll) => musterRoll.workOrderId },
    organisationId: { type: "text", of: (musterRoll) => musterRoll.organisationId },
    weekStart: { type: "date", of: (musterRoll) => musterRoll.week.firstDate, sortable: true },
    state: { type: "text", of: (musterRoll) => musterRoll.workflow.state },
    personDays: {
      type: "numeric",
      of: (musterRoll) => Quantity.toCanonicalString(personDays(musterRoll)),
      sortable: true,
    },
  },
  uniques: {
    week: {
      scope: "tenant",
      keyOf: (musterRoll) => `${musterRoll.registerId}:${musterRoll.week.firstDate}`,
      conflict: ({ aggregate, holder }) =>
        new DuplicateMusterRoll({
          existingMusterRollId: holder.id,
          registerId: aggregate.registerId,
          weekStart: aggregate.week.firstDate,
        }),
    },
  },
  notFound: (key) => new MusterRollNotFound({ tenantId: key.tenantId, musterRollId: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type MusterRollRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The muster roll repository port.
 *
 * @since 0.1.0
 * @category services
 */
export class MusterRollRepository extends Context.Service<MusterRollRepository, MusterRollRepositoryShape>()(
  "@karya/core/attendance/MusterRollRepository",
) {}

/**
 * An in-memory muster roll store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<MusterRollRepository> = AggregateStore.layerMemory(
  MusterRollRepository,
  descriptor,
)
