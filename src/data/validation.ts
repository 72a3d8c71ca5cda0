import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/**
 * One line for the first problem zod found: "field.path: what was expected". For a value that matches
 * none of a union's shapes, the shape it came closest to (the longest path into it) speaks.
 */
export function describeFirstIssue(error: z.ZodError, prefix: readonly PropertyKey[] = []): string {
  let issue: Issue = error.issues[0]!;
  let path: PropertyKey[] = [...prefix, ...issue.path];
  while (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branches = issue.errors.filter((b) => b.length > 0);
    const closest = branches.reduce((best, b) => (b[0]!.path.length > best[0]!.path.length ? b : best), branches[0]!);
    if (!closest || closest[0]!.path.length === 0) break;
    issue = closest[0]!;
    path = [...path, ...issue.path];
  }
  return `${path.map(String).join('.') || '(root)'}: ${issue.message}`;
}
