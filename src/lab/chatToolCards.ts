import type { YNotebook } from '@jupyter/ydoc';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';

import {
  ChatModel,
  describeToolCall,
  IBranchState,
  IChatAuthor,
  IChatMessage,
  ITurnEdit,
  planRevert,
  restoreStep,
  ReviewState,
  reviewState,
  toolCallStatus,
  turnEnds,
  turnOf
} from '../core/chat';
import { toolHelpers } from '../core/agent';
import { CommandIDs, ISuggestionsRegistry } from '../tokens';
import type { IChatMessageView } from '../widgets/chatPanel';
import type {
  IToolCallCardView,
  ToolCardAction
} from '../widgets/toolCallCard';

/**
 * The agent's tool calls in one notebook's chat, as cards: what each card
 * shows (from the conversation, the suggestions and the notebook), what its
 * Show, Keep and Undo do (the Suggestions panel's own commands), and
 * "Revert this turn".
 */
export class ChatToolCards {
  /** Create the cards of a notebook's chat. */
  constructor(options: ChatToolCards.IOptions) {
    this._options = options;
  }

  /**
   * The messages as the panel shows them: each agent message with its
   * calls as cards, the `tool` messages the cards show left out, and
   * "Revert this turn" on the last agent message of each turn that edited.
   */
  views(messages: IChatMessage[], agentWorking: boolean): IChatMessageView[] {
    const { trans } = this._options;
    const results = new Map<string, IChatMessage>();
    for (const message of messages) {
      if (message.role === 'tool' && message.toolCallId) {
        results.set(message.toolCallId, message);
      }
    }
    const shown = new Set<string>();
    const context = this._context();
    const ends = turnEnds(messages);
    const out: IChatMessageView[] = [];
    messages.forEach((message, index) => {
      if (message.role === 'tool' && shown.has(message.toolCallId ?? '')) {
        return;
      }
      const view: IChatMessageView = {
        id: message.id,
        role: message.role,
        author: message.author,
        body: message.body,
        time: message.time,
        streaming: message.status === 'streaming',
        reasoning: message.reasoning,
        reasoningMs: message.reasoningMs,
        attachments: message.attachments?.map(a => a.label)
      };
      if (message.toolCalls?.length) {
        // Only the turn still going can have calls running.
        const working = agentWorking && this._inLastTurn(messages, index);
        view.toolCalls = message.toolCalls.map(call => {
          shown.add(call.id);
          const result = results.get(call.id);
          const status = toolCallStatus(result?.body, working);
          const edit = result?.toolEdit;
          const words = describeToolCall({
            call,
            result: result?.body,
            edit,
            status,
            position: id => context.position(id),
            trans: (text, ...args) => trans.__(text, ...args)
          });
          const review = this._review(edit, context);
          const card: IToolCallCardView = {
            id: call.id,
            name: call.name,
            status,
            summary: words.summary,
            review,
            canShow:
              !!words.cellId &&
              (context.position(words.cellId) !== null ||
                context.changed(words.cellId)),
            arguments: call.arguments
          };
          if (words.error) {
            card.error = words.error;
          }
          if (result) {
            card.result = result.body;
          }
          return card;
        });
      }
      if (ends.has(message.id)) {
        view.revert = {
          enabled:
            !agentWorking &&
            this._revertible(this._turnEdits(messages, message.id, context))
        };
      }
      out.push(view);
    });
    return out;
  }

  /** Do what a card's button asks. */
  act(messageId: string, callId: string, action: ToolCardAction): void {
    const { commands } = this._options;
    const messages = this._options.chat.messages;
    const result = messages.find(
      m => m.role === 'tool' && m.toolCallId === callId
    );
    const call = messages
      .find(m => m.id === messageId)
      ?.toolCalls?.find(c => c.id === callId);
    if (!call) {
      return;
    }
    const edit = result?.toolEdit;
    if (action === 'show') {
      const cellId = describeToolCall({
        call,
        result: result?.body,
        edit,
        status: 'done'
      }).cellId;
      if (!cellId) {
        return;
      }
      const changeId = edit?.branchId ? `${edit.branchId}/${cellId}` : null;
      if (changeId && this._context().changed(cellId)) {
        // The Suggestions panel's Show: the cell, or its ghost, marked.
        void commands.execute(CommandIDs.showChange, { changeId });
      } else {
        this._activateCell(cellId);
      }
      return;
    }
    if (!edit?.branchId) {
      return;
    }
    const command =
      action === 'keep' ? CommandIDs.acceptChange : CommandIDs.rejectChange;
    for (const cell of edit.cells) {
      void commands.execute(command, {
        changeId: `${edit.branchId}/${cell.id}`
      });
    }
  }

  /**
   * Revert the turn that ends with a message: reject what it still
   * suggests, and put back, as one step of the notebook's undo, the cells
   * whose changes were already kept (or made directly). Says in the chat
   * what was reverted and what was left as it is.
   */
  revertTurn(messageId: string): void {
    const { trans, chat } = this._options;
    const messages = chat.messages;
    const context = this._context();
    const edits = this._turnEdits(messages, messageId, context);
    const plan = planRevert(edits);
    const notebook = this._notebook;
    const label = (cellId: string) => {
      const n = context.position(cellId);
      return n === null ? trans.__('a new cell') : trans.__('cell %1', n);
    };

    // Suggestions are reviewed per cell: an earlier turn's change to a
    // cell this one still suggests for goes with it. Say so.
    const turn = turnOf(messages, messageId);
    const rejectedCells = new Set(
      plan.reject.map(id => id.slice(id.lastIndexOf('/') + 1))
    );
    const earlier = new Set<string>();
    messages.forEach((message, index) => {
      const edit = message.toolEdit;
      if (
        !edit ||
        !turn ||
        (index >= turn.start && index < turn.end) ||
        this._review(edit, context) !== 'pending'
      ) {
        return;
      }
      edit.cells
        .filter(c => rejectedCells.has(c.id))
        .forEach(c => earlier.add(label(c.id)));
    });

    // Numbered before anything changes, as the user saw them.
    const rejected = plan.reject.map(id =>
      label(id.slice(id.lastIndexOf('/') + 1))
    );
    const manager = this._manager();
    const also: string[] = [];
    for (const changeId of plan.reject) {
      const result = manager?.rejectChange(changeId);
      result?.alsoCellIds.forEach(id => also.push(label(id)));
    }

    const restored: string[] = [];
    const left: string[] = [];
    const steps = plan.restore.map(restore => {
      const cell = notebook.cells.find(c => c.getId() === restore.cellId);
      const now = cell
        ? { source: cell.getSource(), type: cell.cell_type }
        : null;
      return {
        restore,
        step: restoreStep(restore, now),
        name: label(restore.cellId)
      };
    });
    const todo = steps.filter(s => s.step.action !== 'skip');
    if (todo.length) {
      const undo = notebook.undoManager;
      // One transaction with the notebook as origin: one item of the
      // notebook's undo stack, so that Undo brings the whole turn back.
      undo.stopCapturing();
      notebook.transact(() => {
        for (const { restore, step } of todo) {
          const index = notebook.cells.findIndex(
            c => c.getId() === restore.cellId
          );
          if (step.action === 'delete' && index >= 0) {
            notebook.deleteCell(index);
          } else if (step.action === 'insert') {
            notebook.insertCell(Math.min(step.index, notebook.cells.length), {
              id: restore.cellId,
              cell_type: step.type,
              source: step.source,
              metadata: {}
            } as any);
          } else if (step.action === 'source' && index >= 0) {
            const text = notebook.cells[index].ysource;
            const { start, removed, inserted } = toolHelpers.diffRange(
              text.toString(),
              step.source
            );
            if (removed) {
              text.delete(start, removed);
            }
            if (inserted) {
              text.insert(start, inserted);
            }
          }
        }
      }, true);
      undo.stopCapturing();
    }
    for (const { step, name } of steps) {
      if (step.action === 'skip') {
        left.push(
          step.reason === 'changed-since'
            ? trans.__('%1 (changed since)', name)
            : step.reason === 'gone'
              ? trans.__('%1 (no longer there)', name)
              : trans.__('%1 (a move or type change: use Undo)', name)
        );
      } else {
        restored.push(name);
      }
    }

    const parts: string[] = [];
    if (rejected.length) {
      parts.push(
        trans.__('rejected the suggested changes to %1', rejected.join(', '))
      );
    }
    if (also.length) {
      parts.push(
        trans.__(
          'and with them the changes that build on them, to %1',
          [...new Set(also)].join(', ')
        )
      );
    }
    if (earlier.size) {
      parts.push(
        trans.__(
          'which also rejected what an earlier turn suggested for %1',
          [...earlier].join(', ')
        )
      );
    }
    if (restored.length) {
      parts.push(
        trans.__(
          'put %1 back as before the turn (one step: Undo in the notebook brings it back)',
          restored.join(', ')
        )
      );
    }
    let body = parts.length
      ? trans.__('Reverted this turn: %1.', parts.join('; '))
      : trans.__('Nothing of this turn was left to revert.');
    if (left.length) {
      body += ' ' + trans.__('Left as they are: %1.', left.join(', '));
    }
    chat.addMessage({ role: 'notice', author: this._options.author(), body });
  }

  /** Whether reverting these edits would do something. */
  private _revertible(edits: ITurnEdit[]): boolean {
    const plan = planRevert(edits);
    if (plan.reject.length) {
      return true;
    }
    const notebook = this._notebook;
    return plan.restore.some(restore => {
      const cell = notebook.cells.find(c => c.getId() === restore.cellId);
      const now = cell
        ? { source: cell.getSource(), type: cell.cell_type }
        : null;
      return restoreStep(restore, now).action !== 'skip';
    });
  }

  /** The turn's recorded edits with their review states. */
  private _turnEdits(
    messages: IChatMessage[],
    messageId: string,
    context: Private.IContext
  ): ITurnEdit[] {
    const turn = turnOf(messages, messageId);
    return (turn?.calls ?? [])
      .filter(c => c.result?.toolEdit)
      .map(c => ({
        callId: c.call.id,
        edit: c.result!.toolEdit!,
        state: this._review(c.result!.toolEdit, context)
      }));
  }

  private _review(
    edit: IChatMessage['toolEdit'],
    context: Private.IContext
  ): ReviewState | null {
    if (!edit) {
      return null;
    }
    return reviewState(
      edit,
      edit.branchId ? context.branch(edit.branchId) : null,
      id => context.source(id)
    );
  }

  /** Whether a message is in the conversation's last turn. */
  private _inLastTurn(messages: IChatMessage[], index: number): boolean {
    for (let i = index + 1; i < messages.length; i++) {
      if (messages[i].role === 'user') {
        return false;
      }
    }
    return true;
  }

  /** What one rendering reads of the notebook and its suggestions, once. */
  private _context(): Private.IContext {
    const notebook = this._notebook;
    const positions = new Map<string, number>();
    const sources = new Map<string, string>();
    notebook.cells.forEach((cell, i) => {
      positions.set(cell.getId(), i + 1);
      sources.set(cell.getId(), cell.getSource());
    });
    const manager = this._manager();
    const branches = new Map<string, IBranchState | null>();
    const changed = new Set(manager?.changes().map(c => c.cellId) ?? []);
    return {
      position: id => positions.get(id) ?? null,
      source: id => sources.get(id) ?? null,
      changed: id => changed.has(id),
      branch: id => {
        if (!branches.has(id)) {
          branches.set(id, manager?.chainState(id) ?? null);
        }
        return branches.get(id)!;
      }
    };
  }

  private _manager() {
    const { suggestions, panel } = this._options;
    return suggestions?.get(panel)?.manager ?? null;
  }

  private get _notebook(): YNotebook {
    return this._options.panel.context.model.sharedModel as YNotebook;
  }

  /** Make a cell active and scroll to it (no suggestion marks to show). */
  private _activateCell(cellId: string): void {
    const notebook = this._options.panel.content;
    const index = notebook.widgets.findIndex(w => w.model.id === cellId);
    if (index >= 0) {
      notebook.activeCellIndex = index;
      void notebook.scrollToItem(index);
    }
  }

  private _options: ChatToolCards.IOptions;
}

/**
 * The namespace of `ChatToolCards`.
 */
export namespace ChatToolCards {
  /** The options of the cards. */
  export interface IOptions {
    panel: NotebookPanel;
    chat: ChatModel;
    suggestions: ISuggestionsRegistry | null;
    commands: CommandRegistry;
    trans: TranslationBundle;
    /** Who reverts (the notice saying what was reverted is theirs). */
    author: () => IChatAuthor;
  }
}

namespace Private {
  /** What one rendering reads, computed once. */
  export interface IContext {
    /** A cell's 1-based number in the notebook, or null. */
    position(cellId: string): number | null;
    /** A cell's source in the notebook, or null. */
    source(cellId: string): string | null;
    /** Whether some suggestion has a change on the cell. */
    changed(cellId: string): boolean;
    /** Where a branch's chains are in review. */
    branch(branchId: string): IBranchState | null;
  }
}
