// The documents open in the editor, by canonical URI (see canonicalUri), with every spelling of
// the URI the client opened them under (`file:///w/same.md` and `file:///w/%73ame.md` are one
// file): closing one spelling keeps the document open while another is still open.

export interface Spelling {
  /** The URI as the client spelled it (diagnostics and edits go back under it). */
  uri: string;
  /** The version the client gave with its last open or change under this spelling. */
  version: number;
}

export class OpenDocuments {
  /** Canonical URI → its open spellings, the most recently used last. */
  private readonly docs = new Map<string, Spelling[]>();

  /** An open under `clientUri` (canonical `uri`). */
  open(uri: string, clientUri: string, version: number): void {
    const l = (this.docs.get(uri) ?? []).filter((s) => s.uri !== clientUri);
    l.push({ uri: clientUri, version });
    this.docs.set(uri, l);
  }

  /** A change under `clientUri`: records its version; false when that spelling is not open. */
  changed(uri: string, clientUri: string, version: number): boolean {
    const l = this.docs.get(uri);
    const i = l ? l.findIndex((s) => s.uri === clientUri) : -1;
    if (!l || i < 0) return false;
    const [s] = l.splice(i, 1);
    s.version = version;
    l.push(s);
    return true;
  }

  /** A close under `clientUri`; true when no spelling of the document is open any more. */
  close(uri: string, clientUri: string): boolean {
    const l = this.docs.get(uri);
    if (!l) return true;
    const kept = l.filter((s) => s.uri !== clientUri);
    if (kept.length > 0) {
      this.docs.set(uri, kept);
      return false;
    }
    this.docs.delete(uri);
    return true;
  }

  has(uri: string): boolean {
    return this.docs.has(uri);
  }

  /** The open spellings of a document (none when closed). */
  spellings(uri: string): readonly Spelling[] {
    return this.docs.get(uri) ?? [];
  }

  /** The spelling last used by the client (the canonical URI when not open). */
  clientUri(uri: string): string {
    const l = this.docs.get(uri);
    return l ? l[l.length - 1].uri : uri;
  }

  keys(): IterableIterator<string> {
    return this.docs.keys();
  }
}
