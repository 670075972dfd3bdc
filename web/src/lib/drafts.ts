// Long texts are kept on this device while they are written, so a dropped connection or a closed
// tab loses nothing. They are removed once posted, and all of them on sign-out (shared devices).

const PREFIX = 'praxis.draft.';

export type Draft = Record<string, string>;

export function loadDraft(key: string): Draft | null {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' ? (value as Draft) : null;
  } catch {
    return null;
  }
}

/** Saves the draft, or forgets it when every field is empty. Returns whether it is stored. */
export function saveDraft(key: string, draft: Draft): boolean {
  try {
    if (Object.values(draft).every((v) => !v.trim())) {
      localStorage.removeItem(PREFIX + key);
      return false;
    }
    localStorage.setItem(PREFIX + key, JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(key: string): void {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing stored, nothing to clear.
  }
}

export function clearAllDrafts(): void {
  try {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(PREFIX)) localStorage.removeItem(key);
    }
  } catch {
    // Storage unavailable: there are no drafts either.
  }
}
