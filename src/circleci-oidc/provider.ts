import { ArnFormat, IResource, RemovalPolicy, Resource, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { CIRCLECI_UUID, circleCiConditionKeyPrefix, circleCiIssuerUrl } from './names';
import { auditConstruct } from '../landing-zone-checks/engine/construct-audit';
import { futurePath, requireProps, validateMatch } from '../private/errors';

/** A CircleCI OIDC identity provider, created here or imported. */
export interface ICircleCiOidcProvider extends IResource {
  /**
   * The provider's ARN, the `Federated` principal of the trust policies.
   *
   * @attribute
   */
  readonly oidcProviderArn: string;
  /** The CircleCI organization whose tokens the provider accepts (a UUID). */
  readonly organizationId: string;
  /**
   * The prefix of the IAM condition keys for this provider's tokens
   * (`<prefix>:sub`, `<prefix>:aud`): `oidc.circleci.com/org/<organizationId>`.
   */
  readonly conditionKeyPrefix: string;
}

/** Properties of a CircleCI OIDC provider. */
export interface CircleCiOidcProviderProps {
  /**
   * The CircleCI organization id (a UUID, Organization Settings > Overview).
   * It names the issuer (`https://oidc.circleci.com/org/<id>`) and is the
   * audience of the organization's tokens: the provider's only client id.
   */
  readonly organizationId: string;
  /**
   * What happens to the provider when it leaves the stack. Retained by default:
   * deleting it breaks every role that trusts CircleCI in the account.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The OIDC identity provider of one CircleCI organization in an account: a
 * native `AWS::IAM::OIDCProvider` (no custom resource, no Lambda function).
 *
 * CircleCI gives each organization an issuer of its own
 * (`https://oidc.circleci.com/org/<organization id>`) whose tokens carry the
 * organization id as their audience, so the provider accepts that audience
 * only. An account holds one provider per issuer URL; where it exists
 * already, use `CircleCiOidcProvider.fromOrganization`.
 *
 * @resource AWS::IAM::OIDCProvider
 */
export class CircleCiOidcProvider extends Resource implements ICircleCiOidcProvider {
  /**
   * Imports the provider of a CircleCI organization that already exists in
   * the stack's account; its ARN is built from the stack's partition and
   * account and the organization's issuer.
   */
  public static fromOrganization(scope: Construct, id: string, organizationId: string): ICircleCiOidcProvider {
    validateOrganizationId(futurePath(scope, id), organizationId);
    const arn = Stack.of(scope).formatArn({
      service: 'iam',
      region: '',
      resource: 'oidc-provider',
      resourceName: circleCiConditionKeyPrefix(organizationId),
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return new ImportedCircleCiOidcProvider(scope, id, arn, organizationId);
  }

  public readonly oidcProviderArn: string;
  public readonly organizationId: string;
  public readonly conditionKeyPrefix: string;
  /** The issuer URL: `https://oidc.circleci.com/org/<organizationId>`. */
  public readonly issuerUrl: string;

  constructor(scope: Construct, id: string, props: CircleCiOidcProviderProps) {
    super(scope, id);
    const stack = Stack.of(this);
    requireProps('CircleCiOidcProvider', this, props, { organizationId: 'string' });
    validateOrganizationId(this, props.organizationId);
    this.organizationId = props.organizationId;
    this.issuerUrl = circleCiIssuerUrl(props.organizationId);
    this.conditionKeyPrefix = circleCiConditionKeyPrefix(props.organizationId);
    const resource = new iam.CfnOIDCProvider(this, 'Resource', {
      url: this.issuerUrl,
      clientIdList: [props.organizationId],
    });
    resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.oidcProviderArn = resource.ref;
    // The URL and client ids as synthesized: a property override must not point the trust policies' keys at another issuer or audience.
    const expected = { url: this.issuerUrl, clientIds: [props.organizationId] };
    this.node.addValidation({
      validate: () =>
        auditConstruct({
          construct: 'CircleCiOidcProvider',
          scope: this,
          ruleIds: [],
          reads: ['AWS::IAM::OIDCProvider'],
          extra: (template, own) =>
            [...own]
              .filter((logicalId) => template.resources[logicalId]?.Type === 'AWS::IAM::OIDCProvider')
              .flatMap((logicalId) => {
                const synthesized = template.resources[logicalId].Properties ?? {};
                const written = JSON.stringify([synthesized.Url, synthesized.ClientIdList]);
                const same = written === JSON.stringify([stack.resolve(expected.url), stack.resolve(expected.clientIds)]);
                return same
                  ? []
                  : [{
                    ruleId: 'issuer',
                    logicalId,
                    problem: `has the URL ${JSON.stringify(synthesized.Url)} and client ids ${JSON.stringify(synthesized.ClientIdList)}.`,
                    expected: `the organization's issuer ${JSON.stringify(expected.url)} and its id as the only client id`,
                  }];
              }),
        }),
    });
  }
}

class ImportedCircleCiOidcProvider extends Resource implements ICircleCiOidcProvider {
  public readonly oidcProviderArn: string;
  public readonly conditionKeyPrefix: string;

  constructor(scope: Construct, id: string, arn: string, public readonly organizationId: string) {
    super(scope, id, { environmentFromArn: arn });
    this.oidcProviderArn = arn;
    this.conditionKeyPrefix = circleCiConditionKeyPrefix(organizationId);
  }
}

function validateOrganizationId(scope: IConstruct | string, organizationId: unknown): void {
  validateMatch(CIRCLECI_UUID, typeof organizationId === 'string' ? organizationId : (organizationId as string), {
    construct: 'CircleCiOidcProvider',
    scope,
    input: 'organizationId',
    expected: 'a CircleCI organization id: a lower-case UUID such as "7e1c4a52-0b3d-4f6e-9a8b-1c2d3e4f5a6b" (Organization Settings > Overview)',
    reason: 'The id names the issuer and is the audience of every token; any other value trusts no CircleCI organization, or another issuer.',
  });
}
