/**
 * A state identity provider for the tests of `KARYA_JWKS_URL`: an RS256 and
 * an ES256 key pair, their public keys served as a JWK set by node:http on
 * 127.0.0.1 (a free port, closed when the scope closes), and a signer of
 * tokens with either key. Nothing leaves the machine.
 */
import { createServer, type Server } from "node:http"
import { Effect, type Scope } from "effect"
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose"

export const issuer = "https://sso.od.example/realms/karya"
export const audience = "karya-api"

export type Algorithm = "RS256" | "ES256"

/** A key pair of an algorithm, its public key as a JWK of the set (with `kid` and `alg`). */
export const keyPair = (alg: Algorithm, kid: string) =>
  Effect.promise(async () => {
    const pair = await generateKeyPair(alg, { extractable: true })
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, alg, use: "sig" }
    return { alg, kid, privateKey: pair.privateKey, jwk }
  })

export type KeyPair = Effect.Success<ReturnType<typeof keyPair>>

/**
 * A token signed with a key pair: the identity provider's issuer and
 * audience, issued at `nowSeconds` and valid for an hour, unless `claims`
 * say otherwise (`exp: undefined` leaves the expiry out).
 */
export const sign = (
  key: KeyPair,
  nowSeconds: number,
  claims: { readonly [name: string]: unknown },
  header: { readonly kid?: string } = {},
) =>
  Effect.promise(() =>
    new SignJWT(
      Object.fromEntries(
        Object.entries({
          iss: issuer,
          aud: audience,
          iat: nowSeconds,
          exp: nowSeconds + 3600,
          ...claims,
        }).filter(([, value]) => value !== undefined),
      ),
    )
      .setProtectedHeader({ alg: key.alg, kid: header.kid ?? key.kid, typ: "JWT" })
      .sign(key.privateKey),
  )

const listen = (server: Server) =>
  Effect.promise(
    () =>
      new Promise<URL>((resolve, reject) => {
        server.once("error", reject)
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          const port = typeof address === "object" && address !== null ? address.port : 0
          resolve(new URL(`http://127.0.0.1:${port}/protocol/openid-connect/certs`))
        })
      }),
  )

const close = (server: Server) =>
  Effect.promise(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )

/**
 * Serves a JWK set (status 200), or answers every request with `status`
 * and no key set; stops when the scope closes.
 */
export const serveKeySet = (
  reply: { readonly keys: ReadonlyArray<JWK> } | { readonly status: number },
): Effect.Effect<URL, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.suspend(() => {
      const server = createServer((_request, response) => {
        if ("status" in reply) {
          response.writeHead(reply.status, { "content-type": "text/plain" })
          response.end("upstream connect error or disconnect/reset before headers")
          return
        }
        response.writeHead(200, { "content-type": "application/jwk-set+json" })
        response.end(JSON.stringify({ keys: reply.keys }))
      })
      return Effect.map(listen(server), (url) => ({ server, url }))
    }),
    ({ server }) => close(server),
  ).pipe(Effect.map(({ url }) => url))

/** The URL of a key set nobody serves: a loopback port that was free a moment ago. */
export const unreachableKeySet: Effect.Effect<URL> = Effect.gen(function* () {
  const server = createServer()
  const url = yield* listen(server)
  yield* close(server)
  return url
})
