/** The template metadata key under which suppressions of the landing-zone checks are written. */
export const SUPPRESSIONS_METADATA_KEY = 'cdk_landing_zone';

/** The shortest reason a suppression accepts, white space at either end not counted. */
export const MIN_REASON_LENGTH = 20;

/** One suppression, as written in a resource's metadata. */
export interface SuppressionEntry {
  readonly id: string;
  readonly reason: string;
}

/** Whether a reason is long enough to say why. */
export function isValidReason(reason: unknown): reason is string {
  return typeof reason === 'string' && reason.trim().length >= MIN_REASON_LENGTH;
}

/** The suppressions written in metadata entries (`Metadata` objects of a resource). */
export function suppressionsIn(metadata: any[]): unknown[] {
  return metadata.flatMap((m) => {
    const entries = m?.[SUPPRESSIONS_METADATA_KEY]?.suppressions;
    return Array.isArray(entries) ? entries : [];
  });
}

/**
 * How the suppressions of a resource treat a rule: `suppressed` with the
 * reason, `invalid` when an entry names the rule without a valid reason (it is
 * ignored), or nothing.
 */
export function suppressionOf(metadata: any[], ruleId: string): { reason?: string; invalid: boolean } {
  const entries = suppressionsIn(metadata).filter((e: any) => e?.id === ruleId) as any[];
  const valid = entries.find((e) => isValidReason(e.reason));
  return { reason: valid?.reason.trim(), invalid: valid === undefined && entries.length > 0 };
}
