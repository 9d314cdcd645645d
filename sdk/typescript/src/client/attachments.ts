import { toBase64 } from '../http/base64.js';
import { segment } from '../http/paths.js';
import type { Download } from '../http/transport.js';
import type { Attachment, RequestOf, ResponseOf } from '../models.js';
import type { CallOptions } from '../options.js';
import { sessionPath } from './sessions.js';
import { WorkspaceMethods } from './workspace.js';

export interface UploadAttachmentOptions {
  /** `type/subtype`; `application/octet-stream` by default. */
  mimeType?: string;
  /** The message (uuid) it belongs to; a message that references it claims it otherwise. */
  messageId?: string;
}

/** A session's attachments: files a message can hand to the model by reference. */
export class AttachmentMethods extends WorkspaceMethods {
  async uploadAttachment(sessionId: string, filename: string, content: Uint8Array | ArrayBuffer | string, options: UploadAttachmentOptions = {}, call?: CallOptions): Promise<Attachment> {
    const body: RequestOf<'uploadAttachment'> = { ...options, filename, content: toBase64(content) };
    const path = `${sessionPath(sessionId)}/attachments`;
    return (await this.http.json<ResponseOf<'uploadAttachment'>>({ method: 'POST', path, body }, call)).attachment;
  }

  /** The session's attachments, oldest first. */
  async listAttachments(sessionId: string, call?: CallOptions): Promise<Attachment[]> {
    const path = `${sessionPath(sessionId)}/attachments`;
    return (await this.http.json<ResponseOf<'listAttachments'>>({ method: 'GET', path }, call)).attachments;
  }

  /** An attachment's bytes, with its stored type and file name. */
  downloadAttachment(attachmentId: string, call?: CallOptions): Promise<Download> {
    return this.http.bytes({ method: 'GET', path: attachmentPath(attachmentId) }, call);
  }

  deleteAttachment(attachmentId: string, call?: CallOptions): Promise<void> {
    return this.http.empty({ method: 'DELETE', path: attachmentPath(attachmentId) }, call);
  }
}

function attachmentPath(attachmentId: string): string {
  return `/api/attachments/${segment(attachmentId, 'attachment id')}`;
}
