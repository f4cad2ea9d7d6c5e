/**
 * The agent's tools: one file per tool (its name, description, parameters
 * and how it runs), listed in `catalog.ts`, and `AgentTools`, which runs
 * them against an edit target.
 */
import { formatOutputs } from './outputs';
import { diffRange, truncate } from './text';

export { AbortError } from './abort';
export { AgentTools } from './agentTools';
export { TOOL_LIST } from './catalog';
export type { IToolCallRequest, IToolOutcome } from './outcome';
export type { IAgentTool, IParameter } from './tool';

/** Helpers exposed for tests and for the loop. */
export const toolHelpers = {
  /** Keep the head and tail of a long text within a budget. */
  truncate,
  /** Format outputs for the model. */
  formatOutputs,
  /** The minimal range to change to turn a into b. */
  diffRange
};
