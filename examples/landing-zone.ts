import { App, Stack, StackProps, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GithubActionsRole, GithubOidcProvider, GithubRepository, GithubSubject } from '../src';

/** The example estate's accounts: fixed example ids, one region. */
export const ACCOUNTS = {
  management: '111111111111',
  security: '222222222222',
  network: '333333333333',
  backup: '444444444444',
  production: '555555555555',
  sandbox: '666666666666',
};
export const REGION = 'eu-west-1';

/** The GitHub repositories that deploy the estate. */
export const REPOSITORIES = {
  platform: GithubRepository.withIds({ owner: 'acme', ownerId: '1000001', name: 'platform', repositoryId: '2000001' }),
  shop: GithubRepository.withIds({ owner: 'acme', ownerId: '1000001', name: 'shop', repositoryId: '2000002' }),
};

interface WorkloadAccountProps extends StackProps {
  /** The environment name protected in GitHub for deployments into this account. */
  readonly githubEnvironment: string;
  readonly production: boolean;
}

/**
 * A workload account: its GitHub OIDC provider and the role the shop's
 * pipeline deploys with. The role may only assume the account's CDK bootstrap
 * roles (default qualifier), named one by one.
 */
class WorkloadAccountStack extends Stack {
  constructor(scope: Construct, id: string, props: WorkloadAccountProps) {
    super(scope, id, props);
    const provider = new GithubOidcProvider(this, 'GithubOidc');
    const subjects = props.production
      ? [GithubSubject.environment(REPOSITORIES.shop, props.githubEnvironment)]
      : [GithubSubject.environment(REPOSITORIES.shop, props.githubEnvironment), GithubSubject.branchPattern(REPOSITORIES.shop, 'feature/*')];
    const bootstrapRoles = ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map((kind) =>
      this.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `cdk-hnb659fds-${kind}-role-${this.account}-${this.region}` }),
    );
    new GithubActionsRole(this, 'ShopDeployRole', {
      provider,
      subjects,
      roleName: 'shop-github-deploy',
      description: `Assumed by acme/shop's GitHub Actions to deploy with CDK into ${id}`,
      inlinePolicies: {
        AssumeCdkBootstrapRoles: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: bootstrapRoles })],
        }),
      },
    });
  }
}

/** Builds the example landing zone into an app. */
export function buildLandingZone(app: App): Stack[] {
  return [
    new WorkloadAccountStack(app, 'Production', {
      env: { account: ACCOUNTS.production, region: REGION },
      githubEnvironment: 'production',
      production: true,
    }),
    new WorkloadAccountStack(app, 'Sandbox', {
      env: { account: ACCOUNTS.sandbox, region: REGION },
      githubEnvironment: 'sandbox',
      production: false,
    }),
  ];
}
