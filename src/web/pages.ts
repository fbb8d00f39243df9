import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { enabledPlugins } from '../config/plugins.js';
import type { LoadedConfig } from '../config/load.js';
import { PLUGINS } from '../plugins/index.js';
import { workflowTimeline } from '../client/history.js';
import { JobsClient } from '../client/jobs.js';
import { jobStatusQuery, mergePoolWorkflowId, poolQuery, prWorkflowId, stateQuery, whyQuery, type PoolView } from '../workflows/messages.js';

// What Prow's Deck shows, as plain server-rendered pages on the webhook server: job runs with
// their logs, the merge pools, one PR's life, the command help and a badge per job. Everything a
// page shows comes from the workflows (queries) and Temporal's visibility store; every piece of
// text from GitHub is escaped. Usable without JavaScript.

export interface PagesDeps {
  client: Client;
  /** Only this deployment's workflows are listed (a namespace may hold several). */
  taskQueue?: string;
  namespace?: string;
  /** The Temporal Web UI, for links to each workflow (e.g. http://127.0.0.1:8233). */
  webUiUrl?: string;
  /** The running config, for the command help of a repository's enabled plugins. */
  config?: () => LoadedConfig;
}

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const MAX_LISTED = 50;

/** HTML-escapes text (every value from GitHub or the workflows). */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1f2328}header{background:#24292f;color:#fff;padding:8px 16px}header a{color:#fff;margin-right:16px;text-decoration:none}
main{padding:16px;max-width:1100px}table{border-collapse:collapse;width:100%;margin:8px 0 16px}td,th{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
.success{color:#1a7f37}.failure,.error{color:#cf222e}.pending,.triggered{color:#9a6700}.aborted{color:#57606a}code{background:#f6f8fa;padding:0 3px}h2{margin-top:24px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)} · Coxswain</title><style>${STYLE}</style></head>
<body><header><strong>Coxswain</strong> &nbsp; <a href="/jobs">Jobs</a><a href="/tide">Merge pools</a><a href="/command-help">Command help</a></header><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

function send(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'").send(html);
}

function duration(start?: Date, end?: Date): string {
  if (!start) return '';
  const s = Math.round(((end ?? new Date()).getTime() - start.getTime()) / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m${s % 60}s` : `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

const TIMELINE_MARK = { event: '', command: 'Command:', decision: 'Decided:', did: 'Did:', failed: 'Failed:', continued: '' } as const;

/** A page waits this long for one workflow's answer (one with no worker polling never answers). */
const QUERY_MS = 3000;

export function registerPages(app: FastifyInstance, deps: PagesDeps): void {
  const { client } = deps;
  const ask = <T>(fn: () => Promise<T>): Promise<T | undefined> => client.withDeadline(Date.now() + QUERY_MS, fn).catch(() => undefined);
  const ns = deps.namespace ?? 'default';
  const uiLink = (workflowId: string) =>
    deps.webUiUrl ? ` <a href="${esc(`${deps.webUiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(ns)}/workflows/${encodeURIComponent(workflowId)}`)}">Web UI</a>` : '';
  const scope = deps.taskQueue ? ` AND TaskQueue = '${deps.taskQueue.replace(/'/g, '')}'` : '';
  const list = async (query: string, max = MAX_LISTED) => {
    const out = [];
    for await (const wf of client.workflow.list({ query: `${query}${scope}` })) {
      out.push(wf);
      if (out.length >= max) break;
    }
    return out;
  };

  app.get('/', async (_req, reply) => send(reply, page('Coxswain', '<ul><li><a href="/jobs">Job runs</a></li><li><a href="/tide">Merge pools</a></li><li><a href="/command-help">Command help</a></li></ul><p>A pull request: <code>/pr/{owner}/{repo}/{number}</code></p>')));

  // Listing and reading runs is the typed client's (scripts see what this page shows); rerun and abort stay with scripts.
  const jobs = new JobsClient(client, deps.taskQueue ?? 'coxswain', () => Promise.reject(new Error('pages do not rerun jobs')));
  app.get<{ Querystring: { job?: string } }>('/jobs', async (req, reply) => {
    const job = req.query.job;
    if (job !== undefined && !NAME.test(job)) return send(reply, page('Job runs', '<p>No such job.</p>'), 404);
    const runs = await jobs.list({ ...(job ? { job } : {}), limit: MAX_LISTED });
    const rows = runs.map(
      (r) =>
        `<tr><td class="${esc(r.state)}">${esc(r.state)}</td><td><a href="/jobs?job=${esc(encodeURIComponent(r.job))}">${esc(r.job)}</a></td><td>${r.repo ? esc(r.repo) : 'periodic'}</td><td>${esc(r.buildId ?? '')}</td><td>${esc(r.startTime.toISOString())}</td><td>${duration(r.startTime, r.closeTime)}</td><td>${esc(r.description)}</td><td>${r.url ? `<a href="${esc(r.url)}">log</a>` : ''}${uiLink(r.workflowId)}</td></tr>`,
    );
    const body = rows.length
      ? `<table><thead><tr><th>State</th><th>Job</th><th>Repository</th><th>Build</th><th>Started</th><th>Duration</th><th>Description</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`
      : '<p>No job runs yet.</p>';
    return send(reply, page(job ? `Runs of ${job}` : 'Job runs', body));
  });

  app.get('/tide', async (_req, reply) => {
    const pools = await list(`WorkflowType = 'mergePoolWorkflow' AND ExecutionStatus = 'Running'`);
    const sections: string[] = [];
    for (const wf of pools) {
      const v: PoolView | undefined = await ask(() => client.workflow.getHandle(wf.workflowId).query(poolQuery));
      if (!v) continue;
      const prLink = (n: number) => `<a href="/pr/${esc(v.owner)}/${esc(v.repo)}/${n}">#${n}</a>`;
      sections.push(`<section><h2>${esc(`${v.owner}/${v.repo}:${v.branch}`)}</h2><p>Base <code>${esc(v.baseSha?.slice(0, 7) ?? '?')}</code>, ${v.pool.length} in the pool, ${v.merged} merged.${uiLink(wf.workflowId)}</p>
<table><thead><tr><th>#</th><th>Pull request</th><th>Status</th><th>Waiting for</th></tr></thead><tbody>
${v.pool.map((p, i) => `<tr><td>${i + 1}</td><td>${prLink(p.number)}</td><td class="${esc(p.status.state)}">${esc(p.status.description)}</td><td>${esc(p.reasons.join('; '))}</td></tr>`).join('')}
${v.outside.map((p) => `<tr><td>–</td><td>${prLink(p.number)}</td><td class="${esc(p.status.state)}">${esc(p.status.description)}</td><td>${esc(p.reasons.join('; '))}</td></tr>`).join('')}</tbody></table>
${v.batch ? `<p>Batch: ${v.batch.prs.map((p) => prLink(p.number)).join(', ')}: ${Object.entries(v.batch.jobs).map(([j, r]) => `${esc(j)} <span class="${esc(r.state)}">${esc(r.state)}</span>`).join(', ')}</p>` : ''}
<h3>Recent actions</h3><ul>${v.actions.slice(-10).reverse().map((a) => `<li><code>${esc(a.kind)}</code> ${esc(a.reason)} <small>${esc(a.at)}</small></li>`).join('')}</ul></section>`);
    }
    return send(reply, page('Merge pools', sections.join('') || '<p>No merge pool is running (one starts when a Tide query covers a PR).</p>'));
  });

  app.get<{ Params: { owner: string; repo: string; number: string } }>('/pr/:owner/:repo/:number', async (req, reply) => {
    const { owner, repo, number } = req.params;
    if (!NAME.test(owner) || !NAME.test(repo) || !/^\d{1,10}$/.test(number)) return send(reply, page('Not found', '<p>Not a pull request.</p>'), 404);
    const id = prWorkflowId(owner, repo, Number(number));
    const handle = client.workflow.getHandle(id);
    const state = await ask(() => handle.query(stateQuery));
    if (!state) return send(reply, page(`${owner}/${repo}#${number}`, '<p>Coxswain has no workflow for this pull request (it starts one on the first webhook).</p>'), 404);
    const why = (await ask(() => handle.query(whyQuery))) ?? [];
    // From the workflow's history: what arrived, who gave it, what the plugins decided, what Coxswain did.
    const timeline = (await ask(() => workflowTimeline(client, id, 100))) ?? [];
    let place: { position?: number; reasons: string[]; status?: { state: string; description: string } } | undefined;
    if (state.baseRef && state.state === 'open') {
      place = await ask(() => client.workflow.getHandle(mergePoolWorkflowId(owner, repo, state.baseRef)).query<typeof place, [number]>('poolPr', Number(number)));
    }
    const body = `<p><strong>${esc(state.title)}</strong> by ${esc(state.author)} · ${esc(state.state)}${state.draft ? ' (draft)' : ''} · ${esc(state.headRef)} → ${esc(state.baseRef)}${uiLink(id)}</p>
<p>Labels: ${state.labels.map((l) => `<code>${esc(l)}</code>`).join(' ') || 'none'} · Assignees: ${esc(state.assignees.join(', ') || 'none')}</p>
<h2>Why it is not merging</h2>${why.length ? `<ul>${why.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '<p>Nothing blocks the merge.</p>'}
${place ? `<p>Merge pool: ${place.position !== undefined ? `position ${place.position}` : 'not in the pool'}${place.status ? ` · <span class="${esc(place.status.state)}">${esc(place.status.description)}</span>` : ''}</p>` : ''}
<h2>Checks</h2><table><tbody>${Object.entries(state.contexts).map(([c, v]) => `<tr><td>${esc(c)}</td><td class="${esc(v.state)}">${esc(v.state)}</td><td>${esc(v.description)}</td></tr>`).join('') || '<tr><td>none</td></tr>'}</tbody></table>
<h2>Timeline</h2>${timeline.length ? `<table><thead><tr><th>When</th><th>What</th><th>Who</th></tr></thead><tbody>${[...timeline].reverse().map((t) => `<tr class="t-${esc(t.kind)}"><td>${esc(t.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</td><td>${TIMELINE_MARK[t.kind]} ${esc(t.text)}</td><td>${esc(t.who ?? '')}</td></tr>`).join('')}</tbody></table>` : '<p>Nothing recorded in this run yet.</p>'}
${state.failures.length ? `<h2>What failed</h2><ul>${state.failures.map((f) => `<li>${esc(f.plugin)}: ${esc(f.reason)}</li>`).join('')}</ul>` : ''}`;
    return send(reply, page(`${owner}/${repo}#${number}`, body));
  });

  app.get<{ Querystring: { repo?: string } }>('/command-help', async (req, reply) => {
    const full = req.query.repo;
    const [org, name] = full && /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(full) ? full.split('/') : [];
    const enabled = org && name && deps.config ? new Set(enabledPlugins(deps.config().plugins, org, name)) : undefined;
    const rows = PLUGINS.filter((p) => !enabled || enabled.has(p.name)).flatMap((p) =>
      p.help.commands.map((c) => `<tr><td><code>${esc(c.usage)}</code></td><td>${esc(c.description)}</td><td>${esc(c.whoCanUse)}</td><td>${esc(p.name)}</td></tr>`),
    );
    const title = enabled ? `Commands in ${full}` : 'Commands';
    return send(reply, page(title, `<table><thead><tr><th>Command</th><th>What it does</th><th>Who can use it</th><th>Plugin</th></tr></thead><tbody>${rows.join('')}</tbody></table>`));
  });

  app.get<{ Querystring: { job?: string; repo?: string } }>('/badge.svg', async (req, reply) => {
    const { job, repo } = req.query;
    let state = 'unknown';
    if (job && NAME.test(job) && (!repo || /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo))) {
      const prefix = repo ? `job/${repo}/${job}/` : `periodic/${job}`;
      const [latest] = await list(`WorkflowId STARTS_WITH "${prefix}"`, 1);
      if (latest) state = (await ask(() => client.workflow.getHandle(latest.workflowId, latest.runId).query(jobStatusQuery)))?.state ?? 'unknown';
    }
    const [text, color] = state === 'success' ? ['passing', '#2da44e'] : state === 'failure' || state === 'error' ? ['failing', '#cf222e'] : state === 'unknown' ? ['unknown', '#8c959f'] : [state, '#bf8700'];
    const label = esc(job ?? 'job');
    const lw = 6 * label.length + 12;
    const vw = 6 * text.length + 12;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + vw}" height="20" role="img" aria-label="${label}: ${text}"><title>${label}: ${text}</title><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${color}"/><g fill="#fff" font-family="Verdana,sans-serif" font-size="11"><text x="6" y="14">${label}</text><text x="${lw + 6}" y="14">${text}</text></g></svg>`;
    return reply.header('content-type', 'image/svg+xml').header('cache-control', 'no-cache').send(svg);
  });
}
