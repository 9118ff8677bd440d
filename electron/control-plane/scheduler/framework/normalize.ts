// Score normalisation shared by plugins (upstream's plugins/helper/normalize_score.go).
import { MAX_NODE_SCORE, type NodeScore } from './types.ts';

/**
 * Scales scores so the highest becomes MAX_NODE_SCORE; `reverse` then flips them so
 * that the lowest raw score wins (used where a raw score counts something bad).
 */
export function defaultNormalizeScore(scores: NodeScore[], reverse: boolean): void {
  const max = scores.reduce((m, s) => Math.max(m, s.score), 0);
  if (max === 0) {
    if (reverse) for (const s of scores) s.score = MAX_NODE_SCORE;
    return;
  }
  for (const s of scores) {
    s.score = Math.trunc((MAX_NODE_SCORE * s.score) / max);
    if (reverse) s.score = MAX_NODE_SCORE - s.score;
  }
}

/** Maps [min, max] onto [0, MAX_NODE_SCORE]; all-equal scores become 0. */
export function minMaxNormalizeScore(scores: NodeScore[]): void {
  if (scores.length === 0) return;
  const min = Math.min(...scores.map((s) => s.score));
  const max = Math.max(...scores.map((s) => s.score));
  const diff = max - min;
  for (const s of scores) s.score = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (s.score - min)) / diff) : 0;
}
