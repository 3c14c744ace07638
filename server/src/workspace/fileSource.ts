// Where the workspace's files come from: the disk under Node, the client (vscode.workspace.fs)
// in the browser. Everything in workspace/ that reads files goes through this interface, so the
// model, workspace and features code is the same in both hosts. URIs are canonical (see
// canonicalUri); folders are URIs without a trailing slash.

export interface FileEntry {
  /** The entry's base name (decoded). */
  name: string;
  /** Its URI: the folder's URI, `/`, the encoded name. */
  uri: string;
  isFile: boolean;
  isDirectory: boolean;
}

export interface FileStat {
  size: number;
  /** Last modification, in milliseconds since the epoch. */
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
}

export interface FileSource {
  /** The entries of a folder (not recursive), or [] when it cannot be listed. */
  list(folderUri: string): Promise<FileEntry[]>;
  /** What the file is, or null when it does not exist or cannot be read. */
  stat(uri: string): Promise<FileStat | null>;
  /**
   * The file's bytes, or null when it is not a regular file, cannot be read, or is larger than
   * `maxBytes`. Implementations check the opened file (not only the name a folder listing gave):
   * a path that turned into a FIFO, socket or device answers null without blocking.
   */
  read(uri: string, maxBytes: number): Promise<Uint8Array | null>;
}
