const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Escapes text for HTML element content and quoted attribute values: `& < > " ' \``
 * become entities, so user text (reasons, names, typed commands) can never open a tag,
 * close an attribute or start markup. It does not make text safe inside `<script>`,
 * `<style>`, unquoted attributes or URLs: put user text in none of those.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}
