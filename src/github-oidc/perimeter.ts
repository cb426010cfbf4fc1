import { Token, aws_organizations as organizations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GITHUB_NUMERIC_ID, GITHUB_OWNER } from './github-names';
import { GithubIssuer } from './issuer';
import { futurePath, LandingZoneInputError, requireAcceptedEach, requireProps, validateMatch } from '../private/errors';
import { measurePolicySize } from '../private/policy-size';

/** The largest resource control policy AWS Organizations accepts, in characters. */
const RCP_MAX_CHARACTERS = 5120;
const TARGET_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;
// A role ARN; "*" allowed for the account and at the end of the role path only.
const EXEMPT_ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|\*):role\/([\w+=,.@-]+\/)*[\w+=,.@-]+(\/\*)?$/;

/** Properties of a GitHub identity perimeter. */
export interface GithubIdentityPerimeterProps {
  /** The organization root (`r-...`), OUs (`ou-...`) or accounts the policy is attached to. At least one. */
  readonly targetIds: string[];
  /**
   * Your GitHub enterprises, by numeric id: tokens whose `enterprise_id`
   * claim is one of them pass.
   *
   * @default - none (give allowedOwners)
   */
  readonly enterpriseIds?: string[];
  /**
   * Your GitHub owners (organizations or users), by name: tokens whose
   * `repository` claim is `OWNER/...` for one of them pass. Names can be
   * recycled after an owner is deleted; prefer enterpriseIds where you have an
   * enterprise.
   *
   * @default - none (give enterpriseIds)
   */
  readonly allowedOwners?: string[];
  /**
   * The GitHub issuers whose tokens the perimeter judges (one statement each).
   *
   * @default - github.com only
   */
  readonly issuers?: GithubIssuer[];
  /**
   * Roles exempt from the perimeter (e.g. a role trusting a partner's
   * repository), by ARN: `arn:aws:iam::ACCOUNT:role/PATH/NAME`, with `*`
   * allowed as the account and as the last path segment only.
   *
   * @default - none
   */
  readonly exemptRoleArns?: string[];
  /**
   * The policy's name.
   *
   * @default github-identity-perimeter
   */
  readonly policyName?: string;
}

/**
 * A resource control policy (`AWS::Organizations::Policy`, type
 * `RESOURCE_CONTROL_POLICY`) that denies `sts:AssumeRoleWithWebIdentity`
 * with a GitHub token unless the token comes from one of your enterprises
 * (`enterprise_id`) or owners (`repository`): it covers every role of the
 * target accounts, those written without this library included.
 *
 * RCPs do not apply to the management account: keep GitHub-trusted roles
 * out of it. The policy must be deployed in the management account (or a
 * delegated administrator for Organizations policies), with RCPs enabled.
 */
export class GithubIdentityPerimeter extends Construct {
  /** The policy resource. */
  public readonly policy: organizations.CfnPolicy;
  /** The policy document, as written in the policy's `Content`. */
  public readonly document: any;

  constructor(scope: Construct, id: string, props: GithubIdentityPerimeterProps) {
    const construct = new.target.name;
    const location = futurePath(scope, id);
    requireProps(construct, location, props, { targetIds: 'list' });
    requireAcceptedEach(construct, location, 'issuers', props.issuers);
    const enterpriseIds = props.enterpriseIds ?? [];
    const owners = props.allowedOwners ?? [];
    if (enterpriseIds.length === 0 && owners.length === 0) {
      throw new LandingZoneInputError({
        construct,
        scope: location,
        input: 'enterpriseIds, allowedOwners',
        received: props.enterpriseIds,
        expected: 'at least one enterprise id or owner',
        reason: 'A perimeter that names no one denies every GitHub token of the organization.',
      });
    }
    for (const enterpriseId of enterpriseIds) {
      validateMatch(GITHUB_NUMERIC_ID, enterpriseId, { construct, scope: location, input: 'enterpriseIds', expected: 'numeric GitHub enterprise ids (digits only)' });
    }
    for (const owner of owners) {
      if (Token.isUnresolved(owner)) {
        throw new LandingZoneInputError({
          construct,
          scope: location,
          input: 'allowedOwners',
          received: owner,
          expected: 'owner names known at synthesis',
          reason: 'The owner becomes the pattern OWNER/*; a deploy-time "*" would admit every owner.',
        });
      }
      validateMatch(GITHUB_OWNER, owner, {
        construct,
        scope: location,
        input: 'allowedOwners',
        expected: 'GitHub account names: letters, digits and single inner hyphens, at most 39 characters, no wildcards',
        reason: 'The owner becomes the pattern OWNER/*; a wildcard in it would admit other owners.',
      });
    }
    if (props.targetIds.length === 0) {
      throw new LandingZoneInputError({ construct, scope: location, input: 'targetIds', received: props.targetIds, expected: 'at least one root, OU or account id' });
    }
    for (const target of props.targetIds) {
      validateMatch(TARGET_ID, target, { construct, scope: location, input: 'targetIds', expected: 'a root id (r-...), an OU id (ou-...-...) or a 12-digit account id' });
    }
    const exempt = props.exemptRoleArns ?? [];
    for (const arn of exempt) {
      if (Token.isUnresolved(arn)) {
        throw new LandingZoneInputError({
          construct,
          scope: location,
          input: 'exemptRoleArns',
          received: arn,
          expected: 'role ARNs known at synthesis',
          reason: 'An exemption is a pattern (NotResource); a deploy-time "*" would exempt every role.',
        });
      }
      validateMatch(EXEMPT_ROLE_ARN, arn, {
        construct,
        scope: location,
        input: 'exemptRoleArns',
        expected: 'a role ARN arn:aws:iam::ACCOUNT:role/PATH/NAME, "*" only as the account or the last path segment',
      });
    }
    super(scope, id);

    const issuers = props.issuers ?? [GithubIssuer.github()];
    const statements = issuers.map((issuer, index) => {
      if (Token.isUnresolved(issuer.conditionKeyPrefix)) {
        throw new LandingZoneInputError({ construct, scope: this, input: 'issuers', received: issuer.url, expected: 'issuers known at synthesis (the condition keys are named after them)' });
      }
      const prefix = issuer.conditionKeyPrefix;
      const condition: Record<string, Record<string, unknown>> = {
        // Only requests that carry this issuer's token: its sub key is present.
        Null: { [`${prefix}:sub`]: 'false' },
      };
      // Conditions of one statement are ANDed: the token is denied when it matches none of the allowances.
      if (enterpriseIds.length > 0) {
        condition.StringNotEquals = { [`${prefix}:enterprise_id`]: enterpriseIds };
      }
      if (owners.length > 0) {
        condition.StringNotLike = { [`${prefix}:repository`]: owners.map((o) => `${o}/*`) };
      }
      return {
        Sid: `DenyForeignGithubTokens${index > 0 ? index + 1 : ''}`,
        Effect: 'Deny',
        Principal: '*',
        Action: 'sts:AssumeRoleWithWebIdentity',
        ...(exempt.length > 0 ? { NotResource: exempt } : { Resource: '*' }),
        Condition: condition,
      };
    });
    this.document = { Version: '2012-10-17', Statement: statements };
    const size = measurePolicySize(this, this.document);
    if (size.characters > RCP_MAX_CHARACTERS) {
      throw new LandingZoneInputError({
        construct,
        scope: this,
        input: 'enterpriseIds, allowedOwners, exemptRoleArns, issuers',
        received: `a policy of ${size.characters} characters`,
        expected: `a policy of at most ${RCP_MAX_CHARACTERS} characters (the RCP size limit)`,
      });
    }
    this.policy = new organizations.CfnPolicy(this, 'Resource', {
      name: props.policyName ?? 'github-identity-perimeter',
      type: 'RESOURCE_CONTROL_POLICY',
      description: 'Denies sts:AssumeRoleWithWebIdentity with GitHub tokens of enterprises and owners other than the organisation\'s',
      content: this.document,
      targetIds: props.targetIds,
    });
  }
}
