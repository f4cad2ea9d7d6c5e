import * as fs from 'fs';
import * as path from 'path';

import { tsFilesUnder } from './importGraph';

const CORE = path.resolve(__dirname, '..');
const LIMIT = 500;

/**
 * Small files with one job: a file of src/core over 500 lines says why at
 * its top, in a comment that starts with "Over 500 lines".
 */
describe('the files of src/core', () => {
  it(`are at most ${LIMIT} lines, or say why at their top`, () => {
    const files = tsFilesUnder(CORE);
    expect(files.length).toBeGreaterThan(100);
    const unexplained = files
      .filter(file => {
        const text = fs.readFileSync(file, 'utf8');
        const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
        return (
          lines > LIMIT && !/^\/\*\s*\n?\s*\*?\s*Over 500 lines/.test(text)
        );
      })
      .map(file => path.relative(CORE, file));
    expect(unexplained).toEqual([]);
  });
});
