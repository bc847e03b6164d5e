import { formatOfUrl, open311Xml } from './open311.format';

describe('open311Xml', () => {
  it('writes the declaration, the root, one element per key and the spec’s item elements', () => {
    expect(open311Xml('service_requests', [{ service_request_id: 'a', lat: null, metadata: false }])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<service_requests><request><service_request_id>a</service_request_id><lat/>' +
        '<metadata>false</metadata></request></service_requests>\n',
    );
    expect(open311Xml('errors', [{ code: 400, description: 'x' }])).toContain(
      '<errors><error><code>400</code><description>x</description></error></errors>',
    );
    expect(open311Xml('service_definition', { service_code: 'heating', attributes: [] })).toContain(
      '<attributes></attributes>',
    );
  });

  it('escapes markup and drops what XML 1.0 cannot carry (controls, lone surrogates)', () => {
    const xml = open311Xml('discovery', { contact: `<a href="x">&'</a>\u0000\u001f\ud800ok😀` });
    expect(xml).toContain('<contact>&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;ok😀</contact>');
  });

  it('refuses a list it has no item element for', () => {
    expect(() => open311Xml('things', [1])).toThrow(/things/);
  });
});

describe('formatOfUrl', () => {
  it('reads the extension of the path, not of the query', () => {
    expect(formatOfUrl('/open311/v2/requests.xml?status=open')).toBe('xml');
    expect(formatOfUrl('/open311/v2/requests.json?x=.xml')).toBe('json');
    expect(formatOfUrl('/open311/v2/requests/AB.XML')).toBe('xml');
  });
});
