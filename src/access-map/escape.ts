/** A value written into a Markdown table cell: HTML-sensitive characters as entities, pipes escaped, on one line. */
export function escapeMarkdownCell(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

/** A label written into a quoted Mermaid node or edge label: quotes and angle brackets as Mermaid entity codes. */
export function mermaidText(value: string): string {
  return value
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/\r?\n/g, ' ');
}
