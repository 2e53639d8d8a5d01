/**
 * The version of `@karya/core`, kept equal to its package.json (tested).
 *
 * @since 0.1.0
 * @category models
 */
export const version = "0.1.0"
