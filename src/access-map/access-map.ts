import * as fs from 'fs';
import * as path from 'path';
import { cx_api } from 'aws-cdk-lib';
import { iamStringLike } from '../private/iam-match';
import { ENVIRONMENT_TAG, TIER_TAG } from '../private/landing-zone';

/** A GitHub subject that can assume a role, read from the role's trust policy. */
export interface GithubAccessEntry {
  /**
   * The `sub` value or pattern; for a statement that checks GitHub's claims
   * without `sub`, its claim conditions, e.g. `claims(repository_id=123, environment=prod)`.
   */
  readonly subject: string;
  /**
   * GitHub's own claims the statement also requires exactly (`StringEquals`), by claim key.
   *
   * @default - none
   */
  readonly claims?: { [claim: string]: string };
  /** `StringEquals` (exact) or `StringLike` (pattern). */
  readonly matchedWith: string;
  /** The condition-key prefix: the token issuer without `https://`. */
  readonly issuer: string;
  /** The role's name (or its construct path when it has no fixed name). */
  readonly roleName: string;
  /** The landing-zone tier of the role (`landing-zone:tier` tag), if any. */
  readonly tier?: string;
  /** The account the role lives in. */
  readonly account: string;
  /** The stack that deploys the role. */
  readonly stackName: string;
  /** Whether the role carries a permissions boundary. */
  readonly hasBoundary: boolean;
}

/** A hub role and the spokes it can reach. */
export interface HubAccessEntry {
  /** The hub role's ARN. */
  readonly hubRoleArn: string;
  /** The stack that deploys the hub. */
  readonly hubStackName: string;
  /** The spoke role's name. */
  readonly spokeRoleName: string;
  /** Where the spoke is: `account 555555555555`, or `every account of ou-..., ... (StackSet name, auto-deployed)`. */
  readonly spokeTargets: string;
  /** The spoke's environment (`landing-zone:environment` tag), if any. */
  readonly spokeEnvironment?: string;
  /** The stack that deploys the spoke (or the StackSet). */
  readonly spokeStackName: string;
}

/** A role and its permissions boundary. */
export interface RoleBoundaryEntry {
  /** The role's name (or its construct path when it has no fixed name). */
  readonly roleName: string;
  /** The account the role lives in. */
  readonly account: string;
  /** The stack that deploys it. */
  readonly stackName: string;
  /** The boundary policy's name or ARN, if the role has one. */
  readonly boundary?: string;
}

interface StackTemplate {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly template: any;
  /** Parameter values (StackSet templates): name -> rendered value. */
  readonly parameters: Record<string, string>;
  /** For StackSet templates: where the stack instances go. */
  readonly targets?: string;
}

/**
 * Who can reach what in a synthesized app, computed from the templates in a
 * cloud assembly (not from the app's source), so it describes what would be
 * deployed: which GitHub subjects can assume which role in which account,
 * which hub reaches which spokes (StackSet templates included), and which
 * roles carry a permissions boundary.
 *
 * Works on any app: roles written with aws-cdk-lib alone are read the same way.
 *
 * @example
 * import { App } from 'aws-cdk-lib';
 * import { AccessMap } from 'cdk-landing-zone';
 *
 * declare const app: App;
 * const map = AccessMap.fromAssembly(app.synth());
 * const report: string = map.toText();
 */
export class AccessMap {
  /** Reads a synthesized cloud assembly. */
  public static fromAssembly(assembly: cx_api.CloudAssembly): AccessMap {
    return AccessMap.fromDirectory(assembly.directory);
  }

  /** Reads a cloud assembly directory (e.g. `cdk.out`), nested assemblies (stages) included. */
  public static fromDirectory(directory: string): AccessMap {
    return new AccessMap(readAssembly(directory));
  }

  /** GitHub subjects and the roles they can assume. */
  public readonly githubAccess: GithubAccessEntry[];
  /** Hubs and the spokes they reach. */
  public readonly hubAccess: HubAccessEntry[];
  /** Every role and its boundary. */
  public readonly roles: RoleBoundaryEntry[];

  private constructor(stacks: StackTemplate[]) {
    const github: GithubAccessEntry[] = [];
    const roles: RoleBoundaryEntry[] = [];
    const hubs: Array<{ arn: string; stackName: string; targets: string[] }> = [];
    const spokes: Array<{ trusted: string[]; arnPathName: string; roleName: string; environment?: string; targets: string; stackName: string }> = [];

    for (const stack of stacks) {
      const resources: Record<string, any> = stack.template.Resources ?? {};
      for (const [logicalId, resource] of Object.entries(resources)) {
        if (resource.Type !== 'AWS::IAM::Role') {
          continue;
        }
        const props = resource.Properties ?? {};
        const roleName = typeof props.RoleName === 'string' ? props.RoleName : resource.Metadata?.['aws:cdk:path'] ?? logicalId;
        const rolePath = typeof props.Path === 'string' ? props.Path : '/';
        const tags: Record<string, string> = Object.fromEntries((props.Tags ?? []).map((t: any) => [t.Key, render(t.Value, stack)]));
        const boundary = props.PermissionsBoundary === undefined ? undefined : render(props.PermissionsBoundary, stack);
        roles.push({ roleName, account: stack.account, stackName: stack.stackName, boundary });

        const statements: any[] = [props.AssumeRolePolicyDocument?.Statement ?? []].flat();
        for (const statement of statements) {
          if (statement.Effect !== 'Allow') {
            continue;
          }
          const federated = [statement.Principal?.Federated ?? []].flat().map((f: unknown) => render(f, stack));
          const oidc = federated.find((f) => f.includes(':oidc-provider/'));
          if (oidc) {
            // GitHub's own claims, required exactly beside (or instead of) sub.
            const claims: Record<string, string> = {};
            let claimIssuer: string | undefined;
            for (const [key, value] of Object.entries<unknown>(statement.Condition?.StringEquals ?? {})) {
              const c = key.match(/^(.*):([a-z_]+)$/);
              if (c && c[2] !== 'sub' && c[2] !== 'aud' && c[2] !== 'amr') {
                claims[c[2]] = [value].flat().map((v) => render(v, stack)).join(' | ');
                claimIssuer = c[1];
              }
            }
            const hasClaims = Object.keys(claims).length > 0;
            const label = `claims(${Object.entries(claims).map(([k, v]) => `${k}=${v}`).join(', ')})`;
            const subs: Array<[string, string, unknown]> = [];
            for (const [operator, block] of Object.entries<Record<string, unknown>>(statement.Condition ?? {})) {
              for (const [key, value] of Object.entries(block)) {
                const m = key.match(/^(.*):sub$/);
                if (m && (operator === 'StringEquals' || operator === 'StringLike')) {
                  subs.push([operator, m[1], value]);
                }
              }
            }
            if (subs.length === 0 && hasClaims) {
              subs.push(['StringEquals', claimIssuer!, label]);
            }
            for (const [operator, issuer, value] of subs) {
              for (const subject of [value].flat()) {
                github.push({
                  subject: render(subject, stack),
                  claims: hasClaims ? claims : undefined,
                  matchedWith: operator,
                  issuer,
                  roleName,
                  tier: tags[TIER_TAG],
                  account: stack.account,
                  stackName: stack.stackName,
                  hasBoundary: boundary !== undefined,
                });
              }
            }
          }
          const principalArns = [statement.Condition?.ArnEquals?.['aws:PrincipalArn'] ?? [], statement.Condition?.ArnLike?.['aws:PrincipalArn'] ?? []]
            .flat()
            .map((v: unknown) => render(v, stack));
          const awsPrincipals = [statement.Principal?.AWS ?? []].flat().map((v: unknown) => render(v, stack));
          const trusted = [...principalArns, ...awsPrincipals.filter((p) => /:role\//.test(p))];
          if (trusted.length > 0) {
            spokes.push({
              trusted,
              arnPathName: `role${rolePath}${roleName}`,
              roleName,
              environment: tags[ENVIRONMENT_TAG],
              targets: stack.targets ?? `account ${stack.account}`,
              stackName: stack.stackName,
            });
          }
        }

        // Hubs: roles allowed to assume roles in other accounts.
        const arn = `arn:aws:iam::${stack.account}:role${rolePath}${roleName}`;
        const targets = identityStatements(resources, logicalId, props)
          .filter((s) => s.Effect === 'Allow' && [s.Action].flat().some((a: string) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*'))
          .flatMap((s) => [s.Resource].flat().map((r: unknown) => render(r, stack)))
          .filter((r) => /^arn:[^:]+:iam::\*:role\//.test(r));
        if (targets.length > 0) {
          hubs.push({ arn, stackName: stack.stackName, targets });
        }
      }
    }

    const hubAccess: HubAccessEntry[] = [];
    for (const hub of hubs) {
      for (const spoke of spokes) {
        const trustsHub = spoke.trusted.some((t) => t === hub.arn);
        const allowedByHub = hub.targets.some((t) => iamStringLike(t.replace(/^arn:[^:]+:iam::\*:/, ''), spoke.arnPathName));
        if (trustsHub && allowedByHub) {
          hubAccess.push({
            hubRoleArn: hub.arn,
            hubStackName: hub.stackName,
            spokeRoleName: spoke.roleName,
            spokeTargets: spoke.targets,
            spokeEnvironment: spoke.environment,
            spokeStackName: spoke.stackName,
          });
        }
      }
    }
    this.githubAccess = github;
    this.hubAccess = hubAccess;
    this.roles = roles;
  }

  /** The map as plain text, for a terminal. */
  public toText(): string {
    const lines: string[] = ['Access map (computed from the synthesized templates)', ''];
    lines.push('GitHub subjects -> roles they can assume');
    if (this.githubAccess.length === 0) {
      lines.push('  (none)');
    }
    for (const e of this.githubAccess) {
      const tier = e.tier ? ` tier ${e.tier}` : '';
      lines.push(`  ${describeSubject(e)}${e.matchedWith === 'StringLike' ? ' (pattern)' : ''}`);
      lines.push(`      -> ${e.roleName}${tier} in ${e.account} [${e.stackName}]${e.hasBoundary ? '' : ' NO BOUNDARY'}`);
    }
    lines.push('', 'Hubs -> spokes they reach');
    if (this.hubAccess.length === 0) {
      lines.push('  (none)');
    }
    for (const e of this.hubAccess) {
      lines.push(`  ${e.hubRoleArn} [${e.hubStackName}]`);
      lines.push(`      -> ${e.spokeRoleName}${e.spokeEnvironment ? ` (${e.spokeEnvironment})` : ''} in ${e.spokeTargets} [${e.spokeStackName}]`);
    }
    lines.push('', 'Permissions boundaries');
    for (const [stackName, roles] of groupBy(this.roles, (r) => `${r.stackName} (${r.account})`)) {
      const bounded = roles.filter((r) => r.boundary !== undefined);
      const names = [...new Set(bounded.map((r) => r.boundary!.replace(/^.*:policy\//, '')))];
      lines.push(`  ${stackName}: ${bounded.length} of ${roles.length} roles bounded${names.length ? ` by ${names.join(', ')}` : ''}`);
      for (const r of roles.filter((x) => x.boundary === undefined)) {
        lines.push(`      without a boundary: ${r.roleName}`);
      }
    }
    return lines.join('\n');
  }

  /** The map as Markdown, with a Mermaid diagram. */
  public toMarkdown(): string {
    const out: string[] = ['# Access map', '', 'Computed from the synthesized templates: it shows what would be deployed.', ''];
    out.push('```mermaid', 'flowchart LR');
    const ids = new Map<string, string>();
    const node = (label: string, shape: 'round' | 'box' = 'box') => {
      if (!ids.has(label)) {
        const id = `n${ids.size}`;
        ids.set(label, id);
        const text = label.replace(/"/g, '#quot;');
        out.push(shape === 'round' ? `  ${id}(["${text}"])` : `  ${id}["${text}"]`);
      }
      return ids.get(label)!;
    };
    for (const e of this.githubAccess) {
      const from = node(describeSubject(e), 'round');
      const to = node(`${e.roleName}${e.tier ? ` (${e.tier})` : ''}<br/>${e.account}`);
      out.push(`  ${from} -->|${e.matchedWith === 'StringLike' ? 'pattern' : 'exact'}| ${to}`);
    }
    for (const e of this.hubAccess) {
      const from = node(`${e.hubRoleArn.replace(/^arn:[^:]+:iam::/, '')}`);
      const to = node(`${e.spokeRoleName}<br/>${e.spokeTargets}`);
      out.push(`  ${from} -->|assumes| ${to}`);
    }
    out.push('```', '');
    out.push('## GitHub subjects', '', '| subject | match | role | tier | account | stack | boundary |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const e of this.githubAccess) {
      out.push(`| \`${describeSubject(e)}\` | ${e.matchedWith} | ${e.roleName} | ${e.tier ?? ''} | ${e.account} | ${e.stackName} | ${e.hasBoundary ? 'yes' : '**no**'} |`);
    }
    out.push('', '## Hubs and spokes', '', '| hub | spoke | spoke environment | where | deployed by |', '| --- | --- | --- | --- | --- |');
    for (const e of this.hubAccess) {
      out.push(`| ${e.hubRoleArn} | ${e.spokeRoleName} | ${e.spokeEnvironment ?? ''} | ${e.spokeTargets} | ${e.spokeStackName} |`);
    }
    out.push('', '## Permissions boundaries', '', '| role | account | stack | boundary |', '| --- | --- | --- | --- |');
    for (const r of this.roles) {
      out.push(`| ${r.roleName} | ${r.account} | ${r.stackName} | ${r.boundary ? r.boundary.replace(/^.*:policy\//, '') : '**none**'} |`);
    }
    return out.join('\n') + '\n';
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  }
  return groups;
}

/** The statements of the identity policies attached to a role (inline `Policies` and `AWS::IAM::Policy` resources). */
function identityStatements(resources: Record<string, any>, logicalId: string, props: any): any[] {
  const inline = (props.Policies ?? []).flatMap((p: any) => [p.PolicyDocument?.Statement ?? []].flat());
  const attached = Object.values(resources)
    .filter((r: any) => r.Type === 'AWS::IAM::Policy' && (r.Properties?.Roles ?? []).some((x: any) => x?.Ref === logicalId))
    .flatMap((r: any) => [r.Properties.PolicyDocument?.Statement ?? []].flat());
  return [...inline, ...attached];
}

/** Renders a template value as the string it would be at deploy time, as far as the template alone tells. */
function render(value: unknown, stack: StackTemplate): string {
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v) => render(v, stack)).join(',');
  }
  if (value === null || typeof value !== 'object') {
    return String(value);
  }
  const [fn, arg] = Object.entries(value)[0] ?? [];
  switch (fn) {
    case 'Ref': {
      const name = String(arg);
      const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::AccountId': stack.account, 'AWS::Region': stack.region, 'AWS::URLSuffix': 'amazonaws.com' };
      if (name in pseudo) return pseudo[name];
      if (name in stack.parameters) return stack.parameters[name];
      return referenceValue(name, stack);
    }
    case 'Fn::GetAtt':
      return referenceValue(String((arg as unknown[])[0]), stack);
    case 'Fn::Join': {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map((p) => render(p, stack)).join(separator);
    }
    case 'Fn::Select': {
      const [index, list] = arg as [number, unknown];
      const items = isSplit(list) ? splitOf(list, stack) : [list].flat().map((v) => render(v, stack));
      return items[Number(index)] ?? '<unresolved>';
    }
    case 'Fn::Split':
      return splitOf(value, stack).join(',');
    default:
      return '<unresolved>';
  }
}

function isSplit(value: unknown): boolean {
  return value !== null && typeof value === 'object' && 'Fn::Split' in (value as object);
}

function splitOf(value: any, stack: StackTemplate): string[] {
  const [separator, source] = value['Fn::Split'];
  return render(source, stack).split(separator);
}

/** The deploy-time value of a reference to a resource of the same template, where its shape is known. */
function referenceValue(logicalId: string, stack: StackTemplate): string {
  const resource = stack.template.Resources?.[logicalId];
  const props = resource?.Properties ?? {};
  switch (resource?.Type) {
    case 'AWS::IAM::OIDCProvider':
      return `arn:aws:iam::${stack.account}:oidc-provider/${render(props.Url, stack).replace(/^https:\/\//, '')}`;
    case 'AWS::IAM::ManagedPolicy':
      return `arn:aws:iam::${stack.account}:policy${props.Path ?? '/'}${render(props.ManagedPolicyName ?? logicalId, stack)}`;
    case 'AWS::IAM::Role':
      return `arn:aws:iam::${stack.account}:role${props.Path ?? '/'}${render(props.RoleName ?? logicalId, stack)}`;
    default:
      return `<${logicalId}>`;
  }
}

function readAssembly(directory: string): StackTemplate[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'manifest.json'), 'utf8'));
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly') {
      stacks.push(...readAssembly(path.join(directory, artifact.properties.directoryName)));
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack') {
      continue;
    }
    const env = String(artifact.environment ?? '').match(/^aws:\/\/([^/]+)\/(.+)$/);
    const stack: StackTemplate = {
      stackName: artifact.properties?.stackName ?? artifact.displayName ?? id,
      account: env && env[1] !== 'unknown-account' ? env[1] : '<this account>',
      region: env && env[2] !== 'unknown-region' ? env[2] : '<this region>',
      template: JSON.parse(fs.readFileSync(path.join(directory, artifact.properties.templateFile), 'utf8')),
      parameters: {},
    };
    stacks.push(stack);
    stacks.push(...stackSetTemplates(stack));
  }
  return stacks;
}

/** The templates that StackSets of a stack deploy, with their parameter values and targets. */
function stackSetTemplates(stack: StackTemplate): StackTemplate[] {
  return Object.values<any>(stack.template.Resources ?? {})
    .filter((r) => r.Type === 'AWS::CloudFormation::StackSet' && typeof r.Properties?.TemplateBody === 'string')
    .map((r) => {
      const props = r.Properties;
      const groups: any[] = props.StackInstancesGroup ?? [];
      const ous = groups.flatMap((g) => g.DeploymentTargets?.OrganizationalUnitIds ?? []).map((o: unknown) => render(o, stack));
      const accounts = groups.flatMap((g) => g.DeploymentTargets?.Accounts ?? []).map((a: unknown) => render(a, stack));
      const regions = [...new Set(groups.flatMap((g) => g.Regions ?? []).map((x: unknown) => render(x, stack)))];
      const where = [ous.length ? `every account of ${ous.join(', ')}` : '', accounts.length ? `accounts ${accounts.join(', ')}` : ''].filter(Boolean).join(' and ');
      const auto = props.AutoDeployment?.Enabled ? ', auto-deployed to accounts that join' : '';
      return {
        stackName: `${stack.stackName} StackSet ${render(props.StackSetName ?? '', stack)}`,
        account: '<each target account>',
        region: regions.join(',') || stack.region,
        template: JSON.parse(props.TemplateBody),
        parameters: Object.fromEntries((props.Parameters ?? []).map((p: any) => [p.ParameterKey, render(p.ParameterValue, stack)])),
        targets: `${where} (${regions.join(', ')}${auto})`,
      };
    });
}

/** The subject as reports show it: the sub, followed by the claims the statement also requires. */
function describeSubject(entry: GithubAccessEntry): string {
  if (!entry.claims || entry.subject.startsWith('claims(')) {
    return entry.subject;
  }
  return `${entry.subject} + claims(${Object.entries(entry.claims).map(([k, v]) => `${k}=${v}`).join(', ')})`;
}
