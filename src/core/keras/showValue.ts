/**
 * An untrusted value as text for a message or a name: a string as it is, anything else as
 * JSON (cut at 80 characters). Never `String(value)`: an object from a file may carry
 * `toString` or `valueOf` keys that are not functions, and String() then throws.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return value;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  text ??= typeof value;
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
