import { describe, expect, it } from 'vitest';
import { messageOf } from '../../src/core/messageOf';

describe('messageOf', () => {
  const cases: { thrown: unknown; text: string; what: string }[] = [
    { thrown: new Error('disk full'), text: 'disk full', what: 'an Error gives its message' },
    { thrown: new TypeError('not a number'), text: 'not a number', what: 'a subclass gives its message, not its name' },
    { thrown: 'plain text', text: 'plain text', what: 'a thrown string is itself' },
    { thrown: 42, text: '42', what: 'a number' },
    { thrown: undefined, text: 'undefined', what: 'undefined' },
    { thrown: { toString: () => 'custom' }, text: 'custom', what: 'an object with toString' },
    { thrown: Object.create(null), text: '[object Object]', what: 'an object String() cannot convert' },
  ];
  it.each(cases)('$what', ({ thrown, text }) => expect(messageOf(thrown)).toBe(text));
});
