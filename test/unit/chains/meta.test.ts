// Meta-tests for the chain catalog: ids, metadata, ATT&CK pairs, and every placeholder of every
// firing scenario's results filled.
import { describe, expect, it } from 'vitest';
import { MITIGATIONS, TECHNIQUES } from '../../../src/attack.js';
import { placeholdersIn, SEVERITIES } from '../../../src/checks/define-check.js';
import { RULES } from '../../../src/chains/index.js';
import type { ProviderId } from '../../../src/model.js';
import { run } from './factories.js';
import { FIRING } from './scenarios.js';

const CLI_OF: Readonly<Record<ProviderId, RegExp>> = { aws: /^aws /, azure: /^az /, gcp: /^gcloud / };
const RESOURCE_TYPE_OF: Readonly<Record<ProviderId, RegExp>> = {
  aws: /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/,
  azure: /^Microsoft\.[A-Za-z]+\/[A-Za-z]+(\/[A-Za-z]+)*$/,
  gcp: /^[a-z]+\.googleapis\.com\/[A-Za-z]+$/,
};

describe('the chain rule catalog', () => {
  it('has unique ids prefixed chain-<provider>-', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) expect(r.id).toMatch(new RegExp(`^chain-${r.provider}-[a-z0-9]+(-[a-z0-9]+)+$`));
  });

  it('gives every rule the metadata a check has', () => {
    for (const r of RULES) {
      expect(SEVERITIES, r.id).toContain(r.severity);
      expect(r.title.length, r.id).toBeGreaterThan(10);
      expect(r.description.length, r.id).toBeGreaterThan(40);
      expect(r.remediation.text.length, r.id).toBeGreaterThan(10);
      expect(r.remediation.command, r.id).toMatch(CLI_OF[r.provider]);
      expect(r.remediation.docs, r.id).toMatch(/^https:\/\//);
      expect(Object.keys(r.messages).length, r.id).toBeGreaterThan(0);
      expect(r.resourceType, r.id).toMatch(RESOURCE_TYPE_OF[r.provider]);
      if (r.provider === 'aws') expect(placeholdersIn(r.remediation.command), r.id).toContain('region');
    }
  });

  it('pairs each mitigation with a technique ATT&CK lists it for', () => {
    for (const r of RULES) {
      expect(r.threat.techniques.length, r.id).toBeGreaterThan(0);
      for (const t of r.threat.techniques) expect(TECHNIQUES[t], `${r.id}: ${t}`).toBeDefined();
      for (const m of r.threat.mitigations) {
        expect(MITIGATIONS[m], `${r.id}: ${m}`).toBeDefined();
        const pairs = r.threat.techniques.some((t) => (TECHNIQUES[t]?.mitigations ?? []).includes(m));
        expect(pairs, `${r.id}: ${m}`).toBe(true);
      }
    }
  });

  it('has a firing timeline for every rule, and nothing else', () => {
    expect(Object.keys(FIRING).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it('fills every placeholder of the message and the remediation command in every result', () => {
    for (const rule of RULES) {
      for (const scenario of FIRING[rule.id] ?? []) {
        const results = run(scenario()).results.filter((r) => r.checkId === rule.id);
        expect(results.length, rule.id).toBeGreaterThan(0);
        for (const result of results) {
          expect(result.status).toBe('fail');
          const template = rule.messages[result.messageId];
          expect(template, `${rule.id}: ${result.messageId}`).toBeDefined();
          const needed = [...placeholdersIn(rule.remediation.command), ...placeholdersIn(template ?? '')];
          for (const name of needed) expect(result.data[name], `${rule.id}/${result.messageId}: {{${name}}}`).toBeDefined();
          expect(result.resource.type, rule.id).toMatch(RESOURCE_TYPE_OF[rule.provider]);
          expect(Array.isArray(result.evidence['chain']), rule.id).toBe(true);
        }
      }
    }
  });
});
