/**
 * Small HTML builders for the text web part of Upgrade Desk's pages. Every text is escaped: what
 * people typed (highlights, runbook steps, freeze messages) never becomes markup.
 */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export const paragraph = (text: string) => `<p>${escapeHtml(text)}</p>`;

export const heading = (text: string, level: 2 | 3 = 2) => `<h${level}>${escapeHtml(text)}</h${level}>`;

/** A list of texts; '' when there are none (the section is left out). */
export function list(items: readonly string[], ordered = false): string {
  const shown = items.filter((i) => i.trim() !== '');
  if (shown.length === 0) return '';
  const tag = ordered ? 'ol' : 'ul';
  return `<${tag}>${shown.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</${tag}>`;
}

/** A heading and its list, or '' when the list is empty. */
export const section = (title: string, items: readonly string[], ordered = false) => {
  const body = list(items, ordered);
  return body ? heading(title) + body : '';
};

/** A link, only for http(s) addresses (anything else, e.g. `javascript:`, is shown as text). */
export function link(href: string, text: string): string {
  let ok = false;
  try {
    ok = ['https:', 'http:'].includes(new URL(href).protocol);
  } catch {
    ok = false;
  }
  return ok ? `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>` : escapeHtml(`${text}: ${href}`);
}
