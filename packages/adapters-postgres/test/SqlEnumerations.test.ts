/**
 * DB-3: enums are text with CHECK constraints, and those lists are copies of
 * core's literal Schemas written by hand in the migrations. This test applies
 * every migration (PGlite and, with `DATABASE_URL`, server Postgres), reads
 * every CHECK constraint back from `pg_constraint`, and requires:
 *
 * - each enumerated column's list to equal the core Schema it mirrors, both
 *   ways (a value core added that the database refuses, or a value the
 *   database admits that core no longer knows);
 * - every enumeration in the database to be listed in `coreEnumerations`,
 *   so a later migration cannot add a copy nobody checks;
 * - every listed column to still have its enumeration.
 *
 * Postgres prints `status IN ('a', 'b')` as
 * `status = ANY (ARRAY['a'::text, 'b'::text])`, and a one-value list as
 * `status = 'a'::text`; both are read as enumerations.
 */
import { assert, describe, it } from "@effect/vitest"
import { Bills, Estimates, Payments, Persistence, Registries } from "@karya/core"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { databases } from "./TestDatabases.js"

/**
 * Each enumerated column (`table.column`) and the core values it copies.
 * A new CHECK list in a migration needs a line here.
 */
const coreEnumerations: Readonly<Record<string, ReadonlyArray<string>>> = {
  "wage_seekers.identity_document_type": Registries.WageSeeker.IdentityDocumentType.literals,
  "bills.type": Bills.Bill.BillType.literals,
  "payment_instructions.status": Payments.PaymentInstruction.PiStatus.literals,
  "payment_instructions.origin_kind": Payments.PaymentInstruction.Origin.members.map(
    (member) => member.fields._tag.schema.literal,
  ),
  "register_transactions.kind": Payments.FundRegister.TransactionKind.literals,
  "payment_instruction_checks.service": Payments.JitService.PaymentInstructionService.literals,
  "outbox.state": Persistence.Outbox.MessageState.literals,
  "projects.status": Estimates.Project.Project.fields.status.literals,
}

interface CheckConstraint {
  readonly table: string
  readonly name: string
  readonly definition: string
}

/** One enumerated column found in a CHECK constraint. */
interface Enumeration {
  readonly column: string
  readonly constraint: string
  readonly values: ReadonlyArray<string>
}

// `'it''s'::text` → it's; the cast is optional and may name any type.
const quotedValue = /'((?:[^']|'')*)'(?:::[a-z ]+(?:\[\])?)?/g
const valuesOf = (list: string): ReadonlyArray<string> =>
  [...list.matchAll(quotedValue)].map((match) => (match[1] ?? "").replaceAll("''", "'"))

const column = `"?([a-z_][a-z0-9_]*)"?`
const anyOfArray = new RegExp(String.raw`${column} = ANY \(+ARRAY\[([^\]]*)\]`, "g")
const anyOfArrayText = new RegExp(String.raw`${column} = ANY \(+('\{[^}]*\}'::[a-z ]+\[\])`, "g")
const equalsOne = new RegExp(`${column} = ('(?:[^']|'')*'(?:::[a-z ]+)?)`, "g")

/**
 * The enumerations in one CHECK definition as Postgres prints it. A
 * definition that compares with ANY or ALL in a way not read here is
 * returned as unreadable, so a new spelling fails the test instead of
 * slipping past it.
 */
const enumerationsOf = (
  check: CheckConstraint,
): { readonly found: ReadonlyArray<Enumeration>; readonly unreadable: boolean } => {
  const found: Array<Enumeration> = []
  for (const match of check.definition.matchAll(anyOfArray)) {
    found.push({ column: match[1] ?? "", constraint: check.name, values: valuesOf(match[2] ?? "") })
  }
  for (const match of check.definition.matchAll(anyOfArrayText)) {
    const list = (match[2] ?? "").replace(/^'\{/, "").replace(/\}'.*$/, "")
    found.push({ column: match[1] ?? "", constraint: check.name, values: list.split(",") })
  }
  for (const match of check.definition.matchAll(equalsOne)) {
    found.push({ column: match[1] ?? "", constraint: check.name, values: valuesOf(match[2] ?? "") })
  }
  const comparesWithSet = /\b(ANY|ALL|SOME)\b/.test(check.definition)
  return { found, unreadable: comparesWithSet && found.length === 0 }
}

/**
 * Every difference between the database's CHECK enumerations and core's
 * values, as sentences; empty when they agree.
 */
const differences = (
  checks: ReadonlyArray<CheckConstraint>,
  expected: Readonly<Record<string, ReadonlyArray<string>>>,
): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const seen = new Set<string>()
  for (const check of checks) {
    const { found, unreadable } = enumerationsOf(check)
    if (unreadable)
      problems.push(
        `${check.table}.${check.name} has a set comparison this test cannot read: ${check.definition}`,
      )
    for (const enumeration of found) {
      const key = `${check.table}.${enumeration.column}`
      seen.add(key)
      const values = expected[key]
      if (values === undefined) {
        problems.push(
          `${key} (${enumeration.constraint}) enumerates ${enumeration.values.join(", ")} but mirrors no core Schema in coreEnumerations`,
        )
        continue
      }
      const missing = values.filter((value) => !enumeration.values.includes(value))
      const extra = enumeration.values.filter((value) => !values.includes(value))
      if (missing.length > 0)
        problems.push(`${key} (${enumeration.constraint}) refuses core's ${missing.join(", ")}`)
      if (extra.length > 0)
        problems.push(`${key} (${enumeration.constraint}) admits ${extra.join(", ")}, unknown to core`)
    }
  }
  for (const key of Object.keys(expected)) {
    if (!seen.has(key)) problems.push(`${key} has no CHECK enumeration in the database`)
  }
  return problems
}

const checkConstraints = SqlClient.SqlClient.use(
  (sql) => sql<CheckConstraint>`
    SELECT class.relname::text AS table, con.conname::text AS name, pg_get_constraintdef(con.oid) AS definition
    FROM pg_constraint AS con
    JOIN pg_class AS class ON class.oid = con.conrelid
    JOIN pg_namespace AS namespace ON namespace.oid = class.relnamespace
    WHERE con.contype = 'c' AND namespace.nspname = current_schema()
    ORDER BY class.relname, con.conname`,
)

describe("DB-3: reading CHECK enumerations", () => {
  const check = (definition: string): CheckConstraint => ({
    table: "bills",
    name: "bills_type_check",
    definition,
  })

  it("DB-3: a list, a one-value list, an array literal and quoted names and values are read", () => {
    assert.deepStrictEqual(
      enumerationsOf(check("CHECK ((type = ANY (ARRAY['wage'::text, 'it''s'::text])))")).found,
      [{ column: "type", constraint: "bills_type_check", values: ["wage", "it's"] }],
    )
    assert.deepStrictEqual(enumerationsOf(check(`CHECK (("position" = 'only'::text))`)).found, [
      { column: "position", constraint: "bills_type_check", values: ["only"] },
    ])
    assert.deepStrictEqual(enumerationsOf(check("CHECK ((kind = ANY ('{a,b}'::text[])))")).found, [
      { column: "kind", constraint: "bills_type_check", values: ["a", "b"] },
    ])
    assert.deepStrictEqual(enumerationsOf(check("CHECK ((version >= 1))")), { found: [], unreadable: false })
    assert.isTrue(enumerationsOf(check("CHECK ((kind <> ALL (ARRAY[lower(kind)])))")).unreadable)
  })

  it("DB-3: a list that differs from core either way, an unlisted list and a lost list are all reported", () => {
    const problems = differences(
      [
        {
          table: "bills",
          name: "bills_type_check",
          definition: "CHECK ((type = ANY (ARRAY['wage'::text, 'gift'::text])))",
        },
        {
          table: "bills",
          name: "bills_colour_check",
          definition: "CHECK ((colour = ANY (ARRAY['red'::text])))",
        },
      ],
      { "bills.type": ["wage", "purchase"], "outbox.state": ["pending"] },
    )
    assert.deepStrictEqual(problems, [
      "bills.type (bills_type_check) refuses core's purchase",
      "bills.type (bills_type_check) admits gift, unknown to core",
      "bills.colour (bills_colour_check) enumerates red but mirrors no core Schema in coreEnumerations",
      "outbox.state has no CHECK enumeration in the database",
    ])
  })
})

for (const database of databases()) {
  describe(`DB-3: CHECK enumerations on ${database.name} equal core's literals`, () => {
    it.effect(
      "DB-3: every CHECK enumeration of Karya's tables equals the core Schema it mirrors, and none is unlisted",
      () =>
        Effect.gen(function* () {
          const checks = yield* checkConstraints
          // The catalogue is really read: the other CHECKs (versions, amounts…) are there too.
          assert.isAbove(checks.length, Object.keys(coreEnumerations).length)
          assert.deepStrictEqual(differences(checks, coreEnumerations), [])
        }).pipe(Effect.provide(database.layer)),
    )

    it.effect("DB-3: a migration that widens a list or adds an unlisted one is caught (rolled back)", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const probe = Effect.gen(function* () {
          yield* sql`ALTER TABLE outbox DROP CONSTRAINT outbox_state_check`
          yield* sql`ALTER TABLE outbox ADD CONSTRAINT outbox_state_check CHECK (state IN ('pending', 'delivered', 'failed'))`
          yield* sql`CREATE TABLE enumeration_probe (tenant_id text NOT NULL, colour text CHECK (colour IN ('red')))`
          return yield* Effect.fail({ rolledBack: differences(yield* checkConstraints, coreEnumerations) })
        })
        // Failing the transaction on purpose rolls the probe back; a SqlError would show in the diff.
        const failure = yield* Effect.flip(sql.withTransaction(probe))
        assert.deepStrictEqual(failure, {
          rolledBack: [
            "enumeration_probe.colour (enumeration_probe_colour_check) enumerates red but mirrors no core Schema in coreEnumerations",
            "outbox.state (outbox_state_check) admits failed, unknown to core",
          ],
        })
        // The transaction is rolled back: the database is as the migrations left it.
        assert.deepStrictEqual(differences(yield* checkConstraints, coreEnumerations), [])
      }).pipe(Effect.provide(database.layer)),
    )
  })
}
