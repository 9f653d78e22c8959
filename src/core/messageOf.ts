/**
 * The text to show for something thrown: an Error's message, or the thrown value as a
 * string (code may throw a string, a number or an object). Pure, so every layer, the
 * renderer included, words failures the same way.
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}
