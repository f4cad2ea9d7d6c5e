import { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';

describe('the core test harness', () => {
  it('replicates a YNotebook through Yjs updates', () => {
    const a = new YNotebook();
    a.insertCell(0, { cell_type: 'code', source: 'print(1)' });
    const b = new YNotebook();
    Y.applyUpdate(b.ydoc, Y.encodeStateAsUpdate(a.ydoc));
    expect(b.cells.map(c => c.getSource())).toEqual(['print(1)']);
    a.dispose();
    b.dispose();
  });
});
