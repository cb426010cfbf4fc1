import { CheckedTemplate } from './templates';

/** What `render` writes for the account of the stack itself (`AWS::AccountId`, exports, resources of the template). */
export const THIS_ACCOUNT = '<this-account>';

/**
 * Renders a template value as the string it will be at deploy time as far as
 * the template tells: pseudo parameters are replaced, `Fn::Join` and
 * `Fn::Sub` are joined, references to resources of the template become
 * `<ref:LogicalId>` / `<getatt:LogicalId.Attr>`, anything else `<unknown>`.
 */
export function render(value: unknown, template: CheckedTemplate): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return value.map((v) => render(v, template)).join(',');
  }
  if (value === null || typeof value !== 'object') {
    return '<unknown>';
  }
  const entries = Object.entries(value);
  if (entries.length !== 1) {
    return '<unknown>';
  }
  const [fn, arg] = entries[0];
  switch (fn) {
    case 'Ref':
      return reference(String(arg), template);
    case 'Fn::GetAtt': {
      const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
      return template.resources[String(id)] ? `<getatt:${id}.${attribute}>` : '<unknown>';
    }
    case 'Fn::Join': {
      const [separator, parts] = arg as [string, unknown[]];
      return Array.isArray(parts) ? parts.map((p) => render(p, template)).join(separator) : '<unknown>';
    }
    case 'Fn::Sub': {
      const [text, variables] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Record<string, unknown>];
      if (typeof text !== 'string') {
        return '<unknown>';
      }
      return text.replace(/\$\{([^}!]+)\}/g, (_m, name: string) =>
        variables && name in variables ? render(variables[name], template) : name.includes('.') ? `<getatt:${name}>` : reference(name, template),
      );
    }
    case 'Fn::ImportValue':
      // Exports are read in the account (and region) that exports them.
      return '<import>';
    default:
      return '<unknown>';
  }
}

function reference(name: string, template: CheckedTemplate): string {
  switch (name) {
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::AccountId':
      return THIS_ACCOUNT;
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::Region':
      return '<region>';
    default:
      if (template.resources[name]) {
        return `<ref:${name}>`;
      }
      if (template.parent && template.parameterValues && name in template.parameterValues) {
        // A nested stack's parameter: the value its parent passes, in the same account.
        return render(template.parameterValues[name], template.parent);
      }
      return `<parameter:${name}>`;
  }
}

/** The resource a `{Ref}` or `{Fn::GetAtt}` names, if it is one of the template's. */
export function referencedResource(value: unknown, template: CheckedTemplate): string | undefined {
  return resourceBehind(value, template)?.template === template ? resourceBehind(value, template)?.logicalId : undefined;
}

/**
 * The resource a `{Ref}` or `{Fn::GetAtt}` names: one of the template's, or,
 * through a nested stack's parameter, one of its parent's.
 */
export function resourceBehind(value: unknown, template: CheckedTemplate): { template: CheckedTemplate; logicalId: string } | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  const v = value as Record<string, unknown>;
  const id = 'Ref' in v ? v.Ref : Array.isArray(v['Fn::GetAtt']) ? (v['Fn::GetAtt'] as unknown[])[0] : undefined;
  if (typeof id !== 'string') {
    return undefined;
  }
  if (template.resources[id]) {
    return { template, logicalId: id };
  }
  if ('Ref' in v && template.parent && template.parameterValues && id in template.parameterValues) {
    return resourceBehind(template.parameterValues[id], template.parent);
  }
  return undefined;
}

/**
 * A policy document as the template writes it: an object; JSON text; or,
 * given the template, JSON text built with `Fn::Sub` / `Fn::Join` (rendered
 * with `text`, by default the engine's `render`). Undefined when the text
 * does not parse or, given the template, the value is another intrinsic (see `unreadPolicyDocument`).
 */
export function policyDocument(value: unknown, template?: CheckedTemplate, text?: (value: unknown) => string): any {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (template !== undefined && isIntrinsic(value)) {
    return isTextIntrinsic(value) ? policyDocument((text ?? ((v: unknown) => render(v, template)))(value)) : undefined;
  }
  return value;
}

/**
 * Why a policy document cannot be read, or undefined when it can (or is absent):
 * JSON text that does not parse (once `Fn::Sub` / `Fn::Join` are rendered), or
 * a value only known at deploy time (`Ref`, `Fn::If`, `Fn::ImportValue`, ...).
 */
export function unreadPolicyDocument(value: unknown, template: CheckedTemplate): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value === 'string') {
    return policyDocument(value) === undefined ? 'its JSON text does not parse' : undefined;
  }
  if (isTextIntrinsic(value)) {
    const fn = Object.keys(value as object)[0];
    return policyDocument(value, template) === undefined ? `its JSON text, built with ${fn}, does not parse once rendered (a part is not known at synthesis, or the text is not JSON)` : undefined;
  }
  if (isIntrinsic(value)) {
    return `it is the deploy-time value ${JSON.stringify(value).slice(0, 120)}, not a document`;
  }
  return typeof value === 'object' && !Array.isArray(value) ? undefined : `it is ${JSON.stringify(value)}, not a document`;
}

/** Whether a value is JSON text built with `Fn::Sub` or `Fn::Join`. */
function isTextIntrinsic(value: unknown): boolean {
  return isIntrinsic(value) && ['Fn::Sub', 'Fn::Join'].includes(Object.keys(value as object)[0]);
}

/** Whether a value is an intrinsic function or a `Ref` (an object of one `Ref` or `Fn::` key). */
export function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** The statements of a policy document, as a list (JSON text built with `Fn::Sub` / `Fn::Join` read when the template is given). */
export function statementsOf(document: unknown, template?: CheckedTemplate): any[] {
  const statement = (policyDocument(document, template) as any)?.Statement;
  if (statement === undefined) {
    return [];
  }
  return (Array.isArray(statement) ? statement : [statement]).filter((s) => s !== null && typeof s === 'object');
}

/** The values of a field that may hold one value or a list. */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}
