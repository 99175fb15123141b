import { createFeedAssertions, FeedAssertionError } from '../feedAssertion';
import { createStaffAssertions } from '../staffAssertion';

describe("the change feeds' word on the subscriber behind a re-read", () => {
  it('round-trips the application, scenario and subscription under the shared secret only, and is no staff assertion', async () => {
    const assertions = createFeedAssertions();
    const claims = {
      applicationId: '52fa0aad-5d24-45bc-8fc3-0df2bc000235',
      scenario: 'license-death-notice',
      subscriptionId: '5cf259c2-5467-4781-85e4-5e4992a9d3fe',
    };
    const token = await assertions.sign(claims);
    await expect(assertions.verify(token)).resolves.toEqual(claims);
    await expect(createFeedAssertions().verify(token)).rejects.toThrow(FeedAssertionError);
    await expect(assertions.verify(`${token.slice(0, -2)}xx`)).rejects.toThrow('The feed assertion is not valid');
    // Same secret, other issuer: a staff assertion never passes for a feed's, nor the other way round.
    const secret = new Uint8Array(32).fill(7);
    const staff = await createStaffAssertions(secret).sign({ person: 'wang.fang', role: 'ADMIN', department: 'SH-BDC' });
    await expect(createFeedAssertions(secret).verify(staff)).rejects.toThrow(FeedAssertionError);
    await expect(createStaffAssertions(secret).verify(await createFeedAssertions(secret).sign(claims))).rejects.toThrow('The staff assertion is not valid');
  });
});
