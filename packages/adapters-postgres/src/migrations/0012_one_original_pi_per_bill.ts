/**
 * Migration 0012: PI-1 in the database. The PI store's `originalOfBill`
 * rule lets a bill hold one original PI that is not Rejected; this claims
 * the bill for each such PI already stored, so the rule holds for old rows
 * as for new ones. Where earlier releases stored several such PIs for one
 * bill (concurrent requests could), the oldest keeps the claim and the
 * others stay unclaimed: an update of one of them is then refused with
 * `PI_EXISTS` naming the claimed PI, so a duplicate is never pushed again
 * without a person looking at it (`karya_pi_duplicates` lists them).
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { SqlClient, type SqlError } from "effect/sql"

/**
 * The migration.
 *
 * @since 0.1.0
 * @category constructors
 */
export const migration: Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient> = Effect.gen(
  function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`
      INSERT INTO aggregate_claims (tenant_id, store, rule, key, holder_tenant_id, holder_id)
      SELECT DISTINCT ON (tenant_id, bill_id) tenant_id, 'PaymentInstruction', 'originalOfBill', bill_id, tenant_id, id
      FROM payment_instructions
      WHERE origin_kind = 'Bill' AND status <> 'Rejected'
      ORDER BY tenant_id, bill_id, sequence
      ON CONFLICT (tenant_id, store, rule, key) DO NOTHING`
    yield* sql`
      CREATE VIEW karya_pi_duplicates AS
      SELECT pi.tenant_id, pi.bill_id, pi.id AS payment_instruction_number, pi.status, claim.holder_id AS claimed_by
      FROM payment_instructions AS pi
      JOIN aggregate_claims AS claim
        ON claim.tenant_id = pi.tenant_id AND claim.store = 'PaymentInstruction'
          AND claim.rule = 'originalOfBill' AND claim.key = pi.bill_id
      WHERE pi.origin_kind = 'Bill' AND pi.status <> 'Rejected' AND claim.holder_id <> pi.id`
  },
)
