import * as fs from 'fs';
import * as path from 'path';
import { AgentTools } from '..';

/**
 * The tool definitions sent to the model, as they were when the tools were
 * four parallel tables (recorded before they became one record per tool):
 * a change of a description, a property, its order or what is required
 * changes what every model is told, so it must be a deliberate change of
 * this file.
 */
const RECORDED = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, 'fixtures', 'toolDefinitions.json'),
    'utf8'
  )
);

describe('the tool definitions', () => {
  it('are exactly the recorded ones, key order included', () => {
    // JSON.parse keeps the keys' order, so comparing the texts compares it.
    expect(JSON.stringify(AgentTools.definitions)).toBe(
      JSON.stringify(RECORDED)
    );
  });

  it('name the tools in the order of AgentTools.names', () => {
    expect(AgentTools.definitions.map(d => d.function.name)).toEqual([
      ...AgentTools.names
    ]);
  });
});
