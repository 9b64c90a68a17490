// `snapaudit checks`: the catalog of checks and chain rules with their metadata. Loads only the
// catalog and the table library, so it starts fast.
import { CHECKS } from '../checks/index.js';
import { EXIT, type ExitCode } from '../errors.js';

export async function catalogCommand(flags: { format: 'table' | 'json' }): Promise<ExitCode> {
  const { RULES } = await import('../chains/index.js');
  // Checks judge the inventory; chain rules (ids `chain-…`) judge the audit logs. Same metadata.
  const catalog = [...CHECKS.map(({ evaluate: _evaluate, ...meta }) => meta), ...RULES.map(({ detect: _detect, ...meta }) => meta)];
  if (flags.format === 'json') {
    process.stdout.write(`${JSON.stringify(catalog, null, 2)}\n`);
    return EXIT.ok;
  }
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: ['Check', 'Severity', 'Title', 'ATT&CK', 'Compliance'],
    colWidths: [36, 10, 50, 24, 40],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const c of catalog) {
    table.push([
      c.id,
      c.severity,
      c.title,
      [...c.threat.techniques, ...c.threat.mitigations].join(' '),
      // Long control lists (NIST) are cut to a few and a count: `--format json` has them all.
      c.compliance.map((m) => `${m.framework} ${m.version}: ${m.controls.slice(0, 4).join(', ')}${m.controls.length > 4 ? ` +${m.controls.length - 4}` : ''}`).join('\n') || '(no published control)',
    ]);
  }
  process.stdout.write(`${table.toString()}\n`);
  return EXIT.ok;
}
