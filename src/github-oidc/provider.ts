import { ArnFormat, IResource, RemovalPolicy, Resource, Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { GithubIssuer } from './issuer';
import { auditConstruct } from '../landing-zone-checks/engine/construct-audit';
import { futurePath, LandingZoneInputError, requireAccepted } from '../private/errors';

const DEFAULT_AUDIENCE = 'sts.amazonaws.com';
const THUMBPRINT = /^[0-9a-fA-F]{40}$/;

/** A GitHub Actions OIDC identity provider, created here or imported. */
export interface IGithubOidcProvider extends IResource {
  /**
   * The provider's ARN, the `Federated` principal of the trust policies.
   *
   * @attribute
   */
  readonly oidcProviderArn: string;
  /** The token issuer this provider trusts. */
  readonly issuer: GithubIssuer;
  /**
   * The prefix of the IAM condition keys for this provider's tokens
   * (`<prefix>:sub`, `<prefix>:aud`): the issuer URL without `https://`.
   */
  readonly conditionKeyPrefix: string;
  /** The audiences (client ids) the provider accepts; trust policies check `aud` against these. */
  readonly audiences: string[];
}

/** Properties of a GitHub Actions OIDC provider. */
export interface GithubOidcProviderProps {
  /**
   * The token issuer.
   *
   * @default GithubIssuer.github()
   */
  readonly issuer?: GithubIssuer;
  /**
   * The audiences (client ids) the provider accepts. Trust policies built from
   * this provider require the token's `aud` to be one of them.
   *
   * @default ['sts.amazonaws.com'], the audience aws-actions/configure-aws-credentials requests
   */
  readonly audiences?: string[];
  /**
   * Server certificate thumbprints (40 hex characters each, at most 5).
   * AWS no longer uses them for GitHub's issuer, which it trusts through its
   * own certificate store.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc_verify-thumbprint.html
   */
  readonly thumbprints?: string[];
  /**
   * What happens to the provider when it leaves the stack. Retained by default:
   * deleting it breaks every role that trusts GitHub in the account.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** How to import a provider that already exists. */
export interface GithubOidcProviderImportOptions {
  /**
   * The token issuer of the existing provider.
   *
   * @default GithubIssuer.github()
   */
  readonly issuer?: GithubIssuer;
  /**
   * The audiences the existing provider accepts.
   *
   * @default ['sts.amazonaws.com']
   */
  readonly audiences?: string[];
}

/**
 * The GitHub Actions OIDC identity provider of an account: a native
 * `AWS::IAM::OIDCProvider` (no custom resource, no Lambda function).
 *
 * An account holds one provider per issuer URL; where it exists already, use
 * `GithubOidcProvider.fromAccount` instead of creating a second one.
 *
 * @resource AWS::IAM::OIDCProvider
 */
export class GithubOidcProvider extends Resource implements IGithubOidcProvider {
  /**
   * Imports the provider that already exists in the stack's account for the
   * given issuer. Its ARN is built from the stack's partition and account.
   */
  public static fromAccount(scope: Construct, id: string, options: GithubOidcProviderImportOptions = {}): IGithubOidcProvider {
    const location = futurePath(scope, id);
    const issuer = options.issuer ?? GithubIssuer.github();
    requireAccepted('GithubOidcProvider', location, 'issuer', issuer);
    const audiences = validateAudiences(location, options.audiences);
    const arn = Stack.of(scope).formatArn({
      service: 'iam',
      region: '',
      resource: 'oidc-provider',
      resourceName: issuer.conditionKeyPrefix,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return new ImportedGithubOidcProvider(scope, id, arn, issuer, audiences);
  }

  /**
   * Imports a provider by ARN. A literal ARN must name the issuer's host
   * (`...:oidc-provider/token.actions.githubusercontent.com`).
   */
  public static fromOidcProviderArn(
    scope: Construct,
    id: string,
    oidcProviderArn: string,
    options: GithubOidcProviderImportOptions = {},
  ): IGithubOidcProvider {
    const location = futurePath(scope, id);
    const issuer = options.issuer ?? GithubIssuer.github();
    requireAccepted('GithubOidcProvider', location, 'issuer', issuer);
    const audiences = validateAudiences(location, options.audiences);
    if (!Token.isUnresolved(oidcProviderArn)) {
      const expectedSuffix = `:oidc-provider/${issuer.conditionKeyPrefix}`;
      if (!/^arn:[a-z-]+:iam::\d{12}:oidc-provider\//.test(oidcProviderArn) || !oidcProviderArn.endsWith(expectedSuffix)) {
        throw new LandingZoneInputError({
          construct: 'GithubOidcProvider',
          scope: location,
          input: 'oidcProviderArn',
          received: oidcProviderArn,
          expected: `arn:<partition>:iam::<12-digit account>${expectedSuffix}`,
          reason: 'The ARN must belong to the issuer whose condition keys the trust policies use.',
        });
      }
    }
    return new ImportedGithubOidcProvider(scope, id, oidcProviderArn, issuer, audiences);
  }

  public readonly oidcProviderArn: string;
  public readonly issuer: GithubIssuer;
  public readonly conditionKeyPrefix: string;
  public readonly audiences: string[];

  constructor(scope: Construct, id: string, props: GithubOidcProviderProps = {}) {
    super(scope, id);
    this.issuer = props.issuer ?? GithubIssuer.github();
    requireAccepted('GithubOidcProvider', this, 'issuer', this.issuer);
    this.conditionKeyPrefix = this.issuer.conditionKeyPrefix;
    this.audiences = validateAudiences(this, props.audiences);
    const thumbprints = validateThumbprints(this, props.thumbprints);

    const resource = new iam.CfnOIDCProvider(this, 'Resource', {
      url: this.issuer.url,
      clientIdList: this.audiences,
      thumbprintList: thumbprints,
    });
    resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.oidcProviderArn = resource.ref;
    // The URL as synthesized: a property override must not point the provider at another issuer.
    this.node.addValidation({
      validate: () => auditConstruct({ construct: 'GithubOidcProvider', scope: this, ruleIds: ['LZ-OIDC2'], options: { githubIssuerUrl: this.issuer.url } }),
    });
  }
}

class ImportedGithubOidcProvider extends Resource implements IGithubOidcProvider {
  public readonly oidcProviderArn: string;
  public readonly conditionKeyPrefix: string;

  constructor(scope: Construct, id: string, arn: string, public readonly issuer: GithubIssuer, public readonly audiences: string[]) {
    super(scope, id, { environmentFromArn: arn });
    this.oidcProviderArn = arn;
    this.conditionKeyPrefix = issuer.conditionKeyPrefix;
  }
}

function validateAudiences(scope: IConstruct | string, audiences: string[] | undefined): string[] {
  if (audiences === undefined) {
    return [DEFAULT_AUDIENCE];
  }
  if (Token.isUnresolved(audiences)) {
    return audiences;
  }
  const literal = audiences.filter((a) => !Token.isUnresolved(a));
  const bad = literal.find((a) => a.length === 0 || a.length > 255 || /[*?\s]/.test(a) || a.includes('${'));
  if (audiences.length === 0 || audiences.length > 100 || bad !== undefined || new Set(literal).size !== literal.length) {
    throw new LandingZoneInputError({
      construct: 'GithubOidcProvider',
      scope,
      input: 'audiences',
      received: audiences,
      expected: '1 to 100 distinct audiences of 1 to 255 characters, without wildcards or white space (default ["sts.amazonaws.com"])',
      reason: 'The provider\'s client ids must equal the audiences the trust policies check; an empty or wildcard audience checks nothing.',
    });
  }
  return audiences;
}

function validateThumbprints(scope: IConstruct | string, thumbprints: string[] | undefined): string[] | undefined {
  if (thumbprints === undefined || Token.isUnresolved(thumbprints)) {
    return thumbprints;
  }
  const bad = thumbprints.find((t) => !Token.isUnresolved(t) && !THUMBPRINT.test(t));
  if (thumbprints.length > 5 || bad !== undefined) {
    throw new LandingZoneInputError({
      construct: 'GithubOidcProvider',
      scope,
      input: 'thumbprints',
      received: thumbprints,
      expected: 'at most 5 SHA-1 thumbprints of 40 hexadecimal characters each',
    });
  }
  return thumbprints.map((t) => (Token.isUnresolved(t) ? t : t.toLowerCase()));
}
