import { DELEGATION_HANDLER_CODE } from '../src/delegated-subdomain/delegation-handler';

// The delegation function's inline code, run here with a mocked AWS SDK
// (Route 53, STS) and a mocked https (the response to CloudFormation). The
// code is the very string the template carries as ZipFile.

const ZONE_ID = 'Z0CHILD00000000000001';
const PARENT_ID = 'Z0PARENT0000000000001';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/landing-zone/prod-dns-delegation';
const NAME_SERVERS = ['ns-1.awsdns-01.org', 'ns-2.awsdns-02.net'];
const DS_VALUE = '12345 13 2 ABCDEF';
const MINE = `${PARENT_ID}|prod.example.com|NS`;

/** The function's environment, as DelegatedSubdomain configures it. */
const ENV = { ZONE_ID, ZONE_NAME: 'prod.example.com', PARENT_ZONE_ID: PARENT_ID, PARENT_ZONE_NAME: 'example.com', ROLE_ARN, NS_TTL: '172800' };
const DNSSEC_ENV = { ...ENV, DS_TTL: '3600', KSK_NAME: 'landing_zone_ksk' };

interface Call {
  readonly client: string;
  readonly credentials?: unknown;
  readonly command: string;
  readonly input: any;
}

interface Run {
  readonly calls: Call[];
  readonly response: any;
  readonly responseRequest: any;
  readonly logged: string[];
}

/** Behaviour of the mocked services, per command. */
type Behaviour = Partial<Record<string, (input: any) => any>>;

const DEFAULT_BEHAVIOUR: Behaviour = {
  GetHostedZoneCommand: () => ({ HostedZone: { Id: `/hostedzone/${ZONE_ID}`, Name: 'prod.example.com.' }, DelegationSet: { NameServers: NAME_SERVERS } }),
  GetDNSSECCommand: () => ({
    KeySigningKeys: [
      { Name: 'old_ksk', Status: 'INACTIVE', DSRecord: '999 13 2 OLD' },
      { Name: 'landing_zone_ksk', Status: 'ACTIVE', DSRecord: DS_VALUE },
    ],
  }),
  AssumeRoleCommand: () => ({ Credentials: { AccessKeyId: 'AKIAPARENT', SecretAccessKey: 'secret', SessionToken: 'token' } }),
  ListHostedZonesByNameCommand: () => ({
    HostedZones: [
      { Id: '/hostedzone/Z0PRIVATE', Name: 'example.com.', Config: { PrivateZone: true } },
      { Id: `/hostedzone/${PARENT_ID}`, Name: 'example.com.', Config: { PrivateZone: false } },
      { Id: '/hostedzone/Z0OTHER', Name: 'example.net.', Config: { PrivateZone: false } },
    ],
  }),
  ChangeResourceRecordSetsCommand: () => ({ ChangeInfo: { Status: 'PENDING' } }),
};

/** Loads the inline code with mocked modules and invokes its handler once. */
async function invoke(event: Record<string, unknown>, env: Record<string, string> = ENV, behaviour: Behaviour = {}): Promise<Run> {
  const calls: Call[] = [];
  const logged: string[] = [];
  const services = { ...DEFAULT_BEHAVIOUR, ...behaviour };
  const commands = (names: string[]) =>
    Object.fromEntries(
      names.map((name) => [
        name,
        class {
          public readonly commandName = name;
          constructor(public readonly input: unknown) {}
        },
      ]),
    );
  const client = (clientName: string) =>
    class {
      constructor(private readonly config: { credentials?: unknown }) {}
      public async send(command: { commandName: string; input: unknown }) {
        calls.push({ client: clientName, credentials: this.config.credentials, command: command.commandName, input: command.input });
        return services[command.commandName]!(command.input);
      }
    };
  const route53 = {
    Route53Client: client('Route53'),
    ...commands(['GetHostedZoneCommand', 'GetDNSSECCommand', 'ListHostedZonesByNameCommand', 'ChangeResourceRecordSetsCommand']),
  };
  const sts = { STSClient: client('STS'), ...commands(['AssumeRoleCommand']) };
  let responseRequest: any;
  let responseBody = '';
  const https = {
    request: (options: unknown, callback: (res: unknown) => void) => ({
      on: () => undefined,
      end: (body: string) => {
        responseRequest = options;
        responseBody = body;
        callback({ resume: () => undefined, on: (name: string, f: () => void) => name === 'end' && f() });
      },
    }),
  };
  const modules: Record<string, unknown> = { '@aws-sdk/client-route53': route53, '@aws-sdk/client-sts': sts, 'https': https };
  const exports: { handler?: (event: unknown) => Promise<void> } = {};
  const load = new Function('require', 'exports', 'process', 'console', DELEGATION_HANDLER_CODE);
  load((name: string) => modules[name], exports, { env }, { log: (m: string) => logged.push(m) });
  await exports.handler!({
    StackId: 'arn:aws:cloudformation:us-east-1:555555555555:stack/ProductionDns/1',
    RequestId: 'request-1',
    LogicalResourceId: 'ZoneNsRecord',
    ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/path?signature=1',
    ...event,
  });
  return { calls, response: JSON.parse(responseBody), responseRequest, logged };
}

/** The resource properties DelegatedSubdomain gives the NS record: its configuration repeated. */
const NS_PROPERTIES = { RecordType: 'NS', ZoneId: ZONE_ID, ZoneName: 'prod.example.com', ParentZone: PARENT_ID, Ttl: '172800', DelegationRoleArn: ROLE_ARN };

/** What an invoker might add to point the delegation elsewhere: all of it must be ignored. */
const FOREIGN_VALUES = {
  NameServers: ['ns.attacker.example'],
  DelegatedZoneNameServers: ['ns.attacker.example'],
  ResourceRecords: [{ Value: 'ns.attacker.example' }],
  HostedZoneId: 'Z0ATTACKER',
  AssumeRoleArn: 'arn:aws:iam::999999999999:role/attacker',
  Value: '1 13 2 ATTACKER',
};

const changesOf = (run: Run) => run.calls.filter((c) => c.command === 'ChangeResourceRecordSetsCommand');

describe('the delegation function', () => {
  test('creates the NS record with the zone\'s own name servers, in its configured parent, through its configured role; record values in the event are ignored', async () => {
    const run = await invoke({ RequestType: 'Create', ResourceProperties: { ...NS_PROPERTIES, ...FOREIGN_VALUES } });
    expect(run.calls.map((c) => `${c.client} ${c.command}`)).toEqual(['Route53 GetHostedZoneCommand', 'STS AssumeRoleCommand', 'Route53 ChangeResourceRecordSetsCommand']);
    expect(run.calls[0]).toMatchObject({ input: { Id: ZONE_ID }, credentials: undefined });
    expect(run.calls[1].input.RoleArn).toBe(ROLE_ARN);
    expect(run.calls[2]).toEqual({
      client: 'Route53',
      // The parent zone is written with the delegation role's session only.
      credentials: { accessKeyId: 'AKIAPARENT', secretAccessKey: 'secret', sessionToken: 'token' },
      command: 'ChangeResourceRecordSetsCommand',
      input: {
        HostedZoneId: PARENT_ID,
        ChangeBatch: {
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: { Name: 'prod.example.com', Type: 'NS', TTL: 172800, ResourceRecords: NAME_SERVERS.map((Value) => ({ Value })) },
            },
          ],
        },
      },
    });
    expect(JSON.stringify(run.calls)).not.toMatch(/attacker|ATTACKER/);
    expect(run.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: MINE, RequestId: 'request-1', LogicalResourceId: 'ZoneNsRecord' });
    expect(run.responseRequest).toMatchObject({ method: 'PUT', hostname: 'cloudformation-custom-resource-response-useast1.s3.amazonaws.com', path: '/path?signature=1' });
  });

  test.each([
    ['another parent zone', { ParentZone: 'Z0ATTACKER' }],
    ['another zone name', { ZoneName: 'evil.example.com' }],
    ['another zone id', { ZoneId: 'Z0ATTACKER' }],
    ['another TTL', { Ttl: '1' }],
    ['another delegation role', { DelegationRoleArn: 'arn:aws:iam::999999999999:role/attacker' }],
  ])('refuses to create a record whose properties name %s than its configuration, and writes nothing', async (_case, change) => {
    const run = await invoke({ RequestType: 'Create', ResourceProperties: { ...NS_PROPERTIES, ...change } });
    expect(run.response).toMatchObject({ Status: 'FAILED', Reason: 'the resource properties do not match the function configuration' });
    expect(run.calls).toEqual([]);
  });

  test('refuses a DS record when it is not configured for DNSSEC, and any other record type', async () => {
    for (const RecordType of ['DS', 'A', 'CNAME', undefined]) {
      const run = await invoke({ RequestType: 'Create', ResourceProperties: { ...NS_PROPERTIES, RecordType } });
      expect(run.response).toMatchObject({ Status: 'FAILED', Reason: `record type ${RecordType} is not delegated by this function` });
      expect(run.calls).toEqual([]);
    }
  });

  test('writes the DS value of its configured key-signing key, read from the zone, with the DS TTL', async () => {
    const run = await invoke(
      { RequestType: 'Create', ResourceProperties: { ...NS_PROPERTIES, RecordType: 'DS', Ttl: '3600', KeySigningKey: 'ignored', Value: '1 13 2 ATTACKER' } },
      DNSSEC_ENV,
    );
    expect(run.calls.map((c) => c.command)).toEqual(['GetHostedZoneCommand', 'GetDNSSECCommand', 'AssumeRoleCommand', 'ChangeResourceRecordSetsCommand']);
    expect(run.calls[1].input).toEqual({ HostedZoneId: ZONE_ID });
    expect(changesOf(run)[0].input.ChangeBatch.Changes).toEqual([
      { Action: 'UPSERT', ResourceRecordSet: { Name: 'prod.example.com', Type: 'DS', TTL: 3600, ResourceRecords: [{ Value: DS_VALUE }] } },
    ]);
    expect(run.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${PARENT_ID}|prod.example.com|DS` });
  });

  test('fails, writing nothing, when the zone has no DS value for its key-signing key', async () => {
    const run = await invoke({ RequestType: 'Create', ResourceProperties: { ...NS_PROPERTIES, RecordType: 'DS', Ttl: '3600' } }, DNSSEC_ENV, {
      GetDNSSECCommand: () => ({ KeySigningKeys: [{ Name: 'old_ksk', DSRecord: '999 13 2 OLD' }] }),
    });
    expect(run.response).toMatchObject({ Status: 'FAILED', Reason: 'no DS record for the key-signing key landing_zone_ksk' });
    expect(changesOf(run)).toEqual([]);
  });

  test('fails, writing nothing, when its zone id does not hold its zone name', async () => {
    const run = await invoke({ RequestType: 'Create', ResourceProperties: NS_PROPERTIES }, ENV, {
      GetHostedZoneCommand: () => ({ HostedZone: { Name: 'other.example.com.' }, DelegationSet: { NameServers: NAME_SERVERS } }),
    });
    expect(run.response).toMatchObject({ Status: 'FAILED', Reason: `zone ${ZONE_ID} is not prod.example.com` });
    expect(changesOf(run)).toEqual([]);
  });

  test('finds a parent given by name through the delegation role: the one public zone of that name', async () => {
    const { PARENT_ZONE_ID: _id, ...byName } = ENV;
    const run = await invoke({ RequestType: 'Create', ResourceProperties: { ...NS_PROPERTIES, ParentZone: 'example.com' } }, byName);
    const list = run.calls.find((c) => c.command === 'ListHostedZonesByNameCommand')!;
    expect(list).toMatchObject({ input: { DNSName: 'example.com' }, credentials: { accessKeyId: 'AKIAPARENT' } });
    expect(changesOf(run)[0].input.HostedZoneId).toBe(PARENT_ID);
    expect(run.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'example.com|prod.example.com|NS' });

    const none = await invoke({ RequestType: 'Create', ResourceProperties: { ...NS_PROPERTIES, ParentZone: 'example.com' } }, byName, {
      ListHostedZonesByNameCommand: () => ({ HostedZones: [{ Id: '/hostedzone/Z0PRIVATE', Name: 'example.com.', Config: { PrivateZone: true } }] }),
    });
    expect(none.response).toMatchObject({ Status: 'FAILED', Reason: 'found 0 public zones named example.com' });
    expect(changesOf(none)).toEqual([]);
  });

  test('an update of its own record upserts it again (a new TTL, role or name servers)', async () => {
    const run = await invoke({ RequestType: 'Update', PhysicalResourceId: MINE, ResourceProperties: NS_PROPERTIES, OldResourceProperties: { ...NS_PROPERTIES, Ttl: '60' } });
    expect(changesOf(run)[0].input.ChangeBatch.Changes[0].Action).toBe('UPSERT');
    expect(run.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: MINE });
  });

  test('refuses to move the record to another parent: it could not remove the old one', async () => {
    const run = await invoke({ RequestType: 'Update', PhysicalResourceId: 'Z0OLDPARENT|prod.example.com|NS', ResourceProperties: NS_PROPERTIES });
    expect(run.response.Status).toBe('FAILED');
    expect(run.response.Reason).toMatch(/^the record cannot move from Z0OLDPARENT\|prod.example.com\|NS to Z0PARENT0000000000001\|prod.example.com\|NS: remove the delegation first/);
    expect(run.response.PhysicalResourceId).toBe('Z0OLDPARENT|prod.example.com|NS');
    expect(run.calls).toEqual([]);
  });

  test('an update whose properties are not its configuration (a rollback reaching it first) changes nothing', async () => {
    const run = await invoke({ RequestType: 'Update', PhysicalResourceId: MINE, ResourceProperties: { ...NS_PROPERTIES, ParentZone: 'Z0OLDPARENT' } });
    expect(run.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: MINE });
    expect(run.calls).toEqual([]);
  });

  test('deletes its own record with the zone\'s current values; a missing record is already deleted', async () => {
    const run = await invoke({ RequestType: 'Delete', PhysicalResourceId: MINE, ResourceProperties: { ...NS_PROPERTIES, ...FOREIGN_VALUES } });
    expect(changesOf(run)[0].input).toEqual({
      HostedZoneId: PARENT_ID,
      ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: { Name: 'prod.example.com', Type: 'NS', TTL: 172800, ResourceRecords: NAME_SERVERS.map((Value) => ({ Value })) } }] },
    });
    expect(run.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: MINE });

    const notFound = Object.assign(new Error("Tried to delete resource record set [name='prod.example.com.', type='NS'] but it was not found"), { name: 'InvalidChangeBatch' });
    const gone = await invoke({ RequestType: 'Delete', PhysicalResourceId: MINE, ResourceProperties: NS_PROPERTIES }, ENV, {
      ChangeResourceRecordSetsCommand: () => {
        throw notFound;
      },
    });
    expect(gone.response).toMatchObject({ Status: 'SUCCESS' });
  });

  test('a delete that Route 53 refuses otherwise fails, with the reason, and is logged', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform route53:ChangeResourceRecordSets'), { name: 'AccessDenied' });
    const run = await invoke({ RequestType: 'Delete', PhysicalResourceId: MINE, ResourceProperties: NS_PROPERTIES }, ENV, {
      ChangeResourceRecordSetsCommand: () => {
        throw denied;
      },
    });
    expect(run.response).toMatchObject({ Status: 'FAILED', Reason: denied.message, PhysicalResourceId: MINE });
    expect(run.logged).toEqual([denied.message]);
  });

  test('a delete of a record it did not create (another parent, a failed create) changes nothing', async () => {
    for (const PhysicalResourceId of ['Z0OLDPARENT|prod.example.com|NS', 'none', `${PARENT_ID}|evil.example.com|NS`]) {
      const run = await invoke({ RequestType: 'Delete', PhysicalResourceId, ResourceProperties: NS_PROPERTIES });
      expect(run.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId });
      expect(run.calls).toEqual([]);
    }
  });

  test('a failed create reports no physical id of a record, so its rollback deletes nothing', async () => {
    const run = await invoke({ RequestType: 'Create', ResourceProperties: { ...NS_PROPERTIES, ParentZone: 'Z0ATTACKER' } });
    expect(run.response.PhysicalResourceId).toBe('none');
  });
});
