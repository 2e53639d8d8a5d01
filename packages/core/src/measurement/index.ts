/**
 * (in progress)
 *
 * @since 0.1.0
 */

/**
 * The error classes this module defines (code registry).
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [] as const
