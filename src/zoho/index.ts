// Public API of the Zoho bulk-API client (no VS Code dependency).
export * from './types';
export { DATA_CENTERS, ENVIRONMENTS, checkApiBase, dataCenterOf, endpointsFor, isLoopback, isZohoApiHost, isZohoHostName } from './dataCenters';
export type { ApiBaseCheck, DataCenter, DataCenterEndpoints, Environment } from './dataCenters';
export { parseLosslessJson, prettyJson } from './json';
export { normaliseStatus } from './status';
export { ZohoError, describeError, errorFromBody, errorFromResponse, errorFromTransport } from './errors';
export type { ErrorContext, HeadersLike, TransportContext, ZohoErrorInit } from './errors';
export { formatMessage, plainMessage } from './errorMessages';
export type { MessageContext, PlainMessage } from './errorMessages';
export { redactSecrets, redactValue } from './redact';
export { parseRetryAfter } from './retryAfter';
export { defaultValueText, parseJob, parseReadJob, parseWriteJob } from './parse';
export { ZohoHttp } from './http';
export type { FetchInitLike, FetchLike, FetchResponseLike, HttpOptions, JsonResponse, LogFn, RequestOptions, RetryOptions } from './http';
export { DEFAULT_VERSION, SUPPORTED_VERSIONS, ZohoClient, isValidJobId } from './client';
export type { ZohoClientOptions } from './client';
export { staticTokenProvider } from './tokenProvider';
export type { TokenProvider } from './tokenProvider';
