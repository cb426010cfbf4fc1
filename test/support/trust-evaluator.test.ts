import { admits, evaluateCondition, rcpDenies } from './trust-evaluator';

// The evaluator decides the security tests, so its own semantics are tested
// against the documented IAM behaviour first.
describe('trust-evaluator conditions', () => {
  test.each([
    // operator, policy values, request values, expected
    ['StringEquals', ['a'], ['a'], true],
    ['StringEquals', ['a'], ['A'], false],
    ['StringEquals', ['a', 'b'], ['b'], true],
    ['StringEquals', ['a'], undefined, false],
    ['StringEqualsIfExists', ['a'], undefined, true],
    ['StringNotEquals', ['a'], ['b'], true],
    ['StringNotEquals', ['a'], ['a'], false],
    ['StringNotEquals', ['a'], undefined, true],
    ['StringLike', ['repo:o/r:*'], ['repo:o/r:ref:refs/heads/main'], true],
    ['StringLike', ['repo:o/r:*'], ['repo:o/r-evil:ref:refs/heads/main'], false],
    ['StringLike', ['repo:o*'], ['repo:o-evil/r:pull_request'], true],
    ['StringLike', ['a?c'], ['abc'], true],
    ['StringLike', ['a?c'], ['ac'], false],
    ['StringLike', ['a.c'], ['abc'], false],
    ['StringNotLike', ['a*'], ['abc'], false],
    ['StringEqualsIgnoreCase', ['ABC'], ['abc'], true],
    // ForAllValues is vacuously true when the key is absent: the documented trap.
    ['ForAllValues:StringEquals', ['a'], undefined, true],
    ['ForAllValues:StringEquals', ['a'], ['a'], true],
    ['ForAllValues:StringEquals', ['a'], ['b'], false],
    ['ForAnyValue:StringLike', ['a*'], undefined, false],
    ['ForAnyValue:StringLike', ['a*'], ['x', 'ab'], true],
  ] as Array<[string, string[], string[] | undefined, boolean]>)('%s %j vs %j -> %s', (operator, policy, request, expected) => {
    expect(evaluateCondition(operator, policy, request)).toBe(expected);
  });

  test('unknown operators throw instead of passing silently', () => {
    expect(() => evaluateCondition('NumericEquals', ['1'], ['1'])).toThrow(/not implemented/);
  });
});

describe('trust-evaluator policies', () => {
  const providerArn = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';
  const token = { iss: 'https://token.actions.githubusercontent.com', aud: 'sts.amazonaws.com', sub: 'repo:o/r:ref:refs/heads/main' };
  const allow = (condition: object) => ({
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: providerArn }, Condition: condition }],
  });

  test('all conditions of a statement must hold', () => {
    const ok = { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:o/r:ref:refs/heads/main' } };
    expect(admits(allow(ok), { providerArn, token })).toBe(true);
    expect(admits(allow(ok), { providerArn, token: { ...token, aud: 'other' } })).toBe(false);
    expect(admits(allow(ok), { providerArn, token: { ...token, sub: 'repo:o/r:pull_request' } })).toBe(false);
  });

  test('another provider, another action or a Deny does not admit', () => {
    const open = { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } };
    expect(admits(allow(open), { providerArn: providerArn.replace('111111111111', '222222222222'), token })).toBe(false);
    expect(admits(allow(open), { providerArn, token, action: 'sts:AssumeRole' })).toBe(false);
    const denied = allow(open);
    denied.Statement.push({ Effect: 'Deny', Action: 'sts:*', Principal: { Federated: providerArn }, Condition: {} as any });
    expect(admits(denied, { providerArn, token })).toBe(false);
  });

  test('condition keys are read for the token\'s issuer only', () => {
    const wrongPrefix = { StringEquals: { 'token.actions.githubusercontent.com/acme:sub': 'repo:o/r:ref:refs/heads/main' } };
    // The key is absent from the request context: StringEquals fails.
    expect(admits(allow(wrongPrefix), { providerArn, token })).toBe(false);
  });

  test('GitHub claims are keys of their own; an absent claim fails StringEquals and passes StringNotEquals', () => {
    const claims = {
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:repository_id': '2002',
        'token.actions.githubusercontent.com:environment': 'prod',
      },
    };
    const withClaims = { ...token, claims: { repository_id: '2002', environment: 'prod' } };
    expect(admits(allow(claims), { providerArn, token: withClaims })).toBe(true);
    expect(admits(allow(claims), { providerArn, token: { ...withClaims, claims: { repository_id: '2002' } } })).toBe(false);
    expect(admits(allow(claims), { providerArn, token: { ...withClaims, claims: { repository_id: '2003', environment: 'prod' } } })).toBe(false);
    expect(admits(allow(claims), { providerArn, token })).toBe(false);
    expect(evaluateCondition('StringNotEquals', ['2002'], undefined)).toBe(true);
  });
});

describe('trust-evaluator resource control policies', () => {
  const token = { iss: 'https://token.actions.githubusercontent.com', aud: 'sts.amazonaws.com', sub: 'repo:o/r:ref:refs/heads/main', claims: { enterprise_id: '7' } };
  const roleArn = 'arn:aws:iam::111111111111:role/deploy';
  const deny = (extra: object) => ({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRoleWithWebIdentity', ...extra }] });

  test('Null "false" holds when the key is present, "true" when it is absent', () => {
    const present = deny({ Resource: '*', Condition: { Null: { 'token.actions.githubusercontent.com:sub': 'false' } } });
    expect(rcpDenies(present, { token, roleArn })).toBe(true);
    const absent = deny({ Resource: '*', Condition: { Null: { 'token.actions.githubusercontent.com:enterprise_id': 'true' } } });
    expect(rcpDenies(absent, { token, roleArn })).toBe(false);
    expect(rcpDenies(absent, { token: { ...token, claims: {} }, roleArn })).toBe(true);
  });

  test('Resource selects, NotResource exempts, another action is not denied', () => {
    expect(rcpDenies(deny({ Resource: 'arn:aws:iam::*:role/other' }), { token, roleArn })).toBe(false);
    expect(rcpDenies(deny({ NotResource: ['arn:aws:iam::*:role/deploy'] }), { token, roleArn })).toBe(false);
    expect(rcpDenies(deny({ NotResource: ['arn:aws:iam::*:role/other'] }), { token, roleArn })).toBe(true);
    expect(rcpDenies(deny({ Resource: '*' }), { token, roleArn, action: 'sts:AssumeRole' })).toBe(false);
  });

  test('refuses statements an RCP cannot hold', () => {
    expect(() => rcpDenies({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }, { token, roleArn })).toThrow(/Deny statements/);
  });
});
