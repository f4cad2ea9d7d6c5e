/**
 * The benchmarks' notebook (ui-tests/bench): n cells, one markdown cell in
 * four, code cells of four lines, every other one with a short stream output.
 */

/** A notebook of n cells: prose and short code cells, some with outputs. */
export function makeNotebook(n: number): any {
  const cells: any[] = [];
  for (let i = 0; i < n; i++) {
    const id = `cell-${String(i).padStart(4, '0')}`;
    if (i % 4 === 0) {
      cells.push({
        id,
        cell_type: 'markdown',
        metadata: {},
        source: [
          `## Step ${i / 4 + 1}\n`,
          '\n',
          `This step takes the values of step ${i / 4} and scales them;\n`,
          'the total is printed below each cell.'
        ]
      });
      continue;
    }
    const factor = (i % 7) + 1;
    const count = (i % 50) + 10;
    const total = (factor * count * (count - 1)) / 2;
    cells.push({
      id,
      cell_type: 'code',
      metadata: {},
      execution_count: i % 2 ? i : null,
      source: [
        `# cell ${i}: scaled values\n`,
        `values_${i} = [x * ${factor} for x in range(${count})]\n`,
        `total_${i} = sum(values_${i})\n`,
        `print(total_${i})`
      ],
      outputs:
        i % 2
          ? [{ output_type: 'stream', name: 'stdout', text: [`${total}\n`] }]
          : []
    });
  }
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3 (ipykernel)',
        language: 'python'
      },
      language_info: { name: 'python' }
    },
    cells
  };
}
