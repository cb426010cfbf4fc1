import {
  Annotations,
  Aws,
  CfnRule,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Token,
  aws_cloudwatch as cloudwatch,
  aws_iam as iam,
  aws_kms as kms,
  aws_route53 as route53,
  custom_resources as cr,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { delegationScopeOf } from './delegation-scope';
import { DnssecSigning } from './dnssec-signing';
import { ParentZone } from './parent-zone';
import { stripTrailingDot, validateSubdomain } from './zone-names';
import { LandingZoneInputError, requireAccepted, requireProps, validateMatch } from '../private/errors';

const CONSTRUCT = 'DelegatedSubdomain';

/** The only region where Route 53 accepts DNSSEC keys and publishes DNSSEC metrics. */
const DNSSEC_REGION = 'us-east-1';

const KEY_SIGNING_KEY_NAME = /^[a-zA-Z0-9_]{3,128}$/;
const DNSSEC_SERVICE = 'dnssec-route53.amazonaws.com';

/** Properties of a `DelegatedSubdomain`. */
export interface DelegatedSubdomainProps {
  /**
   * The child zone's name: a strict subdomain of the parent zone, lower case,
   * without a trailing dot, no wildcards.
   */
  readonly zoneName: string;

  /** The parent zone, in the account that owns `delegationRole`. */
  readonly parentZone: ParentZone;

  /**
   * The parent account's delegation role (see `SubdomainDelegationRole`),
   * assumed to write the NS (and DS) records into the parent zone.
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
 * - The NS record in the parent is written by aws-cdk-lib's
 *   `CrossAccountZoneDelegationRecord`, whose custom resource assumes
 *   `delegationRole`. It is always removed when it leaves the stack: when the
 *   `DelegatedSubdomain` is removed, the zone is renamed (replaced) or the
 *   stack is deleted. It depends on the zone, so CloudFormation removes it
 *   before it deletes (or retains) the zone: no NS record is left pointing at
 *   name servers of a zone that no longer exists. A retained zone is left
 *   undelegated.
 * - With DNSSEC: a key-signing key backed by a KMS key (ECC_NIST_P256,
 *   SIGN_VERIFY, us-east-1), signing enabled, the DS record written into the
 *   parent through the same role (read with `GetDNSSEC`, written with an
 *   `AwsCustomResource` that assumes the role; removed before signing is
 *   disabled), and alarms on `DNSSECInternalFailure` and
 *   `DNSSECKeySigningKeysNeedingAction`.
 *
 * The custom resources' roles are ordinary roles of this stack, so
 * `PermissionBoundary.applyTo(stack)` bounds them.
 *
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/CreatingNewSubdomain.html
 */
export class DelegatedSubdomain extends Construct {
  /** The region a stack with DNSSEC must be in: Route 53 takes DNSSEC keys and publishes DNSSEC metrics there only. */
  public static readonly DNSSEC_REGION = DNSSEC_REGION;

  /** The child hosted zone. */
  public readonly hostedZone: route53.IPublicHostedZone;
  /** The child zone's id. */
  public readonly hostedZoneId: string;
  /** The child zone's name. */
  public readonly zoneName: string;
  /** The NS record in the parent zone. */
  public readonly delegationRecord: route53.CrossAccountZoneDelegationRecord;
  /** The KMS key behind the key-signing key, with DNSSEC. */
  public readonly dnssecKey?: kms.IKey;
  /** The key-signing key, with DNSSEC. */
  public readonly keySigningKey?: route53.CfnKeySigningKey;
  /** The DS record in the parent zone, with DNSSEC. */
  public readonly dsRecord?: cr.AwsCustomResource;
  /** Alarm on `DNSSECInternalFailure` (an object of the zone is in INTERNAL_FAILURE), with DNSSEC. */
  public readonly dnssecInternalFailureAlarm?: cloudwatch.Alarm;
  /** Alarm on `DNSSECKeySigningKeysNeedingAction` (a key-signing key needs action), with DNSSEC. */
  public readonly dnssecKeySigningKeysNeedingActionAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DelegatedSubdomainProps) {
    super(scope, id);
    requireProps(CONSTRUCT, this, props, { zoneName: 'string', parentZone: 'object', delegationRole: 'object' });
    requireAccepted(CONSTRUCT, this, 'parentZone', props.parentZone);

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

    this.delegationRecord = new route53.CrossAccountZoneDelegationRecord(this, 'NsRecord', {
      delegatedZone: zone,
      parentHostedZoneId: props.parentZone.hostedZoneId,
      parentHostedZoneName: props.parentZone.hostedZoneId === undefined ? props.parentZone.zoneName : undefined,
      delegationRole: props.delegationRole,
      ttl: props.ttl,
      // Never retained: a delegation outliving its zone can be taken over.
      removalPolicy: RemovalPolicy.DESTROY,
    });

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

      this.dsRecord = this.writeDsRecord(props, zone, ksk, signing);
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
   * The DS record: its value is read from the child zone (`GetDNSSEC`), then
   * written into the parent through the delegation role. It is written after
   * signing is enabled and after the NS record, and removed before either.
   */
  private writeDsRecord(
    props: DelegatedSubdomainProps,
    zone: route53.IPublicHostedZone,
    ksk: route53.CfnKeySigningKey,
    signing: route53.CfnDNSSEC,
  ): cr.AwsCustomResource {
    const readDs: cr.AwsSdkCall = {
      service: 'Route53',
      action: 'getDNSSEC',
      parameters: { HostedZoneId: zone.hostedZoneId },
      // A new key-signing key is a new physical id, so the value is read again.
      physicalResourceId: cr.PhysicalResourceId.of(ksk.ref),
      outputPaths: ['KeySigningKeys.0.DSRecord'],
    };
    const dsValue = new cr.AwsCustomResource(this, 'DsRecordValue', {
      resourceType: 'Custom::DnssecDsRecordValue',
      onCreate: readDs,
      onUpdate: readDs,
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['route53:GetDNSSEC'], resources: [zone.hostedZoneArn] })]),
      installLatestAwsSdk: false,
    });
    dsValue.node.addDependency(signing);

    const parentZoneId = props.parentZone.hostedZoneId!;
    const change = (action: string): cr.AwsSdkCall => ({
      service: 'Route53',
      action: 'changeResourceRecordSets',
      assumedRoleArn: props.delegationRole.roleArn,
      parameters: {
        HostedZoneId: parentZoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: action,
              ResourceRecordSet: {
                Name: props.zoneName,
                Type: 'DS',
                TTL: props.dnssec!.dsRecordTtl.toSeconds(),
                ResourceRecords: [{ Value: dsValue.getResponseField('KeySigningKeys.0.DSRecord') }],
              },
            },
          ],
        },
      },
      // Another parent or another name is another record: the old one is deleted.
      physicalResourceId: cr.PhysicalResourceId.of(`${parentZoneId}|${props.zoneName}|DS`),
    });
    const dsRecord = new cr.AwsCustomResource(this, 'DsRecord', {
      resourceType: 'Custom::DnssecDsRecord',
      onCreate: change('UPSERT'),
      onUpdate: change('UPSERT'),
      onDelete: change('DELETE'),
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [props.delegationRole.roleArn] })]),
      installLatestAwsSdk: false,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Route 53 accepts a DS record only where an NS record of the same name exists.
    dsRecord.node.addDependency(this.delegationRecord);
    return dsRecord;
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
  }
}
