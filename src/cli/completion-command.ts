import { Argument, type Command } from 'commander';
import type { CliWriters } from './audit-verify.ts';

/** One command of the tree as completion sees it: its path of names, subcommands and options. */
interface CompletionNode {
  readonly path: string;
  readonly subcommands: readonly string[];
  readonly options: readonly string[];
  /** Values the first argument accepts, when it lists them (e.g. bash, zsh). */
  readonly choices: readonly string[];
}

/** Every command under `root` (itself as path ''), with the long and short flags it takes, help included. */
function completionTree(root: Command): CompletionNode[] {
  const nodes: CompletionNode[] = [];
  const visit = (command: Command, path: string) => {
    const subcommands = command.commands.map((c) => c.name());
    const options = [
      ...command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined)),
      '--help',
    ];
    const choices = command.registeredArguments[0]?.argChoices ?? [];
    nodes.push({ path, subcommands, options, choices });
    for (const sub of command.commands) visit(sub, path === '' ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(root, '');
  return nodes;
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * A bash completion script for `name`: completes subcommands at every level, flags after
 * `-`, an argument's listed values (`completion bash|zsh`), and file names where a
 * command takes nothing else. Words that are not a
 * subcommand of the path so far (flags, their values, arguments) are skipped.
 */
export function bashCompletion(name: string, root: Command): string {
  const fn = `_${name.replace(/\W/g, '_')}`;
  const nodes = completionTree(root);
  const cases = nodes
    .map(
      (n) =>
        `    ${quote(n.path)}) subcommands=${quote(n.subcommands.join(' '))}; options=${quote(n.options.join(' '))}; choices=${quote(n.choices.join(' '))} ;;`,
    )
    .join('\n');
  return `# bash completion for ${name}; load it with:  source <(${name} completion bash)
${fn}_node() {
  case "$1" in
${cases}
    *) return 1 ;;
  esac
}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath="" word next i subcommands options choices
  ${fn}_node ""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    next="\${cmdpath:+$cmdpath }$word"
    if [[ " $subcommands " == *" $word "* ]] && ${fn}_node "$next"; then cmdpath="$next"; else ${fn}_node "$cmdpath"; fi
  done
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  elif [[ -n "$subcommands$choices" ]]; then
    COMPREPLY=($(compgen -W "$subcommands $choices" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F ${fn} ${name}
`;
}

/**
 * A zsh completion script for `name` (the same tree as {@link bashCompletion}), for
 * `source <(name completion zsh)` after `compinit`.
 */
export function zshCompletion(name: string, root: Command): string {
  const fn = `_${name.replace(/\W/g, '_')}`;
  const nodes = completionTree(root);
  const entries = (pick: (n: CompletionNode) => readonly string[]) =>
    nodes.map((n) => `  ${quote(n.path)} ${quote(pick(n).join(' '))}`).join('\n');
  return `#compdef ${name}
# zsh completion for ${name}; load it after compinit with:  source <(${name} completion zsh)
typeset -gA ${fn}_subcommands ${fn}_options ${fn}_choices
${fn}_subcommands=(
${entries((n) => n.subcommands)}
)
${fn}_choices=(
${entries((n) => n.choices)}
)
${fn}_options=(
${entries((n) => n.options)}
)
${fn}() {
  local cmdpath="" word next
  for word in "\${(@)words[2,CURRENT-1]}"; do
    [[ "$word" == -* ]] && continue
    next="\${cmdpath:+$cmdpath }$word"
    if (( \${+${fn}_subcommands[$next]} )); then cmdpath="$next"; fi
  done
  if [[ "$PREFIX" == -* ]]; then
    compadd -- \${=${fn}_options[$cmdpath]}
  elif [[ -n "\${${fn}_subcommands[$cmdpath]}\${${fn}_choices[$cmdpath]}" ]]; then
    compadd -- \${=${fn}_subcommands[$cmdpath]} \${=${fn}_choices[$cmdpath]}
  else
    _files
  fi
}
compdef ${fn} ${name}
`;
}

/** Registers `countersign completion bash|zsh`, which prints the script for the whole command tree. */
export function registerCompletionCommand(program: Command, out: CliWriters): void {
  program
    .command('completion')
    .description('Print a shell completion script for every countersign command.')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(['bash', 'zsh']))
    .addHelpText(
      'after',
      '\nLoad it in the current shell, or add the line to ~/.bashrc or ~/.zshrc:\n' +
        '  source <(countersign completion bash)\n  source <(countersign completion zsh)',
    )
    .action((shell: 'bash' | 'zsh') => {
      const script =
        shell === 'bash' ? bashCompletion(program.name(), program) : zshCompletion(program.name(), program);
      out.stdout(script.trimEnd());
    });
}
