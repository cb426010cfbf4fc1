import { App, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { IAM_LIMITS, measurePolicySize, UNKNOWN_REFERENCE_LENGTH } from '../../src/private/policy-size';

describe('measurePolicySize', () => {
  test('counts minified JSON, not the white space of a pretty-printed document', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
    const doc = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] })],
    });

    // WHEN
    const size = measurePolicySize(stack, doc);

    // THEN
    const expected = '{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"arn:aws:s3:::b/*"}],"Version":"2012-10-17"}';
    expect(size.rendered).toBe(expected);
    expect(size.characters).toBe(expected.length);
    expect(size.estimated).toBe(false);
  });

  test('keeps white space inside strings', () => {
    const stack = new Stack(new App(), 'Stack');
    const size = measurePolicySize(stack, { Sid: 'a b  c' });
    expect(size.characters).toBe('{"Sid":"a b  c"}'.length);
  });

  test('counts pseudo parameters at their longest value and says it estimated', () => {
    // GIVEN an environment-agnostic stack: partition and account are deploy-time values
    const stack = new Stack(new App(), 'Stack');

    // WHEN
    const size = measurePolicySize(stack, { Resource: stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'r' }) });

    // THEN
    expect(size.rendered).toBe('{"Resource":"arn:aws-us-gov:iam::123456789012:role/r"}');
    expect(size.estimated).toBe(true);
  });

  test('renders an OIDC provider reference with its ARN shape', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
    const provider = new iam.OidcProviderNative(stack, 'P', {
      url: 'https://token.actions.githubusercontent.com',
      clientIds: ['sts.amazonaws.com'],
    });
    const size = measurePolicySize(stack, { Federated: provider.openIdConnectProviderArn });
    expect(size.rendered).toBe(
      // the partition is a deploy-time value even in a concrete environment: counted at its longest
      '{"Federated":"arn:aws-us-gov:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}',
    );
  });

  test('counts an unknown reference at a fixed, documented length', () => {
    const stack = new Stack(new App(), 'Stack');
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    const size = measurePolicySize(stack, { Resource: role.roleArn });
    expect(size.characters).toBe('{"Resource":""}'.length + UNKNOWN_REFERENCE_LENGTH);
    expect(size.estimated).toBe(true);
  });

  test('Fn::Sub and Fn::If are rendered, the longer branch counted', () => {
    const stack = new Stack(new App(), 'Stack');
    const size = measurePolicySize(stack, {
      A: { 'Fn::Sub': 'x-${AWS::AccountId}-${Name}', 'Fn::Other': 1 },
      B: { 'Fn::Sub': ['${AWS::Region}/${V}', { V: 'v' }] },
      C: { 'Fn::If': ['Cond', 'short', 'much longer'] },
    });
    expect(size.rendered).toContain('"B":"ap-southeast-7/v"');
    expect(size.rendered).toContain('"C":"much longer"');
  });

  test('limits are the documented IAM quotas', () => {
    expect(IAM_LIMITS).toEqual({ TRUST_POLICY_DEFAULT: 2048, TRUST_POLICY_MAX: 4096, MANAGED_POLICY: 6144, ROLE_INLINE_POLICIES: 10240 });
  });
});
