import {
  type ReplyOf,
  type RequestOf,
  type assignCase,
  type caseStatistics,
  type matchPersons,
  type closeCase,
  type createPerson,
  type createCase,
  type getCase,
  type listReferenceEntries,
  type rejectCase,
  type reopenCase,
  type searchCases,
  type submitCase,
  type updateCase,
  type validateCase,
  type countUnreadNotifications,
  type createRule,
  type deleteRule,
  type disableRule,
  type enableRule,
  type getNotificationPreferences,
  type listNotifications,
  type listRules,
  type markAllNotificationsRead,
  type markNotificationRead,
  type setNotificationPreferences,
  type addConversationMembers,
  type Attachment,
  type createConversation,
  type getConversation,
  type listConversations,
  type listMessages,
  type markConversationRead,
  type postMessage,
  type removeConversationMember,
  type CasePhoto,
  type CasePhotoKind,
  type listCasePhotos,
} from '@opencen/contracts';
import { problemOf } from './problem';

type Query = Record<string, string | number | boolean | undefined>;

interface Call {
  method?: 'GET' | 'POST' | 'PUT';
  query?: Query;
  body?: unknown;
  ifMatch?: number;
  /** Why the officer looks personal data up (`OpenCEN-Purpose`, kept in the audit trail). */
  purpose?: string;
  /** The same key on a repeated request lets the API answer it once (`Idempotency-Key`). */
  idempotencyKey?: string;
}

/**
 * The gateway's REST API, typed by the contracts: requests are the contracts' inputs, replies
 * their outputs. Every call sends the bearer token and the user's language; a failure throws an
 * {@link ApiProblem}.
 */
export class ApiClient {
  constructor(
    private readonly token: () => string | undefined,
    private readonly language: () => string,
    private readonly base = '/api/v1',
  ) {}

  /** Sends a request with the token and the language; a failure throws an {@link ApiProblem}. */
  private async send(
    path: string,
    {
      method = 'GET',
      query,
      body,
      ifMatch,
      purpose,
      idempotencyKey,
      form,
    }: Call & { form?: FormData } = {},
  ): Promise<Response> {
    const url = new URL(`${this.base}${path}`, window.location.origin);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    const headers = new Headers({ accept: 'application/json' });
    headers.set('accept-language', this.language());
    const token = this.token();
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (body !== undefined) headers.set('content-type', 'application/json');
    if (ifMatch !== undefined) headers.set('if-match', `"${ifMatch}"`);
    // Percent-encoded: a header carries Latin-1 only, the purpose may be in any language.
    if (purpose) headers.set('opencen-purpose', encodeURIComponent(purpose));
    if (idempotencyKey) headers.set('idempotency-key', idempotencyKey);
    // A form sets its own multipart content type (with its boundary).
    const response = await fetch(url, {
      method,
      headers,
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    if (!response.ok) throw await problemOf(response);
    return response;
  }

  private async call<T>(path: string, call: Call = {}) {
    return (await (await this.send(path, call)).json()) as T;
  }

  referenceEntries(
    list: RequestOf<typeof listReferenceEntries>['list'],
    query: Omit<RequestOf<typeof listReferenceEntries>, 'list' | 'language'> = {},
  ) {
    return this.call<ReplyOf<typeof listReferenceEntries>>(`/reference/${list}`, {
      query: query as Query,
    });
  }

  /** Records a case; `idempotencyKey` makes a repeated send (a retry, a queued draft) count once. */
  createCase(request: RequestOf<typeof createCase>, idempotencyKey?: string) {
    return this.call<ReplyOf<typeof createCase>>('/cases', {
      method: 'POST',
      body: request,
      idempotencyKey,
    });
  }

  updateCase({ id, version, draft }: RequestOf<typeof updateCase>) {
    return this.call<ReplyOf<typeof updateCase>>(`/cases/${encodeURIComponent(id)}`, {
      method: 'PUT',
      body: draft,
      ifMatch: version,
    });
  }

  getCase({ id }: RequestOf<typeof getCase>) {
    return this.call<ReplyOf<typeof getCase>>(`/cases/${encodeURIComponent(id)}`);
  }

  searchCases(request: RequestOf<typeof searchCases>) {
    return this.call<ReplyOf<typeof searchCases>>('/cases', { query: request as Query });
  }

  caseStatistics(request: RequestOf<typeof caseStatistics>) {
    return this.call<ReplyOf<typeof caseStatistics>>('/cases/statistics', {
      query: request as Query,
    });
  }

  matchPersons(request: RequestOf<typeof matchPersons>, purpose: string) {
    return this.call<ReplyOf<typeof matchPersons>>('/persons/match', {
      method: 'POST',
      body: request,
      purpose,
    });
  }

  createPerson(request: RequestOf<typeof createPerson>) {
    return this.call<ReplyOf<typeof createPerson>>('/persons', {
      method: 'POST',
      body: request,
    });
  }

  transition(
    action: 'submit' | 'validate' | 'reject' | 'close' | 'reopen' | 'assign',
    request:
      | RequestOf<typeof submitCase>
      | RequestOf<typeof validateCase>
      | RequestOf<typeof rejectCase>
      | RequestOf<typeof closeCase>
      | RequestOf<typeof reopenCase>
      | RequestOf<typeof assignCase>,
  ) {
    const { id, version, ...body } = request;
    return this.call<ReplyOf<typeof submitCase>>(`/cases/${encodeURIComponent(id)}/${action}`, {
      method: 'POST',
      body,
      ifMatch: version,
    });
  }

  listNotifications(request: Partial<RequestOf<typeof listNotifications>>) {
    return this.call<ReplyOf<typeof listNotifications>>('/notifications', {
      query: request as Query,
    });
  }

  countUnreadNotifications() {
    return this.call<ReplyOf<typeof countUnreadNotifications>>('/notifications/unread-count');
  }

  markNotificationRead({ id }: RequestOf<typeof markNotificationRead>) {
    return this.call<ReplyOf<typeof markNotificationRead>>(
      `/notifications/${encodeURIComponent(id)}/read`,
      { method: 'POST', body: {} },
    );
  }

  markAllNotificationsRead() {
    return this.call<ReplyOf<typeof markAllNotificationsRead>>('/notifications/read-all', {
      method: 'POST',
      body: {},
    });
  }

  notificationPreferences() {
    return this.call<ReplyOf<typeof getNotificationPreferences>>('/notifications/preferences');
  }

  setNotificationPreferences(request: RequestOf<typeof setNotificationPreferences>) {
    return this.call<ReplyOf<typeof setNotificationPreferences>>('/notifications/preferences', {
      method: 'PUT',
      body: request,
    });
  }

  /** The live stream's address: EventSource cannot send headers, so the token rides in the query. */
  notificationStreamUrl(): string {
    const url = new URL(`${this.base}/notifications/stream`, window.location.origin);
    const token = this.token();
    if (token) url.searchParams.set('access_token', token);
    return url.toString();
  }

  createRule(request: RequestOf<typeof createRule>) {
    return this.call<ReplyOf<typeof createRule>>('/rules', { method: 'POST', body: request });
  }

  listRules(request: Partial<RequestOf<typeof listRules>> = {}) {
    return this.call<ReplyOf<typeof listRules>>('/rules', { query: request as Query });
  }

  /** Enables, disables or deletes one of my rules at its version (If-Match). */
  changeRule(
    action: 'enable' | 'disable' | 'delete',
    {
      id,
      version,
    }: RequestOf<typeof enableRule> | RequestOf<typeof disableRule> | RequestOf<typeof deleteRule>,
  ) {
    return this.call<ReplyOf<typeof enableRule> | ReplyOf<typeof deleteRule>>(
      `/rules/${encodeURIComponent(id)}/${action}`,
      { method: 'POST', body: {}, ifMatch: version },
    );
  }

  createConversation(request: RequestOf<typeof createConversation>) {
    return this.call<ReplyOf<typeof createConversation>>('/conversations', {
      method: 'POST',
      body: request,
    });
  }

  listConversations(request: Partial<RequestOf<typeof listConversations>> = {}) {
    return this.call<ReplyOf<typeof listConversations>>('/conversations', {
      query: request as Query,
    });
  }

  getConversation({ id }: RequestOf<typeof getConversation>) {
    return this.call<ReplyOf<typeof getConversation>>(`/conversations/${encodeURIComponent(id)}`);
  }

  addConversationMembers({ id, members }: RequestOf<typeof addConversationMembers>) {
    return this.call<ReplyOf<typeof addConversationMembers>>(
      `/conversations/${encodeURIComponent(id)}/members`,
      { method: 'POST', body: { members } },
    );
  }

  removeConversationMember({ id, member }: RequestOf<typeof removeConversationMember>) {
    return this.call<ReplyOf<typeof removeConversationMember>>(
      `/conversations/${encodeURIComponent(id)}/members/${encodeURIComponent(member)}/remove`,
      { method: 'POST', body: {} },
    );
  }

  markConversationRead({ id, upTo }: RequestOf<typeof markConversationRead>) {
    return this.call<ReplyOf<typeof markConversationRead>>(
      `/conversations/${encodeURIComponent(id)}/read`,
      { method: 'POST', body: { upTo } },
    );
  }

  listMessages({
    conversationId,
    ...query
  }: Partial<RequestOf<typeof listMessages>> & {
    conversationId: string;
  }) {
    return this.call<ReplyOf<typeof listMessages>>(
      `/conversations/${encodeURIComponent(conversationId)}/messages`,
      { query: query as Query },
    );
  }

  postMessage({ conversationId, ...body }: RequestOf<typeof postMessage>) {
    return this.call<ReplyOf<typeof postMessage>>(
      `/conversations/${encodeURIComponent(conversationId)}/messages`,
      { method: 'POST', body },
    );
  }

  /** Uploads a file to attach (multipart: the field `name`, then the part `file`, streamed). */
  uploadAttachment(conversationId: string, file: File) {
    const form = new FormData();
    form.append('name', file.name);
    form.append('file', file, file.name);
    return this.send(`/conversations/${encodeURIComponent(conversationId)}/attachments`, {
      method: 'POST',
      form,
    }).then((response) => response.json() as Promise<Attachment>);
  }

  /** An attachment's bytes (the bearer token is needed, so no plain link can fetch it). */
  async downloadAttachment(conversationId: string, attachmentId: string): Promise<Blob> {
    const response = await this.send(
      `/conversations/${encodeURIComponent(conversationId)}/attachments/${encodeURIComponent(attachmentId)}`,
    );
    return response.blob();
  }

  listCasePhotos({ caseId }: RequestOf<typeof listCasePhotos>) {
    return this.call<ReplyOf<typeof listCasePhotos>>(`/cases/${encodeURIComponent(caseId)}/photos`);
  }

  /** Uploads a photo to a draft (multipart: `kind` and `caption` first, then the part `file`). */
  uploadCasePhoto(caseId: string, file: File, kind: CasePhotoKind, caption?: string) {
    const form = new FormData();
    form.append('kind', kind);
    if (caption) form.append('caption', caption);
    form.append('file', file, file.name);
    return this.send(`/cases/${encodeURIComponent(caseId)}/photos`, {
      method: 'POST',
      form,
    }).then((response) => response.json() as Promise<CasePhoto>);
  }

  /** A photo's thumbnail, or the photo as uploaded (fetched with the token, so as a blob). */
  async casePhotoImage(caseId: string, photoId: string, size: 'thumbnail' | 'full') {
    const path = `/cases/${encodeURIComponent(caseId)}/photos/${encodeURIComponent(photoId)}`;
    const response = await this.send(size === 'thumbnail' ? `${path}/thumbnail` : path);
    return response.blob();
  }
}
