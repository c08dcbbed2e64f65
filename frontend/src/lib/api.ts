import {
  ApiKeysClient,
  AuditClient,
  CostsClient,
  AuthClient,
  AutomationsClient,
  BillsClient,
  BroadcastsClient,
  CannedRepliesClient,
  ConversationsClient,
  CustomersClient,
  DemoClient,
  DiagnosticsClient,
  GroupsClient,
  MediaClient,
  MessagesClient,
  ProvidersClient,
  StatsClient,
  SubscriptionsClient,
  TemplatesClient,
  TicketsClient,
  UsersClient,
} from '../api/client';

export { toApiError, statusOf, splitFieldErrors, formErrorsFor, loadProblem, type ApiError, type FormProblem } from './apiErrors';

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called when any API call (other than sign-in and "who am I") answers 401: the session has expired. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const quietPaths = ['/api/auth/login', '/api/auth/me'];

/** The fetch the generated clients use: same-origin cookies (the auth cookie is HttpOnly), 401s reported. */
export const apiHttp = {
  async fetch(url: RequestInfo, init?: RequestInit): Promise<Response> {
    const response = await window.fetch(url, { ...init, credentials: 'same-origin' });
    if (response.status === 401) {
      const path = typeof url === 'string' ? url : url.url;
      if (!quietPaths.some((p) => path.startsWith(p))) unauthorizedListeners.forEach((l) => l());
    }
    return response;
  },
};

// baseUrl '' : the SPA is served by the backend (or proxied by Vite), so every call is same-origin.
export const authClient = new AuthClient('', apiHttp);
export const usersClient = new UsersClient('', apiHttp);
export const providersClient = new ProvidersClient('', apiHttp);
export const templatesClient = new TemplatesClient('', apiHttp);
export const messagesClient = new MessagesClient('', apiHttp);
export const customersClient = new CustomersClient('', apiHttp);
export const groupsClient = new GroupsClient('', apiHttp);
export const automationsClient = new AutomationsClient('', apiHttp);
export const apiKeysClient = new ApiKeysClient('', apiHttp);
export const auditClient = new AuditClient('', apiHttp);
export const costsClient = new CostsClient('', apiHttp);
export const billsClient = new BillsClient('', apiHttp);
export const subscriptionsClient = new SubscriptionsClient('', apiHttp);
export const ticketsClient = new TicketsClient('', apiHttp);
export const diagnosticsClient = new DiagnosticsClient('', apiHttp);
export const broadcastsClient = new BroadcastsClient('', apiHttp);
export const statsClient = new StatsClient('', apiHttp);
export const conversationsClient = new ConversationsClient('', apiHttp);
export const mediaClient = new MediaClient('', apiHttp);
export const cannedRepliesClient = new CannedRepliesClient('', apiHttp);
export const demoClient = new DemoClient('', apiHttp);
