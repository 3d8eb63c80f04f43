import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ExitCode, runCli } from '../src/cli/cli';

const root = path.resolve(__dirname, '..');
const example = path.join(root, 'examples', 'purchase-approval.json');

async function cli(argv: string[], files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readFile: async (file) => files[file] ?? fs.readFile(file, 'utf8'),
    // No model: the CLI's own tests stay deterministic, whatever the shell has configured.
    env: {},
  });
  return { code, stdout, stderr };
}

describe('the plainflow CLI', () => {
  it('prints the JSON Schema of a flow document', async () => {
    const { code, stdout } = await cli(['schema']);
    expect(code).toBe(ExitCode.ok);
    const schema = JSON.parse(stdout) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('verifies a good flow with exit code 0', async () => {
    await expect(cli(['verify', example])).resolves.toMatchObject({
      code: ExitCode.ok,
      stdout: 'ok: purchase-approval v1 has no errors\n',
    });
  });

  it.each(['explain', 'diagram', 'outline'])('%s prints the flow', async (command) => {
    const { code, stdout } = await cli([command, example]);
    expect(code).toBe(ExitCode.ok);
    expect(stdout.length).toBeGreaterThan(50);
  });

  it('prints the outline of OUTLINE.md for the purchase example', async () => {
    const { stdout } = await cli(['outline', example]);
    expect(stdout.split('\n')).toContain(
      'approval any to=manager remind=1d timeout=2d then=escalate:role:finance-director',
    );
  });

  it('exits 1 and prints each problem with its JSON path', async () => {
    const broken = JSON.stringify({
      name: 'broken',
      description: '',
      version: 1,
      ownerTeam: 'ops',
      trigger: { type: 'manual' },
      steps: [
        { type: 'end', id: 'stop', status: 'completed' },
        { type: 'end', id: 'stop', status: 'completed' },
      ],
    });
    const { code, stdout, stderr } = await cli(['explain', 'broken.json'], {
      'broken.json': broken,
    });
    expect(code).toBe(ExitCode.flowErrors);
    expect(stdout).toBe('');
    expect(stderr).toContain('broken.json: error  duplicate-step-id  $.steps[1].id');
  });

  it('exits 1 on a file that is not JSON, naming the file', async () => {
    const { code, stderr } = await cli(['verify', 'x.json'], { 'x.json': '{"name": ' });
    expect(code).toBe(ExitCode.flowErrors);
    expect(stderr).toMatch(/^x\.json: not valid JSON/);
  });

  it.each([
    [[], /usage: plainflow/],
    [['launch'], /unknown command "launch"/],
    [['verify'], /wrong arguments for verify/],
    [['verify', 'a.json', 'b.json'], /wrong arguments for verify/],
    [['verify', '/no/such/flow.json'], /cannot read \/no\/such\/flow\.json/],
  ])('exits 2 on wrong usage: %j', async (argv, message) => {
    const { code, stderr } = await cli(argv);
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toMatch(message);
  });

  it('runs as the plainflow bin of the package', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['bin/plainflow.cjs', 'outline', example], {
      cwd: root,
    });
    expect(stdout.split('\n')[0]).toBe('trigger request');
    await expect(
      run(process.execPath, ['bin/plainflow.cjs', 'nope'], { cwd: root }),
    ).rejects.toMatchObject({ code: 2 });
  });

  it('compiles English, printing the explanation and the outline', async () => {
    const { code, stdout } = await cli([
      'compile',
      'The finance team must approve the budget within 2 days.',
    ]);
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toContain('1. Approval by the finance team: the first decision wins.');
    expect(stdout).toContain('approval any to=team:finance timeout=2d');
  });

  it('compiles from a file and prints the whole result as JSON', async () => {
    const { code, stdout } = await cli(['compile', '-f', 'flow.txt', '--json'], {
      'flow.txt': 'Notify the HR team.',
    });
    expect(code).toBe(ExitCode.ok);
    expect(JSON.parse(stdout)).toMatchObject({ outline: ['trigger manual', 'notify to=team:hr'] });
  });

  it('exits 1 and prints the diagnostics when English cannot be compiled', async () => {
    const { code, stderr } = await cli([
      'compile',
      'Teleport the invoice to the archive dimension.',
    ]);
    expect(code).toBe(ExitCode.flowErrors);
    expect(stderr).toMatch(
      /^unknown-verb \[0-8\] "Teleport": No step kind is known for "Teleport"/,
    );
  });

  it('prints each question with where its answer goes', async () => {
    const { code, stderr } = await cli([
      'compile',
      'Staff log a ticket. It is then approved. Then triage the ticket.',
    ]);
    expect(code).toBe(ExitCode.flowErrors);
    expect(stderr.split('\n')).toEqual([
      'missing-approver [20-39] "It is then approved": Who approves this? (answer as: "It is then approved by <who>")',
      'missing-assignee [46-63] "triage the ticket": Who does "triage"? (answer as: "<who> must triage the ticket")',
      '',
    ]);
  });

  it('answers the batch interface line by line, reporting bad lines instead of failing', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'Notify the HR team.' }),
      'not json',
      JSON.stringify({ id: 'c' }),
    ].join('\n');
    const { code, stdout } = await cli(['outline', '--jsonl'], { '-': input });
    expect(code).toBe(ExitCode.ok);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; outline: string; diagnostics: string[] });
    expect(lines[0]).toEqual({
      id: 'a',
      outline: 'trigger manual\nnotify to=team:hr',
      diagnostics: [],
    });
    expect(lines[1]).toMatchObject({
      id: 'line-2',
      outline: '',
      diagnostics: [expect.stringMatching(/^bad-input/)],
    });
    expect(lines[2]).toMatchObject({ id: 'c', diagnostics: [expect.stringMatching(/no "text"/)] });
  });
});
