import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { COUNTERSIGN_FROM_SOURCE } from '../../harness/countersign-cli.ts';

const BASH = process.env.BASH_BIN ?? '/usr/bin/bash';
const cli = (args: string[]) =>
  spawnSync(process.execPath, [...COUNTERSIGN_FROM_SOURCE, ...args], { encoding: 'utf8', timeout: 60_000 });

/** The subcommands `--help` lists under "Commands:", without commander's own `help`. */
function helpCommands(text: string): string[] {
  const section = text.split(/^Commands:\n/m)[1] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}(\S+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');
}

describe('countersign completion: the scripts complete the real command tree (bash run for real)', () => {
  let work: string;
  let script: string;
  let rootHelp: string;
  let auditHelp: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'countersign-completion-'));
    const made = cli(['completion', 'bash']);
    assert.equal(made.status, 0, made.stderr);
    script = join(work, 'countersign.bash');
    writeFileSync(script, made.stdout);
    rootHelp = cli(['--help']).stdout;
    auditHelp = cli(['audit', '--help']).stdout;
    writeFileSync(join(work, 'policy.yaml'), '');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  /** What bash offers for the command line `words` (the last word is being completed). */
  const complete = (...words: string[]): string[] => {
    const line = ['countersign', ...words];
    const program = [
      `source ${JSON.stringify(script)}`,
      `COMP_WORDS=(${line.map((w) => `'${w}'`).join(' ')})`,
      `COMP_CWORD=${line.length - 1}`,
      '_countersign',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const run = spawnSync(BASH, ['--norc', '--noprofile', '-c', program], { cwd: work, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.split('\n').filter((l) => l !== '');
  };

  test('the first word offers every subcommand --help lists, the ones for audit likewise', () => {
    const top = helpCommands(rootHelp);
    assert.ok(
      top.includes('teams-package') && top.includes('completion') && top.includes('audit'),
      top.join(),
    );
    assert.deepEqual(complete('').sort(), [...top].sort());
    assert.deepEqual(complete('au'), ['audit']);
    const audit = helpCommands(auditHelp);
    assert.ok(audit.includes('check') && audit.includes('verify'), audit.join());
    assert.deepEqual(complete('audit', '').sort(), [...audit].sort());
    assert.deepEqual(complete('audit', 'ch'), ['check']);
  });

  test('flags come from the command being typed, past earlier flags and their values', () => {
    assert.deepEqual(complete('audit', 'check', '--expect-count', '12', '--j'), ['--json']);
    const flags = complete('teams-package', '--');
    assert.ok(
      flags.includes('--app-id') && flags.includes('--out') && flags.includes('--help'),
      flags.join(),
    );
    assert.deepEqual(complete('completion', ''), ['bash', 'zsh']);
    assert.deepEqual(
      complete('policy', 'lint', 'pol'),
      ['policy.yaml'],
      'a file where no subcommand is left',
    );
  });

  test('the zsh script names the same tree and registers itself', () => {
    const zsh = cli(['completion', 'zsh']);
    assert.equal(zsh.status, 0, zsh.stderr);
    assert.match(zsh.stdout, /^#compdef countersign$/m);
    assert.match(zsh.stdout, /^compdef _countersign countersign$/m);
    assert.ok(zsh.stdout.includes(`  '' '${helpCommands(rootHelp).join(' ')}'`), zsh.stdout);
    assert.ok(zsh.stdout.includes(`  'audit' '${helpCommands(auditHelp).join(' ')}'`), zsh.stdout);
    assert.ok(zsh.stdout.includes(`  'completion' 'bash zsh'`));
  });

  test('an unknown shell is refused by name', () => {
    const refused = cli(['completion', 'fish']);
    assert.notEqual(refused.status, 0);
    assert.match(
      refused.stderr,
      /value 'fish' is invalid for argument 'shell'\. Allowed choices are bash, zsh/,
    );
  });
});
