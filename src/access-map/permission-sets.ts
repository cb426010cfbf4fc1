import type { PermissionSetAccessEntry } from './access-map';
import { AssemblyTemplate } from './assembly';
import { listOf, resourceBehind } from '../landing-zone-checks/engine/values';


/**
 * The group assignments (`AWS::SSO::Assignment`, principal type GROUP,
 * target an account) of the templates, with the permission set they go
 * through when it is a resource of the same template.
 */
export function permissionSetAccessOf(templates: AssemblyTemplate[]): PermissionSetAccessEntry[] {
  const out: PermissionSetAccessEntry[] = [];
  for (const t of templates) {
    for (const resource of Object.values<any>(t.resources)) {
      const props = resource?.Properties ?? {};
      if (resource?.Type !== 'AWS::SSO::Assignment' || props.PrincipalType !== 'GROUP' || props.TargetType !== 'AWS_ACCOUNT') {
        continue;
      }
      const target = resourceBehind(props.PermissionSetArn, t);
      const set = target && target.template.resources[target.logicalId]?.Type === 'AWS::SSO::PermissionSet' ? target.template.resources[target.logicalId].Properties ?? {} : undefined;
      const boundary = set?.PermissionsBoundary;
      const reference = boundary?.CustomerManagedPolicyReference;
      out.push({
        groupId: t.text(props.PrincipalId),
        permissionSetName: set ? t.text(set.Name) : t.text(props.PermissionSetArn),
        account: t.text(props.TargetId),
        boundary: !set
          ? '<unknown: the permission set is not in this template>'
          : reference
            ? `${t.text(reference.Path ?? '/')}${t.text(reference.Name)}`
            : boundary?.ManagedPolicyArn !== undefined
              ? t.text(boundary.ManagedPolicyArn)
              : 'none',
        policies: set
          ? [
            ...listOf(set.ManagedPolicies).map((p) => t.text(p).replace(/^arn:[^:]*:iam::aws:policy\//, '')),
            ...listOf(set.CustomerManagedPolicyReferences).map((r: any) => `${t.text(r?.Path ?? '/')}${t.text(r?.Name)}`),
          ]
          : [],
        hasInlinePolicy: set?.InlinePolicy !== undefined,
        stackName: t.stackName,
        constructPath: target ? target.template.pathOf(target.logicalId) : t.stackName,
      });
    }
  }
  return out;
}
