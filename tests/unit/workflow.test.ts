import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** The parts of a GitHub Actions workflow this test reads. */
interface Step {
  uses?: string;
  run?: string;
  id?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  environment?: { name?: string; url?: string };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(readFileSync('.github/workflows/deploy.yml', 'utf8')) as Workflow;

function job(name: string): Job {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`the workflow has no job "${name}"`);
  return found;
}

const needs = (name: string): string[] => [job(name).needs ?? []].flat();
/** Actions a job uses, without their version: `actions/deploy-pages`. */
const actions = (name: string): string[] =>
  job(name).steps.flatMap((step) => (step.uses ? [step.uses.split('@')[0]] : []));
const runs = (name: string): string[] => job(name).steps.flatMap((step) => (step.run ? [step.run] : []));
/** A job's token permissions: its own block replaces the workflow's. */
const permissions = (name: string): Record<string, string> => job(name).permissions ?? workflow.permissions ?? {};

describe('the deploy workflow', () => {
  it('deploys on a push to main', () => {
    expect(workflow.on).toHaveProperty('push');
    expect((workflow.on.push as { branches: string[] }).branches).toContain('main');
  });

  it('has exactly the jobs test → build → deploy, in that order', () => {
    expect(Object.keys(workflow.jobs).sort()).toEqual(['build', 'deploy', 'test']);
    expect(needs('test')).toEqual([]);
    expect(needs('build')).toEqual(['test']);
    expect(needs('deploy')).toEqual(['build']);
  });

  it('runs the whole test command before anything is built for deployment', () => {
    expect(runs('test')).toContain('npm test');
    expect(runs('test').some((command) => command.startsWith('npm ci'))).toBe(true);
  });

  it('builds with the official Pages actions, for the address Pages reports', () => {
    expect(actions('build')).toEqual(
      expect.arrayContaining(['actions/checkout', 'actions/configure-pages', 'actions/upload-pages-artifact']),
    );
    const steps = job('build').steps;
    const configure = steps.find((step) => step.uses?.startsWith('actions/configure-pages@'));
    const build = steps.find((step) => step.run === 'npm run build');
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact@'));
    if (!configure?.id || !build || !upload) throw new Error('configure-pages (with an id), npm run build, upload');
    expect(steps.indexOf(configure)).toBeLessThan(steps.indexOf(build));
    expect(steps.indexOf(build)).toBeLessThan(steps.indexOf(upload));
    expect(build.env?.SITE_URL).toBe(`\${{ steps.${configure.id}.outputs.origin }}`);
    expect(build.env?.BASE_PATH).toBe(`\${{ steps.${configure.id}.outputs.base_path }}/`);
    expect(upload.with?.path).toBe('dist');
  });

  it('deploys with actions/deploy-pages, with only the permissions that needs', () => {
    expect(actions('deploy')).toEqual(['actions/deploy-pages']);
    expect(permissions('deploy')).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(job('deploy').environment?.name).toBe('github-pages');
    for (const other of ['test', 'build']) {
      expect(permissions(other)['id-token'], other).toBeUndefined();
      expect(permissions(other).pages ?? 'none', other).not.toBe('write');
    }
  });

  it('pins every action to a major version and uses the Node of .nvmrc', () => {
    for (const name of Object.keys(workflow.jobs)) {
      for (const step of job(name).steps) {
        if (step.uses) expect(step.uses, name).toMatch(/^actions\/[a-z-]+@v\d+$/);
        if (step.uses?.startsWith('actions/setup-node@')) expect(step.with?.['node-version-file']).toBe('.nvmrc');
      }
    }
  });
});
