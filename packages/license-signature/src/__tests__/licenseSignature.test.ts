import {
  exportLicenseSigningKey,
  generateLicenseSigningKey,
  importLicenseSigningKey,
  signLicense,
  verifyLicenseSignature,
  type SignedLicenseContent,
} from '../index';

const content: SignedLicenseContent = {
  identifier: '1.2.156.3005.2.T.91350100M000100Y43.1.001.X',
  typeCode: 'T',
  name: '结婚证',
  number: 'J310101-2020-000001',
  holderKind: 'PERSON',
  holderId: '00000000-0000-4000-8000-000000000001',
  holderName: '张三',
  holderIdentifier: '310101199003071230',
  holderIdentifierType: '111',
  issuerName: '上海市黄浦区民政局',
  issuerCode: '91350100M000100Y43',
  jurisdictionCode: '310101',
  issuedOn: '2020-05-20',
  validFrom: '2020-05-20',
  validUntil: null,
  longTerm: true,
  replacesId: null,
};

describe('license signatures', () => {
  const key = generateLicenseSigningKey();
  const signature = signLicense(content, key);

  it('verifies an untouched record', () => {
    expect(verifyLicenseSignature(content, signature, key.publicKeyPem)).toBe(true);
  });

  it.each<[keyof SignedLicenseContent, unknown]>([
    ['holderName', '李四'],
    ['validUntil', '2030-01-01'],
    ['longTerm', false],
    ['holderIdentifier', '310115198512014561'],
  ])('detects a changed %s', (field, value) => {
    expect(verifyLicenseSignature({ ...content, [field]: value }, signature, key.publicKeyPem)).toBe(false);
  });

  it('rejects another key and garbage signatures', () => {
    expect(verifyLicenseSignature(content, signature, generateLicenseSigningKey().publicKeyPem)).toBe(false);
    expect(verifyLicenseSignature(content, 'not-a-signature', key.publicKeyPem)).toBe(false);
  });

  it('round-trips the private key with a stable id', () => {
    const again = importLicenseSigningKey(exportLicenseSigningKey(key));
    expect(again.id).toBe(key.id);
    expect(again.id).toMatch(/^ed25519-[0-9a-f]{16}$/);
    expect(verifyLicenseSignature(content, signLicense(content, again), key.publicKeyPem)).toBe(true);
  });
});
