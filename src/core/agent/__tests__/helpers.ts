import { YNotebook } from '@jupyter/ydoc';
import * as Y from 'yjs';
import type {
  ICellRunner,
  IRunApprover,
  IRunRequest,
  IRunResult,
  RunApproval
} from '../types';

/** A notebook with cells (ids c0, c1, ...) and the metadata map. */
export function makeNotebook(
  cells: {
    source: string;
    type?: 'code' | 'markdown' | 'raw';
    outputs?: any[];
  }[]
): YNotebook {
  return YNotebook.create({
    data: {
      cells: cells.map((cell, i) => ({
        id: `c${i}`,
        cell_type: cell.type ?? 'code',
        source: cell.source,
        metadata: {},
        ...((cell.type ?? 'code') === 'code'
          ? { outputs: cell.outputs ?? [], execution_count: null }
          : {})
      })) as any
    }
  });
}

/** Keep two documents in sync both ways (as a server would). */
export function connect(a: Y.Doc, b: Y.Doc): () => void {
  const ab = (update: Uint8Array, origin: unknown) => {
    if (origin !== connect) {
      Y.applyUpdate(b, update, connect);
    }
  };
  const ba = (update: Uint8Array, origin: unknown) => {
    if (origin !== connect) {
      Y.applyUpdate(a, update, connect);
    }
  };
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), connect);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b), connect);
  a.on('update', ab);
  b.on('update', ba);
  return () => {
    a.off('update', ab);
    b.off('update', ba);
  };
}

/** The sources of a notebook's cells. */
export function sources(notebook: YNotebook): string[] {
  return notebook.cells.map(c => c.getSource());
}

/** A runner that records requests and answers with given results. */
export class FakeRunner implements ICellRunner {
  requests: IRunRequest[] = [];
  result: IRunResult = {
    status: 'ok',
    outputs: [{ output_type: 'stream', name: 'stdout', text: 'ran\n' }],
    executionCount: 1
  };
  /** When set, `run` waits for this promise (to test stopping). */
  gate: Promise<void> | null = null;
  run(request: IRunRequest, signal?: AbortSignal): Promise<IRunResult> {
    this.requests.push(request);
    if (this.gate) {
      return this.gate.then(() => this.result);
    }
    return Promise.resolve(this.result);
  }
}

/** An approver that answers from a list (or waits forever with 'wait'). */
export class FakeApprover implements IRunApprover {
  constructor(public answers: (RunApproval | 'wait')[] = []) {}
  asked: IRunRequest[] = [];
  approve(request: IRunRequest): Promise<RunApproval> {
    this.asked.push(request);
    const answer = this.answers.shift() ?? 'deny';
    if (answer === 'wait') {
      return new Promise(() => undefined);
    }
    return Promise.resolve(answer);
  }
}

// @jupyter/ydoc's cell constructor reads a new cell's Y types before they
// join the document, and yjs 13.6 warns about it for every new cell: an
// upstream matter that would bury the real output of these specs.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (String(args[0]).startsWith('Invalid access: Add Yjs type')) {
    return;
  }
  warn(...args);
};
