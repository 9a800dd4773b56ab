/**
 * Just enough of Bicep's syntax to check a template without the Bicep compiler (none can be
 * installed here): comments, single-quoted strings with ${...} interpolation, bracket nesting.
 */
export interface BicepParam {
  name: string;
  type: string;
  hasDefault: boolean;
  secure: boolean;
}

export interface BicepResource {
  symbol: string;
  type: string;
  apiVersion: string;
  /** The resource body, from its opening { to the matching }. */
  body: string;
}

/** The template with comments blanked out (same length, so offsets still line up); throws on unbalanced brackets or strings. */
export function stripComments(text: string): string {
  const out = text.split('');
  const stack: string[] = []; // '{', '[', '(' in code; "'" for a string; '$' for an interpolation inside a string
  const closer: Record<string, string> = { '{': '}', '[': ']', '(': ')' };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const top = stack.at(-1);
    if (top === "'") {
      if (c === '\\') i++;
      else if (c === "'") stack.pop();
      else if (c === '$' && text[i + 1] === '{') (stack.push('$'), i++);
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') out[i++] = ' ';
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`unterminated /* comment at offset ${i}`);
      for (; i < end + 2; i++) if (text[i] !== '\n') out[i] = ' ';
      i--;
      continue;
    }
    if (c === "'") stack.push("'");
    else if (c === '{' || c === '[' || c === '(') stack.push(c);
    else if (c === '}' && top === '$') stack.pop();
    else if (c === '}' || c === ']' || c === ')') {
      const open = stack.pop();
      if (!open || closer[open] !== c) throw new Error(`unbalanced "${c}" at line ${lineOf(text, i)}`);
    }
  }
  if (stack.length) throw new Error(`unclosed "${stack.at(-1)}" at end of template`);
  return out.join('');
}

/** Index just past the bracket that closes the one at `open` (string-aware; the text must be comment-free). */
export function closingIndex(code: string, open: number): number {
  const stack: string[] = [];
  for (let i = open; i < code.length; i++) {
    const c = code[i]!;
    const top = stack.at(-1);
    if (top === "'") {
      if (c === '\\') i++;
      else if (c === "'") stack.pop();
      else if (c === '$' && code[i + 1] === '{') (stack.push('$'), i++);
      continue;
    }
    if (c === "'") stack.push("'");
    else if (c === '{' || c === '[' || c === '(') stack.push(c);
    else if (c === '}' && top === '$') stack.pop();
    else if (c === '}' || c === ']' || c === ')') {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
  }
  throw new Error(`no closing bracket for offset ${open}`);
}

export function params(code: string): BicepParam[] {
  return [...code.matchAll(/^((?:@[\s\S]*?\)\s*\n)*)param\s+(\w+)\s+(\w+)(\s*=)?/gm)].map((m) => ({
    name: m[2]!,
    type: m[3]!,
    hasDefault: !!m[4],
    secure: /@secure\(\)/.test(m[1] ?? ''),
  }));
}

export function resources(code: string): BicepResource[] {
  return [...code.matchAll(/^resource\s+(\w+)\s+'([^'@]+)@([^']+)'\s*=\s*(?:if\s*\([^)]*\)\s*)?\{/gm)].map((m) => {
    const open = m.index! + m[0].length - 1;
    return { symbol: m[1]!, type: m[2]!, apiVersion: m[3]!, body: code.slice(open, closingIndex(code, open)) };
  });
}

export function outputs(code: string): Map<string, string> {
  return new Map([...code.matchAll(/^output\s+(\w+)\s+\w+\s*=\s*(.+)$/gm)].map((m) => [m[1]!, m[2]!.trim()]));
}

/** A `key: value` property's value text, searched anywhere in a body (first match). */
export function property(body: string, key: string): string | undefined {
  return new RegExp(`^\\s*${key.replace(/[$]/g, '\\$')}:\\s*(.+)$`, 'm').exec(body)?.[1]?.trim();
}

/** name -> value expression for each entry of a web app's siteConfig.appSettings array. */
export function appSettings(body: string): Map<string, string> {
  const start = /appSettings:\s*\[/.exec(body);
  if (!start) return new Map();
  const open = start.index + start[0].length - 1;
  const array = body.slice(open, closingIndex(body, open));
  return new Map([...array.matchAll(/\{\s*name:\s*'([^']+)'\s*value:\s*([^\n]+?)\s*\n\s*\}/g)].map((m) => [m[1]!, m[2]!]));
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
