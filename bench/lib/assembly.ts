import * as fs from 'fs';
import * as path from 'path';
import { cx_api } from 'aws-cdk-lib';

/** What one synthesized stack costs at deploy time. */
export interface StackSummary {
  readonly stackName: string;
  /** Resource type → count. */
  readonly resourceTypes: Record<string, number>;
  readonly resources: number;
  readonly lambdaFunctions: number;
  /** `Custom::*` and `AWS::CloudFormation::CustomResource` resources. */
  readonly customResources: number;
  /** File assets to publish besides the template itself (Lambda code, ...). */
  readonly fileAssets: number;
  /** Bytes of those assets as staged in the cloud assembly. */
  readonly fileAssetBytes: number;
  /** Bytes of the template file as the CDK writes it to the cloud assembly. */
  readonly templateBytes: number;
}

/** The sum over the stacks of an assembly. */
export interface AssemblySummary {
  readonly stacks: StackSummary[];
  readonly resources: number;
  readonly lambdaFunctions: number;
  readonly customResources: number;
  readonly fileAssets: number;
  readonly fileAssetBytes: number;
  readonly templateBytes: number;
}

export function summarizeAssembly(assembly: cx_api.CloudAssembly): AssemblySummary {
  const stacks = assembly.stacks.map((stack) => summarizeStack(assembly.directory, stack));
  const sum = (key: keyof Omit<StackSummary, 'stackName' | 'resourceTypes'>) => stacks.reduce((total, s) => total + s[key], 0);
  return {
    stacks,
    resources: sum('resources'),
    lambdaFunctions: sum('lambdaFunctions'),
    customResources: sum('customResources'),
    fileAssets: sum('fileAssets'),
    fileAssetBytes: sum('fileAssetBytes'),
    templateBytes: sum('templateBytes'),
  };
}

function summarizeStack(directory: string, stack: cx_api.CloudFormationStackArtifact): StackSummary {
  const resources = Object.values<any>(stack.template.Resources ?? {});
  const resourceTypes: Record<string, number> = {};
  for (const resource of resources) {
    resourceTypes[resource.Type] = (resourceTypes[resource.Type] ?? 0) + 1;
  }
  const count = (match: (type: string) => boolean) => resources.filter((r) => match(r.Type)).length;
  const { fileAssets, fileAssetBytes } = fileAssetsOf(directory, stack);
  return {
    stackName: stack.stackName,
    resourceTypes,
    resources: resources.length,
    lambdaFunctions: count((t) => t === 'AWS::Lambda::Function'),
    customResources: count((t) => t.startsWith('Custom::') || t === 'AWS::CloudFormation::CustomResource'),
    fileAssets,
    fileAssetBytes,
    templateBytes: fs.statSync(path.join(directory, stack.templateFile)).size,
  };
}

/** File assets of a stack from its asset manifest, the template itself excluded. */
function fileAssetsOf(directory: string, stack: cx_api.CloudFormationStackArtifact): { fileAssets: number; fileAssetBytes: number } {
  const manifests = stack.dependencies.filter((d): d is cx_api.AssetManifestArtifact => d instanceof cx_api.AssetManifestArtifact);
  const sources = manifests
    .flatMap((m) => Object.values<any>(JSON.parse(fs.readFileSync(m.file, 'utf8')).files ?? {}))
    .map((file) => file.source?.path as string | undefined)
    .filter((p): p is string => p !== undefined && p !== stack.templateFile);
  return { fileAssets: sources.length, fileAssetBytes: sources.reduce((total, p) => total + bytesOf(path.join(directory, p)), 0) };
}

function bytesOf(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) {
    return stat.size;
  }
  return fs.readdirSync(p).reduce((total, entry) => total + bytesOf(path.join(p, entry)), 0);
}
