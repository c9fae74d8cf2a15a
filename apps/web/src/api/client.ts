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
  type CaseImport,
  type startCaseExport,
  type getCaseExport,
  type getReferenceEntry,
  type createReferenceEntry,
  type updateReferenceEntry,
  type deprecateReferenceEntry,
  type listUsers,
  type createUser,
  type getUser,
  type auditRecordTrail,
  type auditUserActivity,
  type verifyAuditChain,
  type SubjectType,
  type getCaseLinks,
  type getAlert,
  type listAlerts,
  type raiseAlert,
  type updateAlert,
  type withdrawAlert,
  type searchPersons,
  type searchCompanies,
  type searchConveyances,
  type getPerson,
  type getCompany,
  type getConveyance,
  type personHistory,
  type mergePersons,
  type unmergePersons,
  type updatePerson,
  type updateCompany,
  type updateConveyance,
  type createCompany,
  type createConveyance,
  type CasePhoto,
  type CasePhotoKind,
  type listCasePhotos,
} from '@opencen/contracts';
import { problemOf } from './problem';

/** The changes of one user the gateway offers (`/users/:id/<change>`). */
export type UserChange =
  'roles' | 'office' | 'clearance' | 'disable' | 'enable' | 'unlock' | 'reset-password' | 'logout';

type Query = Record<string, string | number | boolean | undefined>;

/** The collection of each kind of subject under `/api/v1`. */
export const SUBJECT_COLLECTIONS: Record<SubjectType, string> = {
  person: 'persons',
  company: 'companies',
  conveyance: 'conveyances',
};

/** A subject as its kind's get answers it (persons, companies, conveyances alike). */
export type SubjectRecord =
  ReplyOf<typeof getPerson> | ReplyOf<typeof getCompany> | ReplyOf<typeof getConveyance>;

/** A search of any kind of subject: the kind's own fields, then the page. */
export type SubjectSearch =
  | RequestOf<typeof searchPersons>
  | RequestOf<typeof searchCompanies>
  | RequestOf<typeof searchConveyances>;

interface Call {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
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

  // Subjects (persons, companies, conveyances): one set of calls for the three kinds, whose
  // routes are the same (the gateway's office-record routes).

  /** A page of a kind's search; the purpose is required (audited). */
  searchSubjects(kind: SubjectType, request: SubjectSearch, purpose: string) {
    return this.call<{ items: SubjectRecord[]; nextCursor?: string }>(
      `/${SUBJECT_COLLECTIONS[kind]}`,
      { query: request as Query, purpose },
    );
  }

  getSubject(kind: SubjectType, { id }: RequestOf<typeof getPerson>) {
    return this.call<SubjectRecord>(`/${SUBJECT_COLLECTIONS[kind]}/${encodeURIComponent(id)}`);
  }

  subjectHistory(kind: SubjectType, { id }: RequestOf<typeof personHistory>) {
    return this.call<ReplyOf<typeof personHistory>>(
      `/${SUBJECT_COLLECTIONS[kind]}/${encodeURIComponent(id)}/history`,
    );
  }

  /** Replaces a subject's details at the version it was read (If-Match). */
  updateSubject(
    kind: SubjectType,
    {
      id,
      version,
      draft,
    }:
      | RequestOf<typeof updatePerson>
      | RequestOf<typeof updateCompany>
      | RequestOf<typeof updateConveyance>,
  ) {
    return this.call<SubjectRecord>(`/${SUBJECT_COLLECTIONS[kind]}/${encodeURIComponent(id)}`, {
      method: 'PUT',
      body: draft,
      ifMatch: version,
    });
  }

  /** Merges `mergedId` into the survivor, each at the version the supervisor saw. */
  mergeSubjects(
    kind: SubjectType,
    { survivorId, survivorVersion, ...body }: RequestOf<typeof mergePersons>,
  ) {
    return this.call<SubjectRecord>(
      `/${SUBJECT_COLLECTIONS[kind]}/${encodeURIComponent(survivorId)}/merge`,
      { method: 'POST', body, ifMatch: survivorVersion },
    );
  }

  unmergeSubjects(
    kind: SubjectType,
    { survivorId, survivorVersion, ...body }: RequestOf<typeof unmergePersons>,
  ) {
    return this.call<{ survivor: SubjectRecord; restored: SubjectRecord }>(
      `/${SUBJECT_COLLECTIONS[kind]}/${encodeURIComponent(survivorId)}/unmerge`,
      { method: 'POST', body, ifMatch: survivorVersion },
    );
  }

  createCompany(request: RequestOf<typeof createCompany>) {
    return this.call<ReplyOf<typeof createCompany>>('/companies', {
      method: 'POST',
      body: request,
    });
  }

  createConveyance(request: RequestOf<typeof createConveyance>) {
    return this.call<ReplyOf<typeof createConveyance>>('/conveyances', {
      method: 'POST',
      body: request,
    });
  }

  listAlerts({ subject, activeOnly }: RequestOf<typeof listAlerts>) {
    return this.call<ReplyOf<typeof listAlerts>>('/alerts', {
      query: { ...subject, activeOnly },
    });
  }

  getAlert({ id }: RequestOf<typeof getAlert>) {
    return this.call<ReplyOf<typeof getAlert>>(`/alerts/${encodeURIComponent(id)}`);
  }

  raiseAlert(request: RequestOf<typeof raiseAlert>) {
    return this.call<ReplyOf<typeof raiseAlert>>('/alerts', { method: 'POST', body: request });
  }

  updateAlert({ id, version, draft }: RequestOf<typeof updateAlert>) {
    return this.call<ReplyOf<typeof updateAlert>>(`/alerts/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body: draft,
      ifMatch: version,
    });
  }

  withdrawAlert({ id, version }: RequestOf<typeof withdrawAlert>) {
    return this.call<ReplyOf<typeof withdrawAlert>>(`/alerts/${encodeURIComponent(id)}/withdraw`, {
      method: 'POST',
      body: {},
      ifMatch: version,
    });
  }

  /** A subject's network of cases and subjects, two hops out by default. */
  caseLinks({ subject, depth, casesPerHop }: RequestOf<typeof getCaseLinks>) {
    return this.call<ReplyOf<typeof getCaseLinks>>(
      `/links/${subject.subjectType}/${encodeURIComponent(subject.subjectId)}`,
      { query: { depth, casesPerHop } },
    );
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

  // Exchange, administration and audit (the exchange, admin and audit screens).

  /**
   * Sends a case file to import (multipart: `dryRun` first, then the part `file`, as the gateway
   * reads it): a dry run answers the report, a real run the job to poll.
   */
  importCases(file: File, dryRun: boolean) {
    const form = new FormData();
    form.append('dryRun', String(dryRun));
    form.append('file', file, file.name);
    return this.send('/cases/imports', { method: 'POST', form }).then(
      (response) => response.json() as Promise<CaseImport>,
    );
  }

  getCaseImport(importId: string) {
    return this.call<CaseImport>(`/cases/imports/${encodeURIComponent(importId)}`);
  }

  /**
   * Starts an export: the gateway records it and streams the file in the same answer. What comes
   * back at once is the export's id (from `Content-Location`, to follow its record) and the file
   * name; `file()` reads the rest of the stream (the token went with the request: no plain link
   * could fetch it).
   */
  async exportCases(request: RequestOf<typeof startCaseExport>, purpose: string) {
    const response = await this.send('/cases/exports', { method: 'POST', body: request, purpose });
    const location = response.headers.get('content-location') ?? '';
    const exportId = decodeURIComponent(location.split('/').pop() ?? '');
    const fileName =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
      `cases-export-${exportId}.${request.format}`;
    return { exportId, fileName, file: () => response.blob() };
  }

  getCaseExport(exportId: string) {
    return this.call<ReplyOf<typeof getCaseExport>>(
      `/cases/exports/${encodeURIComponent(exportId)}`,
    );
  }

  referenceEntry({ list, code }: Omit<RequestOf<typeof getReferenceEntry>, 'language'>) {
    return this.call<ReplyOf<typeof getReferenceEntry>>(
      `/reference/${list}/${encodeURIComponent(code)}`,
    );
  }

  createReferenceEntry({ list, ...body }: RequestOf<typeof createReferenceEntry>) {
    return this.call<ReplyOf<typeof createReferenceEntry>>(`/reference/${list}`, {
      method: 'POST',
      body,
    });
  }

  updateReferenceEntry({ list, code, version, ...body }: RequestOf<typeof updateReferenceEntry>) {
    return this.call<ReplyOf<typeof updateReferenceEntry>>(
      `/reference/${list}/${encodeURIComponent(code)}`,
      { method: 'PATCH', body, ifMatch: version },
    );
  }

  deprecateReferenceEntry({
    list,
    code,
    version,
    ...body
  }: RequestOf<typeof deprecateReferenceEntry>) {
    return this.call<ReplyOf<typeof deprecateReferenceEntry>>(
      `/reference/${list}/${encodeURIComponent(code)}/deprecate`,
      { method: 'POST', body, ifMatch: version },
    );
  }

  listUsers(request: Partial<RequestOf<typeof listUsers>> = {}) {
    return this.call<ReplyOf<typeof listUsers>>('/users', { query: request as Query });
  }

  getUser({ id }: RequestOf<typeof getUser>) {
    return this.call<ReplyOf<typeof getUser>>(`/users/${encodeURIComponent(id)}`);
  }

  createUser(request: RequestOf<typeof createUser>) {
    return this.call<ReplyOf<typeof createUser>>('/users', { method: 'POST', body: request });
  }

  /** One of the user changes of the gateway (`/users/:id/<action>`), answered with the user. */
  changeUser(action: UserChange, id: string, body: Record<string, unknown> = {}) {
    return this.call<ReplyOf<typeof getUser>>(`/users/${encodeURIComponent(id)}/${action}`, {
      // Replacing a field is a PUT, an action a POST (as the gateway's routes declare).
      method: action === 'roles' || action === 'office' || action === 'clearance' ? 'PUT' : 'POST',
      body,
    });
  }

  auditRecordTrail({
    kind,
    id,
    ...query
  }: Partial<RequestOf<typeof auditRecordTrail>> &
    Pick<RequestOf<typeof auditRecordTrail>, 'kind' | 'id'>) {
    return this.call<ReplyOf<typeof auditRecordTrail>>(
      `/audit/records/${kind}/${encodeURIComponent(id)}`,
      { query: query as Query },
    );
  }

  auditUserActivity({
    sub,
    ...query
  }: Partial<RequestOf<typeof auditUserActivity>> &
    Pick<RequestOf<typeof auditUserActivity>, 'sub'>) {
    return this.call<ReplyOf<typeof auditUserActivity>>(`/audit/users/${encodeURIComponent(sub)}`, {
      query: query as Query,
    });
  }

  /** One range of the chain (the first by default); the reply's nextFrom says where the next starts. */
  verifyAuditChain(range: Partial<RequestOf<typeof verifyAuditChain>> = {}) {
    return this.call<ReplyOf<typeof verifyAuditChain>>('/audit/verify', {
      method: 'POST',
      body: range,
    });
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
