import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes Coxswain keeps current on every PR and issue workflow, so people can
// find a PR in the Web UI by repo, number, author, state, label or head SHA
// (e.g. `CoxswainRepo = "demo/hello" AND CoxswainLabels = "lgtm"`).
export const REPO = defineSearchAttributeKey('CoxswainRepo', SearchAttributeType.KEYWORD);
export const NUMBER = defineSearchAttributeKey('CoxswainNumber', SearchAttributeType.INT);
export const AUTHOR = defineSearchAttributeKey('CoxswainAuthor', SearchAttributeType.KEYWORD);
export const STATE = defineSearchAttributeKey('CoxswainState', SearchAttributeType.KEYWORD);
export const HEAD_SHA = defineSearchAttributeKey('CoxswainHeadSha', SearchAttributeType.KEYWORD);
export const LABELS = defineSearchAttributeKey('CoxswainLabels', SearchAttributeType.KEYWORD_LIST);

export const ALL_SEARCH_ATTRIBUTES = [REPO, NUMBER, AUTHOR, STATE, HEAD_SHA, LABELS] as const;

/** The name the Temporal CLI gives each type (`temporal operator search-attribute create --type`). */
export const CLI_TYPE: Record<string, string> = { KEYWORD: 'Keyword', INT: 'Int', KEYWORD_LIST: 'KeywordList', TEXT: 'Text', BOOL: 'Bool', DOUBLE: 'Double', DATETIME: 'Datetime' };

/** `--search-attribute Name=Type` values for `temporal server start-dev`. */
export function devServerSearchAttributeFlags(): string[] {
  return ALL_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${CLI_TYPE[k.type]}`]);
}
