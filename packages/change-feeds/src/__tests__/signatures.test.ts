import { Webhook } from 'standardwebhooks';
import { changeCloudEvent } from '../cloudEvent';
import { changedFields, feedEntity } from '../feedEntities';
import { generateWebhookSecret, generateWebhookSigningKey, signWebhook, verifyAsymmetricSignature } from '../signatures';

describe('webhook signatures (Standard Webhooks)', () => {
  const body = changeCloudEvent({
    subscriptionId: '5cf259c2-5467-4781-85e4-5e4992a9d3fe',
    owner: 'population',
    sequence: 7n,
    occurredAt: new Date('2026-12-04T09:05:23.112Z'),
    data: { entityType: 'Person', key: 'k', operation: 'UPDATED', changedFields: ['deathDate'] },
  });

  it('signs with every key and secret in service: the reference library verifies the secret, Ed25519 each key (rotation)', () => {
    const [oldKey, newKey] = [generateWebhookSigningKey().key, generateWebhookSigningKey().key];
    const [secret, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = signWebhook('5cf2:7', new Date(), body, [oldKey!, newKey!], [secret, previous]);
    expect(headers['webhook-signature'].split(' ').map((s) => s.split(',')[0])).toEqual(['v1a', 'v1a', 'v1', 'v1']);
    for (const s of [secret, previous]) expect(new Webhook(s).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow();
    expect(verifyAsymmetricSignature(headers, body, oldKey!.publicKey)).toBe(true);
    expect(verifyAsymmetricSignature(headers, body, newKey!.publicKey)).toBe(true);
    expect(verifyAsymmetricSignature(headers, body, generateWebhookSigningKey().key.publicKey)).toBe(false);
    expect(verifyAsymmetricSignature(headers, `${body} `, oldKey!.publicKey)).toBe(false);
  });

  it('writes a CloudEvent with the sequence extension, and names changed columns by their fields only', () => {
    expect(JSON.parse(body)).toMatchObject({ specversion: '1.0', id: '5cf259c2-5467-4781-85e4-5e4992a9d3fe:7', sequence: '7', sequencetype: 'Integer' });
    const person = feedEntity('Person')!;
    expect(changedFields(person, ['death_date', 'updated_at', 'residence_township_code', 'residence_district_code'])).toEqual([
      'deathDate',
      'residenceDistrict',
    ]);
    expect(changedFields(feedEntity('License')!, ['status'])).toEqual(['status', 'statusCode']);
  });
});
