import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInContactRules, ContactRulesError, defaultContactRules, loadContactRules, parseContactRules } from './contact-rules.js';

const colombiaOverride = {
  version: 'lender-2027-01',
  countries: {
    CO: {
      hours: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'] },
      holidays: false,
      maxPerDay: 1,
      sources: { hours: 'internal policy 12', holidays: 'Ley 2300 art. 3', maxPerDay: 'Ley 2300 art. 3' },
    },
  },
};

describe('the contact rules', () => {
  it('every built-in country names the source of each of its rules', () => {
    for (const rules of defaultContactRules.countries.values()) {
      expect(rules.sources.hours).toBeTruthy();
      if (!rules.contactOnHolidays) expect(rules.sources.holidays).toBeTruthy();
      if (rules.maxPerWeek !== null) expect(rules.sources.maxPerWeek).toBeTruthy();
      if (rules.disclosure) expect(rules.sources.disclosure).toBeTruthy();
    }
    expect([...defaultContactRules.countries.keys()].sort()).toEqual(['CL', 'CO', 'MX', 'PE', 'SV', 'US']);
  });

  it('a rules file replaces the countries it names, whole, keeps the others, and gives its version', () => {
    const rules = parseContactRules(colombiaOverride);
    expect(rules.version).toBe('lender-2027-01');
    const colombia = rules.countries.get('CO');
    expect(colombia?.windows[1]).toEqual([540, 1080]);
    expect(colombia?.windows[3]).toBeNull();
    expect(colombia?.oneChannelPerWeek).toBe(false);
    expect(rules.countries.get('CL')).toEqual(defaultContactRules.countries.get('CL'));
    expect(parseContactRules(builtInContactRules).version).toBe('built-in 2026-12');
  });

  it('refuses a rule without its source, a window that ends before it starts, and a bad country code, naming the field', () => {
    const noSource = {
      version: 'v',
      countries: { PE: { hours: { mon: ['07:00', '20:00'] }, holidays: false, sources: { hours: 'x y z' } } },
    };
    expect(() => parseContactRules(noSource)).toThrow(/countries\.PE\.sources\.holidays/);
    const backwards = {
      version: 'v',
      countries: { PE: { hours: { mon: ['20:00', '07:00'] }, holidays: true, sources: { hours: 'law' } } },
    };
    expect(() => parseContactRules(backwards)).toThrow(/countries\.PE\.hours\.mon/);
    expect(() => parseContactRules({ version: 'v', countries: { peru: colombiaOverride.countries.CO } })).toThrow(ContactRulesError);
    expect(() => parseContactRules({ countries: {} })).toThrow(/version/);
  });

  it('CONTACT_RULES_FILE: loaded when set, the built-in rules when unset, a clear error when unreadable or not JSON', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'contact-rules-'));
    const path = join(folder, 'rules.json');
    writeFileSync(path, JSON.stringify(colombiaOverride));
    expect((await loadContactRules(path)).version).toBe('lender-2027-01');
    expect(await loadContactRules(undefined)).toBe(defaultContactRules);
    await expect(loadContactRules(join(folder, 'missing.json'))).rejects.toThrow(/cannot be read \(ENOENT\)/);
    writeFileSync(path, '{ not json');
    await expect(loadContactRules(path)).rejects.toThrow(/not valid JSON/);
  });
});
