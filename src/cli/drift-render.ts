// workato-drift's report as Markdown (for a pull request comment) or JSON. Secrets are named,
// never shown: the report carries no secret values to begin with.

import type { DriftReport, PlannedAction } from './drift-plan';
import { SECRET_FIELDS } from './drift-schema';

const SECRETS_NOTE =
  'Secrets (`client_secret`, `token` and their write-only variants) cannot be compared: Workato never ' +
  'returns them, so a secret changed in Workato does not show here. Terraform sends the configured ' +
  'secrets when it creates a profile and with every update; a write-only secret is sent again when its ' +
  '`*_wo_version` changes.';

function code(v: string | null): string {
  if (v === null) return '_(none)_';
  return '`' + v.replace(/`/g, 'ˋ').replace(/\|/g, '\\|').replace(/\n/g, ' ') + '`';
}

const ACTION_WORDS: Record<PlannedAction, string> = {
  create: 'create it',
  update: 'update it in place',
  delete: 'delete it',
  replace: 'replace it (delete, then create)',
  forget: 'stop managing it (remove it from the state, keep it in Workato)',
  none: 'change nothing',
};

export function renderMarkdown(report: DriftReport): string {
  const s = report.summary;
  const lines: string[] = ['## Workato custom OAuth profiles: drift report', ''];
  if (!report.differs) {
    lines.push('No drift: every profile in Workato matches the configuration and the last apply. Apply would change nothing.');
  } else {
    const parts: string[] = [];
    if (s.changedOutside) parts.push(`**${s.changedOutside}** changed outside Terraform`);
    if (s.deletedOutside) parts.push(`**${s.deletedOutside}** deleted outside Terraform`);
    const applyParts: string[] = [];
    if (s.toImport) applyParts.push(`import ${s.toImport}`);
    if (s.toCreate) applyParts.push(`create ${s.toCreate}`);
    if (s.toUpdate) applyParts.push(`update ${s.toUpdate}`);
    if (s.toReplace) applyParts.push(`replace ${s.toReplace}`);
    if (s.toDelete) applyParts.push(`delete ${s.toDelete}`);
    if (s.toForget) applyParts.push(`stop managing ${s.toForget}`);
    lines.push(
      `${parts.length ? `Profiles: ${parts.join(', ')}. ` : 'No profile changed outside Terraform. '}` +
        `Apply would ${applyParts.length ? applyParts.join(', ') : 'change nothing'}.`,
    );
    for (const p of report.profiles) {
      const status =
        p.outside === 'deleted'
          ? 'deleted outside Terraform'
          : p.outside === 'changed'
            ? 'changed outside Terraform'
            : p.importing
              ? 'to be imported'
              : 'changed in the configuration';
      lines.push('', `### \`${p.address}\`${p.id ? ` (id ${p.id})` : ''}: ${status}`, '');
      if (p.differences.length) {
        lines.push('| field | declared | live in Workato | last applied |', '|---|---|---|---|');
        for (const d of p.differences) {
          lines.push(`| \`${d.field}\` | ${code(d.declared)} | ${code(d.live)} | ${code(d.lastApplied)} |`);
        }
        lines.push('');
      }
      const changing = p.changingAttributes.length
        ? ` (${p.changingAttributes.map((a) => `\`${a}\`${SECRET_FIELDS.includes(a) ? ' (secret, value hidden)' : ''}`).join(', ')})`
        : '';
      const imported = p.importing ? `import it${p.plannedAction === 'none' ? '' : ', then '}` : '';
      const act = p.importing && p.plannedAction === 'none' ? '' : ACTION_WORDS[p.plannedAction];
      lines.push(`Apply would ${imported}${act}${p.plannedAction === 'update' ? changing : ''}.`);
    }
  }
  lines.push('', `> ${SECRETS_NOTE}`, '');
  return lines.join('\n');
}

export function renderJson(report: DriftReport): string {
  return JSON.stringify({ ...report, secretsNote: SECRETS_NOTE }, null, 2) + '\n';
}
