import * as path from 'path';

const ACCOUNT_ID_FIELDS = ['managementAccountId', 'securityAccountId', 'networkAccountId', 'backupAccountId', 'identityAccountId'];
const NUMERIC_ID_FIELDS = ['githubOwnerId', 'repositoryId'];

/**
 * `projen new` passes a numeric command-line value as a number, and a 12-digit
 * account id loses its leading zeros: the ids become strings again, in the
 * options and in the arguments projen writes the new `.projenrc.ts` from.
 */
export function fromCommandLine<T extends object>(options: T): T {
  const fix = (args: Record<string, unknown>) => {
    for (const key of ACCOUNT_ID_FIELDS) {
      if (typeof args[key] === 'number') {
        args[key] = String(args[key]).padStart(12, '0');
      }
    }
    for (const key of NUMERIC_ID_FIELDS) {
      if (typeof args[key] === 'number') {
        args[key] = String(args[key]);
      }
    }
    // `projen new --from ./cdk-landing-zone-1.2.3.tgz` adds the path itself as a
    // build dependency, which is no package name: it becomes `cdk-landing-zone@file:<path>`.
    if (Array.isArray(args.devDeps)) {
      args.devDeps = args.devDeps.map((spec: unknown) =>
        typeof spec === 'string' && /(^|[\\/])cdk-landing-zone[-@][^\\/]*\.tgz$/.test(spec) && !spec.startsWith('cdk-landing-zone@')
          ? `cdk-landing-zone@file:${path.resolve(spec.replace(/^file:/, ''))}`
          : spec,
      );
    }
  };
  const created = (options as unknown as { __new__?: { args?: Record<string, unknown> } } | undefined)?.__new__?.args;
  if (created) {
    fix(created);
  }
  const copy = { ...options } as Record<string, unknown>;
  fix(copy);
  return copy as unknown as T;
}

