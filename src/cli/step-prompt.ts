/**
 * `--step`: before each step, what comes next (its number, title and line) and the cluster as it
 * stands, then a wait for Enter — `c` runs the rest without stopping; Ctrl-C stops the drill and
 * removes its containers as always. Reads lines, so it works in a terminal, in tmux (send-keys)
 * and from a pipe; a closed stdin runs the rest.
 */
import readline from 'node:readline';

export interface StepPrompt {
  beforeStep(next: { number: number; title: string; line: number; state: string[] }): Promise<void>;
  close(): void;
}

export function stepPrompt(
  input: NodeJS.ReadableStream = process.stdin,
  say: (text: string) => void = (text) => process.stderr.write(text),
): StepPrompt {
  const rl = readline.createInterface({ input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  let running = false;
  return {
    async beforeStep(next) {
      if (running) return;
      say(
        [
          '',
          `⏸ next: step ${next.number}: ${next.title} (line ${next.line})`,
          ...next.state.map((l) => `  ${l}`),
          '  Enter: run it · c + Enter: run the rest without stopping · Ctrl-C: stop the drill',
          '',
        ].join('\n'),
      );
      const { value, done } = await lines.next();
      if (done || String(value).trim().toLowerCase() === 'c') running = true;
    },
    close: () => rl.close(),
  };
}
