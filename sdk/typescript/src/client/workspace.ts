import { toBase64 } from '../http/base64.js';
import { filePath } from '../http/paths.js';
import type { Download } from '../http/transport.js';
import type {
  ExecResult, FileContent, FileDeleted, FileListing, FileUpload, FileWritten, QueryOf, RequestOf, ResponseOf, WorkspaceUploaded,
} from '../models.js';
import type { CallOptions } from '../options.js';
import { encodeFiles } from './agents.js';
import { MessageMethods } from './messages.js';
import { sessionPath } from './sessions.js';

export interface ExecOptions {
  /** The command's own limit in milliseconds (1-300,000; the server's default is 30,000). */
  timeout?: number;
}

/** The server's exec limit when none is given, plus room for the answer to come back. */
const EXEC_DEFAULT_MS = 30_000;
const EXEC_MARGIN_MS = 15_000;

/** A session's sandbox: run a command, read and write workspace files, move the whole workspace as tar.gz. */
export class WorkspaceMethods extends MessageMethods {
  /** Runs a shell command in the session's sandbox (outside any turn). */
  exec(sessionId: string, command: string, options: ExecOptions = {}, call: CallOptions = {}): Promise<ExecResult> {
    const body: RequestOf<'exec'> = { command, timeout: options.timeout };
    // The call must outlive the command: its deadline defaults to the command's limit plus a margin.
    const timeoutMs = call.timeoutMs ?? (options.timeout ?? EXEC_DEFAULT_MS) + EXEC_MARGIN_MS;
    return this.http.json({ method: 'POST', path: `${sessionPath(sessionId)}/exec`, body }, { ...call, timeoutMs });
  }

  /** The workspace's files (`includeHidden` defaults to true on the server). */
  getSessionFiles(sessionId: string, query: QueryOf<'getSessionFiles'> = {}, call?: CallOptions): Promise<FileListing> {
    return this.http.json({ method: 'GET', path: `${sessionPath(sessionId)}/files`, query }, call);
  }

  /** A workspace file as UTF-8 text (up to 1 MiB). */
  getSessionFile(sessionId: string, path: string, call?: CallOptions): Promise<FileContent> {
    return this.http.json({ method: 'GET', path: `${sessionPath(sessionId)}/files/${filePath(path)}`, query: { format: 'json' } }, call);
  }

  /** A workspace file as bytes. */
  downloadSessionFile(sessionId: string, path: string, call?: CallOptions): Promise<Download> {
    return this.http.bytes({ method: 'GET', path: `${sessionPath(sessionId)}/files/${filePath(path)}` }, call);
  }

  /** Writes files into the workspace (under `targetPath` when given); one result per file. */
  async writeSessionFiles(sessionId: string, files: FileUpload[], targetPath?: string, call?: CallOptions): Promise<FileWritten[]> {
    const body: RequestOf<'writeSessionFiles'> = { files: encodeFiles(files), targetPath };
    return (await this.http.json<ResponseOf<'writeSessionFiles'>>({ method: 'POST', path: `${sessionPath(sessionId)}/files`, body }, call)).files;
  }

  deleteSessionFile(sessionId: string, path: string, call?: CallOptions): Promise<FileDeleted> {
    return this.http.json({ method: 'DELETE', path: `${sessionPath(sessionId)}/files/${filePath(path)}` }, call);
  }

  /** The whole workspace as tar.gz bytes. */
  async downloadWorkspace(sessionId: string, call?: CallOptions): Promise<Uint8Array> {
    return (await this.http.bytes({ method: 'GET', path: `${sessionPath(sessionId)}/workspace` }, call)).bytes;
  }

  /** Unpacks a tar.gz bundle into the workspace. */
  uploadWorkspace(sessionId: string, bundle: Uint8Array | ArrayBuffer, call?: CallOptions): Promise<WorkspaceUploaded> {
    const body: RequestOf<'uploadWorkspace'> = { bundle: toBase64(bundle) };
    return this.http.json({ method: 'POST', path: `${sessionPath(sessionId)}/workspace`, body }, call);
  }
}
