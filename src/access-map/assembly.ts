import * as fs from 'fs';
import * as path from 'path';
import { CheckedTemplate, readTemplates } from '../landing-zone-checks/engine/templates';
import { isIntrinsic, listOf, policyDocument, render, resourceBehind, THIS_ACCOUNT } from '../landing-zone-checks/engine/values';

/** What `render` writes for a value it cannot know at synthesis. */
const UNRESOLVED = /<(unknown>|import>|ref:|getatt:|parameter:)/;

/**
 * A template of a cloud assembly (a stack, a nested stack, a StackSet body),
 * as the engine reads it, with what the access map needs besides: the
 * account and region as reports show them, where a StackSet deploys, and
 * values rendered with the ARNs of the template's own resources.
 */
export interface AssemblyTemplate extends CheckedTemplate {
  /** The 12-digit account; for a StackSet body the accounts it reaches, e.g. `<every account of ou-ab12-prod0001>`; `<this account>` (environment-agnostic). */
  readonly accountLabel: string;
  /** The region, or `<this region>`. */
  readonly region: string;
  /** Where the template deploys: `account 555555555555`, or a StackSet's OUs, accounts and regions. */
  readonly targets: string;
  /** A value as the string it will be at deploy time, as far as the templates tell. */
  text(value: unknown): string;
  /** A value with every intrinsic the templates resolve replaced by its string; the others are left as they are. */
  resolve(value: unknown): any;
  /** A policy document: an object, JSON text, or JSON text built with `Fn::Sub` / `Fn::Join`; undefined when it cannot be read. */
  document(value: unknown): any;
  /** The name of a role of the template, when known at synthesis. */
  roleName(logicalId: string): string | undefined;
  /** The ARN of a role of the template; a generated name shows as `<construct path>`. */
  roleArn(logicalId: string): string;
}

/** Reads every template of a cloud assembly directory: its stacks, nested assemblies (stages), nested stacks and StackSet bodies. */
export function readAssemblyTemplates(directory: string): AssemblyTemplate[] {
  const regions = new Map<string, string>();
  const files: string[] = [];
  collectTemplateFiles(directory, files, regions);
  const checked = readTemplates(files);
  const wrappers = new Map<CheckedTemplate, AssemblyTemplate>();
  const wrapperOf = (t: CheckedTemplate): AssemblyTemplate | undefined => wrappers.get(t);
  const out: AssemblyTemplate[] = [];
  for (const t of checked) {
    if (!t.isStackSet) {
      const top = topOf(t);
      const region = regions.get(path.resolve(top.reportAs('').templatePath)) ?? '<this region>';
      const w = wrap(t, t.account ?? '<this account>', region, `account ${t.account ?? '<this account>'}`, wrapperOf);
      wrappers.set(t, w);
      out.push(w);
      continue;
    }
    // A StackSet body: its parameters take the values the StackSet passes, written in the owner's terms.
    const { logicalId, templatePath } = t.reportAs('');
    const owner = checked.find((o) => !o.isStackSet && o.reportAs(logicalId).templatePath === templatePath && o.resources[logicalId]?.Type === 'AWS::CloudFormation::StackSet');
    const ownerWrapper = owner ? wrappers.get(owner) : undefined;
    if (!owner || !ownerWrapper) {
      const w = wrap(t, '<each target account>', '<each target region>', 'each target account', wrapperOf);
      wrappers.set(t, w);
      out.push(w);
      continue;
    }
    const props = owner.resources[logicalId].Properties ?? {};
    const parameterValues = Object.fromEntries((listOf(props.Parameters) as any[]).map((p) => [String(p?.ParameterKey), p?.ParameterValue]));
    const groups = listOf(props.StackInstancesGroup) as any[];
    const stackSetRegions = [...new Set(groups.flatMap((g) => listOf(g?.Regions)).map((r) => ownerWrapper.text(r)))];
    const where = groups.map((g) => targetsOf(g?.DeploymentTargets, ownerWrapper)).filter(Boolean).join('; ') || 'each target account';
    const auto = props.AutoDeployment?.Enabled === true || props.AutoDeployment?.Enabled === 'true' ? ', auto-deployed to accounts that join' : '';
    const context: CheckedTemplate = { ...t, parent: owner, parameterValues };
    // The accounts an account of the template stands for: per OU (and account filter), so that the map reads per OU.
    const accountLabel = where === 'each target account' ? '<each target account>' : `<${where}>`;
    const w = wrap(context, accountLabel, stackSetRegions.join(',') || ownerWrapper.region, `${where} (${stackSetRegions.join(', ')}${auto})`, wrapperOf);
    wrappers.set(t, w);
    wrappers.set(context, w);
    out.push(w);
  }
  return out;
}

/** The accounts a StackSet's deployment targets reach, in words: OUs refined by an account filter, or listed accounts. */
function targetsOf(targets: any, owner: AssemblyTemplate): string {
  const ous = (listOf(targets?.OrganizationalUnitIds) as unknown[]).map((o) => owner.text(o));
  const accounts = (listOf(targets?.Accounts) as unknown[]).map((a) => owner.text(a));
  const filter = owner.text(targets?.AccountFilterType ?? 'NONE');
  if (ous.length === 0) {
    return accounts.length ? `accounts ${accounts.join(', ')}` : '';
  }
  const base = `every account of ${ous.join(', ')}`;
  if (accounts.length === 0 || filter === 'NONE') {
    return base;
  }
  if (filter === 'DIFFERENCE') {
    return `${base} but ${accounts.join(', ')}`;
  }
  if (filter === 'INTERSECTION') {
    return `accounts ${accounts.join(', ')} of ${ous.join(', ')}`;
  }
  return `${base} and accounts ${accounts.join(', ')}`;
}

function collectTemplateFiles(directory: string, files: string[], regions: Map<string, string>) {
  const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'manifest.json'), 'utf8'));
  for (const artifact of Object.values<any>(manifest?.artifacts ?? {})) {
    if (artifact?.type === 'cdk:cloud-assembly' && typeof artifact.properties?.directoryName === 'string') {
      const nested = path.join(directory, artifact.properties.directoryName);
      if (fs.existsSync(path.join(nested, 'manifest.json'))) {
        collectTemplateFiles(nested, files, regions);
      }
    }
    if (artifact?.type === 'aws:cloudformation:stack' && typeof artifact.properties?.templateFile === 'string') {
      const file = path.resolve(directory, artifact.properties.templateFile);
      const region = String(artifact.environment ?? '').match(/^aws:\/\/[^/]+\/(.+)$/)?.[1];
      regions.set(file, region && region !== 'unknown-region' ? region : '<this region>');
      files.push(file);
    }
  }
}

function topOf(t: CheckedTemplate): CheckedTemplate {
  return t.parent ? topOf(t.parent) : t;
}

function wrap(
  base: CheckedTemplate,
  accountLabel: string,
  region: string,
  targets: string,
  wrapperOf: (t: CheckedTemplate) => AssemblyTemplate | undefined,
): AssemblyTemplate {
  const self: AssemblyTemplate = {
    ...base,
    accountLabel,
    region,
    targets,
    text: (value) => render(substitute(value, self, wrapperOf), self).split(THIS_ACCOUNT).join(accountLabel),
    resolve: (value) => resolveDeep(value, self),
    document: (value) => {
      if (value === undefined || value === null) {
        return undefined;
      }
      return typeof value === 'string' || isIntrinsic(value) ? policyDocument(value, self, self.text) : self.resolve(value);
    },
    roleName: (logicalId) => {
      const name = base.resources[logicalId]?.Properties?.RoleName;
      if (name === undefined) {
        return undefined;
      }
      const text = self.text(name);
      return UNRESOLVED.test(text) ? undefined : text;
    },
    roleArn: (logicalId) => {
      const props = base.resources[logicalId]?.Properties ?? {};
      return `arn:aws:iam::${accountLabel}:role${iamPath(self, props.Path)}${self.roleName(logicalId) ?? `<${base.pathOf(logicalId)}>`}`;
    },
  };
  return self;
}

function iamPath(t: AssemblyTemplate, value: unknown): string {
  const text = value === undefined ? '/' : t.text(value);
  return UNRESOLVED.test(text) ? '/' : text;
}

function resolveDeep(value: unknown, t: AssemblyTemplate): any {
  if (Array.isArray(value)) {
    return value.map((v) => resolveDeep(v, t));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (isIntrinsic(value)) {
    const text = t.text(value);
    return UNRESOLVED.test(text) ? value : text;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, t)]));
}

/**
 * Replaces references to resources whose value the templates tell (roles,
 * OIDC and SAML providers, managed policies, hosted zones, backup vaults) by
 * that value, and `Fn::Select` of known lists by the element, so that the
 * engine's `render` writes ARNs rather than `<ref:...>`.
 */
function substitute(value: unknown, t: AssemblyTemplate, wrapperOf: (t: CheckedTemplate) => AssemblyTemplate | undefined): unknown {
  if (Array.isArray(value)) {
    return value.map((v) => substitute(v, t, wrapperOf));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [fn, arg] = entries[0];
    if (fn === 'Ref' || fn === 'Fn::GetAtt') {
      const attribute = fn === 'Ref' ? undefined : Array.isArray(arg) ? String(arg[1]) : String(arg).split('.').slice(1).join('.');
      const known = knownValue(value, attribute, t, wrapperOf);
      return known ?? value;
    }
    if (fn === 'Fn::Sub') {
      const [text, variables] = (Array.isArray(arg) ? arg : [arg, {}]) as [unknown, Record<string, unknown>];
      if (typeof text !== 'string') {
        return value;
      }
      const vars: Record<string, unknown> = Object.fromEntries(Object.entries(variables ?? {}).map(([k, v]) => [k, substitute(v, t, wrapperOf)]));
      for (const m of text.matchAll(/\$\{([^}!]+)\}/g)) {
        const name = m[1];
        if (name in vars || name.startsWith('AWS::')) {
          continue;
        }
        const [id, ...rest] = name.split('.');
        const known = knownValue(rest.length ? { 'Fn::GetAtt': [id, rest.join('.')] } : { Ref: id }, rest.length ? rest.join('.') : undefined, t, wrapperOf);
        if (known !== undefined) {
          vars[name] = known;
        }
      }
      return { 'Fn::Sub': [text, vars] };
    }
    if (fn === 'Fn::Select' && Array.isArray(arg)) {
      const [index, list] = arg as [unknown, unknown];
      const items = splitItems(list, t, wrapperOf);
      const item = items?.[Number(index)];
      return item === undefined ? value : substitute(item, t, wrapperOf);
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, substitute(v, t, wrapperOf)]));
}

function splitItems(list: unknown, t: AssemblyTemplate, wrapperOf: (t: CheckedTemplate) => AssemblyTemplate | undefined): unknown[] | undefined {
  if (Array.isArray(list)) {
    return list;
  }
  const split = (list as any)?.['Fn::Split'];
  if (Array.isArray(split) && typeof split[0] === 'string') {
    const text = render(substitute(split[1], t, wrapperOf), t);
    return UNRESOLVED.test(text) ? undefined : text.split(split[0]);
  }
  return undefined;
}

/** The value of a `Ref` (no attribute) or `Fn::GetAtt` of a resource the templates describe, where its shape is known. */
type WrapperOf = (t: CheckedTemplate) => AssemblyTemplate | undefined;

function knownValue(reference: unknown, attribute: string | undefined, t: AssemblyTemplate, wrapperOf: WrapperOf): string | undefined {
  const behind = resourceBehind(reference, t);
  const owner = behind ? (behind.template === t ? t : wrapperOf(behind.template)) : undefined;
  if (!behind || !owner) {
    return undefined;
  }
  const resource = owner.resources[behind.logicalId];
  const props = resource?.Properties ?? {};
  const account = owner.accountLabel;
  const known = (text: string) => (UNRESOLVED.test(text) ? undefined : text);
  const name = (value: unknown) => (value === undefined ? undefined : known(owner.text(value)));
  switch (resource?.Type) {
    case 'AWS::IAM::OIDCProvider':
    case 'Custom::AWSCDKOpenIdConnectProvider': {
      const url = name(props.Url);
      return url && (attribute === undefined || attribute === 'Arn') ? `arn:aws:iam::${account}:oidc-provider/${url.replace(/^https:\/\//, '')}` : undefined;
    }
    case 'AWS::IAM::SAMLProvider':
      return attribute === undefined || attribute === 'Arn' ? `arn:aws:iam::${account}:saml-provider/${name(props.Name) ?? `<${owner.pathOf(behind.logicalId)}>`}` : undefined;
    case 'AWS::IAM::Role':
      return attribute === undefined ? owner.roleName(behind.logicalId) : attribute === 'Arn' ? owner.roleArn(behind.logicalId) : undefined;
    case 'AWS::IAM::ManagedPolicy':
      return attribute === undefined || attribute === 'PolicyArn'
        ? `arn:aws:iam::${account}:policy${iamPath(owner, props.Path)}${name(props.ManagedPolicyName) ?? `<${owner.pathOf(behind.logicalId)}>`}`
        : undefined;
    case 'AWS::Route53::HostedZone':
      return attribute === undefined || attribute === 'Id' ? `<zone ${(name(props.Name) ?? owner.pathOf(behind.logicalId)).replace(/\.$/, '')}>` : undefined;
    case 'AWS::Backup::BackupVault': {
      const vault = name(props.BackupVaultName) ?? `<${owner.pathOf(behind.logicalId)}>`;
      if (attribute === undefined || attribute === 'BackupVaultName') {
        return vault;
      }
      return attribute === 'BackupVaultArn' ? `arn:aws:backup:${owner.region}:${account}:backup-vault:${vault}` : undefined;
    }
    default:
      return undefined;
  }
}
