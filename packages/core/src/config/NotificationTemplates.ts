/**
 * The SMS templates of a tenant (NOTIF-1), a section of its configuration
 * (`TenantConfiguration.notificationTemplates`): the events that send an SMS,
 * the placeholders each may use, and the templates Schema. MUKTA's wording is
 * the default (`MuktaConfiguration`); rendering is the payments module's
 * (`Payments.Notification.render`).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The events that send an SMS (NOTIF-1).
 *
 * @since 0.1.0
 * @category models
 */
export const NotificationKind = Schema.Literals([
  "paymentSuccessful",
  "paymentFailed",
  "workOrderApprovedToCreator",
  "workOrderApprovedToCbo",
  "workOrderRejected",
  "timeExtensionSentBack",
  "timeExtensionApproved",
  "timeExtensionRejected",
  "measurementApproved",
  "measurementRejected",
  "musterRollSentBack",
  "musterRollApproved",
])

/**
 * @since 0.1.0
 * @category models
 */
export type NotificationKind = typeof NotificationKind.Type

/**
 * The placeholders each template may use; `{scheme}` is the tenant's scheme
 * name and is always available.
 *
 * @since 0.1.0
 * @category models
 */
export const placeholdersOf: Readonly<Record<NotificationKind, ReadonlyArray<string>>> = {
  paymentSuccessful: ["amount", "utr"],
  paymentFailed: ["amount", "utr"],
  workOrderApprovedToCreator: ["workOrderNumber"],
  workOrderApprovedToCbo: ["workOrderNumber", "acceptanceDueDate"],
  workOrderRejected: ["workOrderNumber"],
  timeExtensionSentBack: ["timeExtensionNumber", "workOrderNumber"],
  timeExtensionApproved: ["timeExtensionNumber", "workOrderNumber"],
  timeExtensionRejected: ["timeExtensionNumber", "workOrderNumber"],
  measurementApproved: ["measurementNumber"],
  measurementRejected: ["measurementNumber"],
  musterRollSentBack: ["musterRollNumber"],
  musterRollApproved: ["musterRollNumber"],
}

/**
 * A placeholder in a template: `{name}`.
 *
 * @since 0.1.0
 * @category models
 */
export const placeholderPattern = /\{([A-Za-z]+)\}/g

const unknownPlaceholders = (kind: NotificationKind, template: string): ReadonlyArray<string> =>
  [...template.matchAll(placeholderPattern)]
    .map((match) => match[1] ?? "")
    .filter((name) => name !== "scheme" && !placeholdersOf[kind].includes(name))

const templateFields = Object.fromEntries(
  NotificationKind.literals.map((kind) => [kind, Schema.NonEmptyString]),
) as { readonly [K in NotificationKind]: typeof Schema.NonEmptyString }

/**
 * A tenant's SMS templates: its scheme name and one template per event.
 * Each template may use only its event's placeholders.
 *
 * @since 0.1.0
 * @category models
 */
export const NotificationTemplates = Schema.Struct({
  schemeName: Schema.NonEmptyString,
  templates: Schema.Struct(templateFields),
}).check(
  Schema.makeFilter((value) =>
    NotificationKind.literals.flatMap((kind) =>
      unknownPlaceholders(kind, value.templates[kind]).map((name) => ({
        path: ["templates", kind],
        issue: `{${name}} is not available in this template; use ${["scheme", ...placeholdersOf[kind]].map((known) => `{${known}}`).join(", ")}`,
      })),
    ),
  ),
)

/**
 * @since 0.1.0
 * @category models
 */
export type NotificationTemplates = typeof NotificationTemplates.Type
