import { assert, describe, it } from "@effect/vitest"
import { Config, Ids, Money, Payments } from "@karya/core"
import { NotifierSuite, samplePaymentInstruction } from "@karya/core/testing"
import { Effect, Schema } from "effect"

const { Notification, Notifier } = Payments
const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const muktaTemplates = Config.TenantConfiguration.mukta({ tenantId, cityCode: "DK" }).notificationTemplates
const pi = samplePaymentInstruction({
  tenantId,
  number: "PI-DK/2024-25/000001",
  billId: "bill-1",
  paymentIds: ["BN-DK/000001", "BN-DK/000002"],
})

NotifierSuite("Notifier.layerMemory", Notifier.layerMemory)

describe("Notification", () => {
  it("NOTIF-1: a payment's SMS follows the tenant's template, with the amount, scheme and UTR", () => {
    const beneficiary = {
      ...(pi.beneficiaries[0] as Payments.Beneficiary.Beneficiary),
      amount: Money.Amount.makeUnsafe("1916"),
      payment: {
        voucherNumber: "1",
        voucherDate: "2024-06-11",
        utrNumber: "RBI504",
        utrDate: "2024-06-11",
        endToEndId: "E",
      },
    }
    const notification = Notification.paymentNotification({
      kind: "paymentSuccessful",
      tenantId,
      paymentInstructionNumber: pi.number,
      beneficiary,
    })
    assert.isDefined(notification)
    if (notification !== undefined) {
      assert.strictEqual(notification.eventId, "paymentSuccessful/PI-DK/2024-25/000001/BN-DK/000001")
      const sms = Notification.render(muktaTemplates, notification)
      assert.deepStrictEqual(sms, {
        eventId: notification.eventId,
        tenantId,
        kind: "paymentSuccessful",
        mobile: "9999900036",
        text: "Payment of Rs. 1,916.00 for MUKTA, transaction RBI504 is made to your registered bank account. Contact your bank if not credited within 72 hours.",
      })
    }
    const failed = Notification.paymentNotification({
      kind: "paymentFailed",
      tenantId,
      paymentInstructionNumber: pi.number,
      beneficiary: {
        ...beneficiary,
        failure: {
          failureReason: "Dormant",
          challanNumber: "1",
          challanDate: "2024-06-12",
          utrNumber: "RBI504",
        },
      },
    })
    assert.strictEqual(
      failed && Notification.render(muktaTemplates, failed).text,
      "Payment of Rs. 1,916.00 for MUKTA, transaction RBI504 has failed. Contact the MUKTA cell at your ULB.",
    )
    assert.strictEqual(
      Notification.paymentNotification({
        kind: "paymentFailed",
        tenantId,
        paymentInstructionNumber: pi.number,
        beneficiary: { ...beneficiary, mobile: " " },
      }),
      undefined,
      "no SMS without a mobile number",
    )
  })

  it("NOTIF-1: templates are tenant data: every event has one, and a placeholder an event lacks is refused", () => {
    assert.deepStrictEqual(
      Object.keys(muktaTemplates.templates).sort(),
      [...Config.NotificationTemplates.NotificationKind.literals].sort(),
    )
    const odia = {
      ...Schema.encodeSync(Config.NotificationTemplates.NotificationTemplates)(muktaTemplates),
      schemeName: "MUKTA Odisha",
    }
    const decoded = Schema.decodeUnknownSync(Config.NotificationTemplates.NotificationTemplates)(odia)
    const sms = Notification.render(decoded, {
      eventId: "wo-1",
      tenantId,
      kind: "workOrderApprovedToCbo",
      mobile: "9999900036",
      values: { workOrderNumber: "WO/2024-25/000051", acceptanceDueDate: "17-06-2024" },
    })
    assert.strictEqual(
      sms.text,
      "Work order WO/2024-25/000051 under MUKTA Odisha is issued to your organisation. Accept it by 17-06-2024.",
    )
    const wrong = {
      ...odia,
      templates: { ...odia.templates, musterRollApproved: "Muster roll {musterRollNumber} paid {utr}" },
    }
    assert.throws(
      () => Schema.decodeUnknownSync(Config.NotificationTemplates.NotificationTemplates)(wrong),
      /\{utr\} is not available/,
    )
  })

  it.effect("NOTIF-1: the in-memory notifier records each event once per tenant, in order", () =>
    Effect.gen(function* () {
      const notifier = yield* Notifier.Notifier
      const sent = yield* Notifier.SentMessages
      const message = {
        eventId: "e1",
        tenantId,
        kind: "musterRollApproved" as const,
        mobile: "9999900036",
        text: "Muster roll MR/1 approved",
      }
      assert.strictEqual(yield* notifier.send(message), "sent")
      assert.strictEqual(yield* notifier.send(message), "alreadySent")
      yield* notifier.send({ ...message, tenantId: Config.TenantId.makeUnsafe("od.cuttack") })
      assert.deepStrictEqual(yield* sent.ofTenant(tenantId), [message])
      assert.strictEqual((yield* sent.all).length, 2)
      const unavailable = new Notifier.NotifierUnavailable({ eventId: "e1", reason: "gateway down" })
      assert.isTrue(unavailable.retryable)
      assert.include(unavailable.message, "e1")
      assert.strictEqual(Ids.HumanNumber.makeUnsafe(pi.number), pi.number)
    }).pipe(Effect.provide(Notifier.layerMemory)),
  )
})
