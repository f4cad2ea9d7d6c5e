import { escapeNotebookContent } from '../notebookContent';
import { truncate } from './text';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Outputs as text for the model, errors apart, within a budget. */
export function formatOutputs(
  outputs: Record<string, any>[],
  budget: number
): {
  text: string;
  errors: { ename: string; evalue: string }[];
  truncated: boolean;
} {
  const parts: string[] = [];
  const errors: { ename: string; evalue: string }[] = [];
  for (const output of outputs ?? []) {
    switch (output.output_type) {
      case 'stream':
        parts.push(join(output.text));
        break;
      case 'execute_result':
      case 'display_data': {
        const data = output.data ?? {};
        if (data['text/plain'] !== undefined) {
          parts.push(join(data['text/plain']));
        }
        const others = Object.keys(data).filter(k => k !== 'text/plain');
        if (others.length) {
          parts.push(`[${others.join(', ')} output not shown]`);
        }
        break;
      }
      case 'error':
        // Raised by the notebook's code: content, made inert like it.
        errors.push({
          ename: escapeNotebookContent(String(output.ename ?? '')),
          evalue: escapeNotebookContent(String(output.evalue ?? ''))
        });
        parts.push(
          join(output.traceback ?? []).replace(ANSI, '') ||
            `${output.ename}: ${output.evalue}`
        );
        break;
      default:
        break;
    }
  }
  const { text, truncated } = truncate(parts.join('\n'), budget);
  return { text, errors, truncated };
}

/** A multiline nbformat string (a string or a list of lines) as one text. */
function join(value: unknown): string {
  return Array.isArray(value)
    ? value.join(value.length && String(value[0]).endsWith('\n') ? '' : '\n')
    : String(value ?? '');
}
