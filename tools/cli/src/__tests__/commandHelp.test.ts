import { COMMAND_HELP, helpFor } from '../commandHelp';

describe('civicgraph <command> --help', () => {
  it.each(Object.entries(COMMAND_HELP))('%s: its usage line first, and an example', (command, help) => {
    expect(help.startsWith(`civicgraph ${command}`)).toBe(true);
    expect(help).toMatch(/\nExample:\n {2}\S/);
  });

  it('finds a subcommand’s help, and the command’s when the next word is an option', () => {
    expect(helpFor('grants', 'unused')).toBe(COMMAND_HELP['grants unused']);
    expect(helpFor('seed', '--persons')).toBe(COMMAND_HELP.seed);
    expect(helpFor('nonsense', undefined)).toBeUndefined();
  });
});
