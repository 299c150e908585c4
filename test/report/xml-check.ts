/**
 * A small well-formedness check for the JUnit output (no XML parser is installed): one root,
 * balanced tags, quoted attributes, known entities, no raw `<` or `&` in text.
 */
export function checkXml(xml: string): { root: string; elements: { name: string; attrs: Record<string, string> }[] } {
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const elements: { name: string; attrs: Record<string, string> }[] = [];
  let root = '';
  const entity = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
  const checkText = (text: string): void => {
    if (/[<>]/.test(text) || /&/.test(text.replace(entity, ''))) throw new Error(`raw markup in text: ${text.slice(0, 60)}`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) throw new Error('control character in XML');
  };
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    if (lt < 0) {
      checkText(rest);
      if (rest.trim()) throw new Error('text after the root');
      break;
    }
    checkText(rest.slice(0, lt));
    rest = rest.slice(lt);
    const close = /^<\/([A-Za-z][\w.-]*)\s*>/.exec(rest);
    if (close) {
      if (stack.pop() !== close[1]) throw new Error(`unbalanced </${close[1]}>`);
      rest = rest.slice(close[0].length);
      continue;
    }
    const open = /^<([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*="[^"<]*")*)\s*(\/?)>/.exec(rest);
    if (!open) throw new Error(`bad tag at: ${rest.slice(0, 60)}`);
    const name = open[1] ?? '';
    const attrs: Record<string, string> = {};
    for (const m of (open[2] ?? '').matchAll(/([A-Za-z][\w.-]*)="([^"]*)"/g)) {
      checkText(m[2] ?? '');
      if ((m[1] ?? '') in attrs) throw new Error(`duplicate attribute ${m[1]}`);
      attrs[m[1] ?? ''] = m[2] ?? '';
    }
    if (stack.length === 0) {
      if (root) throw new Error('two roots');
      root = name;
    }
    elements.push({ name, attrs });
    if (open[3] !== '/') stack.push(name);
    rest = rest.slice(open[0].length);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return { root, elements };
}
