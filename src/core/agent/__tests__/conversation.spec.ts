import type { IChatMessage } from '../../chat/types';
import { conversationFor } from '../conversation';

const ada = { id: 'agent:Ada', name: 'Ada', color: '#111' };
const bob = { id: 'agent:Bob', name: 'Bob', color: '#222' };
const pat = { id: 'pat', name: 'Pat', color: '#333' };

let n = 0;
function message(
  author: IChatMessage['author'],
  role: IChatMessage['role'],
  body: string,
  extra: Partial<IChatMessage> = {}
): IChatMessage {
  n += 1;
  return { id: `m${n}`, author, role, body, time: n, status: 'done', ...extra };
}

describe('conversationFor', () => {
  it("keeps people's and its own messages, and turns other agents' replies into named user messages", () => {
    const messages = [
      message(pat, 'user', '@Ada document f'),
      message(ada, 'assistant', '', {
        toolCalls: [{ id: 'c1', name: 'edit_cell', arguments: '{}' }]
      }),
      message(ada, 'tool', '{"ok":true}', { toolCallId: 'c1' }),
      message(bob, 'assistant', '', {
        toolCalls: [{ id: 'c2', name: 'edit_cell', arguments: '{}' }]
      }),
      message(bob, 'tool', '{"ok":true}', { toolCallId: 'c2' }),
      message(bob, 'assistant', 'I documented g.'),
      message(bob, 'notice', 'Stopped.'),
      message(pat, 'user', '@Bob and h?'),
      message(pat, 'user', 'thanks all')
    ];
    const view = conversationFor(messages, 'agent:Ada', 'Ada');
    expect(view.map(m => [m.role, m.author.name, m.body])).toEqual([
      ['user', 'Pat', '@Ada document f'],
      ['assistant', 'Ada', ''],
      ['tool', 'Ada', '{"ok":true}'],
      [
        'user',
        'Bob',
        '(Bob, another agent in this chat, wrote:)\nI documented g.'
      ],
      [
        'user',
        'Pat',
        '(Pat wrote this to someone else, not to you:)\n@Bob and h?'
      ],
      ['user', 'Pat', 'thanks all']
    ]);
    expect(view[1].toolCalls).toHaveLength(1);
  });
});
