import { App, CfnParameter, Duration, Stack, aws_s3 as s3 } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BackupAuditFramework, BackupAuditFrameworkProps } from '../src/backup-vault';
import { literal } from './support/literal';
import { decide } from './support/simulation';

const BACKUP_ACCOUNT = '444444444444';
const PRODUCTION = '555555555555';
const REGION = 'eu-west-1';
const BREAK_GLASS = `arn:aws:iam::${PRODUCTION}:role/landing-zone/break-glass`;

function framework(props: Partial<BackupAuditFrameworkProps> = {}, account = PRODUCTION) {
  const s = new Stack(new App(), 'Production', { env: { account, region: REGION } });
  const audit = new BackupAuditFramework(s, 'Audit', { minimumRetention: Duration.days(7), exemptPrincipalArns: [BREAK_GLASS], ...props });
  return { s, audit, template: Template.fromStack(s) };
}

const controlsOf = (template: Template) => Object.values<any>(template.findResources('AWS::Backup::Framework'))[0].Properties.FrameworkControls;

describe('BackupAuditFramework controls', () => {
  test('checks manual deletion (the break-glass role exempt), minimum retention and vault locks, and the copies it is told of', () => {
    const { template } = framework({ copyAccounts: [BACKUP_ACCOUNT], copyRegions: ['eu-central-1'], resourceTag: { backup: 'daily' } });
    const tag = { Tags: [{ Key: 'backup', Value: 'daily' }] };
    expect(controlsOf(template)).toEqual([
      { ControlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', ControlInputParameters: [{ ParameterName: 'principalArnList', ParameterValue: BREAK_GLASS }] },
      { ControlName: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', ControlInputParameters: [{ ParameterName: 'requiredRetentionDays', ParameterValue: '7' }] },
      { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK', ControlInputParameters: [{ ParameterName: 'minRetentionDays', ParameterValue: '7' }], ControlScope: tag },
      { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT', ControlInputParameters: [{ ParameterName: 'crossAccountList', ParameterValue: BACKUP_ACCOUNT }], ControlScope: tag },
      { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', ControlInputParameters: [{ ParameterName: 'crossRegionList', ParameterValue: 'eu-central-1' }], ControlScope: tag },
    ]);
  });

  test('without copies to check, the copy controls are left out; without exemptions, every exemption is reported', () => {
    const { template } = framework({ exemptPrincipalArns: undefined });
    expect(controlsOf(template).map((c: any) => c.ControlName)).toEqual([
      'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
      'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK',
      'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
    ]);
    expect(controlsOf(template)[0].ControlInputParameters).toBeUndefined();
    expect(controlsOf(template)[2].ControlScope).toBeUndefined();
  });

  test('several accounts are one comma-separated parameter; a deploy-time retention passes through', () => {
    const s = new Stack(new App(), 'S', { env: { account: PRODUCTION, region: REGION } });
    const days = new CfnParameter(s, 'Days', { type: 'Number' }).valueAsNumber;
    new BackupAuditFramework(s, 'Audit', { minimumRetention: Duration.days(days), copyAccounts: [BACKUP_ACCOUNT, '777777777777'] });
    const controls = controlsOf(Template.fromStack(s));
    expect(controls[1].ControlInputParameters[0].ParameterValue).toEqual({ Ref: 'Days' });
    expect(controls[3].ControlInputParameters[0].ParameterValue).toBe(`${BACKUP_ACCOUNT},777777777777`);
  });

  test.each([
    ['a retention of 0 days', { minimumRetention: Duration.days(0) }, /invalid minimumRetention: received "0 days"; expected 1 to 36500 days/],
    ['a fraction of a day', { minimumRetention: Duration.hours(36) }, /invalid minimumRetention: received "1 day 12 hours"; expected a whole number of days/],
    ['six exempt principals', { exemptPrincipalArns: [1, 2, 3, 4, 5, 6].map((i) => `${BREAK_GLASS}${i}`) }, /invalid exemptPrincipalArns: .*expected at most 5 principals/],
    ['an exempt principal of another account', { exemptPrincipalArns: [`arn:aws:iam::${BACKUP_ACCOUNT}:role/x`] }, /invalid exemptPrincipalArns\[0\]/],
    ['a malformed account', { copyAccounts: ['4444'] }, /invalid copyAccounts\[0\]: received "4444"/],
    ['no account', { copyAccounts: [] }, /invalid copyAccounts: received \[\]; expected at least one entry/],
    ['a malformed region', { copyRegions: ['Europe'] }, /invalid copyRegions\[0\]: received "Europe"; expected a region name/],
    ['two tags', { resourceTag: { a: '1', b: '2' } }, /invalid resourceTag: .*expected exactly one tag/],
    ['a name with a hyphen', { frameworkName: 'landing-zone' }, /invalid frameworkName: received "landing-zone"/],
  ])('refuses %s', (_name, props, message) => {
    expect(() => framework(props as Partial<BackupAuditFrameworkProps>)).toThrow(new RegExp(`^BackupAuditFramework \\(Production/Audit\\): ${message.source}`));
  });
});

describe('BackupAuditFramework report', () => {
  test('delivers the framework\'s compliance report into a created bucket', () => {
    const { template } = framework({ frameworkName: 'landing_zone_backups' });
    const [frameworkId] = Object.keys(template.findResources('AWS::Backup::Framework'));
    const [bucketId] = Object.keys(template.findResources('AWS::S3::Bucket'));
    template.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportPlanName: 'landing_zone_backups',
      ReportDeliveryChannel: { S3BucketName: { Ref: bucketId }, S3KeyPrefix: 'backup-audit', Formats: ['CSV', 'JSON'] },
      ReportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [{ 'Fn::GetAtt': [frameworkId, 'FrameworkArn'] }] },
    });
  });

  test('the bucket: encrypted, versioned, no public access, owner enforced, retained', () => {
    const { template } = framework();
    const bucket = Object.values<any>(template.findResources('AWS::S3::Bucket'))[0];
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  test('the bucket policy is in place after the framework (which brings the reports role) and before the plan delivers', () => {
    const { template } = framework();
    const [frameworkId] = Object.keys(template.findResources('AWS::Backup::Framework'));
    const [policyId, policy] = Object.entries<any>(template.findResources('AWS::S3::BucketPolicy'))[0];
    expect(policy.DependsOn).toContain(frameworkId);
    expect(Object.values<any>(template.findResources('AWS::Backup::ReportPlan'))[0].DependsOn).toContain(policyId);
  });

  test('a given bucket is used, and no bucket is created', () => {
    const s = new Stack(new App(), 'S', { env: { account: PRODUCTION, region: REGION } });
    new BackupAuditFramework(s, 'Audit', { minimumRetention: Duration.days(7), reportBucket: s3.Bucket.fromBucketName(s, 'Given', 'audit-reports') });
    const template = Template.fromStack(s);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties('AWS::Backup::ReportPlan', { ReportDeliveryChannel: { S3BucketName: 'audit-reports' } });
  });
});

describe('the report bucket policy, evaluated', () => {
  const BUCKET = 'audit-reports-bucket';
  const REPORTS_ROLE = `arn:aws:iam::${PRODUCTION}:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports`;
  const OBJECT = `arn:aws:s3:::${BUCKET}/backup-audit/report.csv`;
  const policy = (() => {
    const { template } = framework();
    const [bucketId] = Object.keys(template.findResources('AWS::S3::Bucket'));
    const doc = Object.values<any>(template.findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument;
    const resolved = JSON.parse(JSON.stringify(doc).split(JSON.stringify({ 'Fn::GetAtt': [bucketId, 'Arn'] })).join(JSON.stringify(`arn:aws:s3:::${BUCKET}`)));
    return literal(resolved, PRODUCTION, REGION);
  })();
  const put = (principal: string, context: Record<string, string>) =>
    decide({ principal, action: 's3:PutObject', resource: OBJECT, resourceAccount: PRODUCTION, resourcePolicy: policy, identityPolicies: {}, context });

  test('the AWS Backup reports role delivers over TLS with the owner\'s ACL', async () => {
    expect(await put(REPORTS_ROLE, { 'aws:SecureTransport': 'true', 's3:x-amz-acl': 'bucket-owner-full-control' })).toBe('Allowed');
  });

  test('the reports role cannot write an object the bucket owner would not fully control', async () => {
    expect(await put(REPORTS_ROLE, { 'aws:SecureTransport': 'true', 's3:x-amz-acl': 'public-read' })).toBe('ImplicitlyDenied');
  });

  test('nobody writes without TLS, the reports role included', async () => {
    expect(await put(REPORTS_ROLE, { 'aws:SecureTransport': 'false', 's3:x-amz-acl': 'bucket-owner-full-control' })).toMatch(/^ExplicitlyDenied by/);
  });

  test('another principal, or the reports role of another account, is not allowed', async () => {
    expect(await put(`arn:aws:iam::${PRODUCTION}:role/Admin`, { 'aws:SecureTransport': 'true', 's3:x-amz-acl': 'bucket-owner-full-control' })).toBe('ImplicitlyDenied');
    expect(await put(REPORTS_ROLE.replace(PRODUCTION, '999999999999'), { 'aws:SecureTransport': 'true', 's3:x-amz-acl': 'bucket-owner-full-control' })).toBe('ImplicitlyDenied');
  });
});
