import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';

/**
 * The unsuppressed cdk-nag AwsSolutions errors of the stacks, one line each:
 * `<stack> <construct path>: <first line of the finding>`.
 */
export function nagErrors(stacks: Stack[]): string[] {
  return stacks.flatMap((stack) =>
    Annotations.fromStack(stack)
      .findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))
      .map((e) => `${stack.stackName} ${e.id}: ${String(e.entry.data).split('\n')[0]}`),
  );
}
