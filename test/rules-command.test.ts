import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runRules, type RulesOptions } from '../src/commands/rules/index.js';
import { UsageError } from '../src/errors.js';

/** The catalog as plain data, so expectations are counted independently of RuleCatalog. */
interface RawRule {
  name: string;
  service: string;
  trigger: string;
  conformancePacks: string[];
}
const RAW = JSON.parse(readFileSync(new URL('../catalog/rules.json', import.meta.url), 'utf8')) as { rules: RawRule[] };

async function rules(options: Partial<RulesOptions> & Pick<RulesOptions, 'action'>): Promise<string> {
  let stdout = '';
  await runRules({ format: 'table', ...options }, { stdout: (s) => void (stdout += s), stderr: () => {} });
  return stdout;
}

/** The rule names in a `rules list` table: the first cell of each row between the header and the blank line. */
function listedNames(table: string): string[] {
  const lines = table.split('\n');
  return lines.slice(1, lines.indexOf('')).map((line) => line.trim().split(/\s+/)[0]!);
}

describe('rules list', () => {
  it('lists all 36 rules with a count line', async () => {
    const out = await rules({ action: 'list' });
    expect(listedNames(out)).toHaveLength(36);
    expect(out).toContain('36 of 36 rules');
  });

  it('--service ecr (any case) shows exactly the 5 ECR rules', async () => {
    const out = await rules({ action: 'list', service: 'ecr' });
    expect(listedNames(out)).toEqual([
      'ecr-private-image-scanning-enabled',
      'ecr-private-lifecycle-policy-configured',
      'ecr-private-tag-immutability-enabled',
      'ecr-repository-cmk-encryption-enabled',
      'ecr-repository-tagged',
    ]);
    expect(out).toContain('5 of 36 rules (service ECR)');
  });

  it('--trigger periodic gives the 9 periodic rules, with their frequency', async () => {
    const out = await rules({ action: 'list', trigger: 'periodic' });
    expect(listedNames(out)).toEqual(RAW.rules.filter((r) => r.trigger === 'periodic').map((r) => r.name));
    expect(listedNames(out)).toHaveLength(9);
    expect(out).toMatch(/inspector-ecr-scan-enabled\s+Inspector\s+periodic 24h\s+account\s+Inspector\.2\s+2/);
  });

  it('--pack (any case) gives the rules whose conformancePacks contain it', async () => {
    const pack = 'Security-Best-Practices-for-ECS';
    const expected = RAW.rules.filter((r) => r.conformancePacks.includes(pack)).map((r) => r.name);
    const out = await rules({ action: 'list', pack: pack.toLowerCase() });
    expect(listedNames(out)).toEqual(expected);
    expect(out).toContain(`${expected.length} of 36 rules (pack ${pack})`);
  });

  it('an empty result says so and names the filters', async () => {
    const out = await rules({ action: 'list', service: 'Inspector', trigger: 'change' });
    expect(out).toMatch(/^no rules match service Inspector, trigger change/);
  });

  it('an unknown pack is a UsageError suggesting the nearest packs', async () => {
    const failure = rules({ action: 'list', pack: 'Security-Best-Practices-for-EC' });
    await expect(failure).rejects.toBeInstanceOf(UsageError);
    await expect(failure).rejects.toThrow(/did you mean .*Security-Best-Practices-for-ECS/);
  });

  it('an unknown service is a UsageError listing the services', async () => {
    await expect(rules({ action: 'list', service: 'Lambda' })).rejects.toThrow(/ECR.*ECS.*EKS.*Inspector.*GuardDuty/);
  });

  it('--format json is the catalog rule objects', async () => {
    const parsed = JSON.parse(await rules({ action: 'list', service: 'ECR', format: 'json' })) as RawRule[];
    expect(parsed).toEqual(RAW.rules.filter((r) => r.service === 'ECR'));
  });
});

describe('rules show', () => {
  it('shows a rule in full: Security Hub control and source', async () => {
    const out = await rules({ action: 'show', name: 'ecs-containers-nonprivileged' });
    expect(out).toContain('ECS_CONTAINERS_NONPRIVILEGED');
    expect(out).toContain('ECS.4 (FSBP)');
    expect(out).toContain('https://docs.aws.amazon.com/config/latest/developerguide/ecs-containers-nonprivileged.html');
    expect(out).toContain('Security-Best-Practices-for-ECS');
  });

  it('accepts the identifier', async () => {
    expect(await rules({ action: 'show', name: 'ECS_CONTAINERS_NONPRIVILEGED' })).toMatch(/^ecs-containers-nonprivileged \(/);
  });

  it('shows parameters and allowed frequencies', async () => {
    expect(await rules({ action: 'show', name: 'eks-cluster-oldest-supported-version' })).toContain('oldestVersionSupported (String, required)');
    expect(await rules({ action: 'show', name: 'ecr-private-image-scanning-enabled' })).toContain('default 24h; allowed 1h, 3h, 6h, 12h, 24h');
  });

  it('an unknown name is a UsageError naming the nearest rule', async () => {
    const failure = rules({ action: 'show', name: 'ecs-containers-nonprivileges' });
    await expect(failure).rejects.toBeInstanceOf(UsageError);
    await expect(failure).rejects.toThrow(/unknown rule 'ecs-containers-nonprivileges'; did you mean ecs-containers-nonprivileged/);
  });

  it('--format json is the one rule object', async () => {
    const parsed = JSON.parse(await rules({ action: 'show', name: 'ecs-containers-nonprivileged', format: 'json' })) as RawRule;
    expect(parsed).toEqual(RAW.rules.find((r) => r.name === 'ecs-containers-nonprivileged'));
  });
});

describe('rules sets', () => {
  it('lists the named sets with rule counts and the pack sets', async () => {
    const out = await rules({ action: 'sets' });
    expect(out).toMatch(/^\s+none\s+0\s/m);
    expect(out).toMatch(/^\s+containers-2022\s+13\s/m);
    expect(out).toMatch(/^\s+containers-all\s+36\s/m);
    expect(out).toMatch(/^\s+security-hub-fsbp\s+\d+\s/m);
    const ecsPack = RAW.rules.filter((r) => r.conformancePacks.includes('Security-Best-Practices-for-ECS')).length;
    expect(out).toMatch(new RegExp(`^\\s+pack:Security-Best-Practices-for-ECS\\s+${ecsPack}$`, 'm'));
  });

  it('--format json gives name, description and rule names', async () => {
    const parsed = JSON.parse(await rules({ action: 'sets', format: 'json' })) as { name: string; description: string; rules: string[] }[];
    const byName = new Map(parsed.map((s) => [s.name, s]));
    expect(byName.get('none')!.rules).toEqual([]);
    expect(byName.get('containers-2022')!.rules).toHaveLength(13);
    expect(byName.get('containers-all')!.rules).toEqual(RAW.rules.map((r) => r.name));
    expect(byName.get('security-hub-fsbp')!.rules.every((n) => n.startsWith('securityhub-'))).toBe(true);
    const packCount = new Set(RAW.rules.flatMap((r) => r.conformancePacks)).size;
    expect(parsed.filter((s) => s.name.startsWith('pack:'))).toHaveLength(packCount);
  });
});
