/**
 * A raw JIT client for the simulator's tests: `fetch` and `JitCrypto` only,
 * so the simulator is checked against the wire protocol itself, not against
 * the adapter's client.
 */
import { JitCrypto, JitSimulator } from "@karya/adapters-jit"
import { Effect } from "effect"

export interface Endpoint {
  readonly url: string
  readonly publicKeyPem: string
  readonly clientId: string
  readonly clientSecret: string
}

export interface Session {
  readonly authToken: string
  readonly sessionKey: Buffer
}

export interface RawReply {
  readonly status: number
  readonly text: string
  /** The envelope decrypted under the REK, when it decrypts. */
  readonly envelope: Record<string, unknown> | undefined
}

export const login = (endpoint: Endpoint, secret = endpoint.clientSecret) =>
  Effect.promise(async () => {
    const appKey = JitCrypto.generateAesKey()
    const response = await fetch(`${endpoint.url}${JitSimulator.authenticatePath}`, {
      method: "POST",
      headers: { "content-type": "application/json", clientId: endpoint.clientId, clientSecret: secret },
      body: JSON.stringify({
        appKey: JitCrypto.encryptRsa({ publicKeyPem: endpoint.publicKeyPem, plaintext: appKey }),
      }),
    })
    const body = (await response.json()) as Record<string, string>
    const session: Session | undefined =
      response.status === 200 && body.authToken !== undefined && body.sek !== undefined
        ? {
            authToken: body.authToken,
            sessionKey: JitCrypto.decryptAes({ key: appKey, ciphertext: body.sek }),
          }
        : undefined
    return { status: response.status, body, session }
  })

export const session = (endpoint: Endpoint) =>
  Effect.flatMap(login(endpoint), (result) =>
    result.session === undefined
      ? Effect.die(new Error(`login failed ${result.status}`))
      : Effect.succeed(result.session),
  )

const tryDecrypt = (key: Buffer, text: string): Record<string, unknown> | undefined => {
  try {
    return JitCrypto.decryptJson({ key, ciphertext: text }) as Record<string, unknown>
  } catch {
    return undefined
  }
}

/** One service call; a transport failure (dropped connection, abort) is `undefined`. */
export const callRaw = (
  endpoint: Endpoint,
  session: Session,
  envelope: Record<string, unknown>,
  options: { readonly timeoutMs?: number } = {},
) =>
  Effect.promise(async (): Promise<RawReply | undefined> => {
    const rek = JitCrypto.generateAesKey()
    try {
      const response = await fetch(`${endpoint.url}${JitSimulator.serviceDataPath}`, {
        method: "POST",
        headers: { "content-type": "application/json", authToken: session.authToken },
        body: JSON.stringify({
          params: JitCrypto.encryptJson({ key: session.sessionKey, value: envelope }),
          rek: JitCrypto.encryptAes({ key: session.sessionKey, plaintext: rek }),
        }),
        ...(options.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(options.timeoutMs) }),
      })
      const text = await response.text()
      return { status: response.status, text, envelope: tryDecrypt(rek, text) }
    } catch {
      return undefined
    }
  })

export const call = (
  endpoint: Endpoint,
  session: Session,
  serviceId: string,
  params: Record<string, unknown>,
  options: { readonly timeoutMs?: number } = {},
) => callRaw(endpoint, session, { serviceId, params }, options)

/** The envelope of a reply that must decrypt. */
export const envelopeOf = (reply: RawReply | undefined): Record<string, unknown> => {
  if (reply?.envelope === undefined) throw new Error(`no envelope: ${reply?.status} ${reply?.text}`)
  return reply.envelope
}

export const rowsOf = (reply: RawReply | undefined): ReadonlyArray<Record<string, unknown>> =>
  envelopeOf(reply).data as ReadonlyArray<Record<string, unknown>>

export const errorsOf = (reply: RawReply | undefined): ReadonlyArray<{ code: string; message: string }> => {
  const envelope = envelopeOf(reply)
  const list = (envelope.errorMsgs ?? []) as ReadonlyArray<{ errorCode: string; errorMsg: string }>
  const codes = list.map((item) => ({ code: item.errorCode, message: item.errorMsg }))
  return typeof envelope.errorMsg === "string" ? [{ code: "", message: envelope.errorMsg }, ...codes] : codes
}

// ---------------------------------------------------------------- sample requests

export const hoa = "132217058003586410459082112"

export const beneficiary = (paymentId: string, accountNumber: string, amount = "250.00") => ({
  benefId: paymentId,
  benefName: `Beneficiary ${paymentId}`,
  benfAcctNo: accountNumber,
  benfBankIfscCode: "ICIC0003892",
  benfMobileNo: "9999900036",
  benfEmailId: "",
  benfAddress: "Test Address",
  benfAccountType: "Saving",
  benfAmount: amount,
  panNo: "",
  adhaarNumber: "",
  purpose: "Mukta Payment",
})

export const piParams = (
  number: string,
  beneficiaries: ReadonlyArray<ReturnType<typeof beneficiary>> = [
    beneficiary("PAY-1", "000000000035"),
    beneficiary("PAY-2", "000000000038"),
  ],
  overrides: Record<string, string> = {},
) => {
  const total = beneficiaries.reduce((sum, item) => sum + BigInt(item.benfAmount.replace(".", "")), 0n)
  const amount = `${total / 100n}.${String(total % 100n).padStart(2, "0")}`
  return {
    jitBillNo: number,
    jitBillDate: "2023-05-25",
    jitBillDdoCode: "OLSHUD001",
    granteeAgCode: "GOHUDULBMPL0036",
    schemeCode: "13145",
    hoa,
    ssuIaId: "1621",
    mstAllotmentDistId: "920",
    ssuAllotmentId: "860",
    allotmentTxnSlNo: "0",
    billGrossAmount: amount,
    billNetAmount: amount,
    billNumberOfBenf: String(beneficiaries.length),
    purpose: "Mukta",
    beneficiaryDetails: beneficiaries,
    ...overrides,
  }
}
