// Meta-tests: the catalog is well-formed, every check is documented and mapped, ATT&CK pairs are
// valid, the provider calls only what it declares, and the layers import only what they may.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MITIGATIONS, TECHNIQUES } from '../../src/attack.js';
import { CHECKS } from '../../src/checks/index.js';
import { RULES } from '../../src/chains/index.js';
import { placeholdersIn, SEVERITIES } from '../../src/checks/define-check.js';
import { AWS_ACTIONS, awsPermissions } from '../../providers/aws/permissions.js';
import type { ProviderId } from '../../src/model.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Each cloud's fix commands use its own CLI; its resources its own type names. */
const CLI_OF: Readonly<Record<ProviderId, RegExp>> = { aws: /^aws /, azure: /^az /, gcp: /^gcloud / };
const RESOURCE_TYPE_OF: Readonly<Record<ProviderId, RegExp>> = {
  aws: /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/,
  azure: /^Microsoft\.[A-Za-z]+\/[A-Za-z]+(\/[A-Za-z]+)*$/,
  gcp: /^[a-z]+\.googleapis\.com\/[A-Za-z]+$/,
};

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir))) {
    const path = join(dir, entry);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sources(path));
    else if (path.endsWith('.ts')) out.push(path);
  }
  return out;
}

function importsOf(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1] as string);
}

describe('the check catalog', () => {
  it('has unique ids, prefixed with their provider', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CHECKS) expect(c.id).toMatch(new RegExp(`^${c.provider}-[a-z0-9]+(-[a-z0-9]+)+$`));
  });

  it('gives every check its metadata', () => {
    for (const c of CHECKS) {
      expect(SEVERITIES).toContain(c.severity);
      expect(c.title.length, c.id).toBeGreaterThan(10);
      expect(c.description.length, c.id).toBeGreaterThan(40);
      expect(c.remediation.text.length, c.id).toBeGreaterThan(10);
      expect(c.remediation.command, c.id).toMatch(CLI_OF[c.provider]);
      expect(Object.keys(c.messages).length, c.id).toBeGreaterThan(1);
      expect(c.resourceType, c.id).toMatch(RESOURCE_TYPE_OF[c.provider]);
    }
  });

  it('pairs each mitigation with a technique ATT&CK lists it for', () => {
    for (const c of CHECKS) {
      expect(c.threat.techniques.length, c.id).toBeGreaterThan(0);
      for (const t of c.threat.techniques) expect(TECHNIQUES[t], `${c.id}: ${t}`).toBeDefined();
      for (const m of c.threat.mitigations) {
        expect(MITIGATIONS[m], `${c.id}: ${m}`).toBeDefined();
        const pairs = c.threat.techniques.some((t) => TECHNIQUES[t]?.mitigations.includes(m));
        expect(pairs, `${c.id}: ${m} is not a mitigation of ${c.threat.techniques.join(', ')}`).toBe(true);
      }
    }
  });

  it('maps compliance with control ids only', () => {
    for (const c of CHECKS) {
      for (const m of c.compliance) {
        expect(m.controls.length, c.id).toBeGreaterThan(0);
        for (const control of m.controls) expect(control, c.id).toMatch(/^[A-Z0-9][A-Za-z0-9.()-]*$/);
      }
    }
  });

  it('names the resource in every remediation command (and the region, on AWS)', () => {
    for (const c of CHECKS) {
      const names = placeholdersIn(c.remediation.command);
      expect(names.length, c.id).toBeGreaterThan(0);
      if (c.provider === 'aws') expect(names, c.id).toContain('region');
    }
  });

  it('documents every check in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const c of [...CHECKS, ...RULES]) expect(readme, c.id).toContain(`\`${c.id}\``);
  });
});

describe('the AWS permission set', () => {
  it('is read-only, but for the role an organization scan assumes', () => {
    // GenerateCredentialReport builds the IAM credential report and changes nothing else (AWS's read-only policies hold it);
    // LookupEvents reads CloudTrail's event history.
    const reads = AWS_ACTIONS.filter((a) => a !== 'sts:AssumeRole' && a !== 'iam:GenerateCredentialReport' && a !== 'cloudtrail:LookupEvents');
    expect(AWS_ACTIONS).toContain('cloudtrail:LookupEvents');
    for (const action of reads) expect(action).toMatch(/^(ec2|rds|backup|organizations|sts|iam|cloudtrail):(Describe|Get|List)[A-Za-z]+$/);
    expect(awsPermissions.document()).not.toContain('sts:AssumeRole');
    expect(JSON.parse(awsPermissions.document({ assumeRole: 'SnapauditAudit' })).Statement[1]).toEqual({
      Sid: 'SnapauditAssumeAuditRole',
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: 'arn:aws:iam::*:role/SnapauditAudit',
    });
  });

  it('holds every command and paginator the provider code can send', () => {
    const used = new Set<string>();
    for (const file of sources('providers/aws')) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const [, names, pkg] of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-(\w+)'/g)) {
        for (const raw of (names as string).split(',')) {
          const name = raw.trim().replace(/^type\s+/, '');
          const command = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
          if (command) used.add(`${pkg}:${command}`);
        }
      }
    }
    expect(used.size).toBeGreaterThan(10);
    for (const action of used) expect(AWS_ACTIONS).toContain(action);
  });
});

describe('layers', () => {
  it('keeps cloud SDKs out of the core and the renderers', () => {
    for (const file of [...sources('src'), ...sources('reports')]) {
      for (const spec of importsOf(file)) expect(spec, file).not.toMatch(/^@(aws-sdk|azure|google-cloud)\//);
    }
  });

  it('loads no SDK when a provider module is merely imported', () => {
    for (const spec of importsOf('providers/aws/index.ts')) expect(spec).not.toMatch(/^@aws-sdk\//);
    const permissions = importsOf('providers/aws/permissions.ts');
    for (const spec of permissions) expect(spec).not.toMatch(/^@aws-sdk\//);
  });

  it('keeps renderers away from providers and checks, and checks away from providers', () => {
    for (const file of sources('reports')) {
      for (const spec of importsOf(file)) expect(spec, file).not.toMatch(/providers\/|checks\//);
    }
    for (const file of sources('src/checks')) {
      for (const spec of importsOf(file)) expect(spec, file).not.toMatch(/providers\/|reports\//);
    }
    for (const file of sources('providers')) {
      for (const spec of importsOf(file)) expect(`${relative(ROOT, file)} → ${spec}`).not.toMatch(/→ .*(checks|reports)\//);
    }
  });
});
