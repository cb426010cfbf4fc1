import { refuseLater, throwIfRefused, validateMatch } from '../private/errors';

const GITHUB_TOKEN_HOST = 'token.actions.githubusercontent.com';
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const ENTERPRISE_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;

/**
 * The GitHub Actions token issuer an OIDC provider trusts.
 *
 * The issuer decides the provider's URL and the prefix of every IAM condition
 * key (`<host>:sub`, `<host>:aud`) in the trust policies that use it.
 *
 * @see https://docs.github.com/en/actions/reference/security/oidc
 */
export class GithubIssuer {
  /** github.com: `https://token.actions.githubusercontent.com`. */
  public static github(): GithubIssuer {
    return new GithubIssuer(`https://${GITHUB_TOKEN_HOST}`, true, 'github.com');
  }

  /**
   * GitHub Enterprise Cloud with a unique issuer URL for the enterprise:
   * `https://token.actions.githubusercontent.com/<enterpriseSlug>`. Only the
   * enterprise's repositories receive tokens from it, and the slug becomes part
   * of every condition key.
   *
   * @param enterpriseSlug the enterprise's slug, lower case, e.g. `octocat-inc`
   */
  public static enterprise(enterpriseSlug: string): GithubIssuer {
    return refuseLater(
      [],
      () => {
        validateMatch(ENTERPRISE_SLUG, enterpriseSlug, {
          construct: 'GithubIssuer',
          input: 'enterpriseSlug',
          expected: 'an enterprise slug of lower-case letters, digits and inner hyphens (e.g. "octocat-inc")',
        });
        return new GithubIssuer(`https://${GITHUB_TOKEN_HOST}/${enterpriseSlug}`, true, `enterprise ${enterpriseSlug}`);
      },
      () => GithubIssuer.refused(`enterprise ${enterpriseSlug}`),
    );
  }

  /**
   * GitHub Enterprise Cloud with data residency (GHE.com):
   * `https://token.actions.<subdomain>.ghe.com`.
   *
   * @param subdomain the enterprise's subdomain on GHE.com, e.g. `octocorp`
   */
  public static dataResidency(subdomain: string): GithubIssuer {
    return refuseLater(
      [],
      () => {
        validateMatch(DNS_LABEL, subdomain, {
          construct: 'GithubIssuer',
          input: 'subdomain',
          expected: 'one lower-case DNS label (e.g. "octocorp" for octocorp.ghe.com)',
        });
        return new GithubIssuer(`https://token.actions.${subdomain}.ghe.com`, true, `${subdomain}.ghe.com`);
      },
      () => GithubIssuer.refused(`${subdomain}.ghe.com`),
    );
  }

  /**
   * GitHub Enterprise Server: `https://<hostname>/_services/token`.
   * Immutable subject claims are not available on GitHub Enterprise Server.
   *
   * @param hostname the server's host name, lower case, without scheme, port or path
   */
  public static enterpriseServer(hostname: string): GithubIssuer {
    return refuseLater(
      [],
      () => {
        validateMatch(HOSTNAME, hostname, {
          construct: 'GithubIssuer',
          input: 'hostname',
          expected: 'a lower-case host name with at least two labels, without scheme, port, path or trailing dot (e.g. "github.example.com")',
          reason: 'IAM matches the issuer URL exactly; a port, query or trailing slash makes every token fail or, worse, names another issuer.',
        });
        return new GithubIssuer(`https://${hostname}/_services/token`, false, `GitHub Enterprise Server ${hostname}`);
      },
      () => GithubIssuer.refused(`GitHub Enterprise Server ${hostname}`),
    );
  }

  /** An issuer whose factory refused its parts: the construct that uses it refuses it, naming its path. */
  private static refused(displayName: string): GithubIssuer {
    return new GithubIssuer('', false, displayName);
  }

  /** Whether this issuer can issue immutable `owner@id/repo@id` subjects (not GitHub Enterprise Server). */
  public readonly supportsImmutableSubjects: boolean;

  /** A short human-readable name, for reports and messages. */
  public readonly displayName: string;

  private readonly issuerUrl: string;

  private constructor(url: string, supportsImmutableSubjects: boolean, displayName: string) {
    this.issuerUrl = url;
    this.supportsImmutableSubjects = supportsImmutableSubjects;
    this.displayName = displayName;
  }

  /** The issuer URL, as the `iss` claim carries it and the provider's `Url`. */
  public get url(): string {
    throwIfRefused(this);
    return this.issuerUrl;
  }

  /**
   * The issuer without its scheme: the prefix of the IAM condition keys
   * (`<conditionKeyPrefix>:sub`, `<conditionKeyPrefix>:aud`) and the
   * resource name in the provider's ARN.
   */
  public get conditionKeyPrefix(): string {
    return this.url.replace(/^https:\/\//, '');
  }
}
