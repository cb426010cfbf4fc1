/**
 * IAM `StringLike` matching: `*` matches any run of characters (including
 * none, and including ':' and '/'), `?` exactly one; case-sensitive; the whole
 * value must match.
 */
export function iamStringLike(pattern: string, value: string): boolean {
  // Iterative wildcard matching with backtracking to the last '*'.
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v])) {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = v;
    } else if (star !== -1) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') {
    p++;
  }
  return p === pattern.length;
}
