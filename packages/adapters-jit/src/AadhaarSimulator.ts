/**
 * A tiny fake AUA/KUA Aadhaar gateway (spec 07 AAD-2) for tests and demos, in
 * three forms from one implementation: a plain function handler, an msw
 * `http.post` handler for in-process interception, and a node:http server on
 * a loopback port (so the undici client is tested over a real socket).
 *
 * The answers are scripted per request: `ret "y"` with an optional vault
 * token, `ret "n"`, `status "ERROR"`, a non-2xx status, garbage, or no reply
 * at all (the socket stays open until the client gives up).
 *
 * @since 0.1.0
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, Result, Schema, type Scope } from "effect"
import { HttpResponse, http } from "msw"
import { RequestBody } from "./AadhaarClient.js"

/**
 * What the fake gateway answers to one request. Plain data, so tests and
 * demos can share a scenario.
 *
 * @since 0.1.0
 * @category models
 */
export type Answer =
  | { readonly kind: "valid"; readonly uidToken?: string }
  | { readonly kind: "invalid"; readonly err?: string }
  | { readonly kind: "error"; readonly err: string; readonly errMsg?: string }
  | { readonly kind: "httpStatus"; readonly status: number }
  | { readonly kind: "garbage" }
  | { readonly kind: "noReply" }

/**
 * Picks the answer for a (decoded) request.
 *
 * @since 0.1.0
 * @category models
 */
export type Script = (request: RequestBody) => Answer

/**
 * What the handler does with a request: a reply to send, or no reply.
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome =
  | { readonly _tag: "Reply"; readonly status: number; readonly body: string }
  | { readonly _tag: "NoReply" }

/**
 * A fake gateway: the requests it received (decoded bodies, in order) and its
 * handler from raw body text to outcome.
 *
 * @since 0.1.0
 * @category models
 */
export interface Gateway {
  readonly received: ReadonlyArray<RequestBody>
  readonly handle: (bodyText: string) => Outcome
}

const decodeRequest = Schema.decodeUnknownResult(Schema.fromJsonString(RequestBody))

const json = (status: number, body: unknown): Outcome => ({
  _tag: "Reply",
  status,
  body: JSON.stringify(body),
})

const outcomeOf = (answer: Answer, txn: string): Outcome => {
  const responseCode = `rc-${txn}`
  switch (answer.kind) {
    case "valid":
      return json(200, {
        ret: "y",
        status: "SUCCESS",
        txn,
        responseCode,
        ...(answer.uidToken === undefined ? {} : { uidToken: answer.uidToken }),
      })
    case "invalid":
      return json(200, { ret: "n", status: "SUCCESS", err: answer.err ?? "300", txn, responseCode })
    case "error":
      return json(200, { ret: "n", status: "ERROR", err: answer.err, errMsg: answer.errMsg ?? "", txn })
    case "httpStatus":
      return { _tag: "Reply", status: answer.status, body: "gateway unavailable" }
    case "garbage":
      return { _tag: "Reply", status: 200, body: "<html>not json" }
    case "noReply":
      return { _tag: "NoReply" }
  }
}

/**
 * A fake gateway answering as `script` says; `onRequest` is called on every
 * accepted request (so a test knows the request has arrived). A body that is not an AAD-2
 * request (missing consent, wrong flags) is answered with `status "ERROR"`
 * and `err "INVALID_REQUEST"`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  script: Script,
  options: { readonly onRequest?: (request: RequestBody) => void } = {},
): Gateway => {
  const received: Array<RequestBody> = []
  return {
    received,
    handle: (bodyText) => {
      const decoded = decodeRequest(bodyText)
      if (Result.isFailure(decoded)) {
        return json(400, { ret: "n", status: "ERROR", err: "INVALID_REQUEST", errMsg: "bad request" })
      }
      const request = decoded.success
      received.push(request)
      options.onRequest?.(request)
      return outcomeOf(script(request), request.txn)
    },
  }
}

/**
 * The same answer to every request.
 *
 * @since 0.1.0
 * @category constructors
 */
export const always =
  (answer: Answer): Script =>
  () =>
    answer

/**
 * The gateway as an msw `http.post` handler on `url`. "No reply" is a
 * network error here (msw cannot hold a connection open).
 *
 * @since 0.1.0
 * @category conversions
 */
export const mswHandler = (gateway: Gateway, url: string) =>
  http.post(url, async ({ request }) => {
    const outcome = gateway.handle(await request.text())
    return outcome._tag === "NoReply"
      ? HttpResponse.error()
      : new HttpResponse(outcome.body, {
          status: outcome.status,
          headers: { "content-type": "application/json" },
        })
  })

/**
 * A running loopback server: the URL to post to.
 *
 * @since 0.1.0
 * @category models
 */
export interface Server {
  readonly url: string
}

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    request.on("error", reject)
  })

const respond =
  (gateway: Gateway, apiKey: string | undefined) => (request: IncomingMessage, response: ServerResponse) => {
    if (apiKey !== undefined && request.headers["x-api-key"] !== apiKey) {
      response.writeHead(401, { "content-type": "application/json" })
      response.end(JSON.stringify({ ret: "n", status: "ERROR", err: "UNAUTHORISED", errMsg: "bad API key" }))
      return
    }
    readBody(request).then(
      (text) => {
        const outcome = gateway.handle(text)
        // No reply: the socket stays open until the client gives up or the server closes.
        if (outcome._tag === "NoReply") return
        response.writeHead(outcome.status, { "content-type": "application/json" })
        response.end(outcome.body)
      },
      () => response.destroy(),
    )
  }

/**
 * Serves the gateway on 127.0.0.1 (a free port) for the scope's lifetime;
 * closing the scope drops every open connection and stops the server. With
 * `apiKey`, a request without that `x-api-key` header is answered HTTP 401.
 *
 * @since 0.1.0
 * @category constructors
 */
export const serve = (
  gateway: Gateway,
  options: { readonly path?: string; readonly apiKey?: string } = {},
): Effect.Effect<Server, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.callback<ReturnType<typeof createServer>>((resume) => {
        const server = createServer(respond(gateway, options.apiKey))
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.callback<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        }),
    ),
    (server) => {
      const { port } = server.address() as AddressInfo
      return { url: `http://127.0.0.1:${port}${options.path ?? "/aadhaar/auth"}` }
    },
  )
