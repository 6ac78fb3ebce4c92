/**
 * A scenario file as YAML: its plain value, its syntax errors, and the line:column of any key
 * path in it, so that every problem found later can point at the exact spot in the file.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair, YAMLError } from 'yaml';
import type { KeyPath, SourcePosition } from '../model/model.ts';
import type { ScenarioIssue } from '../errors.ts';

/** For a key path: the position of the key itself, or of the value it holds. */
export type Anchor = 'key' | 'value';

export interface YamlSource {
  file: string;
  /** the document as plain data; undefined when the file holds no document */
  value: unknown;
  /** syntax errors and warnings, positioned; the value is not to be trusted when there are any */
  syntaxIssues: ScenarioIssue[];
  /**
   * Where `path` stands. A path that leaves the document (a missing key) ends at the deepest
   * node that exists, which for a missing key is the mapping that should hold it.
   */
  locate(path: KeyPath, anchor?: Anchor): SourcePosition;
  /** An issue about the key at `path` (its value, unless `anchor` says the key). */
  issue(path: KeyPath, message: string, anchor?: Anchor): ScenarioIssue;
}

/** Guards against alias bombs ("billion laughs"); a real scenario has no reason for more. */
const MAX_ALIAS_COUNT = 100;

export function readYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    // the parser itself gave up (a stack overflow on absurd nesting): still a positioned exit 2
    const position = { file, line: 1, column: 1 };
    const issue = { position, path: '', message: `YAML: ${firstLine(String((error as Error).message))}` };
    return {
      file,
      value: undefined,
      syntaxIssues: [issue],
      locate: () => position,
      issue: (_p, m) => ({ ...issue, message: m }),
    };
  }
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(Math.max(0, offset));
    return { file, line: Math.max(1, line), column: Math.max(1, col) };
  };

  // Warnings count too: an unresolved tag would otherwise silently become a different value.
  const syntaxIssues: ScenarioIssue[] = [...doc.errors, ...doc.warnings].map((error) => ({
    position: at(error.pos[0]),
    path: '',
    message: `YAML: ${yamlErrorMessage(error)}`,
  }));

  let value: unknown;
  if (syntaxIssues.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // yaml throws here for alias abuse (too many or unresolvable aliases)
      syntaxIssues.push({ position: at(0), path: '', message: `YAML: ${firstLine(String((error as Error).message))}` });
    }
  }

  const locate = (path: KeyPath, anchor: Anchor = 'value') => at(offsetOf(doc, path, anchor));
  return {
    file,
    value,
    syntaxIssues,
    locate,
    issue: (path, message, anchor) => ({ position: locate(path, anchor), path: formatKeyPath(path), message }),
  };
}

/** `steps[2].target`, `topology.postgres.settings["auto_explain.log_min_duration"]` */
export function formatKeyPath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function yamlErrorMessage(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS')
    return 'a scenario file holds one document: put each scenario after `---` in a file of its own';
  return firstLine(error.message);
}

/** The first line of a parser's message; a stack overflow (thousands of nested levels) said plainly. */
function firstLine(message: string): string {
  if (/Maximum call stack size exceeded/.test(message))
    return 'the document is nested too deeply to read (thousands of levels; a scenario is a few levels deep)';
  return message.split('\n', 1)[0] ?? message;
}

function offsetOf(doc: Document, path: KeyPath, anchor: Anchor): number {
  let node: Node | null | undefined = resolveAlias(doc, doc.contents);
  let offset = node?.range?.[0] ?? 0;
  for (const [i, segment] of path.entries()) {
    const isLast = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item): item is Pair<Node, Node | null> => isPair(item) && keyText(item.key) === String(segment),
      );
      if (!pair) return offset;
      const keyOffset = (pair.key as Node | null)?.range?.[0];
      if (isLast && anchor === 'key' && keyOffset !== undefined) return keyOffset;
      node = resolveAlias(doc, pair.value);
      // `key:` with nothing after it: the key is the best place to point at
      offset = node?.range?.[0] ?? keyOffset ?? offset;
      if (isScalar(node) && node.value === null && keyOffset !== undefined) offset = keyOffset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | null | undefined;
      if (!item) return offset;
      node = resolveAlias(doc, item);
      offset = node?.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function resolveAlias(doc: Document, node: unknown): Node | null {
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? node;
  return (node as Node | null | undefined) ?? null;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}
