import { cx_api } from 'aws-cdk-lib';

/** A short report of a synthesized cloud assembly: stacks, accounts, resources per stack. */
export function assemblyReport(assembly: cx_api.CloudAssembly): string {
  const lines: string[] = [];
  let total = 0;
  lines.push(`Synthesized ${assembly.stacks.length} stack(s) to ${assembly.directory}`);
  lines.push('');
  for (const stack of assembly.stacks) {
    const resources = Object.values<any>(stack.template.Resources ?? {});
    total += resources.length;
    const byType = new Map<string, number>();
    for (const r of resources) {
      byType.set(r.Type, (byType.get(r.Type) ?? 0) + 1);
    }
    lines.push(`${stack.stackName}  account ${stack.environment.account}  region ${stack.environment.region}  ${resources.length} resource(s)`);
    for (const [type, count] of [...byType.entries()].sort()) {
      lines.push(`    ${String(count).padStart(3)}  ${type}`);
    }
  }
  lines.push('');
  lines.push(`Total: ${total} resource(s) in ${assembly.stacks.length} stack(s)`);
  return lines.join('\n');
}
