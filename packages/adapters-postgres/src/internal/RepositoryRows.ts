/**
 * What every Postgres repository of this package shares (ARCH-3, DB-3,
 * PRIV-2, house rules 3 and 7): aggregate documents written and read with
 * the core Schemas (JSON text in, JSON text out, so no driver decides how a
 * date or an amount looks), documents sealed by the `SensitiveFieldCipher`
 * port where they carry bank account numbers, and the one mapping from a SQL
 * failure to what a port may report.
 *
 * A value of a core type always encodes, and a stored document that no
 * longer decodes, or disagrees with its own key columns, is corrupt data:
 * both are defects (`Effect.die`), never typed errors.
 *
 * @since 0.1.0
 */
import { Ids, Registries } from "@karya/core"
import { Effect, Schema } from "effect"
import type { SqlError } from "effect/sql"

type CipherShape = Registries.SensitiveFieldCipher.SensitiveFieldCipherShape
type SealedText = Registries.SensitiveFieldCipher.SealedText

/**
 * How a repository stores one aggregate type: to and from the JSON text of
 * its Schema encoding.
 *
 * @since 0.1.0
 * @category models
 */
export interface DocumentCodec<T> {
  readonly toText: (value: T) => Effect.Effect<string>
  readonly fromText: (text: string, where: string) => Effect.Effect<T>
}

/**
 * The document codec of a core Schema.
 *
 * @since 0.1.0
 * @category constructors
 */
export const documentCodec = <T, E>(schema: Schema.Codec<T, E>): DocumentCodec<T> => {
  const json = Schema.fromJsonString(Schema.toCodecJson(schema))
  const encode = Schema.encodeEffect(json)
  const decode = Schema.decodeUnknownEffect(json)
  return {
    toText: (value) => Effect.orDie(encode(value)),
    fromText: (text, where) =>
      decode(text).pipe(
        Effect.catch((error) =>
          Effect.die(new Error(`stored document ${where} does not decode: ${error.message}`)),
        ),
      ),
  }
}

/**
 * Why a sealed document could not be written or read: the key service is
 * unreachable (retry later).
 *
 * @since 0.1.0
 * @category models
 */
export type CipherFailure = Registries.SensitiveFieldCipher.CipherUnavailable

/**
 * A document codec whose text is sealed at rest (PRIV-2): the Schema's JSON
 * text goes through the cipher port, so no plaintext account number reaches
 * the table. A sealed value that does not open under the configured key is a
 * defect of the deployment (a wrong key), not something a retry can fix.
 *
 * @since 0.1.0
 * @category models
 */
export interface SealedDocumentCodec<T> {
  readonly toSealed: (value: T) => Effect.Effect<SealedText, CipherFailure>
  readonly fromSealed: (sealed: string, where: string) => Effect.Effect<T, CipherFailure>
}

/**
 * The sealed document codec of a core Schema, under the cipher given.
 *
 * @since 0.1.0
 * @category constructors
 */
export const sealedDocumentCodec = <T, E>(
  schema: Schema.Codec<T, E>,
  cipher: CipherShape,
): SealedDocumentCodec<T> => {
  const plain = documentCodec(schema)
  const decodeSealed = Schema.decodeUnknownEffect(Registries.SensitiveFieldCipher.SealedText)
  return {
    toSealed: (value) => Effect.flatMap(plain.toText(value), cipher.seal),
    fromSealed: (sealed, where) =>
      decodeSealed(sealed).pipe(
        Effect.catch(() => Effect.die(new Error(`stored document ${where} is not a sealed value`))),
        Effect.flatMap(cipher.open),
        Effect.catchTag("SealedTextUnreadable", (error) =>
          Effect.die(new Error(`stored document ${where} does not open: ${error.message}`)),
        ),
        Effect.flatMap((text) => plain.fromText(text, where)),
      ),
  }
}

/**
 * What a SQL failure means to a repository: the store is unavailable and a
 * retry may help (connection lost, deadlock, serialization failure, lock or
 * statement timeout), or the statement itself is wrong (a defect).
 *
 * @since 0.1.0
 * @category models
 */
export type SqlFailureKind =
  | { readonly _tag: "Unavailable"; readonly reason: string }
  | { readonly _tag: "Defect"; readonly reason: string }

const unavailableReasons: ReadonlySet<string> = new Set([
  "ConnectionError",
  "AuthenticationError",
  "DeadlockError",
  "SerializationError",
  "LockTimeoutError",
  "StatementTimeoutError",
])

/**
 * Classifies a SQL failure (the driver has already mapped SQLSTATE to a
 * reason). Expected conflicts never reach here: the repositories write with
 * `ON CONFLICT … DO NOTHING` and turn an empty result into the port's own
 * duplicate error, so a unique violation that does arrive is a defect.
 *
 * @since 0.1.0
 * @category conversions
 */
export const classifySqlFailure = (error: SqlError.SqlError): SqlFailureKind => {
  const reason = `${error.reason._tag}: ${error.reason.message}`
  return unavailableReasons.has(error.reason._tag)
    ? { _tag: "Unavailable", reason }
    : { _tag: "Defect", reason }
}

/**
 * Turns a SQL failure into the port's unavailable error, or dies when it is
 * a defect.
 *
 * @since 0.1.0
 * @category conversions
 */
export const failAs =
  <E>(unavailable: (reason: string) => E) =>
  (error: SqlError.SqlError): Effect.Effect<never, E> => {
    const kind = classifySqlFailure(error)
    return kind._tag === "Unavailable" ? Effect.fail(unavailable(kind.reason)) : Effect.die(error)
  }

/**
 * Dies unless a condition holds: a paired check of a stored row against its
 * decoded document, or a port precondition (house rule 7).
 *
 * @since 0.1.0
 * @category guards
 */
export const ensure = (condition: boolean, invariant: string): Effect.Effect<void> =>
  condition ? Effect.void : Effect.die(new Error(`invariant broken: ${invariant}`))

/**
 * Decodes rows with a Schema; rows of the wrong shape mean the SQL and the
 * Schema disagree, a defect.
 *
 * @since 0.1.0
 * @category conversions
 */
export const decodeRows =
  <T, E>(row: Schema.Codec<T, E>) =>
  (rows: ReadonlyArray<unknown>): Effect.Effect<ReadonlyArray<T>> =>
    Schema.decodeUnknownEffect(Schema.Array(row))(rows).pipe(Effect.orDie)

/**
 * Whether a text is an internal id (a lowercase UUID, ID-4): an id column is
 * `uuid`, so a lookup by any other text finds nothing without asking.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isEntityId: (text: string) => boolean = Schema.is(Ids.EntityId.EntityId)
