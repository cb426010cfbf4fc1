/**
 * Passing tests print nothing. Loaded before every test file (jest
 * `setupFilesAfterEnv`, set in .projenrc.ts): a test that writes to the
 * console fails, and its error carries what it wrote. A measurement belongs
 * in bench/ (BENCHMARKS.md) and an assertion; a warning worth seeing belongs
 * in an assertion (`Annotations.fromStack(...).hasWarning`).
 *
 * Writes outside any test (while the file is collected, or in a `beforeAll`)
 * fail the file's next test; writes in a describe block's `afterAll` fail the
 * file. A top-level `afterAll` of the test file runs after this file's own,
 * so it gets the real console back: what it writes shows (not lost, not
 * failed). A test that means to check console output spies on the method
 * itself (`jest.spyOn(console, 'warn')`), which replaces this one while it
 * lasts.
 */
import { format } from 'util';

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'] as const;

type Write = (...args: unknown[]) => void;
const writable = console as unknown as Record<(typeof METHODS)[number], Write>;
const originals = Object.fromEntries(METHODS.map((method) => [method, writable[method]])) as Record<(typeof METHODS)[number], Write>;
const written: string[] = [];
for (const method of METHODS) {
  writable[method] = (...args: unknown[]) => {
    written.push(`console.${method}: ${format(...args)}`);
  };
}

function failIfWritten(who: string): void {
  if (written.length > 0) {
    const lines = written.splice(0);
    throw new Error(`${who} wrote to the console; passing tests print nothing (assert the value, or measure it in bench/):\n${lines.join('\n')}`);
  }
}

beforeEach(() => failIfWritten('The test file, outside its tests,'));
afterEach(() => failIfWritten('This test'));
afterAll(() => {
  // A top-level afterAll of the test file runs after this one: give it the
  // console back, so that what it writes is seen rather than lost.
  Object.assign(writable, originals);
  failIfWritten('The test file, after its last test,');
});
