import { apiKeyFromEnv, parseAgentArgs, UsageError } from '../options';

const required = [
  '--server',
  'http://127.0.0.1:8888',
  '--notebook',
  'dir/nb.ipynb',
  '--model-url',
  'http://127.0.0.1:8911/v1',
  '--model',
  'qwen',
  '--name',
  'Ada'
];

describe('parseAgentArgs', () => {
  it('reads the documented options', () => {
    const command = parseAgentArgs(
      [
        ...required,
        '--color',
        '#00aa00',
        '--token',
        'tok',
        '--prompt',
        'document f',
        '--exit-after-prompt'
      ],
      {}
    );
    expect(command).toMatchObject({
      server: 'http://127.0.0.1:8888',
      notebook: 'dir/nb.ipynb',
      modelUrl: 'http://127.0.0.1:8911/v1',
      model: 'qwen',
      name: 'Ada',
      color: '#00aa00',
      token: 'tok',
      prompt: 'document f',
      exitAfterPrompt: true,
      editMode: 'suggest',
      saveChat: true,
      answerUnaddressed: false
    });
  });

  it('defaults the colour, and the token from JUPYTER_TOKEN', () => {
    const command = parseAgentArgs(required, { JUPYTER_TOKEN: 'from-env' });
    expect(command.color).toBe('#7b61ff');
    expect(command.token).toBe('from-env');
    expect(command.prompt).toBeNull();
    expect(
      parseAgentArgs([...required, '--token', 'x'], {
        JUPYTER_TOKEN: 'from-env'
      }).token
    ).toBe('x');
  });

  it('takes --option=value too, and the extra options', () => {
    const command = parseAgentArgs(
      [
        ...required,
        '--edit-mode=direct',
        '--max-steps',
        '3',
        '--temperature=0',
        '--no-save-chat',
        '--answer-unaddressed'
      ],
      {}
    );
    expect(command).toMatchObject({
      editMode: 'direct',
      maxSteps: 3,
      temperature: 0,
      saveChat: false,
      answerUnaddressed: true
    });
  });

  it('names what is missing or wrong', () => {
    expect(() => parseAgentArgs(['--server', 'http://x'], {})).toThrow(
      'missing --notebook, --model-url, --model, --name'
    );
    expect(() => parseAgentArgs([...required, '--bogus'], {})).toThrow(
      'unknown option --bogus'
    );
    expect(() => parseAgentArgs([...required, 'stray'], {})).toThrow(
      'unexpected argument stray'
    );
    expect(() => parseAgentArgs([...required, '--color'], {})).toThrow(
      '--color needs a value'
    );
    expect(() =>
      parseAgentArgs([...required, '--exit-after-prompt'], {})
    ).toThrow('--exit-after-prompt needs --prompt');
    expect(() =>
      parseAgentArgs(
        required.map(a => (a === 'http://127.0.0.1:8888' ? '127.0.0.1' : a)),
        {}
      )
    ).toThrow('--server must be an http(s) URL');
    expect(() => parseAgentArgs([...required, '--max-steps', '0'], {})).toThrow(
      UsageError
    );
    expect(() => parseAgentArgs([...required, '--name', '@Ada'], {})).toThrow(
      'without @'
    );
  });

  it('asks for nothing else with --help', () => {
    expect(parseAgentArgs(['--help'], {}).help).toBe(true);
    expect(parseAgentArgs(['-h'], {}).help).toBe(true);
  });

  it('has no option for the API key: it comes from the environment', () => {
    expect(() => parseAgentArgs([...required, '--api-key', 'sk'], {})).toThrow(
      'unknown option --api-key'
    );
    expect(
      apiKeyFromEnv({ COAUTHOR_API_KEY: ' sk-1 ', OPENAI_API_KEY: 'x' })
    ).toBe('sk-1');
    expect(apiKeyFromEnv({ OPENAI_API_KEY: 'sk-2' })).toBe('sk-2');
    expect(apiKeyFromEnv({})).toBe('');
  });
});
