/**
 * Migration 0002: the tables of the payment path (DB-1..DB-4, PRIV-2,
 * PI-S-11, PI-F-1, PI-F-2, BILL-2, IND-2, ORG-3): wage seekers and their
 * identity claims, organisations (payees), bills and their source documents
 * (payment sources), payment instructions with one row per beneficiary and
 * their append-only history, sanctions, fund-register transactions and the
 * VA cursors.
 *
 * Every table has `tenant_id`, and every primary key and unique constraint
 * includes it (DB-2). Money is `numeric`, instants `timestamptz`, local dates
 * `date`, enums text with CHECK constraints (DB-3). Aggregates carry
 * `version` (DB-4).
 *
 * Each aggregate row holds its Schema-encoded document (`document`, jsonb)
 * next to typed, indexed key columns for the port's queries; the repository
 * decodes the document with the core Schema on read and checks it against
 * the key columns (paired checks, house rule 7). Payment instructions and
 * their history carry beneficiaries' bank account numbers, which core holds
 * in plaintext because JIT needs them: their documents are stored sealed by
 * the `SensitiveFieldCipher` port (`document_sealed`), never as plaintext
 * (PRIV-2). Wage seekers and organisations arrive with their sensitive
 * numbers already sealed by core, so their documents are plain jsonb.
 *
 * The rules themselves stay in core (ARCH-4): a CHECK here only restates a
 * type's domain (an enum, a non-negative amount), never a business rule.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { SqlClient, type SqlError } from "effect/sql"

const registries = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`
      CREATE TABLE wage_seekers (
        tenant_id text NOT NULL,
        id uuid NOT NULL,
        number text NOT NULL,
        state_tenant_id text NOT NULL,
        identity_document_type text NOT NULL
          CHECK (identity_document_type IN ('AADHAAR', 'EPIC', 'DRIVING_LICENCE', 'TPDS_RATION_CARD')),
        identity_search_key text NOT NULL,
        bank_account_search_key text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        document jsonb NOT NULL,
        CONSTRAINT wage_seekers_pkey PRIMARY KEY (tenant_id, id),
        CONSTRAINT wage_seekers_number_key UNIQUE (tenant_id, number)
      )`
    yield* sql`CREATE INDEX wage_seekers_bank_account_idx ON wage_seekers (tenant_id, bank_account_search_key)`
    // IND-2: one wage seeker per identity document within a state. The claim's
    // tenant is the state tenant, so the key still starts with tenant_id (DB-2).
    yield* sql`
      CREATE TABLE wage_seeker_identities (
        tenant_id text NOT NULL,
        document_type text NOT NULL
          CHECK (document_type IN ('AADHAAR', 'EPIC', 'DRIVING_LICENCE', 'TPDS_RATION_CARD')),
        search_key text NOT NULL,
        wage_seeker_tenant_id text NOT NULL,
        wage_seeker_id uuid NOT NULL,
        CONSTRAINT wage_seeker_identities_pkey PRIMARY KEY (tenant_id, document_type, search_key),
        CONSTRAINT wage_seeker_identities_holder_key UNIQUE (tenant_id, wage_seeker_tenant_id, wage_seeker_id),
        CONSTRAINT wage_seeker_identities_holder_fkey FOREIGN KEY (wage_seeker_tenant_id, wage_seeker_id)
          REFERENCES wage_seekers (tenant_id, id)
      )`
    yield* sql`
      CREATE TABLE wage_seeker_history (
        tenant_id text NOT NULL,
        wage_seeker_id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        action text NOT NULL CHECK (action IN ('REGISTERED', 'MODIFIED')),
        recorded_at timestamptz NOT NULL,
        document jsonb NOT NULL,
        CONSTRAINT wage_seeker_history_pkey PRIMARY KEY (tenant_id, wage_seeker_id, version),
        CONSTRAINT wage_seeker_history_record_fkey FOREIGN KEY (tenant_id, wage_seeker_id)
          REFERENCES wage_seekers (tenant_id, id)
      )`
    yield* sql`
      CREATE TABLE organisations (
        tenant_id text NOT NULL,
        id uuid NOT NULL,
        number text NOT NULL,
        state_tenant_id text NOT NULL,
        external_registration_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE', 'DEBARRED')),
        version integer NOT NULL CHECK (version >= 1),
        document jsonb NOT NULL,
        CONSTRAINT organisations_pkey PRIMARY KEY (tenant_id, id),
        CONSTRAINT organisations_number_key UNIQUE (tenant_id, number),
        CONSTRAINT organisations_external_registration_id_key UNIQUE (tenant_id, external_registration_id)
      )`
    // ORG-2: staff found by mobile number across the state and by user id.
    yield* sql`
      CREATE TABLE organisation_staff (
        tenant_id text NOT NULL,
        organisation_id uuid NOT NULL,
        user_id text NOT NULL,
        state_tenant_id text NOT NULL,
        mobile_number text NOT NULL,
        position integer NOT NULL CHECK (position >= 0),
        CONSTRAINT organisation_staff_pkey PRIMARY KEY (tenant_id, organisation_id, position),
        CONSTRAINT organisation_staff_organisation_fkey FOREIGN KEY (tenant_id, organisation_id)
          REFERENCES organisations (tenant_id, id)
      )`
    yield* sql`CREATE INDEX organisation_staff_mobile_idx ON organisation_staff (state_tenant_id, mobile_number)`
    yield* sql`CREATE INDEX organisation_staff_user_idx ON organisation_staff (tenant_id, user_id)`
  })

const bills = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`
      CREATE TABLE bills (
        tenant_id text NOT NULL,
        id uuid NOT NULL,
        number text NOT NULL,
        type text NOT NULL
          CHECK (type IN ('wage', 'purchase', 'supervision', 'contractorRunning', 'contractorFinal', 'advance')),
        bill_date date NOT NULL,
        work_order_id text NOT NULL,
        workflow_state text NOT NULL,
        gross_amount numeric NOT NULL CHECK (gross_amount >= 0),
        net_amount numeric NOT NULL CHECK (net_amount >= 0),
        version integer NOT NULL CHECK (version >= 1),
        document jsonb NOT NULL,
        CONSTRAINT bills_pkey PRIMARY KEY (tenant_id, id),
        CONSTRAINT bills_number_key UNIQUE (tenant_id, number)
      )`
    yield* sql`CREATE INDEX bills_work_order_idx ON bills (tenant_id, work_order_id)`
    yield* sql`CREATE INDEX bills_type_idx ON bills (tenant_id, type)`
    // BILL-2: a source document is billed by at most one active bill. The
    // repository sets `active` from core's `Bill.isActive`.
    yield* sql`
      CREATE TABLE bill_source_documents (
        tenant_id text NOT NULL,
        bill_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('musterRoll', 'measurementEntry', 'invoice', 'bill')),
        document_id text NOT NULL,
        document_number text NOT NULL,
        active boolean NOT NULL,
        CONSTRAINT bill_source_documents_pkey PRIMARY KEY (tenant_id, bill_id, kind, document_id),
        CONSTRAINT bill_source_documents_bill_fkey FOREIGN KEY (tenant_id, bill_id) REFERENCES bills (tenant_id, id)
      )`
    yield* sql`
      CREATE UNIQUE INDEX bill_source_documents_active_key
        ON bill_source_documents (tenant_id, kind, document_id) WHERE active`
  })

const paymentInstructions = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`
      CREATE TABLE payment_instructions (
        tenant_id text NOT NULL,
        number text NOT NULL,
        id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('original', 'revised')),
        status text NOT NULL
          CHECK (status IN ('New', 'Pending', 'Declined', 'Initiated', 'Rejected', 'Approved', 'InProcess', 'Completed')),
        bill_id text NOT NULL,
        raised_from text,
        pi_date date NOT NULL,
        gross_amount numeric NOT NULL CHECK (gross_amount >= 0),
        net_amount numeric NOT NULL CHECK (net_amount >= 0),
        beneficiary_count integer NOT NULL CHECK (beneficiary_count >= 0),
        version integer NOT NULL CHECK (version >= 1),
        recorded_order bigint GENERATED ALWAYS AS IDENTITY,
        document_sealed text NOT NULL,
        CONSTRAINT payment_instructions_pkey PRIMARY KEY (tenant_id, number),
        CONSTRAINT payment_instructions_id_key UNIQUE (tenant_id, id)
      )`
    yield* sql`CREATE INDEX payment_instructions_bill_idx ON payment_instructions (tenant_id, bill_id, recorded_order)`
    yield* sql`CREATE INDEX payment_instructions_status_idx ON payment_instructions (tenant_id, status, recorded_order)`
    yield* sql`
      CREATE INDEX payment_instructions_raised_from_idx
        ON payment_instructions (tenant_id, raised_from, recorded_order) WHERE raised_from IS NOT NULL`
    yield* sql`
      CREATE TABLE pi_beneficiaries (
        tenant_id text NOT NULL,
        payment_instruction_number text NOT NULL,
        payment_id text NOT NULL,
        position integer NOT NULL CHECK (position >= 0),
        payee_kind text NOT NULL CHECK (payee_kind IN ('individual', 'organisation', 'department')),
        amount numeric NOT NULL CHECK (amount >= 0),
        status text NOT NULL CHECK (status IN ('PaymentPending', 'PaymentInitiated', 'PaymentInProcess',
          'PaymentSuccessful', 'PaymentFailed', 'NotApplicable')),
        CONSTRAINT pi_beneficiaries_pkey PRIMARY KEY (tenant_id, payment_instruction_number, payment_id),
        CONSTRAINT pi_beneficiaries_payment_instruction_fkey FOREIGN KEY (tenant_id, payment_instruction_number)
          REFERENCES payment_instructions (tenant_id, number)
      )`
    yield* sql`CREATE INDEX pi_beneficiaries_payment_id_idx ON pi_beneficiaries (tenant_id, payment_id)`
    // PI-S-11: entry `position` n is the one that took the PI to version n.
    yield* sql`
      CREATE TABLE pi_history (
        tenant_id text NOT NULL,
        payment_instruction_number text NOT NULL,
        position integer NOT NULL CHECK (position >= 1),
        entry_type text NOT NULL
          CHECK (entry_type IN ('Created', 'SanctionChosen', 'BeneficiaryCorrected', 'JitCalled')),
        recorded_at timestamptz NOT NULL,
        entry_sealed text NOT NULL,
        CONSTRAINT pi_history_pkey PRIMARY KEY (tenant_id, payment_instruction_number, position),
        CONSTRAINT pi_history_payment_instruction_fkey FOREIGN KEY (tenant_id, payment_instruction_number)
          REFERENCES payment_instructions (tenant_id, number)
      )`
    yield* appendOnly(sql, "pi_history")
  })

// PI-S-11: the history is append-only; the database refuses to change or
// delete an entry, whoever asks.
const appendOnly = (sql: SqlClient.SqlClient, table: string) =>
  Effect.gen(function* () {
    yield* sql.unsafe(`
      CREATE FUNCTION ${table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '${table} is append-only' USING ERRCODE = 'restrict_violation';
      END
      $$`)
    yield* sql.unsafe(`
      CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ${table}_refuse_change()`)
  })

const funds = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`
      CREATE TABLE sanctions (
        tenant_id text NOT NULL,
        sanction_id text NOT NULL,
        head_of_account text NOT NULL,
        financial_year text NOT NULL CHECK (financial_year ~ '^[0-9]{4}-[0-9]{2}$'),
        sanctioned_total numeric CHECK (sanctioned_total >= 0),
        version integer NOT NULL CHECK (version >= 1),
        first_seen_order bigint GENERATED ALWAYS AS IDENTITY,
        document jsonb NOT NULL,
        CONSTRAINT sanctions_pkey PRIMARY KEY (tenant_id, sanction_id)
      )`
    yield* sql`CREATE INDEX sanctions_head_of_account_idx ON sanctions (tenant_id, head_of_account, first_seen_order)`
    // PI-F-1: a transaction is recorded once by its key.
    yield* sql`
      CREATE TABLE fund_transactions (
        tenant_id text NOT NULL,
        key text NOT NULL,
        financial_year text NOT NULL CHECK (financial_year ~ '^[0-9]{4}-[0-9]{2}$'),
        head_of_account text NOT NULL,
        sanction_id text NOT NULL,
        kind text NOT NULL
          CHECK (kind IN ('initialAllotment', 'additionalAllotment', 'withdrawal', 'expense', 'expenseReversal')),
        amount numeric NOT NULL CHECK (amount >= 0),
        transaction_date date NOT NULL,
        recorded_at timestamptz NOT NULL,
        recorded_order bigint GENERATED ALWAYS AS IDENTITY,
        document jsonb NOT NULL,
        CONSTRAINT fund_transactions_pkey PRIMARY KEY (tenant_id, key)
      )`
    yield* sql`
      CREATE INDEX fund_transactions_register_idx
        ON fund_transactions (tenant_id, financial_year, head_of_account, recorded_order)`
    yield* sql`CREATE INDEX fund_transactions_sanction_idx ON fund_transactions (tenant_id, sanction_id, recorded_order)`
    yield* appendOnly(sql, "fund_transactions")
    yield* sql`
      CREATE TABLE va_cursors (
        tenant_id text NOT NULL,
        head_of_account text NOT NULL,
        last_run_at timestamptz NOT NULL,
        CONSTRAINT va_cursors_pkey PRIMARY KEY (tenant_id, head_of_account)
      )`
  })

/**
 * Creates the payment-path tables. Forward-only; the migration runner
 * applies it once (DB-1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const migration: Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient> = Effect.gen(
  function* () {
    const sql = yield* SqlClient.SqlClient
    yield* registries(sql)
    yield* bills(sql)
    yield* paymentInstructions(sql)
    yield* funds(sql)
  },
)
