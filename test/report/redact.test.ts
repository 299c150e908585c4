import { describe, expect, it } from 'vitest';
import {
  authorizationHeaders, azureSecrets, bearerTokens, createRedaction, knownSecrets, patternRedactor, redactChain, redactDeep,
  RedactPatternError, secretAssignments, secretsOfUrl, urlCredentials, type Redactor,
} from '../../src/report/index.js';

type Row = readonly [input: string, output: string, count: number];

function table(redactor: Redactor, kind: string, rows: readonly Row[]): void {
  it.each(rows)('%s', (input, output, count) => {
    const out = redactor(input);
    expect(out.text).toBe(output);
    expect(out.record).toEqual({ kind, count });
  });
}

describe('urlCredentials', () => {
  table(urlCredentials, 'url-credentials', [
    ['http://alice:s3cret@proxy:3128', 'http://alice:***@proxy:3128', 1],
    ['proxy http://u:p%40ss@p:3128 and https://bob:x@q/', 'proxy http://u:***@p:3128 and https://bob:***@q/', 2],
    ['http://u:p@ss@host:3128/x', 'http://u:***@host:3128/x', 1],
    ['http://alice:***@proxy:3128', 'http://alice:***@proxy:3128', 0],
    ['http://svc-netreq@proxy:3128 keeps a user name', 'http://svc-netreq@proxy:3128 keeps a user name', 0],
    ['https://ghp_abcdefghijklmnop1234@github.com/x', 'https://***@github.com/x', 1],
    ['https://0123456789abcdefABCDEF01@host', 'https://***@host', 1],
    ['{"url":"http://a:b@c:1"}', '{"url":"http://a:***@c:1"}', 1],
    ['mail bob@example.com, http://proxy:3128', 'mail bob@example.com, http://proxy:3128', 0],
  ]);
});

describe('authorizationHeaders', () => {
  table(authorizationHeaders, 'authorization', [
    ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic ***', 1],
    ['proxy-authorization:NTLM TlRMTVNTUAAB\nnext: line', 'proxy-authorization:NTLM ***\nnext: line', 1],
    ["curl -H 'Authorization: token abc123' x", "curl -H 'Authorization: token ***' x", 1],
    ['Authorization: opaque-value', 'Authorization: ***', 1],
    ['{"authorization": "Bearer abc.def", "proxy-authorization":"Basic eHg="}', '{"authorization": "Bearer ***", "proxy-authorization":"Basic ***"}', 2],
    ['Authorization: Basic ***', 'Authorization: Basic ***', 0],
    ['no authorization header here', 'no authorization header here', 0],
    // A pull hop's `authorization` names the kind of credential sent, never one: the report must still parse.
    ['{"purpose":"layer","authorization":"bearer","status":307}', '{"purpose":"layer","authorization":"bearer","status":307}', 0],
    ['{"authorization":"refresh-token"}', '{"authorization":"refresh-token"}', 0],
  ]);
});

describe('bearerTokens', () => {
  table(bearerTokens, 'bearer-token', [
    ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.sig', 'Bearer ***', 1],
    ['token=x Bearer abcdef0123456789 tail', 'token=x Bearer *** tail', 1],
    ['www-authenticate: Bearer realm="https://r/token",service="r"', 'www-authenticate: Bearer realm="https://r/token",service="r"', 0],
    ['answers 401 with a Bearer challenge', 'answers 401 with a Bearer challenge', 0],
    ['Bearer ***', 'Bearer ***', 0],
  ]);
});

describe('azureSecrets', () => {
  table(azureSecrets, 'azure-sas', [
    ['https://a.blob.core.windows.net/c?sv=2022-11-02&se=2030&sig=AbC%2Bdef%3D&sp=r', 'https://a.blob.core.windows.net/c?sv=2022-11-02&se=2030&sig=***&sp=r', 1],
    ['SharedAccessSignature sr=x&sig=QWE123&se=1', 'SharedAccessSignature sr=x&sig=***&se=1', 1],
    ['DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFy==;EndpointSuffix=x', 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=***;EndpointSuffix=x', 1],
    ['signature=keep sig=*** design', 'signature=keep sig=*** design', 0],
  ]);
});

describe('secretAssignments', () => {
  table(secretAssignments, 'secret-assignment', [
    ['GITHUB_TOKEN=ghp_x1 HOME=/root', 'GITHUB_TOKEN=*** HOME=/root', 1],
    ['db_password: "hunter2"', 'db_password: "***"', 1],
    ['{"apiKey": "k-1", "name": "n"}', '{"apiKey": "***", "name": "n"}', 1],
    ['client_secret=abc&x=1', 'client_secret=***&x=1', 1],
    ['sentCredentials: true, token: ***', 'sentCredentials: true, token: ***', 0],
    ['{"w":"realm=\\"https://a/t?access_token=abc\\""}', '{"w":"realm=\\"https://a/t?access_token=***\\""}', 1],
  ]);
});

describe('knownSecrets', () => {
  table(knownSecrets(['S3cretPlanted', 'abc']), 'known-secret', [
    ['x S3cretPlanted y S3cretPlantedS3cretPlanted', 'x *** y ******', 3],
    ['abc is too short to hunt', 'abc is too short to hunt', 0],
  ]);
  it('has no effect without secrets', () => {
    expect(knownSecrets([])('anything')).toEqual({ text: 'anything', record: { kind: 'known-secret', count: 0 } });
  });
  it('knows every form of a URL password', () => {
    expect(secretsOfUrl('http://user:p%40ss%2Fw@proxy:3128')).toEqual(
      expect.arrayContaining(['p%40ss%2Fw', 'p@ss/w', Buffer.from('user:p@ss/w').toString('base64'), Buffer.from('user:p%40ss%2Fw').toString('base64')]),
    );
    expect(secretsOfUrl('http://user@proxy:3128')).toEqual([]);
    expect(secretsOfUrl(undefined)).toEqual([]);
  });
  // base64('svc-netreq:Z~~?>>w9') is c3ZjLW5ldHJlcTpafn4/Pj53OQ==: a '/', and padding.
  table(knownSecrets(secretsOfUrl('http://svc-netreq:Z~~%3F%3E%3Ew9@proxy:3128')), 'known-secret', [
    ['Via: 1.1 p (c3ZjLW5ldHJlcTpafn4/Pj53OQ==)', 'Via: 1.1 p (***)', 1],
    ['unpadded c3ZjLW5ldHJlcTpafn4/Pj53OQ, then', 'unpadded ***, then', 1],
    ['base64url c3ZjLW5ldHJlcTpafn4_Pj53OQ and c3ZjLW5ldHJlcTpafn4_Pj53OQ==', 'base64url *** and ***', 2],
    ['Set-Cookie: a=c3ZjLW5ldHJlcTpafn4%2FPj53OQ%3D%3D; b=c3ZjLW5ldHJlcTpafn4%2fPj53OQ%3d%3d', 'Set-Cookie: a=***; b=***', 2],
    ['raw Z~~?>>w9 and Z~~%3F%3E%3Ew9', 'raw *** and ***', 2],
  ]);
});

describe('patternRedactor (--redact)', () => {
  table(patternRedactor('corp\\.example', 1), '--redact #1', [
    ['proxy.corp.example and a.corp.example', 'proxy.*** and a.***', 2],
    ['CORP.EXAMPLE', 'CORP.EXAMPLE', 0],
  ]);
  table(patternRedactor('(?i)acme-[0-9]+', 2), '--redact #2', [['ACME-42 acme-7', '*** ***', 2]]);
  it('throws for a pattern that does not compile or matches nothing at all, naming it by position', () => {
    expect(() => patternRedactor('(', 3)).toThrow(RedactPatternError);
    expect(() => patternRedactor('(', 3)).toThrow(/#3/);
    expect(() => patternRedactor('x*', 1)).toThrow(/empty string/);
  });
});

describe('the chain', () => {
  const chain = createRedaction({ secrets: secretsOfUrl('http://user:S3cretPlanted@proxy:3128'), patterns: ['site-[0-9]+'] });

  it('runs every redactor and sums their records; the secret never appears in a record', () => {
    const input = 'http://user:S3cretPlanted@proxy:3128 Authorization: Basic dXNlcjpTM2NyZXRQbGFudGVk site-42 raw S3cretPlanted';
    const out = chain(input);
    expect(out.text).toBe('http://user:***@proxy:3128 Authorization: Basic *** *** raw ***');
    expect(out.records).toEqual([
      // The Basic credential is base64(user:password), one of the password's known forms.
      { kind: 'known-secret', count: 3 },
      { kind: '--redact #1', count: 1 },
    ]);
    expect(JSON.stringify(out.records)).not.toContain('S3cret');
  });

  it('is idempotent: a second pass changes and counts nothing', () => {
    const once = chain('http://a:b1234@h Bearer abcdef0123456789 sig=XYZ GITHUB_TOKEN=t0k');
    const twice = chain(once.text);
    expect(twice).toEqual({ text: once.text, records: [] });
  });

  it('keeps no state between texts', () => {
    const one = redactChain([urlCredentials]);
    expect(one('http://a:b@c').records).toEqual([{ kind: 'url-credentials', count: 1 }]);
    expect(one('http://a:b@c').records).toEqual([{ kind: 'url-credentials', count: 1 }]);
  });

  it('redacts a value deeply, keys and matched numbers included, keeping its shape', () => {
    const value = { proxy: { url: 'http://u:pw99@p' }, list: ['site-1', 7], 'site-9': 1, port: 3128 };
    const deep = redactDeep(value, createRedaction({ patterns: ['site-[0-9]+', '^3128$'] }));
    expect(deep.value).toEqual({ proxy: { url: 'http://u:***@p' }, list: ['***', 7], '***': 1, port: '***' });
    expect(deep.records).toEqual([
      { kind: 'url-credentials', count: 1 },
      { kind: '--redact #1', count: 2 },
      { kind: '--redact #2', count: 1 },
    ]);
  });
});
