import { Argument, type Command } from 'commander';
import { leafCommand, withExamples } from '../command-kit.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Each command path (`''`, `sessions`, `sessions use`) with its subcommands and long options. */
export function commandTree(root: Command): Map<string, { commands: string[]; options: string[] }> {
  const tree = new Map<string, { commands: string[]; options: string[] }>();
  const walk = (cmd: Command, path: string[]) => {
    const options = cmd.options.map((o) => o.long).filter((l): l is string => l !== undefined);
    tree.set(path.join(' '), {
      commands: cmd.commands.map((c) => c.name()),
      options: [...options, '--help'],
    });
    for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
  };
  walk(root, []);
  return tree;
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

function bash(tree: ReturnType<typeof commandTree>): string {
  const cases = [...tree]
    .map(
      ([path, { commands, options }]) =>
        `    ${quote(path)}) words=${quote([...commands, ...options].join(' '))} ;;`,
    )
    .join('\n');
  return `# wagw completion for bash. Load it with: source <(wagw completion bash)
_wagw() {
  local cur path="" w known words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    [[ "$w" == -* ]] && continue
    known="\${path:+$path }$w"
    case "$known" in
${[...tree.keys()].map((p) => `      ${quote(p)}) path="$known" ;;`).join('\n')}
    esac
  done
  case "$path" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _wagw wagw
`;
}

function zsh(tree: ReturnType<typeof commandTree>): string {
  return `# wagw completion for zsh. Load it with: source <(wagw completion zsh)
autoload -Uz bashcompinit && bashcompinit
${bash(tree).split('\n').slice(1).join('\n')}`;
}

function fish(tree: ReturnType<typeof commandTree>): string {
  const lines = [...tree].map(
    ([path, { commands, options }]) =>
      `complete -c wagw -f -n ${quote(`test (__wagw_path) = ${quote(path)}`)} -a ${quote([...commands, ...options].join(' '))}`,
  );
  return `# wagw completion for fish. Load it with: wagw completion fish | source
function __wagw_path
  set -l path
  set -l known ${[...tree.keys()]
    .filter((p) => p !== '')
    .map(quote)
    .join(' ')}
  for w in (commandline -opc)[2..-1]
    string match -q -- '-*' $w; and continue
    set -l next (string join ' ' $path $w)
    contains -- $next $known; and set path $path $w
  end
  string join ' ' $path
end
${lines.join('\n')}
`;
}

/** The completion script for `shell`, generated from the command tree. */
export function completionScript(root: Command, shell: string): string {
  const tree = commandTree(root);
  if (shell === 'bash') return bash(tree);
  if (shell === 'zsh') return zsh(tree);
  if (shell === 'fish') return fish(tree);
  throw new UsageError(`unknown shell "${shell}": expected ${SHELLS.join(', ')}`);
}

/** `wagw completion <shell>`; `root` gives the tree once it is built. */
export function command(ctx: Context, root: () => Command): Command {
  const cmd = leafCommand('completion', 'print a shell completion script (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .action((shell: string, options: { json?: boolean }) => {
      const script = completionScript(root(), shell);
      ctx.stdout.write(options.json ? `${JSON.stringify({ shell, script }, null, 2)}\n` : script);
    });
  return withExamples(
    cmd,
    'source <(wagw completion bash)    # add to ~/.bashrc',
    'source <(wagw completion zsh)     # add to ~/.zshrc',
    'wagw completion fish > ~/.config/fish/completions/wagw.fish',
  );
}
