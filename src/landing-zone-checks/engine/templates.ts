import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * A synthesized template as the landing-zone checks read it: its resources,
 * the account it deploys to (when the cloud assembly says), and how to name
 * and report each of its resources.
 */
export interface CheckedTemplate {
  /** The stack's name (for a StackSet template: the StackSet's). */
  readonly stackName: string;
  /** The 12-digit account the template deploys to, when known at synthesis. */
  readonly account?: string;
  /** `Resources` of the template. */
  readonly resources: Record<string, any>;
  /** The template this one is nested in (nested stacks), if any. */
  readonly parent?: CheckedTemplate;
  /** Whether the template is the body of a StackSet (deployed to other accounts). */
  readonly isStackSet: boolean;
  /** For a nested stack: the values its parent passes to its parameters, written in the parent's terms. */
  readonly parameterValues?: Record<string, unknown>;
  /** The construct path of a resource of this template. */
  pathOf(logicalId: string): string;
  /** Where a finding about a resource of this template is reported: a resource of a template file. */
  reportAs(logicalId: string): ReportedResource;
  /** Metadata entries that hold suppressions for a resource (its own, and for a StackSet template the StackSet's). */
  metadataOf(logicalId: string): any[];
  /**
   * The rules acknowledged (`Validations.of(scope).acknowledge()`) on a
   * resource's construct or any construct above it, by qualified rule id
   * (`prefix::rule`), with their reasons. Empty without a cloud assembly.
   */
  acknowledgmentsOf(logicalId: string): Record<string, string>;
}

/** The construct metadata type under which aws-cdk-lib records acknowledged rules (Validations.ACKNOWLEDGED_RULES_METADATA_KEY). */
const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

/** A resource of a template file, as the policy-validation report names it. */
export interface ReportedResource {
  /** The logical id in `templatePath`. */
  readonly logicalId: string;
  /** The template file. */
  readonly templatePath: string;
}

interface StackArtifact {
  readonly stackName: string;
  readonly account?: string;
  /** Construct path (with a leading `/`) -> logical id, from the `aws:cdk:logicalId` metadata. */
  readonly logicalIds: Array<[string, string]>;
  /** Construct path (with a leading `/`) -> rules acknowledged there, with their reasons. */
  readonly acknowledgments: Array<[string, Record<string, string>]>;
  /** The asset manifest of the stack (nested stack templates are assets). */
  readonly assets: Record<string, any>;
}

const ACCOUNT = /^\d{12}$/;

/**
 * Reads template files and, where the cloud assembly next to them describes
 * them, their stack's account and construct paths; follows nested stacks
 * (through the stack's asset manifest) and the inline templates of StackSets.
 */
export function readTemplates(templatePaths: string[]): CheckedTemplate[] {
  const out: CheckedTemplate[] = [];
  const seen = new Set<string>();
  for (const templatePath of templatePaths) {
    const full = path.resolve(templatePath);
    if (seen.has(full)) {
      continue;
    }
    seen.add(full);
    const template = readJson(full);
    const artifact = findArtifact(full);
    const stackName = artifact?.stackName ?? path.basename(full).replace(/\.template\.json$/, '');
    const top = fileTemplate(full, template, stackName, artifact?.account, artifact, undefined, undefined);
    out.push(top);
    out.push(...descendants(top, template, full, artifact, seen));
  }
  return out;
}

function descendants(
  owner: CheckedTemplate,
  template: any,
  templatePath: string,
  artifact: StackArtifact | undefined,
  seen: Set<string>,
): CheckedTemplate[] {
  const out: CheckedTemplate[] = [];
  for (const [logicalId, resource] of Object.entries<any>(template?.Resources ?? {})) {
    if (resource?.Type === 'AWS::CloudFormation::StackSet' && typeof resource.Properties?.TemplateBody === 'string') {
      let body: any;
      try {
        body = JSON.parse(resource.Properties.TemplateBody);
      } catch {
        continue; // A YAML body is not read.
      }
      out.push(stackSetTemplate(owner, logicalId, resource, body));
    }
    if (resource?.Type === 'AWS::CloudFormation::Stack' && artifact) {
      const nestedFile = nestedTemplateFile(resource, templatePath, artifact);
      if (!nestedFile || seen.has(nestedFile)) {
        continue;
      }
      seen.add(nestedFile);
      const nested = readJson(nestedFile);
      const resourcePath = owner.pathOf(logicalId);
      const stackPath = `/${resourcePath}`.replace(/\.NestedStack\/[^/]+\.NestedStackResource$/, '');
      const child = fileTemplate(nestedFile, nested, `${owner.stackName} nested stack ${logicalId}`, owner.account, artifact, stackPath, owner, resource.Properties?.Parameters);
      out.push(child);
      out.push(...descendants(child, nested, nestedFile, artifact, seen));
    }
  }
  return out;
}

function fileTemplate(
  templatePath: string,
  template: any,
  stackName: string,
  account: string | undefined,
  artifact: StackArtifact | undefined,
  nestedStackPath: string | undefined,
  parent: CheckedTemplate | undefined,
  parameterValues?: Record<string, unknown>,
): CheckedTemplate {
  const resources: Record<string, any> = template?.Resources ?? {};
  const nestedStackPaths = (artifact?.logicalIds ?? [])
    .map(([p]) => p)
    .filter((p) => /\.NestedStackResource$/.test(p))
    .map((p) => p.replace(/\.NestedStack\/[^/]+\.NestedStackResource$/, ''));
  /** The nested stack a construct path belongs to; undefined for the top-level stack. */
  const owningNestedStack = (constructPath: string): string | undefined =>
    nestedStackPaths.filter((n) => constructPath.startsWith(`${n}/`)).sort((a, b) => b.length - a.length)[0];
  /** The construct path (with a leading `/`) of a resource of this template, from the cloud assembly. */
  const constructPathOf = (logicalId: string): string | undefined =>
    (artifact?.logicalIds ?? []).find(([p, id]) => id === logicalId && owningNestedStack(p) === nestedStackPath)?.[0];
  return {
    stackName,
    account,
    resources,
    parent,
    isStackSet: false,
    parameterValues,
    pathOf: (logicalId) => {
      const constructPath = constructPathOf(logicalId);
      if (constructPath) {
        return constructPath.replace(/^\//, '');
      }
      const metadataPath = resources[logicalId]?.Metadata?.['aws:cdk:path'];
      return typeof metadataPath === 'string' ? metadataPath : `${stackName}/${logicalId}`;
    },
    reportAs: (logicalId) => ({ logicalId, templatePath }),
    metadataOf: (logicalId) => [resources[logicalId]?.Metadata].filter((m) => m !== undefined),
    acknowledgmentsOf: (logicalId) => {
      const constructPath = constructPathOf(logicalId);
      return constructPath && artifact ? acknowledgedAbove(artifact, constructPath) : {};
    },
  };
}

/** The rules acknowledged on a construct path or any path above it; a deeper acknowledgment's reason wins. */
function acknowledgedAbove(artifact: StackArtifact, constructPath: string): Record<string, string> {
  const above = artifact.acknowledgments
    .filter(([p]) => constructPath === p || constructPath.startsWith(`${p}/`))
    .sort(([a], [b]) => a.length - b.length);
  return Object.assign({}, ...above.map(([, rules]) => rules));
}

function stackSetTemplate(owner: CheckedTemplate, stackSetLogicalId: string, stackSet: any, body: any): CheckedTemplate {
  const resources: Record<string, any> = body?.Resources ?? {};
  const name = typeof stackSet.Properties?.StackSetName === 'string' ? stackSet.Properties.StackSetName : stackSetLogicalId;
  return {
    stackName: `${owner.stackName} StackSet ${name}`,
    account: undefined, // every target account
    resources,
    parent: undefined, // deployed to other accounts: nothing of the owner's template exists there
    isStackSet: true,
    pathOf: (logicalId) => {
      const inner = resources[logicalId]?.Metadata?.['aws:cdk:path'];
      return `${owner.pathOf(stackSetLogicalId)} [StackSet template: ${typeof inner === 'string' ? inner : logicalId}]`;
    },
    reportAs: () => owner.reportAs(stackSetLogicalId),
    metadataOf: (logicalId) => [resources[logicalId]?.Metadata, ...owner.metadataOf(stackSetLogicalId)].filter((m) => m !== undefined),
    // Acknowledgments on the StackSet's construct cover its template.
    acknowledgmentsOf: () => owner.acknowledgmentsOf(stackSetLogicalId),
  };
}

/** The file of a nested stack's template: its `TemplateURL` ends in the asset hash of a file the stack's asset manifest lists. */
function nestedTemplateFile(resource: any, templatePath: string, artifact: StackArtifact): string | undefined {
  const assetPath = resource.Metadata?.['aws:asset:path'];
  const directory = path.dirname(templatePath);
  if (typeof assetPath === 'string' && fs.existsSync(path.join(directory, assetPath))) {
    return path.join(directory, assetPath);
  }
  const hash = JSON.stringify(resource.Properties?.TemplateURL ?? '').match(/([0-9a-f]{64})\.json/)?.[1];
  const source = hash ? artifact.assets?.files?.[hash]?.source?.path : undefined;
  if (typeof source === 'string' && fs.existsSync(path.join(directory, source))) {
    return path.join(directory, source);
  }
  return undefined;
}

/** The stack artifact of a template file, from the `manifest.json` beside it. */
function findArtifact(templatePath: string): StackArtifact | undefined {
  const directory = path.dirname(templatePath);
  const manifestFile = path.join(directory, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    return undefined;
  }
  const manifest = readJson(manifestFile);
  const entry = Object.entries<any>(manifest?.artifacts ?? {}).find(
    ([, a]) => a?.type === 'aws:cloudformation:stack' && a.properties?.templateFile === path.basename(templatePath),
  );
  if (!entry) {
    return undefined;
  }
  const [id, artifact] = entry;
  const account = String(artifact.environment ?? '').match(/^aws:\/\/([^/]+)\//)?.[1];
  let metadata: Record<string, any[]> = artifact.metadata ?? {};
  if (typeof artifact.additionalMetadataFile === 'string' && fs.existsSync(path.join(directory, artifact.additionalMetadataFile))) {
    metadata = { ...metadata, ...readJson(path.join(directory, artifact.additionalMetadataFile)) };
  }
  const logicalIds: Array<[string, string]> = [];
  const acknowledgments: Array<[string, Record<string, string>]> = [];
  for (const [constructPath, entries] of Object.entries(metadata)) {
    for (const e of entries ?? []) {
      if (e?.type === 'aws:cdk:logicalId' && typeof e.data === 'string') {
        logicalIds.push([constructPath, e.data]);
      }
      if (e?.type === ACKNOWLEDGED_RULES && e.data !== null && typeof e.data === 'object') {
        acknowledgments.push([constructPath, Object.fromEntries(Object.entries<unknown>(e.data).filter(([, v]) => typeof v === 'string')) as Record<string, string>]);
      }
    }
  }
  const assetArtifact = Object.values<any>(manifest.artifacts).find(
    (a) => a?.type === 'cdk:asset-manifest' && (artifact.dependencies ?? []).some((d: string) => manifest.artifacts[d] === a),
  );
  const assetsFile = assetArtifact?.properties?.file ? path.join(directory, assetArtifact.properties.file) : undefined;
  return {
    stackName: artifact.properties?.stackName ?? artifact.displayName ?? id,
    account: account && ACCOUNT.test(account) ? account : undefined,
    logicalIds,
    acknowledgments,
    assets: assetsFile && fs.existsSync(assetsFile) ? readJson(assetsFile) : {},
  };
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * One CloudFormation resource as it will be synthesized: property overrides,
 * deletion overrides and aspects applied, tokens resolved in its stack.
 * The constructs audit their own output with it (docs/security-model.md#checks).
 */
export function renderResource(resource: CfnResource): { logicalId: string; body: any } {
  const rendered = Stack.of(resource).resolve(resource._toCloudFormation()) as { Resources?: Record<string, any> };
  const [logicalId, body] = Object.entries(rendered.Resources ?? {})[0] ?? [Stack.of(resource).resolve(resource.logicalId), undefined];
  return { logicalId, body };
}

/**
 * The template a stack will synthesize, read the way `readTemplates` reads a
 * file: every CloudFormation resource of the stack rendered with
 * `renderResource` (only those of the given types, when given), each named
 * by its construct path. Used at synthesis,
 * before any file exists; references to a parent stack stay parameters.
 */
export function renderStackTemplate(stack: Stack, types?: Set<string>): CheckedTemplate {
  const resources: Record<string, any> = {};
  const paths: Record<string, string> = {};
  for (const construct of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(construct) || Stack.of(construct) !== stack || (types !== undefined && !types.has(construct.cfnResourceType))) {
      continue;
    }
    const { logicalId, body } = renderResource(construct);
    if (body !== undefined) {
      resources[logicalId] = body;
      paths[logicalId] = construct.node.path;
    }
  }
  const account = Token.isUnresolved(stack.account) ? undefined : stack.account;
  return {
    stackName: stack.stackName,
    account: account && ACCOUNT.test(account) ? account : undefined,
    resources,
    parent: undefined,
    isStackSet: false,
    pathOf: (logicalId) => paths[logicalId] ?? `${stack.node.path}/${logicalId}`,
    reportAs: (logicalId) => ({ logicalId, templatePath: stack.templateFile }),
    metadataOf: (logicalId) => [resources[logicalId]?.Metadata].filter((m) => m !== undefined),
    // A construct's own audit is not a validation plugin: acknowledgments do not apply.
    acknowledgmentsOf: () => ({}),
  };
}

/** The logical ids, in its own stack, of the CloudFormation resources under a construct. */
export function ownLogicalIds(scope: IConstruct): Set<string> {
  const stack = Stack.of(scope);
  const ids = new Set<string>();
  for (const construct of scope.node.findAll()) {
    if (CfnResource.isCfnResource(construct) && Stack.of(construct) === stack) {
      ids.add(stack.resolve(construct.logicalId));
    }
  }
  return ids;
}
