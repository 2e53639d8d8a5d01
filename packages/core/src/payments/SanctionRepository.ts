/**
 * The store of sanctions (PI-F-1, PI-F-2, ARCH-3, TEN-1) on the one store
 * shape of `Persistence.AggregateStore`: each sanction (master allotment) a
 * tenant's heads of account received, keyed by its sanction id, versioned
 * (the total sanctioned is set with `update` over the version it was decided
 * on, `STALE_VERSION` otherwise, DB-4), listed in the order first seen (the
 * store's insertion order, PI-F-3).
 *
 * - the sanctions of a financial year or head of account: `find`/`findAll`
 *   with `where: { financialYear, headOfAccount }` (`FundRegisterBook.sanctions`);
 * - a sanction is added once: a second insert of its id is `FUND_RECORD_EXISTS`
 *   (`FundRegisterBook.addSanctions` skips it).
 *
 * @since 0.1.0
 */
import { Context, type Layer } from "effect"
import * as Amount from "../money/Amount.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { FundRecordExists, FundRecordNotFound, Sanction } from "./FundRegister.js"

/**
 * How sanctions are stored.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptor = AggregateStore.describe<Sanction>()({
  name: "Sanction",
  schema: Sanction,
  idOf: (sanction) => sanction.sanctionId,
  columns: {
    financialYear: { type: "text", of: (sanction) => sanction.financialYear },
    headOfAccount: { type: "text", of: (sanction) => sanction.headOfAccount },
    sanctionedTotal: {
      type: "numeric",
      of: (sanction) =>
        sanction.sanctionedTotal === undefined ? null : Amount.toCanonicalString(sanction.sanctionedTotal),
    },
  },
  uniques: {},
  notFound: (key) => new FundRecordNotFound({ tenantId: key.tenantId, record: "sanction", id: key.id }),
  duplicate: (key) => new FundRecordExists({ tenantId: key.tenantId, record: "sanction", id: key.id }),
})

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export type SanctionRepositoryShape = AggregateStore.StoreOf<typeof descriptor>

/**
 * The sanction store port.
 *
 * @since 0.1.0
 * @category services
 */
export class SanctionRepository extends Context.Service<SanctionRepository, SanctionRepositoryShape>()(
  "@karya/core/payments/SanctionRepository",
) {}

/**
 * An in-memory sanction store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<SanctionRepository> = AggregateStore.layerMemory(
  SanctionRepository,
  descriptor,
)
