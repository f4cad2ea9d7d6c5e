/**
 * The agent's default limits, in one place: the core, the settings plugin
 * and the headless agent read them from here, and a test checks that
 * `schema/agent.json` states the same defaults (a JSON schema cannot import).
 */
export const AGENT_DEFAULTS = {
  /** Sampling temperature. */
  temperature: 0.2,
  /** Characters of one cell's outputs a read returns at most. */
  outputBudget: 4000,
  /** Characters of one cell's source a read returns at most. */
  sourceBudget: 12000,
  /**
   * Characters of context (system prompt, notebook outline, conversation)
   * sent per request at most; the oldest turns go first.
   */
  contextBudget: 48000,
  /** Model requests in one turn at most, tool loop included. */
  maxSteps: 12,
  /** Cells `list_cells` lists when the model gives no limit. */
  listLimit: 200,
  /** Cells `list_cells` lists at most, whatever limit the model gives. */
  listLimitMax: 500
} as const;
