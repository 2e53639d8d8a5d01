/**
 * ERR-2, REL-3, API-3: the request body limit. A body over the limit is a
 * 413 `BODY_TOO_LARGE` problem naming the limit; a declared length over it
 * is refused unread, a chunked body is cut off once it passes it (memory
 * stays bounded); nothing runs and nothing is written.
 */
import * as Http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { sampleWageSeekerInput } from "@karya/core/testing"
import { Auth, BodyLimit, KaryaServer } from "@karya/http"
import { ConfigProvider, Effect, Layer, Result } from "effect"
import { HttpRouter } from "effect/http"
import { dependencies, makeHarness, makeHarnessWith, secret, tenantId } from "./support/Harness.js"

const registrar = { roles: ["WAGE_SEEKER_REGISTRAR"] }

interface ProblemJson {
  readonly status: number
  readonly code: string
  readonly detail: string
}

/** A body of `totalBytes` spaces, in chunks of 64 KiB, pulled on demand; `pulled()` is how much was read. */
const countingBody = (totalBytes: number) => {
  const chunk = new Uint8Array(65_536).fill(0x20)
  let pulled = 0
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= totalBytes) return controller.close()
        const next = chunk.subarray(0, Math.min(chunk.length, totalBytes - pulled))
        pulled += next.length
        controller.enqueue(next)
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, pulled: () => pulled }
}

/** A wage seeker's JSON, padded with trailing spaces (still JSON) to exactly `bytes` bytes. */
const wageSeekerOfSize = (bytes: number): string => {
  const json = JSON.stringify(sampleWageSeekerInput())
  assert.isAtMost(json.length, bytes)
  return json + " ".repeat(bytes - json.length)
}

const assertTooLarge = (response: { status: number; headers: Headers; json: unknown }, limit: string) => {
  assert.strictEqual(response.status, 413)
  assert.strictEqual(response.headers.get("content-type"), "application/problem+json")
  const problem = response.json as ProblemJson
  assert.strictEqual(problem.code, "BODY_TOO_LARGE")
  assert.strictEqual(problem.status, 413)
  assert.include(problem.detail, `larger than ${limit}`)
}

describe("body limit", () => {
  it.effect(
    "ERR-2 API-3 a Content-Length over the default 1 MiB is a 413 BODY_TOO_LARGE before the body is read, and nothing runs",
    () =>
      Effect.gen(function* () {
        const { send, token, writes } = yield* makeHarness
        const body = countingBody(BodyLimit.defaultBytes + 1)
        const response = yield* send({
          method: "POST",
          path: "/v1/wage-seekers",
          token: yield* token(registrar),
          headers: {
            "content-type": "application/json",
            "content-length": String(BodyLimit.defaultBytes + 1),
          },
          rawBody: body.stream,
        })
        assertTooLarge(response, "1 MiB")
        assert.strictEqual(response.headers.get("connection"), "close")
        assert.strictEqual(body.pulled(), 0, "the body was read")
        assert.strictEqual(yield* writes, 0)
      }),
  )

  it.effect(
    "ERR-2 REL-3 a chunked body is cut off once it passes the limit: 413, and of 50 MB at most the limit and a chunk are read",
    () =>
      Effect.gen(function* () {
        const { send, token, writes } = yield* makeHarness
        const body = countingBody(50_000_000)
        const response = yield* send({
          method: "POST",
          path: "/v1/wage-seekers",
          token: yield* token(registrar),
          headers: { "content-type": "application/json" },
          rawBody: body.stream,
        })
        assertTooLarge(response, "1 MiB")
        assert.isAtMost(body.pulled(), BodyLimit.defaultBytes + 2 * 65_536)
        assert.strictEqual(yield* writes, 0)
      }),
  )

  it.effect("ERR-2 a body of exactly the limit is read and served; one byte more is a 413", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const authorization = yield* token(registrar)
      const atLimit = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: authorization,
        headers: { "content-type": "application/json", "content-length": String(BodyLimit.defaultBytes) },
        rawBody: wageSeekerOfSize(BodyLimit.defaultBytes),
      })
      assert.strictEqual(atLimit.status, 201, atLimit.text)
      const overLimit = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: authorization,
        rawBody: wageSeekerOfSize(BodyLimit.defaultBytes + 1),
      })
      assertTooLarge(overLimit, "1 MiB")
    }),
  )

  it.effect("ERR-2 the limit is an option of the server layer (KaryaServer.layerWith)", () =>
    Effect.gen(function* () {
      const { send, token, writes } = yield* makeHarnessWith((context) => context, { bodyLimitBytes: 4096 })
      const authorization = yield* token(registrar)
      const atLimit = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: authorization,
        rawBody: wageSeekerOfSize(4096),
      })
      assert.strictEqual(atLimit.status, 201, atLimit.text)
      const before = yield* writes
      const overLimit = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: authorization,
        rawBody: wageSeekerOfSize(4097),
      })
      assertTooLarge(overLimit, "4 KiB")
      assert.strictEqual(yield* writes, before)
    }),
  )

  it.effect(
    "ERR-2 karya serve reads the limit from KARYA_BODY_LIMIT_BYTES: 1 MiB unset, a whole number of bytes from 1",
    () =>
      Effect.gen(function* () {
        const read = (env: Record<string, string>) =>
          Effect.result(
            Effect.provideService(
              BodyLimit.config,
              ConfigProvider.ConfigProvider,
              ConfigProvider.fromEnvRecord(env),
            ),
          )
        assert.deepStrictEqual(yield* read({}), Result.succeed(BodyLimit.defaultBytes))
        assert.deepStrictEqual(yield* read({ KARYA_BODY_LIMIT_BYTES: "65536" }), Result.succeed(65_536))
        for (const value of ["0", "-1", "1.5", "1MiB", "lots"])
          assert.isTrue(Result.isFailure(yield* read({ KARYA_BODY_LIMIT_BYTES: value })), value)
      }),
  )

  it("the limit reads as a person reads it", () => {
    assert.strictEqual(BodyLimit.describe(1_048_576), "1 MiB")
    assert.strictEqual(BodyLimit.describe(3 * 1_048_576), "3 MiB")
    assert.strictEqual(BodyLimit.describe(65_536), "64 KiB")
    assert.strictEqual(BodyLimit.describe(1000), "1000 bytes")
  })
})

// ------------------------------------------------------------ over a socket

interface SocketReply {
  readonly status: number
  readonly json: unknown
  /** The bytes of the body the client could hand to its socket before the answer. */
  readonly written: number
}

/**
 * POSTs `totalBytes` of spaces to the server at `port`, chunked (or with
 * `Content-Length: declaredLength`), writing only as fast as the connection
 * takes them and stopping at the answer.
 */
const postSpaces = (options: {
  readonly port: number
  readonly token: string
  readonly totalBytes: number
  readonly declaredLength?: number
}) =>
  Effect.callback<SocketReply, Error>((resume) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.token}`,
      "content-type": "application/json",
    }
    if (options.declaredLength !== undefined) headers["content-length"] = String(options.declaredLength)
    const request = Http.request({
      host: "127.0.0.1",
      port: options.port,
      method: "POST",
      path: "/v1/wage-seekers",
      headers,
    })
    const chunk = Buffer.alloc(65_536, 0x20)
    let written = 0
    let answered = false
    request.on("response", (response) => {
      answered = true
      const parts: Array<Buffer> = []
      response.on("data", (part: Buffer) => parts.push(part))
      response.on("end", () => {
        const text = Buffer.concat(parts).toString("utf8")
        resume(Effect.succeed({ status: response.statusCode ?? 0, json: JSON.parse(text), written }))
      })
    })
    request.on("error", (error) => {
      // The server closes the connection after its answer; writes still in flight then fail.
      if (!answered) resume(Effect.fail(error))
    })
    const pump = () => {
      while (!answered && written < options.totalBytes) {
        written += chunk.length
        if (!request.write(chunk)) {
          request.once("drain", pump)
          return
        }
      }
      if (!answered) request.end()
    }
    pump()
    return Effect.sync(() => request.destroy())
  })

/** The API on a loopback port with a body limit, and the bytes its server read from each connection. */
const serveOnSocket = (bodyLimitBytes: number) =>
  Effect.gen(function* () {
    const sockets: Array<Socket> = []
    const server = Http.createServer()
    server.on("connection", (socket: Socket) => sockets.push(socket))
    yield* Layer.build(
      HttpRouter.serve(KaryaServer.layerWith({ bodyLimitBytes }), { disableLogger: true }).pipe(
        Layer.provide(dependencies),
        Layer.provide(NodeHttpServer.layer(() => server, { port: 0, host: "127.0.0.1" })),
      ),
    )
    const token = yield* Auth.issueToken({
      sub: "registrar",
      tenants: [tenantId],
      roles: registrar.roles,
    }).pipe(Effect.provide(Auth.layerSettings({ secret })))
    return {
      port: (server.address() as AddressInfo).port,
      token,
      bytesRead: () => sockets.reduce((total, socket) => total + socket.bytesRead, 0),
    }
  })

describe("body limit over a socket", () => {
  it.live(
    "ERR-2 REL-3 a 50 MB chunked body to Node's server is a 413 and the server reads a bounded part of it",
    () =>
      Effect.gen(function* () {
        const limit = 65_536
        const served = yield* serveOnSocket(limit)
        const reply = yield* postSpaces({ port: served.port, token: served.token, totalBytes: 50_000_000 })
        assert.strictEqual(reply.status, 413)
        assert.strictEqual((reply.json as ProblemJson).code, "BODY_TOO_LARGE")
        assert.include((reply.json as ProblemJson).detail, "64 KiB")
        // Node reads the socket in 64 KiB pieces: a few of them, not 50 MB.
        assert.isBelow(served.bytesRead(), 2 * 1_048_576, "the server read far past the limit")
        assert.isBelow(reply.written, 50_000_000)
      }),
    30_000,
  )

  it.live(
    "ERR-2 REL-3 a declared 600 MB body to Node's server is a 413 without its body being read",
    () =>
      Effect.gen(function* () {
        const served = yield* serveOnSocket(BodyLimit.defaultBytes)
        const reply = yield* postSpaces({
          port: served.port,
          token: served.token,
          totalBytes: 600_000_000,
          declaredLength: 600_000_000,
        })
        assert.strictEqual(reply.status, 413)
        assert.strictEqual((reply.json as ProblemJson).code, "BODY_TOO_LARGE")
        assert.isBelow(served.bytesRead(), BodyLimit.defaultBytes, "the server read the refused body")
      }),
    30_000,
  )
})
