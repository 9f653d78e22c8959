/**
 * Leaves a tfjs argument out when it is what tfjs would use anyway, so generated code
 * reads like the book's.
 */
export const unless = <T>(value: T, tfjsDefault: T): T | undefined => (JSON.stringify(value) === JSON.stringify(tfjsDefault) ? undefined : value);
