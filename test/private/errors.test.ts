import { App, Lazy, Stack, Token } from 'aws-cdk-lib';
import { describeValue, formatInvalidInput, isUnresolved, LandingZoneInputError } from '../../src/private/errors';

describe('LandingZoneInputError', () => {
  test('the message starts with the construct name and states received and expected', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Stack');

    // WHEN
    const error = new LandingZoneInputError({
      construct: 'GithubOidcProvider',
      scope: stack,
      input: 'url',
      received: 'http://example.com',
      expected: 'an https:// URL',
      reason: 'GitHub only issues tokens over TLS.',
    });

    // THEN
    expect(error.message).toBe(
      'GithubOidcProvider (Stack): invalid url: received "http://example.com"; expected an https:// URL. GitHub only issues tokens over TLS.',
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.construct).toBe('GithubOidcProvider');
    expect(error.input).toBe('url');
  });

  test('without a scope or a reason the message stays well-formed', () => {
    expect(formatInvalidInput({ construct: 'X', input: 'n', received: 5, expected: 'at most 3' })).toBe(
      'X: invalid n: received 5; expected at most 3.',
    );
  });
});

describe('describeValue', () => {
  test.each([
    [undefined, 'nothing (undefined)'],
    ['a"b', '"a\\"b"'],
    [42, '42'],
    [true, 'true'],
    [null, 'null'],
    [['a', 1], '["a",1]'],
  ])('renders %p as %s', (value, rendered) => {
    expect(describeValue(value)).toBe(rendered);
  });

  test('truncates long values', () => {
    expect(describeValue('x'.repeat(500))).toBe(`"${'x'.repeat(200)}..."`);
  });
});

describe('isUnresolved', () => {
  test('recognises tokens in scalars and lists, not literals', () => {
    const token = Lazy.string({ produce: () => 'x' });
    expect(isUnresolved(token)).toBe(true);
    expect(isUnresolved(['a', token])).toBe(true);
    expect(isUnresolved(Token.asList(Lazy.list({ produce: () => ['x'] })))).toBe(true);
    expect(isUnresolved('literal')).toBe(false);
    expect(isUnresolved(['a', 'b'])).toBe(false);
  });
});
