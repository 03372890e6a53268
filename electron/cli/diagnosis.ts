import { randomUUID } from 'node:crypto';
import { DIAGNOSIS_DEFAULT_MEASURE_SECONDS, type DiagnosisProgress } from '../../common/contract/diagnosis';
import { AppError } from '../../common/contract/errors';
import { DEFAULT_NAT_TIMEOUT } from '../../common/contract/keepalive';
import type { Cause, DiagnosisReport, ExplainResult } from '../../common/diagnosis/schema';
import { diagnosisHeadline, hostNameForBlock } from '../../common/format/diagnosis';
import { formatDuration } from '../../common/format/duration';
import { intOption, parseCliArgs } from './args';
import type { CliCommand } from './io';

/** `explain` and `diagnose`: "Why did my session die?" on the command line (diagnosis:*). */

/** What `set` writes for a client-keepalive fix (the same change as the window's button). */
const setCommand = (host: string, interval: number) => `ssh-keepalive set ${hostNameForBlock(host)} --interval ${interval}`;

function explainText(r: ExplainResult): string {
  const out: string[] = [];
  for (const m of r.matches) out.push(`Recognised: "${m.line}" (${m.printedBy}): ${m.note}`);
  if (!r.matches.length) out.push('No line of this text tells why a session ended.');
  r.causes.forEach((c, i) => {
    out.push('', `${i === 0 ? 'Most likely' : 'Also possible'}: ${c.summary}`, `  What it means: ${c.meaning}`, `  Fix: ${c.fix}`);
    if (c.appFix === 'client-keepalive') out.push('  This app can do it: ssh-keepalive set HOST --interval 60 (or the Keepalive switch of the host in the window)');
    if (c.appFix === 'server-keepalive') out.push("  When the server is this computer: ssh-keepalive server set --interval 60; otherwise the server's administrator");
  });
  return `${out.join('\n')}\n`;
}

const explain: CliCommand = {
  summary: 'explain "TEXT" [--exit-status N] [--json]: what a message from ssh, PuTTY or WinSCP means, and the fix',
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { json: { type: 'boolean' }, 'exit-status': { type: 'string' } }, 'explain "TEXT" [--exit-status N] [--json]');
    if (positionals.length === 0) throw new AppError('invalid-input', 'usage: explain "TEXT" [--exit-status N] [--json] (the text the terminal showed, quoted)');
    const exitStatus = intOption(values['exit-status'], 'exit-status');
    const r = await io.call('diagnosis:explain', { text: positionals.join('\n'), ...(exitStatus === undefined ? {} : { exitStatus }) });
    if (values.json) io.stdout(`${JSON.stringify({ causes: r.causes.map((c) => ({ id: c.id, summary: c.summary })) })}\n`);
    else io.stdout(explainText(r));
    return 0;
  },
};

/** The issue's `diagnose --json` shape, exactly: the report has more (client, logind, lines), the window shows it. */
function diagnosisJson(r: DiagnosisReport) {
  const s = r.server;
  return {
    host: r.host,
    server: { version: s.version, clientAliveInterval: s.clientAliveInterval, clientAliveCountMax: s.clientAliveCountMax, channelTimeout: s.channelTimeout, unusedConnectionTimeout: s.unusedConnectionTimeout, source: s.source },
    shell: { path: r.shell.path, tmout: r.shell.tmout, readonly: r.shell.readonly },
    hops: r.hops,
    causes: r.causes.map((c) => ({ id: c.id, kills: c.kills, afterSeconds: c.afterSeconds, evidence: c.evidence, fix: c.fix.text })),
  };
}

const WHO: Record<Cause['fix']['by'], string> = { app: 'this app', you: 'you', administrator: "the server's administrator", nobody: 'nobody' };

function causeText(c: Cause): string {
  const lines = [`  ${c.summary}`];
  if (c.kills || c.afterSeconds !== null) lines.push(`    acts after: ${c.afterSeconds !== null ? formatDuration(c.afterSeconds) : 'unknown'} idle; keepalive ${c.keepaliveHelps ? 'helps' : 'cannot help'}`);
  lines.push(`    evidence: ${c.evidence}`);
  if (c.fix.by !== 'nobody') {
    const action = c.fix.action?.kind === 'client-keepalive' ? ` (${setCommand(c.fix.action.host, c.fix.action.interval)})` : '';
    lines.push(`    fix, by ${WHO[c.fix.by]}: ${c.fix.text}${action}`);
  }
  return lines.join('\n');
}

function diagnosisText(r: DiagnosisReport, natNote: string): string {
  const server = r.server.source === 'sshd -T' ? 'read with sshd -T' : r.server.source === 'measured' ? `measured (${r.server.reason})` : `unknown: ${r.server.reason}`;
  const out = [
    `${r.host}: ${diagnosisHeadline(r).text}`,
    `Server: ${r.server.version ?? 'not OpenSSH, or version unknown'}; its settings ${server}`,
    `Login shell: ${r.shell.path ?? 'unknown'}${r.shell.tmout !== null ? `, ${r.shell.variable ?? 'TMOUT'} ${r.shell.tmout} s${r.shell.readonly ? ' (readonly)' : ''}` : ''}`,
    ...(r.hops.length ? [`Jump hosts: ${r.hops.map((h) => h.name).join(' -> ')}`] : []),
    `Your ssh: ServerAliveInterval ${r.client.serverAliveInterval}, ServerAliveCountMax ${r.client.serverAliveCountMax}; ${natNote}`,
  ];
  const kill = r.causes.filter((c) => c.kills);
  const rest = r.causes.filter((c) => !c.kills);
  out.push('', kill.length ? 'Ends an idle session here, soonest first:' : 'Nothing found that ends an idle interactive session.');
  for (const c of kill) out.push(causeText(c));
  if (rest.length) out.push('', 'Also checked (does not end an idle shell at these settings):', ...rest.map(causeText));
  return `${out.join('\n')}\n`;
}

const diagnose: CliCommand = {
  summary: 'diagnose HOST [--config FILE] [--nat-timeout S] [--measure S] [--json]: every cause that ends idle sessions on HOST, with evidence and fix',
  async run(args, io) {
    const usage = 'diagnose HOST [--config FILE] [--nat-timeout S] [--measure S] [--json]';
    const { values, positionals } = parseCliArgs(args, { config: { type: 'string' }, 'nat-timeout': { type: 'string' }, measure: { type: 'string' }, json: { type: 'boolean' } }, usage);
    if (positionals.length !== 1) throw new AppError('invalid-input', `usage: ${usage}`);
    const host = positionals[0]!;
    // The command line remembers no NAT choice (the window keeps its own): the default, said.
    const given = intOption(values['nat-timeout'], 'nat-timeout');
    const natTimeout = given ?? DEFAULT_NAT_TIMEOUT;
    const natNote = given !== undefined ? `NAT timeout ${formatDuration(natTimeout)} (--nat-timeout)` : `NAT timeout ${formatDuration(natTimeout)} (the default: none given; --nat-timeout S or measure it with ssh-keepalive probe ${host})`;

    const runId = randomUUID();
    const stop = io.on('diagnosis:progress', (p: DiagnosisProgress) => {
      if (p.runId !== runId || values.json) return;
      if (p.phase === 'measuring' && p.upToSeconds !== null) io.stderr(`sshd -T gave no answer: timing the server's keepalive on an idle connection (up to ${formatDuration(p.upToSeconds)}; Ctrl+C stops)\n`);
    });
    const cancel = () => void io.call('diagnosis:cancel', { runId }).catch(() => undefined);
    process.once('SIGINT', cancel);
    let report: DiagnosisReport;
    try {
      report = await io.call('diagnosis:run', {
        configPath: values.config ?? '',
        host,
        natTimeoutSeconds: natTimeout,
        measureSeconds: intOption(values.measure, 'measure') ?? DIAGNOSIS_DEFAULT_MEASURE_SECONDS,
        runId,
      });
    } finally {
      process.off('SIGINT', cancel);
      stop();
    }
    // A login that failed said one line (the error) and nothing else; the JSON stays the issue's shape.
    if (values.json && given === undefined) io.stderr(`${natNote}\n`);
    io.stdout(values.json ? `${JSON.stringify(diagnosisJson(report), null, 2)}\n` : diagnosisText(report, natNote));
    return 0;
  },
};

export const diagnosisCommands: Record<string, CliCommand> = { explain, diagnose };
