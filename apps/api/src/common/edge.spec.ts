import { MAX_DEPTH, edgeRefusal, inputProblem, keyProblem, parseJsonInput, stringProblem } from './edge';
import { attachment, safeLocation, sameSitePath } from './safe-headers';

describe('input at the edge', () => {
  it('finds NUL bytes and lone surrogates, and accepts paired ones', () => {
    expect(stringProblem('ok é 😀')).toBeNull();
    expect(stringProblem('a\u0000b')).toBe('nul');
    // Trust review: control characters other than NUL reached names, SMS and CSV exports.
    for (const control of ['a\u0007b', '\u001b[31m', 'x\u007f', 'x\u0085', 'x\u000b', 'x\u000c']) {
      expect(stringProblem(control)).toBe('control');
    }
    expect(stringProblem('line one\r\nline two\tand a tab')).toBeNull();
    expect(stringProblem('a\ud800')).toBe('surrogate');
    expect(stringProblem('\udc00a')).toBe('surrogate');
    expect(stringProblem('\ud83d\ude00')).toBeNull();
  });

  it('refuses keys that name a prototype in any segment', () => {
    for (const key of [
      '__proto__',
      'a.__proto__.b',
      'constructor.prototype.x',
      'a[constructor]',
      'prototype',
    ]) {
      expect(keyProblem(key)).toBe('key');
    }
    expect(keyProblem('tenant.phone')).toBeNull();
    expect(keyProblem('constructors')).toBeNull();
  });

  it('names the first problem of a nested input, and bounds depth without recursing', () => {
    expect(inputProblem({ tenant: { name: 'x\u0000' } }, 'body')).toMatchObject({
      field: 'body.tenant.name',
      reason: 'nul',
    });
    expect(inputProblem({ list: ['a', '\ud800'] }, 'body')).toMatchObject({ field: 'body.list[1]' });
    expect(inputProblem(JSON.parse('{"a":{"__proto__":{"x":1}}}'), 'body')).toMatchObject({
      field: 'body.a',
      reason: 'key',
    });
    expect(inputProblem({ a: { 'b.constructor': 1 } }, 'query')?.message).toBe(
      'query.a: the key "b.constructor" is not an accepted field name',
    );
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(inputProblem(deep, 'body')).toMatchObject({ reason: 'depth' });
    let fine: unknown = 'x';
    for (let i = 0; i < MAX_DEPTH - 1; i++) fine = { a: fine };
    expect(inputProblem(fine, 'body')).toBeNull();
  });

  it('parses pasted JSON with the same rules', () => {
    expect(parseJsonInput('{"a":[1,"b"]}')).toEqual({ a: [1, 'b'] });
    expect(() => parseJsonInput('{"__proto__":{"x":1}}')).toThrow(/__proto__/);
    expect(() => parseJsonInput('{"a":{"constructor":{"prototype":{}}}}')).toThrow(/"constructor"/);
    expect(() => parseJsonInput('{"a":"\\u0000"}')).toThrow(/NUL/);
    expect(() => parseJsonInput(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)).toThrow(/deeper/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('the 400 of a refused input', () => {
  it('names the failed check with a code and its parameters, as the DTO checks do', () => {
    const deep = inputProblem(JSON.parse('['.repeat(MAX_DEPTH + 2) + ']'.repeat(MAX_DEPTH + 2)), 'body')!;
    expect(edgeRefusal(deep).getResponse()).toMatchObject({
      fields: [{ field: deep.field, code: 'maxDepth', params: { max: MAX_DEPTH }, reason: 'depth' }],
    });
    const nul = inputProblem({ name: 'a\u0000' }, 'body')!;
    expect(edgeRefusal(nul).getResponse()).toMatchObject({
      fields: [{ field: 'body.name', code: 'noNul', params: {}, reason: 'nul' }],
    });
  });
});

describe('header values from input', () => {
  it('follows only plain same-site paths after sign-in', () => {
    for (const ok of ['/agent', '/agent/complaints/ABC-123?done=1', '/manage/L-1/rules#x', '/t/a_b-c~d']) {
      expect(sameSitePath(ok)).toBe(ok);
    }
    for (const bad of [
      '/\nx',
      '/\rx',
      '/。',
      '/\t/host',
      '/%2F/host',
      '/%2fhost',
      '/%5Chost',
      '/\\host',
      '//host',
      '/ /host',
      'https://host/',
      'agent',
      '/%0Ax',
      '/%00',
      '/%E0%A4%A',
      '/%ZZ',
      42,
      null,
      `/${'a'.repeat(3000)}`,
    ]) {
      expect(sameSitePath(bad)).toBeNull();
    }
  });

  it('makes any Location a header Node accepts', () => {
    expect(safeLocation('/t/abc?done=note')).toBe('/t/abc?done=note');
    expect(safeLocation('/a\nb')).toBe('/a%0Ab');
    expect(safeLocation('/。')).toBe('/%E3%80%82');
    expect(safeLocation('/a\ud800')).toBe('/a');
    expect(safeLocation('//host')).toBe('/');
    expect(safeLocation('https://host')).toBe('/');
  });

  it('names downloads with safe characters only', () => {
    expect(attachment('suivi-events-L-1.ndjson')).toBe('attachment; filename="suivi-events-L-1.ndjson"');
    expect(attachment('a"\r\nb;c.csv')).toBe('attachment; filename="a___b_c.csv"');
  });
});
