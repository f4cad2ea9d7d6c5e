/**
 * The load test's headless agents (bin/coauthor-agent.mjs), each against its
 * own scripted model server (testing/scripted-openai-server.mjs, in this
 * process, one queue per agent), and the chat driver that keeps them busy: a
 * peer with the notebook's ChatModel that posts `@Name ...` into the shared
 * chat, scripting each turn first (an `edit_cell` of the agent's own cell,
 * every third turn an `insert_cell` after it, then a short streamed reply)
 * and posting the next message once the reply is done. So every agent edits
 * as its suggestion without pause.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO, joinRoom } from './core.mjs';

const require = createRequire(import.meta.url);
const { startScriptedServer } = require('../scripted-openai-server.cjs');

export const AGENT_NAMES = [
  'Ada',
  'Grace',
  'Edsger',
  'Barbara',
  'Donald',
  'Frances',
  'Alan',
  'Radia'
];
const COLORS = ['#7b61ff', '#e5487a', '#1f9d55', '#d97706'];

export class Agents {
  constructor(core, options) {
    this.core = core;
    this.options = options;
    this.agents = [];
    this.running = false;
    this.errors = [];
    // A key for this run only: the agents read it from their environment.
    this.apiKey = `sk-load-${crypto.randomBytes(8).toString('hex')}`;
  }

  /** Start the model servers, the chat driver's peer and the agents. */
  async start() {
    const { count, server, notebookPath, modelPortBase, cellIds } =
      this.options;
    const { YNotebook, chat } = this.core;
    this.notebook = new YNotebook();
    this.connection = joinRoom(
      this.core,
      server,
      notebookPath,
      this.notebook.ydoc,
      this.notebook.awareness
    );
    await this.connection.whenSynced();
    // The driver only writes messages: saving the chat into the notebook's
    // metadata is left to the agents and the pages.
    this.chat = new chat.ChatModel({ notebook: this.notebook, save: false });
    for (let k = 0; k < count; k++) {
      const name = AGENT_NAMES[k % AGENT_NAMES.length];
      const model = await startScriptedServer({
        port: modelPortBase + k,
        apiKey: this.apiKey,
        models: ['load-model']
      });
      const args = [
        path.join(REPO, 'bin', 'coauthor-agent.mjs'),
        '--server',
        server.baseUrl,
        '--token',
        server.token,
        '--notebook',
        notebookPath,
        '--model-url',
        `http://127.0.0.1:${modelPortBase + k}/v1`,
        '--model',
        'load-model',
        '--name',
        name,
        '--color',
        COLORS[k % COLORS.length]
      ];
      const child = spawn(process.execPath, args, {
        cwd: REPO,
        env: { ...process.env, COAUTHOR_API_KEY: this.apiKey },
        stdio: ['ignore', 'pipe', 'pipe']
      });
      const agent = {
        name,
        cellId: cellIds[k],
        model,
        child,
        turns: 0,
        timeouts: 0,
        log: [],
        exit: null
      };
      const keep = data => {
        agent.log.push(String(data));
        if (agent.log.length > 200) {
          agent.log.shift();
        }
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('exit', (code, signal) => {
        agent.exit = { code, signal };
      });
      this.agents.push(agent);
    }
    // Every agent in everyone's presence before the load starts.
    const until = Date.now() + 60000;
    while (Date.now() < until) {
      const names = this.presentNames();
      if (this.agents.every(a => names.includes(a.name))) {
        return;
      }
      const dead = this.agents.find(a => a.exit);
      if (dead) {
        throw new Error(
          `agent ${dead.name} exited (${JSON.stringify(dead.exit)}): ${dead.log.join('').slice(-800)}`
        );
      }
      await sleep(250);
    }
    throw new Error(
      `agents not present after 60 s (present: ${this.presentNames().join(', ')})`
    );
  }

  /** The names in the room's awareness (as the driver's peer sees them). */
  presentNames() {
    const names = [];
    for (const state of this.notebook.awareness.getStates().values()) {
      const name = state?.user?.name ?? state?.user?.display_name;
      if (name) {
        names.push(name);
      }
    }
    return names;
  }

  run() {
    this.running = true;
    this.loops = this.agents.map(agent => this._loop(agent));
  }

  /** Stop posting; the turns under way finish (bounded). */
  async stop() {
    this.running = false;
    await Promise.all(this.loops ?? []);
  }

  async _loop(agent) {
    const { turnTimeoutMs } = this.options;
    while (this.running) {
      const n = agent.turns;
      const done = `${agent.name}: turn ${n} done.`;
      const responses = [
        {
          toolCalls: [
            {
              id: `edit-${n}`,
              name: 'edit_cell',
              arguments: {
                cell_id: agent.cellId,
                source: `# ${agent.name}'s edit ${n}\nvalue_${agent.cellId.replace(/\W/g, '_')} = ${n}\n`
              }
            }
          ],
          finishReason: 'tool_calls'
        }
      ];
      if (n % 3 === 2) {
        responses.push({
          toolCalls: [
            {
              id: `insert-${n}`,
              name: 'insert_cell',
              arguments: {
                after_cell_id: agent.cellId,
                source: `# ${agent.name}'s new cell ${n}`,
                cell_type: 'markdown'
              }
            }
          ],
          finishReason: 'tool_calls'
        });
      }
      responses.push({ text: done, chunkSize: 6, delayMs: 15 });
      // A fresh queue each turn (and no growing record of requests): a turn
      // that went wrong leaves nothing for the next one.
      agent.model.reset();
      agent.model.script(...responses);
      const posted = Date.now();
      this.chat.addMessage({
        role: 'user',
        author: { name: 'Load driver', color: '#888888', id: 'load-driver' },
        body: `@${agent.name} edit your cell (turn ${n})`
      });
      const replied = await this._waitFor(
        () => this._replied(done, posted),
        turnTimeoutMs
      );
      if (!replied) {
        agent.timeouts += 1;
        this.errors.push(`${agent.name}: no reply to turn ${n}`);
      }
      agent.turns += 1;
      // A person's pace, not a benchmark of the scripted model: the chat
      // (and each agent's conversation) grows by a turn every few seconds.
      await sleep(this.options.turnPauseMs);
    }
  }

  /** Whether a finished reply with this text is among the last messages. */
  _replied(done, since) {
    const maps = this.chat.yarray.toArray();
    for (let k = maps.length - 1; k >= Math.max(0, maps.length - 40); k--) {
      const m = maps[k];
      if (
        m.get('role') === 'assistant' &&
        m.get('status') !== 'streaming' &&
        m.get('time') >= since - 5000 &&
        String(m.get('body') ?? '').includes(done)
      ) {
        return true;
      }
    }
    return false;
  }

  async _waitFor(predicate, timeoutMs) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (predicate()) {
        return true;
      }
      await sleep(100);
    }
    return predicate();
  }

  /**
   * Who answered each addressed message: for every `@Name` message of the
   * driver, the assistant replies that follow it before the next message of
   * the driver, by author.
   */
  replies() {
    const result = { addressed: 0, answered: 0, byOther: 0 };
    const messages = this.chat.messages;
    for (let k = 0; k < messages.length; k++) {
      const m = messages[k];
      if (m.role !== 'user' || m.author?.id !== 'load-driver') {
        continue;
      }
      result.addressed += 1;
      const name = /^@(\S+)/.exec(m.body)?.[1];
      const turn = /turn (\d+)/.exec(m.body)?.[1];
      const answers = messages.filter(
        r =>
          r.role === 'assistant' &&
          r.body.includes(`: turn ${turn} done.`) &&
          r.body.startsWith(`${name}:`)
      );
      if (answers.length > 0) {
        result.answered += 1;
      }
    }
    return result;
  }

  /** Ask every agent to stop (SIGINT, as Ctrl+C) and wait for its exit. */
  async shutdown(timeoutMs = 15000) {
    const exits = [];
    for (const agent of this.agents) {
      if (!agent.exit) {
        agent.child.kill('SIGINT');
      }
    }
    const until = Date.now() + timeoutMs;
    while (Date.now() < until && this.agents.some(a => !a.exit)) {
      await sleep(100);
    }
    for (const agent of this.agents) {
      if (!agent.exit) {
        agent.child.kill('SIGKILL');
        exits.push({ name: agent.name, clean: false, exit: 'killed' });
      } else {
        exits.push({
          name: agent.name,
          clean: agent.exit.code === 0 || agent.exit.signal === 'SIGINT',
          exit: agent.exit
        });
      }
    }
    for (const agent of this.agents) {
      await agent.model.close?.();
    }
    await this.connection?.close(200);
    return exits;
  }
}

function sleep(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}
