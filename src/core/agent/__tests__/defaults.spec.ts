import * as fs from 'fs';
import * as path from 'path';
import { AGENT_DEFAULTS } from '../defaults';
import { AGENT_USAGE, parseAgentArgs } from '../../headless/options';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

/** The agent's settings schema (it cannot import the defaults). */
const schema = JSON.parse(
  fs.readFileSync(path.join(REPO, 'schema', 'agent.json'), 'utf8')
);

describe('the agent defaults', () => {
  it.each(['temperature', 'outputBudget', 'contextBudget'] as const)(
    "are schema/agent.json's for %s",
    key => {
      expect(schema.properties[key].default).toBe(AGENT_DEFAULTS[key]);
    }
  );

  it('are what the headless agent runs with and says in its usage', () => {
    const command = parseAgentArgs([
      '--server',
      'http://127.0.0.1:8888',
      '--notebook',
      'a.ipynb',
      '--model-url',
      'http://127.0.0.1:8911/v1',
      '--model',
      'm',
      '--name',
      'Ada'
    ]);
    expect(command.temperature).toBe(AGENT_DEFAULTS.temperature);
    expect(command.maxSteps).toBe(AGENT_DEFAULTS.maxSteps);
    expect(AGENT_USAGE).toContain(
      `sampling temperature (default ${AGENT_DEFAULTS.temperature})`
    );
    expect(AGENT_USAGE).toContain(
      `model requests per turn at most (default ${AGENT_DEFAULTS.maxSteps})`
    );
  });

  it("are the README's settings table's", () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    for (const key of ['outputBudget', 'contextBudget'] as const) {
      expect(readme).toMatch(
        new RegExp(`\\| \`${key}\` +\\| \`${AGENT_DEFAULTS[key]}\``)
      );
    }
  });
});
