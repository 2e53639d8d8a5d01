/**
 * The text `npm start` prints in this release: the kernel's version and the
 * workflow definitions it loads.
 *
 * @since 0.1.0
 */
import { version } from "@karya/core"

/**
 * Renders the kernel summary.
 *
 * @since 0.1.0
 * @category conversions
 */
export const render = (): string => [`Karya core ${version}`].join("\n")
