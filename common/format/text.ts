/**
 * A sentence as a phrase to quote or put in brackets: "Keepalive for Host db: off." ->
 * "Keepalive for Host db: off". Only the closing full stop goes; the words are never read.
 */
export function asPhrase(sentence: string): string {
  const trimmed = sentence.trimEnd();
  return trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
}
