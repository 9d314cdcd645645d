/**
 * The API's objects, named for what they are. Every type here is taken from the types generated out of
 * docs/openapi.json (src/generated/openapi.ts), so when the contract moves, the SDK stops compiling.
 */
import type { components, operations } from './generated/openapi.js';

type Schemas = components['schemas'];

/** An operation id of docs/openapi.json. */
export type OperationId = keyof operations;

type SuccessContent<R> = R extends { 200: { content: infer C } } ? C : R extends { 201: { content: infer C } } ? C : never;

/** The JSON body of an operation's success answer (200 or 201). */
export type ResponseOf<Op extends OperationId> =
  SuccessContent<operations[Op]['responses']> extends { 'application/json': infer B } ? B : never;

/** The JSON body an operation takes. */
export type RequestOf<Op extends OperationId> =
  operations[Op] extends { requestBody: { content: { 'application/json': infer B } } } ? B
    : operations[Op] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** The query parameters an operation takes. */
export type QueryOf<Op extends OperationId> = NonNullable<operations[Op]['parameters']['query']>;

export type Health = Schemas['HealthResponse'];

export type Agent = Schemas['AgentDto'];
export type AgentVersion = Schemas['AgentVersionDto'];
export type AgentConfig = Schemas['JsonObject'];
export type AgentFileContent = Schemas['AgentFileContentResponse'];
export type AgentFilesWritten = Schemas['AgentFilesWrittenResponse'];
export type AgentFileDeleted = Schemas['AgentFileDeletedResponse'];
export type VersionActivated = Schemas['VersionActivatedResponse'];

/** One of a session's statuses (the `status` field of {@link Session}). */
export type SessionStatus = 'starting' | 'active' | 'paused' | 'stopped' | 'ended' | 'error';
export type Session = Schemas['SessionDto'];
export type SessionConfig = Schemas['SessionConfigDto'];
export type SessionPage = ResponseOf<'listSessions'>;

/** A stored conversation message (`content` is a JSON string). */
export type Message = Schemas['MessageDto'];
/** An entry of the session's timeline (`GET …/events`), Ash's vocabulary. */
export type TimelineEvent = Schemas['TimelineEventDto'];
/** An event of the session's stream log (`GET …/stream/events`): `sequence` is its SSE id. */
export type StreamLogEvent = Schemas['EventDto'];
export type SandboxLogs = Schemas['SandboxLogsResponse'];
export type SandboxLogEntry = Schemas['SandboxLogEntryDto'];

export type ExecResult = Schemas['ExecCommandResponse'];
export type FileEntry = Schemas['FileEntryDto'];
export type FileListing = Schemas['FileListResponse'];
export type FileContent = Schemas['FileContentResponse'];
export type FileDeleted = Schemas['FileDeletedResponse'];
export type FileWritten = Schemas['FileWriteDto'];
export type WorkspaceUploaded = Schemas['WorkspaceUploadResponse'];

export type Attachment = Schemas['AttachmentDto'];

export type Credential = Schemas['CredentialDto'];

export type QueueItem = Schemas['QueueItemDto'];
export type QueuePage = ResponseOf<'listQueueItems'>;
export type QueueStats = Schemas['QueueStatsDto'];

export type UsageEvent = Schemas['UsageEventDto'];
export type UsagePage = ResponseOf<'listUsageEvents'>;
export type UsageStats = Schemas['UsageStatsDto'];
export type Analytics = Schemas['AnalyticsResponse'];

export type Budget = Schemas['BudgetDto'];

export type ApiKey = Schemas['ApiKeyDto'];
export type CreatedApiKey = Schemas['CreatedApiKeyResponse'];

export type Tenant = Schemas['TenantDto'];
export type CreatedTenant = Schemas['CreatedTenantResponse'];
export type DisabledTenant = Schemas['DisabledTenantResponse'];

/** A file to upload: its relative path and its content (text is sent as UTF-8). */
export interface FileUpload {
  path: string;
  content: Uint8Array | ArrayBuffer | string;
}
