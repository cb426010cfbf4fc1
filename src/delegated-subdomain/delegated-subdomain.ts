import {
  Annotations,
  ArnFormat,
  Aws,
  CfnRule,
  CustomResource,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Token,
  aws_cloudwatch as cloudwatch,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_route53 as route53,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DELEGATION_HANDLER_CODE } from './delegation-handler';
import { DelegationScope, delegationScopeOf } from './delegation-scope';
import { DnssecSigning } from './dnssec-signing';
import { ParentZone } from './parent-zone';
import { delegationPrincipalName, stripTrailingDot, validateKnownZoneName, validateSubdomain } from './zone-names';
import { LandingZoneInputError, requireAccepted, requireProps, validateMatch } from '../private/errors';
import { LANDING_ZONE_PATH } from '../private/landing-zone';

const CONSTRUCT = 'DelegatedSubdomain';

/** The only region where Route 53 accepts DNSSEC keys and publishes DNSSEC metrics. */
const DNSSEC_REGION = 'us-east-1';

const KEY_SIGNING_KEY_NAME = /^[a-zA-Z0-9_]{3,128}$/;
const DNSSEC_SERVICE = 'dnssec-route53.amazonaws.com';

/** The NS record's TTL when none is given: two days, as Route 53 gives the zone's own NS record. */
const DEFAULT_NS_TTL = Duration.days(2);

/** Properties of a `DelegatedSubdomain`. */
export interface DelegatedSubdomainProps {
  /**
   * The child zone's name: a strict subdomain of the parent zone, lower case,
   * without a trailing dot, no wildcards, known at synthesis (it names the
   * delegation principal).
   */
  readonly zoneName: string;

  /** The parent zone, in the account that owns `delegationRole`. */
  readonly parentZone: ParentZone;

  /**
   * The parent account's delegation role (see `SubdomainDelegationRole`),
   * assumed by this zone's delegation principal to write the NS (and DS)
   * records into the parent zone. It must trust
   * `SubdomainOwner.delegationPrincipal(<this account>, zoneName)`.
   */
  readonly delegationRole: iam.IRole;

  /**
   * The TTL of the NS record in the parent zone.
   *
   * @default Duration.days(2)
   */
  readonly ttl?: Duration;

  /**
   * A comment on the child hosted zone.
   *
   * @default - none
   */
  readonly comment?: string;

  /**
   * What happens to the child hosted zone when it leaves the stack. The NS
   * record in the parent is removed either way, before the zone goes.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Sign the child zone with DNSSEC and write its DS record into the parent.
   * Needs the parent by id (`ParentZone.fromZoneId`), a delegation role that
   * allows DS records, and this stack in us-east-1.
   *
   * @default - not signed
   * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec.html
   */
  readonly dnssec?: DnssecSigning;
}

/**
 * A child account's public hosted zone, delegated from a parent zone in
 * another account through the parent's scoped delegation role.
 *
 * - The zone (construct id `Resource`) is retained by default.
 * - The delegation records are written by the zone's own delegation function,
 *   a Lambda function with inline code that runs as the zone's delegation
 *   principal: a role under the protected path `/landing-zone/` whose name,
 *   like the function's, is derived from the zone name
 *   (`landing-zone-dns-delegation-<zone>-<hash>`), so that the parent trusts
 *   that one role (`SubdomainOwner.delegationPrincipal`) and no other
 *   principal of this account. The function takes no record value from its
 *   event: it reads the zone's name servers (and DS value) from the zone, and
 *   the parent zone, TTLs and delegation role from its own configuration. Its
 *   role may only assume the delegation role, read this zone and write the
 *   function's logs, and only the function may assume it.
 * - The NS record is always removed when it leaves the stack: when the
 *   `DelegatedSubdomain` is removed, the zone is renamed or the stack is
 *   deleted. It depends on the zone, so CloudFormation removes it before it
 *   deletes (or retains) the zone: no NS record is left pointing at name
 *   servers of a zone that no longer exists. A retained zone is left
 *   undelegated. Moving it to another parent zone in place is refused at
 *   deployment (the function could not remove the old record).
 * - With DNSSEC: a key-signing key backed by a KMS key (ECC_NIST_P256,
 *   SIGN_VERIFY, us-east-1), signing enabled, the DS record written into the
 *   parent by the same function (its value read with `GetDNSSEC`; written after
 *   the NS record and signing, removed before either), and alarms on
 *   `DNSSECInternalFailure` and `DNSSECKeySigningKeysNeedingAction`.
 *
 * The stack creates a role under `/landing-zone/` and a function named
 * `landing-zone-...`, which the landing zone's permissions boundary protects:
 * deploy it with an execution role that is exempt from the boundary or does
 * not hold it. `PermissionBoundary.applyTo(stack)` bounds the delegation
 * principal too.
 *
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/CreatingNewSubdomain.html
 */
export class DelegatedSubdomain extends Construct {
  /** The region a stack with DNSSEC must be in: Route 53 takes DNSSEC keys and publishes DNSSEC metrics there only. */
  public static readonly DNSSEC_REGION = DNSSEC_REGION;

  /**
   * The name of the delegation principal (role and function) of a zone:
   * `landing-zone-dns-delegation-<zone name, dots as hyphens, cut to fit>-<8
   * hex characters of the SHA-256 of the zone name>`, at most 64 characters.
   * Its role's ARN is `arn:<partition>:iam::<account>:role/landing-zone/<name>`.
   *
   * @param zoneName the child zone's name, e.g. `prod.example.com`
   */
  public static delegationPrincipalNameFor(zoneName: string): string {
    validateKnownZoneName(CONSTRUCT, undefined, 'zoneName', zoneName);
    return delegationPrincipalName(zoneName);
  }

  /** The child hosted zone. */
  public readonly hostedZone: route53.IPublicHostedZone;
  /** The child zone's id. */
  public readonly hostedZoneId: string;
  /** The child zone's name. */
  public readonly zoneName: string;
  /** The NS record in the parent zone, a custom resource of the delegation function. */
  public readonly delegationRecord: CustomResource;
  /** The name of the delegation principal: its role's and its function's. */
  public readonly delegationPrincipalName: string;
  /** The delegation principal: the role, under `/landing-zone/`, as which the delegation function writes the records. */
  public readonly delegationPrincipal: iam.IRole;
  /** The delegation principal's ARN, path included: the parent's delegation role trusts exactly this ARN. */
  public readonly delegationPrincipalArn: string;
  /** The delegation function, which writes the NS (and DS) records into the parent. */
  public readonly delegationFunction: lambda.IFunction;
  /** The delegation function's ARN. */
  public readonly delegationFunctionArn: string;
  /** The KMS key behind the key-signing key, with DNSSEC. */
  public readonly dnssecKey?: kms.IKey;
  /** The key-signing key, with DNSSEC. */
  public readonly keySigningKey?: route53.CfnKeySigningKey;
  /** The DS record in the parent zone, with DNSSEC: a custom resource of the delegation function. */
  public readonly dsRecord?: CustomResource;
  /** Alarm on `DNSSECInternalFailure` (an object of the zone is in INTERNAL_FAILURE), with DNSSEC. */
  public readonly dnssecInternalFailureAlarm?: cloudwatch.Alarm;
  /** Alarm on `DNSSECKeySigningKeysNeedingAction` (a key-signing key needs action), with DNSSEC. */
  public readonly dnssecKeySigningKeysNeedingActionAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DelegatedSubdomainProps) {
    super(scope, id);
    requireProps(CONSTRUCT, this, props, { zoneName: 'string', parentZone: 'object', delegationRole: 'object' });
    requireAccepted(CONSTRUCT, this, 'parentZone', props.parentZone);

    validateKnownZoneName(CONSTRUCT, this, 'zoneName', props.zoneName);
    validateSubdomain(CONSTRUCT, this, 'zoneName', props.zoneName, props.parentZone.zoneName);
    if (props.dnssec) {
      this.validateDnssec(props.parentZone, props.dnssec);
    }
    this.checkDelegationRole(props);

    const zone = new route53.PublicHostedZone(this, 'Resource', {
      zoneName: props.zoneName,
      comment: props.comment,
    });
    zone.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.hostedZone = zone;
    this.hostedZoneId = zone.hostedZoneId;
    this.zoneName = props.zoneName;

    // Everything named after the zone lives under an id of the name's hash: a
    // renamed zone gets a new function (the old one removes the old record).
    const name = delegationPrincipalName(props.zoneName);
    const delegation = new Construct(this, `Delegation${name.slice(-8)}`);
    const fn = this.delegationFunctionOf(delegation, name, props, zone);
    this.delegationPrincipalName = name;
    this.delegationPrincipal = fn.role!;
    // As the parent computes it (SubdomainOwner.delegationPrincipal), path included.
    this.delegationPrincipalArn = Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `${LANDING_ZONE_PATH.slice(1)}${name}` });
    this.delegationFunction = fn;
    this.delegationFunctionArn = fn.functionArn;
    const ttl = props.ttl ?? DEFAULT_NS_TTL;
    this.delegationRecord = this.record(delegation, 'NsRecord', 'NS', fn, props, zone, ttl);

    if (props.dnssec) {
      const key = props.dnssec.key ?? this.createDnssecKey(props.dnssec);
      this.dnssecKey = key;
      this.allowRoute53ToUseKey(key, zone);

      const ksk = new route53.CfnKeySigningKey(this, 'KeySigningKey', {
        hostedZoneId: zone.hostedZoneId,
        keyManagementServiceArn: key.keyArn,
        name: props.dnssec.keySigningKeyName,
        status: 'ACTIVE',
      });
      this.keySigningKey = ksk;
      const signing = new route53.CfnDNSSEC(this, 'Dnssec', { hostedZoneId: zone.hostedZoneId });
      signing.addDependency(ksk);

      const ds = this.record(delegation, 'DsRecord', 'DS', fn, props, zone, props.dnssec.dsRecordTtl, ksk);
      // Route 53 accepts a DS record only where an NS record of the same name
      // exists, and signing must be on first; it is removed before either.
      ds.node.addDependency(this.delegationRecord, signing);
      this.dsRecord = ds;
      this.dnssecInternalFailureAlarm = this.dnssecAlarm(
        'DnssecInternalFailureAlarm',
        'DNSSECInternalFailure',
        `DNSSEC of ${props.zoneName}: an object of the zone is in an INTERNAL_FAILURE state; resolvers that validate may fail to resolve it.`,
      );
      this.dnssecKeySigningKeysNeedingActionAlarm = this.dnssecAlarm(
        'DnssecKeySigningKeysNeedingActionAlarm',
        'DNSSECKeySigningKeysNeedingAction',
        `DNSSEC of ${props.zoneName}: a key-signing key needs action (its KMS key is disabled, deleted or no longer usable by Route 53).`,
      );
    }
  }

  /**
   * The delegation principal and its function. The role trusts the Lambda
   * service for this function only (`aws:SourceAccount`, `aws:SourceArn`);
   * its one inline policy allows assuming the parent's delegation role,
   * reading this zone (and its DNSSEC keys) and writing the function's logs.
   *
   * @see https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html
   */
  private delegationFunctionOf(scope: Construct, name: string, props: DelegatedSubdomainProps, zone: route53.IPublicHostedZone): lambda.Function {
    const stack = Stack.of(this);
    const functionArn = stack.formatArn({ service: 'lambda', resource: 'function', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const logGroup = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `/aws/lambda/${name}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const readZone = props.dnssec ? ['route53:GetHostedZone', 'route53:GetDNSSEC'] : ['route53:GetHostedZone'];
    const role = new iam.Role(scope, 'Role', {
      roleName: name,
      path: LANDING_ZONE_PATH,
      description: `Writes the delegation records of ${props.zoneName} into its parent zone`,
      assumedBy: new iam.PrincipalWithConditions(new iam.ServicePrincipal('lambda.amazonaws.com'), {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnEquals: { 'aws:SourceArn': functionArn },
      }),
      // Inline, so that the permissions exist as soon as the role does.
      inlinePolicies: {
        DnsDelegation: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({ sid: 'AssumeTheParentDelegationRole', actions: ['sts:AssumeRole'], resources: [props.delegationRole.roleArn] }),
            new iam.PolicyStatement({ sid: 'ReadTheChildZone', actions: readZone, resources: [zone.hostedZoneArn] }),
            new iam.PolicyStatement({
              sid: 'WriteTheFunctionLogs',
              actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [logGroup, `${logGroup}:*`],
            }),
          ],
        }),
      },
    });
    const environment: Record<string, string> = {
      ZONE_ID: zone.hostedZoneId,
      ZONE_NAME: props.zoneName,
      PARENT_ZONE_NAME: stripTrailingDot(props.parentZone.zoneName),
      ROLE_ARN: props.delegationRole.roleArn,
      NS_TTL: String((props.ttl ?? DEFAULT_NS_TTL).toSeconds()),
    };
    if (props.parentZone.hostedZoneId !== undefined) {
      environment.PARENT_ZONE_ID = props.parentZone.hostedZoneId;
    }
    if (props.dnssec) {
      environment.DS_TTL = String(props.dnssec.dsRecordTtl.toSeconds());
      environment.KSK_NAME = props.dnssec.keySigningKeyName;
    }
    const records = props.dnssec ? 'NS and DS records' : 'NS record';
    const description = `Writes the ${records} of ${props.zoneName} into its parent zone`;
    return new lambda.Function(scope, 'Function', {
      functionName: name,
      // Lambda's limit is 256 characters; the zone name alone may have 253.
      description: description.length <= 256 ? description : `Writes the ${records} of its zone into the parent zone`,
      role,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(DELEGATION_HANDLER_CODE),
      timeout: Duration.minutes(2),
      environment,
    });
  }

  /**
   * A delegation record (NS or DS) written by the function. Its properties
   * repeat the function's configuration, so that a change to it reaches the
   * function as an update; the function refuses properties that differ from
   * its configuration and takes no record value from them. Never retained: a
   * delegation outliving its zone can be taken over.
   */
  private record(
    scope: Construct,
    id: string,
    type: 'NS' | 'DS',
    fn: lambda.IFunction,
    props: DelegatedSubdomainProps,
    zone: route53.IPublicHostedZone,
    ttl: Duration,
    ksk?: route53.CfnKeySigningKey,
  ): CustomResource {
    return new CustomResource(scope, id, {
      serviceToken: fn.functionArn,
      resourceType: type === 'NS' ? 'Custom::DnsDelegationNsRecord' : 'Custom::DnsDelegationDsRecord',
      properties: {
        RecordType: type,
        ZoneId: zone.hostedZoneId,
        ZoneName: props.zoneName,
        ParentZone: props.parentZone.hostedZoneId ?? stripTrailingDot(props.parentZone.zoneName),
        Ttl: String(ttl.toSeconds()),
        DelegationRoleArn: props.delegationRole.roleArn,
        // A new key-signing key is a new DS value: the record is written again.
        ...(ksk ? { KeySigningKey: ksk.ref } : {}),
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  private createDnssecKey(signing: DnssecSigning): kms.Key {
    return new kms.Key(this, 'DnssecKey', {
      description: `DNSSEC key-signing key of ${this.node.path}`,
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: signing.keyRemovalPolicy,
    });
  }

  /**
   * The key policy statements Route 53 DNSSEC needs. In this stack the key is
   * limited to this zone; a key of another stack to zones of this account
   * (naming the zone there would make the stacks depend on each other).
   */
  private allowRoute53ToUseKey(key: kms.IKey, zone: route53.IPublicHostedZone): void {
    const stack = Stack.of(this);
    const sameStack = Stack.of(key) === stack;
    const source = sameStack
      ? { ArnEquals: { 'aws:SourceArn': zone.hostedZoneArn } }
      : { ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'route53', region: '', account: '', resource: 'hostedzone', resourceName: '*' }) } };
    const added = [
      new iam.PolicyStatement({
        sid: 'AllowRoute53DnssecToSign',
        principals: [new iam.ServicePrincipal(DNSSEC_SERVICE)],
        actions: ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ...source },
      }),
      new iam.PolicyStatement({
        sid: 'AllowRoute53DnssecToCreateGrants',
        principals: [new iam.ServicePrincipal(DNSSEC_SERVICE)],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    ].map((statement) => key.addToResourcePolicy(statement).statementAdded);
    if (added.includes(false)) {
      Annotations.of(this).addWarningV2(
        'cdk-landing-zone:dnssec-key-policy',
        `${CONSTRUCT}: the key ${key.node.path} is imported, so its key policy cannot be changed here; it must allow ${DNSSEC_SERVICE} kms:DescribeKey, kms:GetPublicKey and kms:Sign (with aws:SourceAccount and aws:SourceArn conditions) and kms:CreateGrant (with kms:GrantIsForAWSResource).`,
      );
    }
  }

  private dnssecAlarm(id: string, metricName: string, description: string): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Route53',
        metricName,
        dimensionsMap: { HostedZoneId: this.hostedZoneId },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // Missing data stays visible (INSUFFICIENT_DATA) rather than passing for healthy.
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      alarmDescription: description,
    });
  }

  private validateDnssec(parentZone: ParentZone, signing: DnssecSigning): void {
    if (parentZone.hostedZoneId === undefined) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'parentZone',
        received: `ParentZone.fromZoneName(${JSON.stringify(parentZone.zoneName)})`,
        expected: 'ParentZone.fromZoneId(hostedZoneId, zoneName) when dnssec is set',
        reason: 'The DS record is written by zone id; looking the parent up by name for it would need a second lookup through the delegation role.',
      });
    }
    const name = signing.keySigningKeyName;
    validateMatch(KEY_SIGNING_KEY_NAME, name, { construct: CONSTRUCT, scope: this, input: 'dnssec.keySigningKeyName', expected: '3 to 128 letters, digits or underscores' });
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region)) {
      Annotations.of(this).addWarningV2(
        'cdk-landing-zone:dnssec-region',
        `${CONSTRUCT}: the stack's region is only known at deployment; DNSSEC needs ${DNSSEC_REGION} (for the KMS key and the Route 53 metrics), so the template refuses to deploy elsewhere.`,
      );
      this.requireRegionAtDeployment();
    } else if (region !== DNSSEC_REGION) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'dnssec (stack region)',
        received: region,
        expected: `a stack in ${DNSSEC_REGION} when dnssec is set`,
        reason: `Route 53 accepts DNSSEC keys only from KMS in ${DNSSEC_REGION}, and publishes the DNSSEC metrics the alarms watch only there; the zone itself is global, so the stack's region does not matter otherwise.`,
      });
    }
    if (signing.key) {
      this.validateKey(signing.key);
    }
  }

  /** Refuses a key that is not ECC_NIST_P256 / SIGN_VERIFY in us-east-1, as far as it can be known here. */
  private validateKey(key: kms.IKey): void {
    const keyRegion = key.env.region;
    if (!Token.isUnresolved(keyRegion) && keyRegion !== DNSSEC_REGION) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'dnssec.key',
        received: `a key in ${keyRegion} (${key.node.path})`,
        expected: `a KMS key in ${DNSSEC_REGION}`,
        reason: `Route 53 DNSSEC uses customer managed keys in ${DNSSEC_REGION} only.`,
      });
    }
    const cfn = key.node.defaultChild;
    if (!(cfn instanceof kms.CfnKey)) {
      Annotations.of(this).addWarningV2(
        'cdk-landing-zone:dnssec-key-unverified',
        `${CONSTRUCT}: the key ${key.node.path} is imported, so its spec and usage cannot be checked; Route 53 needs ECC_NIST_P256 and SIGN_VERIFY.`,
      );
      return;
    }
    // Left out, KeySpec is SYMMETRIC_DEFAULT and KeyUsage ENCRYPT_DECRYPT.
    const spec = cfn.keySpec ?? 'SYMMETRIC_DEFAULT';
    const usage = cfn.keyUsage ?? 'ENCRYPT_DECRYPT';
    const badSpec = !Token.isUnresolved(spec) && spec !== kms.KeySpec.ECC_NIST_P256;
    const badUsage = !Token.isUnresolved(usage) && usage !== kms.KeyUsage.SIGN_VERIFY;
    if (badSpec || badUsage) {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'dnssec.key',
        received: `a key of spec ${spec} and usage ${usage} (${key.node.path})`,
        expected: 'an asymmetric customer managed key of spec ECC_NIST_P256 and usage SIGN_VERIFY',
        reason: 'Route 53 DNSSEC signs with ECDSA P-256 (algorithm 13) only.',
      });
    }
  }

  /** A template rule that stops deployment outside us-east-1, for a stack whose region is a token. */
  private requireRegionAtDeployment(): void {
    const stack = Stack.of(this);
    const id = 'DelegatedSubdomainDnssecRegion';
    if (stack.node.tryFindChild(id)) {
      return;
    }
    new CfnRule(stack, id, {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.REGION, DNSSEC_REGION),
          assertDescription: `DelegatedSubdomain with DNSSEC must be deployed in ${DNSSEC_REGION}: Route 53 uses DNSSEC keys and publishes DNSSEC metrics there only.`,
        },
      ],
    });
  }

  /**
   * When the role was made by `SubdomainDelegationRole` in this app, checks
   * that it allows what this zone will ask of it, so the mistake shows at
   * synthesis rather than as AccessDenied at deployment.
   */
  private checkDelegationRole(props: DelegatedSubdomainProps): void {
    const allowed = delegationScopeOf(props.delegationRole);
    if (!allowed) {
      return;
    }
    const refuse = (received: string, expected: string): never => {
      throw new LandingZoneInputError({
        construct: CONSTRUCT,
        scope: this,
        input: 'delegationRole',
        received,
        expected,
        reason: 'The parent would refuse the change at deployment (AccessDenied).',
      });
    };
    const parentName = stripTrailingDot(props.parentZone.zoneName);
    if (!Token.isUnresolved(parentName) && !Token.isUnresolved(allowed.parentZoneName) && parentName !== allowed.parentZoneName) {
      refuse(`a role for the parent zone ${allowed.parentZoneName}`, `a role for the parent zone ${parentName}`);
    }
    const parentId = props.parentZone.hostedZoneId;
    if (parentId !== undefined && !Token.isUnresolved(parentId) && !Token.isUnresolved(allowed.parentZoneId) && parentId !== allowed.parentZoneId) {
      refuse(`a role for the parent zone id ${allowed.parentZoneId}`, `a role for the parent zone id ${parentId}`);
    }
    const names = allowed.delegatedZoneNames;
    if (!Token.isUnresolved(props.zoneName) && !Token.isUnresolved(names) && !names.includes(props.zoneName)) {
      refuse(`a role for ${JSON.stringify(names)}`, `a role whose delegatedZoneNames include "${props.zoneName}"`);
    }
    if (props.dnssec && !allowed.allowDnssec) {
      refuse('a role without allowDnssec', 'a role with allowDnssec: true, since dnssec is set');
    }
    if (props.parentZone.hostedZoneId === undefined && !allowed.allowLookupByName) {
      refuse('a role without allowLookupByName', 'a role with allowLookupByName: true, since the parent zone is given by name');
    }
    this.checkOwner(allowed, refuse, props.zoneName);
  }

  /** Refuses a delegation role whose owner is not this zone's delegation principal in this account. */
  private checkOwner(allowed: DelegationScope, refuse: (received: string, expected: string) => never, zoneName: string): void {
    const account = Stack.of(this).account;
    const expected = `a role whose owner is this zone's delegation principal, SubdomainOwner.delegationPrincipal("${Token.isUnresolved(account) ? '<this account>' : account}", "${zoneName}")`;
    const known = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);
    if (allowed.ownerZoneName !== undefined) {
      if (allowed.ownerZoneName !== zoneName) {
        refuse(`a role whose owner is the delegation principal of ${allowed.ownerZoneName}`, expected);
      }
      if (known(allowed.ownerAccountId) && known(account) && allowed.ownerAccountId !== account) {
        refuse(`a role whose owner is a delegation principal of account ${allowed.ownerAccountId}`, expected);
      }
    } else if (known(allowed.ownerRoleArn)) {
      const role = `:role${LANDING_ZONE_PATH}${delegationPrincipalName(zoneName)}`;
      const suffix = known(account) ? `:iam::${account}${role}` : role;
      if (!allowed.ownerRoleArn.endsWith(suffix)) {
        refuse(`a role whose owner is ${allowed.ownerRoleArn}`, expected);
      }
    }
  }
}
