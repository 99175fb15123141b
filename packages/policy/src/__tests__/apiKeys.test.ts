import { hashApiKey, issueApiKey } from '../index';

describe('API keys', () => {
  it('are 256 random bits with a recognisable prefix, stored only as a SHA-256 hash', () => {
    const key = issueApiKey();
    expect(key.secret).toMatch(/^cg_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toBe(key.secret.slice(0, 10));
    expect(key.hash).toBe(hashApiKey(key.secret));
    expect(key.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.hash).not.toContain(key.secret.slice(3, 13));
    expect(issueApiKey().secret).not.toBe(key.secret);
  });
});
