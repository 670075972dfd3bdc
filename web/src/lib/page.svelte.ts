// Small page-wide helpers: the document title and polite announcements for screen readers.

export const announcer = $state({ message: '' });

let currentTitle: () => string | null = () => null;

/** The document title; pass a function for interface text, so it follows a language switch. */
export function setTitle(title: string | null | (() => string)): void {
  currentTitle = typeof title === 'function' ? title : () => title;
  refreshTitle();
}

export function refreshTitle(): void {
  const text = currentTitle();
  document.title = text ? `${text} · Praxis` : 'Praxis';
}

/** Says something once through the layout's polite live region. */
export function announce(message: string): void {
  announcer.message = '';
  // A fresh text node after a tick, so repeating the same words is still announced.
  setTimeout(() => (announcer.message = message), 50);
}
