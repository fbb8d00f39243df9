// Which branches a job runs against (Prow's Brancher): `branches` and `skip_branches` are Go
// regexps joined with "|" and matched unanchored, skip wins. Pure.
import { compileGoRegexp, type GoRegexp } from './go-regexp.js';

export interface BranchFilter {
  branches?: string[];
  skip_branches?: string[];
}

function joined(list: string[]): GoRegexp {
  return compileGoRegexp(list.join('|'));
}

export function runsAgainstAllBranches(b: BranchFilter): boolean {
  return !b.branches?.length && !b.skip_branches?.length;
}

/** Whether a job with this filter runs against `branch`. Throws GoRegexpError on a bad regexp. */
export function shouldRunOnBranch(b: BranchFilter, branch: string): boolean {
  if (runsAgainstAllBranches(b)) return true;
  if (b.skip_branches?.length && joined(b.skip_branches).test(branch)) return false;
  return !b.branches?.length || joined(b.branches).test(branch);
}

/** Whether two filters could both run against the same branch (Prow's Brancher.Intersects). */
export function branchesIntersect(a: BranchFilter, b: BranchFilter): boolean {
  if (runsAgainstAllBranches(a) || runsAgainstAllBranches(b)) return true;
  if (a.branches?.length) {
    if (b.branches?.length) return a.branches.some((x) => b.branches!.includes(x));
    return a.branches.some((x) => shouldRunOnBranch(b, x));
  }
  if (!b.branches?.length) return true; // both only have skip lists
  return branchesIntersect(b, a);
}
