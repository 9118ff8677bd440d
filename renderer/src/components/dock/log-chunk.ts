// One chunk of log lines as DOM text. A functional component: a full chunk never
// changes, so Vue skips it when its props are the same, and only the chunk being
// appended to re-renders.
import { h, type FunctionalComponent, type VNode } from 'vue';
import type { LogChunk, LogLine } from './log-buffer.ts';

interface Props {
  chunk: LogChunk;
  /** Bumped for the chunk being appended to; the same for the others. */
  version: number;
  timestamps: boolean;
  query: string;
  /** Index of the line holding the current search hit, or -1. */
  current: number;
}

function highlighted(text: string, needle: string): (string | VNode)[] {
  if (!needle) return [text];
  const parts: (string | VNode)[] = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(h('mark', text.slice(at, at + needle.length)));
    from = at + needle.length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

function lineNode(line: LogLine, props: Props, needle: string, index: number): VNode {
  const children: (string | VNode)[] = [];
  if (props.timestamps && line.time) children.push(h('span', { class: 'time' }, `${line.time} `));
  if (line.source) children.push(h('span', { class: 'source', style: { color: `hsl(${line.hue ?? 0} 70% 50%)` } }, `${line.source} `));
  children.push(...highlighted(line.text, needle));
  return h('div', { class: index === props.current ? 'line current' : 'line', 'data-current': index === props.current ? '' : undefined }, children);
}

export const LogChunkView: FunctionalComponent<Props> = (props) => {
  const needle = props.query.toLowerCase();
  return h('div', { class: 'chunk', style: { containIntrinsicSize: `auto ${props.chunk.lines.length * 18}px` } },
    props.chunk.lines.map((line, index) => lineNode(line, props, needle, index)));
};
LogChunkView.props = ['chunk', 'version', 'timestamps', 'query', 'current'];
