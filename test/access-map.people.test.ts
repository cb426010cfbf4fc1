import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { AccessMap, BoundedPermissionSet, CircleCiProject, DeployTier, PermissionSetBoundary, TieredDeployRole } from '../src';
import { ORG, SHOP, circleCiSetup } from './support/circleci-estate';

const INSTANCE = 'arn:aws:sso:::instance/ssoins-0123456789abcdef';
const ADMINS = '8f2e3a4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const AUDITORS = '906716a5f2-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function synth(build: (app: App) => void): AccessMap {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'access-map-people-')) });
  build(app);
  return AccessMap.fromAssembly(app.synth());
}

const people = (app: App) => {
  const stack = new Stack(app, 'Identity', { env: { account: '111111111111', region: 'eu-west-1' } });
  const admins = new BoundedPermissionSet(stack, 'Admins', { instanceArn: INSTANCE, name: 'PlatformAdmins', managedPolicies: ['AdministratorAccess'] });
  admins.assignTo({ groupId: ADMINS, accounts: ['222222222222', '333333333333'] });
  const auditors = new BoundedPermissionSet(stack, 'Auditors', {
    instanceArn: INSTANCE,
    name: 'Auditors',
    managedPolicies: ['job-function/ViewOnlyAccess'],
    customerManagedPolicies: [{ name: 'AuditExtras', path: '/audit/' }],
    inlinePolicy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] }),
    boundary: PermissionSetBoundary.none('Auditors read only; the account has no landing zone boundary yet.'),
  });
  auditors.assignTo({ groupId: AUDITORS, accounts: ['333333333333'] });
};

describe('AccessMap: groups, accounts and permission sets', () => {
  const map = synth(people);

  test('one entry per group and account, with the permission set, its policies and its boundary', () => {
    expect(map.permissionSetAccess).toEqual([
      {
        groupId: ADMINS,
        permissionSetName: 'PlatformAdmins',
        account: '222222222222',
        boundary: '/landing-zone/LandingZonePermissionBoundary',
        policies: ['AdministratorAccess'],
        hasInlinePolicy: false,
        stackName: 'Identity',
        constructPath: 'Identity/Admins/Resource',
      },
      {
        groupId: ADMINS,
        permissionSetName: 'PlatformAdmins',
        account: '333333333333',
        boundary: '/landing-zone/LandingZonePermissionBoundary',
        policies: ['AdministratorAccess'],
        hasInlinePolicy: false,
        stackName: 'Identity',
        constructPath: 'Identity/Admins/Resource',
      },
      {
        groupId: AUDITORS,
        permissionSetName: 'Auditors',
        account: '333333333333',
        boundary: 'none',
        policies: ['job-function/ViewOnlyAccess', '/audit/AuditExtras'],
        hasInlinePolicy: true,
        stackName: 'Identity',
        constructPath: 'Identity/Auditors/Resource',
      },
    ]);
  });

  test('access paths, text, Markdown and JSON say it', () => {
    expect(map.accessPaths).toEqual(expect.arrayContaining([
      `group ${ADMINS} reaches 222222222222 through permission set PlatformAdmins (boundary /landing-zone/LandingZonePermissionBoundary)`,
      `group ${AUDITORS} reaches 333333333333 through permission set Auditors (boundary none)`,
    ]));
    const text = map.toText();
    expect(text).toContain('People: groups -> accounts through IAM Identity Center permission sets');
    expect(text).toContain(`group ${AUDITORS} -> permission set Auditors [Identity]`);
    expect(text).toContain('policies job-function/ViewOnlyAccess, /audit/AuditExtras + inline; boundary NONE');
    expect(text).toContain('policies AdministratorAccess; boundary /landing-zone/LandingZonePermissionBoundary');
    const markdown = map.toMarkdown();
    expect(markdown).toContain('## People (IAM Identity Center)');
    expect(markdown).toContain(`| \`${AUDITORS}\` | 333333333333 | Auditors | job-function/ViewOnlyAccess, /audit/AuditExtras, inline | **none** | Identity |`);
    expect(JSON.parse(map.toJson()).permissionSetAccess).toHaveLength(3);
  });

  test('an app without permission sets: no entries and no section', () => {
    const other = synth((app) => {
      const { stack, provider, boundary } = circleCiSetup(app);
      new TieredDeployRole(stack, 'Services', { tier: DeployTier.SERVICES, circleCi: { provider, projects: [CircleCiProject.of({ organizationId: ORG, projectId: SHOP })] }, boundary });
    });
    expect(other.permissionSetAccess).toEqual([]);
    expect(other.toText()).not.toContain('People:');
    expect(other.toMarkdown()).not.toContain('## People');
    // The CircleCI tier role shows among the other web identities, with its project pattern.
    expect(other.webIdentityAccess.map((e) => [e.kind, e.provider, e.subject, e.matchedWith, e.roleName])).toEqual([
      ['CircleCI', `oidc.circleci.com/org/${ORG}`, `org/${ORG}/project/${SHOP}/user/*`, 'StringLike', 'landing-zone-services-deploy'],
    ]);
    expect(other.openRoles).toEqual([]);
  });

  test('a CircleCI trust that pins no project is an open role', () => {
    const open = synth((app) => {
      const { stack, provider } = circleCiSetup(app);
      new iam.Role(stack, 'OrgWide', {
        roleName: 'org-wide',
        assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, {
          StringEquals: { [`oidc.circleci.com/org/${ORG}:aud`]: ORG },
          StringLike: { [`oidc.circleci.com/org/${ORG}:sub`]: `org/${ORG}/*` },
        }),
      });
    });
    expect(open.openRoles.map((e) => [e.admits, e.roleName, e.hasBoundary])).toEqual([[`any project of CircleCI organization ${ORG}`, 'org-wide', false]]);
    expect(open.openRoles[0].reasons).toEqual([expect.stringMatching(/^trust statement 0: the sub .* does not pin an organization and a project/)]);
    expect(open.toText()).toContain(`any project of CircleCI organization ${ORG} can assume`);
  });
});
