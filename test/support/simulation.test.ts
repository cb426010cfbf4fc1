import { ADMINISTRATOR_ACCESS, ASSUME_ANY_ROLE, decide, simulate, trustsAccount } from './simulation';

// The harness decides the evaluation proofs, so its own rules are tested
// first: nothing passes by being refused or ignored, and the deciding
// statements are named whichever policy holds them.

const ACCOUNT = '111111111111';
const CALLER = `arn:aws:iam::${ACCOUNT}:role/caller`;
const BUCKET_OBJECT = 'arn:aws:s3:::bucket/key';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/target`;
const denyAll = (sid: string, condition?: object) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: sid, Effect: 'Deny', Action: '*', Resource: '*', ...(condition ? { Condition: condition } : {}) }],
});

describe('simulation harness', () => {
  test('a context key that does not apply to the action fails the case', async () => {
    await expect(
      simulate({
        principal: CALLER,
        action: 's3:GetObject',
        resource: BUCKET_OBJECT,
        resourceAccount: ACCOUNT,
        identityPolicies: { admin: ADMINISTRATOR_ACCESS },
        context: { 'kms:GrantIsForAWSResource': 'true' },
      }),
    ).rejects.toThrow(/ignored context keys kms:GrantIsForAWSResource for s3:GetObject/);
  });

  test('the OIDC keys the simulator does not know fail the case (decide them with the trust evaluator)', async () => {
    await expect(
      simulate({
        principal: CALLER,
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: ROLE,
        identityPolicies: {},
        trustPolicy: trustsAccount(ACCOUNT),
        context: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main' },
      }),
    ).rejects.toThrow(/ignored context keys token\.actions\.githubusercontent\.com:sub/);
  });

  test('a request the simulator refuses fails the case', async () => {
    await expect(simulate({ principal: CALLER, action: 'iam:NoSuchAction', resource: ROLE, identityPolicies: { admin: ADMINISTRATOR_ACCESS } })).rejects.toThrow(
      /simulation refused iam:NoSuchAction/,
    );
  });

  test('a wildcard resource that no policy resource matches fails the case instead of counting as denied', async () => {
    const onlyOther = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/key' }] };
    await expect(
      simulate({ principal: CALLER, action: 's3:GetObject', resource: 'arn:aws:s3:::bucket*/*', resourceAccount: ACCOUNT, identityPolicies: { only: onlyOther } }),
    ).rejects.toThrow(/evaluated no resource/);
  });

  test('a malformed case fails before simulation', async () => {
    const base = { principal: CALLER, identityPolicies: { admin: ADMINISTRATOR_ACCESS } };
    await expect(simulate({ ...base, action: 's3:GetObject', resource: BUCKET_OBJECT })).rejects.toThrow(/names no account; give resourceAccount/);
    await expect(simulate({ ...base, action: 'iam:GetRole', resource: ROLE, trustPolicy: trustsAccount(ACCOUNT) })).rejects.toThrow(/decides sts:AssumeRole\* only/);
    await expect(
      simulate({ ...base, action: 'sts:AssumeRole', resource: ROLE, trustPolicy: trustsAccount(ACCOUNT), resourcePolicy: trustsAccount(ACCOUNT) }),
    ).rejects.toThrow(/not both/);
  });

  test('names the denying statements of the identity policies, the boundary and the resource policy', async () => {
    const bucket = { principal: CALLER, action: 's3:GetObject', resource: BUCKET_OBJECT, resourceAccount: ACCOUNT };
    expect(await decide({ ...bucket, identityPolicies: { admin: ADMINISTRATOR_ACCESS } })).toBe('Allowed');
    expect(await decide({ ...bucket, identityPolicies: {} })).toBe('ImplicitlyDenied');
    expect(await decide({ ...bucket, identityPolicies: { admin: ADMINISTRATOR_ACCESS, deny: denyAll('IdentityDeny') } })).toBe('ExplicitlyDenied by IdentityDeny');
    expect(await decide({ ...bucket, identityPolicies: { admin: ADMINISTRATOR_ACCESS }, permissionBoundary: denyAll('BoundaryDeny') })).toBe('ExplicitlyDenied by BoundaryDeny');
    const resourceDeny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: BUCKET_OBJECT }] };
    expect(await decide({ ...bucket, identityPolicies: { admin: ADMINISTRATOR_ACCESS }, resourcePolicy: resourceDeny })).toBe('ExplicitlyDenied by #1');
    const outcome = await simulate({ ...bucket, identityPolicies: { deny: denyAll('IdentityDeny') }, permissionBoundary: denyAll('BoundaryDeny') });
    expect(outcome).toEqual({ decision: 'ExplicitlyDenied', deniedBy: ['BoundaryDeny', 'IdentityDeny'] });
  });

  test('aws:PrincipalArn is the principal unless the case sets it', async () => {
    const onlyFrom = (arn: string) => denyAll('NotFromThisPrincipal', { ArnNotEquals: { 'aws:PrincipalArn': arn } });
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/caller/session`;
    const bucket = { action: 's3:GetObject', resource: BUCKET_OBJECT, resourceAccount: ACCOUNT };
    expect(await decide({ ...bucket, principal: CALLER, identityPolicies: { admin: ADMINISTRATOR_ACCESS, guard: onlyFrom(CALLER) } })).toBe('Allowed');
    expect(await decide({ ...bucket, principal: session, identityPolicies: { admin: ADMINISTRATOR_ACCESS, guard: onlyFrom(CALLER) } })).toBe(
      'ExplicitlyDenied by NotFromThisPrincipal',
    );
    expect(
      await decide({ ...bucket, principal: session, context: { 'aws:PrincipalArn': CALLER }, identityPolicies: { admin: ADMINISTRATOR_ACCESS, guard: onlyFrom(CALLER) } }),
    ).toBe('Allowed');
  });

  test('a trust policy decides sts:AssumeRole together with the caller\'s identity policies', async () => {
    const assume = { principal: CALLER, action: 'sts:AssumeRole', resource: 'arn:aws:iam::222222222222:role/target' };
    expect(await decide({ ...assume, identityPolicies: { assume: ASSUME_ANY_ROLE }, trustPolicy: trustsAccount(ACCOUNT) })).toBe('Allowed');
    expect(await decide({ ...assume, identityPolicies: {}, trustPolicy: trustsAccount(ACCOUNT) })).toBe('ImplicitlyDenied');
    expect(await decide({ ...assume, identityPolicies: { assume: ASSUME_ANY_ROLE }, trustPolicy: trustsAccount('333333333333') })).toBe('ImplicitlyDenied');
  });
});
