/**
 * Canonical JSON and SHA-256 for the audit chain (DB-6) and request hashes
 * (API-4): object keys sorted by code unit, no whitespace, so equal values
 * always give equal text, whatever order a database returns keys in. The
 * hash is the audited `@noble/hashes` SHA-256: core may not use the
 * platform's `crypto` (ARCH-1), and a hash is no place for hand-written code.
 *
 * @since 0.1.0
 */
import { sha256 } from "@noble/hashes/sha2.js"
import { bytesToHex } from "@noble/hashes/utils.js"
import type { Schema } from "effect"

/**
 * The canonical text of a JSON value. Iterative (no recursion): a stack of
 * pending pieces, each a value to render or literal text.
 *
 * @since 0.1.0
 * @category conversions
 */
export const canonicalJson = (value: Schema.Json): string => {
  const pieces: Array<string> = []
  const pending: Array<{ readonly text: string } | { readonly value: Schema.Json }> = [{ value }]
  while (pending.length > 0) {
    const next = pending.pop()
    if (next === undefined) break
    if ("text" in next) {
      pieces.push(next.text)
      continue
    }
    const current = next.value
    if (current === null || typeof current !== "object") {
      pieces.push(JSON.stringify(current))
      continue
    }
    const parts: Array<{ readonly text: string } | { readonly value: Schema.Json }> = []
    if (Array.isArray(current)) {
      parts.push({ text: "[" })
      current.forEach((item, index) => {
        if (index > 0) parts.push({ text: "," })
        parts.push({ value: item })
      })
      parts.push({ text: "]" })
    } else {
      const record = current as { readonly [key: string]: Schema.Json }
      const keys = Object.keys(record).sort()
      parts.push({ text: "{" })
      keys.forEach((key, index) => {
        if (index > 0) parts.push({ text: "," })
        parts.push({ text: `${JSON.stringify(key)}:` })
        parts.push({ value: record[key] ?? null })
      })
      parts.push({ text: "}" })
    }
    for (let index = parts.length - 1; index >= 0; index -= 1) {
      const part = parts[index]
      if (part !== undefined) pending.push(part)
    }
  }
  return pieces.join("")
}

const encoder = new TextEncoder()

/**
 * The lower-case hexadecimal SHA-256 of a text's UTF-8 bytes.
 *
 * @since 0.1.0
 * @category conversions
 */
export const sha256Hex = (text: string): string => bytesToHex(sha256(encoder.encode(text)))
