import { facts, prView } from '../plugins/testing.js';
import { orgMemberKey, prTrusted, prTrustNeeds, trustedUser, trustNeeds, type TrustConfig } from './trust.js';

const where = { org: 'org', repo: 'repo' };
const NOT_MEMBER = 'User is not a member of the org. ';
const NOT_COLLAB = 'User is not a collaborator. ';
const NOT_SECOND = 'User is not a member of the trusted secondary org. ';
const SATISFY = 'Satisfy at least one of these conditions to make the user trusted.';

const member = (org: string, login: string) => ({ [orgMemberKey(org, login)]: true });

describe('trustedUser', () => {
  it.each<{ name: string; login: string; cfg: TrustConfig; orgMembers?: Record<string, boolean>; collaborators?: Record<string, boolean>; trusted: boolean; reason?: string }>([
    { name: 'org member', login: 'alice', cfg: undefined, orgMembers: member('org', 'alice'), trusted: true, reason: 'member of org' },
    { name: 'org member, login case differs', login: 'Alice', cfg: undefined, orgMembers: member('ORG', 'alice'), trusted: true },
    { name: 'collaborator', login: 'bob', cfg: undefined, collaborators: { bob: true }, trusted: true, reason: 'repository collaborator' },
    { name: 'collaborator with only_org_members', login: 'bob', cfg: { only_org_members: true }, collaborators: { bob: true }, trusted: false, reason: NOT_MEMBER + SATISFY },
    { name: 'member of trusted_org', login: 'carol', cfg: { trusted_org: 'friends' }, orgMembers: member('friends', 'carol'), trusted: true, reason: 'member of friends' },
    { name: 'trusted_org equal to org is not a second chance', login: 'dan', cfg: { trusted_org: 'org' }, trusted: false, reason: NOT_MEMBER + NOT_COLLAB + SATISFY },
    { name: 'stranger', login: 'eve', cfg: undefined, trusted: false, reason: NOT_MEMBER + NOT_COLLAB + SATISFY },
    { name: 'stranger with trusted_org', login: 'eve', cfg: { trusted_org: 'friends' }, trusted: false, reason: NOT_MEMBER + NOT_COLLAB + NOT_SECOND + SATISFY },
    { name: 'stranger, only_org_members and trusted_org', login: 'eve', cfg: { only_org_members: true, trusted_org: 'friends' }, trusted: false, reason: NOT_MEMBER + NOT_SECOND + SATISFY },
    { name: 'trusted app bot', login: 'renovate[bot]', cfg: { trusted_apps: ['renovate'] }, trusted: true, reason: 'trusted app' },
    { name: 'trusted app, case differs', login: 'Renovate[bot]', cfg: { trusted_apps: ['renovate'] }, trusted: true },
    { name: 'app name without [bot] is a user', login: 'renovate', cfg: { trusted_apps: ['renovate'] }, trusted: false },
    { name: 'an app not listed', login: 'dependabot[bot]', cfg: { trusted_apps: ['renovate'] }, trusted: false },
    { name: 'the bot itself', login: 'Bot', cfg: undefined, trusted: true, reason: 'the bot itself' },
  ])('$name', ({ login, cfg, orgMembers = {}, collaborators = {}, trusted, reason }) => {
    const got = trustedUser(login, where, cfg, facts({ orgMembers, collaborators }), 'bot');
    expect(got.trusted).toBe(trusted);
    if (reason) expect(got.reason).toBe(reason);
  });
});

describe('trustNeeds', () => {
  it.each<{ name: string; login: string; cfg: TrustConfig; want: unknown[] }>([
    { name: 'member and collaborator by default', login: 'eve', cfg: undefined, want: [{ kind: 'orgMember', org: 'org', login: 'eve' }, { kind: 'collaborator', login: 'eve' }] },
    { name: 'no collaborator check with only_org_members', login: 'eve', cfg: { only_org_members: true }, want: [{ kind: 'orgMember', org: 'org', login: 'eve' }] },
    {
      name: 'trusted_org adds a second membership check',
      login: 'eve',
      cfg: { trusted_org: 'friends' },
      want: [{ kind: 'orgMember', org: 'org', login: 'eve' }, { kind: 'collaborator', login: 'eve' }, { kind: 'orgMember', org: 'friends', login: 'eve' }],
    },
    { name: 'trusted_org equal to org adds nothing', login: 'eve', cfg: { trusted_org: 'ORG', only_org_members: true }, want: [{ kind: 'orgMember', org: 'org', login: 'eve' }] },
    { name: 'nothing for a trusted app', login: 'renovate[bot]', cfg: { trusted_apps: ['renovate'] }, want: [] },
    { name: 'nothing for the bot itself', login: 'bot', cfg: undefined, want: [] },
  ])('$name', ({ login, cfg, want }) => {
    expect(trustNeeds(login, 'org', cfg, 'bot')).toEqual(want);
  });
});

describe('prTrusted', () => {
  it.each([
    { name: 'trusted author', labels: [], orgMembers: member('org', 'author'), trusted: true },
    { name: 'untrusted author', labels: [], orgMembers: {}, trusted: false },
    { name: 'untrusted author with ok-to-test', labels: ['ok-to-test'], orgMembers: {}, trusted: true },
    { name: 'needs-ok-to-test is not ok-to-test', labels: ['needs-ok-to-test'], orgMembers: {}, trusted: false },
  ])('$name', ({ labels, orgMembers, trusted }) => {
    expect(prTrusted(prView({ labels }), undefined, facts({ orgMembers })).trusted).toBe(trusted);
  });

  it('needs nothing when ok-to-test is already there', () => {
    expect(prTrustNeeds(prView({ labels: ['ok-to-test'] }), undefined)).toEqual([]);
    expect(prTrustNeeds(prView(), { only_org_members: true })).toEqual([{ kind: 'orgMember', org: 'org', login: 'author' }]);
  });
});
