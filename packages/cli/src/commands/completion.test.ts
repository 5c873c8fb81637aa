import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../program.js';
import { fakeContext } from '../testing/fake-context.js';
import { commandTree, completionScript } from './completion.js';

const program = () => buildProgram(fakeContext());

/** What bash completes for the words of `line` (the last one being completed). */
function bashComplete(line: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'wagw-completion-'));
  const script = join(dir, 'wagw.bash');
  writeFileSync(script, completionScript(program(), 'bash'));
  const words = line.split(' ');
  const probe = `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _wagw; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', probe], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('wagw completion', () => {
  it('the tree comes from the commands: groups, leaves and their options', () => {
    const tree = commandTree(program());
    expect(tree.get('')!.commands).toEqual(
      expect.arrayContaining(['sessions', 'listen', 'logs', 'completion']),
    );
    expect(tree.get('sessions')!.commands).toContain('use');
    expect(tree.get('logs tail')!.options).toEqual(
      expect.arrayContaining(['--status', '--path', '--method', '--json']),
    );
  });

  it('bash completes commands, subcommands and options', () => {
    expect(bashComplete('wagw ses')).toEqual(['sessions']);
    expect(bashComplete('wagw sessions u')).toEqual(['use']);
    expect(bashComplete('wagw logs tail --st')).toEqual(['--status']);
    expect(bashComplete('wagw --json listen --forward-to http://x --ev')).toEqual(['--events']);
  });

  it('prints zsh and fish scripts, and refuses another shell', () => {
    expect(completionScript(program(), 'zsh')).toContain('bashcompinit');
    const fish = completionScript(program(), 'fish');
    expect(fish).toContain("complete -c wagw -f -n 'test (__wagw_path) = '\\''logs tail'\\'''");
    expect(() => completionScript(program(), 'tcsh')).toThrow(/unknown shell/);
  });
});
