/**
 * Replaces the deploy-time values of a synthesized template fragment by the
 * literal values of one account in the `aws` partition, so that a policy can be
 * handed to an IAM evaluator as IAM would store it. `references` maps the
 * logical ids of resources (`{ Ref }`) to their literal values; any other
 * reference or intrinsic throws, so that nothing is evaluated half-resolved.
 */
export function literal(value: unknown, account: string, region: string, references: Record<string, string> = {}): any {
  const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::AccountId': account, 'AWS::Region': region, 'AWS::URLSuffix': 'amazonaws.com' };
  const walk = (v: unknown): any => {
    if (Array.isArray(v)) {
      return v.map(walk);
    }
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      if (entries.length === 1 && entries[0][0] === 'Ref') {
        const name = String(entries[0][1]);
        const resolved = pseudo[name] ?? references[name];
        if (resolved === undefined) {
          throw new Error(`literal: unexpected reference ${JSON.stringify(v)}`);
        }
        return resolved;
      }
      if (entries.length === 1 && entries[0][0] === 'Fn::Join') {
        const [separator, parts] = entries[0][1] as [string, unknown[]];
        return walk(parts).join(separator);
      }
      if (entries.length === 1 && entries[0][0] === 'Fn::Split') {
        const [separator, source] = entries[0][1] as [string, unknown];
        return String(walk(source)).split(separator);
      }
      if (entries.length === 1 && entries[0][0] === 'Fn::Select') {
        const [index, list] = entries[0][1] as [number, unknown];
        return (walk(list) as unknown[])[Number(index)];
      }
      if (entries.length === 1 && entries[0][0].startsWith('Fn::')) {
        throw new Error(`literal: unexpected intrinsic ${JSON.stringify(v)}`);
      }
      return Object.fromEntries(entries.map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value);
}
