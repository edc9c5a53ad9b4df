// JSON.parse gives values without positions; these helpers recover the source
// lines that validation errors should point at.

export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Position of a JSON.parse failure. Engines word it differently: V8 says
 * "at position N" (newer versions add "(line L column C)"), SpiderMonkey says
 * "at line L column C of the JSON data".
 */
export function jsonErrorPosition(message: string, text: string): { line: number; column: number } | null {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (pos) return lineColumnAt(text, Number(pos[1]));
  if (/Unexpected end of JSON input/i.test(message)) return lineColumnAt(text, text.length);
  return null;
}

/**
 * Line where each element of the top-level `rules` array starts, in order.
 * Assumes `text` is valid JSON (call after JSON.parse succeeded).
 */
export function ruleElementLines(text: string): number[] {
  const lines: number[] = [];
  // One entry per open container: is it the top-level rules array?
  const stack: boolean[] = [];
  let line = 1;
  let lastKey: string | null = null;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') { line++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    const inRules = stack.length === 2 && stack[1];
    if (inRules && expectElement && c !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (stack.length === 1) lastKey = text.slice(i + 1, j);
      i = j;
    } else if (c === '{' || c === '[') {
      const isRules = c === '[' && stack.length === 1 && lastKey === 'rules';
      stack.push(isRules);
      if (isRules) expectElement = true;
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',' && inRules) {
      expectElement = true;
    }
  }
  return lines;
}
